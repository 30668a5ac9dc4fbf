//! The one integration test binary: each module covers an area, all run the
//! real `foi-extract` binary or the library on fixtures.

// Shared helpers: temp work dirs, running the binary, reading outputs.
mod util;
// The batch: file log, statuses, isolation of bad files.
mod batch;
// The output stage: CSV, SQLite, data package, report, rates, checks, diff, summary.
mod outputs;
