//! Font dictionaries as pdf-extract is given them, patched where it would
//! panic or misread: every simple font gets a direct Encoding it accepts
//! (it panics on `/StandardEncoding` and other names it does not know, on
//! a Differences entry that is not a code or a name, and on codes past
//! 255); Type3 fonts also get widths for every code, in thousandths of text
//! space whatever their FontMatrix says (pdf-extract assumes thousandths
//! and panics on a code outside FirstChar..LastChar). A simple font's
//! FirstChar, LastChar and Widths are made direct numbers that agree:
//! pdf-extract panics when Widths is not LastChar - FirstChar + 1 long or
//! holds a reference, and takes Helvetica's widths when FirstChar is real.
//! (CIDFont widths are fixed once per document, in `cid_widths.rs`.)

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
            simple_widths(doc, &mut out);
            Object::Dictionary(out)
        }
    }
}

/// Make `font`'s FirstChar, LastChar and Widths direct and consistent
/// (codes 0..=255, Widths as long as the code range), or remove all three
/// when there is no usable FirstChar or Widths (pdf-extract then uses the
/// standard 14 metrics, as it would have).
fn simple_widths(doc: &Document, font: &mut Dictionary) {
    let get = |key: &[u8]| font.get(key).ok().and_then(|o| deref(doc, o));
    let first = get(b"FirstChar")
        .and_then(number)
        .map(|f| f as i64)
        .filter(|f| (0..=255).contains(f));
    let widths = get(b"Widths").and_then(|o| o.as_array().ok());
    let (Some(first), Some(widths)) = (first, widths) else {
        for key in [&b"FirstChar"[..], b"LastChar", b"Widths"] {
            font.remove(key);
        }
        return;
    };
    // LastChar as declared when it lies within what Widths covers.
    let room = (256 - first) as usize;
    let declared = get(b"LastChar")
        .and_then(number)
        .and_then(|l| usize::try_from(l as i64 - first + 1).ok());
    let len = declared.unwrap_or(usize::MAX).min(widths.len()).min(room);
    let widths: Vec<Object> = widths
        .iter()
        .take(len)
        .map(|w| Object::Real(deref(doc, w).and_then(number).unwrap_or(0.0) as f32))
        .collect();
    font.set("FirstChar", Object::Integer(first));
    font.set("LastChar", Object::Integer(first + widths.len() as i64 - 1));
    font.set("Widths", Object::Array(widths));
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

#[cfg(test)]
mod tests {
    use super::*;

    fn simple(first: Object, last: Object, widths: Vec<Object>) -> Dictionary {
        let mut d = Dictionary::new();
        d.set("Subtype", Object::Name(b"TrueType".to_vec()));
        d.set("FirstChar", first);
        d.set("LastChar", last);
        d.set("Widths", Object::Array(widths));
        d
    }

    fn entry(doc: &Document, d: &Dictionary) -> Dictionary {
        match font_entry(doc, None, d) {
            Object::Dictionary(d) => d,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn simple_font_widths_agree_with_their_code_range() {
        let mut doc = Document::new();
        let w = doc.add_object(Object::Integer(722));
        // LastChar past the end of Widths, a width by reference, a real
        // FirstChar.
        let d = simple(
            Object::Real(65.0),
            Object::Integer(90),
            vec![Object::Reference(w), Object::Integer(667)],
        );
        let out = entry(&doc, &d);
        assert_eq!(out.get(b"FirstChar").unwrap(), &Object::Integer(65));
        assert_eq!(out.get(b"LastChar").unwrap(), &Object::Integer(66));
        assert_eq!(
            out.get(b"Widths").unwrap(),
            &Object::Array(vec![Object::Real(722.0), Object::Real(667.0)])
        );
        // Widths longer than the declared range are cut to it.
        let d = simple(
            Object::Integer(32),
            Object::Integer(32),
            vec![Object::Integer(250), Object::Integer(333)],
        );
        let out = entry(&doc, &d);
        assert_eq!(out.get(b"LastChar").unwrap(), &Object::Integer(32));
        assert_eq!(
            out.get(b"Widths").unwrap(),
            &Object::Array(vec![Object::Real(250.0)])
        );
        // No usable FirstChar: all three go; standard metrics apply.
        let d = simple(Object::Integer(300), Object::Integer(301), vec![]);
        let out = entry(&doc, &d);
        assert!(!out.has(b"FirstChar") && !out.has(b"Widths") && !out.has(b"LastChar"));
    }
}
