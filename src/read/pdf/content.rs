//! Decoding a content stream a bounded chunk at a time. lopdf's
//! `Content::decode` turns the whole stream into `Operation`s at once, about
//! 100 bytes of memory per content byte; here a small scanner finds
//! operator boundaries and each chunk of about [`CHUNK_BYTES`] is decoded by
//! lopdf on its own, so its object parsing (numbers, strings, escapes) is
//! the same and memory is bounded by the chunk, not the stream.
//!
//! Decoding the chunks gives what decoding the whole would: a chunk that
//! does not parse to its end is first taken with the next one (the scanner
//! may have split inside inline image data); if it still does not, it holds
//! damage, and as lopdf stops at the first damage, its good operations are
//! the last ones. A chunk lopdf rejects outright (an inline image with no
//! end, nesting too deep) keeps its longest readable prefix and reading goes
//! on with the next content stream of the page, as when each stream is
//! decoded alone.

use pdf_extract::content::{Content, Operation};

/// Content bytes decoded at once.
pub const CHUNK_BYTES: usize = 256 * 1024;
/// Chunks taken together to get past a split lopdf does not agree with.
const MAX_MERGED: usize = 4;

/// One page's (or form's) content, as chunks of operations.
pub struct ContentChunks<'b> {
    bytes: &'b [u8],
    /// Where each content stream after the first starts in `bytes`.
    part_starts: Vec<usize>,
    pos: usize,
    done: bool,
    chunk_bytes: usize,
    pub warnings: Vec<String>,
}

impl<'b> ContentChunks<'b> {
    /// The content `bytes`, made of streams starting at `part_starts`
    /// (offsets after 0, ascending).
    pub fn new(bytes: &'b [u8], part_starts: Vec<usize>) -> Self {
        ContentChunks {
            bytes,
            part_starts,
            pos: 0,
            done: false,
            chunk_bytes: CHUNK_BYTES,
            warnings: Vec::new(),
        }
    }

    #[cfg(test)]
    fn with_chunk_bytes(mut self, n: usize) -> Self {
        self.chunk_bytes = n;
        self
    }

    /// The end of the chunk starting at `start`: an operator boundary at
    /// least `chunk_bytes` on, or the end of the content.
    fn chunk_end(&self, start: usize) -> usize {
        next_boundary(self.bytes, start, start + self.chunk_bytes).unwrap_or(self.bytes.len())
    }

    /// A chunk lopdf rejects: keep its readable prefix, go on with the next
    /// content stream.
    fn rejected(&mut self, start: usize, end: usize) -> Vec<Operation> {
        let part = &self.bytes[start..end];
        let ops = match super::prepare::longest_readable_prefix(part) {
            Some((c, at)) => {
                self.warnings.push(format!(
                    "a content stream is damaged after byte {at} of {}; the rest of it is lost",
                    part.len()
                ));
                c.operations
            }
            None => {
                self.warnings
                    .push("a content stream could not be parsed; its part is lost".into());
                Vec::new()
            }
        };
        match self.part_starts.iter().find(|&&p| p > start) {
            Some(&next) => self.pos = next,
            None => self.done = true,
        }
        ops
    }
}

impl Iterator for ContentChunks<'_> {
    type Item = Vec<Operation>;

    fn next(&mut self) -> Option<Vec<Operation>> {
        if self.done || self.pos >= self.bytes.len() {
            return None;
        }
        let start = self.pos;
        let mut end = self.chunk_end(start);
        for _ in 0..MAX_MERGED {
            if end >= self.bytes.len() {
                break;
            }
            if let Ok(c) = Content::decode_strict(&self.bytes[start..end]) {
                self.pos = end;
                return Some(c.operations);
            }
            end = self.chunk_end(end);
        }
        // The last chunk, or chunks that hold damage: lopdf's own reading,
        // which stops at the damage, and nothing after it.
        match Content::decode(&self.bytes[start..end]) {
            Ok(c) => {
                self.done = true;
                Some(c.operations)
            }
            Err(_) => Some(self.rejected(start, end)),
        }
    }
}

/// Bytes lopdf's content grammar takes as white space between tokens.
fn is_content_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

fn is_white(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n' | b'\0' | b'\x0C')
}

fn is_delimiter(b: u8) -> bool {
    b"()<>[]{}/%".contains(&b)
}

/// The characters lopdf reads an operator from.
fn is_operator(token: &[u8]) -> bool {
    !token.is_empty()
        && token
            .iter()
            .all(|&c| c.is_ascii_alphabetic() || b"*'\"".contains(&c))
        && !matches!(token, b"true" | b"false" | b"null")
}

/// The first position at or after `from` that ends an operator (followed
/// by white space) outside any string, array or dictionary, scanning from
/// `start`, an operation boundary. None when there is none.
pub(crate) fn next_boundary(bytes: &[u8], start: usize, from: usize) -> Option<usize> {
    let mut i = start;
    let mut depth = 0usize;
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            _ if is_white(b) => i += 1,
            b'%' => i = skip_line(bytes, i),
            b'(' => i = skip_string(bytes, i)?,
            b'<' if bytes.get(i + 1) == Some(&b'<') => {
                depth += 1;
                i += 2;
            }
            b'<' => i += bytes[i..].iter().position(|&c| c == b'>')? + 1,
            b'>' if bytes.get(i + 1) == Some(&b'>') => {
                depth = depth.saturating_sub(1);
                i += 2;
            }
            b'[' => {
                depth += 1;
                i += 1;
            }
            b']' => {
                depth = depth.saturating_sub(1);
                i += 1;
            }
            b'/' => i = token_end(bytes, i + 1),
            _ if is_delimiter(b) => i += 1,
            _ => {
                let end = token_end(bytes, i);
                let token = &bytes[i..end];
                i = end;
                if depth > 0 || !is_operator(token) {
                    continue;
                }
                if token == b"BI" {
                    i = skip_inline_image(bytes, i)?;
                } else if i >= from && bytes.get(i).is_some_and(|&c| is_content_space(c)) {
                    return Some(i);
                }
            }
        }
    }
    None
}

fn token_end(bytes: &[u8], from: usize) -> usize {
    bytes[from..]
        .iter()
        .position(|&c| is_white(c) || is_delimiter(c))
        .map_or(bytes.len(), |p| from + p)
}

fn skip_line(bytes: &[u8], from: usize) -> usize {
    bytes[from..]
        .iter()
        .position(|&c| c == b'\r' || c == b'\n')
        .map_or(bytes.len(), |p| from + p)
}

/// The end of the literal string opening at `from`: parentheses nest, a
/// backslash escapes the next byte.
fn skip_string(bytes: &[u8], from: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut i = from;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 1,
            b'(' => depth += 1,
            b')' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i + 1);
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// Past the `EI` ending the inline image whose `BI` ends at `from`: its
/// data is binary, and ends at the first `EI` between white space after
/// `ID` (lopdf's rule when the data length is unknown; where it knows the
/// length and disagrees, the chunk is merged with the next).
fn skip_inline_image(bytes: &[u8], from: usize) -> Option<usize> {
    let mut i = from;
    loop {
        let start = i + bytes[i..].iter().position(|&c| !is_white(c))?;
        let end = token_end(bytes, start);
        if &bytes[start..end] == b"ID" {
            i = end;
            break;
        }
        i = end.max(start + 1);
    }
    let data = &bytes[i..];
    let at = data.windows(4).position(|w| {
        let space = |c: u8| matches!(c, b' ' | b'\n' | b'\r');
        space(w[0]) && &w[1..3] == b"EI" && space(w[3])
    })?;
    Some(i + at + 3)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn operators(ops: &[Operation]) -> Vec<String> {
        ops.iter().map(|o| o.operator.clone()).collect()
    }

    /// Every chunking of `bytes` decodes to what lopdf makes of the whole.
    fn same_as_whole(bytes: &[u8], chunk: usize) {
        let whole = Content::decode(bytes).map(|c| c.operations).unwrap();
        let chunked: Vec<Operation> = ContentChunks::new(bytes, Vec::new())
            .with_chunk_bytes(chunk)
            .flatten()
            .collect();
        assert_eq!(
            format!("{whole:?}"),
            format!("{chunked:?}"),
            "chunk {chunk}"
        );
    }

    #[test]
    fn chunked_content_decodes_as_the_whole() {
        let content: &[u8] =
            b"q 1 0 0 1 10 20 cm BT /F1 12 Tf 72 700 Td (a (nested) \\) Tj BT) Tj\n\
            [(x) -20 (y) <41 42>] TJ ET % a comment Tj\n\
            BI /W 2 /H 1 /BPC 8 /CS /G ID \x00Tj\x01 EI\n\
            10 10 100 50 re S /P <</MCID 3 /Alt (q) >> BDC EMC\n\
            0.5 g 72 72 m 200 72 l S Q";
        for chunk in 1..content.len() + 2 {
            same_as_whole(content, chunk);
        }
    }

    #[test]
    fn chunked_content_stops_at_damage_as_lopdf_does() {
        let content: &[u8] =
            b"BT /F1 12 Tf\n72 700 Td\n(Hello) Tj\nET\n\x0c junk ) ( [ \n(lost) Tj\n";
        for chunk in 1..content.len() + 2 {
            same_as_whole(content, chunk);
        }
    }

    #[test]
    fn long_content_is_decoded_in_bounded_chunks() {
        let line = b"BT /F1 9 Tf 72 700 Td (cell) Tj ET 10 10 50 20 re S\n";
        let content: Vec<u8> = line
            .iter()
            .copied()
            .cycle()
            .take(line.len() * 2000)
            .collect();
        let mut chunks = ContentChunks::new(&content, Vec::new()).with_chunk_bytes(4096);
        let mut total = 0;
        let mut most = 0;
        for ops in chunks.by_ref() {
            total += ops.len();
            most = most.max(ops.len());
        }
        assert_eq!(total, 7 * 2000);
        // No chunk holds much more than 4096 bytes' worth of operations.
        assert!(most < 4096 / 4, "{most}");
        assert!(chunks.warnings.is_empty());
    }

    #[test]
    fn a_rejected_stream_loses_only_itself() {
        // An inline image with no end: lopdf rejects the stream it is in.
        let first = b"BT /F1 12 Tf 72 700 Td (one) Tj ET\nBI /W 9 /H 9 ID xx\n";
        let second = b"BT /F1 12 Tf 72 600 Td (two) Tj ET";
        let bytes = [&first[..], &second[..]].concat();
        let mut chunks = ContentChunks::new(&bytes, vec![first.len()]);
        let ops: Vec<Operation> = chunks.by_ref().flatten().collect();
        assert_eq!(
            operators(&ops),
            ["BT", "Tf", "Td", "Tj", "ET", "BT", "Tf", "Td", "Tj", "ET"]
        );
        assert_eq!(chunks.warnings.len(), 1);
    }
}
