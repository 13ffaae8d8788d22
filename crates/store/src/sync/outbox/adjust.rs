//! Adjust entries: a payment or a void taken at this desk, on its way to central as a change
//! relative to central's balance, so that money taken for the same customer on two desks both
//! counts (see `migrations/0010_balance_adjustments.sql`; the sync crate's push reads central's
//! balance, aims, writes, and tells a lost answer from a write that never landed).

use super::hold::Hold;
use super::{finish as finish_entry, insert, open_entries, set_state, Operation, OutboxEntry};
use crate::codec::micros;
use crate::sync::central_actor;
use crate::sync::conflicts::{self, Disagreement, LostAnswer, Resolution};
use crate::{customers, Error, FieldChange, Result, Store};
use chrono::{DateTime, Utc};
use infora_domain::{Customer, CustomerId, CustomerPatch, Money};
use serde::Serialize;
use serde_json::Value;
use sqlx::sqlite::SqliteRow;
use sqlx::{Row, SqliteConnection};
use std::collections::BTreeMap;
use ts_rs::TS;

/// An adjust entry's write to central: the balance read there just before, and the balance
/// written (the one read, moved by the entry's change).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Aim {
    #[ts(type = "string")]
    pub from: Money,
    #[ts(type = "string")]
    pub to: Money,
}

impl Aim {
    pub(super) fn read(row: &SqliteRow) -> Result<Option<Self>> {
        let from: Option<i64> = row.try_get("aimed_from_cents")?;
        let to: Option<i64> = row.try_get("aimed_to_cents")?;
        let money = |cents| {
            Money::from_cents(cents).map_err(|e| Error::Internal(format!("a stored aim: {e}")))
        };
        Ok(match (from, to) {
            (Some(from), Some(to)) => Some(Self {
                from: money(from)?,
                to: money(to)?,
            }),
            _ => None,
        })
    }
}

impl OutboxEntry {
    /// What an adjust entry changes the balance by, in cents; `None` for other entries.
    pub fn adjustment_cents(&self) -> Option<i64> {
        if self.operation != Operation::Adjust {
            return None;
        }
        let change = self.changes.get("balance")?;
        let cents = |value: &Value| {
            value
                .as_str()
                .and_then(|text| Money::parse("balance", text).ok())
                .map(|money| money.cents())
        };
        Some(cents(&change.after)? - cents(&change.before)?)
    }
}

/// Records a payment or void that moved `customer`'s balance from `before` to what it is now.
pub(crate) async fn adjusted(
    conn: &mut SqliteConnection,
    now: DateTime<Utc>,
    customer: &Customer,
    before: Money,
) -> Result<()> {
    let change = FieldChange {
        before: serde_json::json!(before),
        after: serde_json::json!(customer.balance),
    };
    let changes = BTreeMap::from([("balance".to_owned(), change)]);
    insert(
        conn,
        now,
        customer.id,
        customer.central_id,
        Operation::Adjust,
        &changes,
    )
    .await
}

async fn set_aim(
    conn: &mut SqliteConnection,
    now: DateTime<Utc>,
    seq: i64,
    aim: Option<Aim>,
) -> Result<()> {
    sqlx::query(
        "UPDATE outbox SET aimed_from_cents = ?, aimed_to_cents = ?, updated_at = ? WHERE seq = ?",
    )
    .bind(aim.map(|a| a.from.cents()))
    .bind(aim.map(|a| a.to.cents()))
    .bind(micros(now))
    .bind(seq)
    .execute(conn)
    .await?;
    Ok(())
}

/// Central has the entry's change and its balance is `central`: the entry is done, and the
/// desk's balance follows central's (see [`follow_central`]).
async fn finish(
    conn: &mut SqliteConnection,
    now: DateTime<Utc>,
    entry: &OutboxEntry,
    central: Money,
) -> Result<()> {
    finish_entry(conn, entry.seq, now).await?;
    follow_central(conn, now, entry.customer_id, central).await
}

/// The desk's balance becomes central's, moved by this desk's payments and voids still on
/// their way: central may have moved it meanwhile (another desk's payment, an invoice). A set
/// balance still waiting to go, or in conflict, decides the balance instead: it is left alone.
async fn follow_central(
    conn: &mut SqliteConnection,
    now: DateTime<Utc>,
    customer: CustomerId,
    central: Money,
) -> Result<()> {
    let open = open_entries(conn, customer).await?;
    let set_waits = open
        .iter()
        .any(|e| e.operation != Operation::Adjust && e.changes.contains_key("balance"));
    if set_waits
        || conflicts::of_customer(conn, customer)
            .await?
            .fields
            .contains("balance")
    {
        return Ok(());
    }
    let on_the_way: i64 = open.iter().filter_map(OutboxEntry::adjustment_cents).sum();
    let Ok(balance) = Money::from_cents(central.cents() + on_the_way) else {
        // Beyond what a balance holds: the next pull brings central's as it is.
        return Ok(());
    };
    let patch = CustomerPatch {
        balance: Some(balance),
        ..CustomerPatch::default()
    };
    match customers::update(conn, now, &central_actor(), customer, &patch).await {
        Ok(_) | Err(Error::NotFound { .. }) => Ok(()),
        Err(e) => Err(e),
    }
}

/// The write's answer was lost, and central's balance is now neither the one read before it
/// nor the one written: a question for a person, and the customer's entries wait for it.
async fn ask(
    conn: &mut SqliteConnection,
    now: DateTime<Utc>,
    entry: &OutboxEntry,
    aim: Aim,
    central: Money,
) -> Result<()> {
    let change = entry
        .adjustment_cents()
        .and_then(|cents| Money::from_cents(cents).ok())
        .ok_or_else(|| Error::Internal(format!("entry {} is not a payment's", entry.seq)))?;
    let lost = LostAnswer {
        seq: entry.seq,
        change,
        read: aim.from,
        aimed: aim.to,
        now: central,
    };
    conflicts::record(
        conn,
        now,
        entry.customer_id,
        &Disagreement::LostAnswer(lost),
    )
    .await?;
    let set = format!("state = 'pending', next_attempt_at = {}", micros(now));
    set_state(
        conn,
        entry.seq,
        now,
        &set,
        Some(&Hold::LostAnswer.message()),
    )
    .await
}

/// Settles a lost answer as a person chose. Central has it (take theirs): the entry is done
/// and the desk follows central's balance. It does not (keep mine): the entry goes again,
/// relative to central's balance then.
pub(crate) async fn settle_lost(
    conn: &mut SqliteConnection,
    now: DateTime<Utc>,
    customer: CustomerId,
    lost: &LostAnswer,
    resolution: Resolution,
) -> Result<()> {
    match resolution {
        Resolution::TakeTheirs => {
            finish_entry(conn, lost.seq, now).await?;
            follow_central(conn, now, customer, lost.now).await
        }
        Resolution::KeepMine => {
            set_aim(conn, now, lost.seq, None).await?;
            let set = format!("state = 'pending', next_attempt_at = {}", micros(now));
            set_state(conn, lost.seq, now, &set, None).await
        }
    }
}

impl Store {
    /// Records the write an adjust entry is about to send, committed before it is sent.
    pub async fn outbox_aim(&self, seq: i64, aim: Aim) -> Result<()> {
        let mut tx = self.begin().await?;
        set_aim(&mut tx, self.now(), seq, Some(aim)).await?;
        Ok(tx.commit().await?)
    }

    /// Central has an adjust entry's change, and its balance is `central` (see [`finish`]).
    pub async fn outbox_finish_adjust(&self, entry: &OutboxEntry, central: Money) -> Result<()> {
        let mut tx = self.begin().await?;
        finish(&mut tx, self.now(), entry, central).await?;
        Ok(tx.commit().await?)
    }

    /// An adjust entry's answer was lost and central's balance has moved since (see [`ask`]).
    pub async fn outbox_lost_answer(
        &self,
        entry: &OutboxEntry,
        aim: Aim,
        central: Money,
    ) -> Result<()> {
        let mut tx = self.begin().await?;
        ask(&mut tx, self.now(), entry, aim, central).await?;
        Ok(tx.commit().await?)
    }
}
