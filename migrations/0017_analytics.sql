-- The analytics screen at a million customers (issue 13): every chart's data in a few
-- milliseconds. Counting a million index entries for the balance bands or the usage tenths takes
-- 100 ms or more, and summing three months of payments (three million rows at that size) far
-- longer, so each figure is kept as a small tally, maintained by triggers like the per-status
-- counters of 0002 (no write path can forget them). The customers' bulk load sets the insert
-- trigger aside and adds the whole load to the tallies at once (crates/store/src/bulk.rs).
--
-- The cost on writes is kept small: one trigger per event, and the update triggers fire only
-- when the value moved to another bucket (the balance's whenever it changes: its band also
-- carries the sum). The bands' and tenths' rules are the domain's (crates/domain/src/analytics.rs,
-- which a test holds these to).

-- Customers and their balances per balance band: 0 credit (< 0), 1 settled (= 0), 2 owes up to
-- 500, 3 up to 2,000, 4 up to 5,000, 5 over 5,000 (shillings; the upper bound included).
CREATE TABLE balance_tallies (
    band          INTEGER PRIMARY KEY CHECK (band BETWEEN 0 AND 5),
    customers     INTEGER NOT NULL DEFAULT 0,
    balance_cents INTEGER NOT NULL DEFAULT 0
);

-- Customers per tenth of usage: 0 is 0–9 %, …, 9 is 90–100 %.
CREATE TABLE usage_tallies (
    decile    INTEGER PRIMARY KEY CHECK (decile BETWEEN 0 AND 9),
    customers INTEGER NOT NULL DEFAULT 0
);

-- Customers per month of their join date's UTC date (a plain date), as year × 100 + month.
CREATE TABLE join_tallies (
    month     INTEGER PRIMARY KEY,
    customers INTEGER NOT NULL DEFAULT 0
);

-- Completed payments per UTC hour of their date, source and method. By the hour, not the day,
-- so the screen can add them up into the desk's local days whatever its time zone. A desk
-- payment counts +1 and its amount; a void −1 and minus its amount (on the hour it was made).
CREATE TABLE payment_tallies (
    hour     INTEGER NOT NULL,
    source   TEXT    NOT NULL CHECK (source IN ('desk', 'central')),
    method   TEXT    NOT NULL,
    payments INTEGER NOT NULL DEFAULT 0,
    cents    INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (hour, source, method)
) WITHOUT ROWID;

INSERT INTO balance_tallies (band) VALUES (0), (1), (2), (3), (4), (5);
INSERT INTO usage_tallies (decile) VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9);

-- ---- customers ----------------------------------------------------------------------------

UPDATE balance_tallies SET customers = t.customers, balance_cents = t.cents
FROM (SELECT CASE
          WHEN balance_cents < 0 THEN 0 WHEN balance_cents = 0 THEN 1 WHEN balance_cents <= 50000 THEN 2
          WHEN balance_cents <= 200000 THEN 3 WHEN balance_cents <= 500000 THEN 4 ELSE 5 END AS band,
          count(*) AS customers, sum(balance_cents) AS cents
      FROM customers GROUP BY 1) AS t
WHERE balance_tallies.band = t.band;

UPDATE usage_tallies SET customers = t.customers
FROM (SELECT min(usage_percentage / 10, 9) AS decile, count(*) AS customers
      FROM customers GROUP BY 1) AS t
WHERE usage_tallies.decile = t.decile;

INSERT INTO join_tallies (month, customers)
SELECT CAST(strftime('%Y%m', join_date / 1000000, 'unixepoch') AS INTEGER), count(*)
FROM customers GROUP BY 1;

CREATE TRIGGER customer_tallies_insert AFTER INSERT ON customers BEGIN
    UPDATE balance_tallies
    SET customers = customers + 1, balance_cents = balance_cents + NEW.balance_cents
    WHERE band = CASE
        WHEN NEW.balance_cents < 0 THEN 0 WHEN NEW.balance_cents = 0 THEN 1
        WHEN NEW.balance_cents <= 50000 THEN 2 WHEN NEW.balance_cents <= 200000 THEN 3
        WHEN NEW.balance_cents <= 500000 THEN 4 ELSE 5 END;
    UPDATE usage_tallies SET customers = customers + 1
    WHERE decile = min(NEW.usage_percentage / 10, 9);
    INSERT INTO join_tallies (month, customers)
    VALUES (CAST(strftime('%Y%m', NEW.join_date / 1000000, 'unixepoch') AS INTEGER), 1)
    ON CONFLICT (month) DO UPDATE SET customers = customers + 1;
END;

CREATE TRIGGER customer_tallies_delete AFTER DELETE ON customers BEGIN
    UPDATE balance_tallies
    SET customers = customers - 1, balance_cents = balance_cents - OLD.balance_cents
    WHERE band = CASE
        WHEN OLD.balance_cents < 0 THEN 0 WHEN OLD.balance_cents = 0 THEN 1
        WHEN OLD.balance_cents <= 50000 THEN 2 WHEN OLD.balance_cents <= 200000 THEN 3
        WHEN OLD.balance_cents <= 500000 THEN 4 ELSE 5 END;
    UPDATE usage_tallies SET customers = customers - 1
    WHERE decile = min(OLD.usage_percentage / 10, 9);
    UPDATE join_tallies SET customers = customers - 1
    WHERE month = CAST(strftime('%Y%m', OLD.join_date / 1000000, 'unixepoch') AS INTEGER);
END;

CREATE TRIGGER customer_tallies_balance AFTER UPDATE OF balance_cents ON customers
WHEN OLD.balance_cents <> NEW.balance_cents BEGIN
    UPDATE balance_tallies
    SET customers = customers - 1, balance_cents = balance_cents - OLD.balance_cents
    WHERE band = CASE
        WHEN OLD.balance_cents < 0 THEN 0 WHEN OLD.balance_cents = 0 THEN 1
        WHEN OLD.balance_cents <= 50000 THEN 2 WHEN OLD.balance_cents <= 200000 THEN 3
        WHEN OLD.balance_cents <= 500000 THEN 4 ELSE 5 END;
    UPDATE balance_tallies
    SET customers = customers + 1, balance_cents = balance_cents + NEW.balance_cents
    WHERE band = CASE
        WHEN NEW.balance_cents < 0 THEN 0 WHEN NEW.balance_cents = 0 THEN 1
        WHEN NEW.balance_cents <= 50000 THEN 2 WHEN NEW.balance_cents <= 200000 THEN 3
        WHEN NEW.balance_cents <= 500000 THEN 4 ELSE 5 END;
END;

CREATE TRIGGER customer_tallies_usage AFTER UPDATE OF usage_percentage ON customers
WHEN min(OLD.usage_percentage / 10, 9) <> min(NEW.usage_percentage / 10, 9) BEGIN
    UPDATE usage_tallies SET customers = customers - 1
    WHERE decile = min(OLD.usage_percentage / 10, 9);
    UPDATE usage_tallies SET customers = customers + 1
    WHERE decile = min(NEW.usage_percentage / 10, 9);
END;

CREATE TRIGGER customer_tallies_joined AFTER UPDATE OF join_date ON customers
WHEN strftime('%Y%m', OLD.join_date / 1000000, 'unixepoch')
  <> strftime('%Y%m', NEW.join_date / 1000000, 'unixepoch') BEGIN
    UPDATE join_tallies SET customers = customers - 1
    WHERE month = CAST(strftime('%Y%m', OLD.join_date / 1000000, 'unixepoch') AS INTEGER);
    INSERT INTO join_tallies (month, customers)
    VALUES (CAST(strftime('%Y%m', NEW.join_date / 1000000, 'unixepoch') AS INTEGER), 1)
    ON CONFLICT (month) DO UPDATE SET customers = customers + 1;
END;

-- ---- payments -----------------------------------------------------------------------------

INSERT INTO payment_tallies (hour, source, method, payments, cents)
SELECT payment_date / 3600000000,
       CASE WHEN receipt_number IS NULL THEN 'central' ELSE 'desk' END,
       method,
       sum(CASE kind WHEN 'void' THEN -1 ELSE 1 END),
       sum(CASE kind WHEN 'void' THEN -amount_cents ELSE amount_cents END)
FROM payments WHERE status = 'completed'
GROUP BY 1, 2, 3;

CREATE TRIGGER payment_tallies_insert AFTER INSERT ON payments
WHEN NEW.status = 'completed' BEGIN
    INSERT INTO payment_tallies (hour, source, method, payments, cents)
    VALUES (NEW.payment_date / 3600000000,
            CASE WHEN NEW.receipt_number IS NULL THEN 'central' ELSE 'desk' END,
            NEW.method,
            CASE NEW.kind WHEN 'void' THEN -1 ELSE 1 END,
            CASE NEW.kind WHEN 'void' THEN -NEW.amount_cents ELSE NEW.amount_cents END)
    ON CONFLICT (hour, source, method) DO UPDATE
    SET payments = payments + excluded.payments, cents = cents + excluded.cents;
END;

CREATE TRIGGER payment_tallies_delete AFTER DELETE ON payments
WHEN OLD.status = 'completed' BEGIN
    UPDATE payment_tallies
    SET payments = payments - CASE OLD.kind WHEN 'void' THEN -1 ELSE 1 END,
        cents = cents - CASE OLD.kind WHEN 'void' THEN -OLD.amount_cents ELSE OLD.amount_cents END
    WHERE hour = OLD.payment_date / 3600000000
      AND source = CASE WHEN OLD.receipt_number IS NULL THEN 'central' ELSE 'desk' END
      AND method = OLD.method;
END;

-- A pull from central rewrites its payments (their status above all); a desk payment's row
-- never changes but for its central id, which fires nothing here.
CREATE TRIGGER payment_tallies_update
AFTER UPDATE OF status, amount_cents, method, payment_date, kind, receipt_number ON payments
WHEN (OLD.status = 'completed' OR NEW.status = 'completed')
 AND (OLD.status IS NOT NEW.status OR OLD.amount_cents <> NEW.amount_cents
      OR OLD.method IS NOT NEW.method OR OLD.payment_date <> NEW.payment_date
      OR OLD.kind IS NOT NEW.kind OR OLD.receipt_number IS NOT NEW.receipt_number) BEGIN
    UPDATE payment_tallies
    SET payments = payments - CASE OLD.kind WHEN 'void' THEN -1 ELSE 1 END,
        cents = cents - CASE OLD.kind WHEN 'void' THEN -OLD.amount_cents ELSE OLD.amount_cents END
    WHERE OLD.status = 'completed'
      AND hour = OLD.payment_date / 3600000000
      AND source = CASE WHEN OLD.receipt_number IS NULL THEN 'central' ELSE 'desk' END
      AND method = OLD.method;
    INSERT INTO payment_tallies (hour, source, method, payments, cents)
    SELECT NEW.payment_date / 3600000000,
           CASE WHEN NEW.receipt_number IS NULL THEN 'central' ELSE 'desk' END,
           NEW.method,
           CASE NEW.kind WHEN 'void' THEN -1 ELSE 1 END,
           CASE NEW.kind WHEN 'void' THEN -NEW.amount_cents ELSE NEW.amount_cents END
    WHERE NEW.status = 'completed'
    ON CONFLICT (hour, source, method) DO UPDATE
    SET payments = payments + excluded.payments, cents = cents + excluded.cents;
END;
