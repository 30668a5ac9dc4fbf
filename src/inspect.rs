//! `foi-extract inspect FILE`: read one file (and the files inside it) in
//! this process and show what was read, for a person, or as JSON with
//! `--json`, writing its tables as CSV with `--tables-csv`. Each part is
//! shown as soon as it is read, so a long PDF is never held whole.

use crate::batch::{FileOutcome, TreeVisitor};
use crate::cli::InspectArgs;
use crate::doc::{Block, DocumentWriter, Part, Table};
use crate::read::{Limits, Status};
use anyhow::{Context, Result};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

/// Run the inspect command.
pub fn run(args: &InspectArgs) -> Result<ExitCode> {
    // Read in this process: the worker's memory cap keeps a hostile file
    // from taking the machine.
    crate::batch::cap_own_memory(crate::batch::DEFAULT_MAX_MEM_MIB << 20)
        .map_err(|e| anyhow::anyhow!("cannot cap memory: {e}"))?;
    let bytes = std::fs::read(&args.file)
        .with_context(|| format!("{}: cannot read", args.file.display()))?;
    let name = args
        .file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut shown = Shown {
        json: args.json,
        tables_csv: args.tables_csv.clone(),
        ..Default::default()
    };
    if let Some(dir) = &args.tables_csv {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("{}: cannot create", dir.display()))?;
    }
    crate::batch::read_tree_streaming(&bytes, &name, Limits::default(), &mut shown);
    if let Some(e) = shown.error {
        return Err(e);
    }
    Ok(if shown.failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The inspect output of the file being read.
#[derive(Default)]
struct Shown {
    json: bool,
    tables_csv: Option<PathBuf>,
    /// The current file's JSON, begun at its first part.
    writer: Option<DocumentWriter<std::io::Stdout>>,
    /// The current file's table CSVs.
    tables: TableFiles,
    failed: bool,
    /// The first output error; the rest of the output is skipped.
    error: Option<anyhow::Error>,
}

impl Shown {
    fn attempt(&mut self, f: impl FnOnce(&mut Self) -> Result<()>) {
        if self.error.is_none() {
            if let Err(e) = f(self) {
                self.error = Some(e);
            }
        }
    }
}

impl TreeVisitor for Shown {
    fn start(&mut self, path: &str) {
        self.tables = TableFiles::new(path);
        if !self.json {
            self.attempt(|_| Ok(writeln!(std::io::stdout(), "== {path}")?));
        }
    }

    fn part(&mut self, part: Part) {
        self.attempt(|s| {
            if s.json {
                let writer = match s.writer.take() {
                    Some(w) => w,
                    None => DocumentWriter::new(std::io::stdout())?,
                };
                let writer = s.writer.insert(writer);
                writer.part(&part)?;
            } else {
                let mut out = String::new();
                render_part(&mut out, &part);
                std::io::stdout().write_all(out.as_bytes())?;
            }
            if let Some(dir) = &s.tables_csv {
                s.tables.write(dir, &part)?;
            }
            Ok(())
        });
    }

    fn done(&mut self, outcome: FileOutcome) {
        self.failed |= outcome.document.is_none();
        let row = &outcome.row;
        self.attempt(|s| {
            let status = serde_json::json!({
                "path": row.path, "status": row.status, "message": row.message,
            });
            let mut out = std::io::stdout().lock();
            match (s.json, s.writer.take(), &outcome.document) {
                (true, Some(w), Some(doc)) => {
                    w.finish(doc)?;
                }
                (true, Some(w), None) => {
                    w.finish(&status)?;
                }
                (true, None, Some(doc)) => writeln!(out, "{}", serde_json::to_string(doc)?)?,
                (true, None, None) => writeln!(out, "{status}")?,
                (false, _, doc) => {
                    let warnings = doc
                        .as_ref()
                        .map(|d| d.warnings.as_slice())
                        .unwrap_or_default();
                    for w in warnings {
                        writeln!(out, "  warning: {w}")?;
                    }
                    let message = match (row.status, row.message.is_empty()) {
                        (Status::Ok, true) => String::new(),
                        _ => format!(": {}", row.message),
                    };
                    writeln!(
                        out,
                        "== {} [{}] {}{message}",
                        row.path,
                        row.format,
                        row.status.name()
                    )?;
                }
            }
            out.flush()?;
            Ok(())
        });
    }
}

/// Human rendering of one part: its text and tables drawn as aligned text
/// with their provenance.
pub fn render_part(out: &mut String, part: &Part) {
    match part {
        Part::Page(p) => {
            let _ = writeln!(
                out,
                "--- page {} ({}x{} pt, {} words, {} rules){}",
                p.number,
                p.width,
                p.height,
                p.words.len(),
                p.segments.len(),
                if p.image_only { " image only" } else { "" }
            );
            render_blocks(out, &p.blocks);
        }
        Part::Sheet(s) => {
            let _ = writeln!(
                out,
                "--- sheet {:?} ({}){}",
                s.name,
                s.visibility,
                if s.hidden_rows.is_empty() {
                    String::new()
                } else {
                    format!(" hidden rows {:?}", s.hidden_rows)
                }
            );
            render_table(out, &s.table);
        }
        Part::Body(b) => {
            let _ = writeln!(out, "--- {}", b.name);
            render_blocks(out, &b.blocks);
        }
        Part::Message(m) => {
            let _ = writeln!(
                out,
                "--- message {}: from {} date {} subject {}",
                m.index,
                m.from.as_deref().unwrap_or("?"),
                m.date.as_deref().unwrap_or("?"),
                m.subject.as_deref().unwrap_or("")
            );
            render_blocks(out, &m.blocks);
        }
    }
}

fn render_blocks(out: &mut String, blocks: &[Block]) {
    for b in blocks {
        match b {
            Block::Paragraph(p) => {
                let _ = writeln!(out, "{}", p.text);
            }
            Block::Table(t) => render_table(out, t),
        }
    }
}

/// Draw a table as aligned columns under a line naming its provenance.
pub fn render_table(out: &mut String, t: &Table) {
    let _ = writeln!(
        out,
        "[table {} {}x{} via {}]",
        t.prov.short(),
        t.n_rows,
        t.n_cols,
        t.method
    );
    let rows = t.rows_text();
    let widths: Vec<usize> = (0..t.n_cols as usize)
        .map(|c| {
            rows.iter()
                .map(|r| r[c].chars().count().min(40))
                .max()
                .unwrap_or(0)
        })
        .collect();
    for row in &rows {
        let cells: Vec<String> = row
            .iter()
            .zip(&widths)
            .map(|(text, w)| {
                let text: String = text.replace('\n', " ").chars().take(40).collect();
                format!("{text:<w$}", w = *w)
            })
            .collect();
        let _ = writeln!(out, "| {} |", cells.join(" | "));
    }
}

/// The tables of one file as CSV files: `DIR/<file-stem>__p<page>__t<n>.csv`
/// (page 1-based where the table starts, n 1-based in reading order on that
/// page; a part that is not a page counts as page k, its 1-based position).
#[derive(Default)]
struct TableFiles {
    stem: String,
    parts: u32,
    per_page: BTreeMap<u32, u32>,
}

impl TableFiles {
    fn new(path: &str) -> Self {
        let name = path.rsplit('/').next().unwrap_or(path);
        let stem = name.rsplit_once('.').map(|(s, _)| s).unwrap_or(name);
        TableFiles {
            stem: stem.to_string(),
            ..Default::default()
        }
    }

    /// Write the tables of the file's next part.
    fn write(&mut self, dir: &std::path::Path, part: &Part) -> Result<()> {
        self.parts += 1;
        let (page, tables): (u32, Vec<&Table>) = match part {
            Part::Page(p) => (p.number, p.blocks.iter().filter_map(table_of).collect()),
            Part::Sheet(s) => (self.parts, vec![&s.table]),
            Part::Body(b) => (self.parts, b.blocks.iter().filter_map(table_of).collect()),
            Part::Message(m) => (self.parts, m.blocks.iter().filter_map(table_of).collect()),
        };
        for t in tables {
            let n = self.per_page.entry(page).or_insert(0);
            *n += 1;
            let path = dir.join(format!("{}__p{page}__t{n}.csv", self.stem));
            let mut w = csv::Writer::from_path(&path)
                .with_context(|| format!("{}: cannot write", path.display()))?;
            for row in t.rows_text() {
                w.write_record(&row)?;
            }
            w.flush()?;
        }
        Ok(())
    }
}

fn table_of(b: &Block) -> Option<&Table> {
    match b {
        Block::Table(t) => Some(t),
        Block::Paragraph(_) => None,
    }
}
