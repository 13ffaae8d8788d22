//! The customer of a WiFi/ISP billing business and the rules its fields obey.
//!
//! Raw input (JSON from the UI, a CSV row, a record pulled from the central API) is parsed once,
//! at the edge, into the types of this crate; a value that breaks a rule cannot be built, and the
//! error names the field and the rule. Everything past the edge takes these types and never
//! re-checks.

mod analytics;
mod clock;
mod customer;
mod desk_ticket;
mod email;
mod error;
mod filters;
mod ids;
mod input;
mod join_date;
mod money;
mod operator;
mod phone;
mod query;
mod receipt;
mod related;
mod saved_view;
mod settings;
mod shift;
mod statement;
mod stats;
mod status;
mod tender;
mod text;
mod usage;
mod wire;

pub use analytics::{
    join_month, usage_decile, Analytics, BalanceBand, BalanceBucket, Debtor, MethodPayments,
    MonthCount, PaymentDay, PaymentDays, PaymentFigures, PaymentSource, StatusCount, UsageBucket,
};
pub use clock::{Clock, ManualClock, SystemClock};
pub use customer::{Customer, CustomerPatch, NewCustomer};
pub use desk_ticket::{NewDeskTicket, ResolutionNote, TICKET_CATEGORIES};
pub use email::Email;
pub use error::{FieldError, Rule, ValidationErrors};
pub use filters::{BalanceState, CustomerFilters, LastPayment, Range};
pub use ids::{CustomerId, InvoiceId, OperatorId, PaymentId, ShiftId, TicketId};
pub use input::instant_input;
pub use join_date::{latest_join_date, EARLIEST_JOIN_DATE};
pub use money::Money;
pub use operator::{Forbidden, Operator, OperatorName, Pin, Role, SupervisorOnly};
pub use phone::{Phone, PhoneRegion};
pub use query::{CustomerQuery, Page, PageRequest, RelatedQuery, SortField, SortOrder};
pub use receipt::{DeskPayment, PaymentKind};
pub use related::{
    DeskReceipt, Invoice, InvoiceStatus, NewInvoice, NewPayment, NewTicket, Payment, PaymentStatus,
    Ticket, TicketPriority, TicketStatus,
};
pub use saved_view::SavedView;
pub use settings::{DeskSettings, Region, ShopName, Theme};
pub use shift::{MethodTotal, Shift, ShiftClosing, ShiftReport};
pub use statement::{MovementKind, Statement, StatementEntry};
pub use stats::{CustomerStats, TopCustomer};
pub use status::CustomerStatus;
pub use tender::{counted_cash, MpesaCode, NewDeskPayment, PaymentMethod, Tender, VoidReason};
pub use text::{Address, CustomerName, Package, ViewName};
pub use usage::{DeviceCount, UsagePercentage};
pub use wire::{
    CustomerInput, CustomerQueryInput, DeskTicketInput, PaymentInput, RelatedQueryInput,
};
