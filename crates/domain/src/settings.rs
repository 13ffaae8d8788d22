//! How this desk shows things and behaves: the region whose conventions dates follow, the colour
//! theme, the shop's name (printed on receipts) and when the desk locks itself. Desk-wide (every
//! operator sees the same), kept in the store; only a supervisor changes them.

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

/// The shop's name as receipts print it: trimmed, 1–60 characters, one line.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(try_from = "String", into = "String")]
#[ts(export, type = "string")]
pub struct ShopName(String);

impl ShopName {
    pub const MAX_CHARS: usize = 60;
    pub const DEFAULT: &'static str = "Infora WiFi";

    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        crate::text::bounded_line("shop_name", raw, Self::MAX_CHARS).map(Self)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Default for ShopName {
    fn default() -> Self {
        Self(Self::DEFAULT.to_owned())
    }
}

impl TryFrom<String> for ShopName {
    type Error = FieldError;

    fn try_from(raw: String) -> Result<Self, FieldError> {
        Self::parse(&raw)
    }
}

impl From<ShopName> for String {
    fn from(name: ShopName) -> Self {
        name.0
    }
}

/// The desk's settings.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DeskSettings {
    pub region: Region,
    pub theme: Theme,
    pub shop_name: ShopName,
    /// Minutes without a key or a click after which the desk locks itself (1–240); `None`
    /// (the default, for a single-person desk) never locks by itself.
    pub idle_lock_minutes: Option<u16>,
}

impl DeskSettings {
    pub const IDLE_LOCK_MINUTES: std::ops::RangeInclusive<u16> = 1..=240;

    /// Parses `{ "region": "en-KE", "theme": "dark", "shop_name": "…", "idle_lock_minutes":
    /// 15 }`; region, theme and shop name must be there, the idle lock is off when it is left
    /// out or `null`, and each wrong field is named.
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
        let shop_name = errors.check(text("shop_name").and_then(ShopName::parse));
        let idle = errors.check(Self::idle_lock(value.get("idle_lock_minutes")));
        match (region, theme, shop_name, idle) {
            (Some(region), Some(theme), Some(shop_name), Some(idle_lock_minutes)) => Ok(Self {
                region,
                theme,
                shop_name,
                idle_lock_minutes,
            }),
            _ => Err(errors),
        }
    }

    fn idle_lock(raw: Option<&Value>) -> Result<Option<u16>, FieldError> {
        const FIELD: &str = "idle_lock_minutes";
        let range = Self::IDLE_LOCK_MINUTES;
        let out_of_range = || {
            FieldError::new(
                FIELD,
                Rule::OutOfRange,
                format!(
                    "must be {}–{} minutes, or empty to never lock by itself",
                    range.start(),
                    range.end()
                ),
            )
        };
        match raw {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Number(n)) => match n.as_i64() {
                Some(minutes) => u16::try_from(minutes)
                    .ok()
                    .filter(|m| range.contains(m))
                    .map(Some)
                    .ok_or_else(out_of_range),
                None => Err(FieldError::new(
                    FIELD,
                    Rule::WrongType,
                    "must be a whole number of minutes",
                )),
            },
            Some(_) => Err(FieldError::new(
                FIELD,
                Rule::WrongType,
                "must be a whole number of minutes",
            )),
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
        assert_eq!(settings.shop_name.as_str(), "Infora WiFi");
        assert_eq!(
            settings.idle_lock_minutes, None,
            "a new desk never locks by itself"
        );
    }

    #[test]
    fn settings_parse_from_their_wire_form_and_back() {
        let wire = json!({
            "region": "en-US",
            "theme": "dark",
            "shop_name": "Mama Njeri WiFi",
            "idle_lock_minutes": 15
        });
        let parsed = DeskSettings::from_json(&wire).expect("valid");
        assert_eq!(parsed.region, Region::UnitedStates);
        assert_eq!(parsed.theme, Theme::Dark);
        assert_eq!(parsed.idle_lock_minutes, Some(15));
        assert_eq!(serde_json::to_value(&parsed).expect("serializes"), wire);
        for region in Region::ALL {
            assert_eq!(Region::parse(region.tag()).expect("its own tag"), region);
        }
    }

    #[test]
    fn each_wrong_field_is_named() {
        let errors = DeskSettings::from_json(&json!({
            "region": "en-XX",
            "theme": "blue",
            "shop_name": " ",
            "idle_lock_minutes": 241
        }))
        .expect_err("all wrong");
        let fields: Vec<_> = errors
            .fields()
            .iter()
            .map(|e| (e.field.as_str(), e.rule))
            .collect();
        assert_eq!(
            fields,
            [
                ("region", Rule::NotAllowed),
                ("theme", Rule::NotAllowed),
                ("shop_name", Rule::Required),
                ("idle_lock_minutes", Rule::OutOfRange)
            ]
        );
        for bad in [json!(0), json!(-5), json!(70000)] {
            let errors = DeskSettings::from_json(&json!({
                "region": "en-KE", "theme": "light", "shop_name": "X", "idle_lock_minutes": bad
            }))
            .expect_err("out of range");
            assert_eq!(
                errors.field("idle_lock_minutes").map(|e| e.rule),
                Some(Rule::OutOfRange),
                "{bad} minutes"
            );
        }
        let off = DeskSettings::from_json(
            &json!({ "region": "en-KE", "theme": "light", "shop_name": "X", "idle_lock_minutes": null }),
        )
        .expect("null turns the idle lock off");
        assert_eq!(off.idle_lock_minutes, None);
        let errors = DeskSettings::from_json(&json!({ "theme": "light" })).expect_err("no region");
        assert_eq!(errors.field("region").map(|e| e.rule), Some(Rule::Required));
    }
}
