//! .ods through calamine (values, sheet names and visibility), with merged
//! ranges, hidden rows/columns, the displayed text of numbers and a
//! cell-limit pre-check from [`super::ods_layout`].

use super::cells::convert;
use super::ods_layout;
use super::{too_many_cells, RawCell, RawSheet, RawWorkbook};
use crate::read::{Limits, ReadError};
use calamine::{Data, Ods, OdsError, Reader as _};
use std::borrow::Cow;
use std::io::{Cursor, Write};

/// Read every sheet of an .ods.
pub fn read(bytes: &[u8], limits: &Limits) -> Result<RawWorkbook, ReadError> {
    if ods_layout::is_encrypted(bytes) {
        return Err(ReadError::Password);
    }
    let layouts = ods_layout::read(bytes).map_err(ReadError::Corrupt)?;
    // calamine expands the whole document on open, so the limit is checked
    // before it runs.
    for t in &layouts {
        let cells = u64::from(t.content_rows) * u64::from(t.content_cols);
        if cells > limits.max_sheet_cells {
            return Err(too_many_cells(cells, limits));
        }
    }
    let bytes = with_manifest(bytes)?;
    let mut book: Ods<_> = Ods::new(Cursor::new(&*bytes)).map_err(ods_error)?;
    let metadata: Vec<_> = book.sheets_metadata().to_vec();
    let mut out = RawWorkbook::default();
    for (index, meta) in metadata.iter().enumerate() {
        let range = book.worksheet_range(&meta.name).map_err(ods_error)?;
        let mut sheet = RawSheet::listed(meta, index);
        // Sheets are matched by position, which is how both list them.
        let layout = layouts.get(index).filter(|l| l.name == meta.name);
        let (r0, c0) = range.start().unwrap_or((0, 0));
        for (row, col, data) in range.used_cells() {
            if *data == Data::Empty {
                continue;
            }
            let (row, col) = (r0 + row as u32, c0 + col as u32);
            let (mut text, value) = convert(data, None);
            // A number shows as the document formatted it (`50.6%`, `1,209`).
            if matches!(data, Data::Float(_) | Data::Int(_)) {
                if let Some(shown) = layout.and_then(|l| l.shown.get(&(row, col))) {
                    text.clone_from(shown);
                }
            }
            sheet.cells.push(RawCell {
                row,
                col,
                text,
                value,
            });
        }
        if let Some(layout) = layout {
            sheet.merges.clone_from(&layout.merges);
            sheet.hidden_rows.clone_from(&layout.hidden_rows);
            sheet.hidden_cols.clone_from(&layout.hidden_cols);
        }
        out.sheets.push(sheet);
    }
    Ok(out)
}

/// The package with a manifest. calamine refuses an .ods without
/// `META-INF/manifest.xml`, which it reads only to look for encryption
/// (already checked above); LibreOffice writes the manifest last, so an
/// .ods cut short loses it while its `content.xml` may be whole. Such a
/// package gets an empty manifest, declaring nothing encrypted.
fn with_manifest(bytes: &[u8]) -> Result<Cow<'_, [u8]>, ReadError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(ReadError::corrupt)?;
    if zip.by_name(MANIFEST).is_ok() {
        return Ok(Cow::Borrowed(bytes));
    }
    let add = || -> zip::result::ZipResult<Vec<u8>> {
        let mut w = zip::ZipWriter::new_append(Cursor::new(bytes.to_vec()))?;
        w.start_file(MANIFEST, zip::write::SimpleFileOptions::default())?;
        w.write_all(EMPTY_MANIFEST.as_bytes())?;
        Ok(w.finish()?.into_inner())
    };
    add().map(Cow::Owned).map_err(ReadError::corrupt)
}

const MANIFEST: &str = "META-INF/manifest.xml";
const EMPTY_MANIFEST: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>
"#;

fn ods_error(e: OdsError) -> ReadError {
    match e {
        OdsError::Password => ReadError::Password,
        other => ReadError::corrupt(other),
    }
}
