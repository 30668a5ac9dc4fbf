//! The batch runner: every file gets a row with the right status, junk is
//! skipped, and bad files never stop the batch.

use crate::util::{csv_rows, foi, run, Dir};
use foi_extract::batch::files_log::document_file_name;

#[test]
fn batch_with_broken_files_completes() {
    let input = Dir::new();
    input.create(
        "kent/reply.txt",
        "Dear requester, the cost limit is \u{a3}450.".as_bytes(),
    );
    input.create("kent/empty.docx", b"");
    input.create("surrey/scan.pdf", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR");
    input.create(".DS_Store", b"junk");
    input.create("surrey/~$reply.docx", b"lock");
    input.create("surrey/blob.bin", &[0u8, 1, 2, 3, 0, 0, 0, 7, 8, 0, 0]);
    let out = Dir::new();
    let o = run(input.path(), out.path(), &["--jobs", "2"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let rows = csv_rows(&out.path().join("files.csv"));
    let status: Vec<(String, String)> = rows
        .iter()
        .map(|r| (r["path"].clone(), r["status"].clone()))
        .collect();
    assert_eq!(
        status,
        vec![
            (".DS_Store".into(), "skipped".into()),
            ("kent/empty.docx".into(), "unreadable".into()),
            ("kent/reply.txt".into(), "ok".into()),
            ("surrey/blob.bin".into(), "unsupported".into()),
            ("surrey/scan.pdf".into(), "unreadable".into()),
            ("surrey/~$reply.docx".into(), "skipped".into()),
        ]
    );
    let scan = rows
        .iter()
        .find(|r| r["path"] == "surrey/scan.pdf")
        .unwrap();
    assert_eq!(scan["format"], "png");
    assert_eq!(scan["message"], "unreadable: image file (png)");
    let doc = std::fs::read_to_string(
        out.path()
            .join("documents")
            .join(document_file_name("kent/reply.txt")),
    )
    .unwrap();
    assert!(doc.contains("\u{a3}450"));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains("files read 6, ok 1, unreadable 2, unsupported 1, errors 0, skipped 2"),
        "{stderr}"
    );
}

#[test]
fn missing_input_folder_is_fatal() {
    let out = Dir::new();
    let o = foi(&[
        "run",
        "/no/such/folder",
        "--out",
        out.path().to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no such file or folder"));
}

/// Runs a batch of three good files and one misbehaving one, with the
/// worker told (through the test-only fault hook) how to misbehave.
fn batch_with_fault(
    fault: &str,
    extra: &[&str],
) -> (Vec<std::collections::BTreeMap<String, String>>, String) {
    let input = Dir::new();
    input.create("a/one.txt", b"first reply");
    input.create("b/bad.txt", b"this file misbehaves");
    input.create("c/three.txt", b"third reply");
    let out = Dir::new();
    let mut args = vec![
        "run",
        input.path().to_str().unwrap(),
        "--out",
        out.path().to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_foi-extract"))
        .args(&args)
        .env("FOI_EXTRACT_FAULT", fault)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let rows = csv_rows(&out.path().join("files.csv"));
    for good in ["a/one.txt", "c/three.txt"] {
        let row = rows.iter().find(|r| r["path"] == good).unwrap();
        assert_eq!(row["status"], "ok", "{good} must still be read");
    }
    let bad = rows.iter().find(|r| r["path"] == "b/bad.txt").unwrap();
    assert_eq!(bad["status"], "error");
    assert!(!bad["sha256"].is_empty());
    (rows.clone(), bad["message"].clone())
}

#[test]
fn hanging_worker_is_stopped_by_timeout() {
    let (_, message) = batch_with_fault("hang:bad.txt", &["--timeout", "1"]);
    assert_eq!(message, "error: timed out after 1 s");
}

#[test]
fn memory_hog_is_stopped_by_address_space_cap() {
    let (_, message) = batch_with_fault("oom:bad.txt", &["--max-mem", "256"]);
    assert!(message.starts_with("error: out of memory"), "{message}");
}

#[test]
fn crashing_worker_becomes_error_row() {
    let (_, message) = batch_with_fault("abort:bad.txt", &[]);
    assert_eq!(message, "error: worker crashed (signal 6)");
}

#[test]
fn rerun_reads_only_changed_files_from_cache() {
    let input = Dir::new();
    input.create("a/one.txt", b"first reply");
    input.create("b/two.txt", b"second reply");
    let out = Dir::new();
    let run = |fault: &str| {
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_foi-extract"))
            .args([
                "run",
                input.path().to_str().unwrap(),
                "--out",
                out.path().to_str().unwrap(),
            ])
            .env("FOI_EXTRACT_FAULT", fault)
            .output()
            .unwrap();
        assert!(o.status.success());
        csv_rows(&out.path().join("files.csv"))
    };
    let first = run("");
    assert!(first.iter().all(|r| r["status"] == "ok"));
    // Second run: a worker touching any file would crash, so every ok row
    // proves the file came from the cache; the changed file is re-read.
    input.create("b/two.txt", b"second reply, corrected");
    let second = run("abort:/");
    let one = second.iter().find(|r| r["path"] == "a/one.txt").unwrap();
    assert_eq!(one["status"], "ok");
    assert_eq!(one["sha256"], first[0]["sha256"]);
    let two = second.iter().find(|r| r["path"] == "b/two.txt").unwrap();
    assert_eq!(two["status"], "error", "changed file must be re-read");
    // The cached document is written again (a link to the cache's copy
    // left its temporary name behind once); the failed file's old one goes.
    let documents: Vec<String> = std::fs::read_dir(out.path().join("documents"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(documents, vec![document_file_name("a/one.txt")]);
}

#[test]
fn run_works_from_any_folder_with_built_in_rules() {
    let input = Dir::new();
    input.create(
        "kent/reply.txt",
        b"Kent Police\nFreedom of Information Request Reference No: FOI/123/20\n\nA total of 511 searches were carried out.",
    );
    let out = Dir::new();
    let elsewhere = Dir::new();
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_foi-extract"))
        .args([
            "run",
            input.path().to_str().unwrap(),
            "--out",
            out.path().to_str().unwrap(),
        ])
        .current_dir(elsewhere.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{stderr}");
    assert!(stderr.contains("(rules: built-in rules)"), "{stderr}");
    let records = std::fs::read_to_string(out.path().join("records.jsonl")).unwrap();
    let kent: serde_json::Value = serde_json::from_str(records.lines().next().unwrap()).unwrap();
    assert_eq!(kent["force"], "kent");
    assert_eq!(kent["scans"]["total"], 511);
}

#[test]
fn broken_rule_file_is_fatal_before_reading() {
    let schemas = Dir::new();
    schemas.with_default_rules();
    schemas.create(
        "rules/kent.toml",
        b"force = \"kent\"\n[identify\nnames = [\"x\"]\n",
    );
    let input = Dir::new();
    input.create("kent/reply.txt", b"hello");
    let out = Dir::new();
    let o = run(
        input.path(),
        out.path(),
        &["--schemas", schemas.path().to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(stderr.contains("rules/kent.toml:2"), "{stderr}");
    assert!(!out.path().join("files.csv").exists(), "nothing read");
}

/// A run holds documents without their page layout; a force whose rules
/// set `[pdf_table]` still gets its PDF tables found again with them, from
/// the whole document on disk. (Table finding switched off for Kent: the
/// figures its tables gave are gone, those of other forces are not.)
#[test]
fn force_pdf_table_settings_apply_in_a_run() {
    let input = Dir::new();
    input.copy_fixture(
        "replies/kent/FOI 123-20 reply.pdf",
        "kent/FOI 123-20 reply.pdf",
    );
    let schemas = Dir::new();
    schemas.with_default_rules();
    let total_scans = |tag: &str| {
        let out = Dir::new();
        let o = run(
            input.path(),
            out.path(),
            &["--schemas", schemas.path().to_str().unwrap(), "--no-cache"],
        );
        assert!(
            o.status.success(),
            "{tag}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        let text = std::fs::read_to_string(out.path().join("records.jsonl")).unwrap();
        let record: serde_json::Value = serde_json::from_str(text.lines().next().unwrap()).unwrap();
        record["scans"]["total"].clone()
    };
    assert_eq!(total_scans("default settings"), serde_json::json!(511));
    schemas.create(
        "rules/kent.toml",
        b"force = \"kent\"\n\n[pdf_table]\nenabled = false\n",
    );
    assert_ne!(total_scans("tables off"), serde_json::json!(511));
}

/// Workers write each document page by page; what lands in `documents/`
/// is the whole document, the same as reading the file in process.
#[test]
fn documents_written_page_by_page_are_the_whole_document() {
    let input = Dir::new();
    input.copy_fixture("formats/pdf-tables/continued.pdf", "kent/continued.pdf");
    let out = Dir::new();
    let o = run(input.path(), out.path(), &[]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let written: foi_extract::doc::Document = serde_json::from_slice(
        &std::fs::read(
            out.path()
                .join("documents")
                .join(document_file_name("kent/continued.pdf")),
        )
        .unwrap(),
    )
    .unwrap();
    let bytes = std::fs::read(input.path().join("kent/continued.pdf")).unwrap();
    let read = foi_extract::batch::read_one(
        &bytes,
        "kent/continued.pdf",
        0,
        foi_extract::read::Limits::default(),
    );
    let expected = read.document.unwrap();
    assert_eq!(written.parts.len(), 2);
    assert!(written.parts.iter().all(|p| match p {
        foi_extract::doc::Part::Page(p) => !p.words.is_empty(),
        _ => false,
    }));
    assert_eq!(written, expected);
}
