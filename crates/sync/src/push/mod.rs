//! The push: the outbox's due entries sent to the central API, one per customer at a time,
//! each against the version it was based on.
//!
//! An entry is marked in flight (committed) before its request, and its outcome is committed
//! after the answer. A crash in between leaves it in flight, "maybe applied": every request is
//! safe to repeat except a create, which is first looked up by email.

mod adjust;

use crate::central::customer::{to_central_body, to_tracked_json, CentralCustomer};
use crate::central::{ApiError, ListRequest};
use crate::round::{Probe, Step, Stop};
use crate::session::{Session, SessionError};
use chrono::Duration;

use infora_store::sync::merge::{merge, CENTRAL_OWNED, IGNORED_BY_CREATE};
use infora_store::sync::outbox::afters;
use infora_store::sync::{EntryState, FieldConflict, Hold, Operation, OutboxEntry};
use infora_store::{tracked_values, FieldChange, Store};
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};

/// Entries read per round trip to the store.
const BATCH: u32 = 100;

/// What one push did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PushReport {
    pub sent: u64,
    pub refused: u64,
    pub retrying: u64,
    pub held: u64,
    /// What the user should be told once: local changes central cannot take, which the desk
    /// has given up for central's values.
    pub notices: Vec<String>,
}

/// What became of one entry.
enum Outcome {
    Done,
    /// Done, and the user is told this once.
    DoneWithNotice(String),
    Refused(String),
    Retry(String, Option<std::time::Duration>),
    /// Waiting for a person to settle a conflict (the entry was rewritten to what waits),
    /// maybe with something to tell the user once about the part that went.
    Held(Option<String>),
    /// Refused, and already recorded so by the step that decided it (with what goes with it).
    RefusedRecorded,
    Stop(Stop),
}

/// The wait before attempt `attempts + 1`: exponential from 5 s, capped at 10 minutes, of which
/// half is fixed and half random ("equal jitter"), so that many desks coming back online do not
/// retry in step, and none retries sooner than half its step. The engine sleeps until then.
pub fn backoff(attempts: u32, jitter: f64) -> Duration {
    let base = 5_000_i64.saturating_mul(1_i64 << attempts.min(10).saturating_sub(1));
    let capped = base.min(600_000);
    let ms = (capped as f64 * (0.5 + jitter.clamp(0.0, 1.0) / 2.0)) as i64;
    Duration::milliseconds(ms.max(1_000))
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
                    Outcome::Done => report.sent += 1,
                    Outcome::DoneWithNotice(notice) => {
                        report.sent += 1;
                        report.notices.push(notice);
                    }
                    Outcome::Refused(reason) => {
                        self.store.outbox_refuse(entry.seq, &reason).await?;
                        report.refused += 1;
                    }
                    Outcome::RefusedRecorded => report.refused += 1,
                    Outcome::Retry(error, after) => {
                        let wait = after
                            .and_then(|d| Duration::from_std(d).ok())
                            .unwrap_or_else(|| backoff(entry.attempts + 1, (self.jitter)()));
                        self.store
                            .outbox_retry_at(entry.seq, self.store.now() + wait, &error)
                            .await?;
                        report.retrying += 1;
                    }
                    // The entry was rewritten to what waits (see `update`).
                    Outcome::Held(notice) => {
                        report.held += 1;
                        report.notices.extend(notice);
                    }
                    Outcome::Stop(stop) => {
                        // Back to pending, due at once: nothing was decided about it.
                        let why = match &stop {
                            Stop::Offline(m) | Stop::Paused(m) | Stop::SignIn(m) => m.clone(),
                            Stop::Store(failure) => failure.message.clone(),
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
            Operation::Adjust => self.adjust(entry).await,
        }
    }

    /// Marks the entry done.
    async fn finish(&self, entry: &OutboxEntry) -> Outcome {
        match self.store.outbox_finish(entry.seq).await {
            Ok(()) => Outcome::Done,
            Err(e) => Outcome::Stop(e.into()),
        }
    }

    /// A create. One that may have reached central before (an earlier attempt) is looked
    /// up first, so a lost answer never becomes a duplicate. One sure not to have reached it
    /// takes the customer's later edits along (central's update would ignore the package).
    async fn create(&self, entry: &OutboxEntry) -> Outcome {
        if let Some(central_id) = entry.central_id {
            // Created by an earlier attempt whose outcome was not recorded: settle it from
            // what central holds.
            return match self
                .session
                .call(
                    |central, access| async move { central.get_customer(&access, central_id).await },
                )
                .await
            {
                Ok(theirs) => self.settle_create(entry, &theirs).await,
                Err(SessionError::Api(ApiError::NotFound)) => self.deleted_there(entry).await,
                Err(e) => classify(e, "the new customer"),
            };
        }
        // Maybe applied: left in flight by a crash, or the last attempt failed without a
        // clear answer. (A refusal is a clear answer: central did not apply it.)
        let maybe_applied = entry.state == EntryState::InFlight
            || (entry.attempts > 0 && entry.last_error.is_some());
        let entry = if maybe_applied {
            entry.clone()
        } else {
            match self.folded(entry).await {
                Ok(folded) => folded,
                Err(stop) => return Outcome::Stop(stop),
            }
        };
        let ours = afters(&entry.changes);
        let email = ours
            .get("email")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
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
                let sent: Map<String, Value> = ours
                    .iter()
                    .filter(|(f, _)| !IGNORED_BY_CREATE.contains(&f.as_str()))
                    .map(|(f, v)| (f.clone(), v.clone()))
                    .collect();
                let body = to_central_body(&sent);
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
            .outbox_link(entry.customer_id, created.central_id)
            .await
        {
            return Outcome::Stop(e.into());
        }
        self.settle_create(&entry, &created).await
    }

    /// The create entry with the customer's later edits folded in, re-read as stored.
    async fn folded(&self, entry: &OutboxEntry) -> Result<OutboxEntry, Stop> {
        self.store.outbox_fold_into_create(entry.seq).await?;
        Ok(self.store.outbox_entry(entry.seq).await?)
    }

    /// Central has the customer: the create is done. The desk takes central's values for the
    /// fields central sets itself (the join date, the last payment date), recorded in the
    /// customer's history as central's; a field central stored otherwise than sent becomes a
    /// conflict for a person (it is on central either way).
    async fn settle_create(&self, entry: &OutboxEntry, stored: &CentralCustomer) -> Outcome {
        let Some(fields) = stored.valid() else {
            return self.finish(entry).await;
        };
        let theirs = to_tracked_json(fields);
        let local = match self.local_values(entry).await {
            Ok(Some(local)) => local,
            Ok(None) => return self.finish(entry).await,
            Err(stop) => return Outcome::Stop(stop),
        };
        let ours = afters(&entry.changes);
        let mut take = Map::new();
        let mut conflicts = Vec::new();
        for (field, their_value) in &theirs {
            let Some(sent) = ours.get(field) else {
                continue;
            };
            if IGNORED_BY_CREATE.contains(&field.as_str()) {
                if local.get(field) != Some(their_value) {
                    take.insert(field.clone(), their_value.clone());
                }
            } else if sent != their_value {
                conflicts.push(FieldConflict {
                    field: field.clone(),
                    mine: sent.clone(),
                    theirs: their_value.clone(),
                });
            }
        }
        match self
            .store
            .outbox_finish_taking(entry, &take, &conflicts)
            .await
        {
            Ok(()) => Outcome::Done,
            Err(e) => Outcome::Stop(e.into()),
        }
    }

    /// The customer's tracked values on the desk now; `None` when it was deleted here since.
    async fn local_values(&self, entry: &OutboxEntry) -> Result<Option<Map<String, Value>>, Stop> {
        match self.store.get_customer(entry.customer_id).await {
            Ok(c) => Ok(Some(tracked_values(&c)?)),
            Err(infora_store::Error::NotFound { .. }) => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    /// central's customer with our email, name and phone: the same person, created by an
    /// attempt whose answer was lost. (Email alone could be someone else's customer.)
    async fn find_same(
        &self,
        ours: &Map<String, Value>,
    ) -> Result<Option<CentralCustomer>, SessionError> {
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

    /// An update, merged with what central holds now: its changes to fields we did not
    /// touch are taken, ours to fields it did not touch are sent, both → a conflict that holds
    /// back only that field. Fields central owns end as central has them; a dropped package
    /// change is told to the user once.
    async fn update(&self, entry: &OutboxEntry) -> Outcome {
        let Some(central_id) = entry.central_id else {
            return Outcome::Refused(
                "This customer was never sent to the central system (it was made before sync \
                 was set up, or its creation was discarded), so this change cannot be applied there"
                    .to_owned(),
            );
        };
        let theirs = match self
            .session
            .call(|central, access| async move { central.get_customer(&access, central_id).await })
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
        let local = match self.local_values(entry).await {
            Ok(Some(local)) => local,
            // Deleted here since: the deletion's own entry follows this one.
            Ok(None) => return self.finish(entry).await,
            Err(stop) => return Outcome::Stop(stop),
        };
        let (held, in_conflict) = match self.held_fields(entry).await {
            Ok(h) => h,
            Err(e) => return Outcome::Stop(e),
        };
        let mut outcome = merge(&local, &entry.changes, &held, &theirs_now);
        // A field already waiting in a conflict is not sent, whatever central holds now.
        outcome.send.retain(|field, _| !in_conflict.contains(field));
        let notice = notice_of(&entry.customer_name, &outcome.overruled);
        if !outcome.take.is_empty() || !outcome.conflicts.is_empty() {
            if let Err(e) = self
                .store
                .merge_from_central(entry.customer_id, &outcome.take, &outcome.conflicts)
                .await
            {
                return Outcome::Stop(e.into());
            }
        }
        if !outcome.send.is_empty() {
            let body = to_central_body(&outcome.send);
            let answer = match self
                .session
                .call(|central, access| {
                    let body = body.clone();
                    async move { central.update_customer(&access, central_id, &body).await }
                })
                .await
            {
                Ok(answer) => answer,
                Err(SessionError::Api(ApiError::NotFound)) => {
                    return self.deleted_there(entry).await
                }
                Err(e) => return classify(e, "this change"),
            };
            if let Some(refused) = not_applied(&outcome.send, &answer) {
                return refused;
            }
        }
        let waiting = entry.changes.keys().any(|f| in_conflict.contains(f));
        if !outcome.conflicts.is_empty() || waiting {
            // What was sent is done; the fields in conflict stay, waiting for a person.
            let left: BTreeMap<String, FieldChange> = entry
                .changes
                .iter()
                .filter(|(f, _)| {
                    in_conflict.contains(*f) || outcome.conflicts.iter().any(|c| &c.field == *f)
                })
                .map(|(f, c)| (f.clone(), c.clone()))
                .collect();
            let note = Hold::Conflict {
                fields: left.keys().cloned().collect(),
            }
            .message();
            return match self.store.outbox_keep_only(entry, &left, &note).await {
                Ok(()) => Outcome::Held(notice),
                Err(e) => Outcome::Stop(e.into()),
            };
        }
        match self.finish(entry).await {
            Outcome::Done => notice.map_or(Outcome::Done, Outcome::DoneWithNotice),
            other => other,
        }
    }

    /// Fields central's value must not overwrite locally: those that this customer's other
    /// open updates set, and those waiting in a conflict (also given on their own).
    async fn held_fields(
        &self,
        entry: &OutboxEntry,
    ) -> Result<(BTreeSet<String>, BTreeSet<String>), Stop> {
        let open = self.store.outbox_open_for(entry.customer_id).await?;
        let in_conflict = self.store.conflicts_of(entry.customer_id).await?.fields;
        let held = open
            .iter()
            .filter(|e| {
                e.seq != entry.seq && matches!(e.operation, Operation::Update | Operation::Adjust)
            })
            .flat_map(|e| e.changes.keys().cloned())
            .chain(in_conflict.iter().cloned())
            .collect();
        Ok((held, in_conflict))
    }

    /// Central no longer has a customer we changed: a conflict for a person.
    async fn deleted_there(&self, entry: &OutboxEntry) -> Outcome {
        match self.store.outbox_hold_deleted_on_central(entry).await {
            Ok(()) => Outcome::Held(None),
            Err(e) => Outcome::Stop(e.into()),
        }
    }

    /// A deletion. The seed version's DELETE fails with a 500 for every existing customer:
    /// that is refused (kept, shown), never retried in a loop, and the customer is put back on
    /// the desk as central holds it, marked, so the list and the queue tell the same story.
    async fn delete(&self, entry: &OutboxEntry) -> Outcome {
        let Some(central_id) = entry.central_id else {
            // Never reached central: nothing to delete there.
            return self.finish(entry).await;
        };
        let failure = match self
            .session
            .call(
                |central, access| async move { central.delete_customer(&access, central_id).await },
            )
            .await
        {
            Ok(()) | Err(SessionError::Api(ApiError::NotFound)) => {
                return match self.store.outbox_finish_delete(entry).await {
                    Ok(()) => Outcome::Done,
                    Err(e) => Outcome::Stop(e.into()),
                }
            }
            Err(SessionError::Api(ApiError::Server {
                status: 500,
                message,
            })) => message,
            Err(e) => return classify(e, "the deletion"),
        };
        let theirs = match self
            .session
            .call(|central, access| async move { central.get_customer(&access, central_id).await })
            .await
        {
            Ok(theirs) => theirs,
            Err(SessionError::Api(ApiError::NotFound)) => {
                // Gone after all.
                return match self.store.outbox_finish_delete(entry).await {
                    Ok(()) => Outcome::Done,
                    Err(e) => Outcome::Stop(e.into()),
                };
            }
            Err(e) => return classify(e, "the deletion"),
        };
        let reason = format!(
            "The central system could not delete this customer (a fault in its current version: \
             {failure}). The customer is back on this desk as central holds it. Delete it on \
             central, retry later, or discard to keep the customer."
        );
        let Some(pulled) = crate::pull::pulled(theirs) else {
            return Outcome::Refused(reason);
        };
        match self
            .store
            .outbox_refuse_delete(entry, &pulled, &reason)
            .await
        {
            Ok(()) => Outcome::RefusedRecorded,
            Err(e) => Outcome::Stop(e.into()),
        }
    }
}

/// Central answered with the customer as it stored it: every field sent must be there.
fn not_applied(sent: &Map<String, Value>, answer: &CentralCustomer) -> Option<Outcome> {
    let stored = to_tracked_json(answer.valid()?);
    sent.iter().find_map(|(field, value)| {
        let kept = stored.get(field).cloned().unwrap_or(Value::Null);
        (kept != *value).then(|| {
            Outcome::Refused(format!(
                "The central system did not apply {}: it kept {kept} instead of {value}.",
                field.replace('_', " ")
            ))
        })
    })
}

/// What to tell the user about changes central cannot take (see `CENTRAL_OWNED`): only a
/// package change is a person's choice worth a word; the dates are central's bookkeeping.
fn notice_of(customer: &str, overruled: &[FieldConflict]) -> Option<String> {
    debug_assert!(overruled
        .iter()
        .all(|c| CENTRAL_OWNED.contains(&c.field.as_str())));
    let package = overruled.iter().find(|c| c.field == "package")?;
    let text = |v: &Value| v.as_str().map_or_else(|| v.to_string(), str::to_owned);
    Some(format!(
        "{customer}'s package stays \"{}\": the central system cannot change the package of a \
         customer it already has, so \"{}\" was not applied. Change it on central if needed.",
        text(&package.theirs),
        text(&package.mine)
    ))
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
