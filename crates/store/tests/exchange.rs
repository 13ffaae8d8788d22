//! Importing a shop's spreadsheet and exporting the customer list: the dry run's report, the
//! duplicate rules, all-or-nothing with cancellation, and an export that imports back as the
//! same customers.

// Helpers here unwrap like the tests they serve: a panic is a failing test with its message.
#![allow(clippy::unwrap_used)]

use chrono::{DateTime, TimeZone, Utc};
use infora_domain::{
    Address, BalanceState, Customer, CustomerFilters, CustomerName, CustomerPatch, CustomerQuery,
    CustomerStatus, DeviceCount, Email, ManualClock, Money, NewCustomer, Package, PageRequest,
    Phone, PhoneRegion, Rule, SortField, SortOrder, UsagePercentage,
};
use infora_exchange::{Mapping, ReadOptions, Sheet};
use infora_store::sync::Operation;
use infora_store::{
    Action, Actor, ExportFormat, ExportOutcome, ImportOutcome, ImportReport, OnDuplicate,
    SheetImport, Store, StoreOptions,
};
use proptest::prelude::*;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use tempfile::TempDir;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 3, 8, 0, 0).unwrap()
}

async fn store() -> (Store, TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let options = StoreOptions {
        clock: Arc::new(ManualClock::new(now())),
        ..StoreOptions::default()
    };
    let store = Store::open_with(dir.path().join("desk.db"), options)
        .await
        .unwrap();
    (store, dir)
}

fn sheet(csv: &str) -> Sheet {
    Sheet::read(csv.as_bytes(), ReadOptions::default()).unwrap()
}

fn sam() -> Actor {
    Actor::new("Sam Supervisor")
}

async fn dry_run(store: &Store, csv: &str, on_duplicate: OnDuplicate) -> ImportReport {
    let sheet = sheet(csv);
    let mapping = Mapping::guess(&sheet.headers);
    store
        .dry_run_import(SheetImport {
            sheet: &sheet,
            mapping: &mapping,
            on_duplicate,
        })
        .await
        .unwrap()
}

async fn import(store: &Store, csv: &str, on_duplicate: OnDuplicate) -> ImportReport {
    let sheet = sheet(csv);
    let mapping = Mapping::guess(&sheet.headers);
    let outcome = store
        .import_sheet(
            &sam(),
            "customers.csv",
            SheetImport {
                sheet: &sheet,
                mapping: &mapping,
                on_duplicate,
            },
            |_| {},
            &AtomicBool::new(false),
        )
        .await
        .unwrap();
    match outcome {
        ImportOutcome::Imported { report } => report,
        ImportOutcome::Cancelled => panic!("nobody cancelled"),
    }
}

async fn everyone(store: &Store) -> Vec<Customer> {
    let mut all = Vec::new();
    for page in 1.. {
        let query = CustomerQuery {
            page: PageRequest::new(page, 100).unwrap(),
            sort_by: SortField::Email,
            sort_order: SortOrder::Asc,
            ..CustomerQuery::default()
        };
        let got = store.list_customers(&query).await.unwrap();
        if got.items.is_empty() {
            break;
        }
        all.extend(got.items);
    }
    all
}

const HEADER: &str = "Full name,E-mail,Mobile,Balance (KES),Status\n";

#[tokio::test]
async fn a_dry_run_counts_every_row_and_writes_nothing() {
    let (store, _dir) = store().await;
    import(&store, &format!("{HEADER}Achieng,achieng@example.com,0712345678,100,active\nBaraka,baraka@example.com,0722000111,0,active\n"), OnDuplicate::Update).await;
    let csv = format!(
        "{HEADER}\
         Achieng,ACHIENG@example.com,0712345678,250,active\n\
         Baraka,baraka@example.com,0722000111,0,Active\n\
         Chebet,chebet@example.com,0733000222,10.005,active\n\
         Dan,dan@example.com,0744000333,0,active\n\
         Eve,not-an-email,2.54712E+11,0,active\n"
    );
    let report = dry_run(&store, &csv, OnDuplicate::Update).await;
    assert_eq!(
        (
            report.rows,
            report.new,
            report.updated,
            report.unchanged,
            report.skipped
        ),
        (5, 1, 1, 1, 0),
        "Achieng's balance changes, Baraka's row is what is stored, Dan is new: {report:?}"
    );
    let lines: Vec<u64> = report.refused.iter().map(|r| r.line).collect();
    assert_eq!(lines, vec![4, 6]);
    let balance = &report.refused[0].problems[0];
    assert_eq!(
        (balance.field.as_str(), balance.rule),
        ("balance", Rule::Precision),
        "three decimals are refused, not rounded"
    );
    assert_eq!(
        balance.message,
        Money::parse("balance", "10.005").unwrap_err().message,
        "in the form's words"
    );
    let eve: Vec<&str> = report.refused[1]
        .problems
        .iter()
        .map(|p| p.field.as_str())
        .collect();
    assert_eq!(eve, vec!["phone", "email"]);

    let written = report.refusals_csv();
    assert!(written.starts_with('\u{feff}'), "a BOM for Excel");
    assert!(written.contains("Line,Field,Reason\n4,balance,"));
    assert!(written.contains(
        "6,phone,was turned into a number by the spreadsheet (2.54712E+11); type it as text\n"
    ));

    assert_eq!(everyone(&store).await.len(), 2, "a dry run writes nothing");
    assert_eq!(everyone(&store).await[0].balance.to_string(), "100.00");
}

#[tokio::test]
async fn a_row_repeating_an_earlier_new_one_is_unchanged_and_one_that_differs_updates_it() {
    let (store, _dir) = store().await;
    let csv = format!(
        "{HEADER}\
         Dan,dan@example.com,0744000333,0,active\n\
         Dan,DAN@example.com,+254744000333,0,active\n\
         Dan Mwangi,dan@example.com,0744000333,0,active\n"
    );
    let report = dry_run(&store, &csv, OnDuplicate::Update).await;
    assert_eq!(
        (report.new, report.unchanged, report.updated),
        (1, 1, 1),
        "line 3 repeats line 2 in other forms; line 4 renames: {report:?}"
    );
    let report = import(&store, &csv, OnDuplicate::Update).await;
    assert_eq!((report.new, report.unchanged, report.updated), (1, 1, 1));
    let all = everyone(&store).await;
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].name.as_str(), "Dan Mwangi");
}

#[tokio::test]
async fn an_import_writes_new_and_updated_customers_with_audit_and_outbox() {
    let (store, _dir) = store().await;
    import(
        &store,
        &format!("{HEADER}Achieng,achieng@example.com,0712345678,100,active\n"),
        OnDuplicate::Update,
    )
    .await;
    let achieng = everyone(&store).await.remove(0);
    let report = import(
        &store,
        &format!("{HEADER}Achieng Otieno,achieng@example.com,0712345678,100,suspended\nBaraka,baraka@example.com,0722000111,-99999999.99,pending\n"),
        OnDuplicate::Update,
    )
    .await;
    assert_eq!((report.new, report.updated), (1, 1));
    let all = everyone(&store).await;
    assert_eq!(all.len(), 2);
    let updated = all.iter().find(|c| c.id == achieng.id).unwrap();
    assert_eq!(updated.name.as_str(), "Achieng Otieno");
    assert_eq!(updated.status, CustomerStatus::Suspended);
    let baraka = all.iter().find(|c| c.id != achieng.id).unwrap();
    assert_eq!(baraka.balance.cents(), -Money::MAX_CENTS);

    let history = store
        .customer_history(achieng.id, PageRequest::default())
        .await
        .unwrap();
    assert_eq!(history.items[0].action, Action::Updated);
    assert_eq!(
        history.items[0].actor.as_str(),
        "Sam Supervisor (import of customers.csv)",
        "the operator and the file"
    );
    let created = store
        .customer_history(baraka.id, PageRequest::default())
        .await
        .unwrap();
    assert_eq!(created.items[0].action, Action::Created);
    assert_eq!(
        created.items[0].actor.as_str(),
        "Sam Supervisor (import of customers.csv)"
    );

    let outbox = store
        .outbox_open(PageRequest::default())
        .await
        .unwrap()
        .items;
    let ops: Vec<(Operation, &str)> = outbox
        .iter()
        .map(|e| (e.operation, e.customer_name.as_str()))
        .collect();
    assert_eq!(
        ops,
        vec![
            (Operation::Create, "Achieng Otieno"),
            (Operation::Create, "Baraka"),
            (Operation::Update, "Achieng Otieno"),
        ],
        "each import's creations and updates are queued for central"
    );
    assert_eq!(outbox[1].changes["balance"].after, "-99999999.99");
}

/// The names a search for `term` lists.
async fn found(store: &Store, term: &str) -> Vec<String> {
    let query = CustomerQuery {
        search: Some(term.into()),
        page: PageRequest::new(1, 100).unwrap(),
        ..CustomerQuery::default()
    };
    let page = store.list_customers(&query).await.unwrap();
    page.items.iter().map(|c| c.name.to_string()).collect()
}

#[tokio::test]
async fn customers_an_import_renames_are_found_by_their_new_names_only() {
    let (store, _dir) = store().await;
    // 600 customers, so the search index is mended in more than one batch.
    let rows = |name: &str, balance: u32| -> String {
        (0..600)
            .map(|n| format!("{name}{n:03},c{n}@example.com,0712{n:06},{balance},active\n"))
            .collect()
    };
    import(
        &store,
        &format!("{HEADER}{}", rows("Oldname", 0)),
        OnDuplicate::Update,
    )
    .await;
    let report = import(
        &store,
        &format!(
            "{HEADER}{}Zawadi,zawadi@example.com,0799000000,0,active\n",
            rows("Newname", 0)
        ),
        OnDuplicate::Update,
    )
    .await;
    assert_eq!((report.new, report.updated), (1, 600));
    assert_eq!(found(&store, "Oldname").await, Vec::<String>::new());
    assert_eq!(found(&store, "Newname599").await, ["Newname599"]);
    assert_eq!(found(&store, "c42@example").await, ["Newname042"]);
    assert_eq!(
        found(&store, "0712000007").await,
        ["Newname007"],
        "the phone is still found"
    );

    // A change of balance alone leaves the index as it is; and the index follows later edits.
    import(
        &store,
        &format!("{HEADER}{}", rows("Newname", 5)),
        OnDuplicate::Update,
    )
    .await;
    assert_eq!(found(&store, "Newname123").await, ["Newname123"]);
    let zawadi = everyone(&store)
        .await
        .into_iter()
        .find(|c| c.name.as_str() == "Zawadi")
        .unwrap();
    let patch = CustomerPatch {
        name: Some(CustomerName::parse("Zawadi Njeri").unwrap()),
        ..CustomerPatch::default()
    };
    store
        .update_customer(&sam(), zawadi.id, &patch)
        .await
        .unwrap();
    assert_eq!(found(&store, "Njeri").await, ["Zawadi Njeri"]);
}

#[tokio::test]
async fn a_duplicate_by_phone_in_another_local_form_is_the_same_customer() {
    let (store, _dir) = store().await;
    import(
        &store,
        &format!("{HEADER}Achieng,achieng@example.com,+254712345678,0,active\n"),
        OnDuplicate::Update,
    )
    .await;
    let csv = format!("{HEADER}Achieng,achieng.new@example.com,0712 345 678,0,active\n");
    assert_eq!(dry_run(&store, &csv, OnDuplicate::Skip).await.skipped, 1);
    let report = import(&store, &csv, OnDuplicate::Update).await;
    assert_eq!((report.new, report.updated), (0, 1));
    let all = everyone(&store).await;
    assert_eq!(all.len(), 1, "no second Achieng");
    assert_eq!(all[0].email.as_str(), "achieng.new@example.com");
}

#[tokio::test]
async fn duplicates_within_the_file_are_updated_or_skipped() {
    let (store, _dir) = store().await;
    let csv = format!(
        "{HEADER}Achieng,achieng@example.com,0712345678,100,active\n\
         Achieng O.,Achieng@Example.com,0712345678,200,active\n\
         Achieng P.,other@example.com,712345678,300,active\n"
    );
    let skip = dry_run(&store, &csv, OnDuplicate::Skip).await;
    assert_eq!(
        (skip.new, skip.skipped, skip.updated),
        (1, 2, 0),
        "by email in any case, and by phone"
    );
    let report = import(&store, &csv, OnDuplicate::Update).await;
    assert_eq!((report.new, report.updated), (1, 2));
    let all = everyone(&store).await;
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].name.as_str(), "Achieng P.", "the last row wins");
    assert_eq!(all[0].balance.to_string(), "300.00");
    assert_eq!(all[0].email.as_str(), "other@example.com");
}

#[tokio::test]
async fn skipping_leaves_a_stored_customer_as_it_was() {
    let (store, _dir) = store().await;
    import(
        &store,
        &format!("{HEADER}Achieng,achieng@example.com,0712345678,100,active\n"),
        OnDuplicate::Update,
    )
    .await;
    let before = everyone(&store).await;
    let report = import(
        &store,
        &format!("{HEADER}Changed,achieng@example.com,0712345678,999,pending\n"),
        OnDuplicate::Skip,
    )
    .await;
    assert_eq!(report.skipped, 1);
    assert_eq!(everyone(&store).await, before);
}

#[tokio::test]
async fn a_refused_row_writes_nothing_and_the_others_are_imported() {
    let (store, _dir) = store().await;
    let report = import(
        &store,
        &format!("{HEADER}Achieng,achieng@example.com,0712345678,10.005,active\nBaraka,baraka@example.com,0722000111,5,active\n"),
        OnDuplicate::Update,
    )
    .await;
    assert_eq!((report.new, report.refused.len()), (1, 1));
    let all = everyone(&store).await;
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].name.as_str(), "Baraka");
    assert_eq!(
        store.outbox_due(100).await.unwrap().len(),
        1,
        "no outbox entry for the refused row"
    );
}

#[tokio::test]
async fn cancelling_leaves_the_store_as_it_was() {
    let (store, _dir) = store().await;
    import(
        &store,
        &format!("{HEADER}Achieng,achieng@example.com,0712345678,100,active\n"),
        OnDuplicate::Update,
    )
    .await;
    let before = everyone(&store).await;
    let mut csv = HEADER.to_owned();
    csv.push_str("Achieng,achieng@example.com,0712345678,555,active\n");
    for n in 0..12_000 {
        csv.push_str(&format!(
            "Customer {n},c{n}@example.com,07{:08},0,active\n",
            10_000_000 + n
        ));
    }
    let sheet = sheet(&csv);
    let mapping = Mapping::guess(&sheet.headers);
    let cancel = AtomicBool::new(false);
    let mut heard = 0;
    let outcome = store
        .import_sheet(
            &sam(),
            "big.csv",
            SheetImport {
                sheet: &sheet,
                mapping: &mapping,
                on_duplicate: OnDuplicate::Update,
            },
            |p| {
                heard += 1;
                assert_eq!(p.total, 12_001);
                cancel.store(true, std::sync::atomic::Ordering::Relaxed);
            },
            &cancel,
        )
        .await
        .unwrap();
    assert_eq!(outcome, ImportOutcome::Cancelled);
    assert!(heard >= 1);
    assert_eq!(
        everyone(&store).await,
        before,
        "nothing of the import is kept"
    );
    assert_eq!(
        store.customer_stats().await.unwrap().total,
        1,
        "the counters too"
    );
    assert_eq!(
        store.outbox_due(100).await.unwrap().len(),
        1,
        "only the first import's entry"
    );
    // And the store still takes the same import afterwards.
    let outcome = store
        .import_sheet(
            &sam(),
            "big.csv",
            SheetImport {
                sheet: &sheet,
                mapping: &mapping,
                on_duplicate: OnDuplicate::Update,
            },
            |_| {},
            &AtomicBool::new(false),
        )
        .await
        .unwrap();
    assert!(
        matches!(outcome, ImportOutcome::Imported { report } if report.new == 12_000 && report.updated == 1)
    );
    assert_eq!(store.customer_stats().await.unwrap().total, 12_001);
}

#[tokio::test]
async fn a_mapping_without_a_phone_column_is_refused_before_anything() {
    let (store, _dir) = store().await;
    let sheet = sheet("Name,Email\nA,a@example.com\n");
    let mapping = Mapping::guess(&sheet.headers);
    let error = store
        .dry_run_import(SheetImport {
            sheet: &sheet,
            mapping: &mapping,
            on_duplicate: OnDuplicate::Update,
        })
        .await
        .unwrap_err();
    let infora_store::Error::Validation(errors) = error else {
        panic!("not a validation error: {error:?}")
    };
    assert_eq!(errors.fields()[0].field, "phone");
    assert_eq!(errors.fields()[0].message, "has no column in the file");
}

async fn export(
    store: &Store,
    query: Option<&CustomerQuery>,
    format: ExportFormat,
    dir: &TempDir,
) -> Vec<u8> {
    let path = dir.path().join(match format {
        ExportFormat::Csv => "out.csv",
        ExportFormat::Xlsx => "out.xlsx",
    });
    let outcome = store
        .export_customers(query, format, &path, |_| {}, &AtomicBool::new(false))
        .await
        .unwrap();
    assert!(matches!(outcome, ExportOutcome::Written { .. }));
    std::fs::read(&path).unwrap()
}

#[tokio::test]
async fn a_csv_export_opens_in_excel_with_phones_as_text() {
    let (store, dir) = store().await;
    import(&store, &format!("{HEADER}\"Otieno, Achieng \"\"Ash\"\"\",achieng@example.com,0712345678,1500.5,active\n"), OnDuplicate::Update).await;
    let bytes = export(&store, None, ExportFormat::Csv, &dir).await;
    let text = std::str::from_utf8(&bytes).unwrap();
    assert!(text.starts_with("\u{feff}Name,Email,Phone,Address,Status,Package,Balance (KES),Usage %,Devices,Join date,Last payment,Created,Updated,ID\n"));
    assert!(text.contains("\"Otieno, Achieng \"\"Ash\"\"\",achieng@example.com,+254 712 345 678,,active,Basic WiFi,1500.50,0,0,2026-12-03T08:00:00Z,,2026-12-03T08:00:00Z,"));
}

#[tokio::test]
async fn a_csv_export_runs_no_formula_a_name_carries_and_imports_it_back_as_typed() {
    let (desk, dir) = store().await;
    let name = "=HYPERLINK(\"http://x.example\";\"Pay\")";
    let csv = format!(
        "{HEADER}\"{}\",pay@example.com,0712345678,-20,active\n",
        name.replace('"', "\"\"")
    );
    import(&desk, &csv, OnDuplicate::Update).await;
    let bytes = export(&desk, None, ExportFormat::Csv, &dir).await;
    let text = std::str::from_utf8(&bytes).unwrap();
    assert!(
        text.contains("\"'=HYPERLINK(\"\"http://x.example\"\";\"\"Pay\"\")\",pay@example.com,+254 712 345 678,,active,Basic WiFi,-20.00,"),
        "the name is text to a spreadsheet, the balance a number: {text}"
    );
    let (again, _dir) = store().await;
    let report = import(
        &again,
        text.trim_start_matches('\u{feff}'),
        OnDuplicate::Update,
    )
    .await;
    assert_eq!((report.new, report.refused.len()), (1, 0));
    assert_eq!(everyone(&again).await[0].name.as_str(), name);
}

#[tokio::test]
async fn an_export_is_the_list_as_filtered_searched_and_sorted() {
    let (store, dir) = store().await;
    import(
        &store,
        &format!("{HEADER}Wanjiru,w@example.com,0712000001,3,active\nAmina,a@example.com,0712000002,1,pending\nWambui,wb@example.com,0712000003,2,active\nKip,k@example.com,0712000004,4,active\n"),
        OnDuplicate::Update,
    )
    .await;
    let query = CustomerQuery {
        search: Some("wa".into()),
        status: Some(CustomerStatus::Active),
        sort_by: SortField::Balance,
        sort_order: SortOrder::Desc,
        ..CustomerQuery::default()
    };
    let listed: Vec<String> = store
        .list_customers(&query)
        .await
        .unwrap()
        .items
        .iter()
        .map(|c| c.name.to_string())
        .collect();
    let bytes = export(&store, Some(&query), ExportFormat::Csv, &dir).await;
    let exported = Sheet::read(&bytes, ReadOptions::default()).unwrap();
    let names: Vec<&str> = exported.rows.iter().map(|r| r.cells[0].as_str()).collect();
    assert_eq!(names, vec!["Wanjiru", "Wambui"]);
    assert_eq!(
        names, listed,
        "the same rows, in the same order, as the list shows"
    );
}

/// An export reads the list in blocks of a few thousand (`list::for_each`): across their seams
/// it is still every customer once, in the list's order.
#[tokio::test]
async fn an_export_longer_than_a_block_is_the_whole_list_in_order() {
    let (store, dir) = store().await;
    let mut csv = HEADER.to_owned();
    for n in 0..4_500u32 {
        // Names out of order, with ties, so the order is the sort's and not the rows'.
        csv.push_str(&format!(
            "C{},c{n}@example.com,07{:08},{},{}\n",
            (n * 7_919) % 1_000,
            10_000_000 + n,
            n % 13,
            ["active", "pending", "suspended"][n as usize % 3]
        ));
    }
    import(&store, &csv, OnDuplicate::Update).await;
    // Those who owe (a balance above 0: 4,153 of them), over three blocks.
    let query = CustomerQuery {
        sort_by: SortField::Name,
        filters: CustomerFilters {
            balance: Some(BalanceState::Owes),
            ..CustomerFilters::default()
        },
        ..CustomerQuery::default()
    };
    let mut listed = Vec::new();
    for page in 1..=45 {
        let page = CustomerQuery {
            page: PageRequest::new(page, 100).unwrap(),
            ..query.clone()
        };
        listed.extend(
            store
                .list_customers(&page)
                .await
                .unwrap()
                .items
                .into_iter()
                .map(|c| c.id.to_string()),
        );
    }
    assert_eq!(listed.len(), 4_153);
    let bytes = export(&store, Some(&query), ExportFormat::Csv, &dir).await;
    let exported = Sheet::read(&bytes, ReadOptions::default()).unwrap();
    let ids: Vec<&str> = exported
        .rows
        .iter()
        .map(|r| r.cells.last().unwrap().as_str())
        .collect();
    assert_eq!(ids, listed);
}

#[tokio::test]
async fn a_cancelled_export_leaves_no_file() {
    let (store, dir) = store().await;
    let mut csv = HEADER.to_owned();
    for n in 0..10_001 {
        csv.push_str(&format!(
            "C{n},c{n}@example.com,07{:08},0,active\n",
            10_000_000 + n
        ));
    }
    import(&store, &csv, OnDuplicate::Update).await;
    let path = dir.path().join("out.csv");
    let cancel = AtomicBool::new(false);
    let outcome = store
        .export_customers(
            None,
            ExportFormat::Csv,
            &path,
            |_| cancel.store(true, std::sync::atomic::Ordering::Relaxed),
            &cancel,
        )
        .await
        .unwrap();
    assert_eq!(outcome, ExportOutcome::Cancelled);
    assert!(!path.exists());
    // Stopped in the middle of its walk, it left nothing behind for the next export.
    let again = export(&store, None, ExportFormat::Csv, &dir).await;
    assert_eq!(
        Sheet::read(&again, ReadOptions::default())
            .unwrap()
            .rows
            .len(),
        10_001
    );
    std::fs::remove_file(dir.path().join("out.csv")).unwrap();
    assert_eq!(
        std::fs::read_dir(dir.path())
            .unwrap()
            .filter(|e| e
                .as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .starts_with(".export"))
            .count(),
        0,
        "no temp file left behind"
    );
}

// ---- the round trip ------------------------------------------------------------------------

/// The fields an export carries and an import sets (ids and timestamps are the store's own).
fn fields(c: &Customer) -> impl PartialEq + std::fmt::Debug {
    (
        c.name.clone(),
        c.email.clone(),
        c.phone.clone(),
        c.address.clone(),
        c.status,
        c.package.clone(),
        c.balance,
        c.usage_percentage,
        c.device_count,
        c.join_date,
        c.last_payment_date,
    )
}

fn awkward_text() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("Otieno, Achieng".to_owned()),
        Just("\"Ash\" Wanjirũ".to_owned()),
        Just("Ngũgĩ; wa Thiong'o".to_owned()),
        Just("Zoë 😀".to_owned()),
        Just("=SUM(A1)".to_owned()),
        Just("@home".to_owned()),
        Just("-dash".to_owned()),
        Just("+plus".to_owned()),
        Just("'=guarded already".to_owned()),
        Just("'apostrophe".to_owned()),
        Just("  leading".to_owned()),
        "[a-zA-Z0-9 ,;\"'ũĩëé😀-]{1,20}",
    ]
    .prop_filter("not blank", |s| !s.trim().is_empty())
}

fn new_customer() -> impl Strategy<Value = NewCustomer> {
    (
        awkward_text(),
        "[0-9]{6}",
        proptest::option::of(awkward_text()),
        prop_oneof![
            Just(CustomerStatus::Active),
            Just(CustomerStatus::Suspended),
            Just(CustomerStatus::Pending)
        ],
        awkward_text(),
        prop_oneof![
            Just(Money::MAX_CENTS),
            Just(-Money::MAX_CENTS),
            Just(0i64),
            -Money::MAX_CENTS..=Money::MAX_CENTS
        ],
        prop_oneof![Just(0i64), Just(100i64), 0i64..=100],
        0i64..=50,
        946_684_800i64..1_764_000_000,
        proptest::option::of(0i64..2_000_000_000_000_000),
    )
        .prop_map(
            |(name, phone, address, status, package, cents, usage, devices, joined, paid)| {
                let region = PhoneRegion::kenya();
                let mut new = NewCustomer::new(
                    CustomerName::parse(&name).unwrap(),
                    Email::parse("placeholder@example.com").unwrap(),
                    Phone::parse(&format!("0712{phone}"), region).unwrap(),
                );
                new.address = address.map(|a| Address::parse(&a).unwrap());
                new.status = status;
                new.package = Package::parse(&package).unwrap();
                new.balance = Money::from_cents(cents).unwrap();
                new.usage_percentage = UsagePercentage::new(usage).unwrap();
                new.device_count = DeviceCount::new(devices).unwrap();
                new.join_date = Some(Utc.timestamp_opt(joined, 0).unwrap());
                new.last_payment_date =
                    paid.map(|micros| DateTime::from_timestamp_micros(micros).unwrap());
                new
            },
        )
}

async fn round_trip(customers: Vec<NewCustomer>, format: ExportFormat) {
    let (from, dir) = store().await;
    let customers: Vec<NewCustomer> = customers
        .into_iter()
        .enumerate()
        .map(|(n, mut c)| {
            c.email = Email::parse(&format!("c{n}@example.com")).unwrap();
            c
        })
        .collect();
    from.import_customers(&sam(), &customers, |_| {})
        .await
        .unwrap();
    let bytes = export(&from, None, format, &dir).await;

    let (to, _dir) = store().await;
    let sheet = Sheet::read(&bytes, ReadOptions::default()).unwrap();
    let mapping = Mapping::guess(&sheet.headers);
    let report = to
        .import_sheet(
            &sam(),
            "export",
            SheetImport {
                sheet: &sheet,
                mapping: &mapping,
                on_duplicate: OnDuplicate::Update,
            },
            |_| {},
            &AtomicBool::new(false),
        )
        .await
        .unwrap();
    let ImportOutcome::Imported { report } = report else {
        panic!("not cancelled")
    };
    assert!(report.refused.is_empty(), "{:?}", report.refused);
    let before: Vec<_> = everyone(&from).await.iter().map(fields).collect::<Vec<_>>();
    let after: Vec<_> = everyone(&to).await.iter().map(fields).collect::<Vec<_>>();
    assert_eq!(before.len(), customers.len());
    // Both are sorted by email, so the lists line up.
    assert_eq!(after, before);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn an_export_imports_back_as_the_same_customers(
        customers in proptest::collection::vec(new_customer(), 1..30),
        xlsx in any::<bool>(),
    ) {
        let format = if xlsx { ExportFormat::Xlsx } else { ExportFormat::Csv };
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap()
            .block_on(round_trip(customers, format));
    }
}
