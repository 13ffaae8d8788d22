//! From the counter's records to paper: a [`Receipt`] from a desk payment (or its void) and a
//! [`ShiftReport`] from the store's X or Z report, in the desk's local time and currency.

use crate::{MethodTotal, Receipt, ShiftReport, ShiftReportKind, VoidOf, VoidTotal};
use chrono::{DateTime, FixedOffset, Utc};
use infora_domain::{DeskPayment, PaymentKind};

/// The currency every amount at the counter is in. The desk takes Kenyan shillings only; a desk
/// elsewhere would take this from its settings.
pub const CURRENCY: &str = "KES";

/// What heads every slip a desk prints: the shop's name and this desk's code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Letterhead {
    pub shop_name: String,
    pub desk_code: String,
}

/// The receipt of a payment or a void taken at the desk. `offset` is the desk's offset from
/// UTC at the payment's time (the receipt prints the time the cashier's wall clock showed);
/// `copy` marks a reprint.
pub fn receipt_of(
    payment: &DeskPayment,
    head: &Letterhead,
    offset: FixedOffset,
    copy: bool,
) -> Receipt {
    // A void's note is its reason, printed once, beside the receipt it reverses.
    let (void, note) = match payment.kind {
        PaymentKind::Payment => (None, payment.note.clone()),
        PaymentKind::Void => (
            Some(VoidOf {
                original_number: payment.voids.clone().unwrap_or_default(),
                reason: payment.note.clone().unwrap_or_default(),
            }),
            None,
        ),
    };
    Receipt {
        shop_name: head.shop_name.clone(),
        desk_code: head.desk_code.clone(),
        number: payment.receipt_number.clone(),
        issued_at: payment.taken_at.with_timezone(&offset),
        customer_name: payment.customer_name.clone(),
        customer_phone: payment.customer_phone.clone(),
        amount: payment.amount,
        currency: CURRENCY.to_owned(),
        method: payment.method.label().to_owned(),
        reference: payment.reference.clone(),
        note,
        new_balance: payment.balance_after,
        cashier: payment.operator_name.clone(),
        copy,
        void,
    }
}

/// The X report of an open shift, or the Z report of a closed one. `local` gives the desk's
/// offset from UTC at an instant (a shift may span a change of summer time); `copy` marks a
/// reprint.
pub fn shift_report_of(
    report: &infora_domain::ShiftReport,
    head: &Letterhead,
    local: impl Fn(DateTime<Utc>) -> FixedOffset,
    copy: bool,
) -> ShiftReport {
    let at = |instant: DateTime<Utc>| instant.with_timezone(&local(instant));
    let shift = &report.shift;
    let closing = shift.closing.as_ref();
    ShiftReport {
        kind: match closing {
            Some(_) => ShiftReportKind::Z,
            None => ShiftReportKind::X,
        },
        number: closing.map(|c| c.z_number.clone()),
        shop_name: head.shop_name.clone(),
        desk_code: head.desk_code.clone(),
        cashier: shift.operator_name.clone(),
        opened_at: at(shift.opened_at),
        closed_at: closing.map(|c| at(c.closed_at)),
        printed_at: at(report.as_of),
        float: shift.float,
        // The store lists every method; paper lists those that took something, so a short
        // shift makes a short slip and one with none says "No payments".
        totals: report
            .by_method
            .iter()
            .filter(|total| total.count > 0)
            .map(|total| MethodTotal {
                method: total.method.label().to_owned(),
                count: total.count,
                amount: total.amount,
            })
            .collect(),
        voids: VoidTotal {
            count: report.voids,
            amount: report.voided,
        },
        // Closed, the figure the cash-up was made against; open, the drawer so far.
        cash_expected: closing.map_or(report.expected_cash, |c| c.expected_cash),
        counted: closing.map(|c| c.counted_cash),
        difference: closing.map(|c| c.difference),
        currency: CURRENCY.to_owned(),
        copy,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, TimeZone};
    use infora_domain::{Money, PaymentMethod, Shift, ShiftClosing};

    fn kes(raw: &str) -> Money {
        Money::parse("amount", raw).unwrap()
    }

    fn head() -> Letterhead {
        Letterhead {
            shop_name: "Infora WiFi".into(),
            desk_code: "DESK1".into(),
        }
    }

    fn nairobi() -> FixedOffset {
        FixedOffset::east_opt(3 * 3600).unwrap()
    }

    fn at_utc(hour: u32, minute: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 3, hour, minute, 0).unwrap()
    }

    fn payment() -> DeskPayment {
        DeskPayment {
            id: "0193a8f0-0000-7000-8000-0000000000aa".parse().unwrap(),
            kind: PaymentKind::Payment,
            receipt_number: "DESK1-20261203-000001".into(),
            customer_id: "0193a8f0-0000-7000-8000-0000000000bb".parse().unwrap(),
            customer_name: "Wanjirũ Nyambũra".into(),
            customer_phone: "+254712345678".into(),
            amount: kes("1500"),
            method: PaymentMethod::Mpesa,
            reference: Some("SGH4K2L9XQ".into()),
            note: Some("December".into()),
            balance_after: kes("-20"),
            operator_id: "0193a8f0-0000-7000-8000-000000000001".parse().unwrap(),
            operator_name: "Akinyi".into(),
            shift_id: "0193a8f0-0000-7000-8000-0000000000cc".parse().unwrap(),
            taken_at: at_utc(11, 5),
            voids: None,
            voided_by: None,
        }
    }

    #[test]
    fn a_payment_prints_as_taken_in_local_time() {
        let receipt = receipt_of(&payment(), &head(), nairobi(), false);
        assert_eq!(
            receipt.issued_at.to_rfc3339(),
            "2026-12-03T14:05:00+03:00",
            "the receipt shows the desk's wall clock, not UTC"
        );
        assert_eq!(receipt.method, "M-Pesa", "the method as a cashier reads it");
        assert_eq!(receipt.currency, "KES");
        assert_eq!(receipt.reference.as_deref(), Some("SGH4K2L9XQ"));
        assert_eq!(receipt.note.as_deref(), Some("December"));
        assert_eq!(receipt.new_balance, kes("-20"));
        assert_eq!(receipt.cashier, "Akinyi");
        assert_eq!(
            (receipt.shop_name.as_str(), receipt.desk_code.as_str()),
            ("Infora WiFi", "DESK1")
        );
        assert!(!receipt.copy);
        assert_eq!(receipt.void, None, "a payment reverses nothing");
    }

    #[test]
    fn a_reprint_is_marked_copy() {
        assert!(receipt_of(&payment(), &head(), nairobi(), true).copy);
    }

    #[test]
    fn a_void_names_the_receipt_it_reverses_and_prints_its_reason_once() {
        let void = DeskPayment {
            kind: PaymentKind::Void,
            receipt_number: "DESK1-20261203-000002".into(),
            note: Some("Wrong customer".into()),
            voids: Some("DESK1-20261203-000001".into()),
            ..payment()
        };
        let receipt = receipt_of(&void, &head(), nairobi(), false);
        assert_eq!(
            receipt.void,
            Some(VoidOf {
                original_number: "DESK1-20261203-000001".into(),
                reason: "Wrong customer".into(),
            })
        );
        assert_eq!(
            receipt.note, None,
            "the reason is printed as the void's reason, not again as a note"
        );
        assert_eq!(receipt.number, "DESK1-20261203-000002");
    }

    fn shift() -> Shift {
        Shift {
            id: "0193a8f0-0000-7000-8000-0000000000cc".parse().unwrap(),
            operator_id: "0193a8f0-0000-7000-8000-000000000001".parse().unwrap(),
            operator_name: "Akinyi".into(),
            opened_at: at_utc(5, 0),
            float: kes("2000"),
            closing: None,
        }
    }

    fn report(shift: Shift) -> infora_domain::ShiftReport {
        let total = |method, count, amount| infora_domain::MethodTotal {
            method,
            count,
            amount: kes(amount),
        };
        infora_domain::ShiftReport {
            shift,
            by_method: vec![
                total(PaymentMethod::Cash, 2, "1500"),
                total(PaymentMethod::Mpesa, 1, "500.50"),
                total(PaymentMethod::Bank, 0, "0"),
                total(PaymentMethod::Card, 0, "0"),
                total(PaymentMethod::Other, 0, "0"),
            ],
            voids: 1,
            voided: kes("1000"),
            net: kes("1000.50"),
            expected_cash: kes("2500"),
            as_of: at_utc(12, 0),
        }
    }

    #[test]
    fn an_open_shift_makes_an_x_report_of_the_methods_that_took_money() {
        let x = shift_report_of(&report(shift()), &head(), |_| nairobi(), false);
        assert_eq!(x.kind, ShiftReportKind::X);
        assert_eq!(x.number, None, "an X report has no number");
        assert_eq!((x.closed_at, x.counted, x.difference), (None, None, None));
        assert_eq!(
            x.totals,
            vec![
                MethodTotal {
                    method: "Cash".into(),
                    count: 2,
                    amount: kes("1500")
                },
                MethodTotal {
                    method: "M-Pesa".into(),
                    count: 1,
                    amount: kes("500.50")
                },
            ],
            "methods with nothing taken are left off the slip"
        );
        assert_eq!(
            x.voids,
            VoidTotal {
                count: 1,
                amount: kes("1000")
            }
        );
        assert_eq!(x.cash_expected, kes("2500"));
        assert_eq!(x.float, kes("2000"));
        assert_eq!(x.opened_at.to_rfc3339(), "2026-12-03T08:00:00+03:00");
        assert_eq!(x.printed_at.to_rfc3339(), "2026-12-03T15:00:00+03:00");
        assert_eq!(x.cashier, "Akinyi");
    }

    #[test]
    fn a_closed_shift_makes_its_numbered_z_report_with_the_count() {
        let closed = Shift {
            closing: Some(ShiftClosing {
                closed_at: at_utc(14, 0),
                closed_by: "Akinyi".into(),
                z_number: "Z-DESK1-0001".into(),
                expected_cash: kes("2500"),
                counted_cash: kes("2450"),
                difference: kes("-50"),
            }),
            ..shift()
        };
        let z = shift_report_of(&report(closed), &head(), |_| nairobi(), true);
        assert_eq!(z.kind, ShiftReportKind::Z);
        assert_eq!(z.number.as_deref(), Some("Z-DESK1-0001"));
        assert_eq!(
            z.closed_at.map(|c| c.to_rfc3339()).as_deref(),
            Some("2026-12-03T17:00:00+03:00")
        );
        assert_eq!(z.counted, Some(kes("2450")));
        assert_eq!(z.difference, Some(kes("-50")), "short by 50");
        assert!(z.copy);
    }

    #[test]
    fn each_instant_takes_the_offset_of_its_own_time() {
        // A shift across a change of summer time: opened at +01:00, printed at +02:00.
        let change = at_utc(9, 0);
        let local = |at: DateTime<Utc>| {
            let hours = if at < change { 1 } else { 2 };
            FixedOffset::east_opt(hours * 3600).unwrap()
        };
        let x = shift_report_of(&report(shift()), &head(), local, false);
        assert_eq!(x.opened_at.offset().local_minus_utc(), 3600);
        assert_eq!(x.printed_at.offset().local_minus_utc(), 7200);
        assert_eq!(x.printed_at - x.opened_at, Duration::hours(7));
    }
}
