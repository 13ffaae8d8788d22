//! Infora Desk's printed paper: the receipt for a payment (its reprint and its void) and the
//! shift's X and Z reports, as PDF files for 80 mm and 58 mm thermal rolls and for A4.
//!
//! It prints plain input types ([`Receipt`], [`ShiftReport`]), filled from the counter's
//! records by [`receipt_of`] and [`shift_report_of`]; this crate knows nothing of the store, SQL
//! or Tauri, and only lays out and writes the bytes. The shell saves
//! them as a file or hands them to the system print dialog.
//!
//! # Why it is built this way
//! - **pdf-writer, not a layout engine.** A receipt is one column of short lines: a label on the
//!   left, a value on the right, rules between sections, one large total. That layout is a few
//!   hundred lines here (`layout.rs`); what is hard is the PDF and its fonts, and `pdf-writer`
//!   (typed PDF objects, from the Typst authors) with their `subsetter` does that with four
//!   small dependencies. Measured on this project's 2-core machine, the PDF dependencies build
//!   from clean in about 5 s (11 s with the workspace's `opt-level = 1` for dependencies, on a
//!   busy machine); `krilla`, the higher-level crate over the same two, in 42 s (58 crates);
//!   `printpdf` brings a whole HTML layout engine; `genpdf` has had no release since 2021.
//! - **An embedded font, subset per document.** The standard 14 PDF fonts speak only
//!   WinAnsi: "Wanjirũ" and "Ngũgĩ" are not in it. DejaVu Sans Condensed (free licence, in
//!   `fonts/` with it), cut down to Latin, is built into the crate, and each PDF carries only the
//!   glyphs it uses (a receipt is about 12 KB). Condensed, because a 58 mm roll prints 48 mm.
//! - **Text a machine can read back.** Every glyph maps to its character (ToUnicode), and lines
//!   are written top to bottom, label before value, so `pdftotext` returns the receipt in reading
//!   order; the tests check every field that way. A character outside the font prints as U+FFFD,
//!   never as a blank.
//! - **A roll is as long as its receipt.** Thermal pages are 80 or 58 mm wide and exactly as tall
//!   as the content (plus a tear-off margin); A4 is a normal page with the same column, centred,
//!   at a reading size. Long names wrap, and past their line limit end in an ellipsis: nothing
//!   is drawn outside the printable width.
//! - **One wording** for amounts (`KES 1,500.00`, `-KES 20.00`), dates (`3 Dec 2026 14:05`, day
//!   first, the desk's local time) and balances (`Balance owed`, `In credit`, `Balance`).
//! - **The same input gives the same bytes** (no clock, no random subset tag), so a reprint can
//!   be compared with the original and tests are stable.

mod font;
mod format;
mod layout;
mod of_desk;
mod pdf;
mod receipt;
mod shift;

pub use of_desk::{receipt_of, shift_report_of, Letterhead, CURRENCY};
pub use receipt::{Receipt, VoidOf};
pub use shift::{MethodTotal, ShiftReport, ShiftReportKind, VoidTotal};

/// The paper a document is laid out for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Paper {
    /// An 80 mm thermal roll (about 72 mm printable); the page is as long as the content.
    Thermal80,
    /// A 58 mm thermal roll (about 48 mm printable); the page is as long as the content.
    Thermal58,
    /// An A4 sheet, 210 × 297 mm.
    A4,
}

/// Why a document could not be made. Neither should happen with the fonts built into the crate;
/// they are errors, not panics, so that a bad build prints a message instead of closing the app.
#[derive(Debug, thiserror::Error)]
pub enum PrintError {
    #[error("the receipt font built into the app could not be read")]
    FontUnreadable,
    #[error("the receipt font could not be cut down for the PDF: {0}")]
    FontSubset(subsetter::Error),
}

/// A receipt as a PDF for `paper`.
pub fn receipt_pdf(receipt: &Receipt, paper: Paper) -> Result<Vec<u8>, PrintError> {
    render(&receipt.title(), &receipt.slip(), paper)
}

/// An X or Z report as a PDF for `paper`.
pub fn shift_report_pdf(report: &ShiftReport, paper: Paper) -> Result<Vec<u8>, PrintError> {
    render(&report.title(), &report.slip(), paper)
}

fn render(title: &str, slip: &layout::Slip, paper: Paper) -> Result<Vec<u8>, PrintError> {
    let fonts = font::Fonts::load()?;
    let page = layout::lay_out(slip, paper, &fonts);
    pdf::write(title, &[page], &fonts)
}
