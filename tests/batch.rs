//! The batch runner: every file gets a row with the right status, junk is
//! skipped, and bad files never stop the batch.

use crate::util::{csv_rows, foi, Dir};

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
    let o = foi(&[
        "run",
        input.path().to_str().unwrap(),
        "--out",
        out.path().to_str().unwrap(),
        "--jobs",
        "2",
    ]);
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
    let doc = std::fs::read_to_string(out.path().join("documents/kent__reply.txt.json")).unwrap();
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
    assert!(String::from_utf8_lossy(&o.stderr).contains("no such folder"));
}
