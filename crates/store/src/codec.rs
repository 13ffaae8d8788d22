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

pub(crate) fn customer(row: &SqliteRow) -> Result<Customer> {
    let id: Uuid = row.try_get("id")?;
    let address: Option<String> = row.try_get("address")?;
    Ok(Customer {
        id: CustomerId::from_uuid(id),
        central_id: row.try_get("central_id")?,
        version: row.try_get("version")?,
        name: CustomerName::parse(row.try_get("name")?).map_err(|e| corrupt("name", e))?,
        email: Email::parse(row.try_get("email")?).map_err(|e| corrupt("email", e))?,
        phone: Phone::from_e164(row.try_get("phone")?).map_err(|e| corrupt("phone", e))?,
        address: address
            .as_deref()
            .map(Address::parse_optional)
            .transpose()
            .map_err(|e| corrupt("address", e))?
            .flatten(),
        status: CustomerStatus::parse(row.try_get("status")?).map_err(|e| corrupt("status", e))?,
        join_date: instant(row.try_get("join_date")?)?,
        balance: Money::from_cents(row.try_get("balance_cents")?)
            .map_err(|e| corrupt("balance", e))?,
        package: Package::parse(row.try_get("package")?).map_err(|e| corrupt("package", e))?,
        usage_percentage: UsagePercentage::new(row.try_get("usage_percentage")?)
            .map_err(|e| corrupt("usage", e))?,
        device_count: DeviceCount::new(row.try_get("device_count")?)
            .map_err(|e| corrupt("devices", e))?,
        last_payment_date: optional_instant(row.try_get("last_payment_date")?)?,
        created_at: instant(row.try_get("created_at")?)?,
        updated_at: instant(row.try_get("updated_at")?)?,
    })
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
