//! The analytics figures against the same figures computed in memory from every row, over
//! generated data written every way the store writes: a bulk load (the insert trigger set
//! aside), single creates, edits, deletions, desk payments and voids, central's payments pulled,
//! rewritten and removed; the migration's own count over a store that predates it; local days.

use super::{actor, fixture, supervisor, Fixture};
use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate, TimeZone, Utc};
use infora_domain::{
    Analytics, BalanceBand, Clock, CustomerPatch, CustomerStatus, Email, ManualClock, Money,
    NewCustomer, NewDeskPayment, NewPayment, PaymentDays, PaymentSource, PaymentStatus,
    PhoneRegion, UsagePercentage, VoidReason,
};
use infora_store::demo::Generator;
use infora_store::sync::related::PulledRecord;
use infora_store::{Store, StoreOptions};
use rust_decimal::Decimal;
use serde_json::json;
use std::collections::BTreeMap;
use std::sync::Arc;

fn days(n: i64) -> PaymentDays {
    PaymentDays::new(n).unwrap()
}

/// A customer row as the figures need it.
struct Row {
    status: String,
    balance_cents: i64,
    usage: i64,
    join_date: DateTime<Utc>,
    seq: i64,
    id: uuid::Uuid,
}

/// A completed-or-not payment row as the figures need it.
struct Paid {
    at: DateTime<Utc>,
    cents: i64,
    method: String,
    status: String,
    void: bool,
    desk: bool,
}

async fn rows(store: &Store) -> (Vec<Row>, Vec<Paid>) {
    let mut tx = store.begin().await.unwrap();
    let customers: Vec<(String, i64, i64, i64, i64, uuid::Uuid)> = sqlx::query_as(
        "SELECT status, balance_cents, usage_percentage, join_date, seq, id FROM customers",
    )
    .fetch_all(&mut *tx)
    .await
    .unwrap();
    let payments: Vec<(i64, i64, String, String, String, Option<String>)> = sqlx::query_as(
        "SELECT payment_date, amount_cents, method, status, kind, receipt_number FROM payments",
    )
    .fetch_all(&mut *tx)
    .await
    .unwrap();
    let at = |micros| DateTime::from_timestamp_micros(micros).unwrap();
    (
        customers
            .into_iter()
            .map(|(status, balance_cents, usage, join, seq, id)| Row {
                status,
                balance_cents,
                usage,
                join_date: at(join),
                seq,
                id,
            })
            .collect(),
        payments
            .into_iter()
            .map(|(date, cents, method, status, kind, receipt)| Paid {
                at: at(date),
                cents,
                method,
                status,
                void: kind == "void",
                desk: receipt.is_some(),
            })
            .collect(),
    )
}

/// Every figure, computed from the rows in memory (the rules written out again, plainly).
fn expected(
    customers: &[Row],
    payments: &[Paid],
    now: DateTime<Utc>,
    offset: FixedOffset,
    window: i64,
) -> serde_json::Value {
    let today = (now + offset).date_naive();
    let statuses: Vec<_> = ["active", "suspended", "pending"]
        .iter()
        .map(|s| {
            json!({"status": s, "customers": customers.iter().filter(|c| c.status == *s).count()})
        })
        .collect();

    let mut months = Vec::new();
    let mut month = NaiveDate::from_ymd_opt(today.year(), today.month(), 1).unwrap();
    for _ in 0..24 {
        let label = month.format("%Y-%m").to_string();
        let n = customers
            .iter()
            .filter(|c| c.join_date.format("%Y-%m").to_string() == label)
            .count();
        months.push(json!({"month": label, "customers": n}));
        month = month.pred_opt().unwrap().with_day0(0).unwrap();
    }
    months.reverse();

    type Holds = fn(i64) -> bool;
    let bands: [(&str, Holds); 6] = [
        ("credit", |c| c < 0),
        ("settled", |c| c == 0),
        ("up_to_500", |c| c > 0 && c <= 50_000),
        ("up_to_2000", |c| c > 50_000 && c <= 200_000),
        ("up_to_5000", |c| c > 200_000 && c <= 500_000),
        ("over_5000", |c| c > 500_000),
    ];
    let balances: Vec<_> = bands
        .iter()
        .map(|(band, holds)| {
            let inside: Vec<i64> = customers
                .iter()
                .map(|c| c.balance_cents)
                .filter(|c| holds(*c))
                .collect();
            json!({"band": band, "customers": inside.len(),
                   "total": Decimal::new(inside.iter().sum(), 2).to_string()})
        })
        .collect();

    let usage: Vec<_> = (0..10)
        .map(|d| {
            let (from, to) = (d * 10, if d == 9 { 100 } else { d * 10 + 9 });
            let n = customers
                .iter()
                .filter(|c| (from..=to).contains(&c.usage))
                .count();
            json!({"from": from, "to": to, "customers": n})
        })
        .collect();

    let first = today - Duration::days(window - 1);
    let mut per_day: BTreeMap<NaiveDate, (i64, i64, i64)> = (0..window)
        .map(|n| (first + Duration::days(n), (0, 0, 0)))
        .collect();
    let mut by_method: BTreeMap<(&str, String), (i64, i64)> = BTreeMap::new();
    for p in payments.iter().filter(|p| p.status == "completed") {
        let (n, cents) = if p.void { (-1, -p.cents) } else { (1, p.cents) };
        let Some(day) = per_day.get_mut(&(p.at + offset).date_naive()) else {
            continue;
        };
        day.0 += n;
        if p.desk {
            day.1 += cents;
        } else {
            day.2 += cents;
        }
        let source = if p.desk { "desk" } else { "central" };
        let m = by_method.entry((source, p.method.clone())).or_default();
        m.0 += n;
        m.1 += cents;
    }
    let mut by_method: Vec<_> = by_method
        .into_iter()
        .filter(|(_, (n, c))| *n != 0 || *c != 0)
        .collect();
    by_method.sort_by_key(|(_, (_, cents))| std::cmp::Reverse(*cents));
    let money = |cents: i64| Decimal::new(cents, 2).to_string();
    let per_day_json: Vec<_> = per_day
        .iter()
        .map(|(day, (n, desk, central))| {
            json!({"day": day.to_string(), "count": n, "desk": money(*desk), "central": money(*central)})
        })
        .collect();

    let mut debtors: Vec<&Row> = customers.iter().filter(|c| c.balance_cents > 0).collect();
    debtors.sort_by_key(|c| std::cmp::Reverse((c.balance_cents, c.seq)));
    let top: Vec<_> = debtors
        .iter()
        .take(10)
        .map(|c| json!([c.id.to_string(), money(c.balance_cents)]))
        .collect();

    json!({
        "customers": customers.len(),
        "statuses": statuses,
        "joined": months,
        "balances": balances,
        "usage": usage,
        "payments": {
            "days": window,
            "recorded": !payments.is_empty(),
            "count": per_day.values().map(|d| d.0).sum::<i64>(),
            "total": money(per_day.values().map(|d| d.1 + d.2).sum()),
            "per_day": per_day_json,
            "by_method": by_method.iter().map(|((source, method), (n, c))| {
                json!({"source": source, "method": method, "count": n, "amount": money(*c)})
            }).collect::<Vec<_>>(),
        },
        "top": top,
    })
}

/// The store's figures in the form of `expected` (the debtors as id and balance).
fn actual(a: &Analytics) -> serde_json::Value {
    let mut value = serde_json::to_value(a).unwrap();
    let object = value.as_object_mut().unwrap();
    let top: Vec<_> = a
        .top_debtors
        .iter()
        .map(|d| json!([d.id.to_string(), d.balance.to_string()]))
        .collect();
    object.insert("top".into(), json!(top));
    for gone in ["as_of", "today", "top_debtors"] {
        object.remove(gone);
    }
    value
}

async fn check(store: &Store, offset: FixedOffset, window: i64) -> Analytics {
    let analytics = store.analytics(days(window)).await.unwrap();
    let (customers, payments) = rows(store).await;
    let want = expected(&customers, &payments, store.now(), offset, window);
    let got = actual(&analytics);
    for key in want.as_object().unwrap().keys() {
        assert_eq!(got[key], want[key], "{key}, window of {window} days");
    }
    assert_eq!(got, want, "window of {window} days");
    assert_eq!(analytics.as_of, store.now());
    assert_eq!(analytics.today, (store.now() + offset).date_naive());
    analytics
}

fn pulled(
    central_id: i64,
    amount: &str,
    method: &str,
    status: PaymentStatus,
    at: DateTime<Utc>,
) -> (PulledRecord<NewPayment>, Option<i64>) {
    (
        PulledRecord {
            central_id,
            record: NewPayment {
                invoice_id: None,
                amount: Money::parse("amount", amount).unwrap(),
                method: method.to_owned(),
                status,
                transaction_id: None,
                payment_date: at,
            },
            created_at: at,
        },
        None,
    )
}

#[tokio::test]
async fn every_figure_matches_one_computed_from_every_row() {
    let f: Fixture = fixture().await;
    let store = &f.store;
    let utc = FixedOffset::east_opt(0).unwrap();
    // A new store: every figure there, all zero.
    let empty = check(store, utc, 30).await;
    assert_eq!(empty.joined.len(), 24);
    assert_eq!(empty.balances.len(), 6);
    assert!(!empty.payments.recorded && empty.top_debtors.is_empty());

    // 5,000 with their central records: the bulk load sets the insert trigger aside.
    infora_store::demo::load(store, 5, 5_000, |_| {})
        .await
        .unwrap();
    check(store, utc, 90).await;

    // Then one by one, through the triggers.
    let mut extra = Generator::new(77, store.now()).customers(60);
    for (n, c) in extra.iter_mut().enumerate() {
        c.email = Email::parse(&format!("extra{n}@example.com")).unwrap();
    }
    let mut made = Vec::new();
    for c in &extra {
        made.push(store.create_customer(&actor(), c).await.unwrap());
        f.clock.advance(Duration::minutes(7));
    }
    // Edits that move customers between bands, tenths, months and statuses (and some that
    // stay in theirs), and deletions.
    for (n, c) in made.iter().enumerate() {
        let patch = CustomerPatch {
            balance: (n % 2 == 0).then(|| Money::from_cents((n as i64 - 20) * 37_000).unwrap()),
            usage_percentage: (n % 3 == 0)
                .then(|| UsagePercentage::new((n as i64 * 13) % 101).unwrap()),
            join_date: (n % 5 == 0).then(|| {
                Utc.with_ymd_and_hms(2025, (n % 12) as u32 + 1, 3, 0, 0, 0)
                    .unwrap()
            }),
            status: (n % 4 == 1).then_some(CustomerStatus::Suspended),
            ..CustomerPatch::default()
        };
        store
            .edit_customer(&supervisor(), c.id, &patch)
            .await
            .unwrap();
    }
    for c in made.iter().skip(50) {
        store.delete_customer(&supervisor(), c.id).await.unwrap();
    }
    check(store, utc, 30).await;

    // Desk payments over three days, and a void of one of them the day after.
    let boss = supervisor();
    store
        .open_shift(&boss, Money::parse("float", "1000").unwrap())
        .await
        .unwrap();
    let mut taken = Vec::new();
    for (n, c) in made.iter().take(12).enumerate() {
        let body = if n % 3 == 0 {
            json!({"amount": "250.50", "method": "mpesa", "code": format!("QK{n:08}")})
        } else {
            json!({"amount": format!("{}", 100 * (n + 1)), "method": if n % 3 == 1 { "cash" } else { "card" }})
        };
        let new = NewDeskPayment::from_input(&body).unwrap();
        taken.push(store.take_payment(&boss, c.id, &new).await.unwrap());
        f.clock.advance(Duration::hours(6));
    }
    store
        .void_payment(
            &boss,
            taken[1].id,
            &VoidReason::parse("Wrong customer").unwrap(),
        )
        .await
        .unwrap();

    // Central's payments pulled, then pulled again with one refunded and one gone.
    let owner = made[0].id;
    let now = store.now();
    let first = [
        pulled(
            9001,
            "1500.00",
            "mpesa",
            PaymentStatus::Completed,
            now - Duration::hours(30),
        ),
        pulled(
            9002,
            "800.00",
            "bank_transfer",
            PaymentStatus::Completed,
            now - Duration::hours(2),
        ),
        pulled(
            9003,
            "99.99",
            "cash",
            PaymentStatus::Pending,
            now - Duration::days(3),
        ),
        pulled(
            9004,
            "2500.00",
            "card",
            PaymentStatus::Completed,
            now - Duration::days(40),
        ),
    ];
    store
        .apply_pulled_related(owner, &[], &first, &[])
        .await
        .unwrap();
    check(store, utc, 30).await;
    let again = [
        pulled(
            9001,
            "1500.00",
            "mpesa",
            PaymentStatus::Refunded,
            now - Duration::hours(30),
        ),
        pulled(
            9003,
            "99.99",
            "cash",
            PaymentStatus::Completed,
            now - Duration::days(3),
        ),
        pulled(
            9004,
            "2600.00",
            "card",
            PaymentStatus::Completed,
            now - Duration::days(41),
        ),
    ];
    store
        .apply_pulled_related(owner, &[], &again, &[])
        .await
        .unwrap();
    let last = check(store, utc, 30).await;
    check(store, utc, 90).await;
    check(store, utc, 1).await;

    assert!(last.payments.recorded);
    assert_eq!(last.payments.per_day.len(), 30);
    assert_eq!(last.payments.per_day.last().unwrap().day, last.today);
    assert!(last
        .payments
        .by_method
        .iter()
        .any(|m| m.source == PaymentSource::Central && m.method == "bank_transfer"));
    assert_eq!(last.top_debtors.len(), 10);
    assert!(last
        .top_debtors
        .windows(2)
        .all(|w| w[0].balance >= w[1].balance));
    assert_eq!(
        last.balances.iter().map(|b| b.band).collect::<Vec<_>>(),
        BalanceBand::ALL
    );
}

#[tokio::test]
async fn a_load_in_bulk_and_the_same_one_by_the_triggers_agree() {
    let bulk = fixture().await;
    let small = fixture().await;
    let customers = Generator::new(3, bulk.store.now()).customers(6_000);
    bulk.store
        .import_customers(&actor(), &customers, |_| {})
        .await
        .unwrap();
    // Loads under 5,000 keep the triggers on.
    for chunk in customers.chunks(3_000) {
        small
            .store
            .import_customers(&actor(), chunk, |_| {})
            .await
            .unwrap();
    }
    let a = bulk.store.analytics(days(30)).await.unwrap();
    let b = small.store.analytics(days(30)).await.unwrap();
    assert_eq!(a.customers, 6_000);
    assert_eq!(
        (&a.statuses, &a.joined, &a.balances, &a.usage),
        (&b.statuses, &b.joined, &b.balances, &b.usage)
    );
    check(&bulk.store, FixedOffset::east_opt(0).unwrap(), 30).await;
}

#[tokio::test]
async fn the_migration_counts_a_store_that_predates_it() {
    let f = fixture().await;
    infora_store::demo::load(&f.store, 8, 400, |_| {})
        .await
        .unwrap();
    // Back to the schema before 0017, its rows kept: then open it again, as an upgrade does.
    let mut tx = f.store.begin().await.unwrap();
    for name in [
        "customer_tallies_insert",
        "customer_tallies_delete",
        "customer_tallies_balance",
        "customer_tallies_usage",
        "customer_tallies_joined",
        "payment_tallies_insert",
        "payment_tallies_delete",
        "payment_tallies_update",
    ] {
        sqlx::query(&format!("DROP TRIGGER {name}"))
            .execute(&mut *tx)
            .await
            .unwrap();
    }
    for table in [
        "balance_tallies",
        "usage_tallies",
        "join_tallies",
        "payment_tallies",
    ] {
        sqlx::query(&format!("DROP TABLE {table}"))
            .execute(&mut *tx)
            .await
            .unwrap();
    }
    sqlx::query("DELETE FROM _sqlx_migrations WHERE version = 17")
        .execute(&mut *tx)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    f.store.close().await;
    let store = f.store.open_again().await.unwrap();
    let analytics = check(&store, FixedOffset::east_opt(0).unwrap(), 90).await;
    assert_eq!(analytics.customers, 400);
    assert!(
        analytics.payments.count > 0,
        "the demo's payments were counted"
    );
}

/// A desk in Nairobi: UTC+3 all year.
struct Nairobi(ManualClock);

impl Clock for Nairobi {
    fn now(&self) -> DateTime<Utc> {
        self.0.now()
    }

    fn local_offset(&self, _at: DateTime<Utc>) -> FixedOffset {
        FixedOffset::east_opt(3 * 3600).unwrap()
    }
}

#[tokio::test]
async fn payments_count_on_the_desks_local_day() {
    let dir = tempfile::tempdir().unwrap();
    // 22:30 in Nairobi on 1 December.
    let clock = Arc::new(Nairobi(ManualClock::new(
        Utc.with_ymd_and_hms(2026, 12, 1, 19, 30, 0).unwrap(),
    )));
    let options = StoreOptions {
        clock: clock.clone(),
        ..StoreOptions::default()
    };
    let store = Store::open_with(dir.path().join("desk.db"), options)
        .await
        .unwrap();
    // Joined today (no join date given): 1 December, its UTC date.
    let new = NewCustomer::from_input(
        &json!({"name": "Akinyi Otieno", "email": "akinyi@example.co.ke", "phone": "0712 345 678"}),
        PhoneRegion::kenya(),
        clock.now(),
    )
    .unwrap();
    let customer = store.create_customer(&actor(), &new).await.unwrap();
    let boss = supervisor();
    store.open_shift(&boss, Money::ZERO).await.unwrap();
    let cash = |amount: &str| {
        NewDeskPayment::from_input(&json!({"amount": amount, "method": "cash"})).unwrap()
    };
    // 22:30 on the 1st, then 00:30 on the 2nd (21:30 UTC, still the 1st in UTC).
    store
        .take_payment(&boss, customer.id, &cash("100"))
        .await
        .unwrap();
    clock.0.advance(Duration::hours(2));
    store
        .take_payment(&boss, customer.id, &cash("250"))
        .await
        .unwrap();

    let nairobi = FixedOffset::east_opt(3 * 3600).unwrap();
    let analytics = check(&store, nairobi, 7).await;
    assert_eq!(
        analytics.today,
        NaiveDate::from_ymd_opt(2026, 12, 2).unwrap()
    );
    let day = |d: u32| {
        analytics
            .payments
            .per_day
            .iter()
            .find(|p| p.day == NaiveDate::from_ymd_opt(2026, 12, d).unwrap())
            .unwrap()
            .clone()
    };
    assert_eq!((day(1).count, day(1).desk), (1, Decimal::new(10_000, 2)));
    assert_eq!((day(2).count, day(2).desk), (1, Decimal::new(25_000, 2)));
    assert_eq!(analytics.payments.total, Decimal::new(35_000, 2));
    // This month is the last of the 24, and the customer joined in it (their UTC date).
    assert_eq!(analytics.joined.last().unwrap().month, "2026-12");
}

#[test]
fn the_window_of_days_is_refused_outside_one_to_ninety() {
    assert!(PaymentDays::new(0).is_err());
    assert!(PaymentDays::new(91).is_err());
}
