//! What belongs to a customer: invoices, payments and support tickets.

use crate::{CustomerId, FieldError, InvoiceId, Money, PaymentId, PaymentKind, Rule, TicketId};
use chrono::{DateTime, Utc};
use serde::Serialize;
use ts_rs::TS;

/// A closed set of lower-case names, parsed exactly.
macro_rules! closed_set {
    ($(#[$doc:meta])* $name:ident, $field:literal, { $($variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, TS)]
        #[serde(rename_all = "snake_case")]
        #[ts(export)]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$(Self::$variant),+];

            pub fn as_str(&self) -> &'static str {
                match self { $(Self::$variant => $text),+ }
            }

            pub fn parse(raw: &str) -> Result<Self, FieldError> {
                Self::ALL.iter().copied().find(|s| s.as_str() == raw).ok_or_else(|| {
                    let names: Vec<&str> = Self::ALL.iter().map(|s| s.as_str()).collect();
                    FieldError::new($field, Rule::NotAllowed,
                        format!("{raw:?} is not allowed (one of: {})", names.join(", ")))
                })
            }
        }
    };
}

closed_set!(
    /// Where an invoice stands.
    InvoiceStatus, "status", { Pending => "pending", Paid => "paid", Overdue => "overdue", Cancelled => "cancelled" }
);
closed_set!(
    /// Where a payment stands.
    PaymentStatus, "status", { Pending => "pending", Completed => "completed", Failed => "failed", Refunded => "refunded" }
);
closed_set!(
    /// Where a support ticket stands.
    TicketStatus, "status", {
        Open => "open", Pending => "pending", Resolved => "resolved", Closed => "closed",
        OnHold => "on_hold", InProgress => "in_progress"
    }
);
closed_set!(
    /// How urgent a ticket is.
    TicketPriority, "priority", { Low => "low", Medium => "medium", High => "high", Critical => "critical" }
);

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Invoice {
    pub id: InvoiceId,
    pub customer_id: CustomerId,
    pub number: String,
    pub amount: Money,
    pub status: InvoiceStatus,
    #[ts(type = "string")]
    pub due_date: DateTime<Utc>,
    #[ts(type = "string | null")]
    pub paid_date: Option<DateTime<Utc>>,
    pub notes: Option<String>,
    #[ts(type = "string")]
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct NewInvoice {
    pub number: String,
    pub amount: Money,
    pub status: InvoiceStatus,
    pub due_date: DateTime<Utc>,
    pub paid_date: Option<DateTime<Utc>>,
    pub notes: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Payment {
    pub id: PaymentId,
    pub customer_id: CustomerId,
    pub invoice_id: Option<InvoiceId>,
    pub amount: Money,
    pub method: String,
    pub status: PaymentStatus,
    pub transaction_id: Option<String>,
    #[ts(type = "string")]
    pub payment_date: DateTime<Utc>,
    #[ts(type = "string")]
    pub created_at: DateTime<Utc>,
    /// Set for a payment or void taken at this desk (kept here: central has no route to
    /// create payments); none for one pulled from central.
    pub desk: Option<DeskReceipt>,
}

/// What a payment taken at this desk adds: its receipt, and how it stands with voids.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct DeskReceipt {
    pub receipt_number: String,
    pub kind: PaymentKind,
    pub operator_name: String,
    /// For a void: the receipt it reverses.
    pub voids: Option<String>,
    /// For a voided payment: the void's receipt.
    pub voided_by: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct NewPayment {
    pub invoice_id: Option<InvoiceId>,
    pub amount: Money,
    pub method: String,
    pub status: PaymentStatus,
    pub transaction_id: Option<String>,
    pub payment_date: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Ticket {
    pub id: TicketId,
    pub customer_id: CustomerId,
    pub number: String,
    pub subject: String,
    pub description: String,
    pub status: TicketStatus,
    pub priority: TicketPriority,
    pub category: String,
    #[ts(type = "string | null")]
    pub resolved_at: Option<DateTime<Utc>>,
    pub resolved_by: Option<String>,
    pub resolution_note: Option<String>,
    #[ts(type = "string")]
    pub created_at: DateTime<Utc>,
    /// For a ticket opened at this desk, who opened it (it is kept here: central has no route
    /// to create tickets); none for one pulled from central.
    pub opened_by: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct NewTicket {
    pub number: String,
    pub subject: String,
    pub description: String,
    pub status: TicketStatus,
    pub priority: TicketPriority,
    pub category: String,
    pub resolved_at: Option<DateTime<Utc>>,
    pub resolved_by: Option<String>,
    pub resolution_note: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticket_statuses_use_snake_case() {
        assert_eq!(
            TicketStatus::parse("on_hold").unwrap(),
            TicketStatus::OnHold
        );
        assert_eq!(
            TicketStatus::parse("On Hold").unwrap_err().rule,
            Rule::NotAllowed
        );
        assert_eq!(
            serde_json::to_string(&TicketStatus::InProgress).unwrap(),
            "\"in_progress\""
        );
    }

    #[test]
    fn every_status_round_trips() {
        for s in InvoiceStatus::ALL {
            assert_eq!(InvoiceStatus::parse(s.as_str()).unwrap(), *s);
        }
        for s in PaymentStatus::ALL {
            assert_eq!(PaymentStatus::parse(s.as_str()).unwrap(), *s);
        }
        for p in TicketPriority::ALL {
            assert_eq!(TicketPriority::parse(p.as_str()).unwrap(), *p);
        }
    }
}
