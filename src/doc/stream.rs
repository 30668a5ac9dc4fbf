//! A document's JSON on disk, for documents too long to hold whole:
//! [`DocumentWriter`] writes it one part at a time as the file is read (the
//! same JSON `serde` reads back into a [`Document`], its `parts` first, one
//! per line), and [`read_without_layout`] reads it back without the pages'
//! positioned words, lines, rules and rectangles, which are most of its
//! size and which the mapping does not read.

use super::{Block, Body, Document, Message, Page, Part, Sheet, Source};
use serde::Deserialize;
use std::io::{self, Read, Write};

/// A document's JSON in the making: parts first, then the other fields.
pub struct DocumentWriter<W: Write> {
    out: W,
    parts: usize,
}

impl<W: Write> DocumentWriter<W> {
    pub fn new(mut out: W) -> io::Result<Self> {
        out.write_all(b"{\"parts\":[")?;
        Ok(DocumentWriter { out, parts: 0 })
    }

    /// Append the next part.
    pub fn part(&mut self, part: &Part) -> io::Result<()> {
        self.out
            .write_all(if self.parts == 0 { b"\n" } else { b",\n" })?;
        serde_json::to_writer(&mut self.out, part)?;
        self.parts += 1;
        Ok(())
    }

    /// Close the document with the other fields of `rest` (a [`Document`],
    /// or any object: its own `parts` are left out, they are the ones
    /// written) and hand back the writer.
    pub fn finish(mut self, rest: &impl serde::Serialize) -> io::Result<W> {
        self.out.write_all(b"\n]")?;
        let serde_json::Value::Object(fields) = serde_json::to_value(rest)? else {
            return Err(io::Error::other("document fields must be an object"));
        };
        for (key, value) in fields.iter().filter(|(k, _)| k.as_str() != "parts") {
            write!(self.out, ",{}:", serde_json::Value::String(key.clone()))?;
            serde_json::to_writer(&mut self.out, value)?;
        }
        self.out.write_all(b"}\n")?;
        Ok(self.out)
    }
}

/// Read a document's JSON, leaving out its pages' layout (positioned words,
/// text lines, rules and rectangles; blocks are kept): the layout is
/// skipped while parsing, never held.
pub fn read_without_layout(reader: impl Read) -> serde_json::Result<Document> {
    let light: LightDocument = serde_json::from_reader(io::BufReader::new(reader))?;
    Ok(Document {
        model_version: light.model_version,
        source: light.source,
        parts: light.parts.into_iter().map(Part::from).collect(),
        warnings: light.warnings,
        children: light.children,
    })
}

/// [`Document`] as read by [`read_without_layout`].
#[derive(Deserialize)]
struct LightDocument {
    model_version: u32,
    source: Source,
    parts: Vec<LightPart>,
    #[serde(default)]
    warnings: Vec<String>,
    #[serde(default)]
    children: Vec<String>,
}

/// [`Part`] with pages read as [`PageBlocks`]; fields not named here
/// (the layout) are skipped by serde.
#[allow(clippy::large_enum_variant)] // as `Part`: read once, moved into it
#[derive(Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
enum LightPart {
    Page(PageBlocks),
    Sheet(Sheet),
    Body(Body),
    Message(Message),
}

#[derive(Deserialize)]
struct PageBlocks {
    number: u32,
    width: f32,
    height: f32,
    #[serde(default)]
    rotation: i32,
    blocks: Vec<Block>,
    #[serde(default)]
    image_only: bool,
}

impl From<LightPart> for Part {
    fn from(part: LightPart) -> Part {
        match part {
            LightPart::Page(p) => Part::Page(Page {
                number: p.number,
                width: p.width,
                height: p.height,
                rotation: p.rotation,
                blocks: p.blocks,
                image_only: p.image_only,
                ..Default::default()
            }),
            LightPart::Sheet(s) => Part::Sheet(s),
            LightPart::Body(b) => Part::Body(b),
            LightPart::Message(m) => Part::Message(m),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::{Block, Body, Format, Paragraph, Source, DOCUMENT_MODEL_VERSION};

    fn pdf(parts: Vec<Part>) -> Document {
        Document {
            model_version: DOCUMENT_MODEL_VERSION,
            source: Source {
                path: "a.pdf".into(),
                sha256: String::new(),
                format: Format::Pdf,
                bytes: 0,
                message: None,
            },
            parts,
            warnings: Vec::new(),
            children: Vec::new(),
        }
    }

    #[test]
    fn a_document_written_part_by_part_reads_back_whole() {
        let body = |name: &str, text: &str| {
            Part::Body(Body {
                name: name.into(),
                blocks: vec![Block::Paragraph(Paragraph {
                    text: text.into(),
                    ..Default::default()
                })],
            })
        };
        let doc = Document {
            model_version: DOCUMENT_MODEL_VERSION,
            source: Source {
                path: "reply.docx".into(),
                sha256: "ab".into(),
                format: Format::Docx,
                bytes: 3,
                message: Some(2),
            },
            parts: vec![body("document", "Dear Sir"), body("footnotes", "1. Nil")],
            warnings: vec!["a warning".into()],
            children: Vec::new(),
        };
        let mut w = DocumentWriter::new(Vec::new()).unwrap();
        for p in &doc.parts {
            w.part(p).unwrap();
        }
        let head = Document {
            parts: Vec::new(),
            ..doc.clone()
        };
        let json = w.finish(&head).unwrap();
        let back: Document = serde_json::from_slice(&json).unwrap();
        assert_eq!(back, doc);
        // Bodies have no layout: read without it, the document is the same.
        assert_eq!(read_without_layout(json.as_slice()).unwrap(), doc);
    }

    #[test]
    fn a_page_read_without_layout_keeps_its_blocks_only() {
        let mut page = Part::Page(Page {
            number: 3,
            width: 595.0,
            height: 842.0,
            rotation: 90,
            words: vec![crate::doc::Word {
                text: "Kent".into(),
                ..Default::default()
            }],
            segments: vec![crate::doc::Segment::default()],
            blocks: vec![Block::Paragraph(Paragraph {
                text: "Kent".into(),
                ..Default::default()
            })],
            image_only: true,
            ..Default::default()
        });
        let doc = pdf(vec![page.clone()]);
        let json = serde_json::to_vec(&doc).unwrap();
        let light = read_without_layout(json.as_slice()).unwrap();
        if let Part::Page(p) = &mut page {
            p.words.clear();
            p.segments.clear();
        }
        assert_eq!(light.parts, vec![page]);
    }

    #[test]
    fn a_document_without_parts_is_valid_json() {
        let doc = pdf(Vec::new());
        let json = DocumentWriter::new(Vec::new())
            .unwrap()
            .finish(&doc)
            .unwrap();
        let back: Document = serde_json::from_slice(&json).unwrap();
        assert_eq!(back, doc);
    }
}
