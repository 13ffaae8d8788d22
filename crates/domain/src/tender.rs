//! What a cashier types to take a payment or void one: the amount, how it was paid (with the
//! M-Pesa code or a reference), a note; and a void's reason. Parsed here, once, from the window's
//! JSON; the store takes only these types.

use crate::input::{object, string, unknown_fields};
use crate::{FieldError, Money, Rule, ValidationErrors};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::fmt;
use ts_rs::TS;

/// How a customer paid at the desk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum PaymentMethod {
    Cash,
    Mpesa,
    Bank,
    Card,
    Other,
}

impl PaymentMethod {
    pub const ALL: [PaymentMethod; 5] =
        [Self::Cash, Self::Mpesa, Self::Bank, Self::Card, Self::Other];

    /// As stored and sent.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Cash => "cash",
            Self::Mpesa => "mpesa",
            Self::Bank => "bank",
            Self::Card => "card",
            Self::Other => "other",
        }
    }

    /// As a receipt prints it.
    pub fn label(self) -> &'static str {
        match self {
            Self::Cash => "Cash",
            Self::Mpesa => "M-Pesa",
            Self::Bank => "Bank",
            Self::Card => "Card",
            Self::Other => "Other",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        Self::ALL
            .into_iter()
            .find(|m| m.as_str() == raw.trim())
            .ok_or_else(|| {
                FieldError::new(
                    "method",
                    Rule::NotAllowed,
                    format!("{raw:?} is not a payment method (cash, mpesa, bank, card or other)"),
                )
            })
    }
}

/// An M-Pesa transaction code: 10 upper-case letters and digits (`SGH4K2L9XQ`). Typed in lower
/// case, it is upper-cased: the code is the same, and cashiers copy it from a customer's phone.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, TS)]
#[serde(transparent)]
#[ts(export)]
pub struct MpesaCode(String);

impl MpesaCode {
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let code: String = raw.trim().to_ascii_uppercase();
        if code.is_empty() {
            return Err(FieldError::new(
                "code",
                Rule::Required,
                "is required for an M-Pesa payment (the code in the customer's M-Pesa message)",
            ));
        }
        if code.chars().count() != 10 || !code.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Err(FieldError::new(
                "code",
                Rule::Format,
                "must be the 10 letters and digits of the M-Pesa message (e.g. SGH4K2L9XQ)",
            ));
        }
        Ok(Self(code))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for MpesaCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// How a payment was made, with what identifies it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tender {
    Cash,
    Mpesa(MpesaCode),
    Bank { reference: Option<String> },
    Card { reference: Option<String> },
    Other { reference: String },
}

impl Tender {
    pub fn method(&self) -> PaymentMethod {
        match self {
            Self::Cash => PaymentMethod::Cash,
            Self::Mpesa(_) => PaymentMethod::Mpesa,
            Self::Bank { .. } => PaymentMethod::Bank,
            Self::Card { .. } => PaymentMethod::Card,
            Self::Other { .. } => PaymentMethod::Other,
        }
    }

    /// The M-Pesa code or the reference, as the receipt prints it.
    pub fn reference(&self) -> Option<&str> {
        match self {
            Self::Cash => None,
            Self::Mpesa(code) => Some(code.as_str()),
            Self::Bank { reference } | Self::Card { reference } => reference.as_deref(),
            Self::Other { reference } => Some(reference),
        }
    }
}

/// The longest reference or note a receipt carries.
const REFERENCE_CHARS: usize = 40;
const NOTE_CHARS: usize = 200;

/// A payment as a cashier enters it: more than zero, two decimals at most, paid somehow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewDeskPayment {
    pub amount: Money,
    pub tender: Tender,
    pub note: Option<String>,
}

const PAYMENT_FIELDS: [&str; 5] = ["amount", "method", "code", "reference", "note"];

impl NewDeskPayment {
    /// Parses `{amount: "1500.00", method: "mpesa", code?, reference?, note?}`, reporting every
    /// field at fault at once.
    pub fn from_input(value: &Value) -> Result<Self, ValidationErrors> {
        let map = object(value, "a payment")?;
        let mut errors = ValidationErrors::new();
        unknown_fields(map, &PAYMENT_FIELDS, &mut errors);
        let text = |name: &str| map.get(name).filter(|v| !v.is_null());
        let amount = match text("amount") {
            None => {
                errors.push(FieldError::new("amount", Rule::Required, "is required"));
                None
            }
            Some(v) => errors.check(crate::input::money("amount", v).and_then(positive)),
        };
        let method = match text("method") {
            None => {
                errors.push(FieldError::new(
                    "method",
                    Rule::Required,
                    "is required (cash, mpesa, bank, card or other)",
                ));
                None
            }
            Some(v) => errors.check(string("method", v).and_then(PaymentMethod::parse)),
        };
        let code = text("code").map(|v| string("code", v));
        let reference = errors
            .check(optional_line(
                text("reference"),
                "reference",
                REFERENCE_CHARS,
            ))
            .flatten();
        let note = errors
            .check(optional_line(text("note"), "note", NOTE_CHARS))
            .flatten();
        let tender = method.and_then(|method| {
            let tender = match method {
                PaymentMethod::Cash => Ok(Tender::Cash),
                PaymentMethod::Mpesa => match code {
                    Some(Ok(raw)) => MpesaCode::parse(raw).map(Tender::Mpesa),
                    Some(Err(e)) => Err(e),
                    None => MpesaCode::parse("").map(Tender::Mpesa),
                },
                PaymentMethod::Bank => Ok(Tender::Bank {
                    reference: reference.clone(),
                }),
                PaymentMethod::Card => Ok(Tender::Card {
                    reference: reference.clone(),
                }),
                PaymentMethod::Other => reference
                    .clone()
                    .map(|reference| Tender::Other { reference })
                    .ok_or_else(|| {
                        FieldError::new(
                            "reference",
                            Rule::Required,
                            "is required for an other payment (say what it was)",
                        )
                    }),
            };
            errors.check(tender)
        });
        errors.into_result()?;
        match (amount, tender) {
            (Some(amount), Some(tender)) => Ok(Self {
                amount,
                tender,
                note,
            }),
            // Each missing part pushed its error above.
            _ => Err(ValidationErrors::new()),
        }
    }
}

/// A payment's amount must be more than zero (a refund is a void, not a negative payment).
fn positive(amount: Money) -> Result<Money, FieldError> {
    if amount.is_positive() {
        Ok(amount)
    } else {
        Err(FieldError::new(
            "amount",
            Rule::OutOfRange,
            "must be more than 0 (to give money back, void the payment)",
        ))
    }
}

/// Optional one-line text: absent or blank is none.
fn optional_line(
    value: Option<&Value>,
    field: &str,
    max: usize,
) -> Result<Option<String>, FieldError> {
    let Some(value) = value else { return Ok(None) };
    let raw = string(field, value)?;
    if raw.trim().is_empty() {
        return Ok(None);
    }
    crate::text::bounded_line(field, raw, max).map(Some)
}

/// Why a supervisor voids a payment: required, one line, at most 200 characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VoidReason(String);

impl VoidReason {
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        crate::text::bounded_line("reason", raw, NOTE_CHARS)
            .map(Self)
            .map_err(|e| match e.rule {
                Rule::Required => FieldError::new(
                    "reason",
                    Rule::Required,
                    "is required: say why this payment is voided",
                ),
                _ => e,
            })
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Cash a cashier counts (the float at opening, the drawer at closing): zero or more.
pub fn counted_cash(field: &str, raw: &str) -> Result<Money, FieldError> {
    let amount = Money::parse(field, raw)?;
    if amount.cents() < 0 {
        return Err(FieldError::new(
            field,
            Rule::OutOfRange,
            "cannot be negative",
        ));
    }
    Ok(amount)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn field_of(err: ValidationErrors) -> Vec<(String, Rule)> {
        err.fields()
            .iter()
            .map(|f| (f.field.clone(), f.rule))
            .collect()
    }

    #[test]
    fn cash_needs_only_an_amount() {
        let p = NewDeskPayment::from_input(&json!({"amount": "1500", "method": "cash"})).unwrap();
        assert_eq!(p.amount.to_string(), "1500.00");
        assert_eq!(p.tender, Tender::Cash);
        assert_eq!(p.note, None);
    }

    #[test]
    fn bad_amounts_say_why() {
        for (amount, rule) in [
            (json!("0"), Rule::OutOfRange),
            (json!("-5"), Rule::OutOfRange),
            (json!("10.005"), Rule::Precision),
            (json!("ten"), Rule::Format),
            (json!(10.5), Rule::WrongType),
            (json!("100000000"), Rule::OutOfRange),
        ] {
            let err = NewDeskPayment::from_input(&json!({"amount": amount, "method": "cash"}))
                .unwrap_err();
            assert_eq!(field_of(err), vec![("amount".to_owned(), rule)], "{amount}");
        }
    }

    #[test]
    fn mpesa_codes_are_checked_for_shape_and_upper_cased() {
        let p = NewDeskPayment::from_input(
            &json!({"amount": "50", "method": "mpesa", "code": " sgh4k2l9xq "}),
        )
        .unwrap();
        assert_eq!(p.tender.reference(), Some("SGH4K2L9XQ"));
        for code in [
            json!("SGH4K2L9X"),
            json!("SGH4K2L9XQ1"),
            json!("SGH4K2-9XQ"),
        ] {
            let err = NewDeskPayment::from_input(
                &json!({"amount": "50", "method": "mpesa", "code": code}),
            )
            .unwrap_err();
            assert_eq!(field_of(err), vec![("code".to_owned(), Rule::Format)]);
        }
        let err =
            NewDeskPayment::from_input(&json!({"amount": "50", "method": "mpesa"})).unwrap_err();
        assert_eq!(field_of(err), vec![("code".to_owned(), Rule::Required)]);
    }

    #[test]
    fn other_needs_a_reference_bank_may_have_one() {
        let err =
            NewDeskPayment::from_input(&json!({"amount": "50", "method": "other"})).unwrap_err();
        assert_eq!(
            field_of(err),
            vec![("reference".to_owned(), Rule::Required)]
        );
        let p = NewDeskPayment::from_input(
            &json!({"amount": "50", "method": "bank", "reference": "EFT 22-11"}),
        )
        .unwrap();
        assert_eq!(p.tender.reference(), Some("EFT 22-11"));
    }

    #[test]
    fn every_fault_is_reported_at_once() {
        let err = NewDeskPayment::from_input(&json!({"amount": "0", "method": "cheque", "tip": 1}))
            .unwrap_err();
        let mut got = field_of(err);
        got.sort_by(|a, b| a.0.cmp(&b.0));
        assert_eq!(
            got,
            vec![
                ("amount".to_owned(), Rule::OutOfRange),
                ("method".to_owned(), Rule::NotAllowed),
                ("tip".to_owned(), Rule::UnknownField),
            ]
        );
    }

    #[test]
    fn a_void_needs_a_reason() {
        assert_eq!(VoidReason::parse("  ").unwrap_err().rule, Rule::Required);
        assert_eq!(
            VoidReason::parse("wrong customer").unwrap().as_str(),
            "wrong customer"
        );
    }

    #[test]
    fn counted_cash_is_never_negative() {
        assert_eq!(
            counted_cash("float", "-1").unwrap_err().rule,
            Rule::OutOfRange
        );
        assert_eq!(counted_cash("float", "0").unwrap().cents(), 0);
    }
}
