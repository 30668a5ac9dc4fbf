//! Plain text files (`.txt`, an email body saved as text): decoded, split
//! into paragraphs at blank lines.

use super::{decode::decode_text, Extracted, Input, ReadError, Reader};
use crate::doc::{Block, Body, Paragraph, Part, Prov};

/// Reader for plain text.
pub struct TextReader;

impl Reader for TextReader {
    fn read(&self, input: &Input) -> Result<Extracted, ReadError> {
        let (text, _) = decode_text(input.bytes);
        let body = Body {
            name: "document".into(),
            blocks: paragraphs(&text, input.path, "document"),
        };
        Ok(Extracted::with_parts(vec![Part::Body(body)]))
    }
}

/// Split text into paragraph blocks at blank lines; lines inside a paragraph
/// keep their line breaks (answers to numbered questions often sit on
/// consecutive lines). Provenance names the part and paragraph index.
pub fn paragraphs(text: &str, file: &str, part: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    let flush = |current: &mut Vec<&str>, blocks: &mut Vec<Block>| {
        if !current.is_empty() {
            let idx = blocks.len() as u32;
            blocks.push(Block::Paragraph(Paragraph {
                text: current.join("\n"),
                heading: None,
                prov: Prov {
                    part: Some(part.to_string()),
                    paragraph: Some(idx),
                    ..Prov::file(file)
                },
            }));
            current.clear();
        }
    };
    for line in text.lines() {
        let line = line.trim_end();
        if line.trim().is_empty() {
            flush(&mut current, &mut blocks);
        } else {
            current.push(line);
        }
    }
    flush(&mut current, &mut blocks);
    blocks
}
