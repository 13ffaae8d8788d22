//! The outbox: every local change to a customer, written in the transaction that makes it, and
//! the states it passes through on its way to the central API (see
//! `migrations/0004_sync.sql`).
//!
//! pending → in flight → done, or → refused (the server will not take it as it is; the user
//! retries or discards it). A retryable failure puts an in-flight entry back to pending with a
//! later `next_attempt_at`. An entry found in flight after a restart may or may not have reached
//! the server; the push treats it as "maybe applied" (see the sync crate).

use crate::audit::{tracked_values, FieldChange};
use crate::codec::{instant, micros};
use crate::{Error, Result};
use chrono::{DateTime, Utc};
use infora_domain::{Customer, CustomerId, Page, PageRequest};
use serde::Serialize;
use serde_json::{Map, Value};
use sqlx::sqlite::SqliteRow;
use sqlx::{Row, SqliteConnection};
use std::collections::BTreeMap;
use ts_rs::TS;
use uuid::Uuid;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Operation {
    Create,
    Update,
    Delete,
}

impl Operation {
    fn as_str(self) -> &'static str {
        match self {
            Self::Create => "create",
            Self::Update => "update",
            Self::Delete => "delete",
        }
    }

    fn parse(raw: &str) -> Result<Self> {
        match raw {
            "create" => Ok(Self::Create),
            "update" => Ok(Self::Update),
            "delete" => Ok(Self::Delete),
            other => Err(Error::Internal(format!(
                "unknown outbox operation {other:?}"
            ))),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum EntryState {
    Pending,
    InFlight,
    Done,
    Refused,
}

impl EntryState {
    fn parse(raw: &str) -> Result<Self> {
        match raw {
            "pending" => Ok(Self::Pending),
            "in_flight" => Ok(Self::InFlight),
            "done" => Ok(Self::Done),
            "refused" => Ok(Self::Refused),
            other => Err(Error::Internal(format!("unknown outbox state {other:?}"))),
        }
    }
}

/// One local change on its way to the central API.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct OutboxEntry {
    #[ts(type = "number")]
    pub seq: i64,
    pub customer_id: CustomerId,
    /// Who the change is about, for people: the customer's name now, or as it was.
    pub customer_name: String,
    pub remote_id: Option<i64>,
    pub operation: Operation,
    /// Field → the value the change was based on, and the value it set.
    pub changes: BTreeMap<String, FieldChange>,
    pub state: EntryState,
    pub attempts: u32,
    #[ts(type = "string")]
    pub next_attempt_at: DateTime<Utc>,
    /// Why the last attempt failed, or why the server refused it.
    pub last_error: Option<String>,
    #[ts(type = "string")]
    pub created_at: DateTime<Utc>,
}

/// How many entries wait in each open state.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct OutboxCounts {
    pub pending: u64,
    pub in_flight: u64,
    pub refused: u64,
}

const ENTRY_COLUMNS: &str = "o.seq, o.customer_id, o.remote_id, o.operation, o.changes, o.state, \
    o.attempts, o.next_attempt_at, o.last_error, o.created_at, c.name AS current_name";

fn entry(row: &SqliteRow) -> Result<OutboxEntry> {
    let changes: &str = row.try_get("changes")?;
    let changes: BTreeMap<String, FieldChange> =
        serde_json::from_str(changes).map_err(|e| Error::Internal(e.to_string()))?;
    let current: Option<String> = row.try_get("current_name")?;
    let customer_name = current
        .or_else(|| {
            changes.get("name").and_then(|c| {
                c.after
                    .as_str()
                    .or_else(|| c.before.as_str())
                    .map(str::to_owned)
            })
        })
        .unwrap_or_else(|| "a deleted customer".to_owned());
    Ok(OutboxEntry {
        seq: row.try_get("seq")?,
        customer_id: CustomerId::from_uuid(row.try_get::<Uuid, _>("customer_id")?),
        customer_name,
        remote_id: row.try_get("remote_id")?,
        operation: Operation::parse(row.try_get("operation")?)?,
        changes,
        state: EntryState::parse(row.try_get("state")?)?,
        attempts: row.try_get::<i64, _>("attempts")?.try_into().unwrap_or(0),
        next_attempt_at: instant(row.try_get("next_attempt_at")?)?,
        last_error: row.try_get("last_error")?,
        created_at: instant(row.try_get("created_at")?)?,
    })
}

fn to_json(changes: &BTreeMap<String, FieldChange>) -> Result<String> {
    serde_json::to_string(changes).map_err(|e| Error::Internal(e.to_string()))
}

async fn insert(
    conn: &mut SqliteConnection,
    now: DateTime<Utc>,
    customer: CustomerId,
    remote_id: Option<i64>,
    operation: Operation,
    changes: &BTreeMap<String, FieldChange>,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO outbox (customer_id, remote_id, operation, changes, next_attempt_at, created_at, updated_at) \
         VALUES (?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(customer.as_uuid())
    .bind(remote_id)
    .bind(operation.as_str())
    .bind(to_json(changes)?)
    .bind(micros(now))
    .bind(micros(now))
    .bind(micros(now))
    .execute(conn)
    .await?;
    Ok(())
}

/// Records a local creation: every tracked field, based on nothing.
pub(crate) async fn created(
    conn: &mut SqliteConnection,
    now: DateTime<Utc>,
    customer: &Customer,
) -> Result<()> {
    let changes = tracked_values(customer)?
        .into_iter()
        .map(|(field, after)| {
            (
                field,
                FieldChange {
                    before: Value::Null,
                    after,
                },
            )
        })
        .collect();
    insert(
        conn,
        now,
        customer.id,
        customer.remote_id,
        Operation::Create,
        &changes,
    )
    .await
}

/// Records a local update of the given fields.
pub(crate) async fn updated(
    conn: &mut SqliteConnection,
    now: DateTime<Utc>,
    customer: &Customer,
    changes: Vec<(String, FieldChange)>,
) -> Result<()> {
    if changes.is_empty() {
        return Ok(());
    }
    let changes = changes.into_iter().collect();
    insert(
        conn,
        now,
        customer.id,
        customer.remote_id,
        Operation::Update,
        &changes,
    )
    .await
}

/// Records a local deletion. A customer that never left this device (no server id, and no
/// attempt ever made to send it) needs nothing sent: its open entries are dropped instead.
pub(crate) async fn deleted(
    conn: &mut SqliteConnection,
    now: DateTime<Utc>,
    customer: &Customer,
) -> Result<()> {
    if customer.remote_id.is_none() {
        let attempted: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM outbox WHERE customer_id = ? AND (attempts > 0 OR state = 'done')",
        )
        .bind(customer.id.as_uuid())
        .fetch_one(&mut *conn)
        .await?;
        if attempted == 0 {
            sqlx::query("DELETE FROM outbox WHERE customer_id = ?")
                .bind(customer.id.as_uuid())
                .execute(&mut *conn)
                .await?;
            return Ok(());
        }
    }
    let changes = tracked_values(customer)?
        .into_iter()
        .map(|(field, before)| {
            (
                field,
                FieldChange {
                    before,
                    after: Value::Null,
                },
            )
        })
        .collect();
    insert(
        conn,
        now,
        customer.id,
        customer.remote_id,
        Operation::Delete,
        &changes,
    )
    .await
}

/// The entries the push may send now, oldest first: the first open entry of each customer,
/// if it is pending (or was left in flight by a crash), due, and the customer has no
/// conflict waiting for a person. A refused entry holds back its customer's later entries.
pub async fn due(
    conn: &mut SqliteConnection,
    now: DateTime<Utc>,
    limit: u32,
) -> Result<Vec<OutboxEntry>> {
    let sql = format!(
        "SELECT {ENTRY_COLUMNS} FROM outbox o LEFT JOIN customers c ON c.id = o.customer_id \
         WHERE o.state IN ('pending', 'in_flight') AND o.next_attempt_at <= ? \
           AND o.seq = (SELECT min(p.seq) FROM outbox p WHERE p.customer_id = o.customer_id AND p.state <> 'done') \
           AND NOT EXISTS (SELECT 1 FROM sync_conflicts k WHERE k.customer_id = o.customer_id) \
         ORDER BY o.seq LIMIT ?"
    );
    let rows = sqlx::query(&sql)
        .bind(micros(now))
        .bind(i64::from(limit))
        .fetch_all(conn)
        .await?;
    rows.iter().map(entry).collect()
}

/// When the next pending entry falls due, if any (the engine sleeps until then).
pub async fn next_due_at(conn: &mut SqliteConnection) -> Result<Option<DateTime<Utc>>> {
    let at: Option<i64> = sqlx::query_scalar(
        "SELECT min(next_attempt_at) FROM outbox WHERE state IN ('pending', 'in_flight')",
    )
    .fetch_one(conn)
    .await?;
    at.map(instant).transpose()
}

pub async fn get(conn: &mut SqliteConnection, seq: i64) -> Result<OutboxEntry> {
    let sql = format!(
        "SELECT {ENTRY_COLUMNS} FROM outbox o LEFT JOIN customers c ON c.id = o.customer_id WHERE o.seq = ?"
    );
    let row = sqlx::query(&sql)
        .bind(seq)
        .fetch_optional(conn)
        .await?
        .ok_or_else(|| Error::NotFound {
            what: "outbox entry",
            id: seq.to_string(),
        })?;
    entry(&row)
}

async fn set_state(
    conn: &mut SqliteConnection,
    seq: i64,
    now: DateTime<Utc>,
    sql_set: &str,
    error: Option<&str>,
) -> Result<()> {
    let sql = format!("UPDATE outbox SET {sql_set}, last_error = ?, updated_at = ? WHERE seq = ?");
    sqlx::query(&sql)
        .bind(error)
        .bind(micros(now))
        .bind(seq)
        .execute(conn)
        .await?;
    Ok(())
}

/// The entry is about to be sent: in flight, one more attempt.
pub async fn start(conn: &mut SqliteConnection, seq: i64, now: DateTime<Utc>) -> Result<()> {
    sqlx::query(
        "UPDATE outbox SET state = 'in_flight', attempts = attempts + 1, updated_at = ? WHERE seq = ?",
    )
    .bind(micros(now))
    .bind(seq)
    .execute(conn)
    .await?;
    Ok(())
}

/// The server has it (or no longer needs it).
pub async fn finish(conn: &mut SqliteConnection, seq: i64, now: DateTime<Utc>) -> Result<()> {
    set_state(conn, seq, now, "state = 'done'", None).await
}

/// The server will not take it as it is; it waits for the user.
pub async fn refuse(
    conn: &mut SqliteConnection,
    seq: i64,
    now: DateTime<Utc>,
    reason: &str,
) -> Result<()> {
    set_state(conn, seq, now, "state = 'refused'", Some(reason)).await
}

/// A failure worth retrying: pending again, not before `at`.
pub async fn retry_at(
    conn: &mut SqliteConnection,
    seq: i64,
    now: DateTime<Utc>,
    at: DateTime<Utc>,
    error: &str,
) -> Result<()> {
    let set = format!("state = 'pending', next_attempt_at = {}", micros(at));
    set_state(conn, seq, now, &set, Some(error)).await
}

/// The user asks to send a refused (or waiting) entry again, now.
pub async fn retry_now(conn: &mut SqliteConnection, seq: i64, now: DateTime<Utc>) -> Result<()> {
    let set = format!("state = 'pending', next_attempt_at = {}", micros(now));
    set_state(conn, seq, now, &set, None).await
}

/// The user gives up on an entry. Giving up on a creation gives up on the customer's later
/// entries too: without the customer on the server they have nothing to apply to.
pub async fn discard(conn: &mut SqliteConnection, seq: i64) -> Result<()> {
    let entry = get(&mut *conn, seq).await?;
    if entry.state == EntryState::Done {
        return Ok(());
    }
    if entry.operation == Operation::Create && entry.remote_id.is_none() {
        sqlx::query("DELETE FROM outbox WHERE customer_id = ? AND state <> 'done'")
            .bind(entry.customer_id.as_uuid())
            .execute(conn)
            .await?;
    } else {
        sqlx::query("DELETE FROM outbox WHERE seq = ?")
            .bind(seq)
            .execute(conn)
            .await?;
    }
    Ok(())
}

/// The server's id for a customer, once a create is acknowledged (or found): on the row and on
/// every entry of the customer, so that later updates and a deletion know where to go.
pub async fn link_remote(
    conn: &mut SqliteConnection,
    customer: CustomerId,
    remote_id: i64,
) -> Result<()> {
    sqlx::query("UPDATE customers SET remote_id = ? WHERE id = ?")
        .bind(remote_id)
        .bind(customer.as_uuid())
        .execute(&mut *conn)
        .await?;
    sqlx::query("UPDATE outbox SET remote_id = ? WHERE customer_id = ?")
        .bind(remote_id)
        .bind(customer.as_uuid())
        .execute(conn)
        .await?;
    Ok(())
}

/// A customer's open (not done) entries, oldest first.
pub async fn open_entries(
    conn: &mut SqliteConnection,
    customer: CustomerId,
) -> Result<Vec<OutboxEntry>> {
    let sql = format!(
        "SELECT {ENTRY_COLUMNS} FROM outbox o LEFT JOIN customers c ON c.id = o.customer_id \
         WHERE o.customer_id = ? AND o.state <> 'done' ORDER BY o.seq"
    );
    let rows = sqlx::query(&sql)
        .bind(customer.as_uuid())
        .fetch_all(conn)
        .await?;
    rows.iter().map(entry).collect()
}

/// What a customer's open entries change together: per field, the value the first of them was
/// based on and the value the last of them set.
pub fn combined(entries: &[OutboxEntry]) -> BTreeMap<String, FieldChange> {
    let mut fields: BTreeMap<String, FieldChange> = BTreeMap::new();
    for entry in entries {
        for (field, change) in &entry.changes {
            fields
                .entry(field.clone())
                .and_modify(|c| c.after = change.after.clone())
                .or_insert_with(|| change.clone());
        }
    }
    fields
}

/// Rewrites the changes of an open entry (conflict resolution moves a `before`, or drops a
/// field); an entry left with nothing to change is done.
pub(crate) async fn rewrite(
    conn: &mut SqliteConnection,
    now: DateTime<Utc>,
    entry: &OutboxEntry,
    changes: &BTreeMap<String, FieldChange>,
) -> Result<()> {
    if changes.is_empty() && entry.operation == Operation::Update {
        return finish(conn, entry.seq, now).await;
    }
    sqlx::query("UPDATE outbox SET changes = ?, updated_at = ? WHERE seq = ?")
        .bind(to_json(changes)?)
        .bind(micros(now))
        .bind(entry.seq)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn counts(conn: &mut SqliteConnection) -> Result<OutboxCounts> {
    let (pending, in_flight, refused): (i64, i64, i64) = sqlx::query_as(
        "SELECT coalesce(sum(state = 'pending'), 0), coalesce(sum(state = 'in_flight'), 0), \
                coalesce(sum(state = 'refused'), 0) FROM outbox WHERE state <> 'done'",
    )
    .fetch_one(conn)
    .await?;
    Ok(OutboxCounts {
        pending: pending as u64,
        in_flight: in_flight as u64,
        refused: refused as u64,
    })
}

/// The open entries (pending, in flight, refused), oldest first, a page at a time.
pub async fn list_open(
    conn: &mut SqliteConnection,
    page: PageRequest,
) -> Result<Page<OutboxEntry>> {
    let total: i64 = sqlx::query_scalar("SELECT count(*) FROM outbox WHERE state <> 'done'")
        .fetch_one(&mut *conn)
        .await?;
    let sql = format!(
        "SELECT {ENTRY_COLUMNS} FROM outbox o LEFT JOIN customers c ON c.id = o.customer_id \
         WHERE o.state <> 'done' ORDER BY o.seq LIMIT ? OFFSET ?"
    );
    let rows = sqlx::query(&sql)
        .bind(i64::from(page.per_page()))
        .bind(page.offset() as i64)
        .fetch_all(conn)
        .await?;
    let items = rows.iter().map(entry).collect::<Result<Vec<_>>>()?;
    Ok(Page::new(items, total as u64, page))
}

/// Forgets entries done before `before` (the queue screen shows open entries only).
pub async fn prune_done(conn: &mut SqliteConnection, before: DateTime<Utc>) -> Result<u64> {
    let done = sqlx::query("DELETE FROM outbox WHERE state = 'done' AND updated_at < ?")
        .bind(micros(before))
        .execute(conn)
        .await?;
    Ok(done.rows_affected())
}

/// A tracked-field map for `combined`'s callers that need the plain values.
pub fn afters(changes: &BTreeMap<String, FieldChange>) -> Map<String, Value> {
    changes
        .iter()
        .map(|(f, c)| (f.clone(), c.after.clone()))
        .collect()
}
