//! A customer's invoices, payments and tickets, pulled when central answers for them.
//!
//! The seed version answers 500 for every customer, so their shape has never been observed;
//! these readers take the central model's columns (`invoice_number`, `amount`,
//! `payment_method`, `ticket_number`, …). A record that does not read is skipped and logged,
//! never a failed pull.

use crate::central::customer::{balance, parse_instant};
use crate::central::{ApiError, RelatedKind};
use crate::session::{Session, SessionError};
use chrono::{DateTime, Utc};
use infora_domain::{
    CustomerId, InvoiceStatus, NewInvoice, NewPayment, NewTicket, PaymentStatus, TicketPriority,
    TicketStatus,
};
use infora_store::sync::related::{PulledPayment, PulledRecord, RelatedApplied};
use infora_store::Store;
use serde_json::Value;

/// Records per page asked for.
const PER_PAGE: u32 = 100;

fn text(item: &Value, key: &str) -> Option<String> {
    item.get(key)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

fn instant(item: &Value, key: &str) -> Option<DateTime<Utc>> {
    item.get(key)
        .and_then(Value::as_str)
        .and_then(parse_instant)
}

fn head(item: &Value) -> Option<(i64, DateTime<Utc>)> {
    Some((
        item.get("id")?.as_i64()?,
        instant(item, "created_at").unwrap_or_else(Utc::now),
    ))
}

fn invoice(item: &Value) -> Option<PulledRecord<NewInvoice>> {
    let (central_id, created_at) = head(item)?;
    Some(PulledRecord {
        central_id,
        created_at,
        record: NewInvoice {
            number: text(item, "invoice_number").or_else(|| text(item, "number"))?,
            amount: balance(item.get("amount")?).ok()?,
            status: InvoiceStatus::parse(&text(item, "status")?).ok()?,
            due_date: instant(item, "due_date")?,
            paid_date: instant(item, "paid_date"),
            notes: text(item, "notes"),
        },
    })
}

fn payment(item: &Value) -> Option<PulledPayment> {
    let (central_id, created_at) = head(item)?;
    let record = NewPayment {
        invoice_id: None,
        amount: balance(item.get("amount")?).ok()?,
        method: text(item, "payment_method").or_else(|| text(item, "method"))?,
        status: PaymentStatus::parse(&text(item, "status")?).ok()?,
        transaction_id: text(item, "transaction_id"),
        payment_date: instant(item, "payment_date")?,
    };
    let invoice = item.get("invoice_id").and_then(Value::as_i64);
    Some((
        PulledRecord {
            central_id,
            created_at,
            record,
        },
        invoice,
    ))
}

fn ticket(item: &Value) -> Option<PulledRecord<NewTicket>> {
    let (central_id, created_at) = head(item)?;
    Some(PulledRecord {
        central_id,
        created_at,
        record: NewTicket {
            number: text(item, "ticket_number").or_else(|| text(item, "number"))?,
            subject: text(item, "subject")?,
            description: text(item, "description").unwrap_or_default(),
            status: TicketStatus::parse(&text(item, "status")?).ok()?,
            priority: TicketPriority::parse(&text(item, "priority")?).ok()?,
            category: text(item, "category").unwrap_or_else(|| "general".to_owned()),
            resolved_at: instant(item, "resolved_at"),
            resolved_by: text(item, "resolved_by"),
            resolution_note: text(item, "resolution_note"),
        },
    })
}

/// Every page of one list of one customer.
async fn all(
    session: &Session,
    central_id: i64,
    kind: RelatedKind,
) -> Result<Vec<Value>, SessionError> {
    let mut items = Vec::new();
    for page in 1.. {
        let batch = session
            .call(|central, access| async move {
                central
                    .related(&access, central_id, kind, page, PER_PAGE)
                    .await
            })
            .await?;
        let done = (batch.len() as u32) < PER_PAGE;
        items.extend(batch);
        if done {
            break;
        }
    }
    Ok(items)
}

fn read<T>(items: &[Value], reader: impl Fn(&Value) -> Option<T>, kind: &str) -> Vec<T> {
    items
        .iter()
        .filter_map(|item| {
            let read = reader(item);
            if read.is_none() {
                tracing::warn!(%item, kind, "a pulled record could not be read; skipped");
            }
            read
        })
        .collect()
}

/// Pulls one customer's three lists and applies them. `Ok(None)`: central does not answer
/// for them (the seed version's 500), which is not an error.
pub async fn pull(
    store: &Store,
    session: &Session,
    customer: CustomerId,
    central_id: i64,
) -> Result<Option<RelatedApplied>, SessionError> {
    let lists = async {
        Ok::<_, SessionError>((
            all(session, central_id, RelatedKind::Invoices).await?,
            all(session, central_id, RelatedKind::Payments).await?,
            all(session, central_id, RelatedKind::Tickets).await?,
        ))
    };
    let (invoices, payments, tickets) = match lists.await {
        Ok(lists) => lists,
        Err(SessionError::Api(ApiError::Server { .. } | ApiError::NotFound)) => return Ok(None),
        Err(e) => return Err(e),
    };
    let invoices = read(&invoices, invoice, "invoice");
    let payments = read(&payments, payment, "payment");
    let tickets = read(&tickets, ticket, "ticket");
    let applied = store
        .apply_pulled_related(customer, &invoices, &payments, &tickets)
        .await?;
    Ok(Some(applied))
}
