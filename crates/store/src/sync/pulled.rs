//! Customers pulled from central, applied to the store: upserted by central id, merged with
//! the local changes that have not reached central yet (conflicts recorded for a person), and
//! the ones that break our rules kept aside. Central's changes are not the user's: they write
//! no outbox entry, except to finish a create central turns out to hold already.

use super::merge::{merge, FieldConflict};
use super::outbox::{self, EntryState};
use super::rejects::{self, Rejected};
use super::state::{self, SyncState};
use super::{
    apply_merge, central_actor, deletions, ids_by_email, patch_from, with_local_changes, Pulled,
    CHUNK,
};
use crate::codec::in_list;
use crate::customers::{self, build};
use crate::tracked::tracked_values;
use crate::{notices, Actor, Error, Result, Store};
use chrono::{DateTime, Utc};
use infora_domain::{Customer, CustomerId, NewCustomer, PhoneRegion};
use serde::Serialize;
use serde_json::{json, Map, Value};
use sqlx::{QueryBuilder, Row, Sqlite, SqliteConnection};
use std::collections::{BTreeSet, HashMap, HashSet};
use ts_rs::TS;
use uuid::Uuid;

/// What applying one batch of pulled customers did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Applied {
    pub inserted: u64,
    pub updated: u64,
    pub unchanged: u64,
    /// Customers with local changes that took central's other fields.
    pub merged: u64,
    pub conflicts: u64,
    pub rejected: u64,
}

fn values_of(
    new: &NewCustomer,
    central_id: i64,
    created_at: DateTime<Utc>,
) -> Result<Map<String, Value>> {
    let mut customer = build(CustomerId::new(), created_at, new);
    customer.central_id = Some(central_id);
    tracked_values(&customer)
}

async fn ids_by_central(
    conn: &mut SqliteConnection,
    central_ids: &[i64],
) -> Result<HashMap<i64, CustomerId>> {
    let mut found = HashMap::with_capacity(central_ids.len());
    for chunk in central_ids.chunks(CHUNK) {
        let mut query = QueryBuilder::<Sqlite>::new(
            "SELECT central_id, id FROM customers WHERE central_id IN ",
        );
        in_list(&mut query, chunk.iter().copied());
        for row in query.build().fetch_all(&mut *conn).await? {
            let uuid: Uuid = row.try_get("id")?;
            found.insert(row.try_get("central_id")?, CustomerId::from_uuid(uuid));
        }
    }
    Ok(found)
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
    // Payments and voids on their way hold the balance too: the push moves central's balance
    // by them, then the desk follows central's.
    let held: BTreeSet<String> = changes
        .keys()
        .chain(
            entries
                .iter()
                .filter(|e| e.operation == outbox::Operation::Adjust)
                .flat_map(|e| e.changes.keys()),
        )
        .cloned()
        .collect();
    let outcome = merge(&tracked_values(local)?, &changes, &held, theirs);
    applied.conflicts += outcome.conflicts.len() as u64;
    let took = apply_merge(
        conn,
        now,
        actor,
        region,
        local.id,
        &outcome.take,
        &outcome.conflicts,
    )
    .await?;
    if took {
        let after = customers::get(conn, local.id).await?;
        tell_status(conn, now, local, &after).await?;
        applied.merged += 1;
    } else {
        applied.unchanged += 1;
    }
    Ok(())
}

/// Tells the desk's people when central changed a customer's status (a notice).
async fn tell_status(
    conn: &mut SqliteConnection,
    now: DateTime<Utc>,
    before: &Customer,
    after: &Customer,
) -> Result<()> {
    if before.status == after.status {
        return Ok(());
    }
    notices::status_changed(
        conn,
        now,
        after.id,
        after.name.as_str(),
        before.status.as_str(),
        after.status.as_str(),
    )
    .await
}

/// Upserts a batch of pulled customers by central id and keeps the rejected ones aside, in the
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
        rejects::keep(conn, now, reject).await?;
        applied.rejected += 1;
    }
    let central_ids: Vec<i64> = pulled.iter().map(|p| p.central_id).collect();
    rejects::forget(conn, &central_ids).await?;
    let known = ids_by_central(conn, &central_ids).await?;
    let unknown: Vec<&Pulled> = pulled
        .iter()
        .filter(|p| !known.contains_key(&p.central_id))
        .collect();
    let emails: Vec<&str> = unknown.iter().map(|p| p.customer.email.as_str()).collect();
    let by_email = ids_by_email(conn, &emails).await?;

    let mut fresh: Vec<Customer> = Vec::new();
    let mut linked: HashMap<i64, CustomerId> = HashMap::new();
    let mut batch_emails: HashSet<&str> = HashSet::new();
    let deleting = deletions::open_deletions(conn, &unknown).await?;
    for p in unknown {
        let email = p.customer.email.as_str();
        if let Some((customer, state)) = deleting.get(&p.central_id) {
            // Deleted here: not back while the deletion is on its way; back, under its own
            // id and with the refusal showing, once central refused it.
            if *state == EntryState::Refused
                && deletions::restore(conn, now, actor, *customer, p).await?
            {
                linked.insert(p.central_id, *customer);
            }
            continue;
        }
        match by_email.get(email) {
            None if batch_emails.insert(email) => {
                let mut customer = build(CustomerId::new(), now, &p.customer);
                customer.central_id = Some(p.central_id);
                customer.created_at = p.created_at;
                fresh.push(customer);
            }
            Some((local, None)) if same_person_sent(conn, *local, &p.customer).await? => {
                // Our create reached central but its answer did not reach us: this is the
                // same customer. Link it; the create is done.
                outbox::link_central(conn, *local, p.central_id).await?;
                outbox::finish_creates(conn, now, *local).await?;
                linked.insert(p.central_id, *local);
            }
            _ => {
                let problem = infora_domain::Email::already_used();
                let raw =
                    json!({"id": p.central_id, "email": email, "name": p.customer.name.as_str()});
                rejects::keep(
                    conn,
                    now,
                    &Rejected {
                        central_id: p.central_id,
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
                .get(&p.central_id)
                .or_else(|| linked.get(&p.central_id))
                .map(|id| (p, *id))
        })
        .collect();
    let ids: Vec<CustomerId> = existing.iter().map(|(_, id)| *id).collect();
    let changed_here = with_local_changes(conn, &ids).await?;
    for (p, id) in existing {
        let local = customers::get(conn, id).await?;
        let theirs = values_of(&p.customer, p.central_id, p.created_at)?;
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
            let after = customers::update(conn, now, actor, id, &patch)
                .await
                .map_err(|e| Error::Internal(format!("pulled customer {}: {e}", p.central_id)))?;
            tell_status(conn, now, &local, &after).await?;
            applied.updated += 1;
        }
    }
    Ok(applied)
}

/// Whether a customer without a central id is this pulled one, created here by an attempt
/// that may have reached central: a create was attempted, and the name and phone match
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

impl Store {
    /// Applies a push's merge: central's values for the fields only it changed, and the
    /// conflicts (which hold the customer's entries until a person settles them).
    pub async fn merge_from_central(
        &self,
        customer: CustomerId,
        take: &Map<String, Value>,
        conflicts: &[FieldConflict],
    ) -> Result<()> {
        let mut tx = self.begin().await?;
        apply_merge(
            &mut tx,
            self.now(),
            &central_actor(),
            self.region,
            customer,
            take,
            conflicts,
        )
        .await?;
        Ok(tx.commit().await?)
    }

    /// Applies a batch of pulled customers and, in the same transaction, moves the pull's
    /// bookkeeping (`bookkeeping` changes the sync state: a checkpoint, a full pull's end).
    pub async fn apply_pulled(
        &self,
        pulled: &[Pulled],
        rejected: &[Rejected],
        bookkeeping: impl FnOnce(&mut SyncState),
    ) -> Result<Applied> {
        let mut tx = self.begin().await?;
        let applied = apply(
            &mut tx,
            self.now(),
            &central_actor(),
            self.region,
            pulled,
            rejected,
        )
        .await?;
        state::update(&mut tx, bookkeeping).await?;
        tx.commit().await?;
        Ok(applied)
    }

    /// The local id of the customer central knows as `central_id`.
    pub async fn customer_by_central_id(&self, central_id: i64) -> Result<Option<CustomerId>> {
        let mut conn = self.reader.acquire().await?;
        let id: Option<uuid::Uuid> =
            sqlx::query_scalar("SELECT id FROM customers WHERE central_id = ?")
                .bind(central_id)
                .fetch_optional(&mut *conn)
                .await?;
        Ok(id.map(CustomerId::from_uuid))
    }

    /// Some customer's central id (to ask central about related lists).
    pub async fn any_central_id(&self) -> Result<Option<i64>> {
        let mut conn = self.reader.acquire().await?;
        Ok(sqlx::query_scalar(
            "SELECT central_id FROM customers WHERE central_id IS NOT NULL LIMIT 1",
        )
        .fetch_optional(&mut *conn)
        .await?)
    }
}
