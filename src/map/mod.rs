//! Mapping documents to records: assign every file to a force, read each
//! document's tables, answers and prose into evidence with the force's
//! rules, and merge each force's evidence into one record with every gap
//! flagged.
//!
//! Mapping never knows which format a value came from: it works from the
//! document model's tables, paragraphs and message headers only.

pub mod answers;
pub mod blocks;
pub mod classify;
pub mod evidence;
pub mod identify;
pub mod labels;
pub mod prose;
pub mod resolve;
pub mod rules;
pub mod sourcing;
pub mod tables;
pub mod text;

use crate::batch::FileRow;
use crate::doc::{Block, Document, Format, Part, Prov, Table};
use crate::read::Status;
use crate::record::{Record, SourceRef};
use classify::Unit;
use evidence::Evidence;
use rules::{ForceRules, RuleSet, Vocab};
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

/// Map every read document to its force's record.
pub fn map_documents(docs: &[Document], files: &[FileRow], rules: &RuleSet) -> MapOutput {
    map_documents_with(docs, files, rules, &|_| None)
}

/// [`map_documents`] for documents held without their page layout (see
/// `doc::read_without_layout`): `whole` gives a document, by path, with its
/// layout, for a force whose rules find its PDF tables again.
pub fn map_documents_with(
    docs: &[Document],
    files: &[FileRow],
    rules: &RuleSet,
    whole: &dyn Fn(&str) -> Option<Document>,
) -> MapOutput {
    let by_path: BTreeMap<&str, &Document> =
        docs.iter().map(|d| (d.source.path.as_str(), d)).collect();
    let mut rows: Vec<&FileRow> = files
        .iter()
        .filter(|f| f.status != Status::Skipped)
        .collect();
    // Documents without a file row (tests, callers with documents only).
    let extra: Vec<FileRow> = docs
        .iter()
        .filter(|d| !files.iter().any(|f| f.path == d.source.path))
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
        })
        .collect();
    rows.extend(extra.iter());
    rows.sort_by(|a, b| a.path.cmp(&b.path));

    let assignments = assign(&rows, &by_path, rules);
    let mut per_force: BTreeMap<String, ForceFiles> = BTreeMap::new();
    for (row, a) in rows.iter().zip(&assignments) {
        let Some(slug) = &a.force else { continue };
        let entry = per_force.entry(slug.clone()).or_default();
        // Containers and files no reader handles (signatures) are not
        // sources of the reply; their contents are.
        if row.format == "zip" || row.status == Status::Unsupported {
            continue;
        }
        entry.2.push(SourceRef {
            file: row.path.clone(),
            sha256: row.sha256.clone(),
            format: row.format.clone(),
        });
        match (row.status, by_path.get(row.path.as_str())) {
            (Status::Ok, Some(doc)) => {
                let vocab = rules.vocab_for(slug);
                let force_rules = rules.rules_for(slug);
                let loaded = match (&force_rules.pdf_table, doc.source.format) {
                    (Some(_), Format::Pdf) => whole(&doc.source.path),
                    _ => None,
                };
                let doc = loaded.as_ref().unwrap_or(doc);
                entry.0.push(read_document(doc, &vocab, force_rules));
            }
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

/// Assign each row (sorted by path, so containers come before their
/// children) to a force.
fn assign(rows: &[&FileRow], docs: &BTreeMap<&str, &Document>, rules: &RuleSet) -> Vec<Assignment> {
    let mut out: Vec<Assignment> = Vec::new();
    for row in rows {
        let mut own = identify::Scores::default();
        identify::score_path(&row.path, rules, &mut own);
        let mut content = identify::Scores::default();
        if let Some(doc) = docs.get(row.path.as_str()) {
            identify::score_document(doc, rules, &mut content);
        }
        for (slug, (n, why)) in &content.by_force {
            let e = own.by_force.entry(slug.clone()).or_default();
            e.0 += n;
            e.1.extend(why.iter().cloned());
        }
        // A file inside a container inherits the container's force unless
        // its own content clearly says otherwise.
        let parent = out
            .iter()
            .rev()
            .find(|a| row.path.starts_with(&format!("{}/", a.path)) && a.force.is_some());
        let best = own.best();
        let assignment = match (parent, best) {
            (Some(p), Some((slug, why))) if Some(&slug) != p.force.as_ref() => {
                let strong = content.best().is_some_and(|(s, _)| s == slug)
                    && content.by_force.get(&slug).is_some_and(|x| x.0 >= 6);
                if strong {
                    Assignment {
                        path: row.path.clone(),
                        force: Some(slug),
                        evidence: why,
                    }
                } else {
                    Assignment {
                        path: row.path.clone(),
                        force: p.force.clone(),
                        evidence: format!("inside {}", p.path),
                    }
                }
            }
            (Some(p), None) => Assignment {
                path: row.path.clone(),
                force: p.force.clone(),
                evidence: format!("inside {}", p.path),
            },
            (_, Some((slug, why))) => Assignment {
                path: row.path.clone(),
                force: Some(slug),
                evidence: why,
            },
            (None, None) => Assignment {
                path: row.path.clone(),
                force: None,
                evidence: if own.by_force.is_empty() {
                    "ambiguous: no force named in path, sender or text".into()
                } else {
                    format!("ambiguous: candidates {}", own.describe())
                },
            },
        };
        out.push(assignment);
    }
    out
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

/// The document with its PDF tables found again with a force's settings.
/// Tables the default settings found go back to text first (one paragraph
/// per row, boxed where the cells were), so the new finder sees the page
/// as the reader left it. A document held without its page layout keeps
/// the tables it has: there is nothing to find them again in.
fn with_pdf_tables(doc: &Document, settings: &crate::read::pdf::table::TableSettings) -> Document {
    let mut d = doc.clone();
    let has_layout = d.parts.iter().any(|p| match p {
        Part::Page(p) => !p.words.is_empty(),
        _ => false,
    });
    if !has_layout {
        return d;
    }
    let mut pages: Vec<crate::doc::Page> = Vec::new();
    for part in &d.parts {
        if let Part::Page(p) = part {
            let mut p = p.clone();
            p.blocks = p.blocks.into_iter().flat_map(table_back_to_text).collect();
            pages.push(p);
        }
    }
    let pages = crate::read::pdf::table::find_tables(pages, settings, &doc.source.path);
    let mut it = pages.into_iter();
    for part in d.parts.iter_mut() {
        if let Part::Page(p) = part {
            if let Some(np) = it.next() {
                *p = np;
            }
        }
    }
    d
}

fn table_back_to_text(block: Block) -> Vec<Block> {
    let Block::Table(t) = block else {
        return vec![block];
    };
    (0..t.n_rows)
        .filter_map(|r| {
            let texts = blocks::row_distinct(&t, r);
            if texts.is_empty() {
                return None;
            }
            let bbox = (0..t.n_cols)
                .filter_map(|c| t.cell(r, c).and_then(|x| x.prov.bbox))
                .reduce(|a, b| {
                    [
                        a[0].min(b[0]),
                        a[1].min(b[1]),
                        a[2].max(b[2]),
                        a[3].max(b[3]),
                    ]
                });
            let prov = Prov {
                bbox,
                row: None,
                col: None,
                table: None,
                ..t.prov.clone()
            };
            Some(Block::Paragraph(crate::doc::Paragraph {
                text: texts.join(" "),
                heading: None,
                prov,
            }))
        })
        .collect()
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
            let cells = blocks::row_distinct(t, r);
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
                boilerplate: false,
                quoted: false,
            })
        })
        .collect()
}

/// Read one document into evidence with a force's vocabulary and rules.
pub fn read_document(doc: &Document, vocab: &Vocab, rules: &ForceRules) -> Evidence {
    let reread;
    let doc = match (&rules.pdf_table, doc.source.format) {
        (Some(settings), Format::Pdf) => {
            reread = with_pdf_tables(doc, settings);
            &reread
        }
        _ => doc,
    };
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
                let cells = blocks::row_distinct(&t, r);
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
    ev.later = ev.signal("review");
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
