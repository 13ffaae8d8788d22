//! The three-way merge of one customer: per field, the value our local change was based on, the
//! value it set, and central's value now. Pure: the push and the pull both use it and apply
//! its answer in their own transactions.

use crate::tracked::FieldChange;
use serde::Serialize;
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};
use ts_rs::TS;

/// A field both sides changed, to different values.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct FieldConflict {
    pub field: String,
    #[ts(type = "unknown")]
    pub mine: Value,
    #[ts(type = "unknown")]
    pub theirs: Value,
}

/// Fields central keeps for itself once it has a customer: no route of its current version
/// stores them (CONTRACT part 2: every route ignores `join_date` and `last_payment_date`, and
/// every route but create ignores `package`). Central's value is taken; ours is never sent,
/// retried, or made a conflict.
pub const CENTRAL_OWNED: [&str; 3] = ["join_date", "last_payment_date", "package"];

/// What central's create ignores: it sets `join_date` to its own now and leaves
/// `last_payment_date` empty, whatever the request says.
pub const IGNORED_BY_CREATE: [&str; 2] = ["join_date", "last_payment_date"];

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Merge {
    /// Fields central changed and we did not: central's value is taken locally.
    pub take: Map<String, Value>,
    /// Fields only we changed: our value is sent.
    pub send: Map<String, Value>,
    /// Fields both changed: a person decides.
    pub conflicts: Vec<FieldConflict>,
    /// Our changes of fields central owns that it does not hold: central's value is taken
    /// (it is in `take` where ours differs), and the change is dropped from the outbox.
    pub overruled: Vec<FieldConflict>,
}

/// Merges central's values (`theirs`, the tracked fields) with our `local` values, our
/// `changes` (what was based on what), and `held`: fields that other open local changes will
/// set later (or that wait in a conflict), which central's value must not overwrite either.
/// Fields central owns always end as central has them.
pub fn merge(
    local: &Map<String, Value>,
    changes: &BTreeMap<String, FieldChange>,
    held: &BTreeSet<String>,
    theirs: &Map<String, Value>,
) -> Merge {
    let mut merge = Merge::default();
    for (field, their_value) in theirs {
        if CENTRAL_OWNED.contains(&field.as_str()) {
            if let Some(change) = changes.get(field).filter(|c| c.after != *their_value) {
                merge.overruled.push(FieldConflict {
                    field: field.clone(),
                    mine: change.after.clone(),
                    theirs: their_value.clone(),
                });
            }
            if local.get(field) != Some(their_value) {
                merge.take.insert(field.clone(), their_value.clone());
            }
        } else if let Some(change) = changes.get(field) {
            if *their_value == change.after {
                // Already there: an earlier attempt reached central, or both agree.
            } else if *their_value == change.before {
                merge.send.insert(field.clone(), change.after.clone());
            } else {
                merge.conflicts.push(FieldConflict {
                    field: field.clone(),
                    mine: change.after.clone(),
                    theirs: their_value.clone(),
                });
            }
        } else if !held.contains(field) && local.get(field) != Some(their_value) {
            merge.take.insert(field.clone(), their_value.clone());
        }
    }
    merge
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn map(value: Value) -> Map<String, Value> {
        match value {
            Value::Object(m) => m,
            _ => Map::new(),
        }
    }

    fn change(before: Value, after: Value) -> FieldChange {
        FieldChange { before, after }
    }

    #[test]
    fn takes_theirs_sends_ours_and_flags_both() {
        let local =
            map(json!({"name": "A", "status": "suspended", "balance": "5.00", "phone": "+1"}));
        let changes = BTreeMap::from([
            (
                "status".to_owned(),
                change(json!("active"), json!("suspended")),
            ),
            ("balance".to_owned(), change(json!("0.00"), json!("5.00"))),
        ]);
        let theirs =
            map(json!({"name": "B", "status": "active", "balance": "9.00", "phone": "+1"}));
        let merge = merge(&local, &changes, &BTreeSet::new(), &theirs);
        assert_eq!(merge.take, map(json!({"name": "B"})));
        assert_eq!(merge.send, map(json!({"status": "suspended"})));
        assert_eq!(
            merge.conflicts,
            vec![FieldConflict {
                field: "balance".into(),
                mine: json!("5.00"),
                theirs: json!("9.00")
            }]
        );
    }

    #[test]
    fn a_change_already_on_the_server_needs_nothing() {
        let local = map(json!({"status": "suspended"}));
        let changes = BTreeMap::from([(
            "status".to_owned(),
            change(json!("active"), json!("suspended")),
        )]);
        let merge = merge(&local, &changes, &BTreeSet::new(), &local.clone());
        assert_eq!(merge, Merge::default());
    }

    #[test]
    fn held_fields_are_not_overwritten() {
        let local = map(json!({"name": "Mine later"}));
        let held = BTreeSet::from(["name".to_owned()]);
        let merge = merge(
            &local,
            &BTreeMap::new(),
            &held,
            &map(json!({"name": "Theirs"})),
        );
        assert!(merge.take.is_empty());
    }

    #[test]
    fn fields_central_owns_end_as_central_has_them_and_are_never_sent_or_conflicts() {
        let local =
            map(json!({"package": "Gold", "join_date": "2026-12-01T00:00:00Z", "name": "A"}));
        let changes = BTreeMap::from([
            (
                "package".to_owned(),
                change(json!("Basic WiFi"), json!("Gold")),
            ),
            (
                "join_date".to_owned(),
                change(json!("2026-12-02T11:47:05Z"), json!("2026-12-01T00:00:00Z")),
            ),
        ]);
        let theirs =
            map(json!({"package": "Basic WiFi", "join_date": "2026-12-02T11:47:05Z", "name": "A"}));
        let held = BTreeSet::from(["package".to_owned(), "join_date".to_owned()]);
        let merge = merge(&local, &changes, &held, &theirs);
        assert!(
            merge.send.is_empty(),
            "central would ignore them: nothing to send"
        );
        assert!(merge.conflicts.is_empty(), "nothing for a person to settle");
        assert_eq!(
            merge.take,
            map(json!({"package": "Basic WiFi", "join_date": "2026-12-02T11:47:05Z"})),
            "the desk takes central's values, even over its own unsent change"
        );
        assert_eq!(
            merge
                .overruled
                .iter()
                .map(|c| c.field.as_str())
                .collect::<Vec<_>>(),
            ["join_date", "package"],
            "the dropped changes are reported, so the user can be told once"
        );
    }
}
