//! Cut zips and Office packages (issue 12's recovery item, issue 13 case
//! 7): every zip-based fixture, cut at 25%, 50% and 90% and with its
//! central directory removed, is read from what is intact (`ok` with a
//! `recovered:` warning) or is `unreadable` with its reason, never an
//! `error`; a zip without its directory gives every entry back unchanged.
//! The cut copies are made here from the fixtures, never committed.

use crate::util::{csv_rows, fixture, root, run, Dir};
use foi_extract::batch::{read_tree_in_process, FileOutcome};
use foi_extract::read::{Limits, Status};
use std::io::{Cursor, Write};
use std::path::{Path, PathBuf};
use zip::write::SimpleFileOptions;

/// Every fixture that is a zip by content (.zip, .docx, .xlsx, .odt,
/// .ods, WhatDoTheyKnow downloads), as paths relative to the repository.
fn zip_fixtures() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir).unwrap().flatten().collect();
        entries.sort_by_key(|e| e.file_name());
        for entry in entries {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, out);
            } else if std::fs::read(&path).is_ok_and(|b| b.starts_with(b"PK\x03\x04")) {
                out.push(path);
            }
        }
    }
    let mut out = Vec::new();
    walk(&fixture(""), &mut out);
    out
}

/// The cut copies of `bytes`: at 25%, 50% and 90%, and (when it has one)
/// ended where its central directory starts.
fn cut_copies(bytes: &[u8]) -> Vec<(&'static str, &[u8])> {
    let mut cuts = vec![
        ("25%", &bytes[..bytes.len() / 4]),
        ("50%", &bytes[..bytes.len() / 2]),
        ("90%", &bytes[..bytes.len() * 9 / 10]),
    ];
    if let Some(start) = directory_start(bytes) {
        cuts.push(("no central directory", &bytes[..start]));
    }
    cuts
}

fn directory_start(bytes: &[u8]) -> Option<usize> {
    let zip = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    Some(zip.central_directory_start() as usize)
}

/// The rows of a tree that say what was read: path, content hash, status.
fn rows(tree: &[FileOutcome]) -> Vec<(String, String, Status)> {
    tree.iter()
        .map(|o| (o.row.path.clone(), o.row.sha256.clone(), o.row.status))
        .collect()
}

#[test]
fn cut_copies_of_every_zip_fixture_are_recovered_or_unreadable() {
    let fixtures = zip_fixtures();
    assert!(
        fixtures.len() >= 40,
        "found {} zip fixtures",
        fixtures.len()
    );
    let (mut recovered, mut unreadable, mut limited) = (0, 0, 0);
    for path in &fixtures {
        let rel = path.strip_prefix(root()).unwrap().to_string_lossy();
        let bytes = std::fs::read(path).unwrap();
        let whole = read_tree_in_process(&bytes, &rel, Limits::default());
        let whole_errs = whole.iter().any(|o| o.row.status == Status::Error);
        for (cut, copy) in cut_copies(&bytes) {
            let tree = read_tree_in_process(copy, &rel, Limits::default());
            let top = &tree[0].row;
            let at = format!("{rel} cut at {cut}: {}", top.message);
            match top.status {
                Status::Ok => {
                    assert!(top.message.contains("recovered: "), "{at}");
                    recovered += 1;
                }
                Status::Unreadable => {
                    assert!(top.message.len() > "unreadable: ".len() + 8, "{at}");
                    unreadable += 1;
                }
                // A limit the whole file hits too (the zip bomb fixture).
                _ => {
                    assert!(whole_errs && top.message.contains("limit exceeded"), "{at}");
                    limited += 1;
                }
            }
            for o in &tree[1..] {
                let row = &o.row;
                assert!(row.status != Status::Error || whole_errs, "{at}: {row:?}");
            }
            if cut == "no central directory" {
                same_as_whole(&whole, &tree, &at);
            }
        }
    }
    eprintln!(
        "{} zip fixtures, {} cut copies: {recovered} ok (recovered), {unreadable} unreadable, \
         {limited} over a limit the whole file is over too",
        fixtures.len(),
        recovered + unreadable + limited
    );
}

/// A zip without its central directory reads as the whole file does:
/// every inner file with the same path, content and status (a container),
/// the same document (an Office package).
#[track_caller]
fn same_as_whole(whole: &[FileOutcome], cut: &[FileOutcome], at: &str) {
    if whole[0].row.status != Status::Ok {
        // Encrypted or over a limit: the cut copy says the same.
        assert_eq!(cut[0].row.status, whole[0].row.status, "{at}");
        return;
    }
    assert_eq!(cut[0].row.status, Status::Ok, "{at}");
    assert!(cut[0].row.message.starts_with("recovered: "), "{at}");
    assert_eq!(rows(&cut[1..]), rows(&whole[1..]), "{at}");
    let parts = |o: &FileOutcome| o.document.as_ref().map(|d| d.parts.clone());
    for (w, c) in whole.iter().zip(cut) {
        assert_eq!(parts(c), parts(w), "{at}: {}", w.row.path);
    }
}

fn zip_of(entries: &[(&str, &[u8])], stream: bool) -> Vec<u8> {
    fn write<W: Write + std::io::Seek>(w: &mut zip::ZipWriter<W>, entries: &[(&str, &[u8])]) {
        let deflated =
            SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        for (name, bytes) in entries {
            w.start_file(*name, deflated).unwrap();
            w.write_all(bytes).unwrap();
        }
    }
    if stream {
        // A writer that cannot seek back puts each entry's sizes in a data
        // descriptor after its data.
        let mut w = zip::ZipWriter::new_stream(Vec::new());
        write(&mut w, entries);
        w.finish().unwrap().into_inner()
    } else {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        write(&mut w, entries);
        w.finish().unwrap().into_inner()
    }
}

fn text(n: usize, word: &str) -> Vec<u8> {
    (0..n)
        .map(|i| format!("{word} {i}\n"))
        .collect::<String>()
        .into_bytes()
}

#[test]
fn cut_zip_entries_before_the_cut_are_read() {
    for stream in [false, true] {
        let (a, b, c) = (text(200, "alpha"), text(200, "bravo"), text(200, "charlie"));
        let z = zip_of(&[("a.txt", &a), ("b.txt", &b), ("c.txt", &c)], stream);
        let c_at = z.windows(5).position(|w| w == b"c.txt").unwrap();
        let tree = read_tree_in_process(&z[..c_at + 40], "pack.zip", Limits::default());
        let top = &tree[0].row;
        assert_eq!(top.status, Status::Ok, "{}", top.message);
        assert!(
            top.message
                .starts_with("recovered: 2 entries, rest cut (entry 3 'c.txt' is cut"),
            "{}",
            top.message
        );
        let sha = |b: &[u8]| {
            use sha2::Digest;
            hex::encode(sha2::Sha256::digest(b))
        };
        let read: Vec<_> = rows(&tree[1..]);
        assert_eq!(
            read,
            [
                ("pack.zip/a.txt".into(), sha(&a), Status::Ok),
                ("pack.zip/b.txt".into(), sha(&b), Status::Ok)
            ]
        );
    }
}

#[test]
fn zip_with_data_descriptors_and_no_directory_is_recovered_whole() {
    let (a, b) = (text(300, "alpha"), text(300, "bravo"));
    let z = zip_of(&[("a.txt", &a), ("dir/b.txt", &b)], true);
    let start = directory_start(&z).unwrap();
    let tree = read_tree_in_process(&z[..start], "pack.zip", Limits::default());
    assert_eq!(tree[0].row.status, Status::Ok);
    assert_eq!(
        tree[0].row.message,
        "recovered: 2 entries, rest cut (the file ends after entry 2, \
         where its central directory should begin)"
    );
    let whole = read_tree_in_process(&z, "pack.zip", Limits::default());
    assert_eq!(rows(&tree[1..]), rows(&whole[1..]));
    // Its directory cut half-way: every entry was seen before it.
    let half = start + (z.len() - start) / 2;
    let tree = read_tree_in_process(&z[..half], "pack.zip", Limits::default());
    assert_eq!(
        tree[0].row.message,
        "recovered: 2 of 2 entries (central directory cut or damaged)"
    );
}

#[test]
fn docx_cut_before_its_document_is_unreadable_naming_the_cut_part() {
    let bytes = std::fs::read(fixture("formats/word/foi-reply.docx")).unwrap();
    let at = bytes
        .windows(17)
        .position(|w| w == b"word/document.xml")
        .unwrap();
    let tree = read_tree_in_process(&bytes[..at + 200], "reply.docx", Limits::default());
    let row = &tree[0].row;
    assert_eq!(row.format, "docx");
    assert_eq!(row.status, Status::Unreadable);
    assert!(
        row.message.starts_with(
            "unreadable: corrupt or truncated: no word/document.xml in the package; recovered: "
        ) && row.message.contains("'word/document.xml' is cut"),
        "{}",
        row.message
    );
}

#[test]
fn zip_size_ffffffff_is_unreadable_corrupt() {
    // Both size fields of every header claim 0xFFFFFFFF, with no zip64
    // field to give the real size.
    let claim = |z: &mut Vec<u8>| {
        for (sig, fields) in [(b"PK\x03\x04", [18, 22]), (b"PK\x01\x02", [20, 24])] {
            let starts: Vec<usize> = (0..z.len() - 4).filter(|&i| &z[i..i + 4] == sig).collect();
            for at in starts {
                for f in fields {
                    z[at + f..at + f + 4].copy_from_slice(&[0xFF; 4]);
                }
            }
        }
    };
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let stored = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    w.start_file("reply.txt", stored).unwrap();
    w.write_all(&text(50, "reply")).unwrap();
    let mut stored_zip = w.finish().unwrap().into_inner();
    claim(&mut stored_zip);
    // A stored entry's end cannot be found: the zip is corrupt, and says why.
    let tree = read_tree_in_process(&stored_zip, "pack.zip", Limits::default());
    assert_eq!(tree[0].row.status, Status::Unreadable);
    assert_eq!(
        tree[0].row.message,
        "unreadable: corrupt or truncated: corrupt zip: its size fields claim 4294967295 bytes \
         and it has no zip64 field"
    );
    // A deflated entry ends itself and its CRC checks it: read, as unzip
    // and Python's zipfile read it.
    let body = text(50, "reply");
    let mut deflated = zip_of(&[("reply.txt", &body)], false);
    claim(&mut deflated);
    let tree = read_tree_in_process(&deflated, "pack.zip", Limits::default());
    assert_eq!(tree[0].row.status, Status::Ok, "{}", tree[0].row.message);
    assert_eq!(tree[1].row.bytes, body.len() as u64);
}

#[test]
fn recovered_entries_keep_their_logical_paths_end_to_end() {
    // The binary over a folder of a zip and its copy without a directory:
    // the inner files of both have the same rows in files.csv.
    let dir = Dir::new();
    let pack = std::fs::read(fixture("formats/mail/pack.zip")).unwrap();
    let start = directory_start(&pack).unwrap();
    dir.create("in/whole/pack.zip", &pack);
    dir.create("in/cut/pack.zip", &pack[..start]);
    let out = dir.path().join("out");
    let ran = run(
        &dir.path().join("in"),
        &out,
        &["--no-progress", "--no-cache"],
    );
    assert!(ran.status.success());
    let files = csv_rows(&out.join("files.csv"));
    let inner = |top: &str| -> Vec<Vec<String>> {
        files
            .iter()
            .filter_map(|r| {
                let rest = r["path"].strip_prefix(top)?;
                let keep = ["sha256", "format", "status", "message", "force"];
                let mut row = vec![rest.to_string()];
                row.extend(keep.iter().map(|k| r[*k].clone()));
                Some(row)
            })
            .collect()
    };
    let (whole, cut) = (inner("whole/pack.zip/"), inner("cut/pack.zip/"));
    assert!(whole.len() >= 4, "{whole:?}");
    assert_eq!(cut, whole);
    let top = files.iter().find(|r| r["path"] == "cut/pack.zip").unwrap();
    assert_eq!(top["status"], "ok");
    assert!(
        top["message"].starts_with("recovered: 4 entries"),
        "{top:?}"
    );
}
