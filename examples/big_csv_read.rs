//! A big delimited annex read by the csv crate alone and by our reader, in
//! the same run (machines here are noisy): time and peak resident memory
//! after each. `cargo run --release --example big_csv_read -- annex.csv`.
//! The csv crate pass only parses and counts records; ours also decodes,
//! sniffs, types cells, counts a record-level annex and keeps its first
//! rows (see `src/read/annex.rs`). `scripts/big-annex.sh` generates the
//! 400,000-row annex and measures `run` and `inspect` too.

use foi_extract::doc::Part;
use foi_extract::read::{read_bytes, Limits};
use std::time::Instant;

/// Peak resident memory of this process so far, in MiB.
fn peak_mib() -> f64 {
    // SAFETY: getrusage only writes the struct it is given.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) };
    usage.ru_maxrss as f64 / 1024.0
}

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: big_csv_read FILE");
        std::process::exit(2);
    };
    let started = Instant::now();
    let bytes = std::fs::read(&path).unwrap_or_else(|e| {
        eprintln!("{path}: {e}");
        std::process::exit(2);
    });
    let mut records = 0u64;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes.as_slice());
    for record in reader.records() {
        records += u64::from(record.is_ok());
    }
    println!(
        "csv crate: {records} records in {:.2} s, peak {:.0} MiB",
        started.elapsed().as_secs_f64(),
        peak_mib()
    );
    let started = Instant::now();
    let (format, result) = read_bytes(&bytes, &path, 0, Limits::default());
    let extracted = result.unwrap_or_else(|e| {
        eprintln!("{path}: {}", e.message());
        std::process::exit(1);
    });
    let (sheets, cells) = extracted.parts.iter().fold((0, 0), |(s, c), p| match p {
        Part::Sheet(sheet) => (s + 1, c + sheet.table.cells.len()),
        _ => (s, c),
    });
    println!(
        "foi-extract ({format}): {sheets} sheets, {cells} cells kept in {:.2} s, peak {:.0} MiB",
        started.elapsed().as_secs_f64(),
        peak_mib()
    );
    for w in &extracted.warnings {
        println!("  warning: {w}");
    }
}
