//! Keeping a CSV export from running formulas. A spreadsheet opening a CSV reads a cell that
//! starts with `=`, `+`, `-` or `@` (or a tab or carriage return) as a formula, so a customer
//! named `=HYPERLINK("http://…","Pay here")` by someone hostile becomes a live link on the
//! cashier's screen (OWASP's "CSV injection"). Such a cell is written with a leading
//! apostrophe, OWASP's remedy, which Excel takes as "this is text" and does not show (other
//! spreadsheets may show it; none runs the formula).
//!
//! The reader takes exactly that apostrophe off again, so an export imports back as the same
//! values. To keep the two exact inverses, text that already starts with apostrophes before a
//! formula character gets one more (`'=x` is written `''=x`), and only cells of that shape lose
//! one when read: `'hello` and `'0712345678` are read as they are.
//!
//! `.xlsx` needs none of this: its text cells are never evaluated.

/// The characters that make a CSV cell a formula (OWASP's list).
const FORMULA_START: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

fn starts_a_formula(text: &str) -> bool {
    text.trim_start_matches('\'').starts_with(FORMULA_START)
}

/// `text` as a CSV cell a spreadsheet will not evaluate.
pub(crate) fn guard(text: String) -> String {
    if starts_a_formula(&text) {
        format!("'{text}")
    } else {
        text
    }
}

/// The text `guard` was given, if `cell` is one it changed.
pub(crate) fn unguard(cell: &str) -> Option<&str> {
    cell.strip_prefix('\'')
        .filter(|rest| starts_a_formula(rest))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn formulas_are_written_as_text() {
        for (text, cell) in [
            ("=SUM(A1)", "'=SUM(A1)"),
            ("@cmd", "'@cmd"),
            ("-2+3", "'-2+3"),
            ("+254", "'+254"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("'=x", "''=x"),
        ] {
            assert_eq!(guard(text.to_owned()), cell);
            assert_eq!(unguard(cell), Some(text));
        }
    }

    #[test]
    fn plain_text_is_left_alone() {
        for text in ["Achieng", "'hello", "'0712345678", " =x", "a=b", ""] {
            assert_eq!(guard(text.to_owned()), text);
            assert_eq!(unguard(text), None, "{text:?} was not guarded");
        }
    }

    proptest! {
        #[test]
        fn reading_undoes_writing(text in "['=+@\\-\t a-z0-9]{0,8}") {
            let cell = guard(text.clone());
            prop_assert_eq!(unguard(&cell).unwrap_or(&cell), text.as_str());
        }
    }
}
