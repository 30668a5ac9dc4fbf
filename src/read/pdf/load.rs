//! Loading a PDF with lopdf (pdf-extract's re-export): decryption with the
//! empty user password, recovery of a damaged cross-reference table (see
//! [`super::recover`]), and every failure mapped to a [`ReadError`].

use super::recover;
use crate::read::ReadError;
use pdf_extract::encryption::DecryptionError;
use pdf_extract::xref::XrefEntry;
use pdf_extract::{Dictionary, Document, Error as PdfError, Object, ObjectId};

/// A loaded document and, when it had to be repaired, the warning that
/// says so (`recovered: …`).
pub struct Loaded {
    pub doc: Document,
    pub recovered: Option<String>,
    /// Why the file could not be loaded as it was, when it was rebuilt: the
    /// error to give if the rebuilt document has no text either.
    pub damage: Option<ReadError>,
}

/// Parse `bytes` into a document ready for extraction. A file protected by
/// an owner password only (empty user password) opens normally; one that
/// needs a real user password gives [`ReadError::Password`]. A file whose
/// xref or trailer is broken, or whose xref points at objects that do not
/// parse, is read from a rebuilt xref when that gives a readable document.
pub fn load(bytes: &[u8]) -> Result<Loaded, ReadError> {
    if !bytes.windows(5).take(1024).any(|w| w == b"%PDF-") {
        return Err(ReadError::Corrupt("no %PDF header".into()));
    }
    let first = Document::load_mem(bytes).map_err(|e| map_error(&e));
    let damage = match &first {
        Err(ReadError::Password) => None,
        Err(ReadError::Corrupt(why)) => Some(why.clone()),
        Err(e) => Some(e.to_string()),
        Ok(doc) => lost_objects(doc).map(|n| format!("{n} objects the xref names do not parse")),
    };
    let Some(damage) = damage else {
        let mut doc = first?;
        let repaired = if doc.is_encrypted() {
            0
        } else {
            read_unsized_streams(&mut doc, bytes)
        };
        let note = (repaired > 0).then(|| {
            format!("recovered: {repaired} streams without a usable /Length read up to `endstream`")
        });
        return finish(doc, note);
    };
    // A panic in the second attempt must not hide the first one's error.
    let rebuilt = std::panic::catch_unwind(|| load_rebuilt(bytes))
        .ok()
        .flatten();
    match rebuilt {
        Some((doc, rebuilt)) if first.as_ref().map_or(true, |d| better(&doc, d)) => {
            let mut note = format!(
                "recovered: cross-reference table rebuilt by scanning, {} objects found",
                rebuilt.objects
            );
            if rebuilt.repaired_streams > 0 {
                note.push_str(&format!(
                    ", {} stream lengths repaired",
                    rebuilt.repaired_streams
                ));
            }
            note.push_str(&format!(" (the file's own: {damage})"));
            let mut loaded = finish(doc, Some(note))?;
            loaded.damage = Some(first.err().unwrap_or(ReadError::Corrupt(damage)));
            Ok(loaded)
        }
        _ => finish(first?, None),
    }
}

/// Decrypt if needed and check there are pages.
fn finish(mut doc: Document, recovered: Option<String>) -> Result<Loaded, ReadError> {
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
    Ok(Loaded {
        doc,
        recovered,
        damage: None,
    })
}

/// Load the rebuilt copy, pointing the trailer at a catalog found among
/// the objects when the scanned `/Root` is gone, and giving it a page tree
/// of the page objects found when its own is broken. None when even that
/// has no pages.
fn load_rebuilt(bytes: &[u8]) -> Option<(Document, recover::Rebuilt)> {
    let mut rebuilt = recover::rebuild(bytes)?;
    let mut doc = Document::load_mem(&rebuilt.bytes).ok()?;
    rebuilt.bytes = Vec::new();
    if doc.catalog().is_err() {
        let catalog = doc
            .objects
            .iter()
            .filter(|(_, o)| o.as_dict().is_ok_and(|d| d.has_type(b"Catalog")))
            .map(|(id, _)| *id)
            .next_back();
        match catalog {
            Some(id) => doc.trailer.set("Root", Object::Reference(id)),
            None => {
                let id = doc.add_object(Dictionary::new());
                doc.trailer.set("Root", Object::Reference(id));
            }
        }
    }
    if super::pages::page_ids(&doc).is_empty() {
        rebuild_page_tree(&mut doc)?;
    }
    Some((doc, rebuilt))
}

/// A new page tree holding every page object, in object order (the order
/// generators write pages in), for a catalog whose tree is lost.
fn rebuild_page_tree(doc: &mut Document) -> Option<()> {
    let pages: Vec<_> = doc
        .objects
        .iter()
        .filter(|(_, o)| o.as_dict().is_ok_and(|d| d.has_type(b"Page")))
        .map(|(id, _)| *id)
        .collect();
    if pages.is_empty() {
        return None;
    }
    let mut tree = Dictionary::new();
    tree.set("Type", Object::Name(b"Pages".to_vec()));
    tree.set(
        "Kids",
        Object::Array(pages.iter().map(|&id| Object::Reference(id)).collect()),
    );
    tree.set("Count", Object::Integer(pages.len() as i64));
    let tree_id = doc.add_object(tree);
    for id in pages {
        if let Ok(page) = doc.get_dictionary_mut(id) {
            page.set("Parent", Object::Reference(tree_id));
        }
    }
    doc.catalog_mut()
        .ok()?
        .set("Pages", Object::Reference(tree_id));
    Some(())
}

/// How many in-use objects the xref names that did not load (lopdf drops
/// an object that does not parse, e.g. a stream whose `/Length` was
/// thrown off by a byte inserted into it); None when all loaded.
fn lost_objects(doc: &Document) -> Option<usize> {
    let lost = doc
        .reference_table
        .entries
        .iter()
        .filter(|(&n, e)| match e {
            XrefEntry::Normal { generation, .. } => !doc.objects.contains_key(&(n, *generation)),
            _ => false,
        })
        .count();
    (lost > 0).then_some(lost)
}

/// The rebuilt document is worth using over the one loaded as it was: it
/// has more pages, or as many and more objects.
fn better(rebuilt: &Document, first: &Document) -> bool {
    let (pages, first_pages) = (rebuilt.get_pages().len(), first.get_pages().len());
    pages > first_pages || (pages == first_pages && rebuilt.objects.len() > first.objects.len())
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
