//! The people who use this desk: local operators, each a cashier or a supervisor, and what only
//! a supervisor may do.

use crate::{FieldError, OperatorId, Rule};
use serde::{Deserialize, Serialize};
use std::fmt;
use ts_rs::TS;

/// What an operator may do at the desk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Role {
    Cashier,
    Supervisor,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Cashier => "cashier",
            Self::Supervisor => "supervisor",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        match raw.trim() {
            "cashier" => Ok(Self::Cashier),
            "supervisor" => Ok(Self::Supervisor),
            other => Err(FieldError::new(
                "role",
                Rule::NotAllowed,
                format!("{other:?} is not a role (cashier or supervisor)"),
            )),
        }
    }
}

/// The things only a supervisor may do. Everything else any operator may.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SupervisorOnly {
    VoidPayment,
    SetBalance,
    DeleteCustomer,
    ManageOperators,
    ChangeDeskSettings,
    /// Restoring a backup, or changing how many automatic ones are kept.
    ManageBackups,
    /// Another operator's shift: its reports, or closing it.
    OthersShift,
}

impl SupervisorOnly {
    /// The refusal a cashier reads ("Only a supervisor can void a payment.").
    pub fn refusal(self) -> &'static str {
        match self {
            Self::VoidPayment => "Only a supervisor can void a payment.",
            Self::SetBalance => {
                "Only a supervisor can set a balance directly; take a payment instead."
            }
            Self::DeleteCustomer => "Only a supervisor can delete a customer.",
            Self::ManageOperators => "Only a supervisor can manage the desk's operators.",
            Self::ChangeDeskSettings => "Only a supervisor can change the desk's settings.",
            Self::ManageBackups => {
                "Only a supervisor can restore a backup or change how many are kept."
            }
            Self::OthersShift => "Only a supervisor can see or close another operator's shift.",
        }
    }
}

/// Who is signed in at the desk: what every payment, void, ticket, shift and audit entry names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Operator {
    pub id: OperatorId,
    pub name: OperatorName,
    pub role: Role,
}

impl Operator {
    /// `Ok` when this operator may do `what`; the refusal to show otherwise.
    pub fn may(&self, what: SupervisorOnly) -> Result<(), Forbidden> {
        match self.role {
            Role::Supervisor => Ok(()),
            Role::Cashier => Err(Forbidden(what)),
        }
    }
}

/// A cashier asked for something only a supervisor may do. Nothing was changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("{}", .0.refusal())]
pub struct Forbidden(pub SupervisorOnly);

/// An operator's display name: trimmed, 1–40 characters, one line.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, TS)]
#[serde(transparent)]
#[ts(export)]
pub struct OperatorName(String);

impl OperatorName {
    pub const MAX_CHARS: usize = 40;

    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        crate::text::bounded_line("name", raw, Self::MAX_CHARS).map(Self)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for OperatorName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An operator's PIN: 4–8 digits. It is only ever hashed (by the store) and compared; it has no
/// `Display` and its `Debug` prints `<redacted>`, so it cannot reach a log or an error message.
#[derive(Clone, PartialEq, Eq)]
pub struct Pin(String);

impl Pin {
    pub const MIN_DIGITS: usize = 4;
    pub const MAX_DIGITS: usize = 8;

    /// Errors name the field `pin` and never repeat what was typed.
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        if raw.is_empty() {
            return Err(FieldError::new("pin", Rule::Required, "is required"));
        }
        if !raw.chars().all(|c| c.is_ascii_digit()) {
            return Err(FieldError::new(
                "pin",
                Rule::Format,
                "must be digits only (0–9)",
            ));
        }
        let digits = raw.len();
        if digits < Self::MIN_DIGITS {
            return Err(FieldError::new(
                "pin",
                Rule::TooShort,
                format!("must be at least {} digits", Self::MIN_DIGITS),
            ));
        }
        if digits > Self::MAX_DIGITS {
            return Err(FieldError::new(
                "pin",
                Rule::TooLong,
                format!("must be at most {} digits", Self::MAX_DIGITS),
            ));
        }
        Ok(Self(raw.to_owned()))
    }

    /// The digits, for the hasher and nothing else.
    pub fn expose(&self) -> &[u8] {
        self.0.as_bytes()
    }
}

impl fmt::Debug for Pin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Pin(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn operator(role: Role) -> Operator {
        Operator {
            id: OperatorId::new(),
            name: OperatorName::parse("Amina").unwrap(),
            role,
        }
    }

    #[test]
    fn only_a_supervisor_may_void() {
        assert!(operator(Role::Supervisor)
            .may(SupervisorOnly::VoidPayment)
            .is_ok());
        let refused = operator(Role::Cashier)
            .may(SupervisorOnly::VoidPayment)
            .unwrap_err();
        assert_eq!(refused.to_string(), "Only a supervisor can void a payment.");
    }

    #[test]
    fn roles_parse_exactly() {
        assert_eq!(Role::parse("cashier").unwrap(), Role::Cashier);
        assert_eq!(Role::parse("admin").unwrap_err().rule, Rule::NotAllowed);
    }

    #[test]
    fn names_are_one_bounded_line() {
        assert_eq!(OperatorName::parse("  Jo ").unwrap().as_str(), "Jo");
        assert_eq!(OperatorName::parse(" ").unwrap_err().rule, Rule::Required);
        assert_eq!(
            OperatorName::parse(&"x".repeat(41)).unwrap_err().rule,
            Rule::TooLong
        );
    }
    #[test]
    fn pins_are_four_to_eight_digits_and_never_shown() {
        assert_eq!(Pin::parse("2468").unwrap().expose(), b"2468");
        assert!(Pin::parse("12345678").is_ok());
        let rule = |raw: &str| Pin::parse(raw).unwrap_err().rule;
        assert_eq!(rule(""), Rule::Required);
        assert_eq!(rule("123"), Rule::TooShort);
        assert_eq!(rule("123456789"), Rule::TooLong);
        assert_eq!(rule("12a4"), Rule::Format, "letters are refused");
        assert_eq!(rule(" 1234"), Rule::Format, "spaces are not digits");
        assert_eq!(
            rule("١٢٣٤"),
            Rule::Format,
            "only ASCII digits, as the keypad types"
        );
        let error = Pin::parse("12x45").unwrap_err();
        assert_eq!(error.field, "pin", "the form shows it at the PIN");
        assert!(
            !error.message.contains("12x45"),
            "an error never repeats a PIN"
        );
        let shown = format!("{:?}", Pin::parse("9753").unwrap());
        assert!(!shown.contains("9753"), "Debug redacts the digits: {shown}");
    }
}
