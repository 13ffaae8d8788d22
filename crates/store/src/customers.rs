//! Writing and reading one customer. Every function takes a connection, so callers compose them
//! into one transaction; `Store` wraps each in its own.

use crate::audit::{self, Action, Actor};
use crate::codec::{self, micros, CUSTOMER_COLUMNS};
use crate::statement::{self, Movement};
use crate::tracked::{self, FieldChange};
use crate::{Clash, Error, Result};
use chrono::{DateTime, Timelike, Utc};
use infora_domain::{Customer, CustomerId, CustomerPatch, NewCustomer};
use sqlx::query::Query;
use sqlx::sqlite::{Sqlite, SqliteArguments};
use sqlx::SqliteConnection;

/// Turns the database's unique-email violation into the domain's clash, naming the customer
/// who has the email so the window can offer to open them. Looked up only after a refusal: the
/// write that succeeds pays nothing for it.
async fn email_conflict(conn: &mut SqliteConnection, error: sqlx::Error, email: &str) -> Error {
    match &error {
        sqlx::Error::Database(db)
            if db.is_unique_violation() && db.message().contains("customers.email") =>
        {
            let taken_by = match id_by_email(conn, email).await {
                Ok(id) => id,
                Err(error) => return error,
            };
            Clash::EmailTaken {
                email: email.to_owned(),
                taken_by,
            }
            .into()
        }
        _ => error.into(),
    }
}

/// The customer with this (normalised) email, if any.
pub(crate) async fn id_by_email(
    conn: &mut SqliteConnection,
    email: &str,
) -> Result<Option<CustomerId>> {
    let id: Option<uuid::Uuid> = sqlx::query_scalar("SELECT id FROM customers WHERE email = ?")
        .bind(email)
        .fetch_optional(conn)
        .await?;
    Ok(id.map(CustomerId::from_uuid))
}

pub async fn get(conn: &mut SqliteConnection, id: CustomerId) -> Result<Customer> {
    find(conn, id)
        .await?
        .ok_or_else(|| Error::customer_not_found(id))
}

pub async fn find(conn: &mut SqliteConnection, id: CustomerId) -> Result<Option<Customer>> {
    let sql = format!("SELECT {CUSTOMER_COLUMNS} FROM customers WHERE id = ?");
    let row = sqlx::query(&sql)
        .bind(id.as_uuid())
        .fetch_optional(conn)
        .await?;
    row.as_ref().map(codec::customer).transpose()
}

/// The customer a new record becomes, before it is written.
pub(crate) fn build(id: CustomerId, now: DateTime<Utc>, new: &NewCustomer) -> Customer {
    Customer {
        id,
        central_id: None,
        name: new.name.clone(),
        email: new.email.clone(),
        phone: new.phone.clone(),
        address: new.address.clone(),
        status: new.status,
        // Whole seconds: the central system keeps no finer, and a join date needs none.
        join_date: new
            .join_date
            .unwrap_or_else(|| now.with_nanosecond(0).unwrap_or(now)),
        balance: new.balance,
        package: new.package.clone(),
        usage_percentage: new.usage_percentage,
        device_count: new.device_count,
        last_payment_date: new.last_payment_date,
        created_at: now,
        updated_at: now,
        version: 1,
    }
}

/// `INSERT INTO customers` with placeholders for `rows` customers, bound by `bind_customer`.
pub(crate) fn insert_sql(rows: usize) -> String {
    let one = format!("({})", ["?"; 16].join(", "));
    format!(
        "INSERT INTO customers ({CUSTOMER_COLUMNS}) VALUES {}",
        vec![one; rows].join(", ")
    )
}

/// Binds a customer's columns in `CUSTOMER_COLUMNS` order.
pub(crate) fn bind_customer<'q>(
    query: Query<'q, Sqlite, SqliteArguments<'q>>,
    c: &'q Customer,
) -> Query<'q, Sqlite, SqliteArguments<'q>> {
    query
        .bind(c.id.as_uuid())
        .bind(c.central_id)
        .bind(c.version)
        .bind(c.name.as_str())
        .bind(c.email.as_str())
        .bind(c.phone.as_str())
        .bind(c.address.as_ref().map(|a| a.as_str()))
        .bind(c.status.as_str())
        .bind(micros(c.join_date))
        .bind(c.balance.cents())
        .bind(c.package.as_str())
        .bind(i64::from(c.usage_percentage.get()))
        .bind(i64::from(c.device_count.get()))
        .bind(c.last_payment_date.map(micros))
        .bind(micros(c.created_at))
        .bind(micros(c.updated_at))
}

pub async fn create(
    conn: &mut SqliteConnection,
    now: DateTime<Utc>,
    actor: &Actor,
    new: &NewCustomer,
) -> Result<Customer> {
    let customer = build(CustomerId::new(), now, new);
    let sql = insert_sql(1);
    if let Err(error) = bind_customer(sqlx::query(&sql), &customer)
        .execute(&mut *conn)
        .await
    {
        return Err(email_conflict(conn, error, customer.email.as_str()).await);
    }
    let changes = audit::changes_json(Action::Created, None, Some(&customer))?;
    audit::record(conn, customer.id, now, actor, Action::Created, changes).await?;
    Ok(customer)
}

/// The column and value of one tracked field, for an UPDATE that sets only what changed (so the
/// search-index and totals triggers fire only when their columns really change).
fn set_clause<'q>(
    query: Query<'q, Sqlite, SqliteArguments<'q>>,
    field: &str,
    c: &'q Customer,
) -> Query<'q, Sqlite, SqliteArguments<'q>> {
    match field {
        "name" => query.bind(c.name.as_str()),
        "email" => query.bind(c.email.as_str()),
        "phone" => query.bind(c.phone.as_str()),
        "address" => query.bind(c.address.as_ref().map(|a| a.as_str())),
        "status" => query.bind(c.status.as_str()),
        "join_date" => query.bind(micros(c.join_date)),
        "balance" => query.bind(c.balance.cents()),
        "package" => query.bind(c.package.as_str()),
        "usage_percentage" => query.bind(i64::from(c.usage_percentage.get())),
        "device_count" => query.bind(i64::from(c.device_count.get())),
        "last_payment_date" => query.bind(c.last_payment_date.map(micros)),
        _ => query,
    }
}

fn column(field: &str) -> &str {
    match field {
        "balance" => "balance_cents",
        other => other,
    }
}

/// Applies a patch. A patch that changes nothing writes nothing (no version bump, no history).
pub async fn update(
    conn: &mut SqliteConnection,
    now: DateTime<Utc>,
    actor: &Actor,
    id: CustomerId,
    patch: &CustomerPatch,
) -> Result<Customer> {
    Ok(update_tracked(conn, now, actor, id, patch).await?.0)
}

/// `update`, also returning each field it changed (before → after), for the outbox.
pub(crate) async fn update_tracked(
    conn: &mut SqliteConnection,
    now: DateTime<Utc>,
    actor: &Actor,
    id: CustomerId,
    patch: &CustomerPatch,
) -> Result<(Customer, Vec<(String, FieldChange)>)> {
    update_moving(conn, now, actor, id, patch, Movement::Set).await
}

/// `update_tracked`, saying why the balance moves, if it does: every write of a balance comes
/// through here, so the statement (`balance_movements`) always adds up to the balance.
pub(crate) async fn update_moving(
    conn: &mut SqliteConnection,
    now: DateTime<Utc>,
    actor: &Actor,
    id: CustomerId,
    patch: &CustomerPatch,
    movement: Movement,
) -> Result<(Customer, Vec<(String, FieldChange)>)> {
    let before = get(conn, id).await?;
    let mut after = patch.apply_to(&before);
    let changed = tracked::diff(&before, &after)?;
    if changed.is_empty() {
        return Ok((before, changed));
    }
    after.version = before.version + 1;
    after.updated_at = now;
    let sets: Vec<String> = changed
        .iter()
        .map(|(f, _)| format!("{} = ?", column(f)))
        .collect();
    let sql = format!(
        "UPDATE customers SET {}, version = ?, updated_at = ? WHERE id = ?",
        sets.join(", ")
    );
    let mut query = sqlx::query(&sql);
    for (field, _) in &changed {
        query = set_clause(query, field, &after);
    }
    if let Err(error) = query
        .bind(after.version)
        .bind(micros(now))
        .bind(id.as_uuid())
        .execute(&mut *conn)
        .await
    {
        return Err(email_conflict(conn, error, after.email.as_str()).await);
    }
    if before.balance != after.balance {
        let change = after.balance.cents() - before.balance.cents();
        statement::record(conn, id, now, actor, movement, change, after.balance).await?;
    }
    let changes = audit::changes_json(Action::Updated, Some(&before), Some(&after))?;
    audit::record(conn, id, now, actor, Action::Updated, changes).await?;
    Ok((after, changed))
}

/// How many invoices, payments and tickets a customer has.
pub(crate) async fn record_counts(
    conn: &mut SqliteConnection,
    id: CustomerId,
) -> Result<(u64, u64, u64)> {
    let (invoices, payments, tickets): (i64, i64, i64) = sqlx::query_as(
        "SELECT (SELECT count(*) FROM invoices WHERE customer_id = ?1), \
                (SELECT count(*) FROM payments WHERE customer_id = ?1), \
                (SELECT count(*) FROM tickets WHERE customer_id = ?1)",
    )
    .bind(id.as_uuid())
    .fetch_one(conn)
    .await?;
    Ok((invoices as u64, payments as u64, tickets as u64))
}

/// Deletes a customer who has no invoices, payments or tickets; refuses (conflict, with the
/// counts) otherwise. Returns the customer as it was.
pub async fn delete(
    conn: &mut SqliteConnection,
    now: DateTime<Utc>,
    actor: &Actor,
    id: CustomerId,
) -> Result<Customer> {
    let before = get(conn, id).await?;
    let (invoices, payments, tickets) = record_counts(conn, id).await?;
    if invoices + payments + tickets > 0 {
        return Err(Clash::HasRecords {
            invoices,
            payments,
            tickets,
        }
        .into());
    }
    sqlx::query("DELETE FROM customers WHERE id = ?")
        .bind(id.as_uuid())
        .execute(&mut *conn)
        .await?;
    let changes = audit::changes_json(Action::Deleted, Some(&before), None)?;
    audit::record(conn, id, now, actor, Action::Deleted, changes).await?;
    Ok(before)
}

/// Deletes a customer with its invoices, payments and tickets, because central deleted it
/// (the refusal above is the desk's rule for its own users, not for what central did).
pub(crate) async fn purge(
    conn: &mut SqliteConnection,
    now: DateTime<Utc>,
    actor: &Actor,
    customer: &Customer,
) -> Result<()> {
    crate::related::delete_all_of(conn, customer.id).await?;
    sqlx::query("DELETE FROM customers WHERE id = ?")
        .bind(customer.id.as_uuid())
        .execute(&mut *conn)
        .await?;
    let changes = audit::changes_json(Action::Deleted, Some(customer), None)?;
    audit::record(conn, customer.id, now, actor, Action::Deleted, changes).await
}

/// Links a customer to central's record of it (or unlinks it: central deleted it and it is to
/// be created there again).
pub(crate) async fn set_central_id(
    conn: &mut SqliteConnection,
    id: CustomerId,
    central_id: Option<i64>,
) -> Result<()> {
    sqlx::query("UPDATE customers SET central_id = ? WHERE id = ?")
        .bind(central_id)
        .bind(id.as_uuid())
        .execute(conn)
        .await?;
    Ok(())
}
