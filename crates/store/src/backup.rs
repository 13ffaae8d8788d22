//! Backups of the store: consistent copies made while the desk keeps working, the automatic
//! daily ones kept in a `backups` folder beside the store, checking a file before it is restored,
//! and the restore itself (staged beside the store, swapped in while no connection is open).
//!
//! Every copy is written under a hidden temporary name (`.infora-….part`) in its destination's
//! folder, flushed to disk and only then renamed to its real name, so a copy cut short (a kill,
//! a power cut, a full disk) is never taken for a backup: the list shows only whole files.

use crate::{Error, Result, Store};
use chrono::{DateTime, NaiveDateTime, Utc};
use infora_domain::{FieldError, Operator, Rule, SupervisorOnly};
use serde::Serialize;
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Connection, SqliteConnection};
use std::ops::RangeInclusive;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};
use ts_rs::TS;

/// The folder beside the store file that holds the automatic backups.
pub const FOLDER: &str = "backups";

/// How many automatic backups a supervisor may ask the desk to keep.
pub const KEPT: RangeInclusive<u16> = 1..=60;

/// Automatic backups are named `infora-desk-20261203-055600Z.db`: the UTC instant it was made.
const PREFIX: &str = "infora-desk-";
const STAMP: &str = "%Y%m%d-%H%M%SZ";

/// Temporary copies: hidden, and never matching [`PREFIX`], so never listed.
const PART_PREFIX: &str = ".infora-";
const PART_SUFFIX: &str = ".part";

/// A temporary copy older than this was left by a copy that was cut short, and is deleted.
const STALE_PART: Duration = Duration::from_secs(60 * 60);

/// One automatic backup in the folder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Backup {
    /// The file's name in the backups folder.
    pub name: String,
    pub path: String,
    #[ts(type = "string")]
    pub made_at: DateTime<Utc>,
    #[ts(type = "number")]
    pub bytes: u64,
}

/// What a restore checked in a backup file before staging it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupCheck {
    /// The newest migration applied to it (older ones are migrated when the store opens).
    pub schema_version: i64,
    pub customers: i64,
}

/// The folder of the automatic backups of the store at `store`.
pub fn folder_of(store: &Path) -> PathBuf {
    store.with_file_name(FOLDER)
}

/// Where a restore waits, whole and checked, for the store to be closed and swapped.
pub fn staged_path(store: &Path) -> PathBuf {
    sibling(store, ".restore")
}

/// Where the store is kept aside before a restore replaces it.
pub fn safety_copy_path(store: &Path, at: DateTime<Utc>) -> PathBuf {
    let stem = store.file_stem().unwrap_or_default().to_string_lossy();
    store.with_file_name(format!(
        "{stem}.before-restore-{}.db",
        at.format("%Y%m%dT%H%M%SZ")
    ))
}

fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(suffix);
    path.with_file_name(name)
}

fn io(what: &str, path: &Path, error: std::io::Error) -> Error {
    Error::Internal(format!("{what} {}: {error}", path.display()))
}

/// A connection of its own on `path` (none of the store's pools): a backup reads a snapshot
/// through it and never holds up the writer.
async fn connect(path: &Path) -> Result<SqliteConnection> {
    Ok(SqliteConnectOptions::new()
        .filename(path)
        .create_if_missing(false)
        .busy_timeout(Duration::from_secs(5))
        .connect()
        .await?)
}

/// Copies the database at `source` into `target`, whole or not at all: `VACUUM INTO` a
/// temporary file in the target's folder (a consistent snapshot, the WAL's commits included),
/// flushed, then renamed over `target`. Returns the copy's size in bytes.
async fn snapshot(source: &Path, target: &Path) -> Result<u64> {
    let folder = target.parent().unwrap_or(Path::new("."));
    let part = tempfile::Builder::new()
        .prefix(PART_PREFIX)
        .suffix(PART_SUFFIX)
        .tempfile_in(folder)
        .map_err(|e| io("cannot write in", folder, e))?;
    let mut conn = connect(source).await?;
    // VACUUM INTO takes an empty file; the temporary one is.
    let copied = sqlx::query("VACUUM INTO ?")
        .bind(part.path().to_string_lossy().into_owned())
        .execute(&mut conn)
        .await;
    conn.close().await?;
    copied?;
    let file = part
        .reopen()
        .map_err(|e| io("cannot reopen", part.path(), e))?;
    file.sync_all()
        .map_err(|e| io("cannot flush", part.path(), e))?;
    let bytes = file.metadata().map(|m| m.len()).unwrap_or(0);
    // On failure the temporary file is dropped, and with it deleted.
    part.persist(target)
        .map_err(|e| io("cannot rename into", target, e.error))?;
    sync_folder(folder);
    Ok(bytes)
}

/// Makes a rename durable: on Unix a folder's entries are flushed by syncing the folder.
/// (Windows cannot open a folder as a file; its renames are journaled by NTFS.)
fn sync_folder(folder: &Path) {
    if let Ok(dir) = std::fs::File::open(folder) {
        let _ = dir.sync_all();
    }
}

impl Store {
    /// The folder of this store's automatic backups.
    pub fn backup_folder(&self) -> PathBuf {
        folder_of(self.path())
    }

    /// Copies the store to `target` (a file the person picked) while the desk keeps working.
    /// Returns the copy's size in bytes.
    pub async fn back_up_to(&self, target: &Path) -> Result<u64> {
        let bytes = snapshot(self.path(), target).await?;
        tracing::info!(target = %target.display(), bytes, "backed up the store");
        Ok(bytes)
    }

    /// Makes today's automatic backup in the backups folder, then deletes the oldest beyond
    /// the number kept (and copies left half-made by an earlier crash).
    pub async fn back_up_automatically(&self) -> Result<Backup> {
        let folder = self.backup_folder();
        std::fs::create_dir_all(&folder).map_err(|e| io("cannot create", &folder, e))?;
        remove_stale_parts(&folder);
        let made_at = self.now();
        let name = format!("{PREFIX}{}.db", made_at.format(STAMP));
        let path = folder.join(&name);
        let bytes = snapshot(self.path(), &path).await?;
        let kept = self.backups_kept().await?;
        for old in self.backups()?.into_iter().skip(usize::from(kept)) {
            if let Err(error) = std::fs::remove_file(&old.path) {
                tracing::warn!(path = %old.path, %error, "could not delete an old backup");
            }
        }
        tracing::info!(%name, bytes, "made the automatic backup");
        Ok(Backup {
            name,
            path: path.display().to_string(),
            made_at: DateTime::from_timestamp(made_at.timestamp(), 0).unwrap_or(made_at),
            bytes,
        })
    }

    /// Whether no automatic backup was made on the desk's local day yet.
    pub fn automatic_backup_due(&self) -> Result<bool> {
        let now = self.now();
        let today = (now + self.local_offset(now)).date_naive();
        Ok(!self
            .backups()?
            .iter()
            .any(|b| (b.made_at + self.local_offset(b.made_at)).date_naive() == today))
    }

    /// The automatic backups, newest first. Temporary copies are not backups and not listed.
    pub fn backups(&self) -> Result<Vec<Backup>> {
        let folder = self.backup_folder();
        let entries = match std::fs::read_dir(&folder) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(io("cannot read", &folder, e)),
        };
        let mut found: Vec<Backup> = entries
            .filter_map(|entry| {
                let entry = entry.ok()?;
                let name = entry.file_name().into_string().ok()?;
                let stamp = name.strip_prefix(PREFIX)?.strip_suffix(".db")?;
                let made_at = NaiveDateTime::parse_from_str(stamp, STAMP).ok()?.and_utc();
                let meta = entry.metadata().ok().filter(|m| m.is_file())?;
                Some(Backup {
                    path: entry.path().display().to_string(),
                    name,
                    made_at,
                    bytes: meta.len(),
                })
            })
            .collect();
        found.sort_by_key(|b| std::cmp::Reverse(b.made_at));
        Ok(found)
    }

    /// How many automatic backups are kept (7 unless a supervisor chose otherwise).
    pub async fn backups_kept(&self) -> Result<u16> {
        let kept: i64 = sqlx::query_scalar("SELECT backups_kept FROM desk_settings WHERE id = 1")
            .fetch_one(&self.reader)
            .await?;
        Ok(u16::try_from(kept)
            .ok()
            .filter(|k| KEPT.contains(k))
            .unwrap_or(7))
    }

    /// Sets how many automatic backups are kept. Only a supervisor may.
    pub async fn set_backups_kept(&self, by: &Operator, kept: u16) -> Result<u16> {
        by.may(SupervisorOnly::ManageBackups)?;
        if !KEPT.contains(&kept) {
            return Err(FieldError::new(
                "backups_kept",
                Rule::OutOfRange,
                format!("must be from {} to {}", KEPT.start(), KEPT.end()),
            )
            .into());
        }
        sqlx::query("UPDATE desk_settings SET backups_kept = ? WHERE id = 1")
            .bind(kept)
            .execute(&self.writer)
            .await?;
        self.backups_kept().await
    }

    /// Checks `backup` and stages it to replace this store: copied whole beside the store
    /// ([`staged_path`]), where [`swap_in_staged`] finds it once the store is closed (by the
    /// caller now, or at the next start if the app stops first). Only a supervisor may.
    pub async fn stage_restore(&self, by: &Operator, backup: &Path) -> Result<BackupCheck> {
        by.may(SupervisorOnly::ManageBackups)?;
        let folder = self.path().parent().unwrap_or(Path::new("."));
        let part = tempfile::Builder::new()
            .prefix(PART_PREFIX)
            .suffix(PART_SUFFIX)
            .tempfile_in(folder)
            .map_err(|e| io("cannot write in", folder, e))?;
        // The copy is checked, not the original: what is checked is what is swapped in.
        std::fs::copy(backup, part.path()).map_err(|e| {
            Error::from(FieldError::new(
                "file",
                Rule::NotAllowed,
                format!("cannot be read: {e}"),
            ))
        })?;
        let check = check_backup(part.path()).await?;
        part.as_file()
            .sync_all()
            .map_err(|e| io("cannot flush", part.path(), e))?;
        let staged = staged_path(self.path());
        part.persist(&staged)
            .map_err(|e| io("cannot rename into", &staged, e.error))?;
        sync_folder(folder);
        tracing::info!(backup = %backup.display(), ?check, "staged a restore");
        Ok(check)
    }
}

/// Deletes temporary copies in `folder` left by a backup that was cut short.
fn remove_stale_parts(folder: &Path) {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|at| SystemTime::now().duration_since(at).ok())
            .is_some_and(|age| age > STALE_PART);
        if name.starts_with(PART_PREFIX) && name.ends_with(PART_SUFFIX) && old {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

fn not_a_backup() -> Error {
    FieldError::new(
        "file",
        Rule::Format,
        "This file is not an Infora Desk backup.",
    )
    .into()
}

/// Whether the file at `path` is a whole Infora Desk store this version can open: SQLite's
/// `integrity_check` passes, it has the desk's tables and its migrations, none newer than
/// this app knows.
pub async fn check_backup(path: &Path) -> Result<BackupCheck> {
    let mut conn = connect(path).await.map_err(|_| not_a_backup())?;
    let checked = check_open(&mut conn).await;
    conn.close().await?;
    checked
}

async fn check_open(conn: &mut SqliteConnection) -> Result<BackupCheck> {
    let integrity: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_all(&mut *conn)
        .await
        .map_err(|_| not_a_backup())?;
    if integrity != ["ok"] {
        tracing::warn!(?integrity, "a backup failed SQLite's integrity check");
        return Err(FieldError::new(
            "file",
            Rule::Format,
            "This backup is damaged (SQLite's integrity check failed).",
        )
        .into());
    }
    let ours: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM sqlite_schema WHERE type = 'table' \
         AND name IN ('_sqlx_migrations', 'customers', 'desk_settings')",
    )
    .fetch_one(&mut *conn)
    .await
    .map_err(|_| not_a_backup())?;
    if ours != 3 {
        return Err(not_a_backup());
    }
    let schema_version: i64 =
        sqlx::query_scalar("SELECT coalesce(max(version), 0) FROM _sqlx_migrations WHERE success")
            .fetch_one(&mut *conn)
            .await?;
    let latest = crate::db::MIGRATOR
        .iter()
        .map(|m| m.version)
        .max()
        .unwrap_or(0);
    if schema_version > latest {
        return Err(FieldError::new(
            "file",
            Rule::NotAllowed,
            "This backup was made by a newer version of Infora Desk: update this desk first.",
        )
        .into());
    }
    let customers: i64 = sqlx::query_scalar("SELECT count(*) FROM customers")
        .fetch_one(&mut *conn)
        .await?;
    Ok(BackupCheck {
        schema_version,
        customers,
    })
}

/// Swaps a staged restore in for the store at `store`, which no connection may have open (the
/// store is closed, or not opened yet: `Store::open` calls this first, so a restore staged
/// before a crash is finished at the next start). The store is first copied aside whole
/// ([`safety_copy_path`], its WAL included); then its WAL is dropped (its commits are in the
/// safety copy, and replayed onto the restored file they would corrupt it) and the staged file
/// is renamed over it, atomically. Returns the safety copy, or `None` when nothing was staged.
pub async fn swap_in_staged(store: &Path, now: DateTime<Utc>) -> Result<Option<PathBuf>> {
    let staged = staged_path(store);
    if !staged.exists() {
        return Ok(None);
    }
    let safety = safety_copy_path(store, now);
    let had_store = store.exists();
    if had_store {
        // Closing this, the last connection, checkpoints the WAL into the file and removes it.
        snapshot(store, &safety).await?;
    }
    for leftover in [sibling(store, "-wal"), sibling(store, "-shm")] {
        match std::fs::remove_file(&leftover) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                return Err(io("cannot remove", &leftover, e));
            }
            _ => {}
        }
    }
    std::fs::rename(&staged, store).map_err(|e| io("cannot rename into", store, e))?;
    sync_folder(store.parent().unwrap_or(Path::new(".")));
    tracing::info!(safety = %safety.display(), "restored a backup; the store before it is kept aside");
    Ok(had_store.then_some(safety))
}
