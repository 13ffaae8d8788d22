//! Deletions between desk and central: customers central no longer lists removed here (or a
//! conflict, when changed here), and a deletion central refused put back as central holds it.

use super::conflicts::{self, Disagreement};
use super::outbox::hold::Hold;
use super::outbox::{self, EntryState, OutboxEntry};
use super::{central_actor, customers_among, ids_by_email, with_local_changes, Pulled, CHUNK};
use crate::codec::in_list;
use crate::customers::{self, build};
use crate::{Actor, Result, Store};
use chrono::{DateTime, Utc};
use infora_domain::{Customer, CustomerId};
use serde::Serialize;
use sqlx::{QueryBuilder, Row, Sqlite, SqliteConnection};
use std::collections::{HashMap, HashSet};
use ts_rs::TS;
use uuid::Uuid;

/// The customers among `pulled` deleted here whose deletion is still open: central id → (our
/// id, the deletion's state).
pub(super) async fn open_deletions(
    conn: &mut SqliteConnection,
    pulled: &[&Pulled],
) -> Result<HashMap<i64, (CustomerId, EntryState)>> {
    let mut found = HashMap::new();
    for chunk in pulled.chunks(CHUNK) {
        let mut query = QueryBuilder::<Sqlite>::new(
            "SELECT central_id, customer_id, state FROM outbox \
             WHERE operation = 'delete' AND state <> 'done' AND central_id IN ",
        );
        in_list(&mut query, chunk.iter().map(|p| p.central_id));
        for row in query.build().fetch_all(&mut *conn).await? {
            let id = CustomerId::from_uuid(row.try_get::<Uuid, _>("customer_id")?);
            let state = EntryState::parse(row.try_get("state")?)?;
            found.insert(row.try_get("central_id")?, (id, state));
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
    restored.central_id = Some(pulled.central_id);
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

/// Deletes a customer and what belongs to it, as central did (history records it, as
/// central's), with the changes here that no longer have anything to apply to.
pub(crate) async fn remove_locally(
    conn: &mut SqliteConnection,
    now: DateTime<Utc>,
    actor: &Actor,
    customer: &Customer,
) -> Result<()> {
    outbox::drop_open(conn, customer.id).await?;
    customers::purge(conn, now, actor, customer).await
}

/// What the comparison of ids found.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Removed {
    pub deleted: u64,
    pub conflicts: u64,
}

/// After a full listing of central's ids: customers it no longer has are removed here too,
/// or, when they have local changes, become a conflict for a person to settle.
pub async fn remove_missing(
    conn: &mut SqliteConnection,
    now: DateTime<Utc>,
    actor: &Actor,
    present: &HashSet<i64>,
) -> Result<Removed> {
    let rows = sqlx::query("SELECT id, central_id FROM customers WHERE central_id IS NOT NULL")
        .fetch_all(&mut *conn)
        .await?;
    let mut missing = Vec::new();
    for row in &rows {
        let central: i64 = row.try_get("central_id")?;
        if !present.contains(&central) {
            missing.push(CustomerId::from_uuid(row.try_get::<Uuid, _>("id")?));
        }
    }
    let changed_here = with_local_changes(conn, &missing).await?;
    let kept_here = with_records_kept_here(conn, &missing).await?;
    let mut removed = Removed::default();
    for id in missing {
        let customer = customers::get(conn, id).await?;
        if changed_here.contains(&id) || kept_here.contains(&id) {
            conflicts::record(conn, now, id, &Disagreement::DeletedOnCentral).await?;
            removed.conflicts += 1;
        } else {
            remove_locally(conn, now, actor, &customer).await?;
            removed.deleted += 1;
        }
    }
    Ok(removed)
}

/// Of `ids`, the customers with payments or tickets taken at this desk: central has no copy of
/// those (it has no routes to create them), so removing the customer as central did would
/// lose money taken at the counter. Their deletion on central is a conflict for a person.
async fn with_records_kept_here(
    conn: &mut SqliteConnection,
    ids: &[CustomerId],
) -> Result<HashSet<CustomerId>> {
    customers_among(
        conn,
        ids,
        &[
            "SELECT customer_id FROM payments WHERE receipt_number IS NOT NULL AND customer_id IN ",
            "SELECT customer_id FROM tickets WHERE opened_by IS NOT NULL AND customer_id IN ",
        ],
    )
    .await
}

impl Store {
    /// Central no longer has a customer whose change was on its way: a conflict for a person,
    /// and the entry waits for it, in one transaction.
    pub async fn outbox_hold_deleted_on_central(&self, entry: &OutboxEntry) -> Result<()> {
        let mut tx = self.begin().await?;
        let now = self.now();
        conflicts::record(
            &mut tx,
            now,
            entry.customer_id,
            &Disagreement::DeletedOnCentral,
        )
        .await?;
        let note = Hold::DeletedOnCentral.message();
        outbox::keep_only(&mut tx, now, entry, &entry.changes, &note).await?;
        Ok(tx.commit().await?)
    }

    /// Central refused a deletion: the entry is refused with `reason`, and the customer is back
    /// on the desk as central holds it (see [`restore`]), in one transaction.
    pub async fn outbox_refuse_delete(
        &self,
        entry: &OutboxEntry,
        central: &Pulled,
        reason: &str,
    ) -> Result<()> {
        let mut tx = self.begin().await?;
        let now = self.now();
        restore(&mut tx, now, &central_actor(), entry.customer_id, central).await?;
        outbox::refuse(&mut tx, entry.seq, now, reason).await?;
        Ok(tx.commit().await?)
    }

    /// Central deleted the customer: the entry is done, and a customer restored after an earlier
    /// refusal goes again.
    pub async fn outbox_finish_delete(&self, entry: &OutboxEntry) -> Result<()> {
        let mut tx = self.begin().await?;
        let now = self.now();
        outbox::finish(&mut tx, entry.seq, now).await?;
        remove_restored(&mut tx, now, &central_actor(), entry.customer_id).await?;
        Ok(tx.commit().await?)
    }

    /// After a full listing of central's ids (see [`remove_missing`]).
    pub async fn remove_missing(&self, present: &HashSet<i64>) -> Result<Removed> {
        let mut tx = self.begin().await?;
        let removed = remove_missing(&mut tx, self.now(), &central_actor(), present).await?;
        tx.commit().await?;
        Ok(removed)
    }
}
