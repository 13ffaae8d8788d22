-- A payment or a void taken at a desk reaches central as a change relative to central's
-- balance ("adjust"), not as an absolute value: two desks that took money for the same customer
-- while offline both count, and neither is a conflict for a person.
--
-- Central's API can only set a balance absolutely (PUT …/balance). So the push reads central's
-- balance, adds the entry's change, and writes the sum. Before it writes, it records what it read
-- (`aimed_from_cents`) and what it will write (`aimed_to_cents`), committed: after a lost answer or
-- a crash, central showing the target means the write landed; showing what was read means it did
-- not; anything else is a question for a person (see the sync crate's push).
--
-- SQLite cannot change a CHECK constraint in place: the table is rebuilt with the new operation
-- and the two columns, keeping every row and its seq (the order changes are sent in).
CREATE TABLE outbox_new (
    seq             INTEGER PRIMARY KEY,
    customer_id     BLOB    NOT NULL CHECK (length(customer_id) = 16),
    central_id      INTEGER,
    operation       TEXT    NOT NULL CHECK (operation IN ('create', 'update', 'delete', 'adjust')),
    changes         TEXT    NOT NULL,
    state           TEXT    NOT NULL DEFAULT 'pending'
                            CHECK (state IN ('pending', 'in_flight', 'done', 'refused')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    last_error      TEXT,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    aimed_from_cents INTEGER,
    aimed_to_cents   INTEGER,
    CHECK ((aimed_from_cents IS NULL) = (aimed_to_cents IS NULL)),
    CHECK (operation = 'adjust' OR aimed_from_cents IS NULL)
);
INSERT INTO outbox_new (seq, customer_id, central_id, operation, changes, state, attempts,
                        next_attempt_at, last_error, created_at, updated_at)
    SELECT seq, customer_id, central_id, operation, changes, state, attempts,
           next_attempt_at, last_error, created_at, updated_at
    FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_new RENAME TO outbox;
CREATE INDEX outbox_open_by_customer ON outbox (customer_id, seq) WHERE state <> 'done';
CREATE INDEX outbox_by_state ON outbox (state, seq);
