//! Exporting customers to a file: the list as it is filtered, searched and sorted, or
//! everything, as CSV or `.xlsx` (the cell forms are `infora_exchange::columns`'). Rows are
//! streamed from the store to the file; the file appears whole or not at all (written beside
//! its destination, then renamed over it).

use crate::{list, Error, Result};
use chrono::{DateTime, Utc};
use infora_domain::{CustomerQuery, PhoneRegion};
use infora_exchange::columns::{CsvExport, XlsxExport};
use serde::{Deserialize, Serialize};
use sqlx::SqliteConnection;
use std::io::BufWriter;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ExportFormat {
    Csv,
    Xlsx,
}

/// How far an export has come.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ExportProgress {
    pub done: usize,
    pub total: usize,
}

/// How an export ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum ExportOutcome {
    Written {
        #[ts(type = "number")]
        rows: u64,
    },
    /// Stopped at the person's request; no file was written.
    Cancelled,
}

/// Rows between progress reports and looks at the cancel flag.
const STEP: usize = 10_000;

fn io(error: impl std::fmt::Display) -> Error {
    Error::Internal(format!("the export file could not be written: {error}"))
}

/// The rows an export writes: the list's exact count (never the page's estimate).
async fn total(
    conn: &mut SqliteConnection,
    region: PhoneRegion,
    now: DateTime<Utc>,
    query: &CustomerQuery,
) -> Result<u64> {
    list::count_matches(conn, region, now, query).await
}

// The list's region and clock, what to list, where and how to write it, and the person's two
// controls over a long write (progress, cancel): each used, none belonging with another.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn export(
    conn: &mut SqliteConnection,
    region: PhoneRegion,
    now: DateTime<Utc>,
    query: &CustomerQuery,
    format: ExportFormat,
    path: &Path,
    mut progress: impl FnMut(ExportProgress),
    cancel: &AtomicBool,
) -> Result<ExportOutcome> {
    let total = total(conn, region, now, query).await? as usize;
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let temp = tempfile::Builder::new()
        .prefix(".export-")
        .tempfile_in(dir)
        .map_err(io)?;
    let mut done = 0usize;
    let mut tick = |done: usize| {
        if done % STEP == 0 {
            progress(ExportProgress { done, total });
            !cancel.load(Ordering::Relaxed)
        } else {
            true
        }
    };
    let finished = match format {
        ExportFormat::Csv => {
            let file = temp.as_file().try_clone().map_err(io)?;
            let mut out =
                CsvExport::new(BufWriter::with_capacity(1 << 20, file), region).map_err(io)?;
            let finished = list::for_each(conn, region, now, query, |c| {
                out.write(&c).map_err(io)?;
                done += 1;
                Ok(tick(done))
            })
            .await?;
            let file = out.finish().map_err(io)?;
            file.into_inner().map_err(io)?.sync_all().map_err(io)?;
            finished
        }
        ExportFormat::Xlsx => {
            let mut out = XlsxExport::new(region).map_err(io)?;
            let finished = list::for_each(conn, region, now, query, |c| {
                out.write(&c).map_err(io)?;
                done += 1;
                Ok(tick(done))
            })
            .await?;
            if finished {
                out.save(temp.path()).map_err(io)?;
            }
            finished
        }
    };
    if !finished {
        return Ok(ExportOutcome::Cancelled);
    }
    progress(ExportProgress { done, total });
    temp.persist(path).map_err(io)?;
    Ok(ExportOutcome::Written { rows: done as u64 })
}
