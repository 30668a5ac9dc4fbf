//! Unruled spans in a ruled grid that are no spans: a row whose cells are
//! separated only by the sides of fills (Word "Plain Table 3", "Medium
//! Shading 2" and kin exported by LibreOffice shade every other row, and
//! the rows between have no fill, or one only under the label column)
//! would otherwise join its figures into one cell spanning the columns the
//! other rows rule off. Such a run is split back at the column edges when
//! its words stand clearly in two or more of the columns; a real merged
//! cell ("Outcome" over three columns, a title) keeps its span because its
//! text sits in one column or runs over a column edge.

use super::grid::centre;
use super::settings::TableSettings;
use crate::doc::Word;

/// Mark as separated (`vsep[r][c] = true`) the column edges inside runs of
/// unseparated cells whose words are laid out column by column. `xs` are
/// the grid's column edges, `ys` its row edges; `vsep[r][c]` tells whether
/// a rule stands between columns `c` and `c + 1` in row `r`.
pub fn split_column_runs(
    vsep: &mut [Vec<bool>],
    xs: &[f32],
    ys: &[f32],
    words: &[Word],
    s: &TableSettings,
) {
    if !s.split_unruled_spans {
        return;
    }
    for (r, row) in vsep.iter_mut().enumerate() {
        let (Some(&y0), Some(&y1)) = (ys.get(r), ys.get(r + 1)) else {
            continue;
        };
        let in_row: Vec<&Word> = words
            .iter()
            .filter(|w| {
                let (_, y) = centre(w);
                y > y0 && y < y1
            })
            .collect();
        let mut c = 0;
        while c < row.len() {
            if row[c] {
                c += 1;
                continue;
            }
            // A run of cells a..=b joined over the edges a+1..=b.
            let a = c;
            while c < row.len() && !row[c] {
                c += 1;
            }
            let b = c;
            if laid_out_by_column(&in_row, xs, a, b, s) {
                row[a..b].iter_mut().for_each(|sep| *sep = true);
            }
        }
    }
}

/// Whether the words of cells `a..=b` stand in two or more of these
/// columns, none running over an edge between them, and words of one line
/// in different columns at least a column gap apart.
fn laid_out_by_column(words: &[&Word], xs: &[f32], a: usize, b: usize, s: &TableSettings) -> bool {
    let (Some(&left), Some(&right)) = (xs.get(a), xs.get(b + 1)) else {
        return false;
    };
    let Some(inner) = xs.get(a + 1..=b) else {
        return false;
    };
    let mut cols: Vec<(usize, &Word)> = Vec::new();
    for w in words {
        let (x, _) = centre(w);
        if x <= left || x >= right {
            continue;
        }
        if inner.iter().any(|&e| w.x0 < e - 1.0 && w.x1 > e + 1.0) {
            return false;
        }
        let col = inner.iter().filter(|&&e| x > e).count();
        cols.push((col, w));
    }
    let mut used: Vec<usize> = cols.iter().map(|(c, _)| *c).collect();
    used.sort_unstable();
    used.dedup();
    if used.len() < 2 {
        return false;
    }
    // Neighbours on one line across an edge must be a column gap apart: a
    // heading centred over the run may happen to break between words just
    // where an edge falls.
    cols.iter().all(|(ca, wa)| {
        cols.iter().all(|(cb, wb)| {
            if cb <= ca || !same_line(wa, wb, s) {
                return true;
            }
            let em = wa.font_size.max(wb.font_size).max(1.0);
            wb.x0 - wa.x1 >= s.column_gap_em * em
        })
    })
}

fn same_line(a: &Word, b: &Word, s: &TableSettings) -> bool {
    let h = (a.bottom - a.top).min(b.bottom - b.top).max(0.1);
    a.bottom.min(b.bottom) - a.top.max(b.top) >= s.line_overlap_ratio * h
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::pdf::table::tests::word;

    fn grid_edges() -> (Vec<f32>, Vec<f32>) {
        (vec![50.0, 200.0, 300.0, 400.0, 500.0], vec![100.0, 130.0])
    }

    #[test]
    fn figures_of_a_banded_row_go_back_to_their_columns() {
        let (xs, ys) = grid_edges();
        // The label cell is ruled off; the three figures share one fill.
        let mut vsep = vec![vec![true, false, false]];
        let words = [
            word("Kent", 55.0, 110.0),
            word("12", 250.0, 110.0),
            word("7", 350.0, 110.0),
            word("0", 450.0, 110.0),
        ];
        split_column_runs(&mut vsep, &xs, &ys, &words, &TableSettings::default());
        assert_eq!(vsep, vec![vec![true, true, true]]);
    }

    #[test]
    fn a_heading_over_merged_columns_keeps_its_span() {
        let (xs, ys) = grid_edges();
        let mut vsep = vec![vec![true, false, false]];
        // One word in the middle column: a merged heading.
        let words = [word("Outcome", 310.0, 110.0)];
        split_column_runs(&mut vsep, &xs, &ys, &words, &TableSettings::default());
        assert_eq!(vsep, vec![vec![true, false, false]]);
        // Words running over an edge.
        let words = [word("Outcome of the complaints", 260.0, 110.0)];
        let mut vsep = vec![vec![true, false, false]];
        split_column_runs(&mut vsep, &xs, &ys, &words, &TableSettings::default());
        assert_eq!(vsep, vec![vec![true, false, false]]);
    }

    #[test]
    fn words_a_space_apart_across_an_edge_keep_the_span() {
        let (xs, ys) = grid_edges();
        let mut vsep = vec![vec![true, false, false]];
        let mut left = word("Number", 250.0, 110.0);
        left.x1 = 298.0;
        let right = word("of", 301.0, 110.0);
        split_column_runs(
            &mut vsep,
            &xs,
            &ys,
            &[left, right],
            &TableSettings::default(),
        );
        assert_eq!(vsep, vec![vec![true, false, false]]);
    }

    #[test]
    fn switched_off_it_leaves_the_grid_alone() {
        let (xs, ys) = grid_edges();
        let mut vsep = vec![vec![true, false, false]];
        let words = [word("12", 250.0, 110.0), word("7", 350.0, 110.0)];
        let s = TableSettings {
            split_unruled_spans: false,
            ..TableSettings::default()
        };
        split_column_runs(&mut vsep, &xs, &ys, &words, &s);
        assert_eq!(vsep, vec![vec![true, false, false]]);
    }
}
