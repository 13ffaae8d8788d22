//! The customer list's advanced filters at 1,000,000 customers, through the store's public API.
//!
//! `cargo bench -p infora-store --bench filters`. Prints `figure rows median_ms p95_ms note` per
//! line, like the store bench. Targets (medians, page 1 with its total): any single filter, with
//! or without a status, ≤ 20 ms; any combination ≤ 50 ms; create and update as in the store
//! bench (the filters' indexes must not slow them noticeably).
//!
//! The million-customer store takes a minute or more to generate, so it is the benches'
//! customers seed, kept between runs under the target directory
//! (`bench-seeds/customers-<rows>-<schema>.db`; see `common/seed.rs`), named after the
//! migrations it was made with, so a changed migration makes a fresh one. Each run measures a
//! copy (`filters-bench/run.db`, deleted at the end), since the creates and updates would
//! otherwise change the seed the other benches share. `INFORA_BENCH_ROWS=100000` for a
//! smaller store.

mod common;

use common::seed::{bench_dir, copy_seed, customers_seed, remove_store};
use common::{time, Row};
use infora_domain::{CustomerId, CustomerQuery, Money, Operator, OperatorId, OperatorName, Role};
use infora_store::demo::Generator;
use infora_store::{Actor, Store, StoreOptions};
use serde_json::{json, Value};

fn query(value: Value) -> CustomerQuery {
    CustomerQuery::from_json(&value).expect("a valid query")
}

async fn bench(rows: usize) {
    let seed = customers_seed(rows).await;
    let run = bench_dir("filters-bench").join("run.db");
    copy_seed(&seed, &run);
    let store = Store::open_with(&run, StoreOptions::default())
        .await
        .expect("open store");
    let runs = 100;
    let cases: Vec<(&str, Value)> = vec![
        ("owes", json!({"balance": "owes"})),
        (
            "owes_pending",
            json!({"balance": "owes", "status": "pending"}),
        ),
        ("credit", json!({"balance": "credit"})),
        ("settled", json!({"balance": "settled"})),
        (
            "settled_suspended",
            json!({"balance": "settled", "status": "suspended"}),
        ),
        (
            "balance_1000_1010",
            json!({"balance_min": "1000", "balance_max": "1010"}),
        ),
        ("balance_over_5000", json!({"balance_min": "5000"})),
        (
            "joined_q1_2026",
            json!({"joined_from": "2026-01-01", "joined_to": "2026-03-31"}),
        ),
        (
            "joined_q1_active",
            json!({"joined_from": "2026-01-01", "joined_to": "2026-03-31", "status": "active"}),
        ),
        (
            "joined_one_day",
            json!({"joined_from": "2025-06-01", "joined_to": "2025-06-01"}),
        ),
        ("never_paid", json!({"never_paid": true})),
        (
            "never_paid_pending",
            json!({"never_paid": true, "status": "pending"}),
        ),
        ("unpaid_30_days", json!({"unpaid_days": 30})),
        (
            "unpaid_30_suspended",
            json!({"unpaid_days": 30, "status": "suspended"}),
        ),
        (
            "paid_last_week",
            json!({"paid_from": "2026-11-18T21:00:00Z", "paid_to": "2026-11-25T21:00:00Z"}),
        ),
        ("package_home", json!({"package": "Home 10 Mbps"})),
        (
            "package_home_active",
            json!({"package": "Home 10 Mbps", "status": "active"}),
        ),
        ("usage_90_100", json!({"usage_min": 90, "usage_max": 100})),
        (
            "usage_90_pending",
            json!({"usage_min": 90, "status": "pending"}),
        ),
        ("devices_3", json!({"devices_min": 3, "devices_max": 3})),
        ("devices_over_5", json!({"devices_min": 5})),
        (
            "owes_sort_balance",
            json!({"balance": "owes", "sort_by": "balance", "sort_order": "desc"}),
        ),
        (
            "combo_owes_joined",
            json!({"balance": "owes", "joined_from": "2026-01-01", "joined_to": "2026-03-31"}),
        ),
        (
            "combo_owes_unpaid_pkg",
            json!({"balance_min": "1000", "unpaid_days": 30, "package": "Home 10 Mbps"}),
        ),
        (
            "combo_usage_devices",
            json!({"usage_min": 80, "devices_min": 2, "devices_max": 4, "status": "active"}),
        ),
        (
            "combo_all",
            json!({"balance": "owes", "joined_from": "2024-01-01", "unpaid_days": 30, "package": "Home 10 Mbps", "usage_min": 50, "devices_min": 1, "status": "active"}),
        ),
        (
            "combo_search_owes",
            json!({"search": "wan", "balance": "owes"}),
        ),
        (
            "combo_name_sort_rare",
            json!({"balance_min": "1000", "balance_max": "1005", "joined_from": "2020-01-01", "sort_by": "name", "sort_order": "asc"}),
        ),
    ];
    for (figure, raw) in cases {
        let q = query(raw);
        let (mut samples, page) = time(runs, |_| {
            let store = store.clone();
            let q = q.clone();
            async move { store.list_customers(&q).await.expect("list") }
        })
        .await;
        let total = match page.exact {
            true => page.total.to_string(),
            false => format!("about {}", page.total),
        };
        Row { figure, rows }.print(
            &mut samples,
            &format!("total={total} shown={}", page.items.len()),
        );
        if !page.exact {
            let (mut samples, exact) = time(10, |_| {
                let store = store.clone();
                let q = q.clone();
                async move { store.count_customers(&q).await.expect("count") }
            })
            .await;
            let figure = format!("{figure}.exact");
            Row {
                figure: &figure,
                rows,
            }
            .print(&mut samples, &format!("total={exact}"));
        }
    }

    // The write cost of the filters' indexes: the store bench's create and update, here.
    let actor = Actor::new("bench");
    let supervisor = Operator {
        id: OperatorId::new(),
        name: OperatorName::parse("bench").expect("a name"),
        role: Role::Supervisor,
    };
    let ids: Vec<CustomerId> = store
        .list_customers(&query(json!({"per_page": 100})))
        .await
        .expect("list")
        .items
        .iter()
        .map(|c| c.id)
        .collect();
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("after 1970")
        .as_millis();
    let fresh = Generator::new(4242, store.now()).customers(203);
    let (mut samples, _) = time(200, |i| {
        let store = store.clone();
        let actor = actor.clone();
        let mut new = fresh[i].clone();
        new.email = infora_domain::Email::parse(&format!("filters.{stamp}.{i}@example.com"))
            .expect("email");
        async move { store.create_customer(&actor, &new).await.expect("create") }
    })
    .await;
    Row {
        figure: "create",
        rows,
    }
    .print(&mut samples, "");
    let (mut samples, _) = time(200, |i| {
        let store = store.clone();
        let supervisor = supervisor.clone();
        let id = ids[i % ids.len()];
        let balance = Money::from_cents(i as i64 * 100 + 1).expect("money");
        async move {
            store
                .set_balance(&supervisor, id, balance)
                .await
                .expect("update")
        }
    })
    .await;
    Row {
        figure: "update",
        rows,
    }
    .print(&mut samples, "");
    store.close().await;
    remove_store(&run);
}

fn main() {
    let rows: usize = std::env::var("INFORA_BENCH_ROWS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1_000_000);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("tokio runtime");
    Row::header();
    runtime.block_on(bench(rows));
}
