//! Recovery of a zip whose central directory is missing, cut or damaged
//! (a download cut short, a copy that stopped early): the entries are found
//! by walking their local headers in file order, as `zip -FF`, 7-Zip and
//! LibreOffice do, and every entry whose data is wholly present is copied
//! (still compressed) into a fresh, valid zip. That zip is then read by the
//! normal path, so a recovered entry is checked (CRC, size limits) and
//! named exactly as it would be in the whole file.
//!
//! The zip crate parses each local header (`read_zipfile_from_stream`);
//! what the crate cannot know on its own is where an entry written with a
//! data descriptor ends, so that descriptor is found here and its sizes and
//! CRC are handed to the crate. The walk stops cleanly at the first entry
//! that is cut or broken. Memory is bounded by the input: entries are
//! copied compressed, never inflated here, and at most `max_entries + 1`
//! are walked (one more than the normal path accepts, so it still refuses).
//!
//! An entry cut part-way is not read, not even up to the cut: half a
//! letter or half a sheet would read as a whole one (a table cut before
//! its total row looks complete). When that entry is the part a reader
//! needs (`word/document.xml`, `content.xml`, a sheet), the file is
//! unreadable and its message names the cut entry.

use crate::read::ReadError;
use std::borrow::Cow;
use std::cell::Cell;
use std::collections::HashSet;
use std::fmt;
use std::io::{Cursor, Read};
use zip::read::{read_zipfile_from_stream_with_options, ZipFile};
use zip::{ZipArchive, ZipReadOptions, ZipWriter};

/// The value a 32-bit size field holds when the real size is in a zip64
/// extra field.
pub(crate) const ZIP64_MARK: u64 = 0xFFFF_FFFF;
/// Signature of a data descriptor (optional in the format, written by
/// every common writer).
const DESCRIPTOR: [u8; 4] = *b"PK\x07\x08";

/// How much of a damaged zip was recovered; its `Display` is the warning
/// written to the file log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Recovery {
    /// Entries recovered whole (folders included).
    pub(crate) entries: usize,
    pub(crate) end: WalkEnd,
}

/// Why the walk over the local headers stopped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum WalkEnd {
    /// It reached the central directory: every entry was seen.
    Directory,
    /// The file ends just after an entry, where the directory should
    /// begin: entries after it, if there were any, are cut.
    FileEnd,
    /// An entry is cut or broken (named when its header could be read).
    Broken { name: Option<String>, why: String },
}

impl fmt::Display for Recovery {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.entries;
        let entries = if n == 1 { "entry" } else { "entries" };
        match &self.end {
            WalkEnd::Directory => write!(
                f,
                "recovered: {n} of {n} {entries} (central directory cut or damaged)"
            ),
            WalkEnd::FileEnd => write!(
                f,
                "recovered: {n} {entries}, rest cut (the file ends after entry {n}, \
                 where its central directory should begin)"
            ),
            WalkEnd::Broken { .. } if n == 0 => write!(f, "nothing recovered ({})", self.stop()),
            WalkEnd::Broken { .. } => {
                write!(f, "recovered: {n} {entries}, rest cut ({})", self.stop())
            }
        }
    }
}

impl Recovery {
    /// The entry the walk stopped at, and why.
    fn stop(&self) -> String {
        match &self.end {
            WalkEnd::Broken {
                name: Some(name),
                why,
            } => format!("entry {} '{name}' {why}", self.entries + 1),
            WalkEnd::Broken { name: None, why } => format!("entry {} {why}", self.entries + 1),
            _ => String::new(),
        }
    }
}

impl Recovery {
    /// An error of a reader working on the recovered zip, with the
    /// recovery said: a part it needs may be the one that was cut.
    pub(crate) fn explain(&self, e: ReadError) -> ReadError {
        match e {
            ReadError::Corrupt(why) => ReadError::Corrupt(format!("{why}; {self}")),
            other => other,
        }
    }
}

/// The zip `bytes` as the zip crate can read it: the bytes themselves when
/// their central directory is sound, else a zip rebuilt from the entries
/// recovered (with what was recovered). A zip of which nothing can be
/// recovered is corrupt, with the crate's reason.
pub(crate) fn readable(
    bytes: &[u8],
    max_entries: usize,
) -> Result<(Cow<'_, [u8]>, Option<Recovery>), ReadError> {
    let first = match ZipArchive::new(Cursor::new(bytes)) {
        Ok(_) => return Ok((Cow::Borrowed(bytes), None)),
        Err(e) => e,
    };
    match rebuild(bytes, max_entries) {
        Ok((fixed, recovery)) => Ok((Cow::Owned(fixed), Some(recovery))),
        Err(nothing) => Err(ReadError::corrupt(format!("{first}; {nothing}"))),
    }
}

/// Walk the local headers of `bytes` from the start and copy every whole
/// entry into a new zip; `Err` saying why when not one entry is whole.
fn rebuild(bytes: &[u8], max_entries: usize) -> Result<(Vec<u8>, Recovery), Recovery> {
    let mut writer = ZipWriter::new(Cursor::new(Vec::new()));
    let mut names = HashSet::new();
    let mut at = 0usize;
    let mut entries = 0usize;
    let end = loop {
        if entries > max_entries {
            // The normal path refuses the zip on its entry count.
            break WalkEnd::Broken {
                name: None,
                why: format!("not read: more than {max_entries} entries"),
            };
        }
        let found = match locate(bytes, at) {
            Ok(Some(found)) => found,
            Ok(None) => break WalkEnd::Directory,
            Err(end) => break end,
        };
        if let Err(why) = copy(bytes, at, &found, &mut writer, &mut names) {
            break WalkEnd::Broken {
                name: Some(found.name),
                why,
            };
        }
        entries += 1;
        at = found.next;
    };
    let recovery = Recovery { entries, end };
    if entries == 0 {
        return Err(recovery);
    }
    match writer.finish() {
        Ok(fixed) => Ok((fixed.into_inner(), recovery)),
        Err(e) => Err(Recovery {
            entries: 0,
            end: WalkEnd::Broken {
                name: None,
                why: format!("could not be rebuilt: {e}"),
            },
        }),
    }
}

/// Where one whole entry's bytes are.
struct Found {
    name: String,
    /// The sizes and CRC of its data descriptor, when it has one.
    descriptor: Option<Descriptor>,
    /// Where the next local header starts.
    next: usize,
}

/// A data descriptor's fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Descriptor {
    crc: u32,
    compressed: u64,
    uncompressed: u64,
}

/// Read the local header at `at` and find where its entry ends: `Ok(None)`
/// at the central directory, `Err` with why the walk stops there.
fn locate(bytes: &[u8], at: usize) -> Result<Option<Found>, WalkEnd> {
    if at >= bytes.len() {
        return Err(WalkEnd::FileEnd);
    }
    let pos = Cell::new(at);
    let mut reader = At { bytes, pos: &pos };
    // A compressed size of 0 for an entry with a data descriptor lets the
    // crate parse its header without knowing where its data ends.
    let probe = options().override_compressed_size(0);
    let file = match read_zipfile_from_stream_with_options(&mut reader, probe) {
        Ok(Some(file)) => file,
        Ok(None) => return Ok(None),
        Err(_) if header_is_cut(&bytes[at..]) => {
            return Err(WalkEnd::Broken {
                name: None,
                why: "is cut within its header".into(),
            })
        }
        Err(e) => {
            return Err(WalkEnd::Broken {
                name: None,
                why: format!("is broken: {e}"),
            })
        }
    };
    // Only the header has been read: the data starts here.
    let data = pos.get();
    let name = String::from_utf8_lossy(file.name_raw()).into_owned();
    let has_descriptor = file.flags().is_using_data_descriptor();
    let compressed = file.compressed_size();
    drop(file);
    let broken = |why: String| WalkEnd::Broken {
        name: Some(name.clone()),
        why,
    };
    if !has_descriptor {
        if compressed == ZIP64_MARK {
            return Err(broken(format!(
                "is corrupt: it claims {ZIP64_MARK} bytes without a zip64 size"
            )));
        }
        let end = (data as u64).saturating_add(compressed);
        if end > bytes.len() as u64 {
            return Err(broken("is cut".into()));
        }
        let next = end as usize;
        return Ok(Some(Found {
            name,
            descriptor: None,
            next,
        }));
    }
    match find_descriptor(bytes, data) {
        Some((descriptor, next)) => Ok(Some(Found {
            name,
            descriptor: Some(descriptor),
            next,
        })),
        None => Err(broken("is cut: no data descriptor follows it".into())),
    }
}

/// True when `rest` is the start of a local header the file ends within
/// (its fixed part, or the name and extra field that part announces).
fn header_is_cut(rest: &[u8]) -> bool {
    const LOCAL: &[u8; 4] = b"PK\x03\x04";
    if rest.len() < LOCAL.len() {
        return LOCAL.starts_with(rest);
    }
    if rest[..4] != LOCAL[..] {
        return false;
    }
    match rest.get(26..30) {
        None => true,
        Some(f) => {
            let (name, extra) = (
                u16::from_le_bytes([f[0], f[1]]),
                u16::from_le_bytes([f[2], f[3]]),
            );
            30 + usize::from(name) + usize::from(extra) > rest.len()
        }
    }
}

/// The first data descriptor after `data` whose compressed size is the
/// distance from `data` to it (a chance match inside compressed bytes
/// would need that too) and which a header (or the end of the file)
/// follows, and where that next header starts. Its two forms, 4-byte and
/// zip64 8-byte sizes, are told apart by what follows them. A descriptor
/// without its optional signature is not found.
fn find_descriptor(bytes: &[u8], data: usize) -> Option<(Descriptor, usize)> {
    let field = |i: usize, width: usize| -> Option<u64> {
        let b = bytes.get(i..i + width)?;
        Some(b.iter().rev().fold(0u64, |v, &x| (v << 8) | u64::from(x)))
    };
    // A header signature starts "PK"; a file cut within it ends there.
    let header_at = |i: usize| i <= bytes.len() && bytes.get(i..i + 2).is_none_or(|b| b == b"PK");
    let mut from = data;
    while let Some(offset) = find(&bytes[from..], &DESCRIPTOR) {
        let sig = from + offset;
        let length = (sig - data) as u64;
        for width in [4, 8] {
            let next = sig + 8 + 2 * width;
            if field(sig + 8, width) == Some(length) && header_at(next) {
                let descriptor = Descriptor {
                    crc: field(sig + 4, 4)? as u32,
                    compressed: length,
                    uncompressed: field(sig + 8 + width, width)?,
                };
                return Some((descriptor, next));
            }
        }
        from = sig + 1;
    }
    None
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Copy the entry whose local header is at `at` into `writer`, compressed
/// as it is. A second entry of a name already copied is renamed `name#2`
/// (the zip writer refuses a name twice), as the normal path names it.
fn copy(
    bytes: &[u8],
    at: usize,
    found: &Found,
    writer: &mut ZipWriter<Cursor<Vec<u8>>>,
    names: &mut HashSet<Vec<u8>>,
) -> Result<(), String> {
    let pos = Cell::new(at);
    let mut reader = At { bytes, pos: &pos };
    let mut opts = options();
    if let Some(d) = found.descriptor {
        opts = opts
            .override_compressed_size(d.compressed)
            .override_uncompressed_size(d.uncompressed)
            .override_crc(d.crc);
    }
    let file: ZipFile<'_, At> = match read_zipfile_from_stream_with_options(&mut reader, opts) {
        Ok(Some(file)) => file,
        Ok(None) => return Err("is not where its header said".into()),
        Err(e) => return Err(format!("is broken: {e}")),
    };
    let raw = file.name_raw().to_vec();
    let result = if names.insert(raw.clone()) {
        writer.raw_copy_file(file)
    } else {
        let name = String::from_utf8_lossy(&raw).into_owned();
        let copy = (2u32..)
            .map(|n| format!("{name}#{n}"))
            .find(|c| names.insert(c.clone().into_bytes()))
            .unwrap_or(name);
        writer.raw_copy_file_rename(file, copy)
    };
    result.map_err(|e| format!("could not be copied: {e}"))
}

/// Options of every stream read here: encrypted entries are copied as
/// they are (the normal path then reports them), so no password is asked.
fn options<'a>() -> ZipReadOptions<'a> {
    ZipReadOptions::new().ignore_encryption_flag(true)
}

/// A reader over `bytes` whose position is visible while the zip crate
/// holds the reader (it tells where a header ends and the data begins).
struct At<'a, 'p> {
    bytes: &'a [u8],
    pos: &'p Cell<usize>,
}

impl Read for At<'_, '_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let from = self.pos.get().min(self.bytes.len());
        let rest = &self.bytes[from..];
        let n = rest.len().min(buf.len());
        buf[..n].copy_from_slice(&rest[..n]);
        self.pos.set(from + n);
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;
    use zip::write::SimpleFileOptions;

    /// A zip written by a writer that cannot seek (sizes in data
    /// descriptors), without its central directory.
    fn streamed(entries: usize, large: bool) -> Vec<u8> {
        let options = SimpleFileOptions::default().large_file(large);
        let mut w = ZipWriter::new_stream(Vec::new());
        for i in 0..entries {
            w.start_file(format!("{i}.txt"), options).unwrap();
            w.write_all(format!("entry {i} ").repeat(50).as_bytes())
                .unwrap();
        }
        let whole = w.finish().unwrap().into_inner();
        let start = ZipArchive::new(Cursor::new(&whole[..]))
            .unwrap()
            .central_directory_start() as usize;
        whole[..start].to_vec()
    }

    #[test]
    fn zip64_data_descriptors_are_found() {
        let cut = streamed(3, true);
        let (fixed, recovery) = readable(&cut, 100).unwrap();
        let recovery = recovery.unwrap();
        assert_eq!((recovery.entries, recovery.end), (3, WalkEnd::FileEnd));
        let mut zip = ZipArchive::new(Cursor::new(&*fixed)).unwrap();
        let mut text = String::new();
        zip.by_name("2.txt")
            .unwrap()
            .read_to_string(&mut text)
            .unwrap();
        assert_eq!(text, "entry 2 ".repeat(50));
    }

    #[test]
    fn walk_stops_one_past_the_entry_limit() {
        let cut = streamed(6, false);
        let (fixed, recovery) = readable(&cut, 2).unwrap();
        let recovery = recovery.unwrap();
        assert_eq!(recovery.entries, 3);
        assert_eq!(
            recovery.to_string(),
            "recovered: 3 entries, rest cut (entry 4 not read: more than 2 entries)"
        );
        assert_eq!(ZipArchive::new(Cursor::new(&*fixed)).unwrap().len(), 3);
    }

    #[test]
    fn nothing_recoverable_is_corrupt_with_the_crates_reason() {
        let err = readable(b"PK\x03\x04garbage", 100).unwrap_err();
        assert!(
            matches!(&err, ReadError::Corrupt(why) if why.contains("EOCD")),
            "{err}"
        );
    }

    #[test]
    fn a_second_entry_of_a_name_is_numbered() {
        let mut bytes = streamed(2, false);
        // Rename entry 1 to entry 0's name (same length) in its header.
        let at = bytes.windows(5).rposition(|w| w == b"1.txt").unwrap();
        bytes[at] = b'0';
        let (fixed, _) = readable(&bytes, 100).unwrap();
        let zip = ZipArchive::new(Cursor::new(&*fixed)).unwrap();
        let names: Vec<String> = zip.file_names().map(|n| n.unwrap().into_owned()).collect();
        assert_eq!(names, ["0.txt", "0.txt#2"]);
    }
}
