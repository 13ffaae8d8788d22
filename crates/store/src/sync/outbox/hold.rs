//! Why an open outbox entry cannot be sent yet. A refusal or a conflict holds back only what
//! depends on it: the customer's creation, or a later change of the same fields.

use super::{open_entries, EntryState, Operation, OutboxEntry};
use crate::sync::conflicts::{self, Conflicted};
use crate::Result;
use sqlx::SqliteConnection;

/// Why an open entry cannot be sent yet. A refusal or a conflict holds back only what depends
/// on it: the customer's creation, or a later change of the same fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Hold {
    /// An earlier change of the same customer is still on its way; changes go in order.
    Earlier,
    /// The customer is not on central: its creation was refused.
    CreateRefused,
    /// An earlier change of the same fields was refused.
    Refused { fields: Vec<String> },
    /// A conflict on these fields waits for a person.
    Conflict { fields: Vec<String> },
    /// Central deleted the customer while it was changed here: a person decides.
    DeletedOnCentral,
    /// A payment's answer was lost and central's balance has moved since: a person tells
    /// whether central has it before anything else of the customer goes.
    LostAnswer,
}

fn field_list(fields: &[String]) -> String {
    let words: Vec<String> = fields.iter().map(|f| f.replace('_', " ")).collect();
    words.join(", ")
}

impl Hold {
    /// What the queue says, and what "Retry" answers, while the entry is held.
    pub fn message(&self) -> String {
        match self {
            Self::Earlier => "Goes as soon as this customer's earlier change has gone".to_owned(),
            Self::CreateRefused => "Waits for this customer to reach central: its creation was \
                 refused (retry or discard that first)"
                .to_owned(),
            Self::Refused { fields } => format!(
                "Waits for the refused earlier change of {}: retry or discard that one first",
                field_list(fields)
            ),
            Self::Conflict { fields } => format!(
                "Waits for you to settle the conflict on {} (Sync → Conflicts)",
                field_list(fields)
            ),
            Self::DeletedOnCentral => "Waits for you to decide: central deleted this customer \
                 while it was changed here (Sync → Conflicts)"
                .to_owned(),
            Self::LostAnswer => "Waits for you to say whether central has a payment whose \
                 answer was lost (Sync → Conflicts)"
                .to_owned(),
        }
    }
}

/// Why `entry` (pending or in flight) cannot be sent yet, given its customer's open entries
/// (`open`, oldest first, `entry` among them) and what of it waits in conflicts.
pub fn hold_of(entry: &OutboxEntry, open: &[OutboxEntry], conflicted: &Conflicted) -> Option<Hold> {
    if conflicted.deleted_on_central {
        return Some(Hold::DeletedOnCentral);
    }
    if conflicted.lost_answer {
        return Some(Hold::LostAnswer);
    }
    // Parked: refused, or an update left holding only fields in conflict. Later entries pass
    // a parked one unless they change the same fields.
    let parked = |e: &&OutboxEntry| {
        e.state == EntryState::Refused
            || (e.state == EntryState::Pending
                && e.operation == Operation::Update
                && e.changes.keys().all(|f| conflicted.fields.contains(f)))
    };
    let earlier: Vec<&OutboxEntry> = open.iter().filter(|e| e.seq < entry.seq).collect();
    if !earlier.iter().all(parked) {
        return Some(Hold::Earlier);
    }
    if earlier.iter().any(|e| e.operation == Operation::Create) {
        return Some(Hold::CreateRefused);
    }
    let overlap = |fields: &mut dyn Iterator<Item = &String>| -> Vec<String> {
        let mut found: Vec<String> = fields
            .filter(|f| entry.changes.contains_key(*f))
            .cloned()
            .collect();
        found.sort();
        found.dedup();
        found
    };
    // A refused deletion holds nothing back: the customer is back on the desk as central
    // holds it (see `deletions::restore`), and later changes apply to that.
    let refused = overlap(
        &mut earlier
            .iter()
            .filter(|e| matches!(e.operation, Operation::Update | Operation::Adjust))
            .flat_map(|e| e.changes.keys()),
    );
    if !refused.is_empty() {
        return Some(Hold::Refused { fields: refused });
    }
    // An entry with fields besides those in conflict goes: the push sends those and keeps the
    // conflicted ones waiting (see the sync crate's push).
    let in_conflict = overlap(&mut conflicted.fields.iter());
    (!in_conflict.is_empty() && in_conflict.len() == entry.changes.len()).then_some(
        Hold::Conflict {
            fields: in_conflict,
        },
    )
}

/// What holds `entry` back, if anything (see [`hold_of`]).
pub async fn hold(conn: &mut SqliteConnection, entry: &OutboxEntry) -> Result<Option<Hold>> {
    let open = open_entries(&mut *conn, entry.customer_id).await?;
    let conflicted = conflicts::of_customer(conn, entry.customer_id).await?;
    Ok(hold_of(entry, &open, &conflicted))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::FieldChange;
    use chrono::DateTime;
    use infora_domain::CustomerId;
    use serde_json::json;
    use std::collections::BTreeSet;
    use uuid::Uuid;

    fn entry(seq: i64, operation: Operation, state: EntryState, fields: &[&str]) -> OutboxEntry {
        OutboxEntry {
            seq,
            customer_id: CustomerId::from_uuid(Uuid::nil()),
            customer_name: "A".into(),
            central_id: Some(1),
            operation,
            changes: fields
                .iter()
                .map(|f| {
                    let change = FieldChange {
                        before: json!(null),
                        after: json!("x"),
                    };
                    ((*f).to_owned(), change)
                })
                .collect(),
            state,
            attempts: 0,
            next_attempt_at: DateTime::UNIX_EPOCH,
            last_error: None,
            created_at: DateTime::UNIX_EPOCH,
            waiting_for: None,
            aimed: None,
        }
    }

    /// Conflicts on these fields.
    fn set(fields: &[&str]) -> Conflicted {
        Conflicted {
            deleted_on_central: false,
            lost_answer: false,
            fields: fields.iter().map(|f| (*f).to_owned()).collect(),
        }
    }

    use EntryState::{InFlight, Pending, Refused};
    use Operation::{Create, Delete, Update};

    #[test]
    fn changes_go_in_order_behind_an_entry_on_its_way() {
        let open = [
            entry(1, Update, InFlight, &["name"]),
            entry(2, Update, Pending, &["address"]),
        ];
        assert_eq!(hold_of(&open[1], &open, &set(&[])), Some(Hold::Earlier));
        assert_eq!(hold_of(&open[0], &open, &set(&[])), None, "the first goes");
    }

    #[test]
    fn a_refused_update_holds_only_later_changes_of_its_fields() {
        let open = [
            entry(1, Update, Refused, &["email"]),
            entry(2, Update, Pending, &["address"]),
            entry(3, Update, Pending, &["email", "name"]),
        ];
        assert_eq!(
            hold_of(&open[1], &open[..2], &set(&[])),
            None,
            "another field goes"
        );
        assert_eq!(
            hold_of(&open[2], &[open[0].clone(), open[2].clone()], &set(&[])),
            Some(Hold::Refused {
                fields: vec!["email".into()]
            })
        );
    }

    #[test]
    fn a_refused_create_holds_everything_and_a_refused_deletion_nothing() {
        let create = [
            entry(1, Create, Refused, &["name"]),
            entry(2, Update, Pending, &["address"]),
        ];
        assert_eq!(
            hold_of(&create[1], &create, &set(&[])),
            Some(Hold::CreateRefused)
        );
        let delete = [
            entry(1, Delete, Refused, &["name", "address"]),
            entry(2, Update, Pending, &["address"]),
        ];
        assert_eq!(
            hold_of(&delete[1], &delete, &set(&[])),
            None,
            "the customer is back: edits go"
        );
    }

    #[test]
    fn a_conflict_holds_only_an_entry_made_of_conflicted_fields() {
        let only = entry(1, Update, Pending, &["status"]);
        let both = entry(1, Update, Pending, &["status", "address"]);
        let conflicted = set(&["status"]);
        assert_eq!(
            hold_of(&only, std::slice::from_ref(&only), &conflicted),
            Some(Hold::Conflict {
                fields: vec!["status".into()]
            })
        );
        assert_eq!(
            hold_of(&both, std::slice::from_ref(&both), &conflicted),
            None,
            "the address goes; the push keeps the status waiting"
        );
        // A later entry passes one parked by a conflict, unless it changes the same field.
        let later = entry(2, Update, Pending, &["name"]);
        assert_eq!(
            hold_of(&later, &[only.clone(), later.clone()], &conflicted),
            None
        );
        let deleted = Conflicted {
            deleted_on_central: true,
            lost_answer: false,
            fields: BTreeSet::new(),
        };
        assert_eq!(
            hold_of(&later, &[only, later.clone()], &deleted),
            Some(Hold::DeletedOnCentral)
        );
    }

    #[test]
    fn a_refused_payment_holds_later_balance_changes_and_a_lost_answer_holds_everything() {
        use EntryState::{Pending, Refused};
        use Operation::{Adjust, Update};
        let payment = entry(1, Adjust, Refused, &["balance"]);
        let next = entry(2, Adjust, Pending, &["balance"]);
        let name = entry(3, Update, Pending, &["name"]);
        let open = [payment.clone(), next.clone(), name.clone()];
        assert_eq!(
            hold_of(&next, &open[..2], &Conflicted::default()),
            Some(Hold::Refused {
                fields: vec!["balance".into()]
            })
        );
        let lost = Conflicted {
            lost_answer: true,
            ..Conflicted::default()
        };
        for held in [&payment, &next, &name] {
            assert_eq!(hold_of(held, &open, &lost), Some(Hold::LostAnswer));
        }
    }
}
