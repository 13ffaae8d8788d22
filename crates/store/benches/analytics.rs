//! The analytics screen's data at 1,000,000 customers and 3,000,000 payments (issue 13): each
//! chart's figure alone and the whole `get_analytics` (target ≤ 100 ms each, half of it on this
//! machine), and what the tallies' triggers add to the writes they ride on (a customer created,
//! a balance changed, a payment taken), measured with them and without them on a copy.
//!
//! `make bench` (or `cargo bench -p infora-store --bench analytics`); `INFORA_BENCH_ROWS=100000`
//! for a smaller store. Prints `figure rows median_ms p95_ms note` per line, like the other
//! store benches.
//!
//! The seeded store is kept under the target directory (`analytics-bench/seed-<rows>-<schema>.db`;
//! other migrations seed afresh): a copy of the benches' customers seed (`bench-seeds/`, see
//! `common/seed.rs`), then three payments per customer over the last 365 days with one
//! `INSERT … SELECT` (the triggers tally them as they go): a quarter taken at this desk (one in
//! fifty of those a void), the rest central's (one in ten of those pending). Each run measures
//! a copy, deleted at the end.

use chrono::{Duration as Days, Utc};
use infora_domain::{
    CustomerId, CustomerPatch, Money, NewDeskPayment, Operator, OperatorId, OperatorName,
    PaymentDays, Role,
};
use infora_store::demo::Generator;
use infora_store::{analytics, Actor, Store, StoreOptions};
use serde_json::json;
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Connection, SqliteConnection};
use std::path::{Path, PathBuf};
use std::time::Instant;
use uuid::Uuid;

mod common;
use common::seed::{bench_dir, copy_seed, customers_seed, kept, remove_store, schema};
use common::{time, Row};

/// Payments seeded per customer.
const PAYMENTS_PER_CUSTOMER: usize = 3;

fn rows() -> usize {
    std::env::var("INFORA_BENCH_ROWS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000)
}

fn supervisor() -> Operator {
    Operator {
        id: OperatorId::from_uuid(Uuid::from_u128(0x0190_0000_0000_7000_8000_0000_0000_0a0a)),
        name: OperatorName::parse("Bench Supervisor").expect("a name"),
        role: Role::Supervisor,
    }
}

/// The customers seed with `PAYMENTS_PER_CUSTOMER` payments each, seeding it first when it is
/// missing.
async fn seeded(rows: usize) -> PathBuf {
    let dir = bench_dir("analytics-bench");
    let name = format!("seed-{rows}-{}.db", schema());
    kept(&dir, &name, |building| async move {
        copy_seed(&customers_seed(rows).await, &building);
        let start = Instant::now();
        seed_payments(&building, rows).await;
        eprintln!(
            "seeded {} payments in {:.0} s",
            rows * PAYMENTS_PER_CUSTOMER,
            start.elapsed().as_secs_f64()
        );
    })
    .await
}

async fn seed_payments(path: &Path, rows: usize) {
    let mut conn = SqliteConnectOptions::new()
        .filename(path)
        .journal_mode(sqlx::sqlite::SqliteJournalMode::Wal)
        .synchronous(sqlx::sqlite::SqliteSynchronous::Off)
        .pragma("cache_size", "-1000000")
        .connect()
        .await
        .expect("seed connection");
    let payments = (rows * PAYMENTS_PER_CUSTOMER) as i64;
    let now = Utc::now();
    let year = Days::days(365).num_microseconds().expect("a year in µs");
    let mut tx = conn.begin().await.expect("seed transaction");
    sqlx::query(
        "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ?1 - 1) \
         INSERT INTO payments (id, customer_id, amount_cents, method, status, payment_date, \
             created_at, kind, receipt_number) \
         SELECT unhex(printf('%032x', i + 1)), c.id, 50000 + (i % 40) * 2500, \
             CASE WHEN i % 10 < 5 THEN 'mpesa' WHEN i % 10 < 8 THEN 'cash' \
                  WHEN i % 10 = 8 THEN 'bank' ELSE 'card' END, \
             CASE WHEN i % 4 <> 0 AND i % 10 = 3 THEN 'pending' ELSE 'completed' END, \
             ?2 - (i * ?3) / ?1, ?2 - (i * ?3) / ?1, \
             CASE WHEN i % 4 = 0 AND i % 200 = 0 THEN 'void' ELSE 'payment' END, \
             CASE WHEN i % 4 = 0 THEN printf('BENCH-%09d', i) END \
         FROM n JOIN customers c ON c.seq = 1 + i % ?4",
    )
    .bind(payments)
    .bind(now.timestamp_micros())
    .bind(year)
    .bind(rows as i64)
    .execute(&mut *tx)
    .await
    .expect("seed payments");
    tx.commit().await.expect("commit seed");
    sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
        .execute(&mut conn)
        .await
        .expect("checkpoint");
    conn.close().await.expect("close seed connection");
}

fn target(note: &str, target_ms: f64) -> String {
    format!(
        "{note} target ≤ {target_ms} ms (half {} ms)",
        target_ms / 2.0
    )
}

/// Times one figure on a connection of its own (as a reader of the store's pool would).
macro_rules! figure {
    ($conn:expr, $rows:expr, $name:literal, $note:expr, |$c:ident| $call:expr) => {{
        let mut samples = Vec::new();
        for i in 0..53 {
            let $c: &mut SqliteConnection = &mut $conn;
            let start = Instant::now();
            let out = $call.await.expect($name);
            if i >= 3 {
                samples.push(start.elapsed());
            }
            std::hint::black_box(out);
        }
        Row {
            figure: $name,
            rows: $rows,
        }
        .print(&mut samples, &target($note, 100.0));
    }};
}

/// Creates, balance changes and payments taken, timed: what the tallies' triggers ride on.
async fn writes(store: &Store, rows: usize, label: &str, run: u64) {
    let op = supervisor();
    if store.current_shift().await.expect("shift").is_none() {
        store
            .open_shift(&op, Money::ZERO)
            .await
            .expect("open a shift");
    }
    let mut generator = Generator::new(1000 + run, store.now());
    let (mut samples, customer) = time(200, |i| {
        let store = store.clone();
        let mut new = generator.customer();
        new.email =
            infora_domain::Email::parse(&format!("bench{run}-{i}@example.com")).expect("an email");
        async move {
            store
                .create_customer(&Actor::new("bench"), &new)
                .await
                .expect("create")
                .id
        }
    })
    .await;
    Row {
        figure: "create_customer",
        rows,
    }
    .print(&mut samples, label);
    let (mut samples, _) = time(200, |i| {
        let store = store.clone();
        let op = op.clone();
        let id: CustomerId = customer;
        let patch = CustomerPatch {
            balance: Some(Money::from_cents((i as i64 % 50) * 25_000 - 10_000).expect("money")),
            ..CustomerPatch::default()
        };
        async move { store.edit_customer(&op, id, &patch).await.expect("balance") }
    })
    .await;
    Row {
        figure: "set_balance",
        rows,
    }
    .print(&mut samples, label);
    let (mut samples, _) = time(200, |i| {
        let store = store.clone();
        let op = op.clone();
        let id: CustomerId = customer;
        let new = NewDeskPayment::from_input(
            &json!({"amount": "100", "method": if i % 2 == 0 { "cash" } else { "card" }}),
        )
        .expect("a payment");
        async move { store.take_payment(&op, id, &new).await.expect("payment") }
    })
    .await;
    Row {
        figure: "take_payment",
        rows,
    }
    .print(&mut samples, label);
}

async fn bench() {
    let rows = rows();
    let seed = seeded(rows).await;
    let path = seed.with_file_name("run.db");
    copy_seed(&seed, &path);
    let store = Store::open_with(&path, StoreOptions::default())
        .await
        .expect("open store");
    let mut conn = SqliteConnectOptions::new()
        .filename(&path)
        .read_only(true)
        .pragma("cache_size", "-4096")
        .connect()
        .await
        .expect("reader");
    let now = store.now();
    let offset = store.local_offset(now);
    let today = (now + offset).date_naive();
    let d30 = PaymentDays::new(30).expect("30");
    let d90 = PaymentDays::new(90).expect("90");

    figure!(conn, rows, "statuses", "", |c| analytics::statuses(c));
    figure!(conn, rows, "joined_24_months", "", |c| analytics::joined(
        c, today
    ));
    figure!(conn, rows, "balance_bands", "", |c| analytics::balances(c));
    figure!(conn, rows, "usage_tenths", "", |c| analytics::usage(c));
    figure!(
        conn,
        rows,
        "payments_30_days",
        "per day and by method",
        |c| { analytics::payments(c, today, offset, d30) }
    );
    figure!(
        conn,
        rows,
        "payments_90_days",
        "per day and by method",
        |c| { analytics::payments(c, today, offset, d90) }
    );
    figure!(conn, rows, "top_debtors", "10", |c| analytics::top_debtors(
        c
    ));
    conn.close().await.expect("close reader");

    for (name, days) in [("get_analytics_30", d30), ("get_analytics_90", d90)] {
        let (mut samples, got) = time(50, |_| {
            let store = store.clone();
            async move { store.analytics(days).await.expect("analytics") }
        })
        .await;
        Row { figure: name, rows }.print(
            &mut samples,
            &target(
                &format!("every chart; {} payments in the window", got.payments.count),
                100.0,
            ),
        );
    }

    // The triggers' cost on writes: the same writes with them, then without them.
    writes(&store, rows, "with the 0017 triggers", 1).await;
    let mut tx = store.begin().await.expect("drop triggers");
    for name in [
        "customer_tallies_insert",
        "customer_tallies_balance",
        "payment_tallies_insert",
    ] {
        sqlx::query(&format!("DROP TRIGGER {name}"))
            .execute(&mut *tx)
            .await
            .expect("drop a trigger");
    }
    tx.commit().await.expect("commit");
    writes(&store, rows, "without them (on the copy)", 2).await;

    store.close().await;
    remove_store(&path);
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("tokio runtime");
    Row::header();
    runtime.block_on(bench());
}
