//! JSON as the Flask service reads and writes it: Python's `json` module, not RFC 8259.
//!
//! Python writes a non-finite float as a bare `NaN` or `Infinity` token, which no strict parser
//! accepts; that is the quirk the double must reproduce, and serde_json cannot write it. So
//! responses are built as [`Json`] and written here the way Flask's default provider does:
//! keys sorted, compact separators, every non-ASCII character escaped, floats in Python's
//! `repr` form (`12.0`, `1e+20`), a newline at the end. Requests are read leniently, as
//! `json.loads` would, so a client that sends a bare `NaN` gets what the real server does.

use serde_json::Value;

/// A response body before it is written. Objects keep their pairs unsorted; the writer sorts.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Json {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    List(Vec<Json>),
    Object(Vec<(String, Json)>),
}

impl Json {
    pub(crate) fn object<const N: usize>(pairs: [(&str, Json); N]) -> Self {
        Self::Object(pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())
    }

    /// The body text, exactly as Flask would send it.
    pub(crate) fn to_body(&self) -> String {
        let mut out = String::new();
        self.write(&mut out);
        out.push('\n');
        out
    }

    fn write(&self, out: &mut String) {
        match self {
            Self::Null => out.push_str("null"),
            Self::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Self::Int(i) => out.push_str(&i.to_string()),
            Self::Float(x) => out.push_str(&float_repr(*x)),
            Self::Str(s) => write_str(s, out),
            Self::List(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    item.write(out);
                }
                out.push(']');
            }
            Self::Object(pairs) => {
                let mut sorted: Vec<&(String, Json)> = pairs.iter().collect();
                sorted.sort_by(|a, b| a.0.cmp(&b.0));
                out.push('{');
                for (i, (key, value)) in sorted.into_iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    write_str(key, out);
                    out.push(':');
                    value.write(out);
                }
                out.push('}');
            }
        }
    }

    /// The same data for a test to inspect. A `serde_json::Value` cannot hold a non-finite
    /// float, so those become the strings `"Infinity"`, `"-Infinity"` and `"NaN"`.
    pub(crate) fn to_value(&self) -> Value {
        match self {
            Self::Null => Value::Null,
            Self::Bool(b) => Value::Bool(*b),
            Self::Int(i) => Value::from(*i),
            Self::Float(x) => match serde_json::Number::from_f64(*x) {
                Some(n) => Value::Number(n),
                None => Value::String(float_repr(*x)),
            },
            Self::Str(s) => Value::String(s.clone()),
            Self::List(items) => Value::Array(items.iter().map(Self::to_value).collect()),
            Self::Object(pairs) => Value::Object(
                pairs
                    .iter()
                    .map(|(k, v)| (k.clone(), v.to_value()))
                    .collect(),
            ),
        }
    }
}

/// A JSON value as the service would echo it (a test's seed for a related record).
impl From<&serde_json::Value> for Json {
    fn from(value: &serde_json::Value) -> Self {
        use serde_json::Value;
        match value {
            Value::Null => Self::Null,
            Value::Bool(b) => Self::Bool(*b),
            Value::Number(n) => n
                .as_i64()
                .map_or_else(|| Self::Float(n.as_f64().unwrap_or(f64::NAN)), Self::Int),
            Value::String(s) => Self::Str(s.clone()),
            Value::Array(items) => Self::List(items.iter().map(Self::from).collect()),
            Value::Object(map) => Self::Object(
                map.iter()
                    .map(|(k, v)| (k.clone(), Self::from(v)))
                    .collect(),
            ),
        }
    }
}

impl From<&str> for Json {
    fn from(s: &str) -> Self {
        Self::Str(s.to_owned())
    }
}

impl From<String> for Json {
    fn from(s: String) -> Self {
        Self::Str(s)
    }
}

impl From<i64> for Json {
    fn from(i: i64) -> Self {
        Self::Int(i)
    }
}

impl From<f64> for Json {
    fn from(x: f64) -> Self {
        Self::Float(x)
    }
}

impl From<bool> for Json {
    fn from(b: bool) -> Self {
        Self::Bool(b)
    }
}

impl<T: Into<Json>> From<Option<T>> for Json {
    fn from(value: Option<T>) -> Self {
        value.map_or(Self::Null, Into::into)
    }
}

/// Python's `repr` of a float, which is what `json.dumps` writes: the shortest digits that read
/// back to the same float, in fixed notation for exponents -4..16 and scientific otherwise.
pub(crate) fn float_repr(x: f64) -> String {
    if x.is_nan() {
        return "NaN".to_owned();
    }
    if x.is_infinite() {
        return if x > 0.0 { "Infinity" } else { "-Infinity" }.to_owned();
    }
    // Rust's `{:e}` gives the same shortest round-trip digits; only the layout differs.
    let scientific = format!("{:e}", x.abs());
    let (mantissa, exponent) = scientific
        .split_once('e')
        .expect("scientific notation of a finite float has an exponent");
    let exponent: i32 = exponent
        .parse()
        .expect("scientific notation writes its exponent as an integer");
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    let sign = if x.is_sign_negative() { "-" } else { "" };
    let body = if (-4..16).contains(&exponent) {
        if exponent >= 0 {
            let point = usize::try_from(exponent).unwrap_or(0) + 1;
            if digits.len() <= point {
                format!("{digits}{}.0", "0".repeat(point - digits.len()))
            } else {
                format!("{}.{}", &digits[..point], &digits[point..])
            }
        } else {
            let zeros = usize::try_from(-exponent - 1).unwrap_or(0);
            format!("0.{}{digits}", "0".repeat(zeros))
        }
    } else {
        let (head, tail) = digits.split_at(1);
        let mantissa = if tail.is_empty() {
            head.to_owned()
        } else {
            format!("{head}.{tail}")
        };
        let exponent_sign = if exponent < 0 { '-' } else { '+' };
        format!("{mantissa}e{exponent_sign}{:02}", exponent.abs())
    };
    format!("{sign}{body}")
}

/// A string as `json.dumps` writes it with `ensure_ascii`: everything outside printable ASCII
/// as `\uXXXX` (UTF-16 units, lower-case hex).
fn write_str(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{08}' => out.push_str("\\b"),
            '\u{0c}' => out.push_str("\\f"),
            ' '..='~' => out.push(c),
            _ => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    out.push_str(&format!("\\u{unit:04x}"));
                }
            }
        }
    }
    out.push('"');
}

/// Reads a request body as `json.loads` would. The bare tokens `NaN`, `Infinity` and
/// `-Infinity` become the strings `"nan"`, `"inf"` and `"-inf"`, which the loose field readers
/// turn into the same floats Python would have had.
pub(crate) fn read(text: &str) -> Result<Value, serde_json::Error> {
    serde_json::from_str(&quote_bare_floats(text))
}

fn quote_bare_floats(text: &str) -> String {
    const BARE: [(&str, &str); 3] = [
        ("-Infinity", "\"-inf\""),
        ("Infinity", "\"inf\""),
        ("NaN", "\"nan\""),
    ];
    let mut out = String::with_capacity(text.len());
    let mut in_string = false;
    let mut escaped = false;
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if in_string {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
        } else if c == '"' {
            in_string = true;
        } else if let Some((token, quoted)) = BARE.iter().find(|(t, _)| rest.starts_with(t)) {
            out.push_str(quoted);
            rest = &rest[token.len()..];
            continue;
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_are_written_as_python_repr_writes_them() {
        let cases = [
            (0.0, "0.0"),
            (-0.0, "-0.0"),
            (12.0, "12.0"),
            (12.34, "12.34"),
            (-5.5, "-5.5"),
            (0.0001, "0.0001"),
            (0.00001, "1e-05"),
            (1e20, "1e+20"),
            (1e16, "1e+16"),
            (1234567890123456.0, "1234567890123456.0"),
            (1.5e-7, "1.5e-07"),
            (99999999.99, "99999999.99"),
            (f64::INFINITY, "Infinity"),
            (f64::NEG_INFINITY, "-Infinity"),
            (f64::NAN, "NaN"),
        ];
        for (x, python) in cases {
            assert_eq!(float_repr(x), python, "repr of {x:e} must match CPython's");
        }
    }

    #[test]
    fn bodies_sort_keys_escape_non_ascii_and_end_with_a_newline() {
        let body = Json::object([
            ("name", "Jos\u{e9} \u{1F600}".into()),
            ("balance", Json::Float(f64::INFINITY)),
            ("id", 7.into()),
        ])
        .to_body();
        assert_eq!(
            body, "{\"balance\":Infinity,\"id\":7,\"name\":\"Jos\\u00e9 \\ud83d\\ude00\"}\n",
            "Flask sorts keys, writes compactly, escapes to ASCII and writes a bare Infinity"
        );
    }

    #[test]
    fn bare_non_finite_tokens_are_read_but_not_inside_strings() {
        let value =
            read(r#"{"a": NaN, "b": -Infinity, "c": "NaN Infinity \" NaN", "d": [Infinity]}"#)
                .expect("json.loads accepts these tokens");
        assert_eq!(
            value["a"], "nan",
            "bare NaN becomes the text Python's float() reads as nan"
        );
        assert_eq!(value["b"], "-inf");
        assert_eq!(
            value["c"], "NaN Infinity \" NaN",
            "strings are left as sent"
        );
        assert_eq!(value["d"][0], "inf");
    }

    #[test]
    fn malformed_bodies_are_still_refused() {
        assert!(
            read("{\"a\": }").is_err(),
            "only the bare float tokens are relaxed"
        );
    }

    #[test]
    fn to_value_spells_non_finite_floats_as_strings() {
        let value = Json::List(vec![Json::Float(f64::INFINITY), Json::Float(2.5)]).to_value();
        assert_eq!(value, serde_json::json!(["Infinity", 2.5]));
    }
}
