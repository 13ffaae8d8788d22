//! The counter's speed at 1,000,000 customers and 5,000,000 payments (issue 12), through the
//! store's public API: taking a payment, a statement of 1,000 entries, and the X and Z reports
//! of a shift of 5,000 payments.
//!
//! `make bench` (or `cargo bench -p infora-store --bench counter`). Prints the store bench's
//! lines (`figure rows median_ms p95_ms note`), `rows` being the customers in the store, with
//! the target and half of it beside each figure.
//!
//! The seeded store is built once and kept under the target directory
//! (`counter-bench/seed-<customers>-<payments>-v<latest migration>-<hash of all>.db`, about
//! 4 GB; other migrations seed afresh): a copy of the benches' customers seed (`bench-seeds/`,
//! made through the bulk import; see `common/seed.rs`), then the payments with a few
//! `INSERT … SELECT`s in one transaction (about 2.5 minutes in all on a 2-core machine when
//! the customers seed must be made too). Each run measures a copy of it (10 s to make, deleted
//! at the end), so the payments and shifts a run adds never pile up. A run takes about 40 s
//! after the seeding.

use chrono::{Duration as Days, Utc};
use infora_domain::{
    CustomerId, Money, NewDeskPayment, Operator, OperatorId, OperatorName, Role, ShiftId,
};
use infora_store::{Store, StoreOptions};
use serde_json::json;
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Connection};
use std::path::{Path, PathBuf};
use std::time::Instant;
use uuid::Uuid;

mod common;
use common::seed::{bench_dir, copy_seed, customers_seed, kept, remove_store, schema};
use common::{time, Row};

const CUSTOMERS: usize = 1_000_000;
const PAYMENTS: usize = 5_000_000;
/// Payments in each shift: every seeded shift holds this many, so the open one is the X
/// report's and each shift the Z reports close is filled to it.
const SHIFT: usize = 5_000;
/// The statement's customer (the first, `seq` 1) has one payment in every shift: 1,000.
const STATEMENT: usize = PAYMENTS / SHIFT;
/// Z reports timed (after one warm-up): each closes a shift filled with `SHIFT` payments.
const Z_RUNS: usize = 20;

/// The operator every seeded shift and payment names (a supervisor, who may see every shift).
fn operator() -> Operator {
    Operator {
        id: OperatorId::from_uuid(Uuid::from_u128(0x0190_0000_0000_7000_8000_0000_0000_0b0b)),
        name: OperatorName::parse("Bench Supervisor").expect("a name"),
        role: Role::Supervisor,
    }
}

/// The seeded store's file, seeding it first when it is missing.
async fn seeded() -> PathBuf {
    let dir = bench_dir("counter-bench");
    let name = format!("seed-{CUSTOMERS}-{PAYMENTS}-{}.db", schema());
    kept(&dir, &name, |building| async move {
        copy_seed(&customers_seed(CUSTOMERS).await, &building);
        let start = Instant::now();
        seed_payments(&building).await;
        eprintln!(
            "seeded {PAYMENTS} payments in {:.0} s",
            start.elapsed().as_secs_f64()
        );
    })
    .await
}

/// Five million payments taken at this desk over 1,000 shifts of 5,000, a day apart, the last
/// shift still open; the customers' statements and M-Pesa codes to match. Written with SQL
/// rather than through `take_payment` (which would take hours), by rules that keep every
/// customer's statement adding up to its balance:
///
/// - payment `i` falls in shift `i / SHIFT`; the first of each shift is customer 1's (1,000 in
///   all), the rest go round customers 2…1,000,000 in turn (4 or 5 each);
/// - a customer's payments are all of one amount, so the balance after its `r`-th of `n` is
///   its balance now plus `n − 1 − r` times that amount.
///
/// Not seeded: an audit entry and outbox entry per payment (a payment writes one of each, and
/// their tables' indexes grow by one entry; the bulk import already left one of each per
/// customer), and the customers' last payment dates.
async fn seed_payments(path: &Path) {
    let mut conn = SqliteConnectOptions::new()
        .filename(path)
        .journal_mode(sqlx::sqlite::SqliteJournalMode::Wal)
        .synchronous(sqlx::sqlite::SqliteSynchronous::Off)
        // The store's connections hold all of SQLite to 16 MiB; seeding wants its indexes in
        // memory. Put back below, before the store is opened again.
        .pragma("soft_heap_limit", "0")
        .pragma("cache_size", "-2000000")
        .connect()
        .await
        .expect("seed connection");
    let op = operator();
    let code: String = sqlx::query_scalar("SELECT code FROM desk_identity")
        .fetch_one(&mut conn)
        .await
        .expect("desk code");
    let days = (PAYMENTS / SHIFT) as i64;
    // Shift k's payments start at 09:00 UTC, k days after the first shift, 5 s apart; the
    // last shift opened this morning.
    let first_day = (Utc::now() - Days::days(days - 1)).date_naive();
    let start = first_day
        .and_hms_opt(9, 0, 0)
        .expect("09:00")
        .and_utc()
        .timestamp_micros();
    let others = (CUSTOMERS - 1) as i64;
    let shift = SHIFT as i64;

    let mut tx = conn.begin().await.expect("seed transaction");
    // `j` numbers the payments of customers 2…: `i` less the customer-1 payments up to it.
    sqlx::query(
        "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ?1 - 1), \
         p AS (SELECT i, i / ?2 AS k, ?3 + (i / ?2) * 86400000000 + (i % ?2) * 5000000 AS at, \
                 CASE WHEN i % ?2 = 0 THEN 1 ELSE 2 + (i - i / ?2 - 1) % ?4 END AS cseq, \
                 CASE WHEN i % ?2 = 0 THEN i / ?2 ELSE (i - i / ?2 - 1) / ?4 END AS r, \
                 CASE WHEN i % ?2 = 0 THEN ?1 / ?2 \
                      WHEN (i - i / ?2 - 1) % ?4 < (?1 - ?1 / ?2) - ((?1 - ?1 / ?2) / ?4) * ?4 \
                      THEN (?1 - ?1 / ?2) / ?4 + 1 ELSE (?1 - ?1 / ?2) / ?4 END AS n, \
                 CASE WHEN i % 10 < 5 THEN 'cash' WHEN i % 10 < 8 THEN 'mpesa' \
                      WHEN i % 10 = 8 THEN 'bank' ELSE 'card' END AS method \
               FROM n), \
         q AS (SELECT p.*, c.id AS customer_id, c.name, c.phone, c.balance_cents, \
                 50000 + (c.seq % 40) * 2500 AS amount, \
                 CASE WHEN method = 'mpesa' THEN printf('S%09d', i) END AS mpesa \
               FROM p CROSS JOIN customers c ON c.seq = p.cseq) \
         INSERT INTO payments (id, customer_id, amount_cents, method, status, transaction_id, \
             payment_date, created_at, kind, receipt_number, reference, customer_name, \
             customer_phone, balance_after_cents, operator_id, operator_name, shift_id) \
         SELECT unhex(printf('%032x', i + 1)), customer_id, amount, method, 'completed', mpesa, \
             at, at, 'payment', \
             printf('%s-%s-%06d', ?5, strftime('%Y%m%d', at / 1000000, 'unixepoch'), i + 1), \
             mpesa, name, phone, balance_cents + (n - 1 - r) * amount, ?6, ?7, \
             unhex(printf('%032x', k + 1)) \
         FROM q",
    )
    .bind(PAYMENTS as i64)
    .bind(shift)
    .bind(start)
    .bind(others)
    .bind(&code)
    .bind(op.id.as_uuid())
    .bind(op.name.as_str())
    .execute(&mut *tx)
    .await
    .expect("seed payments");
    sqlx::query(
        "INSERT INTO balance_movements \
         (customer_id, at, kind, change_cents, balance_after_cents, by_name, payment_id) \
         SELECT customer_id, created_at, 'payment', -amount_cents, balance_after_cents, \
                operator_name, id FROM payments ORDER BY rowid",
    )
    .execute(&mut *tx)
    .await
    .expect("seed statements");
    sqlx::query(
        "INSERT INTO mpesa_codes (code, payment_id) \
         SELECT transaction_id, id FROM payments WHERE method = 'mpesa'",
    )
    .execute(&mut *tx)
    .await
    .expect("seed M-Pesa codes");
    // Each shift closed an hour after its last payment, with the drawer counted exactly; the
    // last one is still open.
    sqlx::query(
        "INSERT INTO shifts (id, operator_id, operator_name, opened_at, float_cents, closed_at, \
             closed_by, z_number, expected_cents, counted_cents) \
         SELECT shift_id, operator_id, operator_name, opened - 60000000, 500000, \
             CASE WHEN k < ?1 THEN last + 3600000000 END, CASE WHEN k < ?1 THEN operator_name END, \
             CASE WHEN k < ?1 THEN printf('Z-%s-%04d', ?2, k) END, \
             CASE WHEN k < ?1 THEN 500000 + cash END, CASE WHEN k < ?1 THEN 500000 + cash END \
         FROM (SELECT shift_id, operator_id, operator_name, min(created_at) AS opened, \
                   max(created_at) AS last, \
                   sum(CASE WHEN method = 'cash' THEN amount_cents ELSE 0 END) AS cash, \
                   row_number() OVER (ORDER BY shift_id) AS k \
               FROM payments WHERE shift_id IS NOT NULL GROUP BY shift_id) \
         ORDER BY k",
    )
    .bind(days)
    .bind(&code)
    .execute(&mut *tx)
    .await
    .expect("seed shifts");
    sqlx::query("UPDATE desk_identity SET next_receipt = ?1 + 1, next_z = ?2")
        .bind(PAYMENTS as i64)
        .bind(days)
        .execute(&mut *tx)
        .await
        .expect("the desk's counters");
    tx.commit().await.expect("commit seed");
    sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
        .execute(&mut conn)
        .await
        .expect("checkpoint");
    sqlx::query("PRAGMA soft_heap_limit = 16777216")
        .execute(&mut conn)
        .await
        .expect("heap limit back");
    conn.close().await.expect("close seed connection");
}

/// Fills the open shift with `SHIFT` payments copied from the first seeded shift (new ids and
/// receipt numbers; the balances and statements they name are not moved: a Z report reads
/// only the shift's payments).
async fn fill_shift(store: &Store, shift: ShiftId, run: usize) {
    let mut tx = store.begin().await.expect("fill transaction");
    sqlx::query(
        "INSERT INTO payments (id, customer_id, amount_cents, method, status, payment_date, \
             created_at, kind, receipt_number, customer_name, customer_phone, \
             balance_after_cents, operator_id, operator_name, shift_id) \
         SELECT unhex(printf('%032x', ?1 + rowid)), customer_id, amount_cents, method, status, \
             payment_date, created_at, kind, receipt_number || '-Z' || ?2, customer_name, \
             customer_phone, balance_after_cents, operator_id, operator_name, ?3 \
         FROM payments WHERE shift_id = unhex(printf('%032x', 1)) ORDER BY rowid",
    )
    .bind((run as i64 + 1) << 40)
    .bind(run as i64)
    .bind(shift.as_uuid())
    .execute(&mut *tx)
    .await
    .expect("fill the shift");
    tx.commit().await.expect("commit fill");
    // A shift's payments come over hours, and the WAL is checkpointed as they do; 5,000 in one
    // commit leave a checkpoint due that the next commit (the timed close) would otherwise do.
    let mut conn = SqliteConnectOptions::new()
        .filename(store.path())
        .connect()
        .await
        .expect("checkpoint connection");
    sqlx::query("PRAGMA wal_checkpoint(PASSIVE)")
        .execute(&mut conn)
        .await
        .expect("checkpoint");
    conn.close().await.expect("close checkpoint connection");
}

fn target(note: &str, target_ms: f64) -> String {
    format!(
        "{note} target ≤ {target_ms} ms (half {} ms)",
        target_ms / 2.0
    )
}

async fn bench() {
    let seed_start = Instant::now();
    let seed = seeded().await;
    let copy_start = Instant::now();
    // A copy of the seeded store for this run (beside it, replaced by the next run).
    let path = seed.with_file_name("run.db");
    copy_seed(&seed, &path);
    eprintln!(
        "seed ready in {:.1} s, copied in {:.1} s",
        (copy_start - seed_start).as_secs_f64(),
        copy_start.elapsed().as_secs_f64()
    );
    let store = Store::open_with(&path, StoreOptions::default())
        .await
        .expect("open store");
    let op = operator();
    let rows = CUSTOMERS;

    // The customers the timings use: the statement's (seq 1) and 1,000 spread over the rest.
    let mut tx = store.begin().await.expect("read transaction");
    let ids: Vec<CustomerId> = sqlx::query_scalar::<_, Uuid>(
        "SELECT id FROM customers WHERE seq = 1 OR seq % ?1 = 7 ORDER BY seq",
    )
    .bind((CUSTOMERS / 1000) as i64)
    .fetch_all(&mut *tx)
    .await
    .expect("customer ids")
    .into_iter()
    .map(CustomerId::from_uuid)
    .collect();
    drop(tx);
    let (statement_customer, payers) = ids.split_first().expect("customers");

    let open = store
        .current_shift()
        .await
        .expect("current shift")
        .expect("the seeded open shift");
    let (mut samples, x) = time(200, |_| {
        let store = store.clone();
        let op = op.clone();
        async move { store.shift_report(&op, open.id).await.expect("X report") }
    })
    .await;
    let counted: u32 = x.by_method.iter().map(|m| m.count).sum();
    Row {
        figure: "x_report",
        rows,
    }
    .print(&mut samples, &target(&format!("payments={counted}"), 20.0));

    let (mut samples, statement) = time(200, |_| {
        let store = store.clone();
        let id = *statement_customer;
        async move { store.statement(id, None, None).await.expect("statement") }
    })
    .await;
    assert_eq!(
        statement.entries.len(),
        STATEMENT,
        "the statement's customer"
    );
    Row {
        figure: "statement",
        rows,
    }
    .print(
        &mut samples,
        &target(&format!("entries={}", statement.entries.len()), 5.0),
    );

    // A shift closes once, so each Z report closes a shift of its own: the seeded open one
    // first (a warm-up), then Z_RUNS shifts opened and filled with SHIFT payments untimed. The
    // figure is `close_shift` whole, as the Close button runs it: the tally, the Z number, the
    // closing row and the report read back.
    let mut samples = Vec::with_capacity(Z_RUNS);
    let mut shift = open;
    let mut z = None;
    for run in 0..=Z_RUNS {
        let started = Instant::now();
        let report = store
            .close_shift(&op, shift.id, x.expected_cash)
            .await
            .expect("Z report");
        if run > 0 {
            samples.push(started.elapsed());
        }
        z = Some(report);
        shift = store
            .open_shift(&op, Money::from_cents(500_000).expect("float"))
            .await
            .expect("open shift");
        if run < Z_RUNS {
            fill_shift(&store, shift.id, run).await;
        }
    }
    let z = z.expect("closed a shift");
    let counted: u32 = z.by_method.iter().map(|m| m.count).sum();
    Row {
        figure: "z_close_report",
        rows,
    }
    .print(&mut samples, &target(&format!("payments={counted}"), 20.0));

    // Half cash, half M-Pesa (which also claims its code), each for another customer, into the
    // shift left open above.
    let (mut samples, _) = time(500, |i| {
        let store = store.clone();
        let op = op.clone();
        let customer = payers[i % payers.len()];
        let body = if i % 2 == 0 {
            json!({"amount": "500", "method": "cash"})
        } else {
            json!({"amount": "750", "method": "mpesa", "code": format!("B{i:09}")})
        };
        let new = NewDeskPayment::from_input(&body).expect("a payment");
        async move {
            store
                .take_payment(&op, customer, &new)
                .await
                .expect("take payment")
        }
    })
    .await;
    Row {
        figure: "take_payment",
        rows,
    }
    .print(&mut samples, &target("cash and mpesa", 2.0));

    store.close().await;
    let size = std::fs::metadata(&path).map_or(0, |m| m.len());
    // The copy is as large as the seed; only the seed is worth keeping.
    remove_store(&path);
    println!(
        "{:<24} {:>8} {:>10} {:>10}  {:.1} MiB, {PAYMENTS} payments seeded",
        "file_size",
        rows,
        "-",
        "-",
        size as f64 / 1048576.0
    );
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
