//! The customer list: Flask-SQLAlchemy's forgiving paging, a case-insensitive substring search,
//! and an `ORDER BY` on one column with no tie-breaker.

use crate::customer::{Column, Row};
use crate::pyjson::Json;
use crate::rng::Rng;

/// Query pairs in the order sent; like Flask's `request.args.get`, the first of a name wins.
pub(crate) type Pairs = [(String, String)];

fn first<'a>(pairs: &'a Pairs, name: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// `request.args.get(name, default, type=int)`: anything that is not an integer is the default.
fn int_arg(pairs: &Pairs, name: &str, default: i64) -> i64 {
    first(pairs, name)
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(default)
}

/// A page request, corrected as `paginate(error_out=False)` corrects it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Paging {
    page: u64,
    per_page: u64,
}

impl Paging {
    /// A page below 1 is page 1; a `per_page` below 1 or not a number is 20, and there is no
    /// upper bound.
    pub(crate) fn from_query(pairs: &Pairs) -> Self {
        let page = u64::try_from(int_arg(pairs, "page", 1)).unwrap_or(0).max(1);
        let per_page = match u64::try_from(int_arg(pairs, "per_page", 20)) {
            Ok(n) if n >= 1 => n,
            _ => 20,
        };
        Self { page, per_page }
    }

    /// This page of `items` (already filtered and ordered) under `key`, with the totals.
    /// A page past the end is an empty list, not an error.
    pub(crate) fn answer(&self, key: &str, items: Vec<Json>) -> Json {
        let total = u64::try_from(items.len()).unwrap_or(u64::MAX);
        let start = (self.page - 1).saturating_mul(self.per_page);
        let window: Vec<Json> = items
            .into_iter()
            .skip(usize::try_from(start).unwrap_or(usize::MAX))
            .take(usize::try_from(self.per_page).unwrap_or(usize::MAX))
            .collect();
        let as_json = |n: u64| Json::Int(i64::try_from(n).unwrap_or(i64::MAX));
        Json::object([
            (key, Json::List(window)),
            ("total", as_json(total)),
            ("pages", as_json(total.div_ceil(self.per_page))),
            ("current_page", as_json(self.page)),
            ("per_page", as_json(self.per_page)),
        ])
    }
}

/// What `GET /api/customers` was asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ListQuery {
    paging: Paging,
    search: Option<String>,
    status: Option<String>,
    sort_by: Column,
    descending: bool,
}

impl ListQuery {
    /// Never fails: an empty search or status is no filter, an unknown `sort_by` is quietly
    /// `created_at`, and any `sort_order` but `desc` is ascending.
    pub(crate) fn from_query(pairs: &Pairs) -> Self {
        let non_empty = |name: &str| {
            first(pairs, name)
                .filter(|v| !v.is_empty())
                .map(str::to_owned)
        };
        Self {
            paging: Paging::from_query(pairs),
            search: non_empty("search").map(|s| s.to_lowercase()),
            status: non_empty("status"),
            sort_by: first(pairs, "sort_by")
                .and_then(Column::parse)
                .unwrap_or(Column::CreatedAt),
            descending: first(pairs, "sort_order").unwrap_or("desc") == "desc",
        }
    }

    fn admits(&self, row: &Row) -> bool {
        let searched = self.search.as_ref().is_none_or(|needle| {
            [&row.name, &row.email, &row.phone]
                .iter()
                .any(|field| field.to_lowercase().contains(needle.as_str()))
        });
        let filtered = self.status.as_ref().is_none_or(|s| *s == row.status);
        searched && filtered
    }

    /// The page as `{customers, total, pages, current_page, per_page}`. Rows that tie on the
    /// sort key come back in a different order from one request to the next, as they may from
    /// SQLite, so a client cannot come to rely on an order the server never promised.
    pub(crate) fn answer<'a>(&self, rows: impl Iterator<Item = &'a Row>, rng: &mut Rng) -> Json {
        let mut keyed: Vec<_> = rows
            .filter(|row| self.admits(row))
            .map(|row| (row.sort_key(self.sort_by), row))
            .collect();
        // Shuffle first: the sort is stable, so ties keep this random order.
        rng.shuffle(&mut keyed);
        keyed.sort_by(|(a, _), (b, _)| {
            let order = a.cmp_sqlite(b);
            if self.descending {
                order.reverse()
            } else {
                order
            }
        });
        let items = keyed.into_iter().map(|(_, row)| row.view()).collect();
        self.paging.answer("customers", items)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::customer::parse_instant;
    use serde_json::Value;

    fn pairs(query: &[(&str, &str)]) -> Vec<(String, String)> {
        query
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    fn rows(n: i64) -> Vec<Row> {
        let now = parse_instant("2026-11-25T08:00:00").expect("a valid instant");
        (1..=n)
            .map(|id| {
                let mut row = Row::new(id, now);
                row.name = format!("Customer {id}");
                row
            })
            .collect()
    }

    fn ids(page: &Json) -> Vec<i64> {
        page.to_value()["customers"]
            .as_array()
            .expect("a list")
            .iter()
            .map(|c| c["id"].as_i64().expect("an id"))
            .collect()
    }

    #[test]
    fn paging_is_corrected_not_refused() {
        for (query, page, per_page) in [
            (vec![], 1, 20),
            (vec![("per_page", "0")], 1, 20),
            (vec![("per_page", "-5")], 1, 20),
            (vec![("per_page", "ten")], 1, 20),
            (vec![("per_page", "5000")], 1, 5000),
            (vec![("page", "0")], 1, 20),
            (vec![("page", "3"), ("page", "9")], 3, 20),
        ] {
            let paging = Paging::from_query(&pairs(&query));
            assert_eq!(paging, Paging { page, per_page }, "{query:?}");
        }
    }

    #[test]
    fn a_page_past_the_end_is_empty_with_the_true_totals() {
        let paging = Paging::from_query(&pairs(&[("page", "9"), ("per_page", "2")]));
        let page = paging.answer("customers", vec![Json::Int(1); 5]).to_value();
        assert_eq!(page["customers"], Value::Array(vec![]));
        assert_eq!(page["total"], 5);
        assert_eq!(page["pages"], 3);
        assert_eq!(page["current_page"], 9);
    }

    #[test]
    fn ties_on_the_sort_key_come_back_in_varying_orders() {
        let rows = rows(6);
        assert_eq!(
            rows[0].updated_at, rows[5].updated_at,
            "all six were stamped in the same second"
        );
        let query =
            ListQuery::from_query(&pairs(&[("sort_by", "updated_at"), ("sort_order", "desc")]));
        let mut rng = Rng::new();
        let orders: std::collections::HashSet<Vec<i64>> = (0..10)
            .map(|_| ids(&query.answer(rows.iter(), &mut rng)))
            .collect();
        assert!(orders.len() > 1, "no dependable order among ties");
    }

    #[test]
    fn distinct_keys_are_ordered_in_both_directions() {
        let rows = rows(3);
        let mut rng = Rng::new();
        let by = |order: &str| {
            ListQuery::from_query(&pairs(&[("sort_by", "name"), ("sort_order", order)]))
        };
        assert_eq!(ids(&by("asc").answer(rows.iter(), &mut rng)), [1, 2, 3]);
        assert_eq!(ids(&by("desc").answer(rows.iter(), &mut rng)), [3, 2, 1]);
        assert_eq!(
            ids(&by("DESC").answer(rows.iter(), &mut rng)),
            [1, 2, 3],
            "only the exact word desc sorts descending"
        );
    }

    #[test]
    fn search_is_a_case_insensitive_substring_of_name_email_or_phone() {
        let mut rows = rows(3);
        rows[0].email = "Wanjiku@Example.com".to_owned();
        rows[1].phone = "+254712345678".to_owned();
        let mut rng = Rng::new();
        let mut search = |needle: &str| {
            ListQuery::from_query(&pairs(&[("search", needle)]))
                .answer(rows.iter(), &mut rng)
                .to_value()["total"]
                .clone()
        };
        assert_eq!(search("wanjiku@EXAMPLE"), 1, "email, any case");
        assert_eq!(
            search("0712345"),
            0,
            "phone is matched as stored, not in local form"
        );
        assert_eq!(search("712345"), 1, "phone substring");
        assert_eq!(search("customer 3"), 1, "name, any case");
        assert_eq!(search(""), 3, "an empty search is no filter");
    }
}
