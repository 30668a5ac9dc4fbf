//! The bundled sample reply folder (`fixtures/replies/`) agrees with its
//! ground truth (`fixtures/expected/`): every file is listed, every listed
//! file exists and is sniffed as the format the list says, and every
//! expected record keeps record.md's vocabularies and arithmetic.

use crate::util::fixture;
use foi_extract::read::sniff;
use mail_parser::MimeHeaders;
use serde_json::Value;
use sha2::Digest;
use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::path::Path;

#[derive(Debug, serde::Deserialize)]
struct FileRow {
    path: String,
    status: String,
    force: String,
    format: String,
}

fn file_rows() -> Vec<FileRow> {
    let mut r = csv::Reader::from_path(fixture("expected/files.csv")).expect("files.csv");
    r.deserialize()
        .map(|row| row.expect("files.csv row"))
        .collect()
}

fn records() -> Vec<Value> {
    let text = std::fs::read_to_string(fixture("expected/records.jsonl")).expect("records");
    text.lines()
        .map(|l| serde_json::from_str(l).expect("record line is JSON"))
        .collect()
}

/// Every regular file under `dir`, as `/`-separated paths relative to it.
fn walk(dir: &Path, base: &Path, out: &mut BTreeSet<String>) {
    for entry in std::fs::read_dir(dir).expect("read_dir") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            walk(&path, base, out);
        } else {
            let rel = path.strip_prefix(base).expect("under base");
            let parts: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            out.insert(parts.join("/"));
        }
    }
}

/// The bytes of a listed file: on disk, or inside a zip or an email on disk.
fn bytes_of(logical: &str, on_disk: &BTreeSet<String>) -> Vec<u8> {
    let root = fixture("replies");
    if on_disk.contains(logical) {
        return std::fs::read(root.join(logical)).expect("read fixture");
    }
    let container = on_disk
        .iter()
        .find(|c| logical.starts_with(&format!("{c}/")))
        .unwrap_or_else(|| panic!("{logical}: no container on disk"));
    let inner = &logical[container.len() + 1..];
    let data = std::fs::read(root.join(container)).expect("read container");
    if container.ends_with(".zip") {
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(data)).expect("zip");
        let mut entry = zip.by_name(inner).expect("zip entry");
        let mut out = Vec::new();
        entry.read_to_end(&mut out).expect("zip entry bytes");
        out
    } else {
        let message = mail_parser::MessageParser::default()
            .parse(&data)
            .expect("email parses");
        let part = message
            .attachments()
            .find(|a| a.attachment_name() == Some(inner))
            .unwrap_or_else(|| panic!("{logical}: no such attachment"));
        part.contents().to_vec()
    }
}

#[test]
fn every_file_in_the_folder_is_listed_and_every_listed_file_exists() {
    let mut on_disk = BTreeSet::new();
    walk(&fixture("replies"), &fixture("replies"), &mut on_disk);
    let rows = file_rows();
    let listed: BTreeSet<String> = rows.iter().map(|r| r.path.clone()).collect();
    for path in &on_disk {
        assert!(listed.contains(path), "{path} is not in files.csv");
    }
    for row in &rows {
        // Reading it proves it exists (inner files via their container).
        let bytes = bytes_of(&row.path, &on_disk);
        assert!(
            ["ok", "unreadable", "skipped", "unsupported"].contains(&row.status.as_str()),
            "{}: status {}",
            row.path,
            row.status
        );
        if row.status == "unreadable" && row.format == "empty" {
            assert!(bytes.is_empty(), "{}", row.path);
        }
    }
    assert!(on_disk.len() >= 25, "only {} files on disk", on_disk.len());
}

#[test]
fn listed_formats_are_what_sniffing_detects() {
    let mut on_disk = BTreeSet::new();
    walk(&fixture("replies"), &fixture("replies"), &mut on_disk);
    for row in file_rows().iter().filter(|r| r.status != "skipped") {
        let bytes = bytes_of(&row.path, &on_disk);
        let found = sniff::detect(&bytes, &row.path);
        assert_eq!(found.name(), row.format, "{}", row.path);
    }
}

const STATUSES: &[&str] = &[
    "disclosed",
    "partial",
    "refused",
    "not_held",
    "clarification",
    "no_response",
    "unclear",
];
const BSG: &[&str] = &["in_use", "pilot", "acquiring", "not_in_use", "unknown"];
const KINDS: &[&str] = &[
    "missing",
    "not_recorded",
    "withheld",
    "inconsistent",
    "ambiguous",
    "unreadable",
];
const REASONS: &[&str] = &[
    "name_not_given",
    "details_doubted_or_refused",
    "immigration",
    "wanted_check",
    "other",
    "not_stated",
];
const SELF_CODES: &[&str] = &[
    "W1", "W2", "W3", "W9", "M1", "M2", "M3", "M9", "A1", "A2", "A3", "A4", "A9", "B1", "B2", "B9",
    "O1", "O2", "O9", "NS",
];

fn count(v: &Value) -> Option<u64> {
    v.as_u64()
}

#[test]
fn expected_records_follow_the_contract() {
    let recs = records();
    assert!(recs.len() >= 14, "only {} forces", recs.len());
    let exemption = regex::Regex::new(r"^(foia|foisa):s\d+$").expect("regex");
    let month = regex::Regex::new(r"^\d{4}-\d{2}$").expect("regex");
    let mut seen = BTreeSet::new();
    for r in &recs {
        let force = r["force"].as_str().expect("force");
        assert!(seen.insert(force.to_string()), "{force} twice");
        assert_eq!(r["schema_version"], 1);
        assert!(STATUSES.contains(&r["response"]["status"].as_str().expect("status")));
        assert!(BSG.contains(&r["bsg"]["status"].as_str().expect("bsg")));
        for e in r["response"]["exemptions"].as_array().expect("exemptions") {
            assert!(exemption.is_match(e.as_str().expect("str")), "{force}: {e}");
        }
        let s = &r["scans"];
        let parts = [&s["iabs"], &s["ident1"], &s["both"]].map(count);
        if let (Some(a), Some(b), Some(c), Some(t)) =
            (parts[0], parts[1], parts[2], count(&s["total"]))
        {
            assert_eq!(a + b + c, t, "{force}: parts do not add up");
            assert_eq!(count(&r["immigration"]["scans"]), Some(a + c), "{force}");
        }
        for e in r["ethnicity"].as_array().expect("ethnicity") {
            let code = e["code"].as_str();
            match e["scheme"].as_str().expect("scheme") {
                "officer" => assert!(
                    code.is_some_and(|c| c.len() == 3 && c.starts_with("IC")),
                    "{force}: {e}"
                ),
                "self" => assert!(code.is_some_and(|c| SELF_CODES.contains(&c)), "{force}"),
                "other" => assert!(code.is_none(), "{force}"),
                other => panic!("{force}: scheme {other}"),
            }
        }
        for e in r["reasons"].as_array().expect("reasons") {
            assert!(REASONS.contains(&e["reason"].as_str().expect("reason")));
        }
        for m in r["monthly"].as_array().expect("monthly") {
            assert!(month.is_match(m["month"].as_str().expect("month")));
        }
        for f in r["flags"].as_array().expect("flags") {
            assert!(
                KINDS.contains(&f["kind"].as_str().expect("kind")),
                "{force}"
            );
        }
    }
}

#[test]
fn expected_sources_are_the_listed_files_of_each_force() {
    let mut on_disk = BTreeSet::new();
    walk(&fixture("replies"), &fixture("replies"), &mut on_disk);
    let mut by_force: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for row in file_rows().iter().filter(|r| r.status != "skipped") {
        if !row.force.is_empty() {
            by_force
                .entry(row.force.clone())
                .or_default()
                .insert(row.path.clone());
        }
    }
    let recs = records();
    let forces: BTreeSet<String> = recs
        .iter()
        .map(|r| r["force"].as_str().expect("force").to_string())
        .collect();
    for force in by_force.keys() {
        assert!(forces.contains(force), "{force} has files but no record");
    }
    for r in &recs {
        let force = r["force"].as_str().expect("force");
        let sources = r["sources"].as_array().expect("sources");
        assert!(!sources.is_empty(), "{force}: no sources");
        for s in sources {
            let file = s["file"].as_str().expect("file");
            assert!(
                by_force.get(force).is_some_and(|f| f.contains(file)),
                "{force}: source {file} is not one of its listed files"
            );
            let sha = hex::encode(sha2::Sha256::digest(bytes_of(file, &on_disk)));
            assert_eq!(s["sha256"].as_str(), Some(sha.as_str()), "{file}");
        }
    }
}
