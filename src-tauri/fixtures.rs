//! Recorded answers of the shell, for the UI's in-browser fake to be checked against
//! (`ui/src/fake/fixtures.test.ts` replays every one). A scenario calls commands on the mock
//! runtime in order; each call is kept with its arguments and its answer — the value, or the
//! error's code, message and fields — and the run writes them to
//! `ui/src/fake/fixtures/<scenario>.json`, as ts-rs writes the bindings, so `make check` fails
//! when the committed files no longer say what the shell does. A change to a command or a rule
//! then fails the UI's replay until the fake follows it.
//!
//! The clock stands still and moves one minute before each step, so every write has its own
//! instant; ids and instants are then replaced by placeholders (see `names`). Each scenario but
//! the operators' own starts by setting the desk up (a recorded `set_up_desk`), so its
//! supervisor is signed in and the history names them.

mod analytics;
mod backups;
mod counter;
mod customers;
mod desk_tickets;
mod exchange;
mod filters;
mod names;
mod notices;
mod operators;
mod printing;
mod related;
mod settings;
mod sync;

use crate::mock_ipc::{self, Ipc};
use infora_domain::{
    Clock, CustomerId, InvoiceStatus, ManualClock, Money, NewInvoice, NewPayment, NewTicket,
    PaymentStatus, TicketPriority, TicketStatus,
};
use infora_store::StoreOptions;
use names::Names;
use serde::de::DeserializeOwned;
use serde_json::{json, Value};
use std::sync::Arc;
use std::time::{Duration, UNIX_EPOCH};

/// Where the clock starts: 2026-11-25T09:00:00Z (the same instant as the fake's clock).
const CLOCK_START: &str = "2026-11-25T09:00:00Z";
const CLOCK_START_SECS: u64 = 1_795_597_200;

/// Every scenario, by the file it writes: a file in the folder that no scenario writes any more
/// would go on being replayed against the fake.
const SCENARIOS: [&str; 21] = [
    "create_rules",
    "update_rules",
    "set_rules",
    "history_and_delete",
    "list_and_stats",
    "related_records",
    "sync_signed_out",
    "sync_queue",
    "desk_settings",
    "counter",
    "desk_tickets",
    "desk_setup",
    "operator_sign_in",
    "operator_management",
    "printing",
    "notices",
    "backups",
    "list_filters",
    "saved_views",
    "analytics",
    "import_export",
];

fn folder() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/src/fake/fixtures")
}

/// The desk code of every scenario (and of the fake).
const DESK_CODE: &str = "DESK1";

/// Where a scenario's files are, as recorded: the real folder is a new temporary one each run.
/// The fake keeps its files under this name.
const FILES: &str = "/fixtures";

/// What a scenario arranges without a command: invoices, payments and tickets come from
/// central, never from the window.
#[derive(Clone, Copy)]
pub(crate) enum Given {
    Invoice,
    Payment,
    Ticket,
}

pub(crate) struct Recorder {
    ipc: Ipc,
    clock: Arc<ManualClock>,
    names: Names,
    scenario: &'static str,
    about: &'static str,
    steps: Vec<Value>,
    /// The files a scenario reads and writes (see `FILES`).
    files: tempfile::TempDir,
}

/// An instant `secs` after the epoch. The shell names no chrono type (it does not depend on
/// chrono); the clock's own constructor says what type this is.
fn instant_at(secs: u64) -> ManualClock {
    ManualClock::new((UNIX_EPOCH + Duration::from_secs(secs)).into())
}

impl Recorder {
    /// A scenario on a desk set up by its supervisor, who is signed in.
    pub(crate) fn new(scenario: &'static str, about: &'static str) -> Self {
        let mut recorder = Self::new_desk(scenario, about);
        recorder.ok("set_up_desk", mock_ipc::set_up_args());
        recorder
    }

    /// A scenario on a new desk: nobody set it up, nobody is signed in.
    pub(crate) fn new_desk(scenario: &'static str, about: &'static str) -> Self {
        assert!(
            SCENARIOS.contains(&scenario),
            "{scenario} is missing from SCENARIOS"
        );
        let clock = Arc::new(instant_at(CLOCK_START_SECS));
        let options = StoreOptions {
            clock: clock.clone(),
            ..StoreOptions::default()
        };
        let ipc = mock_ipc::app_with(options);
        // The desk's code is random at the first start; the fake's is this one.
        tauri::async_runtime::block_on(ipc.store().set_desk_code(DESK_CODE))
            .expect("a new desk takes a code");
        Self {
            ipc,
            clock,
            names: Names::new(CLOCK_START),
            scenario,
            about,
            steps: Vec::new(),
            files: tempfile::tempdir().expect("a folder for the scenario's files"),
        }
    }

    fn tick(&self) {
        let minute = instant_at(60).now() - instant_at(0).now();
        self.clock.advance(minute);
    }

    /// Calls a command and keeps the call; returns the answer as the shell gave it (real ids),
    /// for the scenario's next calls.
    pub(crate) fn call(&mut self, command: &str, args: Value) -> Result<Value, Value> {
        self.tick();
        let answer = self.ipc.call(command, args.clone());
        let args = self.names.args(&self.recorded_paths(&args));
        let step = match &answer {
            Ok(value) => {
                let value = self.recorded_paths(value);
                json!({"call": command, "args": args, "ok": self.names.answer(&value)})
            }
            Err(error) => {
                assert!(
                    error.is_object(),
                    "{}: Tauri could not call {command} with {args}: {error}",
                    self.scenario
                );
                let error = self.recorded_paths(error);
                json!({"call": command, "args": args, "err": self.names.answer(&error)})
            }
        };
        self.steps.push(step);
        answer
    }

    /// A call the scenario expects to succeed.
    pub(crate) fn ok(&mut self, command: &str, args: Value) -> Value {
        let scenario = self.scenario;
        self.call(command, args.clone()).unwrap_or_else(|error| {
            panic!("{scenario}: {command} {args} should succeed, got {error}")
        })
    }

    /// A call the scenario expects to be refused with `code`; returns the error.
    pub(crate) fn refused(&mut self, command: &str, args: Value, code: &str) -> Value {
        let scenario = self.scenario;
        let error = match self.call(command, args.clone()) {
            Ok(value) => panic!("{scenario}: {command} {args} should fail, got {value}"),
            Err(error) => error,
        };
        assert_eq!(error["code"], code, "{scenario}: {command} {args}");
        error
    }

    /// A call refused as invalid, with exactly these (field, rule) pairs in this order.
    pub(crate) fn invalid(&mut self, command: &str, args: Value, expected: &[(&str, &str)]) {
        let error = self.refused(command, args.clone(), "validation");
        let got: Vec<(String, String)> = error["fields"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|f| (text(f, "field"), text(f, "rule")))
            .collect();
        let expected: Vec<(String, String)> = expected
            .iter()
            .map(|(f, r)| ((*f).to_owned(), (*r).to_owned()))
            .collect();
        assert_eq!(got, expected, "{}: {command} {args}", self.scenario);
    }

    /// Writes a record for `customer` straight to the store, as a pull from central would.
    pub(crate) fn given(&mut self, kind: Given, customer: &Value, record: Value) {
        self.tick();
        let id: CustomerId = text(customer, "id").parse().expect("a customer id");
        let store = self.ipc.store();
        let written = tauri::async_runtime::block_on(async {
            match kind {
                Given::Invoice => store.record_invoice(id, &invoice(&record)).await.map(drop),
                Given::Payment => store.record_payment(id, &payment(&record)).await.map(drop),
                Given::Ticket => store.open_ticket(id, &ticket(&record)).await.map(drop),
            }
        });
        written.expect("the record is written");
        let kind = match kind {
            Given::Invoice => "invoice",
            Given::Payment => "payment",
            Given::Ticket => "ticket",
        };
        let customer_id = self.names.args(&customer["id"]);
        self.steps.push(json!({
            "given": kind,
            "customer_id": customer_id,
            "record": self.names.args(&record),
        }));
    }

    /// A backup that failed, told straight to the store, as the backups module would.
    pub(crate) fn given_backup_failed(&mut self, reason: &str) {
        self.tick();
        tauri::async_runtime::block_on(self.ipc.store().notice_backup_failed(reason))
            .expect("the notice is written");
        self.steps.push(json!({
            "given": "backup_failed",
            "customer_id": null,
            "record": {"reason": reason},
        }));
    }

    /// The real path of the scenario's file `name` (which need not exist yet), for a call.
    pub(crate) fn path(&self, name: &str) -> String {
        self.files.path().join(name).display().to_string()
    }

    /// `value` with the scenario's real folder written as `FILES`, as the replay knows it.
    fn recorded_paths(&self, value: &Value) -> Value {
        let real = self.files.path().display().to_string();
        match value {
            Value::String(text) => Value::String(text.replace(&real, FILES)),
            Value::Array(items) => items.iter().map(|v| self.recorded_paths(v)).collect(),
            Value::Object(map) => map
                .iter()
                .map(|(k, v)| (k.clone(), self.recorded_paths(v)))
                .collect(),
            other => other.clone(),
        }
    }

    /// A file the person picks, put in the scenario's folder; the fake is given the same bytes
    /// (as text when they are UTF-8). Returns its real path.
    pub(crate) fn given_file(&mut self, name: &str, bytes: &[u8]) -> String {
        let path = self.path(name);
        std::fs::write(&path, bytes).expect("the scenario's file is written");
        let content = match std::str::from_utf8(bytes) {
            Ok(text) => json!({"path": format!("{FILES}/{name}"), "text": text}),
            Err(_) => json!({"path": format!("{FILES}/{name}"), "bytes": bytes}),
        };
        self.steps
            .push(json!({"given": "file", "customer_id": null, "record": content}));
        path
    }

    /// What the shell wrote at the scenario's file `name`, read back as a sheet (rows of cells,
    /// the header first) with whether it starts with a BOM; the replay reads the fake's file the
    /// same way and must find the same.
    pub(crate) fn written_file(&mut self, name: &str) {
        let bytes = std::fs::read(self.path(name)).expect("the file was written");
        let sheet = infora_exchange::Sheet::read(&bytes, Default::default()).expect("a sheet");
        let rows: Vec<&Vec<String>> = std::iter::once(&sheet.headers)
            .chain(sheet.rows.iter().map(|r| &r.cells))
            .collect();
        let rows = self.names.answer(&json!(rows));
        self.steps.push(json!({
            "file": format!("{FILES}/{name}"),
            "bom": bytes.starts_with(b"\xEF\xBB\xBF"),
            "rows": rows,
        }));
    }

    /// Writes the scenario for the UI's replay.
    pub(crate) fn write(self) {
        let dir = folder();
        std::fs::create_dir_all(&dir).expect("fixtures folder");
        let file = json!({
            "scenario": self.scenario,
            "about": self.about,
            "clock_start": CLOCK_START,
            "steps": self.steps,
        });
        let text = serde_json::to_string_pretty(&file).expect("json") + "\n";
        std::fs::write(dir.join(format!("{}.json", self.scenario)), text).expect("fixture file");
    }
}

#[test]
fn every_file_in_the_folder_is_a_scenario() {
    for entry in std::fs::read_dir(folder()).expect("fixtures folder") {
        let name = entry
            .expect("entry")
            .file_name()
            .to_string_lossy()
            .into_owned();
        let scenario = name.strip_suffix(".json").unwrap_or(&name);
        assert!(
            SCENARIOS.contains(&scenario),
            "{name} is no scenario's: delete it, or the fake goes on being checked against it"
        );
    }
}

/// The text at `key` of a JSON object, or the value itself when it is text.
fn text(value: &Value, key: &str) -> String {
    value
        .as_str()
        .or_else(|| value[key].as_str())
        .unwrap_or_else(|| panic!("{key} in {value}"))
        .to_owned()
}

fn parse<T: DeserializeOwned>(record: &Value, key: &str) -> T {
    serde_json::from_value(record[key].clone()).unwrap_or_else(|e| panic!("{key}: {e}"))
}

fn money(record: &Value, key: &str) -> Money {
    Money::parse(key, &text(record, key)).expect("an amount")
}

fn invoice(record: &Value) -> NewInvoice {
    NewInvoice {
        number: text(record, "number"),
        amount: money(record, "amount"),
        status: InvoiceStatus::parse(&text(record, "status")).expect("a status"),
        due_date: parse(record, "due_date"),
        paid_date: parse(record, "paid_date"),
        notes: parse(record, "notes"),
    }
}

fn payment(record: &Value) -> NewPayment {
    NewPayment {
        invoice_id: None,
        amount: money(record, "amount"),
        method: text(record, "method"),
        status: PaymentStatus::parse(&text(record, "status")).expect("a status"),
        transaction_id: parse(record, "transaction_id"),
        payment_date: parse(record, "payment_date"),
    }
}

fn ticket(record: &Value) -> NewTicket {
    NewTicket {
        number: text(record, "number"),
        subject: text(record, "subject"),
        description: text(record, "description"),
        status: TicketStatus::parse(&text(record, "status")).expect("a status"),
        priority: TicketPriority::parse(&text(record, "priority")).expect("a priority"),
        category: text(record, "category"),
        resolved_at: parse(record, "resolved_at"),
        resolved_by: parse(record, "resolved_by"),
        resolution_note: parse(record, "resolution_note"),
    }
}
