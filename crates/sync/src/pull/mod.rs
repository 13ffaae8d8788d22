//! The pull: central's customers, newest change first, back to the last checkpoint minus an
//! overlap, upserted by central id. The API has no "changed since" filter and no tombstones, so:
//!
//! - an incremental pull reads `sort_by=updated_at&sort_order=desc` back to the checkpoint
//!   minus an overlap (stamps have one-second resolution), as one page (see `recent`);
//! - the first pull, and one every few hours, lists everything by central id, pages fetched
//!   ahead while the previous one is written; customers central no longer lists are
//!   removed here (or become conflicts when they have local changes);
//! - the checkpoint advances in the transaction of the walk's last page, so a crash mid-walk
//!   starts the next walk from the old checkpoint (upserts are idempotent).

pub mod related;

use crate::central::{CentralCustomer, CentralPage, ListRequest};
use crate::round::{Probe, Step, Stop};
use crate::session::{Session, SessionError};
use chrono::{DateTime, Duration, Utc};
use infora_domain::NewCustomer;
use infora_store::sync::{Pulled, Rejected, RelatedLists, SyncState};
use infora_store::Store;
use std::collections::HashSet;
use tokio::task::JoinHandle;

/// Customers whose invoices, payments and tickets one pull asks for (the rest are asked for
/// when their detail is opened).
const RELATED_PER_PULL: usize = 200;

/// How far before the checkpoint each walk reaches.
const OVERLAP: Duration = Duration::seconds(5);

/// What one pull did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PullReport {
    pub pages: u64,
    pub received: u64,
    pub inserted: u64,
    pub updated: u64,
    pub merged: u64,
    pub conflicts: u64,
    pub rejected: u64,
    pub removed: u64,
    pub full: bool,
}

pub(crate) struct Pull<'a> {
    pub store: &'a Store,
    pub session: &'a Session,
    pub probe: &'a Probe,
    pub per_page: u32,
    pub full_every: Duration,
}

/// A pull has no per-request outcome: any failure ends it, to be tried again next round.
/// How far a pull got, recorded with the page that got it there.
#[derive(Debug, Clone, Copy, Default)]
struct Progress {
    /// Central's newest `updated_at` taken.
    checkpoint: Option<DateTime<Utc>>,
    /// A full listing's start, once its last page is written.
    full_pull_at: Option<DateTime<Utc>>,
}

impl Progress {
    fn record(self, state: &mut SyncState) {
        if let Some(at) = self.checkpoint {
            state.pull_checkpoint = Some(at);
        }
        if let Some(at) = self.full_pull_at {
            state.last_full_pull = Some(at);
        }
    }
}

fn stop_of(error: SessionError) -> Stop {
    Stop::of(error).unwrap_or_else(|api| Stop::Offline(api.to_string()))
}

fn by_id(page: u32, per_page: u32) -> ListRequest {
    ListRequest {
        page,
        per_page,
        search: None,
        sort_by: Some("id".to_owned()),
        sort_order_desc: false,
    }
}

fn fetch(session: &Session, request: ListRequest) -> JoinHandle<Result<CentralPage, SessionError>> {
    let session = session.clone();
    tokio::spawn(async move {
        session
            .call(|central, access| {
                let request = request.clone();
                async move { central.list_customers(&access, &request).await }
            })
            .await
    })
}

async fn join(handle: JoinHandle<Result<CentralPage, SessionError>>) -> Result<CentralPage, Stop> {
    match handle.await {
        Ok(page) => page.map_err(stop_of),
        Err(e) => Err(Stop::Offline(format!("the page request stopped: {e}"))),
    }
}

/// A central customer that obeys our rules, as the store takes it; `None` when it breaks one.
pub(crate) fn pulled(customer: CentralCustomer) -> Option<Pulled> {
    let f = customer.fields.ok()?;
    let mut new = NewCustomer::new(f.name, f.email, f.phone);
    new.address = f.address;
    new.status = f.status;
    new.package = f.package;
    new.balance = f.balance;
    new.usage_percentage = f.usage_percentage;
    new.device_count = f.device_count;
    new.join_date = Some(f.join_date);
    new.last_payment_date = f.last_payment_date;
    Some(Pulled {
        central_id: customer.central_id,
        customer: new,
        created_at: f.created_at,
    })
}

/// A pulled customer split by whether it obeys our rules.
fn sort(customer: CentralCustomer, pulled: &mut Vec<Pulled>, rejected: &mut Vec<Rejected>) {
    match customer.fields {
        Ok(_) => pulled.extend(self::pulled(customer)),
        Err(problems) => rejected.push(Rejected {
            central_id: customer.central_id,
            raw: customer.raw,
            problems,
        }),
    }
}

impl Pull<'_> {
    pub async fn run(&self) -> Result<PullReport, Stop> {
        let now = self.store.now();
        let state = self.store.sync_state().await?;
        let (checkpoint, last_full) = (state.pull_checkpoint, state.last_full_pull);
        let full = checkpoint.is_none() || last_full.is_none_or(|at| now - at >= self.full_every);
        let mut report = PullReport {
            full,
            ..PullReport::default()
        };
        self.probe.reached(Step::PullBeforeRequest).await;
        let seen = match checkpoint {
            Some(checkpoint) if !full => {
                self.recent(checkpoint - OVERLAP, checkpoint, &mut report)
                    .await?
            }
            _ => self.everything(checkpoint, &mut report).await?,
        };
        self.pull_related(&seen).await?;
        Ok(report)
    }

    /// The changes since `floor`, newest first. Rows stamped in the same second come back in
    /// a different order on every request, so a boundary between two pages inside such a
    /// group would lose rows: the window is read as one page instead, asked again four times
    /// as large until it reaches below the floor.
    async fn recent(
        &self,
        floor: DateTime<Utc>,
        checkpoint: DateTime<Utc>,
        report: &mut PullReport,
    ) -> Result<HashSet<i64>, Stop> {
        let mut per_page = self.per_page.max(1);
        let page = loop {
            let page = join(fetch(
                self.session,
                ListRequest::newest_changes(1, per_page),
            ))
            .await?;
            self.probe.reached(Step::PullAfterAnswer).await;
            report.pages += 1;
            let oldest = page.customers.iter().filter_map(|c| c.updated_at).min();
            let short = (page.customers.len() as u64) < u64::from(per_page);
            if short || oldest.is_some_and(|o| o < floor) {
                break page;
            }
            per_page = per_page.saturating_mul(4);
        };
        let newest = page
            .customers
            .iter()
            .filter_map(|c| c.updated_at)
            .max()
            .map_or(checkpoint, |n| n.max(checkpoint));
        let mut seen = HashSet::new();
        let progress = Progress {
            checkpoint: Some(newest),
            full_pull_at: None,
        };
        self.apply(page, progress, report, &mut seen).await?;
        Ok(seen)
    }

    /// Every customer, by central id (unique, so pages are stable; new customers land on the
    /// last page). Also the full comparison that finds customers deleted on central. The
    /// next page is fetched while this one is written.
    async fn everything(
        &self,
        checkpoint: Option<DateTime<Utc>>,
        report: &mut PullReport,
    ) -> Result<HashSet<i64>, Stop> {
        let started = self.store.now();
        let mut seen: HashSet<i64> = HashSet::new();
        let mut newest = checkpoint;
        let mut first_total: Option<u64> = None;
        let mut last_total = 0;
        let mut number = 1;
        let mut next = Some(fetch(self.session, by_id(number, self.per_page)));
        while let Some(handle) = next.take() {
            let page = join(handle).await?;
            self.probe.reached(Step::PullAfterAnswer).await;
            first_total.get_or_insert(page.total);
            last_total = page.total;
            let last = page.customers.is_empty() || u64::from(number) >= page.pages;
            if !last {
                number += 1;
                next = Some(fetch(self.session, by_id(number, self.per_page)));
            }
            if let Some(top) = page.customers.iter().filter_map(|c| c.updated_at).max() {
                newest = Some(newest.map_or(top, |n| n.max(top)));
            }
            report.pages += 1;
            // The checkpoint moves with the walk's last page only: a crash mid-walk starts the
            // next walk from the old one.
            let progress = if last {
                Progress {
                    checkpoint: newest,
                    full_pull_at: Some(started),
                }
            } else {
                Progress::default()
            };
            self.apply(page, progress, report, &mut seen).await?;
        }
        // Only a listing during which the total held still is trusted to say which customers
        // are gone (a deletion while paging shifts rows between pages).
        if first_total == Some(last_total) && seen.len() as u64 >= last_total {
            let removed = self.store.remove_missing(&seen).await?;
            report.removed = removed.deleted;
            report.conflicts += removed.conflicts;
        }
        Ok(seen)
    }

    /// Writes one page (and the pull's `progress`) in one transaction.
    async fn apply(
        &self,
        page: CentralPage,
        progress: Progress,
        report: &mut PullReport,
        seen: &mut HashSet<i64>,
    ) -> Result<(), Stop> {
        report.received += page.customers.len() as u64;
        let (mut pulled, mut rejected) = (Vec::new(), Vec::new());
        for customer in page.customers {
            seen.insert(customer.central_id);
            sort(customer, &mut pulled, &mut rejected);
        }
        for raw in page.unreadable {
            tracing::warn!(%raw, "a pulled customer without an id was skipped");
        }
        let applied = self
            .store
            .apply_pulled(&pulled, &rejected, |state| progress.record(state))
            .await?;
        report.inserted += applied.inserted;
        report.updated += applied.updated;
        report.merged += applied.merged;
        report.conflicts += applied.conflicts;
        report.rejected += applied.rejected;
        Ok(())
    }

    /// Invoices, payments and tickets of the customers this pull brought (up to
    /// `RELATED_PER_PULL` of them). The seed version answers 500 for every customer: the
    /// first customer tells, the answer is kept for the status area, and the pull carries on
    /// quietly either way.
    async fn pull_related(&self, seen: &HashSet<i64>) -> Result<(), Stop> {
        let mut central_ids: Vec<i64> = seen.iter().copied().collect();
        central_ids.sort_unstable_by(|a, b| b.cmp(a));
        if central_ids.is_empty() {
            central_ids.extend(self.store.any_central_id().await?);
        }
        let mut available = None;
        for central_id in central_ids.into_iter().take(RELATED_PER_PULL) {
            let Some(customer) = self.store.customer_by_central_id(central_id).await? else {
                continue;
            };
            let pulled = related::pull(self.store, self.session, customer, central_id)
                .await
                .map_err(stop_of)?;
            available = Some(pulled.is_some());
            if pulled.is_none() {
                break;
            }
        }
        if let Some(available) = available {
            let lists = if available {
                RelatedLists::Available
            } else {
                RelatedLists::Unavailable
            };
            self.store
                .update_sync_state(|state| state.related_lists = Some(lists))
                .await?;
        }
        Ok(())
    }
}
