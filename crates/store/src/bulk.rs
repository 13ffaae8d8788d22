//! Loading many customers at once (an import, the demo data) as fast as SQLite allows: many
//! rows per statement, one transaction, the same audit trail as single writes.
//!
//! A large load into a small table sets the sort indexes and the insert triggers aside, inserts
//! the bare rows, then builds the indexes in one sorted pass and fills the search index and the
//! counters in one statement each: several times faster than maintaining 18 indexes and a
//! trigram index row by row. All of it is one transaction, so readers never see a table without
//! its indexes, and a failure leaves everything as it was.

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

/// Below this many rows, maintaining the indexes row by row is as fast as rebuilding them.
const REBUILD_FROM: usize = 5_000;

/// The schema objects a large load sets aside: the non-unique indexes of `customers` (unique
/// ones stay, they enforce the rules during the load) and its insert triggers.
struct SetAside {
    indexes: Vec<(String, String)>,
    triggers: Vec<(String, String)>,
    first_new_seq: i64,
}

async fn set_aside(conn: &mut SqliteConnection) -> Result<SetAside> {
    let indexes: Vec<(String, String)> = sqlx::query_as(
        "SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'customers' \
         AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%'",
    )
    .fetch_all(&mut *conn)
    .await?;
    let triggers: Vec<(String, String)> = sqlx::query_as(
        "SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = 'customers' \
         AND sql LIKE '%AFTER INSERT ON customers%'",
    )
    .fetch_all(&mut *conn)
    .await?;
    for (name, _) in &indexes {
        sqlx::query(&format!("DROP INDEX \"{name}\"")).execute(&mut *conn).await?;
    }
    for (name, _) in &triggers {
        sqlx::query(&format!("DROP TRIGGER \"{name}\"")).execute(&mut *conn).await?;
    }
    let first_new_seq: i64 = sqlx::query_scalar("SELECT coalesce(max(seq), 0) + 1 FROM customers")
        .fetch_one(&mut *conn)
        .await?;
    Ok(SetAside { indexes, triggers, first_new_seq })
}

/// Puts back what `set_aside` took, and does in bulk what the insert triggers would have done
/// row by row (see `migrations/0002_search_and_counts.sql`).
async fn restore(conn: &mut SqliteConnection, aside: SetAside) -> Result<()> {
    for (_, sql) in &aside.indexes {
        sqlx::query(sql).execute(&mut *conn).await?;
    }
    sqlx::query(
        "INSERT INTO customer_search (rowid, name, email, phone) \
         SELECT seq, name, email, substr(phone, 2) FROM customers WHERE seq >= ?",
    )
    .bind(aside.first_new_seq)
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "UPDATE customer_counts SET \
           customers = customer_counts.customers + added.customers, \
           balance_cents = customer_counts.balance_cents + added.balance_cents, \
           owing = customer_counts.owing + added.owing, \
           usage_sum = customer_counts.usage_sum + added.usage_sum \
         FROM (SELECT status, count(*) AS customers, sum(balance_cents) AS balance_cents, \
                      sum(balance_cents > 0) AS owing, sum(usage_percentage) AS usage_sum \
               FROM customers WHERE seq >= ? GROUP BY status) AS added \
         WHERE customer_counts.status = added.status",
    )
    .bind(aside.first_new_seq)
    .execute(&mut *conn)
    .await?;
    for (_, sql) in &aside.triggers {
        sqlx::query(sql).execute(&mut *conn).await?;
    }
    Ok(())
}

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
    let existing = crate::list::count(conn, None).await?;
    let aside = if customers.len() >= REBUILD_FROM && customers.len() as u64 >= existing {
        Some(set_aside(conn).await?)
    } else {
        None
    };
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
    if let Some(aside) = aside {
        restore(conn, aside).await?;
    }
    Ok(customers)
}
