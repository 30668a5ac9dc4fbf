//! Font dictionaries as pdf-extract is given them, patched where it would
//! panic or misread: every simple font gets a direct Encoding it accepts
//! (it panics on `/StandardEncoding` and other names it does not know, on
//! a Differences entry that is not a code or a name, and on codes past
//! 255); Type3 fonts also get widths for every code, in thousandths of text
//! space whatever their FontMatrix says (pdf-extract assumes thousandths
//! and panics on a code outside FirstChar..LastChar).

use pdf_extract::{Dictionary, Document, Object, ObjectId};
use std::collections::HashSet;

/// Encodings pdf-extract knows by name.
const KNOWN_ENCODINGS: [&[u8]; 3] = [
    b"WinAnsiEncoding",
    b"MacRomanEncoding",
    b"MacExpertEncoding",
];

/// The font resource to hand pdf-extract for `dict` (object `id`).
pub fn font_entry(doc: &Document, id: Option<ObjectId>, dict: &Dictionary) -> Object {
    let subtype = dict
        .get(b"Subtype")
        .and_then(Object::as_name)
        .unwrap_or(b"");
    match subtype {
        // Composite fonts take another path in pdf-extract.
        b"Type0" => match id {
            Some(id) => Object::Reference(id),
            None => Object::Dictionary(dict.clone()),
        },
        b"Type3" => Object::Dictionary(patch_type3(doc, dict)),
        _ => {
            let mut out = dict.clone();
            match encoding(doc, dict) {
                Some(e) => out.set("Encoding", e),
                None => {
                    out.remove(b"Encoding");
                }
            }
            Object::Dictionary(out)
        }
    }
}

/// A direct Encoding pdf-extract accepts for `dict`, or None to leave it
/// without one (pdf-extract then uses the font's built-in encoding).
fn encoding(doc: &Document, dict: &Dictionary) -> Option<Object> {
    let known = |n: &[u8]| KNOWN_ENCODINGS.contains(&n);
    match dict.get(b"Encoding").ok().and_then(|o| deref(doc, o))? {
        // StandardEncoding differs from WinAnsi only in a few punctuation codes.
        Object::Name(n) if known(n) => Some(Object::Name(n.clone())),
        Object::Name(_) => Some(Object::Name(KNOWN_ENCODINGS[0].to_vec())),
        Object::Dictionary(e) => {
            let mut e = e.clone();
            let mut code: i64 = 0;
            let mut differences = Vec::new();
            let raw = e
                .get(b"Differences")
                .ok()
                .and_then(|o| deref(doc, o))
                .and_then(|o| o.as_array().ok());
            for o in raw.into_iter().flatten() {
                match deref(doc, o) {
                    Some(Object::Integer(i)) if (0..=255).contains(i) => {
                        code = *i;
                        differences.push(Object::Integer(*i));
                    }
                    Some(Object::Name(n)) if code <= 255 => {
                        code += 1;
                        differences.push(Object::Name(n.clone()));
                    }
                    // Past 255, or junk: skip to the next code.
                    _ => code = 256,
                }
            }
            e.set("Differences", Object::Array(differences));
            match e.get(b"BaseEncoding").ok().and_then(|o| deref(doc, o)) {
                Some(Object::Name(n)) if known(n) => {
                    let n = n.clone();
                    e.set("BaseEncoding", Object::Name(n));
                }
                Some(Object::Name(n)) if n.as_slice() == b"StandardEncoding" => {
                    e.set("BaseEncoding", Object::Name(KNOWN_ENCODINGS[0].to_vec()));
                }
                _ => {
                    e.remove(b"BaseEncoding");
                }
            }
            Some(Object::Dictionary(e))
        }
        _ => None,
    }
}

/// Remove the embedded font programs pdf-extract would decompress and parse
/// again on every page without needing them: a TrueType program (never
/// read) and a Type1 program whose built-in encoding is overridden by the
/// font's Encoding. A Type1 font without an Encoding first gets its built-in
/// encoding, read here once, as an explicit Differences encoding: what
/// pdf-extract would build from the program (PDFDocEncoding overridden by
/// the program's code names). A descriptor a font still needs is kept.
pub fn drop_unread_font_programs(doc: &mut Document) {
    let fonts: Vec<(ObjectId, Dictionary)> = doc
        .objects
        .iter()
        .filter_map(|(id, o)| o.as_dict().ok().map(|d| (*id, d)))
        .filter(|(_, d)| {
            matches!(
                d.get(b"Subtype").and_then(Object::as_name),
                Ok(b"Type1" | b"TrueType")
            ) && d.has(b"FontDescriptor")
        })
        .map(|(id, d)| (id, d.clone()))
        .collect();
    let mut needed = HashSet::new();
    let mut droppable = HashSet::new();
    for (id, font) in fonts {
        let Some(descriptor) = font
            .get(b"FontDescriptor")
            .ok()
            .and_then(|o| o.as_reference().ok())
        else {
            continue;
        };
        let type1 = font.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Type1");
        if type1 && encoding(doc, &font).is_none() {
            match builtin_encoding(doc, descriptor) {
                Some(differences) => {
                    if let Ok(Object::Dictionary(d)) = doc.get_object_mut(id) {
                        d.set("Encoding", differences);
                    }
                }
                None => {
                    needed.insert(descriptor);
                    continue;
                }
            }
        }
        droppable.insert(descriptor);
    }
    for descriptor in droppable.difference(&needed) {
        if let Ok(Object::Dictionary(d)) = doc.get_object_mut(*descriptor) {
            d.remove(b"FontFile");
            d.remove(b"FontFile2");
        }
    }
}

/// The built-in encoding of the Type1 program of `descriptor`, as an
/// Encoding dictionary of Differences (codes 0..=255).
fn builtin_encoding(doc: &Document, descriptor: ObjectId) -> Option<Object> {
    let program = doc
        .get_dictionary(descriptor)
        .ok()?
        .get(b"FontFile")
        .ok()
        .and_then(|o| deref(doc, o))?
        .as_stream()
        .ok()?;
    let bytes = program
        .decompressed_content()
        .unwrap_or_else(|_| program.content.clone());
    let map = std::panic::catch_unwind(|| type1_encoding_parser::get_encoding_map(&bytes))
        .ok()?
        .ok()?;
    let mut codes: Vec<(u32, Vec<u8>)> = map.into_iter().filter(|(c, _)| *c <= 255).collect();
    codes.sort();
    let mut differences = Vec::with_capacity(2 * codes.len());
    for (code, name) in codes {
        differences.push(Object::Integer(i64::from(code)));
        differences.push(Object::Name(name));
    }
    let mut e = Dictionary::new();
    e.set("Differences", Object::Array(differences));
    Some(Object::Dictionary(e))
}

fn deref<'a>(doc: &'a Document, o: &'a Object) -> Option<&'a Object> {
    doc.dereference(o).ok().map(|(_, o)| o)
}

fn number(o: &Object) -> Option<f64> {
    match *o {
        Object::Integer(i) => Some(i as f64),
        Object::Real(f) if f.is_finite() => Some(f as f64),
        _ => None,
    }
}

/// A Type3 font with widths for every code 0..=255 in thousandths of text
/// space, and a direct, well-formed Encoding.
fn patch_type3(doc: &Document, dict: &Dictionary) -> Dictionary {
    let mut out = dict.clone();
    let scale = dict
        .get(b"FontMatrix")
        .ok()
        .and_then(|o| deref(doc, o))
        .and_then(|o| o.as_array().ok())
        .and_then(|a| a.first())
        .and_then(number)
        .filter(|s| *s != 0.0)
        .unwrap_or(0.001);
    let first = dict
        .get(b"FirstChar")
        .ok()
        .and_then(|o| deref(doc, o))
        .and_then(number)
        .unwrap_or(0.0) as i64;
    let widths: Vec<f64> = dict
        .get(b"Widths")
        .ok()
        .and_then(|o| deref(doc, o))
        .and_then(|o| o.as_array().ok())
        .map(|a| {
            a.iter()
                .map(|w| deref(doc, w).and_then(number).unwrap_or(0.0))
                .collect()
        })
        .unwrap_or_default();
    let all: Vec<Object> = (0..256i64)
        .map(|code| {
            let w = usize::try_from(code - first)
                .ok()
                .and_then(|i| widths.get(i))
                .copied()
                .unwrap_or(0.0);
            Object::Real((w * scale * 1000.0) as f32)
        })
        .collect();
    out.set("FirstChar", Object::Integer(0));
    out.set("LastChar", Object::Integer(255));
    out.set("Widths", Object::Array(all));
    // pdf-extract panics on a Type3 font without an Encoding.
    let encoding = encoding(doc, dict).unwrap_or(Object::Name(KNOWN_ENCODINGS[0].to_vec()));
    out.set("Encoding", encoding);
    out
}
