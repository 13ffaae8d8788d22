//! What the double received, so a test can assert what a client actually sent.

use crate::fault::Fault;

/// One request as it arrived, and what became of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recorded {
    /// Upper case, e.g. `"PUT"`.
    pub method: String,
    /// Without the query string, e.g. `"/api/customers/7"`.
    pub path: String,
    /// The raw query string, still percent-encoded, without the `?`.
    pub query: Option<String>,
    /// The body as text (lossy if it was not UTF-8); empty when there was none.
    pub body: String,
    /// The `Authorization` header as sent.
    pub authorization: Option<String>,
    /// The injected fault this request met, if any.
    pub fault: Option<Fault>,
    /// The status answered, or `None` when the connection was dropped without an answer (even
    /// if, with [`Fault::ApplyThenDropResponse`], the change was applied).
    pub status: Option<u16>,
}

impl Recorded {
    /// The body read as strict JSON, or `None` when it is not.
    pub fn json(&self) -> Option<serde_json::Value> {
        serde_json::from_str(&self.body).ok()
    }
}
