//! Zip archives: every file entry becomes a child document named by its
//! path inside the zip (`Annex A/table.xlsx`); the zip's own part is a list
//! of its entries.
//!
//! Declared sizes are never trusted: each entry is read through `take()`
//! bounded by the per-child and whole-archive limits. An entry over the
//! per-child limit is a refused child (an `error` row of its own, its
//! siblings still read); a zip whose entries together pass the
//! whole-archive limit (a zip bomb) ends as `ReadError::LimitExceeded`
//! after reading at most the limit. Encrypted
//! entries are skipped with a warning (all encrypted: `ReadError::Password`).
//!
//! A WhatDoTheyKnow download (a zip holding `correspondence.txt`) names its
//! attachments `<message>_<part>_<name>`; those children are tied to their
//! message so the record can say which reply carried which file.

mod duplicates;
pub mod names;
pub(crate) mod recover;

use super::{ChildFile, Extracted, Input, ReadError, Reader};
use crate::doc::{Block, Body, Message, Paragraph, Part, Prov};
use names::{safe_inner_path, UniqueNames};
use recover::ZIP64_MARK;
use std::io::{Cursor, Read};
use zip::result::ZipError;

/// Reader for zip archives.
pub struct ZipReader;

impl Reader for ZipReader {
    fn read(&self, input: &Input) -> Result<Extracted, ReadError> {
        let limits = input.limits;
        let (bytes, recovery) = recover::readable(input.bytes, limits.max_entries)?;
        let Some(recovery) = recovery else {
            return read_zip(&bytes, input);
        };
        let mut extracted = read_zip(&bytes, input).map_err(|e| recovery.explain(e))?;
        extracted.warnings.insert(0, recovery.to_string());
        Ok(extracted)
    }
}

/// Read the zip `bytes` (the input's own, or those recovered from it).
fn read_zip(bytes: &[u8], input: &Input) -> Result<Extracted, ReadError> {
    let limits = input.limits;
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(ReadError::corrupt)?;
    let count = archive.len();
    if count > limits.max_entries {
        return Err(ReadError::LimitExceeded {
            what: "zip entries".into(),
            found: count as u64,
            max: limits.max_entries as u64,
        });
    }
    let raw_names: Vec<String> = archive
        .file_names()
        .map(|n| n.map(|n| n.into_owned()).unwrap_or_default())
        .collect();
    let is_wdtk_download = raw_names.iter().any(|n| is_correspondence_file(n));

    let mut out = Extracted::default();
    let mut names = UniqueNames::new();
    let mut encrypted = Vec::new();
    let mut file_entries = 0usize;
    let mut expanded = 0u64;
    let mut thread = None;
    let mut reply_numbers = Vec::new();
    let mut corrupt = Vec::new();
    for source in entry_sources(bytes, &mut archive) {
        let room_left = limits.max_expanded_bytes.saturating_sub(expanded);
        let budget = limits.max_child_bytes.min(room_left);
        let (raw_name, entry) = match source {
            Source::Index(index) => (
                raw_names.get(index).cloned().unwrap_or_default(),
                read_entry(&mut archive, index, budget),
            ),
            Source::Shared(shared) => (
                String::from_utf8_lossy(&shared.raw).into_owned(),
                duplicates::read_shared(bytes, &shared, budget),
            ),
        };
        let bytes = match entry {
            Entry::Folder => continue,
            Entry::Encrypted => {
                file_entries += 1;
                encrypted.push(raw_name);
                continue;
            }
            Entry::Skipped(why) => {
                file_entries += 1;
                out.warnings
                    .push(format!("zip entry '{raw_name}' skipped: {why}"));
                continue;
            }
            Entry::Corrupt(why) => {
                file_entries += 1;
                out.warnings
                    .push(format!("zip entry '{raw_name}' skipped: corrupt ({why})"));
                corrupt.push(why);
                continue;
            }
            Entry::File(bytes) => bytes,
        };
        file_entries += 1;
        let Some(path) = safe_inner_path(&raw_name) else {
            out.warnings
                .push(format!("zip entry '{raw_name}' skipped: no usable name"));
            continue;
        };
        let size = bytes.len() as u64;
        if size > limits.max_child_bytes {
            // The big entry (a raw export beside the reply letter) gets
            // its own error row; the letter is still read.
            out.warnings.push(format!(
                "zip entry '{path}' not read: over {} bytes",
                limits.max_child_bytes
            ));
            reply_numbers.push(None);
            out.children.push(ChildFile {
                name: names.claim(&path),
                bytes: Vec::new(),
                message: None,
                refused: Some(ReadError::LimitExceeded {
                    what: "zip entry size".into(),
                    found: size,
                    max: limits.max_child_bytes,
                }),
            });
            continue;
        }
        expanded += size;
        if expanded > limits.max_expanded_bytes {
            return Err(ReadError::LimitExceeded {
                what: "zip expanded size".into(),
                found: expanded,
                max: limits.max_expanded_bytes,
            });
        }
        if is_wdtk_download && is_correspondence_file(&path) {
            thread = Some(super::wdtk::parse_thread(
                &super::decode::decode_text(&bytes).0,
                &format!("{}/{path}", input.path),
            ));
        }
        let reply_number = if is_wdtk_download {
            wdtk_message_index(&path)
        } else {
            None
        };
        reply_numbers.push(reply_number);
        out.children.push(ChildFile {
            name: names.claim(&path),
            bytes,
            message: None,
            refused: None,
        });
    }
    if let Some(thread) = thread {
        tie_to_messages(&mut out, &reply_numbers, &thread.messages);
    }

    if !encrypted.is_empty() && encrypted.len() == file_entries {
        return Err(ReadError::Password);
    }
    if out.children.is_empty() {
        if let Some(why) = corrupt.first() {
            return Err(ReadError::Corrupt(why.clone()));
        }
    }
    if !encrypted.is_empty() {
        out.warnings.push(format!(
            "encrypted zip entries skipped (need a password): {}",
            encrypted.join(", ")
        ));
    }
    out.parts
        .push(Part::Body(entry_list(&out.children, input.path)));
    Ok(out)
}

/// Where one entry is read from: the zip crate's entry `index`, or (for a
/// name two entries share, of which the crate keeps one) its own local
/// header.
enum Source {
    Index(usize),
    Shared(duplicates::SharedName),
}

/// Every entry of the zip in directory order, each entry of a shared name
/// in its own right.
fn entry_sources(bytes: &[u8], archive: &mut zip::ZipArchive<Cursor<&[u8]>>) -> Vec<Source> {
    if !archive.has_duplicate_names() {
        return (0..archive.len()).map(Source::Index).collect();
    }
    let prefix = archive.offset() as usize;
    let start = archive.central_directory_start() as usize;
    // A generous bound: the directory cannot hold more headers than this.
    let most = bytes.len() / 46 + 1;
    let shared = duplicates::shared_names(bytes, start, prefix, most);
    let mut sources = Vec::new();
    for index in 0..archive.len() {
        let name = match archive.by_index_raw(index) {
            Ok(entry) => entry.name_raw().to_vec(),
            Err(_) => Vec::new(),
        };
        let copies: Vec<&duplicates::SharedName> =
            shared.iter().filter(|s| s.raw == name).collect();
        match copies.is_empty() {
            true => sources.push(Source::Index(index)),
            false => sources.extend(copies.into_iter().cloned().map(Source::Shared)),
        }
    }
    sources
}

/// What one zip entry turned out to be.
enum Entry {
    Folder,
    Encrypted,
    Skipped(String),
    Corrupt(String),
    /// Its bytes, at most `budget + 1` of them (more than `budget` means a
    /// limit was hit).
    File(Vec<u8>),
}

/// Read entry `index` through a `take(budget + 1)`, whatever size its
/// header declares.
fn read_entry(archive: &mut zip::ZipArchive<Cursor<&[u8]>>, index: usize, budget: u64) -> Entry {
    // The raw view answers "folder? encrypted?" without decrypting, so
    // AES entries (no aes-crypto feature here) count as encrypted too.
    let claims_zip64 = match archive.by_index_raw(index) {
        Ok(raw) if raw.is_dir() => return Entry::Folder,
        Ok(raw) if raw.encrypted() => return Entry::Encrypted,
        Ok(raw) if raw.is_symlink() => return Entry::Skipped("symbolic link".into()),
        // 0xFFFFFFFF means "see the zip64 field"; had there been one the
        // crate would give the real size.
        Ok(raw) => raw.size() == ZIP64_MARK || raw.compressed_size() == ZIP64_MARK,
        Err(e) => return Entry::Corrupt(e.to_string()),
    };
    let mut entry = match archive.by_index(index) {
        Ok(entry) => entry,
        Err(ZipError::UnsupportedArchive(why)) if why == ZipError::PASSWORD_REQUIRED => {
            return Entry::Encrypted
        }
        Err(ZipError::UnsupportedArchive(why)) => return Entry::Skipped(why.to_string()),
        Err(e) => return Entry::Corrupt(e.to_string()),
    };
    let mut bytes = Vec::new();
    match (&mut entry)
        .take(budget.saturating_add(1))
        .read_to_end(&mut bytes)
    {
        Ok(_) => Entry::File(bytes),
        // Declared sizes are not trusted, so a deflated entry whose sizes
        // claim 0xFFFFFFFF still reads (its stream ends itself and its CRC
        // checks it, as unzip and Python read it); a stored one cannot be
        // told where it ends, and that is the reason to give.
        Err(_) if claims_zip64 => Entry::Corrupt(format!(
            "corrupt zip: its size fields claim {ZIP64_MARK} bytes and it has no zip64 field"
        )),
        Err(e) => Entry::Corrupt(e.to_string()),
    }
}

/// True for the thread file of a WhatDoTheyKnow download, at the top of the
/// zip or in its one folder.
fn is_correspondence_file(name: &str) -> bool {
    let file = name.rsplit(['/', '\\']).next().unwrap_or(name);
    file.eq_ignore_ascii_case("correspondence.txt") && name.matches('/').count() <= 1
}

/// Ties each `N_M_name` attachment of a WhatDoTheyKnow download to its
/// message. Alaveteli counts `N` over the replies only (the incoming
/// messages), so `N` is mapped to that reply's place in the thread, which
/// is the `Message::index` the thread document gives it.
fn tie_to_messages(out: &mut Extracted, reply_numbers: &[Option<u32>], messages: &[Message]) {
    let incoming = super::wdtk::incoming_indices(messages);
    for (child, number) in out.children.iter_mut().zip(reply_numbers) {
        let Some(n) = *number else { continue };
        child.message = incoming.get(n as usize - 1).copied();
        if child.message.is_none() {
            out.warnings.push(format!(
                "'{}' names reply {n} but correspondence.txt has {} replies",
                child.name,
                incoming.len()
            ));
        }
    }
}

/// The reply number `N` of an attachment named `N_M_name`.
pub fn wdtk_message_index(path: &str) -> Option<u32> {
    let file = path.rsplit('/').next().unwrap_or(path);
    let mut fields = file.splitn(3, '_');
    let message = fields.next()?;
    let part = fields.next()?;
    let rest = fields.next()?;
    let all_digits =
        |s: &str| !s.is_empty() && s.len() <= 6 && s.bytes().all(|b| b.is_ascii_digit());
    if all_digits(message) && all_digits(part) && !rest.is_empty() {
        message.parse().ok().filter(|&n| n > 0)
    } else {
        None
    }
}

/// The zip's own part: one paragraph per extracted entry, so the listing
/// shows up in the document (and a reader can see what the zip held).
fn entry_list(children: &[ChildFile], file: &str) -> Body {
    let blocks = children
        .iter()
        .enumerate()
        .map(|(i, child)| {
            let text = match &child.refused {
                Some(why) => format!("{} (not read: {why})", child.name),
                None => format!("{} ({} bytes)", child.name, child.bytes.len()),
            };
            Block::Paragraph(Paragraph {
                text,
                heading: None,
                prov: Prov {
                    part: Some("archive".into()),
                    paragraph: Some(i as u32),
                    ..Prov::file(file)
                },
            })
        })
        .collect();
    Body {
        name: "archive".into(),
        blocks,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::Limits;
    use std::io::Write;
    use zip::write::SimpleFileOptions;

    fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, bytes) in entries {
            if name.ends_with('/') {
                w.add_directory(*name, SimpleFileOptions::default())
                    .unwrap();
            } else {
                let stored =
                    SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
                w.start_file(*name, stored).unwrap();
                w.write_all(bytes).unwrap();
            }
        }
        w.finish().unwrap().into_inner()
    }

    fn read(bytes: &[u8], limits: Limits) -> Result<Extracted, ReadError> {
        let input = Input {
            bytes,
            path: "pack.zip",
            format: crate::doc::Format::Zip,
            depth: 0,
            limits,
        };
        ZipReader.read(&input)
    }

    #[test]
    fn entries_in_order_with_folders_kept_and_dirs_skipped() {
        let z = zip_of(&[
            ("Annex A/", b""),
            ("Annex A/table.csv", b"a,b\n1,2\n"),
            ("../evil.txt", b"x"),
            ("note.txt", b"hello"),
        ]);
        let out = read(&z, Limits::default()).unwrap();
        let names: Vec<&str> = out.children.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["Annex A/table.csv", "evil.txt", "note.txt"]);
        assert_eq!(out.children[2].bytes, b"hello");
        assert!(out.children.iter().all(|c| c.message.is_none()));
        let Part::Body(body) = &out.parts[0] else {
            panic!("archive body")
        };
        assert_eq!(body.blocks.len(), 3);
    }

    #[test]
    fn limits_are_enforced_on_bytes_read_not_declared() {
        let zeros = vec![0u8; 100_000];
        let z = zip_of(&[("a.bin", &zeros), ("b.bin", &zeros)]);
        let limits = Limits {
            max_child_bytes: 50_000,
            ..Limits::default()
        };
        // Each entry over the per-entry limit is refused on its own.
        let out = read(&z, limits).unwrap();
        let refused: Vec<_> = out.children.iter().map(|c| c.refused.clone()).collect();
        let over = ReadError::LimitExceeded {
            what: "zip entry size".into(),
            found: 50_001,
            max: 50_000,
        };
        assert_eq!(refused, [Some(over.clone()), Some(over)]);
        assert!(out.children.iter().all(|c| c.bytes.is_empty()));
        let limits = Limits {
            max_expanded_bytes: 150_000,
            ..Limits::default()
        };
        let err = read(&z, limits).unwrap_err();
        assert_eq!(
            err.message(),
            "error: zip expanded size limit exceeded: 150001 > 150000"
        );
        let limits = Limits {
            max_entries: 1,
            ..Limits::default()
        };
        assert!(matches!(
            read(&z, limits),
            Err(ReadError::LimitExceeded { found: 2, .. })
        ));
    }

    #[test]
    fn wdtk_attachments_tied_to_messages() {
        let thread =
            "-----------------------\nFrom: Jane\nTo: Kent Police\nDate: 1 May 2020\n\nPlease.\n\
-----------------------\nFrom: Kent Police\nTo: Jane\nDate: 2 May 2020\n\nReceived.\n\
-----------------------\nFrom: Jane\nTo: Kent Police\nDate: 3 May 2020\n\nThanks.\n\
-----------------------\nFrom: Kent Police\nTo: Jane\nDate: 4 May 2020\n\nReply.\n";
        let z = zip_of(&[
            ("correspondence.txt", thread.as_bytes()),
            ("2_3_FOI 123-20 reply.pdf", b"%PDF-1.4"),
            ("3_2_stray.pdf", b"%PDF-1.4"),
            ("notes_x.txt", b"n"),
        ]);
        let out = read(&z, Limits::default()).unwrap();
        let tied: Vec<Option<u32>> = out.children.iter().map(|c| c.message).collect();
        // Reply 2 is the 4th message of the thread; there is no reply 3.
        assert_eq!(tied, [None, Some(4), None, None]);
        assert_eq!(
            out.warnings,
            ["'3_2_stray.pdf' names reply 3 but correspondence.txt has 2 replies"]
        );
        assert_eq!(wdtk_message_index("12_1_a_b.pdf"), Some(12));
        assert_eq!(wdtk_message_index("0_1_a.pdf"), None);
        assert_eq!(wdtk_message_index("2_x_a.pdf"), None);
    }

    #[test]
    fn one_corrupt_entry_is_skipped_with_a_warning() {
        let mut z = zip_of(&[("a.txt", b"alpha alpha alpha"), ("b.txt", b"bravo")]);
        // Flip a byte of a.txt's stored data: its CRC no longer matches.
        let at = z.windows(5).position(|w| w == b"alpha").unwrap();
        z[at] = b'X';
        let out = read(&z, Limits::default()).unwrap();
        let names: Vec<&str> = out.children.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["b.txt"]);
        assert!(
            out.warnings[0].starts_with("zip entry 'a.txt' skipped: corrupt"),
            "{:?}",
            out.warnings
        );
    }

    #[test]
    fn garbage_is_corrupt() {
        let err = read(b"PK\x03\x04garbage", Limits::default()).unwrap_err();
        assert!(matches!(err, ReadError::Corrupt(_)), "{err}");
    }
}
