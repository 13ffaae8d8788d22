-- Saved views of the customer list: a name and the list query it recalls (search, status,
-- sort and the advanced filters), kept as the JSON the list command parses, so a view saved
-- before a filter was added still opens, and one the parser now refuses says which field.

CREATE TABLE saved_views (
    id         INTEGER PRIMARY KEY,
    -- Unique whatever the case: "Owing" and "owing" would be the same view to a cashier.
    name       TEXT    NOT NULL UNIQUE COLLATE NOCASE CHECK (length(trim(name)) BETWEEN 1 AND 50),
    query      TEXT    NOT NULL CHECK (json_valid(query)),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
