//! The outbox: every local change to a customer, written in the transaction that makes it, and
//! the states it passes through on its way to the central API (see
//! `migrations/0004_sync.sql`).
//!
//! pending → in flight → done, or → refused (central will not take it as it is; the user
//! retries or discards it). A retryable failure puts an in-flight entry back to pending with a
//! later `next_attempt_at`. An entry found in flight after a restart may or may not have reached
//! central; the push treats it as "maybe applied" (see the sync crate).

pub mod adjust;
pub mod hold;

use super::apply_merge;
use super::central_actor;
use super::merge::FieldConflict;
use crate::codec::{instant, micros};
use crate::notices::{self, NoticeKind};
use crate::tracked::{tracked_values, FieldChange};
use crate::{customers, Actor, Clash, Error, Result, Store};
use chrono::{DateTime, Utc};
use hold::hold;
use infora_domain::{Customer, CustomerId, Page, PageRequest, PhoneRegion};
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
    /// A payment or a void taken here: a change relative to central's balance (see
    /// [`adjust`]).
    Adjust,
}

impl Operation {
    fn as_str(self) -> &'static str {
        match self {
            Self::Create => "create",
            Self::Update => "update",
            Self::Delete => "delete",
            Self::Adjust => "adjust",
        }
    }

    fn parse(raw: &str) -> Result<Self> {
        match raw {
            "create" => Ok(Self::Create),
            "update" => Ok(Self::Update),
            "delete" => Ok(Self::Delete),
            "adjust" => Ok(Self::Adjust),
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
    pub(crate) fn parse(raw: &str) -> Result<Self> {
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
    pub central_id: Option<i64>,
    pub operation: Operation,
    /// Field → the value the change was based on, and the value it set.
    pub changes: BTreeMap<String, FieldChange>,
    pub state: EntryState,
    pub attempts: u32,
    #[ts(type = "string")]
    pub next_attempt_at: DateTime<Utc>,
    /// Why the last attempt failed, or why central refused it.
    pub last_error: Option<String>,
    #[ts(type = "string")]
    pub created_at: DateTime<Utc>,
    /// What a pending entry waits for before it can be sent, in words for the queue (filled
    /// in by [`list_open`] only).
    pub waiting_for: Option<String>,
    /// An adjust entry's last write to central: the balance it read there and the one it wrote.
    pub aimed: Option<adjust::Aim>,
}

/// How many entries wait in each open state.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct OutboxCounts {
    pub pending: u64,
    pub in_flight: u64,
    pub refused: u64,
}

const ENTRY_COLUMNS: &str = "o.seq, o.customer_id, o.central_id, o.operation, o.changes, o.state, \
    o.attempts, o.next_attempt_at, o.last_error, o.created_at, o.aimed_from_cents, o.aimed_to_cents, \
    c.name AS current_name";

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
        central_id: row.try_get("central_id")?,
        operation: Operation::parse(row.try_get("operation")?)?,
        changes,
        state: EntryState::parse(row.try_get("state")?)?,
        attempts: row.try_get::<i64, _>("attempts")?.try_into().unwrap_or(0),
        next_attempt_at: instant(row.try_get("next_attempt_at")?)?,
        last_error: row.try_get("last_error")?,
        created_at: instant(row.try_get("created_at")?)?,
        waiting_for: None,
        aimed: adjust::Aim::read(row)?,
    })
}

fn to_json(changes: &BTreeMap<String, FieldChange>) -> Result<String> {
    serde_json::to_string(changes).map_err(|e| Error::Internal(e.to_string()))
}

async fn insert(
    conn: &mut SqliteConnection,
    now: DateTime<Utc>,
    customer: CustomerId,
    central_id: Option<i64>,
    operation: Operation,
    changes: &BTreeMap<String, FieldChange>,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO outbox (customer_id, central_id, operation, changes, next_attempt_at, created_at, updated_at) \
         VALUES (?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(customer.as_uuid())
    .bind(central_id)
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
    let changes = FieldChange::all_created(tracked_values(customer)?).collect();
    insert(
        conn,
        now,
        customer.id,
        customer.central_id,
        Operation::Create,
        &changes,
    )
    .await
}

/// `created` for many customers at once (an import), many rows per statement.
pub(crate) async fn created_many(
    conn: &mut SqliteConnection,
    now: DateTime<Utc>,
    customers: &[Customer],
) -> Result<()> {
    // 7 parameters a row: 500 rows stay under SQLite's limit.
    for chunk in customers.chunks(500) {
        let mut query = sqlx::QueryBuilder::<sqlx::Sqlite>::new(
            "INSERT INTO outbox (customer_id, central_id, operation, changes, next_attempt_at, created_at, updated_at) ",
        );
        let rows = chunk
            .iter()
            .map(|c| {
                let changes: BTreeMap<String, FieldChange> =
                    FieldChange::all_created(tracked_values(c)?).collect();
                Ok((c, to_json(&changes)?))
            })
            .collect::<Result<Vec<_>>>()?;
        query.push_values(rows, |mut row, (c, changes)| {
            row.push_bind(c.id.as_uuid())
                .push_bind(c.central_id)
                .push_bind(Operation::Create.as_str())
                .push_bind(changes)
                .push_bind(micros(now))
                .push_bind(micros(now))
                .push_bind(micros(now));
        });
        query.build().execute(&mut *conn).await?;
    }
    Ok(())
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
        customer.central_id,
        Operation::Update,
        &changes,
    )
    .await
}

/// Records a local deletion. A customer that never left this device (no central id, and no
/// attempt ever made to send it) needs nothing sent: its open entries are dropped instead.
pub(crate) async fn deleted(
    conn: &mut SqliteConnection,
    now: DateTime<Utc>,
    customer: &Customer,
) -> Result<()> {
    if customer.central_id.is_none() {
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
    let changes = FieldChange::all_deleted(tracked_values(customer)?).collect();
    insert(
        conn,
        now,
        customer.id,
        customer.central_id,
        Operation::Delete,
        &changes,
    )
    .await
}

/// The entries the push may send now, oldest first: pending (or left in flight by a crash),
/// due, the first of their customer still on its way, and not held by a refusal or a conflict
/// they depend on (see [`hold_of`]).
pub async fn due(
    conn: &mut SqliteConnection,
    now: DateTime<Utc>,
    limit: u32,
) -> Result<Vec<OutboxEntry>> {
    // The flags say when the entry must be checked against its customer's other entries and
    // conflicts: most entries are their customer's only one, and cost no further query; one
    // behind another on its way simply waits its turn, unless a conflict parked that one.
    let sql = format!(
        "SELECT {ENTRY_COLUMNS}, \
           EXISTS (SELECT 1 FROM outbox p WHERE p.customer_id = o.customer_id AND p.seq < o.seq \
                   AND p.state IN ('pending', 'in_flight')) AS behind_open, \
           EXISTS (SELECT 1 FROM outbox p WHERE p.customer_id = o.customer_id AND p.seq < o.seq \
                   AND p.state = 'refused') AS behind_refused, \
           EXISTS (SELECT 1 FROM sync_conflicts k WHERE k.customer_id = o.customer_id) AS in_conflict \
         FROM outbox o LEFT JOIN customers c ON c.id = o.customer_id \
         WHERE o.state IN ('pending', 'in_flight') AND o.next_attempt_at <= ? AND o.seq > ? \
         ORDER BY o.seq LIMIT ?"
    );
    let mut found = Vec::new();
    let mut after = 0_i64;
    loop {
        let rows = sqlx::query(&sql)
            .bind(micros(now))
            .bind(after)
            .bind(i64::from(limit))
            .fetch_all(&mut *conn)
            .await?;
        let last_page = rows.len() < limit as usize;
        for row in &rows {
            let candidate = entry(row)?;
            after = candidate.seq;
            let behind_open: bool = row.try_get("behind_open")?;
            let in_conflict: bool = row.try_get("in_conflict")?;
            if behind_open && !in_conflict {
                continue;
            }
            let check = in_conflict || row.try_get::<bool, _>("behind_refused")?;
            if check && hold(conn, &candidate).await?.is_some() {
                continue;
            }
            found.push(candidate);
            if found.len() >= limit as usize {
                return Ok(found);
            }
        }
        if last_page {
            return Ok(found);
        }
    }
}

/// How many of the first open entries [`next_due_at`] looks at: a desk's queue is usually far
/// shorter; past it (a large import waiting) the engine may sleep up to its periodic round.
const NEXT_DUE_SCAN: u32 = 1000;

/// When the next entry that can be sent falls due, if any (the engine sleeps until then).
/// Entries held back by a refusal or a conflict are not counted: they wait for a person, not
/// for a time.
pub async fn next_due_at(conn: &mut SqliteConnection) -> Result<Option<DateTime<Utc>>> {
    let sendable = due(conn, DateTime::<Utc>::MAX_UTC, NEXT_DUE_SCAN).await?;
    Ok(sendable.iter().map(|e| e.next_attempt_at).min())
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

/// Central has it (or no longer needs it).
pub async fn finish(conn: &mut SqliteConnection, seq: i64, now: DateTime<Utc>) -> Result<()> {
    set_state(conn, seq, now, "state = 'done'", None).await
}

/// Central will not take it as it is; it waits for the user, who is told (a notice).
pub async fn refuse(
    conn: &mut SqliteConnection,
    seq: i64,
    now: DateTime<Utc>,
    reason: &str,
) -> Result<()> {
    set_state(conn, seq, now, "state = 'refused'", Some(reason)).await?;
    let entry = get(&mut *conn, seq).await?;
    let title = format!("Refused: {}", entry.customer_name);
    notices::record(
        conn,
        now,
        NoticeKind::SyncRefused,
        Some(entry.customer_id),
        &title,
        reason,
    )
    .await
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

/// The user asks to send a refused (or waiting) entry again, now. A pending entry that is held
/// back is not changed: the error says what it waits for.
pub async fn retry_now(conn: &mut SqliteConnection, seq: i64, now: DateTime<Utc>) -> Result<()> {
    let entry = get(&mut *conn, seq).await?;
    if entry.state == EntryState::Pending {
        if let Some(held) = hold(&mut *conn, &entry).await? {
            return Err(Clash::Waiting {
                reason: held.message(),
            }
            .into());
        }
    }
    let set = format!("state = 'pending', next_attempt_at = {}", micros(now));
    set_state(conn, seq, now, &set, None).await
}

/// Every refused entry, sent again at the next push. Returns how many.
pub async fn retry_refused(conn: &mut SqliteConnection, now: DateTime<Utc>) -> Result<u64> {
    let done = sqlx::query(
        "UPDATE outbox SET state = 'pending', next_attempt_at = ?, last_error = NULL, updated_at = ? \
         WHERE state = 'refused'",
    )
    .bind(micros(now))
    .bind(micros(now))
    .execute(conn)
    .await?;
    Ok(done.rows_affected())
}

/// Every refused entry given up (see [`discard`]). Returns how many.
pub async fn discard_refused(
    conn: &mut SqliteConnection,
    now: DateTime<Utc>,
    actor: &Actor,
    region: PhoneRegion,
) -> Result<u64> {
    let seqs: Vec<i64> =
        sqlx::query_scalar("SELECT seq FROM outbox WHERE state = 'refused' ORDER BY seq")
            .fetch_all(&mut *conn)
            .await?;
    let mut discarded = 0;
    for seq in seqs {
        // An earlier discarded create may have taken this one with it.
        if get(&mut *conn, seq).await.is_ok() {
            discard(&mut *conn, now, actor, region, seq).await?;
            discarded += 1;
        }
    }
    Ok(discarded)
}

/// The user gives up on an entry. Giving up on a creation gives up on the customer's later
/// entries too: without the customer on central they have nothing to apply to. Giving up on
/// an update puts the desk back where central is for the fields no later change sets (so desk
/// and central agree), and bases the later changes of its other fields on central's value.
pub async fn discard(
    conn: &mut SqliteConnection,
    now: DateTime<Utc>,
    actor: &Actor,
    region: PhoneRegion,
    seq: i64,
) -> Result<()> {
    let entry = get(&mut *conn, seq).await?;
    if entry.state == EntryState::Done {
        return Ok(());
    }
    if entry.operation == Operation::Create && entry.central_id.is_none() {
        sqlx::query("DELETE FROM outbox WHERE customer_id = ? AND state <> 'done'")
            .bind(entry.customer_id.as_uuid())
            .execute(conn)
            .await?;
        return Ok(());
    }
    sqlx::query("DELETE FROM outbox WHERE seq = ?")
        .bind(seq)
        .execute(&mut *conn)
        .await?;
    if entry.operation != Operation::Update {
        return Ok(());
    }
    // Each field's value before the discarded change: a later change of the field is now
    // based on it; with no later change, the desk returns to it.
    let mut bases: BTreeMap<String, Value> = entry
        .changes
        .iter()
        .map(|(f, c)| (f.clone(), c.before.clone()))
        .collect();
    for later in open_entries(&mut *conn, entry.customer_id).await? {
        if later.seq < seq {
            continue;
        }
        let mut changes = later.changes.clone();
        let mut rebased = false;
        for (field, change) in &mut changes {
            if let Some(base) = bases.remove(field) {
                change.before = base;
                rebased = true;
            }
        }
        if rebased {
            rewrite(&mut *conn, now, &later, &changes).await?;
        }
    }
    let Ok(current) = crate::customers::get(&mut *conn, entry.customer_id).await else {
        return Ok(());
    };
    let values = tracked_values(&current)?;
    let revert: Map<String, Value> = bases
        .into_iter()
        .filter(|(f, _)| entry.changes.get(f).map(|c| &c.after) == values.get(f))
        .collect();
    if !revert.is_empty() {
        let patch = infora_domain::CustomerPatch::from_json(&Value::Object(revert), region)
            .map_err(|e| Error::Internal(format!("a discarded value no longer parses: {e}")))?;
        crate::customers::update(conn, now, actor, entry.customer_id, &patch).await?;
    }
    Ok(())
}

/// Folds a customer's later open updates into its create, before the create's first attempt:
/// an edit made before the first sync then goes with the create (central's update route would
/// ignore some of its fields, such as the package).
pub async fn fold_into_create(
    conn: &mut SqliteConnection,
    now: DateTime<Utc>,
    seq: i64,
) -> Result<()> {
    let create = get(&mut *conn, seq).await?;
    if create.operation != Operation::Create || create.state == EntryState::Done {
        return Ok(());
    }
    let mut changes = create.changes.clone();
    let mut folded = Vec::new();
    for later in open_entries(&mut *conn, create.customer_id).await? {
        if later.seq <= seq {
            continue;
        }
        if later.operation != Operation::Update {
            break;
        }
        for (field, change) in &later.changes {
            changes
                .entry(field.clone())
                .and_modify(|c| c.after = change.after.clone())
                .or_insert_with(|| change.clone());
        }
        folded.push(later.seq);
    }
    if folded.is_empty() {
        return Ok(());
    }
    rewrite(&mut *conn, now, &create, &changes).await?;
    for later in folded {
        sqlx::query("DELETE FROM outbox WHERE seq = ?")
            .bind(later)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Keeps only `changes` of an entry (the part a push could not send, waiting for a person),
/// pending, with a note saying why.
pub async fn keep_only(
    conn: &mut SqliteConnection,
    now: DateTime<Utc>,
    entry: &OutboxEntry,
    changes: &BTreeMap<String, FieldChange>,
    note: &str,
) -> Result<()> {
    rewrite(&mut *conn, now, entry, changes).await?;
    if !changes.is_empty() {
        let set = format!("state = 'pending', next_attempt_at = {}", micros(now));
        set_state(conn, entry.seq, now, &set, Some(note)).await?;
    }
    Ok(())
}

/// Central's id for a customer, once a create is acknowledged (or found): on the row and on
/// every entry of the customer, so that later updates and a deletion know where to go.
pub async fn link_central(
    conn: &mut SqliteConnection,
    customer: CustomerId,
    central_id: i64,
) -> Result<()> {
    customers::set_central_id(conn, customer, Some(central_id)).await?;
    sqlx::query("UPDATE outbox SET central_id = ? WHERE customer_id = ?")
        .bind(central_id)
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

/// What a customer's open updates change together: per field, the value the first of them was
/// based on and the value the last of them set. (A deletion changes no field; a create is not
/// on central to merge with.)
pub fn combined(entries: &[OutboxEntry]) -> BTreeMap<String, FieldChange> {
    let mut fields: BTreeMap<String, FieldChange> = BTreeMap::new();
    for entry in entries.iter().filter(|e| e.operation == Operation::Update) {
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
        .fetch_all(&mut *conn)
        .await?;
    let mut items = rows.iter().map(entry).collect::<Result<Vec<_>>>()?;
    for item in &mut items {
        if item.state == EntryState::Pending {
            item.waiting_for = hold(&mut *conn, item).await?.map(|h| h.message());
        }
    }
    Ok(Page::new(items, total as u64, page))
}

/// Forgets entries done before `before`. The queue screen shows open entries only; done ones
/// are kept a while (see the engine) to tell what reached central when, then go.
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

/// Drops a customer's open entries (central deleted the customer: they have nothing to apply
/// to, or they give way to one new create).
pub(crate) async fn drop_open(conn: &mut SqliteConnection, customer: CustomerId) -> Result<()> {
    sqlx::query("DELETE FROM outbox WHERE customer_id = ? AND state <> 'done'")
        .bind(customer.as_uuid())
        .execute(conn)
        .await?;
    Ok(())
}

/// A customer's create turned out to be on central already (its answer was lost): done.
pub(crate) async fn finish_creates(
    conn: &mut SqliteConnection,
    now: DateTime<Utc>,
    customer: CustomerId,
) -> Result<()> {
    sqlx::query(
        "UPDATE outbox SET state = 'done', last_error = NULL, updated_at = ? \
         WHERE customer_id = ? AND operation = 'create' AND state <> 'done'",
    )
    .bind(micros(now))
    .bind(customer.as_uuid())
    .execute(conn)
    .await?;
    Ok(())
}

impl Store {
    /// The entries the push may send now (see [`due`]).
    pub async fn outbox_due(&self, limit: u32) -> Result<Vec<OutboxEntry>> {
        let mut conn = self.reader.acquire().await?;
        due(&mut conn, self.now(), limit).await
    }

    /// When the next entry that can be sent falls due (see [`next_due_at`]).
    pub async fn outbox_next_due_at(&self) -> Result<Option<DateTime<Utc>>> {
        let mut conn = self.reader.acquire().await?;
        next_due_at(&mut conn).await
    }

    pub async fn outbox_entry(&self, seq: i64) -> Result<OutboxEntry> {
        let mut conn = self.reader.acquire().await?;
        get(&mut conn, seq).await
    }

    /// Marks an entry in flight, committed before its request is sent: after a crash, an
    /// entry still in flight is known to have maybe reached central.
    pub async fn outbox_start(&self, seq: i64) -> Result<()> {
        let mut tx = self.begin().await?;
        start(&mut tx, seq, self.now()).await?;
        Ok(tx.commit().await?)
    }

    pub async fn outbox_finish(&self, seq: i64) -> Result<()> {
        let mut tx = self.begin().await?;
        finish(&mut tx, seq, self.now()).await?;
        Ok(tx.commit().await?)
    }

    pub async fn outbox_refuse(&self, seq: i64, reason: &str) -> Result<()> {
        let mut tx = self.begin().await?;
        refuse(&mut tx, seq, self.now(), reason).await?;
        Ok(tx.commit().await?)
    }

    pub async fn outbox_retry_at(&self, seq: i64, at: DateTime<Utc>, error: &str) -> Result<()> {
        let mut tx = self.begin().await?;
        retry_at(&mut tx, seq, self.now(), at, error).await?;
        Ok(tx.commit().await?)
    }

    /// Forgets the entries that reached central before `before` (see [`prune_done`]).
    pub async fn outbox_prune_done(&self, before: DateTime<Utc>) -> Result<u64> {
        let mut tx = self.begin().await?;
        let pruned = prune_done(&mut tx, before).await?;
        tx.commit().await?;
        Ok(pruned)
    }

    /// The user's "retry": a refused or waiting entry is sent at the next push. One held back
    /// by something else is refused with what it waits for ([`crate::Clash::Waiting`]).
    pub async fn outbox_retry(&self, seq: i64) -> Result<()> {
        let mut tx = self.begin().await?;
        retry_now(&mut tx, seq, self.now()).await?;
        Ok(tx.commit().await?)
    }

    /// The user's "discard" (see [`discard`]).
    pub async fn outbox_discard(&self, actor: &Actor, seq: i64) -> Result<()> {
        let mut tx = self.begin().await?;
        discard(&mut tx, self.now(), actor, self.region, seq).await?;
        Ok(tx.commit().await?)
    }

    /// "Retry all": every refused entry goes again at the next push. Returns how many.
    pub async fn outbox_retry_refused(&self) -> Result<u64> {
        let mut tx = self.begin().await?;
        let n = retry_refused(&mut tx, self.now()).await?;
        tx.commit().await?;
        Ok(n)
    }

    /// "Discard all": every refused entry given up. Returns how many.
    pub async fn outbox_discard_refused(&self, actor: &Actor) -> Result<u64> {
        let mut tx = self.begin().await?;
        let n = discard_refused(&mut tx, self.now(), actor, self.region).await?;
        tx.commit().await?;
        Ok(n)
    }

    /// Before a create's first attempt: the customer's later updates go with it (see
    /// [`fold_into_create`]).
    pub async fn outbox_fold_into_create(&self, seq: i64) -> Result<()> {
        let mut tx = self.begin().await?;
        fold_into_create(&mut tx, self.now(), seq).await?;
        Ok(tx.commit().await?)
    }

    /// What a push sent is done; what it could not send (`left`, fields in conflict) stays in
    /// the entry, pending, with `note` (see [`keep_only`]).
    pub async fn outbox_keep_only(
        &self,
        entry: &OutboxEntry,
        left: &BTreeMap<String, FieldChange>,
        note: &str,
    ) -> Result<()> {
        let mut tx = self.begin().await?;
        keep_only(&mut tx, self.now(), entry, left, note).await?;
        Ok(tx.commit().await?)
    }

    /// An entry central now holds, with what central decided for the customer applied in the
    /// same transaction: its values for the fields it owns (`take`) and the fields it stored
    /// otherwise than sent (`conflicts`).
    pub async fn outbox_finish_taking(
        &self,
        entry: &OutboxEntry,
        take: &Map<String, Value>,
        conflicts: &[FieldConflict],
    ) -> Result<()> {
        let mut tx = self.begin().await?;
        let now = self.now();
        apply_merge(
            &mut tx,
            now,
            &central_actor(),
            self.region,
            entry.customer_id,
            take,
            conflicts,
        )
        .await?;
        finish(&mut tx, entry.seq, now).await?;
        Ok(tx.commit().await?)
    }

    pub async fn outbox_counts(&self) -> Result<OutboxCounts> {
        let mut conn = self.reader.acquire().await?;
        counts(&mut conn).await
    }

    pub async fn outbox_open(&self, page: PageRequest) -> Result<Page<OutboxEntry>> {
        let mut conn = self.reader.acquire().await?;
        list_open(&mut conn, page).await
    }

    pub async fn outbox_open_for(&self, customer: CustomerId) -> Result<Vec<OutboxEntry>> {
        let mut conn = self.reader.acquire().await?;
        open_entries(&mut conn, customer).await
    }

    /// Central's id for a created customer, as soon as it is known (the entry finishes
    /// separately, once everything it holds is on central).
    pub async fn outbox_link(&self, customer: CustomerId, central_id: i64) -> Result<()> {
        let mut tx = self.begin().await?;
        link_central(&mut tx, customer, central_id).await?;
        Ok(tx.commit().await?)
    }
}
