//! Tables: full rectangular grids of cells, each with its provenance.
//!
//! Merged cells are expanded: every grid position covered by a merge holds a
//! copy of the merged text and points back at the merge's origin, so a
//! consumer can read any row or column without knowing about spans.

use super::Prov;
use serde::{Deserialize, Serialize};

/// A typed cell value.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(tag = "t", content = "v", rename_all = "lowercase")]
pub enum CellValue {
    #[default]
    Empty,
    Text(String),
    Number(f64),
    /// ISO 8601 date (`2020-06-30`) or date-time.
    Date(String),
    Bool(bool),
    /// A spreadsheet error value (`#DIV/0!`).
    Error(String),
}

/// The origin of a merged range that covers a cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct MergeOrigin {
    pub row: u32,
    pub col: u32,
}

/// One cell of a table grid.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Cell {
    pub row: u32,
    pub col: u32,
    /// Text as displayed (numbers as formatted where the source says how).
    pub text: String,
    pub value: CellValue,
    /// Span of a merge starting at this cell (1 when not merged).
    #[serde(default = "one", skip_serializing_if = "is_one")]
    pub row_span: u32,
    #[serde(default = "one", skip_serializing_if = "is_one")]
    pub col_span: u32,
    /// Set on cells covered by (but not at the origin of) a merged range.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merged_from: Option<MergeOrigin>,
    /// True when the cell's row or column is hidden in the source.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub hidden: bool,
    /// Footnote markers split off the value (`27` of `N.D.27`, `¹`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    pub prov: Prov,
}

fn one() -> u32 {
    1
}

fn is_one(v: &u32) -> bool {
    *v == 1
}

/// A table: `n_rows × n_cols` cells in row-major order.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Table {
    pub n_rows: u32,
    pub n_cols: u32,
    /// Number of leading rows recognised as header rows (0 when unknown).
    #[serde(default)]
    pub header_rows: u32,
    /// Title or caption found just above the table, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caption: Option<String>,
    /// How the table was found (`grid`, `lattice`, `stream`, `sheet`,
    /// `docx`...).
    #[serde(default)]
    pub method: String,
    /// Provenance of the table as a whole (file, page/sheet, table index,
    /// bbox).
    pub prov: Prov,
    pub cells: Vec<Cell>,
}

impl Table {
    /// The distinct texts of a row, left to right (merged cells once).
    pub fn row_distinct(&self, r: u32) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for c in 0..self.n_cols {
            if let Some(cell) = self.cell(r, c) {
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

    /// Build a table from rows of cell texts, padding ragged rows. Each cell
    /// gets `prov` with its row and column filled in; values are typed with
    /// [`CellValue::from_text`].
    pub fn from_rows(rows: Vec<Vec<String>>, prov: Prov, method: &str) -> Table {
        let n_rows = rows.len() as u32;
        let n_cols = rows.iter().map(Vec::len).max().unwrap_or(0) as u32;
        let mut cells = Vec::with_capacity((n_rows * n_cols) as usize);
        for (r, row) in rows.into_iter().enumerate() {
            let mut row = row.into_iter();
            for c in 0..n_cols {
                let text = row.next().unwrap_or_default();
                let mut p = prov.clone();
                p.row = Some(r as u32);
                p.col = Some(c);
                cells.push(Cell {
                    row: r as u32,
                    col: c,
                    value: CellValue::from_text(&text),
                    text,
                    row_span: 1,
                    col_span: 1,
                    prov: p,
                    ..Default::default()
                });
            }
        }
        Table {
            n_rows,
            n_cols,
            header_rows: 0,
            caption: None,
            method: method.to_string(),
            prov,
            cells,
        }
    }

    /// The cell at 0-based `row`, `col`.
    pub fn cell(&self, row: u32, col: u32) -> Option<&Cell> {
        if row >= self.n_rows || col >= self.n_cols {
            return None;
        }
        self.cells.get((row * self.n_cols + col) as usize)
    }

    /// Mutable access to the cell at `row`, `col`.
    pub fn cell_mut(&mut self, row: u32, col: u32) -> Option<&mut Cell> {
        if row >= self.n_rows || col >= self.n_cols {
            return None;
        }
        self.cells.get_mut((row * self.n_cols + col) as usize)
    }

    /// Cell texts of one row.
    pub fn row_texts(&self, row: u32) -> Vec<&str> {
        (0..self.n_cols)
            .map(|c| self.cell(row, c).map(|c| c.text.as_str()).unwrap_or(""))
            .collect()
    }

    /// All rows as texts.
    pub fn rows_text(&self) -> Vec<Vec<String>> {
        (0..self.n_rows)
            .map(|r| self.row_texts(r).into_iter().map(str::to_string).collect())
            .collect()
    }

    /// Record a merged range with origin (`row`, `col`) spanning `rows × cols`:
    /// the origin gets the spans, covered cells get the origin's text and
    /// value and a `merged_from` pointer.
    pub fn merge(&mut self, row: u32, col: u32, rows: u32, cols: u32) {
        let Some(origin) = self.cell(row, col).cloned() else {
            return;
        };
        let rows = rows.min(self.n_rows - row).max(1);
        let cols = cols.min(self.n_cols - col).max(1);
        for r in row..row + rows {
            for c in col..col + cols {
                if let Some(cell) = self.cell_mut(r, c) {
                    if r == row && c == col {
                        cell.row_span = rows;
                        cell.col_span = cols;
                    } else {
                        cell.text = origin.text.clone();
                        cell.value = origin.value.clone();
                        cell.merged_from = Some(MergeOrigin { row, col });
                    }
                }
            }
        }
    }
}

impl CellValue {
    /// Type a piece of text: plain numbers (with thousands separators, a
    /// leading minus or a trailing `%` kept as text) become numbers, empty
    /// text becomes `Empty`, anything else stays text. Dates in text are not
    /// guessed here; readers of typed sources set them.
    pub fn from_text(text: &str) -> CellValue {
        let t = text.trim();
        if t.is_empty() {
            return CellValue::Empty;
        }
        match parse_plain_number(t) {
            Some(n) => CellValue::Number(n),
            None => CellValue::Text(t.to_string()),
        }
    }

    /// The value as a number, if it is one.
    pub fn as_number(&self) -> Option<f64> {
        match self {
            CellValue::Number(n) => Some(*n),
            _ => None,
        }
    }

    pub fn is_empty(&self) -> bool {
        matches!(self, CellValue::Empty)
    }
}

/// Parse `1,209`, `-3`, `0.5`, `12 345` (thin or plain space grouping) as a
/// number. Returns `None` for anything with letters or other marks.
pub fn parse_plain_number(t: &str) -> Option<f64> {
    let t = t.trim();
    let (neg, body) = match t.strip_prefix('-').or_else(|| t.strip_prefix('−')) {
        Some(rest) => (true, rest.trim_start()),
        None => (false, t),
    };
    if body.is_empty() || !body.chars().next()?.is_ascii_digit() {
        return None;
    }
    let mut digits = String::with_capacity(body.len());
    let mut groups_ok = true;
    let (int_part, frac_part) = match body.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (body, None),
    };
    let grouped: Vec<&str> = int_part.split([',', ' ', '\u{a0}', '\u{202f}']).collect();
    if grouped.len() > 1 {
        groups_ok = grouped[0].len() <= 3 && grouped[1..].iter().all(|g| g.len() == 3);
    }
    if !groups_ok {
        return None;
    }
    for g in &grouped {
        if !g.chars().all(|c| c.is_ascii_digit()) {
            return None;
        }
        digits.push_str(g);
    }
    if let Some(f) = frac_part {
        if f.is_empty() || !f.chars().all(|c| c.is_ascii_digit()) {
            return None;
        }
        digits.push('.');
        digits.push_str(f);
    }
    let n: f64 = digits.parse().ok()?;
    Some(if neg { -n } else { n })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_with_separators() {
        assert_eq!(parse_plain_number("1,209"), Some(1209.0));
        assert_eq!(parse_plain_number("28,056"), Some(28056.0));
        assert_eq!(parse_plain_number("12 345"), Some(12345.0));
        assert_eq!(parse_plain_number("-3"), Some(-3.0));
        assert_eq!(parse_plain_number("0.5"), Some(0.5));
        assert_eq!(parse_plain_number("1,20"), None);
        assert_eq!(parse_plain_number("N.D."), None);
        assert_eq!(parse_plain_number("17%"), None);
        assert_eq!(parse_plain_number("605¹"), None);
    }

    #[test]
    fn merge_expands_and_marks() {
        let rows = vec![
            vec!["Force".into(), "Scans".into(), "".into()],
            vec!["Kent".into(), "113".into(), "398".into()],
        ];
        let mut t = Table::from_rows(rows, Prov::file("x.docx"), "docx");
        t.merge(0, 1, 1, 2);
        assert_eq!(t.cell(0, 1).unwrap().col_span, 2);
        let covered = t.cell(0, 2).unwrap();
        assert_eq!(covered.text, "Scans");
        assert_eq!(covered.merged_from, Some(MergeOrigin { row: 0, col: 1 }));
        assert_eq!(t.cell(1, 2).unwrap().value, CellValue::Number(398.0));
        assert_eq!(t.cell(1, 2).unwrap().prov.row, Some(1));
    }
}
