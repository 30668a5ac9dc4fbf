//! `foi-extract inspect FILE`: read one file (and the files inside it) in
//! this process and show what was read, for a person, or as JSON with
//! `--json`, writing its tables as CSV with `--tables-csv`. Each part is
//! shown as soon as it is read, so a long PDF is never held whole.
//!
//! Exit codes: 0 every file was read (or skipped on purpose); 1 a file (the
//! one named, or one inside it) is unreadable, unsupported or an error;
//! 2 usage (no such file, a folder, a bad option, an output not writable).

mod render;

use crate::app::UsageError;
use crate::batch::{FileOutcome, TreeVisitor};
use crate::cli::InspectArgs;
use crate::doc::{Block, DocumentWriter, Part, Table};
use crate::read::{Limits, Status};
use anyhow::{Context, Result};
use std::collections::{BTreeMap, BTreeSet};
use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

/// Run the inspect command.
pub fn run(args: &InspectArgs) -> Result<ExitCode> {
    if args.file.is_dir() {
        return Err(UsageError::NotAFile(args.file.clone()).into());
    }
    if !args.file.exists() {
        return Err(UsageError::NoSuchFile(args.file.clone()).into());
    }
    // Read in this process: the worker's memory cap keeps a hostile file
    // from taking the machine.
    crate::batch::cap_own_memory(crate::batch::DEFAULT_MAX_MEM_MIB << 20)
        .map_err(|e| anyhow::anyhow!("cannot cap memory: {e}"))?;
    let name = args
        .file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let bytes = match std::fs::read(&args.file) {
        Ok(b) => b,
        Err(e) => {
            // There but not readable (permissions): the file's problem,
            // not the command line's.
            let status = serde_json::json!({
                "path": name, "status": Status::Unreadable, "message": format!("unreadable: {e}"),
            });
            match args.json {
                true => println!("{status}"),
                false => println!("== {name} unreadable: {e}"),
            }
            return Ok(ExitCode::from(1));
        }
    };
    let mut shown = Shown {
        json: args.json,
        width: (!args.wide).then_some(render::CELL_WIDTH),
        tables_csv: args.tables_csv.clone(),
        ..Default::default()
    };
    if let Some(dir) = &args.tables_csv {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("{}: cannot create", dir.display()))?;
    }
    crate::batch::read_tree_streaming(&bytes, &name, Limits::default(), &mut shown);
    if let Some(e) = shown.error {
        // A reader that stopped reading (`inspect FILE | head`) is not an
        // error of ours.
        let closed = e
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe);
        if !closed {
            return Err(e);
        }
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
    /// Widest a table cell is drawn before it wraps; `None` with `--wide`.
    width: Option<usize>,
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
        self.tables.begin(path);
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
                render::render_part(&mut out, &part, s.width);
                std::io::stdout().write_all(out.as_bytes())?;
            }
            if let Some(dir) = &s.tables_csv {
                s.tables.write(dir, &part)?;
            }
            Ok(())
        });
    }

    fn done(&mut self, outcome: FileOutcome) {
        self.failed |= matches!(
            outcome.row.status,
            Status::Unreadable | Status::Unsupported | Status::Error
        );
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
                    writeln!(out, "== {} [{}] {}", row.path, row.format, status_text(row))?;
                }
            }
            out.flush()?;
            Ok(())
        });
    }
}

/// The status of a file as shown: its message when that already names the
/// status (`unreadable: needs a password`), else the status and any message.
fn status_text(row: &crate::files::FileRow) -> String {
    let status = row.status.name();
    let named = row
        .message
        .strip_prefix(status)
        .is_some_and(|rest| rest.starts_with(':'));
    match (named, row.message.is_empty()) {
        (true, _) => row.message.clone(),
        (false, true) => status.to_string(),
        (false, false) => format!("{status}: {}", row.message),
    }
}

/// The tables of the files read as CSV files: a page's tables as
/// `DIR/<file-stem>__p<page>__t<n>.csv` (page 1-based where the table
/// starts, n 1-based in reading order on that page; a body or message
/// counts as page k, its 1-based position), a sheet as
/// `DIR/<file-stem>__<sheet name>.csv`. A name already written in this
/// run gets `_2`, `_3`... rather than overwrite it.
#[derive(Default)]
struct TableFiles {
    stem: String,
    parts: u32,
    per_page: BTreeMap<u32, u32>,
    used: BTreeSet<String>,
}

impl TableFiles {
    /// Start on the next file of the tree.
    fn begin(&mut self, path: &str) {
        let name = path.rsplit('/').next().unwrap_or(path);
        let stem = name.rsplit_once('.').map(|(s, _)| s).unwrap_or(name);
        self.stem = safe_name(stem);
        self.parts = 0;
        self.per_page.clear();
    }

    /// Write the tables of the file's next part.
    fn write(&mut self, dir: &std::path::Path, part: &Part) -> Result<()> {
        self.parts += 1;
        let (page, tables): (u32, Vec<&Table>) = match part {
            Part::Page(p) => (p.number, p.blocks.iter().filter_map(table_of).collect()),
            Part::Sheet(s) => {
                let name = format!("{}__{}", self.stem, safe_name(&s.name));
                return self.write_one(dir, name, &s.table);
            }
            Part::Body(b) => (self.parts, b.blocks.iter().filter_map(table_of).collect()),
            Part::Message(m) => (self.parts, m.blocks.iter().filter_map(table_of).collect()),
        };
        for t in tables {
            let n = self.per_page.entry(page).or_insert(0);
            *n += 1;
            let name = format!("{}__p{page}__t{n}", self.stem);
            self.write_one(dir, name, t)?;
        }
        Ok(())
    }

    fn write_one(&mut self, dir: &std::path::Path, name: String, t: &Table) -> Result<()> {
        let mut unique = name.clone();
        let mut k = 1;
        while !self.used.insert(unique.clone()) {
            k += 1;
            unique = format!("{name}_{k}");
        }
        let path = dir.join(format!("{unique}.csv"));
        let mut w = csv::Writer::from_path(&path)
            .with_context(|| format!("{}: cannot write", path.display()))?;
        for row in t.rows_text() {
            w.write_record(&row)?;
        }
        w.flush()?;
        Ok(())
    }
}

/// A name safe as part of a file name on any system: letters, digits,
/// spaces, `-`, `_` and `.` kept, anything else `_`.
fn safe_name(name: &str) -> String {
    let safe: String = name
        .trim()
        .chars()
        .map(|c| match c {
            c if c.is_alphanumeric() || matches!(c, ' ' | '-' | '_' | '.') => c,
            _ => '_',
        })
        .collect();
    match safe.trim_matches('.') {
        "" => "_".to_string(),
        s => s.to_string(),
    }
}

fn table_of(b: &Block) -> Option<&Table> {
    match b {
        Block::Table(t) => Some(t),
        Block::Paragraph(_) => None,
    }
}
