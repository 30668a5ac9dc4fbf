//! Email files: `.eml` (RFC 5322/MIME, parsed by mail-parser) and Outlook
//! `.msg` (see [`msg`]).
//!
//! An email is one `Part::Message` whose blocks are the body as paragraphs:
//! forces often answer in the body itself, so the body is content, not just
//! an envelope. The plain-text body is preferred; an HTML-only body goes
//! through the HTML reader (which keeps tables), or, if that reader fails,
//! through mail-parser's HTML-to-text conversion. Attachments become child files tied to
//! message 1 (a `winmail.dat` is handed on whole for the TNEF reader, an
//! attached message becomes a child `.eml`), as do uuencoded blocks found
//! inline in the body.

pub mod msg;
pub mod uuencode;

pub use msg::MsgReader;

use super::archive::names::{safe_file_name, UniqueNames};
use super::text::paragraphs;
use super::{ChildFile, Extracted, Input, ReadError, Reader};
use crate::doc::{Block, Message, Part};
use mail_parser::{Address, MessageParser, MimeHeaders, PartType};

/// Reader for `.eml` files.
pub struct EmlReader;

/// The provenance part name of the (only) message of an email file.
pub const MESSAGE_PART: &str = "message 1";

impl Reader for EmlReader {
    fn read(&self, input: &Input) -> Result<Extracted, ReadError> {
        let parsed = MessageParser::default()
            .parse(input.bytes)
            .ok_or_else(|| ReadError::Corrupt("not an email message".into()))?;
        let mut out = Extracted::default();
        let mut names = UniqueNames::new();

        let (blocks, uu_files) = body_blocks(&parsed, input);
        let mut attachment_names = Vec::new();
        for (i, part) in parsed.attachments().enumerate() {
            let (fallback, bytes) = match &part.body {
                PartType::Message(inner) => (
                    format!(
                        "{}.eml",
                        inner
                            .subject()
                            .filter(|s| !s.trim().is_empty())
                            .unwrap_or("message")
                    ),
                    inner.raw_message(),
                ),
                PartType::Multipart(_) => continue,
                _ => (
                    format!("attachment {}{}", i + 1, extension_for(part.content_type())),
                    part.contents(),
                ),
            };
            let wanted = match (&part.body, part.attachment_name()) {
                (PartType::Message(_), Some(n)) if !n.to_ascii_lowercase().ends_with(".eml") => {
                    format!("{n}.eml")
                }
                (_, Some(n)) => n.to_string(),
                (_, None) => fallback.clone(),
            };
            let name = names.claim(&safe_file_name(&wanted, &fallback));
            attachment_names.push(name.clone());
            out.children.push(ChildFile {
                name,
                bytes: bytes.to_vec(),
                message: Some(1),
                refused: None,
            });
        }
        for file in uu_files {
            let name = names.claim(&safe_file_name(&file.name, "uuencoded"));
            attachment_names.push(name.clone());
            out.children.push(ChildFile {
                name,
                bytes: file.bytes,
                message: Some(1),
                refused: None,
            });
        }

        let date = parsed.date().map(|d| d.to_rfc3339()).or_else(|| {
            parsed
                .header_raw("Date")
                .map(|d| d.trim().to_string())
                .filter(|d| !d.is_empty())
        });
        out.parts.push(Part::Message(Message {
            index: 1,
            from: parsed.from().and_then(first_address),
            to: parsed.to().map(all_addresses).unwrap_or_default(),
            date,
            subject: parsed.subject().map(|s| s.trim().to_string()),
            attachments: attachment_names,
            blocks,
        }));
        Ok(out)
    }
}

/// The body as blocks, plus files found uuencoded inside plain-text
/// bodies. Plain-text parts are preferred (mail-parser lists the HTML part
/// only when there is no plain alternative). An HTML-only body goes through
/// the HTML reader, which keeps its tables; should that reader fail,
/// mail-parser's HTML-to-text conversion is used instead.
fn body_blocks(
    parsed: &mail_parser::Message,
    input: &Input,
) -> (Vec<Block>, Vec<uuencode::UuFile>) {
    let mut text = String::new();
    let mut blocks = Vec::new();
    for part in parsed.text_bodies() {
        match &part.body {
            PartType::Text(t) => {
                if !text.is_empty() {
                    text.push_str("\n\n");
                }
                text.push_str(t);
            }
            PartType::Html(html) => {
                let html_input = Input {
                    bytes: html.as_bytes(),
                    format: crate::doc::Format::Html,
                    ..*input
                };
                match super::html::HtmlReader.read(&html_input) {
                    Ok(read) => blocks.extend(read.parts.into_iter().flat_map(|p| match p {
                        Part::Body(b) => b.blocks,
                        _ => Vec::new(),
                    })),
                    Err(_) => {
                        let plain = mail_parser::decoders::html::html_to_text(html);
                        blocks.extend(paragraphs(&plain, input.path, MESSAGE_PART));
                    }
                }
            }
            _ => {}
        }
    }
    let (text, uu_files) = uuencode::extract_uuencoded(&text);
    let mut all = paragraphs(&text, input.path, MESSAGE_PART);
    all.extend(blocks);
    relabel(&mut all);
    (all, uu_files)
}

/// Point every block's provenance at the message part, paragraphs numbered
/// in order (blocks from the HTML reader come labelled as its own body).
fn relabel(blocks: &mut [Block]) {
    let part = Some(MESSAGE_PART.to_string());
    let mut n = 0;
    for block in blocks {
        match block {
            Block::Paragraph(p) => {
                p.prov.part = part.clone();
                p.prov.paragraph = Some(n);
                n += 1;
            }
            Block::Table(t) => {
                t.prov.part = part.clone();
                for cell in &mut t.cells {
                    cell.prov.part = part.clone();
                }
            }
        }
    }
}

/// `Name <addr>`, or whichever of the two is present.
fn format_address(name: Option<&str>, address: Option<&str>) -> Option<String> {
    match (name.map(str::trim), address.map(str::trim)) {
        (Some(n), Some(a)) if !n.is_empty() && !a.is_empty() && n != a => {
            Some(format!("{n} <{a}>"))
        }
        (_, Some(a)) if !a.is_empty() => Some(a.to_string()),
        (Some(n), _) if !n.is_empty() => Some(n.to_string()),
        _ => None,
    }
}

fn first_address(address: &Address) -> Option<String> {
    address
        .iter()
        .find_map(|a| format_address(a.name(), a.address()))
}

fn all_addresses(address: &Address) -> Vec<String> {
    address
        .iter()
        .filter_map(|a| format_address(a.name(), a.address()))
        .collect()
}

/// A file extension for an unnamed attachment, from its MIME type, so the
/// child's name hints at what it is.
fn extension_for(content_type: Option<&mail_parser::ContentType>) -> &'static str {
    let Some(ct) = content_type else {
        return "";
    };
    let full = format!(
        "{}/{}",
        ct.ctype().to_ascii_lowercase(),
        ct.subtype().unwrap_or("").to_ascii_lowercase()
    );
    match full.as_str() {
        "application/pdf" => ".pdf",
        "application/ms-tnef" | "application/vnd.ms-tnef" => ".dat",
        "application/zip" | "application/x-zip-compressed" => ".zip",
        "text/plain" => ".txt",
        "text/html" => ".html",
        "text/csv" => ".csv",
        "message/rfc822" => ".eml",
        "application/msword" => ".doc",
        "application/vnd.ms-excel" => ".xls",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document" => ".docx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" => ".xlsx",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::Limits;

    fn read(bytes: &[u8]) -> Extracted {
        let input = Input {
            bytes,
            path: "kent/reply.eml",
            format: crate::doc::Format::Eml,
            depth: 0,
            limits: Limits::default(),
        };
        EmlReader.read(&input).expect("read eml")
    }

    fn message(out: &Extracted) -> &Message {
        match &out.parts[0] {
            Part::Message(m) => m,
            other => panic!("not a message: {other:?}"),
        }
    }

    fn body_texts(m: &Message) -> Vec<&str> {
        m.blocks
            .iter()
            .map(|b| match b {
                Block::Paragraph(p) => p.text.as_str(),
                Block::Table(_) => "<table>",
            })
            .collect()
    }

    #[test]
    fn html_only_body_becomes_text() {
        let eml = b"From: FOI Unit <foi@kent.police.uk>\r\nTo: a@b.c\r\nSubject: FOI 123\r\n\
Date: Tue, 3 Mar 2020 10:15:00 +0000\r\nContent-Type: text/html; charset=utf-8\r\n\r\n\
<html><body><p>Dear requester,</p><p>The cost is &pound;450.</p></body></html>\r\n";
        let out = read(eml);
        let m = message(&out);
        assert_eq!(m.from.as_deref(), Some("FOI Unit <foi@kent.police.uk>"));
        assert_eq!(m.to, ["a@b.c"]);
        assert_eq!(m.date.as_deref(), Some("2020-03-03T10:15:00Z"));
        let text = body_texts(m).join("\n");
        assert!(text.contains("Dear requester,"), "{text}");
        assert!(text.contains("The cost is £450."), "{text}");
        assert!(!text.contains('<'), "{text}");
    }

    #[test]
    fn duplicate_attachment_names_are_numbered() {
        let eml = b"From: a@b.c\r\nTo: d@e.f\r\nSubject: x\r\nMIME-Version: 1.0\r\n\
Content-Type: multipart/mixed; boundary=XX\r\n\r\n--XX\r\nContent-Type: text/plain\r\n\r\nBody\r\n\
--XX\r\nContent-Type: text/csv; name=\"../a.csv\"\r\nContent-Disposition: attachment; filename=\"../a.csv\"\r\n\r\nx,y\r\n\
--XX\r\nContent-Type: text/csv\r\nContent-Disposition: attachment; filename=\"../a.csv\"\r\n\r\n1,2\r\n--XX--\r\n";
        let out = read(eml);
        let names: Vec<&str> = out.children.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, [".._a.csv", ".._a.csv#2"]);
        assert!(out.children.iter().all(|c| c.message == Some(1)));
        assert_eq!(message(&out).attachments, names);
        assert_eq!(body_texts(message(&out)), ["Body"]);
    }
}
