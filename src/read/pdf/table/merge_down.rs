//! Labels merged down the first columns of a table drawn with horizontal
//! rules only (Word's vertical merge, "Violence against the person" over
//! four offence rows): the rules between the merged rows start right of the
//! merged columns, so an empty cell with no rule above it continues the
//! cell above instead of standing empty. Row-group headings (a bold label
//! alone in its row) span the row.

use super::edges::Edge;
use super::grid::{centre, BBox, Grid, GridCell};
use super::settings::TableSettings;
use crate::doc::Word;

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

/// Row-group headings of a table drawn with horizontal rules only: a row
/// whose only text is a bold label in the first column, in a body whose
/// other rows fill several cells under labels not set bold, spans the row.
pub fn span_group_headings(g: &mut Grid, words: &[&Word]) {
    if g.n_cols < 2 {
        return;
    }
    let body = g.header_rows..g.n_rows;
    let lone_label = |r: usize| -> bool {
        let in_row: Vec<&GridCell> = g.cells.iter().filter(|c| c.row == r).collect();
        in_row.iter().all(|c| c.rows == 1)
            && in_row
                .iter()
                .all(|c| (c.col == 0 && c.cols == 1 && !c.text.is_empty()) || c.text.is_empty())
            && in_row.iter().any(|c| c.col == 0 && !c.text.is_empty())
    };
    let label_bold = |r: usize| -> Option<bool> {
        let label = g.cells.iter().find(|c| c.row == r && c.col == 0)?;
        let inside: Vec<&&Word> = words
            .iter()
            .filter(|w| {
                let (x, y) = centre(w);
                label.bbox.contains_point(x, y)
            })
            .collect();
        (!inside.is_empty()).then(|| inside.iter().all(|w| is_bold(&w.font)))
    };
    let headings: Vec<usize> = body
        .clone()
        .filter(|&r| lone_label(r) && label_bold(r) == Some(true))
        .collect();
    let plain_rows = body
        .filter(|r| !headings.contains(r))
        .filter(|&r| {
            g.cells
                .iter()
                .filter(|c| c.row == r && !c.text.is_empty())
                .count()
                >= 2
                && label_bold(r) == Some(false)
        })
        .count();
    if headings.is_empty() || plain_rows < 2 {
        return;
    }
    let n_cols = g.n_cols;
    g.cells
        .retain(|c| !(headings.contains(&c.row) && c.col > 0 && c.text.is_empty()));
    for c in g.cells.iter_mut() {
        if headings.contains(&c.row) && c.col == 0 {
            c.cols = n_cols;
        }
    }
}

/// A font name that says bold (`LiberationSans-Bold`, `Arial,Bold`,
/// `Helvetica-Black`, `SegoeUI-Semibold`).
fn is_bold(font: &str) -> bool {
    let f = font.to_ascii_lowercase();
    ["bold", "black", "heavy", "semibold", "demi"]
        .iter()
        .any(|k| f.contains(k))
}

#[cfg(test)]
mod tests {
    use super::*;

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

    fn word(text: &str, x0: f32, top: f32, font: &str) -> Word {
        Word {
            text: text.to_string(),
            x0,
            top,
            x1: x0 + 30.0,
            bottom: top + 10.0,
            font_size: 10.0,
            font: font.to_string(),
            ..Default::default()
        }
    }

    /// Header, a bold lone label, two plain rows of figures.
    fn grouped() -> (Grid, Vec<Word>) {
        let g = Grid {
            n_rows: 4,
            n_cols: 2,
            col_edges: vec![0.0, 90.0, 200.0],
            cells: vec![
                cell(0, 0, "Measure", 0.0, 0.0),
                cell(0, 1, "2023", 0.0, 100.0),
                cell(1, 0, "Arrests", 20.0, 0.0),
                cell(1, 1, "", 20.0, 100.0),
                cell(2, 0, "All", 40.0, 0.0),
                cell(2, 1, "12", 40.0, 100.0),
                cell(3, 0, "Drugs", 60.0, 0.0),
                cell(3, 1, "7", 60.0, 100.0),
            ],
            header_rows: 1,
            ..Default::default()
        };
        let words = vec![
            word("Arrests", 0.0, 20.0, "AAAAAA+Arial-BoldMT"),
            word("All", 0.0, 40.0, "ArialMT"),
            word("12", 100.0, 40.0, "ArialMT"),
            word("Drugs", 0.0, 60.0, "ArialMT"),
            word("7", 100.0, 60.0, "ArialMT"),
        ];
        (g, words)
    }

    #[test]
    fn a_bold_lone_label_spans_its_row() {
        let (mut g, words) = grouped();
        let refs: Vec<&Word> = words.iter().collect();
        span_group_headings(&mut g, &refs);
        let label = g.cells.iter().find(|c| c.text == "Arrests").unwrap();
        assert_eq!((label.row, label.cols), (1, 2));
        assert_eq!(g.cells.len(), 7);
        assert_eq!(g.row_texts(1), vec!["Arrests", "Arrests"]);
    }

    #[test]
    fn a_plain_lone_label_keeps_its_columns() {
        let (mut g, mut words) = grouped();
        words[0].font = "ArialMT".to_string();
        let refs: Vec<&Word> = words.iter().collect();
        span_group_headings(&mut g, &refs);
        assert_eq!(g.cells.len(), 8);
        assert_eq!(g.row_texts(1), vec!["Arrests", ""]);
    }
}
