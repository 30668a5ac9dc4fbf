//! The one integration test binary: each module covers an area, all run the
//! real `foi-extract` binary or the library on fixtures.

// Shared helpers: temp work dirs, running the binary, reading outputs.
mod util;
// The batch: file log, statuses, isolation of bad files.
mod batch;
// Containers: email, TNEF, zip and WhatDoTheyKnow downloads.
mod containers;
// Cut zips and Office packages read from their intact entries.
mod recovered_zips;
// Size limits counted on real bytes; an oversize zip entry errs alone.
mod limits;
// A search-level annex of many rows: counted in the reader, documents bounded.
mod big_annex;
// Spreadsheets (xlsx, xls, ods) and delimited text: cells, merges, hidden
// rows/sheets, dates, encodings, passwords.
mod sheets;
// The PDF reader on real fixtures, and text coverage against pdftotext.
mod pdf;
// Damaged PDFs (cut, bytes inserted, junk after %%EOF) recovered as poppler does.
mod pdf_damaged;
// PDF tables: ruled, borderless, continued, spanning headers, footnotes.
mod pdf_tables;
// PDF tables banded by shaded rows without vertical lines (Word table styles).
mod pdf_banded;
// Striped or shaded PDF tables stacked with a sentence between them.
mod pdf_stacked;
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
// Whole reply corpora scored against their truth, each with a floor.
mod reply_corpora;
// The figures of every fixture force, asserted beside the records snapshot.
mod fixture_figures;
// `run` on the sample folder end to end, and determinism across --jobs.
mod end_to_end;
// What a volunteer meets: `run FILE`, an empty folder, progress, --compare
// names and the re-run summary, `rules check` outside the repository.
mod runs;
// JSON Schema 2020-12 validation (the `jsonschema` crate) of records.
mod json_schema;
// Nothing lost, nothing misattributed: signals, orphaned workers, names.
mod robust;
// One run's outputs as one set (the kill test), shards merged as one run.
mod output_sets;
