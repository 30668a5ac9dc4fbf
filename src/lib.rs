//! foi-extract reads folders of Freedom of Information replies from UK
//! police forces and produces one record per force in a common schema, with
//! every gap an analyst must chase flagged.
//!
//! The pipeline, one module per stage:
//! - [`read`]: one reader per format turns bytes into the [`doc`] model
//!   (pages, sheets, bodies, messages; tables of cells with provenance).
//! - [`batch`]: walks a reply folder, reads every file (and every file
//!   inside zips and emails) in an isolated worker process, writes the file
//!   log and the documents.
//! - [`map`]: assigns documents to forces and maps them to [`record`]s with
//!   per-force rules from `schemas/`, flagging every gap.
//! - [`output`]: writes records and their views (JSONL, CSV, SQLite, the
//!   HTML report).

pub mod app;
pub mod atomic;
pub mod batch;
pub mod cli;
pub mod date;
pub mod doc;
pub mod files;
pub mod inspect;
pub mod keys;
pub mod map;
pub mod output;
pub mod read;
pub mod record;
