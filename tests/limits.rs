//! Size limits on real bytes (issue 10, item 18): a package part whose zip
//! header declares 4,294,967,295 bytes is read when its real data is small,
//! and an oversize entry of a zip gets an `error` row of its own while its
//! siblings are read, in process and through the worker of `run`; a long
//! PDF content stream is read within a small memory cap (issue 13, case 5).

use crate::util::{csv_rows, fixture, run, Dir};
use foi_extract::batch::read_tree_in_process;
use foi_extract::read::{Limits, Status};
use std::io::{Cursor, Write};
use zip::write::SimpleFileOptions;

/// `pkg` with the uncompressed size of entry `name` set to `size` in both
/// its local header and its central-directory header.
fn declare_size(pkg: &[u8], name: &str, size: u32) -> Vec<u8> {
    let mut out = pkg.to_vec();
    let mut patched = 0;
    for at in 0..out.len().saturating_sub(46) {
        let (sig, name_at, size_at) = match &out[at..at + 4] {
            b"PK\x03\x04" => ("local", 30, 22),
            b"PK\x01\x02" => ("central", 46, 24),
            _ => continue,
        };
        let len_at = if sig == "local" { 26 } else { 28 };
        let len = u16::from_le_bytes([out[at + len_at], out[at + len_at + 1]]) as usize;
        if out.get(at + name_at..at + name_at + len) == Some(name.as_bytes()) {
            out[at + size_at..at + size_at + 4].copy_from_slice(&size.to_le_bytes());
            patched += 1;
        }
    }
    assert_eq!(patched, 2, "{name}: local and central headers");
    out
}

#[test]
fn package_part_declaring_4_gib_was_refused_on_its_declared_size() {
    for (file, part) in [
        ("formats/word/foi-reply.docx", "word/document.xml"),
        ("formats/word/foi-reply.odt", "content.xml"),
    ] {
        let bytes = std::fs::read(fixture(file)).expect("fixture");
        let bogus = declare_size(&bytes, part, u32::MAX);
        let outcomes = read_tree_in_process(&bogus, file, Limits::default());
        let row = &outcomes[0].row;
        assert_eq!(row.status, Status::Ok, "{file}: {}", row.message);
        let intact = read_tree_in_process(&bytes, file, Limits::default());
        assert_eq!(
            outcomes[0].document.as_ref().map(|d| &d.parts),
            intact[0].document.as_ref().map(|d| &d.parts),
            "{file}: same document as the intact copy"
        );
    }
}

/// A zip of a reply letter and a raw export of `big` bytes after it,
/// stored (deflating 256 MiB takes long in a debug build).
fn letter_and_export(big: usize) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let deflated = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored)
        .large_file(big > u32::MAX as usize);
    w.start_file("reply letter.txt", deflated).unwrap();
    w.write_all(b"Freedom of Information reply. The force holds no mobile fingerprint data.")
        .unwrap();
    w.start_file("raw export.csv", deflated).unwrap();
    let row = b"2020-01-01,IDENT1,White\n";
    let mut left = big;
    while left > 0 {
        let n = left.min(row.len());
        w.write_all(&row[..n]).unwrap();
        left -= n;
    }
    w.start_file("notes.txt", deflated).unwrap();
    w.write_all(b"Annex notes.").unwrap();
    w.finish().unwrap().into_inner()
}

#[test]
fn one_oversize_zip_entry_sank_its_siblings() {
    let limits = Limits {
        max_child_bytes: 10_000,
        ..Limits::default()
    };
    let outcomes = read_tree_in_process(&letter_and_export(50_000), "reply.zip", limits);
    let row = |path: &str| {
        outcomes
            .iter()
            .map(|o| &o.row)
            .find(|r| r.path == path)
            .unwrap_or_else(|| panic!("no row for {path}"))
    };
    assert_eq!(row("reply.zip").status, Status::Ok);
    let big = row("reply.zip/raw export.csv");
    assert_eq!(big.status, Status::Error);
    assert_eq!(
        big.message,
        "error: zip entry size limit exceeded: 10001 > 10000"
    );
    assert_eq!(row("reply.zip/reply letter.txt").status, Status::Ok);
    assert_eq!(row("reply.zip/notes.txt").status, Status::Ok);
}

#[test]
fn one_oversize_zip_entry_sank_its_siblings_in_a_run() {
    // The worker's own limit (256 MiB per entry): an entry one byte over it,
    // stored.
    let dir = Dir::new();
    let max = Limits::default().max_child_bytes as usize;
    dir.create("in/Kent/reply.zip", &letter_and_export(max + 1));
    let out = dir.path().join("out");
    let done = run(&dir.path().join("in"), &out, &["--no-progress"]);
    assert!(
        done.status.success(),
        "{}",
        String::from_utf8_lossy(&done.stderr)
    );
    let rows = csv_rows(&out.join("files.csv"));
    let status = |suffix: &str| {
        rows.iter()
            .find(|r| r["path"].ends_with(suffix))
            .map(|r| (r["status"].clone(), r["message"].clone()))
            .unwrap_or_else(|| panic!("no row for {suffix}: {rows:?}"))
    };
    assert_eq!(status("reply.zip").0, "ok");
    let (big, message) = status("reply.zip/raw export.csv");
    assert_eq!(big, "error");
    assert!(
        message.contains("zip entry size limit exceeded"),
        "{message}"
    );
    assert_eq!(status("reply.zip/reply letter.txt").0, "ok");
    assert_eq!(status("reply.zip/notes.txt").0, "ok");
}

/// A one-page PDF whose content stream is about `size` bytes: a grid of
/// cells, each a number (by `Tj` or `TJ`), a filled bar and a rule, every
/// one at its own place on a page of the largest size PDF allows (as
/// `scripts/long-content-pdf.py` writes them).
fn long_content_pdf(size: usize) -> Vec<u8> {
    const PAGE: usize = 14_400;
    let per_column = (PAGE - 20) / 3;
    let mut content = String::with_capacity(size + 200);
    let mut i = 0;
    while content.len() < size {
        let (x, y) = (10 + i / per_column * 40, PAGE - 10 - i % per_column * 3);
        let text = match i % 2 {
            1 => format!("({}) Tj", i % 1000),
            _ => format!("[({}) -20 (.)] TJ", i % 100),
        };
        content.push_str(&format!(
            "BT /F1 2 Tf 1 0 0 1 {x} {y} Tm {text} ET\n{x} {below} 30 0.2 re f\n\
             {x} {below}.5 m {} {below}.5 l S\n",
            x + 30,
            below = y - 1,
        ));
        i += 1;
    }
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {PAGE} {PAGE}] \
             /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>"
        ),
        format!(
            "<< /Length {} >>\nstream\n{content}\nendstream",
            content.len()
        ),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
            .to_string(),
    ];
    let mut pdf = String::from("%PDF-1.4\n");
    let mut offsets = Vec::new();
    for (n, body) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.push_str(&format!("{} 0 obj\n{body}\nendobj\n", n + 1));
    }
    let xref = pdf.len();
    pdf.push_str("xref\n0 6\n0000000000 65535 f \n");
    for at in offsets {
        pdf.push_str(&format!("{at:010} 00000 n \n"));
    }
    pdf.push_str(&format!(
        "trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
    ));
    pdf.into_bytes()
}

#[test]
fn long_content_stream_memory_is_bounded() {
    // Holding every operator of a content stream at once cost about 110
    // bytes per content byte: these 6 MB took some 650 MB, past this cap.
    let dir = Dir::new();
    dir.create("in/long.pdf", &long_content_pdf(6 << 20));
    let out = dir.path().join("out");
    let done = run(
        &dir.path().join("in"),
        &out,
        &["--no-progress", "--max-mem", "320"],
    );
    assert!(
        done.status.success(),
        "{}",
        String::from_utf8_lossy(&done.stderr)
    );
    let rows = csv_rows(&out.join("files.csv"));
    assert_eq!(
        (rows[0]["status"].as_str(), rows[0]["message"].as_str()),
        ("ok", "")
    );
    let documents: Vec<_> = std::fs::read_dir(out.join("documents"))
        .unwrap()
        .flatten()
        .collect();
    // A large document is stored gzipped (`.json.gz`).
    let path = documents[0].path();
    let bytes = std::fs::read(&path).unwrap();
    let json = if path.extension().is_some_and(|e| e == "gz") {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&bytes[..]), &mut text)
            .unwrap();
        text
    } else {
        String::from_utf8(bytes).unwrap()
    };
    // The last cells of the stream were read too.
    assert!(json.contains(r#""text":"999""#));
}
