//! Cells wrapped over several lines in tables without row lines: a line
//! with text only under text (no figure) that is set closer under the
//! line above than the table's rows are set apart is the rest of the cells
//! above ("West" / "Yorkshire", "Avon and" / "Somerset" / "Constabulary"),
//! not a row of its own. How far apart rows are set is measured on the
//! table itself (the median gap above lines holding a figure, which always
//! start a row), so a row whose figures are blank ("Kent" and empty cells),
//! set a full row apart, stays a row, and a table whose rows are set as
//! close as its wrapped lines keeps them as rows.

use super::grid::median;
use super::settings::TableSettings;
use super::stream::{is_numberish, Line, RowCells};
use crate::doc::Word;

/// How many of the run's lines to keep at least: all up to the last
/// single-chunk line that continues, line by line, the first cell of the
/// last multi-chunk line (set tight under it, under that cell, no figure).
pub(super) fn trailing_wraps(lines: &[Line], run: &[usize], s: &TableSettings) -> usize {
    let Some(last_multi) = run.iter().rposition(|&i| lines[i].chunks.len() >= 2) else {
        return 0;
    };
    let members: Vec<&Line> = run.iter().map(|&i| &lines[i]).collect();
    let Some(gap) = usual_row_gap(&members) else {
        return last_multi + 1;
    };
    let multi = &lines[run[last_multi]];
    let first_cell_end = multi
        .chunks
        .get(1)
        .and_then(|c| c.first())
        .map_or(f32::MAX, |w| w.x0);
    let mut kept = last_multi + 1;
    for pair in run[last_multi..].windows(2) {
        let (above, line) = (&lines[pair[0]], &lines[pair[1]]);
        let figures = line.chunks.iter().any(|c| is_numberish(c));
        if figures || line.x1() >= first_cell_end || !is_tight(above, line, gap, s) {
            break;
        }
        kept += 1;
    }
    kept
}

/// The usual gap between rows: the median gap above lines that hold a
/// figure (such a line starts a row). `None` when no line holds one.
pub(super) fn usual_row_gap(lines: &[&Line]) -> Option<f32> {
    let gaps: Vec<f32> = lines
        .windows(2)
        .filter(|pair| pair[1].chunks.iter().any(|c| is_numberish(c)))
        .map(|pair| pair[1].top - pair[0].bottom)
        .collect();
    (!gaps.is_empty()).then(|| median(gaps))
}

/// Is `line` set closer under `above` than rows are set apart (by at least
/// `wrap_gap_em`)?
pub(super) fn is_tight(above: &Line, line: &Line, row_gap: f32, s: &TableSettings) -> bool {
    let gap = line.top - above.bottom;
    row_gap - gap >= s.wrap_gap_em * above.size.max(line.size)
}

/// Is row `b` the wrapped continuation of row `a`? `tight`: `b`'s line is
/// set closer under the line above than rows are set apart.
pub(super) fn continues(a: &RowCells, b: &RowCells, tight: bool) -> bool {
    let filled: Vec<usize> = (0..b.len()).filter(|&k| b[k].is_some()).collect();
    let figure =
        |cell: &Option<(usize, Vec<&Word>)>| cell.as_ref().is_some_and(|c| is_numberish(&c.1));
    if filled.is_empty() || filled.iter().any(|&k| figure(&b[k])) {
        return false;
    }
    // Set tight under the row, text only under text: the rest of wrapped
    // cells ("West" / "Yorkshire"), whatever case it starts in. A row of
    // its own with empty figures is set a full row apart.
    if tight
        && filled
            .iter()
            .all(|&k| a.get(k).is_some_and(|c| c.is_some() && !figure(c)))
    {
        return true;
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

#[cfg(test)]
mod tests {
    use super::super::tests::{right_set as r, stream_grids as tables, word as w};

    #[test]
    fn a_wrapped_name_set_tight_joins_its_row_and_a_row_of_blanks_stays() {
        let mut words = vec![
            w("Force", 50.0, 100.0),
            w("Stops", 150.0, 100.0),
            w("Arrests", 250.0, 100.0),
        ];
        let mut y = 120.0;
        for (name, wrap, a, b) in [
            ("West", Some("Yorkshire"), "1,819", "48"),
            ("Kent", None, "", ""),
            ("Avon", Some("& Somerset"), "613", "27"),
            ("Gwent", None, "554", "5"),
            ("Total", None, "2,986", "80"),
        ] {
            words.push(w(name, 50.0, y));
            if !a.is_empty() {
                words.push(r(a, 200.0, y));
                words.push(r(b, 300.0, y));
            }
            if let Some(rest) = wrap {
                y += 11.0;
                words.push(w(rest, 50.0, y));
            }
            y += 20.0;
        }
        let t = tables(&words);
        assert_eq!(t.len(), 1);
        let g = &t[0];
        assert_eq!((g.n_rows, g.n_cols), (6, 3));
        assert_eq!(g.row_texts(1), vec!["West Yorkshire", "1,819", "48"]);
        assert_eq!(g.row_texts(2), vec!["Kent", "", ""]);
        assert_eq!(g.row_texts(3), vec!["Avon & Somerset", "613", "27"]);
        assert_eq!(g.row_texts(5), vec!["Total", "2,986", "80"]);
    }

    #[test]
    fn names_wrapped_over_three_lines_do_not_end_the_table() {
        // Two single-chunk lines in a row would end a table; lines set
        // tight under a row are its wrapped cells and do not count.
        let mut words = vec![w("Force", 50.0, 100.0), w("Scans", 150.0, 100.0)];
        let mut y = 120.0;
        for (lines, figure) in [
            (&["Avon and", "Somerset", "Constabulary"][..], "605"),
            (&["Kent"][..], ""),
            (&["Devon and", "Cornwall", "Police"][..], "211"),
            (&["Essex"][..], "98"),
        ] {
            if !figure.is_empty() {
                words.push(r(figure, 250.0, y));
            }
            for (k, text) in lines.iter().enumerate() {
                if k > 0 {
                    y += 11.0;
                }
                let mut x = 50.0;
                for part in text.split(' ') {
                    words.push(w(part, x, y));
                    x += 5.0 * (part.chars().count() as f32 + 1.0);
                }
            }
            y += 20.0;
        }
        let t = tables(&words);
        assert_eq!(t.len(), 1);
        let g = &t[0];
        assert_eq!((g.n_rows, g.n_cols), (5, 2));
        assert_eq!(
            g.row_texts(1),
            vec!["Avon and Somerset Constabulary", "605"]
        );
        assert_eq!(g.row_texts(2), vec!["Kent", ""]);
        assert_eq!(g.row_texts(3), vec!["Devon and Cornwall Police", "211"]);
        assert_eq!(g.row_texts(4), vec!["Essex", "98"]);
    }

    #[test]
    fn lines_set_as_far_apart_as_rows_stay_rows() {
        // No padding between rows: a second line at the row pitch is a
        // row of its own, even with text only.
        let mut words = Vec::new();
        for (i, (a, b)) in [("Force", "Stops"), ("Kent", "113"), ("Surrey", "55")]
            .iter()
            .enumerate()
        {
            words.push(w(a, 50.0, 100.0 + 12.0 * i as f32));
            words.push(r(b, 200.0, 100.0 + 12.0 * i as f32));
        }
        words.push(w("Essex", 50.0, 136.0));
        words.push(w("Sussex", 50.0, 148.0));
        words.push(r("7", 200.0, 148.0));
        let t = tables(&words);
        assert_eq!(t.len(), 1);
        assert_eq!(t[0].n_rows, 5);
        assert_eq!(t[0].row_texts(3), vec!["Essex", ""]);
    }

    #[test]
    fn a_wrapped_name_ending_the_table_stays_but_a_note_under_it_does_not() {
        let mut words = Vec::new();
        for (i, (a, b)) in [
            ("Force", "Scans"),
            ("Kent", "113"),
            ("Essex", "98"),
            ("West", "2,318"),
        ]
        .iter()
        .enumerate()
        {
            words.push(w(a, 50.0, 100.0 + 20.0 * i as f32));
            words.push(r(b, 250.0, 100.0 + 20.0 * i as f32));
        }
        words.push(w("Yorkshire", 50.0, 171.0));
        // A note set tight under the table, running under the figures.
        words.push(w("Figures", 50.0, 182.0));
        words.push(w("to", 90.0, 182.0));
        words.push(w("March", 105.0, 182.0));
        words.push(w("2021,", 135.0, 182.0));
        words.push(w("provisional.", 168.0, 182.0));
        let t = tables(&words);
        assert_eq!(t.len(), 1);
        let g = &t[0];
        assert_eq!(g.n_rows, 4);
        assert_eq!(g.row_texts(3), vec!["West Yorkshire", "2,318"]);
    }
}
