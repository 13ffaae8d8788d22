//! Import and export speed into and out of a store holding 1,000,000 customers: the dry run and
//! the import of a 100,000-row CSV (targets ≥ 25,000 rows/s), and an export of the million to
//! CSV (target ≤ 10 s); and a re-import of 10,000 of those rows, each renaming its customer.
//! Medians and p95 in `figure rows median_ms p95_ms note` lines.
//!
//! `make bench` (or `cargo bench -p infora-store --bench exchange`). The seeded store is the
//! benches' customers seed, built once and kept under the target directory
//! (`bench-seeds/customers-1000000-v<latest migration>-<hash of all>.db`, about 2 GB; other
//! migrations seed afresh; see `common/seed.rs`); each run copies it to `exchange-bench/run.db`,
//! exports from it, then imports into it three times (1.0 → 1.3M customers), then re-imports.

mod common;

use common::seed::{bench_dir, copy_seed, customers_seed, remove_store};
use common::{time, Row};
use infora_exchange::{Mapping, ReadOptions, Sheet};
use infora_store::demo::Generator;
use infora_store::{
    Actor, ExportFormat, ImportOutcome, ImportReport, OnDuplicate, SheetImport, Store, StoreOptions,
};
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

const CUSTOMERS: usize = 1_000_000;
const IMPORT_ROWS: usize = 100_000;
const RENAME_ROWS: usize = 10_000;

/// A shop's list: `rows` customers as a spreadsheet would have them (local phones, capitalised
/// statuses), their emails new to the store unless an earlier list had the same `seed`; each
/// name as `name` gives it.
fn shop_csv(
    seed: u64,
    now: chrono::DateTime<chrono::Utc>,
    rows: usize,
    name: impl Fn(&str) -> String,
) -> Vec<u8> {
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record([
        "Full name",
        "E-mail",
        "Mobile",
        "Address",
        "Status",
        "Package",
        "Balance (KES)",
        "Usage %",
        "Devices",
        "Join date",
    ])
    .expect("header");
    for (n, c) in Generator::new(seed, now).customers(rows).iter().enumerate() {
        let local = format!("0{}", &c.phone.as_str()[4..]);
        let status = c.status.as_str();
        let status = format!("{}{}", status[..1].to_uppercase(), &status[1..]);
        out.write_record([
            name(c.name.as_str()).as_str(),
            &format!("shop{seed}.{n}@example.com"),
            &local,
            c.address.as_ref().map_or("", |a| a.as_str()),
            &status,
            c.package.as_str(),
            &c.balance.to_string(),
            &c.usage_percentage.get().to_string(),
            &c.device_count.get().to_string(),
            &c.join_date
                .map(|d| d.format("%Y-%m-%d").to_string())
                .unwrap_or_default(),
        ])
        .expect("row");
    }
    out.into_inner().expect("csv")
}

fn rate(rows: usize, samples: &[Duration]) -> String {
    let mut sorted = samples.to_vec();
    sorted.sort();
    format!(
        "{:.0} rows/s",
        rows as f64 / sorted[sorted.len() / 2].as_secs_f64()
    )
}

/// Reads `csv` and imports it (duplicates updated), timing both.
async fn import(store: &Store, csv: &[u8]) -> (Duration, ImportReport) {
    let start = Instant::now();
    let sheet = Sheet::read(csv, ReadOptions::default()).expect("read");
    let mapping = Mapping::guess(&sheet.headers);
    let outcome = store
        .import_sheet(
            &Actor::new("bench"),
            "shop.csv",
            SheetImport {
                sheet: &sheet,
                mapping: &mapping,
                on_duplicate: OnDuplicate::Update,
            },
            |_| {},
            &AtomicBool::new(false),
        )
        .await
        .expect("import");
    let ImportOutcome::Imported { report } = outcome else {
        panic!("nobody cancelled the import");
    };
    (start.elapsed(), report)
}

async fn run() {
    let seed = customers_seed(CUSTOMERS).await;
    let dir = bench_dir("exchange-bench");
    let run = dir.join("run.db");
    copy_seed(&seed, &run);
    let store = Store::open_with(&run, StoreOptions::default())
        .await
        .expect("open store");
    let never = AtomicBool::new(false);

    let out = dir.join("export.csv");
    let (samples, _) = time(3, |_| {
        let (store, out, never) = (store.clone(), out.clone(), &never);
        async move {
            store
                .export_customers(None, ExportFormat::Csv, &out, |_| {}, never)
                .await
                .expect("export")
        }
    })
    .await;
    let size = std::fs::metadata(&out).map_or(0, |m| m.len());
    let _ = std::fs::remove_file(&out);
    Row {
        figure: "export_csv",
        rows: CUSTOMERS,
    }
    .print(
        &mut samples.clone(),
        &format!(
            "{} ({:.0} MiB; target ≤ 10 s)",
            rate(CUSTOMERS, &samples),
            size as f64 / 1048576.0
        ),
    );

    let csv = shop_csv(7, store.now(), IMPORT_ROWS, str::to_owned);
    let (samples, report) = time(5, |_| {
        let (store, csv) = (store.clone(), &csv);
        async move {
            let sheet = Sheet::read(csv, ReadOptions::default()).expect("read");
            let mapping = Mapping::guess(&sheet.headers);
            store
                .dry_run_import(SheetImport {
                    sheet: &sheet,
                    mapping: &mapping,
                    on_duplicate: OnDuplicate::Update,
                })
                .await
                .expect("dry run")
        }
    })
    .await;
    Row {
        figure: "dry_run_100k",
        rows: IMPORT_ROWS,
    }
    .print(
        &mut samples.clone(),
        &format!(
            "{} (read + parse + match; new={} updated={} refused={}; target ≥ 25,000 rows/s)",
            rate(IMPORT_ROWS, &samples),
            report.new,
            report.updated,
            report.refused.len()
        ),
    );

    // Each import is a fresh file of new customers, into the store as the last one left it.
    let mut samples = Vec::new();
    let mut note = String::new();
    for round in 0..3u64 {
        let csv = shop_csv(100 + round, store.now(), IMPORT_ROWS, str::to_owned);
        let (took, report) = import(&store, &csv).await;
        samples.push(took);
        note = format!(
            "new={} updated={} refused={}",
            report.new,
            report.updated,
            report.refused.len()
        );
    }
    Row {
        figure: "import_100k",
        rows: IMPORT_ROWS,
    }
    .print(
        &mut samples.clone(),
        &format!(
            "{} (read + dry run + write, into 1.0–1.3M; {note}; target ≥ 25,000 rows/s)",
            rate(IMPORT_ROWS, &samples)
        ),
    );

    // The same shop importing part of its first list again with every name corrected: each row
    // updates its customer (audit, outbox, and the search index follows the new name).
    let mut samples = Vec::new();
    for rename in [str::to_uppercase, str::to_lowercase] {
        let csv = shop_csv(100, store.now(), RENAME_ROWS, rename);
        let (took, report) = import(&store, &csv).await;
        samples.push(took);
        note = format!("updated={} new={}", report.updated, report.new);
    }
    Row {
        figure: "import_10k_updates",
        rows: RENAME_ROWS,
    }
    .print(
        &mut samples.clone(),
        &format!(
            "{} (every row renames a customer the first import made; {note})",
            rate(RENAME_ROWS, &samples)
        ),
    );
    store.close().await;
    remove_store(&run);
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("tokio runtime");
    Row::header();
    runtime.block_on(run());
}
