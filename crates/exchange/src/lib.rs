//! Infora Desk's spreadsheet exchange: a shop's customer list read from CSV or `.xlsx` into
//! text cells ([`sheet`]), its columns matched to customer fields ([`mapping`]), each row parsed by
//! the domain's own parsers so a refusal reads as the form's would ([`row`]), and customers
//! written back out as cells both formats keep as text ([`columns`]).
//!
//! Nothing here touches the store: the store's `import` and `export` modules drive these
//! functions over its rows, and the window's import wizard calls them for its preview.

pub mod columns;
mod formula;
pub mod mapping;
pub mod row;
pub mod sheet;
mod text;
mod xlsx;

pub use columns::{Column, EXPORT_COLUMNS};
pub use mapping::{Field, Mapping, MappingProblem};
pub use row::{parse_row, preview, ParsedCustomer, PreviewRow, RowOutcome};
pub use sheet::{
    Delimiter, Detected, FileFormat, ReadError, ReadOptions, Sheet, SheetRow, TextEncoding,
};
