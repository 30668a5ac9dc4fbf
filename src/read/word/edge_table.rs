//! Tables whose layout comes from cell edges (RTF and legacy .doc): rows
//! are read cell by cell with their row definition (right edge of each
//! cell in twips, vertical and horizontal merge flags: RTF `\cellx`,
//! `\clvmgf`/`\clvmrg`, `\clmrg`; .doc `sprmTDefTable`). A cell's column
//! span is only known once every row's edges are seen (LibreOffice writes a
//! merged cell as one wider cell), so the table is buffered and replayed
//! into the [`Flow`] when it ends.

use crate::read::word::flow::{CellMerge, Flow};

/// Most rows and cells per row buffered for one table, and most cells and
/// cell definitions in all (beyond them input is dropped, not buffered).
const MAX_ROWS: usize = 100_000;
const MAX_CELLS: usize = 1_000;
const MAX_STORED: usize = 1_000_000;

/// One cell's definition from the row's `\trowd` block.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CellDef {
    /// Right edge in twips (`\cellxN`).
    pub right: i32,
    pub v_first: bool,
    pub v_cont: bool,
    pub h_cont: bool,
}

/// Definition of the row being read.
#[derive(Debug, Clone, Default)]
pub struct RowDef {
    pub cells: Vec<CellDef>,
    pub header: bool,
    /// Flags met before the `\cellx` they belong to.
    pub pending: CellDef,
}

impl RowDef {
    /// `\cellxN`: close the definition of the next cell.
    pub fn cellx(&mut self, right: i32) {
        if self.cells.len() < MAX_CELLS {
            let mut def = std::mem::take(&mut self.pending);
            def.right = right;
            self.cells.push(def);
        }
    }
}

#[derive(Debug, Default)]
struct Row {
    cells: Vec<Vec<String>>,
    defs: Vec<CellDef>,
    header: bool,
}

/// A table being read.
#[derive(Debug, Default)]
pub struct TableBuffer {
    rows: Vec<Row>,
    /// Cells of the row being read: each a list of paragraphs.
    cells: Vec<Vec<String>>,
    /// Paragraphs of the cell being read, and its current line.
    paragraphs: Vec<String>,
    pub line: String,
    open: bool,
    /// Tables found inside this one's cells, emitted after it.
    inner: Vec<(TableBuffer, RowDef)>,
    /// Cells and cell definitions stored so far.
    stored: usize,
}

impl TableBuffer {
    pub fn is_open(&self) -> bool {
        self.open
    }

    /// Text of the cell being read (opens the table).
    pub fn push(&mut self, c: char) {
        self.open = true;
        self.line.push(c);
    }

    /// Keep a finished inner table (with its last row definition) to be
    /// emitted after this one, as the other readers do.
    pub fn adopt(&mut self, inner: TableBuffer, def: RowDef) {
        if inner.open && self.inner.len() < MAX_CELLS {
            self.inner.push((inner, def));
        }
    }

    /// A nested table's row ended inside the cell being read: its text
    /// goes on on a new line (cells were joined by tabs).
    pub fn nested_row_end(&mut self) {
        if self.line.ends_with('\t') {
            self.line.pop();
        }
        self.push('\n');
    }

    /// A run of text of the cell being read (opens the table).
    pub fn push_str(&mut self, s: &str) {
        self.open = true;
        self.line.push_str(s);
    }

    /// `\par` inside a cell.
    pub fn end_paragraph(&mut self) {
        self.open = true;
        let line = std::mem::take(&mut self.line);
        let line = line.trim();
        if !line.is_empty() {
            self.paragraphs.push(line.to_string());
        }
    }

    /// `\cell`.
    pub fn end_cell(&mut self) {
        self.end_paragraph();
        let paragraphs = std::mem::take(&mut self.paragraphs);
        if self.cells.len() < MAX_CELLS && self.stored < MAX_STORED {
            self.stored += 1;
            self.cells.push(paragraphs);
        }
    }

    /// `\row`, with the definition in force.
    pub fn end_row(&mut self, def: &RowDef) {
        if !self.open && self.cells.is_empty() {
            // A row mark outside any table: nothing to end.
            return;
        }
        if !self.line.trim().is_empty() || !self.paragraphs.is_empty() {
            self.end_cell();
        }
        let cells = std::mem::take(&mut self.cells);
        if self.rows.len() < MAX_ROWS && self.stored < MAX_STORED {
            self.stored += def.cells.len();
            self.rows.push(Row {
                cells,
                defs: def.cells.clone(),
                header: def.header,
            });
        }
    }

    /// End the table: replay it into `flow` with spans from the cell edges.
    pub fn close(&mut self, flow: &mut Flow, def: &RowDef) {
        if !self.open {
            return;
        }
        if !self.cells.is_empty() || !self.line.trim().is_empty() || !self.paragraphs.is_empty() {
            self.end_row(def);
        }
        let rows = std::mem::take(&mut self.rows);
        let inner = std::mem::take(&mut self.inner);
        *self = TableBuffer::default();
        let mut edges: Vec<i32> = rows
            .iter()
            .flat_map(|r| r.defs.iter().map(|d| d.right))
            .collect();
        edges.sort_unstable();
        edges.dedup();
        // Grid column where a cell starting after edge `left` begins.
        let col_after =
            |left: Option<i32>| -> usize { left.map_or(0, |l| edges.partition_point(|&e| e <= l)) };
        flow.start_table();
        for row in rows {
            flow.start_row(row.header);
            let mut next_col = 0usize;
            let mut left: Option<i32> = None;
            let mut pending: Option<(Vec<String>, CellMerge)> = None;
            for (i, paragraphs) in row.cells.into_iter().enumerate() {
                let Some(def) = row.defs.get(i).copied() else {
                    flush(flow, pending.take());
                    pending = Some((paragraphs, CellMerge::SINGLE));
                    continue;
                };
                let start = col_after(left).max(next_col);
                let end = col_after(Some(def.right)).max(start + 1);
                left = Some(def.right);
                let cols = (end - start) as u32;
                if def.h_cont {
                    // Horizontally merged into the cell before it.
                    if let Some((_, CellMerge::Span { cols: c, .. }))
                    | Some((_, CellMerge::ContinueAbove { cols: c })) = pending.as_mut()
                    {
                        *c += cols;
                    }
                    next_col = end;
                    continue;
                }
                flush(flow, pending.take());
                // A gap in the row: empty cells keep later ones in their
                // columns.
                for _ in next_col..start.min(next_col + MAX_CELLS) {
                    flush(flow, Some((Vec::new(), CellMerge::SINGLE)));
                }
                let merge = if def.v_cont {
                    CellMerge::ContinueAbove { cols }
                } else {
                    CellMerge::Span { rows: 1, cols }
                };
                pending = Some((paragraphs, merge));
                next_col = end;
            }
            flush(flow, pending.take());
            flow.end_row();
        }
        flow.end_table();
        for (mut table, def) in inner {
            table.close(flow, &def);
        }
    }
}

fn flush(flow: &mut Flow, cell: Option<(Vec<String>, CellMerge)>) {
    let Some((paragraphs, merge)) = cell else {
        return;
    };
    flow.start_cell(merge);
    for p in paragraphs {
        flow.text(&p);
        flow.end_paragraph(None);
    }
    flow.end_cell();
}
