//! Support tickets opened at this desk: numbered in its own series, naming who opened and who
//! resolved them, kept here (central has no route to create them). Central's tickets are read
//! here, never changed.

use crate::codec::micros;
use crate::related::{self, TICKET_COLUMNS};
use crate::{customers, desk_identity, Clash, Error, Result};
use chrono::{DateTime, Utc};
use infora_domain::{
    CustomerId, FieldError, NewDeskTicket, Operator, ResolutionNote, Rule, Ticket, TicketId,
    TicketStatus,
};
use sqlx::SqliteConnection;

pub(crate) async fn open(
    conn: &mut SqliteConnection,
    now: DateTime<Utc>,
    by: &Operator,
    customer: CustomerId,
    new: &NewDeskTicket,
) -> Result<Ticket> {
    customers::get(conn, customer).await?;
    let ticket = Ticket {
        id: TicketId::new(),
        customer_id: customer,
        number: desk_identity::next_ticket(conn).await?,
        subject: new.subject.clone(),
        description: new.description.clone(),
        status: TicketStatus::Open,
        priority: new.priority,
        category: new.category.to_owned(),
        resolved_at: None,
        resolved_by: None,
        resolution_note: None,
        created_at: now,
        opened_by: Some(by.name.as_str().to_owned()),
    };
    related::insert_tickets(conn, std::slice::from_ref(&ticket)).await?;
    Ok(ticket)
}

pub(crate) async fn get(conn: &mut SqliteConnection, id: TicketId) -> Result<Ticket> {
    let sql = format!("SELECT {TICKET_COLUMNS} FROM tickets WHERE id = ?");
    let row = sqlx::query(&sql)
        .bind(id.as_uuid())
        .fetch_optional(conn)
        .await?
        .ok_or_else(|| Error::NotFound {
            what: "ticket",
            id: id.to_string(),
        })?;
    related::ticket(&row)
}

/// A ticket of this desk's, or the refusal for one of central's.
async fn ours(conn: &mut SqliteConnection, id: TicketId) -> Result<Ticket> {
    let ticket = get(conn, id).await?;
    if ticket.opened_by.is_none() {
        return Err(Clash::CentralTicket.into());
    }
    Ok(ticket)
}

/// Moves a ticket along (in progress, on hold, …). Resolving takes a note (`resolve`); moving a
/// resolved ticket back reopens it and clears its resolution.
pub(crate) async fn set_status(
    conn: &mut SqliteConnection,
    id: TicketId,
    status: TicketStatus,
) -> Result<Ticket> {
    if status == TicketStatus::Resolved {
        return Err(FieldError::new(
            "status",
            Rule::NotAllowed,
            "is set by resolving the ticket with a note",
        )
        .into());
    }
    ours(conn, id).await?;
    sqlx::query(
        "UPDATE tickets SET status = ?, resolved_at = NULL, resolved_by = NULL, \
         resolution_note = NULL WHERE id = ?",
    )
    .bind(status.as_str())
    .bind(id.as_uuid())
    .execute(&mut *conn)
    .await?;
    get(conn, id).await
}

pub(crate) async fn resolve(
    conn: &mut SqliteConnection,
    now: DateTime<Utc>,
    by: &Operator,
    id: TicketId,
    note: &ResolutionNote,
) -> Result<Ticket> {
    ours(conn, id).await?;
    sqlx::query(
        "UPDATE tickets SET status = 'resolved', resolved_at = ?, resolved_by = ?, \
         resolution_note = ? WHERE id = ?",
    )
    .bind(micros(now))
    .bind(by.name.as_str())
    .bind(note.as_str())
    .bind(id.as_uuid())
    .execute(&mut *conn)
    .await?;
    get(conn, id).await
}
