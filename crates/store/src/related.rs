//! A customer's invoices, payments and tickets: recording them and listing them page by page.

use crate::codec::{instant, micros, optional_instant};
use crate::{customers, Error, Result};
use chrono::{DateTime, Utc};
use infora_domain::{
    CustomerId, Invoice, InvoiceId, InvoiceStatus, Money, NewInvoice, NewPayment, NewTicket, Page,
    Payment, PaymentId, PaymentStatus, RelatedQuery, Ticket, TicketId, TicketPriority,
    TicketStatus,
};
use sqlx::sqlite::SqliteRow;
use sqlx::{Row, SqliteConnection};
use uuid::Uuid;

fn stored<T>(what: &str, parsed: std::result::Result<T, infora_domain::FieldError>) -> Result<T> {
    parsed.map_err(|e| Error::Internal(format!("stored {what} is invalid: {e}")))
}

/// One page of `table`'s rows for a customer, newest first, optionally of one status.
/// A customer that does not exist is not-found, not an empty list.
async fn page_of<T>(
    conn: &mut SqliteConnection,
    table: &str,
    columns: &str,
    customer: CustomerId,
    status: Option<&str>,
    query_page: infora_domain::PageRequest,
    read: fn(&SqliteRow) -> Result<T>,
) -> Result<Page<T>> {
    customers::get(conn, customer).await?;
    // A customer has tens of these, not thousands: one index on (customer, created_at) serves
    // every filter, so the status test is a plain condition.
    let filter = "AND (?2 IS NULL OR status = ?2)";
    let total: i64 = sqlx::query_scalar(&format!(
        "SELECT count(*) FROM {table} WHERE customer_id = ?1 {filter}"
    ))
    .bind(customer.as_uuid())
    .bind(status)
    .fetch_one(&mut *conn)
    .await?;
    let sql = format!(
        "SELECT {columns} FROM {table} WHERE customer_id = ?1 {filter} \
         ORDER BY created_at DESC, rowid DESC LIMIT ?3 OFFSET ?4"
    );
    let rows = sqlx::query(&sql)
        .bind(customer.as_uuid())
        .bind(status)
        .bind(i64::from(query_page.per_page()))
        .bind(query_page.offset() as i64)
        .fetch_all(&mut *conn)
        .await?;
    let items = rows.iter().map(read).collect::<Result<_>>()?;
    Ok(Page::new(items, total as u64, query_page))
}

const INVOICE_COLUMNS: &str =
    "id, customer_id, number, amount_cents, status, due_date, paid_date, notes, created_at";

fn invoice(row: &SqliteRow) -> Result<Invoice> {
    Ok(Invoice {
        id: InvoiceId::from_uuid(row.try_get::<Uuid, _>("id")?),
        customer_id: CustomerId::from_uuid(row.try_get::<Uuid, _>("customer_id")?),
        number: row.try_get("number")?,
        amount: stored("amount", Money::from_cents(row.try_get("amount_cents")?))?,
        status: stored("status", InvoiceStatus::parse(row.try_get("status")?))?,
        due_date: instant(row.try_get("due_date")?)?,
        paid_date: optional_instant(row.try_get("paid_date")?)?,
        notes: row.try_get("notes")?,
        created_at: instant(row.try_get("created_at")?)?,
    })
}

pub async fn invoices(
    conn: &mut SqliteConnection,
    customer: CustomerId,
    query: &RelatedQuery<InvoiceStatus>,
) -> Result<Page<Invoice>> {
    let status = query.status.map(|s| s.as_str());
    page_of(
        conn,
        "invoices",
        INVOICE_COLUMNS,
        customer,
        status,
        query.page,
        invoice,
    )
    .await
}

pub async fn record_invoice(
    conn: &mut SqliteConnection,
    now: DateTime<Utc>,
    customer: CustomerId,
    new: &NewInvoice,
) -> Result<Invoice> {
    customers::get(conn, customer).await?;
    let id = InvoiceId::new();
    sqlx::query(&format!(
        "INSERT INTO invoices ({INVOICE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
    ))
    .bind(id.as_uuid())
    .bind(customer.as_uuid())
    .bind(&new.number)
    .bind(new.amount.cents())
    .bind(new.status.as_str())
    .bind(micros(new.due_date))
    .bind(new.paid_date.map(micros))
    .bind(&new.notes)
    .bind(micros(now))
    .execute(conn)
    .await?;
    Ok(Invoice {
        id,
        customer_id: customer,
        number: new.number.clone(),
        amount: new.amount,
        status: new.status,
        due_date: new.due_date,
        paid_date: new.paid_date,
        notes: new.notes.clone(),
        created_at: now,
    })
}

const PAYMENT_COLUMNS: &str =
    "id, customer_id, invoice_id, amount_cents, method, status, transaction_id, payment_date, created_at";

fn payment(row: &SqliteRow) -> Result<Payment> {
    Ok(Payment {
        id: PaymentId::from_uuid(row.try_get::<Uuid, _>("id")?),
        customer_id: CustomerId::from_uuid(row.try_get::<Uuid, _>("customer_id")?),
        invoice_id: row
            .try_get::<Option<Uuid>, _>("invoice_id")?
            .map(InvoiceId::from_uuid),
        amount: stored("amount", Money::from_cents(row.try_get("amount_cents")?))?,
        method: row.try_get("method")?,
        status: stored("status", PaymentStatus::parse(row.try_get("status")?))?,
        transaction_id: row.try_get("transaction_id")?,
        payment_date: instant(row.try_get("payment_date")?)?,
        created_at: instant(row.try_get("created_at")?)?,
    })
}

pub async fn payments(
    conn: &mut SqliteConnection,
    customer: CustomerId,
    query: &RelatedQuery<PaymentStatus>,
) -> Result<Page<Payment>> {
    let status = query.status.map(|s| s.as_str());
    page_of(
        conn,
        "payments",
        PAYMENT_COLUMNS,
        customer,
        status,
        query.page,
        payment,
    )
    .await
}

pub async fn record_payment(
    conn: &mut SqliteConnection,
    now: DateTime<Utc>,
    customer: CustomerId,
    new: &NewPayment,
) -> Result<Payment> {
    customers::get(conn, customer).await?;
    let id = PaymentId::new();
    sqlx::query(&format!(
        "INSERT INTO payments ({PAYMENT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
    ))
    .bind(id.as_uuid())
    .bind(customer.as_uuid())
    .bind(new.invoice_id.as_ref().map(InvoiceId::as_uuid))
    .bind(new.amount.cents())
    .bind(&new.method)
    .bind(new.status.as_str())
    .bind(&new.transaction_id)
    .bind(micros(new.payment_date))
    .bind(micros(now))
    .execute(conn)
    .await?;
    Ok(Payment {
        id,
        customer_id: customer,
        invoice_id: new.invoice_id,
        amount: new.amount,
        method: new.method.clone(),
        status: new.status,
        transaction_id: new.transaction_id.clone(),
        payment_date: new.payment_date,
        created_at: now,
    })
}

const TICKET_COLUMNS: &str =
    "id, customer_id, number, subject, description, status, priority, category, \
    resolved_at, resolved_by, resolution_note, created_at";

fn ticket(row: &SqliteRow) -> Result<Ticket> {
    Ok(Ticket {
        id: TicketId::from_uuid(row.try_get::<Uuid, _>("id")?),
        customer_id: CustomerId::from_uuid(row.try_get::<Uuid, _>("customer_id")?),
        number: row.try_get("number")?,
        subject: row.try_get("subject")?,
        description: row.try_get("description")?,
        status: stored("status", TicketStatus::parse(row.try_get("status")?))?,
        priority: stored("priority", TicketPriority::parse(row.try_get("priority")?))?,
        category: row.try_get("category")?,
        resolved_at: optional_instant(row.try_get("resolved_at")?)?,
        resolved_by: row.try_get("resolved_by")?,
        resolution_note: row.try_get("resolution_note")?,
        created_at: instant(row.try_get("created_at")?)?,
    })
}

pub async fn tickets(
    conn: &mut SqliteConnection,
    customer: CustomerId,
    query: &RelatedQuery<TicketStatus>,
) -> Result<Page<Ticket>> {
    let status = query.status.map(|s| s.as_str());
    page_of(
        conn,
        "tickets",
        TICKET_COLUMNS,
        customer,
        status,
        query.page,
        ticket,
    )
    .await
}

pub async fn open_ticket(
    conn: &mut SqliteConnection,
    now: DateTime<Utc>,
    customer: CustomerId,
    new: &NewTicket,
) -> Result<Ticket> {
    customers::get(conn, customer).await?;
    let id = TicketId::new();
    sqlx::query(&format!(
        "INSERT INTO tickets ({TICKET_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    ))
    .bind(id.as_uuid())
    .bind(customer.as_uuid())
    .bind(&new.number)
    .bind(&new.subject)
    .bind(&new.description)
    .bind(new.status.as_str())
    .bind(new.priority.as_str())
    .bind(&new.category)
    .bind(new.resolved_at.map(micros))
    .bind(&new.resolved_by)
    .bind(&new.resolution_note)
    .bind(micros(now))
    .execute(conn)
    .await?;
    Ok(Ticket {
        id,
        customer_id: customer,
        number: new.number.clone(),
        subject: new.subject.clone(),
        description: new.description.clone(),
        status: new.status,
        priority: new.priority,
        category: new.category.clone(),
        resolved_at: new.resolved_at,
        resolved_by: new.resolved_by.clone(),
        resolution_note: new.resolution_note.clone(),
        created_at: now,
    })
}

/// Deletes every invoice, payment and ticket of a customer (central deleted the customer).
pub(crate) async fn delete_all_of(conn: &mut SqliteConnection, customer: CustomerId) -> Result<()> {
    // Payments first: one may point at an invoice.
    for table in ["payments", "tickets", "invoices"] {
        sqlx::query(&format!("DELETE FROM {table} WHERE customer_id = ?"))
            .bind(customer.as_uuid())
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}
