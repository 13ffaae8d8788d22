-- One word for the central Infora service: its integer ids are `central_id` everywhere (they were
-- `remote_id`), and the sync engine's bookkeeping becomes one typed row instead of key/value
-- text with JSON inside. RENAME COLUMN carries the unique indexes along.

ALTER TABLE customers RENAME COLUMN remote_id TO central_id;
ALTER TABLE invoices  RENAME COLUMN remote_id TO central_id;
ALTER TABLE payments  RENAME COLUMN remote_id TO central_id;
ALTER TABLE tickets   RENAME COLUMN remote_id TO central_id;
ALTER TABLE outbox    RENAME COLUMN remote_id TO central_id;
ALTER TABLE sync_rejects RENAME COLUMN remote_id TO central_id;

-- The sync engine's bookkeeping: one row (id 1), each fact in a column of its own type.
CREATE TABLE sync_bookkeeping (
    id               INTEGER PRIMARY KEY CHECK (id = 1),
    -- Who signed in last, to which central service (not secret: the tokens live in the OS
    -- keychain only). All three or none (an account missing one is dropped below).
    central_url      TEXT,
    account_email    TEXT,
    account_name     TEXT,
    -- The pull's checkpoint: central's newest `updated_at` taken (instants: microseconds, UTC).
    pull_checkpoint  INTEGER,
    -- When the last full listing (which finds customers deleted on central) finished.
    last_full_pull   INTEGER,
    last_success_at  INTEGER,
    last_error       TEXT,
    -- Why central paused sync (its 402), in its words.
    paused           TEXT,
    -- Whether central answers for a customer's invoices, payments and tickets.
    related_lists    TEXT CHECK (related_lists IN ('available', 'unavailable'))
);

INSERT INTO sync_bookkeeping (id) VALUES (1);

-- What the key/value table held, carried over (an instant that does not read is dropped: the
-- next pull is then a full one, which is safe).
UPDATE sync_bookkeeping SET
    central_url     = (SELECT json_extract(value, '$.server') FROM sync_state WHERE key = 'account' AND json_valid(value)),
    account_email   = (SELECT json_extract(value, '$.email')  FROM sync_state WHERE key = 'account' AND json_valid(value)),
    account_name    = (SELECT json_extract(value, '$.name')   FROM sync_state WHERE key = 'account' AND json_valid(value)),
    pull_checkpoint = (SELECT CAST(round(unixepoch(value, 'subsec') * 1000000) AS INTEGER) FROM sync_state WHERE key = 'pull_checkpoint'),
    last_full_pull  = (SELECT CAST(round(unixepoch(value, 'subsec') * 1000000) AS INTEGER) FROM sync_state WHERE key = 'last_full_pull'),
    last_success_at = (SELECT CAST(round(unixepoch(value, 'subsec') * 1000000) AS INTEGER) FROM sync_state WHERE key = 'last_success_at'),
    last_error      = (SELECT value FROM sync_state WHERE key = 'last_error'),
    paused          = (SELECT value FROM sync_state WHERE key = 'paused'),
    related_lists   = (SELECT json_extract(value, '$') FROM sync_state WHERE key = 'related_lists' AND json_valid(value)
                       AND json_extract(value, '$') IN ('available', 'unavailable'))
WHERE id = 1;

UPDATE sync_bookkeeping SET central_url = NULL, account_email = NULL, account_name = NULL
WHERE central_url IS NULL OR account_email IS NULL OR account_name IS NULL;

DROP TABLE sync_state;
ALTER TABLE sync_bookkeeping RENAME TO sync_state;
