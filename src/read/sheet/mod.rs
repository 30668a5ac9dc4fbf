//! Spreadsheet reader: .xlsx, .xlsm, .xlsb, .xls and .ods through calamine,
//! one [`Sheet`] per worksheet in workbook order (hidden sheets included).
//!
//! calamine gives typed values, sheet visibility and (xlsx, xls) merged
//! ranges. What it does not expose is read here from the file itself:
//! hidden rows and columns (xlsx sheet XML, ODS `content.xml`, xls BIFF
//! records), ODS merged ranges, and xls formula results under a date format
//! (calamine #640). Each format module turns a workbook into [`RawSheet`]s
//! with absolute positions; [`build_sheet`] makes the model's table of the
//! used range, bounded by `Limits::max_sheet_cells`.

mod biff;
mod cells;
mod ods;
mod ods_layout;
mod xls;
mod xlsx;
mod xlsx_layout;

use super::{sniff, Extracted, Input, Limits, ReadError, Reader};
use crate::doc::{a1, Cell, CellValue, Format, Part, Prov, Sheet, Table};
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
        // calamine can panic on malformed records (e.g. an arithmetic
        // overflow on a damaged xls MULRK in debug builds): for a workbook
        // that is what "corrupt" means, so say that rather than "error".
        let raw = std::panic::catch_unwind(AssertUnwindSafe(|| read(input.bytes, &input.limits)))
            .map_err(|payload| {
                ReadError::Corrupt(format!("parser failed: {}", panic_text(&payload)))
            })??;
        let mut parts = Vec::with_capacity(raw.sheets.len());
        warnings.extend(raw.warnings);
        for raw_sheet in raw.sheets {
            parts.push(Part::Sheet(build_sheet(
                raw_sheet,
                input.path,
                &input.limits,
                &mut warnings,
            )));
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

/// calamine's sheet visibility as the model names it.
pub(crate) fn visibility_name(v: calamine::SheetVisible) -> &'static str {
    match v {
        calamine::SheetVisible::Visible => "visible",
        calamine::SheetVisible::Hidden => "hidden",
        calamine::SheetVisible::VeryHidden => "very_hidden",
    }
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

/// Make the model's sheet: the used range (bounding box of non-empty
/// cells) as one table, merges applied and listed, hidden rows and columns
/// marked and listed (those within the used range).
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
    let n_cols = c1 - c0 + 1;
    let full_rows = u64::from(r1 - r0 + 1);
    let max_cells = limits.max_sheet_cells.max(1);
    // Keep whole rows up to the cell limit; a single row wider than the
    // limit is cut at the limit.
    let n_cols = n_cols.min(u32::try_from(max_cells).unwrap_or(u32::MAX));
    let n_rows = full_rows.min((max_cells / u64::from(n_cols)).max(1)) as u32;
    if u64::from(n_rows) < full_rows || n_cols < c1 - c0 + 1 {
        warnings.push(format!(
            "sheet '{}' cut to {} rows x {} columns of {} x {} (cell limit {})",
            raw.name,
            n_rows,
            n_cols,
            full_rows,
            c1 - c0 + 1,
            limits.max_sheet_cells
        ));
    }
    let last_row = r0 + n_rows - 1;
    let last_col = c0 + n_cols - 1;

    let hidden_rows = expand_ranges(&raw.hidden_rows, r0, last_row);
    let hidden_cols = expand_ranges(&raw.hidden_cols, c0, last_col);

    let mut cells = Vec::with_capacity(n_rows as usize * n_cols as usize);
    for r in 0..n_rows {
        for c in 0..n_cols {
            let mut prov = table_prov.clone();
            prov.row = Some(r);
            prov.col = Some(c);
            prov.cell = Some(a1(r0 + r, c0 + c));
            cells.push(Cell {
                row: r,
                col: c,
                row_span: 1,
                col_span: 1,
                hidden: hidden_rows.binary_search(&(r0 + r)).is_ok()
                    || hidden_cols.binary_search(&(c0 + c)).is_ok(),
                prov,
                ..Default::default()
            });
        }
    }
    for rc in raw.cells {
        if rc.row > last_row || rc.col > last_col {
            continue;
        }
        let idx = (rc.row - r0) as usize * n_cols as usize + (rc.col - c0) as usize;
        if let Some(cell) = cells.get_mut(idx) {
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
        // Only the part inside the used range can be applied to the table.
        let (fr, fc) = (mr0.max(r0), mc0.max(c0));
        let (lr, lc) = (mr1.min(last_row), mc1.min(last_col));
        if fr > lr || fc > lc || (fr, fc) != (mr0, mc0) {
            continue;
        }
        table.merge(fr - r0, fc - c0, lr - fr + 1, lc - fc + 1);
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
