//! The table against the real thing: the names `handlers()` registers, the permissions the
//! build script makes and the window's capability grants, and each command's argument names
//! on the mock runtime.

use super::signatures;
use crate::mock_ipc;
use serde_json::Value;

/// The quoted names between `start` and the next `end` of `source`, or the last path segment
/// of each comma-separated item when `quoted` is false.
fn names(source: &str, start: &str, end: &str, quoted: bool) -> Vec<String> {
    let from = source.find(start).expect(start) + start.len();
    let list = &source[from..from + source[from..].find(end).expect(end)];
    list.split(',')
        .map(|item| {
            let item = item.trim();
            let item = if quoted {
                item.trim_matches('"')
            } else {
                item.rsplit("::").next().unwrap_or(item)
            };
            item.to_owned()
        })
        .filter(|item| !item.is_empty())
        .collect()
}

fn table_names() -> Vec<String> {
    signatures().iter().map(|s| s.name.to_owned()).collect()
}

#[test]
fn the_table_lists_the_registered_commands_in_order() {
    let registered = names(
        include_str!("../lib.rs"),
        "tauri::generate_handler![",
        "]",
        false,
    );
    assert_eq!(
        table_names(),
        registered,
        "command_map.rs and handlers() in lib.rs"
    );
}

#[test]
fn every_command_has_a_permission_and_the_window_is_granted_it() {
    let built = names(
        include_str!("../build.rs"),
        "const COMMANDS: &[&str] = &[",
        "];",
        true,
    );
    assert_eq!(
        built,
        table_names(),
        "build.rs makes an allow-… permission for each command"
    );
    let capability: Value =
        serde_json::from_str(include_str!("../capabilities/default.json")).expect("capability");
    let granted: Vec<&str> = capability["permissions"]
        .as_array()
        .expect("permissions")
        .iter()
        .filter_map(Value::as_str)
        .filter(|p| !p.contains(':'))
        .collect();
    let expected: Vec<String> = table_names()
        .iter()
        .map(|name| format!("allow-{}", name.replace('_', "-")))
        .collect();
    assert_eq!(
        granted, expected,
        "the window may call every command, and nothing else of ours"
    );
}

/// Tauri rejects with a bare string when it cannot call a command (unknown, or an argument
/// missing or of the wrong type); a command's own refusals are `{code, message, fields}`.
fn tauri_refusal(answer: Result<Value, Value>) -> Option<String> {
    match answer {
        Err(Value::String(reason)) => Some(reason),
        _ => None,
    }
}

#[test]
fn every_argument_is_one_the_command_takes() {
    let ipc = mock_ipc::app();
    assert!(
        tauri_refusal(ipc.call("no_such_command", serde_json::json!({})))
            .is_some_and(|r| r.contains("not found")),
        "an unregistered command is refused by Tauri itself"
    );
    for signature in signatures() {
        let name = signature.name;
        let args: serde_json::Map<String, Value> = signature
            .args
            .iter()
            .map(|arg| (arg.key(), arg.sample.clone()))
            .collect();
        if let Some(reason) = tauri_refusal(ipc.call(name, Value::Object(args.clone()))) {
            panic!("{name} cannot be called with the table's arguments {args:?}: {reason}");
        }
        for arg in &signature.args {
            // Leaving out a required argument, or sending an optional one of the wrong type,
            // must make Tauri name that key: then the command has an argument of that name.
            let key = arg.key();
            let mut changed = args.clone();
            let expected = if arg.optional {
                changed.insert(key.clone(), serde_json::json!({"not": "this"}));
                format!("invalid args `{key}` for command `{name}`")
            } else {
                changed.remove(&key);
                format!("missing required key {key}")
            };
            let reason = tauri_refusal(ipc.call(name, Value::Object(changed)));
            assert!(
                reason.as_deref().is_some_and(|r| r.contains(&expected)),
                "{name} takes no argument `{key}`: expected Tauri to say {expected:?}, got {reason:?}"
            );
        }
    }
}
