//! `foi-extract inspect FILE`: read one file in this process and show what
//! was read, for a person (or as JSON with `--json`).

use crate::cli::InspectArgs;
use crate::doc::{Block, Document, Part, Table};
use crate::read::Limits;
use anyhow::{Context, Result};
use std::fmt::Write as _;
use std::process::ExitCode;

/// Run the inspect command.
pub fn run(args: &InspectArgs) -> Result<ExitCode> {
    let bytes = std::fs::read(&args.file)
        .with_context(|| format!("{}: cannot read", args.file.display()))?;
    let name = args
        .file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let docs = crate::batch::read_tree_in_process(&bytes, &name, Limits::default());
    let mut code = ExitCode::SUCCESS;
    for outcome in &docs {
        if args.json {
            match &outcome.document {
                Some(doc) => println!("{}", serde_json::to_string_pretty(doc)?),
                None => println!(
                    "{}",
                    serde_json::json!({"path": outcome.row.path, "status": outcome.row.status, "message": outcome.row.message})
                ),
            }
        } else {
            println!(
                "== {} [{}] {} {}",
                outcome.row.path,
                outcome.row.format,
                outcome.row.status.name(),
                outcome.row.message
            );
            if let Some(doc) = &outcome.document {
                print!("{}", render(doc));
            }
        }
        if outcome.document.is_none() {
            code = ExitCode::from(1);
        }
        if let (Some(dir), Some(doc)) = (&args.tables_csv, &outcome.document) {
            write_tables_csv(dir, doc)?;
        }
    }
    Ok(code)
}

/// Human rendering of a document: each part with its text and tables drawn
/// as aligned text with their provenance.
pub fn render(doc: &Document) -> String {
    let mut out = String::new();
    for w in &doc.warnings {
        let _ = writeln!(out, "  warning: {w}");
    }
    for part in &doc.parts {
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
                render_blocks(&mut out, &p.blocks);
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
                render_table(&mut out, &s.table);
            }
            Part::Body(b) => {
                let _ = writeln!(out, "--- {}", b.name);
                render_blocks(&mut out, &b.blocks);
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
                render_blocks(&mut out, &m.blocks);
            }
        }
    }
    out
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

/// Write each table of `doc` as `DIR/<file-stem>__p<page>__t<n>.csv` (page
/// 1-based where the table starts, n 1-based in reading order on that page;
/// non-paged parts count as page 1 per sheet/body in order).
pub fn write_tables_csv(dir: &std::path::Path, doc: &Document) -> Result<()> {
    std::fs::create_dir_all(dir)?;
    let name = doc
        .source
        .path
        .rsplit('/')
        .next()
        .unwrap_or(&doc.source.path);
    let stem = name.rsplit_once('.').map(|(s, _)| s).unwrap_or(name);
    let mut per_page: std::collections::BTreeMap<u32, u32> = Default::default();
    for (i, part) in doc.parts.iter().enumerate() {
        let (page, tables): (u32, Vec<&Table>) = match part {
            Part::Page(p) => (p.number, p.blocks.iter().filter_map(table_of).collect()),
            Part::Sheet(s) => (i as u32 + 1, vec![&s.table]),
            Part::Body(b) => (i as u32 + 1, b.blocks.iter().filter_map(table_of).collect()),
            Part::Message(m) => (i as u32 + 1, m.blocks.iter().filter_map(table_of).collect()),
        };
        for t in tables {
            let n = per_page.entry(page).or_insert(0);
            *n += 1;
            let path = dir.join(format!("{stem}__p{page}__t{n}.csv"));
            let mut w = csv::Writer::from_path(&path)?;
            for row in t.rows_text() {
                w.write_record(&row)?;
            }
            w.flush()?;
        }
    }
    Ok(())
}

fn table_of(b: &Block) -> Option<&Table> {
    match b {
        Block::Table(t) => Some(t),
        Block::Paragraph(_) => None,
    }
}
