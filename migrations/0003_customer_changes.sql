-- The audit trail: every change to a customer, who made it, when, and each field's value
-- before and after. Append-only: rows are never updated or deleted, and outlive the customer.

CREATE TABLE customer_changes (
    seq         INTEGER PRIMARY KEY,
    customer_id BLOB    NOT NULL CHECK (length(customer_id) = 16),
    at          INTEGER NOT NULL,
    actor       TEXT    NOT NULL,
    action      TEXT    NOT NULL CHECK (action IN ('created', 'updated', 'deleted')),
    -- An update: {"field": {"before": …, "after": …}, …}, values as the API shows them (money
    -- as text). A deletion: the last values, {"field": value, …}. A creation: {} — the initial
    -- values are the current row with every later change undone (each update keeps its
    -- "before"), so they are not stored twice; a million-row import stays small and fast.
    changes     TEXT    NOT NULL CHECK (json_valid(changes))
);
CREATE INDEX customer_changes_by_customer ON customer_changes (customer_id, seq);

CREATE TRIGGER customer_changes_no_update BEFORE UPDATE ON customer_changes BEGIN
    SELECT RAISE(ABORT, 'the audit trail is append-only');
END;

CREATE TRIGGER customer_changes_no_delete BEFORE DELETE ON customer_changes BEGIN
    SELECT RAISE(ABORT, 'the audit trail is append-only');
END;
