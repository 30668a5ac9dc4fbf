//! The document model: the one shape every reader produces and every later
//! stage consumes.
//!
//! A [`Document`] is a source file (with its provenance) and its parts in
//! reading order: PDF pages, spreadsheet sheets, word-processor bodies, email
//! messages. Tables are grids of [`Cell`]s, each carrying its own [`Prov`], so
//! the mapping stage never needs to know which format a value came from.

mod prov;
mod stream;
mod table;

pub use prov::{a1, column_letters, Prov};
pub use stream::{read_without_layout, DocumentWriter};
pub use table::{Cell, CellValue, MergeOrigin, Table};

use serde::{Deserialize, Serialize};

/// Version of the serialised document model (bump on breaking change).
pub const DOCUMENT_MODEL_VERSION: u32 = 1;

/// Detected file format. Detection is by content, see `read::sniff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Pdf,
    Docx,
    Doc,
    Rtf,
    Odt,
    Html,
    Xlsx,
    Xlsm,
    Xls,
    Xlsb,
    Ods,
    Csv,
    Tsv,
    Text,
    Eml,
    Msg,
    Tnef,
    Zip,
    /// `correspondence.txt` of a WhatDoTheyKnow download.
    Wdtk,
    Png,
    Jpeg,
    Gif,
    Tiff,
    Bmp,
    Empty,
    Unknown,
}

impl Format {
    /// Short lower-case name, as written in `files.csv` and the record.
    pub fn name(self) -> &'static str {
        match self {
            Format::Pdf => "pdf",
            Format::Docx => "docx",
            Format::Doc => "doc",
            Format::Rtf => "rtf",
            Format::Odt => "odt",
            Format::Html => "html",
            Format::Xlsx => "xlsx",
            Format::Xlsm => "xlsm",
            Format::Xls => "xls",
            Format::Xlsb => "xlsb",
            Format::Ods => "ods",
            Format::Csv => "csv",
            Format::Tsv => "tsv",
            Format::Text => "text",
            Format::Eml => "eml",
            Format::Msg => "msg",
            Format::Tnef => "tnef",
            Format::Zip => "zip",
            Format::Wdtk => "wdtk",
            Format::Png => "png",
            Format::Jpeg => "jpeg",
            Format::Gif => "gif",
            Format::Tiff => "tiff",
            Format::Bmp => "bmp",
            Format::Empty => "empty",
            Format::Unknown => "unknown",
        }
    }

    /// True for raster image formats (no text to read without OCR).
    pub fn is_image(self) -> bool {
        matches!(
            self,
            Format::Png | Format::Jpeg | Format::Gif | Format::Tiff | Format::Bmp
        )
    }
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// Where a document came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Source {
    /// Path relative to the batch root, `/`-separated; files inside a
    /// container are nested under it (`reply.zip/Annex A.xlsx`).
    pub path: String,
    /// Lower-case hex sha256 of the file's bytes.
    pub sha256: String,
    pub format: Format,
    pub bytes: u64,
    /// For an attachment of a WhatDoTheyKnow download (`<msg>_<part>_<name>`),
    /// or of an email: the 1-based index of the message it belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<u32>,
}

/// A document as read: its source and its parts in reading order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    pub model_version: u32,
    pub source: Source,
    pub parts: Vec<Part>,
    /// Recoverable problems met while reading (a sheet skipped, text repaired).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
    /// Names of files this document contains (attachments, zip entries),
    /// which are read as documents of their own.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<String>,
}

/// One part of a document, in reading order.
#[allow(clippy::large_enum_variant)] // few parts per document; boxing would only add noise
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Part {
    Page(Page),
    Sheet(Sheet),
    Body(Body),
    Message(Message),
}

/// A page of a paged document (PDF). Coordinates are PDF points with the
/// origin at the top-left of the page (y grows downwards), as pdfplumber.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Page {
    /// 1-based page number.
    pub number: u32,
    pub width: f32,
    pub height: f32,
    /// Page /Rotate in degrees (0, 90, 180, 270).
    #[serde(default)]
    pub rotation: i32,
    pub words: Vec<Word>,
    /// Text lines: words grouped by baseline, in reading order.
    pub lines: Vec<TextLine>,
    /// Ruling segments from stroked paths and thin filled rectangles.
    pub segments: Vec<Segment>,
    /// Filled or stroked rectangles (cell backgrounds, boxes).
    pub rects: Vec<Rect>,
    /// Paragraphs and tables found on the page, in reading order.
    pub blocks: Vec<Block>,
    /// True when the page draws images but no text (a scan).
    #[serde(default)]
    pub image_only: bool,
}

/// A word on a PDF page.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Word {
    pub text: String,
    pub x0: f32,
    pub top: f32,
    pub x1: f32,
    pub bottom: f32,
    pub font_size: f32,
    pub font: String,
    /// Writing direction on the page as displayed: 0 left to right, 1 top
    /// to bottom, 2 upside down, 3 bottom to top (a table turned on an
    /// upright page reads 1 or 3).
    #[serde(default)]
    pub dir: u8,
}

/// A line of text on a PDF page.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct TextLine {
    pub text: String,
    pub x0: f32,
    pub top: f32,
    pub x1: f32,
    pub bottom: f32,
    /// Indices into `Page::words`.
    pub words: Vec<usize>,
}

/// A straight ruling segment (page coordinates, top-left origin).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Segment {
    pub x0: f32,
    pub y0: f32,
    pub x1: f32,
    pub y1: f32,
    pub width: f32,
}

/// A rectangle drawn on the page.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Rect {
    pub x0: f32,
    pub top: f32,
    pub x1: f32,
    pub bottom: f32,
    pub filled: bool,
    pub stroked: bool,
    /// Fill colour as RGB 0..1, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fill: Option<[f32; 3]>,
}

/// A spreadsheet sheet: the whole used range as one table, plus what a
/// reader of the workbook could not see.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Sheet {
    pub name: String,
    /// 0-based position in the workbook.
    pub index: u32,
    /// `visible`, `hidden` or `very_hidden`.
    pub visibility: String,
    /// 0-based row indices (within the whole sheet) that are hidden.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hidden_rows: Vec<u32>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hidden_cols: Vec<u32>,
    /// Merged ranges as A1 references (`A1:C1`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub merged: Vec<String>,
    /// The used range. Cell provenance gives the sheet and A1 reference.
    pub table: Table,
}

/// A flowing body of paragraphs and tables (Word, ODT, RTF, HTML, text,
/// an email body).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Body {
    /// What this body is: `document`, `email body`, `header`, `footnotes`...
    pub name: String,
    pub blocks: Vec<Block>,
}

/// An email or a message of a WhatDoTheyKnow thread, with its body.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Message {
    /// 1-based position in the thread or file.
    pub index: u32,
    pub from: Option<String>,
    #[serde(default)]
    pub to: Vec<String>,
    /// ISO 8601 date-time (or date) when it could be parsed, else as written.
    pub date: Option<String>,
    pub subject: Option<String>,
    /// Names of attachments as the message lists them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attachments: Vec<String>,
    pub blocks: Vec<Block>,
}

/// A block of content in reading order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Block {
    Paragraph(Paragraph),
    Table(Table),
}

/// A paragraph (or heading) of text.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Paragraph {
    pub text: String,
    /// Heading level (1..) when the source marks it as a heading.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub heading: Option<u8>,
    pub prov: Prov,
}

impl Document {
    /// Every table in the document, in reading order (sheets, page and body
    /// tables, tables inside messages).
    pub fn tables(&self) -> Vec<&Table> {
        let mut out = Vec::new();
        for part in &self.parts {
            match part {
                Part::Sheet(s) => out.push(&s.table),
                Part::Page(p) => out.extend(tables_in(&p.blocks)),
                Part::Body(b) => out.extend(tables_in(&b.blocks)),
                Part::Message(m) => out.extend(tables_in(&m.blocks)),
            }
        }
        out
    }

    /// Every paragraph in reading order (tables excluded).
    pub fn paragraphs(&self) -> Vec<&Paragraph> {
        let mut out = Vec::new();
        for part in &self.parts {
            let blocks = match part {
                Part::Sheet(_) => continue,
                Part::Page(p) => &p.blocks,
                Part::Body(b) => &b.blocks,
                Part::Message(m) => &m.blocks,
            };
            out.extend(blocks.iter().filter_map(|b| match b {
                Block::Paragraph(p) => Some(p),
                Block::Table(_) => None,
            }));
        }
        out
    }

    /// The plain text of the whole document, parts separated by blank lines;
    /// tables are rendered row by row with tabs between cells.
    pub fn plain_text(&self) -> String {
        let mut out = String::new();
        for part in &self.parts {
            match part {
                Part::Sheet(s) => push_table_text(&mut out, &s.table),
                Part::Page(p) => push_blocks_text(&mut out, &p.blocks),
                Part::Body(b) => push_blocks_text(&mut out, &b.blocks),
                Part::Message(m) => {
                    for (k, v) in [
                        ("From", &m.from),
                        ("Date", &m.date),
                        ("Subject", &m.subject),
                    ] {
                        if let Some(v) = v {
                            out.push_str(&format!("{k}: {v}\n"));
                        }
                    }
                    push_blocks_text(&mut out, &m.blocks);
                }
            }
            out.push('\n');
        }
        out
    }
}

fn tables_in(blocks: &[Block]) -> impl Iterator<Item = &Table> {
    blocks.iter().filter_map(|b| match b {
        Block::Table(t) => Some(t),
        Block::Paragraph(_) => None,
    })
}

fn push_blocks_text(out: &mut String, blocks: &[Block]) {
    for b in blocks {
        match b {
            Block::Paragraph(p) => {
                out.push_str(&p.text);
                out.push('\n');
            }
            Block::Table(t) => push_table_text(out, t),
        }
    }
}

fn push_table_text(out: &mut String, t: &Table) {
    for r in 0..t.n_rows {
        let row: Vec<&str> = (0..t.n_cols)
            .map(|c| t.cell(r, c).map(|c| c.text.as_str()).unwrap_or(""))
            .collect();
        out.push_str(&row.join("\t"));
        out.push('\n');
    }
}
