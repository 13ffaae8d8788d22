//! The table `sync_state`: the sync engine's bookkeeping, one row of named, typed facts (see
//! `migrations/0005_central_words.sql`). Nothing here is secret: the tokens live in the OS
//! keychain only.

use crate::codec::{instant, micros};
use crate::{Result, Store};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sqlx::{Row, SqliteConnection};
use ts_rs::TS;

/// Who signed in, to which central service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Account {
    /// The central service's address, as checked at sign-in.
    pub central_url: String,
    pub email: String,
    /// The user's name as central knows it.
    pub name: String,
}

/// Whether central answers for a customer's invoices, payments and tickets (the seed version
/// fails them all).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum RelatedLists {
    Available,
    Unavailable,
}

impl RelatedLists {
    fn as_str(self) -> &'static str {
        match self {
            Self::Available => "available",
            Self::Unavailable => "unavailable",
        }
    }

    fn parse(raw: Option<&str>) -> Option<Self> {
        match raw? {
            "available" => Some(Self::Available),
            "unavailable" => Some(Self::Unavailable),
            _ => None,
        }
    }
}

/// Everything the engine remembers between rounds and runs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SyncState {
    /// Who signed in last (kept after sign-out, to offer the same account again).
    pub account: Option<Account>,
    /// Central's newest `updated_at` that a pull has taken.
    pub pull_checkpoint: Option<DateTime<Utc>>,
    /// When the last full listing finished (it finds customers deleted on central).
    pub last_full_pull: Option<DateTime<Utc>>,
    pub last_success_at: Option<DateTime<Utc>>,
    pub last_error: Option<String>,
    /// Why central paused sync (its 402), in its words.
    pub paused: Option<String>,
    pub related_lists: Option<RelatedLists>,
}

fn opt_instant(raw: Option<i64>) -> Result<Option<DateTime<Utc>>> {
    raw.map(instant).transpose()
}

pub async fn get(conn: &mut SqliteConnection) -> Result<SyncState> {
    let row = sqlx::query("SELECT * FROM sync_state WHERE id = 1")
        .fetch_one(conn)
        .await?;
    let url: Option<String> = row.try_get("central_url")?;
    let email: Option<String> = row.try_get("account_email")?;
    let name: Option<String> = row.try_get("account_name")?;
    let account = match (url, email, name) {
        (Some(central_url), Some(email), Some(name)) => Some(Account {
            central_url,
            email,
            name,
        }),
        _ => None,
    };
    Ok(SyncState {
        account,
        pull_checkpoint: opt_instant(row.try_get("pull_checkpoint")?)?,
        last_full_pull: opt_instant(row.try_get("last_full_pull")?)?,
        last_success_at: opt_instant(row.try_get("last_success_at")?)?,
        last_error: row.try_get("last_error")?,
        paused: row.try_get("paused")?,
        related_lists: RelatedLists::parse(row.try_get("related_lists")?),
    })
}

pub async fn put(conn: &mut SqliteConnection, state: &SyncState) -> Result<()> {
    let account = state.account.as_ref();
    sqlx::query(
        "UPDATE sync_state SET central_url = ?, account_email = ?, account_name = ?, \
         pull_checkpoint = ?, last_full_pull = ?, last_success_at = ?, last_error = ?, paused = ?, \
         related_lists = ? WHERE id = 1",
    )
    .bind(account.map(|a| a.central_url.as_str()))
    .bind(account.map(|a| a.email.as_str()))
    .bind(account.map(|a| a.name.as_str()))
    .bind(state.pull_checkpoint.map(micros))
    .bind(state.last_full_pull.map(micros))
    .bind(state.last_success_at.map(micros))
    .bind(state.last_error.as_deref())
    .bind(state.paused.as_deref())
    .bind(state.related_lists.map(RelatedLists::as_str))
    .execute(conn)
    .await?;
    Ok(())
}

/// Changes the state in the caller's transaction: read, change, write.
pub async fn update(
    conn: &mut SqliteConnection,
    change: impl FnOnce(&mut SyncState),
) -> Result<()> {
    let mut state = get(&mut *conn).await?;
    change(&mut state);
    put(conn, &state).await
}

impl Store {
    pub async fn sync_state(&self) -> Result<SyncState> {
        let mut conn = self.reader.acquire().await?;
        get(&mut conn).await
    }

    /// Changes the sync state in one transaction (the write lock taken first, so changes made
    /// at the same time by the round and a sign-in do not overwrite each other).
    pub async fn update_sync_state(&self, change: impl FnOnce(&mut SyncState)) -> Result<()> {
        let mut tx = self.begin().await?;
        update(&mut tx, change).await?;
        Ok(tx.commit().await?)
    }
}
