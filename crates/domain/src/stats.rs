//! The figures on top of the customer screen.

use crate::{CustomerId, CustomerName, Money};
use rust_decimal::Decimal;
use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct CustomerStats {
    pub total: u64,
    pub active: u64,
    pub suspended: u64,
    pub pending: u64,
    /// The sum of all balances; it can exceed what one balance may hold, so it is a plain
    /// exact decimal (sent as a string) rather than `Money`.
    #[serde(with = "rust_decimal::serde::str")]
    #[ts(type = "string")]
    pub total_balance: Decimal,
    /// The mean balance, rounded half away from zero to cents.
    pub average_balance: Money,
    /// How many customers owe money (balance above zero).
    pub customers_with_balance: u64,
    /// The mean usage percentage, rounded to two places.
    #[serde(with = "rust_decimal::serde::str")]
    #[ts(type = "string")]
    pub average_usage: Decimal,
    /// The five largest balances, largest first.
    pub top_customers: Vec<TopCustomer>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct TopCustomer {
    pub id: CustomerId,
    pub name: CustomerName,
    pub balance: Money,
}
