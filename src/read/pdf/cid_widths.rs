//! CIDFont glyph widths rewritten into the one `/W` form pdf-extract reads
//! right, once per document before any page is read.
//!
//! A CIDFont's `/W` array mixes two forms: `c [w1 w2 ...]` (widths of CIDs
//! c, c+1, ...) and `c_first c_last w` (one width for a range of CIDs).
//! pdf-extract 0.12.1 reads the first form but takes all three numbers of
//! the second from `c_first` and inserts nothing, so every CID given by a
//! range falls back to `/DW`. Chromium (Skia) writes a range wherever
//! neighbouring glyph ids share a width, which in a subset font is often
//! the capitals ("C" and "D" at 722/1000 em in Liberation Sans): those
//! glyphs got the default 500, their boxes ended short of the next letter
//! and the word splitter saw a gap ("C ambridgeshire"). pdf-extract also
//! reads a real-valued `/DW` as absent (1000) and panics on a reference or
//! a stray element inside `/W`. Here every `/W` becomes runs of the first
//! form with direct numbers, and `/DW` a direct integer.

use pdf_extract::{Dictionary, Document, Object, ObjectId};
use std::collections::BTreeMap;

/// CIDs are at most 16 bits in every CMap a PDF can use.
const MAX_CID: i64 = 0xFFFF;
/// Most width entries visited (ranges expanded) for one document; a hostile
/// `/W` of many whole-range entries stops here instead of looping for long.
const MAX_WIDTH_ENTRIES: usize = 1 << 20;

/// Normalise the widths of every CIDFont dictionary in `doc` (indirect
/// objects, and direct ones inside a Type0 font's `/DescendantFonts`).
/// Returns how many fonts kept some widths unread because the document
/// passed [`MAX_WIDTH_ENTRIES`].
pub fn normalise_cid_widths(doc: &mut Document) -> usize {
    let mut budget = MAX_WIDTH_ENTRIES;
    let mut truncated = 0;
    let mut patches: Vec<(ObjectId, Option<usize>, Patch)> = Vec::new();
    for (&id, object) in &doc.objects {
        let Ok(dict) = object.as_dict() else {
            continue;
        };
        if is_cid_font(dict) {
            let (patch, complete) = patch(doc, dict, &mut budget);
            truncated += usize::from(!complete);
            patches.push((id, None, patch));
        } else if let Ok(Object::Array(descendants)) = dict.get(b"DescendantFonts") {
            for (i, d) in descendants.iter().enumerate() {
                if let Ok(d) = d.as_dict() {
                    if is_cid_font(d) {
                        let (patch, complete) = patch(doc, d, &mut budget);
                        truncated += usize::from(!complete);
                        patches.push((id, Some(i), patch));
                    }
                }
            }
        }
    }
    for (id, descendant, patch) in patches {
        let Ok(dict) = doc.get_dictionary_mut(id) else {
            continue;
        };
        let target = match descendant {
            None => Some(dict),
            Some(i) => match dict.get_mut(b"DescendantFonts") {
                Ok(Object::Array(a)) => a.get_mut(i).and_then(|d| d.as_dict_mut().ok()),
                _ => None,
            },
        };
        if let Some(target) = target {
            patch.apply(target);
        }
    }
    truncated
}

fn is_cid_font(dict: &Dictionary) -> bool {
    matches!(
        dict.get(b"Subtype").and_then(Object::as_name),
        Ok(b"CIDFontType0" | b"CIDFontType2")
    )
}

/// New `/W` and `/DW` for one CIDFont; None leaves the entry as it was.
struct Patch {
    widths: Option<Object>,
    default_width: Option<Option<Object>>,
}

impl Patch {
    fn apply(self, dict: &mut Dictionary) {
        if let Some(w) = self.widths {
            dict.set("W", w);
        }
        match self.default_width {
            Some(Some(dw)) => dict.set("DW", dw),
            // Not a number: the spec's default, as pdf-extract would take it.
            Some(None) => {
                dict.remove(b"DW");
            }
            None => {}
        }
    }
}

/// The patch for `dict`, and false when the budget ran out part-way.
fn patch(doc: &Document, dict: &Dictionary, budget: &mut usize) -> (Patch, bool) {
    let default_width = dict.get(b"DW").ok().map(|dw| {
        deref(doc, dw)
            .and_then(number)
            .map(|v| Object::Integer(v.round() as i64))
    });
    let Some(raw) = dict
        .get(b"W")
        .ok()
        .and_then(|w| deref(doc, w))
        .and_then(|w| w.as_array().ok())
    else {
        let widths = dict.has(b"W").then(|| Object::Array(Vec::new()));
        return (
            Patch {
                widths,
                default_width,
            },
            true,
        );
    };
    let (by_cid, complete) = read_widths(doc, raw, budget);
    let patch = Patch {
        widths: Some(Object::Array(runs(&by_cid))),
        default_width,
    };
    (patch, complete)
}

/// The widths a `/W` array gives, by CID (a later entry wins, as in
/// pdf-extract). Reading stops at the first malformed entry, as poppler's
/// does, and when `budget` entries have been visited.
fn read_widths(doc: &Document, raw: &[Object], budget: &mut usize) -> (BTreeMap<u16, f64>, bool) {
    let mut by_cid = BTreeMap::new();
    let item = |i: usize| raw.get(i).and_then(|o| deref(doc, o));
    let mut i = 0;
    while let Some(first) = item(i).and_then(number) {
        let first = first as i64;
        let (cids, widths): (std::ops::RangeInclusive<i64>, Vec<f64>) = match item(i + 1) {
            Some(Object::Array(ws)) => {
                i += 2;
                let ws: Vec<f64> = ws
                    .iter()
                    .map(|w| deref(doc, w).and_then(number).unwrap_or(f64::NAN))
                    .collect();
                (first..=first.saturating_add(ws.len() as i64 - 1), ws)
            }
            Some(last) => {
                let (Some(last), Some(w)) = (number(last), item(i + 2).and_then(number)) else {
                    break;
                };
                i += 3;
                (first..=last as i64, vec![w])
            }
            None => break,
        };
        let start = *cids.start();
        for cid in start.max(0)..=(*cids.end()).min(MAX_CID) {
            if *budget == 0 {
                return (by_cid, false);
            }
            *budget -= 1;
            let w = if widths.len() == 1 {
                widths[0]
            } else {
                cid.checked_sub(start)
                    .and_then(|k| usize::try_from(k).ok())
                    .and_then(|k| widths.get(k))
                    .copied()
                    .unwrap_or(f64::NAN)
            };
            if let (Ok(cid), true) = (u16::try_from(cid), w.is_finite()) {
                by_cid.insert(cid, w);
            }
        }
    }
    (by_cid, true)
}

/// `/W` entries `c [w1 w2 ...]`, one per run of consecutive CIDs.
fn runs(by_cid: &BTreeMap<u16, f64>) -> Vec<Object> {
    let mut out = Vec::new();
    let mut run: Vec<Object> = Vec::new();
    let mut run_start: Option<u16> = None;
    let mut next: Option<u32> = None;
    for (&cid, &w) in by_cid {
        if next != Some(u32::from(cid)) {
            if let Some(start) = run_start {
                out.push(Object::Integer(i64::from(start)));
                out.push(Object::Array(std::mem::take(&mut run)));
            }
            run_start = Some(cid);
        }
        run.push(width_object(w));
        next = Some(u32::from(cid) + 1);
    }
    if let Some(start) = run_start {
        out.push(Object::Integer(i64::from(start)));
        out.push(Object::Array(run));
    }
    out
}

fn width_object(w: f64) -> Object {
    if w.fract() == 0.0 && w.abs() < 1e9 {
        Object::Integer(w as i64)
    } else {
        Object::Real(w as f32)
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn int(i: i64) -> Object {
        Object::Integer(i)
    }

    fn widths_of(raw: Vec<Object>, budget: &mut usize) -> (Vec<(u16, f64)>, bool) {
        let doc = Document::new();
        let (m, complete) = read_widths(&doc, &raw, budget);
        (m.into_iter().collect(), complete)
    }

    #[test]
    fn both_forms_are_read_and_ranges_include_their_last_cid() {
        // Chromium's shape: a list, then a range, then a list.
        let raw = vec![
            int(3),
            Object::Array(vec![int(277)]),
            int(38),
            int(39),
            Object::Real(722.168),
            int(41),
            Object::Array(vec![int(610), int(777)]),
        ];
        let (w, complete) = widths_of(raw, &mut { MAX_WIDTH_ENTRIES });
        assert!(complete);
        let w: Vec<(u16, i64)> = w.iter().map(|&(c, w)| (c, w.round() as i64)).collect();
        assert_eq!(
            w,
            vec![(3, 277), (38, 722), (39, 722), (41, 610), (42, 777)]
        );
    }

    #[test]
    fn runs_are_the_list_form_pdf_extract_reads() {
        let m: BTreeMap<u16, f64> = [(3, 277.0), (38, 722.5), (39, 722.5), (41, 610.0)].into();
        assert_eq!(
            runs(&m),
            vec![
                int(3),
                Object::Array(vec![int(277)]),
                int(38),
                Object::Array(vec![Object::Real(722.5), Object::Real(722.5)]),
                int(41),
                Object::Array(vec![int(610)]),
            ]
        );
    }

    #[test]
    fn malformed_and_hostile_entries_are_bounded() {
        // A stray name ends the array; what came before is kept.
        let raw = vec![
            int(5),
            int(6),
            int(500),
            Object::Name(b"X".to_vec()),
            int(1),
        ];
        let (w, _) = widths_of(raw, &mut { MAX_WIDTH_ENTRIES });
        assert_eq!(w, vec![(5, 500.0), (6, 500.0)]);
        // Ranges past the CID space are clipped; many whole-space ranges
        // stop at the budget.
        let mut raw = Vec::new();
        for _ in 0..100 {
            raw.extend([int(-10), int(1 << 40), int(1000)]);
        }
        let mut budget = 200_000;
        let (w, complete) = widths_of(raw, &mut budget);
        assert!(!complete);
        assert_eq!(w.len(), 0x10000);
        assert_eq!(budget, 0);
    }

    #[test]
    fn a_document_font_is_patched_in_place() {
        let mut doc = Document::new();
        let w = doc.add_object(Object::Array(vec![int(36), int(37), int(667)]));
        let mut cid = Dictionary::new();
        cid.set("Type", Object::Name(b"Font".to_vec()));
        cid.set("Subtype", Object::Name(b"CIDFontType2".to_vec()));
        cid.set("DW", Object::Real(500.0));
        cid.set("W", Object::Reference(w));
        let id = doc.add_object(cid);
        assert_eq!(normalise_cid_widths(&mut doc), 0);
        let cid = doc.get_dictionary(id).unwrap();
        assert_eq!(cid.get(b"DW").unwrap(), &int(500));
        assert_eq!(
            cid.get(b"W").unwrap(),
            &Object::Array(vec![int(36), Object::Array(vec![int(667), int(667)])])
        );
    }
}
