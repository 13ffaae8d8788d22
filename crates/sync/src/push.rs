//! The push: the outbox's due entries sent to the central API, one per customer at a time,
//! each against the version it was based on.
//!
//! An entry is marked in flight (committed) before its request, and its outcome is committed
//! after the answer. A crash in between leaves it in flight, "maybe applied": every request is
//! safe to repeat except a create, which is first looked up by email.

use crate::central::{ApiError, ListRequest};
use crate::engine::{Probe, Step};
use crate::remote::{to_central_body, to_tracked_json, RemoteCustomer};
use crate::session::{Session, SessionError};
use chrono::Duration;
use infora_store::merge::{merge, FieldConflict};
use infora_store::mirror::DELETED;
use infora_store::outbox::{afters, EntryState, Operation, OutboxEntry};
use infora_store::{tracked_values, Store};
use serde_json::{json, Map, Value};
use std::collections::BTreeSet;

/// Entries read per round trip to the store.
const BATCH: u32 = 100;

/// What one push did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PushReport {
    pub sent: u64,
    pub refused: u64,
    pub retrying: u64,
    pub held: u64,
}

/// Why a push stopped before the queue was empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stop {
    /// No connection: everything waits for the next round.
    Offline(String),
    /// 402: the operator's subscription; nothing is sent until it is settled.
    Paused(String),
    /// The session ended.
    SignIn(String),
    /// Not signed in.
    SignedOut,
    /// The local store failed.
    Store(String),
}

impl From<infora_store::Error> for Stop {
    fn from(e: infora_store::Error) -> Self {
        Self::Store(e.to_string())
    }
}

/// What became of one entry.
enum Outcome {
    Done,
    Refused(String),
    Retry(String, Option<std::time::Duration>),
    /// Waiting for a person to settle a conflict.
    Held,
    Stop(Stop),
}

/// The wait before attempt `attempts + 1`: exponential from 5 s, capped at 10 minutes, with
/// full jitter so that many desks coming back online do not retry in step.
pub fn backoff(attempts: u32, jitter: f64) -> Duration {
    let base = 5_000_i64.saturating_mul(1_i64 << attempts.min(10).saturating_sub(1));
    let capped = base.min(600_000);
    let ms = (capped as f64 * (0.5 + jitter.clamp(0.0, 1.0) / 2.0)) as i64;
    Duration::milliseconds(ms.max(1_000))
}

impl Stop {
    /// The stop a failed call means for the whole round (no connection, no session, paused,
    /// the store failing), or back the API error when it concerns this request only.
    pub(crate) fn of(error: SessionError) -> Result<Self, ApiError> {
        Ok(match error {
            SessionError::SignedOut => Self::SignedOut,
            SessionError::Vault(e) => Self::SignIn(e.to_string()),
            SessionError::Store(e) => Self::Store(e),
            SessionError::Api(api) => match api {
                ApiError::SignInAgain { message } => Self::SignIn(message),
                ApiError::WrongCredentials => Self::SignIn(api.to_string()),
                ApiError::Paused { message } => Self::Paused(message),
                ApiError::Network { .. } => Self::Offline(api.to_string()),
                other => return Err(other),
            },
        })
    }
}

fn classify(error: SessionError, what: &str) -> Outcome {
    match Stop::of(error) {
        Ok(stop) => Outcome::Stop(stop),
        Err(api) => match api {
            ApiError::RateLimited { retry_after } => Outcome::Retry(api.to_string(), retry_after),
            ApiError::Refused { message, .. } => {
                Outcome::Refused(format!("The central system refused {what}: {message}"))
            }
            ApiError::NotFound => Outcome::Refused(format!(
                "The central system no longer has this customer; {what} was not applied"
            )),
            // 5xx and unreadable answers (the round-ending errors were taken above).
            other => Outcome::Retry(other.to_string(), None),
        },
    }
}

pub(crate) struct Push<'a> {
    pub store: &'a Store,
    pub session: &'a Session,
    pub probe: &'a Probe,
    pub jitter: &'a (dyn Fn() -> f64 + Send + Sync),
}

impl Push<'_> {
    /// Sends every due entry; stops early when the connection, the session or the
    /// subscription says so.
    pub async fn run(&self) -> Result<PushReport, Stop> {
        let mut report = PushReport::default();
        // Entries already handled in this run are not taken again (a retry waits for a later
        // round even when its backoff has passed).
        let mut seen = BTreeSet::new();
        loop {
            let due: Vec<OutboxEntry> = self
                .store
                .outbox_due(BATCH)
                .await?
                .into_iter()
                .filter(|e| !seen.contains(&e.seq))
                .collect();
            if due.is_empty() {
                return Ok(report);
            }
            for entry in due {
                seen.insert(entry.seq);
                self.probe.reached(Step::PushBeforeRequest).await;
                self.store.outbox_start(entry.seq).await?;
                let outcome = self.send(&entry).await;
                self.probe.reached(Step::PushAfterAnswer).await;
                match outcome {
                    Outcome::Done => {
                        self.store.outbox_finish(entry.seq).await?;
                        report.sent += 1;
                    }
                    Outcome::Refused(reason) => {
                        self.store.outbox_refuse(entry.seq, &reason).await?;
                        report.refused += 1;
                    }
                    Outcome::Retry(error, after) => {
                        let wait = after
                            .and_then(|d| Duration::from_std(d).ok())
                            .unwrap_or_else(|| backoff(entry.attempts + 1, (self.jitter)()));
                        self.store
                            .outbox_retry_at(entry.seq, self.store.now() + wait, &error)
                            .await?;
                        report.retrying += 1;
                    }
                    Outcome::Held => {
                        let waiting = "Waiting for you to settle a conflict";
                        self.store
                            .outbox_retry_at(entry.seq, self.store.now(), waiting)
                            .await?;
                        report.held += 1;
                    }
                    Outcome::Stop(stop) => {
                        // Back to pending, due at once: nothing was decided about it.
                        let why = match &stop {
                            Stop::Offline(m)
                            | Stop::Paused(m)
                            | Stop::SignIn(m)
                            | Stop::Store(m) => m.clone(),
                            Stop::SignedOut => "Not signed in".to_owned(),
                        };
                        self.store
                            .outbox_retry_at(entry.seq, self.store.now(), &why)
                            .await?;
                        return Err(stop);
                    }
                }
            }
        }
    }

    async fn send(&self, entry: &OutboxEntry) -> Outcome {
        match entry.operation {
            Operation::Create => self.create(entry).await,
            Operation::Update => self.update(entry).await,
            Operation::Delete => self.delete(entry).await,
        }
    }

    /// A create. One that may have reached the server before (an earlier attempt) is looked
    /// up first, so a lost answer never becomes a duplicate. The server's create ignores the
    /// join and last-payment dates: they follow in a PUT.
    async fn create(&self, entry: &OutboxEntry) -> Outcome {
        let ours = afters(&entry.changes);
        let email = ours
            .get("email")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        if let Some(remote_id) = entry.remote_id {
            // Created by an earlier attempt; only the follow-up may be missing.
            return match self
                .session
                .call(
                    |central, access| async move { central.get_customer(&access, remote_id).await },
                )
                .await
            {
                Ok(theirs) => self.complete_create(&ours, remote_id, &theirs).await,
                Err(SessionError::Api(ApiError::NotFound)) => self.deleted_there(entry).await,
                Err(e) => classify(e, "the new customer"),
            };
        }
        // Maybe applied: left in flight by a crash, or the last attempt failed without a
        // clear answer. (A refusal is a clear answer: the server did not apply it.)
        let maybe_applied = entry.state == EntryState::InFlight
            || (entry.attempts > 0 && entry.last_error.is_some());
        let found = if maybe_applied {
            match self.find_same(&ours).await {
                Ok(found) => found,
                Err(e) => return classify(e, "the new customer"),
            }
        } else {
            None
        };
        let created = match found {
            Some(found) => found,
            None => {
                let body = to_central_body(&ours);
                match self
                    .session
                    .call(|central, access| {
                        let body = body.clone();
                        async move { central.create_customer(&access, &body).await }
                    })
                    .await
                {
                    Ok(created) => created,
                    Err(SessionError::Api(ApiError::Refused {
                        status: 409,
                        message,
                    })) => {
                        return Outcome::Refused(format!(
                            "The central system already has a customer with the email {email} \
                             ({message}). Change the email here and retry, or discard this change."
                        ))
                    }
                    Err(e) => return classify(e, "the new customer"),
                }
            }
        };
        // Linked at once: whatever happens next, a retry knows the customer is there.
        if let Err(e) = self
            .store
            .outbox_link(entry.customer_id, created.remote_id)
            .await
        {
            return Outcome::Stop(e.into());
        }
        self.complete_create(&ours, created.remote_id, &created)
            .await
    }

    /// Sends what the create left out (the dates it ignores), if anything.
    async fn complete_create(
        &self,
        ours: &Map<String, Value>,
        remote_id: i64,
        stored: &RemoteCustomer,
    ) -> Outcome {
        let Some(fields) = stored.valid() else {
            return Outcome::Done;
        };
        let stored = to_tracked_json(fields);
        let rest: Map<String, Value> = ["join_date", "last_payment_date"]
            .iter()
            .filter_map(|f| {
                let mine = ours.get(*f)?;
                (stored.get(*f) != Some(mine)).then(|| ((*f).to_owned(), mine.clone()))
            })
            .collect();
        if rest.is_empty() {
            return Outcome::Done;
        }
        let body = to_central_body(&rest);
        match self
            .session
            .call(|central, access| {
                let body = body.clone();
                async move { central.update_customer(&access, remote_id, &body).await }
            })
            .await
        {
            Ok(answer) => self.check_applied(&rest, &answer),
            Err(e) => classify(e, "the new customer's dates"),
        }
    }

    /// The server's customer with our email, name and phone: the same person, created by an
    /// attempt whose answer was lost. (Email alone could be someone else's customer.)
    async fn find_same(
        &self,
        ours: &Map<String, Value>,
    ) -> Result<Option<RemoteCustomer>, SessionError> {
        let email = ours
            .get("email")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let request = ListRequest::search(email, 1, 100);
        let page = self
            .session
            .call(|central, access| {
                let request = request.clone();
                async move { central.list_customers(&access, &request).await }
            })
            .await?;
        Ok(page.customers.into_iter().find(|c| {
            c.valid().is_some_and(|f| {
                let theirs = to_tracked_json(f);
                ["email", "name", "phone"]
                    .iter()
                    .all(|k| theirs.get(*k) == ours.get(*k))
            })
        }))
    }

    /// An update, merged with what the server holds now: its changes to fields we did not
    /// touch are taken, ours to fields it did not touch are sent, both → a conflict.
    async fn update(&self, entry: &OutboxEntry) -> Outcome {
        let Some(remote_id) = entry.remote_id else {
            return Outcome::Refused(
                "This customer was never sent to the central system (it was made before sync \
                 was set up, or its creation was discarded), so this change cannot be applied there"
                    .to_owned(),
            );
        };
        let theirs = match self
            .session
            .call(|central, access| async move { central.get_customer(&access, remote_id).await })
            .await
        {
            Ok(found) => found,
            Err(SessionError::Api(ApiError::NotFound)) => return self.deleted_there(entry).await,
            Err(e) => return classify(e, "this change"),
        };
        let Some(fields) = theirs.valid() else {
            return Outcome::Refused(
                "The central system holds values for this customer that Infora Desk cannot read \
                 (see Sync → Records from central); correct them there, then retry"
                    .to_owned(),
            );
        };
        let theirs_now = to_tracked_json(fields);
        let local = match self.store.get_customer(entry.customer_id).await {
            Ok(c) => c,
            // Deleted here since: the deletion's own entry follows this one.
            Err(infora_store::Error::NotFound { .. }) => return Outcome::Done,
            Err(e) => return Outcome::Stop(e.into()),
        };
        let local = match tracked_values(&local) {
            Ok(v) => v,
            Err(e) => return Outcome::Stop(e.into()),
        };
        let held = match self.held_fields(entry).await {
            Ok(h) => h,
            Err(e) => return Outcome::Stop(e),
        };
        let outcome = merge(&local, &entry.changes, &held, &theirs_now);
        if !outcome.take.is_empty() || !outcome.conflicts.is_empty() {
            if let Err(e) = self
                .store
                .merge_from_central(entry.customer_id, &outcome.take, &outcome.conflicts)
                .await
            {
                return Outcome::Stop(e.into());
            }
        }
        if !outcome.conflicts.is_empty() {
            return Outcome::Held;
        }
        if outcome.send.is_empty() {
            return Outcome::Done;
        }
        let body = to_central_body(&outcome.send);
        let answer = match self
            .session
            .call(|central, access| {
                let body = body.clone();
                async move { central.update_customer(&access, remote_id, &body).await }
            })
            .await
        {
            Ok(answer) => answer,
            Err(SessionError::Api(ApiError::NotFound)) => return self.deleted_there(entry).await,
            Err(e) => return classify(e, "this change"),
        };
        self.check_applied(&outcome.send, &answer)
    }

    /// Fields that this customer's later open entries set: the server's values must not
    /// overwrite them locally.
    async fn held_fields(&self, entry: &OutboxEntry) -> Result<BTreeSet<String>, Stop> {
        Ok(self
            .store
            .outbox_open_for(entry.customer_id)
            .await?
            .iter()
            .filter(|e| e.seq != entry.seq)
            .flat_map(|e| e.changes.keys().cloned())
            .collect())
    }

    /// The server answered with the customer as it stored it: every field sent must be
    /// there. The seed version ignores `package`, which is reported, not marked as synced.
    fn check_applied(&self, sent: &Map<String, Value>, answer: &RemoteCustomer) -> Outcome {
        let Some(fields) = answer.valid() else {
            return Outcome::Done;
        };
        let stored = to_tracked_json(fields);
        for (field, value) in sent {
            let kept = stored.get(field).cloned().unwrap_or(Value::Null);
            if kept != *value {
                return Outcome::Refused(if field == "package" {
                    format!(
                        "The central system ignored the package change: it still has {kept}. \
                         Change the package on the central system, or discard this change."
                    )
                } else {
                    format!("The central system did not apply {field}: it kept {kept} instead of {value}.")
                });
            }
        }
        Outcome::Done
    }

    /// The server no longer has a customer we changed: a conflict for a person.
    async fn deleted_there(&self, entry: &OutboxEntry) -> Outcome {
        let conflict = FieldConflict {
            field: DELETED.to_owned(),
            mine: json!("changed on this device"),
            theirs: json!("deleted on the central system"),
        };
        match self
            .store
            .merge_from_central(entry.customer_id, &Map::new(), &[conflict])
            .await
        {
            Ok(()) => Outcome::Held,
            Err(e) => Outcome::Stop(e.into()),
        }
    }

    /// A deletion. The seed version's DELETE fails with a 500 for every existing customer:
    /// that is refused (kept, shown), never retried in a loop.
    async fn delete(&self, entry: &OutboxEntry) -> Outcome {
        let Some(remote_id) = entry.remote_id else {
            // Never reached the server: nothing to delete there.
            return Outcome::Done;
        };
        match self
            .session
            .call(
                |central, access| async move { central.delete_customer(&access, remote_id).await },
            )
            .await
        {
            Ok(()) | Err(SessionError::Api(ApiError::NotFound)) => Outcome::Done,
            Err(SessionError::Api(ApiError::Server {
                status: 500,
                message,
            })) => Outcome::Refused(format!(
                "The central system could not delete this customer (a fault in its current \
                 version: {message}). It is deleted here only; retry after the central system \
                 is fixed, or discard."
            )),
            Err(e) => classify(e, "the deletion"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::backoff;

    #[test]
    fn backoff_grows_from_seconds_to_a_ten_minute_cap_with_jitter() {
        let ms = |attempts, jitter| backoff(attempts, jitter).num_milliseconds();
        assert_eq!((ms(1, 0.0), ms(1, 1.0)), (2_500, 5_000));
        assert_eq!((ms(2, 0.0), ms(2, 1.0)), (5_000, 10_000));
        assert!(ms(4, 0.5) > ms(3, 0.5));
        assert_eq!(ms(30, 1.0), 600_000, "capped");
        assert_eq!(
            ms(30, 0.0),
            300_000,
            "jitter spreads retries over half the wait"
        );
    }
}
