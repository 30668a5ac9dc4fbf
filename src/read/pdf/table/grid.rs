//! The finder's own picture of a table before it becomes a `doc::Table`:
//! column and row boundaries, cells with spans, and the words each cell
//! holds. Lattice and stream finding both produce a [`Grid`]; filling it
//! with words, splitting footnote markers and dropping empty rows happen
//! here so both methods behave the same.

use crate::doc::Word;

/// An axis-aligned box in page points (top-left origin).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct BBox {
    pub x0: f32,
    pub top: f32,
    pub x1: f32,
    pub bottom: f32,
}

impl BBox {
    pub fn of_word(w: &Word) -> BBox {
        BBox {
            x0: w.x0,
            top: w.top,
            x1: w.x1,
            bottom: w.bottom,
        }
    }

    pub fn union(self, o: BBox) -> BBox {
        BBox {
            x0: self.x0.min(o.x0),
            top: self.top.min(o.top),
            x1: self.x1.max(o.x1),
            bottom: self.bottom.max(o.bottom),
        }
    }

    pub fn contains_point(&self, x: f32, y: f32) -> bool {
        x >= self.x0 && x <= self.x1 && y >= self.top && y <= self.bottom
    }

    pub fn as_array(&self) -> [f32; 4] {
        [self.x0, self.top, self.x1, self.bottom]
    }
}

/// Centre of a word.
pub fn centre(w: &Word) -> (f32, f32) {
    ((w.x0 + w.x1) / 2.0, (w.top + w.bottom) / 2.0)
}

/// One cell of a [`Grid`]: its origin, spans and content.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct GridCell {
    pub row: usize,
    pub col: usize,
    pub rows: usize,
    pub cols: usize,
    /// Cell text, lines joined by a space.
    pub text: String,
    /// Footnote markers split off the text.
    pub notes: Vec<String>,
    /// Box of the words in the cell (or of the cell when empty).
    pub bbox: BBox,
    /// 1-based page the cell stands on.
    pub page: u32,
}

/// A table as found: `n_rows × n_cols` positions covered by `cells` (each
/// position by exactly one cell), with the x edges of the columns.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Grid {
    pub n_rows: usize,
    pub n_cols: usize,
    /// `n_cols + 1` column edges, left to right.
    pub col_edges: Vec<f32>,
    pub cells: Vec<GridCell>,
    pub bbox: BBox,
    /// `lattice` or `stream`.
    pub method: &'static str,
    /// Page the table starts on.
    pub page: u32,
    /// Leading rows that are headers.
    pub header_rows: usize,
}

impl Grid {
    /// Texts of one row, spanned cells repeated.
    pub fn row_texts(&self, row: usize) -> Vec<&str> {
        let mut out = vec![""; self.n_cols];
        for c in &self.cells {
            if c.row <= row && row < c.row + c.rows {
                for slot in out.iter_mut().skip(c.col).take(c.cols) {
                    *slot = c.text.as_str();
                }
            }
        }
        out
    }

    /// Number of non-empty cells.
    pub fn filled(&self) -> usize {
        self.cells.iter().filter(|c| !c.text.is_empty()).count()
    }

    /// Drop rows and columns in which no cell has text, shrinking spans
    /// that cross them; cells whose whole span is dropped go too.
    pub fn drop_empty_lines(&mut self) {
        let mut row_used = vec![false; self.n_rows];
        let mut col_used = vec![false; self.n_cols];
        for c in self.cells.iter().filter(|c| !c.text.is_empty()) {
            // A spanning cell keeps only its first row/column alive, so a
            // header spanning an empty column does not keep that column.
            if let Some(r) = row_used.get_mut(c.row) {
                *r = true;
            }
            if c.cols == 1 {
                if let Some(k) = col_used.get_mut(c.col) {
                    *k = true;
                }
            }
        }
        // Columns used only by spanning cells: keep their first column.
        for c in self
            .cells
            .iter()
            .filter(|c| !c.text.is_empty() && c.cols > 1)
        {
            let span = c.col..(c.col + c.cols).min(self.n_cols);
            if !col_used[span.clone()].iter().any(|u| *u) {
                col_used[c.col] = true;
            }
        }
        let row_map = remap(&row_used);
        let col_map = remap(&col_used);
        let mut cells = Vec::with_capacity(self.cells.len());
        for mut c in std::mem::take(&mut self.cells) {
            let rows: Vec<usize> = (c.row..c.row + c.rows)
                .filter_map(|r| row_map.get(r).copied().flatten())
                .collect();
            let cols: Vec<usize> = (c.col..c.col + c.cols)
                .filter_map(|k| col_map.get(k).copied().flatten())
                .collect();
            let (Some(&r0), Some(&c0)) = (rows.first(), cols.first()) else {
                continue;
            };
            c.row = r0;
            c.col = c0;
            c.rows = rows.len();
            c.cols = cols.len();
            cells.push(c);
        }
        let mut edges = Vec::new();
        for (k, used) in col_used.iter().enumerate() {
            if *used {
                if let (Some(a), Some(b)) = (self.col_edges.get(k), self.col_edges.get(k + 1)) {
                    if edges.is_empty() {
                        edges.push(*a);
                    }
                    if let Some(last) = edges.last_mut() {
                        *last = last.min(*a);
                    }
                    edges.push(*b);
                }
            }
        }
        self.header_rows = row_used
            .iter()
            .take(self.header_rows)
            .filter(|u| **u)
            .count();
        self.n_rows = row_used.iter().filter(|u| **u).count();
        self.n_cols = col_used.iter().filter(|u| **u).count();
        self.col_edges = edges;
        self.cells = cells;
        self.cells.sort_by_key(|c| (c.row, c.col));
    }
}

fn remap(used: &[bool]) -> Vec<Option<usize>> {
    let mut next = 0;
    used.iter()
        .map(|u| {
            if *u {
                next += 1;
                Some(next - 1)
            } else {
                None
            }
        })
        .collect()
}

/// Median of some values (0 for none).
pub fn median(mut v: Vec<f32>) -> f32 {
    v.retain(|x| x.is_finite());
    if v.is_empty() {
        return 0.0;
    }
    v.sort_by(f32::total_cmp);
    v[v.len() / 2]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(row: usize, col: usize, rows: usize, cols: usize, text: &str) -> GridCell {
        GridCell {
            row,
            col,
            rows,
            cols,
            text: text.into(),
            ..Default::default()
        }
    }

    #[test]
    fn empty_rows_and_columns_go_and_spans_shrink() {
        let mut g = Grid {
            n_rows: 3,
            n_cols: 3,
            col_edges: vec![0.0, 10.0, 12.0, 30.0],
            cells: vec![
                cell(0, 0, 1, 3, "Head"),
                cell(1, 0, 1, 1, "a"),
                cell(1, 1, 1, 1, ""),
                cell(1, 2, 1, 1, "b"),
                cell(2, 0, 1, 1, ""),
                cell(2, 1, 1, 1, ""),
                cell(2, 2, 1, 1, ""),
            ],
            ..Default::default()
        };
        g.drop_empty_lines();
        assert_eq!((g.n_rows, g.n_cols), (2, 2));
        assert_eq!(g.col_edges, vec![0.0, 10.0, 30.0]);
        assert_eq!(g.cells[0].cols, 2);
        assert_eq!(g.row_texts(0), vec!["Head", "Head"]);
        assert_eq!(g.row_texts(1), vec!["a", "b"]);
    }
}
