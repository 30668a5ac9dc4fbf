//! The one integration test binary: each module covers an area, all run the
//! real `foi-extract` binary or the library on fixtures.

// Shared helpers: temp work dirs, running the binary, reading outputs.
mod util;
// The batch: file log, statuses, isolation of bad files.
mod batch;
// Word-processor (.docx .doc .odt .rtf) and HTML readers on LibreOffice-made fixtures.
mod word;
// Spreadsheets (xlsx, xls, ods) and delimited text: cells, merges, hidden
// rows/sheets, dates, encodings, passwords.
mod sheets;
// PDF tables: ruled, borderless, continued, spanning headers, footnotes.
mod pdf_tables;
// Mapping: documents to records, rules, fixtures against ground truth.
mod mapping;
// The JSON Schema subset validator the mapping tests check records with.
mod json_schema;
// The bundled sample reply folder against its ground truth (fixtures/expected/).
mod sample_replies;
// The PDF reader on real fixtures, and text coverage against pdftotext.
mod pdf;
// Containers: email, TNEF, zip and WhatDoTheyKnow downloads.
mod containers;
