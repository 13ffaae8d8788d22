//! The counter's commands: shifts, payments and their receipts, voids and statements. Each
//! parses its input at the edge, names the operator at the desk, and makes one store call.

use crate::error::CommandError;
use crate::Desk;
use infora_domain::{
    counted_cash, instant_input, CustomerId, DeskPayment, NewDeskPayment, PaymentId, Shift,
    ShiftId, ShiftReport, Statement, VoidReason,
};
use serde::Serialize;
use serde_json::Value;
use tauri::State;
use ts_rs::TS;

/// What the counter shows in the top bar: this desk's code and the open shift, if any.
#[derive(Debug, Serialize, TS)]
#[ts(export)]
pub struct CounterStatus {
    pub desk_code: String,
    pub shift: Option<Shift>,
}

fn parse<T: std::str::FromStr<Err = infora_domain::FieldError>>(
    raw: &str,
) -> Result<T, CommandError> {
    Ok(raw.parse::<T>()?)
}

#[tauri::command]
pub async fn counter_status(desk: State<'_, Desk>) -> Result<CounterStatus, CommandError> {
    Ok(CounterStatus {
        desk_code: desk.store().desk_code().await?,
        shift: desk.store().current_shift().await?,
    })
}

#[tauri::command]
pub async fn open_shift(desk: State<'_, Desk>, float: String) -> Result<Shift, CommandError> {
    let float = counted_cash("float", &float)?;
    Ok(desk.store().open_shift(&desk.operator()?, float).await?)
}

#[tauri::command]
pub async fn close_shift(
    desk: State<'_, Desk>,
    shift_id: String,
    counted: String,
) -> Result<ShiftReport, CommandError> {
    let counted = counted_cash("counted", &counted)?;
    let shift = parse::<ShiftId>(&shift_id)?;
    Ok(desk
        .store()
        .close_shift(&desk.operator()?, shift, counted)
        .await?)
}

#[tauri::command]
pub async fn shift_report(
    desk: State<'_, Desk>,
    shift_id: String,
) -> Result<ShiftReport, CommandError> {
    let shift = parse::<ShiftId>(&shift_id)?;
    Ok(desk.store().shift_report(&desk.operator()?, shift).await?)
}

/// The shifts the operator may see (a supervisor's: everyone's), newest first.
#[tauri::command]
pub async fn list_shifts(desk: State<'_, Desk>) -> Result<Vec<Shift>, CommandError> {
    Ok(desk.store().shifts(&desk.operator()?, 100).await?)
}

#[tauri::command]
pub async fn shift_payments(
    desk: State<'_, Desk>,
    shift_id: String,
) -> Result<Vec<DeskPayment>, CommandError> {
    let shift = parse::<ShiftId>(&shift_id)?;
    Ok(desk
        .store()
        .shift_payments(&desk.operator()?, shift)
        .await?)
}

#[tauri::command]
pub async fn take_payment(
    desk: State<'_, Desk>,
    customer_id: String,
    input: Value,
) -> Result<DeskPayment, CommandError> {
    let customer = parse::<CustomerId>(&customer_id)?;
    let new = NewDeskPayment::from_input(&input)?;
    let payment = desk
        .store()
        .take_payment(&desk.operator()?, customer, &new)
        .await?;
    desk.sync().wake();
    Ok(payment)
}

#[tauri::command]
pub async fn void_payment(
    desk: State<'_, Desk>,
    payment_id: String,
    reason: String,
) -> Result<DeskPayment, CommandError> {
    let payment = parse::<PaymentId>(&payment_id)?;
    let reason = VoidReason::parse(&reason)?;
    let void = desk
        .store()
        .void_payment(&desk.operator()?, payment, &reason)
        .await?;
    desk.sync().wake();
    Ok(void)
}

#[tauri::command]
pub async fn get_receipt(
    desk: State<'_, Desk>,
    payment_id: String,
) -> Result<DeskPayment, CommandError> {
    Ok(desk
        .store()
        .receipt(parse::<PaymentId>(&payment_id)?)
        .await?)
}

/// A customer's statement; `from` and `to` are instants (RFC 3339) or dates, either left out.
#[tauri::command]
pub async fn customer_statement(
    desk: State<'_, Desk>,
    id: String,
    from: Option<String>,
    to: Option<String>,
) -> Result<Statement, CommandError> {
    let customer = parse::<CustomerId>(&id)?;
    let from = from
        .as_deref()
        .map(|raw| instant_input("from", raw))
        .transpose()?;
    let to = to
        .as_deref()
        .map(|raw| instant_input("to", raw))
        .transpose()?;
    Ok(desk.store().statement(customer, from, to).await?)
}
