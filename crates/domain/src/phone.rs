//! Phone numbers: typed the way people type them, stored the one way (E.164).

use crate::{FieldError, Rule};
use phonenumber::country::Id;
use phonenumber::Mode;
use serde::Serialize;
use std::fmt;
use std::str::FromStr;
use ts_rs::TS;

/// The country a number without a `+` belongs to. Kenya by default; a business elsewhere sets
/// its own (an ISO 3166 code such as `UG` or `TZ`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PhoneRegion {
    id: Id,
    calling_code: u16,
    national_prefix: Option<char>,
}

impl PhoneRegion {
    pub const KENYA: &'static str = "KE";

    /// The region for an ISO 3166 alpha-2 code.
    pub fn parse(code: &str) -> Result<Self, FieldError> {
        let unknown = || {
            FieldError::new(
                "default_country",
                Rule::NotAllowed,
                format!("{code:?} is not a known country code (expected e.g. KE)"),
            )
        };
        let code = code.trim().to_ascii_uppercase();
        let id = Id::from_str(&code).map_err(|_| unknown())?;
        let metadata = phonenumber::metadata::DATABASE
            .by_id(id.as_ref())
            .ok_or_else(unknown)?;
        Ok(Self {
            id,
            calling_code: metadata.country_code(),
            national_prefix: metadata.national_prefix().and_then(|p| p.chars().next()),
        })
    }

    pub fn kenya() -> Self {
        Self::parse(Self::KENYA).expect("Kenya is in the phone metadata")
    }

    pub fn code(&self) -> &str {
        self.id.as_ref()
    }

    /// The international calling code, 254 for Kenya.
    pub fn calling_code(&self) -> u16 {
        self.calling_code
    }

    /// If `fragment` is something a person would type while looking for a phone number
    /// (`0712 3`, `+2547`, `712-34`), the digits to look for in a stored E.164 number without its
    /// `+`: a leading trunk `0` becomes the calling code, a leading `+` or `00` is dropped.
    /// `None` for anything with letters in it.
    pub fn search_digits(&self, fragment: &str) -> Option<String> {
        let fragment = fragment.trim();
        let is_phone_char = |c: char| c.is_ascii_digit() || " -().".contains(c);
        let rest = fragment.strip_prefix('+').unwrap_or(fragment);
        if !rest.chars().all(is_phone_char) || !rest.chars().any(|c| c.is_ascii_digit()) {
            return None;
        }
        let digits: String = rest.chars().filter(char::is_ascii_digit).collect();
        if fragment.starts_with('+') {
            return Some(digits);
        }
        if let Some(international) = digits.strip_prefix("00") {
            return Some(international.to_owned());
        }
        match (self.national_prefix, digits.chars().next()) {
            (Some(prefix), Some(first)) if prefix == first => {
                Some(format!("{}{}", self.calling_code, &digits[1..]))
            }
            _ => Some(digits),
        }
    }
}

impl Default for PhoneRegion {
    fn default() -> Self {
        Self::kenya()
    }
}

/// A valid phone number in E.164 (`+254712345678`), at most 15 characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, TS)]
#[serde(transparent)]
#[ts(export)]
pub struct Phone(String);

impl Phone {
    pub const MAX_CHARS: usize = 15;

    /// Accepts `0712 345 678`, `712345678`, `254712345678` and `+254712345678` (for the default
    /// region) and any number written with its `+` country code.
    pub fn parse(raw: &str, region: PhoneRegion) -> Result<Self, FieldError> {
        let value = raw.trim();
        if value.is_empty() {
            return Err(FieldError::new("phone", Rule::Required, "is required"));
        }
        let invalid = || {
            FieldError::new(
                "phone",
                Rule::Format,
                format!(
                    "is not a valid phone number (expected e.g. 0712 345 678 or +{}…)",
                    region.calling_code
                ),
            )
        };
        if value.chars().count() > 30 {
            return Err(invalid());
        }
        let number = phonenumber::parse(Some(region.id), value).map_err(|_| invalid())?;
        if !phonenumber::is_valid(&number) {
            return Err(invalid());
        }
        let e164 = number.format().mode(Mode::E164).to_string();
        if e164.len() > Self::MAX_CHARS {
            return Err(FieldError::new(
                "phone",
                Rule::TooLong,
                format!(
                    "must be at most {} characters in international form",
                    Self::MAX_CHARS
                ),
            ));
        }
        Ok(Self(e164))
    }

    /// A number this system already normalised (read back from the store): checks only that
    /// it is E.164-shaped, without the metadata look-up `parse` does.
    pub fn from_e164(value: &str) -> Result<Self, FieldError> {
        let digits = value.strip_prefix('+').unwrap_or_default();
        if digits.len() < 4
            || value.len() > Self::MAX_CHARS
            || !digits.chars().all(|c| c.is_ascii_digit())
        {
            return Err(FieldError::new(
                "phone",
                Rule::Format,
                format!("{value:?} is not in E.164 form"),
            ));
        }
        Ok(Self(value.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn ke(raw: &str) -> Result<Phone, FieldError> {
        Phone::parse(raw, PhoneRegion::kenya())
    }

    #[test]
    fn every_local_form_becomes_the_same_e164() {
        for raw in [
            "0712 345 678",
            "712345678",
            "254712345678",
            "+254712345678",
            "0712-345-678",
            "(0712) 345678",
        ] {
            assert_eq!(ke(raw).unwrap().as_str(), "+254712345678", "{raw:?}");
        }
    }

    #[test]
    fn foreign_numbers_keep_their_country() {
        assert_eq!(ke("+1 415 555 2671").unwrap().as_str(), "+14155552671");
    }

    #[test]
    fn the_default_country_is_configurable() {
        let uganda = PhoneRegion::parse("ug").unwrap();
        assert_eq!(
            Phone::parse("0772 123456", uganda).unwrap().as_str(),
            "+256772123456"
        );
        assert!(PhoneRegion::parse("XX").is_err());
    }

    #[test]
    fn junk_is_a_format_error_and_blank_is_required() {
        for bad in ["12", "abc", "0712", "071234567890123", "+254 12"] {
            assert_eq!(ke(bad).unwrap_err().rule, Rule::Format, "{bad:?}");
        }
        assert_eq!(ke("  ").unwrap_err().rule, Rule::Required);
    }

    #[test]
    fn search_digits_map_every_typed_form_to_stored_digits() {
        let region = PhoneRegion::kenya();
        assert_eq!(region.search_digits("0712").as_deref(), Some("254712"));
        assert_eq!(region.search_digits("0712 34").as_deref(), Some("25471234"));
        assert_eq!(region.search_digits("712").as_deref(), Some("712"));
        assert_eq!(region.search_digits("+2547").as_deref(), Some("2547"));
        assert_eq!(region.search_digits("002547").as_deref(), Some("2547"));
        assert_eq!(region.search_digits("wan"), None);
        assert_eq!(region.search_digits(" - "), None);
    }

    proptest! {
        #[test]
        fn any_kenyan_mobile_in_any_form_normalises(rest in "[0-9]{8}", form in 0usize..4) {
            let national = format!("7{rest}");
            let raw = match form {
                0 => format!("0{national}"),
                1 => national.clone(),
                2 => format!("254{national}"),
                _ => format!("+254{national}"),
            };
            if let Ok(phone) = ke(&raw) {
                prop_assert_eq!(phone.as_str(), format!("+254{national}"));
            }
        }

        #[test]
        fn parsed_phones_are_e164_and_short(raw in "\\PC{0,40}") {
            if let Ok(phone) = ke(&raw) {
                prop_assert!(phone.as_str().starts_with('+'));
                prop_assert!(phone.as_str().len() <= Phone::MAX_CHARS);
                prop_assert!(phone.as_str()[1..].chars().all(|c| c.is_ascii_digit()));
                prop_assert_eq!(ke(phone.as_str()).unwrap(), phone.clone());
            }
        }
    }
}
