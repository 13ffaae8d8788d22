//! The store's speed at 10k, 100k and 1M customers, through its public API.
//!
//! `make bench` (or `cargo bench -p infora-store --bench store`). Prints one line per figure:
//! `figure rows median_ms p95_ms note`. Sizes can be narrowed with
//! `INFORA_BENCH_SIZES=10000,100000`. Targets (1M rows, medians) are in issue 2 and the README.

use infora_domain::{
    CustomerId, CustomerQuery, CustomerStatus, Money, Operator, OperatorId, OperatorName,
    PageRequest, Role, SortField,
};
use infora_store::demo::{Generator, RARE_SURNAME};
use infora_store::{Actor, Store, StoreOptions};
use std::time::Instant;

mod common;
use common::{time, Row};

async fn bench_size(rows: usize) {
    // INFORA_BENCH_DIR keeps the files for a look afterwards; by default they go with the run.
    let dir = match std::env::var_os("INFORA_BENCH_DIR") {
        Some(base) => tempfile::Builder::new()
            .prefix(&format!("bench-{rows}-"))
            .disable_cleanup(true)
            .tempdir_in(base),
        None => tempfile::tempdir(),
    }
    .expect("bench dir");
    let path = dir.path().join("bench.db");
    let store = Store::open_with(&path, StoreOptions::default())
        .await
        .expect("open store");
    let actor = Actor::new("bench");
    let supervisor = Operator {
        id: OperatorId::new(),
        name: OperatorName::parse("bench").expect("a name"),
        role: Role::Supervisor,
    };

    let mut generator = Generator::new(42, store.now());
    let customers = generator.customers(rows);
    let start = Instant::now();
    let created = store
        .import_customers(&actor, &customers, |_| {})
        .await
        .expect("bulk load");
    let load = start.elapsed();
    drop(customers);
    let ids: Vec<CustomerId> = created
        .iter()
        .step_by((rows / 1000).max(1))
        .map(|c| c.id)
        .collect();
    drop(created);
    println!(
        "{:<24} {:>8} {:>10} {:>10}  {:.0} rows/s ({:.1} s)",
        "bulk_load",
        rows,
        "-",
        "-",
        rows as f64 / load.as_secs_f64(),
        load.as_secs_f64()
    );

    let list = |query: CustomerQuery| {
        let store = store.clone();
        move |_| {
            let store = store.clone();
            let query = query.clone();
            async move { store.list_customers(&query).await.expect("list") }
        }
    };
    let runs = 200;
    let deep_row = (rows / 2).min(500_000);
    let cases: Vec<(&str, CustomerQuery)> = vec![
        ("page1_default", CustomerQuery::default()),
        (
            "page1_status_pending",
            CustomerQuery {
                status: Some(CustomerStatus::Pending),
                ..Default::default()
            },
        ),
        (
            "page1_status_suspended",
            CustomerQuery {
                status: Some(CustomerStatus::Suspended),
                ..Default::default()
            },
        ),
        (
            "page1_sort_balance",
            CustomerQuery {
                sort_by: SortField::Balance,
                ..Default::default()
            },
        ),
        (
            "page1_sort_name_pending",
            CustomerQuery {
                sort_by: SortField::Name,
                status: Some(CustomerStatus::Pending),
                ..Default::default()
            },
        ),
        (
            "deep_page",
            CustomerQuery {
                page: PageRequest::new((deep_row / 20 + 1) as i64, 20).expect("valid page"),
                ..Default::default()
            },
        ),
        ("search_common_wan", CustomerQuery::search("wan")),
        (
            "search_rare",
            CustomerQuery::search(&RARE_SURNAME.to_lowercase()),
        ),
        ("search_phone_local", CustomerQuery::search("07123")),
        ("search_phone_bare", CustomerQuery::search("7123")),
        ("search_short_wa", CustomerQuery::search("wa")),
        ("search_short_k", CustomerQuery::search("k")),
        ("search_short_07", CustomerQuery::search("07")),
    ];
    for (figure, query) in cases {
        let (mut samples, page) = time(runs, list(query)).await;
        let about = if page.exact { "" } else { "about " };
        Row { figure, rows }.print(
            &mut samples,
            &format!("total={about}{} shown={}", page.total, page.items.len()),
        );
    }
    // The exact count a short search's estimated total is replaced by: a scan.
    let (mut samples, total) = time(20, |_| {
        let store = store.clone();
        async move {
            store
                .count_customers(&CustomerQuery::search("wa"))
                .await
                .expect("count")
        }
    })
    .await;
    Row {
        figure: "count_short_wa",
        rows,
    }
    .print(&mut samples, &format!("total={total}"));

    let (mut samples, stats) = time(runs, |_| {
        let store = store.clone();
        async move { store.customer_stats().await.expect("stats") }
    })
    .await;
    Row {
        figure: "stats",
        rows,
    }
    .print(
        &mut samples,
        &format!(
            "total={} owing={}",
            stats.total, stats.customers_with_balance
        ),
    );

    let (mut samples, _) = time(runs * 5, |i| {
        let store = store.clone();
        let id = ids[i % ids.len()];
        async move { store.get_customer(id).await.expect("get") }
    })
    .await;
    Row {
        figure: "get_by_id",
        rows,
    }
    .print(&mut samples, "");

    let fresh = Generator::new(4242, store.now()).customers(runs + 3);
    let (mut samples, _) = time(runs, |i| {
        let store = store.clone();
        let actor = actor.clone();
        let mut new = fresh[i].clone();
        new.email =
            infora_domain::Email::parse(&format!("bench.create.{i}@example.com")).expect("email");
        async move { store.create_customer(&actor, &new).await.expect("create") }
    })
    .await;
    Row {
        figure: "create",
        rows,
    }
    .print(&mut samples, "");

    let (mut samples, _) = time(runs, |i| {
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
    let size: u64 = std::fs::read_dir(dir.path())
        .expect("list dir")
        .filter_map(|e| e.ok()?.metadata().ok())
        .map(|m| m.len())
        .sum();
    println!(
        "{:<24} {:>8} {:>10} {:>10}  {:.1} MiB",
        "file_size",
        rows,
        "-",
        "-",
        size as f64 / 1048576.0
    );
}

fn main() {
    let sizes: Vec<usize> = std::env::var("INFORA_BENCH_SIZES")
        .unwrap_or_else(|_| "10000,100000,1000000".into())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("tokio runtime");
    Row::header();
    for rows in sizes {
        runtime.block_on(bench_size(rows));
    }
}
