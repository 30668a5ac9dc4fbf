//! RTF reader: a small interpreter over the control-word syntax.
//!
//! rtf-parser is not used: it has no table model and ignores code pages.
//! Here groups carry their own state on an explicit stack (bounded, so
//! hostile nesting cannot exhaust memory or the call stack); destinations
//! that hold no body text (font and colour tables, pictures, field codes,
//! `{\*...}` extensions) are skipped; `\'hh` bytes are decoded through the
//! `\ansicpgN` code page and `\uN` characters skip their `\ucN` fallback.
//! Page headers/footers and footnotes go to bodies of their own; tables
//! (`\trowd ... \cell ... \row`, nested ones through `\nestcell`,
//! `\nesttableprops`, `\nestrow`) are buffered in `TableBuffer`. Tracked
//! deletions (`\deleted`) are skipped; list numbers (`\listtext`) and
//! text-box text (`\shptxt`) are kept.

mod lexer;

use super::edge_table::{RowDef, TableBuffer};
use super::flow::Flow;
use crate::doc::Part;
use crate::read::{Extracted, Input, ReadError, Reader};
use encoding_rs::{Encoding, WINDOWS_1252};
use lexer::{Lexer, Token};
use std::collections::HashMap;

/// Deepest group nesting given its own state; deeper groups share their
/// parent's.
const MAX_GROUP_DEPTH: usize = 512;

pub struct RtfReader;

impl Reader for RtfReader {
    fn read(&self, input: &Input) -> Result<Extracted, ReadError> {
        let start = input
            .bytes
            .iter()
            .position(|b| !b.is_ascii_whitespace())
            .unwrap_or(0);
        if !input.bytes[start..].starts_with(b"{\\rtf") {
            return Err(ReadError::corrupt("does not start with {\\rtf"));
        }
        let mut interp = Interp::new(input.path);
        for token in Lexer::new(input.bytes) {
            interp.token(token);
        }
        let bodies = interp.finish();
        let mut parts = Vec::new();
        for (i, body) in bodies.into_iter().enumerate() {
            if i == 0 || !body.blocks.is_empty() {
                parts.push(Part::Body(body));
            }
        }
        Ok(Extracted::with_parts(parts))
    }
}

/// Body the text of a group goes to (index into the flows).
const DOCUMENT: usize = 0;
const HEADER: usize = 1;
const FOOTER: usize = 2;
const NOTES: usize = 3;

/// State scoped to a group.
#[derive(Debug, Clone, Copy)]
struct Group {
    skip: bool,
    dest: usize,
    /// This group switched `dest`: its end ends the paragraph there.
    opened_dest: bool,
    /// `\*` seen: the next destination word is skipped unless known.
    star: bool,
    stylesheet: bool,
    uc: u32,
    in_table: bool,
    /// Table nesting depth of the paragraph (`\itapN`; 1 with `\intbl`).
    itap: i32,
    /// Inside `\nesttableprops`: row definitions of a nested table.
    nest_props: bool,
    heading: Option<u8>,
    /// Text of a tracked deletion (`\deleted`): not shown.
    deleted: bool,
    /// A list number (`\listtext`, `\pntext`) being read.
    list_label: bool,
}

impl Default for Group {
    fn default() -> Self {
        Group {
            skip: false,
            dest: DOCUMENT,
            opened_dest: false,
            star: false,
            stylesheet: false,
            uc: 1,
            in_table: false,
            itap: 0,
            nest_props: false,
            heading: None,
            deleted: false,
            list_label: false,
        }
    }
}

/// A style being read from the stylesheet.
#[derive(Debug, Default)]
struct StyleDraft {
    number: Option<i32>,
    outline: Option<u8>,
    name: String,
}

struct Interp {
    flows: [Flow; 4],
    groups: Vec<Group>,
    /// Group levels opened beyond [`MAX_GROUP_DEPTH`].
    overflow: usize,
    encoding: &'static Encoding,
    /// Code-page bytes not yet decoded (a DBCS character spans two).
    pending: Vec<u8>,
    /// Fallback characters still to skip after a `\uN`.
    skip_chars: u32,
    high_surrogate: Option<u16>,
    /// Text of the list number being read.
    label: String,
    table: TableBuffer,
    row_def: RowDef,
    /// A table nested in the current cell, and its row definition.
    inner: TableBuffer,
    inner_def: RowDef,
    /// Heading level of paragraph styles (`\sN`).
    styles: HashMap<i32, u8>,
    style: StyleDraft,
}

impl Interp {
    fn new(file: &str) -> Self {
        Interp {
            flows: [
                Flow::new(file, "document", "rtf"),
                Flow::new(file, "header", "rtf").deduplicated(),
                Flow::new(file, "footer", "rtf").deduplicated(),
                Flow::new(file, "footnotes", "rtf"),
            ],
            groups: vec![Group::default()],
            overflow: 0,
            encoding: WINDOWS_1252,
            pending: Vec::new(),
            skip_chars: 0,
            high_surrogate: None,
            label: String::new(),
            table: TableBuffer::default(),
            row_def: RowDef::default(),
            inner: TableBuffer::default(),
            inner_def: RowDef::default(),
            styles: HashMap::new(),
            style: StyleDraft::default(),
        }
    }

    fn group(&self) -> Group {
        self.groups.last().copied().unwrap_or_default()
    }

    fn group_mut(&mut self) -> &mut Group {
        if self.groups.is_empty() {
            self.groups.push(Group::default());
        }
        let last = self.groups.len() - 1;
        &mut self.groups[last]
    }

    fn token(&mut self, token: Token) {
        match token {
            Token::Hex(b) | Token::Byte(b) => {
                if self.skip_chars > 0 {
                    self.skip_chars -= 1;
                } else if b == b'\t' {
                    self.flush();
                    self.out('\t');
                } else {
                    self.pending.push(b);
                }
                return;
            }
            Token::Binary(_) => return,
            _ => {}
        }
        self.flush();
        match token {
            Token::Open => {
                self.skip_chars = 0;
                if self.groups.len() >= MAX_GROUP_DEPTH {
                    self.overflow += 1;
                } else {
                    let mut g = self.group();
                    g.star = false;
                    g.opened_dest = false;
                    self.groups.push(g);
                }
            }
            Token::Close => {
                self.skip_chars = 0;
                if self.overflow > 0 {
                    self.overflow -= 1;
                } else {
                    self.close_group();
                }
            }
            Token::Symbol(c) => {
                if self.skip_chars > 0 {
                    self.skip_chars -= 1;
                    return;
                }
                match c {
                    b'*' => self.group_mut().star = true,
                    b'~' => self.out('\u{a0}'),
                    b'_' => self.out('-'),
                    b'\\' | b'{' | b'}' => self.out(char::from(c)),
                    _ => {}
                }
            }
            Token::Word(name, param) => {
                if self.skip_chars > 0 {
                    self.skip_chars -= 1;
                    return;
                }
                let star = std::mem::replace(&mut self.group_mut().star, false);
                self.word(name, param, star);
            }
            Token::Hex(_) | Token::Byte(_) | Token::Binary(_) => {}
        }
    }

    fn close_group(&mut self) {
        let Some(g) = self.groups.pop() else {
            return;
        };
        if self.groups.len() <= 1 {
            // The document group closed; anything after it is ignored.
            self.groups = vec![Group {
                skip: true,
                ..Group::default()
            }];
        }
        if g.stylesheet {
            self.commit_style();
        }
        if g.list_label && !self.group().list_label {
            // The number as drawn ("1.", "a)"); bullets are not rendered.
            let label = std::mem::take(&mut self.label);
            let label = label.trim();
            if label.chars().any(char::is_alphanumeric) {
                for c in label.chars().chain([' ']) {
                    self.out(c);
                }
            }
        }
        if g.opened_dest && !g.skip {
            self.flows[g.dest].end_paragraph(None);
        }
    }

    /// Decode pending code-page bytes and output them.
    fn flush(&mut self) {
        if self.pending.is_empty() {
            return;
        }
        let bytes = std::mem::take(&mut self.pending);
        let (text, _) = self.encoding.decode_without_bom_handling(&bytes);
        for c in text.chars() {
            self.out(c);
        }
    }

    fn out(&mut self, c: char) {
        let g = self.group();
        if g.skip || g.deleted {
            return;
        }
        if g.stylesheet {
            self.style.name.push(c);
            return;
        }
        if g.list_label {
            self.label.push(c);
            return;
        }
        if g.dest == DOCUMENT && g.in_table {
            // Nested text flows into the outer cell and its own table.
            self.table.push(c);
            if g.itap >= 2 {
                self.inner.push(c);
            }
            return;
        }
        if g.dest == DOCUMENT && self.table.is_open() {
            self.table.close(&mut self.flows[DOCUMENT], &self.row_def);
        }
        self.flows[g.dest].push(c);
    }

    fn paragraph_end(&mut self) {
        let g = self.group();
        if g.skip || g.stylesheet {
            return;
        }
        if g.dest == DOCUMENT && g.in_table {
            self.table.end_paragraph();
            if g.itap >= 2 {
                self.inner.end_paragraph();
            }
            return;
        }
        if g.dest == DOCUMENT && self.table.is_open() {
            self.table.close(&mut self.flows[DOCUMENT], &self.row_def);
        }
        let heading = if g.dest == DOCUMENT { g.heading } else { None };
        self.flows[g.dest].end_paragraph(heading);
    }

    fn commit_style(&mut self) {
        let style = std::mem::take(&mut self.style);
        let Some(number) = style.number else {
            return;
        };
        let level = style.outline.or_else(|| heading_from_name(&style.name));
        if let Some(level) = level {
            self.styles.insert(number, level);
        }
    }

    fn word(&mut self, name: &str, param: Option<i32>, star: bool) {
        let g = self.group();
        if g.skip {
            return;
        }
        let n = param.unwrap_or(0);
        if g.nest_props {
            // Row definition and row end of a nested table.
            match name {
                "trowd" => self.inner_def = RowDef::default(),
                "cellx" => self.inner_def.cellx(n),
                "clvmgf" => self.inner_def.pending.v_first = true,
                "clvmrg" => self.inner_def.pending.v_cont = true,
                "clmrg" => self.inner_def.pending.h_cont = true,
                "nestrow" => {
                    self.inner.end_row(&self.inner_def);
                    self.table.nested_row_end();
                }
                _ => {}
            }
            return;
        }
        if g.stylesheet {
            match name {
                "s" => self.style.number = Some(n),
                "outlinelevel" => self.style.outline = outline(n),
                _ if star => self.group_mut().skip = true,
                _ => {}
            }
            return;
        }
        match name {
            "par" | "sect" => self.paragraph_end(),
            "line" => self.out('\n'),
            "tab" => self.out('\t'),
            "emdash" => self.out('—'),
            "endash" => self.out('–'),
            "bullet" => self.out('•'),
            "lquote" => self.out('‘'),
            "rquote" => self.out('’'),
            "ldblquote" => self.out('“'),
            "rdblquote" => self.out('”'),
            "emspace" | "enspace" | "qmspace" => self.out(' '),
            "u" => {
                self.unicode(n);
                self.skip_chars = g.uc;
            }
            "uc" => self.group_mut().uc = n.clamp(0, 10) as u32,
            "ansicpg" => self.encoding = code_page(n),
            "mac" => self.encoding = encoding_rs::MACINTOSH,
            "pard" => {
                let g = self.group_mut();
                g.in_table = false;
                g.itap = 0;
                g.heading = None;
            }
            "intbl" => {
                let g = self.group_mut();
                g.in_table = true;
                g.itap = g.itap.max(1);
            }
            "deleted" => self.group_mut().deleted = n != 0 || param.is_none(),
            "plain" => self.group_mut().deleted = false,
            "itap" => {
                let g = self.group_mut();
                g.in_table = n > 0;
                g.itap = n;
            }
            "s" => self.group_mut().heading = self.styles.get(&n).copied(),
            "outlinelevel" => self.group_mut().heading = outline(n),
            "trowd" => self.row_def = RowDef::default(),
            "trhdr" => self.row_def.header = true,
            "cellx" => self.row_def.cellx(n),
            "clvmgf" => self.row_def.pending.v_first = true,
            "clvmrg" => self.row_def.pending.v_cont = true,
            "clmrg" => self.row_def.pending.h_cont = true,
            "cell" => {
                if g.dest == DOCUMENT {
                    if self.inner.is_open() {
                        let inner = std::mem::take(&mut self.inner);
                        let def = std::mem::take(&mut self.inner_def);
                        self.table.adopt(inner, def);
                    }
                    self.table.end_cell();
                } else {
                    self.out('\t');
                }
            }
            "row" => {
                if g.dest == DOCUMENT {
                    self.table.end_row(&self.row_def);
                } else {
                    self.paragraph_end();
                }
            }
            // Nested tables flow into their cell as text, and are kept
            // to follow the outer table.
            "nestcell" => {
                self.out('\t');
                self.inner.end_cell();
            }
            "nesttableprops" => self.group_mut().nest_props = true,
            "nestrow" => {
                self.inner.end_row(&self.inner_def);
                self.table.nested_row_end();
            }
            "footnote" => self.enter(NOTES),
            "header" | "headerl" | "headerr" | "headerf" => self.enter(HEADER),
            "footer" | "footerl" | "footerr" | "footerf" => self.enter(FOOTER),
            "stylesheet" => self.group_mut().stylesheet = true,
            "listtext" | "pntext" => self.group_mut().list_label = true,
            // Shapes: a text box's text is in `\shptxt`; the shape
            // properties and the fallback drawing hold none of the body.
            "shpinst" | "shptxt" => {}
            "sp" | "shprslt" => self.group_mut().skip = true,
            _ if star || SKIPPED_DESTINATIONS.contains(&name) => self.group_mut().skip = true,
            _ => {}
        }
    }

    fn enter(&mut self, dest: usize) {
        let g = self.group_mut();
        g.dest = dest;
        g.opened_dest = true;
        g.in_table = false;
        g.heading = None;
    }

    fn unicode(&mut self, n: i32) {
        // Negative values are UTF-16 units written as signed 16-bit.
        let unit = if n < 0 { n + 65_536 } else { n } as u32;
        match unit {
            0xD800..=0xDBFF => self.high_surrogate = Some(unit as u16),
            0xDC00..=0xDFFF => {
                if let Some(high) = self.high_surrogate.take() {
                    let c = 0x10000 + ((u32::from(high) - 0xD800) << 10) + (unit - 0xDC00);
                    if let Some(c) = char::from_u32(c) {
                        self.out(c);
                    }
                }
            }
            _ => {
                self.high_surrogate = None;
                if let Some(c) = char::from_u32(unit) {
                    self.out(c);
                }
            }
        }
    }

    fn finish(mut self) -> Vec<crate::doc::Body> {
        self.flush();
        if self.table.is_open() {
            self.table.close(&mut self.flows[DOCUMENT], &self.row_def);
        }
        self.flows.map(Flow::finish).into_iter().collect()
    }
}

/// Destinations that hold no body text.
const SKIPPED_DESTINATIONS: [&str; 34] = [
    "fonttbl",
    "colortbl",
    "info",
    "pict",
    "themedata",
    "colorschememapping",
    "datastore",
    "latentstyles",
    "listtable",
    "listoverridetable",
    "revtbl",
    "rsidtbl",
    "generator",
    "xmlnstbl",
    "mmathPr",
    "filetbl",
    "private",
    "fldinst",
    "annotation",
    "atnid",
    "atnauthor",
    "bkmkstart",
    "bkmkend",
    "nonshppict",
    "ftnsep",
    "ftnsepc",
    "aftnsep",
    "aftnsepc",
    "pgdsctbl",
    "template",
    "userprops",
    "docvar",
    "objdata",
    // What a reader without nested tables shows instead of them.
    "nonesttables",
];

fn outline(n: i32) -> Option<u8> {
    (0..9).contains(&n).then(|| n as u8 + 1)
}

/// `heading 2;` → 2.
fn heading_from_name(name: &str) -> Option<u8> {
    let lower = name.trim().trim_end_matches(';').to_ascii_lowercase();
    let level: u8 = lower.strip_prefix("heading")?.trim().parse().ok()?;
    (1..=9).contains(&level).then_some(level)
}

/// The encoding of a Windows code page number; unknown ones fall back to
/// Windows-1252, the code page of nearly every UK reply.
fn code_page(n: i32) -> &'static Encoding {
    let label = match n {
        65001 => "utf-8".to_string(),
        932 => "shift_jis".to_string(),
        936 => "gbk".to_string(),
        949 => "euc-kr".to_string(),
        950 => "big5".to_string(),
        10000 => "macintosh".to_string(),
        874 | 1250..=1258 => format!("windows-{n}"),
        _ => return WINDOWS_1252,
    };
    Encoding::for_label(label.as_bytes()).unwrap_or(WINDOWS_1252)
}

#[cfg(test)]
mod tests;
