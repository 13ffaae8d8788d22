//! A payment taken at this desk, or its void, as its receipt shows it.

use crate::{CustomerId, Money, OperatorId, PaymentId, PaymentMethod, ShiftId};
use chrono::{DateTime, Utc};
use serde::Serialize;
use ts_rs::TS;

/// A payment, or the void that reverses one (a payment is never edited or deleted).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum PaymentKind {
    Payment,
    Void,
}

impl PaymentKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Payment => "payment",
            Self::Void => "void",
        }
    }
}

/// A payment or a void taken at this desk, with its receipt number and what the receipt prints.
/// It is kept on this desk: the central API has no route to create payments.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct DeskPayment {
    pub id: PaymentId,
    pub kind: PaymentKind,
    /// This desk's series: desk code, local date, gapless sequence (`K7QF2-20261203-000042`).
    pub receipt_number: String,
    pub customer_id: CustomerId,
    /// The customer's name and phone when the payment was taken, as the receipt printed them.
    pub customer_name: String,
    pub customer_phone: String,
    /// Always positive: a void gives back the amount of the payment it reverses.
    pub amount: Money,
    pub method: PaymentMethod,
    /// The M-Pesa code, or the bank/card/other reference.
    pub reference: Option<String>,
    /// The cashier's note; for a void, the reason.
    pub note: Option<String>,
    /// The customer's balance right after this payment (or void).
    pub balance_after: Money,
    pub operator_id: OperatorId,
    pub operator_name: String,
    pub shift_id: ShiftId,
    #[ts(type = "string")]
    pub taken_at: DateTime<Utc>,
    /// For a void: the receipt it reverses.
    pub voids: Option<String>,
    /// For a payment that was voided: the void's receipt.
    pub voided_by: Option<String>,
}
