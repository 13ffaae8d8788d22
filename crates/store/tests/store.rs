//! The customer store against CONTRACT part 1: every operation, its happy path, and each bad
//! input refused with the right error class and nothing changed.

// Helpers here unwrap like the tests they serve: a panic is a failing test with its message.
#![allow(clippy::unwrap_used)]

use chrono::{Duration, TimeZone, Utc};
use infora_domain::{
    CustomerId, CustomerPatch, CustomerQuery, CustomerStatus, DeviceCount, Email, InvoiceStatus,
    ManualClock, Money, NewCustomer, Operator, OperatorId, OperatorName, PageRequest,
    PaymentStatus, PhoneRegion, RelatedQuery, Role, SortField, SortOrder, TicketStatus,
    UsagePercentage,
};
use infora_store::demo::Generator;
use infora_store::{Action, Actor, Clash, Error, ErrorCode, Store, StoreOptions};
use serde_json::{json, Value};
use std::sync::Arc;
use tempfile::TempDir;

struct Fixture {
    store: Store,
    clock: Arc<ManualClock>,
    _dir: TempDir,
}

async fn fixture() -> Fixture {
    let dir = tempfile::tempdir().expect("temp dir");
    let clock = Arc::new(ManualClock::new(
        Utc.with_ymd_and_hms(2026, 11, 25, 8, 0, 0).unwrap(),
    ));
    let options = StoreOptions {
        clock: clock.clone(),
        ..StoreOptions::default()
    };
    let store = Store::open_with(dir.path().join("desk.db"), options)
        .await
        .expect("open store");
    Fixture {
        store,
        clock,
        _dir: dir,
    }
}

fn actor() -> Actor {
    Actor::new("cashier:jane")
}

/// A supervisor, for what only a supervisor may do (the history names them).
fn supervisor() -> Operator {
    Operator {
        id: OperatorId::new(),
        name: OperatorName::parse("Sam Supervisor").unwrap(),
        role: Role::Supervisor,
    }
}

fn region() -> PhoneRegion {
    PhoneRegion::kenya()
}

/// Parses JSON the way the app's edge does (a person's input, as of the store's now) and
/// creates the customer.
async fn create_json(store: &Store, body: Value) -> Result<infora_domain::Customer, Error> {
    let new = NewCustomer::from_input(&body, region(), store.now())?;
    store.create_customer(&actor(), &new).await
}

async fn update_json(
    store: &Store,
    id: CustomerId,
    body: Value,
) -> Result<infora_domain::Customer, Error> {
    let patch = CustomerPatch::from_input(&body, region(), store.now())?;
    store.update_customer(&actor(), id, &patch).await
}

async fn jane(store: &Store) -> infora_domain::Customer {
    create_json(
        store,
        json!({"name": "Jane Wanjiru", "email": "jane@example.co.ke", "phone": "0712 345 678"}),
    )
    .await
    .expect("create Jane")
}

/// Everything a caller can observe, to prove that a refused operation changed nothing.
async fn snapshot(store: &Store) -> Value {
    let all = store
        .list_customers(&CustomerQuery {
            page: PageRequest::new(1, 100).unwrap(),
            ..Default::default()
        })
        .await
        .expect("list");
    let mut history = Vec::new();
    for c in &all.items {
        history.push(
            store
                .customer_history(c.id, PageRequest::new(1, 100).unwrap())
                .await
                .expect("history"),
        );
    }
    json!({
        "customers": serde_json::to_value(&all).unwrap(),
        "stats": serde_json::to_value(store.customer_stats().await.unwrap()).unwrap(),
        "history": serde_json::to_value(history).unwrap(),
    })
}

fn assert_validation(result: Result<impl std::fmt::Debug, Error>, field: &str) {
    match result {
        Err(Error::Validation(errors)) => assert!(
            errors.field(field).is_some(),
            "expected a validation error on {field}, got {errors:?}"
        ),
        other => panic!("expected a validation error on {field}, got {other:?}"),
    }
}

// ---- create --------------------------------------------------------------------------------

#[tokio::test]
async fn create_stores_normalised_values_and_defaults() {
    let f = fixture().await;
    let c = create_json(
        &f.store,
        json!({"name": "  Achieng Otieno ", "email": "Achieng@Example.COM", "phone": "0722000000", "balance": "1500.5"}),
    )
    .await
    .unwrap();
    assert_eq!(c.name.as_str(), "Achieng Otieno");
    assert_eq!(c.email.as_str(), "achieng@example.com");
    assert_eq!(c.phone.as_str(), "+254722000000");
    assert_eq!(
        (c.status, c.package.as_str()),
        (CustomerStatus::Active, "Basic WiFi")
    );
    assert_eq!(c.balance.to_string(), "1500.50");
    assert_eq!(
        c.id.as_uuid().get_version_num(),
        7,
        "ids made on the device are UUIDv7"
    );
    assert_eq!(
        c.created_at,
        f.clock_now(),
        "timestamps come from the store's clock"
    );
    assert_eq!(
        f.store.get_customer(c.id).await.unwrap(),
        c,
        "what create returns is what is stored"
    );
}

impl Fixture {
    fn clock_now(&self) -> chrono::DateTime<Utc> {
        infora_domain::Clock::now(self.clock.as_ref())
    }
}

#[tokio::test]
async fn create_refuses_bad_input_and_changes_nothing() {
    let f = fixture().await;
    jane(&f.store).await;
    let before = snapshot(&f.store).await;
    let base = json!({"name": "Peter Kamau", "email": "peter@example.com", "phone": "0700111222"});
    let with = |key: &str, value: Value| {
        let mut body = base.clone();
        body[key] = value;
        body
    };
    let cases = [
        (with("name", json!("   ")), "name"),
        (with("name", json!("x".repeat(80))), "name"),
        (with("email", json!("not-an-email")), "email"),
        (with("phone", json!("12")), "phone"),
        (with("usage_percentage", json!(101)), "usage_percentage"),
        (with("usage_percentage", json!(-1)), "usage_percentage"),
        (with("usage_percentage", json!(50.5)), "usage_percentage"),
        (with("device_count", json!(-3)), "device_count"),
        (with("balance", json!("10.005")), "balance"),
        (with("balance", json!("100000000.00")), "balance"),
        (with("balance", json!("NaN")), "balance"),
        (with("balance", json!("Infinity")), "balance"),
        (with("balance", json!(12.5)), "balance"),
        (with("status", json!("deleted")), "status"),
        (with("status", json!("Active")), "status"),
        (with("favourite_colour", json!("blue")), "favourite_colour"),
        (json!({"email": "a@b.co", "phone": "0700111222"}), "name"),
    ];
    for (body, field) in cases {
        let result = create_json(&f.store, body.clone()).await;
        assert_eq!(
            result.as_ref().err().map(Error::code),
            Some(ErrorCode::Validation),
            "{body}"
        );
        assert_validation(result, field);
    }
    assert_eq!(
        snapshot(&f.store).await,
        before,
        "refused creates must leave the store unchanged"
    );
}

#[tokio::test]
async fn duplicate_email_in_another_case_is_a_conflict_naming_who_has_it() {
    let f = fixture().await;
    let jane = jane(&f.store).await;
    let before = snapshot(&f.store).await;
    let result = create_json(
        &f.store,
        json!({"name": "Other Jane", "email": " JANE@Example.co.ke", "phone": "0712000000"}),
    )
    .await;
    let Err(Error::Clash(clash)) = result else {
        panic!("a taken email is a clash: {result:?}");
    };
    assert_eq!(
        clash,
        Clash::EmailTaken {
            email: "jane@example.co.ke".into(),
            taken_by: Some(jane.id)
        },
        "the clash names the customer who has the email, so the window can open them"
    );
    assert_eq!(
        clash.fields(),
        vec![Email::already_used()],
        "and the field at fault, in the words of the rule"
    );
    assert_eq!(clash.other_customer(), Some(jane.id));
    assert_eq!(snapshot(&f.store).await, before);
}

#[tokio::test]
async fn a_join_date_in_the_future_or_before_2000_is_refused_at_the_edge() {
    let f = fixture().await;
    let c = jane(&f.store).await;
    let before = snapshot(&f.store).await;
    for date in ["2031-01-15", "0001-03-15"] {
        assert_validation(
            update_json(&f.store, c.id, json!({"join_date": date})).await,
            "join_date",
        );
    }
    assert_eq!(snapshot(&f.store).await, before);
    let moved = update_json(&f.store, c.id, json!({"join_date": "2026-11-25"}))
        .await
        .unwrap();
    assert_eq!(moved.join_date.date_naive().to_string(), "2026-11-25");
}

// ---- get, update, the three setters ----------------------------------------------------------

#[tokio::test]
async fn unknown_id_is_not_found_everywhere() {
    let f = fixture().await;
    let ghost = CustomerId::new();
    let not_found =
        |r: Result<(), Error>| assert_eq!(r.err().map(|e| e.code()), Some(ErrorCode::NotFound));
    not_found(f.store.get_customer(ghost).await.map(drop));
    not_found(
        update_json(&f.store, ghost, json!({"name": "X"}))
            .await
            .map(drop),
    );
    not_found(
        f.store
            .delete_customer(&supervisor(), ghost)
            .await
            .map(drop),
    );
    not_found(
        f.store
            .set_status(&actor(), ghost, CustomerStatus::Suspended)
            .await
            .map(drop),
    );
    not_found(
        f.store
            .customer_invoices(ghost, &RelatedQuery::default())
            .await
            .map(drop),
    );
    not_found(
        f.store
            .customer_payments(ghost, &RelatedQuery::default())
            .await
            .map(drop),
    );
    not_found(
        f.store
            .customer_tickets(ghost, &RelatedQuery::default())
            .await
            .map(drop),
    );
}

#[tokio::test]
async fn update_changes_only_the_given_fields_and_records_before_and_after() {
    let f = fixture().await;
    let c = jane(&f.store).await;
    f.clock.advance(Duration::minutes(5));
    let updated = update_json(
        &f.store,
        c.id,
        json!({"name": "Jane W. Kamau", "address": "12 Moi Avenue, Nairobi"}),
    )
    .await
    .unwrap();
    assert_eq!(updated.name.as_str(), "Jane W. Kamau");
    assert_eq!(
        updated.email, c.email,
        "fields not in the patch stay as they were"
    );
    assert_eq!(updated.version, c.version + 1);
    assert_eq!(updated.updated_at, c.updated_at + Duration::minutes(5));
    assert_eq!(updated.created_at, c.created_at);

    let history = f
        .store
        .customer_history(c.id, PageRequest::default())
        .await
        .unwrap();
    assert_eq!(
        history.total, 2,
        "one entry for the creation, one for the update"
    );
    let last = &history.items[0];
    assert_eq!(
        (last.action, last.actor.as_str()),
        (Action::Updated, "cashier:jane")
    );
    let fields: Vec<&str> = last.changes.iter().map(|(f, _)| f.as_str()).collect();
    assert_eq!(
        fields,
        ["address", "name"],
        "only the changed fields are recorded"
    );
    let name = &last.changes.iter().find(|(f, _)| f == "name").unwrap().1;
    assert_eq!(
        (name.before.clone(), name.after.clone()),
        (json!("Jane Wanjiru"), json!("Jane W. Kamau"))
    );
}

#[tokio::test]
async fn an_update_that_changes_nothing_writes_nothing() {
    let f = fixture().await;
    let c = jane(&f.store).await;
    let same = update_json(&f.store, c.id, json!({"name": "Jane Wanjiru"}))
        .await
        .unwrap();
    assert_eq!(same.version, c.version);
    assert_eq!(
        f.store
            .customer_history(c.id, PageRequest::default())
            .await
            .unwrap()
            .total,
        1
    );
}

#[tokio::test]
async fn update_refuses_bad_input_and_changes_nothing() {
    let f = fixture().await;
    let c = jane(&f.store).await;
    create_json(
        &f.store,
        json!({"name": "Peter", "email": "peter@example.com", "phone": "0700111222"}),
    )
    .await
    .unwrap();
    let before = snapshot(&f.store).await;
    for (body, field) in [
        (json!({"name": ""}), "name"),
        (json!({"name": "y".repeat(51)}), "name"),
        (json!({"email": "jane@@example.com"}), "email"),
        (json!({"usage_percentage": 101}), "usage_percentage"),
        (json!({"device_count": -1}), "device_count"),
        (json!({"balance": "-100000000"}), "balance"),
        (json!({"balance": "1.999"}), "balance"),
        (json!({"status": "closed"}), "status"),
        (json!({"nickname": "JJ"}), "nickname"),
        (json!({"email": null}), "email"),
    ] {
        assert_validation(update_json(&f.store, c.id, body).await, field);
    }
    let taken = update_json(&f.store, c.id, json!({"email": "PETER@example.com"})).await;
    assert!(
        matches!(taken, Err(Error::Clash(Clash::EmailTaken { taken_by: Some(id), .. })) if id != c.id),
        "an edit to a taken email names the other customer: {taken:?}"
    );
    assert_eq!(snapshot(&f.store).await, before);
}

#[tokio::test]
async fn set_status_balance_and_usage() {
    let f = fixture().await;
    let c = jane(&f.store).await;
    let s = f
        .store
        .set_status(&actor(), c.id, CustomerStatus::Suspended)
        .await
        .unwrap();
    assert_eq!(s.status, CustomerStatus::Suspended);
    let b = f
        .store
        .set_balance(
            &supervisor(),
            c.id,
            Money::parse("balance", "-250.75").unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(b.balance.to_string(), "-250.75");
    let u = f
        .store
        .set_usage(
            &actor(),
            c.id,
            Some(UsagePercentage::new(88).unwrap()),
            None,
        )
        .await
        .unwrap();
    assert_eq!((u.usage_percentage.get(), u.device_count.get()), (88, 0));
    let d = f
        .store
        .set_usage(&actor(), c.id, None, Some(DeviceCount::new(4).unwrap()))
        .await
        .unwrap();
    assert_eq!((d.usage_percentage.get(), d.device_count.get()), (88, 4));
    assert_eq!(
        f.store
            .set_usage(&actor(), c.id, None, None)
            .await
            .err()
            .map(|e| e.code()),
        Some(ErrorCode::Validation),
        "setting usage with neither value is a mistake, not a no-op"
    );
    let history = f
        .store
        .customer_history(c.id, PageRequest::default())
        .await
        .unwrap();
    assert_eq!(
        history.total, 5,
        "create + four changes each leave an audit entry"
    );
}

// ---- delete --------------------------------------------------------------------------------

#[tokio::test]
async fn delete_is_refused_with_counts_while_records_exist() {
    let f = fixture().await;
    let c = jane(&f.store).await;
    let mut generator = Generator::new(1, f.clock_now());
    for n in 1..=2 {
        f.store
            .record_invoice(c.id, &generator.invoice(n))
            .await
            .unwrap();
    }
    f.store
        .record_payment(c.id, &generator.payment(1))
        .await
        .unwrap();
    f.store
        .open_ticket(c.id, &generator.ticket(1))
        .await
        .unwrap();
    let before = snapshot(&f.store).await;
    let refused = f
        .store
        .delete_customer(&supervisor(), c.id)
        .await
        .unwrap_err();
    assert_eq!(refused.code(), ErrorCode::Clash);
    assert!(matches!(
        refused,
        Error::Clash(Clash::HasRecords {
            invoices: 2,
            payments: 1,
            tickets: 1
        })
    ));
    let message = refused.to_string();
    assert!(
        message.contains("2 invoice")
            && message.contains("1 payment")
            && message.contains("1 ticket"),
        "{message}"
    );
    assert_eq!(snapshot(&f.store).await, before);
}

#[tokio::test]
async fn delete_without_records_removes_the_customer_and_keeps_history() {
    let f = fixture().await;
    let c = jane(&f.store).await;
    f.store.delete_customer(&supervisor(), c.id).await.unwrap();
    assert_eq!(
        f.store.get_customer(c.id).await.unwrap_err().code(),
        ErrorCode::NotFound
    );
    assert_eq!(f.store.customer_stats().await.unwrap().total, 0);
    assert!(f
        .store
        .list_customers(&CustomerQuery::search("jane"))
        .await
        .unwrap()
        .items
        .is_empty());
    let history = f
        .store
        .customer_history(c.id, PageRequest::default())
        .await
        .unwrap();
    assert_eq!(history.items[0].action, Action::Deleted);
    let email = &history.items[0]
        .changes
        .iter()
        .find(|(f, _)| f == "email")
        .unwrap()
        .1;
    assert_eq!(
        email.before,
        json!("jane@example.co.ke"),
        "the deletion keeps the last values"
    );
    // The email is free again.
    jane(&f.store).await;
}

// ---- stats ---------------------------------------------------------------------------------

#[tokio::test]
async fn stats_are_exact_and_follow_every_change() {
    let f = fixture().await;
    let mut ids = Vec::new();
    for (i, (balance, status, usage)) in [
        ("0.10", "active", 10),
        ("0.20", "suspended", 20),
        ("0.00", "pending", 31),
        ("-5.00", "active", 0),
    ]
    .into_iter()
    .enumerate()
    {
        let c = create_json(
            &f.store,
            json!({"name": format!("C{i}"), "email": format!("c{i}@example.com"), "phone": format!("07000000{i:02}"),
                   "balance": balance, "status": status, "usage_percentage": usage}),
        )
        .await
        .unwrap();
        ids.push(c.id);
    }
    let s = f.store.customer_stats().await.unwrap();
    assert_eq!((s.total, s.active, s.suspended, s.pending), (4, 2, 1, 1));
    assert_eq!(
        s.total_balance.to_string(),
        "-4.70",
        "0.10 + 0.20 + 0 − 5 exactly, no float drift"
    );
    assert_eq!(
        s.average_balance.to_string(),
        "-1.18",
        "−4.70 / 4 = −1.175, half away from zero"
    );
    assert_eq!(s.customers_with_balance, 2);
    assert_eq!(s.average_usage.to_string(), "15.25");
    let top: Vec<String> = s
        .top_customers
        .iter()
        .map(|t| t.balance.to_string())
        .collect();
    assert_eq!(top, ["0.20", "0.10", "0.00", "-5.00"]);

    f.store
        .set_balance(
            &supervisor(),
            ids[2],
            Money::parse("balance", "1000").unwrap(),
        )
        .await
        .unwrap();
    f.store
        .set_status(&actor(), ids[0], CustomerStatus::Pending)
        .await
        .unwrap();
    let s = f.store.customer_stats().await.unwrap();
    assert_eq!((s.active, s.pending), (1, 2));
    assert_eq!(s.total_balance.to_string(), "995.30");
    assert_eq!(s.customers_with_balance, 3);
    assert_eq!(s.top_customers[0].id, ids[2]);

    f.store
        .delete_customer(&supervisor(), ids[2])
        .await
        .unwrap();
    let s = f.store.customer_stats().await.unwrap();
    assert_eq!(
        (s.total, s.pending, s.total_balance.to_string()),
        (3, 1, "-4.70".to_owned())
    );
}

#[tokio::test]
async fn stats_of_an_empty_store_are_zero() {
    let f = fixture().await;
    let s = f.store.customer_stats().await.unwrap();
    assert_eq!(
        (s.total, s.average_balance, s.top_customers.len()),
        (0, Money::ZERO, 0)
    );
    assert!(f.store.is_empty().await.unwrap());
}

// ---- list, sort, filter, page ----------------------------------------------------------------

async fn demo_store(count: usize) -> Fixture {
    let f = fixture().await;
    let mut generator = Generator::new(11, f.clock_now());
    // One at a time, a minute apart, so created_at differs and the default order is known.
    let customers = generator.customers(count);
    for c in &customers {
        f.store.create_customer(&actor(), c).await.unwrap();
        f.clock.advance(Duration::minutes(1));
    }
    f
}

/// A store of `count` generated customers, loaded in bulk (as past 20,000 the list starts to
/// estimate), and all of them by email.
async fn bulk_store(seed: u64, count: usize) -> (Fixture, Vec<infora_domain::Customer>) {
    let f = fixture().await;
    let customers = Generator::new(seed, f.clock_now()).customers(count);
    f.store
        .import_customers(&actor(), &customers, |_| {})
        .await
        .unwrap();
    let mut all = Vec::new();
    for page in 1.. {
        let got = f
            .store
            .list_customers(&CustomerQuery {
                page: PageRequest::new(page, 100).unwrap(),
                sort_by: SortField::Email,
                sort_order: SortOrder::Asc,
                ..Default::default()
            })
            .await
            .unwrap();
        let done = got.items.len() < 100;
        all.extend(got.items);
        if done {
            break;
        }
    }
    assert_eq!(all.len(), count);
    (f, all)
}

async fn everything(store: &Store, mut query: CustomerQuery) -> Vec<infora_domain::Customer> {
    let mut all = Vec::new();
    let mut page = 1;
    loop {
        query.page = PageRequest::new(page, 7).unwrap();
        let got = store.list_customers(&query).await.unwrap();
        assert_eq!(got.per_page, 7);
        assert_eq!(got.pages, got.total.div_ceil(7));
        let done = got.items.len() < 7;
        all.extend(got.items);
        if done {
            assert_eq!(all.len() as u64, got.total, "the pages add up to the total");
            return all;
        }
        page += 1;
    }
}

#[tokio::test]
async fn a_closed_store_is_whole_in_its_file_alone() {
    // Copying the file of a stopped desk (a bench seed, a hand-made copy) must copy its
    // customers: `close` leaves nothing behind in the WAL.
    let f = fixture().await;
    let customers = Generator::new(3, f.clock_now()).customers(2_000);
    f.store
        .import_customers(&actor(), &customers, |_| {})
        .await
        .unwrap();
    f.store.close().await;
    let file = f._dir.path().join("desk.db");
    let wal = f._dir.path().join("desk.db-wal");
    assert!(
        std::fs::metadata(&wal).map_or(true, |m| m.len() == 0),
        "the WAL is empty or gone after close"
    );
    let copy = tempfile::tempdir().unwrap();
    std::fs::copy(&file, copy.path().join("copy.db")).unwrap();
    let store = Store::open_with(copy.path().join("copy.db"), StoreOptions::default())
        .await
        .unwrap();
    assert_eq!(
        store
            .list_customers(&CustomerQuery::default())
            .await
            .unwrap()
            .total,
        2_000
    );
    store.close().await;
}

#[tokio::test]
async fn default_list_is_newest_first_and_pages_add_up() {
    let f = demo_store(40).await;
    let all = everything(&f.store, CustomerQuery::default()).await;
    assert_eq!(all.len(), 40);
    assert!(all.windows(2).all(|w| w[0].created_at > w[1].created_at));
    let past_the_end = f
        .store
        .list_customers(&CustomerQuery {
            page: PageRequest::new(99, 20).unwrap(),
            ..Default::default()
        })
        .await
        .unwrap();
    assert!(past_the_end.items.is_empty());
    assert_eq!(past_the_end.total, 40);
}

#[tokio::test]
async fn every_sort_field_in_both_orders_matches_a_sort_in_memory() {
    let f = demo_store(60).await;
    let reference = everything(&f.store, CustomerQuery::default()).await;
    for field in SortField::ALL {
        for order in [SortOrder::Asc, SortOrder::Desc] {
            for status in [None, Some(CustomerStatus::Active)] {
                let got = everything(
                    &f.store,
                    CustomerQuery {
                        sort_by: field,
                        sort_order: order,
                        status,
                        ..Default::default()
                    },
                )
                .await;
                let mut expected: Vec<_> = reference
                    .iter()
                    .filter(|c| status.is_none_or(|s| c.status == s))
                    .cloned()
                    .collect();
                let key = |c: &infora_domain::Customer| -> String {
                    match field {
                        SortField::Name => c.name.as_str().to_lowercase(),
                        SortField::Email => c.email.to_string(),
                        SortField::CreatedAt => format!("{:?}", c.created_at),
                        SortField::UpdatedAt => format!("{:?}", c.updated_at),
                        SortField::JoinDate => format!("{:?}", c.join_date),
                        SortField::Balance => format!("{:020}", c.balance.cents() + 10_000_000_000),
                        SortField::UsagePercentage => format!("{:03}", c.usage_percentage.get()),
                        SortField::DeviceCount => format!("{:05}", c.device_count.get()),
                        SortField::LastPaymentDate => c
                            .last_payment_date
                            .map_or(String::new(), |d| format!("{d:?}")),
                        SortField::Status => c.status.to_string(),
                    }
                };
                // Ties keep creation order (the store's tie-breaker), in the same direction.
                expected.sort_by(|a, b| key(a).cmp(&key(b)).then(a.created_at.cmp(&b.created_at)));
                if order == SortOrder::Desc {
                    expected.reverse();
                }
                let got_keys: Vec<String> = got.iter().map(key).collect();
                let expected_keys: Vec<String> = expected.iter().map(key).collect();
                assert_eq!(
                    got_keys, expected_keys,
                    "sort by {field:?} {order:?} status {status:?}"
                );
                let got_ids: Vec<_> = got.iter().map(|c| c.id).collect();
                let expected_ids: Vec<_> = expected.iter().map(|c| c.id).collect();
                assert_eq!(
                    got_ids, expected_ids,
                    "ties broken by creation order for {field:?} {order:?}"
                );
            }
        }
    }
}

#[tokio::test]
async fn status_filter_and_its_total() {
    let f = demo_store(60).await;
    let all = everything(&f.store, CustomerQuery::default()).await;
    for status in CustomerStatus::ALL {
        let got = everything(
            &f.store,
            CustomerQuery {
                status: Some(status),
                ..Default::default()
            },
        )
        .await;
        assert!(got.iter().all(|c| c.status == status));
        assert_eq!(got.len(), all.iter().filter(|c| c.status == status).count());
    }
}

#[tokio::test]
async fn queries_outside_the_allowed_sets_are_validation_errors() {
    for (query, field) in [
        (json!({"sort_by": "password"}), "sort_by"),
        (json!({"sort_order": "sideways"}), "sort_order"),
        (json!({"status": "gone"}), "status"),
        (json!({"per_page": 0}), "per_page"),
        (json!({"per_page": 500}), "per_page"),
        (json!({"page": -1}), "page"),
        (json!({"page": "two"}), "page"),
    ] {
        let parsed = CustomerQuery::from_json(&query).map_err(Error::from);
        assert_eq!(
            parsed.as_ref().err().map(Error::code),
            Some(ErrorCode::Validation),
            "{query}"
        );
        assert_validation(parsed, field);
    }
    let bad_status =
        RelatedQuery::<InvoiceStatus>::from_json(&json!({"status": "lost"}), InvoiceStatus::parse);
    assert_validation(bad_status.map_err(Error::from), "status");
}

// ---- search --------------------------------------------------------------------------------

async fn search(store: &Store, term: &str) -> Vec<String> {
    let page = store
        .list_customers(&CustomerQuery {
            page: PageRequest::new(1, 100).unwrap(),
            ..CustomerQuery::search(term)
        })
        .await
        .unwrap();
    assert_eq!(
        page.total as usize,
        page.items.len().max(page.total as usize)
    );
    let mut names: Vec<String> = page.items.iter().map(|c| c.name.to_string()).collect();
    names.sort();
    names
}

async fn searchable(store: &Store) {
    for (name, email, phone) in [
        ("Jane Wanjiru", "jane@example.co.ke", "0712 345 678"),
        ("Peter Mwangi", "pm@mail.ke", "+254 733 111 222"),
        ("100% Fibre Ltd", "fibre_desk@example.com", "0110 000 001"),
        ("Seán O'Brien", "sean.obrien@example.ie", "+353 85 123 4567"),
        ("Back\\Slash Traders", "traders@example.org", "0722 000 333"),
        ("Mary \"Kui\" Njeri", "kui@example.com", "0799 000 111"),
    ] {
        create_json(store, json!({"name": name, "email": email, "phone": phone}))
            .await
            .unwrap();
    }
}

#[tokio::test]
async fn search_is_a_case_insensitive_substring_of_name_email_or_phone() {
    let f = fixture().await;
    searchable(&f.store).await;
    assert_eq!(search(&f.store, "WANJ").await, ["Jane Wanjiru"]);
    assert_eq!(search(&f.store, "mwangi").await, ["Peter Mwangi"]);
    assert_eq!(search(&f.store, "mail.ke").await, ["Peter Mwangi"]);
    assert_eq!(search(&f.store, "example.co").await.len(), 3);
    assert!(search(&f.store, "nobody here").await.is_empty());
}

#[tokio::test]
async fn a_phone_fragment_in_any_accepted_form_finds_the_customer() {
    let f = fixture().await;
    searchable(&f.store).await;
    for fragment in [
        "0712",
        "0712 345",
        "712345",
        "712-345-678",
        "254712",
        "+254712",
        "+254 712 345 678",
        "345 678",
    ] {
        assert_eq!(
            search(&f.store, fragment).await,
            ["Jane Wanjiru"],
            "{fragment:?}"
        );
    }
    assert_eq!(search(&f.store, "+353").await, ["Seán O'Brien"]);
}

#[tokio::test]
async fn one_and_two_character_searches_work() {
    let f = fixture().await;
    searchable(&f.store).await;
    assert_eq!(search(&f.store, "O'").await, ["Seán O'Brien"]);
    assert_eq!(search(&f.store, "%").await, ["100% Fibre Ltd"]);
    assert_eq!(search(&f.store, "71").await, ["Jane Wanjiru"]);
    assert_eq!(search(&f.store, "z").await, Vec::<String>::new());
    assert_eq!(
        search(&f.store, "j").await,
        ["Jane Wanjiru", "Mary \"Kui\" Njeri"]
    );
}

#[tokio::test]
async fn sql_and_search_metacharacters_are_literal() {
    let f = fixture().await;
    searchable(&f.store).await;
    let before = snapshot(&f.store).await;
    assert_eq!(search(&f.store, "100%").await, ["100% Fibre Ltd"]);
    assert_eq!(search(&f.store, "_desk").await, ["100% Fibre Ltd"]);
    assert_eq!(search(&f.store, "O'Brien").await, ["Seán O'Brien"]);
    assert_eq!(search(&f.store, "\"Kui\"").await, ["Mary \"Kui\" Njeri"]);
    assert_eq!(search(&f.store, "k\\sla").await, ["Back\\Slash Traders"]);
    assert_eq!(search(&f.store, "\\").await, ["Back\\Slash Traders"]);
    for hostile in [
        "%%%",
        "___",
        "' OR 1=1 --",
        "\" OR \"",
        "'); DROP TABLE customers; --",
        "a*",
        "NEAR(a b)",
        "name:jane",
    ] {
        assert!(
            search(&f.store, hostile).await.is_empty(),
            "{hostile:?} must match literally (nothing)"
        );
    }
    assert_eq!(snapshot(&f.store).await, before);
}

#[tokio::test]
async fn search_plans_agree_with_a_brute_force_search() {
    // Enough customers that common terms take the index-walk plan and rare ones the fetch plan.
    let f = fixture().await;
    let mut generator = Generator::new(5, f.clock_now());
    let customers = generator.customers(3_000);
    f.store
        .import_customers(&actor(), &customers, |_| {})
        .await
        .unwrap();
    let all = everything(
        &f.store,
        CustomerQuery {
            sort_by: SortField::Email,
            ..Default::default()
        },
    )
    .await;
    for term in [
        "wan", "WANJ", "kamau", "zuberi", "0712", "7123", "gmail", "wa", "k", "mail.ke", "+2541",
    ] {
        for status in [None, Some(CustomerStatus::Suspended)] {
            let digits = region().search_digits(term);
            let t = term.to_lowercase();
            let expected: Vec<String> = all
                .iter()
                .filter(|c| status.is_none_or(|s| c.status == s))
                .filter(|c| {
                    c.name.as_str().to_lowercase().contains(&t)
                        || c.email.as_str().contains(&t)
                        || c.phone.as_str()[1..].contains(&t)
                        || digits
                            .as_ref()
                            .is_some_and(|d| c.phone.as_str()[1..].contains(d.as_str()))
                })
                .map(|c| c.email.to_string())
                .collect();
            let query = CustomerQuery {
                status,
                sort_by: SortField::Email,
                sort_order: SortOrder::Asc,
                ..CustomerQuery::search(term)
            };
            let got: Vec<String> = everything(&f.store, query)
                .await
                .iter()
                .map(|c| c.email.to_string())
                .collect();
            let mut expected_sorted = expected.clone();
            expected_sorted.sort();
            assert_eq!(got.len(), expected.len(), "{term:?} {status:?}");
            assert_eq!(got, expected_sorted, "{term:?} {status:?}");
            // Among all 3,000 a term finds someone; among the ~300 suspended a four-digit
            // phone fragment may, by the draw, find nobody.
            assert!(
                term.len() < 3 || status.is_some() || !got.is_empty() || term == "zuberi",
                "{term:?} should find someone in 3,000"
            );
        }
    }
}

#[tokio::test]
async fn short_searches_fill_their_page_at_once_and_count_exactly_on_request() {
    // Past 20,000 customers a one- or two-character search no longer counts every match for
    // its page: the page is the right one, its total an estimate, `count_customers` the exact.
    let (f, all) = bulk_store(9, 21_000).await;
    for (term, status) in [
        ("wa", None),
        ("k", None),
        ("07", None),
        ("a", Some(CustomerStatus::Suspended)),
        ("zq", None),
    ] {
        let digits = region().search_digits(term);
        let expected: Vec<&str> = all
            .iter()
            .filter(|c| status.is_none_or(|s| c.status == s))
            .filter(|c| {
                c.name.as_str().to_lowercase().contains(term)
                    || c.email.as_str().contains(term)
                    || c.phone.as_str()[1..].contains(term)
                    || digits
                        .as_ref()
                        .is_some_and(|d| c.phone.as_str()[1..].contains(d.as_str()))
            })
            .map(|c| c.email.as_str())
            .collect();
        for page in [1, 3] {
            let query = CustomerQuery {
                status,
                page: PageRequest::new(page, 20).unwrap(),
                sort_by: SortField::Email,
                sort_order: SortOrder::Asc,
                ..CustomerQuery::search(term)
            };
            let got = f.store.list_customers(&query).await.unwrap();
            let emails: Vec<&str> = got.items.iter().map(|c| c.email.as_str()).collect();
            let from = ((page - 1) * 20) as usize;
            let want = &expected[from.min(expected.len())..(from + 20).min(expected.len())];
            assert_eq!(emails, want, "{term:?} {status:?} page {page}");
            let exact = expected.len() as u64;
            if got.exact {
                assert_eq!(got.total, exact, "{term:?}: an exact total");
            } else {
                // 4,096 rows sampled of 21,000: within a fifth for a term this common.
                assert!(exact > 100, "{term:?}: {exact} matches are counted exactly");
                let off = got.total.abs_diff(exact) as f64 / exact as f64;
                assert!(off < 0.2, "{term:?}: about {} for {exact}", got.total);
            }
            assert_eq!(
                f.store.count_customers(&query).await.unwrap(),
                exact,
                "{term:?}"
            );
        }
    }
}

// ---- related lists -------------------------------------------------------------------------

#[tokio::test]
async fn related_lists_page_filter_and_go_newest_first() {
    let f = fixture().await;
    let c = jane(&f.store).await;
    let other = create_json(
        &f.store,
        json!({"name": "Other", "email": "o@example.com", "phone": "0700000001"}),
    )
    .await
    .unwrap();
    let mut generator = Generator::new(3, f.clock_now());
    for n in 1..=12 {
        f.store
            .record_invoice(c.id, &generator.invoice(n))
            .await
            .unwrap();
        f.store
            .record_payment(c.id, &generator.payment(n))
            .await
            .unwrap();
        f.store
            .open_ticket(c.id, &generator.ticket(n))
            .await
            .unwrap();
        f.clock.advance(Duration::hours(1));
    }
    f.store
        .record_invoice(other.id, &generator.invoice(99))
        .await
        .unwrap();

    fn page<S>(p: i64, n: i64) -> RelatedQuery<S> {
        RelatedQuery {
            page: PageRequest::new(p, n).unwrap(),
            status: None,
        }
    }
    let invoices = f.store.customer_invoices(c.id, &page(1, 5)).await.unwrap();
    assert_eq!(
        (invoices.total, invoices.pages, invoices.items.len()),
        (12, 3, 5)
    );
    assert_eq!(invoices.items[0].number, "INV-0000012", "newest first");
    assert!(invoices
        .items
        .windows(2)
        .all(|w| w[0].created_at >= w[1].created_at));
    let last = f.store.customer_invoices(c.id, &page(3, 5)).await.unwrap();
    assert_eq!(last.items.len(), 2);

    let paid = f
        .store
        .customer_invoices(
            c.id,
            &RelatedQuery {
                page: PageRequest::new(1, 100).unwrap(),
                status: Some(InvoiceStatus::Paid),
            },
        )
        .await
        .unwrap();
    assert!(paid.items.iter().all(|i| i.status == InvoiceStatus::Paid));
    let all = f
        .store
        .customer_invoices(c.id, &page(1, 100))
        .await
        .unwrap();
    assert_eq!(
        paid.total as usize,
        all.items
            .iter()
            .filter(|i| i.status == InvoiceStatus::Paid)
            .count()
    );

    let payments = f
        .store
        .customer_payments(c.id, &page(1, 100))
        .await
        .unwrap();
    assert_eq!(payments.total, 12);
    let completed = f
        .store
        .customer_payments(
            c.id,
            &RelatedQuery {
                page: PageRequest::default(),
                status: Some(PaymentStatus::Completed),
            },
        )
        .await
        .unwrap();
    assert!(completed
        .items
        .iter()
        .all(|p| p.status == PaymentStatus::Completed));

    let tickets = f.store.customer_tickets(c.id, &page(1, 100)).await.unwrap();
    assert_eq!(tickets.total, 12);
    let open = f
        .store
        .customer_tickets(
            c.id,
            &RelatedQuery {
                page: PageRequest::default(),
                status: Some(TicketStatus::Open),
            },
        )
        .await
        .unwrap();
    assert_eq!(
        open.total as usize,
        tickets
            .items
            .iter()
            .filter(|t| t.status == TicketStatus::Open)
            .count()
    );
}

// ---- transactions and concurrency ----------------------------------------------------------

#[tokio::test]
async fn operations_compose_into_one_transaction() {
    let f = fixture().await;
    let now = f.clock_now();
    let mut generator = Generator::new(9, now);
    let (a, b) = (generator.customer(), generator.customer());
    {
        let mut tx = f.store.begin().await.unwrap();
        infora_store::customers::create(&mut tx, now, &actor(), &a)
            .await
            .unwrap();
        infora_store::customers::create(&mut tx, now, &actor(), &b)
            .await
            .unwrap();
        tx.rollback().await.unwrap();
    }
    assert!(
        f.store.is_empty().await.unwrap(),
        "a rolled-back transaction leaves nothing"
    );
    let mut tx = f.store.begin().await.unwrap();
    infora_store::customers::create(&mut tx, now, &actor(), &a)
        .await
        .unwrap();
    let dup = infora_store::customers::create(&mut tx, now, &actor(), &a).await;
    assert!(matches!(dup, Err(Error::Clash(_))));
    drop(tx);
    assert!(
        f.store.is_empty().await.unwrap(),
        "a dropped transaction is rolled back"
    );
}

#[tokio::test]
async fn concurrent_writers_do_not_lose_updates() {
    let f = fixture().await;
    let c = jane(&f.store).await;
    // A second store on the same file stands for a second process.
    let other = Store::open(f.store.path()).await.unwrap();
    let mut tasks = Vec::new();
    for i in 1..=20i64 {
        let store = if i % 4 < 2 {
            f.store.clone()
        } else {
            other.clone()
        };
        tasks.push(tokio::spawn(async move {
            let patch = if i % 2 == 0 {
                CustomerPatch {
                    usage_percentage: Some(UsagePercentage::new(i).unwrap()),
                    ..Default::default()
                }
            } else {
                CustomerPatch {
                    device_count: Some(DeviceCount::new(i).unwrap()),
                    ..Default::default()
                }
            };
            store
                .update_customer(&Actor::new(format!("writer{i}")), c.id, &patch)
                .await
        }));
    }
    for task in tasks {
        task.await.unwrap().expect("no writer fails or is lost");
    }
    let after = f.store.get_customer(c.id).await.unwrap();
    assert_eq!(
        after.version, 21,
        "every one of the 20 updates was applied on top of the previous"
    );
    let history = f
        .store
        .customer_history(c.id, PageRequest::new(1, 100).unwrap())
        .await
        .unwrap();
    assert_eq!(history.total, 21);
    // Each entry's "before" is the previous entry's "after": no update was based on stale data.
    let mut usage = json!(0);
    let mut devices = json!(0);
    for entry in history.items.iter().rev().skip(1) {
        for (field, change) in &entry.changes {
            let current = if field == "usage_percentage" {
                &mut usage
            } else {
                &mut devices
            };
            assert_eq!(
                &change.before, current,
                "{field} before must be the last value written"
            );
            *current = change.after.clone();
        }
    }
    assert_eq!(
        (
            json!(after.usage_percentage.get()),
            json!(after.device_count.get())
        ),
        (usage, devices)
    );
    other.close().await;
}

// ---- bulk import and demo data -------------------------------------------------------------

#[tokio::test]
async fn bulk_import_keeps_indexes_counters_and_audit_in_step() {
    let f = fixture().await;
    jane(&f.store).await;
    let mut generator = Generator::new(21, f.clock_now());
    let mut progress = Vec::new();
    let batch = generator.customers(6_000);
    let created = f
        .store
        .import_customers(&Actor::new("import"), &batch, |p| progress.push(p))
        .await
        .unwrap();
    assert_eq!(created.len(), 6_000);
    assert_eq!(
        progress.last().map(|p| (p.done, p.total)),
        Some((6_000, 6_000))
    );
    let stats = f.store.customer_stats().await.unwrap();
    assert_eq!(stats.total, 6_001);
    let expected_owing = batch.iter().filter(|c| c.balance.is_positive()).count() as u64;
    assert_eq!(stats.customers_with_balance, expected_owing);
    let pending = batch
        .iter()
        .filter(|c| c.status == CustomerStatus::Pending)
        .count() as u64;
    assert_eq!(stats.pending, pending);
    let someone = &created[4_321];
    let found = search(&f.store, someone.email.as_str()).await;
    assert_eq!(
        found,
        [someone.name.to_string()],
        "imported rows are in the search index"
    );
    let history = f
        .store
        .customer_history(someone.id, PageRequest::default())
        .await
        .unwrap();
    assert_eq!(
        (history.total, history.items[0].actor.as_str()),
        (1, "import")
    );
    // The sort indexes are back: a sorted page equals a sort done in memory.
    let by_balance = f
        .store
        .list_customers(&CustomerQuery {
            sort_by: SortField::Balance,
            ..Default::default()
        })
        .await
        .unwrap();
    let max = batch.iter().map(|c| c.balance).max().unwrap();
    assert_eq!(by_balance.items[0].balance, max);
    // An import with an email already in the store changes nothing.
    let before = f.store.customer_stats().await.unwrap();
    let mut clash = generator.customers(10);
    clash[5].email = Email::parse("JANE@example.co.ke").unwrap();
    let refused = f.store.import_customers(&actor(), &clash, |_| {}).await;
    assert_eq!(refused.err().map(|e| e.code()), Some(ErrorCode::Clash));
    assert_eq!(f.store.customer_stats().await.unwrap(), before);
    // A second large load, into a table now larger than it, keeps the sort indexes and sets only
    // the insert triggers aside: the search index, counters and tallies are filled at the end.
    let more = generator.customers(5_000);
    let added = f
        .store
        .import_customers(&Actor::new("import"), &more, |_| {})
        .await
        .unwrap();
    let stats = f.store.customer_stats().await.unwrap();
    assert_eq!(stats.total, 11_001);
    let more_owing = more.iter().filter(|c| c.balance.is_positive()).count() as u64;
    assert_eq!(stats.customers_with_balance, expected_owing + more_owing);
    let someone = &added[2_345];
    assert_eq!(
        search(&f.store, someone.email.as_str()).await,
        [someone.name.to_string()]
    );
    let analytics = f
        .store
        .analytics(infora_domain::PaymentDays::new(30).unwrap())
        .await
        .unwrap();
    assert_eq!(analytics.customers, 11_001);
    assert_eq!(
        analytics.usage.iter().map(|u| u.customers).sum::<u64>(),
        11_001,
        "the usage tallies count the second load"
    );
    // And the triggers are back: one more customer is counted and found as a single write is.
    let one = f
        .store
        .create_customer(&actor(), &generator.customers(1)[0])
        .await
        .unwrap();
    assert_eq!(f.store.customer_stats().await.unwrap().total, 11_002);
    assert_eq!(
        search(&f.store, one.email.as_str()).await,
        [one.name.to_string()]
    );
}

#[tokio::test]
async fn demo_data_has_customers_with_records() {
    let f = fixture().await;
    let summary = infora_store::demo::load(&f.store, 1, 300, |_| {})
        .await
        .unwrap();
    assert_eq!(summary.customers, 300);
    assert!(
        summary.invoices >= 300 && summary.payments >= summary.invoices / 2 && summary.tickets > 10,
        "{summary:?}"
    );
    let stats = f.store.customer_stats().await.unwrap();
    assert_eq!(stats.total, 300);
    assert!(stats.active > stats.suspended && stats.suspended > 0);
}

// ---- demo data tells one story -------------------------------------------------------------
//
// Each rule is checked over every generated row with SQL over the tables. Instants are stored
// as microseconds; `?1` in each query is the clock's now in that form. Money is integer cents,
// so the sums are exact. A positive balance means the customer owes (the counters' `owing`,
// the UI's `moneySign`), so balance = invoiced − paid.

/// A store with demo data for 5,000 customers (a load that large takes the bulk path which sets
/// the indexes aside, as the app's larger loads do), and its clock's now as stored.
async fn demo_loaded() -> (Fixture, i64) {
    let f = fixture().await;
    infora_store::demo::load(&f.store, 5, 5_000, |_| {})
        .await
        .unwrap();
    let now = f.clock_now().timestamp_micros();
    (f, now)
}

/// Fails, naming `rule` and the first few rows, if `sql` (one line per row that breaks the
/// rule) selects anything.
async fn assert_none(store: &Store, now: i64, rule: &str, sql: &str) {
    let mut tx = store.begin().await.unwrap();
    let broken: Vec<String> = sqlx::query_scalar(sql)
        .bind(now)
        .fetch_all(&mut *tx)
        .await
        .unwrap();
    let examples: Vec<String> = broken.iter().take(5).map(|l| readable(l)).collect();
    assert!(
        broken.is_empty(),
        "{rule}: broken by {} rows, e.g. {examples:#?}",
        broken.len()
    );
}

/// A line with the stored instants in it (microseconds: 16 digits in this century) shown as
/// dates.
fn readable(line: &str) -> String {
    let mut out = String::new();
    let mut digits = String::new();
    for ch in line.chars().chain([' ']) {
        if ch.is_ascii_digit() {
            digits.push(ch);
            continue;
        }
        let instant = (digits.len() == 16)
            .then(|| digits.parse().ok())
            .flatten()
            .and_then(chrono::DateTime::from_timestamp_micros);
        match instant {
            Some(at) => out.push_str(&at.format("%Y-%m-%d %H:%M:%S").to_string()),
            None => out.push_str(&digits),
        }
        digits.clear();
        out.push(ch);
    }
    out.pop();
    out
}

async fn count(store: &Store, now: i64, sql: &str) -> i64 {
    let mut tx = store.begin().await.unwrap();
    sqlx::query_scalar(sql)
        .bind(now)
        .fetch_one(&mut *tx)
        .await
        .unwrap()
}

#[tokio::test]
async fn demo_balance_is_what_was_invoiced_minus_what_was_paid() {
    let (f, now) = demo_loaded().await;
    assert_none(
        &f.store,
        now,
        "balance = invoices not cancelled − completed payments",
        "WITH invoiced AS (SELECT customer_id, sum(amount_cents) AS cents FROM invoices \
                           WHERE status <> 'cancelled' GROUP BY customer_id), \
              paid AS (SELECT customer_id, sum(amount_cents) AS cents FROM payments \
                       WHERE status = 'completed' GROUP BY customer_id) \
         SELECT c.email || ': balance ' || c.balance_cents || ' ≠ invoiced ' || coalesce(i.cents, 0) \
                || ' − paid ' || coalesce(p.cents, 0) \
         FROM customers c LEFT JOIN invoiced i ON i.customer_id = c.id \
                          LEFT JOIN paid p ON p.customer_id = c.id \
         WHERE c.balance_cents <> coalesce(i.cents, 0) - coalesce(p.cents, 0)",
    )
    .await;
    // Not vacuous: some owe, some are settled, some paid ahead, and some invoices have cents.
    for (what, sql) in [
        (
            "owe",
            "SELECT count(*) FROM customers WHERE balance_cents > 0",
        ),
        (
            "settled",
            "SELECT count(*) FROM customers WHERE balance_cents = 0",
        ),
        (
            "in credit",
            "SELECT count(*) FROM customers WHERE balance_cents < 0",
        ),
        (
            "invoices with cents",
            "SELECT count(*) FROM invoices WHERE amount_cents % 100 <> 0",
        ),
    ] {
        assert!(count(&f.store, now, sql).await > 0, "some customers {what}");
    }
}

#[tokio::test]
async fn demo_invoices_are_issued_after_joining_and_paid_after_issue() {
    let (f, now) = demo_loaded().await;
    let from = "FROM invoices i JOIN customers c ON c.id = i.customer_id";
    for (rule, condition) in [
        (
            "issued on or after the join date",
            "i.created_at < c.join_date",
        ),
        ("issued by now", "i.created_at > ?1"),
        ("due on or after issue", "i.due_date < i.created_at"),
        (
            "paid ⇔ a paid date",
            "(i.status = 'paid') <> (i.paid_date IS NOT NULL)",
        ),
        ("paid on or after issue", "i.paid_date < i.created_at"),
        ("paid by now", "i.paid_date > ?1"),
        (
            "pending ⇒ not yet due",
            "i.status = 'pending' AND i.due_date < ?1",
        ),
        (
            "overdue ⇒ past due",
            "i.status = 'overdue' AND i.due_date >= ?1",
        ),
    ] {
        let sql = format!(
            "SELECT i.number || ' (' || i.status || '): issued ' || i.created_at || ', due ' \
                    || i.due_date || ', paid ' || coalesce(i.paid_date, '-') \
                    || ', joined ' || c.join_date {from} WHERE {condition}"
        );
        assert_none(&f.store, now, rule, &sql).await;
    }
    for status in ["paid", "pending", "overdue", "cancelled"] {
        let sql = format!("SELECT count(*) FROM invoices WHERE status = '{status}'");
        assert!(
            count(&f.store, now, &sql).await > 0,
            "some invoices {status}"
        );
    }
}

#[tokio::test]
async fn demo_payments_match_their_invoice_in_date_and_amount() {
    let (f, now) = demo_loaded().await;
    let from = "FROM payments p JOIN customers c ON c.id = p.customer_id \
                LEFT JOIN invoices i ON i.id = p.invoice_id";
    for (rule, condition) in [
        (
            "paid on or after the join date",
            "p.payment_date < c.join_date",
        ),
        ("paid by now", "p.payment_date > ?1"),
        (
            "paid on or after the invoice's issue",
            "p.payment_date < i.created_at",
        ),
        (
            "a payment for an invoice is for its amount",
            "p.amount_cents <> i.amount_cents",
        ),
        (
            "a payment's invoice is the same customer's",
            "i.customer_id <> p.customer_id",
        ),
    ] {
        let sql = format!(
            "SELECT coalesce(p.transaction_id, '?') || ' (' || p.status || '): ' || p.amount_cents \
                    || ' on ' || p.payment_date || ' for ' || coalesce(i.number, '-') || ' of ' \
                    || coalesce(i.amount_cents, '-') || ' issued ' || coalesce(i.created_at, '-') \
                    || ', joined ' || c.join_date {from} WHERE {condition}"
        );
        assert_none(&f.store, now, rule, &sql).await;
    }
    // What was received for each invoice: a paid one exactly, on its paid date; others nothing.
    assert_none(
        &f.store,
        now,
        "completed payments cover a paid invoice exactly, on its paid date, and nothing else",
        "SELECT i.number || ' (' || i.status || '): ' || i.amount_cents || ' paid ' \
                || coalesce(i.paid_date, '-') || ', received ' || coalesce(sum(p.amount_cents), 0) \
                || ' last on ' || coalesce(max(p.payment_date), '-') \
         FROM invoices i LEFT JOIN payments p ON p.invoice_id = i.id AND p.status = 'completed' \
         GROUP BY i.id \
         HAVING coalesce(sum(p.amount_cents), 0) <> CASE i.status WHEN 'paid' THEN i.amount_cents ELSE 0 END \
             OR max(p.payment_date) IS NOT i.paid_date",
    )
    .await;
    for (what, sql) in [
        (
            "for an invoice",
            "SELECT count(*) FROM payments WHERE invoice_id IS NOT NULL",
        ),
        (
            "paid ahead (no invoice)",
            "SELECT count(*) FROM payments WHERE invoice_id IS NULL",
        ),
        (
            "that did not go through",
            "SELECT count(*) FROM payments WHERE status <> 'completed'",
        ),
    ] {
        assert!(count(&f.store, now, sql).await > 0, "some payments {what}");
    }
}

#[tokio::test]
async fn demo_tickets_are_opened_after_joining_and_resolved_after_opening() {
    let (f, now) = demo_loaded().await;
    let from = "FROM tickets t JOIN customers c ON c.id = t.customer_id";
    for (rule, condition) in [
        (
            "opened on or after the join date",
            "t.created_at < c.join_date",
        ),
        ("opened by now", "t.created_at > ?1"),
        (
            "resolved or closed ⇔ a resolution",
            "(t.status IN ('resolved', 'closed')) <> (t.resolved_at IS NOT NULL) \
             OR (t.resolved_at IS NULL) <> (t.resolved_by IS NULL)",
        ),
        (
            "resolved on or after opening",
            "t.resolved_at < t.created_at",
        ),
        ("resolved by now", "t.resolved_at > ?1"),
    ] {
        let sql = format!(
            "SELECT t.number || ' (' || t.status || '): opened ' || t.created_at || ', resolved ' \
                    || coalesce(t.resolved_at, '-') || ', joined ' || c.join_date \
             {from} WHERE {condition}"
        );
        assert_none(&f.store, now, rule, &sql).await;
    }
    for (what, sql) in [
        (
            "resolved",
            "SELECT count(*) FROM tickets WHERE resolved_at IS NOT NULL",
        ),
        (
            "open",
            "SELECT count(*) FROM tickets WHERE resolved_at IS NULL",
        ),
    ] {
        assert!(count(&f.store, now, sql).await > 0, "some tickets {what}");
    }
}

#[tokio::test]
async fn demo_last_payment_date_is_the_latest_payment() {
    let (f, now) = demo_loaded().await;
    assert_none(
        &f.store,
        now,
        "last payment date = the latest completed payment's date, none without one",
        "SELECT c.email || ': last payment ' || coalesce(c.last_payment_date, '-') || ', latest ' \
                || coalesce(latest.at, '-') \
         FROM customers c LEFT JOIN (SELECT customer_id, max(payment_date) AS at FROM payments \
                                     WHERE status = 'completed' GROUP BY customer_id) latest \
                          ON latest.customer_id = c.id \
         WHERE c.last_payment_date IS NOT latest.at",
    )
    .await;
    assert_none(
        &f.store,
        now,
        "joined by now, paid last after joining",
        "SELECT email || ': joined ' || join_date || ', last payment ' || coalesce(last_payment_date, '-') \
         FROM customers WHERE join_date > ?1 OR last_payment_date < join_date",
    )
    .await;
    for (what, sql) in [
        (
            "have paid",
            "SELECT count(*) FROM customers WHERE last_payment_date IS NOT NULL",
        ),
        (
            "have never paid",
            "SELECT count(*) FROM customers WHERE last_payment_date IS NULL",
        ),
    ] {
        assert!(count(&f.store, now, sql).await > 0, "some customers {what}");
    }
}

#[tokio::test]
async fn demo_statuses_are_plausible() {
    let (f, now) = demo_loaded().await;
    // Share (in %) of a status's customers for whom `condition` holds.
    let share = |status: &'static str, condition: &'static str| {
        let store = f.store.clone();
        async move {
            let sql = format!(
                "SELECT 100 * sum({condition}) / count(*) FROM customers c WHERE c.status = '{status}'"
            );
            count(&store, now, &sql).await
        }
    };
    let overdue =
        "EXISTS (SELECT 1 FROM invoices i WHERE i.customer_id = c.id AND i.status = 'overdue')";
    let suspended_owing = share("suspended", "c.balance_cents > 0").await;
    let suspended_overdue = share("suspended", overdue).await;
    let active_overdue = share("active", overdue).await;
    assert!(
        suspended_owing >= 70 && suspended_overdue >= 70,
        "most suspended customers owe, on overdue invoices: {suspended_owing}% owe, \
         {suspended_overdue}% have one overdue"
    );
    assert!(
        active_overdue <= 15,
        "few active customers are overdue: {active_overdue}%"
    );
}

#[tokio::test]
async fn demo_data_is_the_same_for_the_same_seed() {
    // Everything but the ids (fresh UUIDv7s) and the customers' created/updated (the load's now).
    async fn rows(store: &Store) -> String {
        let mut tx = store.begin().await.unwrap();
        sqlx::query_scalar(
            "SELECT group_concat(line, char(10)) FROM (SELECT c.email || ' ' || c.balance_cents \
                    || ' ' || c.join_date || ' ' || coalesce(c.last_payment_date, '-') || ' ' \
                    || coalesce(i.number, '-') || ' ' || coalesce(i.amount_cents, '-') || ' ' \
                    || coalesce(i.created_at, '-') || ' ' || coalesce(i.paid_date, '-') AS line \
             FROM customers c LEFT JOIN invoices i ON i.customer_id = c.id \
             ORDER BY c.email, i.number)",
        )
        .fetch_one(&mut *tx)
        .await
        .unwrap()
    }
    let (a, _) = demo_loaded().await;
    let (b, _) = demo_loaded().await;
    assert!(
        rows(&a.store).await == rows(&b.store).await,
        "two loads with the same seed and clock differ"
    );
}

// ---- migrations ----------------------------------------------------------------------------

/// A store file at `path` made by the repository's migrations named before `below` only (an
/// older version of the app), left open for the test to write what that version wrote.
async fn older_store(
    dir: &std::path::Path,
    path: &std::path::Path,
    below: &str,
) -> sqlx::SqliteConnection {
    use sqlx::sqlite::SqliteConnectOptions;
    use sqlx::ConnectOptions;
    let older = dir.join("migrations");
    std::fs::create_dir(&older).unwrap();
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../migrations");
    for entry in std::fs::read_dir(&repo).unwrap() {
        let name = entry.unwrap().file_name();
        if name.to_string_lossy().as_ref() < below {
            std::fs::copy(repo.join(&name), older.join(&name)).unwrap();
        }
    }
    let mut conn = SqliteConnectOptions::new()
        .filename(path)
        .create_if_missing(true)
        .connect()
        .await
        .unwrap();
    sqlx::migrate::Migrator::new(older.as_path())
        .await
        .unwrap()
        .run(&mut conn)
        .await
        .unwrap();
    conn
}

/// The newest migration's version: the one a store is migrated to.
fn latest_version() -> i64 {
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../migrations");
    std::fs::read_dir(repo)
        .unwrap()
        .filter_map(|e| {
            let name = e.unwrap().file_name().into_string().unwrap();
            name.split('_').next()?.parse::<i64>().ok()
        })
        .max()
        .unwrap()
}

#[tokio::test]
async fn a_store_on_an_older_schema_migrates_and_keeps_a_backup() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    // A version-1 store: only the first migration, and a customer written the way that
    // version wrote them.
    {
        let mut conn = older_store(dir.path(), &path, "0002").await;
        sqlx::query(
            "INSERT INTO customers (id, name, email, phone, status, join_date, balance_cents, package, created_at, updated_at) \
             VALUES (?, 'Old Timer', 'old@example.com', '+254711000000', 'suspended', 0, 12345, 'Basic WiFi', 0, 0)",
        )
        .bind(CustomerId::new().as_uuid())
        .execute(&mut conn)
        .await
        .unwrap();
    }
    let store = Store::open(&path).await.expect("opens and migrates");
    assert!(
        infora_store::backup_path(&path, latest_version()).exists(),
        "the old file was copied aside before migrating"
    );
    let s = store.customer_stats().await.unwrap();
    assert_eq!(
        (s.total, s.suspended, s.total_balance.to_string()),
        (1, 1, "123.45".to_owned())
    );
    assert_eq!(
        search(&store, "0711").await,
        ["Old Timer"],
        "rows from before the search index are searchable"
    );
    let old = store
        .list_customers(&CustomerQuery::default())
        .await
        .unwrap()
        .items[0]
        .clone();
    store
        .set_status(&actor(), old.id, CustomerStatus::Active)
        .await
        .unwrap();
    assert_eq!(
        store
            .customer_history(old.id, PageRequest::default())
            .await
            .unwrap()
            .total,
        1
    );
    store.close().await;
    // Opening again applies nothing and makes no new backup.
    std::fs::remove_file(infora_store::backup_path(&path, latest_version())).unwrap();
    Store::open(&path).await.unwrap().close().await;
    assert!(!infora_store::backup_path(&path, latest_version()).exists());
}

#[tokio::test]
async fn history_shows_the_values_a_customer_was_created_with() {
    let f = fixture().await;
    let c = create_json(
        &f.store,
        json!({"name": "Grace Akinyi", "email": "grace@example.com", "phone": "0711222333", "balance": "300.00", "package": "Home 10 Mbps"}),
    )
    .await
    .unwrap();
    f.store
        .set_balance(&supervisor(), c.id, Money::parse("balance", "50").unwrap())
        .await
        .unwrap();
    update_json(
        &f.store,
        c.id,
        json!({"name": "Grace A. Otieno", "balance": "75.25"}),
    )
    .await
    .unwrap();
    let created_with = |history: &infora_domain::Page<infora_store::CustomerChange>| {
        let created = history.items.last().unwrap();
        assert_eq!(created.action, Action::Created);
        created
            .changes
            .iter()
            .map(|(f, c)| (f.clone(), c.after.clone()))
            .collect::<std::collections::BTreeMap<_, _>>()
    };
    let history = f
        .store
        .customer_history(c.id, PageRequest::default())
        .await
        .unwrap();
    let initial = created_with(&history);
    assert_eq!(initial["name"], json!("Grace Akinyi"));
    assert_eq!(initial["balance"], json!("300.00"));
    assert_eq!(initial["package"], json!("Home 10 Mbps"));
    assert_eq!(initial["phone"], json!("+254711222333"));
    // Still true once the customer is gone.
    f.store.delete_customer(&supervisor(), c.id).await.unwrap();
    let history = f
        .store
        .customer_history(c.id, PageRequest::default())
        .await
        .unwrap();
    assert_eq!(created_with(&history), initial);
}

#[tokio::test]
async fn the_sync_bookkeeping_of_an_older_store_is_carried_into_the_typed_state() {
    use infora_store::sync::{Account, RelatedLists};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v4.db");
    // A version-4 store: its key/value bookkeeping as the engine of that version wrote it.
    {
        let mut conn = older_store(dir.path(), &path, "0005").await;
        for (key, value) in [
            (
                "account",
                r#"{"server":"https://billing.example.ke/","email":"a@b.ke","name":"Amina"}"#,
            ),
            ("pull_checkpoint", "2026-11-30T08:15:02+00:00"),
            ("last_success_at", "2026-12-01T09:00:00.250+00:00"),
            ("last_error", "no connection"),
            ("related_lists", r#""unavailable""#),
        ] {
            sqlx::query("INSERT INTO sync_state (key, value) VALUES (?, ?)")
                .bind(key)
                .bind(value)
                .execute(&mut conn)
                .await
                .unwrap();
        }
    }
    let store = Store::open(&path).await.expect("opens and migrates");
    let state = store.sync_state().await.unwrap();
    let at = |text: &str| chrono::DateTime::parse_from_rfc3339(text).unwrap().to_utc();
    assert_eq!(
        state.account,
        Some(Account {
            central_url: "https://billing.example.ke/".into(),
            email: "a@b.ke".into(),
            name: "Amina".into(),
        }),
        "still signed in as before the upgrade"
    );
    assert_eq!(state.pull_checkpoint, Some(at("2026-11-30T08:15:02Z")));
    assert_eq!(state.last_success_at, Some(at("2026-12-01T09:00:00.250Z")));
    assert_eq!(
        state.last_full_pull, None,
        "never written: the next pull is a full one"
    );
    assert_eq!(state.last_error.as_deref(), Some("no connection"));
    assert_eq!(state.related_lists, Some(RelatedLists::Unavailable));
    store
        .update_sync_state(|s| s.paused = Some("subscription".into()))
        .await
        .unwrap();
    let again = store.sync_state().await.unwrap();
    assert_eq!(again.paused.as_deref(), Some("subscription"));
    assert_eq!(
        again.account, state.account,
        "a change keeps the other facts"
    );
}

// In a folder of its own so that Cargo does not build it as a second test binary.
#[path = "store/operators.rs"]
mod operators;

#[path = "store/filters.rs"]
mod filters;

#[path = "store/analytics.rs"]
mod analytics;
