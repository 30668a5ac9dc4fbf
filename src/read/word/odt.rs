//! OpenDocument text (.odt) reader: zip + quick-xml over `content.xml`
//! (the `document` body, with footnotes and endnotes gathered into a
//! `footnotes` body) and `styles.xml` (page headers and footers, which hold
//! letterheads and reference numbers).
//!
//! Tables keep their spans (`number-columns-spanned`,
//! `number-rows-spanned`; `covered-table-cell` placeholders are dropped) and
//! are laid out by [`Flow`]. Whitespace collapses as ODF says, except the
//! explicit `text:s`, `text:tab` and `text:line-break`. Numbered list items
//! get their number from the list style (`lists`). A package whose
//! manifest lists encryption data needs a password.

mod lists;

use super::flow::{CellMerge, Flow};
use super::package::{self, attr, entity_text, local, xml_error, Package};
use crate::doc::Part;
use crate::read::{Extracted, Input, ReadError, Reader};
use lists::Lists;
use quick_xml::events::{BytesStart, Event};

/// Most spaces one `text:s` may stand for, and most repeats of a cell.
const MAX_REPEAT: usize = 1000;

pub struct OdtReader;

impl Reader for OdtReader {
    fn read(&self, input: &Input) -> Result<Extracted, ReadError> {
        let mut pkg = package::open(input)?;
        let read = read_package(&mut pkg, input);
        pkg.finish(read)
    }
}

/// Read the bodies of an opened .odt package.
fn read_package(pkg: &mut Package, input: &Input) -> Result<Extracted, ReadError> {
    if let Some(manifest) = package::read_entry(pkg, "META-INF/manifest.xml", input)? {
        if manifest.contains("encryption-data") {
            return Err(ReadError::Password);
        }
    }
    let content = package::read_entry(pkg, "content.xml", input)?
        .ok_or_else(|| ReadError::corrupt("no content.xml in the package"))?;
    let styles = package::read_entry(pkg, "styles.xml", input)?;
    let mut lists = Lists::default();
    if let Some(xml) = &styles {
        lists.add_styles(xml);
    }
    lists.add_styles(&content);
    let mut flows = [
        Flow::new(input.path, "document", "odt"),
        Flow::new(input.path, "header", "odt").deduplicated(),
        Flow::new(input.path, "footer", "odt").deduplicated(),
        Flow::new(input.path, "footnotes", "odt"),
    ];
    walk(
        &content,
        "content.xml",
        &mut flows,
        &mut lists,
        Some(Target::Document),
    )?;
    if let Some(styles) = &styles {
        walk(styles, "styles.xml", &mut flows, &mut lists, None)?;
    }
    let [document, header, footer, notes] = flows.map(Flow::finish);
    let mut parts = vec![Part::Body(document)];
    for body in [header, footer, notes] {
        if !body.blocks.is_empty() {
            parts.push(Part::Body(body));
        }
    }
    Ok(Extracted::with_parts(parts))
}

/// Which body text goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    Document = 0,
    Header = 1,
    Footer = 2,
    Notes = 3,
}

/// One place text can go, with the element nesting that leads to it.
#[derive(Debug, Clone, Copy)]
struct Scope {
    target: Target,
    /// The element depth at which this scope was entered.
    depth: usize,
    /// Paragraph nesting within the scope (text boxes nest paragraphs).
    paragraphs: usize,
    heading: Option<u8>,
}

struct Walker<'f> {
    flows: &'f mut [Flow; 4],
    lists: &'f mut Lists,
    /// Label of the list item whose first paragraph is being read.
    label: Option<String>,
    scopes: Vec<Scope>,
    depth: usize,
    /// Depth inside a skipped subtree.
    skip: usize,
    /// Per open table: whether its header rows are being read.
    header_rows: Vec<bool>,
}

/// Walk one XML part; `base` is where text outside any header, footer or
/// note goes (`None` in `styles.xml`, whose only text is headers/footers).
fn walk(
    xml: &str,
    name: &str,
    flows: &mut [Flow; 4],
    lists: &mut Lists,
    base: Option<Target>,
) -> Result<(), ReadError> {
    let mut w = Walker {
        flows,
        lists,
        label: None,
        scopes: base
            .map(|target| Scope {
                target,
                depth: 0,
                paragraphs: 0,
                heading: None,
            })
            .into_iter()
            .collect(),
        depth: 0,
        skip: 0,
        header_rows: Vec::new(),
    };
    let mut reader = quick_xml::Reader::from_str(xml);
    loop {
        match reader.read_event().map_err(|e| xml_error(name, e))? {
            Event::Start(e) => {
                w.depth += 1;
                if w.skip > 0 {
                    w.skip += 1;
                } else {
                    w.start(&e, true);
                }
            }
            Event::Empty(e) if w.skip == 0 => {
                w.depth += 1;
                w.start(&e, false);
                w.end(local(e.name().0));
                w.depth -= 1;
            }
            Event::End(e) => {
                if w.skip > 0 {
                    w.skip -= 1;
                } else {
                    w.end(local(e.name().0));
                }
                w.depth = w.depth.saturating_sub(1);
            }
            Event::Text(t) if w.skip == 0 => w.collapsed_text(&t.xml10_content()),
            Event::GeneralRef(r) if w.skip == 0 => w.collapsed_text(&entity_text(&r)),
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(())
}

impl Walker<'_> {
    /// The flow text goes to, when inside a paragraph of some scope.
    fn flow_in_paragraph(&mut self) -> Option<&mut Flow> {
        let scope = self.scopes.last()?;
        if scope.paragraphs == 0 {
            return None;
        }
        self.flows.get_mut(scope.target as usize)
    }

    fn flow(&mut self) -> Option<&mut Flow> {
        let scope = self.scopes.last()?;
        self.flows.get_mut(scope.target as usize)
    }

    fn enter(&mut self, target: Target) {
        self.scopes.push(Scope {
            target,
            depth: self.depth,
            paragraphs: 0,
            heading: None,
        });
    }

    /// Text with XML whitespace runs collapsed to one space.
    fn collapsed_text(&mut self, s: &str) {
        let Some(flow) = self.flow_in_paragraph() else {
            return;
        };
        for c in s.chars() {
            if matches!(c, ' ' | '\t' | '\n' | '\r') {
                if !matches!(flow.last_char(), None | Some(' ')) {
                    flow.push(' ');
                }
            } else {
                flow.push(c);
            }
        }
    }

    fn start(&mut self, e: &BytesStart, open: bool) {
        let name = e.name();
        match local(name.0) {
            // Deleted text kept for change tracking, comments, the note
            // number, and drawing descriptions.
            "tracked-changes" | "annotation" | "note-citation" | "desc" | "title"
                if open && self.scopes.last().is_some() =>
            {
                self.skip = 1;
            }
            "header" | "header-left" | "header-first" => self.enter(Target::Header),
            "footer" | "footer-left" | "footer-first" => self.enter(Target::Footer),
            "note-body" => self.enter(Target::Notes),
            "p" | "h" => {
                let heading = (local(name.0) == "h").then(|| {
                    attr(e, "outline-level")
                        .and_then(|v| v.parse::<u8>().ok())
                        .unwrap_or(1)
                        .clamp(1, 10)
                });
                let mut nested = false;
                if let Some(scope) = self.scopes.last_mut() {
                    scope.paragraphs += 1;
                    if scope.paragraphs == 1 {
                        scope.heading = heading;
                    }
                    nested = scope.paragraphs > 1;
                }
                if let Some(flow) = self.flow().filter(|_| nested) {
                    // A text box's paragraph inside this one: its own line.
                    if !matches!(flow.last_char(), None | Some('\n')) {
                        flow.push('\n');
                    }
                }
            }
            "list" => {
                let continues = attr(e, "continue-numbering").as_deref() == Some("true")
                    || attr(e, "continue-list").is_some();
                self.lists.open_list(attr(e, "style-name"), continues);
            }
            "list-item" => {
                let start = attr(e, "start-value").and_then(|v| v.parse().ok());
                self.label = self.lists.item_label(start);
            }
            "s" => {
                let n: usize = attr(e, "c").and_then(|c| c.parse().ok()).unwrap_or(1);
                if let Some(flow) = self.flow_in_paragraph() {
                    flow.text(&" ".repeat(n.min(MAX_REPEAT)));
                }
            }
            "tab" => {
                if let Some(flow) = self.flow_in_paragraph() {
                    flow.push('\t');
                }
            }
            "line-break" => {
                if let Some(flow) = self.flow_in_paragraph() {
                    flow.push('\n');
                }
            }
            "table" => {
                self.header_rows.push(false);
                if let Some(flow) = self.flow() {
                    flow.start_table();
                }
            }
            "table-header-rows" => {
                if let Some(h) = self.header_rows.last_mut() {
                    *h = true;
                }
            }
            "table-row" => {
                let header = self.header_rows.last().copied().unwrap_or(false);
                if let Some(flow) = self.flow() {
                    flow.start_row(header);
                }
            }
            "table-cell" => {
                let span = |key| {
                    attr(e, key)
                        .and_then(|v| v.parse::<u32>().ok())
                        .unwrap_or(1)
                };
                let merge = CellMerge::Span {
                    rows: span("number-rows-spanned"),
                    cols: span("number-columns-spanned"),
                };
                // An empty cell may stand for a run of repeated cells.
                let repeat = if open {
                    1
                } else {
                    (span("number-columns-repeated") as usize).min(MAX_REPEAT)
                };
                if let Some(flow) = self.flow() {
                    for i in 0..repeat {
                        if i > 0 {
                            flow.end_cell();
                        }
                        flow.start_cell(merge);
                    }
                }
            }
            "covered-table-cell" => {
                if let Some(flow) = self.flow() {
                    flow.start_cell(CellMerge::Covered);
                }
            }
            _ => {}
        }
    }

    fn end(&mut self, tag: &str) {
        match tag {
            "p" | "h" => {
                let Some(scope) = self.scopes.last_mut() else {
                    return;
                };
                scope.paragraphs = scope.paragraphs.saturating_sub(1);
                let (nested, heading) = (scope.paragraphs > 0, scope.heading);
                let label = if nested { None } else { self.label.take() };
                if let Some(flow) = self.flow() {
                    if nested {
                        flow.push('\n');
                    } else {
                        if let Some(label) = label {
                            flow.prefix_paragraph(&label);
                        }
                        flow.end_paragraph(heading);
                    }
                }
            }
            "table-header-rows" => {
                if let Some(h) = self.header_rows.last_mut() {
                    *h = false;
                }
            }
            "list" => self.lists.close_list(),
            "table-cell" | "covered-table-cell" => {
                if let Some(flow) = self.flow() {
                    flow.end_cell();
                }
            }
            "table-row" => {
                if let Some(flow) = self.flow() {
                    flow.end_row();
                }
            }
            "table" => {
                self.header_rows.pop();
                if let Some(flow) = self.flow() {
                    flow.end_table();
                }
            }
            _ => {}
        }
        // Leaving the element that opened a header, footer or note.
        if self
            .scopes
            .last()
            .is_some_and(|s| s.depth == self.depth && s.depth > 0)
        {
            self.scopes.pop();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::{Block, Format};
    use crate::read::Limits;
    use std::io::Write;

    fn odt(content: &str) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default();
        w.start_file("mimetype", opts).unwrap();
        w.write_all(b"application/vnd.oasis.opendocument.text")
            .unwrap();
        w.start_file("content.xml", opts).unwrap();
        w.write_all(content.as_bytes()).unwrap();
        w.finish().unwrap().into_inner()
    }

    fn read(bytes: &[u8]) -> Result<Extracted, ReadError> {
        OdtReader.read(&Input {
            bytes,
            path: "reply.odt",
            format: Format::Odt,
            depth: 0,
            limits: Limits::default(),
        })
    }

    #[test]
    fn spaces_tabs_breaks_notes_and_tracked_changes() {
        let content = r#"<office:document-content xmlns:office="o" xmlns:text="t" xmlns:table="tb"><office:body><office:text>
          <text:tracked-changes><text:changed-region><text:deletion><text:p>gone</text:p></text:deletion></text:changed-region></text:tracked-changes>
          <text:h text:outline-level="2">Answer   one</text:h>
          <text:p>Kent<text:s text:c="3"/>&amp;<text:tab/>Medway<text:note><text:note-citation>1</text:note-citation><text:note-body><text:p>A note.</text:p></text:note-body></text:note><text:line-break/>next
            line</text:p>
          <table:table><table:table-row><table:table-cell table:number-columns-spanned="2"><text:p>a</text:p></table:table-cell><table:covered-table-cell/></table:table-row>
          <table:table-row><table:table-cell table:number-columns-repeated="2"/></table:table-row></table:table>
        </office:text></office:body></office:document-content>"#;
        let ex = read(&odt(content)).unwrap();
        let Part::Body(doc) = &ex.parts[0] else {
            panic!()
        };
        let Block::Paragraph(h) = &doc.blocks[0] else {
            panic!()
        };
        assert_eq!((h.text.as_str(), h.heading), ("Answer one", Some(2)));
        let Block::Paragraph(p) = &doc.blocks[1] else {
            panic!()
        };
        assert_eq!(p.text, "Kent   &\tMedway\nnext line");
        let Block::Table(t) = &doc.blocks[2] else {
            panic!()
        };
        assert_eq!(t.rows_text(), [["a", "a"], ["", ""]]);
        assert_eq!(t.cell(0, 0).unwrap().col_span, 2);
        let Part::Body(notes) = &ex.parts[1] else {
            panic!()
        };
        assert_eq!(notes.name, "footnotes");
        assert!(matches!(&notes.blocks[0], Block::Paragraph(p) if p.text == "A note."));
    }

    #[test]
    fn encrypted_package_needs_a_password() {
        let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default();
        w.start_file("META-INF/manifest.xml", opts).unwrap();
        w.write_all(
            br#"<manifest:manifest xmlns:manifest="m"><manifest:file-entry manifest:full-path="content.xml"><manifest:encryption-data manifest:checksum-type="SHA1/1K"/></manifest:file-entry></manifest:manifest>"#,
        )
        .unwrap();
        w.start_file("content.xml", opts).unwrap();
        w.write_all(b"\x8f\x02binary").unwrap();
        let bytes = w.finish().unwrap().into_inner();
        assert_eq!(read(&bytes), Err(ReadError::Password));
    }

    #[test]
    fn bad_content_is_corrupt() {
        assert!(matches!(
            read(&odt("<office:document-content><text:p></text:h>")),
            Err(ReadError::Corrupt(_))
        ));
    }
}
