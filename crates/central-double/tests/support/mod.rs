//! Talking to a central service over HTTP, shared by both test binaries: a signed-in client and
//! readers for its answers. The conformance suite points it at the double or at a real service;
//! the double's own tests at a double whose clock, faults and state they control.

// Each binary uses its own part of this module.
#![allow(dead_code)]
// Helpers unwrap like the tests they serve: a panic is a failing test with its message.
#![allow(clippy::unwrap_used)]

use reqwest::{Method, RequestBuilder};
use serde_json::{json, Value};
use std::collections::BTreeSet;

/// Every key of a customer object, and nothing else.
pub const CUSTOMER_KEYS: [&str; 16] = [
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

/// A client signed in to one central service.
pub struct Api {
    /// `http://host:port`, without a trailing slash.
    pub base: String,
    pub http: reqwest::Client,
    pub access: String,
    pub refresh: String,
}

impl Api {
    /// Signs in at `base` and keeps both tokens.
    pub async fn sign_in(base: &str, email: &str, password: &str) -> Self {
        let http = reqwest::Client::new();
        let (status, login) =
            login(&http, base, &json!({"email": email, "password": password})).await;
        assert_eq!(
            status, 200,
            "{email} must be able to sign in at {base}: {login}"
        );
        let token = |kind: &str| {
            login[kind]
                .as_str()
                .unwrap_or_else(|| panic!("the sign-in answer holds {kind}: {login}"))
                .to_owned()
        };
        Self {
            base: base.to_owned(),
            access: token("access_token"),
            refresh: token("refresh_token"),
            http,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// A request with the access token.
    pub fn call(&self, method: Method, path: &str) -> RequestBuilder {
        self.http
            .request(method, self.url(path))
            .bearer_auth(&self.access)
    }

    /// `POST /api/auth/login` with `body`, as anyone may send it.
    pub async fn login(&self, body: &Value) -> (u16, Value) {
        login(&self.http, &self.base, body).await
    }

    /// A GET with `token` in place of the access token.
    pub async fn get_as(&self, token: &str, path: &str) -> (u16, Value) {
        json_of(self.http.get(self.url(path)).bearer_auth(token)).await
    }

    /// `POST /api/auth/refresh` with `token` as the bearer.
    pub async fn refresh_with(&self, token: &str) -> (u16, Value) {
        json_of(
            self.http
                .post(self.url("/api/auth/refresh"))
                .bearer_auth(token),
        )
        .await
    }

    pub async fn get(&self, path: &str) -> (u16, Value) {
        json_of(self.call(Method::GET, path)).await
    }

    pub async fn send(&self, method: Method, path: &str, body: Value) -> (u16, Value) {
        json_of(self.call(method, path).json(&body)).await
    }

    /// A raw body, for what serde_json will not write (a bare `NaN`, a broken document).
    pub async fn send_text(
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

    /// Creates a customer from `body` and returns it as the answer shows it.
    pub async fn create(&self, body: Value) -> Value {
        let (status, created) = self.send(Method::POST, "/api/customers", body).await;
        assert_eq!(status, 201, "a valid customer is created: {created}");
        created["customer"].clone()
    }
}

async fn login(http: &reqwest::Client, base: &str, body: &Value) -> (u16, Value) {
    json_of(http.post(format!("{base}/api/auth/login")).json(body)).await
}

/// Sends and reads the answer as text: some bodies are not valid JSON, by design.
pub async fn text_of(request: RequestBuilder) -> (u16, String) {
    let response = request.send().await.unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

/// Sends and reads the answer as strict JSON.
pub async fn json_of(request: RequestBuilder) -> (u16, Value) {
    let (status, text) = text_of(request).await;
    let body = serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("the answer ({status}) is JSON, but {e}: {text}"));
    (status, body)
}

pub fn keys(value: &Value) -> BTreeSet<&str> {
    value
        .as_object()
        .unwrap_or_else(|| panic!("an object, not {value}"))
        .keys()
        .map(String::as_str)
        .collect()
}

/// The ids of a list page, in order.
pub fn ids(page: &Value) -> Vec<i64> {
    page["customers"]
        .as_array()
        .unwrap_or_else(|| panic!("a page holds a customer list: {page}"))
        .iter()
        .map(|c| c["id"].as_i64().unwrap())
        .collect()
}
