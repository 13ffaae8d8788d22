//! A saved view of the customer list: a name for a search, status, sort and filters.

use crate::ViewName;
use serde::Serialize;
use ts_rs::TS;

/// A view as the list recalls it in one step.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct SavedView {
    pub id: i64,
    #[ts(type = "string")]
    pub name: ViewName,
    /// The list query as the list command takes it (page left out: a view opens on page 1).
    #[ts(as = "crate::CustomerQueryInput")]
    pub query: serde_json::Value,
}
