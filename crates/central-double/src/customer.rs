//! A customer as the central service stores it, and the object its API shows.
//!
//! The service keeps customers in SQLite through SQLAlchemy and checks almost nothing, so the
//! columns here are loose: they take what Python and SQLite take (usage 101, a negative device
//! count, an 80-character name, a balance of `1e20` or infinity) and fail only where those fail.

use crate::body::{py_repr, python_type};
use crate::pyjson::{float_repr, Json};
use crate::reply::RouteError;
use chrono::{DateTime, NaiveDate, NaiveDateTime, SubsecRound, Timelike, Utc};
use serde_json::Value;
use std::cmp::Ordering;

/// The statuses the service's enum column knows.
pub(crate) const STATUSES: [&str; 3] = ["active", "suspended", "pending"];

/// One stored customer.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Row {
    pub(crate) id: i64,
    pub(crate) name: String,
    pub(crate) email: String,
    pub(crate) phone: String,
    pub(crate) address: Option<String>,
    pub(crate) status: String,
    pub(crate) join_date: NaiveDateTime,
    /// As sent, not rounded; `None` when SQLite stored NULL (it stores NaN as NULL).
    pub(crate) balance: Option<f64>,
    pub(crate) package: String,
    pub(crate) usage_percentage: Cell,
    pub(crate) device_count: Cell,
    pub(crate) last_payment_date: Option<NaiveDateTime>,
    pub(crate) created_at: NaiveDateTime,
    pub(crate) updated_at: NaiveDateTime,
    pub(crate) service_plan_id: Option<i64>,
}

impl Row {
    /// A customer with the service's defaults, stamped `now`.
    pub(crate) fn new(id: i64, now: NaiveDateTime) -> Self {
        Self {
            id,
            name: String::new(),
            email: String::new(),
            phone: String::new(),
            address: None,
            status: "active".to_owned(),
            join_date: now,
            balance: Some(0.0),
            package: "Basic WiFi".to_owned(),
            usage_percentage: Cell::Int(0),
            device_count: Cell::Int(0),
            last_payment_date: None,
            created_at: now,
            updated_at: now,
            service_plan_id: None,
        }
    }

    /// Stores one field from a request body the way the column would. Returns whether `key`
    /// is a field a request may set; the caller decides which of them a route uses.
    pub(crate) fn set(&mut self, key: &str, value: &Value) -> Result<bool, RouteError> {
        match key {
            "name" => self.name = required_text("name", value)?,
            "email" => self.email = required_text("email", value)?,
            "phone" => self.phone = required_text("phone", value)?,
            "address" => self.address = text(value)?,
            "status" => self.status = required_text("status", value)?,
            "package" => self.package = required_text("package", value)?,
            "balance" => self.balance = float(value)?,
            "usage_percentage" => self.usage_percentage = integer(value)?,
            "device_count" => self.device_count = integer(value)?,
            "join_date" => {
                self.join_date = instant(value)?.ok_or_else(|| not_null("join_date"))?;
            }
            "last_payment_date" => self.last_payment_date = instant(value)?,
            _ => return Ok(false),
        }
        Ok(true)
    }

    /// Whether assigning `value` to the field `key` leaves it as SQLAlchemy sees it, so that no
    /// UPDATE is sent and `updated_at` keeps its stamp. It compares the value it loaded with
    /// the one assigned by Python's `==`: text `"2"` is a change to the integer 2, and `12.35`
    /// one to a balance loaded as `Decimal("12.35")`, which no float equals.
    pub(crate) fn holds(&self, key: &str, value: &Value) -> bool {
        let text = |loaded: Option<&str>| match value {
            Value::Null => loaded.is_none(),
            Value::String(s) => loaded == Some(s.as_str()),
            _ => false,
        };
        match key {
            "name" => text(Some(&self.name)),
            "email" => text(Some(&self.email)),
            "phone" => text(Some(&self.phone)),
            "address" => text(self.address.as_deref()),
            "status" => text(Some(&self.status)),
            "package" => text(Some(&self.package)),
            "balance" => match (self.balance, python_number(value)) {
                (Some(loaded), Some(x)) => loaded_balance_equals(loaded, x),
                (None, _) => value.is_null(),
                (Some(_), None) => false,
            },
            "usage_percentage" => self.usage_percentage.holds(value),
            "device_count" => self.device_count.holds(value),
            _ => false,
        }
    }

    /// The enum column refuses anything but its three values, at commit, with a 500.
    pub(crate) fn check_status(&self) -> Result<(), RouteError> {
        if STATUSES.contains(&self.status.as_str()) {
            Ok(())
        } else {
            Err(RouteError::Crash(format!(
                "'{}' is not among the defined enum values. Enum name: customerstatus. \
                 Possible values: active, suspended, pending",
                self.status
            )))
        }
    }

    /// The object the API shows: timestamps without a zone at second resolution, the balance
    /// as a float rounded to 2 places (possibly infinite, never null), `service_plan` always
    /// null here.
    pub(crate) fn view(&self) -> Json {
        Json::object([
            ("id", self.id.into()),
            ("name", self.name.as_str().into()),
            ("email", self.email.as_str().into()),
            ("phone", self.phone.as_str().into()),
            ("address", self.address.clone().into()),
            ("status", self.status.as_str().into()),
            ("join_date", iso(self.join_date).into()),
            ("balance", self.shown_balance().into()),
            ("package", self.package.as_str().into()),
            ("usage_percentage", self.usage_percentage.to_json()),
            ("device_count", self.device_count.to_json()),
            ("last_payment_date", self.last_payment_date.map(iso).into()),
            ("created_at", iso(self.created_at).into()),
            ("updated_at", iso(self.updated_at).into()),
            ("service_plan_id", self.service_plan_id.into()),
            ("service_plan", Json::Null),
        ])
    }

    /// The balance as the customer object shows it: `float(balance) if balance else 0.0`, so
    /// NULL (a NaN sent) and every balance that rounds to zero show as `0.0`.
    pub(crate) fn shown_balance(&self) -> f64 {
        match self.balance.map(shown) {
            Some(x) if x != 0.0 => x,
            _ => 0.0,
        }
    }

    /// The value `ORDER BY column` compares.
    pub(crate) fn sort_key(&self, column: Column) -> Cell {
        let text = |s: &str| Cell::Text(s.to_owned());
        let at = |t: NaiveDateTime| Cell::Text(iso(t));
        match column {
            Column::Id => Cell::Int(self.id),
            Column::Name => text(&self.name),
            Column::Email => text(&self.email),
            Column::Phone => text(&self.phone),
            Column::Address => self.address.as_deref().map_or(Cell::Null, text),
            Column::Status => text(&self.status),
            Column::JoinDate => at(self.join_date),
            Column::Balance => self.balance.map_or(Cell::Null, Cell::Real),
            Column::Package => text(&self.package),
            Column::UsagePercentage => self.usage_percentage.clone(),
            Column::DeviceCount => self.device_count.clone(),
            Column::LastPaymentDate => self.last_payment_date.map_or(Cell::Null, at),
            Column::CreatedAt => at(self.created_at),
            Column::UpdatedAt => at(self.updated_at),
            Column::ServicePlanId => self.service_plan_id.map_or(Cell::Null, Cell::Int),
        }
    }
}

/// The columns a list may be sorted by: every column of the model, by its attribute name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Column {
    Id,
    Name,
    Email,
    Phone,
    Address,
    Status,
    JoinDate,
    Balance,
    Package,
    UsagePercentage,
    DeviceCount,
    LastPaymentDate,
    CreatedAt,
    UpdatedAt,
    ServicePlanId,
}

impl Column {
    pub(crate) fn parse(name: &str) -> Option<Self> {
        Some(match name {
            "id" => Self::Id,
            "full_name" => Self::Name,
            "email" => Self::Email,
            "phone" => Self::Phone,
            "address" => Self::Address,
            "status" => Self::Status,
            "join_date" => Self::JoinDate,
            "balance" => Self::Balance,
            "package" => Self::Package,
            "usage_percentage" => Self::UsagePercentage,
            "device_count" => Self::DeviceCount,
            "last_payment_date" => Self::LastPaymentDate,
            "created_at" => Self::CreatedAt,
            "updated_at" => Self::UpdatedAt,
            "service_plan_id" => Self::ServicePlanId,
            _ => return None,
        })
    }
}

/// A value as SQLite holds it in a column with integer affinity (usage, device count).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Cell {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
}

impl Cell {
    fn to_json(&self) -> Json {
        match self {
            Self::Null => Json::Null,
            Self::Int(i) => Json::Int(*i),
            Self::Real(x) => Json::Float(*x),
            Self::Text(s) => Json::Str(s.clone()),
        }
    }

    /// Whether Python finds the value it loaded from this cell equal to `value`.
    fn holds(&self, value: &Value) -> bool {
        match (self, value) {
            (Self::Null, Value::Null) => true,
            (Self::Text(loaded), Value::String(s)) => loaded == s,
            (Self::Int(_) | Self::Real(_), _) => {
                python_number(value).is_some_and(|x| self.as_number() == Some(x))
            }
            _ => false,
        }
    }

    /// The number SQLite's `AVG` and `SUM` use: text that is not a number counts as 0.
    pub(crate) fn as_number(&self) -> Option<f64> {
        match self {
            Self::Null => None,
            // Precision is lost only beyond 2^53, far past any usage or device count.
            Self::Int(i) => Some(*i as f64),
            Self::Real(x) => Some(*x),
            Self::Text(s) => Some(s.trim().parse().unwrap_or(0.0)),
        }
    }

    /// SQLite's order: NULL first, then numbers by value, then text by bytes.
    pub(crate) fn cmp_sqlite(&self, other: &Self) -> Ordering {
        let rank = |cell: &Self| match cell {
            Self::Null => 0,
            Self::Int(_) | Self::Real(_) => 1,
            Self::Text(_) => 2,
        };
        match (self, other) {
            (Self::Int(a), Self::Int(b)) => a.cmp(b),
            (Self::Text(a), Self::Text(b)) => a.cmp(b),
            (Self::Int(_) | Self::Real(_), Self::Int(_) | Self::Real(_)) => {
                let (a, b) = (self.as_number(), other.as_number());
                a.partial_cmp(&b).unwrap_or(Ordering::Equal)
            }
            _ => rank(self).cmp(&rank(other)),
        }
    }
}

/// The balance as the API shows it. The column is `NUMERIC(10,2)` but SQLite keeps the float
/// as sent; SQLAlchemy formats it with `"%.2f"` on the way out, and the view turns that back
/// into a float. Rust's `{:.2}` rounds the exact binary value as `%` does.
pub(crate) fn shown(balance: f64) -> f64 {
    if balance.is_finite() {
        format!("{balance:.2}").parse().unwrap_or(balance)
    } else {
        balance
    }
}

/// `Decimal("%.2f" % loaded) == x`, exact as Python compares a Decimal with a float: only a
/// balance of whole quarters can equal a float, since no other 2-place decimal is binary.
pub(crate) fn loaded_balance_equals(loaded: f64, x: f64) -> bool {
    if !loaded.is_finite() || !x.is_finite() {
        return loaded == x;
    }
    let Ok(cents) = format!("{loaded:.2}").replace('.', "").parse::<i128>() else {
        return false;
    };
    let quarters = x * 4.0;
    // Exact: scaling by 4 keeps every bit, and a whole float below 1e38 converts to an i128
    // without loss.
    cents % 25 == 0
        && quarters.fract() == 0.0
        && quarters.abs() < 1e38
        && quarters as i128 == cents / 25
}

/// A JSON number or boolean as Python compares it with other numbers; `None` for the rest.
fn python_number(value: &Value) -> Option<f64> {
    match value {
        Value::Bool(b) => Some(f64::from(u8::from(*b))),
        Value::Number(n) => n.as_f64(),
        _ => None,
    }
}

/// An instant as the API writes it: ISO-8601, no zone, whole seconds.
pub(crate) fn iso(t: NaiveDateTime) -> String {
    t.format("%Y-%m-%dT%H:%M:%S").to_string()
}

/// An instant as Python's `isoformat` writes it: with microseconds unless they are zero.
pub(crate) fn iso_micro(t: NaiveDateTime) -> String {
    if t.nanosecond() / 1000 == 0 {
        iso(t)
    } else {
        t.format("%Y-%m-%dT%H:%M:%S%.6f").to_string()
    }
}

/// The server's clock reading as it stores it: naive UTC, whole seconds.
pub(crate) fn stamp(now: DateTime<Utc>) -> NaiveDateTime {
    now.naive_utc().trunc_subsecs(0)
}

/// A text column: strings as sent, numbers and booleans as SQLite's text affinity stores them,
/// null as NULL. Lists and objects cannot be bound at all.
fn text(value: &Value) -> Result<Option<String>, RouteError> {
    match value {
        Value::Null => Ok(None),
        Value::String(s) => Ok(Some(s.clone())),
        Value::Bool(b) => Ok(Some(if *b { "1" } else { "0" }.to_owned())),
        Value::Number(n) => Ok(Some(match n.as_i64() {
            Some(i) => i.to_string(),
            None => float_repr(n.as_f64().unwrap_or(f64::NAN)),
        })),
        Value::Array(_) | Value::Object(_) => Err(unbindable(value)),
    }
}

fn required_text(column: &str, value: &Value) -> Result<String, RouteError> {
    text(value)?.ok_or_else(|| not_null(column))
}

/// The balance column: SQLAlchemy's Numeric binds through Python's `float()`. SQLite then
/// stores NaN as NULL.
fn float(value: &Value) -> Result<Option<f64>, RouteError> {
    if value.is_null() {
        return Ok(None);
    }
    // SQLAlchemy names the exception it wraps.
    let x = python_float(value).map_err(|refused| {
        let kind = match refused {
            NotAFloat::Text(_) => "ValueError",
            NotAFloat::Type(_) => "TypeError",
        };
        RouteError::Crash(format!("(builtins.{kind}) {refused}"))
    })?;
    Ok(if x.is_nan() { None } else { Some(x) })
}

/// Why Python's `float()` refused a value; `/balance` answers the two differently.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum NotAFloat {
    /// Text that is not a number.
    #[error("could not convert string to float: '{0}'")]
    Text(String),
    /// A list, an object or `None`.
    #[error("float() argument must be a string or a real number, not '{0}'")]
    Type(&'static str),
}

/// Python's `float()` of a JSON value: numbers and booleans as they are; text with surrounding
/// white space, `_` between digits, and `inf`, `infinity` or `nan` in any case.
pub(crate) fn python_float(value: &Value) -> Result<f64, NotAFloat> {
    match value {
        Value::Bool(b) => Ok(f64::from(u8::from(*b))),
        Value::Number(n) => Ok(n.as_f64().unwrap_or(f64::NAN)),
        Value::String(s) => float_text(s).ok_or_else(|| NotAFloat::Text(s.clone())),
        Value::Null | Value::Array(_) | Value::Object(_) => {
            Err(NotAFloat::Type(python_type(value)))
        }
    }
}

fn float_text(text: &str) -> Option<f64> {
    let text = text.trim();
    if let Ok(x) = text.parse() {
        return Some(x);
    }
    let bytes = text.as_bytes();
    let grouped = bytes.iter().enumerate().all(|(i, &b)| {
        b != b'_'
            || (i > 0
                && bytes[i - 1].is_ascii_digit()
                && bytes.get(i + 1).is_some_and(u8::is_ascii_digit))
    });
    if grouped {
        text.replace('_', "").parse().ok()
    } else {
        None
    }
}

/// `CustomerStatus(value)`: exactly one of the three values, or the enum's `ValueError`.
pub(crate) fn parse_status(value: &Value) -> Result<&'static str, RouteError> {
    value
        .as_str()
        .and_then(|s| STATUSES.iter().copied().find(|known| *known == s))
        .ok_or_else(|| {
            RouteError::Crash(format!("{} is not a valid CustomerStatus", py_repr(value)))
        })
}

/// A column with integer affinity: whole numbers (and text that reads as one) become integers,
/// other numbers stay real, other text is kept as text. Nothing is range-checked.
fn integer(value: &Value) -> Result<Cell, RouteError> {
    let from_float = |x: f64| {
        if x.is_nan() {
            Cell::Null
        } else if x.fract() == 0.0 && x.abs() < 9.2e18 {
            // In range and whole, so the conversion is exact.
            Cell::Int(x as i64)
        } else {
            Cell::Real(x)
        }
    };
    Ok(match value {
        Value::Null => Cell::Null,
        Value::Bool(b) => Cell::Int(i64::from(*b)),
        Value::Number(n) => match (n.as_i64(), n.as_f64()) {
            (Some(i), _) => Cell::Int(i),
            (None, Some(x)) if n.is_f64() => from_float(x),
            _ => {
                return Err(RouteError::Crash(
                    "Python int too large to convert to SQLite INTEGER".to_owned(),
                ))
            }
        },
        Value::String(s) => match s.trim().parse::<i64>() {
            Ok(i) => Cell::Int(i),
            Err(_) => s
                .trim()
                .parse::<f64>()
                .map_or_else(|_| Cell::Text(s.clone()), from_float),
        },
        Value::Array(_) | Value::Object(_) => return Err(unbindable(value)),
    })
}

/// A timestamp column, read from ISO-8601 text (with or without a zone, or a bare date) and
/// kept as naive UTC to the second, like the server's own stamps.
fn instant(value: &Value) -> Result<Option<NaiveDateTime>, RouteError> {
    let text = match value {
        Value::Null => return Ok(None),
        Value::String(s) => s,
        _ => {
            return Err(RouteError::Crash(format!(
                "fromisoformat: argument must be str, not {}",
                python_type(value)
            )))
        }
    };
    parse_instant(text)
        .map(Some)
        .ok_or_else(|| RouteError::Crash(format!("Invalid isoformat string: '{text}'")))
}

/// An ISO-8601 instant as naive UTC to the second; `None` when the text is not one.
pub(crate) fn parse_instant(text: &str) -> Option<NaiveDateTime> {
    let text = text.trim();
    let parsed = DateTime::parse_from_rfc3339(text)
        .map(|t| t.naive_utc())
        .ok()
        .or_else(|| NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f").ok())
        .or_else(|| NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S%.f").ok())
        .or_else(|| {
            NaiveDate::parse_from_str(text, "%Y-%m-%d")
                .ok()
                .and_then(|d| d.and_hms_opt(0, 0, 0))
        });
    parsed.map(|t| t.trunc_subsecs(0))
}

fn not_null(column: &str) -> RouteError {
    RouteError::Crash(format!(
        "(sqlite3.IntegrityError) NOT NULL constraint failed: customers.{column}"
    ))
}

fn unbindable(value: &Value) -> RouteError {
    RouteError::Crash(format!(
        "(sqlite3.ProgrammingError) Error binding parameter 1: type '{}' is not supported",
        python_type(value)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn row() -> Row {
        let now = parse_instant("2026-11-25T08:00:00").expect("a valid instant");
        Row::new(1, now)
    }

    #[test]
    fn the_balance_is_kept_as_sent_and_shown_to_two_places() {
        let mut row = row();
        row.set("balance", &json!(10.126))
            .expect("a float is stored");
        assert_eq!(row.balance, Some(10.126), "SQLite keeps the float as sent");
        assert_eq!(
            row.view().to_value()["balance"],
            json!(10.13),
            "the view rounds"
        );
    }

    #[test]
    fn a_balance_goes_through_python_float() {
        let mut row = row();
        for (sent, stored) in [
            (json!("12.50"), Some(12.5)),
            (json!(" 7 "), Some(7.0)),
            (json!("1_000.5"), Some(1000.5)),
            (json!(true), Some(1.0)),
            (json!("inf"), Some(f64::INFINITY)),
            (json!("nan"), None),
            (json!(1e20), Some(1e20)),
            (json!(null), None),
        ] {
            row.set("balance", &sent).expect("float() reads it");
            assert_eq!(row.balance, stored, "{sent} is stored as {stored:?}");
        }
        for refused in ["twelve", "1__0", "_1", "1_"] {
            let result = row.set("balance", &json!(refused));
            assert!(
                matches!(result, Err(RouteError::Crash(_))),
                "float('{refused}') raises"
            );
        }
    }

    #[test]
    fn integer_columns_take_what_sqlite_takes() {
        let mut row = row();
        for (sent, stored) in [
            (json!(101), Cell::Int(101)),
            (json!(-3), Cell::Int(-3)),
            (json!(50.0), Cell::Int(50)),
            (json!(50.5), Cell::Real(50.5)),
            (json!("7"), Cell::Int(7)),
            (json!("lots"), Cell::Text("lots".to_owned())),
        ] {
            row.set("usage_percentage", &sent)
                .expect("SQLite stores it");
            assert_eq!(
                row.usage_percentage, stored,
                "{sent} is stored as {stored:?}"
            );
        }
    }

    #[test]
    fn not_null_columns_refuse_null_with_a_crash() {
        let mut row = row();
        for column in ["name", "email", "phone", "status", "package"] {
            let result = row.set(column, &Value::Null);
            assert!(
                matches!(result, Err(RouteError::Crash(_))),
                "{column} is NOT NULL"
            );
        }
        assert!(
            row.set("address", &Value::Null).is_ok(),
            "address may be null"
        );
    }

    #[test]
    fn a_field_holds_what_python_finds_equal_to_what_was_loaded() {
        let mut row = row();
        row.set("balance", &json!(12.5)).expect("a float");
        row.set("usage_percentage", &json!(2)).expect("an int");
        for (key, value, holds, why) in [
            (
                "balance",
                json!(12.5),
                true,
                "a whole number of quarters is exact",
            ),
            (
                "balance",
                json!("12.5"),
                false,
                "text never equals a Decimal",
            ),
            ("balance", json!(null), false, "None is not a Decimal"),
            ("usage_percentage", json!(2), true, "the same int"),
            ("usage_percentage", json!(2.0), true, "2.0 == 2 in Python"),
            (
                "usage_percentage",
                json!("2"),
                false,
                "text never equals an int",
            ),
            ("address", json!(null), true, "still None"),
            ("name", json!(""), true, "the empty name of a fresh row"),
            ("name", json!(5), false, "an int never equals text"),
        ] {
            assert_eq!(row.holds(key, &value), holds, "{key} = {value}: {why}");
        }
        row.set("balance", &json!(12.35)).expect("a float");
        assert!(
            !row.holds("balance", &json!(12.35)),
            "Decimal('12.35') != 12.35: no float is exactly 12.35"
        );
        row.set("balance", &json!(0.001)).expect("a float");
        assert!(
            !row.holds("balance", &json!(0.001)),
            "loaded as Decimal('0.00'), which 0.001 is not"
        );
        assert!(
            row.holds("balance", &json!(0)),
            "and which 0 is, though 0.001 is stored"
        );
    }

    #[test]
    fn a_status_is_parsed_as_the_enum_is_called() {
        assert_eq!(parse_status(&json!("pending")).ok(), Some("pending"));
        for refused in [json!("Active"), json!(""), json!(null), json!(1)] {
            assert!(
                parse_status(&refused).is_err(),
                "CustomerStatus({refused}) raises ValueError"
            );
        }
        let Err(RouteError::Crash(text)) = parse_status(&json!("closed")) else {
            panic!("an unknown status is a crash");
        };
        assert_eq!(
            text, "'closed' is not a valid CustomerStatus",
            "Python's message"
        );
    }

    #[test]
    fn only_the_three_statuses_pass_the_enum() {
        let mut row = row();
        row.status = "Active".to_owned();
        assert!(row.check_status().is_err(), "the enum is case-sensitive");
        row.status = "pending".to_owned();
        assert!(row.check_status().is_ok());
    }

    #[test]
    fn sqlite_orders_null_then_numbers_then_text() {
        let mut cells = [
            Cell::Text("a".to_owned()),
            Cell::Real(2.5),
            Cell::Null,
            Cell::Int(2),
        ];
        cells.sort_by(Cell::cmp_sqlite);
        assert_eq!(
            cells,
            [
                Cell::Null,
                Cell::Int(2),
                Cell::Real(2.5),
                Cell::Text("a".to_owned())
            ]
        );
    }

    #[test]
    fn instants_are_read_in_iso_forms_and_kept_in_utc_seconds() {
        let expected = parse_instant("2026-11-25T05:00:00").expect("naive form");
        for text in [
            "2026-11-25T08:00:00+03:00",
            "2026-11-25T05:00:00Z",
            "2026-11-25 05:00:00",
            "2026-11-25T05:00:00.999",
        ] {
            let read = instant(&json!(text)).expect("an ISO instant");
            assert_eq!(read, Some(expected), "{text} is 05:00:00 UTC to the second");
        }
        assert!(instant(&json!("yesterday")).is_err());
    }
}
