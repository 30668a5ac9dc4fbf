//! Preparing one page for pdf-extract: read its box, rotation, resources
//! and content, rewrite the content (see `rewrite.rs`) into chunks the
//! reader hands pdf-extract one at a time, and give the page only the fonts
//! they need, so pdf-extract meets nothing it would misread or panic on.

use super::content::ContentChunks;
use super::rewrite::{rewrite, Rewritten};
use pdf_extract::content::Content;
use pdf_extract::{Dictionary, Document, MediaBox, Object, ObjectId};

/// US Letter, for a page without a usable MediaBox.
const DEFAULT_MEDIA_BOX: [f64; 4] = [0.0, 0.0, 612.0, 792.0];
/// Deepest page-tree walk for inherited attributes.
const MAX_INHERIT_DEPTH: usize = 32;

/// What the reader needs to know about a prepared page.
pub struct PreparedPage {
    /// The rewritten content, in chunks pdf-extract reads in turn, each as
    /// the page's whole content.
    pub chunks: Vec<Vec<u8>>,
    pub media: MediaBox,
    pub rotation: i32,
    pub font_names: Vec<String>,
    /// Images big enough to be a scan.
    pub images: usize,
    pub warnings: Vec<String>,
}

/// Rewrite page `page_id` of `doc` in place and describe it.
pub fn prepare_page(doc: &mut Document, page_id: ObjectId) -> Result<PreparedPage, String> {
    let page = doc
        .get_dictionary(page_id)
        .map_err(|e| format!("page object unreadable: {e}"))?;
    let mut warnings = Vec::new();
    let media = media_box(doc, page).unwrap_or_else(|| {
        warnings.push("no usable MediaBox; assumed US Letter".to_string());
        let [llx, lly, urx, ury] = DEFAULT_MEDIA_BOX;
        MediaBox { llx, lly, urx, ury }
    });
    let rotation = inherited(doc, page, b"Rotate")
        .and_then(|o| o.as_i64().ok())
        .map_or(0, |r| (r.rem_euclid(360) / 90 * 90) as i32);
    let resources = inherited(doc, page, b"Resources").and_then(|o| o.as_dict().ok());
    let (bytes, starts) = page_content(doc, page_id, &mut warnings);
    let mut content = ContentChunks::new(&bytes, starts);
    let Rewritten {
        chunks,
        fonts,
        font_names,
        images,
        warnings: more,
    } = rewrite(doc, &mut content, resources);
    warnings.extend(content.warnings);
    warnings.extend(more);
    drop(bytes);

    let mut new_resources = Dictionary::new();
    new_resources.set("Font", Object::Dictionary(fonts));
    let page = doc
        .get_dictionary_mut(page_id)
        .map_err(|e| format!("page object unreadable: {e}"))?;
    page.set("Resources", Object::Dictionary(new_resources));
    page.set(
        "MediaBox",
        Object::Array(
            [media.llx, media.lly, media.urx, media.ury]
                .iter()
                .map(|&v| Object::Real(v as f32))
                .collect(),
        ),
    );
    // pdf-extract reads ArtBox without checking it; nothing here needs it.
    page.remove(b"ArtBox");
    Ok(PreparedPage {
        chunks,
        media,
        rotation,
        font_names,
        images,
        warnings,
    })
}

/// `key` from the page or the nearest ancestor that has it, dereferenced.
fn inherited<'a>(doc: &'a Document, page: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    let mut node = page;
    for _ in 0..MAX_INHERIT_DEPTH {
        if let Ok(v) = node.get(key) {
            return doc.dereference(v).ok().map(|(_, o)| o);
        }
        let parent = node.get(b"Parent").ok()?;
        node = doc.dereference(parent).ok()?.1.as_dict().ok()?;
    }
    None
}

fn media_box(doc: &Document, page: &Dictionary) -> Option<MediaBox> {
    let arr = inherited(doc, page, b"MediaBox")?.as_array().ok()?;
    let v: Vec<f64> = arr
        .iter()
        .map(|o| {
            let o = doc.dereference(o).ok()?.1;
            match *o {
                Object::Integer(i) => Some(i as f64),
                Object::Real(f) if f.is_finite() => Some(f as f64),
                _ => None,
            }
        })
        .collect::<Option<_>>()?;
    let [a, b, c, d] = v.as_slice() else {
        return None;
    };
    let mb = MediaBox {
        llx: a.min(*c),
        lly: b.min(*d),
        urx: a.max(*c),
        ury: b.max(*d),
    };
    (mb.urx - mb.llx > 1.0 && mb.ury - mb.lly > 1.0).then_some(mb)
}

/// The page's content streams, decompressed and joined by line breaks, and
/// where each after the first starts. A stream that cannot be decompressed
/// is skipped with a warning.
fn page_content(
    doc: &Document,
    page_id: ObjectId,
    warnings: &mut Vec<String>,
) -> (Vec<u8>, Vec<usize>) {
    let mut bytes = Vec::new();
    let mut starts = Vec::new();
    for id in doc.get_page_contents(page_id) {
        let Ok(stream) = doc.get_object(id).and_then(Object::as_stream) else {
            warnings.push(format!("content stream {} {} missing", id.0, id.1));
            continue;
        };
        match stream.decompressed_content() {
            Ok(c) => {
                if !bytes.is_empty() {
                    starts.push(bytes.len());
                }
                bytes.extend_from_slice(&c);
                bytes.push(b'\n');
            }
            Err(e) => warnings.push(format!("content stream could not be decompressed: {e}")),
        }
    }
    (bytes, starts)
}

/// The content of the longest prefix of `part` ending at a line break that
/// parses, and its length: a damaged stream (a flipped bit, a cut file)
/// inflates to good operations up to the damage and junk after it, and
/// poppler keeps the good ones too. Binary search over the line breaks:
/// a prefix parses when no damage lies before its end.
pub(crate) fn longest_readable_prefix(
    part: &[u8],
) -> Option<(Content<Vec<pdf_extract::content::Operation>>, usize)> {
    let breaks: Vec<usize> = part
        .iter()
        .enumerate()
        .filter(|(_, &b)| b == b'\n' || b == b'\r')
        .map(|(i, _)| i)
        .collect();
    let (mut lo, mut hi) = (0usize, breaks.len());
    let mut best = None;
    while lo < hi {
        let mid = (lo + hi) / 2;
        match Content::decode(&part[..breaks[mid]]) {
            Ok(c) => {
                best = Some((c, breaks[mid]));
                lo = mid + 1;
            }
            Err(_) => hi = mid,
        }
    }
    best.filter(|(c, _)| !c.operations.is_empty())
}

#[cfg(test)]
mod tests {
    use super::longest_readable_prefix;

    #[test]
    fn damaged_content_stream_keeps_its_operations_before_the_damage() {
        let part =
            b"BT\n/F1 12 Tf\n72 700 Td\n(Hello) Tj\nET\n(cut off by a flipped bit \x00\xff [ <<";
        let (content, at) = longest_readable_prefix(part).expect("a readable prefix");
        let ops: Vec<&str> = content
            .operations
            .iter()
            .map(|o| o.operator.as_str())
            .collect();
        assert_eq!(ops, ["BT", "Tf", "Td", "Tj", "ET"]);
        assert_eq!(&part[..at], b"BT\n/F1 12 Tf\n72 700 Td\n(Hello) Tj\nET");
        assert!(longest_readable_prefix(b"<< [ (").is_none());
    }
}
