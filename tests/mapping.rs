//! Mapping on the sample reply folder: every file read in process, mapped
//! with the rules in `schemas/`, compared field by field with
//! `fixtures/expected/records.jsonl`.
