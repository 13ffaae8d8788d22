//! A customer's account status.

use crate::{FieldError, Rule};
use serde::{Deserialize, Serialize};
use std::fmt;
use ts_rs::TS;

/// `active` (the default), `suspended` or `pending`: nothing else, exact lower case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum CustomerStatus {
    #[default]
    Active,
    Suspended,
    Pending,
}

impl CustomerStatus {
    pub const ALL: [CustomerStatus; 3] = [Self::Active, Self::Suspended, Self::Pending];

    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::Suspended => "suspended",
            Self::Pending => "pending",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        Self::ALL
            .into_iter()
            .find(|s| s.as_str() == raw)
            .ok_or_else(|| {
                FieldError::new(
                    "status",
                    Rule::NotAllowed,
                    format!("{raw:?} is not a status (expected active, suspended or pending)"),
                )
            })
    }
}

impl fmt::Display for CustomerStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_three_lower_case_statuses_parse() {
        for s in CustomerStatus::ALL {
            assert_eq!(CustomerStatus::parse(s.as_str()).unwrap(), s);
        }
        for bad in ["Active", "ACTIVE", " active", "deleted", ""] {
            assert_eq!(
                CustomerStatus::parse(bad).unwrap_err().rule,
                Rule::NotAllowed,
                "{bad:?}"
            );
        }
    }
}
