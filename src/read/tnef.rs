//! TNEF streams (`winmail.dat`, `application/ms-tnef`), as Outlook wraps
//! attachments when it sends "rich text" mail. Per MS-OXTNEF: a signature
//! (0x223E9F78), a 16-bit key, then attributes of `level u8, id u32,
//! length u32, data, checksum u16`.
//!
//! `attAttachRendData` starts an attachment, `attAttachTitle` gives its 8.3
//! name, `attAttachData` its bytes and `attAttachment` its MAPI properties,
//! where `PR_ATTACH_LONG_FILENAME` (0x3707) holds the real name. The
//! attachments become child files; a plain-text body (`attBody`, or
//! `PR_BODY` among the message properties) becomes the document's part.
//! Every length is checked against the bytes that remain.

use super::archive::names::{safe_file_name, UniqueNames};
use super::decode::decode_with_label;
use super::text::paragraphs;
use super::{ChildFile, Extracted, Input, ReadError, Reader};
use crate::doc::{Body, Part};

/// Reader for TNEF streams.
pub struct TnefReader;

const SIGNATURE: u32 = 0x223E_9F78;
/// Attribute ids (low 16 bits of the attribute id; the high 16 bits are
/// the attribute's type).
const ATT_BODY: u16 = 0x800C;
const ATT_ATTACH_DATA: u16 = 0x800F;
const ATT_ATTACH_TITLE: u16 = 0x8010;
const ATT_ATTACH_REND_DATA: u16 = 0x9002;
const ATT_MSG_PROPS: u16 = 0x9003;
const ATT_ATTACHMENT: u16 = 0x9005;
const ATT_OEM_CODEPAGE: u16 = 0x9007;

const PR_BODY: u16 = 0x1000;
const PR_ATTACH_LONG_FILENAME: u16 = 0x3707;

#[derive(Debug, Default)]
struct Attachment {
    title: Option<String>,
    long_name: Option<String>,
    data: Option<Vec<u8>>,
}

impl Reader for TnefReader {
    fn read(&self, input: &Input) -> Result<Extracted, ReadError> {
        let mut r = Cursor::new(input.bytes);
        if r.u32()? != SIGNATURE {
            return Err(ReadError::Corrupt("not a TNEF stream".into()));
        }
        r.u16()?; // legacy key, unused
        let mut out = Extracted::default();
        let mut attachments: Vec<Attachment> = Vec::new();
        let mut body: Option<Vec<u8>> = None;
        let mut props_body: Option<String> = None;
        let mut codepage = String::from("windows-1252");
        let mut expanded = 0u64;

        while r.remaining() > 0 {
            let attr = match read_attribute(&mut r) {
                Ok(a) => a,
                Err(e) if !attachments.is_empty() || body.is_some() => {
                    out.warnings.push(format!("TNEF stream cut short: {e}"));
                    break;
                }
                Err(e) => return Err(e),
            };
            if !attr.checksum_ok {
                out.warnings.push(format!(
                    "TNEF attribute 0x{:04X}: checksum mismatch",
                    attr.id
                ));
            }
            expanded += attr.data.len() as u64;
            if expanded > input.limits.max_expanded_bytes {
                return Err(ReadError::LimitExceeded {
                    what: "TNEF size".into(),
                    found: expanded,
                    max: input.limits.max_expanded_bytes,
                });
            }
            match attr.id {
                ATT_ATTACH_REND_DATA => attachments.push(Attachment::default()),
                ATT_ATTACH_TITLE => {
                    if let Some(a) = attachments.last_mut() {
                        a.title = Some(c_string(attr.data, &codepage));
                    }
                }
                ATT_ATTACH_DATA => {
                    if let Some(a) = attachments.last_mut() {
                        a.data = Some(attr.data.to_vec());
                    }
                }
                ATT_ATTACHMENT => {
                    if let Some(a) = attachments.last_mut() {
                        let props = mapi_strings(attr.data, &codepage, &mut out.warnings);
                        a.long_name = find_prop(&props, PR_ATTACH_LONG_FILENAME);
                    }
                }
                ATT_BODY => body = Some(attr.data.to_vec()),
                ATT_MSG_PROPS => {
                    let props = mapi_strings(attr.data, &codepage, &mut out.warnings);
                    props_body = find_prop(&props, PR_BODY);
                }
                ATT_OEM_CODEPAGE => {
                    if let Some(cp) = attr.data.get(..4) {
                        let cp = u32::from_le_bytes([cp[0], cp[1], cp[2], cp[3]]);
                        codepage = format!("windows-{cp}");
                        if cp == 65001 {
                            codepage = "utf-8".into();
                        }
                    }
                }
                _ => {}
            }
        }

        let mut names = UniqueNames::new();
        for (i, a) in attachments.into_iter().enumerate() {
            let fallback = format!("attachment {}", i + 1);
            let wanted = a.long_name.or(a.title).unwrap_or_else(|| fallback.clone());
            let Some(data) = a.data else {
                out.warnings
                    .push(format!("TNEF attachment '{wanted}' has no data"));
                continue;
            };
            out.children.push(ChildFile {
                name: names.claim(&safe_file_name(&wanted, &fallback)),
                bytes: data,
                message: None,
                refused: None,
            });
        }
        let body_text = props_body.or_else(|| body.map(|b| c_string(&b, &codepage)));
        if let Some(text) = body_text.filter(|t| !t.trim().is_empty()) {
            out.parts.push(Part::Body(Body {
                name: "email body".into(),
                blocks: paragraphs(&text, input.path, "email body"),
            }));
        }
        Ok(out)
    }
}

struct Attribute<'a> {
    id: u16,
    data: &'a [u8],
    checksum_ok: bool,
}

fn read_attribute<'a>(r: &mut Cursor<'a>) -> Result<Attribute<'a>, ReadError> {
    let _level = r.u8()?;
    let id = r.u32()?;
    let len = r.u32()? as usize;
    let data = r.take(len)?;
    let checksum = r.u16()?;
    let sum = data.iter().fold(0u16, |s, &b| s.wrapping_add(b as u16));
    Ok(Attribute {
        id: (id & 0xFFFF) as u16,
        data,
        checksum_ok: sum == checksum,
    })
}

/// Text up to the first NUL, in the stream's code page.
fn c_string(data: &[u8], codepage: &str) -> String {
    let end = data.iter().position(|&b| b == 0).unwrap_or(data.len());
    decode_with_label(&data[..end], codepage).trim().to_string()
}

fn find_prop(props: &[(u16, String)], id: u16) -> Option<String> {
    props
        .iter()
        .find(|(p, v)| *p == id && !v.trim().is_empty())
        .map(|(_, v)| v.clone())
}

/// The string-valued properties of a MAPI property list (MS-OXTNEF 2.1.3.4):
/// a count, then per property its type, id, (for named properties) a GUID
/// and name, then its value(s). Non-string values are skipped by size;
/// a type of unknown size ends the walk with a warning.
fn mapi_strings(data: &[u8], codepage: &str, warnings: &mut Vec<String>) -> Vec<(u16, String)> {
    let mut r = Cursor::new(data);
    let mut out = Vec::new();
    let result = (|| -> Result<(), ReadError> {
        let count = r.u32()?;
        for _ in 0..count {
            let kind = r.u16()?;
            let id = r.u16()?;
            if id >= 0x8000 {
                r.take(16)?; // property set GUID
                if r.u32()? == 1 {
                    let len = r.u32()? as usize;
                    r.take(padded(len))?;
                } else {
                    r.u32()?;
                }
            }
            let multi = kind & 0x1000 != 0;
            let base = kind & 0x0FFF;
            let values = if multi || is_variable(base) {
                r.u32()?
            } else {
                1
            };
            for _ in 0..values {
                if is_variable(base) {
                    let len = r.u32()? as usize;
                    let value = r.take(len)?;
                    r.take(padded(len) - len)?;
                    match base {
                        0x001F => out.push((id, utf16_string(value))),
                        0x001E => out.push((id, c_string(value, codepage))),
                        _ => {}
                    }
                } else {
                    let size = fixed_size(base).ok_or_else(|| {
                        ReadError::Corrupt(format!("unknown MAPI property type 0x{base:04X}"))
                    })?;
                    r.take(size)?;
                }
            }
        }
        Ok(())
    })();
    if let Err(e) = result {
        warnings.push(format!("TNEF properties partly read: {e}"));
    }
    out
}

fn is_variable(base: u16) -> bool {
    matches!(base, 0x001E | 0x001F | 0x0102 | 0x000D)
}

fn fixed_size(base: u16) -> Option<usize> {
    match base {
        0x0001 | 0x0002 | 0x0003 | 0x0004 | 0x000A | 0x000B => Some(4),
        0x0005 | 0x0006 | 0x0007 | 0x0014 | 0x0040 => Some(8),
        0x0048 => Some(16),
        _ => None,
    }
}

fn padded(len: usize) -> usize {
    len.saturating_add(3) & !3
}

fn utf16_string(bytes: &[u8]) -> String {
    let units: Vec<u16> = bytes
        .chunks_exact(2)
        .map(|p| u16::from_le_bytes([p[0], p[1]]))
        .take_while(|&u| u != 0)
        .collect();
    String::from_utf16_lossy(&units).trim().to_string()
}

/// A bounds-checked little-endian reader over a byte slice.
struct Cursor<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Cursor<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        Cursor { bytes, pos: 0 }
    }

    fn remaining(&self) -> usize {
        self.bytes.len().saturating_sub(self.pos)
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8], ReadError> {
        if n > self.remaining() {
            return Err(ReadError::Corrupt(format!(
                "TNEF length {n} at offset {} runs past the end ({} bytes left)",
                self.pos,
                self.remaining()
            )));
        }
        let slice = &self.bytes[self.pos..self.pos + n];
        self.pos += n;
        Ok(slice)
    }

    fn u8(&mut self) -> Result<u8, ReadError> {
        Ok(self.take(1)?[0])
    }

    fn u16(&mut self) -> Result<u16, ReadError> {
        let b = self.take(2)?;
        Ok(u16::from_le_bytes([b[0], b[1]]))
    }

    fn u32(&mut self) -> Result<u32, ReadError> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::Limits;

    fn read(bytes: &[u8]) -> Result<Extracted, ReadError> {
        let input = Input {
            bytes,
            path: "mail.eml/winmail.dat",
            format: crate::doc::Format::Tnef,
            depth: 1,
            limits: Limits::default(),
        };
        TnefReader.read(&input)
    }

    fn attr(level: u8, id: u32, data: &[u8]) -> Vec<u8> {
        let mut v = vec![level];
        v.extend(id.to_le_bytes());
        v.extend((data.len() as u32).to_le_bytes());
        v.extend(data);
        let sum = data.iter().fold(0u16, |s, &b| s.wrapping_add(b as u16));
        v.extend(sum.to_le_bytes());
        v
    }

    #[test]
    fn title_without_long_name_and_bad_lengths() {
        let mut t = b"\x78\x9F\x3E\x22\x01\x00".to_vec();
        t.extend(attr(2, 0x0006_9002, &[0; 14]));
        t.extend(attr(2, 0x0001_8010, b"REPORT.TXT\0"));
        t.extend(attr(2, 0x0006_800F, b"hello"));
        let out = read(&t).unwrap();
        assert_eq!(out.children.len(), 1);
        assert_eq!(out.children[0].name, "REPORT.TXT");
        assert_eq!(out.children[0].bytes, b"hello");

        // A length claiming 4 GB with nothing behind it.
        let mut bad = b"\x78\x9F\x3E\x22\x01\x00\x02\x0F\x80\x06\x00\xFF\xFF\xFF\xFF".to_vec();
        bad.extend([0u8; 8]);
        assert!(matches!(read(&bad), Err(ReadError::Corrupt(_))));
        assert!(matches!(read(b"\x78\x9F\x3E"), Err(ReadError::Corrupt(_))));
    }
}
