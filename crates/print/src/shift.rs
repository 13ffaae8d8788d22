//! The shift's reports: the X report (mid-shift totals) and the Z report (the closing cash-up).

use crate::font::Weight;
use crate::format;
use crate::layout::{Rule, Size, Slip};
use chrono::{DateTime, FixedOffset};
use infora_domain::Money;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShiftReportKind {
    /// Mid-shift: totals so far; the shift stays open.
    X,
    /// The closing report: numbered, final.
    Z,
}

/// Payments taken by one method during the shift.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MethodTotal {
    /// As on the receipts: `Cash`, `M-Pesa`, `Bank`, `Card`, `Other`.
    pub method: String,
    pub count: u32,
    pub amount: Money,
}

/// The payments voided during the shift.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VoidTotal {
    pub count: u32,
    /// The amount the voids took back (printed as a reversal, whatever its sign here).
    pub amount: Money,
}

/// Everything an X or Z report prints; the store computes the numbers, this crate only lays
/// them out (it adds up the method rows for the total line, nothing else).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShiftReport {
    pub kind: ShiftReportKind,
    /// The Z report's number, e.g. `Z-K7QF2-0003`; an X report has none.
    pub number: Option<String>,
    pub shop_name: String,
    pub desk_code: String,
    /// The operator whose shift it is.
    pub cashier: String,
    pub opened_at: DateTime<FixedOffset>,
    pub closed_at: Option<DateTime<FixedOffset>>,
    pub printed_at: DateTime<FixedOffset>,
    /// The cash the drawer started with.
    pub float: Money,
    /// One row per method, in the order to print them.
    pub totals: Vec<MethodTotal>,
    pub voids: VoidTotal,
    /// The cash that should be in the drawer.
    pub cash_expected: Money,
    /// The cash counted at closing.
    pub counted: Option<Money>,
    /// Counted minus expected: negative is short, positive is over.
    pub difference: Option<Money>,
    pub currency: String,
    /// A reprint: marked COPY.
    pub copy: bool,
}

impl ShiftReport {
    pub(crate) fn title(&self) -> String {
        let copy = if self.copy { " (copy)" } else { "" };
        match (self.kind, &self.number) {
            (ShiftReportKind::Z, Some(number)) => format!("Z report {number}{copy}"),
            (ShiftReportKind::Z, None) => format!("Z report, desk {}{copy}", self.desk_code),
            (ShiftReportKind::X, _) => format!(
                "X report, desk {}, {}{copy}",
                self.desk_code,
                format::date_time(self.printed_at)
            ),
        }
    }

    pub(crate) fn slip(&self) -> Slip {
        let money = |amount: Money| format::money(amount, &self.currency);
        let mut slip = Slip::default();
        slip.centred(&self.shop_name, Size::Heading, Weight::Bold, 2);
        slip.centred(
            &format!("Desk {}", self.desk_code),
            Size::Small,
            Weight::Regular,
            1,
        );
        slip.gap();
        match self.kind {
            ShiftReportKind::X => {
                slip.centred("X REPORT", Size::Heading, Weight::Bold, 1);
                slip.centred(
                    "Mid-shift totals - the shift stays open",
                    Size::Small,
                    Weight::Regular,
                    2,
                );
            }
            ShiftReportKind::Z => {
                slip.centred("Z REPORT", Size::Heading, Weight::Bold, 1);
                slip.centred(
                    "Shift closed - final report",
                    Size::Small,
                    Weight::Regular,
                    2,
                );
            }
        }
        if self.copy {
            slip.banner("COPY", false);
        }
        slip.rule(Rule::Dashed);

        if let Some(number) = &self.number {
            slip.pair("Report", number, Weight::Bold, 2);
        }
        slip.pair("Cashier", &self.cashier, Weight::Regular, 2);
        slip.pair(
            "Opened",
            &format::date_time(self.opened_at),
            Weight::Regular,
            1,
        );
        if let Some(closed_at) = self.closed_at {
            slip.pair("Closed", &format::date_time(closed_at), Weight::Regular, 1);
        }
        slip.pair(
            "Printed",
            &format::date_time(self.printed_at),
            Weight::Regular,
            1,
        );
        slip.rule(Rule::Dashed);

        slip.text("PAYMENTS BY METHOD", Size::Body, Weight::Bold, 1);
        if self.totals.is_empty() {
            slip.text("No payments", Size::Small, Weight::Regular, 1);
        }
        let mut count: u64 = 0;
        let mut cents: i128 = 0;
        for total in &self.totals {
            slip.pair(
                &format!("{} ({})", total.method, total.count),
                &money(total.amount),
                Weight::Regular,
                1,
            );
            count += u64::from(total.count);
            cents += i128::from(total.amount.cents());
        }
        slip.pair(
            &format!("Total ({count})"),
            &format::cents(cents, &self.currency),
            Weight::Bold,
            1,
        );
        let voided = i128::from(self.voids.amount.cents()).abs();
        slip.pair(
            &format!("Voids ({})", self.voids.count),
            &format::cents(-voided, &self.currency),
            Weight::Regular,
            1,
        );
        slip.rule(Rule::Dashed);

        slip.text("CASH DRAWER", Size::Body, Weight::Bold, 1);
        slip.pair("Float", &money(self.float), Weight::Regular, 1);
        slip.pair("Expected", &money(self.cash_expected), Weight::Bold, 1);
        if let Some(counted) = self.counted {
            slip.pair("Counted", &money(counted), Weight::Bold, 1);
        }
        if let Some(difference) = self.difference {
            slip.rule(Rule::Double);
            slip.total("DIFFERENCE", &money(difference));
            let abs = format::cents(i128::from(difference.cents()).abs(), &self.currency);
            let verdict = match difference.cents().signum() {
                -1 => format!("Short by {abs}"),
                1 => format!("Over by {abs}"),
                _ => "The cash balances".to_owned(),
            };
            slip.centred(&verdict, Size::Body, Weight::Bold, 1);
            slip.rule(Rule::Double);
        }

        if self.kind == ShiftReportKind::Z {
            slip.gap();
            slip.pair(
                "Cashier signature",
                "..................",
                Weight::Regular,
                1,
            );
            slip.pair("Supervisor", "..................", Weight::Regular, 1);
        }
        slip.rule(Rule::Dashed);
        if self.copy {
            slip.centred("COPY - reprint", Size::Small, Weight::Bold, 1);
        } else if self.kind == ShiftReportKind::Z {
            slip.centred(
                "This report cannot be changed",
                Size::Small,
                Weight::Regular,
                1,
            );
        }
        slip
    }
}
