//! Writes every kind of document on every paper, for a person to look at:
//! `cargo run -p infora-print --example samples -- /tmp/print-samples`

#[path = "../tests/common/mod.rs"]
mod common;

use common::*;
use infora_print::{receipt_pdf, shift_report_pdf, Paper};
use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = PathBuf::from(
        std::env::args_os()
            .nth(1)
            .unwrap_or_else(|| "print-samples".into()),
    );
    std::fs::create_dir_all(&dir)?;
    for paper in [Paper::Thermal80, Paper::Thermal58, Paper::A4] {
        let name = format!("{paper:?}").to_lowercase();
        let docs = [
            ("receipt", receipt_pdf(&mpesa_receipt(), paper)?),
            ("receipt-cash", receipt_pdf(&cash_receipt(), paper)?),
            ("receipt-long", receipt_pdf(&long_receipt(), paper)?),
            ("receipt-copy", receipt_pdf(&reprint(), paper)?),
            ("receipt-void", receipt_pdf(&void_receipt(), paper)?),
            ("x-report", shift_report_pdf(&x_report(), paper)?),
            ("z-report", shift_report_pdf(&z_report(), paper)?),
        ];
        for (doc, pdf) in docs {
            let path = dir.join(format!("{doc}-{name}.pdf"));
            println!("{} ({} bytes)", path.display(), pdf.len());
            std::fs::write(path, pdf)?;
        }
    }
    Ok(())
}
