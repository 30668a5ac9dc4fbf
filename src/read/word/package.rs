//! Shared plumbing of the zip-packaged formats (.docx, .odt): opening the
//! package, reading a bounded entry as text, and small quick-xml helpers.

use crate::read::archive::recover::{self, Recovery};
use crate::read::{Extracted, Input, ReadError};
use quick_xml::events::{BytesRef, BytesStart};
use std::borrow::Cow;
use std::io::{Cursor, Read};

/// Most bytes one XML part of a package may expand to.
const MAX_PART_BYTES: u64 = 256 << 20;

/// An opened zip package: the input's own zip, or (when its central
/// directory is missing or cut) the zip of the entries recovered from it.
pub struct Package<'a> {
    zip: zip::ZipArchive<Cursor<Cow<'a, [u8]>>>,
    /// What was recovered, when the package had to be.
    recovery: Option<Recovery>,
}

impl Package<'_> {
    /// What a reader made of this package, with what was recovered said:
    /// a warning on success, and on an error (the part it needed may be
    /// the one cut off) in its reason.
    pub fn finish(&self, read: Result<Extracted, ReadError>) -> Result<Extracted, ReadError> {
        let Some(recovery) = &self.recovery else {
            return read;
        };
        let mut extracted = read.map_err(|e| recovery.explain(e))?;
        extracted.warnings.insert(0, recovery.to_string());
        Ok(extracted)
    }
}

/// Open the input as a zip package, recovering the whole entries of a cut
/// one; a zip of which nothing can be read is a corrupt file.
pub fn open<'a>(input: &Input<'a>) -> Result<Package<'a>, ReadError> {
    let invalid =
        |e: &dyn std::fmt::Display| ReadError::corrupt(format!("not a valid zip package: {e}"));
    let (bytes, recovery) =
        recover::readable(input.bytes, input.limits.max_entries).map_err(|e| match e {
            ReadError::Corrupt(why) => invalid(&why),
            other => other,
        })?;
    let zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| invalid(&e))?;
    Ok(Package { zip, recovery })
}

/// Read entry `name` as UTF-8 text, bounded by the limits; `None` when the
/// package has no such entry.
pub fn read_entry(
    pkg: &mut Package,
    name: &str,
    input: &Input,
) -> Result<Option<String>, ReadError> {
    let max = input.limits.max_child_bytes.min(MAX_PART_BYTES);
    let file = match pkg.zip.by_name(name) {
        Ok(f) => f,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(ReadError::corrupt(format!("{name}: {e}"))),
    };
    // The header's declared size is not trusted either way (a bogus
    // 4,294,967,295 must not refuse a small part): the bytes really
    // inflated are counted.
    let mut bytes = Vec::new();
    file.take(max + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| ReadError::corrupt(format!("{name}: {e}")))?;
    if bytes.len() as u64 > max {
        return Err(too_big(name, bytes.len() as u64, max));
    }
    // Package XML is UTF-8 (a BOM may lead), rarely UTF-16 with a BOM;
    // anything else is damage.
    if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(&bytes) {
        if enc != encoding_rs::UTF_8 {
            let (text, _) = enc.decode_without_bom_handling(&bytes[bom..]);
            return Ok(Some(text.into_owned()));
        }
    }
    let text = String::from_utf8(bytes)
        .map_err(|_| ReadError::corrupt(format!("{name}: not UTF-8 text")))?;
    Ok(Some(text.trim_start_matches('\u{feff}').to_string()))
}

fn too_big(name: &str, found: u64, max: u64) -> ReadError {
    ReadError::LimitExceeded {
        what: format!("package part {name} size"),
        found,
        max,
    }
}

/// Names of the package entries, in archive order.
pub fn entry_names(pkg: &Package) -> Vec<String> {
    pkg.zip
        .file_names()
        .filter_map(|n| n.ok().map(|n| n.into_owned()))
        .collect()
}

/// Local part of a qualified XML name (`w:p` → `p`).
pub fn local(name: &str) -> &str {
    match name.rfind(':') {
        Some(i) => &name[i + 1..],
        None => name,
    }
}

/// Value of the attribute whose local name is `key`, unescaped.
pub fn attr(e: &BytesStart, key: &str) -> Option<String> {
    e.attributes()
        .with_checks(false)
        .flatten()
        .find(|a| local(a.key.0) == key)
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
}

/// The text an entity or character reference stands for (`&amp;` → `&`,
/// `&#163;` → `£`); unknown entities are kept as written.
pub fn entity_text(r: &BytesRef) -> String {
    if let Ok(Some(c)) = r.resolve_char_ref() {
        return c.to_string();
    }
    let name = r.xml10_content();
    match quick_xml::escape::resolve_xml_entity(&name) {
        Some(s) => s.to_string(),
        None => format!("&{name};"),
    }
}

/// A parse failure of the XML part `name`.
pub fn xml_error(name: &str, e: impl std::fmt::Display) -> ReadError {
    ReadError::corrupt(format!("{name}: bad XML: {e}"))
}
