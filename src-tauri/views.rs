//! Saved views of the customer list: a name for a search, status, sort and filters, listed in
//! the window's Views dialog, saved, renamed and deleted there. The naming rules and the
//! keeping are `infora_store::saved_views`'.

use crate::error::CommandError;
use crate::Desk;
use infora_domain::{CustomerQuery, SavedView, ValidationErrors, ViewName};
use serde_json::Value;
use tauri::State;

/// Every saved view, by name in any case.
#[tauri::command]
pub async fn list_views(desk: State<'_, Desk>) -> Result<Vec<SavedView>, CommandError> {
    Ok(desk.store().saved_views().await?)
}

/// Saves `query` (the list query as `list_customers` takes it; its page is left out) under
/// `name`. A query the list would refuse is refused here, on the same fields, with the name's
/// own error beside them: a view that cannot be opened is never kept.
#[tauri::command]
pub async fn save_view(
    desk: State<'_, Desk>,
    name: String,
    query: Value,
) -> Result<SavedView, CommandError> {
    let mut errors = ValidationErrors::new();
    let name = errors.check(ViewName::parse(&name));
    if let Err(refused) = CustomerQuery::from_json(&query) {
        refused
            .fields()
            .iter()
            .cloned()
            .for_each(|e| errors.push(e));
    }
    let Some(name) = name.filter(|_| errors.is_empty()) else {
        return Err(errors.into());
    };
    desk.operator()?;
    Ok(desk.store().save_view(&name, &query).await?)
}

#[tauri::command]
pub async fn rename_view(
    desk: State<'_, Desk>,
    id: i64,
    name: String,
) -> Result<SavedView, CommandError> {
    let name = ViewName::parse(&name)?;
    desk.operator()?;
    Ok(desk.store().rename_view(id, &name).await?)
}

#[tauri::command]
pub async fn delete_view(desk: State<'_, Desk>, id: i64) -> Result<(), CommandError> {
    desk.operator()?;
    Ok(desk.store().delete_view(id).await?)
}
