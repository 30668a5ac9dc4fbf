//! Word 97-2003 binary (.doc) reader: cfb opens the OLE container, the FIB
//! (`fib`) locates the piece table, and the text of each character
//! position is read from the `WordDocument` stream (8-bit Windows-1252 or
//! UTF-16 pieces).
//!
//! Tables come from the paragraph properties (`papx`): cell marks
//! (`\x07`) of paragraphs "in a table" end cells, the mark flagged as a row
//! end ends the row and carries the row's cell edges and merge flags, so a
//! table comes out cell for cell with its spans (laid out by
//! `TableBuffer`). Without readable properties, two cell marks in a row
//! end a row (a fallback that cannot tell an empty last cell). Field codes
//! (`\x13` code `\x14` result `\x15`) keep only the result. Footnotes and
//! page headers/footers (from `PlcfHdd`) become bodies of their own.

mod fib;
mod lists;
mod papx;

use super::edge_table::{RowDef, TableBuffer};
use super::fields::FieldStack;
use super::flow::Flow;
use crate::doc::Part;
use crate::read::{Extracted, Input, ReadError, Reader};
use fib::{slice, Fib, NFIB_WORD97};
use lists::DocLists;
use papx::{deleted_ranges, heading_styles, in_ranges, Papx};
use std::io::{Cursor, Read};

/// Most bytes read from one stream of the container.
const MAX_STREAM_BYTES: u64 = 256 << 20;

/// Stories of the header document before the first section's: footnote
/// and endnote separators.
const SEPARATOR_STORIES: usize = 6;

pub struct DocReader;

impl Reader for DocReader {
    fn read(&self, input: &Input) -> Result<Extracted, ReadError> {
        let mut ole = cfb::CompoundFile::open(Cursor::new(input.bytes))
            .map_err(|e| ReadError::corrupt(format!("not a valid OLE container: {e}")))?;
        let max = input.limits.max_child_bytes.min(MAX_STREAM_BYTES);
        let word = read_stream(&mut ole, "/WordDocument", max)?
            .ok_or_else(|| ReadError::corrupt("no WordDocument stream"))?;
        let fib = Fib::parse(&word)?;
        if fib.encrypted {
            return Err(ReadError::Password);
        }
        if fib.n_fib < NFIB_WORD97 {
            return Err(ReadError::Unsupported(
                "Word 6/95 .doc (older than Word 97) is not read".into(),
            ));
        }
        let table_name = if fib.table_1 { "/1Table" } else { "/0Table" };
        let table = read_stream(&mut ole, table_name, max)?
            .ok_or_else(|| ReadError::corrupt(format!("no {} stream", &table_name[1..])))?;
        let clx = slice(&table, fib.clx)
            .ok_or_else(|| ReadError::corrupt("CLX outside the table stream"))?;
        let pieces = fib::pieces(clx)?;
        let papx = Papx::read(&word, &table, fib.plcf_bte_papx);
        let styles = heading_styles(&table, fib.stshf);
        // Tracked deletions stay in the text stream; drop them here.
        let deleted = deleted_ranges(&word, &table, fib.plcf_bte_chpx);
        let visible = |chars: Vec<(char, u32)>| -> Vec<(char, u32)> {
            if deleted.is_empty() {
                return chars;
            }
            chars
                .into_iter()
                .filter(|&(_, fc)| !in_ranges(&deleted, fc))
                .collect()
        };

        let mut document = Flow::new(input.path, "document", "doc");
        let main = visible(fib::text(&word, &pieces, 0, fib.ccp_text));
        let mut lists = DocLists::read(&table, fib.plf_lst, fib.plf_lfo);
        read_main(&main, &papx, &styles, &mut lists, &mut document);
        let mut parts = vec![Part::Body(document.finish())];

        let mut header = Flow::new(input.path, "header", "doc").deduplicated();
        let mut footer = Flow::new(input.path, "footer", "doc").deduplicated();
        let hdd_start = fib.ccp_text.saturating_add(fib.ccp_ftn);
        if let Some(plc) = slice(&table, fib.plcf_hdd) {
            let cps: Vec<u32> = plc
                .chunks_exact(4)
                .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
                .collect();
            for (k, w) in cps.windows(2).enumerate().skip(SEPARATOR_STORIES) {
                let (from, to) = (w[0].min(fib.ccp_hdd), w[1].min(fib.ccp_hdd));
                if from >= to {
                    continue;
                }
                let chars = visible(fib::text(&word, &pieces, hdd_start + from, hdd_start + to));
                // Per section: even/odd header, even/odd footer, first
                // header, first footer.
                let flow = match (k - SEPARATOR_STORIES) % 6 {
                    0 | 1 | 4 => &mut header,
                    _ => &mut footer,
                };
                read_simple(&chars, flow);
            }
        }
        let mut notes = Flow::new(input.path, "footnotes", "doc");
        let ftn = visible(fib::text(&word, &pieces, fib.ccp_text, hdd_start));
        read_simple(&ftn, &mut notes);
        // Endnotes join the footnotes; text boxes (letterheads often sit
        // in one) get a body of their own, header text boxes the header.
        let [edn, txbx, hdr_txbx] = fib.later_stories();
        let mut boxes = Flow::new(input.path, "text boxes", "doc").deduplicated();
        for ((from, to), flow) in [
            (edn, &mut notes),
            (txbx, &mut boxes),
            (hdr_txbx, &mut header),
        ] {
            if from < to {
                read_simple(&visible(fib::text(&word, &pieces, from, to)), flow);
            }
        }
        for flow in [header, footer, notes, boxes] {
            let body = flow.finish();
            if !body.blocks.is_empty() {
                parts.push(Part::Body(body));
            }
        }
        Ok(Extracted::with_parts(parts))
    }
}

fn read_stream<F: Read + std::io::Seek>(
    ole: &mut cfb::CompoundFile<F>,
    name: &str,
    max: u64,
) -> Result<Option<Vec<u8>>, ReadError> {
    if !ole.is_stream(name) {
        return Ok(None);
    }
    let stream = ole
        .open_stream(name)
        .map_err(|e| ReadError::corrupt(format!("{name}: {e}")))?;
    let mut bytes = Vec::new();
    stream
        .take(max + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| ReadError::corrupt(format!("{name}: {e}")))?;
    if bytes.len() as u64 > max {
        return Err(ReadError::LimitExceeded {
            what: format!("{name} stream size"),
            found: bytes.len() as u64,
            max,
        });
    }
    Ok(Some(bytes))
}

/// Field marks of the binary format (`\x13` code `\x14` result `\x15`).
#[derive(Default)]
struct Fields(FieldStack);

impl Fields {
    /// True when `c` is a field mark or hidden code (the caller skips it).
    fn hides(&mut self, c: char) -> bool {
        match c {
            '\u{13}' => self.0.begin(),
            '\u{14}' => self.0.separate(),
            '\u{15}' => self.0.end(),
            _ => return !self.0.shown(),
        }
        true
    }
}

/// Append a visible character to `line`; marks handled by the caller.
fn push_char(line: &mut String, c: char) {
    match c {
        '\u{0b}' => line.push('\n'),
        '\t' => line.push('\t'),
        '\u{1e}' => line.push('-'),
        // Object anchors, note references, optional hyphens.
        c if (c as u32) < 0x20 => {}
        c => line.push(c),
    }
}

/// The main text: paragraphs and tables.
fn read_main(
    chars: &[(char, u32)],
    papx: &Papx,
    styles: &[Option<u8>],
    lists: &mut DocLists,
    flow: &mut Flow,
) {
    let mut fields = Fields::default();
    let mut line = String::new();
    let mut table = TableBuffer::default();
    let mut row_def = RowDef::default();
    // A table nested in the current cell (depth 2; deeper ones flow in
    // as text only).
    let mut inner = TableBuffer::default();
    let mut inner_def = RowDef::default();
    let have_props = !papx.is_empty();
    let mut last_was_cell_mark = false;
    for &(c, fc) in chars {
        if fields.hides(c) {
            continue;
        }
        if !matches!(c, '\r' | '\u{07}' | '\u{0c}') {
            push_char(&mut line, c);
            continue;
        }
        let mut text = std::mem::take(&mut line);
        let props = papx.at(fc).cloned().unwrap_or_default();
        if props.ilfo > 0 && c != '\u{07}' {
            // The list number Word draws before the paragraph.
            if let Some(label) = lists.label(props.ilfo, props.ilvl) {
                if !text.trim().is_empty() {
                    text = format!("{label} {}", text.trim_start());
                }
            }
        }
        let (in_table, row_end) = if have_props {
            (props.itap >= 1, c == '\u{07}' && props.row_end)
        } else {
            let in_table = c == '\u{07}';
            (in_table, in_table && last_was_cell_mark && text.is_empty())
        };
        last_was_cell_mark = c == '\u{07}' && !row_end;
        if have_props && props.itap >= 2 {
            // A nested table flows into its outer cell as text: cells
            // joined by tabs, rows by newlines.
            table.push_str(&text);
            inner.push_str(&text);
            if props.inner_row_end {
                inner.end_row(&RowDef {
                    cells: props.cells.clone(),
                    header: props.header_row,
                    ..RowDef::default()
                });
                inner_def = RowDef {
                    cells: props.cells.clone(),
                    ..RowDef::default()
                };
                table.nested_row_end();
            } else if props.inner_cell {
                inner.end_cell();
                table.push('\t');
            } else {
                inner.end_paragraph();
                table.push('\n');
            }
            continue;
        }
        if in_table {
            table.push_str(&text);
            if row_end {
                row_def = RowDef {
                    cells: props.cells.clone(),
                    header: props.header_row,
                    ..RowDef::default()
                };
                table.end_row(&row_def);
            } else if c == '\u{07}' {
                if inner.is_open() {
                    table.adopt(std::mem::take(&mut inner), std::mem::take(&mut inner_def));
                }
                table.end_cell();
            } else {
                table.end_paragraph();
            }
            continue;
        }
        if table.is_open() {
            table.close(flow, &row_def);
        }
        flow.text(&text);
        let heading = props
            .outline
            .or_else(|| styles.get(usize::from(props.istd)).copied().flatten());
        flow.end_paragraph(heading);
    }
    if table.is_open() {
        table.close(flow, &row_def);
    }
    flow.text(&line);
    flow.end_paragraph(None);
}

/// Footnote and header stories: paragraphs only (table cells joined by
/// tabs).
fn read_simple(chars: &[(char, u32)], flow: &mut Flow) {
    let mut fields = Fields::default();
    for &(c, _) in chars {
        if fields.hides(c) {
            continue;
        }
        match c {
            '\r' | '\u{0c}' => flow.end_paragraph(None),
            '\u{07}' => flow.push('\t'),
            c => {
                let mut s = String::new();
                push_char(&mut s, c);
                flow.text(&s);
            }
        }
    }
    flow.end_paragraph(None);
}

#[cfg(test)]
mod tests;
