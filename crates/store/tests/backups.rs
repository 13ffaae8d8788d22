//! Backups and restores of the store, on real files: what an automatic backup holds and how
//! many are kept, what a restore refuses and what it keeps aside, and that a backup killed
//! half-way leaves the store whole and no half-made file among the backups.

#![allow(clippy::unwrap_used)]

use chrono::{Duration, TimeZone, Utc};
use infora_domain::{
    ManualClock, Operator, OperatorId, OperatorName, Pin, Role, ShopName, SupervisorOnly,
};
use infora_store::backup::{self, KEPT};
use infora_store::demo::Generator;
use infora_store::{Actor, Error, ErrorCode, Store, StoreOptions};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tempfile::TempDir;

struct Desk {
    store: Store,
    clock: Arc<ManualClock>,
    dir: TempDir,
}

impl Desk {
    fn path(&self) -> PathBuf {
        self.dir.path().join("customers.db")
    }

    async fn reopen(&mut self) {
        self.store.close().await;
        self.store = open(&self.path(), self.clock.clone()).await;
    }
}

async fn open(path: &Path, clock: Arc<ManualClock>) -> Store {
    let options = StoreOptions {
        clock,
        ..StoreOptions::default()
    };
    Store::open_with(path, options).await.unwrap()
}

async fn desk() -> Desk {
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(ManualClock::new(
        Utc.with_ymd_and_hms(2026, 12, 3, 8, 0, 0).unwrap(),
    ));
    let store = open(&dir.path().join("customers.db"), clock.clone()).await;
    Desk { store, clock, dir }
}

async fn supervisor(store: &Store) -> Operator {
    store
        .set_up_desk(
            &OperatorName::parse("Sam Supervisor").unwrap(),
            &Pin::parse("2468").unwrap(),
            &ShopName::parse("Mama Njeri WiFi").unwrap(),
        )
        .await
        .unwrap()
}

fn cashier() -> Operator {
    Operator {
        id: OperatorId::new(),
        name: OperatorName::parse("Carol Cashier").unwrap(),
        role: Role::Cashier,
    }
}

async fn add_customers(store: &Store, seed: u64, count: usize) -> Vec<String> {
    let new = Generator::new(seed, store.now()).customers(count);
    let made = store
        .import_customers(&Actor::new("test"), &new, |_| {})
        .await
        .unwrap();
    made.into_iter().map(|c| c.name.to_string()).collect()
}

async fn names(store: &Store) -> Vec<String> {
    let query = infora_domain::CustomerQuery::default();
    let mut names: Vec<String> = store
        .list_customers(&query)
        .await
        .unwrap()
        .items
        .into_iter()
        .map(|c| c.name.to_string())
        .collect();
    names.sort();
    names
}

#[tokio::test]
async fn an_automatic_backup_is_a_whole_store_listed_by_its_time_and_size() {
    let desk = desk().await;
    let names_before = add_customers(&desk.store, 1, 5).await;
    assert!(desk.store.automatic_backup_due().unwrap(), "none made yet");

    let made = desk.store.back_up_automatically().await.unwrap();

    assert_eq!(made.name, "infora-desk-20261203-080000Z.db");
    assert_eq!(
        Path::new(&made.path).parent().unwrap(),
        desk.dir.path().join("backups"),
        "beside the store, in `backups`"
    );
    assert_eq!(desk.store.backups().unwrap(), vec![made.clone()]);
    assert_eq!(made.bytes, std::fs::metadata(&made.path).unwrap().len());
    assert!(
        !desk.store.automatic_backup_due().unwrap(),
        "today's is made"
    );
    let check = backup::check_backup(Path::new(&made.path)).await.unwrap();
    assert_eq!(check.customers, 5, "the copy holds every customer");

    let copy = open(Path::new(&made.path), desk.clock.clone()).await;
    let mut expected = names_before;
    expected.sort();
    assert_eq!(names(&copy).await, expected);
    copy.close().await;

    desk.clock.advance(Duration::days(1));
    assert!(desk.store.automatic_backup_due().unwrap(), "a new day");
}

#[tokio::test]
async fn only_the_newest_backups_are_kept_as_many_as_a_supervisor_chose() {
    let desk = desk().await;
    let sam = supervisor(&desk.store).await;
    assert_eq!(
        desk.store.backups_kept().await.unwrap(),
        7,
        "seven by default"
    );
    for _ in 0..9 {
        desk.store.back_up_automatically().await.unwrap();
        desk.clock.advance(Duration::days(1));
    }
    let kept = desk.store.backups().unwrap();
    assert_eq!(kept.len(), 7);
    assert_eq!(
        kept[0].name, "infora-desk-20261211-080000Z.db",
        "newest first"
    );
    assert_eq!(kept[6].name, "infora-desk-20261205-080000Z.db");

    assert_eq!(desk.store.set_backups_kept(&sam, 3).await.unwrap(), 3);
    desk.store.back_up_automatically().await.unwrap();
    let kept: Vec<String> = desk
        .store
        .backups()
        .unwrap()
        .into_iter()
        .map(|b| b.name)
        .collect();
    assert_eq!(
        kept,
        [
            "infora-desk-20261212-080000Z.db",
            "infora-desk-20261211-080000Z.db",
            "infora-desk-20261210-080000Z.db"
        ]
    );

    let out_of_range = desk
        .store
        .set_backups_kept(&sam, KEPT.end() + 1)
        .await
        .unwrap_err();
    assert_eq!(out_of_range.code(), ErrorCode::Validation);
    let refused = desk
        .store
        .set_backups_kept(&cashier(), 5)
        .await
        .unwrap_err();
    assert_eq!(refused.code(), ErrorCode::Forbidden);
    assert_eq!(
        refused.to_string(),
        SupervisorOnly::ManageBackups.refusal(),
        "a cashier is told who may"
    );
    assert_eq!(desk.store.backups_kept().await.unwrap(), 3, "unchanged");
}

#[tokio::test]
async fn a_restore_brings_back_the_backup_and_keeps_the_store_before_it_aside() {
    let mut desk = desk().await;
    let sam = supervisor(&desk.store).await;
    let earlier = add_customers(&desk.store, 1, 4).await;
    let picked = desk.dir.path().join("picked by hand.db");
    desk.store.back_up_to(&picked).await.unwrap();
    let later = add_customers(&desk.store, 2, 1).await;

    let refused = desk
        .store
        .stage_restore(&cashier(), &picked)
        .await
        .unwrap_err();
    assert_eq!(refused.code(), ErrorCode::Forbidden, "a supervisor's only");
    assert!(!backup::staged_path(&desk.path()).exists());

    let check = desk.store.stage_restore(&sam, &picked).await.unwrap();
    assert_eq!(check.customers, 4);
    desk.store.close().await;
    let now = infora_domain::Clock::now(desk.clock.as_ref());
    let safety = backup::swap_in_staged(&desk.path(), now)
        .await
        .unwrap()
        .expect("a safety copy");
    assert_eq!(
        safety,
        desk.dir
            .path()
            .join("customers.before-restore-20261203T080000Z.db")
    );
    desk.reopen().await;

    let mut expected = earlier.clone();
    expected.sort();
    assert_eq!(
        names(&desk.store).await,
        expected,
        "the later customer is gone"
    );
    let operators = desk.store.operators().await.unwrap();
    assert_eq!(operators.len(), 1, "operators come with the backup");
    desk.store
        .sign_in(operators[0].id, &Pin::parse("2468").unwrap())
        .await
        .expect("and their PINs");

    let aside = open(&safety, desk.clock.clone()).await;
    let mut everything = [earlier, later].concat();
    everything.sort();
    assert_eq!(
        names(&aside).await,
        everything,
        "the safety copy holds the store as it was"
    );
    aside.close().await;
    assert!(!backup::staged_path(&desk.path()).exists(), "consumed");
}

#[tokio::test]
async fn a_restore_staged_before_a_crash_is_finished_when_the_store_next_opens() {
    let mut desk = desk().await;
    let sam = supervisor(&desk.store).await;
    add_customers(&desk.store, 1, 2).await;
    let picked = desk.dir.path().join("backup.db");
    desk.store.back_up_to(&picked).await.unwrap();
    add_customers(&desk.store, 2, 3).await;
    desk.store.stage_restore(&sam, &picked).await.unwrap();

    desk.reopen().await;

    assert_eq!(names(&desk.store).await.len(), 2);
    assert!(desk
        .dir
        .path()
        .join("customers.before-restore-20261203T080000Z.db")
        .exists());
}

#[tokio::test]
async fn a_restore_refuses_what_is_not_a_backup_this_desk_can_open() {
    let desk = desk().await;
    let sam = supervisor(&desk.store).await;
    let refusal = |error: Error| match error {
        Error::Validation(errors) => errors.fields()[0].message.clone(),
        other => panic!("expected a refusal, got {other:?}"),
    };

    let text = desk.dir.path().join("notes.db");
    std::fs::write(&text, "not a database at all, just some words ".repeat(200)).unwrap();
    assert_eq!(
        refusal(desk.store.stage_restore(&sam, &text).await.unwrap_err()),
        "This file is not an Infora Desk backup."
    );

    let other_app = desk.dir.path().join("other.db");
    {
        use sqlx::{ConnectOptions, Connection};
        let mut conn = sqlx::sqlite::SqliteConnectOptions::new()
            .filename(&other_app)
            .create_if_missing(true)
            .connect()
            .await
            .unwrap();
        sqlx::query("CREATE TABLE songs (title TEXT)")
            .execute(&mut conn)
            .await
            .unwrap();
        conn.close().await.unwrap();
    }
    assert_eq!(
        refusal(
            desk.store
                .stage_restore(&sam, &other_app)
                .await
                .unwrap_err()
        ),
        "This file is not an Infora Desk backup."
    );

    let newer = desk.dir.path().join("newer.db");
    desk.store.back_up_to(&newer).await.unwrap();
    {
        let future = open(&newer, desk.clock.clone()).await;
        future.close().await;
        use sqlx::{ConnectOptions, Connection};
        let mut conn = sqlx::sqlite::SqliteConnectOptions::new()
            .filename(&newer)
            .connect()
            .await
            .unwrap();
        sqlx::query(
            "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) \
             VALUES (9999, 'from the future', 1, x'00', 0)",
        )
        .execute(&mut conn)
        .await
        .unwrap();
        conn.close().await.unwrap();
    }
    assert_eq!(
        refusal(desk.store.stage_restore(&sam, &newer).await.unwrap_err()),
        "This backup was made by a newer version of Infora Desk: update this desk first."
    );
    assert!(
        !backup::staged_path(&desk.path()).exists(),
        "nothing refused is staged"
    );
}

#[tokio::test]
async fn a_backup_holds_the_desk_tables_and_no_sync_token() {
    let desk = desk().await;
    supervisor(&desk.store).await;
    add_customers(&desk.store, 1, 2).await;
    let made = desk.store.back_up_automatically().await.unwrap();

    use sqlx::{ConnectOptions, Connection};
    let mut conn = sqlx::sqlite::SqliteConnectOptions::new()
        .filename(&made.path)
        .read_only(true)
        .connect()
        .await
        .unwrap();
    let columns: Vec<(String, String)> = sqlx::query_as(
        "SELECT m.name, p.name FROM sqlite_schema m, pragma_table_info(m.name) p \
         WHERE m.type = 'table' ORDER BY 1, 2",
    )
    .fetch_all(&mut conn)
    .await
    .unwrap();
    conn.close().await.unwrap();
    let tables: std::collections::BTreeSet<&str> =
        columns.iter().map(|(t, _)| t.as_str()).collect();
    for needed in [
        "customers",
        "operators",
        "desk_settings",
        "sync_state",
        "outbox",
    ] {
        assert!(tables.contains(needed), "{needed} is in the backup");
    }
    // The central API's tokens live in the OS keychain (infora-sync's vault), never in the
    // store: no column of any table could hold one.
    let secret_like: Vec<_> = columns
        .iter()
        .filter(|(_, c)| {
            let c = c.to_lowercase();
            ["token", "secret", "password", "refresh"]
                .iter()
                .any(|w| c.contains(w))
        })
        .collect();
    assert!(
        secret_like.is_empty(),
        "no token or secret column: {secret_like:?}"
    );
    let bytes = std::fs::read(&made.path).unwrap();
    let text = String::from_utf8_lossy(&bytes).to_lowercase();
    assert!(!text.contains("access_token") && !text.contains("refresh_token"));
}

/// The child's half of the kill test: with `INFORA_BACKUP_CHILD` set to a store, makes its
/// automatic backup (the parent kills it half-way). Without it, there is nothing to do.
#[tokio::test]
async fn child_makes_a_backup() {
    let Some(path) = std::env::var_os(CHILD) else {
        return;
    };
    let store = Store::open(PathBuf::from(path)).await.unwrap();
    store.back_up_automatically().await.unwrap();
}

const CHILD: &str = "INFORA_BACKUP_CHILD";

#[tokio::test]
async fn a_backup_killed_half_way_leaves_the_store_whole_and_no_backup() {
    let desk = desk().await;
    // Big enough that VACUUM INTO writes for a while before it finishes.
    let count = 20_000;
    add_customers(&desk.store, 7, count).await;
    let folder = desk.store.backup_folder();
    std::fs::create_dir_all(&folder).unwrap();

    let mut child = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "child_makes_a_backup", "--nocapture"])
        .env(CHILD, desk.path())
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Kill it once the temporary copy has started to fill, and before it is renamed.
    let killed_mid_copy = loop {
        let growing = std::fs::read_dir(&folder).unwrap().flatten().any(|e| {
            e.file_name().to_string_lossy().ends_with(".part")
                && e.metadata().map(|m| m.len() > 0).unwrap_or(false)
        });
        if growing {
            child.kill().unwrap();
            break true;
        }
        if child.try_wait().unwrap().is_some() {
            break false;
        }
        std::thread::sleep(std::time::Duration::from_millis(1));
    };
    child.wait().unwrap();
    assert!(
        killed_mid_copy,
        "the child finished before it could be killed: make the store bigger"
    );

    assert!(
        desk.store.backups().unwrap().is_empty(),
        "a half-made copy is never listed"
    );
    let left: Vec<String> = std::fs::read_dir(&folder)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        left.iter().all(|n| n.starts_with(".infora-")),
        "only a hidden temporary file is left: {left:?}"
    );

    let stats = desk.store.customer_stats().await.unwrap();
    assert_eq!(
        stats.total, count as u64,
        "the running store holds everything"
    );
    let path = desk.path();
    desk.store.close().await;
    let check = backup::check_backup(&path).await.unwrap();
    assert_eq!(
        check.customers, count as i64,
        "whole, and passes integrity_check"
    );
    let reopened = Store::open(&path).await.unwrap();
    let made = reopened.back_up_automatically().await.unwrap();
    assert_eq!(
        reopened.backups().unwrap(),
        vec![made],
        "the next backup works"
    );
    reopened.close().await;
}
