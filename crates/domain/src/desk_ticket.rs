//! A support ticket a field agent or cashier opens at the desk, and its resolution note.

use crate::input::{object, string, unknown_fields};
use crate::text::bounded_line;
use crate::{FieldError, Rule, TicketPriority, ValidationErrors};
use serde_json::Value;

/// What a ticket is about: the desk's choices (central's own tickets may carry other words).
pub const TICKET_CATEGORIES: [&str; 7] = [
    "connectivity",
    "performance",
    "equipment",
    "billing",
    "account",
    "coverage",
    "other",
];

const SUBJECT_CHARS: usize = 120;
const DESCRIPTION_CHARS: usize = 2000;
const NOTE_CHARS: usize = 500;

/// A ticket as the desk opens it: a subject, what happened, how urgent, about what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewDeskTicket {
    pub subject: String,
    pub description: String,
    pub priority: TicketPriority,
    pub category: &'static str,
}

const TICKET_FIELDS: [&str; 4] = ["subject", "description", "priority", "category"];

impl NewDeskTicket {
    /// Parses `{subject, description, priority?, category}` (priority defaults to medium),
    /// reporting every field at fault at once.
    pub fn from_input(value: &Value) -> Result<Self, ValidationErrors> {
        let map = object(value, "a ticket")?;
        let mut errors = ValidationErrors::new();
        unknown_fields(map, &TICKET_FIELDS, &mut errors);
        let text = |name: &str| -> Result<&str, FieldError> {
            match map.get(name).filter(|v| !v.is_null()) {
                None => Err(FieldError::new(name, Rule::Required, "is required")),
                Some(v) => string(name, v),
            }
        };
        let subject =
            errors.check(text("subject").and_then(|s| bounded_line("subject", s, SUBJECT_CHARS)));
        let description =
            errors.check(text("description").and_then(|s| description(s, DESCRIPTION_CHARS)));
        let priority = match map.get("priority").filter(|v| !v.is_null()) {
            None => Some(TicketPriority::Medium),
            Some(v) => errors.check(string("priority", v).and_then(TicketPriority::parse)),
        };
        let category = errors.check(text("category").and_then(|raw| {
            TICKET_CATEGORIES
                .into_iter()
                .find(|c| *c == raw.trim())
                .ok_or_else(|| {
                    FieldError::new(
                        "category",
                        Rule::NotAllowed,
                        format!(
                            "{raw:?} is not a category (one of: {})",
                            TICKET_CATEGORIES.join(", ")
                        ),
                    )
                })
        }));
        errors.into_result()?;
        match (subject, description, priority, category) {
            (Some(subject), Some(description), Some(priority), Some(category)) => Ok(Self {
                subject,
                description,
                priority,
                category,
            }),
            _ => Err(ValidationErrors::new()),
        }
    }
}

/// Free text over several lines: trimmed, 1..=`max` characters.
fn description(raw: &str, max: usize) -> Result<String, FieldError> {
    let value = raw.trim();
    if value.is_empty() {
        return Err(FieldError::new(
            "description",
            Rule::Required,
            "is required",
        ));
    }
    let chars = value.chars().count();
    if chars > max {
        return Err(FieldError::new(
            "description",
            Rule::TooLong,
            format!("must be at most {max} characters (got {chars})"),
        ));
    }
    Ok(value.to_owned())
}

/// How a ticket was resolved: required, one line, at most 500 characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolutionNote(String);

impl ResolutionNote {
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        bounded_line("note", raw, NOTE_CHARS)
            .map(Self)
            .map_err(|e| match e.rule {
                Rule::Required => FieldError::new(
                    "note",
                    Rule::Required,
                    "is required: say how the ticket was resolved",
                ),
                _ => e,
            })
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_ticket_needs_a_subject_a_description_and_a_known_category() {
        let t = NewDeskTicket::from_input(&json!({
            "subject": " Router dead ", "description": "No lights since the storm.\nTried a reset.",
            "category": "equipment"}))
        .unwrap();
        assert_eq!(t.subject, "Router dead");
        assert_eq!(t.priority, TicketPriority::Medium);
        assert_eq!(t.category, "equipment");
        let err = NewDeskTicket::from_input(
            &json!({"subject": "", "priority": "urgent", "category": "misc"}),
        )
        .unwrap_err();
        let got: Vec<_> = err
            .fields()
            .iter()
            .map(|f| (f.field.as_str(), f.rule))
            .collect();
        assert_eq!(
            got,
            [
                ("subject", Rule::Required),
                ("description", Rule::Required),
                ("priority", Rule::NotAllowed),
                ("category", Rule::NotAllowed)
            ]
        );
    }

    #[test]
    fn a_resolution_needs_a_note() {
        assert_eq!(ResolutionNote::parse(" ").unwrap_err().rule, Rule::Required);
        assert_eq!(
            ResolutionNote::parse("Replaced the router")
                .unwrap()
                .as_str(),
            "Replaced the router"
        );
    }
}
