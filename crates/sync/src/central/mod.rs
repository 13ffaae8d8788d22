//! The HTTP client of the central Infora API (CONTRACT.md part 2): one method per route, and
//! every answer, quirks included, classified into an [`ApiError`] the engine can act on
//! without reading status codes or texts itself.
//!
//! Tokens are passed in by the caller and never kept, logged or put into an error: requests
//! are traced by method, path and status only.

pub mod customer;
pub mod json;
pub mod url;

pub use customer::CentralCustomer;
pub use url::CentralUrl;

use infora_domain::{Money, PhoneRegion};
use reqwest::header::{HeaderMap, CONTENT_TYPE, LOCATION, RETRY_AFTER};
use reqwest::{Method, StatusCode};
use serde_json::{Map, Value};
use std::fmt;
use std::time::Duration;

/// How long to wait for a connection to central.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// How long one request may take, answer included.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// The two tokens of a signed-in session. `Debug` shows neither.
#[derive(Clone, PartialEq, Eq)]
pub struct Tokens {
    pub access: String,
    pub refresh: String,
}

impl fmt::Debug for Tokens {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Tokens")
            .field("access", &"<redacted>")
            .field("refresh", &"<redacted>")
            .finish()
    }
}

/// The central user who signed in. Fields central leaves out are empty (id 0).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CentralUser {
    pub id: i64,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub role: String,
}

/// A successful sign-in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignIn {
    pub tokens: Tokens,
    pub user: CentralUser,
}

/// A page of `GET /api/customers`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListRequest {
    /// From 1.
    pub page: u32,
    pub per_page: u32,
    pub search: Option<String>,
    /// A column of the customer (`updated_at`, `name`, …); `None` is central's default
    /// (`created_at`).
    pub sort_by: Option<String>,
    /// Descending when true; ascending otherwise (central's default is descending, so
    /// the order is always sent).
    pub sort_order_desc: bool,
}

impl ListRequest {
    /// Most recently changed first: how a pull walks central, which has no "changed
    /// since" filter.
    pub fn newest_changes(page: u32, per_page: u32) -> Self {
        Self {
            page,
            per_page,
            search: None,
            sort_by: Some("updated_at".to_owned()),
            sort_order_desc: true,
        }
    }

    /// Customers whose name, email or phone contains `text` (case-insensitively, phones as
    /// central stores them).
    pub fn search(text: impl Into<String>, page: u32, per_page: u32) -> Self {
        Self {
            page,
            per_page,
            search: Some(text.into()),
            sort_by: None,
            sort_order_desc: true,
        }
    }
}

/// A page of customers as central sent it.
#[derive(Debug, Clone, PartialEq)]
pub struct CentralPage {
    /// Every customer with an integer id, whether or not its fields obey our rules.
    pub customers: Vec<CentralCustomer>,
    /// Entries of the page that are not customers at all (no integer id), kept to report.
    pub unreadable: Vec<Value>,
    pub total: u64,
    pub pages: u64,
    pub current_page: u64,
    pub per_page: u64,
}

/// The lists that belong to one customer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RelatedKind {
    Invoices,
    Payments,
    Tickets,
}

impl RelatedKind {
    /// The route's last segment, which is also the key of the list in its answer.
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Invoices => "invoices",
            Self::Payments => "payments",
            Self::Tickets => "tickets",
        }
    }
}

/// Every way a request to the central system can fail, by what the caller should do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ApiError {
    /// At sign-in: the email or password is wrong (401 from the login route).
    #[error("Wrong email or password for the central system")]
    WrongCredentials,
    /// The session is over (expired, revoked or unreadable token: 401, or 422 with the
    /// token library's `{"msg"}`): sign in again.
    #[error("Please sign in to the central system again ({message})")]
    SignInAgain { message: String },
    /// 402: the operator's subscription is unpaid; tell the user, stop syncing.
    #[error("The central system has paused syncing: {message}")]
    Paused { message: String },
    /// 404, or the seed version's 500 that says `404 Not Found`.
    #[error("The central system has no such record")]
    NotFound,
    /// 400, 409 and every other 4xx: this request will never succeed as it is.
    #[error("The central system refused the change: {message}")]
    Refused { status: u16, message: String },
    /// A 5xx. Usually worth retrying later; a DELETE's 500 is the seed version's bug and
    /// is permanent (the caller knows which request it sent).
    #[error("The central system failed ({status}): {message}")]
    Server { status: u16, message: String },
    /// 429: too many requests; wait `retry_after` when central says how long.
    #[error("The central system is busy; trying again later")]
    RateLimited { retry_after: Option<Duration> },
    /// No answer: refused or broken connection, timeout, a body cut off.
    #[error("Could not reach the central system: {message}")]
    Network { message: String },
    /// A 2xx (or a redirect) whose body is not what the route documents.
    #[error("The central system gave an answer Infora Desk cannot read: {message}")]
    BadAnswer { message: String },
}

impl ApiError {
    /// Whether trying the same request again later may succeed. A 500 on DELETE says yes
    /// here; the caller that knows the route decides otherwise.
    pub fn is_retryable(&self) -> bool {
        matches!(
            self,
            Self::Network { .. }
                | Self::Server { .. }
                | Self::RateLimited { .. }
                | Self::BadAnswer { .. }
        )
    }

    fn bad_answer(message: impl Into<String>) -> Self {
        Self::BadAnswer {
            message: message.into(),
        }
    }
}

/// The central API's client. Cheap to clone: clones share one connection pool.
#[derive(Clone)]
pub struct Central {
    server: CentralUrl,
    http: reqwest::Client,
    region: PhoneRegion,
}

impl fmt::Debug for Central {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Central")
            .field("server", &self.server.as_str())
            .finish_non_exhaustive()
    }
}

/// A status and body received from central.
struct Answer {
    status: StatusCode,
    headers: HeaderMap,
    body: Vec<u8>,
}

impl Central {
    /// A client for `server`; phones pulled without a country code are read as Kenyan
    /// (see [`Central::with_phone_region`]).
    ///
    /// # Panics
    /// When the TLS stack cannot start, which the compiled-in rustls always can.
    pub fn new(server: CentralUrl) -> Self {
        let http = reqwest::Client::builder()
            .connect_timeout(CONNECT_TIMEOUT)
            .timeout(REQUEST_TIMEOUT)
            .user_agent(concat!("InforaDesk/", env!("CARGO_PKG_VERSION")))
            // A redirect would turn a POST into a GET and may leave https; the address the
            // user gave is the one we talk to.
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("the HTTP client builds: its TLS stack is compiled in");
        Self {
            server,
            http,
            region: PhoneRegion::kenya(),
        }
    }

    /// Reads pulled phone numbers without a `+` as numbers of `region`.
    pub fn with_phone_region(mut self, region: PhoneRegion) -> Self {
        self.region = region;
        self
    }

    pub fn server(&self) -> &CentralUrl {
        &self.server
    }

    /// `POST /api/auth/login`.
    pub async fn login(&self, email: &str, password: &str) -> Result<SignIn, ApiError> {
        let body = Map::from_iter([
            ("email".to_owned(), Value::from(email)),
            ("password".to_owned(), Value::from(password)),
        ]);
        let answer = self
            .send(Method::POST, "/api/auth/login", &[], None, Some(&body))
            .await?;
        if answer.status == StatusCode::UNAUTHORIZED {
            return Err(ApiError::WrongCredentials);
        }
        let value = success(answer)?;
        let token = |key: &str| {
            value
                .get(key)
                .and_then(Value::as_str)
                .filter(|t| !t.is_empty())
                .map(str::to_owned)
                .ok_or_else(|| ApiError::bad_answer(format!("the sign-in answer has no {key}")))
        };
        let tokens = Tokens {
            access: token("access_token")?,
            refresh: token("refresh_token")?,
        };
        let user = value.get("user").unwrap_or(&Value::Null);
        let text = |key: &str| {
            user.get(key)
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned()
        };
        Ok(SignIn {
            tokens,
            user: CentralUser {
                id: user.get("id").and_then(Value::as_i64).unwrap_or_default(),
                email: text("email"),
                first_name: text("first_name"),
                last_name: text("last_name"),
                role: text("role"),
            },
        })
    }

    /// `POST /api/auth/refresh`: a new access token for the refresh token.
    pub async fn refresh(&self, refresh: &str) -> Result<String, ApiError> {
        let answer = self
            .send(Method::POST, "/api/auth/refresh", &[], Some(refresh), None)
            .await?;
        let value = success(answer)?;
        value
            .get("access_token")
            .and_then(Value::as_str)
            .filter(|t| !t.is_empty())
            .map(str::to_owned)
            .ok_or_else(|| ApiError::bad_answer("the refresh answer has no access_token"))
    }

    /// `GET /api/customers`: one page. A customer whose values break our rules is kept with
    /// its problems; an entry without an integer id goes to `unreadable`.
    pub async fn list_customers(
        &self,
        access: &str,
        request: &ListRequest,
    ) -> Result<CentralPage, ApiError> {
        let mut query = vec![
            ("page", request.page.to_string()),
            ("per_page", request.per_page.to_string()),
        ];
        if let Some(search) = &request.search {
            query.push(("search", search.clone()));
        }
        if let Some(sort_by) = &request.sort_by {
            query.push(("sort_by", sort_by.clone()));
        }
        let order = if request.sort_order_desc {
            "desc"
        } else {
            "asc"
        };
        query.push(("sort_order", order.to_owned()));
        let answer = self
            .send(Method::GET, "/api/customers", &query, Some(access), None)
            .await?;
        let value = success(answer)?;
        let Value::Object(mut page) = value else {
            return Err(ApiError::bad_answer("the customer list is not an object"));
        };
        let Some(Value::Array(entries)) = page.remove("customers") else {
            return Err(ApiError::bad_answer("the customer list has no customers"));
        };
        let count = |key: &str| {
            page.get(key)
                .and_then(Value::as_u64)
                .ok_or_else(|| ApiError::bad_answer(format!("the customer list has no {key}")))
        };
        let (total, pages, current_page, per_page) = (
            count("total")?,
            count("pages")?,
            count("current_page")?,
            count("per_page")?,
        );
        let mut customers = Vec::with_capacity(entries.len());
        let mut unreadable = Vec::new();
        for entry in entries {
            match CentralCustomer::from_json(entry, self.region) {
                Ok(customer) => customers.push(customer),
                Err(entry) => unreadable.push(entry),
            }
        }
        Ok(CentralPage {
            customers,
            unreadable,
            total,
            pages,
            current_page,
            per_page,
        })
    }

    /// `GET /api/customers/{id}`.
    pub async fn get_customer(&self, access: &str, id: i64) -> Result<CentralCustomer, ApiError> {
        let answer = self
            .send(
                Method::GET,
                &format!("/api/customers/{id}"),
                &[],
                Some(access),
                None,
            )
            .await?;
        self.customer(success(answer)?)
    }

    /// `POST /api/customers` with a body in the central's form (see
    /// [`crate::central::customer::to_central_body`]); the customer as created.
    pub async fn create_customer(
        &self,
        access: &str,
        body: &Map<String, Value>,
    ) -> Result<CentralCustomer, ApiError> {
        let answer = self
            .send(
                Method::POST,
                "/api/customers",
                &[],
                Some(access),
                Some(body),
            )
            .await?;
        self.wrapped_customer(success(answer)?)
    }

    /// `PUT /api/customers/{id}`; the customer as stored. The seed version ignores `package`:
    /// compare the answer with what was sent.
    pub async fn update_customer(
        &self,
        access: &str,
        id: i64,
        body: &Map<String, Value>,
    ) -> Result<CentralCustomer, ApiError> {
        let answer = self
            .send(
                Method::PUT,
                &format!("/api/customers/{id}"),
                &[],
                Some(access),
                Some(body),
            )
            .await?;
        self.wrapped_customer(success(answer)?)
    }

    /// `PUT /api/customers/{id}/balance`: only the balance (as a JSON number, exact: see
    /// [`crate::central::customer::to_central_body`]); the customer as stored.
    pub async fn set_balance(
        &self,
        access: &str,
        id: i64,
        balance: Money,
    ) -> Result<CentralCustomer, ApiError> {
        let ours = Map::from_iter([("balance".to_owned(), serde_json::json!(balance))]);
        let body = customer::to_central_body(&ours);
        let answer = self
            .send(
                Method::PUT,
                &format!("/api/customers/{id}/balance"),
                &[],
                Some(access),
                Some(&body),
            )
            .await?;
        self.wrapped_customer(success(answer)?)
    }

    /// `DELETE /api/customers/{id}`. The seed version answers 500 for every existing
    /// customer: [`ApiError::Server`], which the caller must not retry forever.
    pub async fn delete_customer(&self, access: &str, id: i64) -> Result<(), ApiError> {
        let answer = self
            .send(
                Method::DELETE,
                &format!("/api/customers/{id}"),
                &[],
                Some(access),
                None,
            )
            .await?;
        success(answer).map(drop)
    }

    /// `GET /api/customers/{id}/{invoices|payments|tickets}`: one page of the list, newest
    /// first, as central's objects. The seed version answers 500 for every customer.
    pub async fn related(
        &self,
        access: &str,
        id: i64,
        kind: RelatedKind,
        page: u32,
        per_page: u32,
    ) -> Result<Vec<Value>, ApiError> {
        let query = [
            ("page", page.to_string()),
            ("per_page", per_page.to_string()),
        ];
        let path = format!("/api/customers/{id}/{}", kind.as_str());
        let answer = self
            .send(Method::GET, &path, &query, Some(access), None)
            .await?;
        match success(answer)? {
            Value::Object(mut map) => match map.remove(kind.as_str()) {
                Some(Value::Array(items)) => Ok(items),
                _ => Err(ApiError::bad_answer(format!(
                    "the answer has no {} list",
                    kind.as_str()
                ))),
            },
            _ => Err(ApiError::bad_answer(format!(
                "the {} answer is not an object",
                kind.as_str()
            ))),
        }
    }

    /// `{message, customer}` → the customer.
    fn wrapped_customer(&self, value: Value) -> Result<CentralCustomer, ApiError> {
        match value {
            Value::Object(mut map) => match map.remove("customer") {
                Some(customer) => self.customer(customer),
                None => Err(ApiError::bad_answer("the answer has no customer")),
            },
            _ => Err(ApiError::bad_answer("the answer is not an object")),
        }
    }

    fn customer(&self, value: Value) -> Result<CentralCustomer, ApiError> {
        CentralCustomer::from_json(value, self.region)
            .map_err(|_| ApiError::bad_answer("the customer in the answer has no integer id"))
    }

    /// Sends one request and reads the whole answer; only a failure to get an answer is an
    /// error here (every status is returned for [`success`] to classify).
    async fn send(
        &self,
        method: Method,
        path: &str,
        query: &[(&str, String)],
        bearer: Option<&str>,
        body: Option<&Map<String, Value>>,
    ) -> Result<Answer, ApiError> {
        let mut url = reqwest::Url::parse(&self.server.join(path)).map_err(|_| {
            ApiError::bad_answer(format!("{path} is not a route of {}", self.server))
        })?;
        if !query.is_empty() {
            url.query_pairs_mut()
                .extend_pairs(query.iter().map(|(k, v)| (*k, v.as_str())));
        }
        let mut request = self.http.request(method.clone(), url);
        if let Some(token) = bearer {
            request = request.bearer_auth(token);
        }
        if let Some(body) = body {
            let bytes = serde_json::to_vec(body).map_err(|e| {
                ApiError::bad_answer(format!("the request could not be written: {e}"))
            })?;
            request = request.header(CONTENT_TYPE, "application/json").body(bytes);
        }
        let response = request.send().await.map_err(network)?;
        let status = response.status();
        let headers = response.headers().clone();
        let body = response.bytes().await.map_err(network)?.to_vec();
        tracing::debug!(%method, path, status = status.as_u16(), bytes = body.len(), "central answered");
        Ok(Answer {
            status,
            headers,
            body,
        })
    }
}

/// The body of a 2xx, parsed; any other status as the error it means.
fn success(answer: Answer) -> Result<Value, ApiError> {
    let Answer {
        status,
        headers,
        body,
    } = answer;
    let parsed = json::parse(&body);
    if status.is_success() {
        return parsed.map_err(|e| ApiError::bad_answer(format!("the body is not JSON ({e})")));
    }
    let value = parsed.unwrap_or(Value::Null);
    let text = |key: &str| value.get(key).and_then(Value::as_str).map(str::to_owned);
    let message = text("error")
        .or_else(|| text("msg"))
        .or_else(|| text("message"))
        .unwrap_or_else(|| {
            status
                .canonical_reason()
                .unwrap_or("no reason given")
                .to_owned()
        });
    let code = status.as_u16();
    Err(match code {
        401 => ApiError::SignInAgain { message },
        // Flask-JWT-Extended's answer to a malformed, forged or mistyped token; a route's own
        // 422 (if a later version has one) carries `error` instead.
        422 if text("msg").is_some() => ApiError::SignInAgain { message },
        402 => ApiError::Paused { message },
        404 => ApiError::NotFound,
        // The seed version's `get_or_404` inside a catch-all: a 500 that says 404.
        500 if message.contains("404 Not Found") => ApiError::NotFound,
        429 => ApiError::RateLimited {
            retry_after: headers
                .get(RETRY_AFTER)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.trim().parse::<u64>().ok())
                .map(Duration::from_secs),
        },
        400..=499 => ApiError::Refused {
            status: code,
            message,
        },
        500..=599 => ApiError::Server {
            status: code,
            message,
        },
        300..=399 => {
            ApiError::bad_answer(match headers.get(LOCATION).and_then(|v| v.to_str().ok()) {
                Some(to) => format!("it redirects to {to}; check the server address"),
                None => format!("it answered {status} without a body to read"),
            })
        }
        _ => ApiError::bad_answer(format!("unexpected status {status}")),
    })
}

/// What went wrong on the way, in words (never the request: it may carry a token).
fn network(error: reqwest::Error) -> ApiError {
    let cause = root_cause(&error);
    let message = if error.is_timeout() {
        format!("no answer within {} seconds", REQUEST_TIMEOUT.as_secs())
    } else if error.is_connect() {
        format!("could not connect ({cause})")
    } else if error.is_body() || error.is_decode() {
        format!("the answer was cut off ({cause})")
    } else {
        format!("the connection failed ({cause})")
    };
    ApiError::Network { message }
}

/// The innermost error's text: "Connection refused (os error 111)" rather than
/// "error sending request".
fn root_cause(error: &(dyn std::error::Error + 'static)) -> String {
    let mut current = error;
    while let Some(next) = current.source() {
        current = next;
    }
    current.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_never_show_in_debug() {
        let tokens = Tokens {
            access: "secret-access".to_owned(),
            refresh: "secret-refresh".to_owned(),
        };
        let shown = format!(
            "{tokens:?} {:?}",
            SignIn {
                tokens: tokens.clone(),
                user: CentralUser {
                    id: 1,
                    email: "a@x.ke".to_owned(),
                    first_name: String::new(),
                    last_name: String::new(),
                    role: String::new(),
                },
            }
        );
        assert!(!shown.contains("secret"), "{shown}");
        assert!(shown.contains("<redacted>"));
    }

    #[test]
    fn only_transient_failures_are_retryable() {
        let retryable = [
            ApiError::Network {
                message: String::new(),
            },
            ApiError::Server {
                status: 503,
                message: String::new(),
            },
            ApiError::RateLimited { retry_after: None },
            ApiError::BadAnswer {
                message: String::new(),
            },
        ];
        let permanent = [
            ApiError::WrongCredentials,
            ApiError::SignInAgain {
                message: String::new(),
            },
            ApiError::Paused {
                message: String::new(),
            },
            ApiError::NotFound,
            ApiError::Refused {
                status: 409,
                message: String::new(),
            },
        ];
        assert!(retryable.iter().all(ApiError::is_retryable));
        assert!(!permanent.iter().any(ApiError::is_retryable));
    }

    fn classify(status: u16, body: &str) -> ApiError {
        success(Answer {
            status: StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
            headers: HeaderMap::new(),
            body: body.as_bytes().to_vec(),
        })
        .expect_err("not a success")
    }

    #[test]
    fn statuses_map_to_what_the_caller_does() {
        assert_eq!(
            classify(422, r#"{"msg":"Not enough segments"}"#),
            ApiError::SignInAgain {
                message: "Not enough segments".to_owned()
            }
        );
        assert_eq!(
            classify(422, r#"{"error":"bad field"}"#),
            ApiError::Refused {
                status: 422,
                message: "bad field".to_owned()
            }
        );
        assert_eq!(
            classify(
                500,
                r#"{"error":"404 Not Found: The requested URL was not found"}"#
            ),
            ApiError::NotFound
        );
        assert_eq!(
            classify(502, "<html>Bad Gateway</html>"),
            ApiError::Server {
                status: 502,
                message: "Bad Gateway".to_owned()
            },
            "a proxy's HTML page gets the status's reason"
        );
        assert_eq!(
            classify(409, r#"{"error":"Email already registered"}"#).to_string(),
            "The central system refused the change: Email already registered"
        );
    }
}
