-- Sync with the central Infora API: the outbox of local changes, the conflicts waiting for a
-- person, the pulled records that break our rules, and the engine's own bookkeeping.
-- No table here holds a secret: the API tokens live in the OS keychain only.

-- Every local change to a customer, written in the same transaction as the change, in the
-- order made. `seq` is that order; a customer's entries are pushed one at a time, oldest first,
-- while other customers' entries proceed.
CREATE TABLE outbox (
    seq             INTEGER PRIMARY KEY,
    -- No foreign key: a deletion's entry outlives the customer's row.
    customer_id     BLOB    NOT NULL CHECK (length(customer_id) = 16),
    -- The server's id, once known (filled in when the customer's create is acknowledged).
    remote_id       INTEGER,
    operation       TEXT    NOT NULL CHECK (operation IN ('create', 'update', 'delete')),
    -- {field: {before, after}} in the store's JSON form; a create's `before` values are null.
    -- `before` is what the change was based on: the push compares it with the server's value.
    changes         TEXT    NOT NULL,
    state           TEXT    NOT NULL DEFAULT 'pending'
                            CHECK (state IN ('pending', 'in_flight', 'done', 'refused')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    last_error      TEXT,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
);
-- The open entries of one customer in order (what the push walks, and what a pull merges with).
CREATE INDEX outbox_open_by_customer ON outbox (customer_id, seq) WHERE state <> 'done';
CREATE INDEX outbox_by_state ON outbox (state, seq);

-- A field both sides changed, waiting for a person to keep theirs or ours. `field` is `*` when
-- the customer was deleted on the server while it had local changes. Values are JSON.
CREATE TABLE sync_conflicts (
    customer_id BLOB    NOT NULL CHECK (length(customer_id) = 16),
    field       TEXT    NOT NULL,
    mine        TEXT    NOT NULL,
    theirs      TEXT    NOT NULL,
    found_at    INTEGER NOT NULL,
    PRIMARY KEY (customer_id, field)
) WITHOUT ROWID;

-- Customers pulled from the server that break our rules (usage 101, an `Infinity` balance, …):
-- kept exactly as the server sent them and shown to the user, never altered to fit.
CREATE TABLE sync_rejects (
    remote_id INTEGER PRIMARY KEY,
    raw       TEXT    NOT NULL,
    problems  TEXT    NOT NULL,
    seen_at   INTEGER NOT NULL
);

-- The engine's bookkeeping: the pull checkpoint, the last success and error, why it is paused.
CREATE TABLE sync_state (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;
