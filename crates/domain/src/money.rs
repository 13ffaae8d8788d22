//! Money: exact, two decimal places, within the central system's NUMERIC(10,2) column.

use crate::{FieldError, Rule};
use rust_decimal::Decimal;
use serde::{Serialize, Serializer};
use std::fmt;
use std::str::FromStr;
use ts_rs::TS;

/// An amount of money with exactly two decimal places, from −99,999,999.99 to 99,999,999.99.
///
/// It is never a float: it is parsed from text, kept as a `Decimal`, stored as integer cents and
/// sent over JSON as a string (`"1500.00"`). An amount with more than two decimals is refused,
/// not rounded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, TS)]
#[ts(export, type = "string")]
pub struct Money(Decimal);

impl Money {
    pub const SCALE: u32 = 2;
    /// The largest amount in cents (99,999,999.99).
    pub const MAX_CENTS: i64 = 9_999_999_999;
    pub const ZERO: Money = Money(Decimal::ZERO);

    /// Parses an amount for `field` from text such as `1500`, `1500.5` or `-20.00`.
    pub fn parse(field: &str, raw: &str) -> Result<Self, FieldError> {
        let text = raw.trim();
        if text.is_empty() {
            return Err(FieldError::new(field, Rule::Required, "is required"));
        }
        let not_an_amount = || {
            FieldError::new(
                field,
                Rule::Format,
                format!("{text:?} is not an amount (expected e.g. 1500.00)"),
            )
        };
        // Plain decimal notation only: Decimal::from_str would take `1e20`, which no cashier
        // types and which hides a unit error.
        if !text
            .chars()
            .all(|c| c.is_ascii_digit() || "+-.".contains(c))
        {
            return Err(not_an_amount());
        }
        let value = Decimal::from_str(text).map_err(|_| not_an_amount())?;
        Self::from_decimal(field, value)
    }

    /// Checks the scale and range of an exact decimal.
    pub fn from_decimal(field: &str, value: Decimal) -> Result<Self, FieldError> {
        let normalized = value.normalize();
        if normalized.scale() > Self::SCALE {
            return Err(FieldError::new(
                field,
                Rule::Precision,
                format!("{value} has more than 2 decimal places"),
            ));
        }
        let mut exact = normalized;
        exact.rescale(Self::SCALE);
        let max = Decimal::new(Self::MAX_CENTS, Self::SCALE);
        if exact.abs() > max {
            return Err(FieldError::new(
                field,
                Rule::OutOfRange,
                "must be between -99,999,999.99 and 99,999,999.99",
            ));
        }
        Ok(Self(exact))
    }

    /// From integer cents, as the store keeps it.
    pub fn from_cents(cents: i64) -> Result<Self, FieldError> {
        if cents.abs() > Self::MAX_CENTS {
            return Err(FieldError::new(
                "balance",
                Rule::OutOfRange,
                "must be between -99,999,999.99 and 99,999,999.99",
            ));
        }
        Ok(Self(Decimal::new(cents, Self::SCALE)))
    }

    pub fn cents(&self) -> i64 {
        // Exact: the scale is always 2 and the range fits in i64 by construction.
        self.0.mantissa() as i64
    }

    pub fn as_decimal(&self) -> Decimal {
        self.0
    }

    pub fn is_positive(&self) -> bool {
        self.0 > Decimal::ZERO
    }
}

impl fmt::Display for Money {
    /// Plain, exact, two decimals: `1500.00`. Currency and grouping are the screen's business.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:.2}", self.0)
    }
}

impl Serialize for Money {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn parse(raw: &str) -> Result<Money, FieldError> {
        Money::parse("balance", raw)
    }

    #[test]
    fn amounts_keep_exactly_two_places() {
        assert_eq!(parse("1500").unwrap().to_string(), "1500.00");
        assert_eq!(parse("1500.5").unwrap().to_string(), "1500.50");
        assert_eq!(parse("-0.01").unwrap().cents(), -1);
        assert_eq!(
            parse("1500.500").unwrap().to_string(),
            "1500.50",
            "trailing zeros are not extra precision"
        );
    }

    #[test]
    fn three_decimals_are_refused_not_rounded() {
        assert_eq!(parse("10.005").unwrap_err().rule, Rule::Precision);
    }

    #[test]
    fn range_is_numeric_10_2() {
        assert_eq!(parse("99999999.99").unwrap().cents(), Money::MAX_CENTS);
        assert_eq!(parse("-99999999.99").unwrap().cents(), -Money::MAX_CENTS);
        assert_eq!(parse("100000000.00").unwrap_err().rule, Rule::OutOfRange);
        assert_eq!(parse("1e20").unwrap_err().rule, Rule::Format);
    }

    #[test]
    fn nan_and_infinity_are_not_amounts() {
        for bad in ["NaN", "nan", "Infinity", "-Infinity", "inf", "12,50", "abc"] {
            assert_eq!(parse(bad).unwrap_err().rule, Rule::Format, "{bad:?}");
        }
        assert_eq!(parse(" ").unwrap_err().rule, Rule::Required);
    }

    #[test]
    fn serialises_as_a_string() {
        let json = serde_json::to_string(&parse("12.5").unwrap()).unwrap();
        assert_eq!(json, "\"12.50\"");
    }

    proptest! {
        #[test]
        fn cents_round_trip(cents in -Money::MAX_CENTS..=Money::MAX_CENTS) {
            let money = Money::from_cents(cents).unwrap();
            prop_assert_eq!(money.cents(), cents);
            prop_assert_eq!(parse(&money.to_string()).unwrap(), money);
        }

        #[test]
        fn text_round_trip(units in -99_999_999i64..=99_999_999, hundredths in 0u8..100) {
            let raw = format!("{units}.{hundredths:02}");
            let money = parse(&raw).unwrap();
            prop_assert_eq!(money.to_string(), raw);
        }

        #[test]
        fn never_panics(raw in "\\PC{0,40}") {
            let _ = parse(&raw);
        }
    }
}
