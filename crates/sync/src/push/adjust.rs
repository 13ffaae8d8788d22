//! Payments and voids taken at this desk, pushed as changes relative to central's balance, so
//! that money taken for one customer on two desks while offline both counts.
//!
//! Central can only set a balance (`PUT …/balance`, absolute), so an adjust entry goes in three
//! steps: read central's balance (`from`); record the aim, `from` → `to` (`from` moved by the
//! entry's change), committed; write `to`. The aim makes the push exactly-once. On a retry
//! after a lost answer or a crash, central showing `to` means the write landed (done); showing
//! `from` means it did not (aim again from there); anything else means central moved since and
//! the desk cannot tell, so a person is asked, shown both balances. It never guesses.
//!
//! What this cannot see: another desk's write landing between our read and our write (the API
//! has no conditional write; the window is one round trip), and a later change that returns
//! central's balance exactly to `from` while our answer is lost.

use super::{classify, Outcome, Push};
use crate::central::customer::balance;
use crate::central::ApiError;
use crate::round::Step;
use crate::session::SessionError;
use infora_domain::Money;
use infora_store::sync::outbox::adjust::Aim;
use infora_store::sync::OutboxEntry;

/// What this push is called in messages.
const WHAT: &str = "this payment";

impl Push<'_> {
    pub(super) async fn adjust(&self, entry: &OutboxEntry) -> Outcome {
        let Some(central_id) = entry.central_id else {
            return Outcome::Refused(
                "This customer is not on the central system (made before sync was set up, or \
                 its creation was discarded), so this payment cannot be applied there"
                    .to_owned(),
            );
        };
        let Some(change) = entry.adjustment_cents() else {
            return Outcome::Refused("This payment's change to the balance does not read".into());
        };
        let now = match self.central_balance(entry, central_id).await {
            Ok(now) => now,
            Err(outcome) => return outcome,
        };
        if let Some(aim) = entry.aimed {
            if now == aim.to {
                // The last write landed; its answer was lost.
                return self.landed(entry, now).await;
            }
            if now != aim.from {
                return match self.store.outbox_lost_answer(entry, aim, now).await {
                    Ok(()) => Outcome::Held(None),
                    Err(e) => Outcome::Stop(e.into()),
                };
            }
            // Central still shows what was read: the write never landed. Aim again.
        }
        if change == 0 {
            // A payment and its void, neither sent: nothing to write.
            return self.landed(entry, now).await;
        }
        let Ok(to) = Money::from_cents(now.cents() + change) else {
            return Outcome::Refused(format!(
                "This payment would take the central balance ({now}) beyond what a balance can \
                 hold (±99,999,999.99)"
            ));
        };
        let aim = Aim { from: now, to };
        if let Err(e) = self.store.outbox_aim(entry.seq, aim).await {
            return Outcome::Stop(e.into());
        }
        self.probe.reached(Step::PushAimed).await;
        let answer = match self
            .session
            .call(
                |central, access| async move { central.set_balance(&access, central_id, to).await },
            )
            .await
        {
            Ok(answer) => answer,
            Err(SessionError::Api(ApiError::NotFound)) => return self.deleted_there(entry).await,
            Err(e) => return classify(e, WHAT),
        };
        match balance(&answer.raw["balance"]) {
            Ok(stored) if stored == to => self.landed(entry, to).await,
            Ok(stored) => Outcome::Refused(format!(
                "The central system did not apply this payment: it kept a balance of {stored} \
                 instead of {to}."
            )),
            // Stored, but echoed in a form we cannot read: the next attempt reads it again.
            Err(e) => Outcome::Retry(format!("The central system's answer: {e}"), None),
        }
    }

    /// Central's balance for the customer now, or what to do when it cannot be had.
    async fn central_balance(
        &self,
        entry: &OutboxEntry,
        central_id: i64,
    ) -> Result<Money, Outcome> {
        match self
            .session
            .call(|central, access| async move { central.get_customer(&access, central_id).await })
            .await
        {
            Ok(theirs) => balance(&theirs.raw["balance"]).map_err(|e| {
                Outcome::Refused(format!(
                    "The central system holds a balance for this customer that Infora Desk \
                     cannot read (the balance {e}); correct it there, then retry"
                ))
            }),
            Err(SessionError::Api(ApiError::NotFound)) => Err(self.deleted_there(entry).await),
            Err(e) => Err(classify(e, WHAT)),
        }
    }

    /// Central has the entry's change; its balance is `central`.
    async fn landed(&self, entry: &OutboxEntry, central: Money) -> Outcome {
        match self.store.outbox_finish_adjust(entry, central).await {
            Ok(()) => Outcome::Done,
            Err(e) => Outcome::Stop(e.into()),
        }
    }
}
