//! The customer list: filter, search, sort and page, each with its total, fast at a million rows.
//!
//! Plain pages walk one index (see `migrations/0001`) and take their total from the per-status
//! counters. A search asks the trigram index how many customers match, then picks the cheaper of
//! two plans for the rows: when matches are rare, fetch them all from the index and sort them;
//! when they are common, walk the sort index and keep the rows that match, which stops as soon as
//! the page is full. Searches shorter than three characters cannot use trigrams: they walk the
//! sort index (such terms match many customers, so a page fills fast) and carry an estimated
//! total, which `count_matches` makes exact on request.
//!
//! Advanced filters (`filters`) choose between the same two plans, by an estimate of how many
//! customers they match read from a sample of the table. Their total is counted exactly when
//! the estimate is small enough to count within the page's time; past that the page carries
//! the estimate, marked as one, and `count` gives the exact figure on request.

mod filters;

use crate::codec::{self, CUSTOMER_COLUMNS_C, CUSTOMER_JSON_C};
use crate::Result;
use chrono::{DateTime, Utc};
use filters::Plan;
use infora_domain::{
    Customer, CustomerQuery, CustomerStatus, Page, PageRequest, PhoneRegion, SortField, SortOrder,
};
use sqlx::query::Query;
use sqlx::sqlite::{Sqlite, SqliteArguments};
use sqlx::{Connection, SqliteConnection};

/// The column a sort orders by.
fn sort_column(field: SortField) -> &'static str {
    match field {
        SortField::Name => "name",
        SortField::Email => "email",
        SortField::CreatedAt => "created_at",
        SortField::UpdatedAt => "updated_at",
        SortField::JoinDate => "join_date",
        SortField::Balance => "balance_cents",
        SortField::UsagePercentage => "usage_percentage",
        SortField::DeviceCount => "device_count",
        SortField::LastPaymentDate => "last_payment_date",
        SortField::Status => "status",
    }
}

/// The ORDER BY of a sort, ending with the `seq` tie-breaker each index entry carries.
fn order_by(field: SortField, order: SortOrder, alias: &str) -> String {
    sorted_by(field, order, alias, "")
}

/// `order_by`, with `prefix` before the column: `+` makes it an expression no index answers,
/// so the planner narrows by a filter's index and sorts the few rows it finds.
fn sorted_by(field: SortField, order: SortOrder, alias: &str, prefix: &str) -> String {
    let column = sort_column(field);
    let collate = if field == SortField::Name {
        " COLLATE NOCASE"
    } else {
        ""
    };
    let dir = match order {
        SortOrder::Asc => "ASC",
        SortOrder::Desc => "DESC",
    };
    format!("{prefix}{alias}{column}{collate} {dir}, {alias}seq {dir}")
}

/// Conditions joined by AND, blanks left out; empty when none remain.
fn all_of<const N: usize>(parts: [String; N]) -> String {
    parts
        .into_iter()
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(" AND ")
}

/// What a search term looks for.
struct Search {
    /// Lower-cased for the row-by-row test; trigram matching folds case itself.
    term: String,
    /// The digits a phone fragment stands for (`0712` → `254712`), when the term looks like one.
    phone_digits: Option<String>,
    /// The part of `phone_digits` the trigram index is asked for. The calling code is in every
    /// stored number, so its trigrams (`254`, `547`) match everyone and make a look-up slow;
    /// without it the index narrows to a few candidates, which are then checked row by row.
    indexed_digits: Option<String>,
}

impl Search {
    fn new(term: &str, region: PhoneRegion) -> Self {
        let term = term.to_lowercase();
        let phone_digits = region.search_digits(&term);
        let calling_code = region.calling_code().to_string();
        let indexed_digits =
            phone_digits
                .as_ref()
                .map(|digits| match digits.strip_prefix(calling_code.as_str()) {
                    Some(rest) if rest.len() >= 3 => rest.to_owned(),
                    _ => digits.clone(),
                });
        Self {
            term,
            phone_digits,
            indexed_digits,
        }
    }

    /// Trigrams need three characters in every part of the query.
    fn can_use_index(&self) -> bool {
        self.term.chars().count() >= 3 && self.indexed_digits.as_ref().is_none_or(|d| d.len() >= 3)
    }

    /// Whether index matches are only candidates that the row filter must confirm.
    fn needs_check(&self) -> bool {
        self.indexed_digits != self.phone_digits
    }

    /// The FTS5 query: every character is literal inside a quoted string (`"` doubled).
    fn match_expression(&self) -> String {
        let quote = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
        match &self.indexed_digits {
            Some(digits) if *digits != self.term => {
                format!("{} OR phone : {}", quote(&self.term), quote(digits))
            }
            _ => quote(&self.term),
        }
    }

    /// The same test as `match_expression`, exactly, row by row: for plans that walk another
    /// index, and to confirm narrowed phone candidates. Binds ?1 (term) and ?2 (digits, or the
    /// term again).
    const ROW_FILTER: &'static str = "(instr(lower(c.name), ?1) > 0 OR instr(c.email, ?1) > 0 \
        OR instr(substr(c.phone, 2), ?1) > 0 OR instr(substr(c.phone, 2), ?2) > 0)";

    /// The tests an indexed search's matches get row by row, each `AND …` or empty: the
    /// status and filters (`conditions`), and `ROW_FILTER` when the index only found
    /// candidates.
    fn row_tests(&self, conditions: &str) -> (String, String) {
        let and_conditions = match conditions.is_empty() {
            true => String::new(),
            false => format!("AND {conditions}"),
        };
        let check = match self.needs_check() {
            true => format!("AND {}", Self::ROW_FILTER),
            false => String::new(),
        };
        (and_conditions, check)
    }

    /// What ?2 of `ROW_FILTER` is bound to: the phone digits, or the term again.
    fn digits(&self) -> &str {
        self.phone_digits.as_deref().unwrap_or(&self.term)
    }

    /// Binds ?1 term, ?2 digits, ?3 the FTS5 query; statements use the ones they need.
    fn bind<'q>(
        &'q self,
        query: Query<'q, Sqlite, SqliteArguments<'q>>,
    ) -> Query<'q, Sqlite, SqliteArguments<'q>> {
        query
            .bind(&self.term)
            .bind(self.digits())
            .bind(self.match_expression())
    }
}

/// Customers for one status, or for all, from the counters kept by triggers.
pub(crate) async fn count(
    conn: &mut SqliteConnection,
    status: Option<CustomerStatus>,
) -> Result<u64> {
    let total: i64 = match status {
        Some(status) => {
            sqlx::query_scalar("SELECT customers FROM customer_counts WHERE status = ?")
                .bind(status.as_str())
                .fetch_one(conn)
                .await?
        }
        None => {
            sqlx::query_scalar("SELECT sum(customers) FROM customer_counts")
                .fetch_one(conn)
                .await?
        }
    };
    Ok(total as u64)
}

fn status_clause(status: Option<CustomerStatus>, alias: &str) -> String {
    status.map_or(String::new(), |s| {
        format!("{alias}status = '{}'", s.as_str())
    })
}

pub async fn list(
    conn: &mut SqliteConnection,
    region: PhoneRegion,
    now: DateTime<Utc>,
    query: &CustomerQuery,
) -> Result<Page<Customer>> {
    match &query.search {
        None if query.filters.is_empty() => plain_page(conn, query).await,
        None => filtered_page(conn, now, query).await,
        Some(term) => search_page(conn, &Search::new(term, region), now, query).await,
    }
}

/// The exact number of customers a query matches (for a page whose total was an estimate).
pub async fn count_matches(
    conn: &mut SqliteConnection,
    region: PhoneRegion,
    now: DateTime<Utc>,
    query: &CustomerQuery,
) -> Result<u64> {
    match &query.search {
        Some(term) => {
            let search = Search::new(term, region);
            if search.can_use_index() {
                let (and_status, check) = search.row_tests(&search_conditions(query, now));
                return indexed_count(conn, &search, &and_status, &check).await;
            }
            scan_count(conn, &search, &search_conditions(query, now)).await
        }
        None => {
            // A combination is counted from its narrowest column's range, not the planner's
            // guess (which can read most of the table).
            let plan = match filters::by_column(&query.filters).len() > 1 {
                true => {
                    let (_, each) = estimate(conn, now, query).await?;
                    narrowest(each).map_or(Plan::Narrow, |(c, _)| Plan::Only(c))
                }
                false => Plan::Narrow,
            };
            exact_count(conn, now, query, plan).await
        }
    }
}

/// In a store of at most this many customers every filtered total is counted exactly: reading
/// them all takes a few milliseconds.
const EXACT_UP_TO: u64 = 20_000;

/// One column's filters are counted exactly when their sample says about this many match:
/// SQLite counts an index range at about 15 ns an entry, but with the page and the sample the
/// page would pass half its 20 ms budget past 100,000 (221,000 unpaid for 30 days: 18 ms).
const COUNT_UP_TO: u64 = 100_000;

/// Filters on several columns are counted exactly when the narrowest one's index range holds
/// about this many customers or fewer: such a count reads each of their rows to test the rest.
const READ_UP_TO: u64 = 10_000;

async fn exact_count(
    conn: &mut SqliteConnection,
    now: DateTime<Utc>,
    query: &CustomerQuery,
    plan: Plan,
) -> Result<u64> {
    // A plain `count(*)` of each branch, added up: SQLite counts an index range itself at about
    // 15 ns an entry, but through a subquery (a UNION ALL, a LIMIT) at about 100.
    let counts: Vec<String> = filters::branches(&query.filters, now)
        .iter()
        .map(|branch| {
            let cond = all_of([
                status_clause(query.status, ""),
                filters::clause(branch, "", now, plan),
            ]);
            match cond.is_empty() {
                true => "(SELECT count(*) FROM customers)".to_owned(),
                false => format!("(SELECT count(*) FROM customers WHERE {cond})"),
            }
        })
        .collect();
    let total: i64 = sqlx::query_scalar(&format!("SELECT {}", counts.join(" + ")))
        .fetch_one(conn)
        .await?;
    Ok(total as u64)
}

/// How many customers the status and filters match, and each filtered column with how many
/// its filters match alone, estimated from one sample of the table.
async fn estimate(
    conn: &mut SqliteConnection,
    now: DateTime<Utc>,
    query: &CustomerQuery,
) -> Result<(u64, Vec<(&'static str, u64)>)> {
    let columns = filters::by_column(&query.filters);
    let mut conds = vec![all_of([
        status_clause(query.status, "c."),
        filters::clause(&query.filters, "c.", now, Plan::Narrow),
    ])];
    for (_, one) in &columns {
        conds.push(filters::clause(one, "c.", now, Plan::Narrow));
    }
    let mut found = sample(conn, &conds, &[]).await?;
    let all = found.remove(0);
    let each = columns.into_iter().map(|(column, _)| column).zip(found);
    Ok((all, each.collect()))
}

/// The column whose range holds the fewest customers, with about how many.
fn narrowest(each: Vec<(&'static str, u64)>) -> Option<(&'static str, u64)> {
    each.into_iter().min_by_key(|(_, rows)| *rows)
}

/// How many customers hold each of `conds` (on `c.`), estimated from one sample of the table;
/// `params` are bound in order to the numbered parameters the conditions use (each run of the
/// sample repeats them).
async fn sample(
    conn: &mut SqliteConnection,
    conds: &[String],
    params: &[&str],
) -> Result<Vec<u64>> {
    let everyone = count(conn, None).await?;
    let none = vec![0; conds.len()];
    let (first, last): (Option<i64>, Option<i64>) =
        // Two subqueries: SQLite answers a lone min() or max() from the index's end, but both
        // in one SELECT scan the table (0.3 s at a million customers).
        sqlx::query_as("SELECT (SELECT min(seq) FROM customers), (SELECT max(seq) FROM customers)")
            .fetch_one(&mut *conn)
            .await?;
    let (Some(first), Some(last)) = (first, last) else {
        return Ok(none);
    };
    let tests: Vec<String> = conds
        .iter()
        .enumerate()
        .map(|(i, cond)| format!("total(({cond}) IS 1) AS m{i}"))
        .collect();
    let sums: Vec<String> = (0..conds.len()).map(|i| format!("sum(m{i})")).collect();
    // One short walk of the table per run (a join on a list of starts was planned as a scan).
    let runs: Vec<String> = filters::sample_starts(first, last)
        .into_iter()
        .map(|start| {
            format!(
                "SELECT count(*) AS n, {} FROM customers AS c WHERE c.seq BETWEEN {start} AND {}",
                tests.join(", "),
                start + filters::SAMPLE_CHUNK - 1
            )
        })
        .collect();
    let sql = format!(
        "SELECT sum(n), {} FROM ({})",
        sums.join(", "),
        runs.join(" UNION ALL ")
    );
    let mut statement = sqlx::query(&sql);
    for param in params {
        statement = statement.bind(*param);
    }
    let row = statement.fetch_one(&mut *conn).await?;
    let sampled: i64 = sqlx::Row::try_get::<Option<i64>, _>(&row, 0)?.unwrap_or(0);
    if sampled <= 0 {
        return Ok(none);
    }
    (1..=conds.len())
        .map(|i| {
            let matched: f64 = sqlx::Row::try_get::<Option<f64>, _>(&row, i)?.unwrap_or(0.0);
            Ok((matched * everyone as f64 / sampled as f64).round() as u64)
        })
        .collect()
}

/// A filtered list's total, whether it is exact, and the cheapest index to narrow its rows by
/// with about how many rows that reads (none: let the planner choose).
struct Total {
    total: u64,
    exact: bool,
    narrow: Option<(&'static str, u64)>,
}

async fn filtered_total(
    conn: &mut SqliteConnection,
    now: DateTime<Utc>,
    query: &CustomerQuery,
) -> Result<Total> {
    let counted = |total| Total {
        total,
        exact: true,
        narrow: None,
    };
    if count(conn, None).await? <= EXACT_UP_TO {
        return Ok(counted(exact_count(conn, now, query, Plan::Narrow).await?));
    }
    let (about, each) = estimate(conn, now, query).await?;
    if each.len() <= 1 {
        // One column: its index (with the status, the status-and-column index) holds exactly
        // the matches, so counting them reads no row.
        return Ok(match about <= COUNT_UP_TO {
            true => counted(exact_count(conn, now, query, Plan::Narrow).await?),
            false => Total {
                total: about,
                exact: false,
                narrow: None,
            },
        });
    }
    // Counting a combination reads the rows of whichever range the planner starts from, which
    // at a million customers can be most of them (0.3–0.9 s): count only when the narrowest
    // column's range is short, and start from it.
    let narrowest = narrowest(each);
    Ok(match narrowest {
        Some((column, rows)) if rows <= READ_UP_TO => {
            counted(exact_count(conn, now, query, Plan::Only(column)).await?)
        }
        _ => Total {
            total: about,
            exact: false,
            narrow: narrowest,
        },
    })
}

/// An estimate rounded to two significant figures: "about 120,000", not "about 123,457".
fn rounded(n: u64) -> u64 {
    let mut unit = 1;
    while n / unit >= 100 {
        unit *= 10;
    }
    (n + unit / 2) / unit * unit
}

async fn filtered_page(
    conn: &mut SqliteConnection,
    now: DateTime<Utc>,
    query: &CustomerQuery,
) -> Result<Page<Customer>> {
    let Total {
        total,
        exact,
        narrow,
    } = filtered_total(conn, now, query).await?;
    if exact && (total == 0 || query.page.offset() >= total) {
        return Ok(Page::new(Vec::new(), total, query.page));
    }
    // As for a search: walking the sort index visits about (rows wanted) × (rows per match)
    // rows; narrowing reads about every match of one column's filters, or of a combination
    // the rows of its narrowest column's range. Take the cheaper.
    let population = count(conn, query.status).await?.max(1);
    let wanted = query.page.offset() + u64::from(query.page.per_page());
    let walk_cost = wanted.saturating_mul(population) / total.max(1);
    let (narrow_by, narrow_cost) = match narrow {
        Some((column, rows)) => (Plan::Only(column), rows),
        None => (Plan::Narrow, total),
    };
    let (plan, prefix) = if narrow_cost <= walk_cost {
        (narrow_by, "+")
    } else {
        (Plan::Only(sort_column(query.sort_by)), "")
    };
    let cond = all_of([
        status_clause(query.status, ""),
        filters::clause(&query.filters, "", now, plan),
    ]);
    let sql = format!(
        "SELECT {CUSTOMER_COLUMNS_C} FROM \
           (SELECT seq FROM customers WHERE {cond} ORDER BY {order} LIMIT ? OFFSET ?) AS page \
         CROSS JOIN customers AS c ON c.seq = page.seq ORDER BY {order_c}",
        order = sorted_by(query.sort_by, query.sort_order, "", prefix),
        order_c = order_by(query.sort_by, query.sort_order, "c."),
    );
    let rows = sqlx::query(&sql)
        .bind(i64::from(query.page.per_page()))
        .bind(query.page.offset() as i64)
        .fetch_all(&mut *conn)
        .await?;
    let items: Vec<Customer> = rows.iter().map(codec::customer).collect::<Result<_>>()?;
    if exact {
        return Ok(Page::new(items, total, query.page));
    }
    if items.is_empty() && query.page.offset() > 0 {
        let total = exact_count(conn, now, query, narrow_by).await?;
        return Ok(Page::new(items, total, query.page));
    }
    Ok(about_page(items, total, query.page))
}

async fn plain_page(conn: &mut SqliteConnection, query: &CustomerQuery) -> Result<Page<Customer>> {
    let total = count(conn, query.status).await?;
    let filter = status_clause(query.status, "");
    let where_ = if filter.is_empty() {
        String::new()
    } else {
        format!("WHERE {filter}")
    };
    // Find the page's row numbers on the index alone (no table reads for skipped rows), then
    // read just those rows: a deep page costs an index walk, not half a table.
    let sql = format!(
        "SELECT {CUSTOMER_COLUMNS_C} FROM \
           (SELECT seq FROM customers {where_} ORDER BY {order} LIMIT ? OFFSET ?) AS page \
         CROSS JOIN customers AS c ON c.seq = page.seq ORDER BY {order_c}",
        order = order_by(query.sort_by, query.sort_order, ""),
        order_c = order_by(query.sort_by, query.sort_order, "c."),
    );
    let rows = sqlx::query(&sql)
        .bind(i64::from(query.page.per_page()))
        .bind(query.page.offset() as i64)
        .fetch_all(conn)
        .await?;
    let items = rows.iter().map(codec::customer).collect::<Result<_>>()?;
    Ok(Page::new(items, total, query.page))
}

async fn search_page(
    conn: &mut SqliteConnection,
    search: &Search,
    now: DateTime<Utc>,
    query: &CustomerQuery,
) -> Result<Page<Customer>> {
    // Filters are tested row by row here: the search or the sort index leads.
    let status = search_conditions(query, now);
    if !search.can_use_index() {
        return short_search_page(conn, search, &status, query).await;
    }
    let (and_status, check) = search.row_tests(&status);
    let (total, exact) = search_total(conn, search, &and_status, &check).await?;
    if exact && (total == 0 || query.page.offset() >= total) {
        return Ok(Page::new(Vec::new(), total, query.page));
    }

    // Walking the sort index visits about (rows wanted) × (rows per match) rows; reading every
    // match from the search index and sorting them costs about `total`. Take the cheaper.
    let population = count(conn, query.status).await?.max(1);
    let wanted = query.page.offset() + u64::from(query.page.per_page());
    let walk_cost = wanted.saturating_mul(population) / total.max(1);
    let rows_sql = if total <= walk_cost {
        format!(
            "SELECT {CUSTOMER_COLUMNS_C} FROM customer_search AS s CROSS JOIN customers AS c ON c.seq = s.rowid \
             WHERE customer_search MATCH ?3 {and_status} {check} ORDER BY {order} LIMIT ?4 OFFSET ?5",
            order = order_by(query.sort_by, query.sort_order, "c."),
        )
    } else {
        format!(
            "SELECT {CUSTOMER_COLUMNS_C} FROM customers AS c WHERE {} {and_status} AND ?3 = ?3 \
             ORDER BY {order} LIMIT ?4 OFFSET ?5",
            Search::ROW_FILTER,
            order = order_by(query.sort_by, query.sort_order, "c."),
        )
    };
    let rows = search
        .bind(sqlx::query(&rows_sql))
        .bind(i64::from(query.page.per_page()))
        .bind(query.page.offset() as i64)
        .fetch_all(&mut *conn)
        .await?;
    let items: Vec<Customer> = rows.iter().map(codec::customer).collect::<Result<_>>()?;
    if exact {
        return Ok(Page::new(items, total, query.page));
    }
    if items.is_empty() && query.page.offset() > 0 {
        let total = indexed_count(conn, search, &and_status, &check).await?;
        return Ok(Page::new(items, total, query.page));
    }
    Ok(about_page(items, total, query.page))
}

/// Search matches whose rows are read to test a status, filters or a phone number are counted
/// exactly up to about this many; past that the total is estimated from a sample of them.
const SEARCH_READ_UP_TO: u64 = 10_000;

/// Rows the estimate of a search's total reads.
const SEARCH_SAMPLE: u64 = 1_000;

/// A search's total and whether it is exact. The trigram index counts its matches without
/// reading a row; testing a status or filters means reading each match's row (139,000 for
/// `wan`: 0.14 s), so past `SEARCH_READ_UP_TO` only every n-th match by row number is read,
/// and the page carries the estimate.
async fn search_total(
    conn: &mut SqliteConnection,
    search: &Search,
    and_status: &str,
    check: &str,
) -> Result<(u64, bool)> {
    let row = search
        .bind(sqlx::query(
            "SELECT count(*) FROM customer_search WHERE customer_search MATCH ?3",
        ))
        .fetch_one(&mut *conn)
        .await?;
    let candidates = sqlx::Row::try_get::<i64, _>(&row, 0)? as u64;
    if and_status.is_empty() && check.is_empty() {
        return Ok((candidates, true));
    }
    if candidates <= SEARCH_READ_UP_TO {
        return Ok((indexed_count(conn, search, and_status, check).await?, true));
    }
    let step = (candidates / SEARCH_SAMPLE).max(2);
    let sql = format!(
        "SELECT count(*), total((1 {and_status} {check}) IS 1) \
         FROM customer_search AS s CROSS JOIN customers AS c ON c.seq = s.rowid \
         WHERE customer_search MATCH ?3 AND s.rowid % {step} = 0"
    );
    let row = search.bind(sqlx::query(&sql)).fetch_one(&mut *conn).await?;
    let sampled: i64 = sqlx::Row::try_get(&row, 0)?;
    let matched: f64 = sqlx::Row::try_get(&row, 1)?;
    if sampled == 0 {
        return Ok((indexed_count(conn, search, and_status, check).await?, true));
    }
    let about = matched * candidates as f64 / sampled as f64;
    Ok((about.round() as u64, false))
}

/// Exactly how many customers an indexed search matches, with its status and filters.
async fn indexed_count(
    conn: &mut SqliteConnection,
    search: &Search,
    and_status: &str,
    check: &str,
) -> Result<u64> {
    let sql = if and_status.is_empty() && check.is_empty() {
        "SELECT count(*) FROM customer_search WHERE customer_search MATCH ?3".to_owned()
    } else {
        format!(
            "SELECT count(*) FROM customer_search AS s CROSS JOIN customers AS c ON c.seq = s.rowid \
             WHERE customer_search MATCH ?3 {and_status} {check}"
        )
    };
    let row = search.bind(sqlx::query(&sql)).fetch_one(conn).await?;
    Ok(sqlx::Row::try_get::<i64, _>(&row, 0)? as u64)
}

/// A page whose total was estimated. One that is not full is the last: its rows and those
/// before it are all there are, so its total is exact. A full one carries the estimate, at
/// least the rows seen so far and one more. (An empty page past page 1 says only that the
/// list is shorter than estimated: its caller counts it.)
fn about_page(items: Vec<Customer>, about: u64, page: PageRequest) -> Page<Customer> {
    let shown = page.offset() + items.len() as u64;
    match items.len() < page.per_page() as usize {
        true => Page::new(items, shown, page),
        false => Page::about(items, rounded(about.max(shown + 1)), page),
    }
}

/// A search's status and filter conditions on `c.`, tested row by row beside the search.
fn search_conditions(query: &CustomerQuery, now: DateTime<Utc>) -> String {
    all_of([
        status_clause(query.status, "c."),
        filters::clause(
            &query.filters,
            "c.",
            now,
            Plan::Only(sort_column(query.sort_by)),
        ),
    ])
}

/// Short searches are counted exactly up to this many customers: a scan of them all takes a
/// few milliseconds.
const SCAN_UP_TO: u64 = 20_000;

/// A search of one or two characters, which trigrams can't answer. Such a term matches a large
/// share of the customers, so walking the sort index and keeping the rows that match fills the
/// page after a few dozen rows; the total is estimated from a sample and the exact figure is a
/// separate request (`count_matches`), because counting means testing every row (a quarter of
/// a second at a million customers: too long for a keystroke).
async fn short_search_page(
    conn: &mut SqliteConnection,
    search: &Search,
    conditions: &str,
    query: &CustomerQuery,
) -> Result<Page<Customer>> {
    let everyone = count(conn, None).await?;
    let exact_total = if everyone <= SCAN_UP_TO {
        Some(scan_count(conn, search, conditions).await?)
    } else {
        None
    };
    if exact_total == Some(0) {
        return Ok(Page::new(Vec::new(), 0, query.page));
    }
    let and_conditions = if conditions.is_empty() {
        String::new()
    } else {
        format!("AND {conditions}")
    };
    let sql = format!(
        "SELECT {CUSTOMER_COLUMNS_C} FROM customers AS c WHERE {} {and_conditions} \
         ORDER BY {order} LIMIT ?3 OFFSET ?4",
        Search::ROW_FILTER,
        order = order_by(query.sort_by, query.sort_order, "c."),
    );
    let rows = sqlx::query(&sql)
        .bind(&search.term)
        .bind(search.digits())
        .bind(i64::from(query.page.per_page()))
        .bind(query.page.offset() as i64)
        .fetch_all(&mut *conn)
        .await?;
    let items: Vec<Customer> = rows.iter().map(codec::customer).collect::<Result<_>>()?;
    if let Some(total) = exact_total {
        return Ok(Page::new(items, total, query.page));
    }
    if items.is_empty() {
        // The walk read every row and found none here (a rare term, or a page past the end):
        // counting costs no more than that walk did.
        let total = scan_count(conn, search, conditions).await?;
        return Ok(Page::new(items, total, query.page));
    }
    let sampled = match items.len() < query.page.per_page() as usize {
        true => 0, // the last page: `about_page` makes its total exact
        false => {
            let cond = format!("{} {and_conditions}", Search::ROW_FILTER);
            let terms = [search.term.as_str(), search.digits()];
            sample(conn, &[cond], &terms).await?.pop().unwrap_or(0)
        }
    };
    Ok(about_page(items, sampled, query.page))
}

/// Every customer a search of one or two characters matches, counted by testing each row.
async fn scan_count(conn: &mut SqliteConnection, search: &Search, conditions: &str) -> Result<u64> {
    let and_conditions = if conditions.is_empty() {
        String::new()
    } else {
        format!("AND {conditions}")
    };
    let total: i64 = sqlx::query_scalar(&format!(
        "SELECT count(*) FROM customers AS c WHERE {} {and_conditions}",
        Search::ROW_FILTER
    ))
    .bind(&search.term)
    .bind(search.digits())
    .fetch_one(conn)
    .await?;
    Ok(total as u64)
}

/// Customers read per step of `for_each`.
const WALK_BLOCK: usize = 2_000;

/// Every customer the list shows for `query`, over all its pages, in its order (the page itself
/// is ignored), handed to `each` as it is read: what an export writes. It sits beside `list` so
/// that a filter added there is added here too; a store test checks that the two agree.
pub(crate) async fn for_each(
    conn: &mut SqliteConnection,
    region: PhoneRegion,
    now: DateTime<Utc>,
    query: &CustomerQuery,
    mut each: impl FnMut(Customer) -> Result<bool>,
) -> Result<bool> {
    let search = query
        .search
        .as_deref()
        .map(|term| Search::new(term, region));
    let mut conditions = Vec::new();
    let status = status_clause(query.status, "c.");
    if !status.is_empty() {
        conditions.push(status);
    }
    if search.is_some() {
        // The same test as the index's match, row by row: an export reads every row anyway.
        conditions.push(Search::ROW_FILTER.to_owned());
    }
    let filtered = filters::clause(&query.filters, "c.", now, Plan::Narrow);
    if !filtered.is_empty() {
        conditions.push(filtered);
    }
    let where_ = if conditions.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", conditions.join(" AND "))
    };
    // The order is fixed once, as row numbers in a temporary table, and the rows are then read
    // a block at a time as one JSON value: sqlx hands each result row across threads on its
    // own, copying every value (about 13 µs a row), which was most of a million-row export's
    // 13–17 s. One read transaction, so the order and every block see the same customers; it
    // is rolled back, the temporary table with it, however the walk ends.
    let mut tx = conn.begin().await?;
    sqlx::query("CREATE TEMP TABLE walk (seq INTEGER NOT NULL)")
        .execute(&mut *tx)
        .await?;
    let sql = format!(
        "INSERT INTO temp.walk (seq) SELECT c.seq FROM customers AS c {where_} ORDER BY {order}",
        order = order_by(query.sort_by, query.sort_order, "c."),
    );
    let mut statement = sqlx::query(&sql);
    if let Some(search) = &search {
        statement = statement
            .bind(&search.term)
            .bind(search.phone_digits.as_ref().unwrap_or(&search.term));
    }
    let rows = statement.execute(&mut *tx).await?.rows_affected() as i64;
    let block_sql = format!(
        "SELECT json_group_array({CUSTOMER_JSON_C} ORDER BY w.rowid) \
         FROM temp.walk AS w CROSS JOIN customers AS c ON c.seq = w.seq \
         WHERE w.rowid > ? AND w.rowid <= ?"
    );
    let read = |first: i64| {
        sqlx::query_scalar::<_, String>(&block_sql)
            .bind(first)
            .bind(first + WALK_BLOCK as i64)
    };
    let mut block = match rows {
        0 => None,
        _ => Some(read(0).fetch_one(&mut *tx).await?),
    };
    let mut first = 0;
    while let Some(current) = block.take() {
        first += WALK_BLOCK as i64;
        // The next block is read on SQLite's thread while this one is handed over on ours
        // (`join` polls `next` first, which sends the query): both cores work on an export.
        let next = async {
            match first < rows {
                true => read(first).fetch_one(&mut *tx).await.map(Some),
                false => Ok(None),
            }
        };
        let hand_over = async {
            let stored: Vec<codec::Stored> = serde_json::from_str(&current)
                .map_err(|e| crate::Error::Internal(format!("a block of customers: {e}")))?;
            for stored in stored {
                if !each(stored.customer()?)? {
                    return Ok(false);
                }
            }
            Ok::<_, crate::Error>(true)
        };
        let (next, go_on) = futures_util::future::join(next, hand_over).await;
        if !go_on? {
            return Ok(false);
        }
        block = next?;
    }
    tx.rollback().await?;
    Ok(true)
}
