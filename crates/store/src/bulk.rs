//! Loading many customers at once (an import, the demo data) as fast as SQLite allows: many
//! rows per statement, one transaction, the same audit trail as single writes.
//!
//! A large load sets the insert triggers aside and does their work once at the end: the search
//! index filled by one statement (row by row, the trigram index flushed its pending terms at
//! every statement and spent its time merging the small segments that made), the counters and
//! the analytics' tallies summed in memory. A large load into a small table also sets the sort
//! indexes aside and builds them in one sorted pass: several times faster than maintaining 19
//! indexes row by row. All of it is one transaction, so readers never see a table without its
//! indexes or a search index without its rows, and a failure leaves everything as it was.

use crate::audit::Actor;
use crate::codec::{in_list, micros};
use crate::customers::{bind_customer, build, insert_sql};
use crate::{Clash, Result};
use chrono::{DateTime, Utc};
use infora_domain::{Customer, CustomerId, CustomerStatus, NewCustomer};
use sqlx::{QueryBuilder, Sqlite, SqliteConnection};
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

/// How far an import has come.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
#[ts(export)]
pub struct ImportProgress {
    pub done: usize,
    pub total: usize,
}

/// Rows per INSERT: 16 columns × 500 rows stays under SQLite's 32,766 parameters.
const BATCH: usize = 500;

/// Below this many rows, the triggers' and the indexes' row-by-row work is as fast as doing it
/// at the end.
const LARGE: usize = 5_000;

/// The schema objects a large load sets aside: its insert triggers, and, into a table smaller
/// than the load, the indexes of `customers` that were created by name (the unique email index
/// among them: it is rebuilt, and re-checked, at the end).
struct SetAside {
    indexes: Vec<(String, String)>,
    /// Each trigger's SQL, to create it again.
    triggers: Vec<String>,
}

async fn set_aside(conn: &mut SqliteConnection, indexes_too: bool) -> Result<SetAside> {
    let indexes: Vec<(String, String)> = if indexes_too {
        sqlx::query_as(
            "SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'customers' \
             AND sql IS NOT NULL",
        )
        .fetch_all(&mut *conn)
        .await?
    } else {
        Vec::new()
    };
    for (name, _) in &indexes {
        sqlx::query(&format!("DROP INDEX \"{name}\""))
            .execute(&mut *conn)
            .await?;
    }
    let triggers = drop_triggers(conn, "sql LIKE '%AFTER INSERT ON customers%'").await?;
    Ok(SetAside { indexes, triggers })
}

/// Drops the triggers on `customers` that `which` (a condition on `sqlite_schema`) selects,
/// and gives back each one's SQL, to create it again.
async fn drop_triggers(conn: &mut SqliteConnection, which: &str) -> Result<Vec<String>> {
    let triggers: Vec<(String, String)> = sqlx::query_as(&format!(
        "SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = 'customers' \
         AND {which}"
    ))
    .fetch_all(&mut *conn)
    .await?;
    for (name, _) in &triggers {
        sqlx::query(&format!("DROP TRIGGER \"{name}\""))
            .execute(&mut *conn)
            .await?;
    }
    Ok(triggers.into_iter().map(|(_, sql)| sql).collect())
}

/// Creates again the triggers `drop_triggers` gave back.
async fn create_triggers(conn: &mut SqliteConnection, triggers: &[String]) -> Result<()> {
    for sql in triggers {
        sqlx::query(sql).execute(&mut *conn).await?;
    }
    Ok(())
}

/// Writes the search index's rows, as the triggers of `migrations/0002_search_and_counts.sql`
/// do, for the customers the condition pushed after this (`seq >= …`, `seq IN (…)`) selects.
fn index_for_search<'q>() -> QueryBuilder<'q, Sqlite> {
    QueryBuilder::new(
        "INSERT INTO customer_search (rowid, name, email, phone) \
         SELECT seq, name, email, substr(phone, 2) FROM customers WHERE ",
    )
}

/// What the insert triggers add to the per-status counters, summed over the load.
#[derive(Default)]
struct Totals {
    customers: i64,
    balance_cents: i64,
    owing: i64,
    usage_sum: i64,
}

/// Puts back what `set_aside` took, and does in bulk what the insert triggers would have done
/// row by row (see `migrations/0002_search_and_counts.sql` and `0017_analytics.sql`).
async fn restore(
    conn: &mut SqliteConnection,
    aside: SetAside,
    first_new_seq: i64,
    loaded: &[Customer],
) -> Result<()> {
    for (_, sql) in &aside.indexes {
        sqlx::query(sql).execute(&mut *conn).await?;
    }
    let mut search = index_for_search();
    search.push("seq >= ").push_bind(first_new_seq);
    search.build().execute(&mut *conn).await?;
    let mut totals: HashMap<CustomerStatus, Totals> = HashMap::new();
    for c in loaded {
        let t = totals.entry(c.status).or_default();
        t.customers += 1;
        t.balance_cents += c.balance.cents();
        t.owing += i64::from(c.balance.is_positive());
        t.usage_sum += i64::from(c.usage_percentage.get());
    }
    for (status, t) in totals {
        sqlx::query(
            "UPDATE customer_counts SET customers = customers + ?, balance_cents = balance_cents + ?, \
             owing = owing + ?, usage_sum = usage_sum + ? WHERE status = ?",
        )
        .bind(t.customers)
        .bind(t.balance_cents)
        .bind(t.owing)
        .bind(t.usage_sum)
        .bind(status.as_str())
        .execute(&mut *conn)
        .await?;
    }
    crate::analytics::add_loaded(conn, loaded).await?;
    create_triggers(conn, &aside.triggers).await
}

/// The search index's update trigger, set aside while an import updates many customers. Row by
/// row, every update flushed the trigram index's pending terms to a segment of its own and
/// merged the tiny segments that made: 2.5 ms an update at a million customers, so a shop
/// importing its whole list again waited minutes. The customers whose name, email or phone
/// changed are indexed again together at the end, in the same transaction.
pub(crate) struct SearchUpdatesAside {
    triggers: Vec<String>,
    changed: Vec<CustomerId>,
}

impl SearchUpdatesAside {
    /// The fields the search index holds: the trigger's `AFTER UPDATE OF name, email, phone`.
    const SEARCHED: [&'static str; 3] = ["name", "email", "phone"];

    pub(crate) async fn take(conn: &mut SqliteConnection) -> Result<Self> {
        let triggers = drop_triggers(conn, "name = 'customer_search_update'").await?;
        Ok(Self {
            triggers,
            changed: Vec::new(),
        })
    }

    /// Notes a customer an update changed these fields of (`tracked::diff`'s names).
    pub(crate) fn updated<'a>(
        &mut self,
        id: CustomerId,
        fields: impl IntoIterator<Item = &'a str>,
    ) {
        if fields.into_iter().any(|f| Self::SEARCHED.contains(&f)) {
            self.changed.push(id);
        }
    }

    /// Indexes the customers noted as the trigger would have, and puts the trigger back.
    pub(crate) async fn restore(self, conn: &mut SqliteConnection) -> Result<()> {
        for chunk in self.changed.chunks(BATCH) {
            let mut seqs = QueryBuilder::<Sqlite>::new("SELECT seq FROM customers WHERE id IN ");
            in_list(&mut seqs, chunk.iter().map(|id| id.as_uuid()));
            let seqs: Vec<i64> = seqs.build_query_scalar().fetch_all(&mut *conn).await?;
            let mut delete =
                QueryBuilder::<Sqlite>::new("DELETE FROM customer_search WHERE rowid IN ");
            in_list(&mut delete, seqs.iter().copied());
            delete.build().execute(&mut *conn).await?;
            let mut insert = index_for_search();
            insert.push("seq IN ");
            in_list(&mut insert, seqs.iter().copied());
            insert.build().execute(&mut *conn).await?;
        }
        create_triggers(conn, &self.triggers).await
    }
}

/// Refuses an import that repeats an email, within itself or against the store, naming it.
async fn check_emails(conn: &mut SqliteConnection, new: &[NewCustomer]) -> Result<()> {
    let mut seen = HashSet::with_capacity(new.len());
    if let Some(dup) = new.iter().find(|c| !seen.insert(c.email.as_str())) {
        return Err(Clash::EmailTaken {
            email: dup.email.to_string(),
            taken_by: None,
        }
        .into());
    }
    if crate::list::count(conn, None).await? == 0 {
        return Ok(());
    }
    for chunk in new.chunks(BATCH) {
        let mut query =
            QueryBuilder::<Sqlite>::new("SELECT email, id FROM customers WHERE email IN ");
        in_list(&mut query, chunk.iter().map(|c| c.email.as_str()));
        query.push(" LIMIT 1");
        let taken: Option<(String, Uuid)> =
            query.build_query_as().fetch_optional(&mut *conn).await?;
        if let Some((email, id)) = taken {
            return Err(Clash::EmailTaken {
                email,
                taken_by: Some(CustomerId::from_uuid(id)),
            }
            .into());
        }
    }
    Ok(())
}

pub(crate) async fn import(
    conn: &mut SqliteConnection,
    now: DateTime<Utc>,
    actor: &Actor,
    new: &[NewCustomer],
    progress: impl FnMut(ImportProgress),
) -> Result<Vec<Customer>> {
    check_emails(conn, new).await?;
    let customers: Vec<Customer> = new
        .iter()
        .map(|n| build(CustomerId::new(), now, n))
        .collect();
    insert_many(conn, now, actor, &customers, progress).await?;
    Ok(customers)
}

/// Inserts customers already built and checked (ids, emails), with a "created" audit entry
/// each, choosing the set-aside path for a large load into a small table.
pub(crate) async fn insert_many(
    conn: &mut SqliteConnection,
    now: DateTime<Utc>,
    actor: &Actor,
    customers: &[Customer],
    mut progress: impl FnMut(ImportProgress),
) -> Result<()> {
    insert_many_until(conn, now, actor, customers, |p| {
        progress(p);
        true
    })
    .await
    .map(|_| ())
}

/// `insert_many`, asking `progress` after each batch whether to go on. Returns `false` when
/// told to stop: the rows written so far are in the caller's transaction, which must then be
/// rolled back (a load stopped half-way has indexes set aside).
pub(crate) async fn insert_many_until(
    conn: &mut SqliteConnection,
    now: DateTime<Utc>,
    actor: &Actor,
    customers: &[Customer],
    mut progress: impl FnMut(ImportProgress) -> bool,
) -> Result<bool> {
    if customers.is_empty() {
        return Ok(true);
    }
    let existing = crate::list::count(conn, None).await?;
    // `seq` is a plain INTEGER PRIMARY KEY: new rows get max + 1, max + 2, …
    let first_new_seq: i64 = sqlx::query_scalar("SELECT coalesce(max(seq), 0) + 1 FROM customers")
        .fetch_one(&mut *conn)
        .await?;
    let aside = if customers.len() >= LARGE {
        Some(set_aside(conn, customers.len() as u64 >= existing).await?)
    } else {
        None
    };
    for (done, chunk) in customers.chunks(BATCH).enumerate() {
        let sql = insert_sql(chunk.len());
        let insert = chunk
            .iter()
            .fold(sqlx::query(&sql), |query, c| bind_customer(query, c));
        insert.execute(&mut *conn).await?;
        let go_on = progress(ImportProgress {
            done: (done * BATCH + chunk.len()).min(customers.len()),
            total: customers.len(),
        });
        if !go_on {
            return Ok(false);
        }
    }
    // One "created" entry per customer; a creation stores no values (they are derived when the
    // history is read), so this is one statement however large the load.
    sqlx::query(
        "INSERT INTO customer_changes (customer_id, at, actor, action, changes) \
         SELECT id, ?, ?, 'created', '{}' FROM customers WHERE seq >= ? ORDER BY seq",
    )
    .bind(micros(now))
    .bind(actor.as_str())
    .bind(first_new_seq)
    .execute(&mut *conn)
    .await?;
    if let Some(aside) = aside {
        restore(conn, aside, first_new_seq, customers).await?;
    }
    Ok(true)
}
