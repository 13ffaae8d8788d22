//! Backups at the desk: the automatic daily one (at start when today's is missing, then checked
//! every hour, in a task of its own), "Back up now" to a file the person picks, and restoring a
//! backup, a supervisor's: the store is closed, swapped for the backup and opened again, and the
//! window reloads. The copying, checking and swapping are `infora_store::backup`'s.

use crate::error::CommandError;
use crate::printing::{file_path, not_writable};
use crate::Desk;
use chrono::{DateTime, Utc};
use infora_store::backup;
use infora_store::{Backup, Error};
use infora_sync::SyncEngine;
use serde::Serialize;
use std::path::Path;
use std::sync::Mutex;
use std::time::Duration;
use tauri::{AppHandle, Manager, Runtime, State};
use ts_rs::TS;

/// How often the desk looks whether today's automatic backup is made.
const CHECK_EVERY: Duration = Duration::from_secs(60 * 60);

/// The automatic backups' state in the shell.
#[derive(Default)]
pub struct Backups {
    /// One backup or restore at a time: a restore must not swap the file under a copy.
    busy: tokio::sync::Mutex<()>,
    /// The last automatic backup that failed, and why, until one succeeds. The window shows it
    /// in the Backups section; a notification can be raised wherever it is set (`record`).
    last_failure: Mutex<Option<BackupFailure>>,
}

impl Backups {
    fn last_failure(&self) -> Option<BackupFailure> {
        self.last_failure
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    fn record(&self, failure: Option<BackupFailure>) {
        *self.last_failure.lock().unwrap_or_else(|p| p.into_inner()) = failure;
    }
}

/// An automatic backup that could not be made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct BackupFailure {
    #[ts(type = "string")]
    pub at: DateTime<Utc>,
    /// What went wrong, for a person to act on (a full disk, a folder that cannot be written).
    pub reason: String,
}

/// What the Backups section shows.
#[derive(Debug, Serialize, TS)]
#[ts(export)]
pub struct BackupStatus {
    /// Where the automatic backups are kept.
    pub folder: String,
    /// The automatic backups, newest first (the first is the last one made).
    pub backups: Vec<Backup>,
    /// How many are kept.
    pub kept: u16,
    /// Set while the last automatic backup failed.
    pub last_failure: Option<BackupFailure>,
}

/// A backup saved where the person asked.
#[derive(Debug, Serialize, TS)]
#[ts(export)]
pub struct SavedBackup {
    pub path: String,
    #[ts(type = "number")]
    pub bytes: u64,
}

/// What a restore did, for the window to say before it reloads.
#[derive(Debug, Serialize, TS)]
#[ts(export)]
pub struct Restored {
    /// The store as it was just before, kept aside beside it.
    pub safety_copy: Option<String>,
    #[ts(type = "number")]
    pub customers: i64,
}

/// Makes today's automatic backup now if it is missing, then looks again every hour.
pub fn start_automatic<R: Runtime>(app: AppHandle<R>) {
    tauri::async_runtime::spawn(async move {
        loop {
            let desk = app.state::<Desk>();
            if automatic(&desk).await {
                crate::notices::deliver(&app, &desk.store()).await;
            }
            tokio::time::sleep(CHECK_EVERY).await;
        }
    });
}

/// Makes today's automatic backup if it is due; returns whether one failed (and was told).
async fn automatic(desk: &Desk) -> bool {
    let _one = desk.backups.busy.lock().await;
    let store = desk.store();
    let made = match store.automatic_backup_due() {
        Ok(false) => return false,
        Ok(true) => store.back_up_automatically().await,
        Err(error) => Err(error),
    };
    match made {
        Ok(_) => {
            desk.backups.record(None);
            false
        }
        Err(error) => {
            let reason = match error {
                Error::Internal(details) => details,
                other => other.to_string(),
            };
            log::error!("the automatic backup failed: {reason}");
            if let Err(noted) = store.notice_backup_failed(&reason).await {
                log::warn!("could not record the failed backup's notice: {noted}");
            }
            desk.backups.record(Some(BackupFailure {
                at: store.now(),
                reason,
            }));
            true
        }
    }
}

#[tauri::command]
pub async fn backup_status(desk: State<'_, Desk>) -> Result<BackupStatus, CommandError> {
    let store = desk.store();
    Ok(BackupStatus {
        folder: store.backup_folder().display().to_string(),
        backups: store.backups()?,
        kept: store.backups_kept().await?,
        last_failure: desk.backups.last_failure(),
    })
}

/// Copies the store to `path` (a file the person picked) while the desk keeps working.
#[tauri::command]
pub async fn back_up_now(desk: State<'_, Desk>, path: String) -> Result<SavedBackup, CommandError> {
    desk.operator()?;
    let path = file_path(&path, "db", "the backup")?;
    let _one = desk.backups.busy.lock().await;
    let folder = path.parent().unwrap_or(Path::new("/"));
    if !folder.is_dir() {
        let missing = std::io::Error::from(std::io::ErrorKind::NotFound);
        return Err(not_writable(folder, &missing));
    }
    let bytes = desk.store().back_up_to(&path).await?;
    Ok(SavedBackup {
        path: path.display().to_string(),
        bytes,
    })
}

/// How many automatic backups are kept (a supervisor's choice).
#[tauri::command]
pub async fn set_backups_kept(desk: State<'_, Desk>, kept: u16) -> Result<u16, CommandError> {
    Ok(desk
        .store()
        .set_backups_kept(&desk.operator()?, kept)
        .await?)
}

/// Replaces the store with the backup at `path`, a supervisor's: checked and staged first
/// (nothing changes if it is refused), then the sync engine is stopped, the store closed, kept
/// aside and swapped, and opened again with a new engine. The desk locks: the operators and
/// PINs are now the backup's. The window reloads to show the restored store.
#[tauri::command]
pub async fn restore_backup<R: Runtime>(
    app: AppHandle<R>,
    desk: State<'_, Desk>,
    path: String,
) -> Result<Restored, CommandError> {
    let by = desk.operator()?;
    let path = file_path(&path, "db", "the backup")?;
    let _one = desk.backups.busy.lock().await;
    let store = desk.store();
    let check = store.stage_restore(&by, &path).await?;
    let rounds_were_running = desk.stop_rounds();
    store.close().await;
    let swapped = backup::swap_in_staged(store.path(), store.now()).await;
    if swapped.is_err() {
        // Keep the desk on the store it has rather than on a half-done restore at next start.
        let _ = std::fs::remove_file(backup::staged_path(store.path()));
    }
    let reopened = store.open_again().await?;
    let sync = SyncEngine::new(
        reopened.clone(),
        desk.vault.clone(),
        infora_sync::Options::default(),
    )
    .await
    .map_err(|e| Error::Internal(format!("restarting sync after a restore: {e}")))?;
    let rounds = rounds_were_running.then(|| crate::start_sync(app, reopened.clone(), &sync));
    desk.replace(reopened, sync, rounds);
    desk.set_session(None);
    let safety_copy = swapped?;
    log::info!(
        "restored {} ({} customers); the store before it is kept as {:?}",
        path.display(),
        check.customers,
        safety_copy
    );
    Ok(Restored {
        safety_copy: safety_copy.map(|p| p.display().to_string()),
        customers: check.customers,
    })
}
