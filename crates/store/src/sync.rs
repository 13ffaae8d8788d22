//! The store's side of sync, as [`Store`] methods: each one transaction. The sync engine (the
//! `infora-sync` crate) decides what to send and when; these record what happened.

use crate::merge::FieldConflict;
use crate::mirror::{
    self, Applied, Conflict, Pulled, Rejected, RejectedRecord, Removed, Resolution, SyncMark,
};
use crate::outbox::{self, OutboxCounts, OutboxEntry};
use crate::remote_related::{self, PulledPayment, PulledRecord, RelatedApplied};
use crate::{Actor, FieldChange, Result, Store};
use chrono::{DateTime, Utc};
use infora_domain::{CustomerId, NewInvoice, NewTicket, Page, PageRequest};
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet, HashSet};

/// Who the server's changes are recorded as in a customer's history.
pub fn central_actor() -> Actor {
    Actor::new("central system")
}

impl Store {
    /// The entries the push may send now (see [`outbox::due`]).
    pub async fn outbox_due(&self, limit: u32) -> Result<Vec<OutboxEntry>> {
        let mut conn = self.reader.acquire().await?;
        outbox::due(&mut conn, self.now(), limit).await
    }

    /// When the next entry that can be sent falls due (see [`outbox::next_due_at`]).
    pub async fn outbox_next_due_at(&self) -> Result<Option<DateTime<Utc>>> {
        let mut conn = self.reader.acquire().await?;
        outbox::next_due_at(&mut conn).await
    }

    pub async fn outbox_entry(&self, seq: i64) -> Result<OutboxEntry> {
        let mut conn = self.reader.acquire().await?;
        outbox::get(&mut conn, seq).await
    }

    /// Marks an entry in flight, committed before its request is sent: after a crash, an
    /// entry still in flight is known to have maybe reached the server.
    pub async fn outbox_start(&self, seq: i64) -> Result<()> {
        let mut tx = self.begin().await?;
        outbox::start(&mut tx, seq, self.now()).await?;
        Ok(tx.commit().await?)
    }

    pub async fn outbox_finish(&self, seq: i64) -> Result<()> {
        let mut tx = self.begin().await?;
        outbox::finish(&mut tx, seq, self.now()).await?;
        Ok(tx.commit().await?)
    }

    pub async fn outbox_refuse(&self, seq: i64, reason: &str) -> Result<()> {
        let mut tx = self.begin().await?;
        outbox::refuse(&mut tx, seq, self.now(), reason).await?;
        Ok(tx.commit().await?)
    }

    pub async fn outbox_retry_at(&self, seq: i64, at: DateTime<Utc>, error: &str) -> Result<()> {
        let mut tx = self.begin().await?;
        outbox::retry_at(&mut tx, seq, self.now(), at, error).await?;
        Ok(tx.commit().await?)
    }

    /// Forgets the entries that reached central before `before` (see [`outbox::prune_done`]).
    pub async fn outbox_prune_done(&self, before: DateTime<Utc>) -> Result<u64> {
        let mut tx = self.begin().await?;
        let pruned = outbox::prune_done(&mut tx, before).await?;
        tx.commit().await?;
        Ok(pruned)
    }

    /// The user's "retry": a refused or waiting entry is sent at the next push. One held back
    /// by something else is refused with what it waits for ([`crate::Conflict::Waiting`]).
    pub async fn outbox_retry(&self, seq: i64) -> Result<()> {
        let mut tx = self.begin().await?;
        outbox::retry_now(&mut tx, seq, self.now()).await?;
        Ok(tx.commit().await?)
    }

    /// The user's "discard" (see [`outbox::discard`]).
    pub async fn outbox_discard(&self, actor: &Actor, seq: i64) -> Result<()> {
        let mut tx = self.begin().await?;
        outbox::discard(&mut tx, self.now(), actor, self.region, seq).await?;
        Ok(tx.commit().await?)
    }

    /// "Retry all": every refused entry goes again at the next push. Returns how many.
    pub async fn outbox_retry_refused(&self) -> Result<u64> {
        let mut tx = self.begin().await?;
        let n = outbox::retry_refused(&mut tx, self.now()).await?;
        tx.commit().await?;
        Ok(n)
    }

    /// "Discard all": every refused entry given up. Returns how many.
    pub async fn outbox_discard_refused(&self, actor: &Actor) -> Result<u64> {
        let mut tx = self.begin().await?;
        let n = outbox::discard_refused(&mut tx, self.now(), actor, self.region).await?;
        tx.commit().await?;
        Ok(n)
    }

    /// Before a create's first attempt: the customer's later updates go with it (see
    /// [`outbox::fold_into_create`]).
    pub async fn outbox_fold_into_create(&self, seq: i64) -> Result<()> {
        let mut tx = self.begin().await?;
        outbox::fold_into_create(&mut tx, self.now(), seq).await?;
        Ok(tx.commit().await?)
    }

    /// What a push sent is done; what it could not send (`left`, fields in conflict) stays in
    /// the entry, pending, with `note` (see [`outbox::keep_only`]).
    pub async fn outbox_keep_only(
        &self,
        entry: &OutboxEntry,
        left: &BTreeMap<String, FieldChange>,
        note: &str,
    ) -> Result<()> {
        let mut tx = self.begin().await?;
        outbox::keep_only(&mut tx, self.now(), entry, left, note).await?;
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
        mirror::apply_merge(
            &mut tx,
            now,
            &central_actor(),
            self.region,
            entry.customer_id,
            take,
            conflicts,
        )
        .await?;
        outbox::finish(&mut tx, entry.seq, now).await?;
        Ok(tx.commit().await?)
    }

    /// Central refused a deletion: the entry is refused with `reason`, and the customer is back
    /// on the desk as central holds it (see [`mirror::restore`]), in one transaction.
    pub async fn outbox_refuse_delete(
        &self,
        entry: &OutboxEntry,
        central: &Pulled,
        reason: &str,
    ) -> Result<()> {
        let mut tx = self.begin().await?;
        let now = self.now();
        mirror::restore(&mut tx, now, &central_actor(), entry.customer_id, central).await?;
        outbox::refuse(&mut tx, entry.seq, now, reason).await?;
        Ok(tx.commit().await?)
    }

    /// Central deleted the customer: the entry is done, and a customer restored after an earlier
    /// refusal goes again.
    pub async fn outbox_finish_delete(&self, entry: &OutboxEntry) -> Result<()> {
        let mut tx = self.begin().await?;
        let now = self.now();
        outbox::finish(&mut tx, entry.seq, now).await?;
        mirror::remove_restored(&mut tx, now, &central_actor(), entry.customer_id).await?;
        Ok(tx.commit().await?)
    }

    pub async fn outbox_counts(&self) -> Result<OutboxCounts> {
        let mut conn = self.reader.acquire().await?;
        outbox::counts(&mut conn).await
    }

    pub async fn outbox_open(&self, page: PageRequest) -> Result<Page<OutboxEntry>> {
        let mut conn = self.reader.acquire().await?;
        outbox::list_open(&mut conn, page).await
    }

    pub async fn outbox_open_for(&self, customer: CustomerId) -> Result<Vec<OutboxEntry>> {
        let mut conn = self.reader.acquire().await?;
        outbox::open_entries(&mut conn, customer).await
    }

    /// The server's id for a created customer, as soon as it is known (the entry finishes
    /// separately, once everything it holds is on the server).
    pub async fn outbox_link(&self, customer: CustomerId, remote_id: i64) -> Result<()> {
        let mut tx = self.begin().await?;
        outbox::link_remote(&mut tx, customer, remote_id).await?;
        Ok(tx.commit().await?)
    }

    /// Applies a push's merge: the server's values for the fields only it changed, and the
    /// conflicts (which hold the customer's entries until a person settles them).
    pub async fn merge_from_central(
        &self,
        customer: CustomerId,
        take: &Map<String, Value>,
        conflicts: &[FieldConflict],
    ) -> Result<()> {
        let mut tx = self.begin().await?;
        mirror::apply_merge(
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
    /// bookkeeping (`state`: key → value, `None` removes).
    pub async fn apply_pulled(
        &self,
        pulled: &[Pulled],
        rejected: &[Rejected],
        state: &[(&str, Option<&str>)],
    ) -> Result<Applied> {
        let mut tx = self.begin().await?;
        let applied = mirror::apply(
            &mut tx,
            self.now(),
            &central_actor(),
            self.region,
            pulled,
            rejected,
        )
        .await?;
        for (key, value) in state {
            mirror::set_state(&mut tx, key, *value).await?;
        }
        tx.commit().await?;
        Ok(applied)
    }

    /// A customer's invoices, payments and tickets as the server lists them (see
    /// [`remote_related::apply`]), in one transaction.
    pub async fn apply_pulled_related(
        &self,
        customer: CustomerId,
        invoices: &[PulledRecord<NewInvoice>],
        payments: &[PulledPayment],
        tickets: &[PulledRecord<NewTicket>],
    ) -> Result<RelatedApplied> {
        let mut tx = self.begin().await?;
        let applied = remote_related::apply(&mut tx, customer, invoices, payments, tickets).await?;
        tx.commit().await?;
        Ok(applied)
    }

    /// The local id of the customer the server knows as `remote_id`.
    pub async fn customer_by_remote_id(&self, remote_id: i64) -> Result<Option<CustomerId>> {
        let mut conn = self.reader.acquire().await?;
        let id: Option<uuid::Uuid> =
            sqlx::query_scalar("SELECT id FROM customers WHERE remote_id = ?")
                .bind(remote_id)
                .fetch_optional(&mut *conn)
                .await?;
        Ok(id.map(CustomerId::from_uuid))
    }

    /// After a full listing of the server's ids (see [`mirror::remove_missing`]).
    pub async fn remove_missing(&self, present: &HashSet<i64>) -> Result<Removed> {
        let mut tx = self.begin().await?;
        let removed =
            mirror::remove_missing(&mut tx, self.now(), &central_actor(), present).await?;
        tx.commit().await?;
        Ok(removed)
    }

    pub async fn conflicts(&self) -> Result<Vec<Conflict>> {
        let mut conn = self.reader.acquire().await?;
        mirror::conflicts(&mut conn).await
    }

    /// The fields of a customer waiting in a conflict (`mirror::DELETED` for "deleted on
    /// central").
    pub async fn conflicts_of(&self, customer: CustomerId) -> Result<BTreeSet<String>> {
        let mut conn = self.reader.acquire().await?;
        outbox::conflicted_fields(&mut conn, customer).await
    }

    pub async fn conflict_count(&self) -> Result<u64> {
        let mut conn = self.reader.acquire().await?;
        mirror::conflict_count(&mut conn).await
    }

    pub async fn resolve_conflict(
        &self,
        actor: &Actor,
        customer: CustomerId,
        field: &str,
        resolution: Resolution,
    ) -> Result<()> {
        let mut tx = self.begin().await?;
        mirror::resolve(
            &mut tx,
            self.now(),
            actor,
            self.region,
            customer,
            field,
            resolution,
        )
        .await?;
        Ok(tx.commit().await?)
    }

    pub async fn rejected_records(&self) -> Result<Vec<RejectedRecord>> {
        let mut conn = self.reader.acquire().await?;
        mirror::rejected(&mut conn).await
    }

    pub async fn sync_marks(&self, ids: &[CustomerId]) -> Result<Vec<(CustomerId, SyncMark)>> {
        let mut conn = self.reader.acquire().await?;
        mirror::marks(&mut conn, ids).await
    }

    pub async fn sync_state(&self, key: &str) -> Result<Option<String>> {
        let mut conn = self.reader.acquire().await?;
        mirror::state(&mut conn, key).await
    }

    pub async fn set_sync_state(&self, key: &str, value: Option<&str>) -> Result<()> {
        let mut tx = self.begin().await?;
        mirror::set_state(&mut tx, key, value).await?;
        Ok(tx.commit().await?)
    }

    /// Some customer's server id (to ask the server about related lists).
    pub async fn any_remote_id(&self) -> Result<Option<i64>> {
        let mut conn = self.reader.acquire().await?;
        Ok(sqlx::query_scalar(
            "SELECT remote_id FROM customers WHERE remote_id IS NOT NULL LIMIT 1",
        )
        .fetch_optional(&mut *conn)
        .await?)
    }
}
