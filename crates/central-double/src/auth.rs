//! Sign-in and the bearer tokens every customer route asks for.
//!
//! Tokens are opaque: random text shaped like a JWT (three dot-separated parts) and held in a
//! map with their kind and expiry, read against the double's own clock. What matters to a
//! client is how a bad token is answered, and that is Flask-JWT-Extended's: a `{"msg": ...}`
//! body, 401 for a missing header or an expired token, 422 for anything malformed or mistyped.

use crate::body::{self, is_falsy, python_type};
use crate::customer::iso_micro;
use crate::pyjson::Json;
use crate::reply::{Reply, RouteError};
use crate::rng::Rng;
use crate::state::Shared;
use axum::body::Bytes;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Duration, NaiveDateTime, Utc};
use std::collections::HashMap;

const ACCESS_LIFETIME: Duration = Duration::hours(24);
const REFRESH_LIFETIME: Duration = Duration::days(30);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TokenKind {
    Access,
    Refresh,
}

#[derive(Debug)]
struct Token {
    user_id: i64,
    kind: TokenKind,
    expires_at: DateTime<Utc>,
}

#[derive(Debug)]
struct User {
    id: i64,
    email: String,
    password: String,
    last_login: Option<NaiveDateTime>,
}

impl User {
    fn view(&self) -> Json {
        Json::object([
            ("id", self.id.into()),
            ("email", self.email.as_str().into()),
            ("first_name", "Test".into()),
            ("last_name", "Agent".into()),
            ("role", "admin".into()),
            ("is_admin", true.into()),
            ("is_active", true.into()),
            ("last_login", self.last_login.map(iso_micro).into()),
        ])
    }
}

/// The users who may sign in and the tokens handed out to them.
#[derive(Debug, Default)]
pub(crate) struct Accounts {
    users: Vec<User>,
    tokens: HashMap<String, Token>,
}

impl Accounts {
    /// Registers a user; the email is kept trimmed and lower-cased, as registration keeps it.
    pub(crate) fn add_user(&mut self, email: &str, password: &str) -> i64 {
        let id = i64::try_from(self.users.len()).unwrap_or(i64::MAX - 1) + 1;
        self.users.push(User {
            id,
            email: email.trim().to_lowercase(),
            password: password.to_owned(),
            last_login: None,
        });
        id
    }

    /// Every token handed out so far (a test looks for them where they must not be).
    pub(crate) fn issued(&self) -> Vec<String> {
        let mut all: Vec<String> = self.tokens.keys().cloned().collect();
        all.sort();
        all
    }

    fn issue(
        &mut self,
        user_id: i64,
        kind: TokenKind,
        now: DateTime<Utc>,
        rng: &mut Rng,
    ) -> String {
        let text = format!(
            "{:016x}.{:016x}{:016x}.{:016x}",
            rng.next_u64(),
            rng.next_u64(),
            rng.next_u64(),
            rng.next_u64()
        );
        let lifetime = match kind {
            TokenKind::Access => ACCESS_LIFETIME,
            TokenKind::Refresh => REFRESH_LIFETIME,
        };
        self.tokens.insert(
            text.clone(),
            Token {
                user_id,
                kind,
                expires_at: now + lifetime,
            },
        );
        text
    }

    /// `POST /api/auth/login` once the body is read. The email is trimmed and lower-cased
    /// before it is looked up; the password is compared exactly.
    fn sign_in(
        &mut self,
        data: &serde_json::Map<String, serde_json::Value>,
        now: DateTime<Utc>,
        rng: &mut Rng,
    ) -> Result<Reply, RouteError> {
        let field = |name: &str| data.get(name).filter(|v| !is_falsy(v));
        let (Some(email), Some(password)) = (field("email"), field("password")) else {
            return Err(RouteError::Invalid(
                "Email and password are required".to_owned(),
            ));
        };
        let email = email
            .as_str()
            .map(|e| e.trim().to_lowercase())
            .ok_or_else(|| {
                RouteError::Crash(format!(
                    "'{}' object has no attribute 'strip'",
                    python_type(email)
                ))
            })?;
        let user = self
            .users
            .iter_mut()
            .find(|u| u.email == email)
            .ok_or(RouteError::BadCredentials)?;
        // Werkzeug's password check encodes what it is given, which only text survives.
        let password = password.as_str().ok_or_else(|| {
            RouteError::Crash(format!(
                "'{}' object has no attribute 'encode'",
                python_type(password)
            ))
        })?;
        if user.password != password {
            return Err(RouteError::BadCredentials);
        }
        // `datetime.now()` keeps microseconds; customer stamps come from SQLite and do not.
        user.last_login = Some(now.naive_utc());
        let (user_id, user_view) = (user.id, user.view());
        let access = self.issue(user_id, TokenKind::Access, now, rng);
        let refresh = self.issue(user_id, TokenKind::Refresh, now, rng);
        Ok(Reply::ok(Json::object([
            ("success", true.into()),
            ("message", "Login successful".into()),
            ("access_token", access.into()),
            ("refresh_token", refresh.into()),
            ("user", user_view),
        ])))
    }

    /// The user behind `Authorization: Bearer <token>`, checked in Flask-JWT-Extended's order:
    /// the header, the token's form and signature, its expiry, then its kind.
    pub(crate) fn check(
        &self,
        header: Option<&HeaderValue>,
        wanted: TokenKind,
        now: DateTime<Utc>,
    ) -> Result<i64, TokenError> {
        let header = header
            .map(|v| v.to_str().unwrap_or("").trim())
            .filter(|v| !v.is_empty())
            .ok_or(TokenError::MissingHeader)?;
        let parts: Vec<&str> = header.split_whitespace().collect();
        if parts.first() != Some(&"Bearer") {
            return Err(TokenError::NotBearer);
        }
        let &[_, text] = parts.as_slice() else {
            return Err(TokenError::BadHeader);
        };
        if text.split('.').count() != 3 {
            return Err(TokenError::Malformed);
        }
        let token = self.tokens.get(text).ok_or(TokenError::BadSignature)?;
        if now >= token.expires_at {
            return Err(TokenError::Expired);
        }
        match (wanted, token.kind) {
            (TokenKind::Access, TokenKind::Refresh) => Err(TokenError::RefreshAsAccess),
            (TokenKind::Refresh, TokenKind::Access) => Err(TokenError::AccessAsRefresh),
            _ => Ok(token.user_id),
        }
    }
}

/// A bad bearer token, answered with Flask-JWT-Extended's texts and codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub(crate) enum TokenError {
    #[error("Missing Authorization Header")]
    MissingHeader,
    #[error(
        "Missing 'Bearer' type in 'Authorization' header. Expected 'Authorization: Bearer <JWT>'"
    )]
    NotBearer,
    #[error("Bad Authorization header. Expected 'Authorization: Bearer <JWT>'")]
    BadHeader,
    #[error("Not enough segments")]
    Malformed,
    /// Any well-formed token the double did not issue, `alg=none` ones included.
    #[error("Signature verification failed")]
    BadSignature,
    #[error("Token has expired")]
    Expired,
    #[error("Only non-refresh tokens are allowed")]
    RefreshAsAccess,
    #[error("Only refresh tokens are allowed")]
    AccessAsRefresh,
}

impl IntoResponse for TokenError {
    fn into_response(self) -> Response {
        let status = match self {
            Self::MissingHeader | Self::NotBearer | Self::Expired => StatusCode::UNAUTHORIZED,
            Self::BadHeader
            | Self::Malformed
            | Self::BadSignature
            | Self::RefreshAsAccess
            | Self::AccessAsRefresh => StatusCode::UNPROCESSABLE_ENTITY,
        };
        Reply::new(status, Json::object([("msg", self.to_string().into())])).into_response()
    }
}

pub(crate) async fn login(
    State(shared): State<Shared>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Reply, RouteError> {
    let signed_in = body::json_object(&headers, &body).and_then(|data| {
        shared.with(|c| {
            let now = c.now;
            c.accounts.sign_in(&data, now, &mut c.rng)
        })
    });
    signed_in.map_err(|e| e.within("Login failed"))
}

/// `POST /api/auth/refresh` with the refresh token as bearer: a new access token.
pub(crate) async fn refresh(State(shared): State<Shared>, headers: HeaderMap) -> Response {
    shared.with(|c| {
        let now = c.now;
        match c
            .accounts
            .check(headers.get(header::AUTHORIZATION), TokenKind::Refresh, now)
        {
            Ok(user_id) => {
                let access = c
                    .accounts
                    .issue(user_id, TokenKind::Access, now, &mut c.rng);
                Reply::ok(Json::object([
                    ("success", true.into()),
                    ("access_token", access.into()),
                    ("message", "Token refreshed successfully".into()),
                ]))
                .into_response()
            }
            Err(e) => e.into_response(),
        }
    })
}

/// Guards every customer route: a valid access token first, then (in the later version) a
/// paid subscription.
pub(crate) async fn require_access(
    State(shared): State<Shared>,
    request: Request,
    next: Next,
) -> Response {
    let verdict = shared.with(|c| {
        c.accounts
            .check(
                request.headers().get(header::AUTHORIZATION),
                TokenKind::Access,
                c.now,
            )
            .map(|_| c.versions.subscription_unpaid)
    });
    match verdict {
        Err(e) => e.into_response(),
        Ok(true) => RouteError::SubscriptionUnpaid.into_response(),
        Ok(false) => next.run(request).await,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn start() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 25, 8, 0, 0)
            .single()
            .expect("a valid instant")
    }

    fn bearer(token: &str) -> HeaderValue {
        HeaderValue::from_str(&format!("Bearer {token}")).expect("a header value")
    }

    #[test]
    fn an_access_token_lives_exactly_24_hours() {
        let mut accounts = Accounts::default();
        let id = accounts.add_user("agent@infora.ke", "secret");
        let token = accounts.issue(id, TokenKind::Access, start(), &mut Rng::new());
        let at = |later: Duration| {
            accounts.check(Some(&bearer(&token)), TokenKind::Access, start() + later)
        };
        assert_eq!(at(Duration::seconds(86_399)), Ok(id));
        assert_eq!(
            at(ACCESS_LIFETIME),
            Err(TokenError::Expired),
            "expired at exp, as PyJWT does"
        );
    }

    #[test]
    fn bad_headers_and_tokens_get_flask_jwt_extended_answers() {
        let mut accounts = Accounts::default();
        let id = accounts.add_user("agent@infora.ke", "secret");
        let refresh = accounts.issue(id, TokenKind::Refresh, start(), &mut Rng::new());
        let check = |value: Option<&str>| {
            let value = value.map(|v| HeaderValue::from_str(v).expect("a header value"));
            accounts.check(value.as_ref(), TokenKind::Access, start())
        };
        assert_eq!(check(None), Err(TokenError::MissingHeader));
        assert_eq!(check(Some("Token abc")), Err(TokenError::NotBearer));
        assert_eq!(check(Some("Bearer")), Err(TokenError::BadHeader));
        assert_eq!(check(Some("Bearer a b")), Err(TokenError::BadHeader));
        assert_eq!(check(Some("Bearer garbage")), Err(TokenError::Malformed));
        assert_eq!(
            check(Some("Bearer eyJhbGciOiJub25lIn0.e30.")),
            Err(TokenError::BadSignature)
        );
        assert_eq!(
            check(Some(format!("Bearer {refresh}").as_str())),
            Err(TokenError::RefreshAsAccess)
        );
    }
}
