//! The double's own controls, over loopback with a real HTTP client: its fake clock (token
//! lifetimes, rows stamped in the same second), seeding (values no route would store, exact
//! aggregates over known rows), the later versions, each fault kind, and the request record.
//! What any central service must show is checked black-box in `conformance.rs`, against the
//! double and against the real service alike.

// Helpers here unwrap like the tests they serve: a panic is a failing test with its message.
#![allow(clippy::unwrap_used)]

mod support;

use chrono::{Duration, TimeZone, Utc};
use infora_central_double::{CentralDouble, Fault};
use reqwest::Method;
use serde_json::{json, Value};
use std::collections::{BTreeSet, HashSet};
use std::time::Instant;
use support::{ids, json_of, keys, text_of, Api};

const EMAIL: &str = "agent@infora.ke";
const PASSWORD: &str = "secret";
/// The double's clock at the start of every test, and how the API writes it.
const START: &str = "2026-11-25T08:00:00";

/// A running double with its clock at `START`, and an agent signed in to it.
struct Session {
    central: CentralDouble,
    api: Api,
}

async fn session() -> Session {
    let now = Utc.with_ymd_and_hms(2026, 11, 25, 8, 0, 0).unwrap();
    let central = CentralDouble::start_at(now).await;
    central.add_user(EMAIL, PASSWORD);
    let api = Api::sign_in(&central.base_url(), EMAIL, PASSWORD).await;
    Session { central, api }
}

impl Session {
    async fn create(&self, name: &str, email: &str) -> i64 {
        let body = json!({"name": name, "email": email, "phone": "+254712345678"});
        self.api.create(body).await["id"].as_i64().unwrap()
    }
}

// ---- tokens on the double's clock ----

#[tokio::test]
async fn an_access_token_expires_after_24_hours_of_the_double_clock() {
    let s = session().await;
    s.central
        .advance_clock(Duration::hours(24) - Duration::seconds(1));
    assert_eq!(
        s.api.get("/api/customers").await.0,
        200,
        "still valid a second before"
    );
    s.central.advance_clock(Duration::seconds(1));
    let (status, body) = s.api.get("/api/customers").await;
    assert_eq!(
        (status, body),
        (401, json!({"msg": "Token has expired"})),
        "expired at exactly 24 hours"
    );
}

#[tokio::test]
async fn refresh_gives_a_new_access_token_for_30_days() {
    let s = session().await;
    s.central.advance_clock(Duration::hours(25));
    assert_eq!(
        s.api.get("/api/customers").await.0,
        401,
        "the access token has expired"
    );
    let (status, body) = s.api.refresh_with(&s.api.refresh).await;
    assert_eq!(
        status, 200,
        "the refresh token outlives the access token: {body}"
    );
    let fresh = body["access_token"].as_str().unwrap();
    let (status, _) = s.api.get_as(fresh, "/api/customers").await;
    assert_eq!(status, 200, "the new access token works");

    s.central
        .advance_clock(Duration::days(30) - Duration::hours(25));
    let (status, body) = s.api.refresh_with(&s.api.refresh).await;
    assert_eq!(
        (status, body),
        (401, json!({"msg": "Token has expired"})),
        "the refresh token lives 30 days"
    );
}

// ---- lists and stats over rows the double seeded ----

#[tokio::test]
async fn rows_stamped_in_the_same_second_come_back_in_no_dependable_order() {
    let s = session().await;
    for n in 0..6 {
        s.central
            .insert_customer(json!({"name": format!("Tie {n}"), "email": format!("t{n}@x.ke"), "phone": "+254700000000"}));
    }
    let path = "/api/customers?sort_by=updated_at&sort_order=desc";
    let mut orders = HashSet::new();
    for _ in 0..10 {
        orders.insert(ids(&s.api.get(path).await.1));
    }
    assert!(orders.len() > 1, "ties are not broken by id: {orders:?}");

    s.central.advance_clock(Duration::seconds(1));
    let (status, _) = s
        .api
        .send(Method::PUT, "/api/customers/4", json!({"name": "Changed"}))
        .await;
    assert_eq!(status, 200, "customer 4 is renamed a second later");
    for _ in 0..5 {
        assert_eq!(
            ids(&s.api.get(path).await.1)[0],
            4,
            "the one changed a second later leads"
        );
    }
}

#[tokio::test]
async fn stats_aggregate_the_seeded_rows() {
    let s = session().await;
    s.central.insert_customer(json!({"name": "A", "email": "a@x.ke", "phone": "1", "balance": 100.0, "usage_percentage": 40}));
    s.central.insert_customer(json!({"name": "B", "email": "b@x.ke", "phone": "2", "balance": 0.0, "usage_percentage": 60, "status": "suspended"}));
    s.central.insert_customer(
        json!({"name": "C", "email": "c@x.ke", "phone": "3", "balance": 50.5, "status": "pending"}),
    );
    let (status, stats) = s.api.get("/api/customers/stats").await;
    assert_eq!(status, 200, "{stats}");
    assert_eq!(
        (
            &stats["total_customers"],
            &stats["active_customers"],
            &stats["suspended_customers"],
            &stats["pending_customers"]
        ),
        (&json!(3), &json!(1), &json!(1), &json!(1)),
        "one customer of each status"
    );
    assert_eq!(stats["total_balance"], 150.5, "100 + 0 + 50.5");
    assert_eq!(
        stats["average_balance"],
        150.5 / 3.0,
        "AVG is SQLite's float, not rounded"
    );
    assert_eq!(stats["customers_with_balance"], 2, "balances above zero");
    assert_eq!(stats["average_usage"], 100.0 / 3.0, "AVG, not rounded");
    assert_eq!(
        stats["top_customers_by_balance"][0],
        json!({"id": 1, "name": "A", "balance": 100.0}),
        "the largest balance first"
    );
}

// ---- quirks ----

#[tokio::test]
async fn once_deletes_work_delete_answers_a_message_and_leaves_no_tombstone() {
    let s = session().await;
    s.central.set_deletes_working(true);
    s.create("First", "first@x.ke").await;
    let second = s.create("Second", "second@x.ke").await;
    let (status, answer) = json_of(
        s.api
            .call(Method::DELETE, &format!("/api/customers/{second}")),
    )
    .await;
    assert_eq!(status, 200, "a working delete: {answer}");
    assert_eq!(
        keys(&answer),
        BTreeSet::from(["message"]),
        "DELETE answers {{message}} only"
    );
    let (_, page) = s.api.get("/api/customers?per_page=100").await;
    assert_eq!(
        ids(&page),
        [1],
        "a deleted customer simply vanishes from the list"
    );
    assert_eq!(
        s.create("Third", "third@x.ke").await,
        second,
        "SQLite hands the freed highest id to the next customer"
    );
}

#[tokio::test]
async fn related_lists_answer_in_the_later_version() {
    let s = session().await;
    let id = s.create("Wekesa", "wekesa@x.ke").await;
    s.central.set_related_lists_working(true);
    for kind in ["invoices", "payments", "tickets"] {
        let (status, page) = s
            .api
            .get(&format!("/api/customers/{id}/{kind}?page=1&per_page=5"))
            .await;
        assert_eq!(status, 200, "{kind}");
        assert_eq!(
            page,
            json!({kind: [], "total": 0, "pages": 0, "current_page": 1, "per_page": 5}),
            "{kind}: an empty page in the shape of the customer list"
        );
    }
}

#[tokio::test]
async fn a_nan_balance_is_stored_as_null_shown_as_zero_and_fails_the_stats_from_the_top_five() {
    let s = session().await;
    s.central.insert_customer(
        json!({"name": "Ten", "email": "ten@x.ke", "phone": "1", "balance": 10.0}),
    );
    let body = r#"{"name": "Nan", "email": "nan@x.ke", "phone": "1", "balance": NaN}"#;
    let (status, text) = s
        .api
        .send_text(Method::POST, "/api/customers", "application/json", body)
        .await;
    assert_eq!(status, 201, "Python's json.loads reads a bare NaN: {text}");
    let id = serde_json::from_str::<Value>(&text).unwrap()["customer"]["id"]
        .as_i64()
        .unwrap();
    assert_eq!(
        s.api.get(&format!("/api/customers/{id}")).await.1["balance"],
        0.0,
        "SQLite stores NaN as NULL, which the customer object shows as 0.0"
    );
    let (status, answer) = s.api.get("/api/customers/stats").await;
    assert_eq!(
        status, 500,
        "the NULL is among the top five, whose balances go through float(): {answer}"
    );
    for n in 0..4 {
        s.central.insert_customer(
            json!({"name": "More", "email": format!("m{n}@x.ke"), "phone": "1", "balance": 10.0}),
        );
    }
    let (status, stats) = s.api.get("/api/customers/stats").await;
    assert_eq!(
        status, 200,
        "five balances now rank above the NULL: {stats}"
    );
    assert_eq!(
        (&stats["total_customers"], &stats["average_balance"]),
        (&json!(6), &json!(10.0)),
        "counted as a customer, but left out of the average"
    );
}

#[tokio::test]
async fn an_infinite_balance_is_written_as_a_bare_infinity_token() {
    let s = session().await;
    let id = s.central.insert_customer(
        json!({"name": "Inf", "email": "inf@x.ke", "phone": "1", "balance": "Infinity"}),
    );
    s.central.insert_customer(
        json!({"name": "Fine", "email": "fine@x.ke", "phone": "2", "balance": 10.0}),
    );

    let check = |what: &str, text: &str, token: &str| {
        assert!(text.contains(token), "{what} holds {token}: {text}");
        assert!(
            serde_json::from_str::<Value>(text).is_err(),
            "{what} is not valid JSON"
        );
    };
    let (status, text) = text_of(s.api.call(Method::GET, &format!("/api/customers/{id}"))).await;
    assert_eq!(status, 200, "an infinite balance is no error");
    check("the customer", &text, "\"balance\":Infinity");
    check(
        "a list page holding it",
        &text_of(s.api.call(Method::GET, "/api/customers")).await.1,
        "\"balance\":Infinity",
    );
    check(
        "the stats",
        &text_of(s.api.call(Method::GET, "/api/customers/stats"))
            .await
            .1,
        "\"total_balance\":Infinity",
    );

    let (status, page) = s.api.get("/api/customers?search=fine").await;
    assert_eq!(
        (status, page["total"].clone()),
        (200, json!(1)),
        "a page without it parses"
    );
    assert_eq!(
        s.central.customer(id).unwrap()["balance"],
        "Infinity",
        "as a string for tests"
    );

    let path = format!("/api/customers/{}/balance", ids(&page)[0]);
    let (status, text) = s
        .api
        .send_text(
            Method::PUT,
            &path,
            "application/json",
            r#"{"balance": -Infinity}"#,
        )
        .await;
    assert_eq!(status, 200, "float() reads a bare -Infinity: {text}");
    assert!(
        text.contains("\"balance\":-Infinity"),
        "accepted over HTTP too: {text}"
    );
}

#[tokio::test]
async fn a_balance_with_more_decimals_is_kept_as_sent_but_shown_rounded() {
    let s = session().await;
    for email in ["r1@x.ke", "r2@x.ke"] {
        let body = json!({"name": "Round", "email": email, "phone": "1", "balance": 10.126});
        let (status, answer) = s.api.send(Method::POST, "/api/customers", body).await;
        assert_eq!(status, 201, "more than 2 decimals is no error: {answer}");
        assert_eq!(answer["customer"]["balance"], 10.13, "shown to 2 places");
    }
    let (_, stats) = s.api.get("/api/customers/stats").await;
    assert_eq!(
        stats["total_balance"], 20.25,
        "20.252 summed as stored, not 20.26 from the shown values"
    );
}

#[tokio::test]
async fn a_seed_may_break_every_rule_of_ours() {
    let s = session().await;
    let id = s.central.insert_customer(json!({
        "name": "L".repeat(80), "email": "Seed@X.KE ", "phone": "0712", "status": "closed",
        "usage_percentage": 101, "device_count": -2, "balance": 12.346,
        "updated_at": "2026-01-01T00:00:00"
    }));
    let (status, customer) = s.api.get(&format!("/api/customers/{id}")).await;
    assert_eq!(status, 200, "a seed is served like any row: {customer}");
    assert_eq!(customer["status"], "closed", "a status outside the enum");
    assert_eq!(customer["email"], "Seed@X.KE ", "an email as seeded");
    assert_eq!(customer["usage_percentage"], 101, "usage over 100");
    assert_eq!(customer["balance"], 12.35, "shown rounded to 2 places");
    assert_eq!(
        customer["updated_at"], "2026-01-01T00:00:00",
        "a seeded stamp is kept"
    );
    assert_eq!(
        customer["created_at"], START,
        "unset stamps come from the double's clock"
    );
}

// ---- the later version ----

#[tokio::test]
async fn an_unpaid_subscription_is_402_on_every_customer_route() {
    let s = session().await;
    let id = s.create("P", "p@x.ke").await;
    s.central.set_subscription_unpaid(true);
    for (method, path) in [
        (Method::GET, "/api/customers".to_owned()),
        (Method::GET, "/api/customers/stats".to_owned()),
        (Method::GET, format!("/api/customers/{id}")),
        (Method::PUT, format!("/api/customers/{id}/status")),
        (Method::DELETE, format!("/api/customers/{id}")),
        (Method::GET, format!("/api/customers/{id}/invoices")),
        (Method::POST, "/api/customers".to_owned()),
    ] {
        let (status, answer) = json_of(
            s.api
                .call(method.clone(), &path)
                .json(&json!({"status": "active", "name": "Q", "email": "q@x.ke", "phone": "1"})),
        )
        .await;
        assert_eq!(
            (status, answer),
            (402, json!({"error": "subscription unpaid"})),
            "{method} {path}"
        );
    }
    let (status, _) = s
        .api
        .login(&json!({"email": EMAIL, "password": PASSWORD}))
        .await;
    assert_eq!(status, 200, "signing in still works");
    assert_eq!(s.central.customers().len(), 1, "nothing was created");
    s.central.set_subscription_unpaid(false);
    assert_eq!(
        s.api.get("/api/customers").await.0,
        200,
        "paid again, the routes answer"
    );
}

// ---- faults ----

#[tokio::test]
async fn a_status_fault_hits_only_the_next_n_matching_requests() {
    let s = session().await;
    s.central
        .fault(Fault::Status(503).on("POST", "/api/customers").times(2));
    assert_eq!(
        s.api.get("/api/customers").await.0,
        200,
        "GET does not match a POST fault"
    );
    let body = json!({"name": "F", "email": "f@x.ke", "phone": "1"});
    for _ in 0..2 {
        let (status, answer) = s
            .api
            .send(Method::POST, "/api/customers", body.clone())
            .await;
        assert_eq!(status, 503, "the fault's status");
        assert!(answer["error"].is_string(), "an error body: {answer}");
    }
    assert!(
        s.central.customers().is_empty(),
        "a status fault applies nothing"
    );
    assert_eq!(
        s.api.send(Method::POST, "/api/customers", body).await.0,
        201,
        "spent after two"
    );
}

#[tokio::test]
async fn status_faults_answer_each_code_with_an_error_body() {
    let s = session().await;
    for code in [500, 503, 429, 401, 402] {
        s.central
            .fault(Fault::Status(code).on("GET", "/api/customers"));
        let (status, answer) = s.api.get("/api/customers/stats").await;
        assert_eq!(status, code, "a prefix matches the longer path");
        assert_eq!(keys(&answer), BTreeSet::from(["error"]), "{code}: {answer}");
    }
}

#[tokio::test]
async fn a_delay_fault_answers_late_but_answers() {
    let s = session().await;
    let pause = std::time::Duration::from_millis(60);
    s.central
        .fault(Fault::Delay(pause).on("GET", "/api/customers"));
    let started = Instant::now();
    let (status, _) = s.api.get("/api/customers").await;
    assert_eq!(status, 200, "a delay still answers");
    assert!(
        started.elapsed() >= pause,
        "answered after {:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn a_dropped_connection_fails_the_client_and_changes_nothing() {
    let s = session().await;
    s.central
        .fault(Fault::DropConnection.on("POST", "/api/customers"));
    let sent = s
        .api
        .call(Method::POST, "/api/customers")
        .json(&json!({"name": "D", "email": "d@x.ke", "phone": "1"}))
        .send()
        .await;
    assert!(
        sent.is_err(),
        "the client sees a network error, not a status"
    );
    assert!(s.central.customers().is_empty(), "nothing was applied");
    let last = s.central.requests().pop().unwrap();
    assert_eq!(
        (last.fault, last.status),
        (Some(Fault::DropConnection), None),
        "recorded with its fault and no status"
    );
    assert_eq!(
        s.api.get("/api/customers").await.0,
        200,
        "the next request is served"
    );
}

#[tokio::test]
async fn apply_then_drop_fails_the_client_yet_the_change_is_stored() {
    let s = session().await;
    s.central
        .fault(Fault::ApplyThenDropResponse.on("POST", "/api/customers"));
    let body = json!({"name": "Lost", "email": "lost@x.ke", "phone": "1"});
    let sent = s
        .api
        .call(Method::POST, "/api/customers")
        .json(&body)
        .send()
        .await;
    assert!(sent.is_err(), "the answer never arrives");
    let held = s.central.customers();
    assert_eq!(held.len(), 1, "but the customer was created");
    assert_eq!(held[0]["email"], "lost@x.ke", "the one sent");
    let (status, answer) = s.api.send(Method::POST, "/api/customers", body).await;
    assert_eq!(
        (status, answer),
        (409, json!({"error": "Email already registered"})),
        "no idempotency: a blind retry is refused"
    );

    let id = held[0]["id"].as_i64().unwrap();
    s.central
        .fault(Fault::ApplyThenDropResponse.on("PUT", "/api/customers/"));
    let sent = s
        .api
        .call(Method::PUT, &format!("/api/customers/{id}/status"))
        .json(&json!({"status": "suspended"}))
        .send()
        .await;
    assert!(sent.is_err(), "the status change's answer is lost too");
    assert_eq!(
        s.central.customer(id).unwrap()["status"],
        "suspended",
        "but the status was changed"
    );
}

// ---- the request record and the server's life ----

#[tokio::test]
async fn requests_are_recorded_as_sent_with_the_status_answered() {
    let s = session().await;
    s.central.clear_requests();
    s.api
        .get("/api/customers?sort_by=updated_at&sort_order=desc")
        .await;
    s.api
        .send(
            Method::POST,
            "/api/customers",
            json!({"name": "R", "email": "r@x.ke"}),
        )
        .await;
    let recorded = s.central.requests();
    assert_eq!(
        recorded.len(),
        2,
        "the sign-in before clear_requests is forgotten"
    );

    assert_eq!(
        (recorded[0].method.as_str(), recorded[0].path.as_str()),
        ("GET", "/api/customers"),
        "method and path, without the query"
    );
    assert_eq!(
        recorded[0].query.as_deref(),
        Some("sort_by=updated_at&sort_order=desc"),
        "the query as sent"
    );
    assert_eq!(
        recorded[0].authorization,
        Some(format!("Bearer {}", s.api.access)),
        "the Authorization header as sent"
    );
    assert_eq!(
        (recorded[0].status, recorded[0].body.as_str()),
        (Some(200), ""),
        "the status answered; a GET has no body"
    );

    assert_eq!(recorded[1].method, "POST", "the create");
    assert_eq!(
        recorded[1].json(),
        Some(json!({"name": "R", "email": "r@x.ke"})),
        "its body, readable as JSON"
    );
    assert_eq!(
        recorded[1].status,
        Some(400),
        "the missing phone was refused"
    );
    assert_eq!(recorded[1].fault, None, "no fault was queued");
}

#[tokio::test]
async fn after_shutdown_nothing_answers() {
    let s = session().await;
    let url = s.api.url("/api/customers");
    s.central.shutdown().await;
    let fresh = reqwest::Client::new();
    assert!(fresh.get(&url).send().await.is_err(), "the port is closed");
}
