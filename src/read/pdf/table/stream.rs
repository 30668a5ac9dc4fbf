//! Tables without rules (stream): text lines are cut into chunks at wide
//! gaps; a run of neighbouring lines that mostly have two or more chunks is
//! a candidate; its columns are the x ranges that the chunks of those lines
//! cover (a gap crossed by only a few lines, such as a header spanning
//! columns, still separates columns); wrapped cells are joined back into
//! their row; runs that read like prose in columns are rejected.

use super::fill::{compose, text_lines};
use super::grid::{median, BBox, Grid, GridCell};
use super::settings::TableSettings;
use crate::doc::Word;

/// A line of words cut into chunks at column gaps.
struct Line<'a> {
    chunks: Vec<Vec<&'a Word>>,
    top: f32,
    bottom: f32,
    size: f32,
}

impl Line<'_> {
    fn x0(&self) -> f32 {
        self.chunks
            .first()
            .and_then(|c| c.first())
            .map_or(0.0, |w| w.x0)
    }
    fn x1(&self) -> f32 {
        self.chunks
            .iter()
            .flatten()
            .map(|w| w.x1)
            .fold(f32::MIN, f32::max)
    }
}

fn span(chunk: &[&Word]) -> (f32, f32) {
    let x0 = chunk.iter().map(|w| w.x0).fold(f32::MAX, f32::min);
    let x1 = chunk.iter().map(|w| w.x1).fold(f32::MIN, f32::max);
    (x0, x1)
}

fn cut_lines<'a>(words: &[&'a Word], s: &TableSettings) -> Vec<Line<'a>> {
    text_lines(words, s)
        .into_iter()
        .map(|ws| {
            let size = median(ws.iter().map(|w| w.font_size).collect()).max(1.0);
            let gap = s.column_gap_em * size;
            let mut chunks: Vec<Vec<&Word>> = Vec::new();
            for w in ws.iter().copied() {
                match chunks.last_mut() {
                    Some(c) if c.last().is_some_and(|p| w.x0 - p.x1 <= gap) => c.push(w),
                    _ => chunks.push(vec![w]),
                }
            }
            let top = ws.iter().map(|w| w.top).fold(f32::MAX, f32::min);
            let bottom = ws.iter().map(|w| w.bottom).fold(f32::MIN, f32::max);
            Line {
                chunks,
                top,
                bottom,
                size,
            }
        })
        .collect()
}

/// Stream tables among `words` (words already in ruled tables left out).
pub fn stream_tables(words: &[&Word], page: u32, s: &TableSettings) -> Vec<Grid> {
    let lines = cut_lines(words, s);
    let mut out = Vec::new();
    let mut run: Vec<usize> = Vec::new();
    let mut singles_in_a_row = 0;
    let close = |run: &mut Vec<usize>, out: &mut Vec<Grid>| {
        // Trailing single-chunk lines are not part of the table.
        while run.last().is_some_and(|&i| lines[i].chunks.len() < 2) {
            run.pop();
        }
        let multi = run.iter().filter(|&&i| lines[i].chunks.len() >= 2).count();
        if multi >= s.min_stream_rows as usize {
            let members: Vec<&Line> = run.iter().map(|&i| &lines[i]).collect();
            let words: Vec<&Word> = members
                .iter()
                .flat_map(|l| l.chunks.iter().flatten().copied())
                .collect();
            if super::chart::has_value_axis(&words, s) {
                run.clear();
                return;
            }
            if let Some(g) = build(&members, page, s, 0) {
                out.push(g);
            }
        }
        run.clear();
    };
    for (i, line) in lines.iter().enumerate() {
        if let Some(&prev) = run.last() {
            let p = &lines[prev];
            let gap = line.top - p.bottom;
            let too_far = gap > s.max_row_gap_em * p.size.max(line.size);
            let width = run_width(&lines, &run);
            let prose = line.chunks.len() < 2 && line.x1() - line.x0() > s.prose_line_ratio * width;
            if too_far || prose || (line.chunks.len() < 2 && singles_in_a_row >= 2) {
                close(&mut run, &mut out);
                singles_in_a_row = 0;
            }
        }
        if line.chunks.len() >= 2 {
            singles_in_a_row = 0;
            run.push(i);
        } else if !run.is_empty() {
            singles_in_a_row += 1;
            run.push(i);
        }
    }
    close(&mut run, &mut out);
    out
}

fn run_width(lines: &[Line], run: &[usize]) -> f32 {
    let x0 = run.iter().map(|&i| lines[i].x0()).fold(f32::MAX, f32::min);
    let x1 = run.iter().map(|&i| lines[i].x1()).fold(f32::MIN, f32::max);
    (x1 - x0).max(1.0)
}

/// A table from all words in a region bracketed by horizontal rules (Word's
/// "simple" table styles). `header_cut` is the y of the rule under the
/// header, when there is one.
pub fn ruled_region_table(
    words: &[&Word],
    page: u32,
    header_cut: Option<f32>,
    s: &TableSettings,
) -> Option<Grid> {
    let lines = cut_lines(words, s);
    let multi = lines.iter().filter(|l| l.chunks.len() >= 2).count();
    if multi < 2 || multi * 2 < lines.len() {
        return None;
    }
    let header_lines = header_cut.map_or(0, |y| lines.iter().filter(|l| l.bottom <= y).count());
    let members: Vec<&Line> = lines.iter().collect();
    build(&members, page, s, header_lines)
}

/// Columns of aligned words inside one ruled column (a ruled table that
/// draws only some of its column rules): the x ranges, when at least
/// `min_stream_rows` lines have two or more chunks and every one of those
/// lines has a chunk in each range.
pub fn sub_columns(words: &[&Word], s: &TableSettings) -> Option<Vec<(f32, f32)>> {
    let lines = cut_lines(words, s);
    let members: Vec<&Line> = lines.iter().collect();
    let multi = lines.iter().filter(|l| l.chunks.len() >= 2).count();
    if multi < s.min_stream_rows as usize {
        return None;
    }
    let cols = columns(&members, s);
    (cols.len() >= 2).then_some(cols)
}

/// Column x ranges: where the chunks of multi-chunk lines stand, ignoring
/// crossings by a few lines.
fn columns(lines: &[&Line], s: &TableSettings) -> Vec<(f32, f32)> {
    let multi: Vec<&&Line> = lines.iter().filter(|l| l.chunks.len() >= 2).collect();
    let allowed = (s.column_bridge_ratio * multi.len() as f32).floor() as i32;
    let mut events: Vec<(f32, i32)> = Vec::new();
    for l in &multi {
        for c in &l.chunks {
            let (a, b) = span(c);
            events.push((a, 1));
            events.push((b, -1));
        }
    }
    events.sort_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)));
    let mut cols = Vec::new();
    let mut depth = 0;
    let mut start = None;
    for (x, d) in events {
        depth += d;
        if depth > allowed && start.is_none() {
            start = Some(x);
        } else if depth <= allowed {
            if let Some(a) = start.take() {
                cols.push((a, x));
            }
        }
    }
    cols
}

/// Columns `[first, last]` a chunk stands in.
fn columns_of(x0: f32, x1: f32, cols: &[(f32, f32)]) -> (usize, usize) {
    let hit: Vec<usize> = (0..cols.len())
        .filter(|&k| x1 > cols[k].0 && x0 < cols[k].1)
        .collect();
    if let (Some(&a), Some(&b)) = (hit.first(), hit.last()) {
        return (a, b);
    }
    // In a gap: the nearest column.
    let mid = (x0 + x1) / 2.0;
    let k = (0..cols.len())
        .min_by(|&a, &b| {
            let da = (cols[a].0 - mid).abs().min((cols[a].1 - mid).abs());
            let db = (cols[b].0 - mid).abs().min((cols[b].1 - mid).abs());
            da.total_cmp(&db)
        })
        .unwrap_or(0);
    (k, k)
}

/// Cells of one row: for each column, the words in it and the span.
type RowCells<'a> = Vec<Option<(usize, Vec<&'a Word>)>>;

fn place<'a>(line: &Line<'a>, cols: &[(f32, f32)]) -> RowCells<'a> {
    let mut row: RowCells = vec![None; cols.len()];
    for chunk in &line.chunks {
        let (x0, x1) = span(chunk);
        let (a, b) = columns_of(x0, x1, cols);
        let mut pieces: Vec<(usize, usize, Vec<&Word>)> = Vec::new();
        let straddles = chunk.iter().any(|w| {
            let (p, q) = columns_of(w.x0, w.x1, cols);
            p != q
        });
        if a == b || straddles {
            pieces.push((a, b, chunk.clone()));
        } else {
            for w in chunk {
                let (k, _) = columns_of(w.x0, w.x1, cols);
                match pieces.last_mut() {
                    Some(p) if p.0 == k => p.2.push(w),
                    _ => pieces.push((k, k, vec![w])),
                }
            }
        }
        for (a, b, ws) in pieces {
            match &mut row[a] {
                Some((_, existing)) => existing.extend(ws),
                slot => *slot = Some((b - a + 1, ws)),
            }
        }
    }
    // A span may not cover a column another chunk fills.
    for k in 0..row.len() {
        let Some((n, _)) = row[k].as_ref().map(|(n, w)| (*n, w.len())) else {
            continue;
        };
        let mut allowed = 1;
        while allowed < n && k + allowed < row.len() && row[k + allowed].is_none() {
            allowed += 1;
        }
        if let Some((span, _)) = &mut row[k] {
            *span = allowed;
        }
    }
    row
}

pub fn is_numberish(ws: &[&Word]) -> bool {
    let t: String = ws.iter().map(|w| w.text.as_str()).collect();
    let digits = t.chars().filter(char::is_ascii_digit).count();
    digits > 0 && digits * 2 >= t.chars().count()
}

/// Is row `b` the wrapped continuation of row `a`?
fn continues(a: &RowCells, b: &RowCells) -> bool {
    let filled: Vec<usize> = (0..b.len()).filter(|&k| b[k].is_some()).collect();
    if filled.is_empty()
        || filled
            .iter()
            .any(|&k| is_numberish(&b[k].as_ref().map_or(vec![], |c| c.1.clone())))
    {
        return false;
    }
    if b[0].is_none() {
        // Text under text in every filled column, first column empty.
        return filled
            .iter()
            .all(|&k| a.get(k).is_some_and(Option::is_some));
    }
    // Only the first column, starting in lower case or a bracket: a
    // wrapped label.
    filled.len() == 1
        && a[0].is_some()
        && b[0].as_ref().and_then(|c| c.1.first()).is_some_and(|w| {
            w.text
                .chars()
                .next()
                .is_some_and(|ch| ch.is_lowercase() || ch == '(' || ch == '&')
        })
}

fn build(lines: &[&Line], page: u32, s: &TableSettings, header_lines: usize) -> Option<Grid> {
    let cols = columns(lines, s);
    if cols.len() < s.min_stream_cols as usize {
        return None;
    }
    let mut rows: Vec<RowCells> = Vec::new();
    let mut header_rows = 0;
    for (i, line) in lines.iter().enumerate() {
        let row = place(line, &cols);
        let merge = rows.last().is_some_and(|prev| continues(prev, &row))
            && (i != header_lines || header_lines == 0);
        if merge {
            if let Some(prev) = rows.last_mut() {
                for (k, cell) in row.into_iter().enumerate() {
                    if let Some((_, ws)) = cell {
                        match &mut prev[k] {
                            Some((_, existing)) => existing.extend(ws),
                            slot => *slot = Some((1, ws)),
                        }
                    }
                }
            }
        } else {
            rows.push(row);
        }
        if i + 1 == header_lines {
            header_rows = rows.len();
        }
    }
    let mut cells = Vec::new();
    let mut words_total = 0;
    for (r, row) in rows.iter().enumerate() {
        let mut covered = 0;
        for (k, cell) in row.iter().enumerate() {
            if k < covered {
                continue;
            }
            let (n, ws) = match cell {
                Some((n, ws)) => (*n, ws.as_slice()),
                None => (1, &[][..]),
            };
            covered = k + n;
            words_total += ws.len();
            let (text, notes, bbox) = compose(ws, s);
            let fallback = BBox {
                x0: cols[k].0,
                x1: cols[(k + n - 1).min(cols.len() - 1)].1,
                top: 0.0,
                bottom: 0.0,
            };
            cells.push(GridCell {
                row: r,
                col: k,
                rows: 1,
                cols: n,
                text,
                notes,
                bbox: bbox.unwrap_or(fallback),
                page,
            });
        }
    }
    let filled = cells.iter().filter(|c| !c.text.is_empty()).count().max(1);
    if words_total as f32 / filled as f32 > s.max_mean_words_per_cell {
        return None;
    }
    let bbox = cells
        .iter()
        .filter(|c| !c.text.is_empty())
        .map(|c| c.bbox)
        .reduce(BBox::union)?;
    let mut col_edges = vec![cols[0].0];
    for pair in cols.windows(2) {
        col_edges.push((pair[0].1 + pair[1].0) / 2.0);
    }
    col_edges.push(cols[cols.len() - 1].1);
    Some(Grid {
        n_rows: rows.len(),
        n_cols: cols.len(),
        col_edges,
        cells,
        bbox,
        method: "stream",
        page,
        header_rows,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(text: &str, x0: f32, top: f32) -> Word {
        Word {
            text: text.into(),
            x0,
            top,
            x1: x0 + text.chars().count() as f32 * 5.0,
            bottom: top + 10.0,
            font_size: 10.0,
            font: "F".into(),
            dir: 0,
        }
    }

    #[test]
    fn aligned_columns_amid_prose() {
        let mut words = vec![
            w("Dear", 50.0, 50.0),
            w("Sir,", 75.0, 50.0),
            w("thank", 97.0, 50.0),
            w("you", 127.0, 50.0),
            w("for", 147.0, 50.0),
            w("your", 165.0, 50.0),
            w("request", 190.0, 50.0),
        ];
        let rows = [
            ("Force", "Stops", "Arrests"),
            ("Kent", "113", "12"),
            ("Essex", "1,209", "40"),
            ("Surrey", "55", "N.D.27"),
        ];
        for (i, (a, b, c)) in rows.iter().enumerate() {
            let y = 80.0 + i as f32 * 14.0;
            words.push(w(a, 50.0, y));
            words.push(w(b, 150.0, y));
            words.push(w(c, 250.0, y));
        }
        words.push(w("Yours", 50.0, 160.0));
        words.push(w("faithfully", 82.0, 160.0));
        let refs: Vec<&Word> = words.iter().collect();
        let t = stream_tables(&refs, 1, &TableSettings::default());
        assert_eq!(t.len(), 1);
        let g = &t[0];
        assert_eq!((g.n_rows, g.n_cols), (4, 3));
        assert_eq!(g.row_texts(2), vec!["Essex", "1,209", "40"]);
        assert_eq!(g.row_texts(3), vec!["Surrey", "55", "N.D."]);
        assert_eq!(g.cells.last().unwrap().notes, vec!["27".to_string()]);
    }
}
