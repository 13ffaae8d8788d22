//! Sync's speed against the central API's double on loopback (release build):
//!
//! - pulling 100,000 customers into an empty store, next to the time a bare HTTP client takes
//!   to fetch the same pages and do nothing with them (what the server and the loopback cost);
//!   the difference is the client's own share;
//! - pushing 1,000 queued changes (500 creates, 500 updates of synced customers).
//!
//! `make bench` (or `cargo bench -p infora-sync --bench sync`). Prints medians of 3 runs.
//! `INFORA_BENCH_PULL=20000` changes the pull's size.
#![allow(clippy::unwrap_used)]

use infora_central_double::CentralDouble;
use infora_domain::{CustomerStatus, NewCustomer};
use infora_store::{Actor, Store};
use infora_sync::vault::{MemoryVault, TokenVault};
use infora_sync::{Options, SyncEngine};
use serde_json::{json, Value};
use std::sync::Arc;
use std::time::{Duration, Instant};

const EMAIL: &str = "bench@infora.ke";
const PASSWORD: &str = "bench";
const PER_PAGE: u32 = 1000;
const RUNS: usize = 3;

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

async fn engine(store: &Store, central: &CentralDouble) -> SyncEngine {
    let vault: Arc<dyn TokenVault> = Arc::new(MemoryVault::new());
    let options = Options {
        per_page: PER_PAGE,
        ..Options::default()
    };
    let engine = SyncEngine::new(store.clone(), vault, options)
        .await
        .unwrap();
    engine
        .sign_in(&central.base_url(), EMAIL, PASSWORD)
        .await
        .unwrap();
    engine
}

/// Fetches every page as the pull does (by id, `PER_PAGE` at a time) and only reads the bytes.
async fn bare_fetch(central: &CentralDouble, total: usize) -> Duration {
    let http = reqwest::Client::new();
    let login: Value = http
        .post(format!("{}/api/auth/login", central.base_url()))
        .json(&json!({"email": EMAIL, "password": PASSWORD}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = login["access_token"].as_str().unwrap().to_owned();
    let pages = total.div_ceil(PER_PAGE as usize);
    let start = Instant::now();
    for page in 1..=pages {
        let body = http
            .get(format!(
                "{}/api/customers?page={page}&per_page={PER_PAGE}&sort_by=id&sort_order=asc",
                central.base_url()
            ))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap()
            .bytes()
            .await
            .unwrap();
        assert!(!body.is_empty());
    }
    start.elapsed()
}

async fn bench_pull(total: usize) {
    let central = CentralDouble::start().await;
    central.add_user(EMAIL, PASSWORD);
    const STATUSES: [&str; 3] = ["active", "suspended", "pending"];
    for i in 0..total {
        central.insert_customer(json!({
            "name": format!("Customer {i}"),
            "email": format!("customer{i}@example.co.ke"),
            "phone": format!("+2547{:08}", i),
            "balance": (i % 5000) as f64 + 0.5,
            "usage_percentage": (i % 101) as i64,
            "status": STATUSES[i % 3],
        }));
    }
    let mut bare = Vec::new();
    let mut pulls = Vec::new();
    for _ in 0..RUNS {
        bare.push(bare_fetch(&central, total).await);
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path().join("pull.db")).await.unwrap();
        let engine = engine(&store, &central).await;
        let start = Instant::now();
        let report = engine.round().await;
        pulls.push(start.elapsed());
        assert_eq!(report.stopped, None);
        assert_eq!(report.pull.unwrap().inserted as usize, total);
        store.close().await;
    }
    let (bare, pull) = (median(bare), median(pulls));
    println!(
        "pull {total} customers: {:.0} ms (median of {RUNS}); bare fetch of the same pages {:.0} ms; \
         client's own share {:.0} ms = {:+.1} % of the server's",
        ms(pull),
        ms(bare),
        ms(pull.saturating_sub(bare)),
        (ms(pull) / ms(bare) - 1.0) * 100.0
    );
    central.shutdown().await;
}

async fn bench_push() {
    let mut samples = Vec::new();
    for _ in 0..RUNS {
        let central = CentralDouble::start().await;
        central.add_user(EMAIL, PASSWORD);
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path().join("push.db")).await.unwrap();
        let engine = engine(&store, &central).await;
        let actor = Actor::new("bench");
        // 500 customers already on the server, each changed once offline; 500 new ones.
        let mut synced = Vec::new();
        for i in 0..500 {
            let new = NewCustomer::from_json(
                &json!({"name": format!("Synced {i}"), "email": format!("s{i}@x.ke"), "phone": format!("07{:08}", i)}),
                Default::default(),
            )
            .unwrap();
            synced.push(store.create_customer(&actor, &new).await.unwrap());
        }
        assert_eq!(engine.round().await.stopped, None);
        for c in &synced {
            store
                .set_status(&actor, c.id, CustomerStatus::Suspended)
                .await
                .unwrap();
        }
        for i in 0..500 {
            let new = NewCustomer::from_json(
                &json!({"name": format!("New {i}"), "email": format!("n{i}@x.ke"), "phone": format!("01{:08}", i)}),
                Default::default(),
            )
            .unwrap();
            store.create_customer(&actor, &new).await.unwrap();
        }
        assert_eq!(store.outbox_counts().await.unwrap().pending, 1000);
        let start = Instant::now();
        let report = engine.push().await;
        samples.push(start.elapsed());
        assert_eq!(report.push.sent, 1000, "{report:?}");
        central.shutdown().await;
    }
    let push = median(samples);
    println!(
        "push 1000 queued changes: {:.0} ms (median of {RUNS}); {:.2} ms per change",
        ms(push),
        ms(push) / 1000.0
    );
}

fn main() {
    let total = std::env::var("INFORA_BENCH_PULL")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        bench_pull(total).await;
        bench_push().await;
    });
}
