//! The SQL of the advanced filters, and how many customers they are likely to match.
//!
//! Filter values are typed numbers (cents, microseconds, whole numbers) or a parsed package
//! name, so they are written into the statement as literals: the planner then sees the real
//! bounds (no statistics are kept, so a bound parameter would be planned as "some range").

use crate::codec::micros;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use infora_domain::{BalanceState, CustomerFilters, LastPayment, Range};

/// Which index a filter's column may use.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Plan {
    /// Any: the planner may narrow the rows with a filter's index, then sort them.
    Narrow,
    /// Only this column's; the others are tested row by row (a unary `+` hides a column from
    /// the planner without changing its value). With the sort column, the page walks the sort
    /// index and stops once it is full; with the narrowest filter's column, a combination reads
    /// the shortest range there is, whichever index the planner would have guessed.
    Only(&'static str),
}

/// The filters as SQL conditions joined by AND (empty when there are none).
pub(super) fn clause(
    filters: &CustomerFilters,
    alias: &str,
    now: DateTime<Utc>,
    plan: Plan,
) -> String {
    let col = |name: &str| match plan {
        Plan::Only(column) if column != name => format!("+{alias}{name}"),
        _ => format!("{alias}{name}"),
    };
    let mut parts: Vec<String> = Vec::new();
    if let Some(state) = filters.balance {
        let op = match state {
            BalanceState::Owes => "> 0",
            BalanceState::InCredit => "< 0",
            BalanceState::Settled => "= 0",
        };
        parts.push(format!("{} {op}", col("balance_cents")));
    }
    if let Some(range) = filters.balance_range {
        range_parts(&mut parts, &col("balance_cents"), range, |m| m.cents());
    }
    if let Some(Range { from, to }) = filters.joined {
        let c = col("join_date");
        if let Some(from) = from {
            parts.push(format!("{c} >= {}", day_start(from)));
        }
        if let Some(to) = to {
            parts.push(format!("{c} < {}", day_start(to + Duration::days(1))));
        }
    }
    match filters.last_payment {
        None => {}
        Some(LastPayment::Never) => parts.push(format!("{} IS NULL", col("last_payment_date"))),
        Some(LastPayment::NoneWithin { days }) => {
            let c = col("last_payment_date");
            let cutoff = micros(LastPayment::cutoff(days, now));
            parts.push(format!("({c} IS NULL OR {c} < {cutoff})"));
        }
        Some(LastPayment::Between { from, to }) => {
            let c = col("last_payment_date");
            if let Some(from) = from {
                parts.push(format!("{c} >= {}", micros(from)));
            }
            if let Some(to) = to {
                parts.push(format!("{c} < {}", micros(to)));
            }
        }
    }
    if let Some(package) = &filters.package {
        // A SQLite string literal has one escape, the doubled quote.
        let literal = package.as_str().replace('\'', "''");
        parts.push(format!("{} = '{literal}'", col("package")));
    }
    if let Some(range) = filters.usage {
        range_parts(&mut parts, &col("usage_percentage"), range, i64::from);
    }
    if let Some(range) = filters.devices {
        range_parts(&mut parts, &col("device_count"), range, i64::from);
    }
    parts.join(" AND ")
}

fn range_parts<T: Copy>(
    parts: &mut Vec<String>,
    column: &str,
    range: Range<T>,
    value: impl Fn(T) -> i64,
) {
    match (range.from, range.to) {
        (Some(from), Some(to)) => parts.push(format!(
            "{column} BETWEEN {} AND {}",
            value(from),
            value(to)
        )),
        (Some(from), None) => parts.push(format!("{column} >= {}", value(from))),
        (None, Some(to)) => parts.push(format!("{column} <= {}", value(to))),
        (None, None) => {}
    }
}

/// A join date is held as its day at midnight UTC (see `infora_domain::join_date`).
fn day_start(day: NaiveDate) -> i64 {
    micros(day.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc())
}

/// The filters split by the column each tests, with that column: one column's filters are
/// answered by its index alone (with the status, by the status-and-column index), so they are
/// counted without reading rows; of several, the narrowest one's index leads an exact count.
pub(super) fn by_column(filters: &CustomerFilters) -> Vec<(&'static str, CustomerFilters)> {
    let none = CustomerFilters::default;
    let parts = [
        (
            "balance_cents",
            CustomerFilters {
                balance: filters.balance,
                balance_range: filters.balance_range,
                ..none()
            },
        ),
        (
            "join_date",
            CustomerFilters {
                joined: filters.joined,
                ..none()
            },
        ),
        (
            "last_payment_date",
            CustomerFilters {
                last_payment: filters.last_payment,
                ..none()
            },
        ),
        (
            "package",
            CustomerFilters {
                package: filters.package.clone(),
                ..none()
            },
        ),
        (
            "usage_percentage",
            CustomerFilters {
                usage: filters.usage,
                ..none()
            },
        ),
        (
            "device_count",
            CustomerFilters {
                devices: filters.devices,
                ..none()
            },
        ),
    ];
    parts.into_iter().filter(|(_, f)| !f.is_empty()).collect()
}

/// The filters as disjoint alternatives that each read one index range, for counting. "No
/// payment in N days" is "never paid" or "last paid before the cutoff": as one `IS NULL OR <`
/// condition SQLite counts it through a row-set of both ranges (83 ms for 216,000 customers),
/// as two counts added up it reads each range once (20 ms).
pub(super) fn branches(filters: &CustomerFilters, now: DateTime<Utc>) -> Vec<CustomerFilters> {
    match filters.last_payment {
        Some(LastPayment::NoneWithin { days }) => [
            LastPayment::Never,
            LastPayment::Between {
                from: None,
                to: Some(LastPayment::cutoff(days, now)),
            },
        ]
        .into_iter()
        .map(|last_payment| CustomerFilters {
            last_payment: Some(last_payment),
            ..filters.clone()
        })
        .collect(),
        _ => vec![filters.clone()],
    }
}

/// How many rows the estimate reads: `SAMPLE_CHUNKS` runs of `SAMPLE_CHUNK` consecutive rows,
/// spread evenly over the table, so that a column that follows the order rows were added in
/// (join dates do) is sampled across its whole range.
pub(super) const SAMPLE_CHUNKS: i64 = 64;
pub(super) const SAMPLE_CHUNK: i64 = 64;

/// The first `seq` of each sampled run, for a table whose rows run from `first` to `last`.
pub(super) fn sample_starts(first: i64, last: i64) -> Vec<i64> {
    let span = (last - first + 1).max(1);
    (0..SAMPLE_CHUNKS)
        .map(|i| first + span * i / SAMPLE_CHUNKS)
        .collect()
}
