//! The audit trail: who changed which customer, when, and each field before → after.

use crate::codec::{instant, micros};
use crate::{Error, Result};
use chrono::{DateTime, Utc};
use infora_domain::{Customer, CustomerId, Page, PageRequest};
use serde::Serialize;
use serde_json::{Map, Value};
use sqlx::{Row, SqliteConnection};

/// Who made a change: a signed-in user, or a part of the system (`demo`, `import`, `sync`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Actor(String);

impl Actor {
    pub fn new(name: impl Into<String>) -> Self {
        let name = name.into();
        let name = name.trim();
        Self(if name.is_empty() { "unknown".to_owned() } else { name.to_owned() })
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    Created,
    Updated,
    Deleted,
}

impl Action {
    fn as_str(&self) -> &'static str {
        match self {
            Self::Created => "created",
            Self::Updated => "updated",
            Self::Deleted => "deleted",
        }
    }

    fn parse(raw: &str) -> Result<Self> {
        match raw {
            "created" => Ok(Self::Created),
            "updated" => Ok(Self::Updated),
            "deleted" => Ok(Self::Deleted),
            other => Err(Error::Internal(format!("unknown audit action {other:?}"))),
        }
    }
}

/// One field's value before and after a change (`null` where there was none).
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct FieldChange {
    pub before: Value,
    pub after: Value,
}

/// One entry of a customer's history.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CustomerChange {
    pub at: DateTime<Utc>,
    pub actor: Actor,
    pub action: Action,
    /// Field name → before/after.
    pub changes: Vec<(String, FieldChange)>,
}

/// The fields a person edits; bookkeeping (id, version, timestamps) is not history.
const TRACKED: [&str; 11] = [
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

fn tracked_values(customer: &Customer) -> Result<Map<String, Value>> {
    let Value::Object(all) = serde_json::to_value(customer).map_err(|e| Error::Internal(e.to_string()))? else {
        return Err(Error::Internal("a customer did not serialise to an object".into()));
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

/// The stored form of a change set. A creation keeps the initial values and a deletion the last
/// ones, each as a plain `{field: value}` map; an update keeps `{field: {before, after}}`.
pub(crate) fn changes_json(action: Action, before: Option<&Customer>, after: Option<&Customer>) -> Result<String> {
    let value = match (action, before, after) {
        (Action::Created, _, Some(after)) => Value::Object(tracked_values(after)?),
        (Action::Deleted, Some(before), _) => Value::Object(tracked_values(before)?),
        (Action::Updated, Some(before), Some(after)) => Value::Object(
            diff(before, after)?
                .into_iter()
                .map(|(f, c)| (f, serde_json::json!({"before": c.before, "after": c.after})))
                .collect(),
        ),
        _ => return Err(Error::Internal("an audit entry without the values it records".into())),
    };
    Ok(value.to_string())
}

pub(crate) async fn record(
    conn: &mut SqliteConnection,
    customer: CustomerId,
    at: DateTime<Utc>,
    actor: &Actor,
    action: Action,
    changes: String,
) -> Result<()> {
    sqlx::query("INSERT INTO customer_changes (customer_id, at, actor, action, changes) VALUES (?, ?, ?, ?, ?)")
        .bind(customer.as_uuid())
        .bind(micros(at))
        .bind(actor.as_str())
        .bind(action.as_str())
        .bind(changes)
        .execute(conn)
        .await?;
    Ok(())
}

/// Reads a stored change set back as before/after pairs.
fn parse_changes(action: Action, raw: &str) -> Result<Vec<(String, FieldChange)>> {
    let map: Map<String, Value> = serde_json::from_str(raw).map_err(|e| Error::Internal(e.to_string()))?;
    map.into_iter()
        .map(|(field, value)| {
            let change = match action {
                Action::Created => FieldChange { before: Value::Null, after: value },
                Action::Deleted => FieldChange { before: value, after: Value::Null },
                Action::Updated => serde_json::from_value(value).map_err(|e| Error::Internal(e.to_string()))?,
            };
            Ok((field, change))
        })
        .collect()
}

/// A customer's history, newest first. It outlives the customer: a deleted customer's history
/// can still be read.
pub async fn history(conn: &mut SqliteConnection, customer: CustomerId, page: PageRequest) -> Result<Page<CustomerChange>> {
    let total: i64 = sqlx::query_scalar("SELECT count(*) FROM customer_changes WHERE customer_id = ?")
        .bind(customer.as_uuid())
        .fetch_one(&mut *conn)
        .await?;
    let rows = sqlx::query(
        "SELECT at, actor, action, changes FROM customer_changes WHERE customer_id = ? \
         ORDER BY seq DESC LIMIT ? OFFSET ?",
    )
    .bind(customer.as_uuid())
    .bind(i64::from(page.per_page()))
    .bind(page.offset() as i64)
    .fetch_all(&mut *conn)
    .await?;
    let items = rows
        .iter()
        .map(|row| {
            let action = Action::parse(row.try_get("action")?)?;
            Ok(CustomerChange {
                at: instant(row.try_get("at")?)?,
                actor: Actor::new(row.try_get::<String, _>("actor")?),
                action,
                changes: parse_changes(action, row.try_get("changes")?)?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(Page::new(items, total as u64, page))
}
