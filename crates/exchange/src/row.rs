//! One row of a sheet made a customer by the domain's own parsers, so a refused row names the
//! field and the reason in the same words the form uses. What is done here is only what a
//! spreadsheet did to the text (a status typed "Active", a phone turned into a number).

use crate::mapping::{Field, Mapping};
use crate::sheet::{Sheet, SheetRow};
use chrono::{DateTime, Utc};
use infora_domain::{
    Address, CustomerName, CustomerStatus, DeviceCount, Email, FieldError, Money, NewCustomer,
    Package, Phone, PhoneRegion, Rule, UsagePercentage, ValidationErrors,
};
use serde::Serialize;
use serde_json::{Map, Value};
use ts_rs::TS;

/// A row parsed: the customer, and which fields the row gave (an update changes only those).
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedRow {
    pub customer: NewCustomer,
    pub given: Vec<Field>,
}

/// `2.54712E+11`: what Excel makes of a long number typed into a General cell. Its digits are
/// gone, so it cannot be turned back into a phone.
fn scientific(text: &str) -> bool {
    let Some((mantissa, exponent)) = text.split_once(['e', 'E']) else {
        return false;
    };
    let mantissa = mantissa.strip_prefix(['+', '-']).unwrap_or(mantissa);
    let exponent = exponent.strip_prefix(['+', '-']).unwrap_or(exponent);
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, "0"));
    digits(whole) && digits(fraction) && digits(exponent)
}

/// The cell's text for the domain's parser, or a refusal of what the spreadsheet did to it.
fn cell_value(field: Field, text: &str) -> Result<String, FieldError> {
    match field {
        Field::Phone if scientific(text) => Err(FieldError::new(
            "phone",
            Rule::Format,
            format!("was turned into a number by the spreadsheet ({text}); type it as text"),
        )),
        // The form offers the three statuses in a list; a sheet has them typed, in any case.
        Field::Status => Ok(text.to_lowercase()),
        _ => Ok(text.to_owned()),
    }
}

/// Parses one row's cells as a new customer typed at `now`. Blank cells are absent fields
/// (defaults for a new customer, unchanged for an update); cells of ignored columns are unread.
pub fn parse_row(
    mapping: &Mapping,
    cells: &[String],
    region: PhoneRegion,
    now: DateTime<Utc>,
) -> Result<ParsedRow, ValidationErrors> {
    let mut input = Map::new();
    let mut given = Vec::new();
    let mut errors = ValidationErrors::new();
    for (column, field) in mapping.columns.iter().enumerate() {
        let (Some(field), Some(text)) = (field, cells.get(column)) else {
            continue;
        };
        let text = text.trim();
        if text.is_empty() {
            continue;
        }
        if let Some(value) = errors.check(cell_value(*field, text)) {
            input.insert(field.as_str().to_owned(), Value::String(value));
            given.push(*field);
        }
    }
    let parsed = NewCustomer::from_input(&Value::Object(input), region, now);
    match parsed {
        Ok(customer) if errors.is_empty() => Ok(ParsedRow { customer, given }),
        Ok(_) => Err(errors),
        Err(found) => {
            // A phone refused above is absent from the input: drop the domain's "is required"
            // for it, keep the reason that says what happened.
            for e in found.fields() {
                if errors.field(&e.field).is_none() {
                    errors.push(e.clone());
                }
            }
            Err(errors)
        }
    }
}

/// A parsed customer as the preview shows it: the values as they will be stored.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ParsedCustomer {
    pub name: CustomerName,
    pub email: Email,
    pub phone: Phone,
    pub address: Option<Address>,
    pub status: CustomerStatus,
    pub package: Package,
    pub balance: Money,
    pub usage_percentage: UsagePercentage,
    pub device_count: DeviceCount,
    /// `None`: the moment of the import.
    #[ts(type = "string | null")]
    pub join_date: Option<DateTime<Utc>>,
    #[ts(type = "string | null")]
    pub last_payment_date: Option<DateTime<Utc>>,
}

impl From<&NewCustomer> for ParsedCustomer {
    fn from(new: &NewCustomer) -> Self {
        Self {
            name: new.name.clone(),
            email: new.email.clone(),
            phone: new.phone.clone(),
            address: new.address.clone(),
            status: new.status,
            package: new.package.clone(),
            balance: new.balance,
            usage_percentage: new.usage_percentage,
            device_count: new.device_count,
            join_date: new.join_date,
            last_payment_date: new.last_payment_date,
        }
    }
}

/// A row parsed, or why not.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum RowOutcome {
    Parsed { customer: ParsedCustomer },
    Refused { problems: Vec<FieldError> },
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct PreviewRow {
    #[ts(type = "number")]
    pub line: u64,
    pub outcome: RowOutcome,
}

/// The first `n` rows as they will be stored, or why each cannot be.
pub fn preview(
    sheet: &Sheet,
    mapping: &Mapping,
    region: PhoneRegion,
    now: DateTime<Utc>,
    n: usize,
) -> Vec<PreviewRow> {
    sheet
        .rows
        .iter()
        .take(n)
        .map(|SheetRow { line, cells }| PreviewRow {
            line: *line,
            outcome: match parse_row(mapping, cells, region, now) {
                Ok(parsed) => RowOutcome::Parsed {
                    customer: ParsedCustomer::from(&parsed.customer),
                },
                Err(errors) => RowOutcome::Refused {
                    problems: errors.fields().to_vec(),
                },
            },
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sheet::ReadOptions;

    fn now() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-11-25T09:00:00Z")
            .unwrap()
            .with_timezone(&Utc)
    }

    fn parse(headers: &[&str], cells: &[&str]) -> Result<ParsedRow, ValidationErrors> {
        let headers: Vec<String> = headers.iter().map(|s| s.to_string()).collect();
        let cells: Vec<String> = cells.iter().map(|s| s.to_string()).collect();
        parse_row(
            &Mapping::guess(&headers),
            &cells,
            PhoneRegion::kenya(),
            now(),
        )
    }

    const HEADERS: [&str; 4] = ["Name", "Email", "Mobile", "Balance (KES)"];

    #[test]
    fn a_phone_that_lost_its_leading_zero_is_recovered() {
        let row = parse(&HEADERS, &["Achieng", "a@example.com", "712345678", "0"]).unwrap();
        assert_eq!(row.customer.phone.as_str(), "+254712345678");
    }

    #[test]
    fn a_phone_in_scientific_notation_is_refused_saying_why() {
        let errors =
            parse(&HEADERS, &["Achieng", "a@example.com", "2.54712E+11", "0"]).unwrap_err();
        assert_eq!(errors.fields().len(), 1, "{errors}");
        let phone = errors.field("phone").unwrap();
        assert_eq!(phone.rule, Rule::Format);
        assert_eq!(
            phone.message,
            "was turned into a number by the spreadsheet (2.54712E+11); type it as text"
        );
    }

    #[test]
    fn a_refusal_reads_as_the_form_would() {
        let errors = parse(
            &HEADERS,
            &["Achieng", "a@example.com", "0712345678", "10.005"],
        )
        .unwrap_err();
        let form = Money::parse("balance", "10.005").unwrap_err();
        assert_eq!(
            errors.field("balance"),
            Some(&form),
            "the same field, rule and words"
        );
        assert_eq!(form.rule, Rule::Precision);
    }

    #[test]
    fn every_problem_of_a_row_is_reported() {
        let errors = parse(&HEADERS, &["", "nope", "12", "abc"]).unwrap_err();
        let fields: Vec<&str> = errors.fields().iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, vec!["name", "email", "phone", "balance"]);
    }

    #[test]
    fn statuses_in_any_case_and_blank_cells_take_defaults() {
        let row = parse(
            &[
                "Name", "Email", "Phone", "Status", "Address", "Usage %", "Devices", "Joined",
            ],
            &[
                "Zoë",
                "Z@Example.com",
                "0712 345 678",
                "Suspended",
                "",
                "100",
                "3",
                "2024-02-29",
            ],
        )
        .unwrap();
        assert_eq!(row.customer.status, CustomerStatus::Suspended);
        assert_eq!(row.customer.address, None);
        assert_eq!(row.customer.usage_percentage.get(), 100);
        assert_eq!(row.customer.email.as_str(), "z@example.com");
        assert!(
            !row.given.contains(&Field::Address),
            "a blank cell is not given"
        );
        assert!(row.given.contains(&Field::JoinDate));
    }

    #[test]
    fn scientific_is_only_scientific_notation() {
        for yes in ["2.54712E+11", "7.12e8", "1E5", "-1.5E-3"] {
            assert!(scientific(yes), "{yes}");
        }
        for no in ["0712345678", "+254712345678", "E12", "2.5E", "0712 E 1"] {
            assert!(!scientific(no), "{no}");
        }
    }

    #[test]
    fn a_preview_shows_values_as_stored_or_the_refusal() {
        let sheet = Sheet::read(
            b"Full name,E-mail,Tel\nAchieng,a@example.com,0712345678\nB,b@example.com,2.54712E+11\nC,c@example.com,0712345679\n",
            ReadOptions::default(),
        )
        .unwrap();
        let mapping = Mapping::guess(&sheet.headers);
        let rows = preview(&sheet, &mapping, PhoneRegion::kenya(), now(), 2);
        assert_eq!(rows.len(), 2);
        assert!(
            matches!(&rows[0].outcome, RowOutcome::Parsed { customer } if customer.phone.as_str() == "+254712345678")
        );
        assert_eq!(rows[1].line, 3);
        assert!(
            matches!(&rows[1].outcome, RowOutcome::Refused { problems } if problems[0].field == "phone")
        );
    }
}
