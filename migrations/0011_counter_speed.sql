-- A customer's statement at speed (issue 12: 1,000 entries in ≤ 5 ms at a million customers and
-- five million payments). Each entry read two rows spread over their tables — the movement, then
-- its payment through the payments' id index — some 3,000 page reads for 1,000 entries, 28 ms
-- measured. From these two indexes a statement is read as one range of each, a few dozen pages:
-- about 1.3 ms. Each is the size of most of its table; a payment writes one entry to each.

-- A customer's movements in order with everything the statement shows. It extends (and so
-- replaces) balance_movements_by_customer.
DROP INDEX balance_movements_by_customer;
CREATE INDEX balance_movements_statement ON balance_movements
    (customer_id, seq, at, kind, change_cents, balance_after_cents, by_name, payment_id);

-- A customer's payments with what a statement line shows of each (its receipt, method and
-- reference), side by side: the statement joins on customer and id.
CREATE INDEX payments_statement ON payments
    (customer_id, id, receipt_number, method, transaction_id, reference);
