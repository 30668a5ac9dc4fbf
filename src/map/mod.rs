//! Mapping documents to records: assign every file to a force, read each
//! document's tables, answers and prose into evidence with the force's
//! rules, and merge each force's evidence into one record with every gap
//! flagged.
//!
//! Mapping never knows which format a value came from: it works from the
//! document model's tables, paragraphs and message headers only.

pub mod answers;
mod assign;
pub mod blocks;
pub mod classify;
pub mod evidence;
pub mod identify;
pub(crate) mod label_value;
pub mod labels;
pub(crate) mod period;
pub mod prose;
pub mod resolve;
pub mod rules;
pub mod sourcing;
pub mod tables;
pub mod text;
pub(crate) mod view;

use crate::doc::{Block, Document, Format, Part, Prov, Table};
use crate::files::FileRow;
use crate::read::Status;
use crate::record::{Record, SourceRef};
use classify::Unit;
use evidence::Evidence;
use rules::{ForceRules, RuleSet, Signal, Vocab};
use std::collections::BTreeMap;

/// Which force a file was assigned to, and why.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Assignment {
    pub path: String,
    /// `None` when the force could not be told (`ambiguous`).
    pub force: Option<String>,
    pub evidence: String,
}

/// The records (sorted by force slug) and the file-to-force assignments.
#[derive(Debug, Clone, Default)]
pub struct MapOutput {
    pub records: Vec<Record>,
    pub assignments: Vec<Assignment>,
}

/// A force's files: evidence of the readable ones, the unreadable ones,
/// and all of them as record sources.
type ForceFiles = (Vec<Evidence>, Vec<resolve::Unreadable>, Vec<SourceRef>);

/// Map every read document to its force's record (documents in memory:
/// tests and callers with few documents; the batch maps lazily).
pub fn map_documents(docs: &[Document], files: &[FileRow], rules: &RuleSet) -> MapOutput {
    let assignments = assign_files(docs, files, rules);
    let rows = rows_of(docs, files);
    let by_path = by_path(docs);
    map_assigned(&rows, assignments, rules, |path| {
        by_path.get(path).map(|d| (*d).clone())
    })
}

/// The rows mapping works on: every file not skipped, and a row for each
/// document without one (tests, callers with documents only), by path.
pub fn rows_of(docs: &[Document], files: &[FileRow]) -> Vec<FileRow> {
    let mut rows: Vec<FileRow> = files
        .iter()
        .filter(|f| f.status != Status::Skipped)
        .cloned()
        .collect();
    // A set, not a scan of the rows per document: 10,000 files took 93 s.
    let known: std::collections::HashSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    rows.extend(
        docs.iter()
            .filter(|d| !known.contains(d.source.path.as_str()))
            .map(|d| FileRow {
                path: d.source.path.clone(),
                sha256: d.source.sha256.clone(),
                format: d.source.format.name().to_string(),
                bytes: d.source.bytes,
                parts: d.parts.len(),
                status: Status::Ok,
                message: String::new(),
                milliseconds: 0,
                force: String::new(),
            }),
    );
    rows.sort_by(|a, b| a.path.cmp(&b.path));
    rows
}

fn by_path(docs: &[Document]) -> BTreeMap<&str, &Document> {
    docs.iter().map(|d| (d.source.path.as_str(), d)).collect()
}

/// Assign every file (and every document without a file row) to a force,
/// in path order.
pub fn assign_files(docs: &[Document], files: &[FileRow], rules: &RuleSet) -> Vec<Assignment> {
    let identities: BTreeMap<String, identify::DocIdentity> = docs
        .iter()
        .map(|d| (d.source.path.clone(), identify::identity_of(d, rules)))
        .collect();
    assign_identified(&rows_of(docs, files), &identities, rules)
}

/// Assign rows (every file, in path order, as [`rows_of`] gives them) to
/// forces from each readable document's identity alone, so a caller can
/// drop a document once its identity is taken.
pub fn assign_identified(
    rows: &[FileRow],
    identities: &BTreeMap<String, identify::DocIdentity>,
    rules: &RuleSet,
) -> Vec<Assignment> {
    let rows: Vec<&FileRow> = rows.iter().collect();
    assign::assign(&rows, identities, rules)
}

/// Map the `rows` (as [`rows_of`] gives them) that `assignments` assigned
/// to forces into the forces' records. Each readable file's document comes
/// from `load` (by logical path) when it is needed and is dropped once read
/// into evidence, so a batch holds a few documents at a time, never all;
/// documents are read in parallel, the records do not depend on the order.
pub fn map_assigned(
    rows: &[FileRow],
    assignments: Vec<Assignment>,
    rules: &RuleSet,
    load: impl Fn(&str) -> Option<Document> + Sync,
) -> MapOutput {
    use rayon::prelude::*;
    // Containers and files no reader handles (signatures) are not
    // sources of the reply; their contents are.
    let sourced = |row: &FileRow| row.format != "zip" && row.status != Status::Unsupported;
    let evidence: Vec<Option<Evidence>> = rows
        .par_iter()
        .zip(&assignments)
        .map(|(row, a)| {
            let slug = a.force.as_deref()?;
            if !sourced(row) || row.status != Status::Ok {
                return None;
            }
            let doc = load(&row.path)?;
            let vocab = rules.vocab_for(slug);
            Some(read_document(&doc, &vocab, rules.rules_for(slug)))
        })
        .collect();
    let mut per_force: BTreeMap<String, ForceFiles> = BTreeMap::new();
    for ((row, a), evidence) in rows.iter().zip(&assignments).zip(evidence) {
        let Some(slug) = &a.force else { continue };
        let entry = per_force.entry(slug.clone()).or_default();
        if !sourced(row) {
            continue;
        }
        entry.2.push(SourceRef {
            file: row.path.clone(),
            sha256: row.sha256.clone(),
            format: row.format.clone(),
        });
        match (row.status, evidence) {
            (Status::Ok, Some(ev)) => entry.0.push(ev),
            (Status::Ok, None) => {}
            _ => entry.1.push(resolve::Unreadable {
                path: row.path.clone(),
                message: row.message.clone(),
            }),
        }
    }
    let mut records = Vec::new();
    for (slug, (evidence, unreadable, sources)) in per_force {
        let Some(force) = rules.force(&slug) else {
            continue;
        };
        let vocab = rules.vocab_for(&slug);
        records.push(resolve::merge(
            force,
            &evidence,
            &unreadable,
            sources,
            &vocab,
        ));
    }
    records.sort_by(|a, b| a.force.cmp(&b.force));
    MapOutput {
        records,
        assignments,
    }
}

/// Paragraph-like units of a document in reading order, with the tables
/// that held no figures turned into text (question-and-answer tables).
fn units_and_tables(doc: &Document) -> (Vec<Unit>, Vec<&Table>, Option<String>) {
    let mut units = Vec::new();
    let mut tables = Vec::new();
    let mut message_date = None;
    let unit = |text: String, prov: Prov| Unit {
        text,
        prov,
        annex: false,
        off_topic: false,
        boilerplate: false,
        quoted: false,
    };
    for part in &doc.parts {
        let blocks: &[Block] = match part {
            Part::Sheet(s) => {
                tables.push(&s.table);
                continue;
            }
            Part::Page(p) => &p.blocks,
            Part::Body(b) => &b.blocks,
            Part::Message(m) => {
                let prov = Prov {
                    part: Some(format!("message {}", m.index)),
                    ..Prov::file(&doc.source.path)
                };
                if let Some(s) = &m.subject {
                    units.push(unit(format!("Subject: {s}"), prov.clone()));
                }
                if message_date.is_none() {
                    message_date = m.date.clone();
                }
                &m.blocks
            }
        };
        for b in blocks {
            match b {
                Block::Paragraph(p) => units.push(unit(p.text.clone(), p.prov.clone())),
                Block::Table(t) => tables.push(t),
            }
        }
    }
    (units, tables, message_date)
}

/// A table row that is a note: "*: Fewer than 5 …", "Note: …".
fn is_note_row(text: &str) -> bool {
    text.split_once(": ")
        .is_some_and(|(label, _)| labels::is_note(label))
}

/// Each row of a table as a unit of text (label and value joined).
fn table_row_units(t: &Table) -> Vec<Unit> {
    (0..t.n_rows)
        .filter_map(|r| {
            let cells = t.row_distinct(r);
            if cells.is_empty() {
                return None;
            }
            let prov = t
                .cell(r, 0)
                .map_or_else(|| t.prov.clone(), |c| c.prov.clone());
            Some(Unit {
                text: cells.join(": "),
                prov,
                annex: false,
                off_topic: false,
                boilerplate: false,
                quoted: false,
            })
        })
        .collect()
}

/// Read one document into evidence with a force's vocabulary and rules.
pub fn read_document(doc: &Document, vocab: &Vocab, rules: &ForceRules) -> Evidence {
    let mut ev = Evidence {
        file: doc.source.path.clone(),
        rank: match doc.source.format {
            Format::Eml | Format::Msg | Format::Wdtk | Format::Tnef => 1,
            Format::Text | Format::Html => 2,
            _ => 3,
        },
        order: (doc.source.message.unwrap_or(0), doc.source.path.clone()),
        ..Default::default()
    };
    let (mut units, tables, message_date) = units_and_tables(doc);
    let mut meta_units: Vec<Unit> = Vec::new();
    let mut note_units: Vec<Unit> = Vec::new();
    for whole in tables {
        for t in blocks::split_blocks(whole) {
            // A block of one row (a title, a note, "Reference: …") is text.
            let used =
                t.n_rows > 1 && tables::read_table(&t, &doc.source.path, vocab, rules, &mut ev);
            if used {
                // A read table's rows still carry the reply's reference
                // and date ("Our Ref: …", "Date of response | 2020-09-03").
                // Its notes ("* | Fewer than 5; withheld under section
                // 40(2)") are read as text.
                let rows = table_row_units(&t);
                note_units.extend(rows.iter().filter(|u| is_note_row(&u.text)).cloned());
                meta_units.extend(rows);
                continue;
            }
            for r in 0..t.n_rows {
                let cells = t.row_distinct(r);
                if cells.is_empty() {
                    continue;
                }
                let prov = t
                    .cell(r, 0)
                    .map_or_else(|| t.prov.clone(), |c| c.prov.clone());
                let text = match cells.split_first() {
                    Some((q, rest)) if !rest.is_empty() && !q.ends_with(':') => {
                        format!("{q} Answer: {}", rest.join(" "))
                    }
                    _ => cells.join(" "),
                };
                units.push(Unit {
                    text,
                    prov,
                    annex: false,
                    off_topic: false,
                    boilerplate: false,
                    quoted: false,
                });
            }
        }
    }
    classify::mark_units(&mut units, vocab);
    classify::mark_units(&mut note_units, vocab);
    let with_notes: Vec<Unit> = units.iter().chain(&note_units).cloned().collect();
    classify::read_signals(&with_notes, vocab, &mut ev);
    ev.later = ev.signal(Signal::Review);
    classify::read_reference(&units, &meta_units, &doc.source.path, rules, &mut ev);
    classify::read_date(&units, &meta_units, message_date.as_deref(), &mut ev);
    classify::read_since_and_period(&units, vocab, &mut ev);
    prose::read_prose(&units, vocab, rules, &mut ev);
    ev
}
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_general;
#[cfg(test)]
mod tests_wording;
