-- The cashier's counter: this desk's receipt series, payments taken here and their voids, the
-- shifts they belong to, and each customer's statement of balance movements.

-- This desk's identity. `code` is printed in every receipt number and chosen at random once, at
-- the first start (30^5 ≈ 24 million codes: two desks of one shop sharing one is about as likely
-- as a lottery win, and the receipt numbers would still differ by date and sequence in practice).
-- The counters are gapless: each is taken and bumped in the transaction that uses it, so a
-- rolled-back payment gives its number back.
CREATE TABLE desk_identity (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    code         TEXT    NOT NULL CHECK (length(code) BETWEEN 3 AND 8),
    next_receipt INTEGER NOT NULL DEFAULT 1,
    next_z       INTEGER NOT NULL DEFAULT 1
);

INSERT INTO desk_identity (id, code)
SELECT 1, group_concat(substr('23456789ABCDEFGHJKMNPQRSTVWXYZ', 1 + abs(random()) % 30, 1), '')
FROM (SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5);

-- A cashier's shift. At most one is open at a time: the desk has one cash drawer. A closed
-- shift (its Z report) never changes again.
CREATE TABLE shifts (
    seq            INTEGER PRIMARY KEY,
    id             BLOB    NOT NULL UNIQUE CHECK (length(id) = 16),
    operator_id    BLOB    NOT NULL CHECK (length(operator_id) = 16),
    operator_name  TEXT    NOT NULL,
    opened_at      INTEGER NOT NULL,
    float_cents    INTEGER NOT NULL CHECK (float_cents >= 0),
    closed_at      INTEGER,
    closed_by      TEXT,
    z_number       TEXT    UNIQUE,
    expected_cents INTEGER,
    counted_cents  INTEGER CHECK (counted_cents >= 0),
    CHECK ((closed_at IS NULL) = (z_number IS NULL))
);
CREATE UNIQUE INDEX shifts_one_open ON shifts ((closed_at IS NULL)) WHERE closed_at IS NULL;

CREATE TRIGGER shifts_closed_are_final BEFORE UPDATE ON shifts WHEN old.closed_at IS NOT NULL BEGIN
    SELECT RAISE(ABORT, 'a closed shift cannot be changed');
END;

CREATE TRIGGER shifts_no_delete BEFORE DELETE ON shifts BEGIN
    SELECT RAISE(ABORT, 'shifts are never deleted');
END;

-- Payments taken at this desk sit beside those pulled from central, in `payments`: the
-- customer's payments tab lists both. Rows from central leave these columns null.
ALTER TABLE payments ADD COLUMN kind TEXT NOT NULL DEFAULT 'payment' CHECK (kind IN ('payment', 'void'));
ALTER TABLE payments ADD COLUMN receipt_number TEXT;
ALTER TABLE payments ADD COLUMN reference TEXT;
ALTER TABLE payments ADD COLUMN note TEXT;
ALTER TABLE payments ADD COLUMN customer_name TEXT;
ALTER TABLE payments ADD COLUMN customer_phone TEXT;
ALTER TABLE payments ADD COLUMN balance_after_cents INTEGER;
ALTER TABLE payments ADD COLUMN operator_id BLOB;
ALTER TABLE payments ADD COLUMN operator_name TEXT;
ALTER TABLE payments ADD COLUMN shift_id BLOB;
-- A void names the payment it reverses; a payment is voided at most once.
ALTER TABLE payments ADD COLUMN voids BLOB;

CREATE UNIQUE INDEX payments_by_receipt ON payments (receipt_number) WHERE receipt_number IS NOT NULL;
CREATE UNIQUE INDEX payments_one_void ON payments (voids) WHERE voids IS NOT NULL;
-- The X and Z reports sum a shift's payments by kind and method.
CREATE INDEX payments_by_shift ON payments (shift_id, kind, method) WHERE shift_id IS NOT NULL;

-- A payment taken here is never edited: only central's link to it (remote_id) may be set later.
CREATE TRIGGER desk_payments_are_final
BEFORE UPDATE OF customer_id, amount_cents, method, status, transaction_id, payment_date, kind,
                 receipt_number, reference, note, balance_after_cents, operator_id, shift_id, voids
ON payments WHEN old.receipt_number IS NOT NULL BEGIN
    SELECT RAISE(ABORT, 'a payment taken at the desk is never edited; void it instead');
END;

-- The M-Pesa codes of this desk's payments that stand (not voided): the same code twice is
-- refused. A void frees its payment's code, so a payment taken for the wrong customer can be
-- voided and taken again for the right one.
CREATE TABLE mpesa_codes (
    code       TEXT PRIMARY KEY CHECK (length(code) = 10),
    payment_id BLOB NOT NULL CHECK (length(payment_id) = 16)
) WITHOUT ROWID;

-- Every movement of a customer's balance, with the balance after it: a customer's statement.
-- Written in the transaction that moves the balance, by the one function that writes balances.
-- A customer with no entry has not moved since it was created or pulled, so the statement opens
-- at the balance before its first entry. Append-only, and it outlives the customer.
CREATE TABLE balance_movements (
    seq                 INTEGER PRIMARY KEY,
    customer_id         BLOB    NOT NULL CHECK (length(customer_id) = 16),
    at                  INTEGER NOT NULL,
    kind                TEXT    NOT NULL CHECK (kind IN ('payment', 'void', 'set')),
    change_cents        INTEGER NOT NULL,
    balance_after_cents INTEGER NOT NULL,
    by_name             TEXT    NOT NULL,
    payment_id          BLOB
);
CREATE INDEX balance_movements_by_customer ON balance_movements (customer_id, seq);

CREATE TRIGGER balance_movements_no_update BEFORE UPDATE ON balance_movements BEGIN
    SELECT RAISE(ABORT, 'the statement is append-only');
END;

CREATE TRIGGER balance_movements_no_delete BEFORE DELETE ON balance_movements BEGIN
    SELECT RAISE(ABORT, 'the statement is append-only');
END;
