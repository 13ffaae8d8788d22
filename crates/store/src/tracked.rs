//! The fields of a customer that history records and sync compares and sends, in the store's
//! JSON form, and what changed between two versions. Shared by the audit trail, the outbox and
//! the merge, so it belongs to none of them.

use crate::{Error, Result};
use infora_domain::Customer;
use serde::Serialize;
use serde_json::{Map, Value};
use ts_rs::TS;

/// One field's value before and after a change (`null` where there was none).
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize, TS)]
#[ts(export)]
pub struct FieldChange {
    pub before: Value,
    pub after: Value,
}

impl FieldChange {
    /// Every tracked value as set by a creation (based on nothing).
    pub fn all_created(values: Map<String, Value>) -> impl Iterator<Item = (String, Self)> {
        let change = |after| Self {
            before: Value::Null,
            after,
        };
        values.into_iter().map(move |(f, v)| (f, change(v)))
    }

    /// Every tracked value as ended by a deletion.
    pub fn all_deleted(values: Map<String, Value>) -> impl Iterator<Item = (String, Self)> {
        let change = |before| Self {
            before,
            after: Value::Null,
        };
        values.into_iter().map(move |(f, v)| (f, change(v)))
    }
}

/// The fields a person edits; bookkeeping (id, version, timestamps) is not history. Sync
/// compares and sends these same fields.
pub const TRACKED: [&str; 11] = [
    "name",
    "email",
    "phone",
    "address",
    "status",
    "join_date",
    "balance",
    "package",
    "usage_percentage",
    "device_count",
    "last_payment_date",
];

/// A customer's tracked fields in the store's JSON form (what history records and sync compares).
pub fn tracked_values(customer: &Customer) -> Result<Map<String, Value>> {
    let Value::Object(all) =
        serde_json::to_value(customer).map_err(|e| Error::Internal(e.to_string()))?
    else {
        return Err(Error::Internal(
            "a customer did not serialise to an object".into(),
        ));
    };
    Ok(TRACKED
        .iter()
        .map(|&f| (f.to_owned(), all.get(f).cloned().unwrap_or(Value::Null)))
        .collect())
}

/// The tracked fields that differ between `before` and `after`, with both values.
pub(crate) fn diff(before: &Customer, after: &Customer) -> Result<Vec<(String, FieldChange)>> {
    let (old, new) = (tracked_values(before)?, tracked_values(after)?);
    Ok(TRACKED
        .iter()
        .filter(|&&f| old[f] != new[f])
        .map(|&f| {
            let change = FieldChange {
                before: old[f].clone(),
                after: new[f].clone(),
            };
            (f.to_owned(), change)
        })
        .collect())
}
