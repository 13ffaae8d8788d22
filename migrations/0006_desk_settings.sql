-- How this desk shows things (desk-wide, the same for every operator): the region whose date
-- conventions the screens follow (a BCP 47 locale; Kenya writes the day first) and the colour
-- theme. One row, id 1. Values a later version may add are read back as the defaults.
CREATE TABLE desk_settings (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    region  TEXT NOT NULL DEFAULT 'en-KE',
    theme   TEXT NOT NULL DEFAULT 'system'
);

INSERT INTO desk_settings (id) VALUES (1);
