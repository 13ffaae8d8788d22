//! Infora Desk's local customer store: one SQLite file, every operation of the customer system.
//!
//! The modules hold the SQL, one per kind of record, as functions over a connection so they
//! compose into one transaction; [`Store`] owns the pools and runs each operation in a
//! transaction of its own. Queries are built at run time rather than checked at compile time:
//! sorts and filters are chosen per request, and no database is needed to build.

pub mod analytics;
mod audit;
pub mod backup;
mod bulk;
mod codec;
pub mod customers;
mod db;
pub mod demo;
mod desk_identity;
mod desk_payments;
mod desk_tickets;
mod error;
pub mod export;
pub mod import;
pub mod list;
pub mod notices;
pub mod operators;
pub mod related;
mod saved_views;
mod settings;
mod shifts;
mod statement;
pub mod stats;
pub mod sync;
mod tracked;

pub use audit::{Action, Actor, CustomerChange};
pub use backup::{Backup, BackupCheck};
pub use bulk::ImportProgress;
pub use db::backup_path;
pub use error::{Clash, Error, ErrorCode, Result, SignInRefused};
pub use export::{ExportFormat, ExportOutcome, ExportProgress};
pub use import::{ImportOutcome, ImportReport, OnDuplicate, RefusedRow, SheetImport};
pub use notices::{Notice, NoticeKind, NoticeKindSetting, Notices};
pub use operators::{OperatorChange, OperatorListing};
pub use tracked::{tracked_values, FieldChange, TRACKED};

use chrono::{DateTime, FixedOffset, Utc};
use infora_domain::{
    Analytics, Clock, Customer, CustomerId, CustomerPatch, CustomerQuery, CustomerStats,
    CustomerStatus, DeskPayment, DeviceCount, FieldError, Invoice, InvoiceStatus, Money,
    NewCustomer, NewDeskPayment, NewDeskTicket, NewInvoice, NewPayment, NewTicket, Operator, Page,
    PageRequest, Payment, PaymentDays, PaymentId, PaymentStatus, PhoneRegion, RelatedQuery,
    ResolutionNote, Rule, Shift, ShiftId, ShiftReport, Statement, SupervisorOnly, SystemClock,
    Ticket, TicketId, TicketStatus, UsagePercentage, VoidReason,
};
use sqlx::{Sqlite, SqlitePool, Transaction};
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

/// How a store is opened.
#[derive(Clone)]
pub struct StoreOptions {
    /// The country of phone numbers typed without `+`.
    pub region: PhoneRegion,
    /// Connections for reads (they run in parallel with the one writer).
    pub readers: u32,
    pub clock: Arc<dyn Clock>,
}

impl Default for StoreOptions {
    fn default() -> Self {
        Self {
            region: PhoneRegion::default(),
            readers: 3,
            clock: Arc::new(SystemClock),
        }
    }
}

/// The customer store. Cheap to clone; all clones share the pools.
#[derive(Clone)]
pub struct Store {
    reader: SqlitePool,
    writer: SqlitePool,
    region: PhoneRegion,
    clock: Arc<dyn Clock>,
    path: PathBuf,
}

impl Store {
    /// Opens (creating and migrating as needed) the store in `path` with the default options.
    pub async fn open(path: impl AsRef<Path>) -> Result<Self> {
        Self::open_with(path, StoreOptions::default()).await
    }

    pub async fn open_with(path: impl AsRef<Path>, options: StoreOptions) -> Result<Self> {
        let path = path.as_ref().to_path_buf();
        let pools = db::open(&path, options.readers, options.clock.now()).await?;
        Ok(Self {
            reader: pools.reader,
            writer: pools.writer,
            region: options.region,
            clock: options.clock,
            path,
        })
    }

    /// Opens this store's file again, with the same options, once it was closed (a restore
    /// swapped the file).
    pub async fn open_again(&self) -> Result<Self> {
        let options = StoreOptions {
            region: self.region,
            readers: self.reader.options().get_max_connections(),
            clock: self.clock.clone(),
        };
        Self::open_with(&self.path, options).await
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn region(&self) -> PhoneRegion {
        self.region
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// The desk's offset from UTC at `at`, by the clock that dates receipt numbers: a printed
    /// receipt shows the same local day as its number.
    pub fn local_offset(&self, at: DateTime<Utc>) -> FixedOffset {
        self.clock.local_offset(at)
    }

    /// A write transaction, for callers that compose several operations into one commit.
    /// Nothing is written unless it is committed.
    ///
    /// IMMEDIATE takes the write lock up front: a transaction that reads a row and then writes
    /// it cannot interleave with another process's write (which would either lose an update or
    /// fail with SQLITE_BUSY); it waits for the lock instead, up to the busy timeout.
    pub async fn begin(&self) -> Result<Transaction<'static, Sqlite>> {
        Ok(self.writer.begin_with("BEGIN IMMEDIATE").await?)
    }

    /// Waits for running work and closes every connection.
    pub async fn close(&self) {
        // Readers first, then the WAL is written into the file by the writer itself: SQLite's
        // checkpoint when its last connection closes did not always happen (a closed store's
        // file could hold nothing, every row still in `-wal`), and the file alone should be
        // the whole store once the desk has stopped.
        self.reader.close().await;
        if let Ok(mut conn) = self.writer.acquire().await {
            if let Err(e) = sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
                .execute(&mut *conn)
                .await
            {
                tracing::warn!(error = %e, "the store's WAL was not checkpointed on close");
            }
        }
        self.writer.close().await;
    }

    // ---- the twelve operations ----------------------------------------------------------

    pub async fn list_customers(&self, query: &CustomerQuery) -> Result<Page<Customer>> {
        let mut conn = self.reader.acquire().await?;
        list::list(&mut conn, self.region, self.now(), query).await
    }

    /// The exact number of customers a list query matches, for a page whose total was an
    /// estimate (`Page::exact` false).
    pub async fn count_customers(&self, query: &CustomerQuery) -> Result<u64> {
        let mut conn = self.reader.acquire().await?;
        list::count_matches(&mut conn, self.region, self.now(), query).await
    }

    pub async fn get_customer(&self, id: CustomerId) -> Result<Customer> {
        let mut conn = self.reader.acquire().await?;
        customers::get(&mut conn, id).await
    }

    pub async fn create_customer(&self, actor: &Actor, new: &NewCustomer) -> Result<Customer> {
        let mut tx = self.begin().await?;
        let now = self.now();
        let customer = customers::create(&mut tx, now, actor, new).await?;
        sync::outbox::created(&mut tx, now, &customer).await?;
        tx.commit().await?;
        Ok(customer)
    }

    pub async fn update_customer(
        &self,
        actor: &Actor,
        id: CustomerId,
        patch: &CustomerPatch,
    ) -> Result<Customer> {
        let mut tx = self.begin().await?;
        let now = self.now();
        let (customer, changes) = customers::update_tracked(&mut tx, now, actor, id, patch).await?;
        sync::outbox::updated(&mut tx, now, &customer, changes).await?;
        tx.commit().await?;
        Ok(customer)
    }

    /// A change made at the desk by `by`: a patch that sets the balance is a supervisor's (a
    /// cashier takes a payment instead), like `set_balance`.
    pub async fn edit_customer(
        &self,
        by: &Operator,
        id: CustomerId,
        patch: &CustomerPatch,
    ) -> Result<Customer> {
        if patch.balance.is_some() {
            by.may(SupervisorOnly::SetBalance)?;
        }
        self.update_customer(&Actor::from(by), id, patch).await
    }

    /// Only a supervisor may. Refused with a clash (and the counts) while the customer has
    /// invoices, payments or tickets.
    pub async fn delete_customer(&self, by: &Operator, id: CustomerId) -> Result<Customer> {
        by.may(SupervisorOnly::DeleteCustomer)?;
        let mut tx = self.begin().await?;
        let now = self.now();
        let customer = customers::delete(&mut tx, now, &Actor::from(by), id).await?;
        sync::outbox::deleted(&mut tx, now, &customer).await?;
        tx.commit().await?;
        Ok(customer)
    }

    pub async fn set_status(
        &self,
        actor: &Actor,
        id: CustomerId,
        status: CustomerStatus,
    ) -> Result<Customer> {
        let patch = CustomerPatch {
            status: Some(status),
            ..CustomerPatch::default()
        };
        self.update_customer(actor, id, &patch).await
    }

    /// Overwrites the balance: only a supervisor may (a cashier takes a payment).
    pub async fn set_balance(
        &self,
        by: &Operator,
        id: CustomerId,
        balance: Money,
    ) -> Result<Customer> {
        by.may(SupervisorOnly::SetBalance)?;
        let patch = CustomerPatch {
            balance: Some(balance),
            ..CustomerPatch::default()
        };
        self.update_customer(&Actor::from(by), id, &patch).await
    }

    /// Sets the usage percentage, the device count, or both; at least one is required.
    pub async fn set_usage(
        &self,
        actor: &Actor,
        id: CustomerId,
        usage_percentage: Option<UsagePercentage>,
        device_count: Option<DeviceCount>,
    ) -> Result<Customer> {
        if usage_percentage.is_none() && device_count.is_none() {
            return Err(FieldError::new(
                "usage_percentage",
                Rule::Required,
                "Enter the usage, the devices or both",
            )
            .into());
        }
        let patch = CustomerPatch {
            usage_percentage,
            device_count,
            ..CustomerPatch::default()
        };
        self.update_customer(actor, id, &patch).await
    }

    /// The analytics screen's figures, with the payments of the last `days` local days.
    pub async fn analytics(&self, days: PaymentDays) -> Result<Analytics> {
        let mut conn = self.reader.acquire().await?;
        let now = self.now();
        analytics::read(&mut conn, now, self.local_offset(now), days).await
    }

    pub async fn customer_stats(&self) -> Result<CustomerStats> {
        let mut conn = self.reader.acquire().await?;
        stats::stats(&mut conn).await
    }

    pub async fn customer_invoices(
        &self,
        id: CustomerId,
        query: &RelatedQuery<InvoiceStatus>,
    ) -> Result<Page<Invoice>> {
        let mut conn = self.reader.acquire().await?;
        related::invoices(&mut conn, id, query).await
    }

    pub async fn customer_payments(
        &self,
        id: CustomerId,
        query: &RelatedQuery<PaymentStatus>,
    ) -> Result<Page<Payment>> {
        let mut conn = self.reader.acquire().await?;
        related::payments(&mut conn, id, query).await
    }

    pub async fn customer_tickets(
        &self,
        id: CustomerId,
        query: &RelatedQuery<TicketStatus>,
    ) -> Result<Page<Ticket>> {
        let mut conn = self.reader.acquire().await?;
        related::tickets(&mut conn, id, query).await
    }

    // ---- beyond the twelve --------------------------------------------------------------

    /// A customer's change history, newest first (readable after the customer is deleted).
    pub async fn customer_history(
        &self,
        id: CustomerId,
        page: PageRequest,
    ) -> Result<Page<CustomerChange>> {
        let mut conn = self.reader.acquire().await?;
        let current = customers::find(&mut conn, id).await?;
        audit::history(&mut conn, id, current.as_ref(), page).await
    }

    pub async fn record_invoice(&self, customer: CustomerId, new: &NewInvoice) -> Result<Invoice> {
        let mut tx = self.begin().await?;
        let invoice = related::record_invoice(&mut tx, self.now(), customer, new).await?;
        tx.commit().await?;
        Ok(invoice)
    }

    pub async fn record_payment(&self, customer: CustomerId, new: &NewPayment) -> Result<Payment> {
        let mut tx = self.begin().await?;
        let payment = related::record_payment(&mut tx, self.now(), customer, new).await?;
        tx.commit().await?;
        Ok(payment)
    }

    pub async fn open_ticket(&self, customer: CustomerId, new: &NewTicket) -> Result<Ticket> {
        let mut tx = self.begin().await?;
        let ticket = related::open_ticket(&mut tx, self.now(), customer, new).await?;
        tx.commit().await?;
        Ok(ticket)
    }

    /// Imports many customers in one transaction (all or nothing), reporting progress after
    /// each batch. Returns the customers as created.
    pub async fn import_customers(
        &self,
        actor: &Actor,
        new: &[NewCustomer],
        progress: impl FnMut(ImportProgress),
    ) -> Result<Vec<Customer>> {
        let mut tx = self.begin().await?;
        let created = bulk::import(&mut tx, self.now(), actor, new, progress).await?;
        tx.commit().await?;
        Ok(created)
    }

    /// What importing `job` would do with every row (see [`import`]), reading the store as it
    /// is now; nothing is written.
    pub async fn dry_run_import(&self, job: SheetImport<'_>) -> Result<ImportReport> {
        let mut conn = self.reader.acquire().await?;
        import::dry_run(&mut conn, self.region, self.now(), job).await
    }

    /// Imports `job`'s sheet (read from `file_name`) in one transaction: all of it or, when refused
    /// or cancelled, nothing. Every change is recorded as `by`'s, naming the file, and queued
    /// for central. `progress` hears rows written of rows to write; `cancel` is looked at
    /// between steps. Refused rows are not written; the others are.
    pub async fn import_sheet(
        &self,
        by: &Actor,
        file_name: &str,
        job: SheetImport<'_>,
        progress: impl FnMut(ImportProgress),
        cancel: &AtomicBool,
    ) -> Result<ImportOutcome> {
        let mut tx = self.begin().await?;
        let actor = import::import_actor(by, file_name);
        let now = self.now();
        let report =
            import::import(&mut tx, self.region, now, &actor, job, progress, cancel).await?;
        match report {
            Some(report) => {
                tx.commit().await?;
                Ok(ImportOutcome::Imported { report })
            }
            None => {
                tx.rollback().await?;
                Ok(ImportOutcome::Cancelled)
            }
        }
    }

    /// Writes the customers `query` lists (its filters, search and sort; all its pages), or
    /// everyone with `None`, to `path` as CSV or `.xlsx`. The file appears whole or not at all.
    pub async fn export_customers(
        &self,
        query: Option<&CustomerQuery>,
        format: ExportFormat,
        path: &Path,
        progress: impl FnMut(ExportProgress),
        cancel: &AtomicBool,
    ) -> Result<ExportOutcome> {
        let everyone = CustomerQuery::default();
        let mut conn = self.reader.acquire().await?;
        export::export(
            &mut conn,
            self.region,
            self.now(),
            query.unwrap_or(&everyone),
            format,
            path,
            progress,
            cancel,
        )
        .await
    }

    /// Whether the store holds no customer at all (the app then offers demo data).
    pub async fn is_empty(&self) -> Result<bool> {
        let mut conn = self.reader.acquire().await?;
        Ok(list::count(&mut conn, None).await? == 0)
    }

    // ---- the counter: payments, receipts, statements, shifts ----------------------------

    fn when(&self) -> desk_payments::When {
        let now = self.now();
        let day = (now + self.clock.local_offset(now)).date_naive();
        desk_payments::When { now, day }
    }

    /// The short code this desk prints in its receipt and report numbers.
    pub async fn desk_code(&self) -> Result<String> {
        let mut conn = self.reader.acquire().await?;
        desk_identity::code(&mut conn).await
    }

    /// Names the desk, before it has issued any receipt or report (then its code stays).
    pub async fn set_desk_code(&self, code: &str) -> Result<String> {
        let mut tx = self.begin().await?;
        let code = desk_identity::set_code(&mut tx, code).await?;
        tx.commit().await?;
        Ok(code)
    }

    /// Takes a payment into the open shift, in one transaction with its receipt number, the
    /// balance, the statement, the audit trail and the outbox.
    pub async fn take_payment(
        &self,
        by: &Operator,
        customer: CustomerId,
        new: &NewDeskPayment,
    ) -> Result<DeskPayment> {
        let mut tx = self.begin().await?;
        let payment = desk_payments::take(&mut tx, &self.when(), by, customer, new).await?;
        tx.commit().await?;
        Ok(payment)
    }

    /// Voids a payment taken at a desk (a supervisor only, with a reason).
    pub async fn void_payment(
        &self,
        by: &Operator,
        payment: PaymentId,
        reason: &VoidReason,
    ) -> Result<DeskPayment> {
        let mut tx = self.begin().await?;
        let void = desk_payments::void(&mut tx, &self.when(), by, payment, reason).await?;
        tx.commit().await?;
        Ok(void)
    }

    /// A payment or void taken at a desk, as its receipt shows it.
    pub async fn receipt(&self, payment: PaymentId) -> Result<DeskPayment> {
        let mut conn = self.reader.acquire().await?;
        desk_payments::get(&mut conn, payment).await
    }

    pub async fn receipt_by_number(&self, number: &str) -> Result<DeskPayment> {
        let mut conn = self.reader.acquire().await?;
        desk_payments::by_receipt(&mut conn, number).await
    }

    /// Opens a support ticket for a customer at this desk (kept here; central cannot take it).
    pub async fn open_desk_ticket(
        &self,
        by: &Operator,
        customer: CustomerId,
        new: &NewDeskTicket,
    ) -> Result<Ticket> {
        let mut tx = self.begin().await?;
        let ticket = desk_tickets::open(&mut tx, self.now(), by, customer, new).await?;
        tx.commit().await?;
        Ok(ticket)
    }

    /// Moves a ticket opened here to another status (resolving takes `resolve_ticket`).
    pub async fn set_ticket_status(
        &self,
        ticket: TicketId,
        status: TicketStatus,
    ) -> Result<Ticket> {
        let mut tx = self.begin().await?;
        let ticket = desk_tickets::set_status(&mut tx, ticket, status).await?;
        tx.commit().await?;
        Ok(ticket)
    }

    /// Resolves a ticket opened here with a note naming what was done.
    pub async fn resolve_ticket(
        &self,
        by: &Operator,
        ticket: TicketId,
        note: &ResolutionNote,
    ) -> Result<Ticket> {
        let mut tx = self.begin().await?;
        let ticket = desk_tickets::resolve(&mut tx, self.now(), by, ticket, note).await?;
        tx.commit().await?;
        Ok(ticket)
    }

    /// A customer's balance movements from `from` up to `to` (either open), with the balance
    /// brought forward and the balance after each.
    pub async fn statement(
        &self,
        customer: CustomerId,
        from: Option<DateTime<Utc>>,
        to: Option<DateTime<Utc>>,
    ) -> Result<Statement> {
        let mut conn = self.reader.acquire().await?;
        let current = customers::get(&mut conn, customer).await?.balance;
        statement::read(&mut conn, customer, current, from, to).await
    }

    /// The shift that is open, if one is.
    pub async fn current_shift(&self) -> Result<Option<Shift>> {
        let mut conn = self.reader.acquire().await?;
        shifts::open_shift(&mut conn).await
    }

    /// Opens a shift with the cash float in the drawer.
    pub async fn open_shift(&self, by: &Operator, float: Money) -> Result<Shift> {
        let mut tx = self.begin().await?;
        let shift = shifts::open(&mut tx, self.now(), by, float).await?;
        tx.commit().await?;
        Ok(shift)
    }

    /// Closes the open shift with the counted cash: its Z report, numbered and final.
    pub async fn close_shift(
        &self,
        by: &Operator,
        shift: ShiftId,
        counted: Money,
    ) -> Result<ShiftReport> {
        let mut tx = self.begin().await?;
        let report = shifts::close(&mut tx, self.now(), by, shift, counted).await?;
        tx.commit().await?;
        Ok(report)
    }

    /// A shift's X report (open) or Z report (closed).
    pub async fn shift_report(&self, by: &Operator, shift: ShiftId) -> Result<ShiftReport> {
        let mut conn = self.reader.acquire().await?;
        shifts::report(&mut conn, self.now(), by, shift).await
    }

    /// The shifts `by` may see, newest first.
    pub async fn shifts(&self, by: &Operator, limit: u32) -> Result<Vec<Shift>> {
        let mut conn = self.reader.acquire().await?;
        shifts::list(&mut conn, by, limit).await
    }

    /// Every payment and void of a shift, oldest first.
    pub async fn shift_payments(&self, by: &Operator, shift: ShiftId) -> Result<Vec<DeskPayment>> {
        let mut conn = self.reader.acquire().await?;
        shifts::may_see(&mut conn, by, shift).await?;
        desk_payments::of_shift(&mut conn, shift).await
    }
}
