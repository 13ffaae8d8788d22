//! The customer list: filter, search, sort and page, each with its total, fast at a million rows.
//!
//! Plain pages walk one index (see `migrations/0001`) and take their total from the per-status
//! counters. A search asks the trigram index how many customers match, then picks the cheaper of
//! two plans for the rows: when matches are rare, fetch them all from the index and sort them;
//! when they are common, walk the sort index and keep the rows that match, which stops as soon as
//! the page is full. Searches shorter than three characters cannot use trigrams and scan.

use crate::codec::{self, CUSTOMER_COLUMNS, CUSTOMER_COLUMNS_C};
use crate::Result;
use infora_domain::{Customer, CustomerQuery, CustomerStatus, Page, PhoneRegion, SortField, SortOrder};
use sqlx::query::Query;
use sqlx::sqlite::{Sqlite, SqliteArguments};
use sqlx::SqliteConnection;

/// The ORDER BY of a sort, ending with the `seq` tie-breaker each index entry carries.
fn order_by(field: SortField, order: SortOrder, alias: &str) -> String {
    let column = match field {
        SortField::Name => "name COLLATE NOCASE",
        SortField::Email => "email",
        SortField::CreatedAt => "created_at",
        SortField::UpdatedAt => "updated_at",
        SortField::JoinDate => "join_date",
        SortField::Balance => "balance_cents",
        SortField::UsagePercentage => "usage_percentage",
        SortField::DeviceCount => "device_count",
        SortField::LastPaymentDate => "last_payment_date",
        SortField::Status => "status",
    };
    let dir = match order {
        SortOrder::Asc => "ASC",
        SortOrder::Desc => "DESC",
    };
    format!("{alias}{column} {dir}, {alias}seq {dir}")
}

/// What a search term looks for.
struct Search {
    /// Lower-cased for the scan plan; trigram matching folds case itself.
    term: String,
    /// The digits a phone fragment stands for, when the term looks like one.
    phone_digits: Option<String>,
}

impl Search {
    fn new(term: &str, region: PhoneRegion) -> Self {
        let term = term.to_lowercase();
        let phone_digits = region.search_digits(&term).filter(|d| *d != term);
        Self { term, phone_digits }
    }

    /// Trigrams need three characters in every part of the query.
    fn can_use_index(&self) -> bool {
        self.term.chars().count() >= 3 && self.phone_digits.as_ref().is_none_or(|d| d.len() >= 3)
    }

    /// The FTS5 query: every character is literal inside a quoted string (`"` doubled).
    fn match_expression(&self) -> String {
        let quote = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
        match &self.phone_digits {
            Some(digits) => format!("{} OR phone : {}", quote(&self.term), quote(digits)),
            None => quote(&self.term),
        }
    }

    /// The same test as `match_expression`, row by row, for plans that walk another index.
    /// Bound as ?1 (term) and ?2 (digits, or the term again).
    const ROW_FILTER: &'static str = "(instr(lower(name), ?1) > 0 OR instr(email, ?1) > 0 \
        OR instr(substr(phone, 2), ?1) > 0 OR instr(substr(phone, 2), ?2) > 0)";

    fn bind_row_filter<'q>(&'q self, query: Query<'q, Sqlite, SqliteArguments<'q>>) -> Query<'q, Sqlite, SqliteArguments<'q>> {
        query.bind(&self.term).bind(self.phone_digits.as_ref().unwrap_or(&self.term))
    }
}

/// Customers for one status, or for all, from the counters kept by triggers.
pub(crate) async fn count(conn: &mut SqliteConnection, status: Option<CustomerStatus>) -> Result<u64> {
    let total: i64 = match status {
        Some(status) => sqlx::query_scalar("SELECT customers FROM customer_counts WHERE status = ?")
            .bind(status.as_str())
            .fetch_one(conn)
            .await?,
        None => sqlx::query_scalar("SELECT sum(customers) FROM customer_counts").fetch_one(conn).await?,
    };
    Ok(total as u64)
}

fn status_clause(status: Option<CustomerStatus>, alias: &str) -> String {
    status.map_or(String::new(), |s| format!("{alias}status = '{}'", s.as_str()))
}

pub async fn list(conn: &mut SqliteConnection, region: PhoneRegion, query: &CustomerQuery) -> Result<Page<Customer>> {
    match &query.search {
        None => plain_page(conn, query).await,
        Some(term) => search_page(conn, &Search::new(term, region), query).await,
    }
}

async fn plain_page(conn: &mut SqliteConnection, query: &CustomerQuery) -> Result<Page<Customer>> {
    let total = count(conn, query.status).await?;
    let filter = status_clause(query.status, "");
    let where_ = if filter.is_empty() { String::new() } else { format!("WHERE {filter}") };
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

async fn search_page(conn: &mut SqliteConnection, search: &Search, query: &CustomerQuery) -> Result<Page<Customer>> {
    let status = status_clause(query.status, "c.");
    let and_status = if status.is_empty() { String::new() } else { format!("AND {status}") };
    let order = order_by(query.sort_by, query.sort_order, "");
    let limit = i64::from(query.page.per_page());
    let offset = query.page.offset() as i64;

    let total: i64 = if search.can_use_index() {
        let sql = if status.is_empty() {
            "SELECT count(*) FROM customer_search WHERE customer_search MATCH ?".to_owned()
        } else {
            format!(
                "SELECT count(*) FROM customer_search AS s CROSS JOIN customers AS c ON c.seq = s.rowid \
                 WHERE customer_search MATCH ? {and_status}"
            )
        };
        sqlx::query_scalar(&sql).bind(search.match_expression()).fetch_one(&mut *conn).await?
    } else {
        let sql = format!("SELECT count(*) FROM customers AS c WHERE {} {and_status}", Search::ROW_FILTER);
        let row = search.bind_row_filter(sqlx::query(&sql)).fetch_one(&mut *conn).await?;
        sqlx::Row::try_get(&row, 0)?
    };
    let total = total as u64;
    if total == 0 || query.page.offset() >= total {
        return Ok(Page::new(Vec::new(), total, query.page));
    }

    // Walking the sort index visits about (rows wanted) × (rows per match) rows; reading every
    // match from the search index and sorting them costs about `total`. Take the cheaper.
    let population = count(conn, query.status).await?.max(1);
    let wanted = query.page.offset() + u64::from(query.page.per_page());
    let walk_cost = wanted.saturating_mul(population) / total;
    let rows = if search.can_use_index() && total <= walk_cost {
        let sql = format!(
            "SELECT {CUSTOMER_COLUMNS_C} FROM customer_search AS s CROSS JOIN customers AS c ON c.seq = s.rowid \
             WHERE customer_search MATCH ? {and_status} ORDER BY {order_c} LIMIT ? OFFSET ?",
            order_c = order_by(query.sort_by, query.sort_order, "c."),
        );
        sqlx::query(&sql)
            .bind(search.match_expression())
            .bind(limit)
            .bind(offset)
            .fetch_all(&mut *conn)
            .await?
    } else {
        let and_status = if status.is_empty() { String::new() } else { format!("AND {}", status_clause(query.status, "")) };
        let sql = format!(
            "SELECT {CUSTOMER_COLUMNS} FROM customers WHERE {} {and_status} ORDER BY {order} LIMIT ?3 OFFSET ?4",
            Search::ROW_FILTER
        );
        search
            .bind_row_filter(sqlx::query(&sql))
            .bind(limit)
            .bind(offset)
            .fetch_all(&mut *conn)
            .await?
    };
    let items = rows.iter().map(codec::customer).collect::<Result<_>>()?;
    Ok(Page::new(items, total, query.page))
}
