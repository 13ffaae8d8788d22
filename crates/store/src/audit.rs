//! The audit trail: who changed which customer, when, and each field before → after.

use crate::codec::{instant, micros};
use crate::tracked::{diff, tracked_values, FieldChange};
use crate::{Error, Result};
use chrono::{DateTime, Utc};
use infora_domain::{Customer, CustomerId, Operator, Page, PageRequest};
use serde::Serialize;
use serde_json::{Map, Value};
use sqlx::{Row, SqliteConnection};
use ts_rs::TS;

/// Who made a change: a signed-in user, or a part of the system (`demo`, `import`, `sync`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(transparent)]
#[ts(export)]
pub struct Actor(String);

impl Actor {
    pub fn new(name: impl Into<String>) -> Self {
        let name = name.into();
        let name = name.trim();
        Self(if name.is_empty() {
            "unknown".to_owned()
        } else {
            name.to_owned()
        })
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A change made at the desk names the operator who made it (the history shows the name).
impl From<&Operator> for Actor {
    fn from(operator: &Operator) -> Self {
        Self::new(operator.name.as_str())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
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

/// One entry of a customer's history.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct CustomerChange {
    #[ts(type = "string")]
    pub at: DateTime<Utc>,
    pub actor: Actor,
    pub action: Action,
    /// Field name → before/after.
    pub changes: Vec<(String, FieldChange)>,
}

/// The stored form of a change set (see `migrations/0003_customer_changes.sql`): an update keeps
/// `{field: {before, after}}`, a deletion the last values, a creation nothing (its values are
/// derived when the history is read).
pub(crate) fn changes_json(
    action: Action,
    before: Option<&Customer>,
    after: Option<&Customer>,
) -> Result<String> {
    let value = match (action, before, after) {
        (Action::Created, _, Some(_)) => Value::Object(Map::new()),
        (Action::Deleted, Some(before), _) => Value::Object(tracked_values(before)?),
        (Action::Updated, Some(before), Some(after)) => Value::Object(
            diff(before, after)?
                .into_iter()
                .map(|(f, c)| (f, serde_json::json!({"before": c.before, "after": c.after})))
                .collect(),
        ),
        _ => {
            return Err(Error::Internal(
                "an audit entry without the values it records".into(),
            ))
        }
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

/// One stored row of the trail.
struct Entry {
    at: DateTime<Utc>,
    actor: Actor,
    action: Action,
    changes: Map<String, Value>,
}

fn entry(row: &sqlx::sqlite::SqliteRow) -> Result<Entry> {
    let changes: &str = row.try_get("changes")?;
    Ok(Entry {
        at: instant(row.try_get("at")?)?,
        actor: Actor::new(row.try_get::<String, _>("actor")?),
        action: Action::parse(row.try_get("action")?)?,
        changes: serde_json::from_str(changes).map_err(|e| Error::Internal(e.to_string()))?,
    })
}

/// The values a customer was created with: the latest values (the row, or the deletion's
/// snapshot) with every update undone, newest first.
async fn initial_values(
    conn: &mut SqliteConnection,
    customer: CustomerId,
    current: Option<&Customer>,
) -> Result<Map<String, Value>> {
    let rows = sqlx::query("SELECT at, actor, action, changes FROM customer_changes WHERE customer_id = ? ORDER BY seq DESC")
        .bind(customer.as_uuid())
        .fetch_all(&mut *conn)
        .await?;
    let entries = rows.iter().map(entry).collect::<Result<Vec<_>>>()?;
    let mut values = match entries.first() {
        Some(last) if last.action == Action::Deleted => last.changes.clone(),
        _ => match current {
            Some(current) => tracked_values(current)?,
            None => Map::new(),
        },
    };
    for update in entries.iter().filter(|e| e.action == Action::Updated) {
        for (field, change) in &update.changes {
            values.insert(
                field.clone(),
                change.get("before").cloned().unwrap_or(Value::Null),
            );
        }
    }
    Ok(values)
}

/// A customer's history, newest first. It outlives the customer: a deleted customer's history
/// can still be read.
/// `current` is the customer's row, if it still has one (a creation's values are derived from
/// it).
pub async fn history(
    conn: &mut SqliteConnection,
    customer: CustomerId,
    current: Option<&Customer>,
    page: PageRequest,
) -> Result<Page<CustomerChange>> {
    let total: i64 =
        sqlx::query_scalar("SELECT count(*) FROM customer_changes WHERE customer_id = ?")
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
    let mut items = Vec::with_capacity(rows.len());
    for row in &rows {
        let entry = entry(row)?;
        let pairs: Vec<(String, FieldChange)> = match entry.action {
            Action::Created => {
                FieldChange::all_created(initial_values(conn, customer, current).await?).collect()
            }
            Action::Deleted => FieldChange::all_deleted(entry.changes).collect(),
            Action::Updated => entry
                .changes
                .into_iter()
                .map(|(field, change)| {
                    let change = serde_json::from_value(change)
                        .map_err(|e| Error::Internal(e.to_string()))?;
                    Ok((field, change))
                })
                .collect::<Result<_>>()?,
        };
        items.push(CustomerChange {
            at: entry.at,
            actor: entry.actor,
            action: entry.action,
            changes: pairs,
        });
    }
    Ok(Page::new(items, total as u64, page))
}
