//! Tables striped by shading only: Word's "Light Shading" styles, zebra
//! HTML tables. No rule runs between rows or columns; every other row is
//! painted as filled rectangles, so each shaded row becomes a one-row grid
//! of its own from its fills' sides ([`super::edges`]) and the unshaded rows
//! between drop out of the table.
//!
//! Here ruled grids that are shaded bands (almost wholly painted by fills
//! without an outline) with the same columns, stacked with unshaded gaps
//! no taller than a few of their rows, are joined into one grid: each gap
//! becomes a row. A gap whose text keeps to no column (a sentence running
//! over a column edge, or past the table's sides) ends the table: two
//! tables stacked with a sentence between them stay two. The unshaded rows that open or close the table join too:
//! up to a full-width rule over or under the bands (Word draws one over
//! and under the header and under the last row), else the text lines next
//! to the bands that line up with their columns (a plain header and first
//! row above the first band, the row after the last band; [`ends`]). A
//! shaded header is a band like the others and stays the table's first
//! row; a lone shaded header (no other band, no rules) takes the rows under
//! it that keep to its columns.

mod ends;

use super::edges::{connected, Edge, Edges};
use super::fill::CellRect;
use super::grid::{centre, BBox};
use super::lattice::Lattice;
use super::settings::TableSettings;
use crate::doc::{Rect, Word};
use ends::Ends;

/// A band is painted by at most this many fills (one per cell of a row or
/// a few rows); more is a drawing, and would cost too much to measure.
const MAX_BAND_FILLS: usize = 100;

/// Pages painted with more fills than this are drawings: no band is looked
/// for (each grid would be measured against every fill).
const MAX_PAGE_FILLS: usize = 20_000;

/// Rows alternate, so at most one unshaded row follows the last band, and
/// at most two precede the first (a plain header and a plain first row).
const MAX_ROWS_BELOW: usize = 1;
const MAX_ROWS_ABOVE: usize = 2;

/// A lone band of at most this many rows is a shaded header (a group
/// heading over column headings at most) over rows drawn without rules or
/// shading: it takes every row under it that keeps to its columns, up to
/// [`MAX_LONE_BAND_ROWS`]. A taller one is a shaded table of its own.
const MAX_HEADER_BAND_ROWS: usize = 2;
const MAX_LONE_BAND_ROWS: usize = 1_000;

/// Join stacked shaded bands of the same columns, with the unshaded rows
/// between and around them, into one grid each. `words` are the words free
/// for tables. Other grids are returned as they are, all top to bottom.
pub fn join_stripes(
    lattices: Vec<Lattice>,
    rects: &[Rect],
    edges: &Edges,
    words: &[&Word],
    s: &TableSettings,
) -> Vec<Lattice> {
    if !s.join_stripes || lattices.is_empty() || rects.len() > MAX_PAGE_FILLS {
        return lattices;
    }
    let band: Vec<bool> = lattices
        .iter()
        .map(|l| fill_cover(&l.bbox, rects) >= s.stripe_fill_cover_ratio)
        .collect();
    let mut chains: Vec<Vec<usize>> = Vec::new();
    for i in (0..lattices.len()).filter(|&i| band[i]) {
        let joins = chains.last().is_some_and(|chain| {
            let reference = widest(chain, &lattices);
            chain
                .last()
                .is_some_and(|&last| joinable(&lattices, last, i, reference, words, s))
        });
        match chains.last_mut() {
            Some(chain) if joins => chain.push(i),
            _ => chains.push(vec![i]),
        }
    }
    let mut taken = vec![false; lattices.len()];
    let mut out = Vec::new();
    let lone = lone_rules(edges, s);
    for chain in &chains {
        if let Some(l) = merge(chain, &lattices, &lone, words, s) {
            for &i in chain {
                taken[i] = true;
            }
            out.push(l);
        }
    }
    out.extend(
        lattices
            .into_iter()
            .zip(taken)
            .filter(|(_, t)| !t)
            .map(|(l, _)| l),
    );
    out.sort_by(|a, b| a.bbox.top.total_cmp(&b.bbox.top));
    out
}

/// Fraction of `b` painted by filled rectangles without an outline.
fn fill_cover(b: &BBox, rects: &[Rect]) -> f32 {
    let area = (b.x1 - b.x0) * (b.bottom - b.top);
    if !area.is_finite() || area <= 0.0 {
        return 0.0;
    }
    let clipped: Vec<BBox> = rects
        .iter()
        .filter(|r| r.filled && !r.stroked)
        .filter(|r| [r.x0, r.top, r.x1, r.bottom].iter().all(|v| v.is_finite()))
        .map(|r| BBox {
            x0: r.x0.min(r.x1).max(b.x0),
            top: r.top.min(r.bottom).max(b.top),
            x1: r.x0.max(r.x1).min(b.x1),
            bottom: r.top.max(r.bottom).min(b.bottom),
        })
        .filter(|c| c.x1 > c.x0 && c.bottom > c.top)
        .collect();
    if clipped.is_empty() || clipped.len() > MAX_BAND_FILLS {
        return 0.0;
    }
    // The union's area strip by strip between the fills' sides (fills may
    // overlap: a line's background inside its cell's).
    let mut xs: Vec<f32> = clipped.iter().flat_map(|c| [c.x0, c.x1]).collect();
    xs.sort_by(f32::total_cmp);
    xs.dedup();
    let mut painted = 0.0;
    for x in xs.windows(2) {
        let mid = (x[0] + x[1]) / 2.0;
        let mut spans: Vec<(f32, f32)> = clipped
            .iter()
            .filter(|c| c.x0 <= mid && c.x1 >= mid)
            .map(|c| (c.top, c.bottom))
            .collect();
        spans.sort_by(|a, b| a.0.total_cmp(&b.0));
        let mut covered = 0.0;
        let mut reach = f32::MIN;
        for (top, bottom) in spans {
            let from = top.max(reach);
            if bottom > from {
                covered += bottom - from;
            }
            reach = reach.max(bottom);
        }
        painted += covered * (x[1] - x[0]);
    }
    painted / area
}

/// The column edges of the chain's band with the most columns.
fn widest<'a>(chain: &[usize], lattices: &'a [Lattice]) -> &'a [f32] {
    chain
        .iter()
        .filter_map(|&i| lattices.get(i))
        .max_by_key(|l| l.n_cols)
        .map_or(&[], |l| l.col_edges.as_slice())
}

/// Every edge of `a` is one of `b`'s, or every edge of `b` one of `a`'s,
/// and both start and end together (a header band may span columns).
fn same_columns(a: &[f32], b: &[f32], tol: f32) -> bool {
    let within = |small: &[f32], big: &[f32]| {
        small
            .iter()
            .all(|x| big.iter().any(|y| (x - y).abs() <= tol))
    };
    let ends = |v: &[f32]| v.first().copied().zip(v.last().copied());
    match (ends(a), ends(b)) {
        (Some((a0, a1)), Some((b0, b1))) => {
            (a0 - b0).abs() <= tol && (a1 - b1).abs() <= tol && (within(a, b) || within(b, a))
        }
        _ => false,
    }
}

fn row_height(l: &Lattice) -> f32 {
    (l.bbox.bottom - l.bbox.top) / l.n_rows.max(1) as f32
}

/// May band `b` continue the chain ending in band `a`: same columns, and
/// the gap between them empty or one row of the table's shape?
fn joinable(
    lattices: &[Lattice],
    a: usize,
    b: usize,
    reference: &[f32],
    words: &[&Word],
    s: &TableSettings,
) -> bool {
    let (Some(la), Some(lb)) = (lattices.get(a), lattices.get(b)) else {
        return false;
    };
    let tol = s.snap_tolerance;
    if !same_columns(reference, &lb.col_edges, tol) {
        return false;
    }
    let gap = lb.bbox.top - la.bbox.bottom;
    if gap < -tol || gap > s.stripe_max_gap_ratio * row_height(la).max(row_height(lb)) {
        return false;
    }
    let region = BBox {
        x0: la.bbox.x0,
        top: la.bbox.bottom,
        x1: la.bbox.x1,
        bottom: lb.bbox.top,
    };
    // Another grid in the gap is another table.
    let crossed = lattices.iter().enumerate().any(|(k, l)| {
        k != a
            && k != b
            && l.bbox.top < region.bottom
            && l.bbox.bottom > region.top
            && l.bbox.x0 < region.x1
            && l.bbox.x1 > region.x0
    });
    if crossed {
        return false;
    }
    let inside = words_between(words, &region, tol);
    match inside {
        None => false,
        Some(ws) if ws.is_empty() => true,
        // Text across the whole table (a paragraph between two tables) is
        // no row of it, nor is a line that runs over a column edge: a
        // sentence between two tables keeps to no column (as at the ends).
        Some(ws) => columns_filled(&ws, reference) >= 2 && !flows_over_columns(&ws, reference, s),
    }
}

/// The words whose centre lies between `region`'s top and bottom and that
/// overlap it across, or `None` when one of them runs out of its sides
/// (a paragraph wider than the table).
fn words_between<'a>(words: &[&'a Word], region: &BBox, tol: f32) -> Option<Vec<&'a Word>> {
    let mut out = Vec::new();
    for &w in words {
        let (_, y) = centre(w);
        if y <= region.top || y >= region.bottom || w.x1 <= region.x0 || w.x0 >= region.x1 {
            continue;
        }
        if w.x0 < region.x0 - tol || w.x1 > region.x1 + tol {
            return None;
        }
        out.push(w);
    }
    Some(out)
}

/// How many of the columns between `edges` hold a word's centre.
fn columns_filled(words: &[&Word], edges: &[f32]) -> usize {
    edges
        .windows(2)
        .filter(|c| {
            words.iter().any(|w| {
                let (x, _) = centre(w);
                x >= c[0] && x < c[1]
            })
        })
        .count()
}

/// Does a word run over an inner column edge?
fn straddles(words: &[&Word], edges: &[f32]) -> bool {
    let inner = edges.get(1..edges.len().saturating_sub(1)).unwrap_or(&[]);
    inner.iter().any(|&x| runs_over(words, x))
}

/// Does text flow over an inner column edge: a word running over it, or
/// two words of one line either side of it no further apart than a word
/// space (`stripe_word_gap_em`)? A row's cells stand their padding apart.
fn flows_over_columns(words: &[&Word], edges: &[f32], s: &TableSettings) -> bool {
    let inner = edges.get(1..edges.len().saturating_sub(1)).unwrap_or(&[]);
    straddles(words, edges)
        || words.iter().any(|a| {
            // The next word to the right on the same line.
            let next = words
                .iter()
                .filter(|b| {
                    let (_, ya) = centre(a);
                    let (_, yb) = centre(b);
                    (ya - yb).abs() <= (a.bottom - a.top).min(b.bottom - b.top) / 2.0
                        && b.x0 >= a.x1 - 1.0
                        && !std::ptr::eq(*a, **b)
                })
                .min_by(|b, c| b.x0.total_cmp(&c.x0));
            next.is_some_and(|b| {
                let space = s.stripe_word_gap_em * a.font_size.min(b.font_size);
                b.x0 - a.x1 <= space && inner.iter().any(|&x| a.x1 <= x + 1.0 && b.x0 >= x - 1.0)
            })
        })
}

/// Does a word run over the edge at `x`?
fn runs_over(words: &[&Word], x: f32) -> bool {
    words.iter().any(|w| w.x0 < x - 1.0 && w.x1 > x + 1.0)
}

/// Horizontal rules that meet no vertical rule.
fn lone_rules(edges: &Edges, s: &TableSettings) -> Vec<Edge> {
    connected(edges, s.intersection_tolerance)
        .into_iter()
        .filter(|(_, v)| v.is_empty())
        .flat_map(|(h, _)| h)
        .filter_map(|i| edges.h.get(i).copied())
        .collect()
}

/// A row of the joined grid: a band's rows, or one unshaded row.
enum Row {
    Band(usize),
    Plain { top: f32, bottom: f32 },
}

/// The chain's bands joined with the unshaded rows between and around
/// them, or `None` for a lone band that no row joins.
fn merge(
    chain: &[usize],
    lattices: &[Lattice],
    lone: &[Edge],
    words: &[&Word],
    s: &TableSettings,
) -> Option<Lattice> {
    let edges = widest(chain, lattices).to_vec();
    let bands: Vec<&Lattice> = chain.iter().filter_map(|&i| lattices.get(i)).collect();
    let (&first, &last) = (bands.first()?, bands.last()?);
    let tol = s.snap_tolerance;
    let mut rows = vec![Row::Band(*chain.first()?)];
    let mut gaps = Vec::new();
    for pair in chain.windows(2) {
        let (Some(a), Some(b)) = (lattices.get(pair[0]), lattices.get(pair[1])) else {
            continue;
        };
        if b.bbox.top - a.bbox.bottom > tol {
            gaps.push(b.bbox.top - a.bbox.bottom);
            rows.push(Row::Plain {
                top: a.bbox.bottom,
                bottom: b.bbox.top,
            });
        }
        rows.push(Row::Band(pair[1]));
    }
    // How tall an unshaded row may be: as the tallest between bands, or as
    // a band's row when the bands touch.
    let band_row = bands.iter().map(|l| row_height(l)).fold(0.0, f32::max);
    let plain_row = gaps.iter().copied().fold(0.0, f32::max);
    let reach = if plain_row > 0.0 { plain_row } else { band_row };
    let others: Vec<BBox> = lattices
        .iter()
        .enumerate()
        .filter(|(i, _)| !chain.contains(i))
        .map(|(_, l)| l.bbox)
        .collect();
    let (max_above, max_below) = if chain.len() >= 2 {
        (MAX_ROWS_ABOVE, MAX_ROWS_BELOW)
    } else if first.n_rows <= MAX_HEADER_BAND_ROWS {
        (0, MAX_LONE_BAND_ROWS)
    } else {
        return None;
    };
    let ctx = Ends {
        edges: &edges,
        x0: first.bbox.x0,
        x1: first.bbox.x1,
        reach,
        limit: s.stripe_max_gap_ratio * band_row,
        max_above,
        max_below,
        lone,
        others: &others,
        words,
        s,
    };
    let above = ctx.rows(first.bbox.top, true);
    let below = ctx.rows(last.bbox.bottom, false);
    if chain.len() < 2 && above.is_empty() && below.is_empty() {
        return None;
    }
    let mut all: Vec<Row> = above
        .into_iter()
        .rev()
        .map(|(top, bottom)| Row::Plain { top, bottom })
        .collect();
    all.extend(rows);
    all.extend(
        below
            .into_iter()
            .map(|(top, bottom)| Row::Plain { top, bottom }),
    );
    Some(build(&all, lattices, &edges, words))
}

/// The joined grid: band cells mapped onto the widest band's columns,
/// unshaded rows cut at every column edge no word runs over.
fn build(rows: &[Row], lattices: &[Lattice], edges: &[f32], words: &[&Word]) -> Lattice {
    let col_of = |x: f32| {
        edges
            .iter()
            .enumerate()
            .min_by(|a, b| (a.1 - x).abs().total_cmp(&(b.1 - x).abs()))
            .map_or(0, |(i, _)| i)
    };
    let n_cols = edges.len().saturating_sub(1);
    let (Some(&left), Some(&right)) = (edges.first(), edges.last()) else {
        return Lattice {
            rects: Vec::new(),
            n_rows: 0,
            n_cols: 0,
            col_edges: Vec::new(),
            bbox: BBox::default(),
        };
    };
    let mut rects = Vec::new();
    let mut r0 = 0;
    let mut bbox: Option<BBox> = None;
    for row in rows {
        match *row {
            Row::Band(i) => {
                let Some(l) = lattices.get(i) else { continue };
                for rc in &l.rects {
                    let col = col_of(rc.bbox.x0).min(n_cols.saturating_sub(1));
                    let end = col_of(rc.bbox.x1).max(col + 1);
                    rects.push(CellRect {
                        row: r0 + rc.row,
                        col,
                        cols: end - col,
                        ..*rc
                    });
                }
                r0 += l.n_rows;
                bbox = Some(bbox.map_or(l.bbox, |b| b.union(l.bbox)));
            }
            Row::Plain { top, bottom } => {
                let in_row: Vec<&Word> = words
                    .iter()
                    .copied()
                    .filter(|w| {
                        let (x, y) = centre(w);
                        y > top && y < bottom && x > left && x < right
                    })
                    .collect();
                let mut c = 0;
                while c < n_cols {
                    let mut end = c + 1;
                    while end < n_cols && runs_over(&in_row, edges[end]) {
                        end += 1;
                    }
                    rects.push(CellRect {
                        row: r0,
                        col: c,
                        rows: 1,
                        cols: end - c,
                        bbox: BBox {
                            x0: edges[c],
                            top,
                            x1: edges[end],
                            bottom,
                        },
                    });
                    c = end;
                }
                r0 += 1;
                let b = BBox {
                    x0: left,
                    top,
                    x1: right,
                    bottom,
                };
                bbox = Some(bbox.map_or(b, |o| o.union(b)));
            }
        }
    }
    rects.sort_by_key(|r| (r.row, r.col));
    Lattice {
        rects,
        n_rows: r0,
        n_cols,
        col_edges: edges.to_vec(),
        bbox: bbox.unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests;
