//! Reading a request body as the service's `request.get_json()` and `data.get(...)` do, so a
//! body it cannot use fails the way it fails there: with a 500 from the view's catch-all.

use crate::pyjson;
use crate::reply::RouteError;
use axum::http::{header, HeaderMap};
use serde_json::{Map, Value};

/// The body as a JSON object, for the views that read it with `data.get(...)`, which only a
/// dict has.
pub(crate) fn json_object(
    headers: &HeaderMap,
    body: &[u8],
) -> Result<Map<String, Value>, RouteError> {
    match json_value(headers, body)? {
        Value::Object(map) => Ok(map),
        other => Err(RouteError::Crash(format!(
            "'{}' object has no attribute 'get'",
            python_type(&other)
        ))),
    }
}

/// The body's fields among `keys`, for the views that ask `'field' in data` before reading
/// `data['field']`. Any JSON passes the question: a list or text that holds none of the keys
/// has no fields (the view then changes nothing and answers 200); one that holds a key fails
/// on the read; null, a number or a boolean fails the question itself.
pub(crate) fn json_fields(
    headers: &HeaderMap,
    body: &[u8],
    keys: &[&str],
) -> Result<Map<String, Value>, RouteError> {
    let crash = |text: String| Err(RouteError::Crash(text));
    match json_value(headers, body)? {
        Value::Object(map) => Ok(map),
        Value::Array(items) => {
            if items
                .iter()
                .any(|item| item.as_str().is_some_and(|s| keys.contains(&s)))
            {
                crash("list indices must be integers or slices, not str".to_owned())
            } else {
                Ok(Map::new())
            }
        }
        Value::String(text) => {
            if keys.iter().any(|key| text.contains(key)) {
                crash("string indices must be integers, not 'str'".to_owned())
            } else {
                Ok(Map::new())
            }
        }
        other => crash(format!(
            "argument of type '{}' is not iterable",
            python_type(&other)
        )),
    }
}

/// The body as `request.get_json()` reads it: any JSON document, with Python's bare float
/// tokens, sent as `application/json`.
fn json_value(headers: &HeaderMap, body: &[u8]) -> Result<Value, RouteError> {
    if !is_json(headers) {
        return Err(RouteError::Crash(
            "415 Unsupported Media Type: Did not attempt to load JSON data because the request \
             Content-Type was not 'application/json'."
                .to_owned(),
        ));
    }
    let text = std::str::from_utf8(body).map_err(|_| decode_failure())?;
    pyjson::read(text).map_err(|_| decode_failure())
}

/// Werkzeug's `BadRequest` outside debug mode, which says nothing of where the JSON broke.
fn decode_failure() -> RouteError {
    RouteError::Crash(
        "400 Bad Request: The browser (or proxy) sent a request that this server could not \
         understand."
            .to_owned(),
    )
}

/// Flask's `request.is_json`: `application/json` or any `application/*+json`.
fn is_json(headers: &HeaderMap) -> bool {
    let Some(value) = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let mime = value
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    mime == "application/json" || (mime.starts_with("application/") && mime.ends_with("+json"))
}

/// Python's truthiness, which the service's `if not data.get(field)` checks use: missing,
/// `null`, `false`, `0`, `""`, `[]` and `{}` all count as absent.
pub(crate) fn is_falsy(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::Bool(b) => !b,
        Value::Number(n) => n.as_f64() == Some(0.0),
        Value::String(s) => s.is_empty(),
        Value::Array(items) => items.is_empty(),
        Value::Object(map) => map.is_empty(),
    }
}

/// The name Python gives the type a JSON value loads as, for error texts.
pub(crate) fn python_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "NoneType",
        Value::Bool(_) => "bool",
        Value::Number(n) if n.is_f64() => "float",
        Value::Number(_) => "int",
        Value::String(_) => "str",
        Value::Array(_) => "list",
        Value::Object(_) => "dict",
    }
}

/// Python's `repr` of the value a JSON document loads as, for error texts that quote a value.
pub(crate) fn py_repr(value: &Value) -> String {
    match value {
        Value::Null => "None".to_owned(),
        Value::Bool(b) => if *b { "True" } else { "False" }.to_owned(),
        Value::Number(n) if n.is_f64() => pyjson::float_repr(n.as_f64().unwrap_or(f64::NAN)),
        Value::Number(n) => n.to_string(),
        Value::String(s) => format!("'{s}'"),
        Value::Array(items) => {
            let items: Vec<String> = items.iter().map(py_repr).collect();
            format!("[{}]", items.join(", "))
        }
        Value::Object(map) => {
            let pairs: Vec<String> = map
                .iter()
                .map(|(k, v)| format!("'{k}': {}", py_repr(v)))
                .collect();
            format!("{{{}}}", pairs.join(", "))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn json_headers() -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json; charset=utf-8"),
        );
        headers
    }

    #[test]
    fn a_json_object_is_read_with_python_float_tokens() {
        let map = json_object(&json_headers(), br#"{"balance": NaN}"#).expect("an object");
        assert_eq!(map["balance"], "nan");
    }

    #[test]
    fn a_body_that_is_not_json_is_a_crash() {
        let mut plain = HeaderMap::new();
        plain.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain"));
        for (headers, body) in [
            (plain, &b"{}"[..]),
            (json_headers(), &b"{name"[..]),
            (json_headers(), &b"[1, 2]"[..]),
        ] {
            let error = json_object(&headers, body).expect_err("the view cannot use it");
            assert!(
                matches!(error, RouteError::Crash(_)),
                "the catch-all answers 500, got {error:?}"
            );
        }
    }

    #[test]
    fn a_body_that_is_no_object_has_no_fields_unless_it_names_one() {
        let keys = ["name", "email"];
        let fields = |body: &[u8]| json_fields(&json_headers(), body, &keys);
        for body in [&b"[1, 2]"[..], b"\"xx\"", b"[]"] {
            let read = fields(body).expect("`in` works on a list or text");
            assert!(read.is_empty(), "{body:?} holds no field");
        }
        for body in [&b"[\"email\"]"[..], b"\"the name\"", b"5", b"null", b"true"] {
            assert!(
                matches!(fields(body), Err(RouteError::Crash(_))),
                "{body:?} fails the question or the read"
            );
        }
        let read = fields(br#"{"name": "N"}"#).expect("an object");
        assert_eq!(read["name"], "N", "an object is read as it is");
    }

    #[test]
    fn falsy_follows_python() {
        for value in [Value::Null, false.into(), 0.into(), 0.0.into(), "".into()] {
            assert!(is_falsy(&value), "{value} is falsy in Python");
        }
        for value in [true.into(), 1.into(), " ".into(), serde_json::json!([0])] {
            assert!(!is_falsy(&value), "{value} is truthy in Python");
        }
    }
}
