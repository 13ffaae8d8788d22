//! The customer list: Flask-SQLAlchemy's forgiving paging, a search that is SQL `LIKE` (with its
//! wildcards), and an `ORDER BY` on one model attribute with no tie-breaker.

use crate::customer::{Column, Row, STATUSES};
use crate::pyjson::Json;
use crate::reply::RouteError;
use crate::rng::Rng;

/// Query pairs in the order sent; like Flask's `request.args.get`, the first of a name wins.
pub(crate) type Pairs = [(String, String)];

/// The model's relationships: attributes, so `sort_by` takes them, but not columns, so the
/// ordering fails with a 500.
const RELATIONSHIPS: [&str; 13] = [
    "devices",
    "invoices",
    "payments",
    "tickets",
    "notes",
    "documents",
    "notifications",
    "service_plan",
    "transactions",
    "revenue_data",
    "radius_sessions",
    "radius_checks",
    "radius_replies",
];

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

/// A page request, corrected as `paginate(error_out=False)` corrects it, and as asked, which
/// is what the answer echoes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Paging {
    page: u64,
    per_page: u64,
    asked_page: i64,
    asked_per_page: i64,
}

impl Paging {
    /// A page below 1 is page 1; a `per_page` below 1 or not a number is 20, and there is no
    /// upper bound. The answer still says `current_page` and `per_page` as they were asked
    /// (`0`, `-1`), with only an unreadable number read as its default.
    pub(crate) fn from_query(pairs: &Pairs) -> Self {
        let asked_page = int_arg(pairs, "page", 1);
        let asked_per_page = int_arg(pairs, "per_page", 20);
        let page = u64::try_from(asked_page).unwrap_or(0).max(1);
        let per_page = match u64::try_from(asked_per_page) {
            Ok(n) if n >= 1 => n,
            _ => 20,
        };
        Self {
            page,
            per_page,
            asked_page,
            asked_per_page,
        }
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
            ("current_page", self.asked_page.into()),
            ("per_page", self.asked_per_page.into()),
        ])
    }
}

/// The order asked for: a column and a direction, or the fallback for a `sort_by` that names
/// no attribute of the model, which is newest first whatever `sort_order` says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Order {
    column: Column,
    descending: bool,
}

/// What `GET /api/customers` was asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ListQuery {
    paging: Paging,
    search: Option<String>,
    status: Option<String>,
    order: Order,
}

impl ListQuery {
    /// An empty search or status is no filter; a status outside the enum is a 400 (the view
    /// catches the enum's ValueError itself). `sort_by`
    /// is a model attribute (`full_name`, not `name`): a column sorts, `sort_order` `desc`
    /// descending and anything else ascending; a relationship fails the query with a 500;
    /// anything else is quietly `created_at` descending.
    pub(crate) fn from_query(pairs: &Pairs) -> Result<Self, RouteError> {
        let non_empty = |name: &str| {
            first(pairs, name)
                .filter(|v| !v.is_empty())
                .map(str::to_owned)
        };
        let status = non_empty("status");
        if status.as_deref().is_some_and(|s| !STATUSES.contains(&s)) {
            return Err(RouteError::Invalid("Invalid status value".to_owned()));
        }
        let descending = first(pairs, "sort_order").unwrap_or("desc") == "desc";
        let sort_by = first(pairs, "sort_by").unwrap_or("created_at");
        let order = match Column::parse(sort_by) {
            Some(column) => Order { column, descending },
            None if RELATIONSHIPS.contains(&sort_by) => {
                let op = if descending { "desc_op" } else { "asc_op" };
                return Err(RouteError::Crash(format!(
                    "<function {op} at 0x7f3a5c2e1b20>"
                )));
            }
            None => Order {
                column: Column::CreatedAt,
                descending: true,
            },
        };
        Ok(Self {
            paging: Paging::from_query(pairs),
            search: non_empty("search").map(|s| format!("%{s}%")),
            status,
            order,
        })
    }

    fn admits(&self, row: &Row) -> bool {
        let searched = self.search.as_ref().is_none_or(|pattern| {
            [&row.name, &row.email, &row.phone]
                .iter()
                .any(|field| like(field, pattern))
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
            .map(|row| (row.sort_key(self.order.column), row))
            .collect();
        // Shuffle first: the sort is stable, so ties keep this random order.
        rng.shuffle(&mut keyed);
        keyed.sort_by(|(a, _), (b, _)| {
            let order = a.cmp_sqlite(b);
            if self.order.descending {
                order.reverse()
            } else {
                order
            }
        });
        let items = keyed.into_iter().map(|(_, row)| row.view()).collect();
        self.paging.answer("customers", items)
    }
}

/// SQLite's `lower(text) LIKE lower(pattern)`, which is what `ilike` becomes: `%` is any run of
/// characters, `_` any one character, there is no escape character, and only ASCII letters
/// fold case (`Ñ` and `ñ` differ).
fn like(text: &str, pattern: &str) -> bool {
    let text: Vec<char> = text.chars().map(|c| c.to_ascii_lowercase()).collect();
    let pattern: Vec<char> = pattern.chars().map(|c| c.to_ascii_lowercase()).collect();
    // matches[j]: the text read so far matches the first j characters of the pattern.
    let mut matches = vec![false; pattern.len() + 1];
    matches[0] = true;
    for j in 1..=pattern.len() {
        matches[j] = matches[j - 1] && pattern[j - 1] == '%';
    }
    for &c in &text {
        let mut next = vec![false; pattern.len() + 1];
        for j in 1..=pattern.len() {
            next[j] = match pattern[j - 1] {
                '%' => next[j - 1] || matches[j],
                '_' => matches[j - 1],
                p => matches[j - 1] && p == c,
            };
        }
        matches = next;
    }
    matches[pattern.len()]
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
    fn paging_is_corrected_not_refused_and_echoed_as_asked() {
        for (query, (page, per_page), asked) in [
            (vec![], (1, 20), (1, 20)),
            (vec![("per_page", "0")], (1, 20), (1, 0)),
            (vec![("per_page", "-5")], (1, 20), (1, -5)),
            (vec![("per_page", "ten")], (1, 20), (1, 20)),
            (vec![("per_page", "5000")], (1, 5000), (1, 5000)),
            (vec![("page", "0")], (1, 20), (0, 20)),
            (vec![("page", "+2")], (2, 20), (2, 20)),
            (vec![("page", "3"), ("page", "9")], (3, 20), (3, 20)),
        ] {
            let paging = Paging::from_query(&pairs(&query));
            assert_eq!(
                paging,
                Paging {
                    page,
                    per_page,
                    asked_page: asked.0,
                    asked_per_page: asked.1
                },
                "{query:?}"
            );
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
            ListQuery::from_query(&pairs(&[("sort_by", "updated_at"), ("sort_order", "desc")]))
                .expect("a valid query");
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
            ListQuery::from_query(&pairs(&[("sort_by", "full_name"), ("sort_order", order)]))
                .expect("a valid query")
        };
        assert_eq!(
            ids(&by("asc").answer(rows.iter(), &mut rng)),
            [1, 2, 3],
            "by name, ascending"
        );
        assert_eq!(
            ids(&by("desc").answer(rows.iter(), &mut rng)),
            [3, 2, 1],
            "by name, descending"
        );
        assert_eq!(
            ids(&by("DESC").answer(rows.iter(), &mut rng)),
            [1, 2, 3],
            "only the exact word desc sorts descending"
        );
    }

    #[test]
    fn a_sort_by_that_is_no_column_is_newest_first_or_a_crash() {
        let mut rows = rows(3);
        for (row, second) in rows.iter_mut().zip(["01", "03", "02"]) {
            row.created_at =
                parse_instant(&format!("2026-11-25T08:00:{second}")).expect("a valid instant");
        }
        let mut rng = Rng::new();
        for sort_by in ["name", "nonsense", ""] {
            let query = pairs(&[("sort_by", sort_by), ("sort_order", "asc")]);
            let page = ListQuery::from_query(&query).expect("a quiet fallback");
            assert_eq!(
                ids(&page.answer(rows.iter(), &mut rng)),
                [2, 3, 1],
                "sort_by={sort_by} is created_at descending, whatever sort_order says"
            );
        }
        let refused = ListQuery::from_query(&pairs(&[("sort_by", "invoices")]));
        assert!(
            matches!(refused, Err(RouteError::Crash(_))),
            "a relationship cannot be ordered by"
        );
    }

    #[test]
    fn an_unknown_status_filter_is_refused() {
        let refused = ListQuery::from_query(&pairs(&[("status", "Active")]));
        assert!(
            matches!(refused, Err(RouteError::Invalid(_))),
            "the enum refuses Active"
        );
        assert!(
            ListQuery::from_query(&pairs(&[("status", "")])).is_ok(),
            "an empty status is no filter"
        );
    }

    #[test]
    fn like_has_wildcards_and_folds_only_ascii() {
        for (text, pattern, matches) in [
            ("Probe D", "%pr_be d%", true),
            ("Probe D", "%pr%e d%", true),
            ("Probe D", "%", true),
            ("Probe D", "%probe\\%", false),
            ("Probe D", "%o_d%", false),
            ("\u{d1}and\u{fa}", "%\u{d1}AND\u{fa}%", true),
            ("\u{d1}and\u{fa}", "%\u{f1}and\u{fa}%", false),
            ("", "%%", true),
            ("abc", "%abcd%", false),
        ] {
            assert_eq!(like(text, pattern), matches, "{text:?} LIKE {pattern:?}");
        }
    }

    #[test]
    fn search_is_a_case_insensitive_substring_of_name_email_or_phone() {
        let mut rows = rows(3);
        rows[0].email = "Wanjiku@Example.com".to_owned();
        rows[1].phone = "+254712345678".to_owned();
        let mut rng = Rng::new();
        let mut search = |needle: &str| {
            ListQuery::from_query(&pairs(&[("search", needle)]))
                .expect("a valid query")
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
