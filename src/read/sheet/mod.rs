//! Spreadsheet reader: .xlsx, .xlsm, .xlsb, .xls and .ods through calamine,
//! one [`Sheet`] per worksheet in workbook order (hidden and very hidden
//! sheets included, chartsheets left out).
//!
//! calamine gives typed values, sheet visibility and (xlsx, xls) merged
//! ranges. What it does not expose is read here from the file itself:
//! hidden rows and columns (xlsx sheet XML, ODS `content.xml`, xls BIFF
//! records), ODS merged ranges, the number formats behind the displayed
//! text of xls and ODS numbers, and (as a fallback for calamine #640) xls
//! formula results under a date format. Each format module turns a workbook
//! into [`RawSheet`]s with absolute positions; [`build_sheet`] makes the
//! model's table of the used range, bounded by `Limits::max_sheet_cells`
//! (very sparse sheets leave their wholly empty rows and columns out).
//!
//! calamine trusts some declared sizes (xls `DIMENSIONS`, xlsx
//! `uniqueCount`) and indexes some records unchecked; the format modules
//! check those declarations first, and a panic inside calamine on a damaged
//! file is reported as a corrupt file.

mod biff;
mod cells;
mod ods;
mod ods_layout;
mod xls;
mod xlsx;
mod xlsx_layout;

use super::archive::recover;
use super::{sniff, Extracted, Input, Limits, ReadError, Reader};
use crate::doc::{a1, Cell, CellValue, Format, Part, Prov, Sheet, Table};
use std::borrow::Cow;
use std::panic::AssertUnwindSafe;

pub struct SheetReader;

impl Reader for SheetReader {
    fn read(&self, input: &Input) -> Result<Extracted, ReadError> {
        if sniff::is_encrypted_ooxml(input.bytes) {
            return Err(ReadError::Password);
        }
        let mut warnings = Vec::new();
        let read: fn(&[u8], &Limits) -> Result<RawWorkbook, ReadError> = match input.format {
            Format::Xlsx | Format::Xlsm => xlsx::read_xlsx,
            Format::Xlsb => xlsx::read_xlsb,
            Format::Xls => xls::read,
            Format::Ods => ods::read,
            other => {
                return Err(ReadError::Unsupported(format!(
                    "{other} is not a spreadsheet"
                )))
            }
        };
        // A zip-packaged workbook whose central directory is cut is read
        // from the entries recovered from it.
        let (bytes, recovery) = match input.format {
            Format::Xls => (Cow::Borrowed(input.bytes), None),
            _ => recover::readable(input.bytes, input.limits.max_entries)?,
        };
        // calamine can panic on malformed records (e.g. an arithmetic
        // overflow on a damaged xls MULRK in debug builds): for a workbook
        // that is what "corrupt" means, so say that rather than "error".
        let raw = std::panic::catch_unwind(AssertUnwindSafe(|| read(&bytes, &input.limits)))
            .map_err(|payload| {
                ReadError::Corrupt(format!("parser failed: {}", panic_text(&payload)))
            })
            .and_then(|read| read)
            .map_err(|e| match &recovery {
                Some(recovery) => recovery.explain(e),
                None => e,
            })?;
        warnings.extend(recovery.map(|r| r.to_string()));
        let mut parts = Vec::with_capacity(raw.sheets.len());
        warnings.extend(raw.warnings);
        for raw_sheet in raw.sheets {
            let mut sheet = build_sheet(raw_sheet, input.path, &input.limits, &mut warnings);
            // A record-level annex: counted, and only its first rows kept.
            let counts = super::annex::bound_sheet(&mut sheet, input.path);
            parts.push(Part::Sheet(sheet));
            if let Some((counts, warning)) = counts {
                parts.extend(counts.into_iter().map(Part::Sheet));
                warnings.push(warning);
            }
        }
        Ok(Extracted {
            parts,
            children: Vec::new(),
            warnings,
        })
    }
}

fn panic_text(payload: &Box<dyn std::any::Any + Send>) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "panic".into())
}

/// A workbook as a format module reads it.
#[derive(Debug, Default)]
pub(crate) struct RawWorkbook {
    pub sheets: Vec<RawSheet>,
    pub warnings: Vec<String>,
}

/// One worksheet with absolute (0-based, from A1) positions.
#[derive(Debug, Default)]
pub(crate) struct RawSheet {
    pub name: String,
    /// 0-based position in the workbook.
    pub index: u32,
    pub visibility: String,
    /// Non-empty cells only.
    pub cells: Vec<RawCell>,
    /// Merged ranges, inclusive: `(first row, first col, last row, last col)`.
    pub merges: Vec<[u32; 4]>,
    /// Hidden rows and columns as inclusive ranges (ODS repeats rows by the
    /// million, so single indices would not do).
    pub hidden_rows: Vec<(u32, u32)>,
    pub hidden_cols: Vec<(u32, u32)>,
    /// Set when the reader stopped early at the cell limit.
    pub truncated: bool,
}

/// A non-empty cell at an absolute position.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct RawCell {
    pub row: u32,
    pub col: u32,
    pub text: String,
    pub value: CellValue,
}

impl RawSheet {
    /// An empty sheet named, placed (0-based `index`) and shown as
    /// calamine's workbook metadata lists it.
    pub(crate) fn listed(meta: &calamine::Sheet, index: usize) -> RawSheet {
        RawSheet {
            name: meta.name.clone(),
            index: index as u32,
            visibility: visibility_name(meta.visible).into(),
            ..Default::default()
        }
    }
}

/// calamine's sheet visibility as the model names it.
fn visibility_name(v: calamine::SheetVisible) -> &'static str {
    match v {
        calamine::SheetVisible::Visible => "visible",
        calamine::SheetVisible::Hidden => "hidden",
        calamine::SheetVisible::VeryHidden => "very_hidden",
    }
}

/// Append an inclusive range of hidden rows or columns, joining it to the
/// previous one when adjacent.
pub(crate) fn push_range(ranges: &mut Vec<(u32, u32)>, a: u32, b: u32) {
    if let Some(last) = ranges.last_mut() {
        if last.1.checked_add(1) == Some(a) {
            last.1 = b;
            return;
        }
    }
    ranges.push((a, b));
}

/// calamine's merged areas as inclusive `[first row, first col, last row,
/// last col]` ranges.
pub(crate) fn merge_ranges(areas: Vec<calamine::Dimensions>) -> Vec<[u32; 4]> {
    areas
        .into_iter()
        .map(|d| [d.start.0, d.start.1, d.end.0, d.end.1])
        .collect()
}

/// The cell-limit error for a sheet whose extent is already known to be too
/// large to hold.
pub(crate) fn too_many_cells(found: u64, limits: &Limits) -> ReadError {
    ReadError::LimitExceeded {
        what: "sheet cells".into(),
        found,
        max: limits.max_sheet_cells,
    }
}

/// A bounding box larger than this many cells, and more than
/// [`SPARSE_RATIO`] times the number of values, is a sparse sheet (a stray
/// value at `XFD1048576`, a few far-apart blocks): its wholly empty rows
/// and columns are left out of the table, so a 5 kB file cannot become a
/// grid of millions of empty cells. A1 references stay the real ones.
const SPARSE_MIN_CELLS: u64 = 250_000;
const SPARSE_RATIO: u64 = 50;

/// Make the model's sheet: the used range (bounding box of non-empty
/// cells) as one table, merges applied and listed, hidden rows and columns
/// marked and listed (those within the table).
fn build_sheet(raw: RawSheet, path: &str, limits: &Limits, warnings: &mut Vec<String>) -> Sheet {
    let mut table_prov = Prov::file(path);
    table_prov.sheet = Some(raw.name.clone());
    table_prov.table = Some(1);
    if raw.truncated {
        warnings.push(format!(
            "sheet '{}' stopped at {} cells (cell limit)",
            raw.name, limits.max_sheet_cells
        ));
    }
    let Some((r0, c0, r1, c1)) = bounding_box(&raw.cells) else {
        return Sheet {
            name: raw.name,
            index: raw.index,
            visibility: raw.visibility,
            hidden_rows: Vec::new(),
            hidden_cols: Vec::new(),
            merged: Vec::new(),
            table: Table {
                method: "sheet".into(),
                prov: table_prov,
                ..Default::default()
            },
        };
    };
    // The sheet rows and columns that become table rows and columns.
    let box_cells = u64::from(r1 - r0 + 1) * u64::from(c1 - c0 + 1);
    let (mut rows, mut cols): (Vec<u32>, Vec<u32>) = if box_cells > SPARSE_MIN_CELLS
        && box_cells > SPARSE_RATIO * raw.cells.len() as u64
    {
        let mut rows: Vec<u32> = raw.cells.iter().map(|c| c.row).collect();
        let mut cols: Vec<u32> = raw.cells.iter().map(|c| c.col).collect();
        rows.sort_unstable();
        rows.dedup();
        cols.sort_unstable();
        cols.dedup();
        warnings.push(format!(
                "sheet '{}' is sparse ({} values over {}:{}): {} empty rows and {} empty columns left out",
                raw.name,
                raw.cells.len(),
                a1(r0, c0),
                a1(r1, c1),
                (r1 - r0 + 1) as usize - rows.len(),
                (c1 - c0 + 1) as usize - cols.len()
            ));
        (rows, cols)
    } else {
        ((r0..=r1).collect(), (c0..=c1).collect())
    };
    // Keep whole rows up to the cell limit; a single row wider than the
    // limit is cut at the limit.
    let max_cells = limits.max_sheet_cells.max(1);
    let (full_rows, full_cols) = (rows.len(), cols.len());
    cols.truncate(usize::try_from(max_cells).unwrap_or(usize::MAX));
    rows.truncate((max_cells / cols.len() as u64).max(1) as usize);
    if rows.len() < full_rows || cols.len() < full_cols {
        warnings.push(format!(
            "sheet '{}' cut to {} rows x {} columns of {} x {} (cell limit {})",
            raw.name,
            rows.len(),
            cols.len(),
            full_rows,
            full_cols,
            limits.max_sheet_cells
        ));
    }
    let (n_rows, n_cols) = (rows.len() as u32, cols.len() as u32);
    let in_table = |axis: &[u32], ranges: &[(u32, u32)]| -> Vec<u32> {
        let (Some(&lo), Some(&hi)) = (axis.first(), axis.last()) else {
            return Vec::new();
        };
        let mut v = expand_ranges(ranges, lo, hi);
        v.retain(|x| axis.binary_search(x).is_ok());
        v
    };
    let hidden_rows = in_table(&rows, &raw.hidden_rows);
    let hidden_cols = in_table(&cols, &raw.hidden_cols);

    let mut cells = Vec::with_capacity(rows.len() * cols.len());
    for (r, &sheet_row) in rows.iter().enumerate() {
        let row_hidden = hidden_rows.binary_search(&sheet_row).is_ok();
        for (c, &sheet_col) in cols.iter().enumerate() {
            let mut prov = table_prov.clone();
            prov.row = Some(r as u32);
            prov.col = Some(c as u32);
            prov.cell = Some(a1(sheet_row, sheet_col));
            cells.push(Cell {
                row: r as u32,
                col: c as u32,
                row_span: 1,
                col_span: 1,
                hidden: row_hidden || hidden_cols.binary_search(&sheet_col).is_ok(),
                prov,
                ..Default::default()
            });
        }
    }
    for rc in raw.cells {
        let (Ok(r), Ok(c)) = (rows.binary_search(&rc.row), cols.binary_search(&rc.col)) else {
            continue;
        };
        if let Some(cell) = cells.get_mut(r * cols.len() + c) {
            cell.text = rc.text;
            cell.value = rc.value;
        }
    }
    let mut table = Table {
        n_rows,
        n_cols,
        header_rows: 0,
        caption: None,
        method: "sheet".into(),
        prov: table_prov,
        cells,
    };
    let mut merges = raw.merges;
    merges.sort_unstable();
    merges.dedup();
    let mut merged = Vec::with_capacity(merges.len());
    for [mr0, mc0, mr1, mc1] in merges {
        if mr1 < mr0 || mc1 < mc0 {
            continue;
        }
        merged.push(format!("{}:{}", a1(mr0, mc0), a1(mr1, mc1)));
        // Applied when its origin is in the table, over the table rows and
        // columns it covers.
        let (Ok(tr), Ok(tc)) = (rows.binary_search(&mr0), cols.binary_search(&mc0)) else {
            continue;
        };
        let last_r = rows.partition_point(|&r| r <= mr1);
        let last_c = cols.partition_point(|&c| c <= mc1);
        table.merge(
            tr as u32,
            tc as u32,
            (last_r - tr) as u32,
            (last_c - tc) as u32,
        );
    }
    Sheet {
        name: raw.name,
        index: raw.index,
        visibility: raw.visibility,
        hidden_rows,
        hidden_cols,
        merged,
        table,
    }
}

/// Bounding box `(first row, first col, last row, last col)` of the cells.
fn bounding_box(cells: &[RawCell]) -> Option<(u32, u32, u32, u32)> {
    let first = cells.first()?;
    let mut b = (first.row, first.col, first.row, first.col);
    for c in cells {
        b.0 = b.0.min(c.row);
        b.1 = b.1.min(c.col);
        b.2 = b.2.max(c.row);
        b.3 = b.3.max(c.col);
    }
    Some(b)
}

/// Sorted, de-duplicated indices of the ranges clipped to `lo..=hi`.
fn expand_ranges(ranges: &[(u32, u32)], lo: u32, hi: u32) -> Vec<u32> {
    let mut out = Vec::new();
    for &(a, b) in ranges {
        let (a, b) = (a.max(lo), b.min(hi));
        if a <= b {
            out.extend(a..=b);
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(row: u32, col: u32, text: &str) -> RawCell {
        RawCell {
            row,
            col,
            text: text.into(),
            value: CellValue::from_text(text),
        }
    }

    fn raw() -> RawSheet {
        RawSheet {
            name: "Ethnicity".into(),
            visibility: "visible".into(),
            cells: vec![
                cell(1, 1, "Officer-defined ethnicity"),
                cell(1, 2, "Stops"),
                cell(2, 1, "IC1"),
                cell(2, 2, "612"),
                cell(3, 1, "IC3"),
                cell(3, 2, "187"),
            ],
            merges: vec![[0, 0, 1, 1]],
            hidden_rows: vec![(3, 1_000_000)],
            hidden_cols: vec![],
            ..Default::default()
        }
    }

    #[test]
    fn used_range_offset_gives_real_a1_refs() {
        let mut w = Vec::new();
        let s = build_sheet(raw(), "kent/annex.xlsx", &Limits::default(), &mut w);
        assert_eq!((s.table.n_rows, s.table.n_cols), (3, 2));
        let c = s.table.cell(1, 1).unwrap();
        assert_eq!(c.value, CellValue::Number(612.0));
        assert_eq!(c.prov.cell.as_deref(), Some("C3"));
        assert_eq!(c.prov.sheet.as_deref(), Some("Ethnicity"));
        assert_eq!(
            (c.prov.row, c.prov.col, c.prov.table),
            (Some(1), Some(1), Some(1))
        );
        // The hidden range is clipped to the used range.
        assert_eq!(s.hidden_rows, vec![3]);
        assert!(s.table.cell(2, 0).unwrap().hidden);
        assert!(!s.table.cell(1, 0).unwrap().hidden);
        // A merge starting outside the used range is listed, not applied.
        assert_eq!(s.merged, vec!["A1:B2"]);
        assert!(w.is_empty());
    }

    #[test]
    fn cell_limit_keeps_whole_rows_and_warns() {
        let mut w = Vec::new();
        let limits = Limits {
            max_sheet_cells: 4,
            ..Limits::default()
        };
        let s = build_sheet(raw(), "x.xlsx", &limits, &mut w);
        assert_eq!((s.table.n_rows, s.table.n_cols), (2, 2));
        assert_eq!(s.table.cells.len(), 4);
        assert_eq!(w.len(), 1, "{w:?}");
    }

    #[test]
    fn sparse_sheet_leaves_out_empty_rows_and_columns() {
        let mut w = Vec::new();
        let sheet = RawSheet {
            name: "Sheet1".into(),
            cells: vec![
                cell(0, 0, "Force"),
                cell(0, 1, "Kent"),
                cell(1_048_575, 16_383, "x"),
            ],
            merges: vec![[0, 0, 5, 1]],
            hidden_rows: vec![(0, 1_048_575)],
            ..Default::default()
        };
        let s = build_sheet(sheet, "x.xlsx", &Limits::default(), &mut w);
        assert_eq!((s.table.n_rows, s.table.n_cols), (2, 3));
        assert_eq!(s.table.row_texts(1), vec!["", "", "x"]);
        let far = s.table.cell(1, 2).unwrap();
        assert_eq!(far.prov.cell.as_deref(), Some("XFD1048576"));
        assert_eq!(s.hidden_rows, vec![0, 1_048_575]);
        // The merge A1:B6 covers the table's first row, first two columns.
        assert_eq!(s.table.cell(0, 0).unwrap().col_span, 2);
        assert_eq!(s.table.cell(0, 0).unwrap().row_span, 1);
        assert_eq!(s.merged, vec!["A1:B6"]);
        assert_eq!(w.len(), 1, "{w:?}");
    }

    #[test]
    fn empty_sheet_is_an_empty_table() {
        let mut w = Vec::new();
        let s = build_sheet(
            RawSheet {
                name: "Blank".into(),
                ..Default::default()
            },
            "x.ods",
            &Limits::default(),
            &mut w,
        );
        assert_eq!((s.table.n_rows, s.table.n_cols), (0, 0));
    }
}
