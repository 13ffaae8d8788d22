//! The table `sync_conflicts`: what changed on the desk and on central to different values since
//! the last sync, waiting for a person, and how a person settles it.

use super::merge::FieldConflict;
use super::outbox::{self, OutboxEntry};
use super::patch_from;
use crate::codec::{instant, micros};
use crate::notices::{self, NoticeKind};
use crate::{customers, Actor, Error, FieldChange, Result, Store};
use chrono::{DateTime, Utc};
use infora_domain::{CustomerId, Money, PhoneRegion};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use sqlx::sqlite::SqliteRow;
use sqlx::{Row, SqliteConnection};
use std::collections::{BTreeMap, BTreeSet};
use ts_rs::TS;
use uuid::Uuid;

/// What a desk and central disagree on.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum Disagreement {
    /// One field changed on both sides to different values.
    Field(FieldConflict),
    /// Central deleted the customer while it had changes here.
    DeletedOnCentral,
    /// A payment or a void was written to central, the answer was lost, and central's balance
    /// is now neither the one read before the write nor the one written: only a person can
    /// tell whether central has it.
    LostAnswer(LostAnswer),
}

/// What a person needs to tell whether central has a payment or void whose answer was lost.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct LostAnswer {
    /// The outbox entry it is about.
    #[ts(type = "number")]
    pub seq: i64,
    /// What the payment or void changes the balance by (a payment lowers it).
    #[ts(type = "string")]
    pub change: Money,
    /// Central's balance just before the write, and the balance written.
    #[ts(type = "string")]
    pub read: Money,
    #[ts(type = "string")]
    pub aimed: Money,
    /// Central's balance when the desk looked again.
    #[ts(type = "string")]
    pub now: Money,
}

/// How the table stores [`Disagreement::DeletedOnCentral`] and [`Disagreement::LostAnswer`]
/// in its `field` column (a field name never starts with `*`). Known to this module only.
const DELETION_ROW: &str = "*";
const LOST_ANSWER_ROW: &str = "*balance";

impl Disagreement {
    fn on(&self) -> ConflictOn {
        match self {
            Self::Field(f) => ConflictOn::Field(f.field.clone()),
            Self::DeletedOnCentral => ConflictOn::Deletion,
            Self::LostAnswer(_) => ConflictOn::LostAnswer,
        }
    }
}

/// Which of a customer's conflicts: a field, its deletion on central, or a payment whose
/// answer was lost.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ConflictOn {
    Field(String),
    Deletion,
    LostAnswer,
}

impl ConflictOn {
    fn row_key(&self) -> &str {
        match self {
            Self::Field(field) => field,
            Self::Deletion => DELETION_ROW,
            Self::LostAnswer => LOST_ANSWER_ROW,
        }
    }
}

impl std::fmt::Display for ConflictOn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Field(field) => f.write_str(field),
            Self::Deletion => f.write_str("deletion"),
            Self::LostAnswer => f.write_str("lost answer"),
        }
    }
}

/// A conflict waiting for a person, with who it is about.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Conflict {
    pub customer_id: CustomerId,
    pub customer_name: String,
    pub about: Disagreement,
    #[ts(type = "string")]
    pub found_at: DateTime<Utc>,
}

/// What of one customer waits in conflicts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Conflicted {
    /// Central deleted the customer while it was changed here.
    pub deleted_on_central: bool,
    /// A payment's answer was lost and central's balance has moved since: a person decides.
    pub lost_answer: bool,
    /// The fields in conflict.
    pub fields: BTreeSet<String>,
}

/// How a person settles a conflict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Resolution {
    KeepMine,
    TakeTheirs,
}

/// Records a conflict (again: a newer one on the same field replaces the values). A new one is
/// told to the desk's people (a notice).
pub async fn record(
    conn: &mut SqliteConnection,
    now: DateTime<Utc>,
    customer: CustomerId,
    about: &Disagreement,
) -> Result<()> {
    let known: Option<i64> =
        sqlx::query_scalar("SELECT 1 FROM sync_conflicts WHERE customer_id = ? AND field = ?")
            .bind(customer.as_uuid())
            .bind(about.on().row_key())
            .fetch_optional(&mut *conn)
            .await?;
    if known.is_none() {
        tell(conn, now, customer, about).await?;
    }
    // A deletion row has no values: what it is about is its key. A lost answer keeps what
    // the desk did in `mine` and central's balance now in `theirs`.
    let (mine, theirs) = match about {
        Disagreement::Field(f) => (f.mine.clone(), f.theirs.clone()),
        Disagreement::DeletedOnCentral => (Value::Null, Value::Null),
        Disagreement::LostAnswer(lost) => (
            serde_json::json!({"seq": lost.seq, "change": lost.change, "read": lost.read,
                               "aimed": lost.aimed}),
            serde_json::json!(lost.now),
        ),
    };
    sqlx::query(
        "INSERT INTO sync_conflicts (customer_id, field, mine, theirs, found_at) VALUES (?, ?, ?, ?, ?) \
         ON CONFLICT (customer_id, field) DO UPDATE SET mine = excluded.mine, theirs = excluded.theirs",
    )
    .bind(customer.as_uuid())
    .bind(about.on().row_key())
    .bind(mine.to_string())
    .bind(theirs.to_string())
    .bind(micros(now))
    .execute(conn)
    .await?;
    Ok(())
}

/// A new conflict, in words for a notice.
async fn tell(
    conn: &mut SqliteConnection,
    now: DateTime<Utc>,
    customer: CustomerId,
    about: &Disagreement,
) -> Result<()> {
    let name: Option<String> = sqlx::query_scalar("SELECT name FROM customers WHERE id = ?")
        .bind(customer.as_uuid())
        .fetch_optional(&mut *conn)
        .await?;
    let name = name.unwrap_or_else(|| "A customer".to_owned());
    let body = match about {
        Disagreement::Field(f) => format!(
            "{name}'s {} was changed here and on the central system to different values. \
             Choose which to keep under Sync → Conflicts.",
            f.field.replace('_', " ")
        ),
        Disagreement::DeletedOnCentral => format!(
            "The central system deleted {name} while they were changed here. Decide under \
             Sync → Conflicts."
        ),
        Disagreement::LostAnswer(_) => format!(
            "A payment for {name} was sent to the central system and its answer was lost. Say \
             whether central has it under Sync → Conflicts."
        ),
    };
    let title = format!("Conflict: {name}");
    notices::record(
        conn,
        now,
        NoticeKind::SyncConflict,
        Some(customer),
        &title,
        &body,
    )
    .await
}

/// What of a customer waits in conflicts.
pub async fn of_customer(conn: &mut SqliteConnection, customer: CustomerId) -> Result<Conflicted> {
    let keys: Vec<String> =
        sqlx::query_scalar("SELECT field FROM sync_conflicts WHERE customer_id = ?")
            .bind(customer.as_uuid())
            .fetch_all(conn)
            .await?;
    let mut conflicted = Conflicted::default();
    for key in keys {
        if key == DELETION_ROW {
            conflicted.deleted_on_central = true;
        } else if key == LOST_ANSWER_ROW {
            conflicted.lost_answer = true;
        } else {
            conflicted.fields.insert(key);
        }
    }
    Ok(conflicted)
}

fn conflict(row: &SqliteRow) -> Result<Conflict> {
    let parse = |column: &str| -> Result<Value> {
        let text: &str = row.try_get(column)?;
        serde_json::from_str(text).map_err(|e| Error::Internal(e.to_string()))
    };
    let key: String = row.try_get("field")?;
    let about = if key == DELETION_ROW {
        Disagreement::DeletedOnCentral
    } else if key == LOST_ANSWER_ROW {
        Disagreement::LostAnswer(lost_answer(&parse("mine")?, &parse("theirs")?)?)
    } else {
        Disagreement::Field(FieldConflict {
            field: key,
            mine: parse("mine")?,
            theirs: parse("theirs")?,
        })
    };
    Ok(Conflict {
        customer_id: CustomerId::from_uuid(row.try_get::<Uuid, _>("customer_id")?),
        customer_name: row
            .try_get::<Option<String>, _>("name")?
            .unwrap_or_else(|| "a deleted customer".to_owned()),
        about,
        found_at: instant(row.try_get("found_at")?)?,
    })
}

fn lost_answer(mine: &Value, theirs: &Value) -> Result<LostAnswer> {
    let broken = || {
        Error::Internal(format!(
            "a stored lost answer does not read: {mine} {theirs}"
        ))
    };
    let money = |value: &Value| {
        value
            .as_str()
            .and_then(|text| Money::parse("balance", text).ok())
            .ok_or_else(broken)
    };
    Ok(LostAnswer {
        seq: mine["seq"].as_i64().ok_or_else(broken)?,
        change: money(&mine["change"])?,
        read: money(&mine["read"])?,
        aimed: money(&mine["aimed"])?,
        now: money(theirs)?,
    })
}

const CONFLICT_SQL: &str =
    "SELECT k.customer_id, k.field, k.mine, k.theirs, k.found_at, c.name FROM sync_conflicts k \
     LEFT JOIN customers c ON c.id = k.customer_id";

pub async fn list(conn: &mut SqliteConnection) -> Result<Vec<Conflict>> {
    let sql = format!("{CONFLICT_SQL} ORDER BY k.found_at, k.field");
    let rows = sqlx::query(&sql).fetch_all(conn).await?;
    rows.iter().map(conflict).collect()
}

async fn take(
    conn: &mut SqliteConnection,
    customer: CustomerId,
    on: &ConflictOn,
) -> Result<Disagreement> {
    let sql = format!("{CONFLICT_SQL} WHERE k.customer_id = ? AND k.field = ?");
    let row = sqlx::query(&sql)
        .bind(customer.as_uuid())
        .bind(on.row_key())
        .fetch_optional(&mut *conn)
        .await?
        .ok_or_else(|| Error::NotFound {
            what: "conflict",
            id: format!("{customer}/{on}"),
        })?;
    let found = conflict(&row)?;
    sqlx::query("DELETE FROM sync_conflicts WHERE customer_id = ? AND field = ?")
        .bind(customer.as_uuid())
        .bind(on.row_key())
        .execute(&mut *conn)
        .await?;
    Ok(found.about)
}

pub async fn count(conn: &mut SqliteConnection) -> Result<u64> {
    let n: i64 = sqlx::query_scalar("SELECT count(*) FROM sync_conflicts")
        .fetch_one(conn)
        .await?;
    Ok(n as u64)
}

/// Settles one conflict as a person chose.
///
/// - Keep mine, a field: central's value becomes what our change is based on, so the push
///   sends ours over it.
/// - Take theirs, a field: central's value is written here and our change of that field is
///   dropped.
/// - Keep mine, deleted on central: the customer is created on central again (its old entries
///   give way to one create with today's values).
/// - Take theirs, deleted on central: the customer is removed here too.
/// - A lost answer: keep mine sends the payment again, relative to central's balance then;
///   take theirs says central has it (see [`outbox::adjust::settle_lost`]).
pub async fn resolve(
    conn: &mut SqliteConnection,
    now: DateTime<Utc>,
    actor: &Actor,
    region: PhoneRegion,
    customer: CustomerId,
    on: &ConflictOn,
    resolution: Resolution,
) -> Result<()> {
    let found = match take(conn, customer, on).await? {
        Disagreement::Field(found) => found,
        Disagreement::LostAnswer(lost) => {
            return outbox::adjust::settle_lost(conn, now, customer, &lost, resolution).await
        }
        Disagreement::DeletedOnCentral => {
            let local = customers::get(conn, customer).await?;
            return match resolution {
                Resolution::TakeTheirs => {
                    outbox::drop_open(conn, customer).await?;
                    customers::purge(conn, now, actor, &local).await
                }
                Resolution::KeepMine => {
                    outbox::drop_open(conn, customer).await?;
                    customers::set_central_id(conn, customer, None).await?;
                    let local = customers::get(conn, customer).await?;
                    outbox::created(conn, now, &local).await
                }
            };
        }
    };
    let field = found.field.as_str();
    let entries = outbox::open_entries(conn, customer).await?;
    match resolution {
        Resolution::KeepMine => {
            if let Some(first) = entries.iter().find(|e| e.changes.contains_key(field)) {
                let mut changes = first.changes.clone();
                if let Some(change) = changes.get_mut(field) {
                    change.before = found.theirs.clone();
                }
                outbox::rewrite(conn, now, first, &changes).await?;
            } else {
                // Found after the change had gone (central stored another value than the one
                // sent): ours is sent again, over theirs.
                let local = customers::get(conn, customer).await?;
                let change = FieldChange {
                    before: found.theirs.clone(),
                    after: found.mine.clone(),
                };
                outbox::updated(conn, now, &local, vec![(field.to_owned(), change)]).await?;
            }
        }
        Resolution::TakeTheirs => {
            for entry in entries.iter().filter(|e| e.changes.contains_key(field)) {
                let changes = without(entry, field);
                outbox::rewrite(conn, now, entry, &changes).await?;
            }
            let take = Map::from_iter([(field.to_owned(), found.theirs.clone())]);
            let patch = patch_from(&take, region)?;
            customers::update(conn, now, actor, customer, &patch).await?;
        }
    }
    Ok(())
}

fn without(entry: &OutboxEntry, field: &str) -> BTreeMap<String, FieldChange> {
    let mut changes = entry.changes.clone();
    changes.remove(field);
    changes
}

impl Store {
    pub async fn conflicts(&self) -> Result<Vec<Conflict>> {
        let mut conn = self.reader.acquire().await?;
        list(&mut conn).await
    }

    /// What of a customer waits in conflicts.
    pub async fn conflicts_of(&self, customer: CustomerId) -> Result<Conflicted> {
        let mut conn = self.reader.acquire().await?;
        of_customer(&mut conn, customer).await
    }

    pub async fn conflict_count(&self) -> Result<u64> {
        let mut conn = self.reader.acquire().await?;
        count(&mut conn).await
    }

    pub async fn resolve_conflict(
        &self,
        actor: &Actor,
        customer: CustomerId,
        on: &ConflictOn,
        resolution: Resolution,
    ) -> Result<()> {
        let mut tx = self.begin().await?;
        resolve(
            &mut tx,
            self.now(),
            actor,
            self.region,
            customer,
            on,
            resolution,
        )
        .await?;
        Ok(tx.commit().await?)
    }
}
