//! Outlook `.msg` files (MS-OXMSG): an OLE compound file whose root holds
//! one stream per MAPI property (`__substg1.0_<id><type>`), a fixed-size
//! property stream (dates), and one storage per attachment
//! (`__attach_version1.0_#<n>`).
//!
//! Read here: sender (0x0C1A name, 0x0C1F address), display-to (0x0E04),
//! subject (0x0037), body (0x1000; HTML 0x1013 converted when there is no
//! plain body), submit/delivery time (0x0039/0x0E06) and attachments (long
//! name 0x3707, short 0x3704, data 0x3701). Embedded-message attachments
//! (0x3701 as a storage) are not unpacked; a warning names them.

use super::super::archive::names::{safe_file_name, UniqueNames};
use super::super::decode::decode_text;
use super::super::text::paragraphs;
use super::super::{ChildFile, Extracted, Input, ReadError, Reader};
use super::MESSAGE_PART;
use crate::doc::{Message, Part};
use std::io::{Cursor, Read};

/// Reader for Outlook `.msg` files.
pub struct MsgReader;

const PT_UNICODE: u16 = 0x001F;
const PT_STRING8: u16 = 0x001E;
const PT_BINARY: u16 = 0x0102;
const PT_SYSTIME: u16 = 0x0040;

type Ole<'a> = cfb::CompoundFile<Cursor<&'a [u8]>>;

impl Reader for MsgReader {
    fn read(&self, input: &Input) -> Result<Extracted, ReadError> {
        let mut ole = cfb::CompoundFile::open(Cursor::new(input.bytes))
            .map_err(|e| ReadError::Corrupt(format!("not an OLE file: {e}")))?;
        let max = input.limits.max_child_bytes;
        let mut out = Extracted::default();

        let text = |ole: &mut Ole, dir: &str, id: u16| string_prop(ole, dir, id, max);
        let sender_name = text(&mut ole, "", 0x0C1A)?;
        let sender_addr = text(&mut ole, "", 0x0C1F)?;
        let from = match (sender_name, sender_addr) {
            (Some(n), Some(a)) if n != a => Some(format!("{n} <{a}>")),
            (n, a) => a.or(n),
        };
        let to = text(&mut ole, "", 0x0E04)?
            .map(|t| {
                t.split(';')
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty())
                    .collect()
            })
            .unwrap_or_default();
        let subject = text(&mut ole, "", 0x0037)?;
        let body = match text(&mut ole, "", 0x1000)? {
            Some(body) => body,
            None => match read_stream(&mut ole, &prop_stream("", 0x1013, PT_BINARY), max)? {
                Some(html) => mail_parser::decoders::html::html_to_text(&decode_text(&html).0),
                None => String::new(),
            },
        };
        let date = message_time(&mut ole)?;

        let mut names = UniqueNames::new();
        let mut attachment_names = Vec::new();
        let mut expanded = 0u64;
        for (n, dir) in attachment_storages(&ole).into_iter().enumerate() {
            let fallback = format!("attachment {}", n + 1);
            let wanted = match text(&mut ole, &dir, 0x3707)? {
                Some(long) => Some(long),
                None => text(&mut ole, &dir, 0x3704)?,
            }
            .unwrap_or_else(|| fallback.clone());
            let Some(bytes) = read_stream(&mut ole, &prop_stream(&dir, 0x3701, PT_BINARY), max)?
            else {
                out.warnings.push(format!(
                    "msg attachment '{wanted}' skipped: embedded message or no data"
                ));
                continue;
            };
            expanded += bytes.len() as u64;
            if expanded > input.limits.max_expanded_bytes {
                return Err(ReadError::LimitExceeded {
                    what: "msg attachments size".into(),
                    found: expanded,
                    max: input.limits.max_expanded_bytes,
                });
            }
            let name = names.claim(&safe_file_name(&wanted, &fallback));
            attachment_names.push(name.clone());
            out.children.push(ChildFile {
                name,
                bytes,
                message: Some(1),
                refused: None,
            });
        }

        out.parts.push(Part::Message(Message {
            index: 1,
            from,
            to,
            date,
            subject,
            attachments: attachment_names,
            blocks: paragraphs(&body, input.path, MESSAGE_PART),
        }));
        Ok(out)
    }
}

/// Path of a property stream in `dir` (`""` = root).
fn prop_stream(dir: &str, id: u16, kind: u16) -> String {
    format!("{dir}/__substg1.0_{id:04X}{kind:04X}")
}

/// Storages of the attachments, in order.
fn attachment_storages(ole: &Ole) -> Vec<String> {
    let mut dirs: Vec<String> = ole
        .read_root_storage()
        .filter(|e| e.is_storage() && e.name().starts_with("__attach_version1.0_#"))
        .map(|e| format!("/{}", e.name()))
        .collect();
    dirs.sort();
    dirs
}

/// A stream's bytes, read through a bound so a lying size cannot allocate
/// more than `max + 1` bytes; `None` if there is no such stream.
fn read_stream(ole: &mut Ole, path: &str, max: u64) -> Result<Option<Vec<u8>>, ReadError> {
    if !ole.is_stream(path) {
        return Ok(None);
    }
    let stream = ole.open_stream(path).map_err(ReadError::corrupt)?;
    let mut bytes = Vec::new();
    stream.take(max.saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max {
        return Err(ReadError::LimitExceeded {
            what: format!("msg stream {path} size"),
            found: bytes.len() as u64,
            max,
        });
    }
    Ok(Some(bytes))
}

/// A string property, Unicode (UTF-16LE) or 8-bit, trimmed of NULs and
/// blanks; `None` when absent or empty.
fn string_prop(ole: &mut Ole, dir: &str, id: u16, max: u64) -> Result<Option<String>, ReadError> {
    let text = if let Some(b) = read_stream(ole, &prop_stream(dir, id, PT_UNICODE), max)? {
        let units: Vec<u16> = b
            .chunks_exact(2)
            .map(|p| u16::from_le_bytes([p[0], p[1]]))
            .collect();
        String::from_utf16_lossy(&units)
    } else if let Some(b) = read_stream(ole, &prop_stream(dir, id, PT_STRING8), max)? {
        decode_text(&b).0
    } else {
        return Ok(None);
    };
    let text = text.trim_matches(|c: char| c == '\0' || c.is_whitespace());
    Ok((!text.is_empty()).then(|| text.to_string()))
}

/// Submit time (0x0039), else delivery time (0x0E06), from the root
/// property stream: a 32-byte header then 16-byte entries (type, id, flags,
/// 8-byte value).
fn message_time(ole: &mut Ole) -> Result<Option<String>, ReadError> {
    let Some(props) = read_stream(ole, "/__properties_version1.0", 1 << 20)? else {
        return Ok(None);
    };
    let mut found = Vec::new();
    for entry in props.get(32..).unwrap_or_default().chunks_exact(16) {
        let kind = u16::from_le_bytes([entry[0], entry[1]]);
        let id = u16::from_le_bytes([entry[2], entry[3]]);
        if kind == PT_SYSTIME && (id == 0x0039 || id == 0x0E06) {
            let mut value = [0u8; 8];
            value.copy_from_slice(&entry[8..16]);
            found.push((id, u64::from_le_bytes(value)));
        }
    }
    found.sort();
    Ok(found.first().and_then(|&(_, ft)| filetime_to_iso(ft)))
}

/// A Windows FILETIME (100 ns ticks since 1601) as ISO 8601 UTC.
fn filetime_to_iso(filetime: u64) -> Option<String> {
    const SECONDS_1601_TO_1970: i64 = 11_644_473_600;
    let seconds = (filetime / 10_000_000) as i64 - SECONDS_1601_TO_1970;
    (0..=253_402_300_799) // up to 9999-12-31
        .contains(&seconds)
        .then(|| mail_parser::DateTime::from_timestamp(seconds).to_rfc3339())
}

/// Builds small `.msg` files with the cfb writer, for tests (no Outlook
/// here to make real ones).
#[cfg(test)]
pub(crate) fn build_test_msg(
    props: &[(u16, &str)],
    submit_time: Option<u64>,
    attachments: &[(&str, &[u8])],
) -> Vec<u8> {
    use std::io::{Seek, Write};
    let mut ole = cfb::CompoundFile::create(Cursor::new(Vec::new())).unwrap();
    let utf16 = |s: &str| -> Vec<u8> { s.encode_utf16().flat_map(|u| u.to_le_bytes()).collect() };
    for (id, value) in props {
        let mut s = ole.create_stream(prop_stream("", *id, PT_UNICODE)).unwrap();
        s.write_all(&utf16(value)).unwrap();
    }
    let mut fixed = vec![0u8; 32];
    if let Some(ft) = submit_time {
        fixed.extend_from_slice(&PT_SYSTIME.to_le_bytes());
        fixed.extend_from_slice(&0x0039u16.to_le_bytes());
        fixed.extend_from_slice(&6u32.to_le_bytes());
        fixed.extend_from_slice(&ft.to_le_bytes());
    }
    ole.create_stream("/__properties_version1.0")
        .unwrap()
        .write_all(&fixed)
        .unwrap();
    for (i, (name, data)) in attachments.iter().enumerate() {
        let dir = format!("/__attach_version1.0_#{i:08X}");
        ole.create_storage(&dir).unwrap();
        ole.create_stream(prop_stream(&dir, 0x3707, PT_UNICODE))
            .unwrap()
            .write_all(&utf16(name))
            .unwrap();
        ole.create_stream(prop_stream(&dir, 0x3701, PT_BINARY))
            .unwrap()
            .write_all(data)
            .unwrap();
    }
    ole.flush().unwrap();
    let mut cursor = ole.into_inner();
    cursor.rewind().unwrap();
    cursor.into_inner()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::Block;
    use crate::read::Limits;

    #[test]
    fn reads_fields_body_and_attachments() {
        // 2020-03-03T10:15:00Z as FILETIME.
        let ft = (1_583_230_500u64 + 11_644_473_600) * 10_000_000;
        let bytes = build_test_msg(
            &[
                (0x0C1A, "FOI Unit"),
                (0x0C1F, "foi@kent.police.uk"),
                (0x0E04, "Jane Smith; Data Team"),
                (0x0037, "FOI 123/20 stop and search"),
                (0x1000, "Dear Ms Smith,\r\n\r\nThe cost limit is £450.\r\n"),
            ],
            Some(ft),
            &[("Annex A.csv", b"a,b\n1,2\n"), ("Annex A.csv", b"x")],
        );
        assert_eq!(
            crate::read::sniff::detect(&bytes, "x.msg"),
            crate::doc::Format::Msg
        );
        let input = Input {
            bytes: &bytes,
            path: "kent/reply.msg",
            format: crate::doc::Format::Msg,
            depth: 0,
            limits: Limits::default(),
        };
        let out = MsgReader.read(&input).unwrap();
        let Part::Message(m) = &out.parts[0] else {
            panic!("message part")
        };
        assert_eq!(m.from.as_deref(), Some("FOI Unit <foi@kent.police.uk>"));
        assert_eq!(m.to, ["Jane Smith", "Data Team"]);
        assert_eq!(m.subject.as_deref(), Some("FOI 123/20 stop and search"));
        assert_eq!(m.date.as_deref(), Some("2020-03-03T10:15:00Z"));
        let texts: Vec<&str> = m
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::Paragraph(p) => Some(p.text.as_str()),
                Block::Table(_) => None,
            })
            .collect();
        assert_eq!(texts, ["Dear Ms Smith,", "The cost limit is £450."]);
        assert_eq!(m.attachments, ["Annex A.csv", "Annex A.csv#2"]);
        assert_eq!(out.children[0].bytes, b"a,b\n1,2\n");
        assert_eq!(out.children[1].message, Some(1));
    }

    #[test]
    fn not_ole_is_corrupt() {
        let input = Input {
            bytes: b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 truncated",
            path: "x.msg",
            format: crate::doc::Format::Msg,
            depth: 0,
            limits: Limits::default(),
        };
        assert!(matches!(MsgReader.read(&input), Err(ReadError::Corrupt(_))));
    }
}
