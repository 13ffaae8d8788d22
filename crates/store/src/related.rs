//! A customer's invoices, payments and tickets: recording them and listing them page by page.

use crate::codec::{instant, micros, optional_instant};
use crate::{customers, Error, Result};
use chrono::{DateTime, Utc};
use infora_domain::{
    CustomerId, DeskReceipt, Invoice, InvoiceId, InvoiceStatus, Money, NewInvoice, NewPayment,
    NewTicket, Page, Payment, PaymentId, PaymentKind, PaymentStatus, RelatedQuery, Ticket,
    TicketId, TicketPriority, TicketStatus,
};
use sqlx::query::Query;
use sqlx::sqlite::{SqliteArguments, SqliteRow};
use sqlx::{Row, Sqlite, SqliteConnection};
use uuid::Uuid;

fn stored<T>(what: &str, parsed: std::result::Result<T, infora_domain::FieldError>) -> Result<T> {
    parsed.map_err(|e| Error::Internal(format!("stored {what} is invalid: {e}")))
}

type Insert<'q> = Query<'q, Sqlite, SqliteArguments<'q>>;

/// Rows per INSERT: 12 columns (tickets, the widest) × 500 rows stays under SQLite's 32,766
/// parameters.
const ROWS_PER_INSERT: usize = 500;

/// Inserts `rows`, built in full by the caller (ids, dates), many rows per statement: one
/// record made now and a load of demo history go through the same statement.
async fn insert_all<T>(
    conn: &mut SqliteConnection,
    table: &str,
    columns: &str,
    rows: &[T],
    bind: for<'q> fn(Insert<'q>, &'q T) -> Insert<'q>,
) -> Result<()> {
    let one = format!("({})", vec!["?"; columns.split(',').count()].join(", "));
    for chunk in rows.chunks(ROWS_PER_INSERT) {
        let sql = format!(
            "INSERT INTO {table} ({columns}) VALUES {}",
            vec![one.as_str(); chunk.len()].join(", ")
        );
        chunk
            .iter()
            .fold(sqlx::query(&sql), bind)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
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

fn bind_invoice<'q>(query: Insert<'q>, i: &'q Invoice) -> Insert<'q> {
    query
        .bind(i.id.as_uuid())
        .bind(i.customer_id.as_uuid())
        .bind(&i.number)
        .bind(i.amount.cents())
        .bind(i.status.as_str())
        .bind(micros(i.due_date))
        .bind(i.paid_date.map(micros))
        .bind(&i.notes)
        .bind(micros(i.created_at))
}

pub async fn record_invoice(
    conn: &mut SqliteConnection,
    now: DateTime<Utc>,
    customer: CustomerId,
    new: &NewInvoice,
) -> Result<Invoice> {
    customers::get(conn, customer).await?;
    let invoice = Invoice {
        id: InvoiceId::new(),
        customer_id: customer,
        number: new.number.clone(),
        amount: new.amount,
        status: new.status,
        due_date: new.due_date,
        paid_date: new.paid_date,
        notes: new.notes.clone(),
        created_at: now,
    };
    insert_invoices(conn, std::slice::from_ref(&invoice)).await?;
    Ok(invoice)
}

/// Inserts invoices of customers known to exist, as they are (a load of demo history).
pub(crate) async fn insert_invoices(
    conn: &mut SqliteConnection,
    invoices: &[Invoice],
) -> Result<()> {
    insert_all(conn, "invoices", INVOICE_COLUMNS, invoices, bind_invoice).await
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
        desk: desk_receipt(row)?,
    })
}

/// What a desk payment's row adds (`PAYMENT_READ`'s last columns).
fn desk_receipt(row: &SqliteRow) -> Result<Option<DeskReceipt>> {
    let Some(receipt_number) = row.try_get::<Option<String>, _>("receipt_number")? else {
        return Ok(None);
    };
    let kind = match row.try_get::<&str, _>("kind")? {
        "void" => PaymentKind::Void,
        _ => PaymentKind::Payment,
    };
    Ok(Some(DeskReceipt {
        receipt_number,
        kind,
        operator_name: row
            .try_get::<Option<String>, _>("operator_name")?
            .unwrap_or_default(),
        voids: row.try_get("voids_receipt")?,
        voided_by: row.try_get("voided_by")?,
    }))
}

/// The columns a payment is read with: its own, and for one taken at this desk its receipt
/// and the receipts of the void either way.
const PAYMENT_READ: &str =
    "id, customer_id, invoice_id, amount_cents, method, status, transaction_id, payment_date,     created_at, kind, receipt_number, operator_name,     (SELECT o.receipt_number FROM payments o WHERE o.id = payments.voids) AS voids_receipt,     (SELECT v.receipt_number FROM payments v WHERE v.voids = payments.id) AS voided_by";

pub async fn payments(
    conn: &mut SqliteConnection,
    customer: CustomerId,
    query: &RelatedQuery<PaymentStatus>,
) -> Result<Page<Payment>> {
    let status = query.status.map(|s| s.as_str());
    page_of(
        conn,
        "payments",
        PAYMENT_READ,
        customer,
        status,
        query.page,
        payment,
    )
    .await
}

fn bind_payment<'q>(query: Insert<'q>, p: &'q Payment) -> Insert<'q> {
    query
        .bind(p.id.as_uuid())
        .bind(p.customer_id.as_uuid())
        .bind(p.invoice_id.as_ref().map(InvoiceId::as_uuid))
        .bind(p.amount.cents())
        .bind(&p.method)
        .bind(p.status.as_str())
        .bind(&p.transaction_id)
        .bind(micros(p.payment_date))
        .bind(micros(p.created_at))
}

pub async fn record_payment(
    conn: &mut SqliteConnection,
    now: DateTime<Utc>,
    customer: CustomerId,
    new: &NewPayment,
) -> Result<Payment> {
    customers::get(conn, customer).await?;
    let payment = Payment {
        id: PaymentId::new(),
        customer_id: customer,
        invoice_id: new.invoice_id,
        amount: new.amount,
        method: new.method.clone(),
        status: new.status,
        transaction_id: new.transaction_id.clone(),
        payment_date: new.payment_date,
        created_at: now,
        desk: None,
    };
    insert_payments(conn, std::slice::from_ref(&payment)).await?;
    Ok(payment)
}

/// Inserts payments of customers (and invoices) known to exist, as they are.
pub(crate) async fn insert_payments(
    conn: &mut SqliteConnection,
    payments: &[Payment],
) -> Result<()> {
    insert_all(conn, "payments", PAYMENT_COLUMNS, payments, bind_payment).await
}

pub(crate) const TICKET_COLUMNS: &str =
    "id, customer_id, number, subject, description, status, priority, category, \
    resolved_at, resolved_by, resolution_note, created_at, opened_by";

pub(crate) fn ticket(row: &SqliteRow) -> Result<Ticket> {
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
        opened_by: row.try_get("opened_by")?,
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

fn bind_ticket<'q>(query: Insert<'q>, t: &'q Ticket) -> Insert<'q> {
    query
        .bind(t.id.as_uuid())
        .bind(t.customer_id.as_uuid())
        .bind(&t.number)
        .bind(&t.subject)
        .bind(&t.description)
        .bind(t.status.as_str())
        .bind(t.priority.as_str())
        .bind(&t.category)
        .bind(t.resolved_at.map(micros))
        .bind(&t.resolved_by)
        .bind(&t.resolution_note)
        .bind(micros(t.created_at))
        .bind(&t.opened_by)
}

pub async fn open_ticket(
    conn: &mut SqliteConnection,
    now: DateTime<Utc>,
    customer: CustomerId,
    new: &NewTicket,
) -> Result<Ticket> {
    customers::get(conn, customer).await?;
    let ticket = Ticket {
        id: TicketId::new(),
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
        opened_by: None,
    };
    insert_tickets(conn, std::slice::from_ref(&ticket)).await?;
    Ok(ticket)
}

/// Inserts tickets of customers known to exist, as they are.
pub(crate) async fn insert_tickets(conn: &mut SqliteConnection, tickets: &[Ticket]) -> Result<()> {
    insert_all(conn, "tickets", TICKET_COLUMNS, tickets, bind_ticket).await
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
