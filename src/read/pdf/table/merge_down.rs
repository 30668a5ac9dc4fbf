//! Labels merged down the first columns of a table drawn with horizontal
//! rules only (Word's vertical merge, "Violence against the person" over
//! four offence rows): the rules between the merged rows start right of the
//! merged columns, so an empty cell with no rule above it continues the
//! cell above instead of standing empty.

use super::edges::Edge;
use super::grid::{BBox, Grid};
use super::settings::TableSettings;

/// Extend cells down over the empty cells below them where the rule
/// between the two rows stops short of their column.
pub fn merge_down_unruled(g: &mut Grid, h: &[Edge], region: &BBox, s: &TableSettings) {
    let tol = s.snap_tolerance;
    if g.n_cols < 2 {
        return;
    }
    // Horizontal rules inside the region, as x ranges at a y.
    let rules: Vec<&Edge> = h
        .iter()
        .filter(|e| {
            e.pos > region.top + tol
                && e.pos < region.bottom - tol
                && e.hi > region.x0
                && e.lo < region.x1
        })
        .collect();
    // Right end of each column's text: a rule starting right of it leaves
    // the column open.
    let col_right: Vec<f32> = (0..g.n_cols)
        .map(|c| {
            g.cells
                .iter()
                .filter(|x| x.col == c && x.cols == 1 && !x.text.is_empty())
                .map(|x| x.bbox.x1)
                .fold(f32::MIN, f32::max)
        })
        .collect();
    // Top down, so a label merges over several rows in turn.
    for r in g.header_rows.max(1)..g.n_rows {
        let Some((above, below)) = gap_between(g, r) else {
            continue;
        };
        let at_gap: Vec<&&Edge> = rules
            .iter()
            .filter(|e| e.pos >= above - tol && e.pos <= below + tol)
            .collect();
        // Only a rule that starts inside the table (partial) says which
        // columns it leaves open; no rule at all says nothing.
        let Some(start) = at_gap.iter().map(|e| e.lo).reduce(f32::min) else {
            continue;
        };
        if start <= region.x0 + tol {
            continue;
        }
        for (c, right) in col_right.iter().enumerate() {
            if *right > start + tol {
                break;
            }
            merge_into_above(g, r, c);
        }
    }
}

/// The y gap between row `r - 1`'s words and row `r`'s words, measured in
/// the columns filled in both rows (a label merged down may run on into the
/// row below).
fn gap_between(g: &Grid, r: usize) -> Option<(f32, f32)> {
    let one_row = |row: usize, col: usize| {
        g.cells
            .iter()
            .find(|c| c.row == row && c.col == col && c.rows == 1 && !c.text.is_empty())
    };
    let pairs: Vec<_> = (0..g.n_cols)
        .filter_map(|c| Some((one_row(r - 1, c)?, one_row(r, c)?)))
        .collect();
    let above = pairs.iter().map(|p| p.0.bbox.bottom).reduce(f32::max)?;
    let below = pairs.iter().map(|p| p.1.bbox.top).reduce(f32::min)?;
    (below > above).then_some((above, below))
}

/// Join the empty one-row cell at (`r`, `c`) to the filled cell ending just
/// above it in the same column.
fn merge_into_above(g: &mut Grid, r: usize, c: usize) {
    let Some(empty) = g
        .cells
        .iter()
        .position(|x| x.row == r && x.col == c && x.rows == 1 && x.cols == 1)
    else {
        return;
    };
    if !g.cells[empty].text.is_empty() {
        return;
    }
    let Some(upper) = g
        .cells
        .iter()
        .position(|x| x.col == c && x.cols == 1 && x.row + x.rows == r && !x.text.is_empty())
    else {
        return;
    };
    g.cells[upper].rows += 1;
    g.cells.remove(empty);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::pdf::table::grid::GridCell;

    fn cell(row: usize, col: usize, text: &str, top: f32, x0: f32) -> GridCell {
        GridCell {
            row,
            col,
            rows: 1,
            cols: 1,
            text: text.to_string(),
            bbox: BBox {
                x0,
                top,
                x1: x0 + 40.0,
                bottom: top + 10.0,
            },
            ..Default::default()
        }
    }

    /// Rows at y 0, 20, 40; columns at x 0 and 100. The rule under row 1
    /// starts at x 90 (leaving the label column open), the one under row 0
    /// runs the full width.
    fn grid() -> Grid {
        Grid {
            n_rows: 3,
            n_cols: 2,
            col_edges: vec![0.0, 90.0, 200.0],
            cells: vec![
                cell(0, 0, "Category", 0.0, 0.0),
                cell(0, 1, "Offence", 0.0, 100.0),
                cell(1, 0, "Theft", 20.0, 0.0),
                cell(1, 1, "Burglary", 20.0, 100.0),
                cell(2, 0, "", 40.0, 0.0),
                cell(2, 1, "Shoplifting", 40.0, 100.0),
            ],
            header_rows: 1,
            ..Default::default()
        }
    }

    fn region() -> BBox {
        BBox {
            x0: 0.0,
            top: -5.0,
            x1: 200.0,
            bottom: 55.0,
        }
    }

    #[test]
    fn a_rule_stopping_short_of_the_label_column_merges_it_down() {
        let mut g = grid();
        let h = [
            Edge {
                pos: 15.0,
                lo: 0.0,
                hi: 200.0,
            },
            Edge {
                pos: 35.0,
                lo: 90.0,
                hi: 200.0,
            },
        ];
        merge_down_unruled(&mut g, &h, &region(), &TableSettings::default());
        assert_eq!(g.cells.len(), 5);
        assert_eq!(g.row_texts(2), vec!["Theft", "Shoplifting"]);
        let label = g.cells.iter().find(|c| c.text == "Theft").unwrap();
        assert_eq!((label.row, label.rows), (1, 2));
    }

    #[test]
    fn a_full_width_rule_or_none_keeps_the_empty_cell() {
        for h in [
            vec![Edge {
                pos: 35.0,
                lo: 0.0,
                hi: 200.0,
            }],
            vec![],
        ] {
            let mut g = grid();
            merge_down_unruled(&mut g, &h, &region(), &TableSettings::default());
            assert_eq!(g.cells.len(), 6);
            assert_eq!(g.row_texts(2), vec!["", "Shoplifting"]);
        }
    }
}
