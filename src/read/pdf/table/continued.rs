//! Tables continued over a page break: the last table of a page and the
//! first table of the next page are one logical table when nothing but a
//! running footer or header stands between them and their columns match.
//! A header repeated on the new page is dropped; the words of a wrapped
//! cell that the break cut off join their row; every cell keeps the page
//! it stands on.

use super::grid::{BBox, Grid};
use super::settings::TableSettings;
use crate::doc::Page;

/// A table found on a page, with the page boxes of all its parts (several
/// when it was joined with its continuation).
#[derive(Debug, Clone)]
pub struct Found {
    pub grid: Grid,
    /// (page, box) of each part.
    pub parts: Vec<(u32, BBox)>,
}

/// Number of text lines of `page` wholly below `y` (`below`) or above it.
fn lines_beyond(page: &Page, y: f32, below: bool) -> usize {
    page.lines
        .iter()
        .filter(|l| if below { l.top > y } else { l.bottom < y })
        .count()
}

pub(super) fn columns_match(a: &Grid, b: &Grid, s: &TableSettings) -> bool {
    if a.n_cols != b.n_cols || a.n_cols < 2 || a.col_edges.len() != b.col_edges.len() {
        return false;
    }
    if a.method == "lattice" && b.method == "lattice" {
        return a
            .col_edges
            .iter()
            .zip(&b.col_edges)
            .all(|(x, y)| (x - y).abs() <= s.continuation_col_tolerance);
    }
    // Stream columns move with their content: ask only that each column
    // overlaps its counterpart more than any other column.
    let range = |g: &Grid, k: usize| (g.col_edges[k], g.col_edges[k + 1]);
    (0..a.n_cols).all(|k| {
        let (a0, a1) = range(a, k);
        let overlap = |j: usize| {
            let (b0, b1) = range(b, j);
            (a1.min(b1) - a0.max(b0)).max(0.0)
        };
        let best = (0..b.n_cols).max_by(|&i, &j| overlap(i).total_cmp(&overlap(j)));
        best == Some(k) && overlap(k) > 0.0
    })
}

/// Join tables continued from one page to the next, in place: the joined
/// table stays on its first page's list; the continuation leaves its own.
pub fn join_continued(found: &mut [Vec<Found>], pages: &[&Page], s: &TableSettings) {
    for p in 0..found.len().saturating_sub(1) {
        let (Some(page_a), Some(page_b)) = (pages.get(p), pages.get(p + 1)) else {
            continue;
        };
        let ok = {
            let (Some(a), Some(b)) = (found[p].last(), found[p + 1].first()) else {
                continue;
            };
            let a_last = a.parts.last().map_or(a.grid.bbox, |x| x.1);
            let margin = s.continuation_margin_lines as usize;
            lines_beyond(page_a, a_last.bottom + 1.0, true) <= margin
                && lines_beyond(page_b, b.grid.bbox.top - 1.0, false) <= margin
                && columns_match(&a.grid, &b.grid, s)
        };
        if !ok {
            continue;
        }
        let mut b = found[p + 1].remove(0);
        if let Some(a) = found[p].last_mut() {
            join_broken_row(a, &mut b);
            append(a, b);
        }
        // A table joined into page p may itself continue on p+2: it now sits
        // last on page p, and the loop moves to p+1, so move it along.
        if found[p + 1].is_empty() {
            if let Some(a) = found[p].pop() {
                found[p + 1].push(a);
            }
        }
    }
}

/// How many rows open continuation `b` by repeating `a`'s header.
fn repeated_header(a: &Found, b: &Found) -> usize {
    let head = a.grid.header_rows.max(1);
    let repeated = head <= b.grid.n_rows
        && (0..head).all(|r| {
            let x: Vec<String> = a.grid.row_texts(r).iter().map(|t| norm(t)).collect();
            let y: Vec<String> = b.grid.row_texts(r).iter().map(|t| norm(t)).collect();
            x == y
        });
    if repeated {
        head
    } else {
        0
    }
}

/// A row the page break cut in two: when the continuation's first body
/// row only finishes cells of `a`'s last row (its text, in lower case,
/// stands only in columns where that row has text, and some of that row's
/// cells have none on the new page), the words run on from cells that
/// wrapped. They join those cells, and the row leaves `b`.
fn join_broken_row(a: &mut Found, b: &mut Found) {
    let r = repeated_header(a, b);
    let Some(last) = a.grid.n_rows.checked_sub(1) else {
        return;
    };
    let filled = |g: &Grid, row: usize| -> Vec<usize> {
        g.cells
            .iter()
            .filter(|c| c.row == row && !c.text.trim().is_empty())
            .map(|c| c.col)
            .collect()
    };
    let (runs, above) = (filled(&b.grid, r), filled(&a.grid, last));
    let lower = b
        .grid
        .cells
        .iter()
        .filter(|c| c.row == r)
        .all(|c| c.rows == 1 && c.text.trim().chars().next().is_none_or(char::is_lowercase));
    if runs.is_empty() || !lower || runs.len() >= above.len() {
        return;
    }
    if !runs.iter().all(|c| above.contains(c)) {
        return;
    }
    for cell in b.grid.cells.iter().filter(|c| c.row == r) {
        let text = cell.text.trim();
        if let Some(into) = a
            .grid
            .cells
            .iter_mut()
            .find(|c| c.row + c.rows == last + 1 && c.col == cell.col && !text.is_empty())
        {
            into.text = format!("{} {text}", into.text.trim_end());
        }
    }
    b.grid.cells.retain(|c| c.row != r);
    for c in &mut b.grid.cells {
        if c.row > r {
            c.row -= 1;
        }
    }
    b.grid.n_rows -= 1;
}

/// Append continuation `b` to `a`, dropping `b`'s repeated header rows.
pub(super) fn append(a: &mut Found, b: Found) {
    let skip = repeated_header(a, &b);
    let offset = a.grid.n_rows;
    for mut c in b.grid.cells {
        if c.row < skip {
            continue;
        }
        c.row = c.row - skip + offset;
        a.grid.cells.push(c);
    }
    a.grid.n_rows += b.grid.n_rows - skip;
    a.parts.extend(b.parts);
}

fn norm(t: &str) -> String {
    t.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::grid::GridCell;
    use super::*;

    fn grid(rows: &[[&str; 2]], page: u32) -> Found {
        let mut cells = Vec::new();
        for (r, row) in rows.iter().enumerate() {
            for (c, t) in row.iter().enumerate() {
                cells.push(GridCell {
                    row: r,
                    col: c,
                    rows: 1,
                    cols: 1,
                    text: t.to_string(),
                    page,
                    ..Default::default()
                });
            }
        }
        let bbox = BBox {
            x0: 50.0,
            top: 100.0,
            x1: 250.0,
            bottom: 700.0,
        };
        Found {
            grid: Grid {
                n_rows: rows.len(),
                n_cols: 2,
                col_edges: vec![50.0, 150.0, 250.0],
                cells,
                bbox,
                method: "lattice",
                page,
                header_rows: 1,
            },
            parts: vec![(page, bbox)],
        }
    }

    #[test]
    fn a_wrapped_cell_running_onto_the_next_page_joins_its_row() {
        let pages = [1, 2].map(|number| Page {
            number,
            ..Default::default()
        });
        let mut found = vec![
            vec![grid(
                &[["Reason", "Searches"], ["Details doubted and not", "412"]],
                1,
            )],
            vec![grid(
                &[
                    ["Reason", "Searches"],
                    ["confirmed at the roadside", ""],
                    ["Wanted", "98"],
                ],
                2,
            )],
        ];
        let refs: Vec<&Page> = pages.iter().collect();
        join_continued(&mut found, &refs, &TableSettings::default());
        let g = &found[1][0].grid;
        assert_eq!(g.n_rows, 3);
        assert_eq!(
            g.row_texts(1),
            vec!["Details doubted and not confirmed at the roadside", "412"]
        );
        assert_eq!(g.row_texts(2), vec!["Wanted", "98"]);
        // A row of its own (a capital, or a figure) stays a row.
        let mut found = vec![
            vec![grid(&[["Reason", "Searches"], ["Doubted", "412"]], 1)],
            vec![grid(
                &[["Reason", "Searches"], ["Wales", ""], ["Wanted", "98"]],
                2,
            )],
        ];
        join_continued(&mut found, &refs, &TableSettings::default());
        assert_eq!(found[1][0].grid.n_rows, 4);
    }

    #[test]
    fn continuation_with_repeated_header_is_joined() {
        let pages = [
            Page {
                number: 1,
                ..Default::default()
            },
            Page {
                number: 2,
                ..Default::default()
            },
        ];
        let mut found = vec![
            vec![grid(&[["Force", "Stops"], ["Kent", "1"]], 1)],
            vec![grid(&[["Force", "Stops"], ["Essex", "2"]], 2)],
        ];
        let refs: Vec<&Page> = pages.iter().collect();
        join_continued(&mut found, &refs, &TableSettings::default());
        assert!(found[0].is_empty());
        assert_eq!(found[1].len(), 1);
        let g = &found[1][0].grid;
        assert_eq!(g.n_rows, 3);
        assert_eq!(g.row_texts(2), vec!["Essex", "2"]);
        assert_eq!(g.cells.last().unwrap().page, 2);
        assert_eq!(g.page, 1);
    }
}
