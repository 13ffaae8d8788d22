//! Documents a desk would print, shared by the tests and the sample renderer.
// Each test binary (and the samples example) uses some of these; fixtures may unwrap.
#![allow(dead_code, clippy::unwrap_used)]

use chrono::{DateTime, FixedOffset};
use infora_domain::Money;
use infora_print::{MethodTotal, Receipt, ShiftReport, ShiftReportKind, VoidOf, VoidTotal};

pub fn at(rfc3339: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(rfc3339).unwrap()
}

pub fn kes(raw: &str) -> Money {
    Money::parse("amount", raw).unwrap()
}

/// An M-Pesa payment from a customer whose name needs more than ASCII.
pub fn mpesa_receipt() -> Receipt {
    Receipt {
        shop_name: "Mtaani WiFi Ltd".into(),
        desk_code: "K7QF2".into(),
        number: "K7QF2-20261203-000042".into(),
        issued_at: at("2026-12-03T14:05:31+03:00"),
        customer_name: "Wanjirũ Nyambũra".into(),
        customer_phone: "+254 712 345 678".into(),
        amount: kes("1500"),
        currency: "KES".into(),
        method: "M-Pesa".into(),
        reference: Some("QK7T2M9XYZ".into()),
        note: Some("December package, 10 Mbps".into()),
        new_balance: kes("1500"),
        cashier: "Akinyi Otieno".into(),
        copy: false,
        void: None,
    }
}

/// A cash payment that leaves the customer in credit.
pub fn cash_receipt() -> Receipt {
    Receipt {
        number: "K7QF2-20261203-000043".into(),
        issued_at: at("2026-12-03T14:20:00+03:00"),
        customer_name: "Zoë Ödegaard".into(),
        customer_phone: "+254 733 000 111".into(),
        amount: kes("2520"),
        method: "Cash".into(),
        reference: None,
        note: None,
        new_balance: kes("-20"),
        ..mpesa_receipt()
    }
}

/// Every field as long as a desk could make it.
pub fn long_receipt() -> Receipt {
    Receipt {
        shop_name: "Mtaani WiFi & Cyber Services Limited, Kariobangi North Branch".into(),
        customer_name: "Wanjirũ Nyambũra Kariuki-Wambugu wa Ngũgĩ Ödegaard Mwangi".into(),
        note: Some("Paid for three months in advance; ".repeat(12)),
        amount: kes("99999999.99"),
        new_balance: kes("-99999999.99"),
        ..mpesa_receipt()
    }
}

pub fn reprint() -> Receipt {
    Receipt {
        copy: true,
        ..mpesa_receipt()
    }
}

/// The supervisor voids the M-Pesa payment.
pub fn void_receipt() -> Receipt {
    Receipt {
        number: "K7QF2-20261203-000044".into(),
        issued_at: at("2026-12-03T15:40:00+03:00"),
        customer_name: "Ngũgĩ Kamau".into(),
        new_balance: kes("0"),
        cashier: "Grace Wambui (supervisor)".into(),
        void: Some(VoidOf {
            original_number: "K7QF2-20261203-000042".into(),
            reason: "Paid to the wrong account".into(),
        }),
        ..mpesa_receipt()
    }
}

fn totals() -> Vec<MethodTotal> {
    vec![
        MethodTotal {
            method: "Cash".into(),
            count: 12,
            amount: kes("15000"),
        },
        MethodTotal {
            method: "M-Pesa".into(),
            count: 30,
            amount: kes("45500"),
        },
        MethodTotal {
            method: "Bank".into(),
            count: 1,
            amount: kes("12000"),
        },
    ]
}

pub fn x_report() -> ShiftReport {
    ShiftReport {
        kind: ShiftReportKind::X,
        number: None,
        shop_name: "Mtaani WiFi Ltd".into(),
        desk_code: "K7QF2".into(),
        cashier: "Akinyi Otieno".into(),
        opened_at: at("2026-12-03T08:00:00+03:00"),
        closed_at: None,
        printed_at: at("2026-12-03T13:10:00+03:00"),
        float: kes("5000"),
        totals: totals(),
        voids: VoidTotal {
            count: 1,
            amount: kes("1500"),
        },
        cash_expected: kes("20000"),
        counted: None,
        difference: None,
        currency: "KES".into(),
        copy: false,
    }
}

pub fn z_report() -> ShiftReport {
    ShiftReport {
        kind: ShiftReportKind::Z,
        number: Some("Z-K7QF2-0003".into()),
        closed_at: Some(at("2026-12-03T17:30:00+03:00")),
        printed_at: at("2026-12-03T17:31:00+03:00"),
        counted: Some(kes("19950")),
        difference: Some(kes("-50")),
        ..x_report()
    }
}
