//! .xlsx/.xlsm and .xlsb through calamine's streaming cell readers, so a
//! sheet is never allocated from its declared dimension: cells are
//! collected one by one up to the cell limit.
//!
//! xlsx also gets each cell's number format (for the displayed text),
//! calamine's merged ranges, and hidden rows/columns from
//! [`super::xlsx_layout`]. calamine has neither merges nor row/column
//! visibility for .xlsb, so those sheets carry none.

use super::cells::convert;
use super::xlsx_layout;
use super::{merge_ranges, RawCell, RawSheet, RawWorkbook};
use crate::read::{Limits, ReadError};
use calamine::{Data, Reader as _, SheetType, Xlsb, XlsbError, Xlsx, XlsxError};
use std::io::Cursor;

/// Read every worksheet of an .xlsx or .xlsm.
pub fn read_xlsx(bytes: &[u8], limits: &Limits) -> Result<RawWorkbook, ReadError> {
    xlsx_layout::check_shared_strings(bytes).map_err(ReadError::Corrupt)?;
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(xlsx_error)?;
    let mut layouts = xlsx_layout::read(bytes);
    let mut out = RawWorkbook::default();
    if let Err(e) = &layouts {
        out.warnings
            .push(format!("hidden rows and columns not read: {e}"));
    }
    let metadata: Vec<_> = book.sheets_metadata().to_vec();
    for (index, meta) in metadata.iter().enumerate() {
        if meta.typ != SheetType::WorkSheet {
            continue;
        }
        let mut sheet = RawSheet::listed(meta, index);
        {
            let mut reader = book
                .worksheet_cells_reader(&meta.name)
                .map_err(xlsx_error)?;
            let formats: Vec<Option<String>> = reader
                .styles()
                .iter()
                .map(|s| s.number_format.as_ref().map(|f| f.format_code.clone()))
                .collect();
            while let Some((cell, style)) = reader.next_cell_with_style_id().map_err(xlsx_error)? {
                let format = formats.get(style).and_then(|f| f.as_deref());
                if !add_streamed_cell(&mut sheet, &cell, format, limits) {
                    break;
                }
            }
        }
        sheet.merges = merge_ranges(
            book.merge_cells_by_sheet_name(&meta.name)
                .map_err(xlsx_error)?,
        );
        if let Ok(layouts) = &mut layouts {
            if let Some(layout) = layouts.remove(&meta.name) {
                sheet.hidden_rows = layout.hidden_rows;
                sheet.hidden_cols = layout.hidden_cols;
            }
        }
        out.sheets.push(sheet);
    }
    Ok(out)
}

/// Read every worksheet of an .xlsb (values only: no merges, no hidden
/// rows or columns, as calamine reads none for this format).
pub fn read_xlsb(bytes: &[u8], limits: &Limits) -> Result<RawWorkbook, ReadError> {
    let mut book: Xlsb<_> = Xlsb::new(Cursor::new(bytes)).map_err(xlsb_error)?;
    let mut out = RawWorkbook::default();
    let metadata: Vec<_> = book.sheets_metadata().to_vec();
    for (index, meta) in metadata.iter().enumerate() {
        if meta.typ != SheetType::WorkSheet {
            continue;
        }
        let mut sheet = RawSheet::listed(meta, index);
        let mut reader = book
            .worksheet_cells_reader(&meta.name)
            .map_err(xlsb_error)?;
        while let Some(cell) = reader.next_cell().map_err(xlsb_error)? {
            if !add_streamed_cell(&mut sheet, &cell, None, limits) {
                break;
            }
        }
        drop(reader);
        out.sheets.push(sheet);
    }
    Ok(out)
}

/// Add one cell from a streaming reader, skipping empty ones. At the cell
/// limit the sheet is marked truncated and `false` tells the caller to stop.
fn add_streamed_cell(
    sheet: &mut RawSheet,
    cell: &calamine::Cell<calamine::DataRef<'_>>,
    format: Option<&str>,
    limits: &Limits,
) -> bool {
    let data: Data = cell.get_value().clone().into();
    if data == Data::Empty {
        return true;
    }
    if sheet.cells.len() as u64 >= limits.max_sheet_cells {
        sheet.truncated = true;
        return false;
    }
    let (row, col) = cell.get_position();
    let (text, value) = convert(&data, format);
    sheet.cells.push(RawCell {
        row,
        col,
        text,
        value,
    });
    true
}

fn xlsx_error(e: XlsxError) -> ReadError {
    match e {
        XlsxError::Password => ReadError::Password,
        other => ReadError::corrupt(other),
    }
}

fn xlsb_error(e: XlsbError) -> ReadError {
    match e {
        XlsbError::Password => ReadError::Password,
        other => ReadError::corrupt(other),
    }
}
