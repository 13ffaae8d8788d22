//! Shifts: opened with the cash float, holding every payment taken meanwhile, closed with the
//! counted cash into a numbered Z report that never changes. One shift is open at a time: the
//! desk has one cash drawer.

use crate::codec::{instant, micros};
use crate::{desk_identity, Clash, Error, Result};
use chrono::{DateTime, Utc};
use infora_domain::{
    MethodTotal, Money, Operator, OperatorId, PaymentMethod, Shift, ShiftClosing, ShiftId,
    ShiftReport, SupervisorOnly,
};
use sqlx::sqlite::SqliteRow;
use sqlx::{Row, SqliteConnection};
use uuid::Uuid;

const COLUMNS: &str = "id, operator_id, operator_name, opened_at, float_cents, closed_at, \
    closed_by, z_number, expected_cents, counted_cents";

/// The shift that is open, if one is.
pub(crate) async fn open_shift(conn: &mut SqliteConnection) -> Result<Option<Shift>> {
    let sql = format!("SELECT {COLUMNS} FROM shifts WHERE closed_at IS NULL");
    sqlx::query(&sql)
        .fetch_optional(conn)
        .await?
        .as_ref()
        .map(read)
        .transpose()
}

pub(crate) async fn get(conn: &mut SqliteConnection, id: ShiftId) -> Result<Shift> {
    let sql = format!("SELECT {COLUMNS} FROM shifts WHERE id = ?");
    let row = sqlx::query(&sql)
        .bind(id.as_uuid())
        .fetch_optional(conn)
        .await?
        .ok_or_else(|| Error::NotFound {
            what: "shift",
            id: id.to_string(),
        })?;
    read(&row)
}

pub(crate) async fn open(
    conn: &mut SqliteConnection,
    now: DateTime<Utc>,
    by: &Operator,
    float: Money,
) -> Result<Shift> {
    if let Some(open) = open_shift(conn).await? {
        return Err(Clash::ShiftOpen {
            by: open.operator_name,
        }
        .into());
    }
    let shift = Shift {
        id: ShiftId::new(),
        operator_id: by.id,
        operator_name: by.name.as_str().to_owned(),
        opened_at: now,
        float,
        closing: None,
    };
    sqlx::query(
        "INSERT INTO shifts (id, operator_id, operator_name, opened_at, float_cents) \
         VALUES (?, ?, ?, ?, ?)",
    )
    .bind(shift.id.as_uuid())
    .bind(shift.operator_id.as_uuid())
    .bind(&shift.operator_name)
    .bind(micros(now))
    .bind(float.cents())
    .execute(conn)
    .await?;
    Ok(shift)
}

/// An operator may see and close their own shifts; another's only a supervisor may.
fn may_handle(by: &Operator, shift: &Shift) -> Result<()> {
    if shift.operator_id != by.id {
        by.may(SupervisorOnly::OthersShift)?;
    }
    Ok(())
}

/// `Ok` when `by` may see the shift's payments.
pub(crate) async fn may_see(conn: &mut SqliteConnection, by: &Operator, id: ShiftId) -> Result<()> {
    may_handle(by, &get(conn, id).await?)
}

/// The shift's report as of `now`: an X report while it is open, its Z report once closed.
pub(crate) async fn report(
    conn: &mut SqliteConnection,
    now: DateTime<Utc>,
    by: &Operator,
    id: ShiftId,
) -> Result<ShiftReport> {
    let shift = get(conn, id).await?;
    may_handle(by, &shift)?;
    tally(conn, shift, now).await
}

/// Closes the open shift with the cash counted in the drawer, numbering its Z report.
pub(crate) async fn close(
    conn: &mut SqliteConnection,
    now: DateTime<Utc>,
    by: &Operator,
    id: ShiftId,
    counted: Money,
) -> Result<ShiftReport> {
    let shift = get(conn, id).await?;
    may_handle(by, &shift)?;
    if let Some(closing) = &shift.closing {
        return Err(Clash::ShiftClosed {
            z_number: closing.z_number.clone(),
        }
        .into());
    }
    let x = tally(conn, shift, now).await?;
    let z_number = desk_identity::next_z(conn).await?;
    sqlx::query(
        "UPDATE shifts SET closed_at = ?, closed_by = ?, z_number = ?, expected_cents = ?, \
         counted_cents = ? WHERE id = ?",
    )
    .bind(micros(now))
    .bind(by.name.as_str())
    .bind(&z_number)
    .bind(x.expected_cash.cents())
    .bind(counted.cents())
    .bind(id.as_uuid())
    .execute(&mut *conn)
    .await?;
    report(conn, now, by, id).await
}

/// The shifts an operator may see, newest first: a supervisor's are everyone's.
pub(crate) async fn list(
    conn: &mut SqliteConnection,
    by: &Operator,
    limit: u32,
) -> Result<Vec<Shift>> {
    let everyone = by.may(SupervisorOnly::OthersShift).is_ok();
    let sql = format!(
        "SELECT {COLUMNS} FROM shifts WHERE ?1 OR operator_id = ?2 ORDER BY seq DESC LIMIT ?3"
    );
    sqlx::query(&sql)
        .bind(everyone)
        .bind(by.id.as_uuid())
        .bind(i64::from(limit))
        .fetch_all(conn)
        .await?
        .iter()
        .map(read)
        .collect()
}

/// Sums a shift's payments and voids by method (one range of `payments_by_shift`, which holds
/// the amounts: no payment row is read).
async fn tally(
    conn: &mut SqliteConnection,
    shift: Shift,
    now: DateTime<Utc>,
) -> Result<ShiftReport> {
    let rows: Vec<(String, String, i64, i64)> = sqlx::query_as(
        "SELECT kind, method, count(*), sum(amount_cents) FROM payments \
         WHERE shift_id = ? GROUP BY kind, method",
    )
    .bind(shift.id.as_uuid())
    .fetch_all(&mut *conn)
    .await?;
    let mut by_method: Vec<(PaymentMethod, u32, i64)> =
        PaymentMethod::ALL.iter().map(|&m| (m, 0, 0)).collect();
    let (mut voids, mut voided, mut cash_voided) = (0u32, 0i64, 0i64);
    for (kind, method, count, cents) in rows {
        let method = PaymentMethod::parse(&method)
            .map_err(|e| Error::Internal(format!("stored method: {e}")))?;
        let count = u32::try_from(count).unwrap_or(u32::MAX);
        if kind == "void" {
            voids += count;
            voided += cents;
            if method == PaymentMethod::Cash {
                cash_voided += cents;
            }
        } else if let Some(total) = by_method.iter_mut().find(|(m, ..)| *m == method) {
            total.1 += count;
            total.2 += cents;
        }
    }
    let taken: i64 = by_method.iter().map(|(.., cents)| cents).sum();
    let cash_taken = by_method
        .iter()
        .find(|(m, ..)| *m == PaymentMethod::Cash)
        .map_or(0, |(.., cents)| *cents);
    let expected = shift.float.cents() + cash_taken - cash_voided;
    let as_of = shift.closing.as_ref().map_or(now, |c| c.closed_at);
    Ok(ShiftReport {
        by_method: by_method
            .into_iter()
            .map(|(method, count, cents)| {
                Ok(MethodTotal {
                    method,
                    count,
                    amount: money(cents)?,
                })
            })
            .collect::<Result<_>>()?,
        voids,
        voided: money(voided)?,
        net: money(taken - voided)?,
        expected_cash: money(expected)?,
        as_of,
        shift,
    })
}

fn money(cents: i64) -> Result<Money> {
    Money::from_cents(cents).map_err(|e| Error::Internal(format!("shift total: {e}")))
}

fn read(row: &SqliteRow) -> Result<Shift> {
    let closing = match row.try_get::<Option<i64>, _>("closed_at")? {
        None => None,
        Some(closed_at) => {
            let expected = money(
                row.try_get::<Option<i64>, _>("expected_cents")?
                    .unwrap_or(0),
            )?;
            let counted = money(row.try_get::<Option<i64>, _>("counted_cents")?.unwrap_or(0))?;
            Some(ShiftClosing {
                closed_at: instant(closed_at)?,
                closed_by: row
                    .try_get::<Option<String>, _>("closed_by")?
                    .unwrap_or_default(),
                z_number: row
                    .try_get::<Option<String>, _>("z_number")?
                    .unwrap_or_default(),
                difference: money(counted.cents() - expected.cents())?,
                expected_cash: expected,
                counted_cash: counted,
            })
        }
    };
    Ok(Shift {
        id: ShiftId::from_uuid(row.try_get::<Uuid, _>("id")?),
        operator_id: OperatorId::from_uuid(row.try_get::<Uuid, _>("operator_id")?),
        operator_name: row.try_get("operator_name")?,
        opened_at: instant(row.try_get("opened_at")?)?,
        float: money(row.try_get("float_cents")?)?,
        closing,
    })
}
