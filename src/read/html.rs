//! HTML reader (.html/.htm files, and HTML email bodies via
//! [`html_bodies`]): paragraphs, headings, list items and line breaks in
//! reading order, and tables with `colspan`/`rowspan`, built through the
//! same [`Flow`] as the word-processor readers.
//!
//! A small tolerant tag scanner (`scan`) is used instead of an HTML5
//! parser crate: the reader needs only the tag events (no tree, no CSS), the
//! scanner never fails on broken markup, and html5ever/scraper would add a
//! dozen crates to the build. Entities use quick-xml's HTML5 table.
//! LibreOffice's exports mark page headers, footers and footnotes with
//! `<div title="header">`, `<div title="footer">` and `<div id="sdfootnoteN">`;
//! those become bodies of their own as in the .docx/.odt readers.

mod scan;

use crate::doc::Body;
use crate::doc::Part;
use crate::read::decode::{decode_text, decode_with_label};
use crate::read::word::flow::{CellMerge, Flow};
use crate::read::word::numbering::NumFormat;
use crate::read::{Extracted, Input, ReadError, Reader};
use scan::{decode_entities, Scanner, Token};

pub struct HtmlReader;

impl Reader for HtmlReader {
    fn read(&self, input: &Input) -> Result<Extracted, ReadError> {
        let text = decode_html(input.bytes);
        let parts = html_bodies(&text, input.path, "document")
            .into_iter()
            .map(Part::Body)
            .collect();
        Ok(Extracted::with_parts(parts))
    }
}

/// Decode HTML bytes: a BOM, else the charset a `<meta>` declares, else the
/// shared guess (UTF-8, then Windows-1252 and friends).
pub fn decode_html(bytes: &[u8]) -> String {
    if encoding_rs::Encoding::for_bom(bytes).is_none() {
        if let Some(label) = meta_charset(bytes) {
            return decode_with_label(bytes, &label);
        }
    }
    decode_text(bytes).0
}

/// The charset of `<meta charset=...>` or `content="...; charset=..."` in
/// the first 4 KiB.
fn meta_charset(bytes: &[u8]) -> Option<String> {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]).to_ascii_lowercase();
    let mut from = 0;
    while let Some(i) = head[from..].find("<meta") {
        let start = from + i;
        let end = head[start..].find('>').map_or(head.len(), |e| start + e);
        let tag = &head[start..end];
        if let Some(j) = tag.find("charset=") {
            let value: String = tag[j + 8..]
                .trim_start_matches(['"', '\''])
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'))
                .collect();
            if !value.is_empty() {
                return Some(value);
            }
        }
        from = end;
    }
    None
}

/// Read an HTML text into bodies: the main one named `main_part`
/// (`document`, `email body`...), then `header`, `footer` and `footnotes`
/// where the markup marks them. Never fails: broken markup gives what could
/// be read.
pub fn html_bodies(html: &str, file: &str, main_part: &str) -> Vec<Body> {
    let mut flows = [
        Flow::new(file, main_part, "html"),
        Flow::new(file, "header", "html").deduplicated(),
        Flow::new(file, "footer", "html").deduplicated(),
        Flow::new(file, "footnotes", "html"),
    ];
    let mut st = State::default();
    for token in Scanner::new(html) {
        let flow = &mut flows[st.target()];
        match &token {
            Token::Text(raw) => st.text(flow, &decode_entities(raw)),
            Token::Start { name, .. } => st.start(flow, name, &token),
            Token::End { name } => {
                st.end(flow, name);
                // A closing div may end a header/footer/footnote scope.
                if name == "div" {
                    st.close_div(&mut flows);
                }
            }
        }
    }
    let mut bodies = flows.map(Flow::finish).into_iter();
    let mut out: Vec<Body> = bodies.next().into_iter().collect();
    out.extend(bodies.filter(|b| !b.blocks.is_empty()));
    out
}

/// Block-level elements: their start and end end a paragraph.
const BLOCKS: [&str; 27] = [
    "p",
    "div",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "blockquote",
    "pre",
    "address",
    "section",
    "article",
    "header",
    "footer",
    "nav",
    "aside",
    "main",
    "center",
    "form",
    "fieldset",
    "figure",
    "figcaption",
    "hr",
    "caption",
    "body",
    "html",
];

#[derive(Default)]
struct State {
    /// Open `div`s, and for each whether it opened a scope (header...).
    divs: Vec<Option<usize>>,
    /// Stack of the bodies text goes to (index into the flows).
    scopes: Vec<usize>,
    heading: Option<u8>,
    pre: usize,
    /// Inside a footnote number link (`<a class="sdfootnoteanc">`), whose
    /// digit would stick to the text around it.
    note_mark: bool,
    /// Per open table: in `thead`; the open row has a `td`; has a `th`.
    tables: Vec<TableState>,
    /// Open lists: for `<ol>` its format and next number, `None` for `<ul>`.
    lists: Vec<Option<(NumFormat, u32)>>,
    /// List number waiting for its item's first text.
    label: Option<String>,
    /// Open `<del>` elements: deleted text (tracked changes) is not read.
    deleted: usize,
}

#[derive(Default, Clone, Copy)]
struct TableState {
    in_head: bool,
    row_td: bool,
    row_th: bool,
}

impl State {
    fn target(&self) -> usize {
        self.scopes.last().copied().unwrap_or(0)
    }

    fn text(&mut self, flow: &mut Flow, s: &str) {
        if self.note_mark || self.deleted > 0 {
            return;
        }
        if self.label.is_some() && !s.trim().is_empty() {
            if let Some(label) = self.label.take() {
                flow.text(&label);
            }
        }
        if self.pre > 0 {
            flow.text(&s.replace('\u{a0}', " "));
            return;
        }
        for c in s.chars() {
            if c.is_ascii_whitespace() || c == '\u{a0}' {
                if !matches!(flow.last_char(), None | Some(' ' | '\n' | '\t')) {
                    flow.push(' ');
                }
            } else {
                flow.push(c);
            }
        }
    }

    fn start(&mut self, flow: &mut Flow, name: &str, token: &Token) {
        match name {
            "br" => flow.push('\n'),
            "del" => self.deleted += 1,
            "a" => {
                self.note_mark = token
                    .attr("class")
                    .is_some_and(|c| c.starts_with("sdfootnote") || c.starts_with("sdendnote"));
            }
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                flow.end_paragraph(None);
                self.heading = name[1..].parse().ok();
            }
            "div" => {
                flow.end_paragraph(None);
                let scope = match (token.attr("title"), token.attr("id")) {
                    (Some("header"), _) => Some(1),
                    (Some("footer"), _) => Some(2),
                    (_, Some(id))
                        if id.starts_with("sdfootnote") || id.starts_with("sdendnote") =>
                    {
                        Some(3)
                    }
                    _ => None,
                };
                if let Some(s) = scope {
                    self.scopes.push(s);
                }
                // Bounded by the input size; a div is a few bytes.
                self.divs.push(scope);
            }
            "pre" => {
                flow.end_paragraph(None);
                self.pre += 1;
            }
            "ol" | "ul" => {
                flow.end_paragraph(None);
                let numbered = (name == "ol").then(|| {
                    let format = NumFormat::from_symbol(token.attr("type").unwrap_or("1"));
                    let start = token.attr("start").and_then(|v| v.trim().parse().ok());
                    (format, start.unwrap_or(1))
                });
                self.lists.push(numbered);
            }
            "li" => {
                flow.end_paragraph(None);
                // The number a browser draws before the item: `1.`, `a.`.
                if let Some(Some((format, next))) = self.lists.last_mut() {
                    if let Some(v) = token.attr("value").and_then(|v| v.trim().parse().ok()) {
                        *next = v;
                    }
                    if *format != NumFormat::None {
                        // Written before the item's first text (which may
                        // be inside a `<p>` that starts a paragraph).
                        self.label = Some(format!("{}. ", format.render(*next)));
                    }
                    *next = next.saturating_add(1);
                }
            }
            "table" => {
                self.tables.push(TableState::default());
                flow.start_table();
            }
            "thead" => self.set_head(true),
            "tbody" | "tfoot" => self.set_head(false),
            "tr" => {
                self.finish_row(flow);
                let head = self.tables.last().is_some_and(|t| t.in_head);
                flow.start_row(head);
            }
            "td" | "th" => {
                if let Some(t) = self.tables.last_mut() {
                    if name == "td" {
                        t.row_td = true;
                    } else {
                        t.row_th = true;
                    }
                }
                let span = |key| {
                    token
                        .attr(key)
                        .and_then(|v| v.trim().parse::<u32>().ok())
                        .filter(|&n| n > 0)
                        .unwrap_or(1)
                };
                flow.start_cell(CellMerge::Span {
                    rows: span("rowspan"),
                    cols: span("colspan"),
                });
            }
            _ if BLOCKS.contains(&name) => flow.end_paragraph(None),
            _ => {}
        }
    }

    /// A row of only `th` cells is a header row (whether or not its `</tr>`
    /// is written).
    fn finish_row(&mut self, flow: &mut Flow) {
        if let Some(t) = self.tables.last_mut() {
            if t.row_th && !t.row_td {
                flow.mark_header_row();
            }
            t.row_th = false;
            t.row_td = false;
        }
    }

    fn set_head(&mut self, head: bool) {
        if let Some(t) = self.tables.last_mut() {
            t.in_head = head;
        }
    }

    fn end(&mut self, flow: &mut Flow, name: &str) {
        match name {
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                flow.end_paragraph(self.heading.take());
            }
            "pre" => {
                flow.end_paragraph(None);
                self.pre = self.pre.saturating_sub(1);
            }
            "td" | "th" => flow.end_cell(),
            "a" => self.note_mark = false,
            "del" => self.deleted = self.deleted.saturating_sub(1),
            "tr" => {
                self.finish_row(flow);
                flow.end_row();
            }
            "thead" => self.set_head(false),
            "ol" | "ul" => {
                flow.end_paragraph(None);
                self.lists.pop();
            }
            "table" => {
                self.finish_row(flow);
                if self.tables.pop().is_some() {
                    flow.end_table();
                }
            }
            _ if BLOCKS.contains(&name) => flow.end_paragraph(None),
            _ => {}
        }
    }

    /// After `</div>`: leave the scope that div opened, if any, closing
    /// what it left open in its body.
    fn close_div(&mut self, flows: &mut [Flow; 4]) {
        if let Some(Some(scope)) = self.divs.pop() {
            if let Some(flow) = flows.get_mut(scope) {
                flow.end_paragraph(None);
            }
            self.scopes.pop();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::Block;

    fn paragraphs(b: &Body) -> Vec<(String, Option<u8>)> {
        b.blocks
            .iter()
            .filter_map(|b| match b {
                Block::Paragraph(p) => Some((p.text.clone(), p.heading)),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn broken_markup_still_reads() {
        let html = "<html><head><title>t</title><style>p{}</style></head><body>\
            <h2>Answer</h2>Dear Sir,<br>thank you.<p>One<p>Two &pound;5\n   spaced\
            <table border=1><tr><th>IABS<th>IDENT1<tr><td rowspan=2>113<td>398\
            <tr><td>7</table><ul><li>White<li>Black</ul>";
        let bodies = html_bodies(html, "r.html", "document");
        assert_eq!(bodies.len(), 1);
        assert_eq!(
            paragraphs(&bodies[0]),
            [
                ("Answer".to_string(), Some(2)),
                ("Dear Sir,\nthank you.".to_string(), None),
                ("One".to_string(), None),
                ("Two £5 spaced".to_string(), None),
                ("White".to_string(), None),
                ("Black".to_string(), None),
            ]
        );
        let Block::Table(t) = &bodies[0].blocks[4] else {
            panic!("table after the paragraphs before it")
        };
        assert_eq!(
            t.rows_text(),
            [["IABS", "IDENT1"], ["113", "398"], ["113", "7"]]
        );
        assert_eq!(t.header_rows, 1);
        assert!(t.cell(2, 0).unwrap().merged_from.is_some());
    }

    #[test]
    fn outlook_markup() {
        // The shape of an HTML email body written by Outlook/Word.
        let html = r#"<html xmlns:o="urn:schemas-microsoft-com:office:office"><head>
            <meta http-equiv=Content-Type content="text/html; charset=windows-1252">
            <!--[if !mso]><style>v\:* {behavior:url(#default#VML);}</style><![endif]-->
            <style><!-- p.MsoNormal {margin:0cm;} --></style></head>
            <body lang=EN-GB><div class=WordSection1><p class=MsoNormal>Dear Sir,<o:p></o:p></p>
            <p class=MsoNormal><o:p>&nbsp;</o:p></p>
            <p class=MsoListParagraph style='mso-list:l0 level1 lfo1'><![if !supportLists]><span style='mso-list:Ignore'>1.<span>&nbsp;&nbsp;&nbsp; </span></span><![endif]>Does the force use scanners? Yes.<o:p></o:p></p>
            <table class=MsoTableGrid border=1><tr><td><p class=MsoNormal><b>IABS<o:p></o:p></b></p></td><td><p class=MsoNormal><b>IDENT1</b></p></td></tr>
            <tr><td><p class=MsoNormal>113</p></td><td><p class=MsoNormal>398</p></td></tr></table>
            <p class=MsoNormal>Cost limit &#150; <del>&pound;600</del>&pound;450.</p></div></body></html>"#;
        let bodies = html_bodies(html, "mail.html", "email body");
        assert_eq!(bodies[0].name, "email body");
        assert_eq!(
            paragraphs(&bodies[0]),
            [
                ("Dear Sir,".to_string(), None),
                ("1. Does the force use scanners? Yes.".to_string(), None),
                ("Cost limit – £450.".to_string(), None),
            ]
        );
        let Block::Table(t) = &bodies[0].blocks[2] else {
            panic!("table")
        };
        assert_eq!(t.rows_text(), [["IABS", "IDENT1"], ["113", "398"]]);
        assert_eq!(t.prov.part.as_deref(), Some("email body"));
    }

    #[test]
    fn charset_from_meta() {
        let bytes = b"<html><head><meta http-equiv=Content-Type content='text/html; charset=windows-1252'></head><body><p>\xa3450</p></body></html>";
        assert!(decode_html(bytes).contains("£450"));
        let bytes = b"<meta charset=\"utf-8\"><p>\xc2\xa3450</p>";
        assert!(decode_html(bytes).contains("£450"));
    }
}
