//! The one integration test binary: each module covers an area, all run the
//! real `foi-extract` binary or the library on fixtures.

// Shared helpers: temp work dirs, running the binary, reading outputs.
mod util;
// The batch: file log, statuses, isolation of bad files.
mod batch;
// Containers: email, TNEF, zip and WhatDoTheyKnow downloads.
mod containers;
// Spreadsheets (xlsx, xls, ods) and delimited text: cells, merges, hidden
// rows/sheets, dates, encodings, passwords.
mod sheets;
// The PDF reader on real fixtures, and text coverage against pdftotext.
mod pdf;
// PDF tables: ruled, borderless, continued, spanning headers, footnotes.
mod pdf_tables;
// PDF tables banded by shaded rows without vertical lines (Word table styles).
mod pdf_banded;
// `inspect`: streamed text, JSON and table CSVs of one file.
mod inspect;
// The ICDAR 2013 table measure, shared with examples/icdar_score.rs (which
// uses all of it; this binary does not use the other-tool reader).
#[allow(dead_code)]
mod icdar_scoring;
// PDF tables on the held-out set, scored against a floor (do not tune on it).
mod heldout_tables;
// Word-processor (.docx .doc .odt .rtf) and HTML readers on LibreOffice-made fixtures.
mod word;
// The bundled sample reply folder against its ground truth (fixtures/expected/).
mod sample_replies;
// The output stage: CSV, SQLite, data package, report, rates, checks, diff, summary.
mod outputs;
// Mapping: documents to records, rules, fixtures against ground truth.
mod mapping;
// `run` on the sample folder end to end, and determinism across --jobs.
mod end_to_end;
// The JSON Schema subset validator the mapping tests check records with.
mod json_schema;
// Nothing lost, nothing misattributed: signals, orphaned workers, names.
mod robust;
