//! The commands the window may call: each takes the store, calls one store function and
//! returns its result.

use crate::error::CommandError;
use infora_domain::CustomerStats;
use infora_store::Store;
use tauri::State;

#[tauri::command]
pub async fn customer_stats(store: State<'_, Store>) -> Result<CustomerStats, CommandError> {
    Ok(store.customer_stats().await?)
}
