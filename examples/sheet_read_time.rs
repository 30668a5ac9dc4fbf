//! Time to read one spreadsheet (or CSV) into the document model, for
//! benchmarks: `cargo run --release --example sheet_read_time -- big.xlsx`.
//! Compare with another reader in the same run (e.g. openpyxl's
//! `load_workbook(read_only=True)`), since machines here are noisy.

use foi_extract::doc::Part;
use foi_extract::read::{read_bytes, Limits};

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: sheet_read_time FILE");
        std::process::exit(2);
    };
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(2);
        }
    };
    let started = std::time::Instant::now();
    let (format, result) = read_bytes(&bytes, &path, 0, Limits::default());
    match result {
        Ok(extracted) => {
            let cells: usize = extracted
                .parts
                .iter()
                .map(|p| match p {
                    Part::Sheet(s) => s.table.cells.len(),
                    _ => 0,
                })
                .sum();
            println!(
                "{path} ({format}): {cells} cells in {:.2} s",
                started.elapsed().as_secs_f64()
            );
        }
        Err(e) => {
            eprintln!("{path}: {}", e.message());
            std::process::exit(1);
        }
    }
}
