//! A customer's invoices, payments and tickets as central lists them, applied here:
//! upserted by central id, and central-linked ones it no longer lists removed. Records made
//! on this desk (no central id) are left alone.

use crate::codec::micros;
use crate::customers;
use crate::{Error, Result, Store};
use chrono::{DateTime, Utc};
use infora_domain::{
    CustomerId, InvoiceId, NewInvoice, NewPayment, NewTicket, PaymentId, TicketId,
};
use serde::Serialize;
use sqlx::SqliteConnection;
use ts_rs::TS;
use uuid::Uuid;

/// One record as pulled: central's id, the values, and when central made it.
#[derive(Debug, Clone, PartialEq)]
pub struct PulledRecord<T> {
    pub central_id: i64,
    pub record: T,
    pub created_at: DateTime<Utc>,
}

/// A pulled payment names its invoice by central's id.
pub type PulledPayment = (PulledRecord<NewPayment>, Option<i64>);

/// What applying a customer's related lists did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct RelatedApplied {
    pub written: u64,
    pub removed: u64,
    /// Records that clash with one made here (the same invoice or ticket number): kept out.
    pub skipped: u64,
}

fn is_unique_violation(error: &sqlx::Error) -> bool {
    matches!(error, sqlx::Error::Database(db) if db.is_unique_violation())
}

async fn local_id(
    conn: &mut SqliteConnection,
    table: &str,
    central_id: i64,
) -> Result<Option<Uuid>> {
    Ok(
        sqlx::query_scalar(&format!("SELECT id FROM {table} WHERE central_id = ?"))
            .bind(central_id)
            .fetch_optional(conn)
            .await?,
    )
}

/// Removes this customer's central-linked rows of `table` that central no longer lists.
async fn remove_unlisted(
    conn: &mut SqliteConnection,
    table: &str,
    customer: CustomerId,
    listed: &[i64],
) -> Result<u64> {
    let listed = serde_json::to_string(listed).map_err(|e| Error::Internal(e.to_string()))?;
    let done = sqlx::query(&format!(
        "DELETE FROM {table} WHERE customer_id = ? AND central_id IS NOT NULL \
         AND central_id NOT IN (SELECT value FROM json_each(?))"
    ))
    .bind(customer.as_uuid())
    .bind(listed)
    .execute(conn)
    .await?;
    Ok(done.rows_affected())
}

/// Applies one customer's lists (each complete, as central gave it) in the caller's
/// transaction.
pub async fn apply(
    conn: &mut SqliteConnection,
    customer: CustomerId,
    invoices: &[PulledRecord<NewInvoice>],
    payments: &[PulledPayment],
    tickets: &[PulledRecord<NewTicket>],
) -> Result<RelatedApplied> {
    customers::get(conn, customer).await?;
    let mut applied = RelatedApplied::default();
    // Payments first: they may point at invoices about to go.
    let listed: Vec<i64> = payments.iter().map(|(p, _)| p.central_id).collect();
    applied.removed += remove_unlisted(conn, "payments", customer, &listed).await?;
    let listed: Vec<i64> = tickets.iter().map(|t| t.central_id).collect();
    applied.removed += remove_unlisted(conn, "tickets", customer, &listed).await?;
    let listed: Vec<i64> = invoices.iter().map(|i| i.central_id).collect();
    applied.removed += remove_unlisted(conn, "invoices", customer, &listed).await?;

    for p in invoices {
        let i = &p.record;
        let id = local_id(conn, "invoices", p.central_id)
            .await?
            .unwrap_or_else(|| *InvoiceId::new().as_uuid());
        let written = sqlx::query(
            "INSERT INTO invoices (id, customer_id, central_id, number, amount_cents, status, due_date, paid_date, notes, created_at) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) \
             ON CONFLICT (id) DO UPDATE SET number = excluded.number, amount_cents = excluded.amount_cents, \
               status = excluded.status, due_date = excluded.due_date, paid_date = excluded.paid_date, notes = excluded.notes",
        )
        .bind(id)
        .bind(customer.as_uuid())
        .bind(p.central_id)
        .bind(&i.number)
        .bind(i.amount.cents())
        .bind(i.status.as_str())
        .bind(micros(i.due_date))
        .bind(i.paid_date.map(micros))
        .bind(&i.notes)
        .bind(micros(p.created_at))
        .execute(&mut *conn)
        .await;
        count(written, &mut applied)?;
    }
    for (p, invoice) in payments {
        let pay = &p.record;
        let invoice_id = match invoice {
            Some(remote) => local_id(conn, "invoices", *remote).await?,
            None => None,
        };
        let id = local_id(conn, "payments", p.central_id)
            .await?
            .unwrap_or_else(|| *PaymentId::new().as_uuid());
        let written = sqlx::query(
            "INSERT INTO payments (id, customer_id, invoice_id, central_id, amount_cents, method, status, transaction_id, payment_date, created_at) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) \
             ON CONFLICT (id) DO UPDATE SET invoice_id = excluded.invoice_id, amount_cents = excluded.amount_cents, \
               method = excluded.method, status = excluded.status, transaction_id = excluded.transaction_id, \
               payment_date = excluded.payment_date",
        )
        .bind(id)
        .bind(customer.as_uuid())
        .bind(invoice_id)
        .bind(p.central_id)
        .bind(pay.amount.cents())
        .bind(&pay.method)
        .bind(pay.status.as_str())
        .bind(&pay.transaction_id)
        .bind(micros(pay.payment_date))
        .bind(micros(p.created_at))
        .execute(&mut *conn)
        .await;
        count(written, &mut applied)?;
    }
    for p in tickets {
        let t = &p.record;
        let id = local_id(conn, "tickets", p.central_id)
            .await?
            .unwrap_or_else(|| *TicketId::new().as_uuid());
        let written = sqlx::query(
            "INSERT INTO tickets (id, customer_id, central_id, number, subject, description, status, priority, category, resolved_at, resolved_by, resolution_note, created_at) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) \
             ON CONFLICT (id) DO UPDATE SET number = excluded.number, subject = excluded.subject, \
               description = excluded.description, status = excluded.status, priority = excluded.priority, \
               category = excluded.category, resolved_at = excluded.resolved_at, \
               resolved_by = excluded.resolved_by, resolution_note = excluded.resolution_note",
        )
        .bind(id)
        .bind(customer.as_uuid())
        .bind(p.central_id)
        .bind(&t.number)
        .bind(&t.subject)
        .bind(&t.description)
        .bind(t.status.as_str())
        .bind(t.priority.as_str())
        .bind(&t.category)
        .bind(t.resolved_at.map(micros))
        .bind(&t.resolved_by)
        .bind(&t.resolution_note)
        .bind(micros(p.created_at))
        .execute(&mut *conn)
        .await;
        count(written, &mut applied)?;
    }
    Ok(applied)
}

fn count(
    written: std::result::Result<sqlx::sqlite::SqliteQueryResult, sqlx::Error>,
    applied: &mut RelatedApplied,
) -> Result<()> {
    match written {
        Ok(_) => applied.written += 1,
        Err(e) if is_unique_violation(&e) => {
            tracing::warn!(error = %e, "a pulled record clashes with one made here; kept out");
            applied.skipped += 1;
        }
        Err(e) => return Err(e.into()),
    }
    Ok(())
}

impl Store {
    /// A customer's invoices, payments and tickets as central lists them (see
    /// [`apply`]), in one transaction.
    pub async fn apply_pulled_related(
        &self,
        customer: CustomerId,
        invoices: &[PulledRecord<NewInvoice>],
        payments: &[PulledPayment],
        tickets: &[PulledRecord<NewTicket>],
    ) -> Result<RelatedApplied> {
        let mut tx = self.begin().await?;
        let applied = apply(&mut tx, customer, invoices, payments, tickets).await?;
        tx.commit().await?;
        Ok(applied)
    }
}
