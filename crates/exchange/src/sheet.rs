//! A file read into a header row and rows of text cells, whatever it came as.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The kinds of file a customer list can arrive as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum FileFormat {
    Csv,
    Xlsx,
}

impl FileFormat {
    /// Told by the content, not the name: an `.xlsx` is a zip (`PK\x03\x04`), a CSV is text.
    pub fn detect(bytes: &[u8]) -> Self {
        if bytes.starts_with(b"PK\x03\x04") {
            Self::Xlsx
        } else {
            Self::Csv
        }
    }
}

/// What separates the cells of a CSV line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Delimiter {
    Comma,
    Semicolon,
    Tab,
}

impl Delimiter {
    pub const ALL: [Delimiter; 3] = [Self::Comma, Self::Semicolon, Self::Tab];

    pub fn byte(self) -> u8 {
        match self {
            Self::Comma => b',',
            Self::Semicolon => b';',
            Self::Tab => b'\t',
        }
    }
}

/// How a CSV's text is encoded: UTF-8 (with or without a BOM), or Windows-1252, what Excel on
/// Windows writes for "CSV (Comma delimited)".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum TextEncoding {
    Utf8,
    Windows1252,
}

/// What the reader found (or was told), for the wizard to show and let a person change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Detected {
    pub format: FileFormat,
    /// CSV only.
    pub delimiter: Option<Delimiter>,
    /// CSV only.
    pub encoding: Option<TextEncoding>,
}

/// Overrides for what the reader would otherwise detect.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ReadOptions {
    #[ts(optional)]
    pub delimiter: Option<Delimiter>,
    #[ts(optional)]
    pub encoding: Option<TextEncoding>,
}

/// One data row: its cells as text, and where it is in the file for a person to find it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct SheetRow {
    /// The line (CSV) or row number (xlsx) the row starts on, counting the header as 1.
    #[ts(type = "number")]
    pub line: u64,
    pub cells: Vec<String>,
}

/// A whole file: the header row and every data row. Blank rows are dropped.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Sheet {
    pub headers: Vec<String>,
    pub rows: Vec<SheetRow>,
    pub detected: Detected,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    #[error("the file is empty: it has no header row")]
    Empty,
    #[error("the file could not be read as CSV: {0}")]
    Csv(String),
    #[error("the file could not be read as an Excel workbook: {0}")]
    Xlsx(String),
}

impl Sheet {
    /// Reads a file's bytes: an `.xlsx` workbook (its first sheet) or CSV text.
    pub fn read(bytes: &[u8], options: ReadOptions) -> Result<Self, ReadError> {
        match FileFormat::detect(bytes) {
            FileFormat::Xlsx => crate::xlsx::read(bytes),
            FileFormat::Csv => crate::text::read(bytes, options),
        }
    }

    pub(crate) fn new(
        mut rows: impl Iterator<Item = SheetRow>,
        detected: Detected,
    ) -> Result<Self, ReadError> {
        let headers = rows.next().ok_or(ReadError::Empty)?.cells;
        let rows = rows
            .filter(|r| r.cells.iter().any(|c| !c.trim().is_empty()))
            .collect();
        Ok(Self {
            headers,
            rows,
            detected,
        })
    }
}
