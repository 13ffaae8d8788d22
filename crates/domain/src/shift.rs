//! A cashier's shift: the cash float it opened with, the payments it took, and the X (mid-shift)
//! and Z (closing) reports.

use crate::{Money, OperatorId, PaymentMethod, ShiftId};
use chrono::{DateTime, Utc};
use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Shift {
    pub id: ShiftId,
    pub operator_id: OperatorId,
    pub operator_name: String,
    #[ts(type = "string")]
    pub opened_at: DateTime<Utc>,
    /// Cash in the drawer when the shift opened.
    pub float: Money,
    /// Set once, when the shift closes; a closed shift never changes again.
    pub closing: Option<ShiftClosing>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ShiftClosing {
    #[ts(type = "string")]
    pub closed_at: DateTime<Utc>,
    pub closed_by: String,
    /// The Z report's number: `Z-K7QF2-0003`.
    pub z_number: String,
    pub expected_cash: Money,
    pub counted_cash: Money,
    /// Counted minus expected: negative when cash is missing.
    pub difference: Money,
}

/// One method's takings in a shift (payments only; voids are counted apart).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct MethodTotal {
    pub method: PaymentMethod,
    pub count: u32,
    pub amount: Money,
}

/// An X report (the shift so far) or a Z report (the shift as closed).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ShiftReport {
    pub shift: Shift,
    /// Every method, in a fixed order, including those with nothing taken.
    pub by_method: Vec<MethodTotal>,
    pub voids: u32,
    /// What the voids gave back, over every method.
    pub voided: Money,
    /// Payments less voids, over every method.
    pub net: Money,
    /// The float plus cash taken less cash voided: what the drawer should hold.
    pub expected_cash: Money,
    #[ts(type = "string")]
    pub as_of: DateTime<Utc>,
}
