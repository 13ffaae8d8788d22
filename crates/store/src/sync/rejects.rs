//! The table `sync_rejects`: customers pulled from central that break our rules (usage 101, an
//! `Infinity` balance, an email another customer here has), kept exactly as central sent them
//! and shown to the user, never altered to fit.

use super::CHUNK;
use crate::codec::{in_list, instant, micros};
use crate::{Error, Result, Store};
use chrono::{DateTime, Utc};
use infora_domain::FieldError;
use serde::Serialize;
use serde_json::Value;
use sqlx::{QueryBuilder, Row, Sqlite, SqliteConnection};
use ts_rs::TS;

/// A customer as central holds it that breaks our rules: kept as sent, with the reasons.
#[derive(Debug, Clone, PartialEq)]
pub struct Rejected {
    pub central_id: i64,
    pub raw: Value,
    pub problems: Vec<FieldError>,
}

/// A pulled record kept aside, for the sync screen.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct RejectedRecord {
    #[ts(type = "number")]
    pub central_id: i64,
    #[ts(type = "unknown")]
    pub raw: Value,
    pub problems: Vec<FieldError>,
    #[ts(type = "string")]
    pub seen_at: DateTime<Utc>,
}

pub(super) async fn keep(
    conn: &mut SqliteConnection,
    now: DateTime<Utc>,
    reject: &Rejected,
) -> Result<()> {
    let problems =
        serde_json::to_string(&reject.problems).map_err(|e| Error::Internal(e.to_string()))?;
    sqlx::query(
        "INSERT INTO sync_rejects (central_id, raw, problems, seen_at) VALUES (?, ?, ?, ?) \
         ON CONFLICT (central_id) DO UPDATE SET raw = excluded.raw, problems = excluded.problems, seen_at = excluded.seen_at",
    )
    .bind(reject.central_id)
    .bind(reject.raw.to_string())
    .bind(problems)
    .bind(micros(now))
    .execute(conn)
    .await?;
    Ok(())
}

pub(super) async fn forget(conn: &mut SqliteConnection, central_ids: &[i64]) -> Result<()> {
    for chunk in central_ids.chunks(CHUNK) {
        let mut query =
            QueryBuilder::<Sqlite>::new("DELETE FROM sync_rejects WHERE central_id IN ");
        in_list(&mut query, chunk.iter().copied());
        query.build().execute(&mut *conn).await?;
    }
    Ok(())
}

pub async fn list(conn: &mut SqliteConnection) -> Result<Vec<RejectedRecord>> {
    let rows = sqlx::query(
        "SELECT central_id, raw, problems, seen_at FROM sync_rejects ORDER BY central_id",
    )
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|row| {
            let raw: &str = row.try_get("raw")?;
            let problems: &str = row.try_get("problems")?;
            Ok(RejectedRecord {
                central_id: row.try_get("central_id")?,
                raw: serde_json::from_str(raw).map_err(|e| Error::Internal(e.to_string()))?,
                problems: serde_json::from_str(problems)
                    .map_err(|e| Error::Internal(e.to_string()))?,
                seen_at: instant(row.try_get("seen_at")?)?,
            })
        })
        .collect()
}

impl Store {
    pub async fn rejected_records(&self) -> Result<Vec<RejectedRecord>> {
        let mut conn = self.reader.acquire().await?;
        list(&mut conn).await
    }
}
