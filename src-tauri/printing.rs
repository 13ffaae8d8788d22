//! Receipts and shift reports saved as PDF files. The window picks the file (the save dialog,
//! or the folder of `INFORA_SAVE_DIR` when end-to-end tests drive the app), `infora-print`
//! makes the bytes, and the file is written whole or not at all.

use crate::error::CommandError;
use crate::Desk;
use infora_domain::{FieldError, PaymentId, Rule, ShiftId, ValidationErrors};
use infora_print::{receipt_of, receipt_pdf, shift_report_of, shift_report_pdf, Letterhead, Paper};
use serde::de::{value::Error as NotOneOf, IntoDeserializer};
use serde::Deserialize;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use tauri::State;
use ts_rs::TS;

/// The paper a PDF is laid out for, as the window names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export, rename = "Paper")]
pub enum PaperName {
    Thermal80,
    Thermal58,
    A4,
}

impl PaperName {
    /// One of `thermal80`, `thermal58`, `a4` (the names serde gives the variants, so this and
    /// the UI's type cannot disagree).
    fn parse(raw: &str) -> Result<Paper, FieldError> {
        let name =
            PaperName::deserialize(IntoDeserializer::<NotOneOf>::into_deserializer(raw.trim()))
                .map_err(|_| {
                    FieldError::new(
                "paper",
                Rule::NotAllowed,
                format!("{raw:?} is not a paper this desk prints on (thermal80, thermal58 or a4)"),
            )
                })?;
        Ok(match name {
            Self::Thermal80 => Paper::Thermal80,
            Self::Thermal58 => Paper::Thermal58,
            Self::A4 => Paper::A4,
        })
    }
}

/// The shop's name at the head of every slip, as a supervisor set it in the desk settings.
async fn shop_name(desk: &Desk) -> Result<String, CommandError> {
    Ok(desk.store().settings().await?.shop_name.as_str().to_owned())
}

async fn letterhead(desk: &Desk) -> Result<Letterhead, CommandError> {
    Ok(Letterhead {
        shop_name: shop_name(desk).await?,
        desk_code: desk.store().desk_code().await?,
    })
}

/// What a save asks for, parsed at the edge: every field at fault is reported at once.
struct SaveRequest<Id> {
    id: Id,
    paper: Paper,
    path: PathBuf,
}

impl<Id: FromStr<Err = FieldError>> SaveRequest<Id> {
    fn parse(id: &str, paper: &str, path: &str) -> Result<Self, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let id = errors.check(id.parse::<Id>());
        let paper = errors.check(PaperName::parse(paper));
        let path = errors.check(pdf_path(path));
        match (id, paper, path) {
            (Some(id), Some(paper), Some(path)) => Ok(Self { id, paper, path }),
            _ => Err(errors),
        }
    }
}

fn pdf_path(raw: &str) -> Result<PathBuf, FieldError> {
    file_path(raw, "pdf", "the PDF")
}

/// The file to write: a full path, so it never depends on the app's working folder. A name
/// without `.<extension>` gets it (GTK's save dialog does not add the filter's extension).
pub(crate) fn file_path(raw: &str, extension: &str, what: &str) -> Result<PathBuf, FieldError> {
    if raw.trim().is_empty() {
        return Err(FieldError::new(
            "path",
            Rule::Required,
            format!("is required: the file to save {what} as"),
        ));
    }
    let path = PathBuf::from(raw);
    let name = raw
        .rsplit(['/', std::path::MAIN_SEPARATOR])
        .next()
        .unwrap_or_default();
    if !path.is_absolute() || matches!(name, "" | "." | "..") {
        return Err(FieldError::new(
            "path",
            Rule::Format,
            "must be a full path: a folder and a file name",
        ));
    }
    if path
        .extension()
        .is_some_and(|ext| ext.eq_ignore_ascii_case(extension))
    {
        return Ok(path);
    }
    let mut named = path.into_os_string();
    named.push(format!(".{extension}"));
    Ok(PathBuf::from(named))
}

/// Writes `bytes` at `path` whole or not at all: into a temporary file in the same folder,
/// flushed to disk, then renamed over `path` (a rename within one folder is atomic), so a crash
/// or a full disk never leaves half a PDF (or report) where the person asked for one. Returns
/// the path written.
pub(crate) fn save_whole(path: &Path, bytes: &[u8]) -> Result<String, CommandError> {
    let folder = path.parent().unwrap_or(Path::new("/"));
    let unwritable = |error: std::io::Error| not_writable(folder, &error);
    let mut file = tempfile::Builder::new()
        .prefix(".infora-")
        .suffix(".part")
        .tempfile_in(folder)
        .map_err(unwritable)?;
    file.write_all(bytes).map_err(unwritable)?;
    file.as_file().sync_all().map_err(unwritable)?;
    // On failure the temporary file is dropped, and with it deleted.
    file.persist(path)
        .map_err(|e| not_writable(folder, &e.error))?;
    log::info!("saved {} ({} bytes)", path.display(), bytes.len());
    Ok(path.display().to_string())
}

/// A file that cannot be written is the path's fault as far as the person can act on it: they
/// pick another folder. So it crosses as a validation error at `path`, saying why.
pub(crate) fn not_writable(folder: &Path, error: &std::io::Error) -> CommandError {
    log::warn!("could not save a file in {}: {error}", folder.display());
    let folder = folder.display();
    let why = match error.kind() {
        std::io::ErrorKind::NotFound => {
            format!("cannot be saved: the folder {folder} does not exist")
        }
        std::io::ErrorKind::PermissionDenied => {
            format!("cannot be saved: Infora Desk may not write in the folder {folder}")
        }
        _ => format!("cannot be saved in the folder {folder}: {error}"),
    };
    FieldError::new("path", Rule::NotAllowed, why).into()
}

/// A payment's or a void's receipt as a PDF at `path`; `copy` marks a reprint.
#[tauri::command]
pub async fn save_receipt_pdf(
    desk: State<'_, Desk>,
    payment_id: String,
    paper: String,
    copy: bool,
    path: String,
) -> Result<String, CommandError> {
    let asked = SaveRequest::<PaymentId>::parse(&payment_id, &paper, &path)?;
    let payment = desk.store().receipt(asked.id).await?;
    let offset = desk.store().local_offset(payment.taken_at);
    let receipt = receipt_of(&payment, &letterhead(&desk).await?, offset, copy);
    save_whole(&asked.path, &receipt_pdf(&receipt, asked.paper)?)
}

/// A shift's X report (open) or Z report (closed) as a PDF at `path`; `copy` marks a reprint.
#[tauri::command]
pub async fn save_shift_report_pdf(
    desk: State<'_, Desk>,
    shift_id: String,
    paper: String,
    copy: bool,
    path: String,
) -> Result<String, CommandError> {
    let asked = SaveRequest::<ShiftId>::parse(&shift_id, &paper, &path)?;
    let report = desk
        .store()
        .shift_report(&desk.operator()?, asked.id)
        .await?;
    let local = |at| desk.store().local_offset(at);
    let report = shift_report_of(&report, &letterhead(&desk).await?, local, copy);
    save_whole(&asked.path, &shift_report_pdf(&report, asked.paper)?)
}

/// The folder PDFs are saved in without asking, when the app was started with
/// `INFORA_SAVE_DIR` (end-to-end tests: WebDriver cannot drive a native save dialog); none
/// otherwise, and the window asks the person with the save dialog.
#[tauri::command]
pub async fn save_folder(desk: State<'_, Desk>) -> Result<Option<String>, CommandError> {
    Ok(desk
        .save_folder
        .as_ref()
        .map(|folder| folder.display().to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn papers_are_a_closed_set() {
        assert_eq!(PaperName::parse("thermal80").unwrap(), Paper::Thermal80);
        assert_eq!(PaperName::parse(" thermal58 ").unwrap(), Paper::Thermal58);
        assert_eq!(PaperName::parse("a4").unwrap(), Paper::A4);
        for raw in ["A4", "letter", "", "Thermal80"] {
            let error = PaperName::parse(raw).unwrap_err();
            assert_eq!(
                (error.field.as_str(), error.rule),
                ("paper", Rule::NotAllowed),
                "{raw:?} is no paper"
            );
        }
    }

    #[test]
    fn a_path_is_full_and_ends_in_pdf() {
        assert_eq!(
            pdf_path("/home/k/Receipt.pdf").unwrap(),
            PathBuf::from("/home/k/Receipt.pdf")
        );
        assert_eq!(
            pdf_path("/home/k/Receipt.PDF").unwrap(),
            PathBuf::from("/home/k/Receipt.PDF"),
            "an upper-case extension is still a PDF's"
        );
        assert_eq!(
            pdf_path("/home/k/Z-DESK1-0001").unwrap(),
            PathBuf::from("/home/k/Z-DESK1-0001.pdf"),
            "a name typed without the extension gets it"
        );
        assert_eq!(pdf_path("  ").unwrap_err().rule, Rule::Required);
        assert_eq!(
            pdf_path("Receipt.pdf").unwrap_err().rule,
            Rule::Format,
            "a bare name would land in whatever folder the app was started from"
        );
        for folder in ["/", "/home/k/", "/home/k/.."] {
            assert_eq!(
                pdf_path(folder).unwrap_err().rule,
                Rule::Format,
                "{folder} names a folder, not a file"
            );
        }
    }

    #[test]
    fn a_save_replaces_the_file_whole_and_leaves_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.pdf");
        std::fs::write(&path, b"old").unwrap();
        let written = save_whole(&path, b"%PDF-new").unwrap();
        assert_eq!(written, path.display().to_string());
        assert_eq!(std::fs::read(&path).unwrap(), b"%PDF-new");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec!["r.pdf"], "no temporary file is left behind");
    }

    #[test]
    fn a_folder_that_cannot_be_written_is_an_error_at_the_path() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("no-such-folder").join("r.pdf");
        let error = save_whole(&missing, b"%PDF").unwrap_err();
        assert_eq!(error.fields[0].field, "path");
        assert!(
            error.fields[0].message.contains("does not exist"),
            "{}",
            error.fields[0].message
        );
    }
}
