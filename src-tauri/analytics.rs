//! The analytics screen's one command: every figure at once, read from the store's tallies
//! (`infora_store::analytics`), for the signed-in operator.

use crate::error::CommandError;
use crate::Desk;
use infora_domain::{Analytics, PaymentDays};
use tauri::State;

/// Every chart's data, with the payments of the last `days` days (1 to 90) of the desk's local
/// calendar.
#[tauri::command]
pub async fn get_analytics(desk: State<'_, Desk>, days: i64) -> Result<Analytics, CommandError> {
    let days = PaymentDays::new(days)?;
    desk.operator()?;
    Ok(desk.store().analytics(days).await?)
}
