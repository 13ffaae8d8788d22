//! Payments taken at this desk and their voids. Each is one transaction: the payment, its
//! receipt number, the customer's balance and last payment date, the statement, the audit
//! entry and the outbox entry. A payment is never edited or deleted; a void reverses it.

use crate::audit::Actor;
use crate::codec::{instant, micros};
use crate::statement::Movement;
use crate::{customers, desk_identity, shifts, sync, Clash, Error, Result};
use chrono::{DateTime, Utc};
use infora_domain::{
    Customer, CustomerId, CustomerPatch, DeskPayment, FieldError, Money, NewDeskPayment, Operator,
    OperatorId, PaymentId, PaymentKind, PaymentMethod, Rule, Shift, ShiftId, SupervisorOnly,
    Tender, VoidReason,
};
use sqlx::sqlite::SqliteRow;
use sqlx::{Row, SqliteConnection};
use uuid::Uuid;

/// Where a payment's time and the desk's local date come from.
pub(crate) struct When {
    pub now: DateTime<Utc>,
    /// The desk's local date at `now`, which receipt numbers carry.
    pub day: chrono::NaiveDate,
}

pub(crate) async fn take(
    conn: &mut SqliteConnection,
    when: &When,
    by: &Operator,
    customer: CustomerId,
    new: &NewDeskPayment,
) -> Result<DeskPayment> {
    let shift = shifts::open_shift(conn).await?.ok_or(Clash::NoOpenShift)?;
    let before = customers::get(conn, customer).await?;
    let id = PaymentId::new();
    if let Tender::Mpesa(code) = &new.tender {
        claim_code(conn, code.as_str(), id).await?;
    }
    let entry = Entry {
        id,
        kind: PaymentKind::Payment,
        customer,
        shift,
        balance_before: before.balance,
        balance: moved(&before, -new.amount.cents(), "amount")?,
        amount: new.amount,
        method: new.tender.method(),
        reference: new.tender.reference().map(str::to_owned),
        note: new.note.clone(),
        voids: None,
    };
    write(conn, when, by, entry).await
}

/// A payment or a void about to be written: what differs between the two.
struct Entry {
    id: PaymentId,
    kind: PaymentKind,
    customer: CustomerId,
    shift: Shift,
    /// The customer's balance before it, and after it.
    balance_before: Money,
    balance: Money,
    amount: Money,
    method: PaymentMethod,
    reference: Option<String>,
    note: Option<String>,
    /// For a void: the payment it reverses, and that payment's receipt.
    voids: Option<(PaymentId, String)>,
}

/// Writes a payment or a void: its receipt number, the customer's balance (and, for a payment,
/// last payment date) with the statement line and audit entry, the row, and the outbox entry
/// (an adjust: central's last payment date is its own to set).
async fn write(
    conn: &mut SqliteConnection,
    when: &When,
    by: &Operator,
    entry: Entry,
) -> Result<DeskPayment> {
    let number = desk_identity::next_receipt(conn, when.day).await?;
    let (last_payment_date, movement) = match entry.kind {
        PaymentKind::Payment => (Some(Some(when.now)), Movement::Payment(entry.id)),
        PaymentKind::Void => (None, Movement::Void(entry.id)),
    };
    let patch = CustomerPatch {
        balance: Some(entry.balance),
        last_payment_date,
        ..CustomerPatch::default()
    };
    let actor = Actor::from(by);
    let (after, _) =
        customers::update_moving(conn, when.now, &actor, entry.customer, &patch, movement).await?;
    let (voids_id, voids) = entry.voids.unzip();
    let payment = DeskPayment {
        id: entry.id,
        kind: entry.kind,
        receipt_number: number,
        customer_id: entry.customer,
        customer_name: after.name.as_str().to_owned(),
        customer_phone: after.phone.as_str().to_owned(),
        amount: entry.amount,
        method: entry.method,
        reference: entry.reference,
        note: entry.note,
        balance_after: after.balance,
        operator_id: by.id,
        operator_name: by.name.as_str().to_owned(),
        shift_id: entry.shift.id,
        taken_at: when.now,
        voids,
        voided_by: None,
    };
    insert(conn, &payment, voids_id).await?;
    // Relative, not the new balance: another desk's payment for this customer counts too.
    sync::outbox::adjust::adjusted(conn, when.now, &after, entry.balance_before).await?;
    Ok(payment)
}

/// Reverses a payment taken at a desk: only a supervisor may, with a reason. The void is a
/// receipt of its own in the open shift, gives the amount back to the balance and frees the
/// payment's M-Pesa code.
pub(crate) async fn void(
    conn: &mut SqliteConnection,
    when: &When,
    by: &Operator,
    payment: PaymentId,
    reason: &VoidReason,
) -> Result<DeskPayment> {
    by.may(SupervisorOnly::VoidPayment)?;
    let original = get(conn, payment).await?;
    if original.kind == PaymentKind::Void {
        return Err(FieldError::new(
            "payment",
            Rule::NotAllowed,
            "is itself a void; a void cannot be voided",
        )
        .into());
    }
    if let Some(void_receipt) = original.voided_by {
        return Err(Clash::AlreadyVoided {
            receipt: original.receipt_number,
            void_receipt,
        }
        .into());
    }
    let shift = shifts::open_shift(conn).await?.ok_or(Clash::NoOpenShift)?;
    let before = customers::get(conn, original.customer_id).await?;
    let balance = moved(&before, original.amount.cents(), "payment")?;
    sqlx::query("DELETE FROM mpesa_codes WHERE payment_id = ?")
        .bind(original.id.as_uuid())
        .execute(&mut *conn)
        .await?;
    let entry = Entry {
        id: PaymentId::new(),
        kind: PaymentKind::Void,
        customer: original.customer_id,
        shift,
        balance_before: before.balance,
        balance,
        amount: original.amount,
        method: original.method,
        reference: original.reference,
        note: Some(reason.as_str().to_owned()),
        voids: Some((original.id, original.receipt_number)),
    };
    write(conn, when, by, entry).await
}

/// The customer's balance moved by `change_cents`, or a refusal at `field` when it would leave
/// the range a balance can hold.
fn moved(customer: &Customer, change_cents: i64, field: &str) -> Result<Money> {
    Money::from_cents(customer.balance.cents() + change_cents).map_err(|_| {
        FieldError::new(
            field,
            Rule::OutOfRange,
            format!(
                "would take the balance ({}) beyond what it can hold (±99,999,999.99)",
                customer.balance
            ),
        )
        .into()
    })
}

/// Claims an M-Pesa code for a payment, or names the receipt that already has it.
async fn claim_code(conn: &mut SqliteConnection, code: &str, payment: PaymentId) -> Result<()> {
    let holder: Option<(Option<String>,)> = sqlx::query_as(
        "SELECT p.receipt_number FROM mpesa_codes c LEFT JOIN payments p ON p.id = c.payment_id \
         WHERE c.code = ?",
    )
    .bind(code)
    .fetch_optional(&mut *conn)
    .await?;
    if let Some((receipt,)) = holder {
        return Err(Clash::MpesaCodeUsed {
            code: code.to_owned(),
            receipt: receipt.unwrap_or_else(|| "(unknown)".to_owned()),
        }
        .into());
    }
    sqlx::query("INSERT INTO mpesa_codes (code, payment_id) VALUES (?, ?)")
        .bind(code)
        .bind(payment.as_uuid())
        .execute(conn)
        .await?;
    Ok(())
}

async fn insert(
    conn: &mut SqliteConnection,
    p: &DeskPayment,
    voids: Option<PaymentId>,
) -> Result<()> {
    let mpesa = (p.method == PaymentMethod::Mpesa).then_some(p.reference.as_deref());
    sqlx::query(
        "INSERT INTO payments (id, customer_id, amount_cents, method, status, transaction_id, \
         payment_date, created_at, kind, receipt_number, reference, note, customer_name, \
         customer_phone, balance_after_cents, operator_id, operator_name, shift_id, voids) \
         VALUES (?, ?, ?, ?, 'completed', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(p.id.as_uuid())
    .bind(p.customer_id.as_uuid())
    .bind(p.amount.cents())
    .bind(p.method.as_str())
    .bind(mpesa.flatten())
    .bind(micros(p.taken_at))
    .bind(micros(p.taken_at))
    .bind(p.kind.as_str())
    .bind(&p.receipt_number)
    .bind(&p.reference)
    .bind(&p.note)
    .bind(&p.customer_name)
    .bind(&p.customer_phone)
    .bind(p.balance_after.cents())
    .bind(p.operator_id.as_uuid())
    .bind(&p.operator_name)
    .bind(p.shift_id.as_uuid())
    .bind(voids.as_ref().map(PaymentId::as_uuid))
    .execute(conn)
    .await?;
    Ok(())
}

const COLUMNS: &str = "p.id, p.kind, p.receipt_number, p.customer_id, p.customer_name, \
    p.customer_phone, p.amount_cents, p.method, p.reference, p.note, p.balance_after_cents, \
    p.operator_id, p.operator_name, p.shift_id, p.created_at, \
    (SELECT o.receipt_number FROM payments o WHERE o.id = p.voids) AS voids_receipt, \
    (SELECT v.receipt_number FROM payments v WHERE v.voids = p.id) AS voided_by";

/// A payment or void taken at a desk, by id.
pub(crate) async fn get(conn: &mut SqliteConnection, id: PaymentId) -> Result<DeskPayment> {
    let sql =
        format!("SELECT {COLUMNS} FROM payments p WHERE p.id = ? AND p.receipt_number IS NOT NULL");
    match sqlx::query(&sql)
        .bind(id.as_uuid())
        .fetch_optional(&mut *conn)
        .await?
    {
        Some(row) => read(&row),
        None => {
            let exists: Option<(i64,)> = sqlx::query_as("SELECT 1 FROM payments WHERE id = ?")
                .bind(id.as_uuid())
                .fetch_optional(conn)
                .await?;
            Err(match exists {
                Some(_) => Clash::NotVoidable.into(),
                None => Error::NotFound {
                    what: "payment",
                    id: id.to_string(),
                },
            })
        }
    }
}

/// A receipt by its number (a reprint, or a search at the counter).
pub(crate) async fn by_receipt(conn: &mut SqliteConnection, number: &str) -> Result<DeskPayment> {
    let sql = format!("SELECT {COLUMNS} FROM payments p WHERE p.receipt_number = ?");
    let row = sqlx::query(&sql)
        .bind(number.trim())
        .fetch_optional(conn)
        .await?
        .ok_or_else(|| Error::NotFound {
            what: "receipt",
            id: number.to_owned(),
        })?;
    read(&row)
}

/// Every payment and void of a shift, oldest first.
pub(crate) async fn of_shift(
    conn: &mut SqliteConnection,
    shift: ShiftId,
) -> Result<Vec<DeskPayment>> {
    let sql = format!("SELECT {COLUMNS} FROM payments p WHERE p.shift_id = ? ORDER BY p.rowid");
    sqlx::query(&sql)
        .bind(shift.as_uuid())
        .fetch_all(conn)
        .await?
        .iter()
        .map(read)
        .collect()
}

fn read(row: &SqliteRow) -> Result<DeskPayment> {
    let broken = |what: &str| Error::Internal(format!("a stored desk payment has no {what}"));
    let kind = match row.try_get::<&str, _>("kind")? {
        "payment" => PaymentKind::Payment,
        "void" => PaymentKind::Void,
        other => return Err(Error::Internal(format!("unknown payment kind {other:?}"))),
    };
    let money = |column: &str| -> Result<Money> {
        Money::from_cents(row.try_get(column)?)
            .map_err(|e| Error::Internal(format!("stored {column}: {e}")))
    };
    Ok(DeskPayment {
        id: PaymentId::from_uuid(row.try_get::<Uuid, _>("id")?),
        kind,
        receipt_number: row.try_get("receipt_number")?,
        customer_id: CustomerId::from_uuid(row.try_get::<Uuid, _>("customer_id")?),
        customer_name: row
            .try_get::<Option<String>, _>("customer_name")?
            .ok_or_else(|| broken("customer name"))?,
        customer_phone: row
            .try_get::<Option<String>, _>("customer_phone")?
            .ok_or_else(|| broken("customer phone"))?,
        amount: money("amount_cents")?,
        method: PaymentMethod::parse(row.try_get("method")?)
            .map_err(|e| Error::Internal(format!("stored method: {e}")))?,
        reference: row.try_get("reference")?,
        note: row.try_get("note")?,
        balance_after: money("balance_after_cents")?,
        operator_id: OperatorId::from_uuid(
            row.try_get::<Option<Uuid>, _>("operator_id")?
                .ok_or_else(|| broken("operator"))?,
        ),
        operator_name: row
            .try_get::<Option<String>, _>("operator_name")?
            .ok_or_else(|| broken("operator name"))?,
        shift_id: ShiftId::from_uuid(
            row.try_get::<Option<Uuid>, _>("shift_id")?
                .ok_or_else(|| broken("shift"))?,
        ),
        taken_at: instant(row.try_get("created_at")?)?,
        voids: row.try_get("voids_receipt")?,
        voided_by: row.try_get("voided_by")?,
    })
}
