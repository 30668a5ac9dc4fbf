//! Turning found tables into `doc::Table`s (spans expanded through
//! `Table::merge`, notes and per-cell pages in provenance) and putting them
//! into the page's blocks in reading order, in place of the paragraphs
//! whose text they now hold.

use super::grid::{BBox, Grid};
use crate::doc::{Block, CellValue, Page, Paragraph, Prov, Table, TextLine};

/// Header rows: leading rows without a number, when later rows have some
/// (at most three), unless the finder knew better.
fn header_rows(g: &Grid, t: &Table) -> u32 {
    if g.header_rows > 0 {
        return g.header_rows as u32;
    }
    // Years heading columns (`2019 | 2020`) are labels, not values.
    let year = |v: f64| v.fract() == 0.0 && (1900.0..=2100.0).contains(&v);
    let numeric = |r: u32| {
        (0..t.n_cols).any(|c| match t.cell(r, c).map(|x| &x.value) {
            Some(CellValue::Number(v)) => !year(*v),
            _ => false,
        })
    };
    let has_text = |r: u32| {
        (0..t.n_cols).any(|c| matches!(t.cell(r, c).map(|x| &x.value), Some(CellValue::Text(_))))
    };
    let lead = (0..t.n_rows)
        .take_while(|&r| !numeric(r) && (has_text(r) || r > 0))
        .count() as u32;
    // A header cell spanning rows makes all those rows header.
    let spanned = g
        .cells
        .iter()
        .filter(|c| c.row == 0)
        .map(|c| c.rows as u32)
        .max()
        .unwrap_or(0);
    let lead = if lead < t.n_rows && lead <= 3 {
        lead
    } else {
        0
    };
    if lead > 0 && spanned < t.n_rows {
        lead.max(spanned)
    } else {
        lead
    }
}

/// Build the document table of a found table. `index` is its 1-based
/// number on its first page.
pub fn to_table(g: &Grid, file: &str, index: u32) -> Table {
    let prov = Prov {
        file: file.to_string(),
        page: Some(g.page),
        table: Some(index),
        bbox: Some(g.bbox.as_array()),
        ..Default::default()
    };
    let mut rows = vec![vec![String::new(); g.n_cols]; g.n_rows];
    for c in &g.cells {
        if let Some(slot) = rows.get_mut(c.row).and_then(|r| r.get_mut(c.col)) {
            *slot = c.text.clone();
        }
    }
    let mut t = Table::from_rows(rows, prov, g.method);
    if t.n_cols < g.n_cols as u32 {
        return t;
    }
    for c in &g.cells {
        let (r, k) = (c.row as u32, c.col as u32);
        if let Some(cell) = t.cell_mut(r, k) {
            cell.notes = c.notes.clone();
            cell.prov.page = Some(c.page);
            cell.prov.bbox = Some(c.bbox.as_array());
        }
        if c.rows > 1 || c.cols > 1 {
            t.merge(r, k, c.rows as u32, c.cols as u32);
            // Covered cells stand where their origin stands.
            for rr in r..r + c.rows as u32 {
                for kk in k..k + c.cols as u32 {
                    if let Some(cell) = t.cell_mut(rr, kk) {
                        cell.prov.page = Some(c.page);
                    }
                }
            }
        }
    }
    t.header_rows = header_rows(g, &t);
    t
}

/// Fraction of `a`'s area inside `b`.
fn inside(a: [f32; 4], b: &BBox) -> f32 {
    let w = (a[2].min(b.x1) - a[0].max(b.x0)).max(0.0);
    let h = (a[3].min(b.bottom) - a[1].max(b.top)).max(0.0);
    let area = ((a[2] - a[0]) * (a[3] - a[1])).max(1e-3);
    w * h / area
}

/// Put `tables` (anchored on this page, with their tops) into the page's
/// blocks and remove paragraphs inside any of `boxes` (parts of tables on
/// this page, including continuations anchored elsewhere).
pub fn place(page: &mut Page, tables: Vec<(f32, Table)>, boxes: &[BBox]) {
    if tables.is_empty() && boxes.is_empty() {
        return;
    }
    let table_words: std::collections::HashSet<&str> = page
        .words
        .iter()
        .filter(|w| {
            let (x, y) = ((w.x0 + w.x1) / 2.0, (w.top + w.bottom) / 2.0);
            boxes.iter().any(|b| b.contains_point(x, y))
        })
        .map(|w| w.text.as_str())
        .collect();
    let mut kept = Vec::with_capacity(page.blocks.len());
    let lines = &page.lines;
    for mut block in std::mem::take(&mut page.blocks) {
        let covered = match &mut block {
            Block::Paragraph(p) => match p.prov.bbox {
                Some(b) if boxes.iter().any(|t| inside(b, t) > 0.0) => {
                    match trim_paragraph(p, b, lines, boxes) {
                        Some(all_inside) => all_inside,
                        None => boxes.iter().any(|t| inside(b, t) >= 0.5),
                    }
                }
                Some(_) => false,
                None => {
                    // No box: covered when every word is a table word.
                    let mut ws = p.text.split_whitespace().peekable();
                    ws.peek().is_some() && ws.all(|w| table_words.contains(w))
                }
            },
            Block::Table(_) => false,
        };
        if !covered {
            kept.push(block);
        }
    }
    page.blocks = kept;
    for (top, table) in tables {
        // Before the first block that starts below the table's top.
        let at = page
            .blocks
            .iter()
            .position(|b| block_top(b).is_some_and(|y| y > top))
            .unwrap_or(page.blocks.len());
        let mut table = table;
        if let Some(up) = reads_sideways(&table) {
            // A table turned on the page: its caption is the short
            // paragraph just before its first row in its own frame,
            // wherever the reader put that paragraph among the blocks.
            table.caption = page.blocks.iter().find_map(|b| match b {
                Block::Paragraph(p) => sideways_caption(p, &table, up),
                Block::Table(_) => None,
            });
        } else if at > 0 {
            if let Some(Block::Paragraph(p)) = page.blocks.get(at - 1) {
                table.caption = caption(p, top);
            }
        }
        page.blocks.insert(at, Block::Table(table));
    }
}

/// Longest paragraph taken as a table's caption, in characters.
const MAX_CAPTION_CHARS: usize = 200;
/// Widest gap between a caption and its table, in points.
const MAX_CAPTION_GAP: f32 = 24.0;

/// The paragraph just above a table is its caption when it is short and
/// close ("Table 2: Searches by month", "Q3. Ethnicity of persons
/// searched:"); the paragraph stays in the text too.
fn caption(p: &Paragraph, table_top: f32) -> Option<String> {
    let b = p.prov.bbox?;
    let gap = table_top - b[3];
    let short = p.text.chars().count() <= MAX_CAPTION_CHARS;
    (short && (-2.0..=MAX_CAPTION_GAP).contains(&gap) && !p.text.trim().is_empty())
        .then(|| p.text.trim().to_string())
}

/// Whether `t`'s rows run across the page instead of down it (a table
/// turned a quarter): `Some(true)` when its text reads up the page (rows
/// left to right), `Some(false)` when it reads down (rows right to left).
fn reads_sideways(t: &Table) -> Option<bool> {
    // The cells of a row share a line: their centres part along the
    // text, up or down the page when the table is turned.
    let centre = |c: u32| {
        let b = t.cell(0, c)?.prov.bbox?;
        Some(((b[0] + b[2]) / 2.0, (b[1] + b[3]) / 2.0))
    };
    let (a, z) = (centre(0)?, centre(t.n_cols.checked_sub(1)?)?);
    let (dx, dy) = (z.0 - a.0, z.1 - a.1);
    (dy.abs() > dx.abs()).then_some(dy < 0.0)
}

/// The caption of a turned table: a short paragraph alongside the table
/// and at most [`MAX_CAPTION_GAP`] before its first row in the table's
/// reading frame.
fn sideways_caption(p: &Paragraph, t: &Table, up: bool) -> Option<String> {
    let b = p.prov.bbox?;
    let tb = t.prov.bbox?;
    let gap = if up { tb[0] - b[2] } else { b[0] - tb[2] };
    let alongside = b[1] < tb[3] && b[3] > tb[1];
    let short = p.text.chars().count() <= MAX_CAPTION_CHARS;
    (short && alongside && (-2.0..=MAX_CAPTION_GAP).contains(&gap) && !p.text.trim().is_empty())
        .then(|| p.text.trim().to_string())
}

/// A paragraph that runs into a table (the reader joined the table's last
/// line with the footnotes below it, say) keeps only its lines outside the
/// tables. Returns whether all its lines are inside (the paragraph goes),
/// or `None` when the page's lines do not show which lines it holds.
fn trim_paragraph(
    p: &mut Paragraph,
    b: [f32; 4],
    lines: &[TextLine],
    boxes: &[BBox],
) -> Option<bool> {
    let area = BBox {
        x0: b[0] - 1.0,
        top: b[1] - 1.0,
        x1: b[2] + 1.0,
        bottom: b[3] + 1.0,
    };
    let centre = |l: &TextLine| ((l.x0 + l.x1) / 2.0, (l.top + l.bottom) / 2.0);
    let mine: Vec<&TextLine> = lines
        .iter()
        .filter(|l| {
            let (x, y) = centre(l);
            area.contains_point(x, y)
        })
        .collect();
    if mine.is_empty() {
        return None;
    }
    let (inside, outside): (Vec<&TextLine>, Vec<&TextLine>) = mine.into_iter().partition(|l| {
        let (x, y) = centre(l);
        boxes.iter().any(|t| t.contains_point(x, y))
    });
    if outside.is_empty() {
        return Some(true);
    }
    if !inside.is_empty() {
        p.text = outside
            .iter()
            .map(|l| l.text.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        let x0 = outside.iter().map(|l| l.x0).fold(f32::MAX, f32::min);
        let top = outside.iter().map(|l| l.top).fold(f32::MAX, f32::min);
        let x1 = outside.iter().map(|l| l.x1).fold(f32::MIN, f32::max);
        let bottom = outside.iter().map(|l| l.bottom).fold(f32::MIN, f32::max);
        p.prov.bbox = Some([x0, top, x1, bottom]);
    }
    Some(false)
}

fn block_top(b: &Block) -> Option<f32> {
    match b {
        Block::Paragraph(p) => p.prov.bbox.map(|b| b[1]),
        Block::Table(t) => t.prov.bbox.map(|b| b[1]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn para(text: &str, bottom: f32) -> Paragraph {
        Paragraph {
            text: text.into(),
            prov: Prov {
                bbox: Some([50.0, bottom - 10.0, 300.0, bottom]),
                ..Default::default()
            },
            ..Default::default()
        }
    }

    #[test]
    fn a_short_line_just_above_is_the_caption() {
        let q = para("Q3. Ethnicity of persons searched:", 100.0);
        assert_eq!(
            caption(&q, 108.0).as_deref(),
            Some("Q3. Ethnicity of persons searched:")
        );
        assert_eq!(caption(&q, 180.0), None);
        let long = para(&"word ".repeat(60), 100.0);
        assert_eq!(caption(&long, 108.0), None);
    }
}
