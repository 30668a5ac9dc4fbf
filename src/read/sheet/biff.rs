//! A small pass over the BIFF records of an .xls `Workbook` stream for what
//! calamine does not give:
//!
//! - hidden rows (`ROW` flag `fDyZero`) and columns (`COLINFO` `fHidden`);
//! - formula cells whose number result has a date format (calamine #640
//!   returns them as plain floats);
//! - the number format of each numeric cell that has one (for the text
//!   shown: `1,209`, `50.6%`), which calamine does not expose;
//! - the extent of each sheet's value cells, so a sheet too large for the
//!   cell limit is refused before calamine allocates its grid;
//! - whether the workbook is encrypted (`FILEPASS`);
//! - each sheet's declared `DIMENSIONS`, from which calamine reserves its
//!   cell vector: a damaged or hostile record (rows up to 2³²) would make it
//!   ask for terabytes, so such records are zeroed in a rebuilt copy of the
//!   file before calamine sees it ([`without_dimensions`]).
//!
//! Records are `[type u16][length u16][data]`; every read is bounds-checked
//! and a malformed record simply ends the pass (calamine then decides
//! whether the file is corrupt).

use super::cells::{is_builtin_date_format, is_date_format};
use super::push_range;
use std::collections::{HashMap, HashSet};
use std::io::{Cursor, Read};

const BOF: u16 = 0x0809;
const EOF: u16 = 0x000A;
const FILEPASS: u16 = 0x002F;
const BOUNDSHEET: u16 = 0x0085;
const FORMAT: u16 = 0x041E;
const XF: u16 = 0x00E0;
const ROW: u16 = 0x0208;
const COLINFO: u16 = 0x007D;
const FORMULA: u16 = 0x0006;
const NUMBER: u16 = 0x0203;
const RK: u16 = 0x027E;
const MULRK: u16 = 0x00BD;
const LABELSST: u16 = 0x00FD;
const LABEL: u16 = 0x0204;
const RSTRING: u16 = 0x00D6;
const BOOLERR: u16 = 0x0205;
const DIMENSIONS: u16 = 0x0200;
/// Last column of a BIFF8 sheet (IV).
const MAX_COL: u16 = 255;

/// What the pass found about the workbook.
#[derive(Debug, Default)]
pub struct BiffInfo {
    pub encrypted: bool,
    /// Worksheets by name.
    pub sheets: HashMap<String, BiffSheet>,
    /// Every sheet substream the workbook points at, whatever its type or
    /// name: what calamine will parse, for the allocation checks.
    pub substreams: Vec<BiffSheet>,
}

/// What the pass found about one sheet (0-based positions).
#[derive(Debug, Default, PartialEq)]
pub struct BiffSheet {
    pub hidden_rows: Vec<(u32, u32)>,
    pub hidden_cols: Vec<(u32, u32)>,
    /// Formula cells with a numeric result under a date format.
    pub date_formulas: HashSet<(u32, u32)>,
    /// Number format codes of numeric cells with a non-General, non-date
    /// format.
    pub number_formats: HashMap<(u32, u32), String>,
    /// Cells calamine would reserve from the sheet's `DIMENSIONS` record.
    pub declared_cells: u64,
    /// Offset and length of each `DIMENSIONS` record body in the stream.
    pub dimension_records: Vec<(usize, usize)>,
    /// A cell record lies outside what BIFF8 can address.
    pub damaged: bool,
    /// Bounding box of the value cells: `(first row, first col, last row,
    /// last col)`.
    pub extent: Option<(u32, u32, u32, u32)>,
}

impl BiffSheet {
    /// Cells in the bounding box of the value cells.
    pub fn extent_cells(&self) -> u64 {
        self.extent.map_or(0, |(r0, c0, r1, c1)| {
            u64::from(r1 - r0 + 1) * u64::from(c1 - c0 + 1)
        })
    }
}

/// The `Workbook` (or BIFF5 `Book`) stream of an OLE file: its name and
/// bytes; an error when the container cannot be read or has no workbook.
pub fn workbook_stream(bytes: &[u8]) -> Result<(&'static str, Vec<u8>), String> {
    let mut ole = cfb::CompoundFile::open(Cursor::new(bytes)).map_err(|e| e.to_string())?;
    let name = ["Workbook", "Book"]
        .into_iter()
        .find(|n| ole.is_stream(format!("/{n}")))
        .ok_or("no Workbook stream")?;
    let mut stream = ole
        .open_stream(format!("/{name}"))
        .map_err(|e| e.to_string())?;
    let mut data = Vec::new();
    // The stream cannot be larger than the file that holds it.
    stream
        .by_ref()
        .take(bytes.len() as u64)
        .read_to_end(&mut data)
        .map_err(|e| e.to_string())?;
    Ok((name, data))
}

/// Read and scan the workbook stream of an OLE file.
#[cfg(test)]
pub fn scan_file(bytes: &[u8]) -> Option<BiffInfo> {
    workbook_stream(bytes).ok().map(|(_, data)| scan(&data))
}

/// A new OLE file holding only the workbook stream, with the `DIMENSIONS`
/// record bodies `records` (offset, length) zeroed: calamine then reserves
/// one cell for them and grows with the cells it really finds.
pub fn without_dimensions(
    name: &str,
    mut data: Vec<u8>,
    records: &[(usize, usize)],
) -> std::io::Result<Vec<u8>> {
    for &(at, len) in records {
        if let Some(body) = data.get_mut(at..at.saturating_add(len)) {
            body.fill(0);
        }
    }
    let mut ole = cfb::CompoundFile::create(Cursor::new(Vec::new()))?;
    {
        let mut stream = ole.create_stream(format!("/{name}"))?;
        std::io::Write::write_all(&mut stream, &data)?;
    }
    ole.flush()?;
    Ok(ole.into_inner().into_inner())
}

/// Cells calamine 0.38 reserves for a `DIMENSIONS` body (its arithmetic,
/// wrapping as a release build does).
fn declared_cells(body: &[u8]) -> u64 {
    let (rf, rl, cf, cl) = match body.len() {
        10 => (
            u16_at(body, 0).map(u32::from),
            u16_at(body, 2).map(u32::from),
            u16_at(body, 4).map(u32::from),
            u16_at(body, 6).map(u32::from),
        ),
        14 | 16 => (
            u32_at(body, 0),
            u32_at(body, 4),
            u16_at(body, 8).map(u32::from),
            u16_at(body, 10).map(u32::from),
        ),
        _ => return 0,
    };
    let (Some(rf), Some(rl), Some(mut cf), Some(cl)) = (rf, rl, cf, cl) else {
        return 0;
    };
    if cf > 0xFF || cl < cf {
        cf = 0;
    }
    let (end_r, end_c) = if rl >= 1 && cl >= 1 {
        (rl - 1, cl - 1)
    } else {
        (rf, cf)
    };
    let rows = u64::from(end_r.wrapping_sub(rf).wrapping_add(1));
    let cols = u64::from(end_c.wrapping_sub(cf).wrapping_add(1));
    rows.saturating_mul(cols)
}

/// One record: its type, data and the offset of the next record.
fn record(data: &[u8], pos: usize) -> Option<(u16, &[u8], usize)> {
    let head = data.get(pos..pos.checked_add(4)?)?;
    let typ = u16::from_le_bytes([head[0], head[1]]);
    let len = usize::from(u16::from_le_bytes([head[2], head[3]]));
    let body = data.get(pos + 4..pos + 4 + len)?;
    Some((typ, body, pos + 4 + len))
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

/// Scan a whole BIFF8 workbook stream.
pub fn scan(data: &[u8]) -> BiffInfo {
    let mut info = BiffInfo::default();
    let mut formats: HashMap<u16, String> = HashMap::new();
    let mut xf_formats: Vec<u16> = Vec::new();
    let mut sheets: Vec<(Option<String>, usize)> = Vec::new();
    let mut pos = 0;
    // The globals substream runs from the first BOF to its EOF.
    while let Some((typ, body, next)) = record(data, pos) {
        match typ {
            FILEPASS => {
                info.encrypted = true;
                return info;
            }
            FORMAT => {
                if let (Some(id), Some(code)) = (u16_at(body, 0), unicode_string16(body, 2)) {
                    formats.insert(id, code);
                }
            }
            XF => {
                if let Some(fmt) = u16_at(body, 2) {
                    xf_formats.push(fmt);
                }
            }
            BOUNDSHEET => {
                if let Some(offset) = u32_at(body, 0) {
                    // dt 0 = worksheet; charts, macro and VB sheets have no
                    // cells to show but are still checked.
                    let name = unicode_string8(body, 6).filter(|_| body.get(5) == Some(&0));
                    sheets.push((name, offset as usize));
                }
            }
            EOF => break,
            _ => {}
        }
        pos = next;
    }
    let xfs: Vec<XfFormat> = xf_formats
        .iter()
        .map(|id| {
            let code = formats
                .get(id)
                .map(String::as_str)
                .or_else(|| builtin_number_format(*id));
            if is_builtin_date_format(*id) || code.is_some_and(is_date_format) {
                XfFormat::Date
            } else {
                match code {
                    Some(c) if !c.eq_ignore_ascii_case("general") => XfFormat::Number(c.into()),
                    _ => XfFormat::General,
                }
            }
        })
        .collect();
    for (name, offset) in sheets {
        let sheet = scan_sheet(data, offset, &xfs);
        match name {
            Some(name) => {
                info.substreams.push(BiffSheet {
                    declared_cells: sheet.declared_cells,
                    dimension_records: sheet.dimension_records.clone(),
                    damaged: sheet.damaged,
                    extent: sheet.extent,
                    ..Default::default()
                });
                info.sheets.insert(name, sheet);
            }
            None => info.substreams.push(sheet),
        }
    }
    info
}

/// What an XF record's number format means for the text of a cell.
#[derive(Debug, Clone, PartialEq)]
enum XfFormat {
    General,
    Date,
    Number(String),
}

/// Codes of the built-in, locale-independent number formats.
fn builtin_number_format(id: u16) -> Option<&'static str> {
    Some(match id {
        0 => "General",
        1 => "0",
        2 => "0.00",
        3 => "#,##0",
        4 => "#,##0.00",
        9 => "0%",
        10 => "0.00%",
        37 => "#,##0 ;(#,##0)",
        38 => "#,##0 ;[Red](#,##0)",
        39 => "#,##0.00;(#,##0.00)",
        40 => "#,##0.00;[Red](#,##0.00)",
        _ => return None,
    })
}

/// Scan one sheet substream starting at its BOF.
fn scan_sheet(data: &[u8], offset: usize, xfs: &[XfFormat]) -> BiffSheet {
    let mut sheet = BiffSheet::default();
    let mut pos = offset;
    let mut first = true;
    // Embedded charts are substreams of their own (BOF..EOF) inside a sheet.
    let mut nested = 0u32;
    while let Some((typ, body, next)) = record(data, pos) {
        if first && typ != BOF {
            break;
        }
        if nested > 0 || (typ == BOF && !first) {
            match typ {
                BOF => nested += 1,
                EOF => nested -= 1,
                _ => {}
            }
            pos = next;
            continue;
        }
        first = false;
        match typ {
            EOF => break,
            DIMENSIONS => {
                sheet.declared_cells = sheet.declared_cells.max(declared_cells(body));
                sheet.dimension_records.push((pos + 4, body.len()));
            }
            ROW => {
                if let (Some(rw), Some(flags)) = (u16_at(body, 0), u16_at(body, 12)) {
                    if flags & 0x0020 != 0 {
                        push_range(&mut sheet.hidden_rows, rw.into(), rw.into());
                    }
                }
            }
            COLINFO => {
                if let (Some(a), Some(b), Some(flags)) =
                    (u16_at(body, 0), u16_at(body, 2), u16_at(body, 8))
                {
                    // Excel writes colLast 256 for "to the end"; keep it in range.
                    let b = b.min(255);
                    if flags & 1 != 0 && a <= b {
                        push_range(&mut sheet.hidden_cols, a.into(), b.into());
                    }
                }
            }
            FORMULA | NUMBER | RK | LABELSST | LABEL | RSTRING | BOOLERR | MULRK => {
                let (Some(rw), Some(col)) = (u16_at(body, 0), u16_at(body, 2)) else {
                    pos = next;
                    continue;
                };
                let last_col = if typ == MULRK {
                    body.len()
                        .checked_sub(2)
                        .and_then(|at| u16_at(body, at))
                        .unwrap_or(col)
                } else {
                    col
                };
                // BIFF8 sheets end at column IV (255): a cell beyond it, or
                // a MULRK running backwards, is damage, not data.
                if last_col > MAX_COL || last_col < col {
                    sheet.damaged = true;
                    pos = next;
                    continue;
                }
                grow(&mut sheet.extent, rw.into(), col.into(), last_col.into());
                let numeric =
                    matches!(typ, NUMBER | RK) || (typ == FORMULA && formula_is_number(body));
                if numeric {
                    let xf = u16_at(body, 4).and_then(|x| xfs.get(usize::from(x)));
                    match xf {
                        Some(XfFormat::Date) if typ == FORMULA => {
                            sheet.date_formulas.insert((rw.into(), col.into()));
                        }
                        Some(XfFormat::Number(code)) => {
                            sheet
                                .number_formats
                                .insert((rw.into(), col.into()), code.clone());
                        }
                        _ => {}
                    }
                }
                if typ == MULRK {
                    // [ixfe u16, rk u32] per column from colFirst to colLast.
                    for (i, c) in (col..=last_col).enumerate() {
                        let xf = u16_at(body, 4 + i * 6).and_then(|x| xfs.get(usize::from(x)));
                        if let Some(XfFormat::Number(code)) = xf {
                            sheet
                                .number_formats
                                .insert((rw.into(), c.into()), code.clone());
                        }
                    }
                }
            }
            _ => {}
        }
        pos = next;
    }
    sheet
}

/// A FORMULA's cached result is a number unless its last two value bytes
/// are 0xFFFF (string, boolean, error or empty results).
fn formula_is_number(body: &[u8]) -> bool {
    body.get(12..14).is_some_and(|b| b != [0xFF, 0xFF])
}

fn grow(extent: &mut Option<(u32, u32, u32, u32)>, row: u32, col: u32, last_col: u32) {
    let last_col = last_col.max(col);
    *extent = Some(match *extent {
        None => (row, col, row, last_col),
        Some((r0, c0, r1, c1)) => (r0.min(row), c0.min(col), r1.max(row), c1.max(last_col)),
    });
}

/// XLUnicodeString with a 16-bit character count.
fn unicode_string16(b: &[u8], at: usize) -> Option<String> {
    let cch = usize::from(u16_at(b, at)?);
    chars(b, at + 2, cch)
}

/// ShortXLUnicodeString with an 8-bit character count.
fn unicode_string8(b: &[u8], at: usize) -> Option<String> {
    let cch = usize::from(*b.get(at)?);
    chars(b, at + 1, cch)
}

/// `cch` characters after a flags byte: bit 0 set means UTF-16LE, else
/// one byte per character (Latin-1).
fn chars(b: &[u8], at: usize, cch: usize) -> Option<String> {
    let flags = *b.get(at)?;
    let start = at + 1;
    if flags & 1 == 1 {
        let raw = b.get(start..start + cch * 2)?;
        let units: Vec<u16> = raw
            .chunks_exact(2)
            .map(|p| u16::from_le_bytes([p[0], p[1]]))
            .collect();
        Some(String::from_utf16_lossy(&units))
    } else {
        Some(
            b.get(start..start + cch)?
                .iter()
                .map(|&c| c as char)
                .collect(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(typ: u16, body: &[u8]) -> Vec<u8> {
        let mut v = typ.to_le_bytes().to_vec();
        v.extend((body.len() as u16).to_le_bytes());
        v.extend(body);
        v
    }

    #[test]
    fn scans_a_hand_made_stream() {
        let mut globals = rec(BOF, &[0; 16]);
        // XF 0 general, XF 1 custom format 164 = DD/MM/YYYY.
        globals.extend(rec(
            FORMAT,
            &[
                164, 0, 10, 0, 0, b'D', b'D', b'/', b'M', b'M', b'/', b'Y', b'Y', b'Y', b'Y',
            ],
        ));
        globals.extend(rec(XF, &[0, 0, 0, 0]));
        globals.extend(rec(XF, &[0, 0, 164, 0]));
        globals.extend(rec(FORMAT, &[165, 0, 4, 0, 0, b'0', b'.', b'0', b'%']));
        globals.extend(rec(XF, &[0, 0, 165, 0]));
        globals.extend(rec(XF, &[0, 0, 3, 0]));
        let sheet_offset_at = globals.len() + 4;
        globals.extend(rec(
            BOUNDSHEET,
            &[0, 0, 0, 0, 0, 0, 5, 0, b'D', b'a', b't', b'e', b's'],
        ));
        globals.extend(rec(EOF, &[]));
        let offset = globals.len() as u32;
        globals[sheet_offset_at..sheet_offset_at + 4].copy_from_slice(&offset.to_le_bytes());
        let mut s = globals;
        s.extend(rec(BOF, &[0; 16]));
        let mut row = vec![0u8; 16];
        row[0] = 9; // row 10
        row[12] = 0x20;
        s.extend(rec(ROW, &row));
        s.extend(rec(COLINFO, &[5, 0, 5, 0, 0, 0, 0, 0, 1, 0, 0, 0]));
        // FORMULA at B1 (row 0, col 1) with XF 1 and a number result.
        let mut f = vec![0, 0, 1, 0, 1, 0];
        f.extend(43525f64.to_le_bytes());
        f.extend([0; 6]);
        s.extend(rec(FORMULA, &f));
        s.extend(rec(LABELSST, &[3, 0, 0, 0, 0, 0, 0, 0, 0, 0]));
        // NUMBER at C5 with XF 2 (0.0%), MULRK on row 6 B..C with XF 3 and 0.
        let mut n = vec![4, 0, 2, 0, 2, 0];
        n.extend(0.506f64.to_le_bytes());
        s.extend(rec(NUMBER, &n));
        s.extend(rec(
            MULRK,
            &[5, 0, 1, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0],
        ));
        s.extend(rec(EOF, &[]));
        let info = scan(&s);
        assert!(!info.encrypted);
        let sheet = &info.sheets["Dates"];
        assert_eq!(sheet.hidden_rows, vec![(9, 9)]);
        assert_eq!(sheet.hidden_cols, vec![(5, 5)]);
        assert!(sheet.date_formulas.contains(&(0, 1)));
        assert_eq!(
            sheet.number_formats.get(&(4, 2)).map(String::as_str),
            Some("0.0%")
        );
        assert_eq!(
            sheet.number_formats.get(&(5, 1)).map(String::as_str),
            Some("#,##0")
        );
        assert_eq!(sheet.number_formats.get(&(5, 2)), None);
        assert_eq!(sheet.extent, Some((0, 0, 5, 2)));
    }

    #[test]
    fn truncated_stream_stops_quietly() {
        let s = rec(BOF, &[0; 16]);
        let info = scan(&s[..10]);
        assert!(info.sheets.is_empty());
    }
}
