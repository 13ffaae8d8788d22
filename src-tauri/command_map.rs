//! The UI's map of the commands (`ui/src/bindings/Commands.ts`: each command's name, its
//! arguments as Tauri takes them and what it resolves to), generated from one table here when
//! the tests run, as ts-rs writes the other bindings; `make check` fails when the committed file
//! drifts. So a command renamed, added or given other arguments fails the UI's type check until
//! the UI (and its fake, whose command tables are typed by this map) follows.
//!
//! The table is held to the real handlers three ways: the compiler checks each entry's argument
//! types, their order and the result type against the command function; the mock runtime
//! checks that each argument name is one the command takes; and the names must be those of
//! `handlers()`, of the build script's permissions and of the window's capability.
//!
//! tauri-specta would derive all this from the commands, but only with `specta::Type` on every
//! type that crosses, throughout the library crates, next to the ts-rs derives they have.

use crate::backups::{BackupStatus, Restored, SavedBackup};
use crate::counter::CounterStatus;
use crate::error::CommandError;
use crate::exchange::{Exported, ImportFile};
use crate::operators::DeskSession;
use crate::printing::PaperName;
use crate::sync::CustomerMark;
use crate::{
    analytics, backups, commands, counter, exchange, notices, operators, printing, sync, tickets,
    views,
};
use infora_domain::{
    Analytics, Customer, CustomerInput, CustomerQueryInput, CustomerStats, DeskPayment,
    DeskSettings, DeskTicketInput, Invoice, InvoiceStatus, Page, Payment, PaymentInput,
    PaymentStatus, RelatedQueryInput, SavedView, Shift, ShiftReport, Statement, Ticket,
    TicketStatus,
};
use infora_exchange::{Delimiter, Mapping};
use infora_store::demo::DemoSummary;
use infora_store::sync::outbox::OutboxEntry;
use infora_store::sync::{Conflict, RejectedRecord, Resolution};
use infora_store::{
    CustomerChange, ExportFormat, ImportOutcome, ImportReport, OnDuplicate, OperatorListing,
};
use infora_store::{NoticeKind, NoticeKindSetting, Notices};
use infora_sync::SyncStatus;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use tauri::test::MockRuntime;
use ts_rs::{Config, Dependency, TypeVisitor, TS};

mod check;

/// A TypeScript type and the bindings it names.
struct Ts {
    text: String,
    /// Type name → its file in the bindings folder.
    imports: BTreeMap<String, String>,
}

impl Ts {
    fn of<T: TS + 'static + ?Sized>() -> Self {
        struct Imports<'a>(&'a Config, &'a mut BTreeMap<String, String>);
        impl TypeVisitor for Imports<'_> {
            fn visit<T: TS + 'static + ?Sized>(&mut self) {
                if let Some(dep) = Dependency::from_ty::<T>(self.0) {
                    let path = dep.output_path.to_string_lossy().replace('\\', "/");
                    let module = path.strip_suffix(".ts").unwrap_or(&path).to_owned();
                    self.1.insert(dep.ts_name, module);
                }
                T::visit_generics(self);
            }
        }
        let cfg = Config::from_env();
        let mut imports = BTreeMap::new();
        Imports(&cfg, &mut imports).visit::<T>();
        Self {
            text: T::name(&cfg),
            imports,
        }
    }
}

/// A command argument's Rust type, as the UI sends it.
trait ArgType {
    /// Whether the UI may leave it out.
    const OPTIONAL: bool = false;
    fn ts() -> Ts;
    /// A value the command takes (it may refuse it, but Tauri must be able to pass it).
    fn sample() -> Value;
}

macro_rules! plain_args {
    ($($rust:ty => $sample:expr),* $(,)?) => {$(
        impl ArgType for $rust {
            fn ts() -> Ts {
                Ts::of::<$rust>()
            }
            fn sample() -> Value {
                $sample
            }
        }
    )*};
}

plain_args!(
    Value => json!({}),
    String => json!(""),
    i64 => json!(1),
    bool => json!(true),
    u32 => json!(1),
    u16 => json!(1),
    Vec<String> => json!([]),
    Resolution => json!("keep_mine"),
    NoticeKind => json!("status_changed"),
);

impl<T: ArgType> ArgType for Option<T> {
    const OPTIONAL: bool = true;
    fn ts() -> Ts {
        T::ts()
    }
    fn sample() -> Value {
        T::sample()
    }
}

struct Arg {
    /// As the command function names it; Tauri takes it in camelCase.
    name: &'static str,
    ts: Ts,
    optional: bool,
    sample: Value,
}

impl Arg {
    fn of<T: ArgType>(name: &'static str) -> Self {
        Self {
            name,
            ts: T::ts(),
            optional: T::OPTIONAL,
            sample: T::sample(),
        }
    }

    /// An argument the command parses at the edge (raw JSON, or text for a closed set of
    /// values): `Shape` is what the UI sends.
    fn shaped<T: ArgType, Shape: TS + 'static>(name: &'static str) -> Self {
        Self {
            ts: Ts::of::<Shape>(),
            ..Self::of::<T>(name)
        }
    }

    /// The key Tauri looks for: `usage_percentage` → `usagePercentage`.
    fn key(&self) -> String {
        let mut words = self.name.split('_');
        let first = words.next().unwrap_or_default().to_owned();
        words.fold(first, |mut key, word| {
            let mut chars = word.chars();
            if let Some(c) = chars.next() {
                key.extend(c.to_uppercase());
                key.push_str(chars.as_str());
            }
            key
        })
    }
}

struct Signature {
    name: &'static str,
    doc: &'static str,
    args: Vec<Arg>,
    result: Ts,
}

/// Never called: it stands for an argument in calls that are only type-checked.
fn any<T>() -> T {
    unreachable!("only type-checked")
}

macro_rules! injected {
    (_) => {
        any()
    };
}

macro_rules! arg {
    ($name:ident, $rust:ty) => {
        Arg::of::<$rust>(stringify!($name))
    };
    ($name:ident, $rust:ty, $ts:ty) => {
        Arg::shaped::<$rust, $ts>(stringify!($name))
    };
}

/// Each entry: the command function, `[_]` for each argument Tauri injects (state, app
/// handle), the arguments the window sends (`raw: Value => Shape` for one parsed at the edge),
/// and the result. A closure that is never called makes the compiler hold the entry to the
/// function.
macro_rules! table {
    ($(
        $(#[doc = $doc:literal])*
        $module:ident :: $name:ident $(::<$generic:ty>)? [$($inj:tt),*]
        ($($arg:ident : $rust:ty $(=> $ts:ty)?),*) -> $out:ty;
    )*) => {
        vec![$({
            let _typed = || async {
                let _: Result<$out, CommandError> =
                    $module::$name $(::<$generic>)? ($(injected!($inj),)* $(any::<$rust>()),*).await;
            };
            Signature {
                name: stringify!($name),
                doc: concat!($($doc, "\n",)* ""),
                args: vec![$(arg!($arg, $rust $(, $ts)?)),*],
                result: Ts::of::<$out>(),
            }
        }),*]
    };
}

/// Every command the window may call, in the order `handlers()` registers them.
fn signatures() -> Vec<Signature> {
    table! {
        commands::list_customers[_](query: Value => CustomerQueryInput) -> Page<Customer>;
        /// The exact total of a list query whose page said `exact: false` (its page is ignored).
        commands::count_customers[_](query: Value => CustomerQueryInput) -> u64;
        commands::get_customer[_](id: String) -> Customer;
        commands::create_customer[_](input: Value => CustomerInput) -> Customer;
        commands::update_customer[_](id: String, input: Value => CustomerInput) -> Customer;
        commands::delete_customer[_](id: String) -> Customer;
        commands::set_customer_status[_](id: String, status: String => infora_domain::CustomerStatus) -> Customer;
        commands::set_customer_balance[_](id: String, balance: String) -> Customer;
        /// Either value may be left out, not both.
        commands::set_customer_usage[_](id: String, usage_percentage: Option<i64>, device_count: Option<i64>) -> Customer;
        commands::customer_stats[_]() -> CustomerStats;
        commands::list_customer_invoices[_](id: String, query: Value => RelatedQueryInput<InvoiceStatus>) -> Page<Invoice>;
        commands::list_customer_payments[_](id: String, query: Value => RelatedQueryInput<PaymentStatus>) -> Page<Payment>;
        commands::list_customer_tickets[_](id: String, query: Value => RelatedQueryInput<TicketStatus>) -> Page<Ticket>;
        commands::customer_history[_](id: String, page: i64, per_page: i64) -> Page<CustomerChange>;
        commands::store_is_empty[_]() -> bool;
        /// Progress arrives as `demo://progress` events.
        commands::load_demo_data::<MockRuntime>[_, _](count: u32) -> DemoSummary;
        commands::get_settings[_]() -> DeskSettings;
        commands::save_settings[_](settings: Value => DeskSettings) -> DeskSettings;
        /// The saved views of the customer list, by name.
        views::list_views[_]() -> Vec<SavedView>;
        /// The list query as `list_customers` takes it (its page is not kept); refused on the same fields.
        views::save_view[_](name: String, query: Value => CustomerQueryInput) -> SavedView;
        views::rename_view[_](id: i64, name: String) -> SavedView;
        views::delete_view[_](id: i64) -> ();
        counter::counter_status[_]() -> CounterStatus;
        /// The cash float as text ("2000.00").
        counter::open_shift[_](float: String) -> Shift;
        counter::close_shift[_](shift_id: String, counted: String) -> ShiftReport;
        /// An X report while the shift is open, its Z report once closed.
        counter::shift_report[_](shift_id: String) -> ShiftReport;
        counter::list_shifts[_]() -> Vec<Shift>;
        counter::shift_payments[_](shift_id: String) -> Vec<DeskPayment>;
        counter::take_payment[_](customer_id: String, input: Value => PaymentInput) -> DeskPayment;
        counter::void_payment[_](payment_id: String, reason: String) -> DeskPayment;
        counter::get_receipt[_](payment_id: String) -> DeskPayment;
        /// `from` and `to`: dates or RFC 3339 instants; either may be left out.
        counter::customer_statement[_](id: String, from: Option<String>, to: Option<String>) -> Statement;
        /// A ticket opened at this desk (kept here: central cannot take it yet).
        tickets::open_desk_ticket[_](customer_id: String, input: Value => DeskTicketInput) -> Ticket;
        /// Any status but resolved (that takes `resolve_ticket`, with a note).
        tickets::set_ticket_status[_](ticket_id: String, status: String => TicketStatus) -> Ticket;
        tickets::resolve_ticket[_](ticket_id: String, note: String) -> Ticket;
        operators::desk_session[_]() -> DeskSession;
        /// The first start: the shop's name and the first supervisor, who is then signed in.
        operators::set_up_desk[_](shop_name: String, name: String, pin: String) -> DeskSession;
        /// A refusal after too many wrong PINs carries `wait_seconds`.
        operators::sign_in_operator[_](id: String, pin: String) -> DeskSession;
        operators::lock_desk[_]() -> DeskSession;
        operators::list_operators[_]() -> Vec<OperatorListing>;
        operators::add_operator[_](name: String, role: String => infora_domain::Role, pin: String) -> OperatorListing;
        /// What is left out stays as it is.
        operators::update_operator[_](id: String, role: Option<String> => infora_domain::Role, active: Option<bool>, pin: Option<String>) -> OperatorListing;
        /// A payment's or void's receipt as a PDF at `path` (a full path; `.pdf` added when missing), written whole or not at all; `copy` prints COPY. Resolves to the path written.
        printing::save_receipt_pdf[_](payment_id: String, paper: String => PaperName, copy: bool, path: String) -> String;
        /// The shift's X report (open) or Z report (closed) as a PDF at `path`, as for receipts.
        printing::save_shift_report_pdf[_](shift_id: String, paper: String => PaperName, copy: bool, path: String) -> String;
        /// The folder to save PDFs in without asking (`INFORA_SAVE_DIR`, for end-to-end tests); null: ask.
        printing::save_folder[_]() -> Option<String>;
        /// The backups folder, its automatic backups (newest first), how many are kept and the last automatic backup's failure, if it failed.
        backups::backup_status[_]() -> BackupStatus;
        /// The store copied to `path` (a full path; `.db` added when missing), whole or not at all, while the desk keeps working.
        backups::back_up_now[_](path: String) -> SavedBackup;
        /// How many automatic backups are kept, 1 to 60 (a supervisor's).
        backups::set_backups_kept[_](kept: u16) -> u16;
        /// Replaces the store with the backup at `path` (a supervisor's): checked first, the store kept aside, the desk locked after. The window reloads.
        backups::restore_backup::<MockRuntime>[_, _](path: String) -> Restored;
        /// The file at `path` read (CSV with its separator detected unless `delimiter` is given, or `.xlsx`) for the import wizard: its columns, `mapping` (null: guessed from the headers) and its first rows as they are and as they will be stored.
        exchange::open_import_file[_](path: String, delimiter: Option<String> => Delimiter, mapping: Value => Option<Mapping>) -> ImportFile;
        /// What importing the file would do with every row; nothing is written.
        exchange::dry_run_import[_](path: String, delimiter: Option<String> => Delimiter, mapping: Value => Mapping, on_duplicate: String => OnDuplicate) -> ImportReport;
        /// The refused rows of the last dry run or import as CSV at `path` (`.csv` added when missing). Resolves to the path written.
        exchange::save_import_refusals[_](path: String) -> String;
        /// The file imported in one transaction (all of it but the refused rows, or nothing). Progress arrives as `import://progress` events.
        exchange::import_customers::<MockRuntime>[_, _](path: String, delimiter: Option<String> => Delimiter, mapping: Value => Mapping, on_duplicate: String => OnDuplicate) -> ImportOutcome;
        /// Stops the running import, which then writes nothing; resolves to whether one was running.
        exchange::cancel_import[_]() -> bool;
        /// Forgets the file the wizard read (its rows are kept in memory while the wizard is open).
        exchange::close_import_file[_]() -> ();
        /// The customers `query` lists (all its pages; null: everyone) written to `path` (the extension added when missing), whole or not at all. Progress arrives as `export://progress` events.
        exchange::export_customers::<MockRuntime>[_, _](query: Value => Option<CustomerQueryInput>, format: String => ExportFormat, path: String) -> Exported;
        /// Stops the running export, which then writes no file; resolves to whether one was running.
        exchange::cancel_export[_]() -> bool;
        sync::sync_status[_]() -> SyncStatus;
        sync::sync_sign_in[_](central_url: String, email: String, password: String) -> SyncStatus;
        sync::sync_sign_out[_]() -> SyncStatus;
        sync::sync_now[_]() -> SyncStatus;
        sync::sync_queue[_](page: i64, per_page: i64) -> Page<OutboxEntry>;
        sync::sync_retry[_](seq: i64) -> ();
        sync::sync_discard[_](seq: i64) -> ();
        /// Every refused entry sent again at the next push; resolves to how many.
        sync::sync_retry_refused[_]() -> u64;
        /// Every refused entry given up; resolves to how many.
        sync::sync_discard_refused[_]() -> u64;
        sync::sync_conflicts[_]() -> Vec<Conflict>;
        sync::sync_resolve[_](customer_id: String, field: Option<String>, resolution: Resolution) -> ();
        /// A payment whose answer was lost: central has it, or it goes again.
        sync::sync_settle_lost_answer[_](customer_id: String, central_has_it: bool) -> ();
        sync::sync_rejected[_]() -> Vec<RejectedRecord>;
        /// The newest notices and how many are unread.
        notices::list_notices[_]() -> Notices;
        notices::mark_notices_read[_]() -> Notices;
        notices::notice_kinds[_]() -> Vec<NoticeKindSetting>;
        /// A desk setting: a supervisor's.
        notices::set_notice_kind[_](kind: NoticeKind, enabled: bool) -> Vec<NoticeKindSetting>;
        /// Every chart of the analytics screen; `days` (1 to 90) of payments, today last.
        analytics::get_analytics[_](days: i64) -> Analytics;
        sync::sync_marks[_](ids: Vec<String>) -> Vec<CustomerMark>;
        sync::sync_customer_records[_](id: String) -> bool;
    }
}

/// `ui/src/bindings/Commands.ts`.
fn render(signatures: &[Signature]) -> String {
    let mut imports = BTreeMap::new();
    let mut body = String::new();
    for signature in signatures {
        for line in signature.doc.lines() {
            body.push_str(&format!("  /** {} */\n", line.trim()));
        }
        let args: Vec<String> = signature
            .args
            .iter()
            .map(|arg| {
                imports.extend(arg.ts.imports.clone());
                let optional = if arg.optional { "?" } else { "" };
                format!("{}{optional}: {}", arg.key(), arg.ts.text)
            })
            .collect();
        let args = if args.is_empty() {
            "Record<string, never>".to_owned()
        } else {
            format!("{{ {} }}", args.join(", "))
        };
        imports.extend(signature.result.imports.clone());
        body.push_str(&format!(
            "  {}: {{ args: {args}, result: {} }},\n",
            signature.name, signature.result.text
        ));
    }
    let mut out = String::from(
        "// Generated from the shell's table of commands (src-tauri/command_map.rs) by its tests.\n\
         // Do not edit this file manually.\n",
    );
    for (name, module) in &imports {
        out.push_str(&format!("import type {{ {name} }} from \"./{module}\";\n"));
    }
    out.push_str(
        "\n/**\n * Every command the window may call: its arguments as Tauri takes them (camelCase; \
         objects passed\n * as `query` or `input` keep their snake_case keys) and what it resolves \
         to.\n */\nexport interface Commands {\n",
    );
    out.push_str(&body);
    out.push_str("}\n");
    out
}

#[test]
fn export_bindings_commands() {
    let path = Config::from_env().out_dir().join("Commands.ts");
    std::fs::write(&path, render(&signatures())).expect("Commands.ts");
}
