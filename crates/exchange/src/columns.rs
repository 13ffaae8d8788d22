//! Customers written out as cells: the columns of an export, each in a form that both Excel
//! and this crate's reader keep exactly (an export imports back as the same customers).
//!
//! - Phones in international form with spaces, `+254 712 345 678`: Excel keeps it as text (a
//!   bare `+254712345678` becomes the number 2.54712E+11), a person can read it, and every
//!   phone parser takes it. No leading apostrophe: that would be part of the value.
//! - Money with two decimals and a point, no thousands separator: `-1500.50`.
//! - Instants in RFC 3339, UTC, to the microsecond when they have one:
//!   `2026-11-25T08:30:00Z`. Excel leaves that as text rather than guessing a format.
//! - CSV is UTF-8 with a BOM (without one Excel reads UTF-8 as Windows-1252), comma-separated,
//!   quoted where a cell needs it. Text a person typed (name, email, address, package) that
//!   would start a formula is written so the spreadsheet shows it as text (`formula::guard`).

use crate::formula::guard;
use crate::mapping::Field;
use chrono::{DateTime, SecondsFormat, Utc};
use infora_domain::{Customer, Phone, PhoneRegion};
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};
use std::io::Write;

/// One column of an export: a customer's field, or one kept for reference.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    Field(Field),
    CreatedAt,
    UpdatedAt,
    Id,
}

/// The columns of an export, in order: the customer's fields (in `Field::ALL`'s order, their
/// headers ones `Field::from_header` knows), then three for reference, which an import ignores.
pub const EXPORT_COLUMNS: [Column; Field::ALL.len() + 3] = {
    let fields = Field::ALL.len();
    let mut columns = [Column::Id; Field::ALL.len() + 3];
    let mut n = 0;
    while n < fields {
        columns[n] = Column::Field(Field::ALL[n]);
        n += 1;
    }
    columns[fields] = Column::CreatedAt;
    columns[fields + 1] = Column::UpdatedAt;
    columns
};

impl Column {
    pub fn header(self) -> &'static str {
        match self {
            Self::Field(field) => match field {
                Field::Name => "Name",
                Field::Email => "Email",
                Field::Phone => "Phone",
                Field::Address => "Address",
                Field::Status => "Status",
                Field::Package => "Package",
                Field::Balance => "Balance (KES)",
                Field::UsagePercentage => "Usage %",
                Field::DeviceCount => "Devices",
                Field::JoinDate => "Join date",
                Field::LastPaymentDate => "Last payment",
            },
            Self::CreatedAt => "Created",
            Self::UpdatedAt => "Updated",
            Self::Id => "ID",
        }
    }
}

pub fn instant_text(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::AutoSi, true)
}

/// `+254 712 345 678`. Numbers of the desk's country are grouped here, cheaply (a million rows
/// go through this); any other is grouped by the phone metadata.
pub fn phone_text(phone: &Phone, region: PhoneRegion) -> String {
    let e164 = phone.as_str();
    let code = region.calling_code().to_string();
    if let Some(national) = e164
        .strip_prefix('+')
        .and_then(|d| d.strip_prefix(code.as_str()))
    {
        let mut text = format!("+{code}");
        for group in national.as_bytes().chunks(3) {
            text.push(' ');
            text.push_str(std::str::from_utf8(group).unwrap_or_default());
        }
        return text;
    }
    phonenumber::parse(None, e164)
        .map(|n| {
            n.format()
                .mode(phonenumber::Mode::International)
                .to_string()
        })
        .unwrap_or_else(|_| e164.to_owned())
}

/// A cell's text, as CSV writes it.
fn text(column: Column, c: &Customer, region: PhoneRegion) -> String {
    match column {
        Column::Field(field) => field_text(field, c, region),
        Column::CreatedAt => instant_text(c.created_at),
        Column::UpdatedAt => instant_text(c.updated_at),
        Column::Id => c.id.to_string(),
    }
}

fn field_text(field: Field, c: &Customer, region: PhoneRegion) -> String {
    match field {
        Field::Name => c.name.as_str().to_owned(),
        Field::Email => c.email.as_str().to_owned(),
        Field::Phone => phone_text(&c.phone, region),
        Field::Address => c.address.as_ref().map_or("", |a| a.as_str()).to_owned(),
        Field::Status => c.status.as_str().to_owned(),
        Field::Package => c.package.as_str().to_owned(),
        Field::Balance => c.balance.to_string(),
        Field::UsagePercentage => c.usage_percentage.get().to_string(),
        Field::DeviceCount => c.device_count.get().to_string(),
        Field::JoinDate => instant_text(c.join_date),
        Field::LastPaymentDate => c.last_payment_date.map(instant_text).unwrap_or_default(),
    }
}

/// Writes customers as CSV to `out`, one `write` a customer.
pub struct CsvExport<W: Write> {
    out: csv::Writer<W>,
    region: PhoneRegion,
}

impl<W: Write> CsvExport<W> {
    /// Writes the BOM and the header row.
    pub fn new(mut out: W, region: PhoneRegion) -> std::io::Result<Self> {
        out.write_all(b"\xEF\xBB\xBF")?;
        let mut out = csv::Writer::from_writer(out);
        out.write_record(EXPORT_COLUMNS.map(Column::header))?;
        Ok(Self { out, region })
    }

    pub fn write(&mut self, c: &Customer) -> std::io::Result<()> {
        Ok(self.out.write_record(EXPORT_COLUMNS.map(|col| {
            let cell = text(col, c, self.region);
            match col {
                // The phone's `+` is ours, before digits we formatted: not a formula.
                Column::Field(Field::Name | Field::Email | Field::Address | Field::Package) => {
                    guard(cell)
                }
                _ => cell,
            }
        }))?)
    }

    /// Flushes and gives back the writer.
    pub fn finish(self) -> std::io::Result<W> {
        self.out
            .into_inner()
            .map_err(|e| std::io::Error::other(e.to_string()))
    }
}

/// Writes customers to an `.xlsx` workbook: text as text cells (phones among them), money and
/// counts as numbers. Rows are flushed to disk as they are written (constant memory).
pub struct XlsxExport {
    book: Workbook,
    row: u32,
    region: PhoneRegion,
    money: Format,
}

impl XlsxExport {
    pub fn new(region: PhoneRegion) -> Result<Self, XlsxError> {
        let mut book = Workbook::new();
        let bold = Format::new().set_bold();
        let sheet = book.add_worksheet_with_constant_memory();
        sheet.set_name("Customers")?;
        for (n, column) in EXPORT_COLUMNS.iter().enumerate() {
            sheet.write_string_with_format(0, n as u16, column.header(), &bold)?;
        }
        Ok(Self {
            book,
            row: 1,
            region,
            money: Format::new().set_num_format("0.00"),
        })
    }

    fn sheet(&mut self) -> Result<&mut Worksheet, XlsxError> {
        self.book.worksheet_from_index(0)
    }

    pub fn write(&mut self, c: &Customer) -> Result<(), XlsxError> {
        let (row, region, money) = (self.row, self.region, self.money.clone());
        let sheet = self.sheet()?;
        for (n, column) in EXPORT_COLUMNS.iter().enumerate() {
            let col = n as u16;
            match column {
                // Cents / 100 is the double nearest the amount; read back, it prints as typed.
                Column::Field(Field::Balance) => sheet.write_number_with_format(
                    row,
                    col,
                    c.balance.cents() as f64 / 100.0,
                    &money,
                )?,
                Column::Field(Field::UsagePercentage) => {
                    sheet.write_number(row, col, f64::from(c.usage_percentage.get()))?
                }
                Column::Field(Field::DeviceCount) => {
                    sheet.write_number(row, col, f64::from(c.device_count.get()))?
                }
                other => {
                    let value = text(*other, c, region);
                    if !value.is_empty() {
                        sheet.write_string(row, col, value)?;
                    }
                    continue;
                }
            };
        }
        self.row += 1;
        Ok(())
    }

    pub fn save(mut self, path: &std::path::Path) -> Result<(), XlsxError> {
        self.book.save(path)
    }

    pub fn save_to_writer<W: Write + std::io::Seek + Send>(
        mut self,
        out: W,
    ) -> Result<(), XlsxError> {
        self.book.save_to_writer(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mapping::Mapping;

    #[test]
    fn phones_are_grouped_text() {
        let ke = PhoneRegion::kenya();
        let phone = Phone::parse("0712345678", ke).unwrap();
        assert_eq!(phone_text(&phone, ke), "+254 712 345 678");
        assert_eq!(
            Phone::parse("+254 712 345 678", ke).unwrap(),
            phone,
            "it reads back"
        );
        let us = Phone::parse("+1 415 555 2671", ke).unwrap();
        assert_eq!(Phone::parse(&phone_text(&us, ke), ke).unwrap(), us);
    }

    #[test]
    fn every_field_column_is_found_again_by_its_header() {
        let headers: Vec<String> = EXPORT_COLUMNS
            .iter()
            .map(|c| c.header().to_owned())
            .collect();
        let mapping = Mapping::guess(&headers);
        assert_eq!(&mapping.columns[..11], &Field::ALL.map(Some)[..]);
        assert!(
            mapping.columns[11..].iter().all(Option::is_none),
            "reference columns are ignored"
        );
    }

    #[test]
    fn instants_are_rfc3339_utc() {
        let at = DateTime::parse_from_rfc3339("2026-11-25T08:30:00.123456Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(instant_text(at), "2026-11-25T08:30:00.123456Z");
        let at = DateTime::parse_from_rfc3339("2026-11-25T11:30:00+03:00")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(instant_text(at), "2026-11-25T08:30:00Z");
    }
}
