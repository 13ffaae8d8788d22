//! Opening the SQLite file: connection settings, the reader and writer pools, and migrations
//! (with a copy of the file set aside before any migration touches it).

use crate::Result;
use chrono::{DateTime, Utc};
use sqlx::migrate::Migrator;
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use sqlx::{ConnectOptions, Connection, Executor};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The schema's history, embedded in the binary from `migrations/` at the repository's top.
pub static MIGRATOR: Migrator = sqlx::migrate!("../../migrations");

/// How long a connection waits for another process's write lock before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// All the memory SQLite may keep in this process, in bytes (see `options`).
const SOFT_HEAP_LIMIT: &str = "16777216";

fn options(path: &Path) -> SqliteConnectOptions {
    SqliteConnectOptions::new()
        .filename(path)
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        // NORMAL in WAL mode: a power cut may lose the last commits but never corrupts the file.
        .synchronous(SqliteSynchronous::Normal)
        .foreign_keys(true)
        .busy_timeout(BUSY_TIMEOUT)
        // 16 MiB of page cache for the writer (index updates touch many pages), 4 MiB for each
        // reader (see `open`), and no memory-mapped reads: the operating system's file cache
        // keeps the hot indexes in memory either way, but pages cached or mapped into the
        // process count against the app's own memory, which a desk app must keep small.
        .pragma("cache_size", "-16384")
        // SQLite's connections share one pool of cache pages whose size is the sum of their
        // `cache_size`s, so readers also fill the writer's 16 MiB while it is idle (measured:
        // 25 MiB after a morning of searches). The limit keeps all of SQLite within those
        // 16 MiB, whichever connection uses them: past it, old pages are reused instead.
        .pragma("soft_heap_limit", SOFT_HEAP_LIMIT)
        .pragma("temp_store", "memory")
        .log_statements(tracing::log::LevelFilter::Trace)
}

/// The two pools over one file. SQLite takes one writer at a time, so the writer pool has
/// exactly one connection: writes queue in the pool instead of failing with SQLITE_BUSY, and a
/// read-modify-write inside a write transaction cannot lose another's update. Readers use WAL
/// snapshots and never wait for the writer.
pub(crate) struct Pools {
    pub reader: SqlitePool,
    pub writer: SqlitePool,
}

pub(crate) async fn open(path: &Path, readers: u32, now: DateTime<Utc>) -> Result<Pools> {
    // A restore staged before the app stopped is finished before anything opens the file. One
    // that cannot be finished must not keep the desk from starting on the store it has.
    if let Err(error) = crate::backup::swap_in_staged(path, now).await {
        tracing::error!(%error, "could not finish a staged restore; opening the store as it is");
    }
    backup_before_migrating(path).await?;
    let writer = SqlitePoolOptions::new()
        .max_connections(1)
        .min_connections(1)
        .idle_timeout(None)
        .max_lifetime(None)
        .connect_with(options(path))
        .await?;
    MIGRATOR.run(&writer).await?;
    let reader = SqlitePoolOptions::new()
        .max_connections(readers.max(1))
        .min_connections(1)
        .idle_timeout(None)
        .max_lifetime(None)
        .connect_with(options(path).read_only(true).pragma("cache_size", "-4096"))
        .await?;
    Ok(Pools { reader, writer })
}

/// Where the copy made before migrating to `version` goes: beside the database file.
pub fn backup_path(path: &Path, version: i64) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".before-v{version}.bak"));
    path.with_file_name(name)
}

/// If the file exists and migrations are pending, copies it aside first (`VACUUM INTO` makes a
/// consistent copy even with a WAL beside it), so a failed or unwanted upgrade can be undone.
async fn backup_before_migrating(path: &Path) -> Result<()> {
    if !path.exists() {
        return Ok(());
    }
    let mut conn = options(path).create_if_missing(false).connect().await?;
    let applied: Option<i64> = match conn
        .fetch_optional("SELECT max(version) FROM _sqlx_migrations WHERE success")
        .await
    {
        Ok(row) => row.and_then(|r| sqlx::Row::try_get(&r, 0).ok()),
        // No migrations table: an empty file, or not yet ours. Nothing of ours to protect.
        Err(_) => None,
    };
    let latest = MIGRATOR.iter().map(|m| m.version).max().unwrap_or(0);
    if let Some(applied) = applied.filter(|&v| v < latest) {
        let target = backup_path(path, latest);
        tracing::info!(from = applied, to = latest, backup = %target.display(), "backing up before migrating");
        if target.exists() {
            std::fs::remove_file(&target).map_err(|e| crate::Error::Internal(e.to_string()))?;
        }
        sqlx::query("VACUUM INTO ?")
            .bind(target.to_string_lossy().into_owned())
            .execute(&mut conn)
            .await?;
    }
    conn.close().await?;
    Ok(())
}
