//! The customer record, the input that creates one, and the patch that changes one.

use crate::{
    Address, CustomerId, CustomerName, CustomerStatus, DeviceCount, Email, Money, Package, Phone,
    UsagePercentage,
};
use chrono::{DateTime, Utc};
use serde::Serialize;
use ts_rs::TS;

/// A customer as the store holds it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Customer {
    pub id: CustomerId,
    /// The central system's integer id, once the customer has been synced.
    pub central_id: Option<i64>,
    pub name: CustomerName,
    pub email: Email,
    pub phone: Phone,
    pub address: Option<Address>,
    pub status: CustomerStatus,
    #[ts(type = "string")]
    pub join_date: DateTime<Utc>,
    pub balance: Money,
    pub package: Package,
    pub usage_percentage: UsagePercentage,
    pub device_count: DeviceCount,
    #[ts(type = "string | null")]
    pub last_payment_date: Option<DateTime<Utc>>,
    #[ts(type = "string")]
    pub created_at: DateTime<Utc>,
    #[ts(type = "string")]
    pub updated_at: DateTime<Utc>,
    /// Bumped by every local change; sync pushes a change against the version it was based on.
    pub version: i64,
}

/// Everything needed to create a customer. Optional fields take the system's defaults.
#[derive(Debug, Clone, PartialEq)]
pub struct NewCustomer {
    pub name: CustomerName,
    pub email: Email,
    pub phone: Phone,
    pub address: Option<Address>,
    pub status: CustomerStatus,
    pub package: Package,
    pub balance: Money,
    pub usage_percentage: UsagePercentage,
    pub device_count: DeviceCount,
    /// `None`: the moment of creation.
    pub join_date: Option<DateTime<Utc>>,
    pub last_payment_date: Option<DateTime<Utc>>,
}

impl NewCustomer {
    /// A customer with the three required fields and every default.
    pub fn new(name: CustomerName, email: Email, phone: Phone) -> Self {
        Self {
            name,
            email,
            phone,
            address: None,
            status: CustomerStatus::default(),
            package: Package::default(),
            balance: Money::ZERO,
            usage_percentage: UsagePercentage::default(),
            device_count: DeviceCount::default(),
            join_date: None,
            last_payment_date: None,
        }
    }
}

/// A change to some fields of a customer; `None` leaves a field as it is. For the optional
/// fields, `Some(None)` clears the value.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CustomerPatch {
    pub name: Option<CustomerName>,
    pub email: Option<Email>,
    pub phone: Option<Phone>,
    pub address: Option<Option<Address>>,
    pub status: Option<CustomerStatus>,
    pub package: Option<Package>,
    pub balance: Option<Money>,
    pub usage_percentage: Option<UsagePercentage>,
    pub device_count: Option<DeviceCount>,
    pub join_date: Option<DateTime<Utc>>,
    pub last_payment_date: Option<Option<DateTime<Utc>>>,
}

impl CustomerPatch {
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }

    /// The customer with this patch applied (nothing is written; the store does that).
    pub fn apply_to(&self, customer: &Customer) -> Customer {
        let mut next = customer.clone();
        macro_rules! take {
            ($($field:ident),*) => { $( if let Some(value) = &self.$field { next.$field = value.clone(); } )* };
        }
        take!(
            name,
            email,
            phone,
            address,
            status,
            package,
            balance,
            usage_percentage,
            device_count,
            last_payment_date
        );
        if let Some(join_date) = self.join_date {
            next.join_date = join_date;
        }
        next
    }
}
