//! What a route answers: a status and a body written as Flask writes JSON, or a route error in
//! the service's `{"error": ...}` shape.

use crate::pyjson::Json;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};

/// What Werkzeug's `NotFound` says. The service catches every exception inside its views and
/// answers `{"error": str(e)}` with 500, so `get_or_404` for an unknown id surfaces as a 500
/// carrying this text; clients are told to read it as not-found.
pub(crate) const NOT_FOUND_TEXT: &str = "404 Not Found: The requested URL was not found on the \
     server. If you entered the URL manually please check your spelling and try again.";

/// A successful answer.
#[derive(Debug)]
pub(crate) struct Reply {
    status: StatusCode,
    body: Json,
}

impl Reply {
    pub(crate) fn new(status: StatusCode, body: Json) -> Self {
        Self { status, body }
    }

    pub(crate) fn ok(body: Json) -> Self {
        Self::new(StatusCode::OK, body)
    }

    /// `{"message": ..., "customer": ...}`, the answer of every write but delete.
    pub(crate) fn with_customer(status: StatusCode, message: &str, customer: Json) -> Self {
        Self::new(
            status,
            Json::object([("message", message.into()), ("customer", customer)]),
        )
    }
}

impl IntoResponse for Reply {
    fn into_response(self) -> Response {
        // Written by hand, never through serde_json: the body may hold a bare `Infinity`.
        (
            self.status,
            [(header::CONTENT_TYPE, "application/json")],
            self.body.to_body(),
        )
            .into_response()
    }
}

/// The ways a route fails, each with the status the service answers.
#[derive(Debug, thiserror::Error)]
pub(crate) enum RouteError {
    /// 400: a required field is missing or empty.
    #[error("{0}")]
    Invalid(String),
    /// 401 at sign-in. Token problems answer differently (see `auth::TokenError`).
    #[error("Invalid email or password")]
    BadCredentials,
    /// 402: the later version, while the operator's subscription is unpaid.
    #[error("subscription unpaid")]
    SubscriptionUnpaid,
    /// 404 from Werkzeug: a URL no route matches (a non-numeric id included), as an HTML page.
    #[error("Not Found")]
    NotFound,
    /// 405 from Werkzeug: a method the route does not take, as an HTML page.
    #[error("Method Not Allowed")]
    MethodNotAllowed,
    /// 404 from DELETE of an unknown id, the one view that answers a proper 404.
    #[error("Customer not found")]
    CustomerNotFound,
    /// 409: the email is already used (compared case-sensitively and untrimmed).
    #[error("{0}")]
    Conflict(&'static str),
    /// 500: anything the view's catch-all turned into `{"error": str(e)}`.
    #[error("{0}")]
    Crash(String),
}

impl RouteError {
    /// An unknown id inside a view: a 500 whose text says 404.
    pub(crate) fn unknown_id() -> Self {
        Self::Crash(NOT_FOUND_TEXT.to_owned())
    }

    /// The error as the view's catch-all words it: a crash's text after the view's own prefix
    /// (`Failed to get customer: …`); every other error as it is.
    pub(crate) fn within(self, view: &str) -> Self {
        match self {
            Self::Crash(text) => Self::Crash(format!("{view}: {text}")),
            other => other,
        }
    }

    fn status(&self) -> StatusCode {
        match self {
            Self::Invalid(_) => StatusCode::BAD_REQUEST,
            Self::BadCredentials => StatusCode::UNAUTHORIZED,
            Self::SubscriptionUnpaid => StatusCode::PAYMENT_REQUIRED,
            Self::NotFound | Self::CustomerNotFound => StatusCode::NOT_FOUND,
            Self::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            Self::Conflict(_) => StatusCode::CONFLICT,
            Self::Crash(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl IntoResponse for RouteError {
    fn into_response(self) -> Response {
        let status = self.status();
        let html = match self {
            Self::NotFound => NOT_FOUND_PAGE,
            Self::MethodNotAllowed => METHOD_NOT_ALLOWED_PAGE,
            _ => {
                let body = Json::object([("error", self.to_string().into())]);
                return Reply::new(status, body).into_response();
            }
        };
        (
            status,
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            html,
        )
            .into_response()
    }
}

/// Werkzeug's page for a URL no route matches.
const NOT_FOUND_PAGE: &str = "<!doctype html>\n<html lang=en>\n<title>404 Not Found</title>\n\
     <h1>Not Found</h1>\n<p>The requested URL was not found on the server. If you entered the \
     URL manually please check your spelling and try again.</p>\n";

/// Werkzeug's page for a method a route does not take.
const METHOD_NOT_ALLOWED_PAGE: &str = "<!doctype html>\n<html lang=en>\n\
     <title>405 Method Not Allowed</title>\n<h1>Method Not Allowed</h1>\n\
     <p>The method is not allowed for the requested URL.</p>\n";

/// The answer to an injected [`crate::Fault::Status`]: the status and the usual error body.
pub(crate) fn injected_status(code: u16) -> Response {
    let status = StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let reason = status.canonical_reason().unwrap_or("Injected fault");
    Reply::new(status, Json::object([("error", reason.into())])).into_response()
}
