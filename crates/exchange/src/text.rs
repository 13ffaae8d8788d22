//! CSV: its encoding and its delimiter detected (or as told), then read by the `csv` crate.

use crate::formula::unguard;
use crate::sheet::{
    Delimiter, Detected, FileFormat, ReadError, ReadOptions, Sheet, SheetRow, TextEncoding,
};
use std::borrow::Cow;

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Records looked at to choose a delimiter.
const SAMPLE: usize = 50;

/// UTF-8 if it has a BOM or is valid UTF-8 throughout; otherwise Windows-1252 (any byte is a
/// character there, so a legacy Excel file always decodes, and `é` stays `é`).
fn detect_encoding(bytes: &[u8]) -> TextEncoding {
    if bytes.starts_with(BOM) || std::str::from_utf8(bytes).is_ok() {
        TextEncoding::Utf8
    } else {
        TextEncoding::Windows1252
    }
}

fn decode(bytes: &[u8], encoding: TextEncoding) -> Cow<'_, str> {
    match encoding {
        // Invalid sequences (a file forced to UTF-8 that is not) become U+FFFD, visible in the
        // preview, rather than failing the whole file.
        TextEncoding::Utf8 => encoding_rs::UTF_8.decode_with_bom_removal(bytes).0,
        TextEncoding::Windows1252 => {
            encoding_rs::WINDOWS_1252
                .decode_without_bom_handling(bytes)
                .0
        }
    }
}

fn reader(text: &str, delimiter: Delimiter) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .delimiter(delimiter.byte())
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes())
}

/// The delimiter that splits the header into the most columns with the sample's rows agreeing
/// on that count; quotes are honoured, so a comma inside `"Otieno, Achieng"` does not count.
fn detect_delimiter(text: &str) -> Delimiter {
    let score = |delimiter: Delimiter| {
        let mut records = reader(text, delimiter).into_records().take(SAMPLE);
        let Some(Ok(header)) = records.next() else {
            return (0, 0);
        };
        let width = header.len();
        if width < 2 {
            return (0, 0);
        }
        let agreeing = records
            .filter_map(Result::ok)
            .filter(|r| r.len() == width)
            .count();
        (agreeing + 1, width)
    };
    Delimiter::ALL
        .into_iter()
        .max_by_key(|d| score(*d))
        .filter(|d| score(*d).1 > 0)
        .unwrap_or(Delimiter::Comma)
}

/// `="0712345678"` is how some programs make Excel keep a value as text; the value is inside.
fn unwrap_text_formula(cell: &str) -> String {
    match cell
        .strip_prefix("=\"")
        .and_then(|rest| rest.strip_suffix('"'))
    {
        Some(inner) => inner.replace("\"\"", "\""),
        None => cell.to_owned(),
    }
}

pub(crate) fn read(bytes: &[u8], options: ReadOptions) -> Result<Sheet, ReadError> {
    let encoding = options.encoding.unwrap_or_else(|| detect_encoding(bytes));
    let text = decode(bytes, encoding);
    let delimiter = options.delimiter.unwrap_or_else(|| detect_delimiter(&text));
    // Lines are counted from the byte where each record starts: the `csv` crate's own count
    // skips blank lines, and a person looks a row up by the line their editor shows.
    let (mut line, mut counted_to) = (1u64, 0usize);
    let rows = reader(&text, delimiter)
        .into_records()
        .map(|record| {
            let record = record.map_err(|e| ReadError::Csv(e.to_string()))?;
            let mut start = record.position().map_or(counted_to, |p| p.byte() as usize);
            // The position is where the reader started looking, before any blank lines.
            while matches!(text.as_bytes().get(start), Some(b'\r' | b'\n')) {
                start += 1;
            }
            let skipped = text.as_bytes().get(counted_to..start).unwrap_or_default();
            line += skipped.iter().filter(|b| **b == b'\n').count() as u64;
            counted_to = start.max(counted_to);
            Ok(SheetRow {
                line,
                cells: record
                    .iter()
                    .map(|cell| match unguard(cell) {
                        Some(text) => text.to_owned(),
                        None => unwrap_text_formula(cell),
                    })
                    .collect(),
            })
        })
        .collect::<Result<Vec<_>, ReadError>>()?;
    Sheet::new(
        rows.into_iter(),
        Detected {
            format: FileFormat::Csv,
            delimiter: Some(delimiter),
            encoding: Some(encoding),
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet(bytes: &[u8]) -> Sheet {
        Sheet::read(bytes, ReadOptions::default()).unwrap()
    }

    #[test]
    fn each_delimiter_is_detected() {
        for (text, expected) in [
            ("Name,Email\nA,a@x.co\n", Delimiter::Comma),
            ("Name;Email\nA;a@x.co\n", Delimiter::Semicolon),
            ("Name\tEmail\nA\ta@x.co\n", Delimiter::Tab),
        ] {
            let sheet = sheet(text.as_bytes());
            assert_eq!(sheet.detected.delimiter, Some(expected), "{text:?}");
            assert_eq!(sheet.headers, vec!["Name", "Email"]);
            assert_eq!(sheet.rows[0].cells, vec!["A", "a@x.co"]);
        }
    }

    #[test]
    fn a_quoted_comma_does_not_make_semicolons_lose() {
        let sheet = sheet(b"Name;Address\n\"Otieno, Achieng\";\"Kisumu, Milimani\"\nB;C\n");
        assert_eq!(sheet.detected.delimiter, Some(Delimiter::Semicolon));
        assert_eq!(
            sheet.rows[0].cells,
            vec!["Otieno, Achieng", "Kisumu, Milimani"]
        );
    }

    #[test]
    fn a_delimiter_given_wins_over_detection() {
        let options = ReadOptions {
            delimiter: Some(Delimiter::Semicolon),
            encoding: None,
        };
        let sheet = Sheet::read(b"a,b;c\n1,2;3\n", options).unwrap();
        assert_eq!(sheet.headers, vec!["a,b", "c"]);
    }

    #[test]
    fn a_bom_is_detected_and_removed() {
        let sheet = sheet(b"\xEF\xBB\xBFName,Email\nZo\xC3\xAB,z@x.co\n");
        assert_eq!(sheet.detected.encoding, Some(TextEncoding::Utf8));
        assert_eq!(
            sheet.headers[0], "Name",
            "the BOM is not part of the first header"
        );
        assert_eq!(sheet.rows[0].cells[0], "Zoë");
    }

    #[test]
    fn windows_1252_from_excel_keeps_its_accents() {
        // "Ren\xE9" is "René" in Windows-1252 and not valid UTF-8.
        let sheet = sheet(b"Name,Email\nRen\xE9 Mwangi,r@x.co\n");
        assert_eq!(sheet.detected.encoding, Some(TextEncoding::Windows1252));
        assert_eq!(sheet.rows[0].cells[0], "René Mwangi");
    }

    #[test]
    fn utf8_without_a_bom_is_utf8() {
        let sheet = sheet("Name\nWanjirũ Ngũgĩ\n".as_bytes());
        assert_eq!(sheet.detected.encoding, Some(TextEncoding::Utf8));
        assert_eq!(sheet.rows[0].cells[0], "Wanjirũ Ngũgĩ");
    }

    #[test]
    fn lines_count_from_the_header_and_across_quoted_newlines() {
        let sheet = sheet(b"Name,Address\nA,\"line one\nline two\"\n\nB,x\n");
        assert_eq!(sheet.rows.len(), 2, "the blank line is dropped");
        assert_eq!(sheet.rows[0].line, 2);
        assert_eq!(sheet.rows[0].cells[1], "line one\nline two");
        assert_eq!(sheet.rows[1].line, 5);
    }

    #[test]
    fn a_text_formula_gives_its_text() {
        let sheet = sheet(b"Phone\n\"=\"\"0712345678\"\"\"\n");
        assert_eq!(sheet.rows[0].cells[0], "0712345678");
    }

    #[test]
    fn a_guarded_formula_gives_its_text_and_nothing_else_loses_its_apostrophe() {
        let sheet =
            sheet("Name\n'=SUM(A1)\n''=x\n'hello\n'0712345678\n\"'=\"\"x\"\"\"\n".as_bytes());
        let cells: Vec<&str> = sheet.rows.iter().map(|r| r.cells[0].as_str()).collect();
        assert_eq!(
            cells,
            ["=SUM(A1)", "'=x", "'hello", "'0712345678", "=\"x\""]
        );
    }

    #[test]
    fn an_empty_file_is_refused() {
        assert_eq!(
            Sheet::read(b"", ReadOptions::default()),
            Err(ReadError::Empty)
        );
    }
}
