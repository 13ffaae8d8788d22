//! The central API's address as the user types it, checked once: https (plain http only on this
//! computer's loopback, for a local test server), no query, no credentials, and normalised so
//! that `join("/api/customers")` is the route whatever form was typed.

use infora_domain::{FieldError, Rule};
use serde::{Deserialize, Serialize, Serializer};
use std::fmt;
use std::net::IpAddr;
use url::{Host, Url};

/// The base address of the central system, without a trailing slash or `/api`
/// (`https://billing.example.co.ke`, or `https://example.co.ke/infora` behind a path).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Deserialize)]
#[serde(try_from = "String")]
pub struct CentralUrl(String);

impl CentralUrl {
    const FIELD: &'static str = "central_url";

    /// Accepts `https://host[:port][/path]`, with or without trailing slashes or a trailing
    /// `/api`; `http://` only for `localhost`, `127.0.0.0/8` and `::1`.
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let text = raw.trim();
        if text.is_empty() {
            return Err(FieldError::new(Self::FIELD, Rule::Required, "is required"));
        }
        let not_an_address = || {
            FieldError::new(
                Self::FIELD,
                Rule::Format,
                "is not a web address (expected e.g. https://billing.example.co.ke)",
            )
        };
        let url = Url::parse(text).map_err(|_| not_an_address())?;
        let host = url.host().ok_or_else(not_an_address)?;
        match url.scheme() {
            "https" => {}
            "http" if is_loopback(&host) => {}
            "http" => {
                return Err(FieldError::new(
                    Self::FIELD,
                    Rule::NotAllowed,
                    "must start with https:// (plain http:// is only allowed for a server on \
                     this computer, such as http://localhost:5000)",
                ))
            }
            _ => return Err(not_an_address()),
        }
        // Credentials in an address end up in logs and screenshots; tokens go in headers.
        if !url.username().is_empty() || url.password().is_some() {
            return Err(FieldError::new(
                Self::FIELD,
                Rule::NotAllowed,
                "must not contain a user name or password",
            ));
        }
        if url.query().is_some() || url.fragment().is_some() {
            return Err(FieldError::new(
                Self::FIELD,
                Rule::Format,
                "must not contain `?` or `#` parts (just the server's address)",
            ));
        }
        let mut path = url.path().trim_end_matches('/');
        if let Some(base) = path.strip_suffix("/api") {
            path = base.trim_end_matches('/');
        }
        let origin = url.origin().ascii_serialization();
        Ok(Self(format!("{origin}{path}")))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The full address of a route: `path` starts with `/`, e.g. `/api/customers/7`.
    pub fn join(&self, path: &str) -> String {
        format!("{}{path}", self.0)
    }
}

/// `localhost`, `127.0.0.0/8` or `::1`: a server on this computer, where plain http leaks
/// nothing to the network.
fn is_loopback(host: &Host<&str>) -> bool {
    match host {
        Host::Domain(name) => {
            let name = name.trim_end_matches('.');
            name.eq_ignore_ascii_case("localhost")
        }
        Host::Ipv4(ip) => IpAddr::V4(*ip).is_loopback(),
        Host::Ipv6(ip) => IpAddr::V6(*ip).is_loopback(),
    }
}

impl fmt::Display for CentralUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for CentralUrl {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl TryFrom<String> for CentralUrl {
    type Error = FieldError;

    fn try_from(raw: String) -> Result<Self, Self::Error> {
        Self::parse(&raw)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn ok(raw: &str) -> String {
        CentralUrl::parse(raw)
            .unwrap_or_else(|e| panic!("{raw:?} must parse: {e}"))
            .to_string()
    }

    fn rule(raw: &str) -> Rule {
        let err = CentralUrl::parse(raw).expect_err(raw);
        assert_eq!(err.field, "central_url", "{raw:?}");
        err.rule
    }

    #[test]
    fn trailing_slashes_and_api_are_trimmed() {
        for raw in [
            "https://billing.example.co.ke",
            "https://billing.example.co.ke/",
            " https://billing.example.co.ke/api ",
            "https://billing.example.co.ke/api/",
            "https://billing.example.co.ke//api//",
            "HTTPS://Billing.Example.co.ke/api",
        ] {
            assert_eq!(ok(raw), "https://billing.example.co.ke", "{raw:?}");
        }
        assert_eq!(
            ok("https://example.co.ke/infora/api"),
            "https://example.co.ke/infora",
            "a server behind a path keeps its path"
        );
        assert_eq!(
            ok("https://example.co.ke:8443/"),
            "https://example.co.ke:8443",
            "a port is kept"
        );
        assert_eq!(
            ok("https://example.co.ke:443/"),
            "https://example.co.ke",
            "the default port is implied"
        );
    }

    #[test]
    fn join_makes_a_route() {
        let server = CentralUrl::parse("https://x.co.ke/api/").unwrap();
        assert_eq!(
            server.join("/api/customers"),
            "https://x.co.ke/api/customers"
        );
    }

    #[test]
    fn plain_http_only_on_loopback() {
        for raw in [
            "http://localhost:5000",
            "http://LOCALHOST/api",
            "http://127.0.0.1:8080/",
            "http://127.3.2.1",
            "http://[::1]:5000",
        ] {
            assert!(ok(raw).starts_with("http://"), "{raw:?} is loopback");
        }
        for raw in [
            "http://billing.example.co.ke",
            "http://192.168.1.10:5000",
            "http://10.0.0.1",
            "http://localhost.example.com",
            "http://[::2]",
        ] {
            assert_eq!(rule(raw), Rule::NotAllowed, "{raw:?} needs https");
        }
    }

    #[test]
    fn junk_queries_and_credentials_are_refused() {
        assert_eq!(rule(""), Rule::Required);
        assert_eq!(rule("billing.example.co.ke"), Rule::Format, "no scheme");
        assert_eq!(rule("ftp://example.co.ke"), Rule::Format);
        assert_eq!(rule("https://"), Rule::Format);
        assert_eq!(rule("https://x.co.ke/?tenant=1"), Rule::Format);
        assert_eq!(rule("https://x.co.ke/#top"), Rule::Format);
        assert_eq!(rule("https://me:pw@x.co.ke"), Rule::NotAllowed);
    }

    #[test]
    fn serialises_and_deserialises_as_a_checked_string() {
        let server = CentralUrl::parse("https://x.co.ke/api").unwrap();
        assert_eq!(
            serde_json::to_value(&server).unwrap(),
            serde_json::json!("https://x.co.ke")
        );
        let back: CentralUrl =
            serde_json::from_value(serde_json::json!("https://x.co.ke/")).unwrap();
        assert_eq!(back, server);
        assert!(
            serde_json::from_value::<CentralUrl>(serde_json::json!("http://x.co.ke")).is_err(),
            "deserialising checks the same rules"
        );
    }
}
