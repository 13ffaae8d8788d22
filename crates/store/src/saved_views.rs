//! Saved views of the customer list: named list queries, unique by name in any case.
//!
//! The query is kept as the JSON the list command parses (checked by the caller before it is
//! saved), so recalling a view is one list call, and a view outlives a change to the query's
//! Rust shape.

use crate::codec::micros;
use crate::{Clash, Error, Result, Store};
use infora_domain::{SavedView, ViewName};
use serde_json::Value;
use sqlx::SqliteConnection;

fn not_found(id: i64) -> Error {
    Error::NotFound {
        what: "saved view",
        id: id.to_string(),
    }
}

fn view(id: i64, name: String, query: String) -> Result<SavedView> {
    Ok(SavedView {
        id,
        name: ViewName::parse(&name)
            .map_err(|e| Error::Internal(format!("stored view name is invalid: {e}")))?,
        query: serde_json::from_str(&query)
            .map_err(|e| Error::Internal(format!("stored view query is invalid: {e}")))?,
    })
}

/// A name another view has (in any case), other than `except`, is a clash.
async fn check_name_free(
    conn: &mut SqliteConnection,
    name: &ViewName,
    except: Option<i64>,
) -> Result<()> {
    let taken: bool = sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM saved_views WHERE name = ? AND id IS NOT ?)",
    )
    .bind(name.as_str())
    .bind(except)
    .fetch_one(conn)
    .await?;
    if taken {
        return Err(Clash::ViewNameTaken {
            name: name.to_string(),
        }
        .into());
    }
    Ok(())
}

/// The list query a view keeps: what was asked, without the page (a view opens on page 1).
fn kept_query(query: &Value) -> String {
    let mut query = query.clone();
    if let Some(map) = query.as_object_mut() {
        map.remove("page");
        map.retain(|_, v| !v.is_null());
    }
    query.to_string()
}

impl Store {
    /// Every saved view, by name.
    pub async fn saved_views(&self) -> Result<Vec<SavedView>> {
        let mut conn = self.reader.acquire().await?;
        let rows: Vec<(i64, String, String)> = sqlx::query_as(
            "SELECT id, name, query FROM saved_views ORDER BY name COLLATE NOCASE, id",
        )
        .fetch_all(&mut *conn)
        .await?;
        rows.into_iter()
            .map(|(id, name, query)| view(id, name, query))
            .collect()
    }

    /// Saves `query` (already parsed by `CustomerQuery::from_json`) under a new name.
    pub async fn save_view(&self, name: &ViewName, query: &Value) -> Result<SavedView> {
        let mut tx = self.begin().await?;
        check_name_free(&mut tx, name, None).await?;
        let kept = kept_query(query);
        let now = micros(self.now());
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO saved_views (name, query, created_at, updated_at) VALUES (?, ?, ?, ?) \
             RETURNING id",
        )
        .bind(name.as_str())
        .bind(&kept)
        .bind(now)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        tx.commit().await?;
        view(id, name.to_string(), kept)
    }

    pub async fn rename_view(&self, id: i64, name: &ViewName) -> Result<SavedView> {
        let mut tx = self.begin().await?;
        check_name_free(&mut tx, name, Some(id)).await?;
        let query: Option<String> = sqlx::query_scalar(
            "UPDATE saved_views SET name = ?, updated_at = ? WHERE id = ? RETURNING query",
        )
        .bind(name.as_str())
        .bind(micros(self.now()))
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
        let query = query.ok_or_else(|| not_found(id))?;
        tx.commit().await?;
        view(id, name.to_string(), query)
    }

    pub async fn delete_view(&self, id: i64) -> Result<()> {
        let mut tx = self.begin().await?;
        let gone = sqlx::query("DELETE FROM saved_views WHERE id = ?")
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if gone == 0 {
            return Err(not_found(id));
        }
        tx.commit().await?;
        Ok(())
    }
}
