//! What any running central service must show (CONTRACT.md part 2), checked only through HTTP,
//! so the same suite runs against the double and against the real service:
//!
//! ```text
//! cargo test -p infora-central-double --test conformance               # a fresh double per test
//! INFORA_CENTRAL_URL=http://127.0.0.1:5055 INFORA_CENTRAL_EMAIL=… INFORA_CENTRAL_PASSWORD=… \
//!   cargo test -p infora-central-double --test conformance             # a running service
//! ```
//!
//! A real service keeps its data and serves every test at once, so no test relies on an empty
//! database or on another test: each makes its own customers under a tag unique to the run,
//! finds them by searching for that tag, and never reads a total it did not make.

mod support;

use chrono::NaiveDateTime;
use infora_central_double::CentralDouble;
use reqwest::Method;
use serde_json::{json, Value};
use std::collections::BTreeSet;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use support::{ids, json_of, keys, text_of, Api, CUSTOMER_KEYS};

/// The user a double is started with.
const DOUBLE_EMAIL: &str = "agent@infora.ke";
const DOUBLE_PASSWORD: &str = "secret";
/// An id no service under test has handed out.
const UNKNOWN_ID: i64 = 2_147_483_000;

/// The central service under test and a client signed in to it.
struct Target {
    api: Api,
    email: String,
    password: String,
    /// The double this test started, when no `INFORA_CENTRAL_URL` is set; held so that it
    /// serves until the test ends.
    double: Option<CentralDouble>,
}

impl Target {
    async fn new() -> Self {
        match std::env::var("INFORA_CENTRAL_URL") {
            Ok(url) => {
                let setting = |name: &str| {
                    std::env::var(name)
                        .unwrap_or_else(|_| panic!("INFORA_CENTRAL_URL needs {name} as well"))
                };
                let (email, password) = (
                    setting("INFORA_CENTRAL_EMAIL"),
                    setting("INFORA_CENTRAL_PASSWORD"),
                );
                let api = Api::sign_in(url.trim_end_matches('/'), &email, &password).await;
                Self {
                    api,
                    email,
                    password,
                    double: None,
                }
            }
            Err(_) => {
                let double = CentralDouble::start().await;
                double.add_user(DOUBLE_EMAIL, DOUBLE_PASSWORD);
                let api = Api::sign_in(&double.base_url(), DOUBLE_EMAIL, DOUBLE_PASSWORD).await;
                Self {
                    api,
                    email: DOUBLE_EMAIL.to_owned(),
                    password: DOUBLE_PASSWORD.to_owned(),
                    double: Some(double),
                }
            }
        }
    }

    /// Lets the service's clock pass into its next second, so that the next write is stamped
    /// later than the last one (stamps have one-second resolution): the double's clock is
    /// moved, a real service is waited for.
    async fn next_second(&self) {
        match &self.double {
            Some(double) => double.advance_clock(chrono::Duration::seconds(1)),
            None => tokio::time::sleep(Duration::from_millis(1100)).await,
        }
    }

    /// Creates customer number `n` of a test's `tag` with `extra` fields over the required ones.
    async fn create(&self, tag: &str, n: usize, extra: Value) -> Value {
        let mut body = fields(tag, n);
        merge(&mut body, extra);
        self.api.create(body).await
    }

    /// This test's customers, found by searching for its tag.
    async fn page_of(&self, tag: &str, query: &str) -> Value {
        let (status, page) = self
            .api
            .get(&format!("/api/customers?search={tag}&{query}"))
            .await;
        assert_eq!(status, 200, "a search by tag is answered: {page}");
        page
    }

    async fn customer(&self, id: i64) -> Value {
        let (status, customer) = self.api.get(&format!("/api/customers/{id}")).await;
        assert_eq!(status, 200, "customer {id} can be read: {customer}");
        customer
    }
}

/// A tag no other test of this run, nor any earlier run against the same service, uses: the
/// clock, this process and a counter. The counter is the one piece of shared state, so that
/// tests running at once in one process never draw the same tag.
fn tag() -> String {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    format!("cf{nanos:x}p{:x}n{n}", std::process::id())
}

/// The required fields of customer number `n` of a tag; its name and email hold the tag.
fn fields(tag: &str, n: usize) -> Value {
    json!({"name": format!("Conformance {tag} {n}"), "email": email(tag, n),
           "phone": "+254700000000"})
}

fn email(tag: &str, n: usize) -> String {
    format!("{tag}-{n}@conformance.example")
}

fn merge(body: &mut Value, extra: Value) {
    if let (Value::Object(body), Value::Object(extra)) = (body, extra) {
        body.extend(extra);
    }
}

fn id_of(customer: &Value) -> i64 {
    customer["id"]
        .as_i64()
        .unwrap_or_else(|| panic!("a customer has an integer id: {customer}"))
}

/// ISO-8601 without a zone, to the second: how the service writes every stamp.
fn is_stamp(value: &Value) -> bool {
    value
        .as_str()
        .is_some_and(|s| NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S").is_ok())
}

/// `customer` without the keys named, to compare what a write must have left alone.
fn without(customer: &Value, keys: &[&str]) -> Value {
    let mut rest = customer.clone();
    if let Value::Object(map) = &mut rest {
        for key in keys {
            map.remove(*key);
        }
    }
    rest
}

// ---- sign-in and tokens ----

#[tokio::test]
async fn sign_in_answers_both_tokens_and_the_user() {
    let t = Target::new().await;
    let (status, body) = t
        .api
        .login(&json!({"email": t.email, "password": t.password}))
        .await;
    assert_eq!(status, 200, "the right credentials sign in: {body}");
    assert_eq!(
        keys(&body),
        BTreeSet::from([
            "access_token",
            "message",
            "refresh_token",
            "success",
            "user"
        ]),
        "the sign-in answer's keys"
    );
    assert_eq!(body["success"], true, "success is a boolean true");
    assert!(
        body["access_token"].is_string() && body["refresh_token"].is_string(),
        "both tokens are strings: {body}"
    );
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
        ]),
        "the user's keys"
    );
    assert!(body["user"]["id"].is_i64(), "the user's id is an integer");
    assert!(
        body["user"]["last_login"]
            .as_str()
            .is_some_and(|s| { NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f").is_ok() }),
        "last_login is this sign-in, ISO-8601 without a zone (microseconds allowed): {body}"
    );
    assert!(
        body["user"]["email"]
            .as_str()
            .is_some_and(|e| e.eq_ignore_ascii_case(&t.email)),
        "the user signed in is the one asked for: {body}"
    );
}

#[tokio::test]
async fn sign_in_with_wrong_credentials_is_401_with_an_error_body() {
    let t = Target::new().await;
    let stranger = format!("{}@nowhere.example", tag());
    for (email, password) in [
        (t.email.as_str(), "not-the-password"),
        (stranger.as_str(), t.password.as_str()),
    ] {
        let (status, body) = t
            .api
            .login(&json!({"email": email, "password": password}))
            .await;
        assert_eq!(status, 401, "{email} / {password} do not sign in: {body}");
        assert!(
            body["error"].is_string(),
            "sign-in errors use `error`: {body}"
        );
    }
}

#[tokio::test]
async fn sign_in_trims_and_lower_cases_the_email_but_not_the_password() {
    let t = Target::new().await;
    let shouted = format!("  {}  ", t.email.to_uppercase());
    let (status, body) = t
        .api
        .login(&json!({"email": shouted, "password": t.password}))
        .await;
    assert_eq!(status, 200, "{shouted:?} is the same user: {body}");
    let (status, body) = t
        .api
        .login(&json!({"email": t.email, "password": t.password.to_uppercase()}))
        .await;
    assert_eq!(status, 401, "the password's case matters: {body}");
}

#[tokio::test]
async fn sign_in_without_email_or_password_is_400() {
    let t = Target::new().await;
    for body in [
        json!({"email": t.email}),
        json!({"password": t.password}),
        json!({"email": "", "password": t.password}),
        json!({}),
    ] {
        let (status, answer) = t.api.login(&body).await;
        assert_eq!(status, 400, "{body} lacks a field: {answer}");
        assert!(
            answer["error"].is_string(),
            "a refused sign-in says why under `error`: {answer}"
        );
    }
}

#[tokio::test]
async fn sign_in_with_a_password_that_is_not_text_is_a_500() {
    let t = Target::new().await;
    let (status, body) = t
        .api
        .login(&json!({"email": t.email, "password": 12345}))
        .await;
    assert_eq!(
        status, 500,
        "the password check cannot encode a number: {body}"
    );
    assert!(
        body["error"]
            .as_str()
            .is_some_and(|e| e.starts_with("Login failed: ")),
        "the sign-in view's catch-all: {body}"
    );
}

#[tokio::test]
async fn a_customer_route_without_a_token_is_401_with_msg() {
    let t = Target::new().await;
    for path in ["/api/customers", "/api/customers/stats", "/api/customers/1"] {
        let (status, body) = json_of(t.api.http.get(t.api.url(path))).await;
        assert_eq!(status, 401, "{path} needs a token: {body}");
        assert_eq!(
            keys(&body),
            BTreeSet::from(["msg"]),
            "token problems use `msg`, not `error`: {body}"
        );
    }
}

#[tokio::test]
async fn a_malformed_forged_or_refresh_token_is_422_with_msg() {
    let t = Target::new().await;
    for (token, why) in [
        ("not-a-jwt", "malformed"),
        (
            "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOjF9.forged",
            "a bad signature",
        ),
        ("eyJhbGciOiJub25lIn0.eyJzdWIiOjF9.", "alg=none"),
        (t.api.refresh.as_str(), "a refresh token used as access"),
    ] {
        let (status, body) = t.api.get_as(token, "/api/customers").await;
        assert_eq!(status, 422, "{why} is 422: {body}");
        assert_eq!(
            keys(&body),
            BTreeSet::from(["msg"]),
            "{why}: token problems use `msg`: {body}"
        );
    }
}

#[tokio::test]
async fn refresh_gives_a_working_access_token_and_refuses_an_access_token() {
    let t = Target::new().await;
    let (status, body) = t.api.refresh_with(&t.api.access).await;
    assert_eq!(status, 422, "an access token cannot refresh: {body}");
    assert!(body["msg"].is_string(), "a token problem: {body}");

    let (status, body) = t.api.refresh_with(&t.api.refresh).await;
    assert_eq!(status, 200, "the refresh token refreshes: {body}");
    assert_eq!(
        keys(&body),
        BTreeSet::from(["access_token", "message", "success"]),
        "a refresh answers a new access token only"
    );
    let fresh = body["access_token"]
        .as_str()
        .unwrap_or_else(|| panic!("a new access token: {body}"));
    let (status, page) = t.api.get_as(fresh, "/api/customers").await;
    assert_eq!(status, 200, "the new access token works: {page}");
}

// ---- shapes ----

#[tokio::test]
async fn create_answers_201_with_a_message_and_every_key_of_a_customer() {
    let t = Target::new().await;
    let tag = tag();
    let (status, text) = text_of(
        t.api
            .call(Method::POST, "/api/customers")
            .json(&fields(&tag, 0)),
    )
    .await;
    assert_eq!(status, 201, "a customer with its required fields: {text}");
    assert!(
        text.contains("\"balance\":0.0"),
        "the balance is a JSON float, not a string or an integer: {text}"
    );
    let body: Value =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: the answer is JSON: {text}"));
    assert_eq!(
        keys(&body),
        BTreeSet::from(["customer", "message"]),
        "create answers {{message, customer}}"
    );
    assert!(body["message"].is_string(), "a message: {body}");
    let customer = &body["customer"];
    assert_eq!(
        keys(customer),
        BTreeSet::from(CUSTOMER_KEYS),
        "every key of a customer, no more"
    );
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
        assert_eq!(
            customer[field], default,
            "{field} has the service's default"
        );
    }
    for stamp in ["join_date", "created_at", "updated_at"] {
        assert!(
            is_stamp(&customer[stamp]),
            "{stamp} is ISO-8601 without a zone, whole seconds: {}",
            customer[stamp]
        );
    }
}

#[tokio::test]
async fn create_stores_its_nine_fields_and_ignores_join_date_last_payment_date_id_and_stamps() {
    let t = Target::new().await;
    let tag = tag();
    let stored = json!({
        "name": format!("Wanjiku {tag}"), "email": email(&tag, 0), "phone": "+254712345678",
        "address": "12 Moi Avenue, Nairobi", "status": "suspended", "balance": 1234.5,
        "package": format!("Gold {tag}"), "usage_percentage": 33, "device_count": 2
    });
    let ignored = json!({
        "join_date": "2001-02-03T04:05:06", "last_payment_date": "2001-03-04T05:06:07",
        "id": UNKNOWN_ID, "created_at": "2001-02-03T04:05:06", "updated_at": "2001-02-03T04:05:06"
    });
    let mut body = stored.clone();
    merge(&mut body, ignored.clone());
    let created = t.api.create(body).await;
    for (field, sent) in stored.as_object().into_iter().flatten() {
        assert_eq!(&created[field], sent, "create stores {field}");
    }
    assert_ne!(created["id"], ignored["id"], "the server picks the id");
    assert_eq!(
        created["last_payment_date"],
        Value::Null,
        "last_payment_date is not taken on create"
    );
    for stamp in ["join_date", "created_at", "updated_at"] {
        assert_ne!(
            created[stamp], ignored[stamp],
            "{stamp} is not taken on create"
        );
    }
    assert_eq!(
        created["join_date"], created["created_at"],
        "join_date is the server's now, the moment of creation"
    );
    assert_eq!(
        t.customer(id_of(&created)).await,
        created,
        "the answer is what was stored"
    );
}

#[tokio::test]
async fn create_takes_null_as_the_default_where_the_column_has_one() {
    let t = Target::new().await;
    let tag = tag();
    let created = t
        .create(
            &tag,
            0,
            json!({"balance": null, "usage_percentage": null, "device_count": null,
                   "address": null, "status": null}),
        )
        .await;
    assert_eq!(
        (
            &created["balance"],
            &created["usage_percentage"],
            &created["device_count"],
            &created["address"],
            &created["status"]
        ),
        (
            &json!(0.0),
            &json!(0),
            &json!(0),
            &Value::Null,
            &json!("active")
        ),
        "null is the default for balance, usage, devices and status; address has none"
    );
    let mut body = fields(&tag, 1);
    body["package"] = Value::Null;
    let (status, answer) = t.api.send(Method::POST, "/api/customers", body).await;
    assert_eq!(
        status, 500,
        "package has no default in the column: null breaks NOT NULL: {answer}"
    );
    assert_eq!(
        t.page_of(&tag, "").await["total"],
        1,
        "the one with a null package was not stored"
    );
}

#[tokio::test]
async fn create_without_name_email_or_phone_is_400_and_stores_nothing() {
    let t = Target::new().await;
    let tag = tag();
    let full = fields(&tag, 0);
    for missing in ["name", "email", "phone"] {
        let mut absent = full.clone();
        if let Some(map) = absent.as_object_mut() {
            map.remove(missing);
        }
        let mut empty = full.clone();
        empty[missing] = json!("");
        for body in [absent, empty] {
            let (status, answer) = t.api.send(Method::POST, "/api/customers", body).await;
            assert_eq!(status, 400, "{missing} is required: {answer}");
            assert!(answer["error"].is_string(), "says why: {answer}");
        }
    }
    assert_eq!(
        t.page_of(&tag, "").await["total"],
        0,
        "no refused create stored anything"
    );
}

#[tokio::test]
async fn get_answers_the_customer_unwrapped() {
    let t = Target::new().await;
    let created = t.create(&tag(), 0, json!({})).await;
    let (status, body) = t
        .api
        .get(&format!("/api/customers/{}", id_of(&created)))
        .await;
    assert_eq!(status, 200, "a known id: {body}");
    assert_eq!(
        keys(&body),
        BTreeSet::from(CUSTOMER_KEYS),
        "the customer itself, not wrapped in {{customer}}"
    );
    assert_eq!(body, created, "what create answered");
}

#[tokio::test]
async fn put_stores_eight_fields_and_ignores_package_join_date_last_payment_date_and_stamps() {
    let t = Target::new().await;
    let tag = tag();
    let before = t.create(&tag, 0, json!({"package": "Basic WiFi"})).await;
    let id = id_of(&before);
    let stored = json!({
        "name": format!("Otieno {tag}"), "email": email(&tag, 1), "phone": "+254733333333",
        "address": "4 Kenyatta Road, Kisumu", "status": "pending", "balance": 99.75,
        "usage_percentage": 12, "device_count": 4
    });
    let ignored = json!({
        "package": "Platinum", "join_date": "2001-02-03T04:05:06",
        "last_payment_date": "2001-03-04T05:06:07", "created_at": "2001-02-03T04:05:06",
        "updated_at": "2001-02-03T04:05:06", "id": UNKNOWN_ID
    });
    let mut body = stored.clone();
    merge(&mut body, ignored.clone());
    let (status, answer) = t
        .api
        .send(Method::PUT, &format!("/api/customers/{id}"), body)
        .await;
    assert_eq!(status, 200, "PUT answers 200: {answer}");
    assert_eq!(
        keys(&answer),
        BTreeSet::from(["customer", "message"]),
        "PUT answers {{message, customer}}"
    );
    let after = &answer["customer"];
    for (field, sent) in stored.as_object().into_iter().flatten() {
        assert_eq!(&after[field], sent, "PUT stores {field}");
    }
    for field in [
        "package",
        "join_date",
        "last_payment_date",
        "created_at",
        "id",
    ] {
        assert_eq!(after[field], before[field], "PUT ignores {field}");
    }
    assert_ne!(
        after["updated_at"], ignored["updated_at"],
        "updated_at is the server's, never the one sent"
    );
    assert_eq!(
        &t.customer(id).await,
        after,
        "the answer is what was stored"
    );
}

/// A body for `route` of a fresh customer that sends the route's own `fields` and every other
/// field of a customer besides. Checks that the route answers 200 `{message, customer}` and
/// stores only its own fields; returns the customer before and after.
async fn write_only(t: &Target, route: &str, fields: Value) -> (Value, Value) {
    let tag = tag();
    let before = t.create(&tag, 0, json!({})).await;
    let mut body = json!({
        "name": "Renamed", "email": email(&tag, 1), "phone": "1", "address": "Elsewhere",
        "status": "pending", "balance": 5.0, "package": "Gold", "usage_percentage": 9,
        "device_count": 9, "join_date": "2001-02-03T04:05:06",
        "last_payment_date": "2001-03-04T05:06:07"
    });
    merge(&mut body, fields.clone());
    let path = format!("/api/customers/{}/{route}", id_of(&before));
    let (status, answer) = t.api.send(Method::PUT, &path, body).await;
    assert_eq!(status, 200, "{route} takes {fields}: {answer}");
    assert_eq!(
        keys(&answer),
        BTreeSet::from(["customer", "message"]),
        "{route} answers {{message, customer}}"
    );
    let after = answer["customer"].clone();
    let mut own: Vec<&str> = fields
        .as_object()
        .into_iter()
        .flatten()
        .map(|(k, _)| k.as_str())
        .collect();
    own.push("updated_at");
    assert_eq!(
        without(&after, &own),
        without(&before, &own),
        "{route} ignores every field but its own"
    );
    (before, after)
}

/// Each body is refused by `route` of `customer` with 400 and an error, and changes nothing.
async fn assert_refused(t: &Target, customer: &Value, route: &str, bodies: &[Value]) {
    let path = format!("/api/customers/{}/{route}", id_of(customer));
    for body in bodies {
        let (status, answer) = t.api.send(Method::PUT, &path, body.clone()).await;
        assert_eq!(status, 400, "{route} refuses {body}: {answer}");
        assert!(answer["error"].is_string(), "{route} says why: {answer}");
    }
    assert_eq!(
        &t.customer(id_of(customer)).await,
        customer,
        "what {route} refused changed nothing"
    );
}

#[tokio::test]
async fn the_status_route_stores_only_the_status() {
    let t = Target::new().await;
    let (_, after) = write_only(&t, "status", json!({"status": "suspended"})).await;
    assert_eq!(after["status"], "suspended", "the status is stored");
    let refused = [
        json!({"status": "Suspended"}),
        json!({"status": null}),
        json!({}),
    ];
    assert_refused(&t, &after, "status", &refused).await;
}

#[tokio::test]
async fn the_balance_route_stores_only_the_balance_as_float_reads_it() {
    let t = Target::new().await;
    let (_, after) = write_only(&t, "balance", json!({"balance": "250.75"})).await;
    assert_eq!(
        after["balance"], 250.75,
        "text float() reads is stored as a float"
    );
    let refused = [
        json!({"balance": "twelve"}),
        json!({"balance": null}),
        json!({}),
    ];
    assert_refused(&t, &after, "balance", &refused).await;
}

#[tokio::test]
async fn the_usage_route_stores_only_usage_and_device_count_as_ints_in_range() {
    let t = Target::new().await;
    let usage = json!({"usage_percentage": 64, "device_count": 3});
    let (_, after) = write_only(&t, "usage", usage).await;
    assert_eq!(
        (&after["usage_percentage"], &after["device_count"]),
        (&json!(64), &json!(3)),
        "both are stored"
    );
    let (_, after) = write_only(
        &t,
        "usage",
        json!({"usage_percentage": true, "device_count": false}),
    )
    .await;
    assert_eq!(
        (&after["usage_percentage"], &after["device_count"]),
        (&json!(1), &json!(0)),
        "booleans pass as ints: true is 1 and false is 0"
    );
    let refused = [
        json!({"usage_percentage": 101}),
        json!({"usage_percentage": -1}),
        json!({"usage_percentage": "50"}),
        json!({"usage_percentage": 50.0}),
        json!({"device_count": -1}),
    ];
    assert_refused(&t, &after, "usage", &refused).await;
    let path = format!("/api/customers/{}/usage", id_of(&after));
    let (status, answer) = t
        .api
        .send(
            Method::PUT,
            &path,
            json!({"device_count": 9_223_372_036_854_775_808_u64}),
        )
        .await;
    assert_eq!(
        status, 500,
        "an int past 64 bits passes the view's check but not SQLite: {answer}"
    );
}

#[tokio::test]
async fn a_write_that_changes_a_field_restamps_updated_at() {
    let t = Target::new().await;
    let created = t.create(&tag(), 0, json!({})).await;
    let id = id_of(&created);
    let mut last = created["updated_at"].clone();
    for (route, body) in [
        ("", json!({"address": "Moved"})),
        ("/status", json!({"status": "suspended"})),
        ("/balance", json!({"balance": 10.5})),
        ("/usage", json!({"usage_percentage": 70})),
    ] {
        t.next_second().await;
        let (status, answer) = t
            .api
            .send(Method::PUT, &format!("/api/customers/{id}{route}"), body)
            .await;
        assert_eq!(status, 200, "PUT {route}: {answer}");
        let stamp = &answer["customer"]["updated_at"];
        assert!(
            stamp.as_str() > last.as_str(),
            "PUT {route} moves updated_at on from {last} (now {stamp})"
        );
        assert_eq!(
            answer["customer"]["created_at"], created["created_at"],
            "PUT {route} leaves created_at"
        );
        last = stamp.clone();
    }
}

#[tokio::test]
async fn a_write_that_changes_nothing_keeps_updated_at() {
    let t = Target::new().await;
    let created = t
        .create(
            &tag(),
            0,
            json!({"address": "Same", "balance": 12.5, "usage_percentage": 2}),
        )
        .await;
    let id = id_of(&created);
    t.next_second().await;
    for (route, body) in [
        (
            "",
            json!({"package": "Platinum", "join_date": "2001-02-03T04:05:06"}),
        ),
        (
            "",
            json!({"name": created["name"], "address": "Same", "status": "active",
                   "balance": 12.5, "usage_percentage": 2}),
        ),
        ("/status", json!({"status": "active"})),
        ("/balance", json!({"balance": "12.5"})),
        ("/usage", json!({"usage_percentage": 2})),
        ("/usage", json!({})),
    ] {
        let (status, answer) = t
            .api
            .send(
                Method::PUT,
                &format!("/api/customers/{id}{route}"),
                body.clone(),
            )
            .await;
        assert_eq!(status, 200, "PUT {route} {body}: {answer}");
        assert_eq!(
            answer["customer"], created,
            "PUT {route} {body} changes nothing, so not even updated_at"
        );
    }
}

#[tokio::test]
async fn a_value_stored_the_same_but_unequal_to_the_one_loaded_restamps_updated_at() {
    let t = Target::new().await;
    let created = t
        .create(&tag(), 0, json!({"balance": 12.35, "usage_percentage": 2}))
        .await;
    let id = id_of(&created);
    let mut last = created["updated_at"].clone();
    for (body, why) in [
        (
            json!({"usage_percentage": "2"}),
            "text \"2\" is not the int 2",
        ),
        (
            json!({"balance": "12.35"}),
            "text is never the Decimal loaded",
        ),
        (
            json!({"balance": 12.35}),
            "no float equals the Decimal 12.35 loaded",
        ),
    ] {
        t.next_second().await;
        let (status, answer) = t
            .api
            .send(Method::PUT, &format!("/api/customers/{id}"), body.clone())
            .await;
        assert_eq!(status, 200, "PUT {body}: {answer}");
        let after = &answer["customer"];
        assert_eq!(
            without(after, &["updated_at"]),
            without(&created, &["updated_at"]),
            "PUT {body} stores the same values"
        );
        assert!(
            after["updated_at"].as_str() > last.as_str(),
            "yet moves updated_at on, since {why}: {last} then {}",
            after["updated_at"]
        );
        last = after["updated_at"].clone();
    }
}

#[tokio::test]
async fn the_list_is_a_page_object_with_or_without_a_trailing_slash() {
    let t = Target::new().await;
    let tag = tag();
    for n in 0..3 {
        t.create(&tag, n, json!({})).await;
    }
    for path in ["/api/customers", "/api/customers/"] {
        let (status, page) = t.api.get(&format!("{path}?search={tag}")).await;
        assert_eq!(status, 200, "{path} is the collection: {page}");
        assert_eq!(
            keys(&page),
            BTreeSet::from(["current_page", "customers", "pages", "per_page", "total"]),
            "{path}: a page object"
        );
        assert_eq!(
            (
                &page["total"],
                &page["pages"],
                &page["current_page"],
                &page["per_page"]
            ),
            (&json!(3), &json!(1), &json!(1), &json!(20)),
            "{path}: three customers on one page of the default 20"
        );
        for customer in page["customers"].as_array().into_iter().flatten() {
            assert_eq!(
                keys(customer),
                BTreeSet::from(CUSTOMER_KEYS),
                "{path}: each is a whole customer"
            );
        }
    }
}

#[tokio::test]
async fn per_page_falls_back_to_20_has_no_upper_bound_and_pages_past_the_end_are_empty() {
    let t = Target::new().await;
    let tag = tag();
    for n in 0..21 {
        t.create(&tag, n, json!({})).await;
    }
    for (bad, echoed) in [("0", 0), ("-1", -1), ("abc", 20)] {
        let page = t.page_of(&tag, &format!("per_page={bad}")).await;
        assert_eq!(ids(&page).len(), 20, "per_page={bad} gives pages of 20");
        assert_eq!(
            page["pages"], 2,
            "per_page={bad}: 21 customers in 2 pages of 20"
        );
        assert_eq!(
            page["per_page"], echoed,
            "per_page={bad} is echoed as asked, unless it is not a number"
        );
    }
    let page = t.page_of(&tag, "page=0&per_page=10").await;
    assert_eq!(
        (ids(&page).len(), &page["current_page"]),
        (10, &json!(0)),
        "page=0 is the first page, echoed as 0"
    );
    let page = t.page_of(&tag, "per_page=1000").await;
    assert_eq!(
        (ids(&page).len(), &page["pages"]),
        (21, &json!(1)),
        "no upper bound on per_page"
    );
    let page = t.page_of(&tag, "page=3&per_page=10").await;
    assert_eq!(ids(&page).len(), 1, "the last page holds the rest");
    let page = t.page_of(&tag, "page=9&per_page=10").await;
    assert_eq!(
        page["customers"],
        json!([]),
        "a page past the end is empty, not an error"
    );
    assert_eq!(
        (&page["total"], &page["pages"], &page["current_page"]),
        (&json!(21), &json!(3), &json!(9)),
        "with the true totals and the page asked for"
    );
}

#[tokio::test]
async fn search_matches_name_email_or_phone_in_any_case_and_status_filters() {
    let t = Target::new().await;
    let tag = tag();
    // A phone no other customer has: digits from the tag's clock reading.
    let digits: String = tag.chars().filter(char::is_ascii_digit).take(9).collect();
    let phone = format!("+254{digits:0>9}");
    let njeri = t
        .create(
            &tag,
            0,
            json!({"name": format!("Njeri Wambui {tag}"), "phone": phone}),
        )
        .await;
    let baraka = t
        .create(
            &tag,
            1,
            json!({"name": format!("Baraka {tag}"), "status": "suspended"}),
        )
        .await;
    t.create(&tag, 2, json!({"name": format!("\u{d1}and\u{fa} {tag}")}))
        .await;

    let upper = tag.to_uppercase();
    for (query, expected, why) in [
        (format!("search={upper}"), 3, "the tag in upper case"),
        (
            format!("search=WAMBUI%20{upper}"),
            1,
            "a name in another case",
        ),
        (
            format!("search={tag}-1%40CONFORMANCE"),
            1,
            "an email in another case",
        ),
        (
            format!("search={tag}-_%40"),
            3,
            "_ is LIKE's any one character, not a literal",
        ),
        (
            format!("search=Njeri%25{tag}"),
            1,
            "% is LIKE's any run of characters, not a literal",
        ),
        (
            format!("search=%C3%91AND%C3%BA%20{tag}"),
            1,
            "\u{d1} matches itself",
        ),
        (
            format!("search=%C3%B1and%C3%BA%20{tag}"),
            0,
            "only ASCII letters fold case: \u{f1} is not \u{d1}",
        ),
        (
            format!("search={tag}&status=suspended"),
            1,
            "a status filter",
        ),
        (format!("search={tag}&status=active"), 2, "the other status"),
    ] {
        let (status, page) = t.api.get(&format!("/api/customers?{query}")).await;
        assert_eq!(status, 200, "{why}: {page}");
        assert_eq!(page["total"], expected, "{why}: {query}");
    }
    let (_, page) = t
        .api
        .get(&format!("/api/customers?search={}", &phone[5..]))
        .await;
    assert!(
        ids(&page).contains(&id_of(&njeri)),
        "a phone fragment finds the customer: {page}"
    );
    let page = t.page_of(&tag, "status=suspended").await;
    assert_eq!(ids(&page), [id_of(&baraka)], "the suspended one");
}

#[tokio::test]
async fn an_unknown_status_filter_is_400() {
    let t = Target::new().await;
    for status in ["Active", "closed"] {
        let (code, answer) = t.api.get(&format!("/api/customers?status={status}")).await;
        assert_eq!(code, 400, "status={status} is not in the enum: {answer}");
        assert!(answer["error"].is_string(), "says why: {answer}");
    }
}

#[tokio::test]
async fn sort_by_takes_model_attribute_names_and_falls_back_to_newest_first() {
    let t = Target::new().await;
    let tag = tag();
    let older = id_of(
        &t.create(&tag, 0, json!({"name": format!("Abe {tag}")}))
            .await,
    );
    t.next_second().await;
    let newer = id_of(
        &t.create(&tag, 1, json!({"name": format!("Zed {tag}")}))
            .await,
    );
    for (query, expected, why) in [
        (
            "sort_by=full_name&sort_order=asc",
            [older, newer],
            "the name's attribute sorts",
        ),
        (
            "sort_by=full_name&sort_order=desc",
            [newer, older],
            "and in both directions",
        ),
        (
            "sort_by=created_at&sort_order=asc",
            [older, newer],
            "a column, ascending",
        ),
        (
            "sort_by=name&sort_order=asc",
            [newer, older],
            "`name` is no attribute: newest first, whatever sort_order says",
        ),
        (
            "sort_by=nonsense&sort_order=asc",
            [newer, older],
            "an unknown sort_by: newest first",
        ),
    ] {
        assert_eq!(
            ids(&t.page_of(&tag, query).await),
            expected,
            "{why}: {query}"
        );
    }
    let (status, answer) = t.api.get("/api/customers?sort_by=invoices").await;
    assert_eq!(status, 500, "a relationship cannot be ordered by: {answer}");
    assert!(answer["error"].is_string(), "says why: {answer}");
}

#[tokio::test]
async fn sort_by_updated_at_puts_the_latest_change_first() {
    let t = Target::new().await;
    let tag = tag();
    let first = t.create(&tag, 0, json!({})).await;
    t.create(&tag, 1, json!({})).await;
    t.create(&tag, 2, json!({})).await;
    t.next_second().await;
    let (status, answer) = t
        .api
        .send(
            Method::PUT,
            &format!("/api/customers/{}", id_of(&first)),
            json!({"address": "Changed later"}),
        )
        .await;
    assert_eq!(status, 200, "the oldest is changed: {answer}");
    let desc = t.page_of(&tag, "sort_by=updated_at&sort_order=desc").await;
    assert_eq!(
        ids(&desc).first(),
        Some(&id_of(&first)),
        "newest change first: {desc}"
    );
    let asc = t.page_of(&tag, "sort_by=updated_at&sort_order=asc").await;
    assert_eq!(
        ids(&asc).last(),
        Some(&id_of(&first)),
        "newest change last in ascending order: {asc}"
    );
}

#[tokio::test]
async fn stats_have_their_shape_with_or_without_a_trailing_slash() {
    let t = Target::new().await;
    t.create(&tag(), 0, json!({"balance": 10.0})).await;
    for path in ["/api/customers/stats", "/api/customers/stats/"] {
        let (status, stats) = t.api.get(path).await;
        assert_eq!(status, 200, "{path}: {stats}");
        assert_eq!(
            keys(&stats),
            BTreeSet::from([
                "active_customers",
                "average_balance",
                "average_usage",
                "customers_with_balance",
                "pending_customers",
                "suspended_customers",
                "top_customers_by_balance",
                "total_balance",
                "total_customers"
            ]),
            "{path}: the stats keys"
        );
        for count in [
            "total_customers",
            "active_customers",
            "suspended_customers",
            "pending_customers",
            "customers_with_balance",
        ] {
            assert!(stats[count].is_u64(), "{path}: {count} is a count: {stats}");
        }
        for amount in ["average_balance", "total_balance", "average_usage"] {
            assert!(
                stats[amount].is_f64(),
                "{path}: {amount} is a float: {stats}"
            );
        }
        assert!(
            stats["total_customers"].as_u64() >= Some(1),
            "{path}: the customer just made is counted"
        );
        let top = stats["top_customers_by_balance"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        assert!(
            (1..=5).contains(&top.len()),
            "{path}: one to five top customers: {stats}"
        );
        for customer in &top {
            assert_eq!(
                keys(customer),
                BTreeSet::from(["balance", "id", "name"]),
                "{path}: a top customer is id, name and balance"
            );
        }
        let balances: Vec<f64> = top.iter().filter_map(|c| c["balance"].as_f64()).collect();
        assert!(
            balances.windows(2).all(|w| w[0] >= w[1]),
            "{path}: the largest balance first: {balances:?}"
        );
    }
}

// ---- quirks ----

#[tokio::test]
async fn an_unknown_id_is_a_500_saying_404_except_on_delete() {
    let t = Target::new().await;
    let base = format!("/api/customers/{UNKNOWN_ID}");
    for (method, path, body) in [
        (Method::GET, base.clone(), None),
        (Method::PUT, base.clone(), Some(json!({"name": "X"}))),
        (
            Method::PUT,
            format!("{base}/status"),
            Some(json!({"status": "active"})),
        ),
        (
            Method::PUT,
            format!("{base}/balance"),
            Some(json!({"balance": 1.0})),
        ),
        (
            Method::PUT,
            format!("{base}/usage"),
            Some(json!({"usage_percentage": 1})),
        ),
        (Method::GET, format!("{base}/invoices"), None),
        (Method::GET, format!("{base}/payments"), None),
        (Method::GET, format!("{base}/tickets"), None),
    ] {
        let mut request = t.api.call(method.clone(), &path);
        if let Some(body) = body {
            request = request.json(&body);
        }
        let (status, answer) = json_of(request).await;
        assert_eq!(status, 500, "{method} {path}: the view catches its own 404");
        assert!(
            answer["error"]
                .as_str()
                .is_some_and(|e| e.starts_with("Failed to ") && e.contains("404 Not Found")),
            "{method} {path}: the view's \"Failed to …: \" then 404 Not Found: {answer}"
        );
    }
    let (status, answer) = json_of(t.api.call(Method::DELETE, &base)).await;
    assert_eq!(
        (status, answer),
        (404, json!({"error": "Customer not found"})),
        "DELETE answers a real 404"
    );
}

#[tokio::test]
async fn delete_of_an_existing_customer_fails_with_500_and_keeps_it() {
    let t = Target::new().await;
    let created = t.create(&tag(), 0, json!({})).await;
    let path = format!("/api/customers/{}", id_of(&created));
    let (status, answer) = json_of(t.api.call(Method::DELETE, &path)).await;
    assert_eq!(
        status, 500,
        "DELETE of an existing customer fails: {answer}"
    );
    assert!(answer["error"].is_string(), "with an error body: {answer}");
    assert_eq!(
        t.customer(id_of(&created)).await,
        created,
        "the customer is still there, unchanged"
    );
}

#[tokio::test]
async fn related_lists_fail_with_500_for_an_existing_customer() {
    let t = Target::new().await;
    let id = id_of(&t.create(&tag(), 0, json!({})).await);
    for kind in ["invoices", "payments", "tickets"] {
        for query in ["", "?page=1&per_page=5&status=paid"] {
            let (status, answer) = t
                .api
                .get(&format!("/api/customers/{id}/{kind}{query}"))
                .await;
            assert_eq!(status, 500, "{kind}{query} fails in this version: {answer}");
            assert!(
                answer["error"].is_string(),
                "{kind}: an error body: {answer}"
            );
        }
    }
}

#[tokio::test]
async fn email_uniqueness_is_case_sensitive_and_untrimmed() {
    let t = Target::new().await;
    let tag = tag();
    let address = email(&tag, 0);
    let first = t.create(&tag, 0, json!({})).await;
    let body = |email: &str| json!({"name": format!("Two {tag}"), "email": email, "phone": "1"});
    let (status, answer) = t
        .api
        .send(Method::POST, "/api/customers", body(&address))
        .await;
    assert_eq!(
        (status, answer),
        (409, json!({"error": "Email already registered"})),
        "the exact email again is refused"
    );
    let other_case = t.api.create(body(&address.to_uppercase())).await;
    assert_eq!(
        other_case["email"],
        address.to_uppercase(),
        "the same email in another case is another customer, stored as sent"
    );
    let spaced = t.api.create(body(&format!(" {address}"))).await;
    assert_eq!(
        spaced["email"],
        format!(" {address}"),
        "an untrimmed email is another customer, stored as sent"
    );

    let (status, answer) = t
        .api
        .send(
            Method::PUT,
            &format!("/api/customers/{}", id_of(&spaced)),
            json!({"email": address}),
        )
        .await;
    assert_eq!(
        (status, answer),
        (409, json!({"error": "Email already taken"})),
        "PUT cannot take another customer's email"
    );
    let (status, answer) = t
        .api
        .send(
            Method::PUT,
            &format!("/api/customers/{}", id_of(&first)),
            json!({"email": address}),
        )
        .await;
    assert_eq!(status, 200, "PUT may send a customer's own email: {answer}");
}

#[tokio::test]
async fn values_the_app_refuses_are_stored_and_echoed() {
    let t = Target::new().await;
    let tag = tag();
    let name = format!("{tag} {}", "N".repeat(80));
    let mut body = fields(&tag, 0);
    merge(
        &mut body,
        json!({"name": name, "phone": "not a phone at all", "usage_percentage": 101,
               "device_count": -3, "balance": 1e20}),
    );
    let (status, text) = text_of(t.api.call(Method::POST, "/api/customers").json(&body)).await;
    assert_eq!(status, 201, "nothing here is refused: {text}");
    assert!(
        text.contains("\"balance\":1e+20"),
        "Python writes 1e20 as 1e+20: {text}"
    );
    let customer = serde_json::from_str::<Value>(&text).unwrap_or_else(|e| panic!("{e}: {text}"))
        ["customer"]
        .clone();
    for (field, sent) in body.as_object().into_iter().flatten() {
        assert_eq!(&customer[field], sent, "{field} is stored as sent");
    }

    let path = format!("/api/customers/{}", id_of(&customer));
    let (status, answer) = t
        .api
        .send(
            Method::PUT,
            &path,
            json!({"usage_percentage": 150, "device_count": -7}),
        )
        .await;
    assert_eq!(status, 200, "PUT does not check ranges either: {answer}");
    assert_eq!(
        (
            &answer["customer"]["usage_percentage"],
            &answer["customer"]["device_count"]
        ),
        (&json!(150), &json!(-7)),
        "stored as sent"
    );
}

#[tokio::test]
async fn an_invalid_status_on_create_or_put_is_a_500_and_changes_nothing() {
    let t = Target::new().await;
    let tag = tag();
    let mut body = fields(&tag, 0);
    body["status"] = json!("Active");
    let (status, answer) = t.api.send(Method::POST, "/api/customers", body).await;
    assert_eq!(status, 500, "the enum refuses Active: {answer}");
    assert!(answer["error"].is_string(), "an error body: {answer}");
    assert_eq!(t.page_of(&tag, "").await["total"], 0, "nothing was created");

    let created = t.create(&tag, 1, json!({})).await;
    let (status, answer) = t
        .api
        .send(
            Method::PUT,
            &format!("/api/customers/{}", id_of(&created)),
            json!({"status": "closed", "name": "Renamed"}),
        )
        .await;
    assert_eq!(status, 500, "the enum refuses closed: {answer}");
    assert_eq!(
        t.customer(id_of(&created)).await,
        created,
        "not even the valid name was applied"
    );
}

#[tokio::test]
async fn a_body_that_is_not_json_is_a_500() {
    let t = Target::new().await;
    let tag = tag();
    let created = t.create(&tag, 0, json!({})).await;
    let id = id_of(&created);
    let json_text = fields(&tag, 1).to_string();
    for (method, path, content_type, body) in [
        (
            Method::POST,
            "/api/customers".to_owned(),
            "text/plain",
            json_text.as_str(),
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
            format!("/api/customers/{id}"),
            "text/plain",
            "{\"name\": \"x\"}",
        ),
    ] {
        let (status, text) = t
            .api
            .send_text(method.clone(), &path, content_type, body)
            .await;
        assert_eq!(status, 500, "{method} {path} {content_type} {body}: {text}");
        let answer: Value =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: a JSON error: {text}"));
        assert!(answer["error"].is_string(), "an error body: {text}");
    }
    assert_eq!(
        t.page_of(&tag, "").await["total"],
        1,
        "no customer was created from a body the server could not read"
    );
    assert_eq!(t.customer(id).await, created, "and none was changed");
}

#[tokio::test]
async fn a_json_body_that_is_no_object_is_no_fields_to_put_and_a_500_elsewhere() {
    let t = Target::new().await;
    let created = t.create(&tag(), 0, json!({})).await;
    let id = id_of(&created);
    for (route, body, expected, why) in [
        (
            "",
            "[1, 2]",
            200,
            "PUT asks `'name' in data`, false of this list",
        ),
        ("/usage", "\"xx\"", 200, "as does /usage, of this text"),
        (
            "",
            "[\"name\"]",
            500,
            "a list that holds a field name fails on the read",
        ),
        (
            "",
            "\"the name\"",
            500,
            "text that holds a field name fails on the read",
        ),
        ("", "5", 500, "a number answers no `in`"),
        (
            "/status",
            "[1, 2]",
            500,
            "/status asks data.get, which only an object has",
        ),
        ("/balance", "[1, 2]", 500, "as does /balance"),
    ] {
        let path = format!("/api/customers/{id}{route}");
        let (status, text) = t
            .api
            .send_text(Method::PUT, &path, "application/json", body)
            .await;
        assert_eq!(status, expected, "PUT {route} {body}: {why}: {text}");
    }
    assert_eq!(
        t.customer(id).await,
        created,
        "none of it changed the customer"
    );
}

#[tokio::test]
async fn unknown_urls_are_an_html_404_and_unknown_methods_an_html_405() {
    let t = Target::new().await;
    for (method, path, expected) in [
        (Method::GET, "/api/nothing", 404),
        (Method::GET, "/api/customers/abc", 404),
        (Method::GET, "/api/customers/-1", 404),
        (Method::POST, "/api/customers/1", 405),
        (Method::PUT, "/api/customers", 405),
        (Method::DELETE, "/api/customers/stats", 405),
    ] {
        // No token: routing answers before any token is looked at.
        let response = t
            .api
            .http
            .request(method.clone(), t.api.url(path))
            .send()
            .await
            .unwrap_or_else(|e| panic!("{method} {path} is answered: {e}"));
        assert_eq!(
            response.status().as_u16(),
            expected,
            "{method} {path} matches no route or not this method"
        );
        let content_type = response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        assert!(
            content_type.starts_with("text/html"),
            "{method} {path}: Werkzeug's HTML page, not JSON ({content_type})"
        );
    }
    let response = t
        .api
        .http
        .request(Method::OPTIONS, t.api.url("/api/customers/1"))
        .send()
        .await
        .unwrap_or_else(|e| panic!("OPTIONS is answered: {e}"));
    assert_eq!(
        response.status().as_u16(),
        200,
        "Flask answers OPTIONS on every route, without a token"
    );
}

#[tokio::test]
async fn every_route_takes_a_trailing_slash() {
    let t = Target::new().await;
    let created = t.create(&tag(), 0, json!({})).await;
    let id = id_of(&created);
    let (status, body) = t
        .api
        .send(
            Method::PUT,
            &format!("/api/customers/{id}/"),
            json!({"address": "Slash"}),
        )
        .await;
    assert_eq!(status, 200, "PUT /api/customers/{id}/: {body}");
    for (method, path, body, expected) in [
        (Method::GET, format!("/api/customers/{id}/"), json!({}), 200),
        (
            Method::PUT,
            format!("/api/customers/{id}/status/"),
            json!({"status": "pending"}),
            200,
        ),
        (
            Method::PUT,
            format!("/api/customers/{id}/balance/"),
            json!({"balance": 3.5}),
            200,
        ),
        (
            Method::PUT,
            format!("/api/customers/{id}/usage/"),
            json!({"device_count": 2}),
            200,
        ),
        (
            Method::GET,
            format!("/api/customers/{id}/invoices/"),
            json!({}),
            500,
        ),
        (
            Method::DELETE,
            format!("/api/customers/{id}/"),
            json!({}),
            500,
        ),
    ] {
        let (status, answer) = t.api.send(method.clone(), &path, body).await;
        assert_eq!(
            status, expected,
            "{method} {path} is the route without the slash: {answer}"
        );
    }
    let (status, body) = t
        .api
        .login(&json!({"email": t.email, "password": t.password}))
        .await;
    assert_eq!(status, 200, "sign-in works without a slash: {body}");
    let (status, body) = json_of(
        t.api
            .http
            .post(t.api.url("/api/auth/login/"))
            .json(&json!({"email": t.email, "password": t.password})),
    )
    .await;
    assert_eq!(status, 200, "and with one: {body}");
    let customer = t.customer(id).await;
    assert_eq!(
        (
            &customer["address"],
            &customer["status"],
            &customer["device_count"]
        ),
        (&json!("Slash"), &json!("pending"), &json!(2)),
        "the writes through slashed paths were stored"
    );
}
