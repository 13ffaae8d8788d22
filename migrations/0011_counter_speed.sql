-- The counter at speed (issue 12, at a million customers and five million payments).
--
-- A customer's statement (1,000 entries in <= 5 ms): each entry read two rows spread over their
-- tables — the movement, then its payment through the payments' id index — some 3,000 page reads
-- for 1,000 entries, 28 ms measured. From the first two indexes below a statement is read as one
-- range of each, a few dozen pages. Each is the size of most of its table; a payment writes one
-- entry to each.

-- A customer's movements in order with everything the statement shows. It extends (and so
-- replaces) balance_movements_by_customer.
DROP INDEX balance_movements_by_customer;
CREATE INDEX balance_movements_statement ON balance_movements
    (customer_id, seq, at, kind, change_cents, balance_after_cents, by_name, payment_id);

-- A customer's payments with what a statement line shows of each (its receipt, method and
-- reference), side by side: the statement joins on customer and id.
CREATE INDEX payments_statement ON payments
    (customer_id, id, receipt_number, method, transaction_id, reference);

-- The X and Z reports sum a shift's payments by kind and method: with the amount in the index
-- they read one range of it, not each payment's row (a Z report tallies twice: to close, then
-- to show). It extends (and so replaces) payments_by_shift.
DROP INDEX payments_by_shift;
CREATE INDEX payments_by_shift ON payments (shift_id, kind, method, amount_cents)
    WHERE shift_id IS NOT NULL;
