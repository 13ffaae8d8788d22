//! This desk's code and its gapless number series: receipts and Z reports.

use crate::{Error, Result};
use chrono::NaiveDate;
use sqlx::SqliteConnection;

/// The desk's short code, printed in every number it issues.
pub(crate) async fn code(conn: &mut SqliteConnection) -> Result<String> {
    Ok(
        sqlx::query_scalar("SELECT code FROM desk_identity WHERE id = 1")
            .fetch_one(conn)
            .await?,
    )
}

/// Takes the next receipt number: `K7QF2-20261203-000042` (desk, local date, sequence). Must
/// run in the transaction that writes the receipt: rolled back, the number is not used.
pub(crate) async fn next_receipt(conn: &mut SqliteConnection, day: NaiveDate) -> Result<String> {
    let (code, seq) = take(conn, "next_receipt").await?;
    Ok(format!("{code}-{}-{seq:06}", day.format("%Y%m%d")))
}

/// Takes the next number of a ticket opened here: `T-K7QF2-00007`.
pub(crate) async fn next_ticket(conn: &mut SqliteConnection) -> Result<String> {
    let (code, seq) = take(conn, "next_ticket").await?;
    Ok(format!("T-{code}-{seq:05}"))
}

/// Takes the next Z report number: `Z-K7QF2-0003`.
pub(crate) async fn next_z(conn: &mut SqliteConnection) -> Result<String> {
    let (code, seq) = take(conn, "next_z").await?;
    Ok(format!("Z-{code}-{seq:04}"))
}

async fn take(conn: &mut SqliteConnection, counter: &str) -> Result<(String, i64)> {
    let sql = format!(
        "UPDATE desk_identity SET {counter} = {counter} + 1 WHERE id = 1 \
         RETURNING code, {counter} - 1"
    );
    sqlx::query_as(&sql)
        .fetch_optional(conn)
        .await?
        .ok_or_else(|| Error::Internal("the desk's identity row is missing".into()))
}

/// Names the desk (3–8 upper-case letters and digits) while it has issued no number yet: once a
/// receipt or report carries the code, it stays.
pub(crate) async fn set_code(conn: &mut SqliteConnection, code: &str) -> Result<String> {
    let code = code.trim().to_ascii_uppercase();
    if !(3..=8).contains(&code.len()) || !code.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(infora_domain::FieldError::new(
            "desk_code",
            infora_domain::Rule::Format,
            "must be 3 to 8 letters and digits",
        )
        .into());
    }
    let done = sqlx::query(
        "UPDATE desk_identity SET code = ? WHERE id = 1 AND next_receipt = 1 AND next_z = 1 \
         AND next_ticket = 1",
    )
    .bind(&code)
    .execute(conn)
    .await?;
    if done.rows_affected() == 0 {
        return Err(crate::Clash::Waiting {
            reason: "This desk has issued receipts under its code; the code can no longer change."
                .into(),
        }
        .into());
    }
    Ok(code)
}
