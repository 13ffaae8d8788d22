//! The routes, each doing what the Flask view does, failures included.

use crate::auth;
use crate::body::{self, is_falsy};
use crate::customer::{loaded_balance_equals, parse_status, python_float, Cell, NotAFloat, Row};
use crate::list::{ListQuery, Paging};
use crate::pyjson::Json;
use crate::reply::{Reply, RouteError};
use crate::state::{Central, Shared};
use crate::stats;
use axum::body::Body;
use axum::body::Bytes;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, Method, Request, StatusCode, Uri};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::Router;
use serde_json::Value;

type Answer = Result<Reply, RouteError>;
type QueryPairs = Result<Query<Vec<(String, String)>>, QueryRejection>;

/// Fields `POST /api/customers` copies as they are; it reads `status` too, through the enum.
const CREATE_FIELDS: [&str; 8] = [
    "name",
    "email",
    "phone",
    "address",
    "package",
    "balance",
    "usage_percentage",
    "device_count",
];

/// Fields `PUT /api/customers/{id}/usage` reads.
const USAGE_FIELDS: [&str; 2] = ["usage_percentage", "device_count"];

/// Columns with a default, which a null on create leaves at that default (address and package
/// have none: a null address is NULL, a null package fails the NOT NULL constraint).
const HAS_DEFAULT: [&str; 3] = ["balance", "usage_percentage", "device_count"];

/// Fields `PUT /api/customers/{id}` reads. `package`, `join_date` and `last_payment_date` are
/// missing on purpose: the real view never copies them, so a change to them is answered 200 and
/// not applied.
const UPDATE_FIELDS: [&str; 8] = [
    "name",
    "email",
    "phone",
    "address",
    "status",
    "balance",
    "usage_percentage",
    "device_count",
];

pub(crate) fn router(shared: Shared) -> Router {
    // A trailing slash is taken off before routing (see `without_trailing_slash`).
    let customers = Router::new()
        .route("/api/customers", get(list).post(create))
        .route("/api/customers/stats", get(customer_stats))
        .route("/api/customers/{id}", get(fetch).put(update).delete(remove))
        .route("/api/customers/{id}/status", put(set_status))
        .route("/api/customers/{id}/balance", put(set_balance))
        .route("/api/customers/{id}/usage", put(set_usage))
        .route("/api/customers/{id}/invoices", get(invoices))
        .route("/api/customers/{id}/payments", get(payments))
        .route("/api/customers/{id}/tickets", get(tickets))
        .route_layer(middleware::from_fn_with_state(
            shared.clone(),
            auth::require_access,
        ))
        // The outer layer, so it runs before the token check, as Flask's routing does.
        .route_layer(middleware::from_fn(int_ids_only));
    Router::new()
        .route("/api/auth/login", post(auth::login))
        .route("/api/auth/refresh", post(auth::refresh))
        .merge(customers)
        .fallback(|| async { RouteError::NotFound })
        .method_not_allowed_fallback(|method: Method| async move {
            // Flask answers OPTIONS on every route itself, with an empty 200.
            if method == Method::OPTIONS {
                StatusCode::OK.into_response()
            } else {
                RouteError::MethodNotAllowed.into_response()
            }
        })
        .with_state(shared)
}

/// The service turns off Werkzeug's strict slashes, so every route also answers with one
/// trailing slash: the path loses it before routing.
pub(crate) fn without_trailing_slash(request: &mut Request<Body>) {
    let path = request.uri().path();
    if path.len() <= 1 || !path.ends_with('/') {
        return;
    }
    let trimmed = match request.uri().query() {
        Some(query) => format!("{}?{query}", &path[..path.len() - 1]),
        None => path[..path.len() - 1].to_owned(),
    };
    let mut parts = request.uri().clone().into_parts();
    if let Ok(path_and_query) = trimmed.parse() {
        parts.path_and_query = Some(path_and_query);
        if let Ok(uri) = Uri::from_parts(parts) {
            *request.uri_mut() = uri;
        }
    }
}

/// Flask matches `<int:id>` while routing, before a view or its token check runs: a URL whose
/// id is not all digits matches no route, so it is a 404 with or without a token.
async fn int_ids_only(request: Request<Body>, next: Next) -> Response {
    let id = request
        .uri()
        .path()
        .strip_prefix("/api/customers/")
        .and_then(|rest| rest.split('/').next());
    match id {
        Some(id)
            if id != "stats" && parse_id(id).is_err_and(|e| matches!(e, RouteError::NotFound)) =>
        {
            RouteError::NotFound.into_response()
        }
        _ => next.run(request).await,
    }
}

/// Flask's `<int:id>`: digits only, or the URL matches no route at all.
fn parse_id(text: &str) -> Result<i64, RouteError> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(RouteError::NotFound);
    }
    text.parse().map_err(|_| {
        RouteError::Crash("Python int too large to convert to SQLite INTEGER".to_owned())
    })
}

/// Runs a view's body as its `try: … except Exception as e:` does: a crash is answered as
/// `{"error": "<what failed>: <the exception's text>"}`.
fn in_view(failed: &str, body: impl FnOnce() -> Answer) -> Answer {
    body().map_err(|e| e.within(failed))
}

/// A malformed query string counts as no query, as Werkzeug reads what it can.
fn pairs(query: QueryPairs) -> Vec<(String, String)> {
    query.map(|Query(pairs)| pairs).unwrap_or_default()
}

async fn list(State(shared): State<Shared>, query: QueryPairs) -> Answer {
    in_view("Failed to get customers", || {
        let query = ListQuery::from_query(&pairs(query))?;
        Ok(shared.with(|c| Reply::ok(query.answer(c.customers.values(), &mut c.rng))))
    })
}

async fn customer_stats(State(shared): State<Shared>) -> Answer {
    in_view("Failed to get customer stats", || {
        shared.with(|c| Ok(Reply::ok(stats::answer(c.customers.values())?)))
    })
}

async fn fetch(State(shared): State<Shared>, Path(id): Path<String>) -> Answer {
    in_view("Failed to get customer", || {
        let id = parse_id(&id)?;
        shared.with(|c| {
            let row = c.customers.get(&id).ok_or_else(RouteError::unknown_id)?;
            Ok(Reply::ok(row.view()))
        })
    })
}

async fn create(State(shared): State<Shared>, headers: HeaderMap, body: Bytes) -> Answer {
    in_view("Failed to create customer", || {
        let data = body::json_object(&headers, &body)?;
        for field in ["name", "email", "phone"] {
            if data.get(field).is_none_or(is_falsy) {
                return Err(RouteError::Invalid(format!("{field} is required")));
            }
        }
        shared.with(|c| {
            let mut row = Row::new(c.next_id(), c.stamp());
            // The view looks the email up before it builds the customer. The comparison is
            // case-sensitive and untrimmed: `A@x.ke` and ` a@x.ke` are both new next to `a@x.ke`.
            if let Some(email) = data.get("email") {
                row.set("email", email)?;
            }
            if c.customers.values().any(|other| other.email == row.email) {
                return Err(RouteError::Conflict("Email already registered"));
            }
            // The enum is built before the row: a falsy status is the default, any other must be
            // one of the three.
            let status = match data.get("status") {
                Some(status) if !is_falsy(status) => parse_status(status)?,
                _ => "active",
            };
            for field in CREATE_FIELDS {
                match data.get(field) {
                    // SQLAlchemy leaves a None out of the INSERT where the column has a default.
                    Some(Value::Null) if HAS_DEFAULT.contains(&field) => {}
                    Some(value) => {
                        row.set(field, value)?;
                    }
                    None => {}
                }
            }
            row.status = status.to_owned();
            let view = row.view();
            c.customers.insert(row.id, row);
            Ok(Reply::with_customer(
                StatusCode::CREATED,
                "Customer created successfully",
                view,
            ))
        })
    })
}

async fn update(
    State(shared): State<Shared>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Answer {
    in_view("Failed to update customer", || {
        let id = parse_id(&id)?;
        let data = body::json_fields(&headers, &body, &UPDATE_FIELDS);
        shared.with(|c| {
            save(c, id, "Customer updated successfully", |c, row| {
                let data = data?;
                if let Some(email) = data.get("email").and_then(Value::as_str) {
                    let taken = c
                        .customers
                        .values()
                        .any(|other| other.id != row.id && other.email == email);
                    if email != row.email && taken {
                        return Err(RouteError::Conflict("Email already taken"));
                    }
                }
                let mut changed = false;
                for field in UPDATE_FIELDS {
                    if let Some(value) = data.get(field) {
                        if field == "status" {
                            parse_status(value)?;
                        }
                        changed |= !row.holds(field, value);
                        row.set(field, value)?;
                    }
                }
                Ok(changed)
            })
        })
    })
}

async fn set_status(
    State(shared): State<Shared>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Answer {
    in_view("Failed to update customer status", || {
        let id = parse_id(&id)?;
        let data = body::json_object(&headers, &body);
        shared.with(|c| {
            save(c, id, "Customer status updated successfully", |_, row| {
                let data = data?;
                let status = data
                    .get("status")
                    .filter(|v| !is_falsy(v))
                    .ok_or_else(|| RouteError::Invalid("Status is required".to_owned()))?;
                // This view catches the enum's ValueError itself: a 400, unlike PUT's 500.
                let status = parse_status(status)
                    .map_err(|_| RouteError::Invalid("Invalid status".to_owned()))?;
                let changed = row.status != status;
                row.status = status.to_owned();
                Ok(changed)
            })
        })
    })
}

async fn set_balance(
    State(shared): State<Shared>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Answer {
    in_view("Failed to update customer balance", || {
        let id = parse_id(&id)?;
        let data = body::json_object(&headers, &body);
        shared.with(|c| {
            save(c, id, "Customer balance updated successfully", |_, row| {
                let data = data?;
                // A None check, not a truthiness one: a balance of 0 is a balance, null is none.
                let balance = data
                    .get("balance")
                    .filter(|v| !v.is_null())
                    .ok_or_else(|| RouteError::Invalid("Balance is required".to_owned()))?;
                // The view catches float()'s ValueError (text) but not its TypeError (a list).
                let balance = python_float(balance).map_err(|refused| match refused {
                    NotAFloat::Text(_) => RouteError::Invalid("Invalid balance amount".to_owned()),
                    NotAFloat::Type(_) => RouteError::Crash(refused.to_string()),
                })?;
                // The view assigns the float itself, so the float is what is compared.
                let changed = !row
                    .balance
                    .is_some_and(|b| loaded_balance_equals(b, balance));
                row.balance = (!balance.is_nan()).then_some(balance);
                Ok(changed)
            })
        })
    })
}

async fn set_usage(
    State(shared): State<Shared>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Answer {
    in_view("Failed to update customer usage", || {
        let id = parse_id(&id)?;
        let data = body::json_fields(&headers, &body, &USAGE_FIELDS);
        shared.with(|c| {
            save(c, id, "Customer usage updated successfully", |_, row| {
                let data = data?;
                // Checked as `isinstance(value, int)`, which booleans pass; each field is optional
                // and a body with neither changes nothing.
                let mut changed = false;
                if let Some(usage) = data.get("usage_percentage") {
                    match python_int(usage).and_then(|n| i64::try_from(n).ok()) {
                        Some(n) if (0..=100).contains(&n) => {
                            changed |= !row.holds("usage_percentage", usage);
                            row.usage_percentage = Cell::Int(n);
                        }
                        _ => {
                            return Err(RouteError::Invalid(
                                "Usage percentage must be between 0 and 100".to_owned(),
                            ))
                        }
                    }
                }
                if let Some(devices) = data.get("device_count") {
                    match python_int(devices) {
                        Some(n) if n >= 0 => {
                            let n = i64::try_from(n).map_err(|_| {
                                RouteError::Crash(
                                    "Python int too large to convert to SQLite INTEGER".to_owned(),
                                )
                            })?;
                            changed |= !row.holds("device_count", devices);
                            row.device_count = Cell::Int(n);
                        }
                        _ => {
                            return Err(RouteError::Invalid(
                                "Device count must be a positive integer".to_owned(),
                            ))
                        }
                    }
                }
                Ok(changed)
            })
        })
    })
}

/// A JSON value Python's `isinstance(value, int)` accepts: a whole number written without a
/// fraction or exponent, or a boolean. Python's ints have no bound; SQLite's stop at 64 bits.
fn python_int(value: &Value) -> Option<i128> {
    match value {
        Value::Bool(b) => Some(i128::from(*b)),
        Value::Number(n) => n
            .as_i64()
            .map(i128::from)
            .or_else(|| n.as_u64().map(i128::from)),
        _ => None,
    }
}

/// The shared tail of every write but create and delete: find the row (an unknown id is the
/// 500 that says 404), edit a copy, let the status enum check it, and store it, stamped only
/// when the edit says it changed a field (SQLAlchemy sends no UPDATE otherwise, so `onupdate`
/// never fires). A failure stores nothing, as the rolled-back transaction does.
fn save(
    c: &mut Central,
    id: i64,
    message: &str,
    edit: impl FnOnce(&Central, &mut Row) -> Result<bool, RouteError>,
) -> Answer {
    let mut row = c
        .customers
        .get(&id)
        .cloned()
        .ok_or_else(RouteError::unknown_id)?;
    let changed = edit(c, &mut row)?;
    row.check_status()?;
    if changed {
        row.updated_at = c.stamp();
    }
    let view = row.view();
    c.customers.insert(id, row);
    Ok(Reply::with_customer(StatusCode::OK, message, view))
}

async fn remove(State(shared): State<Shared>, Path(id): Path<String>) -> Answer {
    in_view("Failed to delete customer", || {
        let id = parse_id(&id)?;
        shared.with(|c| {
            // This view turns any error that says "not found" into a real 404.
            if !c.customers.contains_key(&id) {
                return Err(RouteError::CustomerNotFound);
            }
            // It counts related records on relationships that are plain lists.
            if !c.versions.deletes_working {
                return Err(RouteError::Crash(
                    "list.count() takes exactly one argument (0 given)".to_owned(),
                ));
            }
            c.customers.remove(&id);
            Ok(Reply::ok(Json::object([(
                "message",
                "Customer deleted successfully".into(),
            )])))
        })
    })
}

async fn invoices(
    State(shared): State<Shared>,
    Path(id): Path<String>,
    query: QueryPairs,
) -> Answer {
    related(&shared, &id, query, "invoices")
}

async fn payments(
    State(shared): State<Shared>,
    Path(id): Path<String>,
    query: QueryPairs,
) -> Answer {
    related(&shared, &id, query, "payments")
}

async fn tickets(
    State(shared): State<Shared>,
    Path(id): Path<String>,
    query: QueryPairs,
) -> Answer {
    related(&shared, &id, query, "tickets")
}

/// A customer's invoices, payments or tickets: the seed version fails them all with a 500; the
/// later version answers with the records a test seeded (`CentralDouble::insert_related`).
fn related(shared: &Shared, id: &str, query: QueryPairs, kind: &str) -> Answer {
    in_view(&format!("Failed to get customer {kind}"), || {
        let id = parse_id(id)?;
        let pairs = pairs(query);
        let paging = Paging::from_query(&pairs);
        let pairs_status = pairs
            .iter()
            .find(|(k, v)| k == "status" && !v.is_empty())
            .map(|(_, v)| v.clone());
        shared.with(|c| {
            if !c.customers.contains_key(&id) {
                return Err(RouteError::unknown_id());
            }
            // The relationship is a plain list, which has no query methods.
            if !c.versions.related_lists_working {
                let method = if pairs_status.is_some() {
                    "filter_by"
                } else {
                    "order_by"
                };
                return Err(RouteError::Crash(format!(
                    "'InstrumentedList' object has no attribute '{method}'"
                )));
            }
            // Newest first, as the seed's other lists; with a status filter as the app's own.
            let status = pairs_status.as_deref();
            let items: Vec<Json> = c
                .related
                .get(&(kind.to_owned(), id))
                .map(|records| {
                    records
                        .iter()
                        .rev()
                        .filter(|r| {
                            status
                                .is_none_or(|s| r.get("status").and_then(|v| v.as_str()) == Some(s))
                        })
                        .map(Json::from)
                        .collect()
                })
                .unwrap_or_default();
            Ok(Reply::ok(paging.answer(kind, items)))
        })
    })
}
