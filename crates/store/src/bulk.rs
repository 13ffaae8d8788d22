//! Loading many customers at once (an import, the demo data) as fast as SQLite allows: many
//! rows per statement, one transaction, the same triggers and audit trail as single writes.

use crate::audit::{self, Action, Actor};
use crate::codec::{micros, CUSTOMER_COLUMNS};
use crate::customers::build;
use crate::{Conflict, Error, Result};
use chrono::{DateTime, Utc};
use infora_domain::{Customer, CustomerId, NewCustomer};
use sqlx::{QueryBuilder, Sqlite, SqliteConnection};
use std::collections::HashSet;

/// How far an import has come.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImportProgress {
    pub done: usize,
    pub total: usize,
}

/// Rows per INSERT: 16 columns × 500 rows stays under SQLite's 32,766 parameters.
const BATCH: usize = 500;

pub(crate) async fn import(
    conn: &mut SqliteConnection,
    now: DateTime<Utc>,
    actor: &Actor,
    new: &[NewCustomer],
    mut progress: impl FnMut(ImportProgress),
) -> Result<Vec<Customer>> {
    // Duplicates inside the input would otherwise surface as a bare constraint error.
    let mut seen = HashSet::with_capacity(new.len());
    if let Some(dup) = new.iter().find(|c| !seen.insert(c.email.as_str())) {
        return Err(Conflict::EmailTaken { email: dup.email.to_string() }.into());
    }
    let customers: Vec<Customer> = new.iter().map(|n| build(CustomerId::new(), now, n)).collect();
    for (done, chunk) in customers.chunks(BATCH).enumerate() {
        let mut insert = QueryBuilder::<Sqlite>::new(format!("INSERT INTO customers ({CUSTOMER_COLUMNS}) "));
        insert.push_values(chunk, |mut row, c| {
            row.push_bind(c.id.as_uuid())
                .push_bind(c.remote_id)
                .push_bind(c.version)
                .push_bind(c.name.as_str())
                .push_bind(c.email.as_str())
                .push_bind(c.phone.as_str())
                .push_bind(c.address.as_ref().map(|a| a.as_str()))
                .push_bind(c.status.as_str())
                .push_bind(micros(c.join_date))
                .push_bind(c.balance.cents())
                .push_bind(c.package.as_str())
                .push_bind(i64::from(c.usage_percentage.get()))
                .push_bind(i64::from(c.device_count.get()))
                .push_bind(c.last_payment_date.map(micros))
                .push_bind(micros(c.created_at))
                .push_bind(micros(c.updated_at));
        });
        insert.build().execute(&mut *conn).await.map_err(|e| match &e {
            sqlx::Error::Database(db) if db.is_unique_violation() => {
                Error::from(Conflict::EmailTaken { email: "one of the imported emails".into() })
            }
            _ => e.into(),
        })?;

        let entries = chunk
            .iter()
            .map(|c| Ok((c.id, audit::changes_json(Action::Created, None, Some(c))?)))
            .collect::<Result<Vec<_>>>()?;
        let mut trail = QueryBuilder::<Sqlite>::new("INSERT INTO customer_changes (customer_id, at, actor, action, changes) ");
        trail.push_values(&entries, |mut row, (id, changes)| {
            row.push_bind(id.as_uuid())
                .push_bind(micros(now))
                .push_bind(actor.as_str())
                .push_bind("created")
                .push_bind(changes);
        });
        trail.build().execute(&mut *conn).await?;
        progress(ImportProgress {
            done: (done * BATCH + chunk.len()).min(customers.len()),
            total: customers.len(),
        });
    }
    Ok(customers)
}
