//! Hidden rows and columns of an .xlsx, which calamine does not expose:
//! `xl/workbook.xml` names the sheets and their relationship ids,
//! `xl/_rels/workbook.xml.rels` maps ids to parts, and each sheet part
//! marks `<row r="10" hidden="1">` and `<col min="6" max="6" hidden="1">`.
//! The sheet XML is streamed, so a large sheet costs time, not memory.

use super::push_range;
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Cursor, Read};

/// Hidden rows and columns of one sheet, 0-based inclusive ranges.
#[derive(Debug, Default, PartialEq)]
pub struct SheetLayout {
    pub hidden_rows: Vec<(u32, u32)>,
    pub hidden_cols: Vec<(u32, u32)>,
}

/// Layouts of every sheet, by sheet name.
pub fn read(bytes: &[u8]) -> Result<HashMap<String, SheetLayout>, String> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| e.to_string())?;
    let sheets = workbook_sheets(&mut zip)?;
    let targets = relationships(&mut zip)?;
    let mut out = HashMap::new();
    for (name, rid) in sheets {
        let Some(target) = targets.get(&rid) else {
            continue;
        };
        let part = part_path(target);
        let Ok(file) = zip.by_name(&part) else {
            continue;
        };
        let layout = sheet_layout(BufReader::new(file)).map_err(|e| format!("{part}: {e}"))?;
        out.insert(name, layout);
    }
    Ok(out)
}

/// Refuse a shared-string table that declares more strings than its part
/// could hold: calamine 0.38 reserves `uniqueCount` entries up front, so a
/// 10 kB file declaring 10¹¹ strings would abort the process on a 2.4 TB
/// allocation. Each `<si>` takes at least 8 bytes of XML, and deflate
/// expands at most ~1032 times.
pub fn check_shared_strings(bytes: &[u8]) -> Result<(), String> {
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(()); // calamine reports the broken zip
    };
    let names: Vec<String> = zip
        .file_names()
        .filter_map(|n| n.ok().map(|n| n.into_owned()))
        .filter(|n| n.to_ascii_lowercase().ends_with("sharedstrings.xml"))
        .collect();
    for name in names {
        let Ok(file) = zip.by_name(&name) else {
            continue;
        };
        let room = file.size().min(file.compressed_size().saturating_mul(1032)) / 8 + 16;
        let mut xml = Reader::from_reader(BufReader::new(file));
        let mut buf = Vec::new();
        loop {
            match xml.read_event_into(&mut buf) {
                Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == "sst" => {
                    let declared = attr(&e, "uniqueCount")
                        .and_then(|v| v.trim().parse::<u64>().ok())
                        .unwrap_or(0);
                    if declared > room {
                        return Err(format!(
                            "{name} declares {declared} strings, more than it can hold"
                        ));
                    }
                    break;
                }
                Ok(Event::Eof) | Err(_) => break,
                _ => {}
            }
            buf.clear();
        }
    }
    Ok(())
}

/// `(sheet name, relationship id)` in workbook order.
fn workbook_sheets<R: Read + std::io::Seek>(
    zip: &mut zip::ZipArchive<R>,
) -> Result<Vec<(String, String)>, String> {
    attribute_pairs(
        zip,
        "xl/workbook.xml",
        "xl/workbook.xml",
        "sheet",
        ["name", "id"],
    )
}

/// Relationship id → target of `xl/_rels/workbook.xml.rels`.
fn relationships<R: Read + std::io::Seek>(
    zip: &mut zip::ZipArchive<R>,
) -> Result<HashMap<String, String>, String> {
    let pairs = attribute_pairs(
        zip,
        "xl/_rels/workbook.xml.rels",
        "workbook relationships",
        "Relationship",
        ["Id", "Target"],
    )?;
    Ok(pairs.into_iter().collect())
}

/// The two attributes `names` of every `element` (by local name) in the
/// zip part `path` that has both, in document order. `what` names the
/// part in errors.
fn attribute_pairs<R: Read + std::io::Seek>(
    zip: &mut zip::ZipArchive<R>,
    path: &str,
    what: &str,
    element: &str,
    names: [&str; 2],
) -> Result<Vec<(String, String)>, String> {
    let file = zip.by_name(path).map_err(|e| format!("{what}: {e}"))?;
    let mut xml = Reader::from_reader(BufReader::new(file));
    let mut buf = Vec::new();
    let mut out = Vec::new();
    loop {
        match xml.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == element => {
                if let (Some(a), Some(b)) = (attr(&e, names[0]), attr(&e, names[1])) {
                    out.push((a, b));
                }
            }
            Ok(Event::Eof) => break,
            Err(e) => return Err(format!("{what}: {e}")),
            _ => {}
        }
        buf.clear();
    }
    Ok(out)
}

/// Zip path of a relationship target: absolute (`/xl/worksheets/s.xml`)
/// or relative to `xl/`.
fn part_path(target: &str) -> String {
    match target.strip_prefix('/') {
        Some(abs) => abs.to_string(),
        None => format!("xl/{}", target.trim_start_matches("./")),
    }
}

/// Scan one sheet part for hidden rows and columns.
pub fn sheet_layout<B: BufRead>(input: B) -> Result<SheetLayout, quick_xml::Error> {
    let mut xml = Reader::from_reader(input);
    let mut buf = Vec::new();
    let mut layout = SheetLayout::default();
    // Rows without `r` follow the previous row.
    let mut next_row: u32 = 0;
    loop {
        match xml.read_event_into(&mut buf)? {
            Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                "row" => {
                    let row = attr(&e, "r")
                        .and_then(|r| r.trim().parse::<u32>().ok())
                        .and_then(|r| r.checked_sub(1))
                        .unwrap_or(next_row);
                    if is_true(attr(&e, "hidden")) {
                        push_range(&mut layout.hidden_rows, row, row);
                    }
                    next_row = row.saturating_add(1);
                }
                "col" => {
                    let min = attr(&e, "min").and_then(|v| v.trim().parse::<u32>().ok());
                    let max = attr(&e, "max").and_then(|v| v.trim().parse::<u32>().ok());
                    if let (Some(min), Some(max)) = (min, max) {
                        if min >= 1 && max >= min && is_true(attr(&e, "hidden")) {
                            push_range(&mut layout.hidden_cols, min - 1, max - 1);
                        }
                    }
                }
                _ => {}
            },
            Event::End(e) if e.local_name().as_ref() == "sheetData" => break,
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(layout)
}

fn is_true(v: Option<String>) -> bool {
    matches!(v.as_deref().map(str::trim), Some("1" | "true"))
}

/// The value of the attribute whose local name is `local`, unescaped.
pub(crate) fn attr(e: &BytesStart, local: &str) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        (a.key.local_name().as_ref() == local).then(|| {
            match a.normalized_value(quick_xml::XmlVersion::Implicit1_0) {
                Ok(v) => v.into_owned(),
                Err(_) => a.value.clone().into_owned(),
            }
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_rows_and_cols() {
        let xml = br#"<worksheet><cols><col min="1" max="5" width="12"/><col min="6" max="7" hidden="1"/></cols>
<sheetData><row r="2"><c r="A2"/></row><row r="10" hidden="1"/><row hidden="true"/><row r="12"/></sheetData></worksheet>"#;
        let l = sheet_layout(&xml[..]).unwrap();
        assert_eq!(l.hidden_rows, vec![(9, 10)]);
        assert_eq!(l.hidden_cols, vec![(5, 6)]);
    }

    #[test]
    fn part_paths() {
        assert_eq!(
            part_path("worksheets/sheet1.xml"),
            "xl/worksheets/sheet1.xml"
        );
        assert_eq!(
            part_path("/xl/worksheets/sheet2.xml"),
            "xl/worksheets/sheet2.xml"
        );
    }
}
