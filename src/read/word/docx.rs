//! Word .docx reader: zip + quick-xml over the WordprocessingML parts.
//!
//! `word/document.xml` becomes the `document` body; headers, footers and
//! foot/endnotes become bodies of their own (letterheads and reference
//! numbers live there). Deleted revisions and field codes are skipped, the
//! field results and inserted revisions kept. List numbers come from
//! `word/numbering.xml` (`lists`). Table spans (`w:gridSpan`,
//! `w:vMerge`) are laid out by [`Flow`]. docx-rs is not used: its reader
//! fails on valid files (see domain notes).

mod lists;
mod styles;

use super::fields::FieldStack;
use super::flow::{CellMerge, Flow};
use super::package::{self, attr, entity_text, local, xml_error, Package};
use crate::doc::Part;
use crate::read::sniff::{is_encrypted_ooxml, OLE_MAGIC};
use crate::read::{Extracted, Input, ReadError, Reader};
use lists::Lists;
use quick_xml::events::{BytesStart, Event};
use styles::Styles;

/// What the parts of a package share: heading styles and list counters
/// (numbering runs on across the main document).
struct Context {
    styles: Styles,
    lists: Lists,
}

pub struct DocxReader;

impl Reader for DocxReader {
    fn read(&self, input: &Input) -> Result<Extracted, ReadError> {
        if input.bytes.starts_with(OLE_MAGIC) {
            return Err(if is_encrypted_ooxml(input.bytes) {
                ReadError::Password
            } else {
                ReadError::corrupt("an OLE file, not a .docx package")
            });
        }
        let mut pkg = package::open(input)?;
        let read = read_package(&mut pkg, input);
        pkg.finish(read)
    }
}

/// Read the bodies of an opened .docx package.
fn read_package(pkg: &mut Package, input: &Input) -> Result<Extracted, ReadError> {
    let styles = match package::read_entry(pkg, "word/styles.xml", input)? {
        Some(xml) => Styles::parse(&xml),
        None => Styles::default(),
    };
    let lists = match package::read_entry(pkg, "word/numbering.xml", input)? {
        Some(xml) => Lists::parse(&xml),
        None => Lists::default(),
    };
    let mut cx = Context { styles, lists };
    let main = "word/document.xml";
    let xml = package::read_entry(pkg, main, input)?
        .ok_or_else(|| ReadError::corrupt("no word/document.xml in the package"))?;
    let mut flow = Flow::new(input.path, "document", "docx");
    parse_part(&xml, main, &mut flow, &mut cx)?;
    let mut parts = vec![Part::Body(flow.finish())];

    let names = package::entry_names(pkg);
    for (prefix, body) in [("word/header", "header"), ("word/footer", "footer")] {
        let parts_named = numbered_parts(&names, prefix);
        parts.extend(read_side_body(pkg, &parts_named, body, input, &mut cx)?);
    }
    let notes: Vec<String> = ["word/footnotes.xml", "word/endnotes.xml"]
        .iter()
        .filter(|n| names.iter().any(|x| x == *n))
        .map(|n| n.to_string())
        .collect();
    parts.extend(read_side_body(pkg, &notes, "footnotes", input, &mut cx)?);
    Ok(Extracted::with_parts(parts))
}

/// `word/header1.xml`, `word/header2.xml`... in numeric order.
fn numbered_parts(names: &[String], prefix: &str) -> Vec<String> {
    let mut found: Vec<&String> = names
        .iter()
        .filter(|n| {
            n.starts_with(prefix) && n.ends_with(".xml") && !n[prefix.len()..].contains('/')
        })
        .collect();
    found.sort_by_key(|n| (n.len(), n.as_str()));
    found.into_iter().cloned().collect()
}

/// Read several parts into one body (`header`, `footer`, `footnotes`);
/// `None` when they hold no text.
fn read_side_body(
    pkg: &mut Package,
    names: &[String],
    body: &str,
    input: &Input,
    cx: &mut Context,
) -> Result<Option<Part>, ReadError> {
    let mut flow = Flow::new(input.path, body, "docx").deduplicated();
    for name in names {
        if let Some(xml) = package::read_entry(pkg, name, input)? {
            parse_part(&xml, name, &mut flow, cx)?;
        }
    }
    let body = flow.finish();
    Ok((!body.blocks.is_empty()).then_some(Part::Body(body)))
}

/// Reading state inside one XML part.
#[derive(Default)]
struct PartState {
    /// Depth inside a skipped subtree (deleted text, field code...).
    skip: usize,
    /// Paragraph nesting (text boxes put paragraphs inside paragraphs).
    paragraphs: usize,
    runs: usize,
    in_text: bool,
    heading: Option<u8>,
    /// Open complex fields; text in their code part is not shown.
    fields: FieldStack,
    /// Spans of the open cell, from its `w:tcPr`.
    grid_span: u32,
    vmerge_continue: bool,
    /// List of the open paragraph (`w:numPr`): numId and level.
    num_id: Option<String>,
    ilvl: usize,
}

impl PartState {
    fn visible(&self) -> bool {
        self.fields.shown()
    }
}

/// Walk one WordprocessingML part, feeding `flow`.
fn parse_part(xml: &str, name: &str, flow: &mut Flow, cx: &mut Context) -> Result<(), ReadError> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut st = PartState::default();
    loop {
        let event = reader.read_event().map_err(|e| xml_error(name, e))?;
        match event {
            Event::Start(e) => {
                if st.skip > 0 {
                    st.skip += 1;
                } else {
                    start(&e, true, &mut st, flow, &cx.styles);
                }
            }
            Event::Empty(e) if st.skip == 0 => start(&e, false, &mut st, flow, &cx.styles),
            Event::End(e) => {
                if st.skip > 0 {
                    st.skip -= 1;
                } else {
                    end(local(e.name().0), &mut st, flow, &mut cx.lists);
                }
            }
            Event::Text(t) if st.in_text && st.skip == 0 && st.visible() => {
                flow.text(&t.xml10_content());
            }
            Event::GeneralRef(r) if st.in_text && st.skip == 0 && st.visible() => {
                flow.text(&entity_text(&r));
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(())
}

fn start(e: &BytesStart, open: bool, st: &mut PartState, flow: &mut Flow, styles: &Styles) {
    let name = e.name();
    let tag = local(name.0);
    match tag {
        // Deleted or moved-away revisions, field codes, and the fallback
        // copy of content that `mc:Choice` already gave.
        "del" | "moveFrom" | "instrText" | "delText" | "delInstrText" | "Fallback" if open => {
            st.skip = 1;
        }
        "p" if open => {
            st.paragraphs += 1;
            if st.paragraphs == 1 {
                st.heading = None;
                st.num_id = None;
                st.ilvl = 0;
            } else if !matches!(flow.last_char(), None | Some('\n')) {
                // A text box's paragraph inside this one: its own line.
                flow.push('\n');
            }
        }
        "pStyle" if st.paragraphs == 1 => {
            if let Some(id) = attr(e, "val") {
                if let Some(level) = styles.heading_level(&id) {
                    st.heading = Some(level);
                }
                if let Some((num, ilvl)) = styles.numbering(&id) {
                    st.num_id = Some(num);
                    st.ilvl = ilvl;
                }
            }
        }
        "numId" if st.paragraphs == 1 => st.num_id = attr(e, "val"),
        "ilvl" if st.paragraphs == 1 => {
            st.ilvl = attr(e, "val").and_then(|v| v.parse().ok()).unwrap_or(0);
        }
        "outlineLvl" if st.paragraphs == 1 => {
            st.heading = outline_level(attr(e, "val").as_deref()).or(st.heading);
        }
        "r" if open => st.runs += 1,
        "t" if open => st.in_text = true,
        "tab" if st.runs > 0 && st.visible() => flow.push('\t'),
        "br" | "cr" if st.runs > 0 && st.visible() => flow.push('\n'),
        "noBreakHyphen" if st.runs > 0 && st.visible() => flow.push('-'),
        "sym" if st.visible() => {
            if let Some(c) = attr(e, "char").and_then(|c| symbol_char(&c)) {
                flow.push(c);
            }
        }
        "fldChar" => match attr(e, "fldCharType").as_deref() {
            Some("begin") => st.fields.begin(),
            Some("separate") => st.fields.separate(),
            Some("end") => st.fields.end(),
            _ => {}
        },
        "tbl" if open => flow.start_table(),
        "tr" if open => flow.start_row(false),
        "tblHeader" if attr(e, "val").as_deref() != Some("false") => flow.mark_header_row(),
        "gridBefore" => {
            let n = attr(e, "val")
                .and_then(|v| v.parse::<u32>().ok())
                .unwrap_or(0);
            for _ in 0..n.min(64) {
                flow.start_cell(CellMerge::SINGLE);
                flow.end_cell();
            }
        }
        "tc" if open => {
            st.grid_span = 1;
            st.vmerge_continue = false;
            flow.start_cell(CellMerge::SINGLE);
        }
        "gridSpan" => {
            st.grid_span = attr(e, "val").and_then(|v| v.parse().ok()).unwrap_or(1);
            set_merge(st, flow);
        }
        "vMerge" => {
            // No value means `continue`.
            st.vmerge_continue = attr(e, "val").is_none_or(|v| v == "continue");
            set_merge(st, flow);
        }
        _ => {}
    }
}

fn set_merge(st: &PartState, flow: &mut Flow) {
    let cols = st.grid_span.max(1);
    flow.set_cell_merge(if st.vmerge_continue {
        CellMerge::ContinueAbove { cols }
    } else {
        CellMerge::Span { rows: 1, cols }
    });
}

fn end(tag: &str, st: &mut PartState, flow: &mut Flow, lists: &mut Lists) {
    match tag {
        "p" => {
            st.paragraphs = st.paragraphs.saturating_sub(1);
            if st.paragraphs == 0 {
                if let Some(label) = st.num_id.take().and_then(|id| lists.label(&id, st.ilvl)) {
                    flow.prefix_paragraph(&label);
                }
                flow.end_paragraph(st.heading.take());
            } else {
                flow.push('\n');
            }
        }
        "r" => st.runs = st.runs.saturating_sub(1),
        "t" => st.in_text = false,
        "tc" => flow.end_cell(),
        "tr" => flow.end_row(),
        "tbl" => flow.end_table(),
        _ => {}
    }
}

/// Heading level from an outline level value (`0` → 1; `9` is body text).
pub(crate) fn outline_level(val: Option<&str>) -> Option<u8> {
    let v: u8 = val?.trim().parse().ok()?;
    (v < 9).then_some(v + 1)
}

/// The character of a `w:sym`: symbol fonts use the private range
/// F000–F0FF for their 8-bit codes.
fn symbol_char(hex: &str) -> Option<char> {
    let code = u32::from_str_radix(hex.trim(), 16).ok()?;
    let code = if (0xF000..=0xF0FF).contains(&code) {
        code - 0xF000
    } else {
        code
    };
    match code {
        // Symbol/Wingdings bullets.
        0xB7 | 0x9F | 0xA7 => Some('•'),
        _ => char::from_u32(code).filter(|c| !c.is_control()),
    }
}

#[cfg(test)]
mod tests;
