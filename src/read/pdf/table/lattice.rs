//! Ruled (lattice) tables: a connected set of rules becomes a grid of
//! elementary cells between its distinct rule positions; neighbouring
//! elementary cells with no rule between them form one spanning cell.
//! Open-sided tables (Word's habit of drawing no outer verticals) get their
//! outer edges from the extent of the horizontal rules, and rows drawn
//! without rules between them are split by their text lines.

use super::edges::{connected, Edge, Edges};
use super::fill::{text_lines, CellRect};
use super::grid::{centre, BBox};
use super::settings::TableSettings;
use super::spans;
use crate::doc::Word;

/// Ruled grids with more cells than this are not tables (hatching, charts)
/// and would cost too much to fill.
const MAX_LATTICE_CELLS: usize = 20_000;

/// A ruled grid before it is filled.
#[derive(Debug, Clone, PartialEq)]
pub struct Lattice {
    pub rects: Vec<CellRect>,
    pub n_rows: usize,
    pub n_cols: usize,
    pub col_edges: Vec<f32>,
    pub bbox: BBox,
}

/// The ruled grids among the page's edges.
pub fn lattices(edges: &Edges, words: &[Word], s: &TableSettings) -> Vec<Lattice> {
    let mut out = Vec::new();
    for (hs, vs) in connected(edges, s.intersection_tolerance) {
        if hs.is_empty() || vs.is_empty() {
            continue;
        }
        let h: Vec<Edge> = hs.iter().filter_map(|i| edges.h.get(*i).copied()).collect();
        let v: Vec<Edge> = vs.iter().filter_map(|i| edges.v.get(*i).copied()).collect();
        if let Some(l) = lattice(&h, &v, words, s) {
            out.push(l);
        }
    }
    out.sort_by(|a, b| a.bbox.top.total_cmp(&b.bbox.top));
    out
}

/// Cluster sorted positions closer than `tol`, keeping each cluster's mean.
fn cluster(mut xs: Vec<f32>, tol: f32) -> Vec<f32> {
    xs.sort_by(f32::total_cmp);
    let mut out: Vec<(f32, usize)> = Vec::new();
    for x in xs {
        match out.last_mut() {
            Some((sum, n)) if x - *sum / *n as f32 <= tol => {
                *sum += x;
                *n += 1;
            }
            _ => out.push((x, 1)),
        }
    }
    out.into_iter().map(|(s, n)| s / n as f32).collect()
}

/// Fraction of `[a, b]` covered by edges at `pos`.
fn cover(edges: &[Edge], pos: f32, a: f32, b: f32, tol: f32) -> f32 {
    let len = b - a;
    if len <= 0.0 {
        return 0.0;
    }
    let covered: f32 = edges
        .iter()
        .filter(|e| (e.pos - pos).abs() <= tol)
        .map(|e| (e.hi.min(b) - e.lo.max(a)).max(0.0))
        .sum();
    covered / len
}

fn lattice(h: &[Edge], v: &[Edge], words: &[Word], s: &TableSettings) -> Option<Lattice> {
    let tol = s.snap_tolerance;
    let h_lo = h.iter().map(|e| e.lo).fold(f32::MAX, f32::min);
    let h_hi = h.iter().map(|e| e.hi).fold(f32::MIN, f32::max);
    let v_lo = v.iter().map(|e| e.lo).fold(f32::MAX, f32::min);
    let v_hi = v.iter().map(|e| e.hi).fold(f32::MIN, f32::max);
    let mut xs_in: Vec<f32> = v.iter().map(|e| e.pos).collect();
    xs_in.extend([h_lo, h_hi]);
    let mut ys_in: Vec<f32> = h.iter().map(|e| e.pos).collect();
    ys_in.extend([v_lo, v_hi]);
    let mut xs = cluster(xs_in, tol);
    let mut ys = cluster(ys_in, tol);
    if xs.len() < 2 || ys.len() < 2 || xs.len() > 500 || ys.len() > 2000 {
        return None;
    }
    // vsep[r][c]: a rule between column c and c+1 in row r.
    let sep_v = |ys: &[f32], xs: &[f32]| -> Vec<Vec<bool>> {
        (0..ys.len() - 1)
            .map(|r| {
                (1..xs.len() - 1)
                    .map(|c| cover(v, xs[c], ys[r], ys[r + 1], tol) >= s.border_cover_ratio)
                    .collect()
            })
            .collect()
    };
    let sep_h = |ys: &[f32], xs: &[f32]| -> Vec<Vec<bool>> {
        (1..ys.len() - 1)
            .map(|r| {
                (0..xs.len() - 1)
                    .map(|c| cover(h, ys[r], xs[c], xs[c + 1], tol) >= s.border_cover_ratio)
                    .collect()
            })
            .collect()
    };
    // Drop boundaries no rule uses anywhere (a rule's end poking out).
    let vsep = sep_v(&ys, &xs);
    let keep_x: Vec<bool> = (0..xs.len())
        .map(|c| c == 0 || c == xs.len() - 1 || vsep.iter().any(|row| row[c - 1]))
        .collect();
    xs = xs
        .iter()
        .zip(&keep_x)
        .filter(|(_, k)| **k)
        .map(|(x, _)| *x)
        .collect();
    let hsep = sep_h(&ys, &xs);
    let keep_y: Vec<bool> = (0..ys.len())
        .map(|r| r == 0 || r == ys.len() - 1 || hsep[r - 1].iter().any(|b| *b))
        .collect();
    ys = ys
        .iter()
        .zip(&keep_y)
        .filter(|(_, k)| **k)
        .map(|(y, _)| *y)
        .collect();
    let (n_rows, n_cols) = (ys.len() - 1, xs.len() - 1);
    if (n_cols < 2 && n_rows < 2) || n_rows * n_cols > MAX_LATTICE_CELLS {
        return None;
    }
    let mut vsep = sep_v(&ys, &xs);
    let hsep = sep_h(&ys, &xs);
    // Rows with no vertical rule at all in a table whose columns are ruled
    // elsewhere (verticals only in the header): their cells follow the
    // columns rather than spanning the row.
    // A row whose text runs across a column edge (a title spanning the
    // table) keeps its span, and so does a row-group heading: a label alone
    // in the first column of a row left unruled in a table whose rows are
    // mostly ruled (a merged "Stop and search" row between data rows).
    let ruled_rows = vsep.iter().filter(|row| row.iter().any(|b| *b)).count();
    let mostly_ruled =
        n_cols >= 2 && ruled_rows as f32 >= s.group_heading_ruled_rows_ratio * n_rows as f32;
    for (r, row) in vsep.iter_mut().enumerate() {
        if row.iter().any(|b| *b) {
            continue;
        }
        let in_row: Vec<&Word> = words
            .iter()
            .filter(|w| {
                let y = (w.top + w.bottom) / 2.0;
                y > ys[r] && y < ys[r + 1] && w.x1 > xs[0] && w.x0 < xs[n_cols]
            })
            .collect();
        let straddles = in_row.iter().any(|w| {
            xs[1..n_cols]
                .iter()
                .any(|&x| w.x0 < x - 1.0 && w.x1 > x + 1.0)
        });
        let group_heading = mostly_ruled
            && !in_row.is_empty()
            && in_row.iter().all(|w| (w.x0 + w.x1) / 2.0 < xs[1]);
        if !straddles && !group_heading {
            row.iter_mut().for_each(|b| *b = true);
        }
    }
    // Rows ruled off only in part (a label cell's fill) whose other cells
    // share one band.
    spans::split_column_runs(&mut vsep, &xs, &ys, words, s);
    // Union elementary cells not separated by a rule.
    let idx = |r: usize, c: usize| r * n_cols + c;
    let mut parent: Vec<usize> = (0..n_rows * n_cols).collect();
    fn find(p: &mut [usize], mut x: usize) -> usize {
        while p[x] != x {
            p[x] = p[p[x]];
            x = p[x];
        }
        x
    }
    for r in 0..n_rows {
        for c in 0..n_cols {
            if c + 1 < n_cols && !vsep[r][c] {
                let (a, b) = (
                    find(&mut parent, idx(r, c)),
                    find(&mut parent, idx(r, c + 1)),
                );
                parent[a] = b;
            }
            if r + 1 < n_rows && !hsep[r][c] {
                let (a, b) = (
                    find(&mut parent, idx(r, c)),
                    find(&mut parent, idx(r + 1, c)),
                );
                parent[a] = b;
            }
        }
    }
    let mut regions: std::collections::BTreeMap<usize, Vec<(usize, usize)>> = Default::default();
    for r in 0..n_rows {
        for c in 0..n_cols {
            let root = find(&mut parent, idx(r, c));
            regions.entry(root).or_default().push((r, c));
        }
    }
    let mut rects = Vec::new();
    let rect = |r0: usize, c0: usize, r1: usize, c1: usize| CellRect {
        row: r0,
        col: c0,
        rows: r1 - r0 + 1,
        cols: c1 - c0 + 1,
        bbox: BBox {
            x0: xs[c0],
            top: ys[r0],
            x1: xs[c1 + 1],
            bottom: ys[r1 + 1],
        },
    };
    for members in regions.values() {
        let r0 = members.iter().map(|m| m.0).min().unwrap_or(0);
        let r1 = members.iter().map(|m| m.0).max().unwrap_or(0);
        let c0 = members.iter().map(|m| m.1).min().unwrap_or(0);
        let c1 = members.iter().map(|m| m.1).max().unwrap_or(0);
        if (r1 - r0 + 1) * (c1 - c0 + 1) == members.len() {
            rects.push(rect(r0, c0, r1, c1));
        } else {
            // Not a rectangle (a rule missing in an odd place): keep the
            // elementary cells.
            rects.extend(members.iter().map(|&(r, c)| rect(r, c, r, c)));
        }
    }
    rects.sort_by_key(|r| (r.row, r.col));
    let bbox = BBox {
        x0: xs[0],
        top: ys[0],
        x1: xs[n_cols],
        bottom: ys[n_rows],
    };
    Some(Lattice {
        rects,
        n_rows,
        n_cols,
        col_edges: xs,
        bbox,
    })
}

/// Split ruled columns whose words stand in aligned sub-columns (tables
/// that rule off only the label column, say) at the gaps between them.
pub fn split_unruled_columns(l: &mut Lattice, words: &[Word], s: &TableSettings) {
    for c in (0..l.n_cols).rev() {
        let in_col: Vec<&Word> = words
            .iter()
            .filter(|w| {
                let (x, y) = centre(w);
                l.rects
                    .iter()
                    .any(|r| r.col == c && r.cols == 1 && r.bbox.contains_point(x, y))
            })
            .collect();
        let Some(sub) = super::stream::sub_columns(&in_col, s) else {
            continue;
        };
        let cuts: Vec<f32> = sub.windows(2).map(|p| (p[0].1 + p[1].0) / 2.0).collect();
        let extra = cuts.len();
        let mut rects = Vec::with_capacity(l.rects.len() + extra * l.n_rows);
        for rc in &l.rects {
            if rc.col == c && rc.cols == 1 {
                let mut lefts = vec![rc.bbox.x0];
                lefts.extend(&cuts);
                let mut rights = cuts.clone();
                rights.push(rc.bbox.x1);
                for (i, (a, b)) in lefts.into_iter().zip(rights).enumerate() {
                    rects.push(CellRect {
                        col: c + i,
                        bbox: BBox {
                            x0: a,
                            x1: b,
                            ..rc.bbox
                        },
                        ..*rc
                    });
                }
            } else if rc.col > c {
                rects.push(CellRect {
                    col: rc.col + extra,
                    ..*rc
                });
            } else if rc.col + rc.cols > c {
                rects.push(CellRect {
                    cols: rc.cols + extra,
                    ..*rc
                });
            } else {
                rects.push(*rc);
            }
        }
        let mut edges = l.col_edges[..=c].to_vec();
        edges.extend(&cuts);
        edges.extend(&l.col_edges[c + 1..]);
        l.col_edges = edges;
        l.rects = rects;
        l.n_cols += extra;
    }
    l.rects.sort_by_key(|r| (r.row, r.col));
}

/// A number that is a value: `1,209`, `-3`, `0.5`, `12%`, `4,5` (not a year,
/// which heads columns as often as it is a value).
fn is_value(text: &str) -> bool {
    let t = text.trim_end_matches('%').replace(',', ".");
    let t = t.trim_start_matches(['-', '−']);
    if t.is_empty() || !t.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return false;
    }
    let year = t.len() == 4 && (t.starts_with("19") || t.starts_with("20"));
    !year && t.chars().next().is_some_and(|c| c.is_ascii_digit())
}

/// Split ruled rows that hold several text lines running in parallel
/// across cells (rows without rules between them) into one row per line.
pub fn split_unruled_rows(l: &mut Lattice, words: &[Word], s: &TableSettings) {
    for r in (0..l.n_rows).rev() {
        let singles: Vec<usize> = (0..l.rects.len())
            .filter(|&k| l.rects[k].row == r && l.rects[k].rows == 1)
            .collect();
        let in_cell = |k: usize| -> Vec<&Word> {
            let b = l.rects[k].bbox;
            words
                .iter()
                .filter(|w| {
                    let (x, y) = centre(w);
                    b.contains_point(x, y)
                })
                .collect()
        };
        let row_words: Vec<&Word> = singles.iter().flat_map(|&k| in_cell(k)).collect();
        let lines = text_lines(&row_words, s);
        if lines.len() < 2 {
            continue;
        }
        let line_of = |w: &Word| {
            lines
                .iter()
                .position(|ln| ln.iter().any(|x| std::ptr::eq(*x, w)))
        };
        let mut multi = 0;
        let mut filled = 0;
        // For each text line, how many cells it has words in.
        let mut cells_per_line = vec![0usize; lines.len()];
        let mut value_lines = vec![false; lines.len()];
        for &k in &singles {
            let ws = in_cell(k);
            if ws.is_empty() {
                continue;
            }
            filled += 1;
            let mut ids: Vec<usize> = ws.iter().filter_map(|w| line_of(w)).collect();
            ids.sort_unstable();
            ids.dedup();
            for &i in &ids {
                cells_per_line[i] += 1;
                let on_line: Vec<&Word> = ws
                    .iter()
                    .copied()
                    .filter(|w| line_of(w) == Some(i))
                    .collect();
                if on_line.len() == 1 && is_value(&on_line[0].text) {
                    value_lines[i] = true;
                }
            }
            if ids.len() >= 2 {
                multi += 1;
            }
        }
        // Rows of values fill most cells on every line; wrapped text in a
        // few cells leaves lines with only one or two cells filled.
        let every_line_full = cells_per_line.iter().all(|&n| n >= 2 && n * 2 >= filled);
        // ...and lines of values hold numbers: every line but the first
        // (a header line) has a cell holding just a number on that line. A
        // wrapped header or wrapped text stays one row.
        let every_line_has_number = value_lines.iter().skip(1).all(|v| *v)
            && value_lines.iter().filter(|v| **v).count() >= 2;
        if multi < s.split_row_min_parallel_cells as usize
            || multi * 2 < filled
            || !every_line_full
            || !every_line_has_number
        {
            continue;
        }
        // Boundaries halfway between consecutive lines.
        let mut cuts = Vec::new();
        for pair in lines.windows(2) {
            let bottom = pair[0].iter().map(|w| w.bottom).fold(f32::MIN, f32::max);
            let top = pair[1].iter().map(|w| w.top).fold(f32::MAX, f32::min);
            cuts.push((bottom + top) / 2.0);
        }
        let extra = cuts.len();
        let mut rects = Vec::with_capacity(l.rects.len() + extra * singles.len());
        for rc in &l.rects {
            if rc.row == r && rc.rows == 1 {
                let mut tops = vec![rc.bbox.top];
                tops.extend(&cuts);
                let mut bottoms = cuts.clone();
                bottoms.push(rc.bbox.bottom);
                for (i, (t, b)) in tops.into_iter().zip(bottoms).enumerate() {
                    rects.push(CellRect {
                        row: r + i,
                        bbox: BBox {
                            top: t,
                            bottom: b,
                            ..rc.bbox
                        },
                        ..*rc
                    });
                }
            } else if rc.row > r {
                rects.push(CellRect {
                    row: rc.row + extra,
                    ..*rc
                });
            } else if rc.row + rc.rows > r {
                rects.push(CellRect {
                    rows: rc.rows + extra,
                    ..*rc
                });
            } else {
                rects.push(*rc);
            }
        }
        l.rects = rects;
        l.n_rows += extra;
    }
    l.rects.sort_by_key(|r| (r.row, r.col));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn e(pos: f32, lo: f32, hi: f32) -> Edge {
        Edge { pos, lo, hi }
    }

    #[test]
    fn grid_with_a_spanning_header() {
        // 3 columns (0,50,100,150), 3 rows (0,20,40,60); the header row has
        // no rule between columns 1 and 2.
        let h = vec![
            e(0.0, 0.0, 150.0),
            e(20.0, 0.0, 150.0),
            e(40.0, 0.0, 150.0),
            e(60.0, 0.0, 150.0),
        ];
        let v = vec![
            e(0.0, 0.0, 60.0),
            e(50.0, 0.0, 60.0),
            e(100.0, 20.0, 60.0),
            e(150.0, 0.0, 60.0),
        ];
        let l = lattices(&Edges { h, v }, &[], &TableSettings::default());
        assert_eq!(l.len(), 1);
        let l = &l[0];
        assert_eq!((l.n_rows, l.n_cols), (3, 3));
        assert_eq!(l.rects.len(), 8);
        assert_eq!((l.rects[1].col, l.rects[1].cols), (1, 2));
    }

    #[test]
    fn open_sided_table_takes_its_edges_from_the_rules() {
        let h = vec![e(0.0, 0.0, 150.0), e(20.0, 0.0, 150.0), e(40.0, 0.0, 150.0)];
        let v = vec![e(75.0, 0.0, 40.0)];
        let l = lattices(&Edges { h, v }, &[], &TableSettings::default());
        assert_eq!((l[0].n_rows, l[0].n_cols), (2, 2));
        assert_eq!(l[0].col_edges, vec![0.0, 75.0, 150.0]);
    }

    fn word(text: &str, x0: f32, top: f32) -> Word {
        Word {
            text: text.into(),
            x0,
            top,
            x1: x0 + 5.0 * text.len() as f32,
            bottom: top + 10.0,
            font_size: 10.0,
            font: "F".into(),
            dir: 0,
        }
    }

    /// Two columns, one ruled row from 0 to 100.
    fn one_row() -> Lattice {
        let h = vec![e(0.0, 0.0, 200.0), e(100.0, 0.0, 200.0)];
        let v = vec![
            e(0.0, 0.0, 100.0),
            e(100.0, 0.0, 100.0),
            e(200.0, 0.0, 100.0),
        ];
        lattices(&Edges { h, v }, &[], &TableSettings::default()).remove(0)
    }

    #[test]
    fn rows_drawn_without_rules_are_split_by_line() {
        let mut l = one_row();
        let mut words = vec![word("Force", 5.0, 5.0), word("Stops", 105.0, 5.0)];
        for (i, (f, n)) in [("Kent", "113"), ("Essex", "1,209"), ("Surrey", "57")]
            .iter()
            .enumerate()
        {
            let y = 20.0 + 14.0 * i as f32;
            words.push(word(f, 5.0, y));
            words.push(word(n, 105.0, y));
        }
        split_unruled_rows(&mut l, &words, &TableSettings::default());
        assert_eq!(l.n_rows, 4);
        assert_eq!(l.rects.len(), 8);
    }

    #[test]
    fn a_wrapped_header_stays_one_row() {
        let mut l = one_row();
        let words = vec![
            word("Number", 5.0, 5.0),
            word("Population", 105.0, 5.0),
            word("of", 5.0, 19.0),
            word("1995", 105.0, 19.0),
            word("outlets", 5.0, 33.0),
            word("(mn)", 105.0, 33.0),
        ];
        split_unruled_rows(&mut l, &words, &TableSettings::default());
        assert_eq!(l.n_rows, 1);
    }
}
