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
    /// 404 for real: only DELETE of an unknown id and unknown URLs get one.
    #[error("Not found")]
    NotFound,
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
            Self::NotFound => StatusCode::NOT_FOUND,
            Self::Conflict(_) => StatusCode::CONFLICT,
            Self::Crash(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl IntoResponse for RouteError {
    fn into_response(self) -> Response {
        let status = self.status();
        Reply::new(status, Json::object([("error", self.to_string().into())])).into_response()
    }
}

/// The answer to an injected [`crate::Fault::Status`]: the status and the usual error body.
pub(crate) fn injected_status(code: u16) -> Response {
    let status = StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let reason = status.canonical_reason().unwrap_or("Injected fault");
    Reply::new(status, Json::object([("error", reason.into())])).into_response()
}
