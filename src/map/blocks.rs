//! Splitting a grid into the blocks a person sees: a spreadsheet often
//! stacks several small tables, titles and notes on one sheet, separated by
//! empty rows. Each block is read on its own; a one-row block is text.

use crate::doc::{Cell, Table};
use regex::Regex;
use std::sync::LazyLock;

/// The blocks of `t`, top to bottom: runs of rows between fully empty
/// rows, with a title row (one text across the row) starting a new block.
pub fn split_blocks(t: &Table) -> Vec<Table> {
    let empty =
        |r: u32| (0..t.n_cols).all(|c| t.cell(r, c).is_none_or(|x| x.text.trim().is_empty()));
    let mut runs: Vec<(u32, u32)> = Vec::new();
    let mut start: Option<u32> = None;
    for r in 0..t.n_rows {
        if empty(r) {
            if let Some(s) = start.take() {
                runs.push((s, r));
            }
        } else if start.is_none() {
            start = Some(r);
        }
    }
    if let Some(s) = start {
        runs.push((s, t.n_rows));
    }
    let runs: Vec<(u32, u32)> = runs
        .into_iter()
        .flat_map(|run| split_at_repeated_header(t, run))
        .flat_map(|run| split_at_numbered_headings(t, run))
        .flat_map(|run| split_at_title_rows(t, run))
        .collect();
    if runs.len() <= 1 {
        return vec![t.clone()];
    }
    runs.into_iter().map(|(a, b)| sub_table(t, a, b)).collect()
}

/// A table printed in two halves (months March–October, then November–June)
/// repeats its header row: each repeat starts a new block.
fn split_at_repeated_header(t: &Table, (from, to): (u32, u32)) -> Vec<(u32, u32)> {
    let label = |r: u32| {
        t.cell(r, 0)
            .map(|c| c.text.trim().to_lowercase())
            .unwrap_or_default()
    };
    let head = label(from);
    // A label every row starts with (a bullet column) is no header.
    if head.is_empty() || row_distinct(t, from).len() < 2 || label(from + 1) == head {
        return vec![(from, to)];
    }
    let mut out = Vec::new();
    let mut start = from;
    for r in from + 1..to {
        if label(r) == head && row_distinct(t, r).len() >= 2 {
            out.push((start, r));
            start = r;
        }
    }
    out.push((start, to));
    out
}

static NUMBERED_HEADING: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*(?:Q\s*)?\d{1,2}\s*[.)]\s+\S").expect("numbered heading"));

/// A sheet answering the request part by part ("2. Searches (Oct 2019 -
/// Jun 2020)" over its lines, "3. Ethnic appearance" over the next): each
/// numbered row ("4. Reason for search | Not held") starts a new block, when
/// the rows between are not all numbered (a question table stays whole).
fn split_at_numbered_headings(t: &Table, (from, to): (u32, u32)) -> Vec<(u32, u32)> {
    let heading = |r: u32| {
        let first = t.cell(r, 0).map(|c| c.text.as_str()).unwrap_or("");
        NUMBERED_HEADING.is_match(first)
    };
    let numbered = (from..to).filter(|&r| heading(r)).count() as u32;
    if numbered < 2 || numbered * 2 > to - from {
        return vec![(from, to)];
    }
    let mut out = Vec::new();
    let mut start = from;
    for r in from + 1..to {
        if heading(r) {
            out.push((start, r));
            start = r;
        }
    }
    out.push((start, to));
    out
}

/// Two tables stacked with a caption between them and no empty row
/// ("Reasons recorded by officers" across the row, then "Reason |
/// Searches"): a row holding one text, after rows of figures and before a
/// row of two or more texts, starts a new block.
fn split_at_title_rows(t: &Table, (from, to): (u32, u32)) -> Vec<(u32, u32)> {
    let has_figure = |r: u32| {
        row_distinct(t, r)
            .iter()
            .any(|s| s.chars().any(|c| c.is_ascii_digit()))
    };
    let header_like = |r: u32| {
        let texts = row_distinct(t, r);
        texts.len() >= 2
            && texts
                .iter()
                .all(|s| !s.chars().any(|c| c.is_ascii_digit()))
    };
    let mut out = Vec::new();
    let mut start = from;
    for r in from + 1..to.saturating_sub(1) {
        let title = row_distinct(t, r).len() == 1 && !has_figure(r);
        let figures_before = (start..r).any(has_figure);
        if title && figures_before && header_like(r + 1) {
            out.push((start, r));
            start = r;
        }
    }
    out.push((start, to));
    out
}

fn sub_table(t: &Table, from: u32, to: u32) -> Table {
    let cells: Vec<Cell> = (from..to)
        .flat_map(|r| (0..t.n_cols).filter_map(move |c| t.cell(r, c)))
        .map(|c| Cell {
            row: c.row - from,
            ..c.clone()
        })
        .collect();
    Table {
        n_rows: to - from,
        n_cols: t.n_cols,
        header_rows: 0,
        caption: None,
        method: t.method.clone(),
        prov: t.prov.clone(),
        cells,
    }
}

/// The distinct texts of a row, left to right (merged cells once).
pub fn row_distinct(t: &Table, r: u32) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for c in 0..t.n_cols {
        if let Some(cell) = t.cell(r, c) {
            let s = cell.text.trim();
            // A bullet column ("•", "▪") carries no text of its own ("-" and
            // "*" may be marks, so they stay).
            let bullet = s.chars().count() == 1 && "•·‣◦▪".contains(s);
            if !s.is_empty() && !bullet && out.last().is_none_or(|l| l != s) {
                out.push(s.to_string());
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::Prov;

    #[test]
    fn stacked_tables_split_at_empty_rows() {
        let rows = [
            vec!["Title", "Title"],
            vec!["", ""],
            vec!["IABS", "4"],
            vec!["Total", "53"],
            vec!["", ""],
            vec!["Note", ""],
        ];
        let t = Table::from_rows(
            rows.iter()
                .map(|r| r.iter().map(|s| s.to_string()).collect())
                .collect(),
            Prov::file("x.xlsx"),
            "sheet",
        );
        let blocks = split_blocks(&t);
        assert_eq!(blocks.len(), 3);
        assert_eq!(blocks[1].rows_text(), [["IABS", "4"], ["Total", "53"]]);
        assert_eq!(blocks[1].cell(1, 1).unwrap().prov.row, Some(3));
        assert_eq!(row_distinct(&blocks[0], 0), ["Title"]);
    }

    #[test]
    fn stacked_tables_with_a_caption_row_between_are_two_blocks() {
        let t = Table::from_rows(
            [
                ["Officer-defined ethnicity", "Searches"],
                ["IC1", "1,830"],
                ["IC3", "480"],
                ["Reasons recorded by officers", "Reasons recorded by officers"],
                ["Reason", "Searches"],
                ["Wanted check", "456"],
            ]
            .iter()
            .map(|r| r.iter().map(|s| s.to_string()).collect())
            .collect(),
            Prov::file("x.pdf"),
            "lattice",
        );
        let blocks = split_blocks(&t);
        assert_eq!(blocks.len(), 2);
        assert_eq!(row_distinct(&blocks[1], 0), ["Reasons recorded by officers"]);
    }

    #[test]
    fn a_repeated_header_row_starts_a_new_block_but_a_bullet_column_does_not() {
        let table = |rows: &[&[&str]]| {
            Table::from_rows(
                rows.iter()
                    .map(|r| r.iter().map(|s| s.to_string()).collect())
                    .collect(),
                Prov::file("x.pdf"),
                "lattice",
            )
        };
        let halves = table(&[
            &["Database", "Jan-20", "Feb-20"],
            &["IABS only", "1", "2"],
            &["Database", "Mar-20", "Period total"],
            &["IABS only", "3", "6"],
        ]);
        let blocks = split_blocks(&halves);
        assert_eq!(blocks.len(), 2);
        assert_eq!(
            blocks[1].rows_text(),
            [
                ["Database", "Mar-20", "Period total"],
                ["IABS only", "3", "6"]
            ]
        );
        let bullets = table(&[&["•", "IC1 – 30"], &["•", "IC3 – 4"], &["•", "IC4 – 9"]]);
        assert_eq!(split_blocks(&bullets).len(), 1);
    }
}
