//! The central system's customer object, read into our domain values and written back.
//!
//! Central keeps values our rules refuse (usage 101, an 80-character name, a balance of
//! `1e20` or `Infinity`), so reading never fails a page and never alters a value to make it fit:
//! a record keeps exactly what central sent in `raw`, and either every field parsed or the
//! list of every field that broke a rule. Only a record without an integer id cannot be kept
//! as a customer at all.
//!
//! Two JSON forms meet here. *Ours* is how `serde_json::to_value(&Customer)` writes a field
//! (money as the text `"12.50"`, instants in RFC 3339 with `Z`), which is what the store and
//! the outbox hold. *The central's* is what its routes take and show (money as a JSON number,
//! instants as naive UTC `2026-11-25T08:30:00`).

use chrono::{DateTime, NaiveDate, NaiveDateTime, SecondsFormat, Utc};
use infora_domain::{
    Address, CustomerName, CustomerStatus, DeviceCount, Email, FieldError, Money, Package, Phone,
    PhoneRegion, Rule, UsagePercentage,
};
use rust_decimal::prelude::ToPrimitive;
use serde_json::{Map, Value};

/// Fields whose value is an instant, in both forms.
const INSTANT_FIELDS: [&str; 4] = ["join_date", "last_payment_date", "created_at", "updated_at"];

/// One customer object from the central system.
#[derive(Debug, Clone, PartialEq)]
pub struct CentralCustomer {
    /// central's id.
    pub central_id: i64,
    /// The object exactly as sent (a bare `Infinity` read as the string `"Infinity"`).
    pub raw: Value,
    /// When central last changed it (UTC, whole seconds), read even when other fields
    /// break our rules, so paging by change time still works for such a record.
    pub updated_at: Option<DateTime<Utc>>,
    /// The fields as our types, or every rule central's values break.
    pub fields: Result<CentralFields, Vec<FieldError>>,
}

/// A central customer whose every field obeys our rules.
#[derive(Debug, Clone, PartialEq)]
pub struct CentralFields {
    pub name: CustomerName,
    pub email: Email,
    pub phone: Phone,
    pub address: Option<Address>,
    pub status: CustomerStatus,
    pub join_date: DateTime<Utc>,
    pub balance: Money,
    pub package: Package,
    pub usage_percentage: UsagePercentage,
    pub device_count: DeviceCount,
    pub last_payment_date: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl CentralCustomer {
    /// Reads one customer object. `Err` gives the value back when it has no integer `id`,
    /// so the caller can report it; any other problem is kept in `fields`.
    ///
    /// Values are parsed as a person's input is: the email is trimmed and lower-cased, a
    /// phone in a local form becomes E.164 for `region`, a blank address is none.
    pub fn from_json(value: Value, region: PhoneRegion) -> Result<Self, Value> {
        let Some(central_id) = value.get("id").and_then(Value::as_i64) else {
            return Err(value);
        };
        let updated_at = value
            .get("updated_at")
            .and_then(Value::as_str)
            .and_then(parse_instant);
        let fields = match value.as_object() {
            Some(object) => read_fields(object, region),
            None => Err(Vec::new()),
        };
        Ok(Self {
            central_id,
            raw: value,
            updated_at,
            fields,
        })
    }

    /// The fields, if every one obeys our rules.
    pub fn valid(&self) -> Option<&CentralFields> {
        self.fields.as_ref().ok()
    }
}

/// Collects every field and every problem; never stops at the first.
fn read_fields(
    object: &Map<String, Value>,
    region: PhoneRegion,
) -> Result<CentralFields, Vec<FieldError>> {
    let mut errors = Vec::new();
    let get = |name: &str| object.get(name).unwrap_or(&Value::Null);

    let name = keep(
        &mut errors,
        text("name", get("name")).and_then(CustomerName::parse),
    );
    let email = keep(
        &mut errors,
        text("email", get("email")).and_then(Email::parse),
    );
    let phone = keep(
        &mut errors,
        text("phone", get("phone")).and_then(|raw| Phone::parse(raw, region)),
    );
    let address = keep(
        &mut errors,
        match get("address") {
            Value::Null => Ok(None),
            value => text("address", value).and_then(Address::parse_optional),
        },
    );
    let status = keep(
        &mut errors,
        text("status", get("status")).and_then(CustomerStatus::parse),
    );
    let join_date = keep(&mut errors, instant("join_date", get("join_date")));
    let balance = keep(&mut errors, balance(get("balance")));
    let package = keep(
        &mut errors,
        text("package", get("package")).and_then(Package::parse),
    );
    let usage_percentage = keep(
        &mut errors,
        whole("usage_percentage", get("usage_percentage")).and_then(UsagePercentage::new),
    );
    let device_count = keep(
        &mut errors,
        whole("device_count", get("device_count")).and_then(DeviceCount::new),
    );
    let last_payment_date = keep(
        &mut errors,
        match get("last_payment_date") {
            Value::Null => Ok(None),
            value => instant("last_payment_date", value).map(Some),
        },
    );
    let created_at = keep(&mut errors, instant("created_at", get("created_at")));
    let updated_at = keep(&mut errors, instant("updated_at", get("updated_at")));

    match (
        name,
        email,
        phone,
        address,
        status,
        join_date,
        balance,
        package,
        usage_percentage,
        device_count,
        last_payment_date,
        created_at,
        updated_at,
    ) {
        (
            Some(name),
            Some(email),
            Some(phone),
            Some(address),
            Some(status),
            Some(join_date),
            Some(balance),
            Some(package),
            Some(usage_percentage),
            Some(device_count),
            Some(last_payment_date),
            Some(created_at),
            Some(updated_at),
        ) => Ok(CentralFields {
            name,
            email,
            phone,
            address,
            status,
            join_date,
            balance,
            package,
            usage_percentage,
            device_count,
            last_payment_date,
            created_at,
            updated_at,
        }),
        _ => Err(errors),
    }
}

/// The value when it parsed; the error recorded when it did not.
fn keep<T>(errors: &mut Vec<FieldError>, result: Result<T, FieldError>) -> Option<T> {
    match result {
        Ok(value) => Some(value),
        Err(error) => {
            errors.push(error);
            None
        }
    }
}

fn missing(field: &str) -> FieldError {
    FieldError::new(field, Rule::Required, "is missing on the central system")
}

fn text<'a>(field: &str, value: &'a Value) -> Result<&'a str, FieldError> {
    match value {
        Value::String(s) => Ok(s),
        Value::Null => Err(missing(field)),
        _ => Err(FieldError::new(field, Rule::WrongType, "must be text")),
    }
}

/// A JSON integer. Central keeps text or a fraction in these columns when sent one; both
/// are wrong types here, not something to round.
fn whole(field: &str, value: &Value) -> Result<i64, FieldError> {
    match value {
        Value::Null => Err(missing(field)),
        Value::Number(n) => match (n.as_i64(), n.as_u64()) {
            (Some(i), _) => Ok(i),
            // Beyond i64: out of every range we have.
            (None, Some(_)) => Ok(i64::MAX),
            _ => Err(FieldError::new(
                field,
                Rule::WrongType,
                format!("must be a whole number (the central system holds {n})"),
            )),
        },
        _ => Err(FieldError::new(
            field,
            Rule::WrongType,
            format!("must be a whole number (the central system holds {value})"),
        )),
    }
}

fn instant(field: &str, value: &Value) -> Result<DateTime<Utc>, FieldError> {
    let raw = text(field, value)?;
    parse_instant(raw).ok_or_else(|| {
        FieldError::new(
            field,
            Rule::Format,
            format!("{raw:?} is not a date and time"),
        )
    })
}

/// An instant as central writes it: ISO-8601 without a zone, read as UTC (central's
/// clock). A zone, fractional seconds, a space separator or a bare date are read too.
pub fn parse_instant(raw: &str) -> Option<DateTime<Utc>> {
    let raw = raw.trim();
    if let Ok(at) = DateTime::parse_from_rfc3339(raw) {
        return Some(at.with_timezone(&Utc));
    }
    NaiveDateTime::parse_from_str(raw, "%Y-%m-%dT%H:%M:%S%.f")
        .or_else(|_| NaiveDateTime::parse_from_str(raw, "%Y-%m-%d %H:%M:%S%.f"))
        .ok()
        .or_else(|| {
            NaiveDate::parse_from_str(raw, "%Y-%m-%d")
                .ok()
                .and_then(|d| d.and_hms_opt(0, 0, 0))
        })
        .map(|naive| naive.and_utc())
}

/// The balance central shows as a JSON float, read through the float's shortest text
/// (`12.5` is `12.50`), so a float that is really an amount of cents reads exactly and
/// anything else (`0.123`, `1e20`, `Infinity`, `NaN`, null) is flagged, never rounded.
pub fn balance(value: &Value) -> Result<Money, FieldError> {
    const FIELD: &str = "balance";
    match value {
        Value::Null => Err(FieldError::new(
            FIELD,
            Rule::Required,
            "is empty on the central system (it stores a NaN balance as empty)",
        )),
        Value::Number(n) => match (n.as_i64(), n.as_f64()) {
            (Some(i), _) => Money::parse(FIELD, &i.to_string()),
            (None, Some(x)) => money_from_float(x),
            (None, None) => Err(FieldError::new(FIELD, Rule::Format, "is not an amount")),
        },
        // The bare tokens `json::parse` turned into text.
        Value::String(s) if matches!(s.as_str(), "Infinity" | "-Infinity" | "NaN") => {
            Err(FieldError::new(
                FIELD,
                Rule::Format,
                format!("is {s} on the central system, which is not an amount"),
            ))
        }
        // A later version may send money as text, as it should.
        Value::String(s) => Money::parse(FIELD, s),
        _ => Err(FieldError::new(FIELD, Rule::WrongType, "must be an amount")),
    }
}

fn money_from_float(x: f64) -> Result<Money, FieldError> {
    const FIELD: &str = "balance";
    if !x.is_finite() {
        return Err(FieldError::new(
            FIELD,
            Rule::Format,
            format!("{x} is not an amount"),
        ));
    }
    let limit = Money::MAX_CENTS as f64 / 100.0;
    if x.abs() > limit {
        return Err(FieldError::new(
            FIELD,
            Rule::OutOfRange,
            format!("{x:e} is outside -99,999,999.99 … 99,999,999.99"),
        ));
    }
    // `Display` for f64 writes the shortest digits that read back to the same float, never
    // in exponent form: 12.5 → "12.5", 0.1 → "0.1", 1e-7 → "0.0000001".
    let shortest = x.to_string();
    match shortest.split_once('.') {
        Some((_, decimals)) if decimals.len() > 2 => Err(FieldError::new(
            FIELD,
            Rule::Precision,
            format!(
                "{} has more than 2 decimal places",
                if shortest.len() > 24 {
                    format!("{x:e}")
                } else {
                    shortest
                }
            ),
        )),
        _ => Money::parse(FIELD, &shortest),
    }
}

/// The 11 tracked fields in our JSON form, exactly as `serde_json::to_value(&Customer)`
/// writes them, so they compare equal with a serialised local customer's.
pub fn to_tracked_json(fields: &CentralFields) -> Map<String, Value> {
    fn value(v: impl serde::Serialize) -> Value {
        // The domain types serialise to strings and numbers only; this cannot fail.
        serde_json::to_value(v).unwrap_or(Value::Null)
    }
    let mut map = Map::new();
    map.insert("name".into(), value(&fields.name));
    map.insert("email".into(), value(&fields.email));
    map.insert("phone".into(), value(&fields.phone));
    map.insert("address".into(), value(&fields.address));
    map.insert("status".into(), value(fields.status));
    map.insert("join_date".into(), value(fields.join_date));
    map.insert("balance".into(), value(fields.balance));
    map.insert("package".into(), value(&fields.package));
    map.insert("usage_percentage".into(), value(fields.usage_percentage));
    map.insert("device_count".into(), value(fields.device_count));
    map.insert("last_payment_date".into(), value(fields.last_payment_date));
    map
}

/// Our JSON form of some fields → the central's, for a request body: money as a JSON number
/// (exact: an amount within NUMERIC(10,2) has at most 10 significant digits, and the shortest
/// text of that float is the amount again), instants as naive UTC to the second (central
/// keeps no more), everything else as it is.
pub fn to_central_body(ours: &Map<String, Value>) -> Map<String, Value> {
    ours.iter()
        .map(|(key, value)| {
            let central = match (key.as_str(), value) {
                ("balance", Value::String(text)) => Money::parse("balance", text)
                    .ok()
                    .and_then(|money| money.as_decimal().to_f64())
                    .and_then(serde_json::Number::from_f64)
                    .map_or_else(|| value.clone(), Value::Number),
                (field, Value::String(text)) if INSTANT_FIELDS.contains(&field) => {
                    parse_instant(text)
                        .map_or_else(|| value.clone(), |at| Value::String(central_instant(at)))
                }
                _ => value.clone(),
            };
            (key.clone(), central)
        })
        .collect()
}

/// An instant as the central system writes and reads it: `2026-11-25T08:30:00`, UTC.
pub fn central_instant(at: DateTime<Utc>) -> String {
    at.naive_utc().format("%Y-%m-%dT%H:%M:%S").to_string()
}

/// Our form of an instant, as chrono's serde writes `DateTime<Utc>`.
pub fn our_instant(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::AutoSi, true)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use chrono::TimeZone;
    use infora_domain::{Customer, CustomerId};
    use serde_json::json;

    fn sample() -> Value {
        json!({
            "id": 7,
            "name": "Wanjiku Kamau",
            "email": "Wanjiku@Example.co.ke",
            "phone": "0712 345 678",
            "address": "",
            "status": "active",
            "join_date": "2026-11-25T08:00:00",
            "balance": 12.5,
            "package": "Home 10 Mbps",
            "usage_percentage": 40,
            "device_count": 3,
            "last_payment_date": null,
            "created_at": "2026-11-25T08:00:00",
            "updated_at": "2026-11-26T09:30:15",
            "service_plan_id": null,
            "service_plan": null
        })
    }

    fn read(value: Value) -> CentralCustomer {
        CentralCustomer::from_json(value, PhoneRegion::kenya()).unwrap()
    }

    fn problems(value: Value) -> Vec<(String, Rule)> {
        read(value)
            .fields
            .unwrap_err()
            .into_iter()
            .map(|e| (e.field, e.rule))
            .collect()
    }

    fn at(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, mo, d, h, mi, s).unwrap()
    }

    #[test]
    fn a_good_record_reads_into_domain_values() {
        let customer = read(sample());
        assert_eq!(customer.central_id, 7);
        assert_eq!(customer.raw, sample(), "raw is what the server sent");
        let fields = customer.valid().unwrap();
        assert_eq!(fields.email.as_str(), "wanjiku@example.co.ke");
        assert_eq!(
            fields.phone.as_str(),
            "+254712345678",
            "local form to E.164"
        );
        assert_eq!(fields.address, None, "an empty address is none");
        assert_eq!(fields.balance.to_string(), "12.50");
        assert_eq!(
            fields.updated_at,
            at(2026, 11, 26, 9, 30, 15),
            "naive is UTC"
        );
        assert_eq!(customer.updated_at, Some(fields.updated_at));
    }

    #[test]
    fn every_broken_rule_is_collected_and_nothing_panics() {
        let mut value = sample();
        value["name"] = json!("x".repeat(80));
        value["usage_percentage"] = json!(101);
        value["device_count"] = json!(-2);
        value["status"] = json!("deleted");
        value["balance"] = json!("Infinity");
        value["phone"] = json!("12");
        value["join_date"] = json!("yesterday");
        assert_eq!(
            problems(value.clone()),
            [
                ("name".to_owned(), Rule::TooLong),
                ("phone".to_owned(), Rule::Format),
                ("status".to_owned(), Rule::NotAllowed),
                ("join_date".to_owned(), Rule::Format),
                ("balance".to_owned(), Rule::Format),
                ("usage_percentage".to_owned(), Rule::OutOfRange),
                ("device_count".to_owned(), Rule::OutOfRange),
            ]
        );
        let customer = read(value);
        assert_eq!(
            customer.updated_at,
            Some(at(2026, 11, 26, 9, 30, 15)),
            "the change time is read even from a broken record"
        );
    }

    #[test]
    fn balances_are_exact_or_flagged() {
        let balance_of = |v: Value| balance(&v);
        assert_eq!(balance_of(json!(12.5)).unwrap().to_string(), "12.50");
        assert_eq!(balance_of(json!(0.1)).unwrap().to_string(), "0.10");
        assert_eq!(balance_of(json!(-20.07)).unwrap().to_string(), "-20.07");
        assert_eq!(balance_of(json!(0)).unwrap().to_string(), "0.00");
        assert_eq!(balance_of(json!(1500.0)).unwrap().to_string(), "1500.00");
        assert_eq!(
            balance_of(json!(99_999_999.99)).unwrap().cents(),
            Money::MAX_CENTS
        );
        assert_eq!(balance_of(json!("12.50")).unwrap().to_string(), "12.50");
        for (bad, rule) in [
            (json!(1e20), Rule::OutOfRange),
            (json!(100_000_000.0), Rule::OutOfRange),
            (json!(0.123), Rule::Precision),
            (json!(1e-300), Rule::Precision),
            (json!("Infinity"), Rule::Format),
            (json!("-Infinity"), Rule::Format),
            (json!("NaN"), Rule::Format),
            (json!(null), Rule::Required),
            (json!(true), Rule::WrongType),
        ] {
            let err = balance_of(bad.clone()).unwrap_err();
            assert_eq!((err.field.as_str(), err.rule), ("balance", rule), "{bad}");
        }
    }

    #[test]
    fn wrong_types_and_missing_fields_are_flagged() {
        let mut value = sample();
        value["usage_percentage"] = json!(12.5);
        value["device_count"] = json!("many");
        value["name"] = json!(null);
        value.as_object_mut().unwrap().remove("package");
        value["last_payment_date"] = json!(5);
        assert_eq!(
            problems(value),
            [
                ("name".to_owned(), Rule::Required),
                ("package".to_owned(), Rule::Required),
                ("usage_percentage".to_owned(), Rule::WrongType),
                ("device_count".to_owned(), Rule::WrongType),
                ("last_payment_date".to_owned(), Rule::WrongType),
            ]
        );
    }

    #[test]
    fn a_record_without_an_integer_id_is_given_back() {
        for bad in [
            json!({"name": "x"}),
            json!({"id": "7"}),
            json!({"id": 7.5}),
            json!([1]),
        ] {
            assert_eq!(
                CentralCustomer::from_json(bad.clone(), PhoneRegion::kenya()).unwrap_err(),
                bad
            );
        }
    }

    #[test]
    fn tracked_json_matches_a_serialised_domain_customer() {
        let fields = read(json!({
            "id": 7, "name": "Wanjiku Kamau", "email": "w@example.co.ke",
            "phone": "+254712345678", "address": "Moi Avenue", "status": "suspended",
            "join_date": "2026-11-25T08:00:00", "balance": -12.5, "package": "Home",
            "usage_percentage": 40, "device_count": 3,
            "last_payment_date": "2026-12-01T10:15:30",
            "created_at": "2026-11-25T08:00:00", "updated_at": "2026-11-26T09:30:15"
        }))
        .fields
        .unwrap();
        let local = Customer {
            id: CustomerId::new(),
            central_id: Some(7),
            name: fields.name.clone(),
            email: fields.email.clone(),
            phone: fields.phone.clone(),
            address: fields.address.clone(),
            status: fields.status,
            join_date: fields.join_date,
            balance: fields.balance,
            package: fields.package.clone(),
            usage_percentage: fields.usage_percentage,
            device_count: fields.device_count,
            last_payment_date: fields.last_payment_date,
            created_at: fields.created_at,
            updated_at: fields.updated_at,
            version: 1,
        };
        let serialised = serde_json::to_value(&local).unwrap();
        let tracked = to_tracked_json(&fields);
        assert_eq!(tracked.len(), infora_store::TRACKED.len());
        for field in infora_store::TRACKED {
            assert_eq!(tracked[field], serialised[field], "{field} in both forms");
        }
        assert_eq!(tracked["balance"], json!("-12.50"), "money as text");
        assert_eq!(
            tracked["join_date"],
            json!("2026-11-25T08:00:00Z"),
            "RFC 3339"
        );
        assert_eq!(tracked["join_date"], json!(our_instant(fields.join_date)));
    }

    #[test]
    fn central_body_uses_the_servers_forms() {
        let ours = json!({
            "name": "Wanjiku", "balance": "1500.05", "join_date": "2026-11-25T08:00:00.250Z",
            "last_payment_date": null, "usage_percentage": 5, "address": null
        });
        let body = to_central_body(ours.as_object().unwrap());
        assert_eq!(
            Value::Object(body),
            json!({
                "name": "Wanjiku", "balance": 1500.05, "join_date": "2026-11-25T08:00:00",
                "last_payment_date": null, "usage_percentage": 5, "address": null
            })
        );
    }

    #[test]
    fn every_amount_survives_the_float_on_the_wire() {
        // The central takes money as a JSON float; its shortest text must read back exactly.
        for cents in [
            0,
            1,
            -1,
            5,
            10,
            99,
            1050,
            123_456_789,
            Money::MAX_CENTS,
            -Money::MAX_CENTS,
        ] {
            let money = Money::from_cents(cents).unwrap();
            let ours = json!({"balance": money.to_string()});
            let body = to_central_body(ours.as_object().unwrap());
            let wire = serde_json::to_string(&body["balance"]).unwrap();
            let back = balance(&serde_json::from_str(&wire).unwrap()).unwrap();
            assert_eq!(back, money, "{money} went over the wire as {wire}");
        }
    }
}
