//! What a list asks for (page, filter, search, sort) and what it answers.

use crate::input::{integer, object, string, unknown_fields};
use crate::{CustomerFilters, CustomerStatus, FieldError, Rule, ValidationErrors};
use serde::Serialize;
use serde_json::Value;
use ts_rs::TS;

/// One page of a list, with what a pager needs.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: u64,
    pub pages: u64,
    pub current_page: u32,
    pub per_page: u32,
    /// Whether `total` is exact. When it is not, it is an estimate to show as "about 120,000"
    /// (counting every match of some filters at a million customers costs more than the page
    /// may take) and the exact figure is a separate request (`count_customers`).
    pub exact: bool,
}

impl<T> Page<T> {
    pub fn new(items: Vec<T>, total: u64, request: PageRequest) -> Self {
        Self {
            items,
            total,
            pages: total.div_ceil(u64::from(request.per_page)),
            current_page: request.page,
            per_page: request.per_page,
            exact: true,
        }
    }

    /// A page whose total is an estimate.
    pub fn about(items: Vec<T>, total: u64, request: PageRequest) -> Self {
        Self {
            exact: false,
            ..Self::new(items, total, request)
        }
    }
}

/// A page number (from 1) and a page size (1–100).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageRequest {
    page: u32,
    per_page: u32,
}

impl PageRequest {
    pub const MAX_PER_PAGE: u32 = 100;
    pub const DEFAULT_PER_PAGE: u32 = 20;

    pub fn new(page: i64, per_page: i64) -> Result<Self, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        if !(1..=i64::from(u32::MAX)).contains(&page) {
            errors.push(FieldError::new(
                "page",
                Rule::OutOfRange,
                "must be 1 or more",
            ));
        }
        if !(1..=i64::from(Self::MAX_PER_PAGE)).contains(&per_page) {
            errors.push(FieldError::new(
                "per_page",
                Rule::OutOfRange,
                format!("must be from 1 to {}", Self::MAX_PER_PAGE),
            ));
        }
        errors.into_result()?;
        Ok(Self {
            page: page as u32,
            per_page: per_page as u32,
        })
    }

    pub fn page(&self) -> u32 {
        self.page
    }

    pub fn per_page(&self) -> u32 {
        self.per_page
    }

    /// How many rows come before this page.
    pub fn offset(&self) -> u64 {
        u64::from(self.page - 1) * u64::from(self.per_page)
    }

    fn from_map(
        map: &serde_json::Map<String, Value>,
        errors: &mut ValidationErrors,
    ) -> Option<Self> {
        let page = errors.check(map.get("page").map_or(Ok(1), |v| integer("page", v)))?;
        let per_page = errors.check(
            map.get("per_page")
                .map_or(Ok(i64::from(Self::DEFAULT_PER_PAGE)), |v| {
                    integer("per_page", v)
                }),
        )?;
        match Self::new(page, per_page) {
            Ok(request) => Some(request),
            Err(found) => {
                found.fields().iter().cloned().for_each(|e| errors.push(e));
                None
            }
        }
    }
}

impl Default for PageRequest {
    fn default() -> Self {
        Self {
            page: 1,
            per_page: Self::DEFAULT_PER_PAGE,
        }
    }
}

/// The columns a customer list can be sorted by: a closed set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum SortField {
    Name,
    Email,
    #[default]
    CreatedAt,
    UpdatedAt,
    JoinDate,
    Balance,
    UsagePercentage,
    DeviceCount,
    LastPaymentDate,
    Status,
}

impl SortField {
    pub const ALL: [SortField; 10] = [
        Self::Name,
        Self::Email,
        Self::CreatedAt,
        Self::UpdatedAt,
        Self::JoinDate,
        Self::Balance,
        Self::UsagePercentage,
        Self::DeviceCount,
        Self::LastPaymentDate,
        Self::Status,
    ];

    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Name => "name",
            Self::Email => "email",
            Self::CreatedAt => "created_at",
            Self::UpdatedAt => "updated_at",
            Self::JoinDate => "join_date",
            Self::Balance => "balance",
            Self::UsagePercentage => "usage_percentage",
            Self::DeviceCount => "device_count",
            Self::LastPaymentDate => "last_payment_date",
            Self::Status => "status",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        Self::ALL
            .into_iter()
            .find(|f| f.as_str() == raw)
            .ok_or_else(|| {
                let names: Vec<&str> = Self::ALL.iter().map(SortField::as_str).collect();
                FieldError::new(
                    "sort_by",
                    Rule::NotAllowed,
                    format!(
                        "{raw:?} is not a sortable field (one of: {})",
                        names.join(", ")
                    ),
                )
            })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum SortOrder {
    Asc,
    #[default]
    Desc,
}

impl SortOrder {
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        match raw {
            "asc" => Ok(Self::Asc),
            "desc" => Ok(Self::Desc),
            _ => Err(FieldError::new(
                "sort_order",
                Rule::NotAllowed,
                format!("{raw:?} is not a sort order (asc or desc)"),
            )),
        }
    }
}

/// A search term: trimmed, not blank, at most 100 characters.
fn search_term(value: &Value) -> Result<Option<String>, FieldError> {
    let term = string("search", value)?.trim();
    if term.chars().count() > CustomerQuery::MAX_SEARCH_CHARS {
        return Err(FieldError::new(
            "search",
            Rule::TooLong,
            format!(
                "must be at most {} characters",
                CustomerQuery::MAX_SEARCH_CHARS
            ),
        ));
    }
    Ok((!term.is_empty()).then(|| term.to_owned()))
}

/// A page of the customer list: default is page 1 of 20, newest first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CustomerQuery {
    pub page: PageRequest,
    /// A case-insensitive substring of the name, email or phone; every character is literal.
    pub search: Option<String>,
    pub status: Option<CustomerStatus>,
    pub sort_by: SortField,
    pub sort_order: SortOrder,
    /// The advanced filters (balance, join date, last payment, …), all of which must hold.
    pub filters: CustomerFilters,
}

impl CustomerQuery {
    pub const MAX_SEARCH_CHARS: usize = 100;

    /// A query searching for `term` (blank means no search).
    pub fn search(term: &str) -> Self {
        let term = term.trim();
        Self {
            search: (!term.is_empty()).then(|| term.to_owned()),
            ..Self::default()
        }
    }

    /// Parses `{page, per_page, search, status, sort_by, sort_order}` and the filter fields
    /// (`CustomerFilters::FIELDS`); a value outside the allowed sets is an error, never a silent
    /// default.
    pub fn from_json(value: &Value) -> Result<Self, ValidationErrors> {
        let map = object(value, "a customer query")?;
        let mut errors = ValidationErrors::new();
        let known: Vec<&str> = [
            "page",
            "per_page",
            "search",
            "status",
            "sort_by",
            "sort_order",
        ]
        .into_iter()
        .chain(CustomerFilters::FIELDS)
        .collect();
        unknown_fields(map, &known, &mut errors);
        let page = PageRequest::from_map(map, &mut errors);
        let present = |key: &str| map.get(key).filter(|v| !v.is_null());
        let search = present("search")
            .and_then(|v| errors.check(search_term(v)))
            .flatten();
        let status = present("status")
            .and_then(|v| errors.check(string("status", v).and_then(CustomerStatus::parse)));
        let sort_by = present("sort_by")
            .and_then(|v| errors.check(string("sort_by", v).and_then(SortField::parse)));
        let sort_order = present("sort_order")
            .and_then(|v| errors.check(string("sort_order", v).and_then(SortOrder::parse)));
        let filters = CustomerFilters::from_map(map, &mut errors);
        errors.into_result()?;
        Ok(Self {
            filters,
            page: page.unwrap_or_default(),
            search,
            status,
            sort_by: sort_by.unwrap_or_default(),
            sort_order: sort_order.unwrap_or_default(),
        })
    }
}

/// A page of a customer's invoices, payments or tickets, optionally of one status; newest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RelatedQuery<S> {
    pub page: PageRequest,
    pub status: Option<S>,
}

impl<S> Default for RelatedQuery<S> {
    fn default() -> Self {
        Self {
            page: PageRequest::default(),
            status: None,
        }
    }
}

impl<S> RelatedQuery<S> {
    /// Parses `{page, per_page, status}` with the status parser of the record kind.
    pub fn from_json(
        value: &Value,
        parse_status: impl FnOnce(&str) -> Result<S, FieldError>,
    ) -> Result<Self, ValidationErrors> {
        let map = object(value, "a query")?;
        let mut errors = ValidationErrors::new();
        unknown_fields(map, &["page", "per_page", "status"], &mut errors);
        let page = PageRequest::from_map(map, &mut errors);
        let status = map
            .get("status")
            .filter(|v| !v.is_null())
            .and_then(|v| errors.check(string("status", v).and_then(parse_status)));
        errors.into_result()?;
        Ok(Self {
            page: page.unwrap_or_default(),
            status,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn empty_query_is_page_one_of_twenty_newest_first() {
        let q = CustomerQuery::from_json(&json!({})).unwrap();
        assert_eq!(q, CustomerQuery::default());
        assert_eq!((q.page.page(), q.page.per_page()), (1, 20));
        assert_eq!(
            (q.sort_by, q.sort_order),
            (SortField::CreatedAt, SortOrder::Desc)
        );
    }

    #[test]
    fn values_outside_the_sets_are_errors_not_defaults() {
        let errors = CustomerQuery::from_json(&json!({
            "page": 0, "per_page": 101, "status": "Active", "sort_by": "password", "sort_order": "up"
        }))
        .unwrap_err();
        let fields: Vec<&str> = errors.fields().iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            ["page", "per_page", "status", "sort_by", "sort_order"]
        );
    }

    #[test]
    fn blank_search_is_no_search_and_long_search_is_refused() {
        assert_eq!(
            CustomerQuery::from_json(&json!({"search": "  "}))
                .unwrap()
                .search,
            None
        );
        assert!(CustomerQuery::from_json(&json!({"search": "x".repeat(101)})).is_err());
    }

    #[test]
    fn pages_round_up() {
        let page: Page<()> = Page::new(vec![], 41, PageRequest::new(1, 20).unwrap());
        assert_eq!(page.pages, 3);
        let empty: Page<()> = Page::new(vec![], 0, PageRequest::default());
        assert_eq!(empty.pages, 0);
    }
}
