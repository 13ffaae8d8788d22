//! The customer list's sync badges: which customers have changes not yet on central, a refused
//! change, or a conflict.

use super::CHUNK;
use crate::codec::in_list;
use crate::{Result, Store};
use infora_domain::CustomerId;
use serde::Serialize;
use sqlx::{QueryBuilder, Row, Sqlite, SqliteConnection};
use std::collections::HashMap;
use ts_rs::TS;
use uuid::Uuid;

/// Which of `ids` have unsynced changes, a refused change, or a conflict (the list's badges).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum SyncMark {
    Unsynced,
    Refused,
    /// Deleted here, refused by central, and back on the desk as central holds it.
    DeleteRefused,
    Conflict,
}

pub async fn marks(
    conn: &mut SqliteConnection,
    ids: &[CustomerId],
) -> Result<Vec<(CustomerId, SyncMark)>> {
    let mut marks: HashMap<CustomerId, SyncMark> = HashMap::new();
    for chunk in ids.chunks(CHUNK) {
        let mut query = QueryBuilder::<Sqlite>::new(
            "SELECT customer_id, max(state = 'refused') AS refused, \
                    max(state = 'refused' AND operation = 'delete') AS delete_refused \
             FROM outbox WHERE state <> 'done' AND customer_id IN ",
        );
        in_list(&mut query, chunk.iter().map(|id| id.as_uuid()));
        query.push(" GROUP BY customer_id");
        for row in query.build().fetch_all(&mut *conn).await? {
            let id = CustomerId::from_uuid(row.try_get::<Uuid, _>("customer_id")?);
            let mark = if row.try_get("delete_refused")? {
                SyncMark::DeleteRefused
            } else if row.try_get("refused")? {
                SyncMark::Refused
            } else {
                SyncMark::Unsynced
            };
            marks.insert(id, mark);
        }
        let mut query = QueryBuilder::<Sqlite>::new(
            "SELECT DISTINCT customer_id FROM sync_conflicts WHERE customer_id IN ",
        );
        in_list(&mut query, chunk.iter().map(|id| id.as_uuid()));
        for row in query.build().fetch_all(&mut *conn).await? {
            marks.insert(
                CustomerId::from_uuid(row.try_get::<Uuid, _>(0)?),
                SyncMark::Conflict,
            );
        }
    }
    Ok(ids
        .iter()
        .filter_map(|id| marks.get(id).map(|m| (*id, *m)))
        .collect())
}

impl Store {
    pub async fn sync_marks(&self, ids: &[CustomerId]) -> Result<Vec<(CustomerId, SyncMark)>> {
        let mut conn = self.reader.acquire().await?;
        marks(&mut conn, ids).await
    }
}
