//! The benches' seeded stores: made once, kept under the target directory between runs, and
//! named after the migrations they were made with. The million customers take a minute or
//! more to generate, so every bench starts from the one customers seed
//! (`<target>/bench-seeds/customers-<rows>-<schema>.db`, about 2 GB at 1,000,000), and a bench
//! that adds more (payments) keeps its own seed made from a copy of it. Benches write only to
//! a working copy, never to a seed.
//!
//! The benches run one at a time (`make bench` runs them in turn): two seeding at once in the
//! same folder would build into the same file.

use infora_store::demo::Generator;
use infora_store::{Actor, Store, StoreOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode};
use sqlx::{ConnectOptions, Connection};
use std::future::Future;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// The target directory (`CARGO_TARGET_DIR`, else the one this bench binary was built into:
/// `<target>/release/deps/<bench>-…`).
pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .or_else(|| {
            let exe = std::env::current_exe().ok()?;
            Some(exe.parent()?.parent()?.parent()?.to_path_buf())
        })
        .expect("a target directory")
}

/// The schema a seed is made with: `v<newest migration>-<hash of every migration file>`. A
/// store made with other migrations is seeded afresh rather than migrated (migrating copies the
/// whole file aside first; an edited migration would not open at all). The hash is FNV-1a over
/// the files' names and contents rather than std's `DefaultHasher`, whose output may change
/// between Rust releases and would then re-seed gigabytes for nothing.
pub fn schema() -> String {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../migrations");
    let mut files: Vec<(String, PathBuf)> = std::fs::read_dir(dir)
        .expect("the migrations folder")
        .filter_map(|e| {
            let e = e.ok()?;
            Some((e.file_name().into_string().ok()?, e.path()))
        })
        .collect();
    files.sort();
    let mut hash: u64 = 0xcbf29ce484222325;
    for (name, path) in &files {
        let contents = std::fs::read(path).expect("a migration");
        for byte in name.bytes().chain([0]).chain(contents) {
            hash = (hash ^ u64::from(byte)).wrapping_mul(0x100000001b3);
        }
    }
    let latest = files
        .iter()
        .filter_map(|(name, _)| name.split('_').next()?.parse::<u32>().ok())
        .max()
        .unwrap_or(0);
    format!("v{latest:04}-{hash:016x}")
}

/// A bench's folder under the target directory, made if missing. Files in it made with other
/// migrations (older seeds, a gigabyte or more each) are removed, as is anything else not named
/// for this schema: a folder holds seeds and, while a bench runs, its working files.
pub fn bench_dir(name: &str) -> PathBuf {
    let dir = target_dir().join(name);
    std::fs::create_dir_all(&dir).expect("bench dir");
    let schema = schema();
    for entry in std::fs::read_dir(&dir).expect("bench dir").flatten() {
        let stale = entry
            .file_name()
            .to_str()
            .is_none_or(|name| !name.contains(&schema));
        if stale && entry.file_type().is_ok_and(|t| t.is_file()) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
    dir
}

/// `dir/name`, made by `build` when missing. It is built under another name and renamed when
/// whole, so an interrupted run is never taken for a seed.
pub async fn kept<F, Fut>(dir: &Path, name: &str, build: F) -> PathBuf
where
    F: FnOnce(PathBuf) -> Fut,
    Fut: Future<Output = ()>,
{
    let path = dir.join(name);
    if path.exists() {
        return path;
    }
    let building = dir.join(format!("{name}.building"));
    remove_store(&building);
    build(building.clone()).await;
    checkpoint(&building).await;
    std::fs::rename(&building, &path).expect("seeded store in place");
    // Only the emptied WAL and shared-memory files are left under the old name.
    remove_store(&building);
    path
}

/// Writes all of a store's WAL into its file. A seed is renamed and copied as that file alone,
/// and `Store::close` may leave a connection open, so the WAL not checkpointed: seen at 2,000
/// customers, every row still in `-wal` and the file itself 4 KiB. (A million customers'
/// WAL passes SQLite's auto-checkpoint size, which would hide it.)
async fn checkpoint(path: &Path) {
    let mut conn = SqliteConnectOptions::new()
        .filename(path)
        .journal_mode(SqliteJournalMode::Wal)
        .connect()
        .await
        .expect("checkpoint connection");
    let (busy, _, _): (i64, i64, i64) = sqlx::query_as("PRAGMA wal_checkpoint(TRUNCATE)")
        .fetch_one(&mut conn)
        .await
        .expect("checkpoint");
    assert_eq!(busy, 0, "the seed's WAL checkpointed whole");
    conn.close().await.expect("close checkpoint connection");
}

/// A store of `rows` customers from `Generator::new(42, now)`, through the bulk import: the
/// customers seed every bench starts from.
pub async fn customers_seed(rows: usize) -> PathBuf {
    let dir = bench_dir("bench-seeds");
    let name = format!("customers-{rows}-{}.db", schema());
    kept(&dir, &name, |building| async move {
        let start = Instant::now();
        let store = Store::open_with(&building, StoreOptions::default())
            .await
            .expect("open store");
        let customers = Generator::new(42, store.now()).customers(rows);
        store
            .import_customers(&Actor::new("bench"), &customers, |_| {})
            .await
            .expect("bulk load");
        store.close().await;
        eprintln!(
            "seeded {rows} customers in {:.0} s",
            start.elapsed().as_secs_f64()
        );
    })
    .await
}

/// Copies `seed` to `to` for a run (or a bigger seed) to write to, first removing what an
/// earlier run left there (its WAL and shared-memory files would otherwise be read as part of
/// the copy).
pub fn copy_seed(seed: &Path, to: &Path) {
    remove_store(to);
    std::fs::copy(seed, to).expect("copy the seeded store");
}

/// Removes a store's file with its WAL and shared-memory files, those that exist.
pub fn remove_store(path: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let mut file = path.as_os_str().to_owned();
        file.push(suffix);
        let _ = std::fs::remove_file(file);
    }
}
