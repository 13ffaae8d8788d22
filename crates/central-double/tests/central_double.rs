//! The double against CONTRACT part 2, over loopback with a real HTTP client: every shape and
//! status code, each quirk of the seed version, the later versions, the fake clock, each fault
//! kind, and the request record.

// Helpers here unwrap like the tests they serve: a panic is a failing test with its message.
#![allow(clippy::unwrap_used)]

use chrono::{Duration, TimeZone, Utc};
use infora_central_double::{CentralDouble, Fault};
use reqwest::{Method, RequestBuilder};
use serde_json::{json, Value};
use std::collections::{BTreeSet, HashSet};
use std::time::Instant;

const EMAIL: &str = "agent@infora.ke";
const PASSWORD: &str = "secret";
/// The double's clock at the start of every test, and how the API writes it.
const START: &str = "2026-11-25T08:00:00";

/// Every key of a customer object, and nothing else.
const CUSTOMER_KEYS: [&str; 16] = [
    "address",
    "balance",
    "created_at",
    "device_count",
    "email",
    "id",
    "join_date",
    "last_payment_date",
    "name",
    "package",
    "phone",
    "service_plan",
    "service_plan_id",
    "status",
    "updated_at",
    "usage_percentage",
];

/// A running double, a client, and the tokens of a signed-in agent.
struct Session {
    central: CentralDouble,
    http: reqwest::Client,
    access: String,
    refresh: String,
}

async fn start() -> CentralDouble {
    let now = Utc.with_ymd_and_hms(2026, 11, 25, 8, 0, 0).unwrap();
    let central = CentralDouble::start_at(now).await;
    central.add_user(EMAIL, PASSWORD);
    central
}

async fn session() -> Session {
    let central = start().await;
    let http = reqwest::Client::new();
    let login: Value = http
        .post(format!("{}/api/auth/login", central.base_url()))
        .json(&json!({"email": EMAIL, "password": PASSWORD}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    Session {
        central,
        http,
        access: login["access_token"].as_str().unwrap().to_owned(),
        refresh: login["refresh_token"].as_str().unwrap().to_owned(),
    }
}

/// Sends and reads the answer as text: some bodies are not valid JSON, by design.
async fn text_of(request: RequestBuilder) -> (u16, String) {
    let response = request.send().await.unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

/// Sends and reads the answer as strict JSON.
async fn json_of(request: RequestBuilder) -> (u16, Value) {
    let (status, text) = text_of(request).await;
    let body = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"));
    (status, body)
}

fn keys(value: &Value) -> BTreeSet<&str> {
    value
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect()
}

fn ids(page: &Value) -> Vec<i64> {
    page["customers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_i64().unwrap())
        .collect()
}

impl Session {
    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.central.base_url())
    }

    /// A request with the agent's access token.
    fn call(&self, method: Method, path: &str) -> RequestBuilder {
        self.http
            .request(method, self.url(path))
            .bearer_auth(&self.access)
    }

    async fn get(&self, path: &str) -> (u16, Value) {
        json_of(self.call(Method::GET, path)).await
    }

    async fn send(&self, method: Method, path: &str, body: Value) -> (u16, Value) {
        json_of(self.call(method, path).json(&body)).await
    }

    /// A raw JSON body, for what serde_json will not write (a bare `NaN`, a broken document).
    async fn send_text(
        &self,
        method: Method,
        path: &str,
        content_type: &str,
        body: &str,
    ) -> (u16, String) {
        text_of(
            self.call(method, path)
                .header("Content-Type", content_type)
                .body(body.to_owned()),
        )
        .await
    }

    async fn create(&self, name: &str, email: &str) -> i64 {
        let body = json!({"name": name, "email": email, "phone": "+254712345678"});
        let (status, created) = self.send(Method::POST, "/api/customers", body).await;
        assert_eq!(status, 201, "{created}");
        created["customer"]["id"].as_i64().unwrap()
    }
}

// ---- sign-in and tokens ----

#[tokio::test]
async fn sign_in_returns_both_tokens_and_the_user() {
    let central = start().await;
    let (status, body) = json_of(
        reqwest::Client::new()
            .post(format!("{}/api/auth/login", central.base_url()))
            .json(&json!({"email": EMAIL, "password": PASSWORD})),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(
        keys(&body),
        BTreeSet::from([
            "access_token",
            "message",
            "refresh_token",
            "success",
            "user"
        ])
    );
    assert_eq!(body["success"], true);
    assert_ne!(
        body["access_token"], body["refresh_token"],
        "two different tokens"
    );
    assert_eq!(
        keys(&body["user"]),
        BTreeSet::from([
            "email",
            "first_name",
            "id",
            "is_active",
            "is_admin",
            "last_login",
            "last_name",
            "role"
        ])
    );
    assert_eq!(body["user"]["email"], EMAIL);
    assert_eq!(
        body["user"]["last_login"], START,
        "stamped by the double's clock, no zone"
    );
}

#[tokio::test]
async fn sign_in_with_wrong_credentials_is_401_with_an_error_body() {
    let central = start().await;
    let http = reqwest::Client::new();
    for (email, password) in [
        (EMAIL, "wrong"),
        ("nobody@infora.ke", PASSWORD),
        ("AGENT@infora.ke", PASSWORD),
    ] {
        let (status, body) = json_of(
            http.post(format!("{}/api/auth/login", central.base_url()))
                .json(&json!({"email": email, "password": password})),
        )
        .await;
        assert_eq!(status, 401, "{email} / {password}");
        assert!(
            body["error"].is_string(),
            "route errors use `error`: {body}"
        );
    }
}

#[tokio::test]
async fn sign_in_without_email_or_password_is_400() {
    let central = start().await;
    let http = reqwest::Client::new();
    for body in [
        json!({"email": EMAIL}),
        json!({"password": PASSWORD}),
        json!({"email": "", "password": PASSWORD}),
        json!({}),
    ] {
        let (status, answer) = json_of(
            http.post(format!("{}/api/auth/login", central.base_url()))
                .json(&body),
        )
        .await;
        assert_eq!(status, 400, "{body}");
        assert!(answer["error"].is_string());
    }
}

#[tokio::test]
async fn customer_routes_answer_token_problems_with_msg_401_or_422() {
    let s = session().await;
    let list = s.url("/api/customers");
    let (status, body) = json_of(s.http.get(&list)).await;
    assert_eq!(
        (status, body),
        (401, json!({"msg": "Missing Authorization Header"}))
    );

    for (token, why) in [
        ("not-a-jwt", "malformed"),
        ("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOjF9.forged", "bad signature"),
        ("eyJhbGciOiJub25lIn0.eyJzdWIiOjF9.", "alg=none"),
        (s.refresh.as_str(), "a refresh token used as access"),
    ] {
        let (status, body) = json_of(s.http.get(&list).bearer_auth(token)).await;
        assert_eq!(status, 422, "{why}");
        assert_eq!(
            keys(&body),
            BTreeSet::from(["msg"]),
            "token errors use `msg`: {body}"
        );
    }
}

#[tokio::test]
async fn an_access_token_expires_after_24_hours_of_the_double_clock() {
    let s = session().await;
    s.central
        .advance_clock(Duration::hours(24) - Duration::seconds(1));
    assert_eq!(
        s.get("/api/customers").await.0,
        200,
        "still valid a second before"
    );
    s.central.advance_clock(Duration::seconds(1));
    let (status, body) = s.get("/api/customers").await;
    assert_eq!((status, body), (401, json!({"msg": "Token has expired"})));
}

#[tokio::test]
async fn refresh_gives_a_new_access_token_for_30_days() {
    let s = session().await;
    let refresh = |token: &str| json_of(s.http.post(s.url("/api/auth/refresh")).bearer_auth(token));
    let (status, body) = refresh(&s.access).await;
    assert_eq!(status, 422, "an access token cannot refresh: {body}");

    s.central.advance_clock(Duration::hours(25));
    assert_eq!(
        s.get("/api/customers").await.0,
        401,
        "the access token has expired"
    );
    let (status, body) = refresh(&s.refresh).await;
    assert_eq!(status, 200);
    let fresh = body["access_token"].as_str().unwrap();
    let (status, _) = json_of(s.http.get(s.url("/api/customers")).bearer_auth(fresh)).await;
    assert_eq!(status, 200, "the new access token works");

    s.central
        .advance_clock(Duration::days(30) - Duration::hours(25));
    let (status, body) = refresh(&s.refresh).await;
    assert_eq!((status, body), (401, json!({"msg": "Token has expired"})));
}

// ---- shapes ----

#[tokio::test]
async fn create_answers_201_with_the_whole_customer() {
    let s = session().await;
    let (status, text) = text_of(s.call(Method::POST, "/api/customers").json(&json!({
        "name": "Wanjiku Kamau", "email": "wanjiku@example.com", "phone": "+254712345678"
    })))
    .await;
    assert_eq!(status, 201);
    assert!(
        text.contains("\"balance\":0.0"),
        "balance is a JSON float: {text}"
    );
    let body: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(keys(&body), BTreeSet::from(["customer", "message"]));
    let customer = &body["customer"];
    assert_eq!(keys(customer), BTreeSet::from(CUSTOMER_KEYS));
    assert!(customer["id"].is_i64(), "the server assigns an integer id");
    for (field, default) in [
        ("status", json!("active")),
        ("package", json!("Basic WiFi")),
        ("usage_percentage", json!(0)),
        ("device_count", json!(0)),
        ("address", Value::Null),
        ("last_payment_date", Value::Null),
        ("service_plan_id", Value::Null),
        ("service_plan", Value::Null),
    ] {
        assert_eq!(customer[field], default, "{field}");
    }
    for stamp in ["join_date", "created_at", "updated_at"] {
        assert_eq!(
            customer[stamp], START,
            "{stamp}: ISO-8601, no zone, whole seconds"
        );
    }
}

#[tokio::test]
async fn create_without_name_email_or_phone_is_400_and_stores_nothing() {
    let s = session().await;
    let full = json!({"name": "Otieno", "email": "o@x.ke", "phone": "+254700000001"});
    for missing in ["name", "email", "phone"] {
        let mut body = full.clone();
        body.as_object_mut().unwrap().remove(missing);
        let (status, answer) = s.send(Method::POST, "/api/customers", body).await;
        assert_eq!(status, 400, "without {missing}");
        assert!(answer["error"].is_string(), "{answer}");
        let mut empty = full.clone();
        empty[missing] = json!("");
        assert_eq!(
            s.send(Method::POST, "/api/customers", empty).await.0,
            400,
            "empty {missing}"
        );
    }
    assert!(s.central.customers().is_empty());
}

#[tokio::test]
async fn get_answers_the_customer_unwrapped() {
    let s = session().await;
    let id = s.create("Achieng", "achieng@x.ke").await;
    let (status, body) = s.get(&format!("/api/customers/{id}")).await;
    assert_eq!(status, 200);
    assert_eq!(
        keys(&body),
        BTreeSet::from(CUSTOMER_KEYS),
        "not wrapped in {{customer}}"
    );
    assert_eq!(body, s.central.customer(id).unwrap());
}

#[tokio::test]
async fn the_list_is_a_page_object_with_or_without_a_trailing_slash() {
    let s = session().await;
    for n in 0..3 {
        s.create("Kiprop", &format!("k{n}@x.ke")).await;
    }
    for path in ["/api/customers", "/api/customers/"] {
        let (status, page) = s.get(path).await;
        assert_eq!(status, 200, "{path}");
        assert_eq!(
            keys(&page),
            BTreeSet::from(["current_page", "customers", "pages", "per_page", "total"])
        );
        assert_eq!(
            (
                &page["total"],
                &page["pages"],
                &page["current_page"],
                &page["per_page"]
            ),
            (&json!(3), &json!(1), &json!(1), &json!(20))
        );
        assert_eq!(page["customers"].as_array().unwrap().len(), 3);
    }
}

#[tokio::test]
async fn per_page_falls_back_to_20_has_no_upper_bound_and_pages_end_in_empty_lists() {
    let s = session().await;
    for n in 0..25 {
        s.central.insert_customer(
            json!({"name": "Mwangi", "email": format!("m{n}@x.ke"), "phone": "+254700000000"}),
        );
    }
    for bad in ["0", "-1", "abc"] {
        let (_, page) = s.get(&format!("/api/customers?per_page={bad}")).await;
        assert_eq!(page["per_page"], 20, "per_page={bad}");
        assert_eq!(ids(&page).len(), 20);
    }
    let (_, page) = s.get("/api/customers?per_page=1000").await;
    assert_eq!(
        (ids(&page).len(), &page["pages"]),
        (25, &json!(1)),
        "no cap at 100"
    );
    let (status, page) = s.get("/api/customers?page=5&per_page=10").await;
    assert_eq!(status, 200, "past the end is not an error");
    assert_eq!(page["customers"], json!([]));
    assert_eq!((&page["total"], &page["pages"]), (&json!(25), &json!(3)));
}

#[tokio::test]
async fn search_matches_name_email_or_phone_in_any_case_and_status_filters() {
    let s = session().await;
    s.central.insert_customer(
        json!({"name": "Njeri Wambui", "email": "njeri@x.ke", "phone": "+254711111111"}),
    );
    s.central.insert_customer(json!({"name": "Baraka", "email": "Baraka@Shop.ke", "phone": "+254722222222", "status": "suspended"}));
    s.central.insert_customer(
        json!({"name": "Chebet", "email": "chebet@x.ke", "phone": "+254733333333"}),
    );
    for (query, expected) in [
        ("search=WAMBUI", 1),
        ("search=baraka%40shop", 1),
        ("search=722222", 1),
        ("search=x.ke", 2),
        ("search=", 3),
        ("status=suspended", 1),
        ("status=active&search=chebet", 1),
    ] {
        let (_, page) = s.get(&format!("/api/customers?{query}")).await;
        assert_eq!(page["total"], expected, "{query}");
    }
}

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
        orders.insert(ids(&s.get(path).await.1));
    }
    assert!(orders.len() > 1, "ties are not broken by id: {orders:?}");

    s.central.advance_clock(Duration::seconds(1));
    let (status, _) = s
        .send(Method::PUT, "/api/customers/4", json!({"name": "Changed"}))
        .await;
    assert_eq!(status, 200);
    for _ in 0..5 {
        assert_eq!(
            ids(&s.get(path).await.1)[0],
            4,
            "the one changed a second later leads"
        );
    }
}

#[tokio::test]
async fn stats_answer_the_aggregates_with_or_without_a_trailing_slash() {
    let s = session().await;
    s.central.insert_customer(json!({"name": "A", "email": "a@x.ke", "phone": "1", "balance": 100.0, "usage_percentage": 40}));
    s.central.insert_customer(json!({"name": "B", "email": "b@x.ke", "phone": "2", "balance": 0.0, "usage_percentage": 60, "status": "suspended"}));
    s.central.insert_customer(
        json!({"name": "C", "email": "c@x.ke", "phone": "3", "balance": 50.5, "status": "pending"}),
    );
    for path in ["/api/customers/stats", "/api/customers/stats/"] {
        let (status, stats) = s.get(path).await;
        assert_eq!(status, 200, "{path}");
        assert_eq!(
            keys(&stats),
            BTreeSet::from([
                "active",
                "average_balance",
                "average_usage",
                "customers_with_balance",
                "pending",
                "suspended",
                "top_customers",
                "total",
                "total_balance"
            ])
        );
        assert_eq!(
            (
                &stats["total"],
                &stats["active"],
                &stats["suspended"],
                &stats["pending"]
            ),
            (&json!(3), &json!(1), &json!(1), &json!(1))
        );
        assert_eq!(stats["total_balance"], 150.5);
        assert_eq!(stats["average_balance"], 50.17);
        assert_eq!(stats["customers_with_balance"], 2);
        assert_eq!(stats["average_usage"], 33.33);
        assert_eq!(
            stats["top_customers"][0],
            json!({"id": 1, "name": "A", "balance": 100.0})
        );
    }
}

#[tokio::test]
async fn status_balance_and_usage_answer_message_and_customer_and_restamp_it() {
    let s = session().await;
    let id = s.create("Auma", "auma@x.ke").await;
    s.central.advance_clock(Duration::seconds(90));
    for (route, body, field, value) in [
        (
            "status",
            json!({"status": "suspended"}),
            "status",
            json!("suspended"),
        ),
        (
            "balance",
            json!({"balance": 1500.5}),
            "balance",
            json!(1500.5),
        ),
        (
            "usage",
            json!({"usage_percentage": 73, "device_count": 4}),
            "usage_percentage",
            json!(73),
        ),
    ] {
        let (status, answer) = s
            .send(Method::PUT, &format!("/api/customers/{id}/{route}"), body)
            .await;
        assert_eq!(status, 200, "{route}: {answer}");
        assert_eq!(keys(&answer), BTreeSet::from(["customer", "message"]));
        assert_eq!(answer["customer"][field], value, "{route}");
        assert_eq!(
            answer["customer"]["updated_at"], "2026-11-25T08:01:30",
            "the double's clock"
        );
        assert_eq!(answer["customer"]["created_at"], START);
    }
    assert_eq!(s.central.customer(id).unwrap()["device_count"], 4);
    let (status, _) = s
        .send(
            Method::PUT,
            &format!("/api/customers/{id}/balance"),
            json!({}),
        )
        .await;
    assert_eq!(status, 400, "a balance route without a balance");
}

// ---- quirks ----

#[tokio::test]
async fn an_unknown_id_is_a_500_saying_404_except_on_delete() {
    let s = session().await;
    for (method, path, body) in [
        (Method::GET, "/api/customers/999", None),
        (
            Method::PUT,
            "/api/customers/999",
            Some(json!({"name": "X"})),
        ),
        (
            Method::PUT,
            "/api/customers/999/status",
            Some(json!({"status": "active"})),
        ),
        (
            Method::PUT,
            "/api/customers/999/balance",
            Some(json!({"balance": 1.0})),
        ),
        (
            Method::PUT,
            "/api/customers/999/usage",
            Some(json!({"usage_percentage": 1})),
        ),
        (Method::GET, "/api/customers/999/invoices", None),
        (Method::GET, "/api/customers/999/payments", None),
        (Method::GET, "/api/customers/999/tickets", None),
    ] {
        let mut request = s.call(method.clone(), path);
        if let Some(body) = body {
            request = request.json(&body);
        }
        let (status, answer) = json_of(request).await;
        assert_eq!(status, 500, "{method} {path}");
        assert!(
            answer["error"].as_str().unwrap().contains("404 Not Found"),
            "{method} {path}: {answer}"
        );
    }
    let (status, answer) = json_of(s.call(Method::DELETE, "/api/customers/999")).await;
    assert_eq!(status, 404, "DELETE answers a real 404");
    assert!(answer["error"].is_string());
}

#[tokio::test]
async fn delete_of_an_existing_customer_fails_with_500_and_keeps_it() {
    let s = session().await;
    let id = s.create("Kamau", "kamau@x.ke").await;
    let (status, answer) = json_of(s.call(Method::DELETE, &format!("/api/customers/{id}"))).await;
    assert_eq!(status, 500, "{answer}");
    assert!(answer["error"].is_string());
    assert_eq!(s.central.customers().len(), 1, "nothing was deleted");
    assert_eq!(s.get(&format!("/api/customers/{id}")).await.0, 200);
}

#[tokio::test]
async fn once_deletes_work_delete_answers_a_message_and_leaves_no_tombstone() {
    let s = session().await;
    s.central.set_deletes_working(true);
    s.create("First", "first@x.ke").await;
    let second = s.create("Second", "second@x.ke").await;
    let (status, answer) =
        json_of(s.call(Method::DELETE, &format!("/api/customers/{second}"))).await;
    assert_eq!(status, 200);
    assert_eq!(keys(&answer), BTreeSet::from(["message"]));
    let (_, page) = s.get("/api/customers?per_page=100").await;
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
async fn related_lists_fail_for_existing_customers_until_the_later_version() {
    let s = session().await;
    let id = s.create("Wekesa", "wekesa@x.ke").await;
    for kind in ["invoices", "payments", "tickets"] {
        let (status, answer) = s.get(&format!("/api/customers/{id}/{kind}")).await;
        assert_eq!(status, 500, "{kind}: {answer}");
    }
    s.central.set_related_lists_working(true);
    for kind in ["invoices", "payments", "tickets"] {
        let (status, page) = s
            .get(&format!("/api/customers/{id}/{kind}?page=1&per_page=5"))
            .await;
        assert_eq!(status, 200, "{kind}");
        assert_eq!(
            page,
            json!({kind: [], "total": 0, "pages": 0, "current_page": 1, "per_page": 5})
        );
    }
}

#[tokio::test]
async fn put_ignores_package_join_date_and_last_payment_date_but_applies_the_other_fields() {
    let s = session().await;
    let id = s.create("Mutua", "mutua@x.ke").await;
    let (status, answer) = s
        .send(
            Method::PUT,
            &format!("/api/customers/{id}"),
            json!({"package": "Premium 50Mbps", "join_date": "2020-01-01T00:00:00",
                   "last_payment_date": "2020-02-01T00:00:00", "name": "Mutua K."}),
        )
        .await;
    assert_eq!(status, 200, "the server says it updated");
    let customer = &answer["customer"];
    assert_eq!(
        customer["package"], "Basic WiFi",
        "but did not apply the package"
    );
    assert_eq!(customer["join_date"], START, "nor the join date");
    assert_eq!(
        customer["last_payment_date"],
        Value::Null,
        "nor the last payment date"
    );
    assert_eq!(customer["name"], "Mutua K.", "the name was applied");
    assert_eq!(&s.central.customer(id).unwrap(), customer, "as stored");
}

#[tokio::test]
async fn status_balance_and_usage_refuse_what_their_views_check_with_400() {
    let s = session().await;
    let id = s.create("Nduta", "nduta@x.ke").await;
    let before = s.central.customer(id).unwrap();
    for (route, body, error) in [
        ("status", json!({}), "Status is required"),
        ("status", json!({"status": "Active"}), "Invalid status"),
        ("balance", json!({"balance": null}), "Balance is required"),
        (
            "balance",
            json!({"balance": "twelve"}),
            "Invalid balance amount",
        ),
        (
            "usage",
            json!({"usage_percentage": 101}),
            "Usage percentage must be between 0 and 100",
        ),
        (
            "usage",
            json!({"usage_percentage": 50.0}),
            "Usage percentage must be between 0 and 100",
        ),
        (
            "usage",
            json!({"usage_percentage": 5, "device_count": -1}),
            "Device count must be a positive integer",
        ),
    ] {
        let path = format!("/api/customers/{id}/{route}");
        let (status, answer) = s.send(Method::PUT, &path, body.clone()).await;
        assert_eq!(
            (status, answer),
            (400, json!({ "error": error })),
            "{route} refuses {body}"
        );
    }
    assert_eq!(
        s.central.customer(id).unwrap(),
        before,
        "a refused write changes nothing, not even the usage checked before the device count"
    );
}

#[tokio::test]
async fn email_uniqueness_is_case_sensitive_and_untrimmed() {
    let s = session().await;
    let first = s.create("One", "a@x.ke").await;
    let body = |email: &str| json!({"name": "Two", "email": email, "phone": "+254700000002"});
    let (status, answer) = s.send(Method::POST, "/api/customers", body("a@x.ke")).await;
    assert_eq!(
        (status, answer),
        (409, json!({"error": "Email already registered"}))
    );
    assert_eq!(
        s.send(Method::POST, "/api/customers", body("A@x.ke"))
            .await
            .0,
        201,
        "other case"
    );
    let (status, created) = s
        .send(Method::POST, "/api/customers", body(" a@x.ke"))
        .await;
    assert_eq!(status, 201, "untrimmed");
    assert_eq!(created["customer"]["email"], " a@x.ke", "stored as sent");

    let other = created["customer"]["id"].as_i64().unwrap();
    let path = format!("/api/customers/{other}");
    let (status, answer) = s.send(Method::PUT, &path, json!({"email": "a@x.ke"})).await;
    assert_eq!(
        (status, answer),
        (409, json!({"error": "Email already taken"}))
    );
    let own = format!("/api/customers/{first}");
    assert_eq!(
        s.send(Method::PUT, &own, json!({"email": "a@x.ke"}))
            .await
            .0,
        200,
        "its own email"
    );
}

#[tokio::test]
async fn values_the_app_refuses_are_stored_and_echoed() {
    let s = session().await;
    let name = "N".repeat(80);
    let (status, text) = text_of(s.call(Method::POST, "/api/customers").json(&json!({
        "name": name, "email": "loose@x.ke", "phone": "not a phone",
        "usage_percentage": 101, "device_count": -3, "balance": 1e20
    })))
    .await;
    assert_eq!(status, 201, "{text}");
    assert!(
        text.contains("\"balance\":1e+20"),
        "Python writes 1e20 as 1e+20: {text}"
    );
    let customer = &serde_json::from_str::<Value>(&text).unwrap()["customer"];
    assert_eq!(customer["name"], name.as_str());
    assert_eq!(
        (&customer["usage_percentage"], &customer["device_count"]),
        (&json!(101), &json!(-3))
    );
    assert_eq!(customer["balance"], 1e20);
}

#[tokio::test]
async fn a_nan_balance_is_stored_as_null() {
    let s = session().await;
    let body = r#"{"name": "Nan", "email": "nan@x.ke", "phone": "1", "balance": NaN}"#;
    let (status, text) = s
        .send_text(Method::POST, "/api/customers", "application/json", body)
        .await;
    assert_eq!(status, 201, "Python's json.loads reads a bare NaN: {text}");
    let id = serde_json::from_str::<Value>(&text).unwrap()["customer"]["id"]
        .as_i64()
        .unwrap();
    assert_eq!(
        s.central.customer(id).unwrap()["balance"],
        Value::Null,
        "SQLite stores NaN as NULL"
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
    let (status, text) = text_of(s.call(Method::GET, &format!("/api/customers/{id}"))).await;
    assert_eq!(status, 200);
    check("the customer", &text, "\"balance\":Infinity");
    check(
        "a list page holding it",
        &text_of(s.call(Method::GET, "/api/customers")).await.1,
        "\"balance\":Infinity",
    );
    check(
        "the stats",
        &text_of(s.call(Method::GET, "/api/customers/stats")).await.1,
        "\"total_balance\":Infinity",
    );

    let (status, page) = s.get("/api/customers?search=fine").await;
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
        .send_text(
            Method::PUT,
            &path,
            "application/json",
            r#"{"balance": -Infinity}"#,
        )
        .await;
    assert_eq!(status, 200);
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
        let (status, answer) = s.send(Method::POST, "/api/customers", body).await;
        assert_eq!(status, 201);
        assert_eq!(answer["customer"]["balance"], 10.13, "shown to 2 places");
    }
    let (_, stats) = s.get("/api/customers/stats").await;
    assert_eq!(
        stats["total_balance"], 20.25,
        "20.252 summed as stored, not 20.26 from the shown values"
    );
}

#[tokio::test]
async fn an_invalid_status_is_a_500_and_changes_nothing() {
    let s = session().await;
    let body = json!({"name": "S", "email": "s@x.ke", "phone": "1", "status": "Active"});
    let (status, answer) = s.send(Method::POST, "/api/customers", body).await;
    assert_eq!(status, 500, "{answer}");
    assert!(s.central.customers().is_empty(), "nothing created");

    let id = s.create("S", "s@x.ke").await;
    let before = s.central.customer(id).unwrap();
    let body = json!({"status": "closed", "name": "Renamed"});
    let (status, answer) = s
        .send(Method::PUT, &format!("/api/customers/{id}"), body)
        .await;
    assert_eq!(
        status, 500,
        "PUT lets the enum's ValueError through: {answer}"
    );
    assert_eq!(
        s.central.customer(id).unwrap(),
        before,
        "not even the valid name was applied"
    );
}

#[tokio::test]
async fn a_body_that_is_not_json_is_a_500() {
    let s = session().await;
    let id = s.create("J", "j@x.ke").await;
    for (method, path, content_type, body) in [
        (
            Method::POST,
            "/api/customers".to_owned(),
            "text/plain",
            r#"{"name": "x"}"#,
        ),
        (
            Method::POST,
            "/api/customers".to_owned(),
            "application/json",
            "{name: x",
        ),
        (
            Method::PUT,
            format!("/api/customers/{id}"),
            "application/json",
            "not json",
        ),
        (
            Method::PUT,
            format!("/api/customers/{id}/usage"),
            "application/json",
            "[1, 2]",
        ),
    ] {
        let (status, text) = s.send_text(method.clone(), &path, content_type, body).await;
        assert_eq!(status, 500, "{method} {path} {content_type}: {text}");
        assert!(serde_json::from_str::<Value>(&text).unwrap()["error"].is_string());
    }
    assert_eq!(s.central.customers().len(), 1);
}

#[tokio::test]
async fn a_seed_may_break_every_rule_of_ours() {
    let s = session().await;
    let id = s.central.insert_customer(json!({
        "name": "L".repeat(80), "email": "Seed@X.KE ", "phone": "0712", "status": "closed",
        "usage_percentage": 101, "device_count": -2, "balance": 12.346,
        "updated_at": "2026-01-01T00:00:00"
    }));
    let (status, customer) = s.get(&format!("/api/customers/{id}")).await;
    assert_eq!(status, 200);
    assert_eq!(customer["status"], "closed");
    assert_eq!(customer["email"], "Seed@X.KE ");
    assert_eq!(customer["usage_percentage"], 101);
    assert_eq!(customer["balance"], 12.35, "shown rounded to 2 places");
    assert_eq!(customer["updated_at"], "2026-01-01T00:00:00");
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
            s.call(method.clone(), &path)
                .json(&json!({"status": "active", "name": "Q", "email": "q@x.ke", "phone": "1"})),
        )
        .await;
        assert_eq!(
            (status, answer),
            (402, json!({"error": "subscription unpaid"})),
            "{method} {path}"
        );
    }
    let (status, _) = json_of(
        s.http
            .post(s.url("/api/auth/login"))
            .json(&json!({"email": EMAIL, "password": PASSWORD})),
    )
    .await;
    assert_eq!(status, 200, "signing in still works");
    assert_eq!(s.central.customers().len(), 1, "nothing was created");
    s.central.set_subscription_unpaid(false);
    assert_eq!(s.get("/api/customers").await.0, 200);
}

// ---- faults ----

#[tokio::test]
async fn a_status_fault_hits_only_the_next_n_matching_requests() {
    let s = session().await;
    s.central
        .fault(Fault::Status(503).on("POST", "/api/customers").times(2));
    assert_eq!(
        s.get("/api/customers").await.0,
        200,
        "GET does not match a POST fault"
    );
    let body = json!({"name": "F", "email": "f@x.ke", "phone": "1"});
    for _ in 0..2 {
        let (status, answer) = s.send(Method::POST, "/api/customers", body.clone()).await;
        assert_eq!(status, 503);
        assert!(answer["error"].is_string(), "{answer}");
    }
    assert!(
        s.central.customers().is_empty(),
        "a status fault applies nothing"
    );
    assert_eq!(
        s.send(Method::POST, "/api/customers", body).await.0,
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
        let (status, answer) = s.get("/api/customers/stats").await;
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
    let (status, _) = s.get("/api/customers").await;
    assert_eq!(status, 200);
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
        (Some(Fault::DropConnection), None)
    );
    assert_eq!(
        s.get("/api/customers").await.0,
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
        .call(Method::POST, "/api/customers")
        .json(&body)
        .send()
        .await;
    assert!(sent.is_err(), "the answer never arrives");
    let held = s.central.customers();
    assert_eq!(held.len(), 1, "but the customer was created");
    assert_eq!(held[0]["email"], "lost@x.ke");
    let (status, answer) = s.send(Method::POST, "/api/customers", body).await;
    assert_eq!(
        (status, answer),
        (409, json!({"error": "Email already registered"})),
        "no idempotency: a blind retry is refused"
    );

    let id = held[0]["id"].as_i64().unwrap();
    s.central
        .fault(Fault::ApplyThenDropResponse.on("PUT", "/api/customers/"));
    let sent = s
        .call(Method::PUT, &format!("/api/customers/{id}/status"))
        .json(&json!({"status": "suspended"}))
        .send()
        .await;
    assert!(sent.is_err());
    assert_eq!(s.central.customer(id).unwrap()["status"], "suspended");
}

// ---- the request record and the server's life ----

#[tokio::test]
async fn requests_are_recorded_as_sent_with_the_status_answered() {
    let s = session().await;
    s.central.clear_requests();
    s.get("/api/customers?sort_by=updated_at&sort_order=desc")
        .await;
    s.send(
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
        ("GET", "/api/customers")
    );
    assert_eq!(
        recorded[0].query.as_deref(),
        Some("sort_by=updated_at&sort_order=desc")
    );
    assert_eq!(
        recorded[0].authorization,
        Some(format!("Bearer {}", s.access))
    );
    assert_eq!(
        (recorded[0].status, recorded[0].body.as_str()),
        (Some(200), "")
    );

    assert_eq!(recorded[1].method, "POST");
    assert_eq!(
        recorded[1].json(),
        Some(json!({"name": "R", "email": "r@x.ke"}))
    );
    assert_eq!(
        recorded[1].status,
        Some(400),
        "the missing phone was refused"
    );
    assert_eq!(recorded[1].fault, None);
}

#[tokio::test]
async fn unknown_urls_and_non_numeric_ids_are_404() {
    let s = session().await;
    for path in ["/api/nothing", "/api/customers/abc", "/api/customers/-1"] {
        assert_eq!(s.get(path).await.0, 404, "{path}");
    }
}

#[tokio::test]
async fn after_shutdown_nothing_answers() {
    let s = session().await;
    let url = s.url("/api/customers");
    s.central.shutdown().await;
    let fresh = reqwest::Client::new();
    assert!(fresh.get(&url).send().await.is_err(), "the port is closed");
}
