//! Importing a shop's spreadsheet and exporting the customer list, for the window's import
//! wizard and its Export action: thin commands over `infora_exchange` (a file read into a sheet,
//! its columns matched to fields, a preview) and the store's dry run, import and export.
//!
//! The wizard names the file, the separator and the mapping in every call; the sheet read from
//! the file is kept while they stay the same (and the file unchanged), so changing a column's
//! field, the dry run and the import read it once. An import or export runs on a thread of its
//! own and reports progress as `import://progress` / `export://progress` events ({done, total});
//! `cancel_import` / `cancel_export` stop it with nothing written.

use crate::error::CommandError;
use crate::printing::{file_path, not_writable, save_whole};
use crate::Desk;
use infora_domain::{CustomerQuery, FieldError, Rule, ValidationErrors};
use infora_exchange::{
    preview, Delimiter, Detected, Field, Mapping, MappingProblem, PreviewRow, ReadError,
    ReadOptions, Sheet, SheetRow,
};
use infora_store::{
    ErrorCode, ExportFormat, ExportOutcome, ImportOutcome, ImportReport, OnDuplicate, SheetImport,
};
use serde::de::{value::Error as NotOneOf, DeserializeOwned, IntoDeserializer};
use serde::Serialize;
use serde_json::Value;
use std::future::Future;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;
use tauri::{AppHandle, Emitter, Runtime, State};
use ts_rs::TS;

/// The rows the wizard shows as they will be stored.
const PREVIEW_ROWS: usize = 10;

pub const IMPORT_PROGRESS: &str = "import://progress";
pub const EXPORT_PROGRESS: &str = "export://progress";

/// The shell's side of the wizard: the file it works on, the last report, one import and one
/// export at a time.
#[derive(Default)]
pub struct Exchange {
    opened: Mutex<Option<Opened>>,
    /// The last dry run's or import's report, for "Save report as CSV".
    report: Mutex<Option<ImportReport>>,
    importing: tokio::sync::Mutex<()>,
    /// Raised by `cancel_import`; the import's thread looks at it between steps.
    cancel_import: Arc<AtomicBool>,
    exporting: tokio::sync::Mutex<()>,
    cancel_export: Arc<AtomicBool>,
}

/// A file read, and what it was read as.
struct Opened {
    key: FileKey,
    sheet: Arc<Sheet>,
}

/// The file and how it is read; a file written since (its time or size changed) is read again.
#[derive(PartialEq)]
struct FileKey {
    path: PathBuf,
    options: ReadOptions,
    modified: Option<SystemTime>,
    len: u64,
}

impl Exchange {
    fn keep_report(&self, report: &ImportReport) {
        *self.report.lock().unwrap_or_else(|p| p.into_inner()) = Some(report.clone());
    }

    /// The sheet in `path` read with `options`: the one kept, or read now (off the runtime's
    /// workers: a large workbook takes seconds).
    async fn sheet(&self, path: &Path, options: ReadOptions) -> Result<Arc<Sheet>, CommandError> {
        let meta = std::fs::metadata(path).map_err(|e| unreadable(path, &e))?;
        if !meta.is_file() {
            return Err(
                FieldError::new("file", Rule::Format, "is a folder: choose a file in it").into(),
            );
        }
        let key = FileKey {
            path: path.to_owned(),
            options,
            modified: meta.modified().ok(),
            len: meta.len(),
        };
        if let Some(opened) = self.opened().as_ref().filter(|o| o.key == key) {
            return Ok(opened.sheet.clone());
        }
        let owned = path.to_owned();
        let sheet = tauri::async_runtime::spawn_blocking(move || {
            let bytes = std::fs::read(&owned).map_err(|e| unreadable(&owned, &e))?;
            Sheet::read(&bytes, options).map_err(not_a_sheet)
        })
        .await
        .map_err(|e| infora_store::Error::Internal(format!("reading a file stopped: {e}")))??;
        let sheet = Arc::new(sheet);
        *self.opened() = Some(Opened {
            key,
            sheet: sheet.clone(),
        });
        Ok(sheet)
    }

    fn opened(&self) -> std::sync::MutexGuard<'_, Option<Opened>> {
        self.opened.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// A file that cannot be opened: the person picks another, so it crosses at `file`.
fn unreadable(path: &Path, error: &std::io::Error) -> CommandError {
    log::warn!("could not read {}: {error}", path.display());
    let why = match error.kind() {
        std::io::ErrorKind::NotFound => "cannot be read: there is no such file".to_owned(),
        std::io::ErrorKind::PermissionDenied => {
            "cannot be read: Infora Desk may not open it".to_owned()
        }
        _ => format!("cannot be read: {error}"),
    };
    FieldError::new("file", Rule::NotAllowed, why).into()
}

fn not_a_sheet(error: ReadError) -> CommandError {
    let why = match error {
        ReadError::Empty => "is empty: it has no header row".to_owned(),
        ReadError::Csv(e) => format!("could not be read as CSV: {e}"),
        ReadError::Xlsx(e) => format!("could not be read as an Excel workbook: {e}"),
    };
    FieldError::new("file", Rule::Format, why).into()
}

/// What the wizard shows of a file: how it was read, its columns and the field each fills, and
/// its first rows as they are and as they will be stored.
#[derive(Debug, Serialize, TS)]
#[ts(export)]
pub struct ImportFile {
    pub path: String,
    /// The file's name, as the history will name the import ("… (import of customers.csv)").
    pub file_name: String,
    pub detected: Detected,
    pub headers: Vec<String>,
    pub mapping: Mapping,
    /// What must change in the mapping before a dry run; empty when it can be used.
    pub problems: Vec<MappingProblem>,
    /// Data rows (the header and blank rows not counted).
    #[ts(type = "number")]
    pub rows: u64,
    /// The first rows' cells as the file has them.
    pub sample: Vec<SheetRow>,
    /// The same rows as they will be stored, or why each cannot be.
    pub preview: Vec<PreviewRow>,
}

/// How an export ended.
#[derive(Debug, Serialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum Exported {
    Written {
        path: String,
        #[ts(type = "number")]
        rows: u64,
    },
    /// Stopped at the person's request; no file was written.
    Cancelled,
}

/// A value of a closed set, as the window names it (the names serde gives the variants, so this
/// and the UI's type cannot disagree); `refusal` says what was sent instead.
fn one_of<T: DeserializeOwned>(
    field: &str,
    raw: &str,
    refusal: impl FnOnce(&str) -> String,
) -> Result<T, FieldError> {
    T::deserialize(IntoDeserializer::<NotOneOf>::into_deserializer(raw.trim()))
        .map_err(|_| FieldError::new(field, Rule::NotAllowed, refusal(raw)))
}

fn delimiter(raw: &str) -> Result<Delimiter, FieldError> {
    one_of("delimiter", raw, |raw| {
        format!("{raw:?} is not a separator this desk reads (comma, semicolon or tab)")
    })
}

fn on_duplicate(raw: &str) -> Result<OnDuplicate, FieldError> {
    one_of("on_duplicate", raw, |raw| {
        format!("{raw:?} is not a choice for duplicates (update or skip)")
    })
}

fn export_format(raw: &str) -> Result<ExportFormat, FieldError> {
    one_of("format", raw, |raw| {
        format!("{raw:?} is not a format this desk writes (csv or xlsx)")
    })
}

/// The file to import: a full path, as the open dialog gives it.
fn import_path(raw: &str) -> Result<PathBuf, FieldError> {
    if raw.trim().is_empty() {
        return Err(FieldError::new(
            "path",
            Rule::Required,
            "is required: the file to import",
        ));
    }
    let path = PathBuf::from(raw);
    if !path.is_absolute() {
        return Err(FieldError::new(
            "path",
            Rule::Format,
            "must be a full path: a folder and a file name",
        ));
    }
    Ok(path)
}

/// A mapping as the window sends it, `{columns: [field or null, …]}`, one entry per column.
fn mapping(raw: &Value, columns: usize) -> Result<Mapping, FieldError> {
    let wrong = || {
        FieldError::new(
            "mapping",
            Rule::WrongType,
            "must be {columns: [a field or null for each column]}",
        )
    };
    let given = raw
        .get("columns")
        .and_then(Value::as_array)
        .ok_or_else(wrong)?;
    if given.len() != columns {
        return Err(FieldError::new(
            "mapping",
            Rule::OutOfRange,
            format!("names {} columns; the file has {columns}", given.len()),
        ));
    }
    let fields = given
        .iter()
        .map(|cell| match cell {
            Value::Null => Ok(None),
            Value::String(name) => one_of::<Field>("mapping", name, |name| {
                format!("{name:?} is not a customer field")
            })
            .map(Some),
            _ => Err(wrong()),
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Mapping { columns: fields })
}

/// What every import command is asked: the file and how to read it.
struct Asked {
    path: PathBuf,
    options: ReadOptions,
}

impl Asked {
    fn parse(path: &str, separator: Option<&str>, errors: &mut ValidationErrors) -> Option<Self> {
        let path = errors.check(import_path(path));
        let delimiter = match separator {
            Some(raw) => Some(errors.check(delimiter(raw))?),
            None => None,
        };
        Some(Self {
            path: path?,
            options: ReadOptions {
                delimiter,
                encoding: None,
            },
        })
    }

    fn file_name(&self) -> String {
        self.path
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
    }
}

/// Runs `work` on a thread of the blocking pool, driving its futures there: the store parses a
/// sheet's rows and writes an export's file inline, seconds of CPU and disk at a large file,
/// which must not hold up the runtime's workers while the window goes on calling commands.
async fn on_a_thread_of_its_own<T: Send + 'static>(
    work: impl Future<Output = T> + Send + 'static,
) -> Result<T, CommandError> {
    tauri::async_runtime::spawn_blocking(move || tauri::async_runtime::block_on(work))
        .await
        .map_err(|e| {
            infora_store::Error::Internal(format!("an import or export stopped: {e}")).into()
        })
}

/// Reads the file at `path` (CSV with the separator detected, or `delimiter`; or `.xlsx`) and
/// returns what the wizard shows: `mapping` when given (one entry a column), else (null) one
/// guessed from the headers.
#[tauri::command]
pub async fn open_import_file(
    desk: State<'_, Desk>,
    path: String,
    delimiter: Option<String>,
    mapping: Value,
) -> Result<ImportFile, CommandError> {
    let mut errors = ValidationErrors::new();
    let asked = Asked::parse(&path, delimiter.as_deref(), &mut errors);
    let asked = match asked {
        Some(asked) if errors.is_empty() => asked,
        _ => return Err(errors.into()),
    };
    desk.operator()?;
    let sheet = desk.exchange.sheet(&asked.path, asked.options).await?;
    let mapping = match mapping {
        Value::Null => Mapping::guess(&sheet.headers),
        raw => self::mapping(&raw, sheet.headers.len())?,
    };
    let store = desk.store();
    Ok(ImportFile {
        path: asked.path.display().to_string(),
        file_name: asked.file_name(),
        detected: sheet.detected,
        headers: sheet.headers.clone(),
        problems: mapping.problems(),
        rows: sheet.rows.len() as u64,
        sample: sheet.rows.iter().take(PREVIEW_ROWS).cloned().collect(),
        preview: preview(&sheet, &mapping, store.region(), store.now(), PREVIEW_ROWS),
        mapping,
    })
}

/// The file and mapping of a dry run or an import, parsed: every fault at once.
async fn import_request(
    desk: &Desk,
    path: &str,
    separator: Option<&str>,
    raw_mapping: &Value,
    duplicates: &str,
) -> Result<(Asked, Arc<Sheet>, Mapping, OnDuplicate), CommandError> {
    let mut errors = ValidationErrors::new();
    let asked = Asked::parse(path, separator, &mut errors);
    let duplicates = errors.check(on_duplicate(duplicates));
    let (asked, duplicates) = match (asked, duplicates) {
        (Some(asked), Some(duplicates)) if errors.is_empty() => (asked, duplicates),
        _ => return Err(errors.into()),
    };
    desk.operator()?;
    let sheet = desk.exchange.sheet(&asked.path, asked.options).await?;
    let mapping = mapping(raw_mapping, sheet.headers.len())?;
    Ok((asked, sheet, mapping, duplicates))
}

/// What importing the file would do with every row, writing nothing: counts of new, updated,
/// unchanged, skipped, and each refused row's line, field and reason.
#[tauri::command]
pub async fn dry_run_import(
    desk: State<'_, Desk>,
    path: String,
    delimiter: Option<String>,
    mapping: Value,
    on_duplicate: String,
) -> Result<ImportReport, CommandError> {
    let (_, sheet, mapping, on_duplicate) =
        import_request(&desk, &path, delimiter.as_deref(), &mapping, &on_duplicate).await?;
    let store = desk.store();
    let report = on_a_thread_of_its_own(async move {
        store
            .dry_run_import(SheetImport {
                sheet: &sheet,
                mapping: &mapping,
                on_duplicate,
            })
            .await
    })
    .await??;
    desk.exchange.keep_report(&report);
    Ok(report)
}

/// The refused rows of the last dry run or import as CSV (`Line,Field,Reason`, UTF-8 with a
/// BOM) at `path` (`.csv` added when missing), whole or not at all. Resolves to the path.
#[tauri::command]
pub async fn save_import_refusals(
    desk: State<'_, Desk>,
    path: String,
) -> Result<String, CommandError> {
    let path = file_path(&path, "csv", "the report")?;
    desk.operator()?;
    let report = desk
        .exchange
        .report
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .clone();
    let Some(report) = report else {
        return Err(CommandError {
            code: ErrorCode::NotFound,
            message: "There is no report to save yet: run the dry run first.".to_owned(),
            fields: Vec::new(),
            other_customer: None,
            wait_seconds: None,
        });
    };
    save_whole(&path, report.refusals_csv().as_bytes())
}

/// Imports the file in one transaction, as the signed-in operator (the history says "… (import
/// of <file>)"): refused rows are left out, the rest written, or nothing when cancelled.
/// Progress arrives as `import://progress` events.
#[tauri::command]
pub async fn import_customers<R: Runtime>(
    app: AppHandle<R>,
    desk: State<'_, Desk>,
    path: String,
    delimiter: Option<String>,
    mapping: Value,
    on_duplicate: String,
) -> Result<ImportOutcome, CommandError> {
    let (asked, sheet, mapping, on_duplicate) =
        import_request(&desk, &path, delimiter.as_deref(), &mapping, &on_duplicate).await?;
    let by = desk.actor()?;
    let exchange = &desk.exchange;
    let Ok(_one) = exchange.importing.try_lock() else {
        return Err(busy(
            "An import is already running: wait for it or cancel it.",
        ));
    };
    exchange.cancel_import.store(false, Ordering::Relaxed);
    let store = desk.store();
    let file_name = asked.file_name();
    let cancel = exchange.cancel_import.clone();
    let outcome = on_a_thread_of_its_own(async move {
        store
            .import_sheet(
                &by,
                &file_name,
                SheetImport {
                    sheet: &sheet,
                    mapping: &mapping,
                    on_duplicate,
                },
                |progress| {
                    // A window that went away can't be told; the import goes on regardless.
                    let _ = app.emit(IMPORT_PROGRESS, progress);
                },
                &cancel,
            )
            .await
    })
    .await??;
    exchange.cancel_import.store(false, Ordering::Relaxed);
    if let ImportOutcome::Imported { report } = &outcome {
        exchange.keep_report(report);
        log::info!(
            "imported {}: {} new, {} updated, {} refused",
            asked.path.display(),
            report.new,
            report.updated,
            report.refused.len()
        );
        desk.sync().wake();
    }
    Ok(outcome)
}

/// Forgets the file the wizard read (kept in memory while it works on the file: a large one is
/// tens of megabytes). The wizard calls it when it closes.
#[tauri::command]
pub async fn close_import_file(desk: State<'_, Desk>) -> Result<(), CommandError> {
    *desk.exchange.opened() = None;
    Ok(())
}

/// Stops the running import (nothing of it is kept); returns whether one was running.
#[tauri::command]
pub async fn cancel_import(desk: State<'_, Desk>) -> Result<bool, CommandError> {
    Ok(desk.exchange.cancel(Which::Import))
}

/// Writes the customers `query` lists (the list's own query: search, status, filters, sort; all
/// its pages), or everyone when it is null, to `path` as CSV or `.xlsx` (the extension added when
/// missing), whole or not at all. Progress arrives as `export://progress` events.
#[tauri::command]
pub async fn export_customers<R: Runtime>(
    app: AppHandle<R>,
    desk: State<'_, Desk>,
    query: Value,
    format: String,
    path: String,
) -> Result<Exported, CommandError> {
    let mut errors = ValidationErrors::new();
    let query = match query {
        Value::Null => None,
        raw => match CustomerQuery::from_json(&raw) {
            Ok(query) => Some(query),
            Err(found) => {
                found.fields().iter().for_each(|e| errors.push(e.clone()));
                None
            }
        },
    };
    let format = errors.check(export_format(&format));
    let extension = match format {
        Some(ExportFormat::Xlsx) => "xlsx",
        _ => "csv",
    };
    let path = errors.check(file_path(&path, extension, "the export"));
    let (format, path) = match (format, path) {
        (Some(format), Some(path)) if errors.is_empty() => (format, path),
        _ => return Err(errors.into()),
    };
    desk.operator()?;
    let folder = path.parent().unwrap_or(Path::new("/")).to_owned();
    if !folder.is_dir() {
        let missing = std::io::Error::from(std::io::ErrorKind::NotFound);
        return Err(not_writable(&folder, &missing));
    }
    let exchange = &desk.exchange;
    let Ok(_one) = exchange.exporting.try_lock() else {
        return Err(busy(
            "An export is already running: wait for it or cancel it.",
        ));
    };
    exchange.cancel_export.store(false, Ordering::Relaxed);
    let store = desk.store();
    let target = path.clone();
    let cancel = exchange.cancel_export.clone();
    let outcome = on_a_thread_of_its_own(async move {
        store
            .export_customers(
                query.as_ref(),
                format,
                &target,
                |progress| {
                    let _ = app.emit(EXPORT_PROGRESS, progress);
                },
                &cancel,
            )
            .await
    })
    .await??;
    exchange.cancel_export.store(false, Ordering::Relaxed);
    Ok(match outcome {
        ExportOutcome::Written { rows } => {
            log::info!("exported {rows} customers to {}", path.display());
            Exported::Written {
                path: path.display().to_string(),
                rows,
            }
        }
        ExportOutcome::Cancelled => Exported::Cancelled,
    })
}

/// Stops the running export (no file is written); returns whether one was running.
#[tauri::command]
pub async fn cancel_export(desk: State<'_, Desk>) -> Result<bool, CommandError> {
    Ok(desk.exchange.cancel(Which::Export))
}

#[derive(Clone, Copy)]
enum Which {
    Import,
    Export,
}

impl Exchange {
    /// Raises the stop flag of a running import or export; one that is not running is left
    /// alone, so a late cancel never stops the next one.
    fn cancel(&self, which: Which) -> bool {
        let (running, flag) = match which {
            Which::Import => (&self.importing, &self.cancel_import),
            Which::Export => (&self.exporting, &self.cancel_export),
        };
        let running = running.try_lock().is_err();
        if running {
            flag.store(true, Ordering::Relaxed);
        }
        running
    }
}

/// Another import (or export) is running: the window waits for it, or cancels it.
fn busy(message: &str) -> CommandError {
    CommandError {
        code: ErrorCode::Clash,
        message: message.to_owned(),
        fields: Vec::new(),
        other_customer: None,
        wait_seconds: None,
    }
}
