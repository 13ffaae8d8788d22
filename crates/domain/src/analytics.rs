//! The analytics screen's figures: who joined when, the status mix, who owes how much, how much
//! of their allowance customers use, what was paid per day and by which method, and who owes
//! most. The buckets are defined here once; the store keeps a tally per bucket (migration 0017)
//! and its bulk loads add to the tallies with these same rules.

use crate::{CustomerId, CustomerName, CustomerStatus, FieldError, Money, Phone, Rule};
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::Serialize;
use ts_rs::TS;

/// Every figure of the analytics screen, read at one instant (one read transaction: the
/// statuses, buckets and months all add up to `customers`).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Analytics {
    #[ts(type = "string")]
    pub as_of: DateTime<Utc>,
    /// The desk's local date at `as_of`: the last day of the payments and the last month of
    /// the joins.
    #[ts(type = "string")]
    pub today: NaiveDate,
    pub customers: u64,
    /// Active, suspended, pending: always the three, in that order.
    pub statuses: Vec<StatusCount>,
    /// The last 24 months ([`Analytics::MONTHS`]) by join date, oldest first, this month last;
    /// months nobody joined in are there with zero.
    pub joined: Vec<MonthCount>,
    /// Every balance band, from credit to the largest debts, in that order.
    pub balances: Vec<BalanceBucket>,
    /// Usage in tenths: 0–9 %, 10–19 %, …, 90–100 %.
    pub usage: Vec<UsageBucket>,
    pub payments: PaymentFigures,
    /// The 10 largest balances owed ([`Analytics::TOP_DEBTORS`]), largest first.
    pub top_debtors: Vec<Debtor>,
}

impl Analytics {
    /// Months of joins shown.
    pub const MONTHS: u32 = 24;
    /// Debtors listed.
    pub const TOP_DEBTORS: u32 = 10;
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct StatusCount {
    pub status: CustomerStatus,
    pub customers: u64,
}

/// Customers whose join date falls in a calendar month (its UTC date: a join date is a plain
/// date).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct MonthCount {
    /// `2026-11`.
    pub month: String,
    pub customers: u64,
}

/// A month as the store tallies it: `year × 100 + month` (202611).
pub fn join_month(join_date: DateTime<Utc>) -> i64 {
    i64::from(join_date.year()) * 100 + i64::from(join_date.month())
}

/// Which balances a bucket holds, in shillings (positive: the customer owes the shop).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum BalanceBand {
    /// Below zero: paid ahead.
    Credit,
    /// Exactly zero.
    Settled,
    /// Owes more than 0 and up to 500.
    #[serde(rename = "up_to_500")]
    UpTo500,
    /// Owes more than 500, up to 2,000 (about a month of the cheaper packages).
    #[serde(rename = "up_to_2000")]
    UpTo2000,
    /// Owes more than 2,000, up to 5,000.
    #[serde(rename = "up_to_5000")]
    UpTo5000,
    /// Owes more than 5,000.
    #[serde(rename = "over_5000")]
    Over5000,
}

impl BalanceBand {
    pub const ALL: [BalanceBand; 6] = [
        Self::Credit,
        Self::Settled,
        Self::UpTo500,
        Self::UpTo2000,
        Self::UpTo5000,
        Self::Over5000,
    ];

    /// The band of a balance. The store's triggers say the same in SQL (migration 0017).
    pub fn of(balance: Money) -> Self {
        match balance.cents() {
            c if c < 0 => Self::Credit,
            0 => Self::Settled,
            c if c <= 50_000 => Self::UpTo500,
            c if c <= 200_000 => Self::UpTo2000,
            c if c <= 500_000 => Self::UpTo5000,
            _ => Self::Over5000,
        }
    }

    /// Its number in the store's tally (the order of [`Self::ALL`]).
    pub fn index(self) -> i64 {
        Self::ALL
            .iter()
            .position(|b| *b == self)
            .expect("every band is in ALL") as i64
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct BalanceBucket {
    pub band: BalanceBand,
    pub customers: u64,
    /// The balances of the band added up (exact; a sum may exceed what one balance holds).
    #[serde(with = "rust_decimal::serde::str")]
    #[ts(type = "string")]
    pub total: Decimal,
}

/// Customers whose usage is from `from` to `to` percent, both included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct UsageBucket {
    pub from: u8,
    pub to: u8,
    pub customers: u64,
}

/// The tenth a usage falls in, 0 to 9: 100 % is in the last (90–100), with 90–99.
pub fn usage_decile(usage: u8) -> u8 {
    (usage / 10).min(9)
}

/// Where a payment was taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum PaymentSource {
    /// At this desk's counter (less its voids).
    Desk,
    /// Recorded on central and pulled here (completed ones only).
    Central,
}

/// How many days of payments the screen shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PaymentDays(u16);

impl PaymentDays {
    pub const MAX: u16 = 90;

    pub fn new(days: i64) -> Result<Self, FieldError> {
        if (1..=i64::from(Self::MAX)).contains(&days) {
            Ok(Self(days as u16))
        } else {
            Err(FieldError::new(
                "days",
                Rule::OutOfRange,
                format!("must be from 1 to {} (got {days})", Self::MAX),
            ))
        }
    }

    pub fn get(self) -> u16 {
        self.0
    }
}

/// The money that came in over the last `days` days, by the desk's local day.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct PaymentFigures {
    pub days: u16,
    /// Whether any payment was ever recorded (the screen says "No payments yet" otherwise).
    pub recorded: bool,
    /// Every day of the window, oldest first, today last; days without payments with zero.
    pub per_day: Vec<PaymentDay>,
    /// Each method of each source over the window, the largest amount first.
    pub by_method: Vec<MethodPayments>,
    /// Payments over the window (this desk's less its voids, and central's completed ones).
    #[ts(type = "number")]
    pub count: i64,
    #[serde(with = "rust_decimal::serde::str")]
    #[ts(type = "string")]
    pub total: Decimal,
}

/// One local day's payments. A void counts against the day it was made, as on the Z report.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct PaymentDay {
    #[ts(type = "string")]
    pub day: NaiveDate,
    #[ts(type = "number")]
    pub count: i64,
    /// Taken at this desk, less its voids.
    #[serde(with = "rust_decimal::serde::str")]
    #[ts(type = "string")]
    pub desk: Decimal,
    /// Recorded on central (completed).
    #[serde(with = "rust_decimal::serde::str")]
    #[ts(type = "string")]
    pub central: Decimal,
}

/// One method's payments from one source: desk methods are the counter's (`cash`, `mpesa`,
/// `bank`, `card`, `other`), central's are as central names them (`bank_transfer`, …).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct MethodPayments {
    pub source: PaymentSource,
    pub method: String,
    #[ts(type = "number")]
    pub count: i64,
    #[serde(with = "rust_decimal::serde::str")]
    #[ts(type = "string")]
    pub amount: Decimal,
}

/// A customer who owes the shop, with what a cashier needs to chase them.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Debtor {
    pub id: CustomerId,
    pub name: CustomerName,
    pub phone: Phone,
    pub status: CustomerStatus,
    pub balance: Money,
    #[ts(type = "string | null")]
    pub last_payment_date: Option<DateTime<Utc>>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn band(cents: i64) -> BalanceBand {
        BalanceBand::of(Money::from_cents(cents).expect("in range"))
    }

    #[test]
    fn each_balance_falls_in_one_band_with_the_upper_bound_included() {
        assert_eq!(band(-1), BalanceBand::Credit);
        assert_eq!(band(0), BalanceBand::Settled);
        assert_eq!(band(1), BalanceBand::UpTo500);
        assert_eq!(band(50_000), BalanceBand::UpTo500);
        assert_eq!(band(50_001), BalanceBand::UpTo2000);
        assert_eq!(band(200_000), BalanceBand::UpTo2000);
        assert_eq!(band(200_001), BalanceBand::UpTo5000);
        assert_eq!(band(500_000), BalanceBand::UpTo5000);
        assert_eq!(band(500_001), BalanceBand::Over5000);
        assert_eq!(band(Money::MAX_CENTS), BalanceBand::Over5000);
        let indexes: Vec<i64> = BalanceBand::ALL.iter().map(|b| b.index()).collect();
        assert_eq!(
            indexes,
            [0, 1, 2, 3, 4, 5],
            "the store's tally numbers them so"
        );
    }

    #[test]
    fn a_full_allowance_is_in_the_last_tenth() {
        assert_eq!(usage_decile(0), 0);
        assert_eq!(usage_decile(9), 0);
        assert_eq!(usage_decile(10), 1);
        assert_eq!(usage_decile(99), 9);
        assert_eq!(usage_decile(100), 9);
    }

    #[test]
    fn a_join_month_is_the_utc_dates() {
        let at = Utc.with_ymd_and_hms(2026, 11, 30, 23, 0, 0).unwrap();
        assert_eq!(join_month(at), 202611);
        assert_eq!(
            join_month(Utc.with_ymd_and_hms(2000, 1, 1, 0, 0, 0).unwrap()),
            200001
        );
    }

    #[test]
    fn the_window_is_one_to_ninety_days() {
        assert_eq!(PaymentDays::new(30).unwrap().get(), 30);
        assert!(PaymentDays::new(1).is_ok());
        assert!(PaymentDays::new(90).is_ok());
        for bad in [0, -1, 91, 365] {
            assert_eq!(PaymentDays::new(bad).unwrap_err().rule, Rule::OutOfRange);
        }
    }
}
