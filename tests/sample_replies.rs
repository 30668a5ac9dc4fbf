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

/// The bytes of a listed file: on disk, or inside a zip, an email or a
/// winmail.dat on disk (nested containers too).
fn bytes_of(logical: &str, on_disk: &BTreeSet<String>) -> Vec<u8> {
    let root = fixture("replies");
    if on_disk.contains(logical) {
        return std::fs::read(root.join(logical)).expect("read fixture");
    }
    let container = on_disk
        .iter()
        .find(|c| logical.starts_with(&format!("{c}/")))
        .unwrap_or_else(|| panic!("{logical}: no container on disk"));
    let data = std::fs::read(root.join(container)).expect("read container");
    extract(&data, &logical[container.len() + 1..])
        .unwrap_or_else(|| panic!("{logical}: not found in {container}"))
}

/// The file at `inner` within the container `data` (zip, email, TNEF).
fn extract(data: &[u8], inner: &str) -> Option<Vec<u8>> {
    let members: Vec<(String, Vec<u8>)> = if data.starts_with(b"PK") {
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(data)).ok()?;
        (0..zip.len())
            .filter_map(|i| {
                let mut entry = zip.by_index(i).ok()?;
                let mut out = Vec::new();
                entry.read_to_end(&mut out).ok()?;
                let name = entry.name().ok()?.to_string();
                Some((name, out))
            })
            .collect()
    } else if data.starts_with(sniff::TNEF_MAGIC) {
        tnef_files(data)
    } else {
        let message = mail_parser::MessageParser::default().parse(data)?;
        message
            .attachments()
            .filter_map(|a| Some((a.attachment_name()?.to_string(), a.contents().to_vec())))
            .collect()
    };
    for (name, bytes) in members {
        if name == inner {
            return Some(bytes);
        }
        if let Some(rest) = inner.strip_prefix(&format!("{name}/")) {
            return extract(&bytes, rest);
        }
    }
    None
}

/// (title, data) of each attachment in a TNEF stream: attributes are
/// level u8, id u32, length u32, data, checksum u16 after a 6-byte header.
fn tnef_files(data: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    let mut title = String::new();
    let mut pos = 6;
    while pos + 9 <= data.len() {
        let id = u32::from_le_bytes(data[pos + 1..pos + 5].try_into().expect("4 bytes"));
        let len = u32::from_le_bytes(data[pos + 5..pos + 9].try_into().expect("4 bytes")) as usize;
        let body = &data[pos + 9..pos + 9 + len];
        match id {
            0x0001_8010 => {
                title = String::from_utf8_lossy(body)
                    .trim_end_matches('\0')
                    .to_string()
            }
            0x0006_800F => files.push((title.clone(), body.to_vec())),
            _ => {}
        }
        pos += 9 + len + 2;
    }
    files
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

/// The flags each expected record must carry by record.md's flag policy,
/// derived from the record's own values: a check on the ground truth.
#[test]
fn expected_flags_follow_the_flag_policy() {
    let mut unreadable_forces = BTreeSet::new();
    for row in file_rows() {
        if row.status == "unreadable" && !row.force.is_empty() {
            unreadable_forces.insert(row.force);
        }
    }
    for r in records() {
        let force = r["force"].as_str().expect("force").to_string();
        let flags: BTreeSet<(String, String)> = r["flags"]
            .as_array()
            .expect("flags")
            .iter()
            .map(|f| {
                (
                    f["field"].as_str().expect("field").to_string(),
                    f["kind"].as_str().expect("kind").to_string(),
                )
            })
            .collect();
        let flagged = |field: &str| flags.iter().any(|(f, _)| f == field);
        let status = r["response"]["status"].as_str().expect("status");
        let bsg = r["bsg"]["status"].as_str().expect("bsg");
        match status {
            "no_response" | "clarification" => {
                assert!(
                    flags.contains(&("response".into(), "missing".into())),
                    "{force}"
                )
            }
            "refused" => {
                assert!(
                    flags.contains(&("response".into(), "withheld".into())),
                    "{force}"
                )
            }
            _ => {}
        }
        if unreadable_forces.contains(&force) {
            assert!(
                flags.contains(&("response".into(), "unreadable".into())),
                "{force}: an unreadable file but no response/unreadable flag"
            );
        }
        let answered = ["disclosed", "partial", "not_held"].contains(&status);
        if !(answered && ["in_use", "pilot"].contains(&bsg)) {
            assert!(
                flags.iter().all(|(f, _)| f == "response"),
                "{force}: data-gap flags on a force with no data to give"
            );
            continue;
        }
        let s = &r["scans"];
        let total = count(&s["total"]);
        match total {
            None => assert!(flagged("scans"), "{force}: total missing, no flag"),
            Some(_) => {
                for part in ["iabs", "ident1", "both"] {
                    if s[part].is_null() {
                        assert!(flagged(&format!("scans.{part}")), "{force}: {part}");
                    }
                }
            }
        }
        if total == Some(0) {
            continue;
        }
        if r["immigration"]["arrests"].is_null() {
            assert!(flagged("immigration.arrests"), "{force}: arrests");
        }
        for field in ["ethnicity", "reasons"] {
            let entries = r[field].as_array().expect("entries");
            let counts: Option<Vec<u64>> = entries.iter().map(|e| count(&e["count"])).collect();
            let adds_up = match (&counts, total) {
                (Some(c), Some(t)) => !c.is_empty() && c.iter().sum::<u64>() == t,
                _ => false,
            };
            if !adds_up {
                assert!(flagged(field), "{force}: {field} is a gap but not flagged");
            }
        }
    }
}
