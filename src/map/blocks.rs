//! Splitting a grid into the blocks a person sees: a spreadsheet often
//! stacks several small tables, titles and notes on one sheet, separated by
//! empty rows. Each block is read on its own; a one-row block is text.

use crate::doc::{Cell, Table};

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
    if runs.len() <= 1 {
        return vec![t.clone()];
    }
    runs.into_iter().map(|(a, b)| sub_table(t, a, b)).collect()
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
            if !s.is_empty() && out.last().is_none_or(|l| l != s) {
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
}
