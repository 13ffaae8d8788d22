//! A customer's statement: every movement of their balance, with the balance after each.

use crate::{Money, PaymentMethod};
use chrono::{DateTime, Utc};
use serde::Serialize;
use ts_rs::TS;

/// Why a customer's balance moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum MovementKind {
    /// A payment taken at this desk (lowers what the customer owes).
    Payment,
    /// A void of such a payment (gives the amount back).
    Void,
    /// Any other change: set by a supervisor, edited on the form, or changed on central.
    Set,
}

impl MovementKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Payment => "payment",
            Self::Void => "void",
            Self::Set => "set",
        }
    }
}

/// One line of a statement.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct StatementEntry {
    #[ts(type = "string")]
    pub at: DateTime<Utc>,
    pub kind: MovementKind,
    /// The change to the balance: a payment is negative (the customer owes less).
    pub change: Money,
    pub balance_after: Money,
    /// Who made it (an operator, or `central` for a change pulled from the central system).
    pub by: String,
    /// For a payment or a void: its receipt, method and reference.
    pub receipt_number: Option<String>,
    pub method: Option<PaymentMethod>,
    pub reference: Option<String>,
}

/// The movements within a period, and the balance before and after it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Statement {
    /// The balance before the first entry shown ("brought forward").
    pub opening: Money,
    /// Oldest first.
    pub entries: Vec<StatementEntry>,
    /// The balance after the last entry shown (the current balance when the period runs to now).
    pub closing: Money,
    /// Whether older movements exist before the first entry shown (so "brought forward" is
    /// not the customer's opening balance).
    pub earlier: bool,
}
