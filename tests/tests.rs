//! The one integration test binary: each module covers an area, all run the
//! real `foi-extract` binary or the library on fixtures.

// Shared helpers: temp work dirs, running the binary, reading outputs.
mod util;
// The batch: file log, statuses, isolation of bad files.
mod batch;
// The PDF reader on real fixtures, and text coverage against pdftotext.
mod pdf;
// PDF tables: ruled, borderless, continued, spanning headers, footnotes.
mod pdf_tables;
