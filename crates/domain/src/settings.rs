//! How this desk shows things: the region whose conventions dates follow, and the colour theme.
//! Desk-wide (every operator sees the same), kept in the store.

use crate::{FieldError, Rule, ValidationErrors};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

/// A region, named by the BCP 47 locale whose conventions the UI follows (Kenya writes the day
/// first: 2 Dec 2026, 02/12/2026). Phone numbers typed without `+` are still read as Kenyan:
/// that is the store's numbering plan, not a display preference.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub enum Region {
    #[default]
    #[serde(rename = "en-KE")]
    Kenya,
    #[serde(rename = "en-UG")]
    Uganda,
    #[serde(rename = "en-TZ")]
    Tanzania,
    #[serde(rename = "en-RW")]
    Rwanda,
    #[serde(rename = "en-NG")]
    Nigeria,
    #[serde(rename = "en-ZA")]
    SouthAfrica,
    #[serde(rename = "en-GB")]
    UnitedKingdom,
    #[serde(rename = "en-US")]
    UnitedStates,
}

impl Region {
    pub const ALL: [Region; 8] = [
        Self::Kenya,
        Self::Uganda,
        Self::Tanzania,
        Self::Rwanda,
        Self::Nigeria,
        Self::SouthAfrica,
        Self::UnitedKingdom,
        Self::UnitedStates,
    ];

    /// Its locale tag, as stored and sent.
    pub fn tag(self) -> &'static str {
        match self {
            Self::Kenya => "en-KE",
            Self::Uganda => "en-UG",
            Self::Tanzania => "en-TZ",
            Self::Rwanda => "en-RW",
            Self::Nigeria => "en-NG",
            Self::SouthAfrica => "en-ZA",
            Self::UnitedKingdom => "en-GB",
            Self::UnitedStates => "en-US",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        Self::ALL
            .into_iter()
            .find(|r| r.tag() == raw)
            .ok_or_else(|| {
                FieldError::new(
                    "region",
                    Rule::NotAllowed,
                    format!("{raw:?} is not a region this desk knows"),
                )
            })
    }
}

/// The colour theme: the operating system's choice, or always light or dark.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum Theme {
    #[default]
    System,
    Light,
    Dark,
}

impl Theme {
    pub const ALL: [Theme; 3] = [Self::System, Self::Light, Self::Dark];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::System => "system",
            Self::Light => "light",
            Self::Dark => "dark",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        Self::ALL
            .into_iter()
            .find(|t| t.as_str() == raw)
            .ok_or_else(|| {
                FieldError::new(
                    "theme",
                    Rule::NotAllowed,
                    format!("{raw:?} is not a theme (expected system, light or dark)"),
                )
            })
    }
}

/// The desk's settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DeskSettings {
    pub region: Region,
    pub theme: Theme,
}

impl DeskSettings {
    /// Parses `{ "region": "en-KE", "theme": "dark" }`; every field must be there, and each
    /// wrong one is named.
    pub fn from_json(value: &Value) -> Result<Self, ValidationErrors> {
        let text = |field: &'static str| -> Result<&str, FieldError> {
            match value.get(field) {
                None | Some(Value::Null) => {
                    Err(FieldError::new(field, Rule::Required, "is required"))
                }
                Some(Value::String(text)) => Ok(text),
                Some(_) => Err(FieldError::new(field, Rule::WrongType, "must be text")),
            }
        };
        let mut errors = ValidationErrors::new();
        let region = errors.check(text("region").and_then(Region::parse));
        let theme = errors.check(text("theme").and_then(Theme::parse));
        match (region, theme) {
            (Some(region), Some(theme)) => Ok(Self { region, theme }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn kenya_and_the_system_theme_by_default() {
        let settings = DeskSettings::default();
        assert_eq!(settings.region.tag(), "en-KE");
        assert_eq!(settings.theme, Theme::System);
    }

    #[test]
    fn settings_parse_from_their_wire_form_and_back() {
        let parsed =
            DeskSettings::from_json(&json!({ "region": "en-US", "theme": "dark" })).expect("valid");
        assert_eq!(parsed.region, Region::UnitedStates);
        assert_eq!(parsed.theme, Theme::Dark);
        assert_eq!(
            serde_json::to_value(parsed).expect("serializes"),
            json!({ "region": "en-US", "theme": "dark" })
        );
        for region in Region::ALL {
            assert_eq!(Region::parse(region.tag()).expect("its own tag"), region);
        }
    }

    #[test]
    fn each_wrong_field_is_named() {
        let errors = DeskSettings::from_json(&json!({ "region": "en-XX", "theme": "blue" }))
            .expect_err("both wrong");
        let fields: Vec<_> = errors.fields().iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["region", "theme"]);
        let errors = DeskSettings::from_json(&json!({ "theme": "light" })).expect_err("no region");
        assert_eq!(errors.field("region").map(|e| e.rule), Some(Rule::Required));
    }
}
