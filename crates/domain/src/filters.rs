//! The customer list's advanced filters: balance, join date, last payment, package, usage and
//! devices. Each is parsed from the list query's flat fields (so a URL or a saved view can carry
//! them as they are) into a type whose bounds are already in order.
//!
//! Balance follows the app's sign: a positive balance is money the customer owes, a negative
//! one is credit, exactly zero is settled. Every range is inclusive at both ends.

use crate::input::{instant, integer, money, string};
use crate::{FieldError, Money, Package, Rule, ValidationErrors};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde_json::{Map, Value};

/// Which side of zero a balance is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BalanceState {
    /// Above zero: the customer owes the shop.
    Owes,
    /// Below zero: the shop owes the customer (paid ahead).
    InCredit,
    /// Exactly zero.
    Settled,
}

impl BalanceState {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Owes => "owes",
            Self::InCredit => "credit",
            Self::Settled => "settled",
        }
    }

    fn parse(raw: &str) -> Result<Self, FieldError> {
        [Self::Owes, Self::InCredit, Self::Settled]
            .into_iter()
            .find(|s| s.as_str() == raw)
            .ok_or_else(|| {
                FieldError::new(
                    "balance",
                    Rule::NotAllowed,
                    format!("{raw:?} is not a balance filter (owes, credit or settled)"),
                )
            })
    }
}

/// An inclusive range with at least one bound, `from <= to` when both are given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Range<T> {
    pub from: Option<T>,
    pub to: Option<T>,
}

impl<T: PartialOrd + std::fmt::Display> Range<T> {
    /// `None` when neither bound is given; an error on `to_field` when `to` comes before `from`.
    fn new(
        from: Option<T>,
        to: Option<T>,
        from_field: &str,
        to_field: &str,
    ) -> Result<Option<Self>, FieldError> {
        if let (Some(f), Some(t)) = (&from, &to) {
            if t < f {
                return Err(FieldError::new(
                    to_field,
                    Rule::OutOfRange,
                    format!("must not be before {from_field} ({f}; got {t})"),
                ));
            }
        }
        Ok((from.is_some() || to.is_some()).then_some(Self { from, to }))
    }
}

/// When a customer last paid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LastPayment {
    /// Never paid.
    Never,
    /// No payment in the last `days` days: never paid, or last paid before `now − days`.
    NoneWithin { days: u32 },
    /// Last paid within the instants `[from, to)` (the UI sends local midnights, the day after
    /// the last day as `to`, as the statement does).
    Between {
        from: Option<DateTime<Utc>>,
        to: Option<DateTime<Utc>>,
    },
}

impl LastPayment {
    pub const MAX_DAYS: i64 = 3650;

    /// The instant before which a last payment counts as "none within" at `now`.
    pub fn cutoff(days: u32, now: DateTime<Utc>) -> DateTime<Utc> {
        now - Duration::days(i64::from(days))
    }
}

/// Every advanced filter of the customer list; all given filters must hold (AND).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CustomerFilters {
    pub balance: Option<BalanceState>,
    pub balance_range: Option<Range<Money>>,
    /// Join dates as days; a join date is held as its date at midnight UTC, so the days are
    /// compared as UTC dates.
    pub joined: Option<Range<NaiveDate>>,
    pub last_payment: Option<LastPayment>,
    pub package: Option<Package>,
    pub usage: Option<Range<u8>>,
    pub devices: Option<Range<u32>>,
}

impl CustomerFilters {
    /// The query fields these filters are read from.
    pub const FIELDS: [&'static str; 14] = [
        "balance",
        "balance_min",
        "balance_max",
        "joined_from",
        "joined_to",
        "never_paid",
        "unpaid_days",
        "paid_from",
        "paid_to",
        "package",
        "usage_min",
        "usage_max",
        "devices_min",
        "devices_max",
    ];

    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }

    /// How many filters are set (the UI's chips, the store's choice of plan).
    pub fn count(&self) -> usize {
        [
            self.balance.is_some(),
            self.balance_range.is_some(),
            self.joined.is_some(),
            self.last_payment.is_some(),
            self.package.is_some(),
            self.usage.is_some(),
            self.devices.is_some(),
        ]
        .into_iter()
        .filter(|set| *set)
        .count()
    }

    /// Reads the filters from a query object; every error is collected into `errors`.
    pub(crate) fn from_map(map: &Map<String, Value>, errors: &mut ValidationErrors) -> Self {
        fn read<T>(
            map: &Map<String, Value>,
            key: &str,
            errors: &mut ValidationErrors,
            parse: impl FnOnce(&Value) -> Result<T, FieldError>,
        ) -> Option<T> {
            let value = map.get(key).filter(|v| !v.is_null())?;
            errors.check(parse(value))
        }
        let never_paid = read(map, "never_paid", errors, |v| {
            v.as_bool().ok_or_else(|| {
                FieldError::new("never_paid", Rule::WrongType, "must be true or false")
            })
        });
        let package = read(map, "package", errors, |v| {
            let text = string("package", v)?;
            match text.trim().is_empty() {
                true => Ok(None),
                false => Package::parse(text).map(Some),
            }
        });
        Raw {
            balance: read(map, "balance", errors, |v| {
                string("balance", v).and_then(BalanceState::parse)
            }),
            balance_min: read(map, "balance_min", errors, |v| money("balance_min", v)),
            balance_max: read(map, "balance_max", errors, |v| money("balance_max", v)),
            joined_from: read(map, "joined_from", errors, |v| day("joined_from", v)),
            joined_to: read(map, "joined_to", errors, |v| day("joined_to", v)),
            never_paid: never_paid.unwrap_or(false),
            unpaid_days: read(map, "unpaid_days", errors, |v| {
                let days = integer("unpaid_days", v)?;
                if !(1..=LastPayment::MAX_DAYS).contains(&days) {
                    return Err(FieldError::new(
                        "unpaid_days",
                        Rule::OutOfRange,
                        format!("must be from 1 to {} days", LastPayment::MAX_DAYS),
                    ));
                }
                Ok(days as u32)
            }),
            paid_from: read(map, "paid_from", errors, |v| instant("paid_from", v)),
            paid_to: read(map, "paid_to", errors, |v| instant("paid_to", v)),
            package: package.flatten(),
            usage_min: read(map, "usage_min", errors, |v| bounded("usage_min", v, 100))
                .map(|n| n as u8),
            usage_max: read(map, "usage_max", errors, |v| bounded("usage_max", v, 100))
                .map(|n| n as u8),
            devices_min: read(map, "devices_min", errors, |v| {
                bounded("devices_min", v, 10_000)
            })
            .map(|n| n as u32),
            devices_max: read(map, "devices_max", errors, |v| {
                bounded("devices_max", v, 10_000)
            })
            .map(|n| n as u32),
        }
        .into_filters(errors)
    }
}

/// The raw bounds before they are paired.
#[derive(Default)]
struct Raw {
    balance: Option<BalanceState>,
    balance_min: Option<Money>,
    balance_max: Option<Money>,
    joined_from: Option<NaiveDate>,
    joined_to: Option<NaiveDate>,
    never_paid: bool,
    unpaid_days: Option<u32>,
    paid_from: Option<DateTime<Utc>>,
    paid_to: Option<DateTime<Utc>>,
    package: Option<Package>,
    usage_min: Option<u8>,
    usage_max: Option<u8>,
    devices_min: Option<u32>,
    devices_max: Option<u32>,
}

impl Raw {
    fn into_filters(self, errors: &mut ValidationErrors) -> CustomerFilters {
        let balance_range = errors
            .check(Range::new(
                self.balance_min,
                self.balance_max,
                "balance_min",
                "balance_max",
            ))
            .flatten();
        let joined = errors
            .check(Range::new(
                self.joined_from,
                self.joined_to,
                "joined_from",
                "joined_to",
            ))
            .flatten();
        let usage = errors
            .check(Range::new(
                self.usage_min,
                self.usage_max,
                "usage_min",
                "usage_max",
            ))
            .flatten();
        let devices = errors
            .check(Range::new(
                self.devices_min,
                self.devices_max,
                "devices_min",
                "devices_max",
            ))
            .flatten();
        let between = self.paid_from.is_some() || self.paid_to.is_some();
        if let (Some(from), Some(to)) = (self.paid_from, self.paid_to) {
            if to <= from {
                errors.push(FieldError::new(
                    "paid_to",
                    Rule::OutOfRange,
                    "must be after paid_from",
                ));
            }
        }
        let ways = [self.never_paid, self.unpaid_days.is_some(), between];
        let last_payment = if ways.into_iter().filter(|w| *w).count() > 1 {
            let field = if self.never_paid {
                "never_paid"
            } else {
                "unpaid_days"
            };
            errors.push(FieldError::new(
                field,
                Rule::NotAllowed,
                "choose one last-payment filter: never paid, no payment in some days, or paid between dates",
            ));
            None
        } else if self.never_paid {
            Some(LastPayment::Never)
        } else if let Some(days) = self.unpaid_days {
            Some(LastPayment::NoneWithin { days })
        } else {
            between.then_some(LastPayment::Between {
                from: self.paid_from,
                to: self.paid_to,
            })
        };
        CustomerFilters {
            balance: self.balance,
            balance_range,
            joined,
            last_payment,
            package: self.package,
            usage,
            devices,
        }
    }
}

/// A day as `YYYY-MM-DD`.
fn day(field: &str, value: &Value) -> Result<NaiveDate, FieldError> {
    let text = string(field, value)?.trim();
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| {
        FieldError::new(
            field,
            Rule::Format,
            format!("{text:?} is not a day (expected e.g. 2026-01-31)"),
        )
    })
}

/// A whole number from 0 to `max`.
fn bounded(field: &str, value: &Value, max: i64) -> Result<i64, FieldError> {
    let n = integer(field, value)?;
    if !(0..=max).contains(&n) {
        return Err(FieldError::new(
            field,
            Rule::OutOfRange,
            format!("must be from 0 to {max}"),
        ));
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    use crate::{BalanceState, CustomerQuery, LastPayment, Money, Range, Rule};
    use chrono::NaiveDate;
    use serde_json::json;

    fn filters(value: serde_json::Value) -> super::CustomerFilters {
        CustomerQuery::from_json(&value).expect("parses").filters
    }

    /// The one error of a query, as (field, rule, message).
    fn refusal(value: serde_json::Value) -> (String, Rule, String) {
        let errors = CustomerQuery::from_json(&value).unwrap_err();
        let [e] = errors.fields() else {
            panic!("one error expected, got {errors:?}")
        };
        (e.field.clone(), e.rule, e.message.clone())
    }

    #[test]
    fn no_filter_fields_is_no_filter() {
        assert!(filters(json!({})).is_empty());
        assert!(filters(json!({"package": "  ", "balance": null})).is_empty());
    }

    #[test]
    fn balance_state_and_range_parse_through_money() {
        let f = filters(json!({"balance": "owes", "balance_min": "1000", "balance_max": "2500.5"}));
        assert_eq!(f.balance, Some(BalanceState::Owes));
        assert_eq!(
            f.balance_range,
            Some(Range {
                from: Some(Money::from_cents(100_000).unwrap()),
                to: Some(Money::from_cents(250_050).unwrap()),
            })
        );
        assert_eq!(
            filters(json!({"balance": "credit"})).balance,
            Some(BalanceState::InCredit)
        );
        assert_eq!(
            filters(json!({"balance": "settled"})).balance,
            Some(BalanceState::Settled)
        );
        let (field, rule, _) = refusal(json!({"balance": "owing"}));
        assert_eq!((field.as_str(), rule), ("balance", Rule::NotAllowed));
        let (field, rule, _) = refusal(json!({"balance_min": 10}));
        assert_eq!(
            (field.as_str(), rule),
            ("balance_min", Rule::WrongType),
            "money is text"
        );
        let (field, rule, _) = refusal(json!({"balance_max": "1.005"}));
        assert_eq!((field.as_str(), rule), ("balance_max", Rule::Precision));
    }

    #[test]
    fn a_range_whose_to_comes_before_its_from_names_the_to_field() {
        assert_eq!(
            refusal(json!({"balance_min": "500", "balance_max": "100"})),
            (
                "balance_max".into(),
                Rule::OutOfRange,
                "must not be before balance_min (500.00; got 100.00)".into()
            )
        );
        assert_eq!(
            refusal(json!({"joined_from": "2026-03-31", "joined_to": "2026-01-01"})),
            (
                "joined_to".into(),
                Rule::OutOfRange,
                "must not be before joined_from (2026-03-31; got 2026-01-01)".into()
            )
        );
        assert_eq!(
            refusal(json!({"usage_min": 60, "usage_max": 50})).0,
            "usage_max"
        );
        assert_eq!(
            refusal(json!({"devices_min": 3, "devices_max": 2})).0,
            "devices_max"
        );
        // Equal bounds are one value, not an error (bounds are inclusive).
        let f = filters(json!({"usage_min": 50, "usage_max": "50"}));
        assert_eq!(
            f.usage,
            Some(Range {
                from: Some(50),
                to: Some(50)
            })
        );
    }

    #[test]
    fn join_days_are_plain_days() {
        let f = filters(json!({"joined_from": "2026-01-01"}));
        assert_eq!(
            f.joined,
            Some(Range {
                from: NaiveDate::from_ymd_opt(2026, 1, 1),
                to: None
            })
        );
        let (field, rule, message) = refusal(json!({"joined_to": "31/03/2026"}));
        assert_eq!((field.as_str(), rule), ("joined_to", Rule::Format));
        assert_eq!(
            message,
            "\"31/03/2026\" is not a day (expected e.g. 2026-01-31)"
        );
    }

    #[test]
    fn last_payment_is_one_of_three_ways() {
        assert_eq!(
            filters(json!({"never_paid": true})).last_payment,
            Some(LastPayment::Never)
        );
        assert_eq!(filters(json!({"never_paid": false})).last_payment, None);
        assert_eq!(
            filters(json!({"unpaid_days": "30"})).last_payment,
            Some(LastPayment::NoneWithin { days: 30 })
        );
        let f = filters(json!({"paid_from": "2026-01-01T21:00:00Z"}));
        assert!(matches!(
            f.last_payment,
            Some(LastPayment::Between {
                from: Some(_),
                to: None
            })
        ));
        assert_eq!(refusal(json!({"unpaid_days": 0})).0, "unpaid_days");
        assert_eq!(refusal(json!({"unpaid_days": 3651})).0, "unpaid_days");
        let (field, rule, _) = refusal(json!({"never_paid": true, "unpaid_days": 30}));
        assert_eq!((field.as_str(), rule), ("never_paid", Rule::NotAllowed));
        let (field, _, message) =
            refusal(json!({"paid_from": "2026-02-01", "paid_to": "2026-02-01"}));
        assert_eq!(
            (field.as_str(), message.as_str()),
            ("paid_to", "must be after paid_from")
        );
    }

    #[test]
    fn package_usage_and_devices_are_checked() {
        assert_eq!(
            filters(json!({"package": " Home 10 Mbps "}))
                .package
                .unwrap()
                .as_str(),
            "Home 10 Mbps"
        );
        assert_eq!(refusal(json!({"package": "x".repeat(51)})).0, "package");
        assert_eq!(
            refusal(json!({"usage_max": 101})),
            (
                "usage_max".into(),
                Rule::OutOfRange,
                "must be from 0 to 100".into()
            )
        );
        assert_eq!(refusal(json!({"devices_min": -1})).0, "devices_min");
        assert_eq!(refusal(json!({"devices_max": 10_001})).0, "devices_max");
    }

    #[test]
    fn every_error_is_reported_at_once() {
        let errors = CustomerQuery::from_json(&json!({
            "balance": "x", "joined_from": "soon", "usage_min": 200, "colour": "red"
        }))
        .unwrap_err();
        let mut fields: Vec<&str> = errors.fields().iter().map(|e| e.field.as_str()).collect();
        fields.sort_unstable();
        assert_eq!(fields, ["balance", "colour", "joined_from", "usage_min"]);
    }
}
