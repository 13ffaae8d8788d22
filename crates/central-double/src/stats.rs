//! `GET /api/customers/stats`: SQL aggregates over the loose columns, so one infinite balance
//! makes the totals infinite and the body invalid JSON, as on the real service. `SUM` of the
//! NUMERIC(10,2) column comes back rounded to its scale; `AVG` has no type in SQLAlchemy, so
//! both averages are SQLite's raw floats.

use crate::customer::{shown, Row};
use crate::pyjson::Json;
use crate::reply::RouteError;

/// How many customers `top_customers_by_balance` lists.
const TOP: usize = 5;

/// The stats object, or the view's crash when a NULL balance (a NaN sent) is among the top
/// five: it calls `float()` on each of their balances.
pub(crate) fn answer<'a>(rows: impl Iterator<Item = &'a Row> + Clone) -> Result<Json, RouteError> {
    let count = |keep: &dyn Fn(&Row) -> bool| count_json(rows.clone().filter(|&r| keep(r)).count());
    let balances: Vec<f64> = rows.clone().filter_map(|r| r.balance).collect();
    let usages: Vec<f64> = rows
        .clone()
        .filter_map(|r| r.usage_percentage.as_number())
        .collect();

    // ORDER BY balance DESC: NULL sorts lowest in SQLite, so it comes last.
    let mut by_balance: Vec<&Row> = rows.clone().collect();
    by_balance.sort_by(|a, b| {
        b.balance
            .partial_cmp(&a.balance)
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    let top = by_balance
        .into_iter()
        .take(TOP)
        .map(|r| {
            let balance = r.balance.ok_or_else(|| {
                RouteError::Crash(
                    "float() argument must be a string or a real number, not 'NoneType'".to_owned(),
                )
            })?;
            Ok(Json::object([
                ("id", r.id.into()),
                ("name", r.name.as_str().into()),
                ("balance", shown(balance).into()),
            ]))
        })
        .collect::<Result<_, RouteError>>()?;

    Ok(Json::object([
        ("total_customers", count(&|_| true)),
        ("active_customers", count(&|r| r.status == "active")),
        ("suspended_customers", count(&|r| r.status == "suspended")),
        ("pending_customers", count(&|r| r.status == "pending")),
        ("average_balance", average(&balances).into()),
        // SUM of no rows is NULL, which the view reports as 0; a plain f64 sum would be -0.0.
        (
            "total_balance",
            shown(balances.iter().fold(0.0, |sum, b| sum + b)).into(),
        ),
        (
            "customers_with_balance",
            count(&|r| r.balance.is_some_and(|b| b > 0.0)),
        ),
        ("average_usage", average(&usages).into()),
        ("top_customers_by_balance", Json::List(top)),
    ]))
}

/// SQL's `AVG`, NULLs already left out; the service reports no rows as 0.
fn average(values: &[f64]) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    // A count of customers is far below 2^53, so it converts exactly.
    let n = values.len() as f64;
    values.iter().sum::<f64>() / n
}

fn count_json(n: usize) -> Json {
    Json::Int(i64::try_from(n).unwrap_or(i64::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::customer::{parse_instant, Cell};
    use serde_json::json;

    fn row(id: i64, status: &str, balance: Option<f64>, usage: i64) -> Row {
        let now = parse_instant("2026-11-25T08:00:00").expect("a valid instant");
        let mut row = Row::new(id, now);
        row.name = format!("Customer {id}");
        row.status = status.to_owned();
        row.balance = balance;
        row.usage_percentage = Cell::Int(usage);
        row
    }

    #[test]
    fn aggregates_skip_null_balances_and_round_money() {
        let rows = [
            row(1, "active", Some(10.126), 10),
            row(2, "suspended", Some(10.126), 20),
            row(3, "pending", None, 31),
            row(4, "active", Some(-5.0), 0),
            row(5, "active", Some(-7.0), 0),
            row(6, "active", Some(-9.0), 0),
        ];
        let stats = answer(rows.iter())
            .expect("the NULL is sixth, below the top five")
            .to_value();
        assert_eq!(stats["total_customers"], 6, "every row");
        assert_eq!(
            (
                stats["active_customers"].clone(),
                stats["suspended_customers"].clone(),
                stats["pending_customers"].clone()
            ),
            (json!(4), json!(1), json!(1)),
            "counted by status"
        );
        assert_eq!(
            stats["total_balance"], -0.75,
            "summed as stored (-0.748), then rounded to the column's scale"
        );
        assert_eq!(
            stats["average_balance"],
            (10.126 + 10.126 - 5.0 - 7.0 - 9.0) / 5.0,
            "AVG leaves the NULL out and is not rounded"
        );
        assert_eq!(
            stats["customers_with_balance"], 2,
            "only balances above zero"
        );
        assert_eq!(stats["average_usage"], 61.0 / 6.0, "AVG, not rounded");
        let top: Vec<i64> = stats["top_customers_by_balance"]
            .as_array()
            .expect("a list")
            .iter()
            .map(|c| c["id"].as_i64().expect("an id"))
            .collect();
        assert_eq!(top, [1, 2, 4, 5, 6], "largest first; NULL sorts last");
    }

    #[test]
    fn a_null_balance_among_the_top_five_fails_the_stats() {
        let rows = [row(1, "active", Some(5.0), 0), row(2, "active", None, 0)];
        assert!(
            matches!(answer(rows.iter()), Err(RouteError::Crash(_))),
            "float(None) raises in the view"
        );
    }

    #[test]
    fn one_infinite_balance_makes_the_body_invalid_json() {
        let rows = [
            row(1, "active", Some(f64::INFINITY), 0),
            row(2, "active", Some(1.0), 0),
        ];
        let body = answer(rows.iter()).expect("no NULL balance").to_body();
        assert!(body.contains("\"total_balance\":Infinity"), "{body}");
        assert!(
            serde_json::from_str::<serde_json::Value>(&body).is_err(),
            "a strict parser refuses it"
        );
    }

    #[test]
    fn no_customers_gives_zeros() {
        let body = answer(std::iter::empty::<&Row>())
            .expect("nothing to fail on")
            .to_body();
        assert!(
            body.contains("\"total_balance\":0.0"),
            "a positive zero: {body}"
        );
        let stats: serde_json::Value = serde_json::from_str(&body).expect("valid JSON");
        assert_eq!(
            stats["average_balance"], 0.0,
            "AVG of nothing reported as 0"
        );
        assert_eq!(stats["average_usage"], 0.0, "AVG of nothing reported as 0");
        assert_eq!(
            stats["top_customers_by_balance"],
            json!([]),
            "no one to list"
        );
    }
}
