//! Parsing raw JSON input (from the UI, an import, an HTTP body) into domain types.
//!
//! Every field is checked and every error is collected, so a form can show them all at once.
//! Unknown fields are errors, not silently ignored: a typo in a field name must not look like
//! a successful save.
//!
//! Two entry points per record: `from_input` for what a person sends now (a form, an import),
//! which also checks that the values are plausible today (a join date not in the future), and
//! `from_json` for values central or this store already holds, which must be read back even when
//! the calendar has moved or central set them (central sets `join_date` by its own clock).

use crate::join_date;
use crate::{
    Address, CustomerName, CustomerPatch, CustomerStatus, DeviceCount, Email, FieldError, Money,
    NewCustomer, Package, Phone, PhoneRegion, Rule, UsagePercentage, ValidationErrors,
};
use chrono::{DateTime, NaiveDate, Utc};
use serde_json::{Map, Value};

/// The fields a customer input may carry.
const CUSTOMER_FIELDS: [&str; 11] = [
    "name",
    "email",
    "phone",
    "address",
    "status",
    "package",
    "balance",
    "usage_percentage",
    "device_count",
    "join_date",
    "last_payment_date",
];

pub(crate) fn object<'a>(
    value: &'a Value,
    what: &str,
) -> Result<&'a Map<String, Value>, ValidationErrors> {
    value.as_object().ok_or_else(|| {
        FieldError::new(
            "body",
            Rule::WrongType,
            format!("{what} must be a JSON object"),
        )
        .into()
    })
}

pub(crate) fn unknown_fields(
    map: &Map<String, Value>,
    known: &[&str],
    errors: &mut ValidationErrors,
) {
    for key in map.keys().filter(|k| !known.contains(&k.as_str())) {
        errors.push(FieldError::new(
            key.clone(),
            Rule::UnknownField,
            "is not a field of this record",
        ));
    }
}

/// A JSON string, or a wrong-type error naming the field.
pub(crate) fn string<'a>(field: &str, value: &'a Value) -> Result<&'a str, FieldError> {
    value
        .as_str()
        .ok_or_else(|| FieldError::new(field, Rule::WrongType, "must be text"))
}

/// A whole number, given as a JSON integer or as text of one (form fields send text).
pub(crate) fn integer(field: &str, value: &Value) -> Result<i64, FieldError> {
    let not_whole = || FieldError::new(field, Rule::WrongType, "must be a whole number");
    match value {
        Value::Number(n) => n.as_i64().ok_or_else(not_whole),
        Value::String(s) => s.trim().parse::<i64>().map_err(|_| not_whole()),
        _ => Err(not_whole()),
    }
}

/// Money is text (`"1500.00"`), never a JSON number: a float cannot carry cents exactly.
pub(crate) fn money(field: &str, value: &Value) -> Result<Money, FieldError> {
    match value {
        Value::String(s) => Money::parse(field, s),
        Value::Number(_) => Err(FieldError::new(
            field,
            Rule::WrongType,
            "must be sent as text such as \"1500.00\", not as a number",
        )),
        _ => Err(FieldError::new(
            field,
            Rule::WrongType,
            "must be an amount such as \"1500.00\"",
        )),
    }
}

/// An instant: RFC 3339 with a zone (`2026-11-25T08:30:00Z`) or a plain date (midnight UTC).
pub(crate) fn instant(field: &str, value: &Value) -> Result<DateTime<Utc>, FieldError> {
    let text = string(field, value)?.trim();
    if let Ok(at) = DateTime::parse_from_rfc3339(text) {
        return Ok(at.with_timezone(&Utc));
    }
    if let Ok(date) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return Ok(date.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc());
    }
    Err(FieldError::new(
        field,
        Rule::Format,
        "must be a date (2026-11-25) or a date and time with a zone (2026-11-25T08:30:00Z)",
    ))
}

/// An instant typed or chosen in the window, in the same forms as `instant`.
pub fn instant_input(field: &str, raw: &str) -> Result<DateTime<Utc>, FieldError> {
    instant(field, &Value::String(raw.to_owned()))
}

pub(crate) fn required(field: &str) -> FieldError {
    FieldError::new(field, Rule::Required, "is required")
}

/// The parsed value of one field of a patch: absent, or present with a parse result.
fn field<T>(
    map: &Map<String, Value>,
    name: &str,
    errors: &mut ValidationErrors,
    parse: impl FnOnce(&Value) -> Result<T, FieldError>,
) -> Option<T> {
    let value = map.get(name)?;
    if value.is_null() {
        errors.push(required(name));
        return None;
    }
    errors.check(parse(value))
}

/// Like `field`, for a field that may be cleared with `null`.
fn clearable<T>(
    map: &Map<String, Value>,
    name: &str,
    errors: &mut ValidationErrors,
    parse: impl FnOnce(&Value) -> Result<Option<T>, FieldError>,
) -> Option<Option<T>> {
    match map.get(name)? {
        Value::Null => Some(None),
        value => errors.check(parse(value)),
    }
}

/// A join date: any instant for a value already held, a plausible one as of `now` for input.
fn join_date(value: &Value, now: Option<DateTime<Utc>>) -> Result<DateTime<Utc>, FieldError> {
    let at = instant("join_date", value)?;
    match now {
        Some(now) => join_date::check(at, now),
        None => Ok(at),
    }
}

impl CustomerPatch {
    /// Parses a change a person sent at `now`: `{"field": value, …}`; absent fields stay
    /// unchanged. A join date must be from 2000-01-01 to today.
    pub fn from_input(
        value: &Value,
        region: PhoneRegion,
        now: DateTime<Utc>,
    ) -> Result<Self, ValidationErrors> {
        Self::parse(value, region, Some(now))
    }

    /// Parses values central or this store already holds, with every rule of a field's type
    /// but no check against today's date.
    pub fn from_json(value: &Value, region: PhoneRegion) -> Result<Self, ValidationErrors> {
        Self::parse(value, region, None)
    }

    fn parse(
        value: &Value,
        region: PhoneRegion,
        now: Option<DateTime<Utc>>,
    ) -> Result<Self, ValidationErrors> {
        let map = object(value, "a customer")?;
        let mut errors = ValidationErrors::new();
        unknown_fields(map, &CUSTOMER_FIELDS, &mut errors);
        let patch = CustomerPatch {
            name: field(map, "name", &mut errors, |v| {
                CustomerName::parse(string("name", v)?)
            }),
            email: field(map, "email", &mut errors, |v| {
                Email::parse(string("email", v)?)
            }),
            phone: field(map, "phone", &mut errors, |v| {
                Phone::parse(string("phone", v)?, region)
            }),
            address: clearable(map, "address", &mut errors, |v| {
                Address::parse_optional(string("address", v)?)
            }),
            status: field(map, "status", &mut errors, |v| {
                CustomerStatus::parse(string("status", v)?)
            }),
            package: field(map, "package", &mut errors, |v| {
                Package::parse(string("package", v)?)
            }),
            balance: field(map, "balance", &mut errors, |v| money("balance", v)),
            usage_percentage: field(map, "usage_percentage", &mut errors, |v| {
                UsagePercentage::new(integer("usage_percentage", v)?)
            }),
            device_count: field(map, "device_count", &mut errors, |v| {
                DeviceCount::new(integer("device_count", v)?)
            }),
            join_date: field(map, "join_date", &mut errors, |v| join_date(v, now)),
            last_payment_date: clearable(map, "last_payment_date", &mut errors, |v| {
                instant("last_payment_date", v).map(Some)
            }),
        };
        errors.into_result().map(|()| patch)
    }
}

impl NewCustomer {
    /// Parses a create request a person sent at `now`: `name`, `email` and `phone` are
    /// required, the rest optional; a join date must be from 2000-01-01 to today.
    pub fn from_input(
        value: &Value,
        region: PhoneRegion,
        now: DateTime<Utc>,
    ) -> Result<Self, ValidationErrors> {
        Self::parse(value, region, Some(now))
    }

    /// Parses a customer from values already held elsewhere (central's, a test's), with no
    /// check against today's date.
    pub fn from_json(value: &Value, region: PhoneRegion) -> Result<Self, ValidationErrors> {
        Self::parse(value, region, None)
    }

    fn parse(
        value: &Value,
        region: PhoneRegion,
        now: Option<DateTime<Utc>>,
    ) -> Result<Self, ValidationErrors> {
        let map = object(value, "a customer")?;
        let mut errors = ValidationErrors::new();
        let patch = CustomerPatch::parse(value, region, now);
        for name in ["name", "email", "phone"] {
            if map.get(name).is_none() {
                errors.push(required(name));
            }
        }
        let patch = match patch {
            Ok(patch) => patch,
            Err(field_errors) => {
                for e in field_errors.fields() {
                    errors.push(e.clone());
                }
                return Err(errors);
            }
        };
        errors.into_result()?;
        let (Some(name), Some(email), Some(phone)) = (patch.name, patch.email, patch.phone) else {
            unreachable!("the three required fields were checked above");
        };
        let mut new = NewCustomer::new(name, email, phone);
        new.address = patch.address.flatten();
        new.status = patch.status.unwrap_or_default();
        new.package = patch.package.unwrap_or_default();
        new.balance = patch.balance.unwrap_or(Money::ZERO);
        new.usage_percentage = patch.usage_percentage.unwrap_or_default();
        new.device_count = patch.device_count.unwrap_or_default();
        new.join_date = patch.join_date;
        new.last_payment_date = patch.last_payment_date.flatten();
        Ok(new)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn region() -> PhoneRegion {
        PhoneRegion::kenya()
    }

    fn rules(errors: &ValidationErrors) -> Vec<(&str, Rule)> {
        errors
            .fields()
            .iter()
            .map(|e| (e.field.as_str(), e.rule))
            .collect()
    }

    #[test]
    fn minimal_create_gets_the_defaults() {
        let new = NewCustomer::from_json(
            &json!({"name": "Achieng Otieno", "email": "Achieng@Example.com", "phone": "0712 345 678"}),
            region(),
        )
        .unwrap();
        assert_eq!(new.email.as_str(), "achieng@example.com");
        assert_eq!(new.phone.as_str(), "+254712345678");
        assert_eq!(new.status, CustomerStatus::Active);
        assert_eq!(new.package.as_str(), "Basic WiFi");
        assert_eq!(new.balance, Money::ZERO);
    }

    #[test]
    fn create_reports_every_bad_field_at_once() {
        let errors = NewCustomer::from_json(
            &json!({"name": " ", "email": "nope", "usage_percentage": 50.5, "device_count": -1,
                    "balance": 12.5, "status": "gone", "colour": "red"}),
            region(),
        )
        .unwrap_err();
        let got = rules(&errors);
        for expected in [
            ("name", Rule::Required),
            ("email", Rule::Format),
            ("phone", Rule::Required),
            ("usage_percentage", Rule::WrongType),
            ("device_count", Rule::OutOfRange),
            ("balance", Rule::WrongType),
            ("status", Rule::NotAllowed),
            ("colour", Rule::UnknownField),
        ] {
            assert!(got.contains(&expected), "expected {expected:?} in {got:?}");
        }
    }

    #[test]
    fn patch_keeps_absent_fields_and_clears_nulls() {
        let patch =
            CustomerPatch::from_json(&json!({"address": null, "balance": "10.50"}), region())
                .unwrap();
        assert_eq!(patch.address, Some(None));
        assert_eq!(patch.balance.unwrap().to_string(), "10.50");
        assert_eq!(patch.name, None);
    }

    #[test]
    fn null_for_a_required_field_is_an_error() {
        let errors = CustomerPatch::from_json(&json!({"name": null}), region()).unwrap_err();
        assert_eq!(rules(&errors), vec![("name", Rule::Required)]);
    }

    #[test]
    fn usage_as_text_of_a_whole_number_is_fine() {
        let patch = CustomerPatch::from_json(&json!({"usage_percentage": "40"}), region()).unwrap();
        assert_eq!(patch.usage_percentage.unwrap().get(), 40);
    }

    #[test]
    fn dates_need_a_zone_or_are_plain_dates() {
        let patch =
            CustomerPatch::from_json(&json!({"join_date": "2026-01-05"}), region()).unwrap();
        assert_eq!(
            patch.join_date.unwrap().to_rfc3339(),
            "2026-01-05T00:00:00+00:00"
        );
        let errors =
            CustomerPatch::from_json(&json!({"join_date": "2026-01-05T10:00:00"}), region())
                .unwrap_err();
        assert_eq!(rules(&errors), vec![("join_date", Rule::Format)]);
    }

    fn now() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-11-25T09:00:00Z")
            .unwrap()
            .with_timezone(&Utc)
    }

    #[test]
    fn a_join_date_a_person_enters_is_from_2000_to_today() {
        for bad in [
            "2031-01-15",
            "0001-03-15",
            "1999-12-31",
            "2026-11-26T00:00:00Z",
        ] {
            let value = json!({"name": "A", "email": "a@example.com", "phone": "0712345678",
                               "join_date": bad});
            let errors = NewCustomer::from_input(&value, region(), now()).unwrap_err();
            assert_eq!(
                rules(&errors),
                vec![("join_date", Rule::OutOfRange)],
                "{bad} must be refused at its field"
            );
            let errors =
                CustomerPatch::from_input(&json!({"join_date": bad}), region(), now()).unwrap_err();
            assert_eq!(
                errors.field("join_date").unwrap().message,
                "must be from 2000-01-01 to today",
                "an edit is held to the same rule, in the same words"
            );
        }
        for good in ["2000-01-01", "2026-11-25", "2026-11-25T23:59:59+03:00"] {
            CustomerPatch::from_input(&json!({"join_date": good}), region(), now())
                .unwrap_or_else(|e| panic!("{good} is a plausible join date: {e}"));
        }
    }

    #[test]
    fn a_join_date_out_of_range_is_reported_with_the_other_errors() {
        let errors = NewCustomer::from_input(
            &json!({"name": " ", "email": "a@example.com", "phone": "0712345678",
                    "join_date": "2031-01-15"}),
            region(),
            now(),
        )
        .unwrap_err();
        assert_eq!(
            rules(&errors),
            vec![("name", Rule::Required), ("join_date", Rule::OutOfRange)]
        );
    }

    #[test]
    fn values_already_held_are_read_back_whatever_their_join_date() {
        // Central sets join_date by its own clock; the store must read back what it holds.
        let patch =
            CustomerPatch::from_json(&json!({"join_date": "2031-01-15"}), region()).unwrap();
        assert_eq!(
            patch.join_date.unwrap().date_naive().to_string(),
            "2031-01-15"
        );
    }

    #[test]
    fn a_body_that_is_not_an_object_is_refused() {
        assert!(NewCustomer::from_json(&json!([1, 2]), region()).is_err());
    }
}
