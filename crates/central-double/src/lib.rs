//! A test double of the central Infora API (the Flask service), served over loopback, so the
//! sync engine can be tested against the API as it behaves today, bugs included, and against
//! the faults a real network adds.
//!
//! It reproduces CONTRACT.md part 2 as the real service answers it: sign-in and
//! Flask-JWT-Extended's token answers, every customer route with its shapes, status codes and
//! error texts, and each quirk (an unknown id as a 500 that says 404, DELETE failing, the related
//! lists failing, `PUT` ignoring `package`, `join_date` and `last_payment_date`, `updated_at`
//! moved only by a value Python finds changed, case-sensitive email uniqueness, loose values
//! kept, a bare `Infinity` in the JSON, search as SQL `LIKE`, no order among rows stamped in the
//! same second, forgiving paging). `tests/conformance.rs` checks the same behaviour, black-box,
//! against the double and against a running service. It models the server's own loose data and
//! knows nothing of the app's domain types on purpose: it must accept what the app refuses.
//!
//! A test drives it through [`CentralDouble`]: seed customers, move the server's clock, switch
//! to a later version of the service, queue [`Fault`]s, and read back what the server holds and
//! what each request looked like ([`Recorded`]).
//!
//! ```
//! use infora_central_double::{CentralDouble, Fault};
//! use serde_json::json;
//!
//! # async fn example() {
//! let central = CentralDouble::start().await;
//! central.add_user("agent@infora.ke", "secret");
//! let id = central.insert_customer(json!({"name": "Wanjiku", "email": "w@x.ke",
//!                                         "phone": "+254712345678", "balance": "Infinity"}));
//! // The next customer create is applied, but its answer is lost on the way back.
//! central.fault(Fault::ApplyThenDropResponse.on("POST", "/api/customers"));
//! // ... point the sync engine at central.base_url() ...
//! assert_eq!(central.customers()[0]["id"], id);
//! central.shutdown().await;
//! # }
//! ```

mod auth;
mod body;
mod customer;
mod fault;
mod list;
mod pyjson;
mod record;
mod reply;
mod rng;
mod routes;
mod server;
mod state;
mod stats;

pub use fault::{Fault, FaultRule};
pub use record::Recorded;

use chrono::{DateTime, Utc};
use customer::{parse_instant, Row};
use serde_json::Value;
use state::Shared;
use std::net::{Ipv4Addr, SocketAddr};
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// The central API, running on `127.0.0.1` on a port of its own until shut down or dropped.
#[derive(Debug)]
pub struct CentralDouble {
    shared: Shared,
    address: SocketAddr,
    stop: oneshot::Sender<()>,
    server: JoinHandle<()>,
}

impl CentralDouble {
    /// Starts the double with its clock standing at the present moment.
    ///
    /// # Panics
    /// When no loopback port can be bound, which leaves nothing to test against.
    pub async fn start() -> Self {
        Self::start_at(Utc::now()).await
    }

    /// Starts the double with its clock standing at `now`. The clock only moves when a test
    /// calls [`advance_clock`](Self::advance_clock).
    ///
    /// # Panics
    /// When no loopback port can be bound.
    pub async fn start_at(now: DateTime<Utc>) -> Self {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
            .await
            .expect("the central double needs a loopback port");
        let address = listener
            .local_addr()
            .expect("a bound listener has an address");
        let shared = Shared::new(now);
        let (stop, stopped) = oneshot::channel();
        let router = routes::router(shared.clone());
        let server = tokio::spawn(server::serve(listener, router, shared.clone(), stopped));
        Self {
            shared,
            address,
            stop,
            server,
        }
    }

    /// `http://127.0.0.1:PORT`, without a trailing slash; routes start with `/api`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.address)
    }

    /// Lets `email` sign in with `password` (compared exactly). Returns the user's id.
    pub fn add_user(&self, email: &str, password: &str) -> i64 {
        self.shared.with(|c| c.accounts.add_user(email, password))
    }

    /// Stores a customer directly, without any route's checks, and returns its id. Any field of
    /// the customer object may be given, including `id`, `created_at` and `updated_at`;
    /// missing ones get the service's defaults and the double's clock. Values are stored as
    /// the service would store them if sent: `"balance": 1e20`, `"Infinity"` or `"NaN"` (as
    /// text, since JSON has no such numbers), `"usage_percentage": 101`, any status.
    ///
    /// # Panics
    /// When the seed is not an object, names a field the customer does not have, holds a value
    /// the column could not store (a null name, an unreadable date), or reuses an id.
    pub fn insert_customer(&self, seed: Value) -> i64 {
        let Value::Object(fields) = seed else {
            panic!("a customer seed is a JSON object, not {seed}");
        };
        self.shared.with(|c| {
            let mut row = Row::new(c.next_id(), c.stamp());
            for (key, value) in &fields {
                seed_field(&mut row, key, value);
            }
            assert!(
                !c.customers.contains_key(&row.id),
                "customer {} already exists",
                row.id
            );
            let id = row.id;
            c.customers.insert(id, row);
            id
        })
    }

    /// Every customer the server holds, by id, as `GET /api/customers/{id}` shows it (balance
    /// rounded to 2 places). A non-finite balance, which a `Value` cannot hold, appears as the
    /// string `"Infinity"` or `"-Infinity"`.
    pub fn customers(&self) -> Vec<Value> {
        self.shared
            .with(|c| c.customers.values().map(|r| r.view().to_value()).collect())
    }

    /// One customer as [`customers`](Self::customers) shows it, or `None`.
    pub fn customer(&self, id: i64) -> Option<Value> {
        self.shared
            .with(|c| c.customers.get(&id).map(|r| r.view().to_value()))
    }

    /// Every request received so far, oldest first.
    pub fn requests(&self) -> Vec<Recorded> {
        self.shared.with(|c| c.requests.clone())
    }

    /// Every access and refresh token the server has handed out, so a test can prove they
    /// were kept nowhere they must not be.
    pub fn issued_tokens(&self) -> Vec<String> {
        self.shared.with(|c| c.accounts.issued())
    }

    /// Forgets the requests received so far, so a test can look at one step alone.
    pub fn clear_requests(&self) {
        self.shared.with(|c| c.requests.clear());
    }

    /// The server's clock.
    pub fn now(&self) -> DateTime<Utc> {
        self.shared.with(|c| c.now)
    }

    /// Moves the server's clock, which stamps rows and expires tokens.
    pub fn advance_clock(&self, by: chrono::Duration) {
        self.shared.with(|c| c.now += by);
    }

    /// Queues a fault; see [`Fault::on`] and [`FaultRule::times`].
    pub fn fault(&self, rule: FaultRule) {
        self.shared.with(|c| c.faults.push(rule));
    }

    /// Adds an invoice, payment or ticket (`kind`: `invoices`, `payments`, `tickets`) of a
    /// customer, shown by the later version's related lists. The seed version never answers
    /// them, so their shape is not observed: the double uses the central model's columns
    /// (`invoice_number`, `amount` as a float, `payment_method`, `ticket_number`, …) with an
    /// integer `id` it assigns. Returns that id.
    pub fn insert_related(&self, kind: &str, customer: i64, mut record: Value) -> i64 {
        self.shared.with(|c| {
            let id = c.related.values().map(Vec::len).sum::<usize>() as i64 + 1;
            if let Value::Object(fields) = &mut record {
                fields.insert("id".to_owned(), Value::from(id));
                fields.insert("customer_id".to_owned(), Value::from(customer));
            }
            c.related
                .entry((kind.to_owned(), customer))
                .or_default()
                .push(record);
            id
        })
    }

    /// Plays the later version in which `/invoices`, `/payments` and `/tickets` answer (with
    /// the records given to `insert_related`) instead of 500.
    pub fn set_related_lists_working(&self, working: bool) {
        self.shared
            .with(|c| c.versions.related_lists_working = working);
    }

    /// Plays a version in which DELETE of an existing customer succeeds (200 `{message}`,
    /// no tombstone) instead of the seed version's 500.
    pub fn set_deletes_working(&self, working: bool) {
        self.shared.with(|c| c.versions.deletes_working = working);
    }

    /// Plays the later version while the operator's subscription is unpaid: every customer
    /// route answers 402 `{"error": "subscription unpaid"}` (after the token check).
    pub fn set_subscription_unpaid(&self, unpaid: bool) {
        self.shared
            .with(|c| c.versions.subscription_unpaid = unpaid);
    }

    /// Stops accepting and drops every open connection. Dropping the double does the same
    /// without waiting.
    ///
    /// # Panics
    /// When the server task itself panicked, so that the failure is not lost.
    pub async fn shutdown(self) {
        let Self { stop, server, .. } = self;
        // An Err means the server already stopped, which is the goal.
        let _ = stop.send(());
        server
            .await
            .expect("the central double's server task ends cleanly");
    }
}

/// One field of a seed. Fields a route may set go through the same column rules as a request;
/// the rest are the server's own columns.
fn seed_field(row: &mut Row, key: &str, value: &Value) {
    let instant = || {
        value
            .as_str()
            .and_then(parse_instant)
            .unwrap_or_else(|| panic!("seed field {key} is not an ISO-8601 instant: {value}"))
    };
    match key {
        "id" => {
            row.id = value
                .as_i64()
                .unwrap_or_else(|| panic!("seed id is not an integer: {value}"));
        }
        "created_at" => row.created_at = instant(),
        "updated_at" => row.updated_at = instant(),
        "service_plan_id" => row.service_plan_id = value.as_i64(),
        // Always null: the double has no service plans.
        "service_plan" => {}
        _ => {
            let known = row
                .set(key, value)
                .unwrap_or_else(|e| panic!("seed field {key} cannot be stored: {e}"));
            assert!(known, "a customer has no field {key}");
        }
    }
}
