//! Inline uuencoded files in email bodies (`begin 644 name` ... `end`), as
//! old mail gateways and some police systems still send them; mail-parser
//! 0.11 leaves them in the text.

/// A file decoded from a uuencoded block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UuFile {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// Split `text` into the text without its uuencoded blocks and the files
/// those blocks held. A `begin` line without a matching `end` is left in the
/// text as it was.
pub fn extract_uuencoded(text: &str) -> (String, Vec<UuFile>) {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let mut kept = String::with_capacity(text.len());
    let mut files = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if let Some(name) = begin_line(lines[i]) {
            if let Some((bytes, end)) = decode_block(&lines[i + 1..]) {
                files.push(UuFile {
                    name: name.to_string(),
                    bytes,
                });
                i += end + 2;
                continue;
            }
        }
        kept.push_str(lines[i]);
        i += 1;
    }
    (kept, files)
}

/// The file name of a `begin <mode> <name>` line.
fn begin_line(line: &str) -> Option<&str> {
    let rest = line.trim_end().strip_prefix("begin ")?;
    let (mode, name) = rest.split_once(' ')?;
    let octal = (3..=4).contains(&mode.len()) && mode.bytes().all(|b| (b'0'..=b'7').contains(&b));
    (octal && !name.trim().is_empty()).then(|| name.trim())
}

/// Decode data lines up to `end`; returns the bytes and the index of the
/// `end` line within `lines`, or `None` when a line is not uuencoded data.
fn decode_block(lines: &[&str]) -> Option<(Vec<u8>, usize)> {
    let mut out = Vec::new();
    for (i, raw) in lines.iter().enumerate() {
        let line = raw.trim_end_matches(['\r', '\n']);
        if line.trim_end() == "end" {
            return Some((out, i));
        }
        decode_line(line, &mut out)?;
    }
    None
}

/// One data line: a length character then 4-character groups of 6 bits
/// each (space or backquote = 0).
fn decode_line(line: &str, out: &mut Vec<u8>) -> Option<()> {
    let bytes = line.as_bytes();
    let Some((&len_char, data)) = bytes.split_first() else {
        return Some(()); // blank line inside a block: tolerated
    };
    let sextet = |c: u8| -> Option<u8> {
        if (b' '..=b'`').contains(&c) {
            Some((c - b' ') & 0x3F)
        } else {
            None
        }
    };
    let len = sextet(len_char)? as usize;
    // Trailing spaces (zero sextets) are often stripped in transit: missing
    // characters count as zero.
    let needed = len.div_ceil(3) * 4;
    let mut decoded = Vec::with_capacity(len + 2);
    for k in (0..needed).step_by(4) {
        let mut s = [0u8; 4];
        for (j, slot) in s.iter_mut().enumerate() {
            *slot = sextet(data.get(k + j).copied().unwrap_or(b' '))?;
        }
        decoded.push((s[0] << 2) | (s[1] >> 4));
        decoded.push((s[1] << 4) | (s[2] >> 2));
        decoded.push((s[2] << 6) | s[3]);
    }
    decoded.truncate(len);
    out.extend_from_slice(&decoded);
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_block_and_keeps_surrounding_text() {
        // `printf 'Cat' | uuencode cat.txt` output.
        let text = "Please see attached.\n\nbegin 644 cat.txt\n#0V%T\n`\nend\n\nRegards\n";
        let (kept, files) = extract_uuencoded(text);
        assert_eq!(kept, "Please see attached.\n\n\nRegards\n");
        assert_eq!(
            files,
            [UuFile {
                name: "cat.txt".into(),
                bytes: b"Cat".to_vec()
            }]
        );
    }

    #[test]
    fn unterminated_block_stays_text() {
        let text = "begin 644 x.txt\n#0V%T\nno end here\n";
        let (kept, files) = extract_uuencoded(text);
        assert_eq!(kept, text);
        assert!(files.is_empty());
        let (kept, _) = extract_uuencoded("begin the meeting at 10\nend\n");
        // A data line with its trailing spaces stripped still decodes.
        let (_, files) = extract_uuencoded("begin 644 z.bin\n#``$\n`\nend\n");
        assert_eq!(files[0].bytes, [0, 1, 0]);
        let (_, files) = extract_uuencoded("begin 644 z.bin\n#\n`\nend\n");
        assert_eq!(files[0].bytes, [0, 0, 0]);
        assert_eq!(kept, "begin the meeting at 10\nend\n");
    }
}
