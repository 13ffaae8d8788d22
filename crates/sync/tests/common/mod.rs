//! What the sync tests share: a central double with a user, desks signed in to it, and crashes
//! at chosen steps of a round.
// Each test file uses its own part of this.
#![allow(dead_code, clippy::unwrap_used)]

use infora_central_double::CentralDouble;
use infora_domain::{Operator, OperatorId, OperatorName, Role};
use infora_store::{Actor, Store};
use infora_sync::vault::{MemoryVault, TokenVault};
use infora_sync::{Options, Probe, Step, SyncEngine};
use serde_json::{json, Value};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::mpsc;

pub const EMAIL: &str = "agent@infora.ke";
pub const PASSWORD: &str = "correct horse";

pub struct Desk {
    pub _dir: tempfile::TempDir,
    pub path: PathBuf,
    pub store: Store,
    pub vault: Arc<MemoryVault>,
    pub engine: SyncEngine,
}

pub fn actor() -> Actor {
    Actor::new("cashier")
}

/// A supervisor, for what only a supervisor may do.
pub fn supervisor() -> Operator {
    Operator {
        id: OperatorId::new(),
        name: OperatorName::parse("Sam Supervisor").unwrap(),
        role: Role::Supervisor,
    }
}

pub async fn central() -> CentralDouble {
    let central = CentralDouble::start().await;
    central.add_user(EMAIL, PASSWORD);
    central
}

/// The engine options of these tests: pages of 50, so pulls of a few hundred customers page.
pub fn options(probe: Probe) -> Options {
    Options {
        per_page: 50,
        probe,
        ..Options::default()
    }
}

pub async fn engine(store: &Store, vault: &Arc<MemoryVault>, options: Options) -> SyncEngine {
    let vault: Arc<dyn TokenVault> = vault.clone();
    SyncEngine::new(store.clone(), vault, options)
        .await
        .unwrap()
}

pub async fn desk(central: &CentralDouble) -> Desk {
    desk_with(central, options(Probe::default())).await
}

/// A signed-in desk on a fresh store.
pub async fn desk_with(central: &CentralDouble, options: Options) -> Desk {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("customers.db");
    let store = Store::open(&path).await.unwrap();
    let vault = Arc::new(MemoryVault::new());
    let engine = engine(&store, &vault, options).await;
    engine
        .sign_in(&central.base_url(), EMAIL, PASSWORD)
        .await
        .unwrap();
    Desk {
        _dir: dir,
        path,
        store,
        vault,
        engine,
    }
}

pub fn seed(central: &CentralDouble, name: &str, email: &str) -> i64 {
    central.insert_customer(json!({"name": name, "email": email, "phone": "+254700000001"}))
}

pub async fn find(store: &Store, email: &str) -> infora_domain::Customer {
    let query = infora_domain::CustomerQuery::from_json(&json!({"search": email})).unwrap();
    store.list_customers(&query).await.unwrap().items.remove(0)
}

pub async fn login(central: &CentralDouble) -> String {
    let body: Value = reqwest::Client::new()
        .post(format!("{}/api/auth/login", central.base_url()))
        .json(&json!({"email": EMAIL, "password": PASSWORD}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    body["access_token"].as_str().unwrap().to_owned()
}

pub async fn put(central: &CentralDouble, token: &str, id: i64, body: Value) {
    let status = reqwest::Client::new()
        .put(format!("{}/api/customers/{id}", central.base_url()))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap()
        .status();
    assert_eq!(status, 200);
}

/// A probe that stops the round at the `nth` time it reaches `step`, as a crash would: it
/// tells the test and never returns, and the test aborts the task.
pub fn crash_at(step: Step, nth: usize) -> (Probe, mpsc::UnboundedReceiver<()>) {
    let (tx, rx) = mpsc::unbounded_channel();
    let seen = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let probe = Probe::new(move |reached| {
        let tx = tx.clone();
        let seen = seen.clone();
        Box::pin(async move {
            if reached == step && seen.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1 == nth
            {
                let _ = tx.send(());
                std::future::pending::<()>().await;
            }
        })
    });
    (probe, rx)
}

/// Runs a round that crashes where `probe` says, then restarts the desk (a new store handle
/// on the same file, the same keychain) and syncs to the end.
pub async fn crash_and_restart(
    desk: &Desk,
    probe: Probe,
    mut crashed: mpsc::UnboundedReceiver<()>,
) {
    let crashing = engine(&desk.store, &desk.vault, options(probe)).await;
    // A fault can end a round early: later rounds reach the later steps.
    let round = tokio::spawn(async move {
        for _ in 0..5 {
            crashing.round().await;
        }
    });
    tokio::time::timeout(Duration::from_secs(10), crashed.recv())
        .await
        .expect("the rounds reached the step in time")
        .expect("the rounds reached the step before they ended");
    round.abort();
    let _ = round.await;
    let store = Store::open(&desk.path).await.unwrap();
    let restarted = engine(&store, &desk.vault, options(Probe::default())).await;
    for _ in 0..3 {
        restarted.round().await;
    }
    store.close().await;
}
