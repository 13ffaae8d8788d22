//! The table `operators`: who may use this desk, their PINs (as argon2id hashes only) and the
//! wrong-PIN throttle, which lives in the table so that a restart does not reset it.

use crate::codec::{instant, micros};
use crate::error::{Clash, SignInRefused};
use crate::{Error, Result, Store};
use argon2::password_hash::{self, PasswordHasher, PasswordVerifier};
use argon2::Argon2;
use chrono::{DateTime, Duration, Utc};
use infora_domain::{Operator, OperatorId, OperatorName, Pin, Role, ShopName, SupervisorOnly};
use serde::Serialize;
use sqlx::sqlite::SqliteRow;
use sqlx::{Row, SqliteConnection};
use ts_rs::TS;
use uuid::Uuid;

/// Wrong PINs in a row that are answered at once; the next ones wait.
pub const FREE_ATTEMPTS: u32 = 3;
/// The first wait, after the third wrong PIN in a row; each further wrong PIN doubles it.
pub const FIRST_WAIT_SECONDS: i64 = 30;
/// The longest wait, however many wrong PINs.
pub const LONGEST_WAIT_SECONDS: i64 = 15 * 60;

/// An operator as the desk lists them (never with their PIN's hash).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct OperatorListing {
    pub id: OperatorId,
    pub name: OperatorName,
    pub role: Role,
    /// A deactivated operator is kept (the history names them) but cannot sign in.
    pub active: bool,
    #[ts(type = "string")]
    pub created_at: DateTime<Utc>,
}

impl OperatorListing {
    pub fn operator(&self) -> Operator {
        Operator {
            id: self.id,
            name: self.name.clone(),
            role: self.role,
        }
    }
}

/// What a supervisor changes about an operator; each part left `None` stays as it is.
#[derive(Debug, Clone, Default)]
pub struct OperatorChange {
    pub role: Option<Role>,
    pub active: Option<bool>,
    /// A new PIN (it also lifts a wrong-PIN wait).
    pub pin: Option<Pin>,
}

/// How long sign-in waits after `failed` wrong PINs in a row: nothing for the first two, then
/// 30 s, 60 s, 120 s, … up to 15 minutes.
pub fn wait_after(failed: u32) -> Option<Duration> {
    let over = failed.checked_sub(FREE_ATTEMPTS)?;
    let doubled = 1_i64
        .checked_shl(over.min(32))
        .and_then(|factor| FIRST_WAIT_SECONDS.checked_mul(factor))
        .unwrap_or(LONGEST_WAIT_SECONDS);
    Some(Duration::seconds(doubled.min(LONGEST_WAIT_SECONDS)))
}

/// Whole seconds from `now` until `until`, rounded up (a wait of 0.2 s still says 1 s).
fn seconds_until(now: DateTime<Utc>, until: DateTime<Utc>) -> u64 {
    let micros = (until - now).num_microseconds().unwrap_or(i64::MAX).max(0);
    (micros as u64).div_ceil(1_000_000)
}

fn hash(pin: &Pin) -> Result<String> {
    Argon2::default()
        .hash_password(pin.expose())
        .map(|hash| hash.to_string())
        .map_err(|e| Error::Internal(format!("could not hash a PIN: {e}")))
}

/// Whether `pin` is the one `phc` was made from (the PHC string carries its salt and cost).
fn verify(pin: &Pin, phc: &str) -> Result<bool> {
    match Argon2::default().verify_password(pin.expose(), phc) {
        Ok(()) => Ok(true),
        Err(password_hash::Error::PasswordInvalid) => Ok(false),
        Err(e) => Err(Error::Internal(format!(
            "a stored PIN hash is unusable: {e}"
        ))),
    }
}

/// Hashing is deliberately slow (tens of milliseconds): off the async workers.
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T> + Send + 'static,
) -> Result<T> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| Error::Internal(format!("PIN hashing stopped: {e}")))?
}

const COLUMNS: &str = "id, name, role, active, created_at";

fn listing(row: &SqliteRow) -> Result<OperatorListing> {
    let id: Uuid = row.try_get("id")?;
    let name: String = row.try_get("name")?;
    let role: String = row.try_get("role")?;
    let corrupt = |e: infora_domain::FieldError| Error::Internal(format!("stored operator: {e}"));
    Ok(OperatorListing {
        id: OperatorId::from_uuid(id),
        name: OperatorName::parse(&name).map_err(corrupt)?,
        role: Role::parse(&role).map_err(corrupt)?,
        active: row.try_get("active")?,
        created_at: instant(row.try_get("created_at")?)?,
    })
}

fn not_found(id: OperatorId) -> Error {
    Error::NotFound {
        what: "operator",
        id: id.to_string(),
    }
}

/// Every operator, by name.
pub async fn list(conn: &mut SqliteConnection) -> Result<Vec<OperatorListing>> {
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM operators ORDER BY name COLLATE NOCASE, id"
    ))
    .fetch_all(conn)
    .await?;
    rows.iter().map(listing).collect()
}

pub async fn get(conn: &mut SqliteConnection, id: OperatorId) -> Result<OperatorListing> {
    let row = sqlx::query(&format!("SELECT {COLUMNS} FROM operators WHERE id = ?"))
        .bind(id.as_uuid())
        .fetch_optional(conn)
        .await?
        .ok_or_else(|| not_found(id))?;
    listing(&row)
}

async fn count(conn: &mut SqliteConnection) -> Result<i64> {
    Ok(sqlx::query_scalar("SELECT count(*) FROM operators")
        .fetch_one(conn)
        .await?)
}

async fn active_supervisors(conn: &mut SqliteConnection) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "SELECT count(*) FROM operators WHERE role = 'supervisor' AND active = 1",
    )
    .fetch_one(conn)
    .await?)
}

/// Inserts an operator whose PIN is already hashed; a name in use (in any case) is a clash.
async fn insert(
    conn: &mut SqliteConnection,
    now: DateTime<Utc>,
    name: &OperatorName,
    role: Role,
    pin_hash: &str,
) -> Result<OperatorListing> {
    let taken: bool = sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM operators WHERE name = ?)")
        .bind(name.as_str())
        .fetch_one(&mut *conn)
        .await?;
    if taken {
        return Err(Clash::OperatorNameTaken {
            name: name.to_string(),
        }
        .into());
    }
    let id = OperatorId::new();
    sqlx::query(
        "INSERT INTO operators (id, name, role, pin_hash, active, created_at) \
         VALUES (?, ?, ?, ?, 1, ?)",
    )
    .bind(id.as_uuid())
    .bind(name.as_str())
    .bind(role.as_str())
    .bind(pin_hash)
    .bind(micros(now))
    .execute(&mut *conn)
    .await?;
    get(conn, id).await
}

impl Store {
    /// Whether this desk has no operator yet: the first start asks for the first supervisor.
    pub async fn desk_needs_setup(&self) -> Result<bool> {
        let mut conn = self.reader.acquire().await?;
        Ok(count(&mut conn).await? == 0)
    }

    /// The first start: the first supervisor and the shop's name, in one transaction, and only
    /// while the desk has no operator at all (otherwise anyone could make themselves a
    /// supervisor). Returns the supervisor, to be signed in.
    pub async fn set_up_desk(
        &self,
        name: &OperatorName,
        pin: &Pin,
        shop_name: &ShopName,
    ) -> Result<Operator> {
        let pin = pin.clone();
        let pin_hash = blocking(move || hash(&pin)).await?;
        let mut tx = self.begin().await?;
        if count(&mut tx).await? > 0 {
            return Err(Clash::DeskSetUp.into());
        }
        let supervisor = insert(&mut tx, self.now(), name, Role::Supervisor, &pin_hash).await?;
        sqlx::query("UPDATE desk_settings SET shop_name = ? WHERE id = 1")
            .bind(shop_name.as_str())
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        tracing::info!(operator = %supervisor.name, "desk set up");
        Ok(supervisor.operator())
    }

    /// Every operator, active or not, by name; never their PIN's hash.
    pub async fn operators(&self) -> Result<Vec<OperatorListing>> {
        let mut conn = self.reader.acquire().await?;
        list(&mut conn).await
    }

    /// A supervisor adds an operator.
    pub async fn add_operator(
        &self,
        by: &Operator,
        name: &OperatorName,
        role: Role,
        pin: &Pin,
    ) -> Result<OperatorListing> {
        by.may(SupervisorOnly::ManageOperators)?;
        let pin = pin.clone();
        let pin_hash = blocking(move || hash(&pin)).await?;
        let mut tx = self.begin().await?;
        let added = insert(&mut tx, self.now(), name, role, &pin_hash).await?;
        tx.commit().await?;
        tracing::info!(operator = %added.name, by = %by.name, "operator added");
        Ok(added)
    }

    /// A supervisor changes an operator's role, turns them off or on, or gives them a new PIN.
    /// Refused, with nothing changed, when it would leave the desk without an active
    /// supervisor (nobody could then manage it).
    pub async fn update_operator(
        &self,
        by: &Operator,
        id: OperatorId,
        change: &OperatorChange,
    ) -> Result<OperatorListing> {
        by.may(SupervisorOnly::ManageOperators)?;
        let pin_hash = match change.pin.clone() {
            Some(pin) => Some(blocking(move || hash(&pin)).await?),
            None => None,
        };
        let mut tx = self.begin().await?;
        let before = get(&mut tx, id).await?;
        sqlx::query(
            "UPDATE operators SET role = coalesce(?, role), active = coalesce(?, active) \
             WHERE id = ?",
        )
        .bind(change.role.map(Role::as_str))
        .bind(change.active)
        .bind(id.as_uuid())
        .execute(&mut *tx)
        .await?;
        if let Some(pin_hash) = &pin_hash {
            // A new PIN is a fresh start: the old one's wrong guesses no longer count.
            sqlx::query(
                "UPDATE operators SET pin_hash = ?, failed_attempts = 0, locked_until = NULL \
                 WHERE id = ?",
            )
            .bind(pin_hash)
            .bind(id.as_uuid())
            .execute(&mut *tx)
            .await?;
        }
        if active_supervisors(&mut tx).await? == 0 {
            // Dropping the transaction rolls the change back.
            return Err(Clash::LastSupervisor {
                name: before.name.to_string(),
            }
            .into());
        }
        let after = get(&mut tx, id).await?;
        tx.commit().await?;
        tracing::info!(operator = %after.name, by = %by.name, "operator changed");
        Ok(after)
    }

    /// Signs an operator in by PIN. Wrong PINs are slowed down: from the third in a row, sign-in
    /// is refused for 30 s, then 60 s, … up to 15 minutes, without even looking at the PIN; the
    /// count and the wait are stored, so a restart does not lift them. A right PIN clears them.
    pub async fn sign_in(&self, id: OperatorId, pin: &Pin) -> Result<Operator> {
        let mut tx = self.begin().await?;
        let now = self.now();
        let row = sqlx::query(&format!(
            "SELECT {COLUMNS}, pin_hash, failed_attempts, locked_until FROM operators WHERE id = ?"
        ))
        .bind(id.as_uuid())
        .fetch_optional(&mut *tx)
        .await?
        .ok_or_else(|| not_found(id))?;
        let operator = listing(&row)?;
        if !operator.active {
            return Err(SignInRefused::Inactive {
                name: operator.name.to_string(),
            }
            .into());
        }
        let locked_until: Option<i64> = row.try_get("locked_until")?;
        if let Some(until) = locked_until.map(instant).transpose()? {
            if until > now {
                return Err(SignInRefused::Waiting {
                    wait_seconds: seconds_until(now, until),
                }
                .into());
            }
        }
        let stored: String = row.try_get("pin_hash")?;
        let typed = pin.clone();
        // The write lock is held while the hash is checked: two tries at once are counted one
        // after the other, never both against the same count.
        let right = blocking(move || verify(&typed, &stored)).await?;
        if right {
            sqlx::query(
                "UPDATE operators SET failed_attempts = 0, locked_until = NULL WHERE id = ?",
            )
            .bind(id.as_uuid())
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            tracing::info!(operator = %operator.name, "signed in");
            return Ok(operator.operator());
        }
        let failed: i64 = row.try_get("failed_attempts")?;
        let failed = u32::try_from(failed.saturating_add(1)).unwrap_or(u32::MAX);
        let wait = wait_after(failed);
        sqlx::query("UPDATE operators SET failed_attempts = ?, locked_until = ? WHERE id = ?")
            .bind(i64::from(failed))
            .bind(wait.map(|wait| micros(now + wait)))
            .bind(id.as_uuid())
            .execute(&mut *tx)
            .await?;
        // Committed although the answer is a refusal: the wrong PIN must count.
        tx.commit().await?;
        tracing::warn!(operator = %operator.name, failed, "wrong PIN");
        Err(SignInRefused::WrongPin {
            tries_left: FREE_ATTEMPTS.saturating_sub(failed),
            wait_seconds: wait.map(|w| w.num_seconds().unsigned_abs()),
        }
        .into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wait_doubles_from_the_third_wrong_pin_up_to_fifteen_minutes() {
        let waits: Vec<Option<i64>> = (0..=12)
            .map(|n| wait_after(n).map(|w| w.num_seconds()))
            .collect();
        let s = Some;
        assert_eq!(
            waits,
            [
                None,
                None,
                None,
                s(30),
                s(60),
                s(120),
                s(240),
                s(480),
                s(900),
                s(900),
                s(900),
                s(900),
                s(900)
            ],
            "none for the first two, then 30 s doubling, capped at 15 minutes"
        );
        assert_eq!(
            wait_after(u32::MAX).map(|w| w.num_seconds()),
            Some(900),
            "no overflow"
        );
    }

    #[test]
    fn waits_round_up_to_whole_seconds() {
        let now = Utc::now();
        assert_eq!(seconds_until(now, now + Duration::milliseconds(200)), 1);
        assert_eq!(seconds_until(now, now + Duration::seconds(30)), 30);
        assert_eq!(seconds_until(now, now - Duration::seconds(3)), 0);
    }
}
