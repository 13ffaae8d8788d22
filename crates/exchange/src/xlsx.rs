//! `.xlsx`: the first worksheet, each cell as the text a person typed where it can be told.

use crate::sheet::{Detected, FileFormat, ReadError, Sheet, SheetRow};
use calamine::{Data, Reader, Xlsx};
use chrono::Timelike;
use std::io::Cursor;

/// Whole numbers below this are written out digit by digit; above it a float no longer holds
/// every digit, and its text would pretend to.
const EXACT_INTEGERS: f64 = 1e15;

/// A cell's text. Numbers come out as typed, not as floats: a phone stored as the number
/// 712345678 is "712345678" (its lost leading zero is the phone parser's to put back), a
/// balance of 1500.5 is "1500.5". Dates are ISO dates; a date with a time, which has no zone in
/// Excel, is taken as UTC.
pub(crate) fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < EXACT_INTEGERS => {
            format!("{}", *f as i64)
        }
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_owned(),
        Data::DateTime(at) => match at.as_datetime() {
            Some(at) if at.num_seconds_from_midnight() == 0 => at.format("%Y-%m-%d").to_string(),
            Some(at) => at.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
            None => at.as_f64().to_string(),
        },
        Data::Error(e) => e.to_string(),
    }
}

pub(crate) fn read(bytes: &[u8]) -> Result<Sheet, ReadError> {
    let mut workbook: Xlsx<Cursor<&[u8]>> = calamine::open_workbook_from_rs(Cursor::new(bytes))
        .map_err(|e: calamine::XlsxError| ReadError::Xlsx(e.to_string()))?;
    let range = workbook
        .worksheet_range_at(0)
        .ok_or(ReadError::Empty)?
        .map_err(|e: calamine::XlsxError| ReadError::Xlsx(e.to_string()))?;
    let first_row = u64::from(range.start().map_or(0, |(row, _)| row));
    let first_col = range.start().map_or(0, |(_, col)| col as usize);
    let rows = range
        .rows()
        .enumerate()
        .map(move |(n, cells): (usize, &[Data])| SheetRow {
            line: first_row + n as u64 + 1,
            // Cells left of the used range are empty columns the header row also has.
            cells: std::iter::repeat_n(String::new(), first_col)
                .chain(cells.iter().map(cell_text))
                .collect(),
        });
    Sheet::new(
        rows,
        Detected {
            format: FileFormat::Xlsx,
            delimiter: None,
            encoding: None,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sheet::ReadOptions;
    use rust_xlsxwriter::Workbook;

    #[test]
    fn numbers_come_out_as_typed() {
        assert_eq!(cell_text(&Data::Float(712345678.0)), "712345678");
        assert_eq!(cell_text(&Data::Float(1500.5)), "1500.5");
        assert_eq!(cell_text(&Data::Float(-99999999.99)), "-99999999.99");
        assert_eq!(cell_text(&Data::Int(40)), "40");
        assert_eq!(cell_text(&Data::Empty), "");
    }

    #[test]
    fn a_workbook_is_read_from_its_first_sheet() {
        let mut book = Workbook::new();
        let sheet = book.add_worksheet();
        sheet.write_string(0, 0, "Name").unwrap();
        sheet.write_string(0, 1, "Mobile").unwrap();
        sheet.write_string(1, 0, "Zoë Wanjirũ").unwrap();
        sheet.write_number(1, 1, 712345678.0).unwrap();
        sheet.write_string(3, 0, "B").unwrap();
        sheet.write_string(3, 1, "0712345679").unwrap();
        let bytes = book.save_to_buffer().unwrap();
        let read = Sheet::read(&bytes, ReadOptions::default()).unwrap();
        assert_eq!(read.detected.format, FileFormat::Xlsx);
        assert_eq!(read.headers, vec!["Name", "Mobile"]);
        assert_eq!(read.rows[0].cells, vec!["Zoë Wanjirũ", "712345678"]);
        assert_eq!(
            read.rows[1].line, 4,
            "Excel's own row number, after the blank row"
        );
    }
}
