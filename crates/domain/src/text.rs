//! Bounded single-line text fields: a customer's name, address and package.

use crate::{FieldError, Rule};
use serde::Serialize;
use std::fmt;
use ts_rs::TS;

/// Trims `raw` and checks it is 1..=`max` characters of one line.
pub(crate) fn bounded_line(field: &str, raw: &str, max: usize) -> Result<String, FieldError> {
    let value = raw.trim();
    if value.is_empty() {
        return Err(FieldError::new(field, Rule::Required, "is required"));
    }
    let chars = value.chars().count();
    if chars > max {
        return Err(FieldError::new(
            field,
            Rule::TooLong,
            format!("must be at most {max} characters (got {chars})"),
        ));
    }
    if value.chars().any(char::is_control) {
        return Err(FieldError::new(
            field,
            Rule::Format,
            "must be a single line without control characters",
        ));
    }
    Ok(value.to_owned())
}

macro_rules! text_type {
    ($(#[$doc:meta])* $name:ident, $field:literal, $max:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, TS)]
        #[serde(transparent)]
        #[ts(export)]
        pub struct $name(String);

        impl $name {
            pub const MAX_CHARS: usize = $max;

            pub fn parse(raw: &str) -> Result<Self, FieldError> {
                bounded_line($field, raw, $max).map(Self)
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

text_type!(
    /// A customer's full name: trimmed, 1–50 characters.
    CustomerName,
    "name",
    50
);
text_type!(
    /// A postal or physical address: trimmed, at most 255 characters. Blank means "none".
    Address,
    "address",
    255
);
text_type!(
    /// The name of a saved view of the customer list: trimmed, 1–50 characters.
    ViewName,
    "name",
    50
);
text_type!(
    /// The service package a customer is on: trimmed, 1–50 characters.
    Package,
    "package",
    50
);

impl Address {
    /// A blank address is no address, not an error: the field is optional.
    pub fn parse_optional(raw: &str) -> Result<Option<Self>, FieldError> {
        if raw.trim().is_empty() {
            Ok(None)
        } else {
            Self::parse(raw).map(Some)
        }
    }
}

impl Default for Package {
    fn default() -> Self {
        Self("Basic WiFi".to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn name_is_trimmed() {
        assert_eq!(
            CustomerName::parse("  Wanjiku Kamau ").unwrap().as_str(),
            "Wanjiku Kamau"
        );
    }

    #[test]
    fn blank_name_is_required_error() {
        let err = CustomerName::parse(" \t ").unwrap_err();
        assert_eq!((err.field.as_str(), err.rule), ("name", Rule::Required));
    }

    #[test]
    fn name_of_fifty_chars_is_fine_but_fifty_one_is_too_long() {
        assert!(CustomerName::parse(&"a".repeat(50)).is_ok());
        let err = CustomerName::parse(&"a".repeat(51)).unwrap_err();
        assert_eq!(err.rule, Rule::TooLong);
    }

    #[test]
    fn length_counts_characters_not_bytes() {
        // 50 two-byte characters are 100 bytes but still a valid name.
        assert!(CustomerName::parse(&"é".repeat(50)).is_ok());
    }

    #[test]
    fn newline_in_name_is_a_format_error() {
        assert_eq!(
            CustomerName::parse("Jane\nDoe").unwrap_err().rule,
            Rule::Format
        );
    }

    #[test]
    fn blank_address_is_none() {
        assert_eq!(Address::parse_optional("   ").unwrap(), None);
    }

    #[test]
    fn default_package_is_basic_wifi() {
        assert_eq!(Package::default().as_str(), "Basic WiFi");
    }

    proptest! {
        #[test]
        fn parsed_names_are_trimmed_and_bounded(raw in "\\PC{0,80}") {
            if let Ok(name) = CustomerName::parse(&raw) {
                prop_assert_eq!(name.as_str(), name.as_str().trim());
                prop_assert!(!name.as_str().is_empty());
                prop_assert!(name.as_str().chars().count() <= 50);
            }
        }

        #[test]
        fn any_short_printable_name_parses(raw in "[A-Za-z][A-Za-z '.-]{0,48}[A-Za-z]") {
            prop_assert!(CustomerName::parse(&raw).is_ok());
        }
    }
}
