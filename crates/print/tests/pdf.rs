//! Receipts and shift reports read back from the PDF with poppler's `pdftotext` and `pdfinfo`,
//! as a customer's PDF reader or a search box would read them.
// A failed unwrap here is a failing test with its message, as in the other crates' tests.
#![allow(clippy::unwrap_used)]

mod common;

use common::*;
use infora_print::{receipt_pdf, shift_report_pdf, Paper, Receipt, ShiftReport};
use std::process::Command;

const PAPERS: [Paper; 3] = [Paper::Thermal80, Paper::Thermal58, Paper::A4];

/// Runs a poppler tool on `pdf`; fails (never skips) when the tool is missing.
fn poppler(tool: &str, args: &[&str], pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("doc.pdf");
    std::fs::write(&path, pdf).unwrap();
    let output = match Command::new(tool).args(args).arg(&path).arg("-").output() {
        Ok(output) => output,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => panic!(
            "{tool} is not installed: these tests read the PDFs back with it. \
             Install Debian's poppler-utils (scripts/bootstrap.sh does)."
        ),
        Err(e) => panic!("{tool} could not run: {e}"),
    };
    assert!(
        output.status.success(),
        "{tool} refused the PDF: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// The text in reading order with every run of spaces and line breaks made one space, so a
/// label and its right-aligned value read as "Label value".
fn text(pdf: &[u8]) -> String {
    let layout = poppler("pdftotext", &["-layout", "-enc", "UTF-8"], pdf);
    layout.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Page count and the first page's size in points, from `pdfinfo`.
fn info(pdf: &[u8]) -> (u32, f64, f64) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("doc.pdf");
    std::fs::write(&path, pdf).unwrap();
    let output = Command::new("pdfinfo")
        .arg(&path)
        .output()
        .unwrap_or_else(|e| panic!("pdfinfo could not run ({e}): install Debian's poppler-utils"));
    let out = String::from_utf8(output.stdout).unwrap();
    let field = |name: &str| {
        out.lines()
            .find_map(|l| l.strip_prefix(name))
            .unwrap_or_else(|| panic!("pdfinfo says no {name}: {out}"))
            .trim()
            .to_owned()
    };
    let pages = field("Pages:").parse().unwrap();
    // "226.77 x 368.5 pts"
    let size = field("Page size:");
    let mut numbers = size
        .split_whitespace()
        .filter_map(|w| w.parse::<f64>().ok());
    (pages, numbers.next().unwrap(), numbers.next().unwrap())
}

fn assert_has(text: &str, expected: &[&str], what: &str) {
    for want in expected {
        assert!(
            text.contains(want),
            "{what}: {want:?} must be printed; the PDF reads:\n{text}"
        );
    }
}

fn receipt(receipt: &Receipt, paper: Paper) -> Vec<u8> {
    receipt_pdf(receipt, paper).unwrap()
}

fn report(report: &ShiftReport, paper: Paper) -> Vec<u8> {
    shift_report_pdf(report, paper).unwrap()
}

#[test]
fn a_receipt_prints_every_field_on_every_paper() {
    for paper in PAPERS {
        let text = text(&receipt(&mpesa_receipt(), paper));
        assert_has(
            &text,
            &[
                "Mtaani WiFi Ltd",
                "Desk K7QF2",
                "Receipt K7QF2-20261203-000042",
                "3 Dec 2026 14:05",
                "Customer Wanjirũ Nyambũra",
                "+254 712 345 678",
                "AMOUNT PAID KES 1,500.00",
                "Method M-Pesa",
                "Reference QK7T2M9XYZ",
                "December package, 10 Mbps",
                "Balance owed KES 1,500.00",
                "Cashier Akinyi Otieno",
            ],
            &format!("{paper:?} receipt"),
        );
        assert!(
            !text.contains("COPY") && !text.contains("VOID"),
            "{paper:?}: an original payment is neither a copy nor a void: {text}"
        );
    }
}

#[test]
fn the_text_comes_out_in_reading_order() {
    // -raw keeps the order the page was written in, which is what copy and paste or a screen
    // reader follow: top to bottom, each label before its value.
    for paper in PAPERS {
        let raw = poppler(
            "pdftotext",
            &["-raw", "-enc", "UTF-8"],
            &receipt(&mpesa_receipt(), paper),
        );
        let raw = raw.split_whitespace().collect::<Vec<_>>().join(" ");
        let order = [
            "Mtaani WiFi Ltd",
            "Desk K7QF2",
            "Receipt K7QF2-20261203-000042",
            "Date 3 Dec 2026 14:05",
            "Cashier Akinyi Otieno",
            "Customer Wanjirũ Nyambũra",
            "Phone +254 712 345 678",
            "Method M-Pesa",
            "Reference QK7T2M9XYZ",
            "AMOUNT PAID KES 1,500.00",
            "Balance owed KES 1,500.00",
        ];
        let mut from = 0;
        for field in order {
            let at = raw[from..].find(field).unwrap_or_else(|| {
                panic!("{paper:?}: {field:?} not found after byte {from} in {raw}")
            });
            from += at + field.len();
        }
    }
}

#[test]
fn non_ascii_names_survive_the_round_trip() {
    for (name, paper) in [
        ("Wanjirũ Nyambũra", Paper::Thermal58),
        ("Zoë Ödegaard", Paper::Thermal80),
        ("Ngũgĩ wa Thiong'o", Paper::A4),
        ("Çağrı Łukasz Ærøe", Paper::Thermal58),
    ] {
        let r = Receipt {
            customer_name: name.into(),
            ..mpesa_receipt()
        };
        assert_has(
            &text(&receipt(&r, paper)),
            &[name],
            "the customer's own spelling",
        );
    }
}

#[test]
fn a_name_typed_with_combining_marks_reads_back_composed() {
    let r = Receipt {
        customer_name: "Wanjiru\u{303} Nyambu\u{303}ra".into(),
        ..mpesa_receipt()
    };
    assert_has(
        &text(&receipt(&r, Paper::Thermal80)),
        &["Wanjirũ Nyambũra"],
        "the font draws the composed letter",
    );
}

#[test]
fn credit_and_zero_balances_are_said_in_words() {
    let text_of = |r: &Receipt| text(&receipt(r, Paper::Thermal58));
    assert_has(
        &text_of(&cash_receipt()),
        &[
            "In credit KES 20.00",
            "Method Cash",
            "AMOUNT PAID KES 2,520.00",
        ],
        "a negative balance is credit",
    );
    assert!(
        !text_of(&cash_receipt()).contains("Reference"),
        "cash has no reference row"
    );
    let settled = Receipt {
        new_balance: kes("0"),
        ..cash_receipt()
    };
    assert_has(
        &text_of(&settled),
        &["Balance KES 0.00"],
        "zero is neither owed nor credit",
    );
}

#[test]
fn a_reprint_says_copy() {
    for paper in PAPERS {
        let text = text(&receipt(&reprint(), paper));
        assert_has(
            &text,
            &["COPY", "Receipt K7QF2-20261203-000042", "KES 1,500.00"],
            &format!("{paper:?} reprint"),
        );
        assert!(
            text.matches("COPY").count() >= 2,
            "{paper:?}: COPY at the top and the foot, so a torn slip still says it: {text}"
        );
    }
}

#[test]
fn a_void_says_void_names_the_original_and_reads_as_a_reversal() {
    for paper in PAPERS {
        let text = text(&receipt(&void_receipt(), paper));
        assert_has(
            &text,
            &[
                "VOID",
                "Receipt K7QF2-20261203-000044",
                "Reverses K7QF2-20261203-000042",
                "Reason Paid to the wrong account",
                "AMOUNT REVERSED -KES 1,500.00",
                "Customer Ngũgĩ Kamau",
                "Balance KES 0.00",
                "Grace Wambui (supervisor)",
            ],
            &format!("{paper:?} void"),
        );
        assert!(
            !text.contains("AMOUNT PAID"),
            "{paper:?}: a void is not a payment"
        );
    }
}

#[test]
fn an_x_report_shows_totals_by_method() {
    for paper in PAPERS {
        let text = text(&report(&x_report(), paper));
        assert_has(
            &text,
            &[
                "Mtaani WiFi Ltd",
                "Desk K7QF2",
                "X REPORT",
                "Cashier Akinyi Otieno",
                "Opened 3 Dec 2026 08:00",
                "Printed 3 Dec 2026 13:10",
                "Cash (12) KES 15,000.00",
                "M-Pesa (30) KES 45,500.00",
                "Bank (1) KES 12,000.00",
                "Total (43) KES 72,500.00",
                "Voids (1) -KES 1,500.00",
                "Float KES 5,000.00",
                "Expected KES 20,000.00",
            ],
            &format!("{paper:?} X report"),
        );
        assert!(
            !text.contains("Z REPORT") && !text.contains("Closed ") && !text.contains("Counted"),
            "{paper:?}: an X report is mid-shift, nothing is closed or counted: {text}"
        );
    }
}

#[test]
fn a_z_report_is_numbered_and_shows_the_cash_up() {
    for paper in PAPERS {
        let text = text(&report(&z_report(), paper));
        assert_has(
            &text,
            &[
                "Z REPORT",
                "Report Z-K7QF2-0003",
                "Closed 3 Dec 2026 17:30",
                "Expected KES 20,000.00",
                "Counted KES 19,950.00",
                "DIFFERENCE -KES 50.00",
                "Short by KES 50.00",
                "cannot be changed",
            ],
            &format!("{paper:?} Z report"),
        );
    }
    let reprint = ShiftReport {
        copy: true,
        ..z_report()
    };
    assert_has(
        &text(&report(&reprint, Paper::Thermal80)),
        &["COPY"],
        "a reprinted Z",
    );
}

#[test]
fn the_cash_up_says_over_balanced_and_an_empty_shift_plainly() {
    let over = ShiftReport {
        counted: Some(kes("20020")),
        difference: Some(kes("20")),
        ..z_report()
    };
    assert_has(
        &text(&report(&over, Paper::Thermal58)),
        &["DIFFERENCE KES 20.00", "Over by KES 20.00"],
        "more cash than expected",
    );
    let balanced = ShiftReport {
        counted: Some(kes("20000")),
        difference: Some(kes("0")),
        ..z_report()
    };
    assert_has(
        &text(&report(&balanced, Paper::Thermal58)),
        &["DIFFERENCE KES 0.00", "The cash balances"],
        "exactly what was expected",
    );
    let empty = ShiftReport {
        totals: Vec::new(),
        voids: infora_print::VoidTotal {
            count: 0,
            amount: kes("0"),
        },
        cash_expected: kes("5000"),
        ..x_report()
    };
    assert_has(
        &text(&report(&empty, Paper::Thermal80)),
        &[
            "No payments",
            "Total (0) KES 0.00",
            "Voids (0) KES 0.00",
            "Expected KES 5,000.00",
        ],
        "a shift with no payments yet",
    );
}

#[test]
fn pages_are_the_paper_s_width_and_a_roll_is_as_long_as_its_content() {
    // 80 mm and 58 mm in points; A4 is 595.28 × 841.89.
    for (paper, width) in [(Paper::Thermal80, 226.77), (Paper::Thermal58, 164.41)] {
        let (pages, w, h) = info(&receipt(&mpesa_receipt(), paper));
        assert_eq!(pages, 1, "{paper:?}: a receipt is one page of roll");
        assert!(
            (w - width).abs() < 0.01,
            "{paper:?}: width {w}, want {width}"
        );
        assert!(
            (200.0..1000.0).contains(&h),
            "{paper:?}: the roll is cut to the content, not to A4: {h} pt"
        );
        let (_, _, longer) = info(&receipt(&void_receipt(), paper));
        assert!(longer > h, "{paper:?}: a void has more rows, so more roll");
    }
    for pdf in [
        receipt(&void_receipt(), Paper::A4),
        report(&z_report(), Paper::A4),
    ] {
        let (pages, w, h) = info(&pdf);
        assert_eq!(pages, 1);
        assert!(
            (w - 595.28).abs() < 0.01 && (h - 841.89).abs() < 0.01,
            "A4: {w} x {h}"
        );
    }
}

#[test]
fn the_longest_fields_stay_on_the_paper() {
    let long = long_receipt();
    for paper in PAPERS {
        let pdf = receipt(&long, paper);
        let (pages, _, _) = info(&pdf);
        assert_eq!(
            pages, 1,
            "{paper:?}: the longest receipt still fits one page"
        );
        let text = text(&pdf);
        assert_has(
            &text,
            &["KES 99,999,999.99", "In credit", "Wanjirũ", "…"],
            &format!("{paper:?} long receipt"),
        );
        // `pdftotext -x/-W` would crop; the bounding boxes tell whether a glyph left the page.
        let boxes = poppler("pdftotext", &["-bbox"], &pdf);
        let (_, width, _) = info(&pdf);
        for line in boxes.lines().filter(|l| l.contains("<word ")) {
            let x_max: f64 = line
                .split("xMax=\"")
                .nth(1)
                .and_then(|rest| rest.split('"').next())
                .and_then(|n| n.parse().ok())
                .unwrap();
            assert!(
                x_max <= width,
                "{paper:?}: a word runs off the paper: {line}"
            );
        }
    }
}

#[test]
fn the_same_receipt_gives_the_same_bytes_and_stays_small() {
    let first = receipt(&mpesa_receipt(), Paper::Thermal80);
    assert_eq!(
        first,
        receipt(&mpesa_receipt(), Paper::Thermal80),
        "no clock or randomness in the file"
    );
    assert!(first.starts_with(b"%PDF-"));
    assert!(
        first.len() < 40_000,
        "only the used glyphs are embedded: {} bytes",
        first.len()
    );
}
