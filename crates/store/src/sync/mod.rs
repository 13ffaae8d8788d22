//! Sync bookkeeping: everything the store keeps for sync with central, one module per concern.
//! The sync engine (the `infora-sync` crate) decides what to send and when; these record what
//! happened, each [`Store`](crate::Store) method in one transaction. A module named for a table
//! is the only one that writes that table.
//!
//! - [`outbox`] (table `outbox`): the desk's changes on their way to central, and their states.
//!   Its [`outbox::hold`] says why an open entry cannot be sent yet.
//! - [`merge`]: the three-way merge of one customer's fields (pure).
//! - [`pulled`]: customers pulled from central, applied (upserted by central id, merged).
//! - [`related`]: a customer's invoices, payments and tickets pulled from central, applied.
//! - [`deletions`]: customers central no longer has, and deletions central refused.
//! - [`conflicts`] (table `sync_conflicts`): what waits for a person, and how it is settled.
//! - [`rejects`] (table `sync_rejects`): pulled customers that break our rules, kept aside.
//! - [`marks`]: the customer list's sync badges.
//! - [`state`] (table `sync_state`): the engine's bookkeeping, one typed record.

pub mod conflicts;
pub mod deletions;
pub mod marks;
pub mod merge;
pub mod outbox;
pub mod pulled;
pub mod rejects;
pub mod related;
pub mod state;

// The types the sync engine and the window meet most, at the folder's door.
pub use conflicts::{Conflict, ConflictOn, Conflicted, Disagreement, LostAnswer, Resolution};
pub use marks::SyncMark;
pub use merge::FieldConflict;
pub use outbox::hold::Hold;
pub use outbox::{EntryState, Operation, OutboxCounts, OutboxEntry};
pub use pulled::Applied;
pub use rejects::{Rejected, RejectedRecord};
pub use state::{Account, RelatedLists, SyncState};

use crate::codec::in_list;
use crate::{customers, Actor, Error, Result};
use chrono::{DateTime, Utc};
use infora_domain::{CustomerId, CustomerPatch, NewCustomer, PhoneRegion};
use serde_json::{Map, Value};
use sqlx::{QueryBuilder, Row, Sqlite, SqliteConnection};
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

/// Who central's changes are recorded as in a customer's history.
pub fn central_actor() -> Actor {
    Actor::new("central system")
}

/// Ids per `IN (…)` list: well under SQLite's limit on bound parameters.
const CHUNK: usize = 400;

/// The customers among `ids` with open outbox entries or conflicts: central's values must be
/// merged with theirs rather than overwrite them.
async fn with_local_changes(
    conn: &mut SqliteConnection,
    ids: &[CustomerId],
) -> Result<HashSet<CustomerId>> {
    customers_among(
        conn,
        ids,
        &[
            "SELECT customer_id FROM outbox WHERE state <> 'done' AND customer_id IN ",
            "SELECT customer_id FROM sync_conflicts WHERE customer_id IN ",
        ],
    )
    .await
}

/// The customers among `ids` that any of `selects` finds: each a `SELECT customer_id … IN `
/// that the chunk's ids complete, joined with UNION, a chunk of ids at a time.
async fn customers_among(
    conn: &mut SqliteConnection,
    ids: &[CustomerId],
    selects: &[&str],
) -> Result<HashSet<CustomerId>> {
    let mut found = HashSet::new();
    for chunk in ids.chunks(CHUNK) {
        let mut query = QueryBuilder::<Sqlite>::new("");
        for (n, select) in selects.iter().enumerate() {
            if n > 0 {
                query.push(" UNION ");
            }
            query.push(*select);
            in_list(&mut query, chunk.iter().map(|id| id.as_uuid()));
        }
        for row in query.build().fetch_all(&mut *conn).await? {
            found.insert(CustomerId::from_uuid(row.try_get::<Uuid, _>(0)?));
        }
    }
    Ok(found)
}

/// A customer as central holds it, once it has passed our rules.
#[derive(Debug, Clone, PartialEq)]
pub struct Pulled {
    pub central_id: i64,
    /// Every field; `join_date` is always set.
    pub customer: NewCustomer,
    pub created_at: DateTime<Utc>,
}

fn patch_from(values: &Map<String, Value>, region: PhoneRegion) -> Result<CustomerPatch> {
    CustomerPatch::from_json(&Value::Object(values.clone()), region)
        .map_err(|e| Error::Internal(format!("a value from central no longer parses: {e}")))
}

async fn ids_by_email(
    conn: &mut SqliteConnection,
    emails: &[&str],
) -> Result<HashMap<String, (CustomerId, Option<i64>)>> {
    let mut found = HashMap::new();
    for chunk in emails.chunks(CHUNK) {
        let mut query = QueryBuilder::<Sqlite>::new(
            "SELECT email, id, central_id FROM customers WHERE email IN ",
        );
        in_list(&mut query, chunk.iter().copied());
        for row in query.build().fetch_all(&mut *conn).await? {
            let uuid: Uuid = row.try_get("id")?;
            found.insert(
                row.try_get("email")?,
                (CustomerId::from_uuid(uuid), row.try_get("central_id")?),
            );
        }
    }
    Ok(found)
}

/// Applies what a merge decided for a customer: takes central's values for the fields only
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
        conflicts::record(conn, now, customer, &Disagreement::Field(conflict.clone())).await?;
    }
    if take.is_empty() {
        return Ok(false);
    }
    let patch = patch_from(take, region)?;
    customers::update(conn, now, actor, customer, &patch).await?;
    Ok(true)
}
