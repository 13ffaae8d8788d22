//! Notices: what the desk tells its people about things that happened without them — a
//! customer's status changed on central, a change central refused, a conflict waiting for a
//! person, a backup that failed. Each is written in the transaction of what it tells about, shown
//! once as a desktop notification by the shell ([`Store::undelivered_notices`]) and kept in the
//! in-app list until read. A kind its people turned off is not recorded at all.

use crate::codec::{instant, micros};
use crate::{Error, Result, Store};
use chrono::{DateTime, Utc};
use infora_domain::{CustomerId, Operator, SupervisorOnly};
use serde::{Deserialize, Serialize};
use sqlx::sqlite::SqliteRow;
use sqlx::{Row, SqliteConnection};
use ts_rs::TS;
use uuid::Uuid;

/// What a notice is about; each kind can be turned off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum NoticeKind {
    /// Central changed a customer's status (suspended them there, say).
    StatusChanged,
    /// Central refused a change made here.
    SyncRefused,
    /// A change made here and one made on central disagree: a person decides.
    SyncConflict,
    /// A backup could not be made.
    BackupFailed,
}

impl NoticeKind {
    pub const ALL: [Self; 4] = [
        Self::StatusChanged,
        Self::SyncRefused,
        Self::SyncConflict,
        Self::BackupFailed,
    ];

    fn as_str(self) -> &'static str {
        match self {
            Self::StatusChanged => "status_changed",
            Self::SyncRefused => "sync_refused",
            Self::SyncConflict => "sync_conflict",
            Self::BackupFailed => "backup_failed",
        }
    }

    fn parse(raw: &str) -> Result<Self> {
        Self::ALL
            .into_iter()
            .find(|k| k.as_str() == raw)
            .ok_or_else(|| Error::Internal(format!("unknown notice kind {raw:?}")))
    }
}

/// A notice as the list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Notice {
    #[ts(type = "number")]
    pub id: i64,
    pub kind: NoticeKind,
    pub customer_id: Option<CustomerId>,
    pub title: String,
    pub body: String,
    #[ts(type = "string")]
    pub at: DateTime<Utc>,
    pub read: bool,
}

/// The newest notices and how many are unread.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Notices {
    pub items: Vec<Notice>,
    #[ts(type = "number")]
    pub unread: u64,
}

/// Whether each kind is on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct NoticeKindSetting {
    pub kind: NoticeKind,
    pub enabled: bool,
}

/// How many notices the list shows (the newest).
const SHOWN: i64 = 100;

/// Records a notice, unless its kind is turned off.
pub(crate) async fn record(
    conn: &mut SqliteConnection,
    now: DateTime<Utc>,
    kind: NoticeKind,
    customer: Option<CustomerId>,
    title: &str,
    body: &str,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO notices (kind, customer_id, title, body, at) \
         SELECT ?1, ?2, ?3, ?4, ?5 FROM notice_kinds WHERE kind = ?1 AND enabled = 1",
    )
    .bind(kind.as_str())
    .bind(customer.as_ref().map(CustomerId::as_uuid))
    .bind(title)
    .bind(body)
    .bind(micros(now))
    .execute(conn)
    .await?;
    Ok(())
}

/// A customer's status changed on central: `name` went from `from` to `to`.
pub(crate) async fn status_changed(
    conn: &mut SqliteConnection,
    now: DateTime<Utc>,
    customer: CustomerId,
    name: &str,
    from: &str,
    to: &str,
) -> Result<()> {
    let title = format!("{name}: {to} on central");
    let body = format!("The central system changed {name}'s status from {from} to {to}.");
    record(
        conn,
        now,
        NoticeKind::StatusChanged,
        Some(customer),
        &title,
        &body,
    )
    .await
}

fn notice(row: &SqliteRow) -> Result<Notice> {
    Ok(Notice {
        id: row.try_get("id")?,
        kind: NoticeKind::parse(row.try_get("kind")?)?,
        customer_id: row
            .try_get::<Option<Uuid>, _>("customer_id")?
            .map(CustomerId::from_uuid),
        title: row.try_get("title")?,
        body: row.try_get("body")?,
        at: instant(row.try_get("at")?)?,
        read: row.try_get::<Option<i64>, _>("read_at")?.is_some(),
    })
}

const COLUMNS: &str = "id, kind, customer_id, title, body, at, read_at";

impl Store {
    /// The newest notices, newest first, and how many are unread.
    pub async fn notices(&self) -> Result<Notices> {
        let mut conn = self.reader.acquire().await?;
        let sql = format!("SELECT {COLUMNS} FROM notices ORDER BY id DESC LIMIT ?");
        let rows = sqlx::query(&sql).bind(SHOWN).fetch_all(&mut *conn).await?;
        let unread: i64 = sqlx::query_scalar("SELECT count(*) FROM notices WHERE read_at IS NULL")
            .fetch_one(&mut *conn)
            .await?;
        Ok(Notices {
            items: rows.iter().map(notice).collect::<Result<_>>()?,
            unread: unread as u64,
        })
    }

    /// Every notice read.
    pub async fn mark_notices_read(&self) -> Result<()> {
        let mut tx = self.begin().await?;
        sqlx::query("UPDATE notices SET read_at = ? WHERE read_at IS NULL")
            .bind(micros(self.now()))
            .execute(&mut *tx)
            .await?;
        Ok(tx.commit().await?)
    }

    /// The notices not yet shown as desktop notifications, oldest first, now marked shown: the
    /// shell shows each once, even if showing fails (the in-app list still has it).
    pub async fn undelivered_notices(&self) -> Result<Vec<Notice>> {
        let mut tx = self.begin().await?;
        let sql = format!("SELECT {COLUMNS} FROM notices WHERE delivered = 0 ORDER BY id");
        let rows = sqlx::query(&sql).fetch_all(&mut *tx).await?;
        sqlx::query("UPDATE notices SET delivered = 1 WHERE delivered = 0")
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        rows.iter().map(notice).collect()
    }

    /// Which kinds are on.
    pub async fn notice_kinds(&self) -> Result<Vec<NoticeKindSetting>> {
        let mut conn = self.reader.acquire().await?;
        let rows: Vec<(String, bool)> = sqlx::query_as("SELECT kind, enabled FROM notice_kinds")
            .fetch_all(&mut *conn)
            .await?;
        let mut settings = Vec::with_capacity(rows.len());
        for kind in NoticeKind::ALL {
            let enabled = rows
                .iter()
                .find(|(k, _)| k == kind.as_str())
                .is_none_or(|(_, on)| *on);
            settings.push(NoticeKindSetting { kind, enabled });
        }
        Ok(settings)
    }

    /// Turns a kind on or off (off: such notices are no longer recorded): a desk setting, so a
    /// supervisor's to change.
    pub async fn set_notice_kind(
        &self,
        by: &Operator,
        kind: NoticeKind,
        enabled: bool,
    ) -> Result<()> {
        by.may(SupervisorOnly::ChangeDeskSettings)?;
        let mut tx = self.begin().await?;
        sqlx::query(
            "INSERT INTO notice_kinds (kind, enabled) VALUES (?, ?) \
             ON CONFLICT (kind) DO UPDATE SET enabled = excluded.enabled",
        )
        .bind(kind.as_str())
        .bind(enabled)
        .execute(&mut *tx)
        .await?;
        Ok(tx.commit().await?)
    }

    /// A backup failed: told to the desk's people (the backups module calls this).
    pub async fn notice_backup_failed(&self, reason: &str) -> Result<()> {
        let mut tx = self.begin().await?;
        record(
            &mut tx,
            self.now(),
            NoticeKind::BackupFailed,
            None,
            "A backup failed",
            &format!("The desk could not back up its data: {reason}"),
        )
        .await?;
        Ok(tx.commit().await?)
    }
}
