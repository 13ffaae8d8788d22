//! The customer statistics, from the counters the triggers keep and the balance index.

use crate::{Error, Result};
use infora_domain::{CustomerId, CustomerName, CustomerStats, Money, TopCustomer};
use rust_decimal::{Decimal, RoundingStrategy};
use sqlx::{Row, SqliteConnection};
use uuid::Uuid;

/// How many customers the stats list by balance.
const TOP: i64 = 5;

pub async fn stats(conn: &mut SqliteConnection) -> Result<CustomerStats> {
    let rows = sqlx::query(
        "SELECT status, customers, balance_cents, owing, usage_sum FROM customer_counts",
    )
    .fetch_all(&mut *conn)
    .await?;
    let (mut active, mut suspended, mut pending) = (0u64, 0u64, 0u64);
    let (mut balance_cents, mut owing, mut usage_sum) = (0i128, 0u64, 0i64);
    for row in &rows {
        let customers = row.try_get::<i64, _>("customers")? as u64;
        match row.try_get::<&str, _>("status")? {
            "active" => active = customers,
            "suspended" => suspended = customers,
            _ => pending = customers,
        }
        balance_cents += i128::from(row.try_get::<i64, _>("balance_cents")?);
        owing += row.try_get::<i64, _>("owing")? as u64;
        usage_sum += row.try_get::<i64, _>("usage_sum")?;
    }
    let total = active + suspended + pending;
    let total_balance = Decimal::from_i128_with_scale(balance_cents, Money::SCALE);
    let (average_balance, average_usage) = if total == 0 {
        (Money::ZERO, Decimal::ZERO)
    } else {
        let n = Decimal::from(total);
        // Named rounding: half away from zero, to cents, as a cashier rounds.
        let average = (total_balance / n)
            .round_dp_with_strategy(Money::SCALE, RoundingStrategy::MidpointAwayFromZero);
        let usage = (Decimal::from(usage_sum) / n)
            .round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
        (Money::from_decimal("average_balance", average)?, usage)
    };
    let top = sqlx::query("SELECT id, name, balance_cents FROM customers ORDER BY balance_cents DESC, seq DESC LIMIT ?")
        .bind(TOP)
        .fetch_all(&mut *conn)
        .await?;
    let top_customers = top
        .iter()
        .map(|row| {
            Ok(TopCustomer {
                id: CustomerId::from_uuid(row.try_get::<Uuid, _>("id")?),
                name: CustomerName::parse(row.try_get("name")?)
                    .map_err(|e| Error::Internal(e.to_string()))?,
                balance: Money::from_cents(row.try_get("balance_cents")?)?,
            })
        })
        .collect::<Result<_>>()?;
    Ok(CustomerStats {
        total,
        active,
        suspended,
        pending,
        total_balance,
        average_balance,
        customers_with_balance: owing,
        average_usage,
        top_customers,
    })
}
