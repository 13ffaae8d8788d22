//! Everything the double holds, behind one lock that is never held across an `.await`.

use crate::auth::Accounts;
use crate::customer::{stamp, Row};
use crate::fault::Faults;
use crate::record::Recorded;
use crate::rng::Rng;
use chrono::{DateTime, NaiveDateTime, Utc};
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, PoisonError};

/// Which version of the service the double plays. The default is the seed version.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Versions {
    /// The later fix: `/invoices`, `/payments` and `/tickets` answer instead of 500.
    pub(crate) related_lists_working: bool,
    /// A fix the contract does not describe yet: DELETE of an existing customer succeeds.
    pub(crate) deletes_working: bool,
    /// The later version's 402 on every customer route.
    pub(crate) subscription_unpaid: bool,
}

#[derive(Debug)]
pub(crate) struct Central {
    /// The server's clock; only tests move it.
    pub(crate) now: DateTime<Utc>,
    pub(crate) accounts: Accounts,
    pub(crate) customers: BTreeMap<i64, Row>,
    /// Invoices, payments and tickets as a test seeded them: (kind, customer id) → records,
    /// oldest first. Only the later version (related lists working) shows them.
    pub(crate) related: BTreeMap<(String, i64), Vec<serde_json::Value>>,
    pub(crate) faults: Faults,
    pub(crate) requests: Vec<Recorded>,
    pub(crate) versions: Versions,
    pub(crate) rng: Rng,
}

impl Central {
    /// Now, as the server stamps rows.
    pub(crate) fn stamp(&self) -> NaiveDateTime {
        stamp(self.now)
    }

    /// The id SQLite gives the next row: one past the largest in use. The table has no
    /// AUTOINCREMENT, so once deletes work, deleting the newest customer frees its id for
    /// the next one created.
    pub(crate) fn next_id(&self) -> i64 {
        self.customers.keys().next_back().map_or(1, |id| id + 1)
    }
}

/// The handle the routes, the server and the test-facing API share.
#[derive(Debug, Clone)]
pub(crate) struct Shared(Arc<Mutex<Central>>);

impl Shared {
    pub(crate) fn new(now: DateTime<Utc>) -> Self {
        Self(Arc::new(Mutex::new(Central {
            now,
            accounts: Accounts::default(),
            customers: BTreeMap::new(),
            related: BTreeMap::new(),
            faults: Faults::default(),
            requests: Vec::new(),
            versions: Versions::default(),
            rng: Rng::new(),
        })))
    }

    /// Runs `f` under the lock. A panic in another holder (a failing assertion in a test)
    /// leaves the data usable, so a poisoned lock is simply taken.
    pub(crate) fn with<R>(&self, f: impl FnOnce(&mut Central) -> R) -> R {
        let mut central = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        f(&mut central)
    }
}
