//! Zip entries that share a name. A zip may hold two entries called
//! `reply.pdf` (some mail gateways write such zips), but the zip crate keys
//! its entries by name and keeps only the last; so the central directory is
//! read here, and every entry of a shared name is read from its own local
//! header. The reader then names them `reply.pdf`, `reply.pdf#2`.

use super::Entry;
use std::collections::HashMap;
use std::io::{Cursor, Read};

/// Signature of a central directory file header.
const CENTRAL_HEADER: [u8; 4] = *b"PK\x01\x02";
/// Fixed part of a central directory file header, in bytes.
const CENTRAL_FIXED: usize = 46;

/// One central directory entry whose name another entry also has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SharedName {
    /// The name as stored (bytes).
    pub(crate) raw: Vec<u8>,
    /// Where its local header starts in the file.
    pub(crate) local_header: usize,
    /// Its compressed size as the central directory gives it.
    pub(crate) compressed: u64,
}

/// Every entry of the central directory starting at `start` whose name is
/// shared with another, in directory order; `count` entries are read at
/// most. Zip64 sizes or offsets (0xFFFFFFFF) are not followed: such an
/// entry is left out and the zip crate's one copy stands.
pub(crate) fn shared_names(
    bytes: &[u8],
    start: usize,
    prefix: usize,
    count: usize,
) -> Vec<SharedName> {
    let mut entries = Vec::new();
    let mut at = start;
    for _ in 0..count {
        let Some(fixed) = bytes.get(at..at + CENTRAL_FIXED) else {
            break;
        };
        if fixed[..4] != CENTRAL_HEADER {
            break;
        }
        let u16_at = |i: usize| u16::from_le_bytes([fixed[i], fixed[i + 1]]) as usize;
        let u32_at =
            |i: usize| u32::from_le_bytes([fixed[i], fixed[i + 1], fixed[i + 2], fixed[i + 3]]);
        let (name_len, extra_len, comment_len) = (u16_at(28), u16_at(30), u16_at(32));
        let Some(raw) = bytes.get(at + CENTRAL_FIXED..at + CENTRAL_FIXED + name_len) else {
            break;
        };
        let (compressed, offset) = (u32_at(20), u32_at(42));
        if compressed != u32::MAX && offset != u32::MAX {
            entries.push(SharedName {
                raw: raw.to_vec(),
                local_header: prefix + offset as usize,
                compressed: compressed as u64,
            });
        }
        at += CENTRAL_FIXED + name_len + extra_len + comment_len;
    }
    let mut seen: HashMap<&[u8], usize> = HashMap::new();
    for e in &entries {
        *seen.entry(e.raw.as_slice()).or_default() += 1;
    }
    let shared: Vec<Vec<u8>> = seen
        .into_iter()
        .filter(|(_, n)| *n > 1)
        .map(|(raw, _)| raw.to_vec())
        .collect();
    entries.retain(|e| shared.contains(&e.raw));
    entries
}

/// Read the entry whose local header starts at `entry.local_header`,
/// through a `take(budget + 1)` whatever its header declares.
pub(crate) fn read_shared(bytes: &[u8], entry: &SharedName, budget: u64) -> Entry {
    let Some(tail) = bytes.get(entry.local_header..) else {
        return Entry::Corrupt("entry starts past the end of the file".into());
    };
    let mut cursor = Cursor::new(tail);
    let file = match zip::read::read_zipfile_from_stream_with_compressed_size(
        &mut cursor,
        entry.compressed,
    ) {
        Ok(Some(file)) => file,
        Ok(None) => return Entry::Corrupt("no local header".into()),
        Err(e) => return Entry::Corrupt(e.to_string()),
    };
    if file.is_dir() {
        return Entry::Folder;
    }
    if file.encrypted() {
        return Entry::Encrypted;
    }
    let mut out = Vec::new();
    let read = file.take(budget.saturating_add(1)).read_to_end(&mut out);
    match read {
        Ok(_) => Entry::File(out),
        Err(e) => Entry::Corrupt(e.to_string()),
    }
}
