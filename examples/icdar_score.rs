//! ICDAR 2013 table-competition score of foi-extract's PDF tables.
//!
//! For each `NAME.pdf` with ground truth `NAME-str.xml` in the folder (plus
//! alternative interpretations: `eu-009b-str.xml` for `eu-009a.pdf`, the
//! better score kept, as the competition did), read the PDF with our own
//! reader and table finder and compare adjacency relations: for every
//! non-empty cell, its nearest non-empty neighbour to the right in its row
//! and below in its column, as (text, text, direction). Texts are compared
//! without whitespace, in lower case, with ligatures and dashes unified.
//! Precision, recall and F1 per document; the summary gives their mean over
//! documents (the competition's figure) and the pooled totals.
//!
//! The ground truth gives a table continued over a page as one table per
//! page, so our tables are split at page breaks before scoring.
//!
//! With `--predicted OUT`, another tool's tables are scored instead of
//! ours, read from `OUT/<name>.json` (scripts/pdfplumber_tables.py,
//! camelot_tables.py and tabula_tables.py write them so;
//! scripts/compare-tables.sh scores them all beside ours).
//!
//! Usage: `cargo run --release --example icdar_score -- DIR [--verbose]
//! [--only NAME] [--predicted OUT]`

use foi_extract::doc::{Part, Table};
use foi_extract::read::{read_bytes, Limits};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

/// A relation: (from text, to text, direction `r` or `d`).
type Relation = (String, String, char);

fn norm(t: &str) -> String {
    let mut out = String::with_capacity(t.len());
    for c in t.chars() {
        match c {
            c if c.is_whitespace() => {}
            'ﬁ' => out.push_str("fi"),
            'ﬂ' => out.push_str("fl"),
            'ﬀ' => out.push_str("ff"),
            'ﬃ' => out.push_str("ffi"),
            '–' | '—' | '−' | '‐' | '‑' => out.push('-'),
            '‘' | '’' | '´' | '`' => out.push('\''),
            '“' | '”' => out.push('"'),
            c => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// A grid of cell ids (None = no cell) with the text of each id.
struct IdGrid {
    ids: Vec<Vec<Option<usize>>>,
    texts: Vec<String>,
}

impl IdGrid {
    fn relations(&self) -> Vec<Relation> {
        let mut seen = std::collections::HashSet::new();
        let mut out = Vec::new();
        let n_rows = self.ids.len();
        let n_cols = self.ids.iter().map(Vec::len).max().unwrap_or(0);
        let filled = |id: Option<usize>| id.filter(|&i| !self.texts[i].is_empty());
        let at = |r: usize, c: usize| {
            self.ids
                .get(r)
                .and_then(|row| row.get(c))
                .copied()
                .flatten()
        };
        for (dir, outer, inner) in [('r', n_rows, n_cols), ('d', n_cols, n_rows)] {
            for o in 0..outer {
                let mut prev: Option<usize> = None;
                for i in 0..inner {
                    let id = if dir == 'r' { at(o, i) } else { at(i, o) };
                    let Some(id) = filled(id) else { continue };
                    if let Some(p) = prev {
                        if p != id && seen.insert((p, id, dir)) {
                            out.push((self.texts[p].clone(), self.texts[id].clone(), dir));
                        }
                    }
                    prev = Some(id);
                }
            }
        }
        out
    }
}

/// Ground-truth tables of a `-str.xml` file, one grid per region.
fn ground_truth(path: &Path) -> anyhow::Result<Vec<IdGrid>> {
    use quick_xml::events::Event;
    let xml = std::fs::read_to_string(path)?;
    let mut reader = quick_xml::Reader::from_str(&xml);
    let mut grids = Vec::new();
    // (start-row, end-row, start-col, end-col, text)
    let mut cells: Vec<(usize, usize, usize, usize, String)> = Vec::new();
    let mut cur: Option<(usize, usize, usize, usize)> = None;
    let mut in_content = false;
    let mut text = String::new();
    loop {
        match reader.read_event()? {
            Event::Start(e) | Event::Empty(e) if e.name().as_ref() == "cell" => {
                let mut a: HashMap<String, usize> = HashMap::new();
                for attr in e.attributes().flatten() {
                    let k = attr.key.as_ref().to_string();
                    if let Ok(v) = attr.value.parse() {
                        a.insert(k, v);
                    }
                }
                let sr = a.get("start-row").copied().unwrap_or(0);
                let sc = a.get("start-col").copied().unwrap_or(0);
                let er = a.get("end-row").copied().unwrap_or(sr).max(sr);
                let ec = a.get("end-col").copied().unwrap_or(sc).max(sc);
                cur = Some((sr, er, sc, ec));
                text.clear();
            }
            Event::Start(e) if e.name().as_ref() == "content" => in_content = true,
            Event::End(e) if e.name().as_ref() == "content" => in_content = false,
            Event::Text(t) if in_content => text.push_str(&t.xml10_content()),
            Event::GeneralRef(r) if in_content => {
                if let Ok(Some(c)) = r.resolve_char_ref() {
                    text.push(c);
                    continue;
                }
                let name = r.xml10_content();
                text.push_str(match name.as_ref() {
                    "amp" => "&",
                    "lt" => "<",
                    "gt" => ">",
                    "quot" => "\"",
                    "apos" => "'",
                    _ => "",
                });
            }
            Event::End(e) if e.name().as_ref() == "cell" => {
                if let Some((sr, er, sc, ec)) = cur.take() {
                    cells.push((sr, er, sc, ec, norm(&text)));
                }
            }
            Event::End(e) if e.name().as_ref() == "region" => {
                grids.push(grid_of(&cells));
                cells.clear();
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(grids)
}

fn grid_of(cells: &[(usize, usize, usize, usize, String)]) -> IdGrid {
    let n_rows = cells.iter().map(|c| c.1 + 1).max().unwrap_or(0).min(10_000);
    let n_cols = cells.iter().map(|c| c.3 + 1).max().unwrap_or(0).min(1_000);
    let mut ids = vec![vec![None; n_cols]; n_rows];
    let mut texts = Vec::new();
    for (sr, er, sc, ec, t) in cells {
        let id = texts.len();
        texts.push(t.clone());
        for row in ids.iter_mut().take(*er + 1).skip(*sr) {
            for slot in row.iter_mut().take(*ec + 1).skip(*sc) {
                *slot = Some(id);
            }
        }
    }
    IdGrid { ids, texts }
}

/// Our table as grids, one per page it stands on.
fn predicted(t: &Table) -> Vec<IdGrid> {
    let mut per_page: BTreeMap<u32, Vec<u32>> = BTreeMap::new();
    for r in 0..t.n_rows {
        let page = t.cell(r, 0).and_then(|c| c.prov.page).unwrap_or(0);
        per_page.entry(page).or_default().push(r);
    }
    per_page
        .into_values()
        .map(|rows| {
            let mut ids = Vec::new();
            let mut texts = Vec::new();
            let mut id_of: HashMap<(u32, u32), usize> = HashMap::new();
            for &r in &rows {
                let mut row = Vec::new();
                for c in 0..t.n_cols {
                    let Some(cell) = t.cell(r, c) else {
                        row.push(None);
                        continue;
                    };
                    let origin = cell.merged_from.map_or((r, c), |m| (m.row, m.col));
                    let id = *id_of.entry(origin).or_insert_with(|| {
                        let mut text = cell.text.clone();
                        for n in &cell.notes {
                            text.push_str(n);
                        }
                        texts.push(norm(&text));
                        texts.len() - 1
                    });
                    row.push(Some(id));
                }
                ids.push(row);
            }
            IdGrid { ids, texts }
        })
        .collect()
}

/// Tables another tool found, from `DIR/<name>.json` =
/// `[{"page": n, "rows": [[text or null]]}]` (see
/// scripts/pdfplumber_tables.py); a null is a cell covered by a span.
fn predicted_json(path: &Path) -> anyhow::Result<Vec<IdGrid>> {
    let tables: Vec<serde_json::Value> = serde_json::from_str(&std::fs::read_to_string(path)?)?;
    Ok(tables
        .iter()
        .map(|t| {
            let mut ids = Vec::new();
            let mut texts = Vec::new();
            for row in t["rows"].as_array().into_iter().flatten() {
                let mut out = Vec::new();
                for cell in row.as_array().into_iter().flatten() {
                    match cell.as_str() {
                        Some(text) => {
                            texts.push(norm(text));
                            out.push(Some(texts.len() - 1));
                        }
                        None => out.push(None),
                    }
                }
                ids.push(out);
            }
            IdGrid { ids, texts }
        })
        .collect())
}

/// Size of the multiset intersection.
fn matches(gt: &[Relation], pred: &[Relation]) -> usize {
    let mut counts: HashMap<&Relation, usize> = HashMap::new();
    for r in gt {
        *counts.entry(r).or_default() += 1;
    }
    pred.iter()
        .filter(|r| match counts.get_mut(r) {
            Some(n) if *n > 0 => {
                *n -= 1;
                true
            }
            _ => false,
        })
        .count()
}

struct Score {
    correct: usize,
    gt: usize,
    pred: usize,
}

impl Score {
    fn p(&self) -> f64 {
        if self.pred == 0 {
            0.0
        } else {
            self.correct as f64 / self.pred as f64
        }
    }
    fn r(&self) -> f64 {
        if self.gt == 0 {
            0.0
        } else {
            self.correct as f64 / self.gt as f64
        }
    }
    fn f1(&self) -> f64 {
        let (p, r) = (self.p(), self.r());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let dir = PathBuf::from(
        args.first()
            .map_or("../shared/data/icdar2013-eu", |s| s.as_str()),
    );
    let verbose = args.iter().any(|a| a == "--verbose");
    let only = args
        .iter()
        .position(|a| a == "--only")
        .and_then(|i| args.get(i + 1));
    let predicted_dir = args
        .iter()
        .position(|a| a == "--predicted")
        .and_then(|i| args.get(i + 1));
    let mut names: Vec<String> = std::fs::read_dir(&dir)?
        .flatten()
        .filter_map(|e| {
            e.file_name()
                .to_str()?
                .strip_suffix(".pdf")
                .map(str::to_string)
        })
        .filter(|n| only.is_none_or(|o| o == n))
        .collect();
    names.sort();
    let mut sum = (0.0, 0.0, 0.0);
    let mut pooled = Score {
        correct: 0,
        gt: 0,
        pred: 0,
    };
    let mut pages_read = 0usize;
    let started = std::time::Instant::now();
    println!(
        "{:<10} {:>6} {:>6} {:>6} {:>5} {:>5} {:>5}",
        "doc", "P", "R", "F1", "gt", "pred", "ok"
    );
    for name in &names {
        let mut gt_files = vec![dir.join(format!("{name}-str.xml"))];
        if let Some(stem) = name.strip_suffix('a') {
            gt_files.push(dir.join(format!("{stem}b-str.xml")));
        }
        let gt_sets: Vec<Vec<Relation>> = gt_files
            .iter()
            .filter(|p| p.exists())
            .map(|p| {
                Ok(ground_truth(p)?
                    .iter()
                    .flat_map(IdGrid::relations)
                    .collect())
            })
            .collect::<anyhow::Result<_>>()?;
        if gt_sets.is_empty() {
            continue;
        }
        let mut pred = Vec::new();
        if let Some(other) = predicted_dir {
            let grids = predicted_json(&Path::new(other).join(format!("{name}.json")))?;
            pred.extend(grids.iter().flat_map(IdGrid::relations));
        }
        let bytes = std::fs::read(dir.join(format!("{name}.pdf")))?;
        let result = match predicted_dir {
            Some(_) => Err(foi_extract::read::ReadError::Unsupported(
                "scoring another tool".into(),
            )),
            None => read_bytes(&bytes, &format!("{name}.pdf"), 0, Limits::default()).1,
        };
        match result {
            Err(_) if predicted_dir.is_some() => {}
            Ok(ex) => {
                for part in &ex.parts {
                    if let Part::Page(p) = part {
                        pages_read += 1;
                        for b in &p.blocks {
                            if let foi_extract::doc::Block::Table(t) = b {
                                pred.extend(predicted(t).iter().flat_map(IdGrid::relations));
                            }
                        }
                    }
                }
            }
            Err(e) => eprintln!("{name}: {e}"),
        }
        let best = gt_sets
            .iter()
            .map(|gt| Score {
                correct: matches(gt, &pred),
                gt: gt.len(),
                pred: pred.len(),
            })
            .max_by(|a, b| a.f1().total_cmp(&b.f1()))
            .unwrap_or(Score {
                correct: 0,
                gt: 0,
                pred: 0,
            });
        println!(
            "{:<10} {:>6.3} {:>6.3} {:>6.3} {:>5} {:>5} {:>5}",
            name,
            best.p(),
            best.r(),
            best.f1(),
            best.gt,
            best.pred,
            best.correct
        );
        if verbose {
            let gt = &gt_sets[0];
            let mut missing: Vec<&Relation> = gt.iter().filter(|r| !pred.contains(r)).collect();
            missing.truncate(15);
            let mut extra: Vec<&Relation> = pred.iter().filter(|r| !gt.contains(r)).collect();
            extra.truncate(15);
            println!("   missing: {missing:?}\n   extra:   {extra:?}");
        }
        sum.0 += best.p();
        sum.1 += best.r();
        sum.2 += best.f1();
        pooled.correct += best.correct;
        pooled.gt += best.gt;
        pooled.pred += best.pred;
    }
    let n = names.len().max(1) as f64;
    println!(
        "mean over {} documents: P {:.3} R {:.3} F1 {:.3}",
        names.len(),
        sum.0 / n,
        sum.1 / n,
        sum.2 / n
    );
    println!(
        "pooled relations: P {:.3} R {:.3} F1 {:.3} ({} correct, {} predicted, {} in ground truth)",
        pooled.p(),
        pooled.r(),
        pooled.f1(),
        pooled.correct,
        pooled.pred,
        pooled.gt
    );
    println!(
        "{pages_read} pages in {:.2} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
