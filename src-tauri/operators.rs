//! The commands for who is at the desk: the first setup, signing in by PIN, locking, and the
//! supervisor's list of operators. The session (who is signed in) lives in `Desk`; the rules
//! (PIN hashes, the wrong-PIN throttle, who may manage whom) live in the store.

use crate::error::CommandError;
use crate::Desk;
use infora_domain::{Operator, OperatorId, OperatorName, Pin, Role, ShopName, ValidationErrors};
use infora_store::{OperatorChange, OperatorListing};
use serde::Serialize;
use tauri::State;
use ts_rs::TS;

/// What the window needs to decide what to show: the setup screen, the lock screen (and whom
/// to offer on it) or the desk, and when to lock itself.
#[derive(Debug, Serialize, TS)]
#[ts(export)]
pub struct DeskSession {
    /// No operator yet: the first start asks for the first supervisor.
    pub needs_setup: bool,
    /// Who is signed in; none while the desk is locked.
    pub operator: Option<Operator>,
    /// The active operators, by name, for the lock screen to choose from.
    pub operators: Vec<Operator>,
    pub shop_name: ShopName,
    /// Minutes without input after which the window locks the desk; none: never.
    pub idle_lock_minutes: Option<u16>,
}

async fn session(desk: &Desk) -> Result<DeskSession, CommandError> {
    let settings = desk.store().settings().await?;
    let operators = desk.store().operators().await?;
    Ok(DeskSession {
        needs_setup: operators.is_empty(),
        operator: desk.signed_in(),
        operators: operators
            .iter()
            .filter(|o| o.active)
            .map(OperatorListing::operator)
            .collect(),
        shop_name: settings.shop_name,
        idle_lock_minutes: settings.idle_lock_minutes,
    })
}

fn operator_id(raw: &str) -> Result<OperatorId, CommandError> {
    Ok(raw.parse::<OperatorId>()?)
}

#[tauri::command]
pub async fn desk_session(desk: State<'_, Desk>) -> Result<DeskSession, CommandError> {
    session(&desk).await
}

/// The first start: the shop's name and the first supervisor, who is then signed in.
#[tauri::command]
pub async fn set_up_desk(
    desk: State<'_, Desk>,
    shop_name: String,
    name: String,
    pin: String,
) -> Result<DeskSession, CommandError> {
    let mut errors = ValidationErrors::new();
    let shop_name = errors.check(ShopName::parse(&shop_name));
    let name = errors.check(OperatorName::parse(&name));
    let pin = errors.check(Pin::parse(&pin));
    let (Some(shop_name), Some(name), Some(pin)) = (shop_name, name, pin) else {
        return Err(errors.into());
    };
    let supervisor = desk.store().set_up_desk(&name, &pin, &shop_name).await?;
    desk.set_session(Some(supervisor));
    session(&desk).await
}

/// Signs an operator in by PIN, in place of whoever was signed in.
#[tauri::command]
pub async fn sign_in_operator(
    desk: State<'_, Desk>,
    id: String,
    pin: String,
) -> Result<DeskSession, CommandError> {
    let id = operator_id(&id)?;
    let pin = Pin::parse(&pin)?;
    let operator = desk.store().sign_in(id, &pin).await?;
    desk.set_session(Some(operator));
    session(&desk).await
}

/// Locks the desk: nobody is signed in until a PIN is entered.
#[tauri::command]
pub async fn lock_desk(desk: State<'_, Desk>) -> Result<DeskSession, CommandError> {
    desk.set_session(None);
    session(&desk).await
}

/// Every operator, deactivated ones too, for a supervisor to manage.
#[tauri::command]
pub async fn list_operators(desk: State<'_, Desk>) -> Result<Vec<OperatorListing>, CommandError> {
    desk.operator()?;
    Ok(desk.store().operators().await?)
}

#[tauri::command]
pub async fn add_operator(
    desk: State<'_, Desk>,
    name: String,
    role: String,
    pin: String,
) -> Result<OperatorListing, CommandError> {
    let by = desk.operator()?;
    let mut errors = ValidationErrors::new();
    let name = errors.check(OperatorName::parse(&name));
    let role = errors.check(Role::parse(&role));
    let pin = errors.check(Pin::parse(&pin));
    let (Some(name), Some(role), Some(pin)) = (name, role, pin) else {
        return Err(errors.into());
    };
    Ok(desk.store().add_operator(&by, &name, role, &pin).await?)
}

/// Changes an operator's role, turns them off or on, or sets a new PIN; what is left out stays.
#[tauri::command]
pub async fn update_operator(
    desk: State<'_, Desk>,
    id: String,
    role: Option<String>,
    active: Option<bool>,
    pin: Option<String>,
) -> Result<OperatorListing, CommandError> {
    let by = desk.operator()?;
    let id = operator_id(&id)?;
    let mut errors = ValidationErrors::new();
    let role = role.map(|r| errors.check(Role::parse(&r)));
    let pin = pin.map(|p| errors.check(Pin::parse(&p)));
    errors.into_result()?;
    let change = OperatorChange {
        role: role.flatten(),
        active,
        pin: pin.flatten(),
    };
    let changed = desk.store().update_operator(&by, id, &change).await?;
    if by.id == changed.id {
        // Changing oneself takes effect at once: a supervisor who steps down is a cashier now,
        // one who turned themselves off is signed out.
        desk.set_session(changed.active.then(|| changed.operator()));
    }
    Ok(changed)
}
