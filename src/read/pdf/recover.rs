//! Rebuilding the cross-reference table of a damaged PDF, as poppler,
//! MuPDF and pdf.js do when a file's xref or trailer is broken (a
//! truncated download, junk after `%%EOF`, a byte inserted before the
//! xref): the body is scanned for `N G obj` headers, streams whose
//! `/Length` no longer reaches their `endstream` are given their real
//! length, and the trailer's `/Root`, `/Encrypt`, `/ID` and `/Info` are
//! found by scanning. lopdf has no such path (it reads only from
//! `startxref`), so the repair is done on the bytes: a copy of the file
//! with the repaired objects and a fresh xref appended, as an incremental
//! update would, which lopdf then loads normally.

use regex::bytes::Regex;
use std::collections::BTreeMap;
use std::sync::LazyLock;

/// An object header at the start of a line or after whitespace.
static OBJ_HEADER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?-u)(?:^|[\r\n \t\f\x00])(\d{1,10})[ \t\r\n\f\x00]+(\d{1,5})[ \t\r\n\f\x00]+obj\b",
    )
    .expect("static regex")
});
static LENGTH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u)/Length[ \t\r\n\f\x00]*(\d+)(?:[ \t\r\n\f\x00]+(\d+)[ \t\r\n\f\x00]+R)?")
        .expect("static regex")
});
static INTEGER_BODY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?-u)^[^o]*obj[ \t\r\n\f\x00]*(\d+)").expect("static regex"));
/// Trailer keys worth carrying into the new trailer, each `/Key N G R`.
const REFERENCE_KEYS: [&str; 3] = ["Root", "Encrypt", "Info"];
static ID_ARRAY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u)/ID[ \t\r\n\f\x00]*\[[ \t\r\n\f\x00]*<[0-9A-Fa-f \t\r\n]*>[ \t\r\n\f\x00]*<[0-9A-Fa-f \t\r\n]*>[ \t\r\n\f\x00]*\]")
        .expect("static regex")
});

/// A repaired copy of a PDF, ready for lopdf.
pub(super) struct Rebuilt {
    pub bytes: Vec<u8>,
    /// Objects found by scanning.
    pub objects: usize,
    /// Streams whose length was repaired (cut, or bytes added or lost).
    pub repaired_streams: usize,
}

/// One object header found by scanning: its id and where it starts.
#[derive(Debug, Clone, Copy)]
struct Found {
    number: u32,
    generation: u16,
    offset: usize,
}

/// Rebuild `bytes` (from its `%PDF-` header on, as lopdf reads it); None
/// when no object header is found at all.
pub(super) fn rebuild(bytes: &[u8]) -> Option<Rebuilt> {
    let base = bytes.windows(5).position(|w| w == b"%PDF-")?;
    let body = &bytes[base..];
    let found = scan_objects(body);
    if found.is_empty() {
        return None;
    }
    // Later definitions win, as in an incremental update.
    let mut offsets: BTreeMap<u32, (u16, usize)> = found
        .iter()
        .map(|f| (f.number, (f.generation, f.offset)))
        .collect();
    let mut out = body.to_vec();
    let mut repaired_streams = 0;
    for (i, f) in found.iter().enumerate() {
        let end = found.get(i + 1).map_or(body.len(), |next| next.offset);
        if offsets.get(&f.number) != Some(&(f.generation, f.offset)) {
            continue;
        }
        if let Some(object) = repair_stream(body, f, end, &found) {
            out.push(b'\n');
            offsets.insert(f.number, (f.generation, out.len()));
            out.extend_from_slice(&object);
            repaired_streams += 1;
        }
    }
    let trailer = trailer_entries(body, &offsets);
    append_xref(&mut out, &offsets, &trailer);
    Some(Rebuilt {
        bytes: out,
        objects: offsets.len(),
        repaired_streams,
    })
}

/// Every `N G obj` header in file order.
fn scan_objects(body: &[u8]) -> Vec<Found> {
    OBJ_HEADER
        .captures_iter(body)
        .filter_map(|c| {
            let number = std::str::from_utf8(&c[1]).ok()?.parse().ok()?;
            let generation = std::str::from_utf8(&c[2]).ok()?.parse().ok()?;
            Some(Found {
                number,
                generation,
                offset: c.get(1)?.start(),
            })
        })
        .filter(|f| f.number > 0)
        .collect()
}

/// The object at `f` (running to `end`) rewritten with its stream's real
/// length, when it has a stream whose `/Length` does not reach its
/// `endstream` (or no `endstream`: the file was cut inside it).
fn repair_stream(body: &[u8], f: &Found, end: usize, found: &[Found]) -> Option<Vec<u8>> {
    let object = &body[f.offset..end];
    let keyword = find_stream_keyword(object)?;
    let mut data_start = keyword + b"stream".len();
    if object[data_start..].starts_with(b"\r\n") {
        data_start += 2;
    } else if matches!(object.get(data_start), Some(b'\n' | b'\r')) {
        data_start += 1;
    }
    let data_end = match find(&object[data_start..], b"endstream") {
        Some(at) => trim_eol(&object[..data_start + at], data_start),
        None => object.len(),
    };
    let real = data_end - data_start;
    let dict = &object[..keyword];
    let declared = LENGTH.captures(dict).and_then(|c| match c.get(2) {
        None => parse_u64(&c[1]),
        Some(_) => {
            let number: u32 = std::str::from_utf8(&c[1]).ok()?.parse().ok()?;
            let target = found.iter().rev().find(|g| g.number == number)?;
            let text = &body[target.offset..body.len().min(target.offset + 64)];
            INTEGER_BODY.captures(text).and_then(|c| parse_u64(&c[1]))
        }
    });
    if declared == Some(real as u64) {
        return None;
    }
    let header_end = find(dict, b"obj")? + 3;
    let mut dict_text = dict[header_end..].to_vec();
    let length = format!("/Length {real}");
    dict_text = match LENGTH.find(&dict_text) {
        Some(m) => [
            &dict_text[..m.start()],
            length.as_bytes(),
            &dict_text[m.end()..],
        ]
        .concat(),
        None => {
            let open = find(&dict_text, b"<<")? + 2;
            [&dict_text[..open], length.as_bytes(), &dict_text[open..]].concat()
        }
    };
    let mut rewritten = format!("{} {} obj", f.number, f.generation).into_bytes();
    rewritten.extend_from_slice(&dict_text);
    rewritten.extend_from_slice(b"stream\n");
    rewritten.extend_from_slice(&object[data_start..data_end]);
    rewritten.extend_from_slice(b"\nendstream\nendobj\n");
    Some(rewritten)
}

/// Where the `stream` keyword opening the object's data is (not the one in
/// `endstream`), after the dictionary.
fn find_stream_keyword(object: &[u8]) -> Option<usize> {
    let dict_open = find(object, b"<<")?;
    let mut from = dict_open;
    while let Some(at) = find(&object[from..], b"stream") {
        let at = from + at;
        if at < 3 || &object[at - 3..at] != b"end" {
            return Some(at);
        }
        from = at + 6;
    }
    None
}

/// `end` moved back over one end-of-line marker, never before `floor`.
fn trim_eol(text: &[u8], floor: usize) -> usize {
    let mut end = text.len();
    if end >= floor + 2 && &text[end - 2..end] == b"\r\n" {
        end -= 2;
    } else if end > floor && matches!(text[end - 1], b'\n' | b'\r') {
        end -= 1;
    }
    end
}

/// The new trailer's entries: `/Root`, `/Encrypt`, `/Info` as the last
/// trailer (or xref stream) naming them says, if they point at an object
/// that exists, and `/ID`.
fn trailer_entries(body: &[u8], offsets: &BTreeMap<u32, (u16, usize)>) -> String {
    let mut entries = String::new();
    for key in REFERENCE_KEYS {
        let pattern =
            format!(r"(?-u)/{key}[ \t\r\n\f\x00]*(\d+)[ \t\r\n\f\x00]+(\d+)[ \t\r\n\f\x00]+R");
        let Ok(re) = Regex::new(&pattern) else {
            continue;
        };
        let last = re.captures_iter(body).filter_map(|c| {
            let n: u32 = std::str::from_utf8(&c[1]).ok()?.parse().ok()?;
            let g: u16 = std::str::from_utf8(&c[2]).ok()?.parse().ok()?;
            offsets.contains_key(&n).then_some((n, g))
        });
        if let Some((n, g)) = last.last() {
            entries.push_str(&format!(" /{key} {n} {g} R"));
        }
    }
    if let Some(id) = ID_ARRAY.find_iter(body).last() {
        entries.push(' ');
        entries.push_str(&String::from_utf8_lossy(id.as_bytes()));
    }
    entries
}

/// Append a classic xref table (one subsection per run of consecutive
/// object numbers, so a stray huge number cannot make it huge), the
/// trailer and `startxref`.
fn append_xref(out: &mut Vec<u8>, offsets: &BTreeMap<u32, (u16, usize)>, trailer: &str) {
    out.extend_from_slice(b"\n");
    let xref_at = out.len();
    out.extend_from_slice(b"xref\n0 1\n0000000000 65535 f \n");
    let entries: Vec<(u32, u16, usize)> = offsets.iter().map(|(&n, &(g, o))| (n, g, o)).collect();
    let mut i = 0;
    while i < entries.len() {
        let mut j = i + 1;
        while j < entries.len() && entries[j].0 == entries[j - 1].0 + 1 {
            j += 1;
        }
        out.extend_from_slice(format!("{} {}\n", entries[i].0, j - i).as_bytes());
        for &(_, g, o) in &entries[i..j] {
            out.extend_from_slice(format!("{o:010} {g:05} n \n").as_bytes());
        }
        i = j;
    }
    let size = entries.last().map_or(1, |e| e.0 as u64 + 1);
    out.extend_from_slice(
        format!("trailer\n<< /Size {size}{trailer} >>\nstartxref\n{xref_at}\n%%EOF\n").as_bytes(),
    );
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn parse_u64(digits: &[u8]) -> Option<u64> {
    std::str::from_utf8(digits).ok()?.parse().ok()
}
