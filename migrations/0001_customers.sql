-- The customers of the business and what belongs to them.
--
-- Conventions: instants are INTEGER microseconds since the Unix epoch, UTC; money is INTEGER
-- cents (exact; SQLite has no decimal type); ids made on this device are UUIDv7 as 16-byte BLOBs.

CREATE TABLE customers (
    -- Local row number. It is not the customer's id: it keeps the many indexes small (each
    -- index entry carries it) and is the stable tie-breaker of every sort.
    seq               INTEGER PRIMARY KEY,
    id                BLOB    NOT NULL UNIQUE CHECK (length(id) = 16),
    -- The central server's integer id, once sync has created or matched the customer there.
    remote_id         INTEGER UNIQUE,
    -- Bumped by every local change; sync pushes a change against the version it was based on.
    version           INTEGER NOT NULL DEFAULT 1,
    name              TEXT    NOT NULL CHECK (length(trim(name)) BETWEEN 1 AND 50),
    -- Lower-cased by the domain, so the unique index below makes uniqueness case-insensitive.
    email             TEXT    NOT NULL CHECK (email = lower(email)),
    phone             TEXT    NOT NULL CHECK (phone GLOB '+[0-9]*' AND length(phone) <= 15),
    address           TEXT,
    status            TEXT    NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended', 'pending')),
    join_date         INTEGER NOT NULL,
    balance_cents     INTEGER NOT NULL DEFAULT 0 CHECK (balance_cents BETWEEN -9999999999 AND 9999999999),
    package           TEXT    NOT NULL DEFAULT 'Basic WiFi',
    usage_percentage  INTEGER NOT NULL DEFAULT 0 CHECK (usage_percentage BETWEEN 0 AND 100),
    device_count      INTEGER NOT NULL DEFAULT 0 CHECK (device_count >= 0),
    last_payment_date INTEGER,
    created_at        INTEGER NOT NULL,
    updated_at        INTEGER NOT NULL
);

-- One index per sort column, and one per (status filter, sort column) pair, so that every page
-- of every list is an index walk: no sort step, no table scan. Each entry ends with `seq`, which
-- is the tie-breaker the queries order by.
CREATE UNIQUE INDEX customers_by_email      ON customers (email);
CREATE INDEX customers_by_name              ON customers (name COLLATE NOCASE);
CREATE INDEX customers_by_created_at        ON customers (created_at);
CREATE INDEX customers_by_updated_at        ON customers (updated_at);
CREATE INDEX customers_by_join_date         ON customers (join_date);
CREATE INDEX customers_by_balance           ON customers (balance_cents);
CREATE INDEX customers_by_usage             ON customers (usage_percentage);
CREATE INDEX customers_by_devices           ON customers (device_count);
CREATE INDEX customers_by_last_payment      ON customers (last_payment_date);
CREATE INDEX customers_by_status            ON customers (status);
CREATE INDEX customers_by_status_name       ON customers (status, name COLLATE NOCASE);
CREATE INDEX customers_by_status_email      ON customers (status, email);
CREATE INDEX customers_by_status_created_at ON customers (status, created_at);
CREATE INDEX customers_by_status_updated_at ON customers (status, updated_at);
CREATE INDEX customers_by_status_join_date  ON customers (status, join_date);
CREATE INDEX customers_by_status_balance    ON customers (status, balance_cents);
CREATE INDEX customers_by_status_usage      ON customers (status, usage_percentage);
CREATE INDEX customers_by_status_devices    ON customers (status, device_count);
CREATE INDEX customers_by_status_last_payment ON customers (status, last_payment_date);

CREATE TABLE invoices (
    id           BLOB    PRIMARY KEY CHECK (length(id) = 16),
    customer_id  BLOB    NOT NULL REFERENCES customers (id) ON DELETE RESTRICT,
    remote_id    INTEGER UNIQUE,
    number       TEXT    NOT NULL UNIQUE,
    amount_cents INTEGER NOT NULL,
    status       TEXT    NOT NULL CHECK (status IN ('pending', 'paid', 'overdue', 'cancelled')),
    due_date     INTEGER NOT NULL,
    paid_date    INTEGER,
    notes        TEXT,
    created_at   INTEGER NOT NULL
);
CREATE INDEX invoices_by_customer        ON invoices (customer_id, created_at);

CREATE TABLE payments (
    id             BLOB    PRIMARY KEY CHECK (length(id) = 16),
    customer_id    BLOB    NOT NULL REFERENCES customers (id) ON DELETE RESTRICT,
    invoice_id     BLOB    REFERENCES invoices (id) ON DELETE SET NULL,
    remote_id      INTEGER UNIQUE,
    amount_cents   INTEGER NOT NULL,
    method         TEXT    NOT NULL,
    status         TEXT    NOT NULL CHECK (status IN ('pending', 'completed', 'failed', 'refunded')),
    transaction_id TEXT,
    payment_date   INTEGER NOT NULL,
    created_at     INTEGER NOT NULL
);
CREATE INDEX payments_by_customer        ON payments (customer_id, created_at);
CREATE INDEX payments_by_invoice         ON payments (invoice_id);

CREATE TABLE tickets (
    id              BLOB    PRIMARY KEY CHECK (length(id) = 16),
    customer_id     BLOB    NOT NULL REFERENCES customers (id) ON DELETE RESTRICT,
    remote_id       INTEGER UNIQUE,
    number          TEXT    NOT NULL UNIQUE,
    subject         TEXT    NOT NULL,
    description     TEXT    NOT NULL,
    status          TEXT    NOT NULL CHECK (status IN ('open', 'pending', 'resolved', 'closed', 'on_hold', 'in_progress')),
    priority        TEXT    NOT NULL CHECK (priority IN ('low', 'medium', 'high', 'critical')),
    category        TEXT    NOT NULL,
    resolved_at     INTEGER,
    resolved_by     TEXT,
    resolution_note TEXT,
    created_at      INTEGER NOT NULL
);
CREATE INDEX tickets_by_customer        ON tickets (customer_id, created_at);
