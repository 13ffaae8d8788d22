//! How domain values sit in SQLite columns: instants as microseconds, money as cents, ids as
//! 16-byte UUIDs. Reading back re-checks the cheap invariants: a row that breaks them is a
//! corrupt store (an internal error), never a panic.

use crate::{Error, Result};
use chrono::{DateTime, Utc};
use infora_domain::{
    Address, Customer, CustomerId, CustomerName, CustomerStatus, DeviceCount, Email, Money,
    Package, Phone, UsagePercentage,
};
use sqlx::sqlite::SqliteRow;
use sqlx::Row;
use std::borrow::Cow;
use uuid::Uuid;

pub(crate) fn micros(at: DateTime<Utc>) -> i64 {
    at.timestamp_micros()
}

pub(crate) fn instant(micros: i64) -> Result<DateTime<Utc>> {
    DateTime::from_timestamp_micros(micros)
        .ok_or_else(|| Error::Internal(format!("stored instant {micros} is out of range")))
}

pub(crate) fn optional_instant(micros: Option<i64>) -> Result<Option<DateTime<Utc>>> {
    micros.map(instant).transpose()
}

/// A stored value that no longer parses: the file was changed behind our back.
fn corrupt(what: &str, error: impl std::fmt::Display) -> Error {
    Error::Internal(format!("stored {what} is invalid: {error}"))
}

/// The customer columns, in the order `customer` reads them.
pub(crate) const CUSTOMER_COLUMNS: &str =
    "id, central_id, version, name, email, phone, address, status, \
    join_date, balance_cents, package, usage_percentage, device_count, last_payment_date, \
    created_at, updated_at";

/// The same columns qualified with a table alias `c`.
pub(crate) const CUSTOMER_COLUMNS_C: &str =
    "c.id, c.central_id, c.version, c.name, c.email, c.phone, \
    c.address, c.status, c.join_date, c.balance_cents, c.package, c.usage_percentage, \
    c.device_count, c.last_payment_date, c.created_at, c.updated_at";

/// The customer columns as one JSON array per row, in `Stored`'s order (the id as hex: JSON
/// holds no blobs), for reading many rows in one value (see `list::for_each`).
pub(crate) const CUSTOMER_JSON_C: &str =
    "json_array(hex(c.id), c.central_id, c.version, c.name, c.email, c.phone, c.address, \
    c.status, c.join_date, c.balance_cents, c.package, c.usage_percentage, c.device_count, \
    c.last_payment_date, c.created_at, c.updated_at)";

/// A customer's columns as stored, before their invariants are re-checked. The text borrows
/// from the row, or from the JSON where it holds no escapes: every list page and every export
/// row passes through here.
#[derive(serde::Deserialize)]
pub(crate) struct Stored<'a> {
    #[serde(deserialize_with = "hex_uuid")]
    id: Uuid,
    central_id: Option<i64>,
    version: i64,
    #[serde(borrow)]
    name: Cow<'a, str>,
    #[serde(borrow)]
    email: Cow<'a, str>,
    #[serde(borrow)]
    phone: Cow<'a, str>,
    address: Option<Cow<'a, str>>,
    #[serde(borrow)]
    status: Cow<'a, str>,
    join_date: i64,
    balance_cents: i64,
    #[serde(borrow)]
    package: Cow<'a, str>,
    usage_percentage: i64,
    device_count: i64,
    last_payment_date: Option<i64>,
    created_at: i64,
    updated_at: i64,
}

fn hex_uuid<'de, D: serde::Deserializer<'de>>(hex: D) -> std::result::Result<Uuid, D::Error> {
    let hex: &str = serde::Deserialize::deserialize(hex)?;
    Uuid::try_parse(hex).map_err(serde::de::Error::custom)
}

pub(crate) fn customer(row: &SqliteRow) -> Result<Customer> {
    Stored {
        id: row.try_get("id")?,
        central_id: row.try_get("central_id")?,
        version: row.try_get("version")?,
        name: Cow::Borrowed(row.try_get("name")?),
        email: Cow::Borrowed(row.try_get("email")?),
        phone: Cow::Borrowed(row.try_get("phone")?),
        address: row
            .try_get::<Option<&str>, _>("address")?
            .map(Cow::Borrowed),
        status: Cow::Borrowed(row.try_get("status")?),
        join_date: row.try_get("join_date")?,
        balance_cents: row.try_get("balance_cents")?,
        package: Cow::Borrowed(row.try_get("package")?),
        usage_percentage: row.try_get("usage_percentage")?,
        device_count: row.try_get("device_count")?,
        last_payment_date: row.try_get("last_payment_date")?,
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
    }
    .customer()
}

impl Stored<'_> {
    pub(crate) fn customer(self) -> Result<Customer> {
        Ok(Customer {
            id: CustomerId::from_uuid(self.id),
            central_id: self.central_id,
            version: self.version,
            name: CustomerName::parse(&self.name).map_err(|e| corrupt("name", e))?,
            email: Email::parse(&self.email).map_err(|e| corrupt("email", e))?,
            phone: Phone::from_e164(&self.phone).map_err(|e| corrupt("phone", e))?,
            address: self
                .address
                .as_deref()
                .map(Address::parse_optional)
                .transpose()
                .map_err(|e| corrupt("address", e))?
                .flatten(),
            status: CustomerStatus::parse(&self.status).map_err(|e| corrupt("status", e))?,
            join_date: instant(self.join_date)?,
            balance: Money::from_cents(self.balance_cents).map_err(|e| corrupt("balance", e))?,
            package: Package::parse(&self.package).map_err(|e| corrupt("package", e))?,
            usage_percentage: UsagePercentage::new(self.usage_percentage)
                .map_err(|e| corrupt("usage", e))?,
            device_count: DeviceCount::new(self.device_count).map_err(|e| corrupt("devices", e))?,
            last_payment_date: optional_instant(self.last_payment_date)?,
            created_at: instant(self.created_at)?,
            updated_at: instant(self.updated_at)?,
        })
    }
}

/// Binds `items` as the `(…)` of an `IN`, one placeholder each (callers keep each batch under
/// SQLite's parameter limit).
pub(crate) fn in_list<'q, T>(
    query: &mut sqlx::QueryBuilder<'q, sqlx::Sqlite>,
    items: impl IntoIterator<Item = T>,
) where
    T: 'q + sqlx::Encode<'q, sqlx::Sqlite> + sqlx::Type<sqlx::Sqlite> + Send,
{
    query.push("(");
    let mut list = query.separated(", ");
    for item in items {
        list.push_bind(item);
    }
    query.push(")");
}
