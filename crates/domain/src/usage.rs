//! How much of their plan a customer has used, and how many devices they connect.

use crate::{FieldError, Rule};
use serde::Serialize;
use ts_rs::TS;

/// A whole percentage, 0–100.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, TS)]
#[serde(transparent)]
#[ts(export)]
pub struct UsagePercentage(u8);

impl UsagePercentage {
    pub fn new(value: i64) -> Result<Self, FieldError> {
        if (0..=100).contains(&value) {
            Ok(Self(value as u8))
        } else {
            Err(FieldError::new(
                "usage_percentage",
                Rule::OutOfRange,
                format!("must be a whole number from 0 to 100 (got {value})"),
            ))
        }
    }

    pub fn get(&self) -> u8 {
        self.0
    }
}

/// How many devices a customer connects: 0 or more, and no more than a household or a small
/// office could plausibly have (a larger number is almost surely a typo).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, TS)]
#[serde(transparent)]
#[ts(export)]
pub struct DeviceCount(u32);

impl DeviceCount {
    pub const MAX: u32 = 10_000;

    pub fn new(value: i64) -> Result<Self, FieldError> {
        if (0..=i64::from(Self::MAX)).contains(&value) {
            Ok(Self(value as u32))
        } else {
            Err(FieldError::new(
                "device_count",
                Rule::OutOfRange,
                // The bound grouped as the UI writes it (10,000), like money's bounds.
                format!("must be a whole number from 0 to 10,000 (got {value})"),
            ))
        }
    }

    pub fn get(&self) -> u32 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn usage_bounds() {
        assert!(UsagePercentage::new(0).is_ok());
        assert!(UsagePercentage::new(100).is_ok());
        assert_eq!(
            UsagePercentage::new(101).unwrap_err().rule,
            Rule::OutOfRange
        );
        assert_eq!(UsagePercentage::new(-1).unwrap_err().rule, Rule::OutOfRange);
    }

    #[test]
    fn device_bounds() {
        assert!(DeviceCount::new(0).is_ok());
        assert!(DeviceCount::new(i64::from(DeviceCount::MAX)).is_ok());
        assert_eq!(DeviceCount::new(-1).unwrap_err().rule, Rule::OutOfRange);
        let err = DeviceCount::new(i64::from(DeviceCount::MAX) + 1).unwrap_err();
        assert_eq!(err.rule, Rule::OutOfRange);
        assert_eq!(
            err.message, "must be a whole number from 0 to 10,000 (got 10001)",
            "the message names the bound MAX really is"
        );
    }

    proptest! {
        #[test]
        fn usage_accepts_exactly_0_to_100(v in -1000i64..1000) {
            prop_assert_eq!(UsagePercentage::new(v).is_ok(), (0..=100).contains(&v));
        }
    }
}
