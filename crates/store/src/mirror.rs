//! What the central server says, applied to the store: pulled customers upserted by server id
//! (merged with local changes that have not reached it yet), pulled records that break our
//! rules kept aside, customers deleted on the server removed, and the sync engine's bookkeeping.
//!
//! Nothing here writes to the outbox: these are the server's changes, not the user's.

use crate::audit::{self, tracked_values, Action, Actor, FieldChange};
use crate::codec::{in_list, instant, micros};
use crate::customers::{self, build};
use crate::merge::{merge, FieldConflict};
use crate::outbox::{self, EntryState, OutboxEntry};
use crate::{Error, Result};
use chrono::{DateTime, Utc};
use infora_domain::{Customer, CustomerId, CustomerPatch, FieldError, NewCustomer, PhoneRegion};
use serde::Serialize;
use serde_json::{json, Map, Value};
use sqlx::{QueryBuilder, Row, Sqlite, SqliteConnection};
use std::collections::{BTreeSet, HashMap, HashSet};
use ts_rs::TS;
use uuid::Uuid;

/// A customer as the server holds it, once it has passed our rules.
#[derive(Debug, Clone, PartialEq)]
pub struct Pulled {
    pub remote_id: i64,
    /// Every field; `join_date` is always set.
    pub customer: NewCustomer,
    pub created_at: DateTime<Utc>,
}

/// A customer as the server holds it that breaks our rules: kept as sent, with the reasons.
#[derive(Debug, Clone, PartialEq)]
pub struct Rejected {
    pub remote_id: i64,
    pub raw: Value,
    pub problems: Vec<FieldError>,
}

/// A pulled record kept aside, for the sync screen.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct RejectedRecord {
    #[ts(type = "number")]
    pub remote_id: i64,
    #[ts(type = "unknown")]
    pub raw: Value,
    pub problems: Vec<FieldError>,
    #[ts(type = "string")]
    pub seen_at: DateTime<Utc>,
}

/// What applying one batch of pulled customers did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Applied {
    pub inserted: u64,
    pub updated: u64,
    pub unchanged: u64,
    /// Customers with local changes that took the server's other fields.
    pub merged: u64,
    pub conflicts: u64,
    pub rejected: u64,
}

/// A conflict waiting for a person, with who it is about.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Conflict {
    pub customer_id: CustomerId,
    pub customer_name: String,
    /// A field name, or `*` when the server deleted a customer we changed.
    pub field: String,
    #[ts(type = "unknown")]
    pub mine: Value,
    #[ts(type = "unknown")]
    pub theirs: Value,
    #[ts(type = "string")]
    pub found_at: DateTime<Utc>,
}

/// The conflict field that stands for "deleted on the server".
pub const DELETED: &str = "*";

/// How a person settles a conflict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Resolution {
    KeepMine,
    TakeTheirs,
}

const CHUNK: usize = 400;

fn patch_from(values: &Map<String, Value>, region: PhoneRegion) -> Result<CustomerPatch> {
    CustomerPatch::from_json(&Value::Object(values.clone()), region)
        .map_err(|e| Error::Internal(format!("a server value no longer parses: {e}")))
}

fn values_of(
    new: &NewCustomer,
    remote_id: i64,
    created_at: DateTime<Utc>,
) -> Result<Map<String, Value>> {
    let mut customer = build(CustomerId::new(), created_at, new);
    customer.remote_id = Some(remote_id);
    tracked_values(&customer)
}

async fn ids_by_remote(
    conn: &mut SqliteConnection,
    remote_ids: &[i64],
) -> Result<HashMap<i64, CustomerId>> {
    let mut found = HashMap::with_capacity(remote_ids.len());
    for chunk in remote_ids.chunks(CHUNK) {
        let mut query =
            QueryBuilder::<Sqlite>::new("SELECT remote_id, id FROM customers WHERE remote_id IN ");
        in_list(&mut query, chunk.iter().copied());
        for row in query.build().fetch_all(&mut *conn).await? {
            let uuid: Uuid = row.try_get("id")?;
            found.insert(row.try_get("remote_id")?, CustomerId::from_uuid(uuid));
        }
    }
    Ok(found)
}

async fn ids_by_email(
    conn: &mut SqliteConnection,
    emails: &[&str],
) -> Result<HashMap<String, (CustomerId, Option<i64>)>> {
    let mut found = HashMap::new();
    for chunk in emails.chunks(CHUNK) {
        let mut query = QueryBuilder::<Sqlite>::new(
            "SELECT email, id, remote_id FROM customers WHERE email IN ",
        );
        in_list(&mut query, chunk.iter().copied());
        for row in query.build().fetch_all(&mut *conn).await? {
            let uuid: Uuid = row.try_get("id")?;
            found.insert(
                row.try_get("email")?,
                (CustomerId::from_uuid(uuid), row.try_get("remote_id")?),
            );
        }
    }
    Ok(found)
}

/// The customers among `ids` with open outbox entries or conflicts: a pull must merge with
/// them rather than overwrite them.
async fn with_local_changes(
    conn: &mut SqliteConnection,
    ids: &[CustomerId],
) -> Result<HashSet<CustomerId>> {
    let mut found = HashSet::new();
    for chunk in ids.chunks(CHUNK) {
        let mut query = QueryBuilder::<Sqlite>::new(
            "SELECT customer_id FROM outbox WHERE state <> 'done' AND customer_id IN ",
        );
        in_list(&mut query, chunk.iter().map(|id| id.as_uuid()));
        query.push(" UNION SELECT customer_id FROM sync_conflicts WHERE customer_id IN ");
        in_list(&mut query, chunk.iter().map(|id| id.as_uuid()));
        for row in query.build().fetch_all(&mut *conn).await? {
            found.insert(CustomerId::from_uuid(row.try_get::<Uuid, _>(0)?));
        }
    }
    Ok(found)
}

pub(crate) async fn record_conflict(
    conn: &mut SqliteConnection,
    now: DateTime<Utc>,
    customer: CustomerId,
    conflict: &FieldConflict,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO sync_conflicts (customer_id, field, mine, theirs, found_at) VALUES (?, ?, ?, ?, ?) \
         ON CONFLICT (customer_id, field) DO UPDATE SET mine = excluded.mine, theirs = excluded.theirs",
    )
    .bind(customer.as_uuid())
    .bind(&conflict.field)
    .bind(conflict.mine.to_string())
    .bind(conflict.theirs.to_string())
    .bind(micros(now))
    .execute(conn)
    .await?;
    Ok(())
}

/// Applies what a merge decided for a customer: takes the server's values for the fields only
/// it changed, and records the conflicts. Returns whether anything was taken.
pub async fn apply_merge(
    conn: &mut SqliteConnection,
    now: DateTime<Utc>,
    actor: &Actor,
    region: PhoneRegion,
    customer: CustomerId,
    take: &Map<String, Value>,
    conflicts: &[FieldConflict],
) -> Result<bool> {
    for conflict in conflicts {
        record_conflict(conn, now, customer, conflict).await?;
    }
    if take.is_empty() {
        return Ok(false);
    }
    let patch = patch_from(take, region)?;
    customers::update(conn, now, actor, customer, &patch).await?;
    Ok(true)
}

/// Merges one pulled customer into a local one that has changes of its own.
async fn merge_into(
    conn: &mut SqliteConnection,
    now: DateTime<Utc>,
    actor: &Actor,
    region: PhoneRegion,
    local: &Customer,
    theirs: &Map<String, Value>,
    applied: &mut Applied,
) -> Result<()> {
    let entries = outbox::open_entries(conn, local.id).await?;
    let changes = outbox::combined(&entries);
    let held: BTreeSet<String> = changes.keys().cloned().collect();
    let outcome = merge(&tracked_values(local)?, &changes, &held, theirs);
    applied.conflicts += outcome.conflicts.len() as u64;
    if apply_merge(
        conn,
        now,
        actor,
        region,
        local.id,
        &outcome.take,
        &outcome.conflicts,
    )
    .await?
    {
        applied.merged += 1;
    } else {
        applied.unchanged += 1;
    }
    Ok(())
}

/// Upserts a batch of pulled customers by server id and keeps the rejected ones aside, in the
/// caller's transaction (the pull commits the batch with its checkpoint).
pub async fn apply(
    conn: &mut SqliteConnection,
    now: DateTime<Utc>,
    actor: &Actor,
    region: PhoneRegion,
    pulled: &[Pulled],
    rejected: &[Rejected],
) -> Result<Applied> {
    let mut applied = Applied::default();
    for reject in rejected {
        keep_rejected(conn, now, reject).await?;
        applied.rejected += 1;
    }
    let remote_ids: Vec<i64> = pulled.iter().map(|p| p.remote_id).collect();
    forget_rejected(conn, &remote_ids).await?;
    let known = ids_by_remote(conn, &remote_ids).await?;
    let unknown: Vec<&Pulled> = pulled
        .iter()
        .filter(|p| !known.contains_key(&p.remote_id))
        .collect();
    let emails: Vec<&str> = unknown.iter().map(|p| p.customer.email.as_str()).collect();
    let by_email = ids_by_email(conn, &emails).await?;

    let mut fresh: Vec<Customer> = Vec::new();
    let mut linked: HashMap<i64, CustomerId> = HashMap::new();
    let mut batch_emails: HashSet<&str> = HashSet::new();
    let deleting = deletions_of(conn, &unknown).await?;
    for p in unknown {
        let email = p.customer.email.as_str();
        if let Some((customer, state)) = deleting.get(&p.remote_id) {
            // Deleted here: not back while the deletion is on its way; back, under its own
            // id and with the refusal showing, once central refused it.
            if *state == EntryState::Refused && restore(conn, now, actor, *customer, p).await? {
                linked.insert(p.remote_id, *customer);
            }
            continue;
        }
        match by_email.get(email) {
            None if batch_emails.insert(email) => {
                let mut customer = build(CustomerId::new(), now, &p.customer);
                customer.remote_id = Some(p.remote_id);
                customer.created_at = p.created_at;
                fresh.push(customer);
            }
            Some((local, None)) if same_person_sent(conn, *local, &p.customer).await? => {
                // Our create reached the server but its answer did not reach us: this is the
                // same customer. Link it; the create is done.
                outbox::link_remote(conn, *local, p.remote_id).await?;
                finish_creates(conn, now, *local).await?;
                linked.insert(p.remote_id, *local);
            }
            _ => {
                let problem = FieldError::new(
                    "email",
                    infora_domain::Rule::Unique,
                    format!("{email} is already used by another customer in this store"),
                );
                let raw =
                    json!({"id": p.remote_id, "email": email, "name": p.customer.name.as_str()});
                keep_rejected(
                    conn,
                    now,
                    &Rejected {
                        remote_id: p.remote_id,
                        raw,
                        problems: vec![problem],
                    },
                )
                .await?;
                applied.rejected += 1;
            }
        }
    }
    applied.inserted = fresh.len() as u64;
    crate::bulk::insert_many(conn, now, actor, &fresh, |_| {}).await?;

    let existing: Vec<(&Pulled, CustomerId)> = pulled
        .iter()
        .filter_map(|p| {
            known
                .get(&p.remote_id)
                .or_else(|| linked.get(&p.remote_id))
                .map(|id| (p, *id))
        })
        .collect();
    let ids: Vec<CustomerId> = existing.iter().map(|(_, id)| *id).collect();
    let changed_here = with_local_changes(conn, &ids).await?;
    for (p, id) in existing {
        let local = customers::get(conn, id).await?;
        let theirs = values_of(&p.customer, p.remote_id, p.created_at)?;
        if changed_here.contains(&id) {
            merge_into(conn, now, actor, region, &local, &theirs, &mut applied).await?;
            continue;
        }
        let mine = tracked_values(&local)?;
        let differing: Map<String, Value> = theirs
            .into_iter()
            .filter(|(f, v)| mine.get(f) != Some(v))
            .collect();
        if differing.is_empty() {
            applied.unchanged += 1;
        } else {
            let patch = patch_from(&differing, region)?;
            customers::update(conn, now, actor, id, &patch)
                .await
                .map_err(|e| Error::Internal(format!("pulled customer {}: {e}", p.remote_id)))?;
            applied.updated += 1;
        }
    }
    Ok(applied)
}

/// The customers among `pulled` deleted here whose deletion is still open: central id → (our
/// id, the deletion's state).
async fn deletions_of(
    conn: &mut SqliteConnection,
    pulled: &[&Pulled],
) -> Result<HashMap<i64, (CustomerId, EntryState)>> {
    let mut found = HashMap::new();
    for chunk in pulled.chunks(CHUNK) {
        let mut query = QueryBuilder::<Sqlite>::new(
            "SELECT remote_id, customer_id, state FROM outbox \
             WHERE operation = 'delete' AND state <> 'done' AND remote_id IN ",
        );
        in_list(&mut query, chunk.iter().map(|p| p.remote_id));
        for row in query.build().fetch_all(&mut *conn).await? {
            let id = CustomerId::from_uuid(row.try_get::<Uuid, _>("customer_id")?);
            let state = EntryState::parse(row.try_get("state")?)?;
            found.insert(row.try_get("remote_id")?, (id, state));
        }
    }
    Ok(found)
}

/// Puts back a customer deleted here whose deletion central refused, as central holds it and
/// under its old id (its history goes on, and the list shows the refusal). Not when the row is
/// already back, or when another customer has taken its email meanwhile (it then stays
/// deleted here, and the refusal in the queue says so). Returns whether the customer is here.
pub async fn restore(
    conn: &mut SqliteConnection,
    now: DateTime<Utc>,
    actor: &Actor,
    customer: CustomerId,
    pulled: &Pulled,
) -> Result<bool> {
    if customers::find(conn, customer).await?.is_some() {
        return Ok(true);
    }
    if !ids_by_email(conn, &[pulled.customer.email.as_str()])
        .await?
        .is_empty()
    {
        return Ok(false);
    }
    let mut restored = build(customer, now, &pulled.customer);
    restored.remote_id = Some(pulled.remote_id);
    restored.created_at = pulled.created_at;
    crate::bulk::insert_many(conn, now, actor, &[restored], |_| {}).await?;
    Ok(true)
}

/// Removes a customer restored after a refused deletion, once central has deleted it after
/// all. Nothing to do when it is not here.
pub async fn remove_restored(
    conn: &mut SqliteConnection,
    now: DateTime<Utc>,
    actor: &Actor,
    customer: CustomerId,
) -> Result<()> {
    match customers::find(conn, customer).await? {
        Some(found) => remove_locally(conn, now, actor, &found).await,
        None => Ok(()),
    }
}

/// Whether a customer without a server id is this pulled one, created here by an attempt
/// that may have reached the server: a create was attempted, and the name and phone match
/// (the email already does). Anyone else with the same email is a clash, not a match.
async fn same_person_sent(
    conn: &mut SqliteConnection,
    customer: CustomerId,
    pulled: &NewCustomer,
) -> Result<bool> {
    let sent: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM outbox WHERE customer_id = ? AND operation = 'create' AND attempts > 0",
    )
    .bind(customer.as_uuid())
    .fetch_one(&mut *conn)
    .await?;
    if sent == 0 {
        return Ok(false);
    }
    let local = customers::get(conn, customer).await?;
    Ok(local.name == pulled.name && local.phone == pulled.phone)
}

async fn finish_creates(
    conn: &mut SqliteConnection,
    now: DateTime<Utc>,
    customer: CustomerId,
) -> Result<()> {
    sqlx::query("UPDATE outbox SET state = 'done', last_error = NULL, updated_at = ? WHERE customer_id = ? AND operation = 'create' AND state <> 'done'")
        .bind(micros(now))
        .bind(customer.as_uuid())
        .execute(conn)
        .await?;
    Ok(())
}

async fn keep_rejected(
    conn: &mut SqliteConnection,
    now: DateTime<Utc>,
    reject: &Rejected,
) -> Result<()> {
    let problems =
        serde_json::to_string(&reject.problems).map_err(|e| Error::Internal(e.to_string()))?;
    sqlx::query(
        "INSERT INTO sync_rejects (remote_id, raw, problems, seen_at) VALUES (?, ?, ?, ?) \
         ON CONFLICT (remote_id) DO UPDATE SET raw = excluded.raw, problems = excluded.problems, seen_at = excluded.seen_at",
    )
    .bind(reject.remote_id)
    .bind(reject.raw.to_string())
    .bind(problems)
    .bind(micros(now))
    .execute(conn)
    .await?;
    Ok(())
}

async fn forget_rejected(conn: &mut SqliteConnection, remote_ids: &[i64]) -> Result<()> {
    for chunk in remote_ids.chunks(CHUNK) {
        let mut query = QueryBuilder::<Sqlite>::new("DELETE FROM sync_rejects WHERE remote_id IN ");
        in_list(&mut query, chunk.iter().copied());
        query.build().execute(&mut *conn).await?;
    }
    Ok(())
}

pub async fn rejected(conn: &mut SqliteConnection) -> Result<Vec<RejectedRecord>> {
    let rows = sqlx::query(
        "SELECT remote_id, raw, problems, seen_at FROM sync_rejects ORDER BY remote_id",
    )
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|row| {
            let raw: &str = row.try_get("raw")?;
            let problems: &str = row.try_get("problems")?;
            Ok(RejectedRecord {
                remote_id: row.try_get("remote_id")?,
                raw: serde_json::from_str(raw).map_err(|e| Error::Internal(e.to_string()))?,
                problems: serde_json::from_str(problems)
                    .map_err(|e| Error::Internal(e.to_string()))?,
                seen_at: instant(row.try_get("seen_at")?)?,
            })
        })
        .collect()
}

/// Deletes a customer and what belongs to it, as the server did.
async fn remove_locally(
    conn: &mut SqliteConnection,
    now: DateTime<Utc>,
    actor: &Actor,
    customer: &Customer,
) -> Result<()> {
    for table in ["payments", "tickets", "invoices"] {
        sqlx::query(&format!("DELETE FROM {table} WHERE customer_id = ?"))
            .bind(customer.id.as_uuid())
            .execute(&mut *conn)
            .await?;
    }
    sqlx::query("DELETE FROM customers WHERE id = ?")
        .bind(customer.id.as_uuid())
        .execute(&mut *conn)
        .await?;
    sqlx::query("DELETE FROM outbox WHERE customer_id = ? AND state <> 'done'")
        .bind(customer.id.as_uuid())
        .execute(&mut *conn)
        .await?;
    let changes = audit::changes_json(Action::Deleted, Some(customer), None)?;
    audit::record(conn, customer.id, now, actor, Action::Deleted, changes).await
}

/// What the comparison of ids found.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Removed {
    pub deleted: u64,
    pub conflicts: u64,
}

/// After a full listing of the server's ids: customers it no longer has are removed here too,
/// or, when they have local changes, become a conflict for a person to settle.
pub async fn remove_missing(
    conn: &mut SqliteConnection,
    now: DateTime<Utc>,
    actor: &Actor,
    present: &HashSet<i64>,
) -> Result<Removed> {
    let rows = sqlx::query("SELECT id, remote_id FROM customers WHERE remote_id IS NOT NULL")
        .fetch_all(&mut *conn)
        .await?;
    let mut missing = Vec::new();
    for row in &rows {
        let remote: i64 = row.try_get("remote_id")?;
        if !present.contains(&remote) {
            missing.push(CustomerId::from_uuid(row.try_get::<Uuid, _>("id")?));
        }
    }
    let changed_here = with_local_changes(conn, &missing).await?;
    let mut removed = Removed::default();
    for id in missing {
        let customer = customers::get(conn, id).await?;
        if changed_here.contains(&id) {
            let conflict = FieldConflict {
                field: DELETED.to_owned(),
                mine: json!("changed on this device"),
                theirs: json!("deleted on the central system"),
            };
            record_conflict(conn, now, id, &conflict).await?;
            removed.conflicts += 1;
        } else {
            remove_locally(conn, now, actor, &customer).await?;
            removed.deleted += 1;
        }
    }
    Ok(removed)
}

pub async fn conflicts(conn: &mut SqliteConnection) -> Result<Vec<Conflict>> {
    let rows = sqlx::query(
        "SELECT k.customer_id, k.field, k.mine, k.theirs, k.found_at, c.name FROM sync_conflicts k \
         LEFT JOIN customers c ON c.id = k.customer_id ORDER BY k.found_at, k.field",
    )
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|row| {
            let mine: &str = row.try_get("mine")?;
            let theirs: &str = row.try_get("theirs")?;
            let parse =
                |text: &str| serde_json::from_str(text).map_err(|e| Error::Internal(e.to_string()));
            Ok(Conflict {
                customer_id: CustomerId::from_uuid(row.try_get::<Uuid, _>("customer_id")?),
                customer_name: row
                    .try_get::<Option<String>, _>("name")?
                    .unwrap_or_else(|| "a deleted customer".to_owned()),
                field: row.try_get("field")?,
                mine: parse(mine)?,
                theirs: parse(theirs)?,
                found_at: instant(row.try_get("found_at")?)?,
            })
        })
        .collect()
}

async fn conflict(
    conn: &mut SqliteConnection,
    customer: CustomerId,
    field: &str,
) -> Result<Conflict> {
    conflicts(conn)
        .await?
        .into_iter()
        .find(|c| c.customer_id == customer && c.field == field)
        .ok_or_else(|| Error::NotFound {
            what: "conflict",
            id: format!("{customer}/{field}"),
        })
}

/// Settles one conflict as a person chose.
///
/// - Keep mine, a field: the server's value becomes what our change is based on, so the push
///   sends ours over it.
/// - Take theirs, a field: the server's value is written here and our change of that field is
///   dropped.
/// - Keep mine, deleted on the server: the customer is created on the server again (its old
///   entries give way to one create with today's values).
/// - Take theirs, deleted on the server: the customer is removed here too.
pub async fn resolve(
    conn: &mut SqliteConnection,
    now: DateTime<Utc>,
    actor: &Actor,
    region: PhoneRegion,
    customer: CustomerId,
    field: &str,
    resolution: Resolution,
) -> Result<()> {
    let found = conflict(conn, customer, field).await?;
    sqlx::query("DELETE FROM sync_conflicts WHERE customer_id = ? AND field = ?")
        .bind(customer.as_uuid())
        .bind(field)
        .execute(&mut *conn)
        .await?;
    let entries = outbox::open_entries(conn, customer).await?;
    if field == DELETED {
        let local = customers::get(conn, customer).await?;
        return match resolution {
            Resolution::TakeTheirs => remove_locally(conn, now, actor, &local).await,
            Resolution::KeepMine => {
                sqlx::query("DELETE FROM outbox WHERE customer_id = ? AND state <> 'done'")
                    .bind(customer.as_uuid())
                    .execute(&mut *conn)
                    .await?;
                sqlx::query("UPDATE customers SET remote_id = NULL WHERE id = ?")
                    .bind(customer.as_uuid())
                    .execute(&mut *conn)
                    .await?;
                let local = customers::get(conn, customer).await?;
                outbox::created(conn, now, &local).await
            }
        };
    }
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

fn without(entry: &OutboxEntry, field: &str) -> std::collections::BTreeMap<String, FieldChange> {
    let mut changes = entry.changes.clone();
    changes.remove(field);
    changes
}

/// Which of `ids` have unsynced changes, a refused change, or a conflict (the list's badges).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum SyncMark {
    Unsynced,
    Refused,
    /// Deleted here, refused by central, and back on the desk as central holds it.
    DeleteRefused,
    Conflict,
}

pub async fn marks(
    conn: &mut SqliteConnection,
    ids: &[CustomerId],
) -> Result<Vec<(CustomerId, SyncMark)>> {
    let mut marks: HashMap<CustomerId, SyncMark> = HashMap::new();
    for chunk in ids.chunks(CHUNK) {
        let mut query = QueryBuilder::<Sqlite>::new(
            "SELECT customer_id, max(state = 'refused') AS refused, \
                    max(state = 'refused' AND operation = 'delete') AS delete_refused \
             FROM outbox WHERE state <> 'done' AND customer_id IN ",
        );
        in_list(&mut query, chunk.iter().map(|id| id.as_uuid()));
        query.push(" GROUP BY customer_id");
        for row in query.build().fetch_all(&mut *conn).await? {
            let id = CustomerId::from_uuid(row.try_get::<Uuid, _>("customer_id")?);
            let mark = if row.try_get("delete_refused")? {
                SyncMark::DeleteRefused
            } else if row.try_get("refused")? {
                SyncMark::Refused
            } else {
                SyncMark::Unsynced
            };
            marks.insert(id, mark);
        }
        let mut query = QueryBuilder::<Sqlite>::new(
            "SELECT DISTINCT customer_id FROM sync_conflicts WHERE customer_id IN ",
        );
        in_list(&mut query, chunk.iter().map(|id| id.as_uuid()));
        for row in query.build().fetch_all(&mut *conn).await? {
            marks.insert(
                CustomerId::from_uuid(row.try_get::<Uuid, _>(0)?),
                SyncMark::Conflict,
            );
        }
    }
    Ok(ids
        .iter()
        .filter_map(|id| marks.get(id).map(|m| (*id, *m)))
        .collect())
}

pub async fn conflict_count(conn: &mut SqliteConnection) -> Result<u64> {
    let n: i64 = sqlx::query_scalar("SELECT count(*) FROM sync_conflicts")
        .fetch_one(conn)
        .await?;
    Ok(n as u64)
}

// ---- the engine's bookkeeping ------------------------------------------------------------

pub async fn state(conn: &mut SqliteConnection, key: &str) -> Result<Option<String>> {
    Ok(
        sqlx::query_scalar("SELECT value FROM sync_state WHERE key = ?")
            .bind(key)
            .fetch_optional(conn)
            .await?,
    )
}

pub async fn set_state(conn: &mut SqliteConnection, key: &str, value: Option<&str>) -> Result<()> {
    match value {
        Some(value) => {
            sqlx::query("INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value")
                .bind(key)
                .bind(value)
                .execute(conn)
                .await?;
        }
        None => {
            sqlx::query("DELETE FROM sync_state WHERE key = ?")
                .bind(key)
                .execute(conn)
                .await?;
        }
    }
    Ok(())
}
