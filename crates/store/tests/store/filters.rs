//! The list's advanced filters against a filter in memory, their edge values, and saved views.

use super::{create_json, demo_store, everything, fixture};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use infora_domain::{Customer, CustomerQuery, ViewName};
use infora_store::{Clash, Error, ErrorCode};
use serde_json::{json, Value};

fn query(value: Value) -> CustomerQuery {
    CustomerQuery::from_json(&value).unwrap()
}

fn day(y: i32, m: u32, d: u32) -> DateTime<Utc> {
    NaiveDate::from_ymd_opt(y, m, d)
        .unwrap()
        .and_hms_opt(0, 0, 0)
        .unwrap()
        .and_utc()
}

#[tokio::test]
async fn every_filter_and_combination_matches_a_filter_in_memory() {
    let f = demo_store(80).await;
    let now = f.clock_now();
    let all = everything(&f.store, CustomerQuery::default()).await;
    let package = all[0].package.to_string();
    let cents = |c: &Customer| c.balance.cents();
    let unpaid_30 = move |c: &Customer| {
        c.last_payment_date
            .is_none_or(|at| at < now - Duration::days(30))
    };
    type Check = Box<dyn Fn(&Customer) -> bool>;
    let cases: Vec<(Value, Check)> = vec![
        (json!({"balance": "owes"}), Box::new(move |c| cents(c) > 0)),
        (
            json!({"balance": "credit"}),
            Box::new(move |c| cents(c) < 0),
        ),
        (
            json!({"balance": "settled"}),
            Box::new(move |c| cents(c) == 0),
        ),
        (
            json!({"balance_min": "500", "balance_max": "3000"}),
            Box::new(move |c| (50_000..=300_000).contains(&cents(c))),
        ),
        (
            json!({"balance_max": "-0.01"}),
            Box::new(move |c| cents(c) <= -1),
        ),
        (
            json!({"joined_from": "2025-01-01", "joined_to": "2025-12-31"}),
            Box::new(|c| c.join_date >= day(2025, 1, 1) && c.join_date < day(2026, 1, 1)),
        ),
        (
            json!({"never_paid": true}),
            Box::new(|c| c.last_payment_date.is_none()),
        ),
        (json!({"unpaid_days": 30}), Box::new(unpaid_30)),
        (
            json!({"paid_from": "2026-10-01T00:00:00Z", "paid_to": "2026-11-01T00:00:00Z"}),
            Box::new(|c| {
                c.last_payment_date
                    .is_some_and(|at| at >= day(2026, 10, 1) && at < day(2026, 11, 1))
            }),
        ),
        (json!({"package": package.clone()}), {
            let package = package.clone();
            Box::new(move |c| c.package.as_str() == package)
        }),
        (
            json!({"usage_min": 20, "usage_max": 60}),
            Box::new(|c| (20..=60).contains(&c.usage_percentage.get())),
        ),
        (
            json!({"devices_min": 2, "devices_max": 3}),
            Box::new(|c| (2..=3).contains(&c.device_count.get())),
        ),
        (
            json!({"balance": "owes", "unpaid_days": 30, "usage_min": 10}),
            Box::new(move |c| cents(c) > 0 && unpaid_30(c) && c.usage_percentage.get() >= 10),
        ),
        (
            json!({"status": "active", "balance": "owes", "joined_from": "2024-01-01"}),
            Box::new(move |c| {
                c.status.as_str() == "active" && cents(c) > 0 && c.join_date >= day(2024, 1, 1)
            }),
        ),
    ];
    let mut plans_seen = 0;
    for (raw, check) in cases {
        let expected: Vec<_> = all.iter().filter(|c| check(c)).map(|c| c.id).collect();
        let got: Vec<_> = everything(&f.store, query(raw.clone()))
            .await
            .iter()
            .map(|c| c.id)
            .collect();
        assert_eq!(got, expected, "{raw}");
        // Sorted by name too: a few matches are narrowed by an index and sorted, many are
        // found by walking the name index; both must give the same order.
        let mut by_name = raw.clone();
        by_name["sort_by"] = json!("name");
        by_name["sort_order"] = json!("asc");
        let got = everything(&f.store, query(by_name)).await;
        let mut expected: Vec<&Customer> = all.iter().filter(|c| check(c)).collect();
        expected.sort_by(|a, b| {
            (a.name.as_str().to_lowercase(), a.created_at)
                .cmp(&(b.name.as_str().to_lowercase(), b.created_at))
        });
        let expected: Vec<_> = expected.iter().map(|c| c.id).collect();
        assert_eq!(
            got.iter().map(|c| c.id).collect::<Vec<_>>(),
            expected,
            "{raw} by name"
        );
        plans_seen += usize::from(!expected.is_empty());
        let counted = f.store.count_customers(&query(raw.clone())).await.unwrap();
        assert_eq!(counted as usize, expected.len(), "count of {raw}");
    }
    assert!(
        plans_seen >= 10,
        "most cases match someone, so they test something"
    );
}

#[tokio::test]
async fn past_20000_customers_combinations_are_counted_only_when_cheap_and_pages_stay_right() {
    // Past 20,000 customers a combination is counted exactly only when its narrowest column
    // holds about 10,000 or fewer; otherwise the page carries an estimate. Either way the page
    // is the right one, a page that is not full makes the total exact, and `count_customers`
    // gives the exact figure.
    let (f, by_email) = super::bulk_store(5, 21_000).await;
    let now = f.clock_now();
    let unpaid_30 = move |c: &Customer| {
        c.last_payment_date
            .is_none_or(|at| at < now - Duration::days(30))
    };
    type Check = Box<dyn Fn(&Customer) -> bool>;
    let cases: Vec<(Value, Check)> = vec![
        // Both columns broad: estimated.
        (
            json!({"balance": "settled", "usage_max": 100}),
            Box::new(|c| c.balance.cents() == 0),
        ),
        // One column narrow: counted from its index.
        (
            json!({"balance_min": "1000", "balance_max": "1100", "joined_from": "2020-01-01"}),
            Box::new(|c| {
                (100_000..=110_000).contains(&c.balance.cents()) && c.join_date >= day(2020, 1, 1)
            }),
        ),
        (
            json!({"status": "pending", "balance": "owes", "unpaid_days": 30, "devices_min": 1}),
            Box::new(move |c| {
                c.status.as_str() == "pending"
                    && c.balance.cents() > 0
                    && unpaid_30(c)
                    && c.device_count.get() >= 1
            }),
        ),
        (
            json!({"balance": "settled", "usage_min": 99, "devices_max": 1}),
            Box::new(|c| {
                c.balance.cents() == 0
                    && c.usage_percentage.get() >= 99
                    && c.device_count.get() <= 1
            }),
        ),
        // A search whose matches are too many to read for their filter: a sample of them.
        (
            json!({"search": "com", "balance": "settled"}),
            Box::new(|c| {
                (c.name.as_str().to_lowercase().contains("com") || c.email.as_str().contains("com"))
                    && c.balance.cents() == 0
            }),
        ),
    ];
    let (mut estimated, mut counted) = (0, 0);
    for (raw, check) in cases {
        let expected: Vec<&str> = by_email
            .iter()
            .filter(|c| check(c))
            .map(|c| c.email.as_str())
            .collect();
        let pages = expected.len().div_ceil(20) as u32;
        for page in [1, 3, pages + 1] {
            let mut paged = raw.clone();
            paged["sort_by"] = json!("email");
            paged["sort_order"] = json!("asc");
            paged["per_page"] = json!(20);
            paged["page"] = json!(page);
            let q = query(paged);
            let got = f.store.list_customers(&q).await.unwrap();
            let emails: Vec<&str> = got.items.iter().map(|c| c.email.as_str()).collect();
            let from = (page as usize - 1) * 20;
            let want = &expected[from.min(expected.len())..(from + 20).min(expected.len())];
            assert_eq!(emails, want, "{raw} page {page}");
            let exact = expected.len() as u64;
            if got.exact {
                assert_eq!(got.total, exact, "{raw} page {page}: an exact total");
                counted += 1;
            } else {
                assert_eq!(
                    got.items.len(),
                    20,
                    "{raw} page {page}: only a full page estimates"
                );
                let off = got.total.abs_diff(exact) as f64 / exact as f64;
                assert!(off < 0.2, "{raw}: about {} for {exact}", got.total);
                estimated += 1;
            }
            assert_eq!(f.store.count_customers(&q).await.unwrap(), exact, "{raw}");
        }
    }
    assert!(
        estimated >= 2 && counted >= 4,
        "both ways were taken: {estimated} estimated, {counted} counted"
    );
}

#[tokio::test]
async fn zero_is_settled_bounds_are_inclusive_and_never_paid_is_no_date() {
    let f = fixture().await;
    let mut made = Vec::new();
    for (i, (balance, paid, usage, devices, joined)) in [
        ("0", None, 0, 0, "2026-01-01"),
        ("0.01", Some("2026-11-20T10:00:00Z"), 100, 1, "2026-03-31"),
        ("-0.01", Some("2026-09-01T10:00:00Z"), 50, 5, "2026-04-01"),
        ("1000", None, 49, 2, "2025-12-31"),
    ]
    .into_iter()
    .enumerate()
    {
        let mut body = json!({
            "name": format!("Edge {i}"), "email": format!("edge{i}@example.com"),
            "phone": format!("071234500{i}"), "balance": balance, "usage_percentage": usage,
            "device_count": devices, "join_date": joined,
        });
        if let Some(paid) = paid {
            body["last_payment_date"] = json!(paid);
        }
        made.push(create_json(&f.store, body).await.unwrap().name.to_string());
    }
    let names = |raw: Value| {
        let store = f.store.clone();
        async move {
            let mut names: Vec<String> = everything(&store, query(raw))
                .await
                .iter()
                .map(|c| c.name.to_string())
                .collect();
            names.sort();
            names
        }
    };
    assert_eq!(
        names(json!({"balance": "settled"})).await,
        ["Edge 0"],
        "exactly 0 is settled"
    );
    assert_eq!(
        names(json!({"balance": "owes"})).await,
        ["Edge 1", "Edge 3"]
    );
    assert_eq!(names(json!({"balance": "credit"})).await, ["Edge 2"]);
    assert_eq!(
        names(json!({"balance_min": "1000", "balance_max": "1000"})).await,
        ["Edge 3"],
        "both bounds count"
    );
    assert_eq!(
        names(json!({"balance_min": "-0.01", "balance_max": "0.01"})).await,
        ["Edge 0", "Edge 1", "Edge 2"]
    );
    assert_eq!(
        names(json!({"never_paid": true})).await,
        ["Edge 0", "Edge 3"]
    );
    // Now is 2026-11-25 08:00: Edge 1 paid 5 days ago, Edge 2 85 days ago.
    assert_eq!(
        names(json!({"unpaid_days": 30})).await,
        ["Edge 0", "Edge 2", "Edge 3"],
        "never paid counts as no payment in 30 days"
    );
    assert_eq!(
        names(json!({"joined_from": "2026-01-01", "joined_to": "2026-03-31"})).await,
        ["Edge 0", "Edge 1"],
        "the first and the last day count"
    );
    assert_eq!(
        names(json!({"usage_min": 50, "usage_max": 100})).await,
        ["Edge 1", "Edge 2"]
    );
    assert_eq!(names(json!({"devices_max": 0})).await, ["Edge 0"]);
    assert_eq!(
        names(json!({"search": "edge", "balance": "owes", "never_paid": true})).await,
        ["Edge 3"],
        "filters hold within a search"
    );
    assert_eq!(made.len(), 4);
}

#[tokio::test]
async fn saved_views_are_named_uniquely_renamed_and_deleted() {
    let f = fixture().await;
    let name = |raw: &str| ViewName::parse(raw).unwrap();
    let owing = f
        .store
        .save_view(
            &name(" Owing "),
            &json!({"balance": "owes", "page": 4, "search": null, "sort_by": "balance"}),
        )
        .await
        .unwrap();
    assert_eq!(owing.name.as_str(), "Owing");
    assert_eq!(
        owing.query,
        json!({"balance": "owes", "sort_by": "balance"}),
        "a view keeps what was asked, not the page it was on"
    );
    let quiet = f
        .store
        .save_view(&name("no payment"), &json!({"unpaid_days": 30}))
        .await
        .unwrap();

    let taken = f
        .store
        .save_view(&name("OWING"), &json!({}))
        .await
        .unwrap_err();
    assert_eq!(taken.code(), ErrorCode::Clash);
    assert!(matches!(&taken, Error::Clash(Clash::ViewNameTaken { name }) if name == "OWING"));
    assert_eq!(taken.to_string(), "a saved view named OWING already exists");

    let names: Vec<String> = f
        .store
        .saved_views()
        .await
        .unwrap()
        .iter()
        .map(|v| v.name.to_string())
        .collect();
    assert_eq!(names, ["no payment", "Owing"], "by name, in any case");

    let renamed = f.store.rename_view(owing.id, &name("owing")).await.unwrap();
    assert_eq!(
        renamed.name.as_str(),
        "owing",
        "a view may change the case of its own name"
    );
    assert_eq!(renamed.query, owing.query);
    let clash = f
        .store
        .rename_view(owing.id, &name("No Payment"))
        .await
        .unwrap_err();
    assert_eq!(clash.code(), ErrorCode::Clash);

    f.store.delete_view(quiet.id).await.unwrap();
    assert_eq!(f.store.saved_views().await.unwrap().len(), 1);
    let gone = f.store.delete_view(quiet.id).await.unwrap_err();
    assert_eq!(gone.code(), ErrorCode::NotFound);
    let gone = f.store.rename_view(quiet.id, &name("x")).await.unwrap_err();
    assert_eq!(gone.code(), ErrorCode::NotFound);
}
