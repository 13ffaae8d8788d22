//! The shapes of raw input as the UI sends it. The parsers (`NewCustomer::from_json`,
//! `CustomerQuery::from_json`, …) take JSON of these shapes and do all the checking; these types
//! exist to give the UI its TypeScript types, and the tests below keep the two in step.

use crate::{CustomerStatus, PaymentMethod, SortField, SortOrder, TicketPriority};
use serde::Serialize;
use ts_rs::TS;

/// A create or an update: every field optional (a create needs name, email and phone).
#[derive(Debug, Clone, Default, PartialEq, Serialize, TS)]
#[ts(export, optional_fields)]
pub struct CustomerInput {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Any local form (`0712 345 678`) or E.164.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// `null` clears it.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(type = "string | null", optional)]
    pub address: Option<Option<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<CustomerStatus>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub package: Option<String>,
    /// Money as text: `"1500.00"`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub balance: Option<String>,
    /// A whole number 0–100, or its text as typed in a form.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(type = "number | string", optional)]
    pub usage_percentage: Option<serde_json::Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(type = "number | string", optional)]
    pub device_count: Option<serde_json::Value>,
    /// `2026-11-25` or RFC 3339 with a zone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub join_date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(type = "string | null", optional)]
    pub last_payment_date: Option<Option<String>>,
}

/// A payment as the cashier enters it (`NewDeskPayment::from_input` parses it).
#[derive(Debug, Clone, Default, PartialEq, Serialize, TS)]
#[ts(export, optional_fields)]
pub struct PaymentInput {
    /// Money as text: `"1500.00"`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub method: Option<PaymentMethod>,
    /// The M-Pesa code (for `mpesa`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// A bank, card or other payment's reference (required for `other`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A ticket as the desk opens it (`NewDeskTicket::from_input` parses it).
#[derive(Debug, Clone, Default, PartialEq, Serialize, TS)]
#[ts(export, optional_fields)]
pub struct DeskTicketInput {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Medium when left out.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub priority: Option<TicketPriority>,
    /// One of `TICKET_CATEGORIES`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
}

/// A page of the customer list; absent fields take their defaults (page 1 of 20, newest first).
#[derive(Debug, Clone, Default, PartialEq, Serialize, TS)]
#[ts(export, optional_fields)]
pub struct CustomerQueryInput {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub per_page: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub search: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<CustomerStatus>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sort_by: Option<SortField>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sort_order: Option<SortOrder>,
    /// `owes` (above zero), `credit` (below zero) or `settled` (exactly zero).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub balance: Option<String>,
    /// Money as text; both bounds inclusive.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub balance_min: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub balance_max: Option<String>,
    /// Days (`2026-01-31`), both inclusive.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub joined_from: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub joined_to: Option<String>,
    /// Only customers who never paid.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub never_paid: Option<bool>,
    /// Customers with no payment in this many days (never paid included).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unpaid_days: Option<u32>,
    /// Instants (local midnights): last paid from `paid_from` (inclusive) to `paid_to`
    /// (exclusive).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub paid_from: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub paid_to: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub package: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub usage_min: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub usage_max: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub devices_min: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub devices_max: Option<u32>,
}

/// A page of a customer's invoices, payments or tickets, optionally of one status.
#[derive(Debug, Clone, Default, PartialEq, Serialize, TS)]
#[ts(export, optional_fields)]
pub struct RelatedQueryInput<S: TS> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub per_page: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<S>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{CustomerQuery, InvoiceStatus, NewCustomer, PhoneRegion, RelatedQuery};
    use serde_json::json;

    #[test]
    fn every_customer_input_field_is_one_the_parser_takes() {
        let full = CustomerInput {
            name: Some("Jane".into()),
            email: Some("jane@example.com".into()),
            phone: Some("0712345678".into()),
            address: Some(Some("Moi Avenue".into())),
            status: Some(CustomerStatus::Pending),
            package: Some("Home 10 Mbps".into()),
            balance: Some("10.00".into()),
            usage_percentage: Some(json!(5)),
            device_count: Some(json!("2")),
            join_date: Some("2026-01-01".into()),
            last_payment_date: Some(Some("2026-02-01T10:00:00Z".into())),
        };
        let value = serde_json::to_value(&full).unwrap();
        assert_eq!(value.as_object().unwrap().len(), 11);
        NewCustomer::from_json(&value, PhoneRegion::kenya())
            .expect("the parser accepts every field");
    }

    #[test]
    fn every_query_input_field_is_one_the_parser_takes() {
        let full = CustomerQueryInput {
            page: Some(2),
            per_page: Some(50),
            search: Some("wan".into()),
            status: Some(CustomerStatus::Active),
            sort_by: Some(SortField::Balance),
            sort_order: Some(SortOrder::Asc),
            balance: Some("owes".into()),
            balance_min: Some("1000".into()),
            balance_max: Some("5000.50".into()),
            joined_from: Some("2026-01-01".into()),
            joined_to: Some("2026-03-31".into()),
            never_paid: None,
            unpaid_days: Some(30),
            paid_from: None,
            paid_to: None,
            package: Some("Home 10 Mbps".into()),
            usage_min: Some(10),
            usage_max: Some(90),
            devices_min: Some(1),
            devices_max: Some(5),
        };
        let value = serde_json::to_value(&full).unwrap();
        let query = CustomerQuery::from_json(&value).expect("query parses");
        assert_eq!(
            query.filters.count(),
            7,
            "every filter field reaches a filter"
        );
        let related = RelatedQueryInput {
            page: Some(1),
            per_page: Some(10),
            status: Some(InvoiceStatus::Paid),
        };
        RelatedQuery::from_json(
            &serde_json::to_value(&related).unwrap(),
            InvoiceStatus::parse,
        )
        .expect("related query parses");
    }
}
