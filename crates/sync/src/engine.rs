//! The sync engine: a background task that pushes the outbox and pulls central's changes
//! every few minutes while signed in, at once when asked ("Sync now"), and soon after a local
//! change; and the status the app shows.
//!
//! One round runs at a time. Nothing here blocks the app: the screens read the store, which
//! the round writes in short transactions.

use crate::central::CentralUrl;
use crate::pull::{Pull, PullReport};
use crate::push::{Push, PushReport};
use crate::round::{Probe, Stop};
use crate::session::{Session, SessionError};
use crate::vault::TokenVault;
use chrono::{DateTime, Utc};
use infora_store::sync::{Account, RelatedLists, SyncState};
use infora_store::Store;
use serde::Serialize;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{broadcast, watch, Mutex, Notify};
use ts_rs::TS;

/// The shortest sleep between background rounds.
const MIN_WAIT: Duration = Duration::from_secs(1);

/// How long entries that reached central are kept: long enough to tell what went when (a
/// person asking "did yesterday's payments go?"), short enough that the outbox does not grow
/// with every change ever made.
pub const KEEP_DONE: chrono::Duration = chrono::Duration::days(30);

/// How the engine runs.
#[derive(Clone)]
pub struct Options {
    /// Between automatic rounds while signed in.
    pub every: Duration,
    /// Customers per page pulled.
    pub per_page: u32,
    /// Between full listings (which find customers deleted on central).
    pub full_every: chrono::Duration,
    pub probe: Probe,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            every: Duration::from_secs(180),
            per_page: 1000,
            full_every: chrono::Duration::hours(6),
            probe: Probe::default(),
        }
    }
}

/// What the status area shows.
#[derive(Debug, Clone, Default, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct SyncStatus {
    /// The account signed in, or last signed in.
    pub account: Option<Account>,
    pub signed_in: bool,
    /// The session ended: the user must sign in again.
    pub needs_sign_in: bool,
    /// Whether central was reachable at the last attempt (`None`: not tried yet).
    pub online: Option<bool>,
    pub syncing: bool,
    pub pending: u64,
    pub refused: u64,
    pub conflicts: u64,
    /// Pulled records kept aside because they break our rules.
    pub rejected: u64,
    #[ts(type = "string | null")]
    pub last_success_at: Option<DateTime<Utc>>,
    pub last_error: Option<String>,
    /// Why central paused sync (402), in its words.
    pub paused: Option<String>,
    /// Whether central answers for invoices, payments and tickets.
    pub related_lists: Option<RelatedLists>,
}

/// What one round did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RoundReport {
    pub push: PushReport,
    pub pull: Option<PullReport>,
    pub stopped: Option<String>,
}

struct Inner {
    store: Store,
    session: Session,
    options: Options,
    round: Mutex<()>,
    wake: Notify,
    status: watch::Sender<SyncStatus>,
    /// What the user is told once (see `PushReport::notices`).
    notices: broadcast::Sender<String>,
    online: std::sync::Mutex<Option<bool>>,
    needs_sign_in: std::sync::Mutex<bool>,
}

/// The engine. Cheap to clone.
#[derive(Clone)]
pub struct SyncEngine {
    inner: Arc<Inner>,
}

fn jitter() -> f64 {
    // Sub-second clock noise is jitter enough to keep desks out of step.
    f64::from(Utc::now().timestamp_subsec_nanos() % 1_000_000) / 1_000_000.0
}

impl SyncEngine {
    /// The engine over `store`, with the session the vault remembers (not started).
    pub async fn new(
        store: Store,
        vault: Arc<dyn TokenVault>,
        options: Options,
    ) -> Result<Self, SessionError> {
        let session = Session::restore(store.clone(), vault).await?;
        let (status, _) = watch::channel(SyncStatus::default());
        let engine = Self {
            inner: Arc::new(Inner {
                store,
                session,
                options,
                round: Mutex::new(()),
                wake: Notify::new(),
                status,
                notices: broadcast::channel(16).0,
                online: std::sync::Mutex::new(None),
                needs_sign_in: std::sync::Mutex::new(false),
            }),
        };
        engine.refresh_status().await;
        Ok(engine)
    }

    pub fn session(&self) -> &Session {
        &self.inner.session
    }

    /// Runs rounds in the background while signed in: when the next outbox entry falls due
    /// (a retry's backoff has passed), at the latest every `options.every`, and whenever woken.
    /// A round that stopped (offline, paused, signed out) waits the full period: retrying a
    /// missing connection sooner would only spin. Returns the task's handle (abort it to stop).
    pub fn start(&self) -> tokio::task::JoinHandle<()> {
        let engine = self.clone();
        tokio::spawn(async move {
            loop {
                let every = engine.inner.options.every;
                let wait = if engine.inner.session.is_signed_in().await {
                    let report = engine.round().await;
                    if report.stopped.is_some() {
                        every
                    } else {
                        engine.next_round_in().await
                    }
                } else {
                    every
                };
                let woken = tokio::time::timeout(wait, engine.inner.wake.notified()).await;
                if woken.is_ok() {
                    // A burst of local changes goes out in one round.
                    tokio::time::sleep(Duration::from_secs(2)).await;
                }
            }
        })
    }

    /// How long the background task sleeps after a round that ended well: until the next
    /// outbox entry that can be sent falls due, or the periodic round, whichever is sooner; at
    /// least a second, so a burst of due entries is one round, not a spin.
    pub async fn next_round_in(&self) -> Duration {
        let every = self.inner.options.every;
        let store = &self.inner.store;
        match store.outbox_next_due_at().await {
            Ok(Some(at)) => (at - store.now())
                .to_std()
                .unwrap_or(Duration::ZERO)
                .clamp(MIN_WAIT, every.max(MIN_WAIT)),
            Ok(None) => every,
            Err(e) => {
                tracing::error!(error = %e, "could not read when the outbox is next due");
                every
            }
        }
    }

    /// Asks the background task for a round now (after a local change, or "Sync now").
    pub fn wake(&self) {
        self.inner.wake.notify_one();
    }

    /// Changes of the status, for the app to forward to the screens.
    pub fn subscribe(&self) -> watch::Receiver<SyncStatus> {
        self.inner.status.subscribe()
    }

    /// What the user should be told once, as pushes find it (a package change central cannot
    /// apply). A window that is not listening misses nothing lasting: the customer's history
    /// records the same.
    pub fn subscribe_notices(&self) -> broadcast::Receiver<String> {
        self.inner.notices.subscribe()
    }

    pub fn status(&self) -> SyncStatus {
        self.inner.status.borrow().clone()
    }

    pub async fn sign_in(
        &self,
        central_url: &str,
        email: &str,
        password: &str,
    ) -> Result<Account, SignInError> {
        let central = CentralUrl::parse(central_url).map_err(SignInError::CentralUrl)?;
        if email.trim().is_empty() || password.is_empty() {
            return Err(SignInError::Missing);
        }
        let account = self
            .inner
            .session
            .sign_in(&central, email, password)
            .await?;
        *lock(&self.inner.needs_sign_in) = false;
        self.record(|state| state.paused = None).await;
        self.refresh_status().await;
        self.wake();
        Ok(account)
    }

    pub async fn sign_out(&self) -> Result<(), SessionError> {
        let _round = self.inner.round.lock().await;
        self.inner.session.sign_out().await?;
        *lock(&self.inner.needs_sign_in) = false;
        *lock(&self.inner.online) = None;
        self.refresh_status().await;
        Ok(())
    }

    /// One round, now: push, then pull. Waits for a round already running.
    pub async fn round(&self) -> RoundReport {
        self.round_of(true).await
    }

    /// Only the push half of a round (the benchmark times it alone).
    pub async fn push(&self) -> RoundReport {
        self.round_of(false).await
    }

    async fn round_of(&self, with_pull: bool) -> RoundReport {
        let _round = self.inner.round.lock().await;
        self.inner.status.send_modify(|s| s.syncing = true);
        let report = self.run_round(with_pull).await;
        match &report.stopped {
            None => {
                let now = self.inner.store.now();
                if let Err(e) = self.inner.store.outbox_prune_done(now - KEEP_DONE).await {
                    tracing::error!(error = %e, "could not forget old sent entries");
                }
                self.record(|state| {
                    state.last_success_at = Some(now);
                    state.last_error = None;
                    state.paused = None;
                })
                .await;
            }
            Some(error) => {
                let error = error.clone();
                self.record(|state| state.last_error = Some(error)).await;
            }
        }
        self.refresh_status().await;
        report
    }

    async fn run_round(&self, with_pull: bool) -> RoundReport {
        let inner = &self.inner;
        let mut report = RoundReport::default();
        let push = Push {
            store: &inner.store,
            session: &inner.session,
            probe: &inner.options.probe,
            jitter: &jitter,
        };
        let pushed = push.run().await;
        if let Ok(pushed) = &pushed {
            for notice in &pushed.notices {
                // Nobody listening is fine: the history keeps it.
                let _ = inner.notices.send(notice.clone());
            }
        }
        let stopped = match pushed {
            Ok(pushed) if !with_pull => {
                report.push = pushed;
                None
            }
            Ok(pushed) => {
                report.push = pushed;
                let pull = Pull {
                    store: &inner.store,
                    session: &inner.session,
                    probe: &inner.options.probe,
                    per_page: inner.options.per_page,
                    full_every: inner.options.full_every,
                };
                match pull.run().await {
                    Ok(pulled) => {
                        report.pull = Some(pulled);
                        None
                    }
                    Err(stop) => Some(stop),
                }
            }
            Err(stop) => Some(stop),
        };
        *lock(&inner.online) = Some(!matches!(stopped, Some(Stop::Offline(_))));
        if let Some(stop) = stopped {
            report.stopped = Some(match stop {
                Stop::Offline(m) => m,
                Stop::Store(failure) => failure.message,
                Stop::Paused(m) => {
                    let why = m.clone();
                    self.record(|state| state.paused = Some(why)).await;
                    format!("Sync is paused by the central system: {m}")
                }
                Stop::SignIn(m) => {
                    *lock(&inner.needs_sign_in) = true;
                    format!("Please sign in again: {m}")
                }
                Stop::SignedOut => "Not signed in".to_owned(),
            });
        }
        report
    }

    /// One customer's invoices, payments and tickets from central, now (when their detail
    /// opens). `Ok(false)`: not signed in, not on central yet, or central does not
    /// answer for them; the local records stand.
    pub async fn pull_related(
        &self,
        customer: infora_domain::CustomerId,
    ) -> Result<bool, SessionError> {
        if !self.inner.session.is_signed_in().await {
            return Ok(false);
        }
        let Some(central_id) = self.inner.store.get_customer(customer).await?.central_id else {
            return Ok(false);
        };
        let pulled = crate::pull::related::pull(
            &self.inner.store,
            &self.inner.session,
            customer,
            central_id,
        )
        .await?;
        Ok(pulled.is_some_and(|applied| applied.written + applied.removed > 0))
    }

    async fn record(&self, change: impl FnOnce(&mut SyncState)) {
        if let Err(e) = self.inner.store.update_sync_state(change).await {
            tracing::error!(error = %e, "could not record the sync state");
        }
    }

    /// Re-reads the counts and bookkeeping and publishes the status.
    pub async fn refresh_status(&self) {
        let inner = &self.inner;
        let store = &inner.store;
        let counts = store.outbox_counts().await.unwrap_or_default();
        let state = store.sync_state().await.unwrap_or_default();
        let needs_sign_in = *lock(&inner.needs_sign_in);
        let online = *lock(&inner.online);
        let status = SyncStatus {
            account: state.account,
            signed_in: inner.session.is_signed_in().await,
            needs_sign_in,
            online,
            syncing: false,
            pending: counts.pending + counts.in_flight,
            refused: counts.refused,
            conflicts: store.conflict_count().await.unwrap_or(0),
            rejected: store
                .rejected_records()
                .await
                .map(|r| r.len() as u64)
                .unwrap_or(0),
            last_success_at: state.last_success_at,
            last_error: state.last_error,
            paused: state.paused,
            related_lists: state.related_lists,
        };
        inner.status.send_replace(status);
    }
}

fn lock<T>(m: &std::sync::Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Why a sign-in did not happen.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignInError {
    #[error("{}", .0.message)]
    CentralUrl(infora_domain::FieldError),
    #[error("Enter the email and password of your central account")]
    Missing,
    #[error(transparent)]
    Session(#[from] SessionError),
}
