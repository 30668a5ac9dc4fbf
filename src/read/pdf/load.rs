//! Loading a PDF with lopdf (pdf-extract's re-export): decryption with the
//! empty user password, and every failure mapped to a [`ReadError`].

use crate::read::ReadError;
use pdf_extract::encryption::DecryptionError;
use pdf_extract::{Document, Error as PdfError, Object, ObjectId};

/// Parse `bytes` into a document ready for extraction. A file protected by
/// an owner password only (empty user password) opens normally; one that
/// needs a real user password gives [`ReadError::Password`].
/// Also returns warnings for what had to be repaired.
pub fn load(bytes: &[u8]) -> Result<(Document, Vec<String>), ReadError> {
    if !bytes.windows(5).take(1024).any(|w| w == b"%PDF-") {
        return Err(ReadError::Corrupt("no %PDF header".into()));
    }
    let mut doc = Document::load_mem(bytes).map_err(|e| map_error(&e))?;
    let mut warnings = Vec::new();
    if !doc.is_encrypted() {
        let repaired = read_unsized_streams(&mut doc, bytes);
        if repaired > 0 {
            warnings.push(format!(
                "recovered: {repaired} streams without a usable /Length read up to `endstream`"
            ));
        }
    }
    // lopdf tries the empty password while loading; a document that is still
    // encrypted afterwards needs a password we do not have.
    if doc.is_encrypted() {
        doc.decrypt("").map_err(|e| match map_error(&e) {
            ReadError::Corrupt(_) => ReadError::Password,
            other => other,
        })?;
    }
    if super::pages::page_ids(&doc).is_empty() {
        return Err(ReadError::Corrupt("no pages found".into()));
    }
    Ok((doc, warnings))
}

/// Fill the streams lopdf left empty because their `/Length` does not
/// resolve to a number (it refers to itself, or to nothing): as poppler
/// does, the data runs to the `endstream` keyword. Returns how many.
fn read_unsized_streams(doc: &mut Document, bytes: &[u8]) -> usize {
    let without_length: Vec<ObjectId> = doc
        .objects
        .iter()
        .filter_map(|(id, o)| {
            let stream = o.as_stream().ok()?;
            let length = stream.dict.get(b"Length").ok()?;
            let resolves = doc
                .dereference(length)
                .is_ok_and(|(_, l)| l.as_i64().is_ok_and(|n| n > 0));
            (stream.content.is_empty() && !resolves && stream.start_position.is_some())
                .then_some(*id)
        })
        .collect();
    let mut repaired = 0;
    for id in without_length {
        let Ok(stream) = doc.get_object_mut(id).and_then(Object::as_stream_mut) else {
            continue;
        };
        let Some(data) = stream.start_position.and_then(|at| bytes.get(at..)) else {
            continue;
        };
        let Some(end) = find(data, b"endstream") else {
            continue;
        };
        let mut content = &data[..end];
        // The end-of-line before `endstream` is not part of the data.
        for eol in [&b"\r\n"[..], b"\n", b"\r"] {
            if let Some(trimmed) = content.strip_suffix(eol) {
                content = trimmed;
                break;
            }
        }
        stream
            .dict
            .set("Length", Object::Integer(content.len() as i64));
        stream.set_content(content.to_vec());
        repaired += 1;
    }
    repaired
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// One short reason for a lopdf failure.
fn map_error(e: &PdfError) -> ReadError {
    match e {
        PdfError::InvalidPassword | PdfError::Decryption(DecryptionError::IncorrectPassword) => {
            ReadError::Password
        }
        PdfError::Decryption(d) => ReadError::Corrupt(format!("cannot decrypt: {d}")),
        PdfError::Parse(p) => ReadError::Corrupt(format!("cannot parse: {p}")),
        PdfError::Xref(x) => ReadError::Corrupt(format!("broken cross-reference table: {x}")),
        PdfError::IO(io) => ReadError::Corrupt(io.to_string()),
        other => ReadError::Corrupt(other.to_string()),
    }
}
