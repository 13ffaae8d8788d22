//! The analytics screen's figures, read from the tallies the triggers of migration 0017 keep
//! (joins per month, balance bands, usage tenths, payments per hour), the per-status counters
//! of 0002 and the balance index (the top debtors): each a few dozen rows, never a scan of the
//! customers or the payments. `add_loaded` is what the insert trigger would have done for a bulk
//! load that set it aside.

use crate::codec::{customer, micros, CUSTOMER_COLUMNS};
use crate::{Error, Result};
use chrono::{DateTime, Datelike, Duration, FixedOffset, Months, NaiveDate, Utc};
use infora_domain::{
    join_month, usage_decile, Analytics, BalanceBand, BalanceBucket, Customer, CustomerStatus,
    Debtor, MethodPayments, MonthCount, PaymentDay, PaymentDays, PaymentFigures, PaymentSource,
    StatusCount, UsageBucket,
};
use rust_decimal::Decimal;
use sqlx::{Connection, Row, SqliteConnection};
use std::collections::{BTreeMap, HashMap};

/// A payment tally's hour, in microseconds.
const HOUR: i64 = 3_600_000_000;

/// Every figure, in one read transaction so that they agree with each other.
pub async fn read(
    conn: &mut SqliteConnection,
    now: DateTime<Utc>,
    offset: FixedOffset,
    days: PaymentDays,
) -> Result<Analytics> {
    let today = (now + offset).date_naive();
    let mut tx = conn.begin().await?;
    let statuses = statuses(&mut tx).await?;
    let analytics = Analytics {
        as_of: now,
        today,
        customers: statuses.iter().map(|s| s.customers).sum(),
        statuses,
        joined: joined(&mut tx, today).await?,
        balances: balances(&mut tx).await?,
        usage: usage(&mut tx).await?,
        payments: payments(&mut tx, today, offset, days).await?,
        top_debtors: top_debtors(&mut tx).await?,
    };
    tx.commit().await?;
    Ok(analytics)
}

fn count(n: i64) -> u64 {
    // A tally never goes below zero; a negative one would be a corrupt store, shown as none.
    n.max(0) as u64
}

pub async fn statuses(conn: &mut SqliteConnection) -> Result<Vec<StatusCount>> {
    let rows: Vec<(String, i64)> = sqlx::query_as("SELECT status, customers FROM customer_counts")
        .fetch_all(&mut *conn)
        .await?;
    let counted: HashMap<String, i64> = rows.into_iter().collect();
    Ok(CustomerStatus::ALL
        .into_iter()
        .map(|status| StatusCount {
            status,
            customers: count(counted.get(status.as_str()).copied().unwrap_or(0)),
        })
        .collect())
}

/// The first day of each of the last [`Analytics::MONTHS`] months up to `today`'s, oldest first.
fn months_to(today: NaiveDate) -> Vec<NaiveDate> {
    let this_month = today.with_day(1).expect("every month has a first day");
    (0..Analytics::MONTHS)
        .rev()
        .map(|back| {
            this_month
                .checked_sub_months(Months::new(back))
                .expect("24 months back is a date")
        })
        .collect()
}

pub async fn joined(conn: &mut SqliteConnection, today: NaiveDate) -> Result<Vec<MonthCount>> {
    let months = months_to(today);
    let key = |d: &NaiveDate| i64::from(d.year()) * 100 + i64::from(d.month());
    let (first, last) = (key(&months[0]), key(&months[months.len() - 1]));
    let rows: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT month, customers FROM join_tallies WHERE month BETWEEN ? AND ? ORDER BY month",
    )
    .bind(first)
    .bind(last)
    .fetch_all(&mut *conn)
    .await?;
    let counted: HashMap<i64, i64> = rows.into_iter().collect();
    Ok(months
        .iter()
        .map(|d| MonthCount {
            month: d.format("%Y-%m").to_string(),
            customers: count(counted.get(&key(d)).copied().unwrap_or(0)),
        })
        .collect())
}

pub async fn balances(conn: &mut SqliteConnection) -> Result<Vec<BalanceBucket>> {
    let rows: Vec<(i64, i64, i64)> =
        sqlx::query_as("SELECT band, customers, balance_cents FROM balance_tallies")
            .fetch_all(&mut *conn)
            .await?;
    let counted: HashMap<i64, (i64, i64)> = rows.into_iter().map(|(b, n, c)| (b, (n, c))).collect();
    Ok(BalanceBand::ALL
        .into_iter()
        .map(|band| {
            let (customers, cents) = counted.get(&band.index()).copied().unwrap_or((0, 0));
            BalanceBucket {
                band,
                customers: count(customers),
                total: Decimal::new(cents, 2),
            }
        })
        .collect())
}

pub async fn usage(conn: &mut SqliteConnection) -> Result<Vec<UsageBucket>> {
    let rows: Vec<(i64, i64)> = sqlx::query_as("SELECT decile, customers FROM usage_tallies")
        .fetch_all(&mut *conn)
        .await?;
    let counted: HashMap<i64, i64> = rows.into_iter().collect();
    Ok((0u8..10)
        .map(|decile| UsageBucket {
            from: decile * 10,
            to: if decile == 9 { 100 } else { decile * 10 + 9 },
            customers: count(counted.get(&i64::from(decile)).copied().unwrap_or(0)),
        })
        .collect())
}

/// The instant a local date begins at, for a desk `offset` from UTC.
fn local_midnight(day: NaiveDate, offset: FixedOffset) -> DateTime<Utc> {
    day.and_hms_opt(0, 0, 0).expect("midnight").and_utc()
        - Duration::seconds(offset.local_minus_utc().into())
}

/// The payments of the last `days` local days up to `today`. Tallies are by UTC hour; an hour
/// counts in the local day it starts in (exact for offsets of whole hours, as Kenya's; the
/// offset is today's, so across a daylight-saving change an hour moves to its neighbour day).
pub async fn payments(
    conn: &mut SqliteConnection,
    today: NaiveDate,
    offset: FixedOffset,
    days: PaymentDays,
) -> Result<PaymentFigures> {
    let first = today - Duration::days(i64::from(days.get()) - 1);
    let from = micros(local_midnight(first, offset)).div_euclid(HOUR);
    let to = micros(local_midnight(today + Duration::days(1), offset)).div_euclid(HOUR);
    let offset_secs = i64::from(offset.local_minus_utc());
    let rows = sqlx::query(
        "SELECT (hour * 3600 + ?) / 86400 AS day, source, method, \
                sum(payments) AS payments, sum(cents) AS cents \
         FROM payment_tallies WHERE hour >= ? AND hour < ? \
         GROUP BY day, source, method",
    )
    .bind(offset_secs)
    .bind(from)
    .bind(to)
    .fetch_all(&mut *conn)
    .await?;
    let mut per_day: BTreeMap<NaiveDate, PaymentDay> = (0..days.get())
        .map(|n| {
            let day = first + Duration::days(n.into());
            let zero = PaymentDay {
                day,
                count: 0,
                desk: Decimal::new(0, 2),
                central: Decimal::new(0, 2),
            };
            (day, zero)
        })
        .collect();
    let mut by_method: BTreeMap<(PaymentSource, String), (i64, i64)> = BTreeMap::new();
    for row in &rows {
        let day = DateTime::from_timestamp(row.try_get::<i64, _>("day")? * 86_400, 0)
            .ok_or_else(|| Error::Internal("a payment tally's hour is out of range".into()))?
            .date_naive();
        let source = match row.try_get::<&str, _>("source")? {
            "desk" => PaymentSource::Desk,
            _ => PaymentSource::Central,
        };
        let (n, cents): (i64, i64) = (row.try_get("payments")?, row.try_get("cents")?);
        // An hour that straddles the first local midnight (a half-hour offset) starts the day
        // before the window: it is left out of both figures alike.
        let Some(d) = per_day.get_mut(&day) else {
            continue;
        };
        d.count += n;
        match source {
            PaymentSource::Desk => d.desk += Decimal::new(cents, 2),
            PaymentSource::Central => d.central += Decimal::new(cents, 2),
        }
        let method = by_method
            .entry((source, row.try_get("method")?))
            .or_default();
        method.0 += n;
        method.1 += cents;
    }
    let mut by_method: Vec<MethodPayments> = by_method
        .into_iter()
        .filter(|(_, (n, cents))| *n != 0 || *cents != 0)
        .map(|((source, method), (count, cents))| MethodPayments {
            source,
            method,
            count,
            amount: Decimal::new(cents, 2),
        })
        .collect();
    // Largest first; the sort is stable, so ties keep source then method order.
    by_method.sort_by_key(|m| std::cmp::Reverse(m.amount));
    let recorded: bool = sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM payments)")
        .fetch_one(&mut *conn)
        .await?;
    let per_day: Vec<PaymentDay> = per_day.into_values().collect();
    Ok(PaymentFigures {
        days: days.get(),
        recorded,
        count: per_day.iter().map(|d| d.count).sum(),
        total: per_day.iter().map(|d| d.desk + d.central).sum(),
        per_day,
        by_method,
    })
}

/// The largest balances owed, through the balance index (as the stats' top customers).
pub async fn top_debtors(conn: &mut SqliteConnection) -> Result<Vec<Debtor>> {
    let sql = format!(
        "SELECT {CUSTOMER_COLUMNS} FROM customers WHERE balance_cents > 0 \
         ORDER BY balance_cents DESC, seq DESC LIMIT ?"
    );
    sqlx::query(&sql)
        .bind(i64::from(Analytics::TOP_DEBTORS))
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|row| {
            let c = customer(row)?;
            Ok(Debtor {
                id: c.id,
                name: c.name,
                phone: c.phone,
                status: c.status,
                balance: c.balance,
                last_payment_date: c.last_payment_date,
            })
        })
        .collect()
}

/// Adds customers loaded in bulk to the tallies, as the insert trigger (set aside for the load)
/// would have one by one.
pub(crate) async fn add_loaded(conn: &mut SqliteConnection, loaded: &[Customer]) -> Result<()> {
    let mut bands: HashMap<i64, (i64, i64)> = HashMap::new();
    let mut deciles: HashMap<i64, i64> = HashMap::new();
    let mut months: HashMap<i64, i64> = HashMap::new();
    for c in loaded {
        let band = bands.entry(BalanceBand::of(c.balance).index()).or_default();
        band.0 += 1;
        band.1 += c.balance.cents();
        *deciles
            .entry(usage_decile(c.usage_percentage.get()).into())
            .or_default() += 1;
        *months.entry(join_month(c.join_date)).or_default() += 1;
    }
    for (band, (customers, cents)) in bands {
        sqlx::query(
            "UPDATE balance_tallies SET customers = customers + ?, balance_cents = balance_cents + ? \
             WHERE band = ?",
        )
        .bind(customers)
        .bind(cents)
        .bind(band)
        .execute(&mut *conn)
        .await?;
    }
    for (decile, customers) in deciles {
        sqlx::query("UPDATE usage_tallies SET customers = customers + ? WHERE decile = ?")
            .bind(customers)
            .bind(decile)
            .execute(&mut *conn)
            .await?;
    }
    for (month, customers) in months {
        sqlx::query(
            "INSERT INTO join_tallies (month, customers) VALUES (?, ?) \
             ON CONFLICT (month) DO UPDATE SET customers = customers + excluded.customers",
        )
        .bind(month)
        .bind(customers)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}
