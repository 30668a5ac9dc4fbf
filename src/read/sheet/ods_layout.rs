//! What calamine does not read from an .ods: merged ranges
//! (`table:number-columns-spanned` / `-rows-spanned`), hidden rows and
//! columns (`table:visibility="collapse"` or `"filter"`), the text shown in
//! numeric cells (`<text:p>50.6%</text:p>` where calamine has `0.506`), and
//! the extent of the cells with content, checked against the cell limit
//! before calamine expands repeated rows and cells.
//!
//! `content.xml` is streamed; repeat counts only move counters, so a
//! declared million repeated rows costs nothing.

use super::xlsx_layout::attr;
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Cursor};

/// One table (sheet) of the document.
#[derive(Debug, Default, PartialEq)]
pub struct OdsTable {
    pub name: String,
    /// Inclusive `(first row, first col, last row, last col)`.
    pub merges: Vec<[u32; 4]>,
    pub hidden_rows: Vec<(u32, u32)>,
    pub hidden_cols: Vec<(u32, u32)>,
    /// Rows and columns spanned by cells with content (0 when none):
    /// the largest grid calamine will build for this sheet.
    pub content_rows: u32,
    pub content_cols: u32,
    /// Displayed text of single (unrepeated) numeric cells, by position.
    pub shown: HashMap<(u32, u32), String>,
}

/// Value types whose displayed text differs from calamine's value.
const NUMERIC_TYPES: [&str; 3] = ["float", "percentage", "currency"];

/// Longest displayed text kept for one cell.
const MAX_SHOWN: usize = 256;

/// The numeric cell whose displayed text is being collected.
struct Shown {
    at: (u32, u32),
    text: String,
    paragraphs: u32,
    /// Inside an `office:annotation` (a comment), whose text is not shown.
    in_note: u32,
}

/// Read the layout of every table in `content.xml` of the ODS `bytes`.
pub fn read(bytes: &[u8]) -> Result<Vec<OdsTable>, String> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| e.to_string())?;
    let file = zip
        .by_name("content.xml")
        .map_err(|e| format!("content.xml: {e}"))?;
    tables(BufReader::new(file)).map_err(|e| format!("content.xml: {e}"))
}

/// True when `META-INF/manifest.xml` declares encrypted entries (a
/// password-protected document: `content.xml` is then ciphertext).
pub fn is_encrypted(bytes: &[u8]) -> bool {
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return false;
    };
    let Ok(manifest) = zip.by_name("META-INF/manifest.xml") else {
        return false;
    };
    let mut text = Vec::new();
    // A manifest is a few kB; the cap only bounds a hostile one.
    if std::io::Read::read_to_end(&mut std::io::Read::take(manifest, 1 << 20), &mut text).is_err() {
        return false;
    }
    text.windows(b"encryption-data".len())
        .any(|w| w == b"encryption-data")
}

/// Most repeats honoured for one element; beyond it the sheet's grid is
/// already past any limit and counting further only risks overflow.
const MAX_REPEAT: u32 = 1 << 24;

fn repeat(e: &BytesStart, name: &str) -> u32 {
    attr(e, name)
        .and_then(|v| v.trim().parse::<u32>().ok())
        .unwrap_or(1)
        .clamp(1, MAX_REPEAT)
}

/// Parse the tables of a `content.xml` stream.
pub fn tables<B: BufRead>(input: B) -> Result<Vec<OdsTable>, quick_xml::Error> {
    let mut xml = Reader::from_reader(input);
    let mut buf = Vec::new();
    let mut out: Vec<OdsTable> = Vec::new();
    // Depth of table:table elements: sub-tables inside cells are skipped.
    let mut table_depth = 0u32;
    let mut row = 0u32;
    let mut col = 0u32;
    let mut row_repeat = 1u32;
    let mut next_col_def = 0u32;
    let mut shown: Option<Shown> = None;
    loop {
        let event = xml.read_event_into(&mut buf)?;
        let (e, is_empty) = match event {
            Event::Start(e) => (e, false),
            Event::Empty(e) => (e, true),
            Event::End(end) => {
                match end.local_name().as_ref() {
                    "table" => table_depth = table_depth.saturating_sub(1),
                    "table-row" if table_depth == 1 => {
                        row = row.saturating_add(row_repeat);
                    }
                    "table-cell" if table_depth == 1 => {
                        if let (Some(s), Some(t)) = (shown.take(), out.last_mut()) {
                            t.shown.insert(s.at, s.text);
                        }
                    }
                    "annotation" => {
                        if let Some(s) = &mut shown {
                            s.in_note = s.in_note.saturating_sub(1);
                        }
                    }
                    _ => {}
                }
                buf.clear();
                continue;
            }
            Event::Text(t) => {
                if let Some(s) = shown.as_mut().filter(|s| s.in_note == 0) {
                    push_shown(s, &t.xml_content(quick_xml::XmlVersion::Implicit1_0));
                }
                buf.clear();
                continue;
            }
            Event::GeneralRef(r) => {
                if let Some(s) = shown.as_mut().filter(|s| s.in_note == 0) {
                    if let Ok(Some(c)) = r.resolve_char_ref() {
                        push_shown(s, c.encode_utf8(&mut [0; 4]));
                    } else {
                        let name = r.xml_content(quick_xml::XmlVersion::Implicit1_0);
                        if let Some(c) = quick_xml::escape::resolve_predefined_entity(&name) {
                            push_shown(s, c);
                        }
                    }
                }
                buf.clear();
                continue;
            }
            Event::Eof => break,
            _ => {
                buf.clear();
                continue;
            }
        };
        let local = e.local_name();
        match local.as_ref() {
            "table" => {
                if !is_empty {
                    table_depth += 1;
                }
                if table_depth == 1 || (is_empty && table_depth == 0) {
                    out.push(OdsTable {
                        name: attr(&e, "name").unwrap_or_default(),
                        ..Default::default()
                    });
                    row = 0;
                    next_col_def = 0;
                }
            }
            "table-column" if table_depth == 1 => {
                let n = repeat(&e, "number-columns-repeated");
                if let Some(t) = out.last_mut() {
                    if is_collapsed(&e) {
                        t.hidden_cols
                            .push((next_col_def, next_col_def.saturating_add(n - 1)));
                    }
                }
                next_col_def = next_col_def.saturating_add(n);
            }
            "table-row" if table_depth == 1 => {
                row_repeat = repeat(&e, "number-rows-repeated");
                col = 0;
                if let Some(t) = out.last_mut() {
                    if is_collapsed(&e) {
                        t.hidden_rows
                            .push((row, row.saturating_add(row_repeat - 1)));
                    }
                }
                if is_empty {
                    row = row.saturating_add(row_repeat);
                }
            }
            "p" => {
                if let Some(s) = shown.as_mut().filter(|s| s.in_note == 0) {
                    if s.paragraphs > 0 {
                        push_shown(s, "\n");
                    }
                    s.paragraphs += 1;
                }
            }
            "s" => {
                if let Some(s) = shown.as_mut().filter(|s| s.in_note == 0) {
                    let n = repeat(&e, "c").min(MAX_SHOWN as u32) as usize;
                    push_shown(s, &" ".repeat(n));
                }
            }
            "annotation" if !is_empty => {
                if let Some(s) = &mut shown {
                    s.in_note += 1;
                }
            }
            name @ ("table-cell" | "covered-table-cell") if table_depth == 1 => {
                let n = repeat(&e, "number-columns-repeated");
                let value_type = attr(&e, "value-type");
                if !is_empty
                    && n == 1
                    && row_repeat == 1
                    && value_type
                        .as_deref()
                        .is_some_and(|v| NUMERIC_TYPES.contains(&v))
                {
                    shown = Some(Shown {
                        at: (row, col),
                        text: String::new(),
                        paragraphs: 0,
                        in_note: 0,
                    });
                }
                if let Some(t) = out.last_mut() {
                    let has_content = !is_empty || value_type.is_some();
                    if has_content {
                        t.content_rows = t.content_rows.max(row.saturating_add(row_repeat));
                        t.content_cols = t.content_cols.max(col.saturating_add(n));
                    }
                    if name == "table-cell" {
                        let rows = repeat(&e, "number-rows-spanned");
                        let cols = repeat(&e, "number-columns-spanned");
                        if rows > 1 || cols > 1 {
                            t.merges.push([
                                row,
                                col,
                                row.saturating_add(rows - 1),
                                col.saturating_add(cols - 1),
                            ]);
                        }
                    }
                }
                col = col.saturating_add(n);
            }
            _ => {}
        }
        buf.clear();
    }
    Ok(out)
}

fn push_shown(s: &mut Shown, text: &str) {
    if s.text.len() + text.len() <= MAX_SHOWN {
        s.text.push_str(text);
    }
}

fn is_collapsed(e: &BytesStart) -> bool {
    matches!(
        attr(e, "visibility").as_deref(),
        Some("collapse" | "filter")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merges_hidden_and_extent() {
        let xml = br#"<office:document-content xmlns:office="o" xmlns:table="t" xmlns:text="x"><office:body><office:spreadsheet>
<table:table table:name="Scans by database">
 <table:table-column table:number-columns-repeated="5"/>
 <table:table-column table:visibility="collapse"/>
 <table:table-column table:number-columns-repeated="16378"/>
 <table:table-row><table:table-cell table:number-columns-spanned="5" office:value-type="string"><text:p>Annex A</text:p></table:table-cell><table:covered-table-cell table:number-columns-repeated="4"/><table:table-cell table:number-columns-repeated="16379"/></table:table-row>
 <table:table-row table:visibility="collapse"><table:table-cell office:value-type="percentage" office:value="0.506"><text:p>50.6%</text:p><office:annotation><text:p>checked</text:p></office:annotation></table:table-cell></table:table-row>
 <table:table-row table:number-rows-repeated="1048574"><table:table-cell table:number-columns-repeated="16384"/></table:table-row>
</table:table>
<table:table table:name="Codes"><table:table-row><table:table-cell/><table:table-cell office:value-type="string"><text:p>IC1</text:p></table:table-cell></table:table-row></table:table>
</office:spreadsheet></office:body></office:document-content>"#;
        let t = tables(&xml[..]).unwrap();
        assert_eq!(t.len(), 2);
        assert_eq!(t[0].name, "Scans by database");
        assert_eq!(t[0].merges, vec![[0, 0, 0, 4]]);
        assert_eq!(t[0].hidden_rows, vec![(1, 1)]);
        assert_eq!(t[0].hidden_cols, vec![(5, 5)]);
        assert_eq!((t[0].content_rows, t[0].content_cols), (2, 1));
        assert_eq!(t[0].shown.get(&(1, 0)).map(String::as_str), Some("50.6%"));
        assert_eq!(t[0].shown.len(), 1);
        assert_eq!(t[1].name, "Codes");
        assert_eq!((t[1].content_rows, t[1].content_cols), (1, 2));
    }
}
