-- Instant search and instant totals, kept up to date by triggers so that no write path can
-- forget them (the app, an import and sync all write through the same table).

-- Substring search over name, email and phone. The trigram tokenizer makes any substring of
-- three or more characters an index look-up, case-insensitively. Contentless: the text lives
-- in `customers`; the index keeps only what it needs to find rows (`rowid` = customers.seq).
-- The phone is indexed without its `+`, so `2547…` and (after the query maps a typed `07…`
-- to `2547…`) every local form find it.
CREATE VIRTUAL TABLE customer_search USING fts5 (
    name, email, phone,
    content = '', contentless_delete = 1, tokenize = 'trigram'
);

CREATE TRIGGER customer_search_insert AFTER INSERT ON customers BEGIN
    INSERT INTO customer_search (rowid, name, email, phone)
    VALUES (NEW.seq, NEW.name, NEW.email, substr(NEW.phone, 2));
END;

CREATE TRIGGER customer_search_delete AFTER DELETE ON customers BEGIN
    DELETE FROM customer_search WHERE rowid = OLD.seq;
END;

CREATE TRIGGER customer_search_update AFTER UPDATE OF name, email, phone ON customers BEGIN
    DELETE FROM customer_search WHERE rowid = OLD.seq;
    INSERT INTO customer_search (rowid, name, email, phone)
    VALUES (NEW.seq, NEW.name, NEW.email, substr(NEW.phone, 2));
END;

-- Running totals per status: the list's total and every figure of the stats come from three
-- rows instead of a scan of every customer.
CREATE TABLE customer_counts (
    status        TEXT    PRIMARY KEY CHECK (status IN ('active', 'suspended', 'pending')),
    customers     INTEGER NOT NULL DEFAULT 0,
    balance_cents INTEGER NOT NULL DEFAULT 0,
    -- customers whose balance is above zero (they owe money)
    owing         INTEGER NOT NULL DEFAULT 0,
    usage_sum     INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;

INSERT INTO customer_counts (status, customers, balance_cents, owing, usage_sum)
SELECT s.status,
       count(c.seq),
       coalesce(sum(c.balance_cents), 0),
       coalesce(sum(c.balance_cents > 0), 0),
       coalesce(sum(c.usage_percentage), 0)
FROM (SELECT 'active' AS status UNION ALL SELECT 'suspended' UNION ALL SELECT 'pending') AS s
LEFT JOIN customers AS c ON c.status = s.status
GROUP BY s.status;

INSERT INTO customer_search (rowid, name, email, phone)
SELECT seq, name, email, substr(phone, 2) FROM customers;

CREATE TRIGGER customer_counts_insert AFTER INSERT ON customers BEGIN
    UPDATE customer_counts
    SET customers = customers + 1,
        balance_cents = balance_cents + NEW.balance_cents,
        owing = owing + (NEW.balance_cents > 0),
        usage_sum = usage_sum + NEW.usage_percentage
    WHERE status = NEW.status;
END;

CREATE TRIGGER customer_counts_delete AFTER DELETE ON customers BEGIN
    UPDATE customer_counts
    SET customers = customers - 1,
        balance_cents = balance_cents - OLD.balance_cents,
        owing = owing - (OLD.balance_cents > 0),
        usage_sum = usage_sum - OLD.usage_percentage
    WHERE status = OLD.status;
END;

CREATE TRIGGER customer_counts_update AFTER UPDATE OF status, balance_cents, usage_percentage ON customers BEGIN
    UPDATE customer_counts
    SET customers = customers - 1,
        balance_cents = balance_cents - OLD.balance_cents,
        owing = owing - (OLD.balance_cents > 0),
        usage_sum = usage_sum - OLD.usage_percentage
    WHERE status = OLD.status;
    UPDATE customer_counts
    SET customers = customers + 1,
        balance_cents = balance_cents + NEW.balance_cents,
        owing = owing + (NEW.balance_cents > 0),
        usage_sum = usage_sum + NEW.usage_percentage
    WHERE status = NEW.status;
END;
