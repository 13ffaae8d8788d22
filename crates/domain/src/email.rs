//! A customer's email address: the login-like key that must be unique across customers.

use crate::{FieldError, Rule};
use email_address::{EmailAddress, Options};
use serde::Serialize;
use std::fmt;
use ts_rs::TS;

/// A valid address, trimmed and lower-cased, at most 120 characters. Lower-casing makes
/// uniqueness case-insensitive by construction (the central system compares case-sensitively;
/// we are stricter on purpose).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, TS)]
#[serde(transparent)]
#[ts(export)]
pub struct Email(String);

impl Email {
    pub const MAX_CHARS: usize = 120;

    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let value = raw.trim().to_lowercase();
        if value.is_empty() {
            return Err(FieldError::new("email", Rule::Required, "is required"));
        }
        let chars = value.chars().count();
        if chars > Self::MAX_CHARS {
            return Err(FieldError::new(
                "email",
                Rule::TooLong,
                format!(
                    "must be at most {} characters (got {chars})",
                    Self::MAX_CHARS
                ),
            ));
        }
        // A plain address with a dotted domain: no display names ("Jane <j@x.co>") and no
        // IP literals, which a billing customer never has and which are usually typos.
        let options = Options::default()
            .with_required_tld()
            .without_display_text()
            .without_domain_literal();
        if EmailAddress::parse_with_options(&value, options).is_err() {
            return Err(FieldError::new(
                "email",
                Rule::Format,
                "is not a valid email address (expected something like jane@example.co.ke)",
            ));
        }
        Ok(Self(value))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The refusal of an address another customer already has. Only the store can tell; the
    /// words live here with the other rules of an email, so every refusal of it reads the same.
    pub fn already_used() -> FieldError {
        FieldError::new("email", Rule::Unique, "is already used by another customer")
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn email_is_trimmed_and_lower_cased() {
        assert_eq!(
            Email::parse("  Jane.Doe@Example.CO.KE ").unwrap().as_str(),
            "jane.doe@example.co.ke"
        );
    }

    #[test]
    fn invalid_addresses_are_format_errors() {
        for bad in [
            "jane",
            "jane@",
            "@example.com",
            "jane@example",
            "jane doe@example.com",
            "Jane <j@x.co>",
            "a..b@x.com",
        ] {
            let err = Email::parse(bad).unwrap_err();
            assert_eq!(
                err.rule,
                Rule::Format,
                "{bad:?} must be refused as a format error"
            );
        }
    }

    #[test]
    fn empty_is_required_and_long_is_too_long() {
        assert_eq!(Email::parse("").unwrap_err().rule, Rule::Required);
        let long = format!("{}@example.com", "a".repeat(110));
        assert_eq!(Email::parse(&long).unwrap_err().rule, Rule::TooLong);
    }

    proptest! {
        #[test]
        fn parse_is_idempotent(local in "[a-zA-Z0-9._%+-]{1,30}", domain in "[a-zA-Z0-9-]{1,20}\\.[a-zA-Z]{2,6}") {
            let raw = format!("{local}@{domain}");
            if let Ok(email) = Email::parse(&raw) {
                let again = Email::parse(email.as_str()).unwrap();
                prop_assert_eq!(again, email.clone());
                prop_assert_eq!(email.as_str(), email.as_str().to_lowercase());
            }
        }

        #[test]
        fn never_panics(raw in "\\PC{0,200}") {
            let _ = Email::parse(&raw);
        }
    }
}
