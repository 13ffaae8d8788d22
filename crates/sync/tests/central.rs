//! The central client against the double of the central API on loopback: sign-in and every
//! token answer, each route's shape, each quirk of the seed version classified as the engine
//! needs it, injected faults, and our values surviving a round trip through the server.

// Helpers here unwrap like the tests they serve: a panic is a failing test with its message.
#![allow(clippy::unwrap_used)]

use chrono::{Duration, TimeZone, Utc};
use infora_central_double::{CentralDouble, Fault};
use infora_domain::{
    Address, CustomerName, CustomerStatus, DeviceCount, Email, Money, Package, Phone, PhoneRegion,
    Rule, UsagePercentage,
};
use infora_store::sync::merge::IGNORED_BY_CREATE;
use infora_sync::central::customer::{to_central_body, to_tracked_json, CentralFields};
use infora_sync::central::CentralUrl;
use infora_sync::central::{ApiError, Central, ListRequest, RelatedKind};
use serde_json::{json, Map, Value};

const EMAIL: &str = "agent@infora.ke";
const PASSWORD: &str = "secret";

/// A running double with one agent, a client for it, and the agent's access token.
struct Session {
    double: CentralDouble,
    central: Central,
    access: String,
    refresh: String,
}

async fn start() -> (CentralDouble, Central) {
    let now = Utc.with_ymd_and_hms(2026, 11, 25, 8, 0, 0).unwrap();
    let double = CentralDouble::start_at(now).await;
    double.add_user(EMAIL, PASSWORD);
    let central = Central::new(CentralUrl::parse(&double.base_url()).unwrap());
    (double, central)
}

async fn session() -> Session {
    let (double, central) = start().await;
    let signed_in = central.login(EMAIL, PASSWORD).await.unwrap();
    Session {
        double,
        central,
        access: signed_in.tokens.access,
        refresh: signed_in.tokens.refresh,
    }
}

fn customer(n: u32) -> Value {
    json!({
        "name": format!("Customer {n}"),
        "email": format!("c{n}@example.co.ke"),
        "phone": format!("+2547123456{:02}", n % 100),
    })
}

fn body(value: Value) -> Map<String, Value> {
    value.as_object().unwrap().clone()
}

#[tokio::test]
async fn sign_in_gives_tokens_and_the_user() {
    let (double, central) = start().await;
    let signed_in = central.login(EMAIL, PASSWORD).await.unwrap();
    assert!(!signed_in.tokens.access.is_empty() && !signed_in.tokens.refresh.is_empty());
    assert_ne!(signed_in.tokens.access, signed_in.tokens.refresh);
    assert_eq!(signed_in.user.email, EMAIL);
    assert_eq!(signed_in.user.id, 1);
    assert_eq!(signed_in.user.role, "admin");
    let shown = format!("{signed_in:?}");
    assert!(
        !shown.contains(&signed_in.tokens.access) && !shown.contains(&signed_in.tokens.refresh),
        "Debug never shows a token: {shown}"
    );
    let login = double
        .requests()
        .into_iter()
        .find(|r| r.path == "/api/auth/login")
        .unwrap();
    assert_eq!(
        serde_json::from_str::<Value>(&login.body).unwrap(),
        json!({"email": EMAIL, "password": PASSWORD})
    );
}

#[tokio::test]
async fn wrong_credentials_are_their_own_error_and_missing_ones_are_refused() {
    let (_double, central) = start().await;
    let wrong = central.login(EMAIL, "not-the-password").await.unwrap_err();
    assert_eq!(wrong, ApiError::WrongCredentials, "a 401 at login");
    assert!(!wrong.is_retryable());
    assert!(
        !wrong.to_string().contains("not-the-password"),
        "the password never shows: {wrong}"
    );
    let missing = central.login(EMAIL, "").await.unwrap_err();
    assert!(
        matches!(missing, ApiError::Refused { status: 400, .. }),
        "an empty password is central's 400: {missing:?}"
    );
}

#[tokio::test]
async fn token_problems_mean_sign_in_again() {
    let s = session().await;
    let list = ListRequest::newest_changes(1, 20);
    for (token, why) in [
        ("", "missing token"),
        ("garbage", "malformed token (422)"),
        ("aaaa.bbbb.cccc", "a token central never issued (422)"),
        (s.refresh.as_str(), "a refresh token used as access (422)"),
    ] {
        let error = s.central.list_customers(token, &list).await.unwrap_err();
        assert!(
            matches!(error, ApiError::SignInAgain { .. }),
            "{why}: {error:?}"
        );
        assert!(!error.is_retryable(), "{why}");
    }
    s.double.advance_clock(Duration::hours(25));
    let expired = s
        .central
        .list_customers(&s.access, &list)
        .await
        .unwrap_err();
    assert_eq!(
        expired,
        ApiError::SignInAgain {
            message: "Token has expired".to_owned()
        }
    );
    assert!(
        !expired.to_string().contains(&s.access),
        "no token in the message"
    );
}

#[tokio::test]
async fn refresh_gives_a_working_access_token() {
    let s = session().await;
    s.double.advance_clock(Duration::hours(25));
    let access = s.central.refresh(&s.refresh).await.unwrap();
    assert_ne!(access, s.access);
    let page = s
        .central
        .list_customers(&access, &ListRequest::newest_changes(1, 20))
        .await
        .unwrap();
    assert_eq!(page.total, 0);
    let refreshed = s
        .double
        .requests()
        .into_iter()
        .find(|r| r.path == "/api/auth/refresh")
        .unwrap();
    assert_eq!(
        refreshed.authorization.as_deref(),
        Some(format!("Bearer {}", s.refresh).as_str()),
        "the refresh token goes as the bearer"
    );
    let wrong_kind = s.central.refresh(&access).await.unwrap_err();
    assert!(
        matches!(wrong_kind, ApiError::SignInAgain { .. }),
        "an access token cannot refresh: {wrong_kind:?}"
    );
    s.double.advance_clock(Duration::days(31));
    assert!(
        matches!(
            s.central.refresh(&s.refresh).await.unwrap_err(),
            ApiError::SignInAgain { .. }
        ),
        "an expired refresh token means signing in again"
    );
}

#[tokio::test]
async fn an_unpaid_subscription_pauses() {
    let s = session().await;
    s.double.set_subscription_unpaid(true);
    let error = s.central.get_customer(&s.access, 1).await.unwrap_err();
    assert_eq!(
        error,
        ApiError::Paused {
            message: "subscription unpaid".to_owned()
        }
    );
    assert!(!error.is_retryable());
}

#[tokio::test]
async fn central_failures_rate_limits_and_broken_lines_are_retryable() {
    let s = session().await;
    let list = ListRequest::newest_changes(1, 20);
    s.double
        .fault(Fault::Status(503).on("GET", "/api/customers"));
    s.double
        .fault(Fault::Status(429).on("GET", "/api/customers"));
    s.double
        .fault(Fault::DropConnection.on("GET", "/api/customers"));
    let unavailable = s
        .central
        .list_customers(&s.access, &list)
        .await
        .unwrap_err();
    assert_eq!(
        unavailable,
        ApiError::Server {
            status: 503,
            message: "Service Unavailable".to_owned()
        }
    );
    let limited = s
        .central
        .list_customers(&s.access, &list)
        .await
        .unwrap_err();
    assert_eq!(limited, ApiError::RateLimited { retry_after: None });
    let dropped = s
        .central
        .list_customers(&s.access, &list)
        .await
        .unwrap_err();
    assert!(
        matches!(dropped, ApiError::Network { .. }),
        "a dropped connection: {dropped:?}"
    );
    for error in [&unavailable, &limited, &dropped] {
        assert!(error.is_retryable(), "{error:?}");
    }
    assert!(
        s.central.list_customers(&s.access, &list).await.is_ok(),
        "the faults are spent"
    );
}

#[tokio::test]
async fn a_lost_answer_is_a_network_error_though_central_applied_it() {
    let s = session().await;
    s.double
        .fault(Fault::ApplyThenDropResponse.on("POST", "/api/customers"));
    let error = s
        .central
        .create_customer(&s.access, &body(customer(1)))
        .await
        .unwrap_err();
    assert!(matches!(error, ApiError::Network { .. }), "{error:?}");
    assert_eq!(
        s.double.customers().len(),
        1,
        "created anyway: the engine must look it up by email before sending it again"
    );
}

#[tokio::test]
async fn nothing_listening_is_a_network_error() {
    let (double, central) = start().await;
    double.shutdown().await;
    let error = central.login(EMAIL, PASSWORD).await.unwrap_err();
    let ApiError::Network { message } = &error else {
        panic!("not a network error: {error:?}");
    };
    assert!(message.starts_with("could not connect"), "{message}");
}

#[tokio::test]
async fn an_unknown_id_is_not_found_on_every_route() {
    let s = session().await;
    assert_eq!(
        s.central.get_customer(&s.access, 999).await.unwrap_err(),
        ApiError::NotFound,
        "GET answers a 500 that says 404"
    );
    assert_eq!(
        s.central
            .update_customer(&s.access, 999, &body(json!({"name": "X"})))
            .await
            .unwrap_err(),
        ApiError::NotFound,
        "PUT answers a 500 that says 404"
    );
    assert_eq!(
        s.central.delete_customer(&s.access, 999).await.unwrap_err(),
        ApiError::NotFound,
        "DELETE answers a real 404"
    );
    assert_eq!(
        s.central
            .related(&s.access, 999, RelatedKind::Invoices, 1, 20)
            .await
            .unwrap_err(),
        ApiError::NotFound
    );
}

#[tokio::test]
async fn deleting_an_existing_customer_fails_with_the_seed_versions_500() {
    let s = session().await;
    let id = s.double.insert_customer(customer(1));
    let error = s.central.delete_customer(&s.access, id).await.unwrap_err();
    assert!(
        matches!(error, ApiError::Server { status: 500, .. }),
        "{error:?}"
    );
    assert_eq!(s.double.customers().len(), 1, "nothing was deleted");
    s.double.set_deletes_working(true);
    s.central.delete_customer(&s.access, id).await.unwrap();
    assert!(s.double.customers().is_empty(), "a later version deletes");
}

#[tokio::test]
async fn a_used_email_is_refused_with_409() {
    let s = session().await;
    s.double.insert_customer(customer(1));
    let other = s.double.insert_customer(customer(2));
    let created = s
        .central
        .create_customer(&s.access, &body(customer(1)))
        .await
        .unwrap_err();
    assert_eq!(
        created,
        ApiError::Refused {
            status: 409,
            message: "Email already registered".to_owned()
        }
    );
    assert_eq!(
        created.to_string(),
        "The central system refused the change: Email already registered"
    );
    let updated = s
        .central
        .update_customer(
            &s.access,
            other,
            &body(json!({"email": "c1@example.co.ke"})),
        )
        .await
        .unwrap_err();
    assert!(
        matches!(&updated, ApiError::Refused { status: 409, message } if message == "Email already taken"),
        "{updated:?}"
    );
    assert!(!updated.is_retryable());
}

#[tokio::test]
async fn a_page_with_infinite_and_huge_balances_parses_and_flags_only_those() {
    let s = session().await;
    let fine = s.double.insert_customer(customer(1));
    let mut infinite = customer(2);
    infinite["balance"] = json!("Infinity");
    let infinite = s.double.insert_customer(infinite);
    let mut huge = customer(3);
    huge["balance"] = json!(1e20);
    huge["usage_percentage"] = json!(101);
    let huge = s.double.insert_customer(huge);

    let page = s
        .central
        .list_customers(&s.access, &ListRequest::newest_changes(1, 20))
        .await
        .unwrap();
    assert_eq!((page.total, page.customers.len()), (3, 3));
    assert!(page.unreadable.is_empty());
    let by_id = |id: i64| page.customers.iter().find(|c| c.central_id == id).unwrap();
    assert!(by_id(fine).valid().is_some(), "the others are fine");
    let inf = by_id(infinite);
    assert_eq!(inf.raw["balance"], "Infinity", "raw keeps what was sent");
    let problems = inf.fields.as_ref().unwrap_err();
    assert_eq!(problems.len(), 1);
    assert_eq!(
        (problems[0].field.as_str(), problems[0].rule),
        ("balance", Rule::Format)
    );
    assert!(inf.updated_at.is_some(), "still placed in time");
    let rules: Vec<_> = by_id(huge)
        .fields
        .as_ref()
        .unwrap_err()
        .iter()
        .map(|e| (e.field.as_str(), e.rule))
        .collect();
    assert_eq!(
        rules,
        [
            ("balance", Rule::OutOfRange),
            ("usage_percentage", Rule::OutOfRange)
        ]
    );
    let one = s.central.get_customer(&s.access, infinite).await.unwrap();
    assert_eq!(
        one.central_id, infinite,
        "a single object with Infinity parses too"
    );
    assert!(one.valid().is_none());
}

#[tokio::test]
async fn pages_come_newest_change_first_with_their_totals() {
    let s = session().await;
    for n in 1..=5 {
        s.double.insert_customer(customer(n));
        s.double.advance_clock(Duration::seconds(1));
    }
    let first = s
        .central
        .list_customers(&s.access, &ListRequest::newest_changes(1, 2))
        .await
        .unwrap();
    assert_eq!(
        (first.total, first.pages, first.current_page, first.per_page),
        (5, 3, 1, 2)
    );
    let second = s
        .central
        .list_customers(&s.access, &ListRequest::newest_changes(2, 2))
        .await
        .unwrap();
    let ids: Vec<i64> = first
        .customers
        .iter()
        .chain(&second.customers)
        .map(|c| c.central_id)
        .collect();
    assert_eq!(ids, [5, 4, 3, 2], "newest change first");
    let times: Vec<_> = first
        .customers
        .iter()
        .map(|c| c.updated_at.unwrap())
        .collect();
    assert!(times[0] > times[1]);
    let request = s.double.requests().pop().unwrap();
    assert_eq!(
        request.query.as_deref(),
        Some("page=2&per_page=2&sort_by=updated_at&sort_order=desc")
    );
    assert_eq!(
        request.authorization,
        Some(format!("Bearer {}", s.access)),
        "the access token goes as the bearer"
    );
    let past = s
        .central
        .list_customers(&s.access, &ListRequest::newest_changes(9, 2))
        .await
        .unwrap();
    assert!(
        past.customers.is_empty(),
        "past the end is empty, not an error"
    );
}

#[tokio::test]
async fn search_text_with_an_ampersand_arrives_whole_and_matches_a_name() {
    let s = session().await;
    s.double.insert_customer(customer(1));
    s.double.insert_customer(json!({
        "name": "Wanjiku & Sons", "email": "w@example.co.ke", "phone": "+254722000000"
    }));
    let page = s
        .central
        .list_customers(&s.access, &ListRequest::search("wanjiku & s", 1, 20))
        .await
        .unwrap();
    assert_eq!(page.total, 1);
    assert_eq!(
        page.customers[0].valid().unwrap().name.as_str(),
        "Wanjiku & Sons"
    );
}

/// Our values for every tracked field, as a local customer would hold them.
fn ours() -> Map<String, Value> {
    let region = PhoneRegion::kenya();
    let fields = CentralFields {
        name: CustomerName::parse("Achieng Otieno").unwrap(),
        email: Email::parse("achieng@example.co.ke").unwrap(),
        phone: Phone::parse("0722 111 222", region).unwrap(),
        address: Some(Address::parse("Kisumu, Oginga Odinga St").unwrap()),
        status: CustomerStatus::Suspended,
        join_date: Utc.with_ymd_and_hms(2025, 3, 1, 9, 15, 0).unwrap(),
        balance: Money::parse("balance", "-1234.05").unwrap(),
        package: Package::parse("Home 20 Mbps").unwrap(),
        usage_percentage: UsagePercentage::new(73).unwrap(),
        device_count: DeviceCount::new(4).unwrap(),
        last_payment_date: Some(Utc.with_ymd_and_hms(2026, 10, 31, 17, 45, 30).unwrap()),
        created_at: Utc::now(),
        updated_at: Utc::now(),
    };
    to_tracked_json(&fields)
}

#[tokio::test]
async fn our_values_survive_a_round_trip_through_central() {
    let s = session().await;
    let ours = ours();
    let central_body = to_central_body(&ours);
    let created = s
        .central
        .create_customer(&s.access, &central_body)
        .await
        .unwrap();
    // No route of the seed version sets the dates: a PUT of them is answered 200, and ignored.
    let dates: Map<String, Value> = central_body
        .into_iter()
        .filter(|(key, _)| key.ends_with("_date"))
        .collect();
    let updated = s
        .central
        .update_customer(&s.access, created.central_id, &dates)
        .await
        .unwrap();
    let fetched = s
        .central
        .get_customer(&s.access, created.central_id)
        .await
        .unwrap();
    assert_eq!(fetched.raw, updated.raw, "GET shows what PUT answered");
    let mut back = to_tracked_json(fetched.valid().unwrap());
    assert_eq!(
        back.remove("join_date"),
        Some(json!("2026-11-25T08:00:00Z")),
        "the join date is central's now, whatever was sent"
    );
    assert_eq!(
        back.remove("last_payment_date"),
        Some(Value::Null),
        "the last payment date stays empty"
    );
    let mut stored = ours.clone();
    for date in IGNORED_BY_CREATE {
        stored.remove(date);
    }
    assert_eq!(back, stored, "every field central stores comes back equal");
    assert_eq!(
        s.double.customer(created.central_id).unwrap()["balance"],
        json!(-1234.05),
        "money went as a JSON number"
    );
}

#[tokio::test]
async fn an_update_ignores_package_and_the_answer_shows_it() {
    let s = session().await;
    let id = s.double.insert_customer(customer(1));
    let updated = s
        .central
        .update_customer(
            &s.access,
            id,
            &body(json!({"package": "Premium 50 Mbps", "usage_percentage": 12})),
        )
        .await
        .unwrap();
    let fields = updated.valid().unwrap();
    assert_eq!(
        fields.usage_percentage.get(),
        12,
        "the other field was applied"
    );
    assert_eq!(
        fields.package.as_str(),
        "Basic WiFi",
        "the seed version ignores package; the answer tells"
    );
}

#[tokio::test]
async fn related_lists_fail_in_the_seed_version_and_work_later() {
    let s = session().await;
    let id = s.double.insert_customer(customer(1));
    let broken = s
        .central
        .related(&s.access, id, RelatedKind::Payments, 1, 20)
        .await
        .unwrap_err();
    assert!(
        matches!(broken, ApiError::Server { status: 500, .. }),
        "{broken:?}"
    );
    s.double.set_related_lists_working(true);
    for kind in [
        RelatedKind::Invoices,
        RelatedKind::Payments,
        RelatedKind::Tickets,
    ] {
        assert_eq!(
            s.central.related(&s.access, id, kind, 1, 20).await.unwrap(),
            Vec::<Value>::new(),
            "{kind:?}"
        );
    }
}
