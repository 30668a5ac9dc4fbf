//! A table as the mapping sees it: row labels (all label columns joined),
//! column labels (all header rows joined), and the readings of the value
//! cells with their provenance. Titles above the table become context;
//! year labels are labels, not counts; a long-format table
//! (`month, database, searches`) is pivoted into a grid.

use crate::doc::{Prov, Table};
use crate::map::rules::ForceRules;
use crate::map::text::{norm, read_count, Reading};
use regex::Regex;
use std::sync::LazyLock;

/// A label cell holding only a code (`IC1`, `W1`, `NS`), printed in a
/// column of its own beside the description.
static CODE_ONLY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:I\.?\s*C\.?\s*\d|[WMABO]\d|NS)\s*$").expect("code regex")
});

/// A table as labels and readings, empty rows and columns dropped.
pub(crate) struct View {
    /// Row labels of data rows and column headers of value columns.
    pub row_labels: Vec<String>,
    /// Row labels as printed, without a column holding only codes.
    pub row_display: Vec<String>,
    pub col_labels: Vec<String>,
    /// `cells[r][c]` for data rows × value columns.
    pub cells: Vec<Vec<(Reading, Prov)>>,
    /// Caption, title block and header text, for context.
    pub context: String,
    pub prov: Prov,
    /// A long-format table's grand total line (`Total | | 1,771`), which
    /// belongs to no cell of the pivoted grid.
    pub grand_total: Option<(Reading, Prov)>,
}

fn cell_reading(t: &Table, r: u32, c: u32, rules: &ForceRules) -> (String, Reading, Prov) {
    match t.cell(r, c) {
        Some(cell) => {
            let n = norm(&cell.text);
            let reading = rules
                .values
                .iter()
                .find(|(k, _)| *k == n)
                .map(|(_, v)| v.clone())
                .unwrap_or_else(|| read_count(&cell.text, cell.value.as_number()));
            (cell.text.trim().to_string(), reading, cell.prov.clone())
        }
        None => (String::new(), Reading::Empty, t.prov.clone()),
    }
}

pub(crate) fn is_value(r: &Reading) -> bool {
    matches!(r, Reading::Count(_)) || r.is_gap_mark() || matches!(r, Reading::Percent)
}

type Grid = Vec<Vec<(String, Reading, Prov)>>;

pub(crate) fn build_view(t: &Table, rules: &ForceRules) -> Option<View> {
    let mut grid: Grid = (0..t.n_rows)
        .map(|r| {
            (0..t.n_cols)
                .map(|c| cell_reading(t, r, c, rules))
                .collect()
        })
        .collect();
    let rows: Vec<usize> = (0..grid.len())
        .filter(|&r| grid[r].iter().any(|c| !c.0.is_empty()))
        .collect();
    let cols: Vec<usize> = (0..t.n_cols as usize)
        .filter(|&c| {
            grid.iter()
                .any(|row| row.get(c).is_some_and(|x| !x.0.is_empty()))
        })
        .collect();
    if rows.is_empty() || cols.len() < 2 {
        return None;
    }
    years_as_labels(&mut grid, &rows, &cols);
    // Label columns: leading columns whose cells are mostly text in the
    // rows that hold figures (titles and headers above do not count).
    let data_like: Vec<usize> = rows
        .iter()
        .copied()
        .filter(|&r| {
            cols.iter()
                .any(|&c| matches!(grid[r][c].1, Reading::Count(_)) || grid[r][c].1.is_gap_mark())
        })
        .collect();
    let basis = if data_like.is_empty() {
        &rows
    } else {
        &data_like
    };
    let mut label_cols = 0;
    for &c in &cols {
        let texts = basis
            .iter()
            .filter(|&&r| matches!(grid[r][c].1, Reading::Text))
            .count();
        let values = basis.iter().filter(|&&r| is_value(&grid[r][c].1)).count();
        if texts > values && label_cols < cols.len() - 1 {
            label_cols += 1;
        } else {
            break;
        }
    }
    let label_cols = label_cols.min(cols.len() - 1);
    let value_cols = &cols[label_cols..];
    // Header rows: rows before the first with a value in a value column;
    // rows with a single filled cell at the top are a title block.
    // A header naming a category "Not recorded" or "N/A" reads as a gap
    // mark; a row of such marks among text headers and no figure is still
    // a header.
    let first_data = rows
        .iter()
        .position(|&r| {
            let readings = || value_cols.iter().map(|&c| &grid[r][c].1);
            readings().any(is_value)
                && (readings().any(|x| matches!(x, Reading::Count(_)))
                    || !readings().any(|x| matches!(x, Reading::Text)))
        })
        .unwrap_or(rows.len());
    let mut context = t.caption.clone().unwrap_or_default();
    let mut header_rows = Vec::new();
    for &r in &rows[..first_data] {
        let filled: Vec<&str> = cols
            .iter()
            .map(|&c| grid[r][c].0.as_str())
            .filter(|s| !s.is_empty())
            .collect();
        let distinct: std::collections::BTreeSet<&str> = filled.iter().copied().collect();
        context.push(' ');
        context.push_str(&filled.join(" "));
        // A row with one distinct text is a title over the table.
        if distinct.len() > 1 {
            header_rows.push(r);
        }
    }
    if header_rows.is_empty() && first_data > 0 {
        header_rows.push(rows[first_data - 1]);
    }
    let col_labels: Vec<String> = value_cols
        .iter()
        .map(|&c| {
            let mut parts: Vec<&str> = Vec::new();
            for &r in &header_rows {
                let s = grid[r][c].0.as_str();
                if !s.is_empty() && parts.last() != Some(&s) {
                    parts.push(s);
                }
            }
            parts.join(" ")
        })
        .collect();
    let data_rows = &rows[first_data..];
    let label_of = |r: usize, keep_codes: bool| -> String {
        let mut parts: Vec<&str> = Vec::new();
        for &c in &cols[..label_cols] {
            let s = grid[r][c].0.as_str();
            let code_only = label_cols > 1 && CODE_ONLY.is_match(s);
            if !s.is_empty() && parts.last() != Some(&s) && (keep_codes || !code_only) {
                parts.push(s);
            }
        }
        parts.join(" ")
    };
    if label_cols == 2 && value_cols.len() == 1 {
        let keys: Vec<(String, String)> = data_rows
            .iter()
            .map(|&r| (grid[r][cols[0]].0.clone(), grid[r][cols[1]].0.clone()))
            .collect();
        let values: Vec<(Reading, Prov)> = data_rows
            .iter()
            .map(|&r| {
                (
                    grid[r][value_cols[0]].1.clone(),
                    grid[r][value_cols[0]].2.clone(),
                )
            })
            .collect();
        if let Some(v) = pivot_long(&keys, &values, &col_labels, &context, t) {
            return Some(v);
        }
    }
    let row_labels = data_rows.iter().map(|&r| label_of(r, true)).collect();
    let row_display = data_rows.iter().map(|&r| label_of(r, false)).collect();
    let cells = data_rows
        .iter()
        .map(|&r| {
            value_cols
                .iter()
                .map(|&c| (grid[r][c].1.clone(), grid[r][c].2.clone()))
                .collect()
        })
        .collect();
    Some(View {
        row_labels,
        row_display,
        col_labels,
        cells,
        context,
        prov: t.prov.clone(),
        grand_total: None,
    })
}

/// True for a cell that is a year (`2019`), typed or written.
fn is_year_cell(cell: &(String, Reading, Prov)) -> Option<u64> {
    match cell.1 {
        Reading::Count(n) if (2000..=2039).contains(&n) && cell.0.trim().len() == 4 => Some(n),
        _ => None,
    }
}

/// Years written as numbers down the first column or across the first row
/// (`2019`, `2020`, `2021`) label the table; they are not counts. Only a
/// run of consecutive years is taken, so a count of 2019 stays a count.
fn years_as_labels(grid: &mut Grid, rows: &[usize], cols: &[usize]) {
    let consecutive = |ys: &[u64]| ys.len() >= 2 && ys.windows(2).all(|w| w[1] == w[0] + 1);
    let c0 = cols[0];
    let down: Vec<usize> = rows
        .iter()
        .copied()
        .filter(|&r| is_year_cell(&grid[r][c0]).is_some())
        .collect();
    // Long-format tables repeat each year over its lines.
    let mut ys: Vec<u64> = down
        .iter()
        .filter_map(|&r| is_year_cell(&grid[r][c0]))
        .collect();
    ys.dedup();
    if consecutive(&ys) {
        for r in down {
            grid[r][c0].1 = Reading::Text;
        }
    }
    // The header row may stand under a title row.
    for &r in rows.iter().take(3) {
        let across: Vec<usize> = cols[1..]
            .iter()
            .copied()
            .filter(|&c| is_year_cell(&grid[r][c]).is_some())
            .collect();
        let ys: Vec<u64> = across
            .iter()
            .filter_map(|&c| is_year_cell(&grid[r][c]))
            .collect();
        let others_text = cols[1..]
            .iter()
            .filter(|c| !across.contains(c))
            .all(|&c| matches!(grid[r][c].1, Reading::Text | Reading::Empty));
        if consecutive(&ys) && others_text {
            for c in across {
                grid[r][c].1 = Reading::Text;
            }
            break;
        }
    }
}

/// Distinct values in first-seen order.
fn distinct(values: impl Iterator<Item = String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for v in values {
        if !out.contains(&v) {
            out.push(v);
        }
    }
    out
}

/// A long-format table (`month, database, searches`: two label columns
/// and one value column, each pair of labels once, both labels repeated)
/// as a grid: periods (or the first column) down the rows, the other
/// labels across. `None` when the table is not one.
fn pivot_long(
    keys: &[(String, String)],
    values: &[(Reading, Prov)],
    value_header: &[String],
    context: &str,
    t: &Table,
) -> Option<View> {
    // A total line with its second label empty is the grand total.
    let total_at = keys
        .iter()
        .position(|(a, b)| b.trim().is_empty() && crate::map::labels::is_total(a));
    let grand_total = total_at.map(|i| values[i].clone());
    let kept: Vec<usize> = (0..keys.len()).filter(|&i| Some(i) != total_at).collect();
    let keys: Vec<(String, String)> = kept.iter().map(|&i| keys[i].clone()).collect();
    let values: Vec<(Reading, Prov)> = kept.iter().map(|&i| values[i].clone()).collect();
    let firsts = distinct(keys.iter().map(|k| k.0.clone()));
    let seconds = distinct(keys.iter().map(|k| k.1.clone()));
    let pairs = distinct(keys.iter().map(|(a, b)| format!("{a}\u{1f}{b}")));
    let long = firsts.len() >= 2
        && seconds.len() >= 2
        && firsts.len() < keys.len()
        && seconds.len() < keys.len()
        && pairs.len() == keys.len()
        && firsts.iter().chain(&seconds).all(|l| !l.trim().is_empty());
    if !long {
        return None;
    }
    let periods_first = firsts
        .iter()
        .filter(|l| crate::map::period::parse_period(l).is_some())
        .count();
    let periods_second = seconds
        .iter()
        .filter(|l| crate::map::period::parse_period(l).is_some())
        .count();
    let swap = periods_second > periods_first;
    let (row_labels, col_labels) = if swap {
        (seconds, firsts)
    } else {
        (firsts, seconds)
    };
    let mut cells =
        vec![vec![(Reading::Empty, t.prov.clone()); col_labels.len()]; row_labels.len()];
    for ((a, b), v) in keys.iter().zip(&values) {
        let (r, c) = if swap { (b, a) } else { (a, b) };
        let ri = row_labels.iter().position(|x| x == r)?;
        let ci = col_labels.iter().position(|x| x == c)?;
        cells[ri][ci] = v.clone();
    }
    Some(View {
        row_display: row_labels.clone(),
        row_labels,
        col_labels,
        cells,
        context: format!("{context} {}", value_header.join(" ")),
        prov: t.prov.clone(),
        grand_total,
    })
}
