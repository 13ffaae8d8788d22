//! Which column holds which customer field: guessed from the headers, then the person's to
//! change before anything is written. A plain value, so the wizard can send it back and forth.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A customer field a column can fill. The names are the domain's input fields, so a parsed
/// row's errors name the same fields as the form's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Field {
    Name,
    Email,
    Phone,
    Address,
    Status,
    Package,
    Balance,
    UsagePercentage,
    DeviceCount,
    JoinDate,
    LastPaymentDate,
}

impl Field {
    pub const ALL: [Field; 11] = [
        Self::Name,
        Self::Email,
        Self::Phone,
        Self::Address,
        Self::Status,
        Self::Package,
        Self::Balance,
        Self::UsagePercentage,
        Self::DeviceCount,
        Self::JoinDate,
        Self::LastPaymentDate,
    ];

    /// A new customer cannot be made without these.
    pub const REQUIRED: [Field; 3] = [Self::Name, Self::Email, Self::Phone];

    /// The domain's name for the field (`NewCustomer::from_input`'s keys).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Name => "name",
            Self::Email => "email",
            Self::Phone => "phone",
            Self::Address => "address",
            Self::Status => "status",
            Self::Package => "package",
            Self::Balance => "balance",
            Self::UsagePercentage => "usage_percentage",
            Self::DeviceCount => "device_count",
            Self::JoinDate => "join_date",
            Self::LastPaymentDate => "last_payment_date",
        }
    }

    /// Headers that mean this field, in `normalise`d form.
    fn headers(self) -> &'static [&'static str] {
        match self {
            Self::Name => &[
                "name",
                "fullname",
                "names",
                "customername",
                "customer",
                "clientname",
                "client",
                "subscriber",
                "subscribername",
            ],
            Self::Email => &["email", "emailaddress", "mail", "customeremail"],
            Self::Phone => &[
                "phone",
                "phonenumber",
                "phoneno",
                "mobile",
                "mobilenumber",
                "mobileno",
                "tel",
                "telephone",
                "telno",
                "cell",
                "cellphone",
                "msisdn",
                "contact",
                "mpesanumber",
            ],
            Self::Address => &["address", "location", "physicaladdress", "estate", "area"],
            Self::Status => &["status", "accountstatus", "state"],
            Self::Package => &[
                "package",
                "plan",
                "tariff",
                "subscription",
                "bundle",
                "service",
            ],
            Self::Balance => &[
                "balance",
                "balancekes",
                "balanceksh",
                "amountdue",
                "outstanding",
                "arrears",
                "amountowed",
            ],
            Self::UsagePercentage => &[
                "usage",
                "usagepercentage",
                "usagepercent",
                "usagepct",
                "datausage",
            ],
            Self::DeviceCount => &[
                "devices",
                "devicecount",
                "device",
                "noofdevices",
                "numberofdevices",
            ],
            Self::JoinDate => &[
                "joined",
                "joindate",
                "datejoined",
                "joiningdate",
                "joinedon",
                "startdate",
                "customersince",
                "since",
            ],
            Self::LastPaymentDate => &[
                "lastpayment",
                "lastpaymentdate",
                "lastpaid",
                "lastpaymenton",
                "datelastpaid",
            ],
        }
    }

    /// The field a header names, if any: any case, spacing or punctuation, and with a unit in
    /// brackets ignored ("Balance (KES)", "Usage %", "E-mail", "Phone No.").
    pub fn from_header(header: &str) -> Option<Self> {
        let key = normalise(header);
        Self::ALL
            .into_iter()
            .find(|f| f.headers().contains(&key.as_str()))
    }
}

/// Lower case letters and digits only, with anything in brackets dropped.
fn normalise(header: &str) -> String {
    let mut depth = 0u32;
    let mut key = String::with_capacity(header.len());
    for c in header.chars() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            c if depth == 0 && c.is_alphanumeric() => key.extend(c.to_lowercase()),
            _ => {}
        }
    }
    key
}

/// Column `n` of the file fills `columns[n]`, or is ignored (`None`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Mapping {
    pub columns: Vec<Option<Field>>,
}

/// Why a mapping cannot be used as it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, thiserror::Error)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum MappingProblem {
    #[error("no column is the customer's {field:?}")]
    Missing { field: Field },
    #[error("columns {columns:?} are both the customer's {field:?}")]
    Twice { field: Field, columns: Vec<u32> },
}

impl Mapping {
    /// Each header matched to a field; a field already taken by an earlier column is not
    /// given twice.
    pub fn guess(headers: &[String]) -> Self {
        let mut columns: Vec<Option<Field>> = Vec::with_capacity(headers.len());
        for header in headers {
            let field = Field::from_header(header).filter(|f| !columns.contains(&Some(*f)));
            columns.push(field);
        }
        Self { columns }
    }

    /// The column that fills `field`, if one does.
    pub fn column_of(&self, field: Field) -> Option<usize> {
        self.columns.iter().position(|c| *c == Some(field))
    }

    /// What must be fixed before rows can be parsed: a required field with no column, a field
    /// given to two columns. Empty when the mapping can be used.
    pub fn problems(&self) -> Vec<MappingProblem> {
        let mut problems = Vec::new();
        for field in Field::REQUIRED {
            if self.column_of(field).is_none() {
                problems.push(MappingProblem::Missing { field });
            }
        }
        for field in Field::ALL {
            let columns: Vec<u32> = (0..self.columns.len())
                .filter(|n| self.columns[*n] == Some(field))
                .map(|n| n as u32)
                .collect();
            if columns.len() > 1 {
                problems.push(MappingProblem::Twice { field, columns });
            }
        }
        problems
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_variants_find_their_field() {
        for (header, field) in [
            ("Full name", Field::Name),
            ("Customer Name", Field::Name),
            ("NAME", Field::Name),
            ("E-mail", Field::Email),
            (" email address ", Field::Email),
            ("Mobile", Field::Phone),
            ("Phone number", Field::Phone),
            ("Tel", Field::Phone),
            ("Phone No.", Field::Phone),
            ("Plan", Field::Package),
            ("Package", Field::Package),
            ("Balance (KES)", Field::Balance),
            ("balance_kes", Field::Balance),
            ("Status", Field::Status),
            ("Address", Field::Address),
            ("Joined", Field::JoinDate),
            ("Join date", Field::JoinDate),
            ("join-date", Field::JoinDate),
            ("Usage %", Field::UsagePercentage),
            ("usage_percentage", Field::UsagePercentage),
            ("Devices", Field::DeviceCount),
            ("Last payment", Field::LastPaymentDate),
        ] {
            assert_eq!(Field::from_header(header), Some(field), "{header:?}");
        }
        assert_eq!(Field::from_header("Notes"), None);
        assert_eq!(Field::from_header("ID"), None);
    }

    #[test]
    fn a_guess_gives_each_field_once_and_ignores_the_rest() {
        let headers: Vec<String> = ["Name", "Notes", "Mobile", "Tel", "Email"]
            .map(String::from)
            .to_vec();
        let mapping = Mapping::guess(&headers);
        assert_eq!(
            mapping.columns,
            vec![
                Some(Field::Name),
                None,
                Some(Field::Phone),
                None,
                Some(Field::Email)
            ]
        );
        assert!(mapping.problems().is_empty());
    }

    #[test]
    fn problems_name_a_missing_or_doubled_field() {
        let mapping = Mapping {
            columns: vec![Some(Field::Name), Some(Field::Name), Some(Field::Email)],
        };
        assert_eq!(
            mapping.problems(),
            vec![
                MappingProblem::Missing {
                    field: Field::Phone
                },
                MappingProblem::Twice {
                    field: Field::Name,
                    columns: vec![0, 1]
                }
            ]
        );
    }

    #[test]
    fn a_mapping_is_plain_json() {
        let mapping = Mapping {
            columns: vec![Some(Field::UsagePercentage), None],
        };
        let json = serde_json::to_string(&mapping).unwrap();
        assert_eq!(json, r#"{"columns":["usage_percentage",null]}"#);
        assert_eq!(serde_json::from_str::<Mapping>(&json).unwrap(), mapping);
    }
}
