//! Importing a shop's customer list (a sheet read by `infora-exchange`): a dry run that says
//! what would happen to every row before anything is written, and the import itself, in one
//! transaction with progress and cancellation.
//!
//! A row's customer is found by email (any case: emails are stored lower-cased), or, when its
//! email is new, by phone in any local form (phones are stored in E.164). Rows of the same file
//! are matched with each other the same way. A row that finds a customer is a duplicate: it
//! updates that customer with the cells it gives (a blank cell changes nothing), or is skipped,
//! as the person chose. Every row must be a whole valid customer, so a row refused here would
//! be refused by the form in the same words.

use crate::audit::Actor;
use crate::codec::{self, in_list, CUSTOMER_COLUMNS};
use crate::{bulk, customers, sync, Error, ImportProgress, Result};
use chrono::{DateTime, Utc};
use infora_domain::{
    Customer, CustomerId, CustomerPatch, FieldError, NewCustomer, PhoneRegion, Rule,
    ValidationErrors,
};
use infora_exchange::row::ParsedRow;
use infora_exchange::{parse_row, Field, Mapping, MappingProblem, Sheet};
use serde::{Deserialize, Serialize};
use sqlx::{QueryBuilder, Row, Sqlite, SqliteConnection};
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use ts_rs::TS;
use uuid::Uuid;

/// What to do with a row whose customer is already in the store or earlier in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum OnDuplicate {
    /// Set the fields the row gives.
    Update,
    /// Leave the customer as it is.
    Skip,
}

/// What to import: a sheet's rows, which of its columns holds which field, and what to do with a
/// duplicate. The dry run and the import take the same value, so the one previews the other.
/// It borrows: the shell keeps the sheet it read between the dry run and the import.
#[derive(Debug, Clone, Copy)]
pub struct SheetImport<'a> {
    pub sheet: &'a Sheet,
    pub mapping: &'a Mapping,
    pub on_duplicate: OnDuplicate,
}

/// A row that cannot be imported: its line in the file, and each field at fault and why.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct RefusedRow {
    #[ts(type = "number")]
    pub line: u64,
    pub problems: Vec<FieldError>,
}

/// What an import does (or, from a dry run, would do) with every row of a file. Each row is
/// counted once: `new + updated + unchanged + skipped + refused.len() == rows`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ImportReport {
    #[ts(type = "number")]
    pub rows: u64,
    /// Rows that create a customer.
    #[ts(type = "number")]
    pub new: u64,
    /// Duplicates that change their customer.
    #[ts(type = "number")]
    pub updated: u64,
    /// Duplicates that would change nothing (their customer already has these values).
    #[ts(type = "number")]
    pub unchanged: u64,
    /// Duplicates left alone (`OnDuplicate::Skip`).
    #[ts(type = "number")]
    pub skipped: u64,
    pub refused: Vec<RefusedRow>,
}

impl ImportReport {
    /// The refused rows as CSV (UTF-8 with a BOM, for Excel): `Line,Field,Reason`, one line per
    /// problem, so a person can fix the file row by row.
    pub fn refusals_csv(&self) -> String {
        let mut out = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
        let mut write = |record: [&str; 3]| out.write_record(record);
        let mut result = write(["Line", "Field", "Reason"]);
        for row in &self.refused {
            for problem in &row.problems {
                let line = row.line.to_string();
                result = result.and(write([&line, &problem.field, &problem.message]));
            }
        }
        // Writing to memory cannot fail.
        result.ok();
        let bytes = out.into_inner().unwrap_or_default();
        String::from_utf8(bytes).unwrap_or_default()
    }
}

/// How an import ended.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum ImportOutcome {
    Imported {
        report: ImportReport,
    },
    /// Stopped at the person's request; nothing was written.
    Cancelled,
}

/// The mapping's problems as validation errors on the fields they concern.
fn check_mapping(mapping: &Mapping) -> Result<()> {
    let mut errors = ValidationErrors::new();
    for problem in mapping.problems() {
        errors.push(match problem {
            MappingProblem::Missing { field } => {
                FieldError::new(field.as_str(), Rule::Required, "has no column in the file")
            }
            MappingProblem::Twice { field, .. } => FieldError::new(
                field.as_str(),
                Rule::Unique,
                "is given to more than one column",
            ),
        });
    }
    Ok(errors.into_result()?)
}

/// A customer an import writes: one already stored, or one the import creates.
enum Target {
    Stored {
        before: Box<Customer>,
        after: Box<Customer>,
    },
    New(NewCustomer),
}

/// What an import would write, and its report.
struct Plan {
    report: ImportReport,
    targets: Vec<Target>,
}

/// The row's given fields as a patch.
fn patch_of(row: &ParsedRow) -> CustomerPatch {
    let c = &row.customer;
    let mut patch = CustomerPatch::default();
    for field in &row.given {
        match field {
            Field::Name => patch.name = Some(c.name.clone()),
            Field::Email => patch.email = Some(c.email.clone()),
            Field::Phone => patch.phone = Some(c.phone.clone()),
            Field::Address => patch.address = Some(c.address.clone()),
            Field::Status => patch.status = Some(c.status),
            Field::Package => patch.package = Some(c.package.clone()),
            Field::Balance => patch.balance = Some(c.balance),
            Field::UsagePercentage => patch.usage_percentage = Some(c.usage_percentage),
            Field::DeviceCount => patch.device_count = Some(c.device_count),
            Field::JoinDate => patch.join_date = c.join_date,
            Field::LastPaymentDate => patch.last_payment_date = Some(c.last_payment_date),
        }
    }
    patch
}

/// `patch` applied to a customer not yet created.
fn merge_new(new: &mut NewCustomer, patch: CustomerPatch) {
    macro_rules! take {
        ($($field:ident),*) => { $( if let Some(value) = patch.$field { new.$field = value; } )* };
    }
    take!(
        name,
        email,
        phone,
        address,
        status,
        package,
        balance,
        usage_percentage,
        device_count,
        last_payment_date
    );
    if let Some(join_date) = patch.join_date {
        new.join_date = Some(join_date);
    }
}

/// Rows per look-up: well under SQLite's limit on bound parameters.
const LOOKUP: usize = 500;

/// The stored customers with these emails, by email.
async fn stored_by_email(
    conn: &mut SqliteConnection,
    emails: &[&str],
) -> Result<HashMap<String, Customer>> {
    let mut found = HashMap::new();
    for chunk in emails.chunks(LOOKUP) {
        let mut query = QueryBuilder::<Sqlite>::new(format!(
            "SELECT {CUSTOMER_COLUMNS} FROM customers WHERE email IN "
        ));
        in_list(&mut query, chunk.iter().copied());
        for row in query.build().fetch_all(&mut *conn).await? {
            let customer = codec::customer(&row)?;
            found.insert(customer.email.as_str().to_owned(), customer);
        }
    }
    Ok(found)
}

/// The stored customers with these phones, by phone (several customers may share one).
async fn stored_by_phone(
    conn: &mut SqliteConnection,
    phones: &[&str],
) -> Result<HashMap<String, Vec<CustomerId>>> {
    let mut found: HashMap<String, Vec<CustomerId>> = HashMap::new();
    for chunk in phones.chunks(LOOKUP) {
        let mut query =
            QueryBuilder::<Sqlite>::new("SELECT phone, id FROM customers WHERE phone IN ");
        in_list(&mut query, chunk.iter().copied());
        for row in query.build().fetch_all(&mut *conn).await? {
            let id = CustomerId::from_uuid(row.try_get::<Uuid, _>("id")?);
            found.entry(row.try_get("phone")?).or_default().push(id);
        }
    }
    Ok(found)
}

/// Parses every row, on every core: the phone parser is most of an import's time.
fn parse_all(
    sheet: &Sheet,
    mapping: &Mapping,
    region: PhoneRegion,
    now: DateTime<Utc>,
) -> Vec<std::result::Result<ParsedRow, ValidationErrors>> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = sheet.rows.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        let handles: Vec<_> = sheet
            .rows
            .chunks(chunk)
            .map(|rows| {
                scope.spawn(move || {
                    rows.iter()
                        .map(|r| parse_row(mapping, &r.cells, region, now))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
            .collect()
    })
}

fn refusal(field: Field, message: String) -> ValidationErrors {
    FieldError::new(field.as_str(), Rule::Unique, message).into()
}

/// Decides what happens to every row, reading the store through `conn`; writes nothing.
async fn plan(
    conn: &mut SqliteConnection,
    region: PhoneRegion,
    now: DateTime<Utc>,
    job: SheetImport<'_>,
) -> Result<Plan> {
    let SheetImport {
        sheet,
        mapping,
        on_duplicate,
    } = job;
    check_mapping(mapping)?;
    let parsed = parse_all(sheet, mapping, region, now);
    let ok = || parsed.iter().filter_map(|p| p.as_ref().ok());
    let emails: Vec<&str> = ok().map(|p| p.customer.email.as_str()).collect();
    let phones: Vec<&str> = ok().map(|p| p.customer.phone.as_str()).collect();
    let mut stored = stored_by_email(conn, &emails).await?;
    let by_phone = stored_by_phone(conn, &phones).await?;
    let known: std::collections::HashSet<CustomerId> = stored.values().map(|c| c.id).collect();
    let phone_owners: Vec<CustomerId> = by_phone
        .values()
        .filter(|ids| ids.len() == 1)
        .flatten()
        .copied()
        .filter(|id| !known.contains(id))
        .collect();
    for customer in stored_by_ids(conn, &phone_owners).await? {
        stored.insert(customer.email.as_str().to_owned(), customer);
    }
    let by_id: HashMap<CustomerId, &Customer> = stored.values().map(|c| (c.id, c)).collect();

    let mut report = ImportReport {
        rows: sheet.rows.len() as u64,
        ..ImportReport::default()
    };
    let mut targets: Vec<Target> = Vec::new();
    // Within the file: email or phone → the target (and the line that introduced it).
    let mut file_email: HashMap<String, (usize, u64)> = HashMap::new();
    let mut file_phone: HashMap<String, (usize, u64)> = HashMap::new();
    let mut stored_target: HashMap<CustomerId, usize> = HashMap::new();
    for (row, parsed) in sheet.rows.iter().zip(parsed) {
        let resolved = parsed.and_then(|parsed| {
            let email = parsed.customer.email.as_str().to_owned();
            let phone = parsed.customer.phone.as_str().to_owned();
            let in_file = match (file_email.get(&email), file_phone.get(&phone)) {
                (Some(a), Some(b)) if a.0 != b.0 => {
                    return Err(refusal(
                        Field::Phone,
                        format!(
                            "is line {}'s, but the email is line {}'s: they are two customers",
                            b.1, a.1
                        ),
                    ))
                }
                (Some(a), _) | (None, Some(a)) => Some(a.0),
                (None, None) => None,
            };
            let in_store =
                match stored.get(&email) {
                    Some(c) => Some(c.id),
                    None => match by_phone.get(&phone).map(Vec::as_slice) {
                        Some([id]) => Some(*id),
                        Some([_, _, ..]) => return Err(refusal(
                            Field::Phone,
                            "is shared by several customers; give the email of the one this row is"
                                .into(),
                        )),
                        _ => None,
                    },
                };
            Ok((
                parsed,
                email,
                phone,
                in_file.or_else(|| in_store.and_then(|id| stored_target.get(&id).copied())),
                in_store,
            ))
        });
        let (parsed, email, phone, known, in_store) = match resolved {
            Ok(resolved) => resolved,
            Err(errors) => {
                report.refused.push(RefusedRow {
                    line: row.line,
                    problems: errors.fields().to_vec(),
                });
                continue;
            }
        };
        let target = match (known, in_store) {
            (Some(target), _) => target,
            (None, Some(id)) => {
                let before = by_id
                    .get(&id)
                    .map(|c| (*c).clone())
                    .ok_or_else(|| Error::Internal("a matched customer vanished".into()))?;
                targets.push(Target::Stored {
                    after: Box::new(before.clone()),
                    before: Box::new(before),
                });
                stored_target.insert(id, targets.len() - 1);
                targets.len() - 1
            }
            (None, None) => {
                targets.push(Target::New(parsed.customer));
                let target = targets.len() - 1;
                file_email.insert(email, (target, row.line));
                file_phone.insert(phone, (target, row.line));
                report.new += 1;
                continue;
            }
        };
        file_email.entry(email).or_insert((target, row.line));
        file_phone.entry(phone).or_insert((target, row.line));
        if on_duplicate == OnDuplicate::Skip {
            report.skipped += 1;
            continue;
        }
        let patch = patch_of(&parsed);
        match &mut targets[target] {
            Target::Stored { after, .. } => {
                let next = patch.apply_to(after);
                if next == **after {
                    report.unchanged += 1;
                } else {
                    report.updated += 1;
                    **after = next;
                }
            }
            Target::New(new) => {
                // A row repeating an earlier new one, cell for cell, changes nothing.
                let before = new.clone();
                merge_new(new, patch);
                if *new == before {
                    report.unchanged += 1;
                } else {
                    report.updated += 1;
                }
            }
        }
    }
    Ok(Plan { report, targets })
}

async fn stored_by_ids(conn: &mut SqliteConnection, ids: &[CustomerId]) -> Result<Vec<Customer>> {
    let mut found = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(LOOKUP) {
        let mut query = QueryBuilder::<Sqlite>::new(format!(
            "SELECT {CUSTOMER_COLUMNS} FROM customers WHERE id IN "
        ));
        in_list(&mut query, chunk.iter().map(|id| id.as_uuid()));
        for row in query.build().fetch_all(&mut *conn).await? {
            found.push(codec::customer(&row)?);
        }
    }
    Ok(found)
}

/// What a dry run reports: every row's fate, nothing written.
pub(crate) async fn dry_run(
    conn: &mut SqliteConnection,
    region: PhoneRegion,
    now: DateTime<Utc>,
    job: SheetImport<'_>,
) -> Result<ImportReport> {
    Ok(plan(conn, region, now, job).await?.report)
}

/// Who an import's changes are recorded as: the operator, and the file they came from.
pub fn import_actor(operator: &Actor, file_name: &str) -> Actor {
    Actor::new(format!("{} (import of {file_name})", operator.as_str()))
}

/// Customers created per step between looks at the cancel flag.
const STEP: usize = 5_000;

/// The writer's page cache while an import runs, in KiB: new rows land all over twenty sort
/// indexes of a large table, and the usual small cache would read the same pages back from the
/// OS, and write half-done pages out, again and again. SQLite's soft heap limit (`db.rs`) is
/// raised by as much for the import, or it would keep the cache at the usual size whatever its
/// setting (it did, until 2026-12-03: an import into 1M customers spent a third of its time
/// spilling and rereading pages). Both are put back when the import ends. 1 GiB was no faster.
const IMPORT_CACHE_KIB: i64 = 256 * 1024;

/// Imports inside the caller's transaction. Returns `None` when cancelled: the caller must
/// then roll back (nothing it wrote may be kept).
pub(crate) async fn import(
    conn: &mut SqliteConnection,
    region: PhoneRegion,
    now: DateTime<Utc>,
    actor: &Actor,
    job: SheetImport<'_>,
    progress: impl FnMut(ImportProgress),
    cancel: &AtomicBool,
) -> Result<Option<ImportReport>> {
    let cache: i64 = sqlx::query_scalar("PRAGMA cache_size")
        .fetch_one(&mut *conn)
        .await?;
    let heap: i64 = sqlx::query_scalar("PRAGMA soft_heap_limit")
        .fetch_one(&mut *conn)
        .await?;
    sqlx::query(&format!("PRAGMA cache_size = -{IMPORT_CACHE_KIB}"))
        .execute(&mut *conn)
        .await?;
    sqlx::query(&format!(
        "PRAGMA soft_heap_limit = {}",
        IMPORT_CACHE_KIB * 1024 + heap
    ))
    .execute(&mut *conn)
    .await?;
    let result = write(conn, region, now, actor, job, progress, cancel).await;
    sqlx::query(&format!("PRAGMA cache_size = {cache}"))
        .execute(&mut *conn)
        .await?;
    sqlx::query(&format!("PRAGMA soft_heap_limit = {heap}"))
        .execute(&mut *conn)
        .await?;
    result
}

async fn write(
    conn: &mut SqliteConnection,
    region: PhoneRegion,
    now: DateTime<Utc>,
    actor: &Actor,
    job: SheetImport<'_>,
    mut progress: impl FnMut(ImportProgress),
    cancel: &AtomicBool,
) -> Result<Option<ImportReport>> {
    let Plan { report, targets } = plan(conn, region, now, job).await?;
    let mut created = Vec::with_capacity(report.new as usize);
    let mut updates = Vec::new();
    for target in targets {
        match target {
            Target::New(new) => created.push(customers::build(CustomerId::new(), now, &new)),
            Target::Stored { before, after } if before != after => updates.push((before, after)),
            Target::Stored { .. } => {}
        }
    }
    let total = created.len() + updates.len();
    let cancelled = || cancel.load(Ordering::Relaxed);
    let finished = bulk::insert_many_until(conn, now, actor, &created, |p| {
        progress(ImportProgress {
            done: p.done,
            total,
        });
        !cancelled()
    })
    .await?;
    if !finished {
        return Ok(None);
    }
    for chunk in created.chunks(STEP) {
        sync::outbox::created_many(conn, now, chunk).await?;
        if cancelled() {
            return Ok(None);
        }
    }
    let mut search = if updates.is_empty() {
        None
    } else {
        Some(bulk::SearchUpdatesAside::take(conn).await?)
    };
    for (n, (before, after)) in updates.iter().enumerate() {
        let patch = CustomerPatch {
            name: Some(after.name.clone()),
            email: Some(after.email.clone()),
            phone: Some(after.phone.clone()),
            address: Some(after.address.clone()),
            status: Some(after.status),
            package: Some(after.package.clone()),
            balance: Some(after.balance),
            usage_percentage: Some(after.usage_percentage),
            device_count: Some(after.device_count),
            join_date: Some(after.join_date),
            last_payment_date: Some(after.last_payment_date),
        };
        let (customer, changes) =
            customers::update_tracked(conn, now, actor, before.id, &patch).await?;
        if let Some(search) = &mut search {
            search.updated(customer.id, changes.iter().map(|(field, _)| field.as_str()));
        }
        sync::outbox::updated(conn, now, &customer, changes).await?;
        if n % 500 == 499 {
            progress(ImportProgress {
                done: created.len() + n + 1,
                total,
            });
            if cancelled() {
                return Ok(None);
            }
        }
    }
    if let Some(search) = search {
        search.restore(conn).await?;
    }
    progress(ImportProgress { done: total, total });
    Ok(Some(report))
}
