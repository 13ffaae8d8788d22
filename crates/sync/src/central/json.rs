//! Reading the central system's bodies, which are Python's `json.dumps` output rather than
//! JSON: a non-finite float is written as a bare `Infinity`, `-Infinity` or `NaN` token, which
//! serde_json (rightly) refuses.
//!
//! Those tokens become the strings `"Infinity"`, `"-Infinity"` and `"NaN"` before serde_json
//! reads the body, so a page with one bad balance still parses and the bad value reaches
//! [`crate::remote`] as text it can flag. A body without any of those byte sequences (nearly
//! every body) is parsed as it is, without a copy.

use memchr::memmem;
use serde_json::Value;

/// Parses a body from the central system, reading bare `Infinity`, `-Infinity` and `NaN`
/// tokens (outside strings) as the strings `"Infinity"`, `"-Infinity"` and `"NaN"`.
pub fn parse(bytes: &[u8]) -> Result<Value, serde_json::Error> {
    if memmem::find(bytes, b"Infinity").is_none() && memmem::find(bytes, b"NaN").is_none() {
        return serde_json::from_slice(bytes);
    }
    match quote_python_tokens(bytes) {
        Some(fixed) => serde_json::from_slice(&fixed),
        // The words were only inside strings: the body is plain JSON.
        None => serde_json::from_slice(bytes),
    }
}

/// The body with every bare token quoted, or `None` when there was none to quote. Jumps from
/// one byte that matters to the next (a quote, a backslash in a string, the first letter of a
/// token) and copies the text between tokens in whole runs.
fn quote_python_tokens(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut out: Option<Vec<u8>> = None;
    let mut copied = 0; // bytes[..copied] are already in `out`
    let mut in_string = false;
    let mut i = 0;
    while i < bytes.len() {
        if in_string {
            // Skip to the next byte that can matter inside a string.
            let Some(n) = memchr::memchr2(b'"', b'\\', &bytes[i..]) else {
                break;
            };
            i += n;
            if bytes[i] == b'\\' {
                // An escape takes the next byte with it, so `\"` does not end the string.
                i += 2;
            } else {
                in_string = false;
                i += 1;
            }
            continue;
        }
        // Outside strings, skip to a quote or the first letter of a token.
        let Some(n) = memchr::memchr3(b'"', b'I', b'N', &bytes[i..]) else {
            break;
        };
        i += n;
        let token: &[u8] = match bytes[i] {
            b'"' => {
                in_string = true;
                i += 1;
                continue;
            }
            b'I' if bytes[i..].starts_with(b"Infinity") => b"Infinity",
            b'N' if bytes[i..].starts_with(b"NaN") => b"NaN",
            _ => {
                i += 1;
                continue;
            }
        };
        let negative = i > copied && bytes[i - 1] == b'-';
        let start = if negative { i - 1 } else { i };
        let out = out.get_or_insert_with(|| Vec::with_capacity(bytes.len() + 64));
        out.extend_from_slice(&bytes[copied..start]);
        out.push(b'"');
        if negative {
            out.push(b'-');
        }
        out.extend_from_slice(token);
        out.push(b'"');
        i += token.len();
        copied = i;
    }
    let mut out = out?;
    out.extend_from_slice(&bytes[copied.min(bytes.len())..]);
    Some(out)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use serde_json::json;

    fn read(text: &str) -> Value {
        parse(text.as_bytes()).unwrap_or_else(|e| panic!("{text:?} must parse: {e}"))
    }

    #[test]
    fn plain_json_is_read_as_is() {
        assert_eq!(
            read(r#"{"balance":12.5,"name":"Wanjiku"}"#),
            json!({"balance": 12.5, "name": "Wanjiku"})
        );
    }

    #[test]
    fn bare_tokens_become_strings() {
        assert_eq!(
            read(r#"{"a":Infinity,"b":-Infinity,"c":NaN,"d":[NaN, Infinity]}"#),
            json!({"a": "Infinity", "b": "-Infinity", "c": "NaN", "d": ["NaN", "Infinity"]})
        );
    }

    #[test]
    fn the_words_inside_strings_are_left_alone() {
        assert_eq!(
            read(r#"{"name":"Infinity NaN Ltd","balance":Infinity}"#),
            json!({"name": "Infinity NaN Ltd", "balance": "Infinity"}),
            "only the bare token is quoted"
        );
        assert_eq!(
            read(r#"{"name":"NaN","email":"-Infinity@x.ke"}"#),
            json!({"name": "NaN", "email": "-Infinity@x.ke"}),
            "words only inside strings: parsed as plain JSON"
        );
    }

    #[test]
    fn escaped_quotes_do_not_end_a_string() {
        assert_eq!(
            read(r#"{"name":"say \"Infinity\", NaN \\","b":NaN,"c":"\\\"NaN"}"#),
            json!({"name": "say \"Infinity\", NaN \\", "b": "NaN", "c": "\\\"NaN"})
        );
    }

    #[test]
    fn the_servers_page_with_an_infinite_balance_parses() {
        let page = concat!(
            r#"{"current_page":1,"customers":[{"balance":Infinity,"id":1,"name":"A"},"#,
            r#"{"balance":-Infinity,"id":2,"name":"B \"Infinity\""}],"per_page":20,"#,
            r#""pages":1,"total":2}"#,
            "\n"
        );
        let value = read(page);
        assert_eq!(value["customers"][0]["balance"], "Infinity");
        assert_eq!(value["customers"][1]["balance"], "-Infinity");
        assert_eq!(value["customers"][1]["name"], "B \"Infinity\"");
        assert_eq!(value["total"], 2);
    }

    #[test]
    fn broken_bodies_are_still_errors() {
        for bad in [
            "",
            "{",
            r#"{"a":Infinit}"#,
            r#"{"a":"NaN}"#,
            "<html>502</html>",
        ] {
            assert!(parse(bad.as_bytes()).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn a_token_at_the_very_end_is_kept_whole() {
        assert_eq!(read("NaN"), json!("NaN"));
        assert_eq!(read("[1,-Infinity]"), json!([1, "-Infinity"]));
    }

    proptest::proptest! {
        #[test]
        fn any_string_next_to_any_token_reads_back(
            text in "(\\PC|\"|\\\\|Infinity|-Infinity|NaN){0,12}",
            token in proptest::sample::select(vec!["Infinity", "-Infinity", "NaN", "1.5"]),
        ) {
            let body = format!(
                r#"{{"s":{},"b":{token},"t":[{}]}}"#,
                serde_json::to_string(&text).unwrap(),
                serde_json::to_string(&text).unwrap()
            );
            let value = parse(body.as_bytes()).unwrap();
            let expected_b = if token == "1.5" { json!(1.5) } else { json!(token) };
            proptest::prop_assert_eq!(value, json!({"s": text, "b": expected_b, "t": [text]}));
        }
    }
}
