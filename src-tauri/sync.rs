//! The sync commands: sign-in, status, "Sync now", the queue and the conflicts. Each is a thin
//! call into the engine or the store; the status reaches the window as `sync://status` events.

use crate::error::CommandError;
use crate::Desk;
use infora_domain::{CustomerId, Page, PageRequest};
use infora_store::sync::outbox::OutboxEntry;
use infora_store::sync::{Conflict, ConflictOn, RejectedRecord, Resolution, SyncMark};
use infora_store::ErrorCode;
use infora_sync::{SessionError, SignInError, SyncStatus};
use serde::Serialize;
use tauri::State;
use ts_rs::TS;

impl From<SessionError> for CommandError {
    fn from(error: SessionError) -> Self {
        let code = match &error {
            SessionError::Store(failure) => failure.code,
            SessionError::SignedOut => ErrorCode::Unauthorized,
            SessionError::Api(api) => match api {
                infora_sync::central::ApiError::WrongCredentials
                | infora_sync::central::ApiError::SignInAgain { .. } => ErrorCode::Unauthorized,
                _ => ErrorCode::Unavailable,
            },
            SessionError::Vault(_) => ErrorCode::Unavailable,
        };
        Self {
            code,
            message: error.to_string(),
            fields: Vec::new(),
            other_customer: None,
            wait_seconds: None,
        }
    }
}

impl From<SignInError> for CommandError {
    fn from(error: SignInError) -> Self {
        match error {
            SignInError::CentralUrl(field) => field.into(),
            SignInError::Missing => Self {
                code: ErrorCode::Validation,
                message: error.to_string(),
                fields: Vec::new(),
                other_customer: None,
                wait_seconds: None,
            },
            SignInError::Session(e) => e.into(),
        }
    }
}

#[tauri::command]
pub async fn sync_status(desk: State<'_, Desk>) -> Result<SyncStatus, CommandError> {
    desk.sync().refresh_status().await;
    Ok(desk.sync().status())
}

/// Signs in to central; the tokens go to the OS keychain only.
#[tauri::command]
pub async fn sync_sign_in(
    desk: State<'_, Desk>,
    central_url: String,
    email: String,
    password: String,
) -> Result<SyncStatus, CommandError> {
    desk.sync().sign_in(&central_url, &email, &password).await?;
    Ok(desk.sync().status())
}

#[tauri::command]
pub async fn sync_sign_out(desk: State<'_, Desk>) -> Result<SyncStatus, CommandError> {
    desk.sync().sign_out().await?;
    Ok(desk.sync().status())
}

/// One round now (push, then pull); returns the status after it.
#[tauri::command]
pub async fn sync_now(desk: State<'_, Desk>) -> Result<SyncStatus, CommandError> {
    if !desk.sync().session().is_signed_in().await {
        return Err(SessionError::SignedOut.into());
    }
    desk.sync().round().await;
    Ok(desk.sync().status())
}

/// The local changes not yet on central (pending, in flight, refused), oldest first.
#[tauri::command]
pub async fn sync_queue(
    desk: State<'_, Desk>,
    page: i64,
    per_page: i64,
) -> Result<Page<OutboxEntry>, CommandError> {
    let page = PageRequest::new(page, per_page)?;
    Ok(desk.store().outbox_open(page).await?)
}

#[tauri::command]
pub async fn sync_retry(desk: State<'_, Desk>, seq: i64) -> Result<(), CommandError> {
    desk.store().outbox_retry(seq).await?;
    desk.sync().wake();
    Ok(())
}

#[tauri::command]
pub async fn sync_discard(desk: State<'_, Desk>, seq: i64) -> Result<(), CommandError> {
    desk.store().outbox_discard(&desk.actor()?, seq).await?;
    desk.sync().refresh_status().await;
    Ok(())
}

/// Every refused entry sent again; returns how many.
#[tauri::command]
pub async fn sync_retry_refused(desk: State<'_, Desk>) -> Result<u64, CommandError> {
    let retried = desk.store().outbox_retry_refused().await?;
    desk.sync().refresh_status().await;
    desk.sync().wake();
    Ok(retried)
}

/// Every refused entry given up; returns how many.
#[tauri::command]
pub async fn sync_discard_refused(desk: State<'_, Desk>) -> Result<u64, CommandError> {
    let discarded = desk.store().outbox_discard_refused(&desk.actor()?).await?;
    desk.sync().refresh_status().await;
    Ok(discarded)
}

#[tauri::command]
pub async fn sync_conflicts(desk: State<'_, Desk>) -> Result<Vec<Conflict>, CommandError> {
    Ok(desk.store().conflicts().await?)
}

#[tauri::command]
pub async fn sync_resolve(
    desk: State<'_, Desk>,
    customer_id: String,
    // The field in conflict, or none for "deleted on central while changed here".
    field: Option<String>,
    resolution: Resolution,
) -> Result<(), CommandError> {
    let id = customer_id.parse::<CustomerId>()?;
    let on = field.map_or(ConflictOn::Deletion, ConflictOn::Field);
    desk.store()
        .resolve_conflict(&desk.actor()?, id, &on, resolution)
        .await?;
    desk.sync().wake();
    Ok(())
}

/// A person's answer about a payment or void whose answer from central was lost while central's
/// balance moved on (see `infora_store::sync::LostAnswer`): central has it, or it goes again.
#[tauri::command]
pub async fn sync_settle_lost_answer(
    desk: State<'_, Desk>,
    customer_id: String,
    central_has_it: bool,
) -> Result<(), CommandError> {
    let id = customer_id.parse::<CustomerId>()?;
    let resolution = if central_has_it {
        Resolution::TakeTheirs
    } else {
        Resolution::KeepMine
    };
    desk.store()
        .resolve_conflict(&desk.actor()?, id, &ConflictOn::LostAnswer, resolution)
        .await?;
    desk.sync().wake();
    Ok(())
}

/// Records from the central system that break our rules, kept aside as sent.
#[tauri::command]
pub async fn sync_rejected(desk: State<'_, Desk>) -> Result<Vec<RejectedRecord>, CommandError> {
    Ok(desk.store().rejected_records().await?)
}

/// A badge for a customer of the list.
#[derive(Debug, Serialize, TS)]
#[ts(export)]
pub struct CustomerMark {
    pub id: CustomerId,
    pub mark: SyncMark,
}

/// The badges of the customers shown (unsynced, refused, conflict); the others have none.
#[tauri::command]
pub async fn sync_marks(
    desk: State<'_, Desk>,
    ids: Vec<String>,
) -> Result<Vec<CustomerMark>, CommandError> {
    let ids = ids
        .iter()
        .map(|raw| raw.parse::<CustomerId>())
        .collect::<Result<Vec<_>, _>>()?;
    let marks = desk.store().sync_marks(&ids).await?;
    Ok(marks
        .into_iter()
        .map(|(id, mark)| CustomerMark { id, mark })
        .collect())
}

/// A customer's invoices, payments and tickets from the central system, when signed in and the
/// central answers for them (its detail screen asks as it opens). True when anything changed.
#[tauri::command]
pub async fn sync_customer_records(
    desk: State<'_, Desk>,
    id: String,
) -> Result<bool, CommandError> {
    let id = id.parse::<CustomerId>()?;
    Ok(desk.sync().pull_related(id).await?)
}
