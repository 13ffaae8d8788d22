//! The commands the window may call. Each takes the desk state, parses its raw input at the
//! edge (errors name the field), calls one store function and returns its result. Money and ids
//! cross as strings.

use crate::error::CommandError;
use crate::Desk;
use infora_domain::{
    Customer, CustomerId, CustomerPatch, CustomerQuery, CustomerStats, CustomerStatus,
    DeskSettings, DeviceCount, Invoice, InvoiceStatus, Money, NewCustomer, Page, PageRequest,
    Payment, PaymentStatus, RelatedQuery, Ticket, TicketStatus, UsagePercentage,
};
use infora_store::demo::{self, DemoSummary};
use infora_store::CustomerChange;
use serde_json::Value;
use tauri::{AppHandle, Emitter, Runtime, State};

fn customer_id(raw: &str) -> Result<CustomerId, CommandError> {
    Ok(raw.parse::<CustomerId>()?)
}

#[tauri::command]
pub async fn list_customers(
    desk: State<'_, Desk>,
    query: Value,
) -> Result<Page<Customer>, CommandError> {
    let query = CustomerQuery::from_json(&query)?;
    Ok(desk.store().list_customers(&query).await?)
}

/// The exact number of customers a list query matches, for a page whose total was an estimate
/// (`Page::exact` false: "about 120,000" until this answers).
#[tauri::command]
pub async fn count_customers(desk: State<'_, Desk>, query: Value) -> Result<u64, CommandError> {
    let query = CustomerQuery::from_json(&query)?;
    Ok(desk.store().count_customers(&query).await?)
}

#[tauri::command]
pub async fn get_customer(desk: State<'_, Desk>, id: String) -> Result<Customer, CommandError> {
    Ok(desk.store().get_customer(customer_id(&id)?).await?)
}

#[tauri::command]
pub async fn create_customer(
    desk: State<'_, Desk>,
    input: Value,
) -> Result<Customer, CommandError> {
    let new = NewCustomer::from_input(&input, desk.store().region(), desk.store().now())?;
    let created = desk.store().create_customer(&desk.actor()?, &new).await?;
    desk.sync().wake();
    Ok(created)
}

#[tauri::command]
pub async fn update_customer(
    desk: State<'_, Desk>,
    id: String,
    input: Value,
) -> Result<Customer, CommandError> {
    let patch = CustomerPatch::from_input(&input, desk.store().region(), desk.store().now())?;
    let changed = desk
        .store()
        .edit_customer(&desk.operator()?, customer_id(&id)?, &patch)
        .await?;
    desk.sync().wake();
    Ok(changed)
}

#[tauri::command]
pub async fn delete_customer(desk: State<'_, Desk>, id: String) -> Result<Customer, CommandError> {
    let changed = desk
        .store()
        .delete_customer(&desk.operator()?, customer_id(&id)?)
        .await?;
    desk.sync().wake();
    Ok(changed)
}

#[tauri::command]
pub async fn set_customer_status(
    desk: State<'_, Desk>,
    id: String,
    status: String,
) -> Result<Customer, CommandError> {
    let status = CustomerStatus::parse(&status)?;
    let changed = desk
        .store()
        .set_status(&desk.actor()?, customer_id(&id)?, status)
        .await?;
    desk.sync().wake();
    Ok(changed)
}

#[tauri::command]
pub async fn set_customer_balance(
    desk: State<'_, Desk>,
    id: String,
    balance: String,
) -> Result<Customer, CommandError> {
    let balance = Money::parse("balance", &balance)?;
    let changed = desk
        .store()
        .set_balance(&desk.operator()?, customer_id(&id)?, balance)
        .await?;
    desk.sync().wake();
    Ok(changed)
}

/// Either value may be left out, not both; `usage_percentage` 0–100, `device_count` 0–10,000.
#[tauri::command]
pub async fn set_customer_usage(
    desk: State<'_, Desk>,
    id: String,
    usage_percentage: Option<i64>,
    device_count: Option<i64>,
) -> Result<Customer, CommandError> {
    let usage = usage_percentage.map(UsagePercentage::new).transpose()?;
    let devices = device_count.map(DeviceCount::new).transpose()?;
    let changed = desk
        .store()
        .set_usage(&desk.actor()?, customer_id(&id)?, usage, devices)
        .await?;
    desk.sync().wake();
    Ok(changed)
}

#[tauri::command]
pub async fn customer_stats(desk: State<'_, Desk>) -> Result<CustomerStats, CommandError> {
    Ok(desk.store().customer_stats().await?)
}

#[tauri::command]
pub async fn list_customer_invoices(
    desk: State<'_, Desk>,
    id: String,
    query: Value,
) -> Result<Page<Invoice>, CommandError> {
    let query = RelatedQuery::from_json(&query, InvoiceStatus::parse)?;
    Ok(desk
        .store()
        .customer_invoices(customer_id(&id)?, &query)
        .await?)
}

#[tauri::command]
pub async fn list_customer_payments(
    desk: State<'_, Desk>,
    id: String,
    query: Value,
) -> Result<Page<Payment>, CommandError> {
    let query = RelatedQuery::from_json(&query, PaymentStatus::parse)?;
    Ok(desk
        .store()
        .customer_payments(customer_id(&id)?, &query)
        .await?)
}

#[tauri::command]
pub async fn list_customer_tickets(
    desk: State<'_, Desk>,
    id: String,
    query: Value,
) -> Result<Page<Ticket>, CommandError> {
    let query = RelatedQuery::from_json(&query, TicketStatus::parse)?;
    Ok(desk
        .store()
        .customer_tickets(customer_id(&id)?, &query)
        .await?)
}

#[tauri::command]
pub async fn customer_history(
    desk: State<'_, Desk>,
    id: String,
    page: i64,
    per_page: i64,
) -> Result<Page<CustomerChange>, CommandError> {
    let page = PageRequest::new(page, per_page)?;
    Ok(desk
        .store()
        .customer_history(customer_id(&id)?, page)
        .await?)
}

/// Whether the store has no customers yet (the first screen then offers demo data).
#[tauri::command]
pub async fn store_is_empty(desk: State<'_, Desk>) -> Result<bool, CommandError> {
    Ok(desk.store().is_empty().await?)
}

#[tauri::command]
pub async fn get_settings(desk: State<'_, Desk>) -> Result<DeskSettings, CommandError> {
    Ok(desk.store().settings().await?)
}

#[tauri::command]
pub async fn save_settings(
    desk: State<'_, Desk>,
    settings: Value,
) -> Result<DeskSettings, CommandError> {
    let operator = desk.operator()?;
    let settings = DeskSettings::from_json(&settings)?;
    Ok(desk.store().save_settings(&operator, &settings).await?)
}

/// Loads demo customers with invoices, payments and tickets, reporting progress as
/// `demo://progress` events ({done, total}).
#[tauri::command]
pub async fn load_demo_data<R: Runtime>(
    app: AppHandle<R>,
    desk: State<'_, Desk>,
    count: u32,
) -> Result<DemoSummary, CommandError> {
    // Demo customers are recorded as made by `demo`, but only with someone at the desk.
    desk.operator()?;
    let count = count.clamp(1, 100_000) as usize;
    let seed = desk.store().now().timestamp_micros() as u64;
    Ok(demo::load(&desk.store(), seed, count, |progress| {
        // A window that went away can't be told; the load goes on regardless.
        let _ = app.emit("demo://progress", progress);
    })
    .await?)
}
