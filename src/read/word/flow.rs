//! Building a [`Body`] from the event stream of a flowing document.
//!
//! Every word-processor reader (docx, odt, doc, rtf) and the HTML reader walk
//! their source in reading order and report what they meet: text, paragraph
//! ends, tables, rows and cells with their spans. [`Flow`] turns those events
//! into paragraphs and tables with provenance, so span layout, nested tables,
//! numbering of paragraphs and tables, and the bounds against hostile input
//! live in one place.

use crate::doc::{Block, Body, Paragraph, Prov, Table};

/// Widest column span taken from a source (HTML caps `colspan` at 1000).
const MAX_COL_SPAN: u32 = 1000;
/// Tallest row span taken from a source (HTML caps `rowspan` at 65534).
const MAX_ROW_SPAN: u32 = 65_534;
/// Most grid cells one table may hold (a cell with its provenance is a few
/// hundred bytes): beyond it spans are dropped, then rows and cells.
const MAX_GRID_CELLS: u64 = 500_000;
/// Longest paragraph taken as the caption of the table below it.
const MAX_CAPTION_CHARS: usize = 120;
/// Deepest nesting of tables followed; deeper tables flow into their cell.
const MAX_TABLE_DEPTH: usize = 32;

/// How a cell takes part in a merge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CellMerge {
    /// A cell that starts a merge of `rows × cols` (1 × 1 when not merged).
    Span { rows: u32, cols: u32 },
    /// A cell that continues the vertical merge of the cell above it
    /// (docx `w:vMerge`, rtf `\clvmrg`); it spans `cols` grid columns.
    ContinueAbove { cols: u32 },
    /// A placeholder the source writes for a covered grid position (odt
    /// `table:covered-table-cell`): its position is already taken.
    Covered,
}

impl CellMerge {
    /// A plain 1 × 1 cell.
    pub const SINGLE: CellMerge = CellMerge::Span { rows: 1, cols: 1 };
}

/// A table as the source describes it: rows of the cells that start a merge,
/// with their spans, before layout on a grid.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RawTable {
    pub rows: Vec<Vec<RawCell>>,
    /// Number of leading rows the source marks as header rows.
    pub header_rows: u32,
}

/// One cell of a [`RawTable`].
#[derive(Debug, Clone, PartialEq)]
pub struct RawCell {
    pub text: String,
    pub rows: u32,
    pub cols: u32,
}

#[derive(Debug, Default)]
struct DraftCell {
    /// Paragraphs of the cell, trimmed and non-empty.
    paragraphs: Vec<String>,
    /// Text of the paragraph being read.
    line: String,
    merge: Option<CellMerge>,
    /// Grid column the source puts this cell at (sum of the spans before
    /// it in its row): how a vertical continuation finds its origin.
    declared_col: u32,
}

#[derive(Debug, Default)]
struct DraftTable {
    rows: Vec<Vec<DraftCell>>,
    /// Cells started so far (bounded by [`MAX_GRID_CELLS`]).
    cell_count: u64,
    /// Grid columns the open row's closed cells declare.
    row_width: u32,
    row_open: bool,
    /// Per row: whether the source marks it as a header row.
    header: Vec<bool>,
    cell: Option<DraftCell>,
    /// Tables found inside this one's cells, emitted after it.
    inner: Vec<RawTable>,
}

/// Collects one body's blocks from reader events.
#[derive(Debug)]
pub struct Flow {
    file: String,
    part: String,
    method: String,
    blocks: Vec<Block>,
    /// Text of the body-level paragraph being read.
    line: String,
    tables: Vec<DraftTable>,
    /// Tables opened beyond [`MAX_TABLE_DEPTH`], still to be closed.
    ignored_tables: usize,
    paragraphs: u32,
    table_count: u32,
    /// Skip a body-level paragraph equal to one already emitted (headers of
    /// first, odd and even pages repeat the same letterhead).
    dedupe: bool,
    /// Paragraph texts emitted so far, when deduplicating.
    seen: std::collections::HashSet<String>,
}

impl Flow {
    /// A flow for the part named `part` (`document`, `header`...) of `file`;
    /// `method` names the reader in each table (`docx`, `html`...).
    pub fn new(file: &str, part: &str, method: &str) -> Flow {
        Flow {
            file: file.to_string(),
            part: part.to_string(),
            method: method.to_string(),
            blocks: Vec::new(),
            line: String::new(),
            tables: Vec::new(),
            ignored_tables: 0,
            paragraphs: 0,
            table_count: 0,
            dedupe: false,
            seen: std::collections::HashSet::new(),
        }
    }

    /// Drop repeated body-level paragraphs (for headers and footers).
    pub fn deduplicated(mut self) -> Flow {
        self.dedupe = true;
        self
    }

    /// True while inside a table cell.
    pub fn in_cell(&self) -> bool {
        self.tables.last().is_some_and(|t| t.cell.is_some())
    }

    /// Current table nesting depth.
    pub fn table_depth(&self) -> usize {
        self.tables.len()
    }

    /// Append text to the paragraph being read.
    pub fn text(&mut self, s: &str) {
        self.line_mut().push_str(s);
    }

    /// Append one character.
    pub fn push(&mut self, c: char) {
        self.line_mut().push(c);
    }

    /// Put `label` (a list number) in front of the paragraph being read,
    /// unless the paragraph is empty.
    pub fn prefix_paragraph(&mut self, label: &str) {
        let line = self.line_mut();
        if !line.trim().is_empty() {
            let body = line.trim_start().to_string();
            *line = format!("{label} {body}");
        }
    }

    /// The last character of the paragraph being read.
    pub fn last_char(&self) -> Option<char> {
        match self.tables.last().and_then(|t| t.cell.as_ref()) {
            Some(cell) => cell.line.chars().next_back(),
            None => self.line.chars().next_back(),
        }
    }

    fn line_mut(&mut self) -> &mut String {
        match self.tables.last_mut().and_then(|t| t.cell.as_mut()) {
            Some(cell) => &mut cell.line,
            None => &mut self.line,
        }
    }

    /// End the paragraph being read; `heading` is kept for body-level
    /// paragraphs only. Empty paragraphs are dropped.
    pub fn end_paragraph(&mut self, heading: Option<u8>) {
        if let Some(cell) = self.tables.last_mut().and_then(|t| t.cell.as_mut()) {
            let text = std::mem::take(&mut cell.line);
            let text = text.trim();
            if !text.is_empty() {
                cell.paragraphs.push(text.to_string());
            }
            return;
        }
        if self.tables.last().is_some() {
            // Text between rows or cells (stray markup): not part of a cell.
            let stray = std::mem::take(&mut self.line);
            let stray = stray.trim();
            if !stray.is_empty() {
                self.emit_paragraph(stray.to_string(), None);
            }
            return;
        }
        let text = std::mem::take(&mut self.line);
        let text = text.trim();
        if !text.is_empty() {
            self.emit_paragraph(text.to_string(), heading);
        }
    }

    fn emit_paragraph(&mut self, text: String, heading: Option<u8>) {
        if self.dedupe && !self.seen.insert(text.clone()) {
            return;
        }
        let prov = Prov {
            part: Some(self.part.clone()),
            paragraph: Some(self.paragraphs),
            ..Prov::file(&self.file)
        };
        self.paragraphs += 1;
        self.blocks.push(Block::Paragraph(Paragraph {
            text,
            heading,
            prov,
        }));
    }

    /// Open a table (inside the current cell when one is open).
    pub fn start_table(&mut self) {
        if self.tables.len() >= MAX_TABLE_DEPTH {
            self.ignored_tables += 1;
            return;
        }
        if self.tables.last().is_some_and(|t| t.cell.is_none()) {
            // A table directly inside a table (no cell): give it one.
            self.start_cell(CellMerge::SINGLE);
        }
        self.end_paragraph(None);
        self.tables.push(DraftTable::default());
    }

    /// Open a row (closing one left open).
    pub fn start_row(&mut self, header: bool) {
        if self.ignored_tables > 0 {
            return;
        }
        self.end_row();
        let Some(t) = self.tables.last_mut() else {
            return;
        };
        t.row_open = true;
        t.row_width = 0;
        if t.rows.len() as u64 >= MAX_GRID_CELLS {
            // Beyond the bound, rows run together in the last one.
            return;
        }
        t.rows.push(Vec::new());
        t.header.push(header);
    }

    /// Mark the open row as a header row (for sources that say so after the
    /// row starts, like docx `w:tblHeader`).
    pub fn mark_header_row(&mut self) {
        if self.ignored_tables > 0 {
            return;
        }
        if let Some(h) = self.tables.last_mut().and_then(|t| t.header.last_mut()) {
            *h = true;
        }
    }

    /// Change the merge of the open cell (for sources that give spans after
    /// the cell starts, like docx `w:tcPr`).
    pub fn set_cell_merge(&mut self, merge: CellMerge) {
        if self.ignored_tables > 0 {
            return;
        }
        if let Some(cell) = self.tables.last_mut().and_then(|t| t.cell.as_mut()) {
            cell.merge = Some(merge);
        }
    }

    /// Open a cell (closing one left open, opening a row if none is).
    pub fn start_cell(&mut self, merge: CellMerge) {
        if self.ignored_tables > 0 || self.tables.is_empty() {
            return;
        }
        self.end_cell();
        if self.tables.last().is_some_and(|t| !t.row_open) {
            self.start_row(false);
        }
        let Some(t) = self.tables.last_mut() else {
            return;
        };
        if t.cell_count >= MAX_GRID_CELLS {
            // Beyond the bound the text joins the body as stray text.
            return;
        }
        t.cell_count += 1;
        t.cell = Some(DraftCell {
            merge: Some(merge),
            declared_col: t.row_width,
            ..Default::default()
        });
    }

    /// Close the open cell, if any.
    pub fn end_cell(&mut self) {
        if self.ignored_tables > 0 {
            return;
        }
        if !self.in_cell() {
            return;
        }
        self.end_paragraph(None);
        let Some(t) = self.tables.last_mut() else {
            return;
        };
        if let Some(cell) = t.cell.take() {
            if t.rows.is_empty() {
                t.rows.push(Vec::new());
                t.header.push(false);
            }
            t.row_open = true;
            t.row_width = t.row_width.saturating_add(declared_width(cell.merge));
            if let Some(row) = t.rows.last_mut() {
                row.push(cell);
            }
        }
    }

    /// Close the open row, if any.
    pub fn end_row(&mut self) {
        if self.ignored_tables > 0 {
            return;
        }
        self.end_cell();
        if let Some(t) = self.tables.last_mut() {
            t.row_open = false;
        }
    }

    /// Close the innermost table: a body-level table becomes a block (its
    /// inner tables follow it); an inner table's text flows into the
    /// enclosing cell and the table itself waits for its outer table.
    pub fn end_table(&mut self) {
        if self.ignored_tables > 0 {
            self.ignored_tables -= 1;
            return;
        }
        self.end_row();
        let Some(draft) = self.tables.pop() else {
            return;
        };
        let mut inner = Vec::new();
        let raw = draft.into_raw(&mut inner);
        match self.tables.last_mut().and_then(|t| t.cell.as_mut()) {
            Some(cell) => {
                let flat = flatten(&raw);
                if !flat.is_empty() {
                    cell.paragraphs.push(flat);
                }
                if let Some(parent) = self.tables.last_mut() {
                    parent.inner.push(raw);
                    parent.inner.append(&mut inner);
                }
            }
            None => {
                self.emit_table(raw);
                for t in inner {
                    self.emit_table(t);
                }
            }
        }
    }

    /// Add a whole table at body level (for readers that see a table at
    /// once rather than as events).
    pub fn emit_table(&mut self, raw: RawTable) {
        if raw.rows.iter().all(Vec::is_empty) {
            return;
        }
        self.table_count += 1;
        let prov = Prov {
            part: Some(self.part.clone()),
            table: Some(self.table_count),
            ..Prov::file(&self.file)
        };
        let mut table = layout(&raw, prov, &self.method);
        table.caption = self.caption_above();
        self.blocks.push(Block::Table(table));
    }

    /// The paragraph just above a table when it reads as its title: short
    /// and not a sentence or question ("Number of scans by database", not
    /// "2. How many scans were made?"). Inner tables, which follow their
    /// outer table, get none.
    fn caption_above(&self) -> Option<String> {
        let Some(Block::Paragraph(p)) = self.blocks.last() else {
            return None;
        };
        let text = p.text.trim();
        let sentence = text.ends_with(['.', '?', '!', ',', ';']);
        (text.chars().count() <= MAX_CAPTION_CHARS && !sentence && !text.contains('\n'))
            .then(|| text.to_string())
    }

    /// Close everything left open and return the body.
    pub fn finish(mut self) -> Body {
        while self.ignored_tables > 0 || !self.tables.is_empty() {
            self.end_table();
        }
        self.end_paragraph(None);
        Body {
            name: self.part,
            blocks: self.blocks,
        }
    }
}

fn declared_width(merge: Option<CellMerge>) -> u32 {
    match merge {
        Some(CellMerge::Span { cols, .. }) | Some(CellMerge::ContinueAbove { cols }) => {
            cols.clamp(1, MAX_COL_SPAN)
        }
        Some(CellMerge::Covered) | None => 1,
    }
}

impl DraftTable {
    /// Resolve vertical continuations into row spans of their origins and
    /// drop placeholders, giving the table as rows of origin cells.
    fn into_raw(self, inner_out: &mut Vec<RawTable>) -> RawTable {
        *inner_out = self.inner;
        let mut rows: Vec<Vec<RawCell>> = Vec::with_capacity(self.rows.len());
        // For each declared column, the (row, index) of the origin cell a
        // continuation below would extend.
        let mut origin_at: std::collections::HashMap<u32, (usize, usize)> =
            std::collections::HashMap::new();
        for (r, row) in self.rows.into_iter().enumerate() {
            let mut out = Vec::with_capacity(row.len());
            for cell in row {
                let text = cell.paragraphs.join("\n");
                match cell.merge.unwrap_or(CellMerge::SINGLE) {
                    CellMerge::Covered => {}
                    CellMerge::ContinueAbove { cols } => {
                        let origin = origin_at.get(&cell.declared_col).copied();
                        let extended = origin.and_then(|(orow, oidx)| {
                            let o = rows.get_mut(orow)?.get_mut(oidx)?;
                            // Only a cell ending just above can grow.
                            (orow as u32 + o.rows == r as u32).then(|| o.rows += 1)
                        });
                        if extended.is_none() {
                            // A continuation with nothing above: a plain cell.
                            origin_at.insert(cell.declared_col, (r, out.len()));
                            out.push(RawCell {
                                text,
                                rows: 1,
                                cols: cols.clamp(1, MAX_COL_SPAN),
                            });
                        }
                    }
                    CellMerge::Span { rows: rs, cols } => {
                        origin_at.insert(cell.declared_col, (r, out.len()));
                        out.push(RawCell {
                            text,
                            rows: rs.clamp(1, MAX_ROW_SPAN),
                            cols: cols.clamp(1, MAX_COL_SPAN),
                        });
                    }
                }
            }
            rows.push(out);
        }
        RawTable {
            rows,
            header_rows: self.header.iter().take_while(|&&h| h).count() as u32,
        }
    }
}

/// An inner table as text for its enclosing cell: cells joined by tabs,
/// rows by newlines.
fn flatten(raw: &RawTable) -> String {
    raw.rows
        .iter()
        .map(|r| {
            r.iter()
                .map(|c| c.text.replace('\n', " "))
                .collect::<Vec<_>>()
                .join("\t")
        })
        .filter(|l| !l.trim().is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Lay the cells of `raw` out on a grid the way HTML does: each cell takes
/// the next free position of its row; spans reserve positions below and to
/// the right. Merged positions are expanded and marked via [`Table::merge`].
pub fn layout(raw: &RawTable, prov: Prov, method: &str) -> Table {
    let span_budget_ok = {
        let cells: u64 = raw
            .rows
            .iter()
            .flatten()
            .map(|c| u64::from(c.rows.max(1)) * u64::from(c.cols.max(1)))
            .sum();
        cells <= MAX_GRID_CELLS
    };
    let n_rows = raw.rows.len();
    // occupied[r] = grid columns of row r already taken by spans from above.
    let mut occupied: Vec<Vec<bool>> = vec![Vec::new(); n_rows];
    let mut grid: Vec<Vec<String>> = vec![Vec::new(); n_rows];
    let mut merges = Vec::new();
    for (r, row) in raw.rows.iter().enumerate() {
        let mut col = 0usize;
        for cell in row {
            while occupied[r].get(col).copied().unwrap_or(false) {
                col += 1;
            }
            let (rows, cols) = if span_budget_ok {
                (
                    (cell.rows.max(1) as usize).min(n_rows - r),
                    cell.cols.max(1) as usize,
                )
            } else {
                (1, 1)
            };
            for (rr, occ) in occupied.iter_mut().enumerate().skip(r).take(rows) {
                if occ.len() < col + cols {
                    occ.resize(col + cols, false);
                }
                for slot in &mut occ[col..col + cols] {
                    *slot = true;
                }
                let g = &mut grid[rr];
                if g.len() < col + cols {
                    g.resize(col + cols, String::new());
                }
            }
            grid[r][col] = cell.text.clone();
            if rows > 1 || cols > 1 {
                merges.push((r as u32, col as u32, rows as u32, cols as u32));
            }
            col += cols;
        }
    }
    // Ragged rows are padded to the widest: keep the padded grid bounded
    // (a hostile file can pair one very wide row with very many short ones).
    let width = grid.iter().map(Vec::len).max().unwrap_or(0).max(1) as u64;
    let max_rows = (MAX_GRID_CELLS / width).max(1) as usize;
    grid.truncate(max_rows);
    merges.retain(|m| (m.0 as usize) < max_rows);
    let mut table = Table::from_rows(grid, prov, method);
    for (r, c, rows, cols) in merges {
        table.merge(r, c, rows, cols);
    }
    table.header_rows = raw.header_rows.min(table.n_rows);
    table
}

#[cfg(test)]
mod tests;
