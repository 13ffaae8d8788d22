-- What the desk tells its people about things that happened without them: a customer's status
-- changed on central, a change central refused, a conflict waiting for a person, a backup that
-- failed. Each is shown once as a desktop notification (`delivered`) and stays in the in-app
-- list until read. Written in the transaction of what it tells about.
CREATE TABLE notices (
    id          INTEGER PRIMARY KEY,
    kind        TEXT    NOT NULL
                CHECK (kind IN ('status_changed', 'sync_refused', 'sync_conflict', 'backup_failed')),
    -- Who it is about, if a customer (no foreign key: the notice outlives a deleted customer).
    customer_id BLOB    CHECK (customer_id IS NULL OR length(customer_id) = 16),
    title       TEXT    NOT NULL,
    body        TEXT    NOT NULL,
    at          INTEGER NOT NULL,
    read_at     INTEGER,
    delivered   INTEGER NOT NULL DEFAULT 0 CHECK (delivered IN (0, 1))
);
CREATE INDEX notices_newest ON notices (id DESC);
CREATE INDEX notices_undelivered ON notices (id) WHERE delivered = 0;
CREATE INDEX notices_unread ON notices (id) WHERE read_at IS NULL;

-- Which kinds the desk's people want to hear about (every kind on by default). A kind turned
-- off is not recorded at all.
CREATE TABLE notice_kinds (
    kind    TEXT    PRIMARY KEY
            CHECK (kind IN ('status_changed', 'sync_refused', 'sync_conflict', 'backup_failed')),
    enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1))
) WITHOUT ROWID;
INSERT INTO notice_kinds (kind) VALUES
    ('status_changed'), ('sync_refused'), ('sync_conflict'), ('backup_failed');
