//! Containers: emails (.eml, TNEF inside), zips and WhatDoTheyKnow
//! downloads, read as whole trees through the batch's in-process reader so
//! children get their logical paths and message ties as in a real run.

use crate::util::fixture;
use foi_extract::batch::{read_tree_in_process, FileOutcome};
use foi_extract::doc::{Block, Document, Message, Part};
use foi_extract::read::{read_bytes, Limits, ReadError, Status};

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(bytes))
}

fn mail(name: &str) -> Vec<u8> {
    std::fs::read(fixture(&format!("formats/mail/{name}"))).expect("fixture")
}

fn tree(name: &str, logical: &str) -> Vec<FileOutcome> {
    read_tree_in_process(&mail(name), logical, Limits::default())
}

fn paths(outcomes: &[FileOutcome]) -> Vec<&str> {
    outcomes.iter().map(|o| o.row.path.as_str()).collect()
}

fn find<'a>(outcomes: &'a [FileOutcome], path: &str) -> &'a FileOutcome {
    outcomes
        .iter()
        .find(|o| o.row.path == path)
        .unwrap_or_else(|| panic!("no {path} in {:?}", paths(outcomes)))
}

fn doc<'a>(outcomes: &'a [FileOutcome], path: &str) -> &'a Document {
    let o = find(outcomes, path);
    o.document
        .as_ref()
        .unwrap_or_else(|| panic!("{path}: {}", o.row.message))
}

fn messages(doc: &Document) -> Vec<&Message> {
    doc.parts
        .iter()
        .filter_map(|p| match p {
            Part::Message(m) => Some(m),
            _ => None,
        })
        .collect()
}

fn texts(blocks: &[Block]) -> Vec<&str> {
    blocks
        .iter()
        .filter_map(|b| match b {
            Block::Paragraph(p) => Some(p.text.as_str()),
            Block::Table(_) => None,
        })
        .collect()
}

#[test]
fn multipart_email_fields_body_and_attachments() {
    let out = tree("multipart.eml", "kent/reply.eml");
    assert_eq!(
        paths(&out),
        [
            "kent/reply.eml",
            "kent/reply.eml/FOI 123-20 reply.pdf",
            "kent/reply.eml/Annex A.xlsx",
            "kent/reply.eml/Internal_ scans data.eml",
        ]
    );
    let d = doc(&out, "kent/reply.eml");
    assert_eq!(d.source.format.name(), "eml");
    let m = messages(d)[0];
    assert_eq!(m.index, 1);
    assert_eq!(
        m.from.as_deref(),
        Some("Freedom of Information <foi@kent.police.uk>")
    );
    assert_eq!(m.to, ["Jane Smith <jane@example.org>"]);
    assert_eq!(m.date.as_deref(), Some("2020-03-30T14:05:00Z"));
    assert_eq!(
        m.subject.as_deref(),
        Some("FOI 123/20 - Mobile fingerprint scanners")
    );
    assert_eq!(
        m.attachments,
        [
            "FOI 123-20 reply.pdf",
            "Annex A.xlsx",
            "Internal_ scans data.eml"
        ]
    );
    // The text/plain alternative is the body, not the HTML one.
    assert_eq!(
        texts(&m.blocks),
        [
            "Dear Ms Smith,",
            "Please find attached our response.",
            "Yours sincerely,\nFOI Unit"
        ]
    );
    let p = match &m.blocks[0] {
        Block::Paragraph(p) => &p.prov,
        Block::Table(_) => unreachable!(),
    };
    assert_eq!(
        (p.file.as_str(), p.part.as_deref(), p.paragraph),
        ("kent/reply.eml", Some("message 1"), Some(0))
    );

    // Attachments keep their exact bytes and are tied to message 1.
    let pdf = find(&out, "kent/reply.eml/FOI 123-20 reply.pdf");
    assert_eq!(pdf.row.sha256, sha256_hex(&mail("reply.pdf")));
    assert_eq!(pdf.row.format, "pdf");
    let xlsx = find(&out, "kent/reply.eml/Annex A.xlsx");
    assert_eq!(xlsx.row.sha256, sha256_hex(&mail("table.xlsx")));
    // The forwarded message is read as an email of its own.
    let fwd = doc(&out, "kent/reply.eml/Internal_ scans data.eml");
    assert_eq!(fwd.source.message, Some(1));
    let inner = messages(fwd)[0];
    assert_eq!(inner.subject.as_deref(), Some("Internal: scans data"));
    assert_eq!(
        texts(&inner.blocks),
        ["Data team figures attached earlier."]
    );
}

#[test]
fn legacy_charsets_decode_pound_signs() {
    let out = tree("cp1252-qp.eml", "cp1252.eml");
    let m = messages(doc(&out, "cp1252.eml"))[0].clone();
    assert_eq!(
        texts(&m.blocks),
        ["The cost limit of £450 would be exceeded – section 12 applies."]
    );
    let out = tree("latin1-b64.eml", "latin1.eml");
    let m = messages(doc(&out, "latin1.eml"))[0].clone();
    assert_eq!(m.subject.as_deref(), Some("FOI 125/20 - résumé"));
    assert_eq!(texts(&m.blocks), ["Café search: £450 and 3½ hours."]);
}

#[test]
fn inline_uuencode_becomes_a_child() {
    let out = tree("uuencode.eml", "uu.eml");
    assert_eq!(paths(&out), ["uu.eml", "uu.eml/scans.csv"]);
    let m = messages(doc(&out, "uu.eml"))[0].clone();
    assert_eq!(texts(&m.blocks), ["Figures below.", "Regards"]);
    assert_eq!(m.attachments, ["scans.csv"]);
    let csv = find(&out, "uu.eml/scans.csv");
    assert_eq!(
        csv.row.sha256,
        sha256_hex(b"Ethnicity,Scans\r\nIC1,120\r\nIC3,45\r\n")
    );
    let (_, read) = read_bytes(&mail("uuencode.eml"), "uu.eml", 0, Limits::default());
    assert_eq!(read.unwrap().children[0].message, Some(1));
}

#[test]
fn winmail_dat_yields_its_inner_attachments() {
    let out = tree("winmail.eml", "rt.eml");
    assert_eq!(
        paths(&out),
        [
            "rt.eml",
            "rt.eml/winmail.dat",
            "rt.eml/winmail.dat/Scans by ethnicity 2019-20.csv",
            "rt.eml/winmail.dat/FOI 123-20 reply letter.pdf",
        ]
    );
    let tnef = doc(&out, "rt.eml/winmail.dat");
    assert_eq!(tnef.source.format.name(), "tnef");
    assert_eq!(tnef.source.message, Some(1));
    assert_eq!(
        tnef.paragraphs()
            .iter()
            .map(|p| p.text.as_str())
            .collect::<Vec<_>>(),
        ["Please find our reply attached. Cost limit £450."]
    );
    let csv = find(&out, "rt.eml/winmail.dat/Scans by ethnicity 2019-20.csv");
    assert_eq!(
        csv.row.sha256,
        sha256_hex(b"Ethnicity,Scans\r\nIC1,120\r\nIC3,45\r\n")
    );
    let pdf = find(&out, "rt.eml/winmail.dat/FOI 123-20 reply letter.pdf");
    assert_eq!(pdf.row.sha256, sha256_hex(&mail("reply.pdf")));
}

#[test]
fn zip_tree_keeps_folders_and_nesting() {
    let out = tree("pack.zip", "surrey/pack.zip");
    assert_eq!(
        paths(&out),
        [
            "surrey/pack.zip",
            "surrey/pack.zip/Annex A/table.xlsx",
            "surrey/pack.zip/inner.zip",
            "surrey/pack.zip/inner.zip/x.txt",
            "surrey/pack.zip/reply.eml",
        ]
    );
    assert_eq!(find(&out, "surrey/pack.zip").row.status, Status::Ok);
    assert_eq!(
        find(&out, "surrey/pack.zip/Annex A/table.xlsx").row.sha256,
        sha256_hex(&mail("table.xlsx"))
    );
    let x = doc(&out, "surrey/pack.zip/inner.zip/x.txt");
    assert_eq!(x.plain_text().trim(), "Inner note: 165 scans.");
    assert_eq!(x.source.message, None);
    let eml = doc(&out, "surrey/pack.zip/reply.eml");
    assert!(eml.plain_text().contains("£450"));
}

#[test]
fn zip_bomb_is_a_limit_error_not_an_outage() {
    let bomb = mail("bomb.zip");
    assert!(bomb.len() < 10_000, "bomb fixture must stay small");
    let limits = Limits {
        max_expanded_bytes: 1 << 20,
        ..Limits::default()
    };
    let (_, result) = read_bytes(&bomb, "bomb.zip", 0, limits);
    let err = result.unwrap_err();
    assert_eq!(err.status(), Status::Error);
    assert_eq!(
        err.message(),
        "error: zip expanded size limit exceeded: 1048577 > 1048576"
    );
    let limits = Limits {
        max_child_bytes: 1000,
        ..Limits::default()
    };
    // An entry over the per-entry limit errs on its own row; the zip
    // itself is read (issue 10, item 18).
    let out = read_tree_in_process(&bomb, "x/bomb.zip", limits);
    assert_eq!(paths(&out), ["x/bomb.zip", "x/bomb.zip/zeros.bin"]);
    assert_eq!(out[0].row.status, Status::Ok);
    assert_eq!(out[1].row.status, Status::Error);
    assert_eq!(
        out[1].row.message,
        "error: zip entry size limit exceeded: 1001 > 1000"
    );
    // Within the default limits the 2 MB entry is read.
    let out = tree("bomb.zip", "bomb.zip");
    assert_eq!(out[1].row.bytes, 2 << 20);
}

#[test]
fn encrypted_zips() {
    let (_, result) = read_bytes(&mail("encrypted.zip"), "e.zip", 0, Limits::default());
    assert_eq!(result.unwrap_err(), ReadError::Password);
    let out = tree("partly-encrypted.zip", "p.zip");
    assert_eq!(paths(&out), ["p.zip", "p.zip/open.txt"]);
    assert_eq!(
        out[0].row.message,
        "encrypted zip entries skipped (need a password): secret.txt"
    );
    assert_eq!(doc(&out, "p.zip/open.txt").plain_text().trim(), "Open note");
}

#[test]
fn whatdotheyknow_download_ties_files_to_replies() {
    let out = tree("wdtk-download.zip", "kent/request.zip");
    let thread = doc(&out, "kent/request.zip/correspondence.txt");
    assert_eq!(thread.source.format.name(), "wdtk");
    let ms = messages(thread);
    let heads: Vec<(u32, &str, &str)> = ms
        .iter()
        .map(|m| {
            (
                m.index,
                m.from.as_deref().unwrap_or(""),
                m.date.as_deref().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        heads,
        [
            (1, "Jane Smith", "2020-03-02"),
            (2, "Freedom of Information, Kent Police", "2020-03-03"),
            (3, "Jane Smith", "2020-03-10"),
            (4, "Freedom of Information, Kent Police", "2020-03-30"),
        ]
    );
    assert_eq!(ms[1].attachments, ["acknowledgement.txt"]);
    assert_eq!(ms[3].attachments, ["FOI 123-20 reply.pdf", "Annex A.xlsx"]);
    assert_eq!(ms[3].to, ["Jane Smith"]);
    assert_eq!(
        texts(&ms[3].blocks),
        [
            "Dear Ms Smith,",
            "I can confirm that Kent Police holds information relevant to your request.",
            "IC1 120\nIC3 45",
            "Please see the attached letter and annex.",
            "Freedom of Information Unit",
        ]
    );
    // `2_*` files belong to the 2nd reply, the thread's 4th message;
    // `1_*` to the 1st reply, the 2nd message.
    let tie = |p: &str| find(&out, p).document.as_ref().map(|d| d.source.message);
    assert_eq!(tie("kent/request.zip/correspondence.txt"), Some(None));
    assert_eq!(
        tie("kent/request.zip/1_2_acknowledgement.txt"),
        Some(Some(2))
    );
    let pdf = find(&out, "kent/request.zip/2_2_FOI 123-20 reply.pdf");
    assert_eq!(pdf.row.sha256, sha256_hex(&mail("reply.pdf")));
    let (_, read) = read_bytes(&mail("wdtk-download.zip"), "r.zip", 0, Limits::default());
    let ties: Vec<(String, Option<u32>)> = read
        .unwrap()
        .children
        .into_iter()
        .map(|c| (c.name, c.message))
        .collect();
    assert_eq!(
        ties,
        [
            ("correspondence.txt".to_string(), None),
            ("2_2_FOI 123-20 reply.pdf".to_string(), Some(4)),
            ("2_3_Annex A.xlsx".to_string(), Some(4)),
            ("1_2_acknowledgement.txt".to_string(), Some(2)),
        ]
    );
    let zip_doc = doc(&out, "kent/request.zip");
    assert!(zip_doc.warnings.is_empty(), "{:?}", zip_doc.warnings);
}

#[test]
fn outlook_msg_fields_body_and_attachments() {
    let out = tree("reply.msg", "kent/reply.msg");
    assert_eq!(
        paths(&out),
        [
            "kent/reply.msg",
            "kent/reply.msg/FOI 123-20 reply.pdf",
            "kent/reply.msg/Annex A.xlsx",
        ]
    );
    let d = doc(&out, "kent/reply.msg");
    assert_eq!(d.source.format.name(), "msg");
    let m = messages(d)[0];
    assert_eq!(
        m.from.as_deref(),
        Some("Freedom of Information <foi@kent.police.uk>")
    );
    assert_eq!(m.to, ["Jane Smith"]);
    assert_eq!(m.date.as_deref(), Some("2020-03-30T14:05:00Z"));
    assert_eq!(
        m.subject.as_deref(),
        Some("FOI 123/20 - Mobile fingerprint scanners")
    );
    assert_eq!(m.attachments, ["FOI 123-20 reply.pdf", "Annex A.xlsx"]);
    assert_eq!(
        texts(&m.blocks),
        [
            "Dear Ms Smith,",
            "Please find attached our response to your request. The cost limit of £450 does not apply.",
            "Yours sincerely,\nFOI Unit",
        ]
    );
    assert_eq!(
        find(&out, "kent/reply.msg/FOI 123-20 reply.pdf").row.sha256,
        sha256_hex(&mail("reply.pdf"))
    );
    assert_eq!(
        find(&out, "kent/reply.msg/Annex A.xlsx").row.sha256,
        sha256_hex(&mail("table.xlsx"))
    );
    let (_, read) = read_bytes(&mail("reply.msg"), "r.msg", 0, Limits::default());
    assert!(read.unwrap().children.iter().all(|c| c.message == Some(1)));
}

/// Cut and damaged containers give a result or a `ReadError`, never a
/// panic: every fixture is read truncated at many lengths and with bytes
/// flipped across its length.
#[test]
fn damaged_containers_never_panic() {
    let names = [
        "multipart.eml",
        "uuencode.eml",
        "winmail.eml",
        "winmail.dat",
        "pack.zip",
        "wdtk-download.zip",
        "encrypted.zip",
        "reply.msg",
        "correspondence.txt",
    ];
    let limits = Limits {
        max_expanded_bytes: 1 << 22,
        ..Limits::default()
    };
    for name in names {
        let bytes = mail(name);
        let step = (bytes.len() / 64).max(1);
        for cut in (0..bytes.len()).step_by(step) {
            let _ = read_bytes(&bytes[..cut], name, 0, limits);
        }
        for at in (0..bytes.len()).step_by(step) {
            let mut damaged = bytes.clone();
            damaged[at] ^= 0xA5;
            if let Some(b) = damaged.get_mut(at + 1) {
                *b = 0xFF;
            }
            let _ = read_bytes(&damaged, name, 0, limits);
        }
    }
}
