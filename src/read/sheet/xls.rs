//! .xls (BIFF8) through calamine, with hidden rows/columns, number formats
//! for the displayed text, date-formatted formula results, a cell-limit
//! pre-check and guards against oversized `DIMENSIONS` records from
//! [`super::biff`].

use super::biff;
use super::cells::{convert, serial_to_date};
use super::{merge_ranges, too_many_cells, RawCell, RawSheet, RawWorkbook};
use crate::read::{Limits, ReadError};
use calamine::{Data, Reader as _, Xls, XlsError};
use std::io::Cursor;

/// Read every worksheet of an .xls.
pub fn read(bytes: &[u8], limits: &Limits) -> Result<RawWorkbook, ReadError> {
    // calamine reads the OLE container more leniently than the cfb crate,
    // but without this pass its allocations are unguarded: a container
    // that cannot be read here is reported as damaged.
    let (name, data) = biff::workbook_stream(bytes).map_err(ReadError::Corrupt)?;
    let info = biff::scan(&data);
    if info.encrypted {
        return Err(ReadError::Password);
    }
    if info.substreams.iter().any(|s| s.damaged) {
        return Err(ReadError::corrupt("cell record beyond column IV"));
    }
    // calamine builds every sheet's grid on open, so refuse a sheet too
    // large for the limit before it runs.
    if let Some(cells) = info
        .substreams
        .iter()
        .map(biff::BiffSheet::extent_cells)
        .max()
        .filter(|&n| n > limits.max_sheet_cells)
    {
        return Err(too_many_cells(cells, limits));
    }
    let mut out = RawWorkbook::default();
    // The bytes calamine reads: the file, or a rebuilt copy without
    // oversized DIMENSIONS records.
    let oversized: Vec<(usize, usize)> = info
        .substreams
        .iter()
        .filter(|s| s.declared_cells > limits.max_sheet_cells)
        .flat_map(|s| s.dimension_records.iter().copied())
        .collect();
    let rebuilt = if oversized.is_empty() {
        None
    } else {
        out.warnings
            .push("sheet dimensions declared larger than the cells it holds: ignored".into());
        Some(biff::without_dimensions(name, data, &oversized).map_err(ReadError::corrupt)?)
    };
    let source = rebuilt.as_deref().unwrap_or(bytes);
    let mut book: Xls<_> = Xls::new(Cursor::new(source)).map_err(xls_error)?;
    let is_1904 = book.has_1904_epoch();
    let metadata: Vec<_> = book.sheets_metadata().to_vec();
    for (index, meta) in metadata.iter().enumerate() {
        if meta.typ != calamine::SheetType::WorkSheet {
            continue;
        }
        let range = book.worksheet_range(&meta.name).map_err(xls_error)?;
        let layout = info.sheets.get(&meta.name);
        let mut sheet = RawSheet::listed(meta, index);
        let (r0, c0) = range.start().unwrap_or((0, 0));
        for (row, col, data) in range.used_cells() {
            if *data == Data::Empty {
                continue;
            }
            let (row, col) = (r0 + row as u32, c0 + col as u32);
            let is_date_formula = layout.is_some_and(|l| l.date_formulas.contains(&(row, col)));
            let (text, value) = match data {
                Data::Float(f) if is_date_formula => serial_to_date(*f, is_1904),
                Data::Int(i) if is_date_formula => serial_to_date(*i as f64, is_1904),
                other => convert(
                    other,
                    layout
                        .and_then(|l| l.number_formats.get(&(row, col)))
                        .map(String::as_str),
                ),
            };
            sheet.cells.push(RawCell {
                row,
                col,
                text,
                value,
            });
        }
        sheet.merges = merge_ranges(
            book.merge_cells_by_sheet_name(&meta.name)
                .unwrap_or_default(),
        );
        if let Some(layout) = layout {
            sheet.hidden_rows.clone_from(&layout.hidden_rows);
            sheet.hidden_cols.clone_from(&layout.hidden_cols);
        }
        out.sheets.push(sheet);
    }
    Ok(out)
}

fn xls_error(e: XlsError) -> ReadError {
    match e {
        XlsError::Password => ReadError::Password,
        other => ReadError::corrupt(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> Vec<u8> {
        let path = format!(
            "{}/fixtures/formats/sheets/{name}",
            env!("CARGO_MANIFEST_DIR")
        );
        std::fs::read(path).expect("fixture")
    }

    #[test]
    fn formula_results_under_a_date_format_are_dates() {
        // calamine 0.38 types these itself (#640 is closed); the BIFF pass
        // keeps them dates should a file or version leave them floats.
        let bytes = fixture("formula_date.xls");
        let info = biff::scan_file(&bytes).unwrap();
        assert!(info.sheets["Dates"].date_formulas.contains(&(0, 1)));
        assert!(!info.sheets["Dates"].date_formulas.contains(&(3, 1)));
        let raw = read(&bytes, &Limits::default()).unwrap();
        let b1 = raw.sheets[0]
            .cells
            .iter()
            .find(|c| (c.row, c.col) == (0, 1))
            .unwrap();
        assert_eq!(b1.value, crate::doc::CellValue::Date("2019-03-01".into()));
        let b4 = raw.sheets[0]
            .cells
            .iter()
            .find(|c| (c.row, c.col) == (3, 1))
            .unwrap();
        assert_eq!(b4.value, crate::doc::CellValue::Number(1209.0));
    }

    /// Overwrite the body of every DIMENSIONS record of a BIFF8 stream.
    fn with_dimensions(bytes: &[u8], body: [u8; 14]) -> Vec<u8> {
        let (name, mut data) = biff::workbook_stream(bytes).unwrap();
        let info = biff::scan(&data);
        for sheet in info.sheets.values() {
            for &(at, len) in &sheet.dimension_records {
                assert_eq!(len, 14);
                data[at..at + 14].copy_from_slice(&body);
            }
        }
        biff::without_dimensions(name, data, &[]).unwrap()
    }

    #[test]
    fn hostile_dimensions_do_not_reach_calamine() {
        // Rows 0..4,000,000,000 x 256 columns declared: calamine 0.38 would
        // reserve ~40 TB for the cell vector and abort the process.
        let mut body = [0u8; 14];
        body[4..8].copy_from_slice(&4_000_000_000u32.to_le_bytes());
        body[10..12].copy_from_slice(&256u16.to_le_bytes());
        let bytes = with_dimensions(&fixture("formula_date.xls"), body);
        let raw = read(&bytes, &Limits::default()).unwrap();
        assert_eq!(raw.sheets[0].cells.len(), 8);
        assert_eq!(raw.warnings.len(), 1, "{:?}", raw.warnings);
        // Inverted rows (first > last) wrap the same way.
        let mut body = [0u8; 14];
        body[0..4].copy_from_slice(&100u32.to_le_bytes());
        body[4..8].copy_from_slice(&50u32.to_le_bytes());
        body[10..12].copy_from_slice(&2u16.to_le_bytes());
        let bytes = with_dimensions(&fixture("formula_date.xls"), body);
        assert_eq!(
            read(&bytes, &Limits::default()).unwrap().sheets[0]
                .cells
                .len(),
            8
        );
    }
}
