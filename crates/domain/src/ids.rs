//! Record ids made on this device: UUIDv7, so records created offline on many devices never
//! collide. Order across devices never relies on them (clocks differ); the store keeps its own.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use ts_rs::TS;
use uuid::Uuid;

macro_rules! uuid_id {
    ($(#[$doc:meta])* $name:ident, $what:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
        #[serde(transparent)]
        #[ts(export, type = "string")]
        pub struct $name(Uuid);

        impl $name {
            /// A fresh UUIDv7.
            pub fn new() -> Self {
                Self(Uuid::now_v7())
            }

            pub fn from_uuid(uuid: Uuid) -> Self {
                Self(uuid)
            }

            pub fn as_uuid(&self) -> &Uuid {
                &self.0
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.hyphenated().fmt(f)
            }
        }

        impl FromStr for $name {
            type Err = crate::FieldError;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s.trim()).map(Self).map_err(|_| {
                    crate::FieldError::new("id", crate::Rule::Format, concat!("is not a valid ", $what, " id"))
                })
            }
        }
    };
}

uuid_id!(
    /// A customer's id.
    CustomerId,
    "customer"
);
uuid_id!(
    /// An invoice's id.
    InvoiceId,
    "invoice"
);
uuid_id!(
    /// A payment's id.
    PaymentId,
    "payment"
);
uuid_id!(
    /// A support ticket's id.
    TicketId,
    "ticket"
);
uuid_id!(
    /// A person who uses this desk (an operator: cashier or supervisor).
    OperatorId,
    "operator"
);
uuid_id!(
    /// A cashier's shift at this desk.
    ShiftId,
    "shift"
);
