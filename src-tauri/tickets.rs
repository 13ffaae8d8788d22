//! Support tickets opened at this desk: open, move along, resolve with a note. Each command
//! parses at the edge and names the operator at the desk.

use crate::error::CommandError;
use crate::Desk;
use infora_domain::{CustomerId, NewDeskTicket, ResolutionNote, Ticket, TicketId, TicketStatus};
use serde_json::Value;
use tauri::State;

#[tauri::command]
pub async fn open_desk_ticket(
    desk: State<'_, Desk>,
    customer_id: String,
    input: Value,
) -> Result<Ticket, CommandError> {
    let customer = customer_id.parse::<CustomerId>()?;
    let new = NewDeskTicket::from_input(&input)?;
    Ok(desk
        .store()
        .open_desk_ticket(&desk.operator()?, customer, &new)
        .await?)
}

#[tauri::command]
pub async fn set_ticket_status(
    desk: State<'_, Desk>,
    ticket_id: String,
    status: String,
) -> Result<Ticket, CommandError> {
    let ticket = ticket_id.parse::<TicketId>()?;
    let status = TicketStatus::parse(&status)?;
    Ok(desk.store().set_ticket_status(ticket, status).await?)
}

#[tauri::command]
pub async fn resolve_ticket(
    desk: State<'_, Desk>,
    ticket_id: String,
    note: String,
) -> Result<Ticket, CommandError> {
    let ticket = ticket_id.parse::<TicketId>()?;
    let note = ResolutionNote::parse(&note)?;
    Ok(desk
        .store()
        .resolve_ticket(&desk.operator()?, ticket, &note)
        .await?)
}
