//! Notices: the in-app list (read, marked read, each kind on or off) and their delivery as
//! desktop notifications through the official notification plugin, once each.

use crate::error::CommandError;
use crate::Desk;
use infora_store::{NoticeKind, NoticeKindSetting, Notices, Store};
use tauri::{AppHandle, Emitter, Runtime, State};
use tauri_plugin_notification::NotificationExt;

/// The event that tells the window the list changed.
pub const CHANGED: &str = "notices://changed";

#[tauri::command]
pub async fn list_notices(desk: State<'_, Desk>) -> Result<Notices, CommandError> {
    desk.operator()?;
    Ok(desk.store().notices().await?)
}

#[tauri::command]
pub async fn mark_notices_read(desk: State<'_, Desk>) -> Result<Notices, CommandError> {
    desk.operator()?;
    desk.store().mark_notices_read().await?;
    Ok(desk.store().notices().await?)
}

#[tauri::command]
pub async fn notice_kinds(desk: State<'_, Desk>) -> Result<Vec<NoticeKindSetting>, CommandError> {
    desk.operator()?;
    Ok(desk.store().notice_kinds().await?)
}

/// Turns a kind on or off (a desk setting: a supervisor's).
#[tauri::command]
pub async fn set_notice_kind(
    desk: State<'_, Desk>,
    kind: NoticeKind,
    enabled: bool,
) -> Result<Vec<NoticeKindSetting>, CommandError> {
    let operator = desk.operator()?;
    desk.store()
        .set_notice_kind(&operator, kind, enabled)
        .await?;
    Ok(desk.store().notice_kinds().await?)
}

/// Shows the notices not shown yet as desktop notifications and tells the window its list
/// changed. A desktop without a notification service still has the in-app list: a failure to
/// show is logged, not retried.
pub async fn deliver<R: Runtime>(app: &AppHandle<R>, store: &Store) {
    let fresh = match store.undelivered_notices().await {
        Ok(fresh) => fresh,
        Err(error) => {
            log::warn!("could not read the notices to show: {error}");
            return;
        }
    };
    if fresh.is_empty() {
        return;
    }
    for notice in &fresh {
        let shown = app
            .notification()
            .builder()
            .title(&notice.title)
            .body(&notice.body)
            .show();
        if let Err(error) = shown {
            log::warn!("could not show a desktop notification: {error}");
        }
    }
    let _ = app.emit(CHANGED, fresh.len());
}
