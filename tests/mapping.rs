//! Mapping on the sample reply folder: every file read in process, mapped
//! with the rules in `schemas/`, compared field by field with
//! `fixtures/expected/records.jsonl`; every record validated against
//! `schemas/record.schema.json`; records snapshotted.

use crate::util::{fixture, root};
use foi_extract::batch::read_tree_in_process;
use foi_extract::doc::Document;
use foi_extract::files::FileRow;
use foi_extract::map::{map_documents, rules::RuleSet, MapOutput};
use foi_extract::read::Limits;
use foi_extract::record::Field;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

/// Read every file under `dir` in process, as `run` would (junk skipped).
pub fn read_folder(dir: &Path) -> (Vec<Document>, Vec<FileRow>) {
    let mut paths = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("read dir").flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                paths.push(p);
            }
        }
    }
    paths.sort();
    let mut docs = Vec::new();
    let mut rows = Vec::new();
    for p in paths {
        let rel = p
            .strip_prefix(dir)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let name = rel.rsplit('/').next().unwrap_or(&rel);
        if foi_extract::batch::discover::junk_reason(name).is_some() {
            continue;
        }
        let bytes = std::fs::read(&p).expect("read file");
        for o in read_tree_in_process(&bytes, &rel, Limits::default()) {
            rows.push(o.row);
            if let Some(d) = o.document {
                docs.push(d);
            }
        }
    }
    (docs, rows)
}

fn map_fixtures() -> MapOutput {
    let rules = RuleSet::load(&root().join("schemas")).expect("rules load");
    let (docs, rows) = read_folder(&fixture("replies"));
    map_documents(&docs, &rows, &rules)
}

fn expected() -> BTreeMap<String, Value> {
    let text =
        std::fs::read_to_string(fixture("expected/records.jsonl")).expect("expected records");
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let v: Value = serde_json::from_str(l).expect("json");
            (v["force"].as_str().unwrap_or("").to_string(), v)
        })
        .collect()
}

/// The compared fields of a record, as (field path, value) pairs. Flags
/// compare as a sorted set of `field/kind`; lists compare whole.
fn fields(r: &Value) -> BTreeMap<String, Value> {
    let mut out = BTreeMap::new();
    for p in [
        "force_name",
        "response.status",
        "response.exemptions",
        "response.reference",
        "response.date",
        "bsg.status",
        "bsg.since",
        "period",
        "scans.iabs",
        "scans.ident1",
        "scans.both",
        "scans.total",
        "immigration.scans",
        "immigration.arrests",
        "monthly",
    ] {
        let mut v = r;
        for k in p.split('.') {
            v = &v[k];
        }
        let v = if p == "monthly" {
            Value::Array(
                v.as_array()
                    .cloned()
                    .unwrap_or_default()
                    .iter()
                    .map(|m| serde_json::json!([m["month"], m["total"]]))
                    .collect(),
            )
        } else {
            v.clone()
        };
        out.insert(p.to_string(), v);
    }
    let eth: Vec<Value> = r["ethnicity"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|e| serde_json::json!([e["label"], e["scheme"], e["code"], e["count"]]))
        .collect();
    out.insert("ethnicity".into(), Value::Array(eth));
    let rea: Vec<Value> = r["reasons"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|e| serde_json::json!([e["label"], e["reason"], e["count"]]))
        .collect();
    out.insert("reasons".into(), Value::Array(rea));
    let mut flags: Vec<String> = r["flags"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|f| {
            format!(
                "{}/{}",
                f["field"].as_str().unwrap_or(""),
                f["kind"].as_str().unwrap_or("")
            )
        })
        .collect();
    flags.sort();
    flags.dedup();
    out.insert("flags".into(), serde_json::json!(flags));
    let mut sources: Vec<String> = r["sources"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|s| s["file"].as_str().unwrap_or("").to_string())
        .collect();
    sources.sort();
    out.insert("sources".into(), serde_json::json!(sources));
    out
}

/// Field accuracy of the mapped fixtures against the ground truth. Prints
/// every differing field; fails below the floor reached so far.
#[test]
fn fixtures_field_accuracy() {
    let out = map_fixtures();
    let got: BTreeMap<String, Value> = out
        .records
        .iter()
        .map(|r| (r.force.clone(), serde_json::to_value(r).unwrap()))
        .collect();
    let want = expected();
    let (mut right, mut total) = (0usize, 0usize);
    for (force, w) in &want {
        let wf = fields(w);
        let Some(g) = got.get(force) else {
            println!("MISSING RECORD {force}");
            total += wf.len();
            continue;
        };
        let gf = fields(g);
        for (k, wv) in &wf {
            total += 1;
            if gf.get(k) == Some(wv) {
                right += 1;
            } else {
                println!(
                    "{force} {k}: got {} want {}",
                    gf.get(k).unwrap_or(&Value::Null),
                    wv
                );
            }
        }
    }
    for force in got.keys().filter(|f| !want.contains_key(*f)) {
        println!("EXTRA RECORD {force}");
    }
    for a in out.assignments.iter().filter(|a| a.force.is_none()) {
        println!("unassigned: {} ({})", a.path, a.evidence);
    }
    let acc = right as f64 / total.max(1) as f64;
    println!("field accuracy: {right}/{total} = {:.1}%", acc * 100.0);
    std::fs::write(
        std::env::temp_dir().join("map-records.jsonl"),
        out.records
            .iter()
            .map(|r| serde_json::to_string(r).unwrap() + "\n")
            .collect::<String>(),
    )
    .ok();
    assert!(
        acc >= ACCURACY_FLOOR,
        "field accuracy {acc:.3} below {ACCURACY_FLOOR}"
    );
}

/// The accuracy reached on the fixtures; raise it as the mapping improves.
const ACCURACY_FLOOR: f64 = 0.98;

fn letter(path: &str, paras: &[&str], rows: Option<Vec<Vec<&str>>>) -> Document {
    use foi_extract::doc::{Block, Body, Format, Paragraph, Part, Prov, Source, Table};
    let mut blocks: Vec<Block> = paras
        .iter()
        .enumerate()
        .map(|(i, t)| {
            Block::Paragraph(Paragraph {
                text: t.to_string(),
                heading: None,
                prov: Prov {
                    paragraph: Some(i as u32),
                    ..Prov::file(path)
                },
            })
        })
        .collect();
    if let Some(rows) = rows {
        let rows = rows
            .into_iter()
            .map(|r| r.into_iter().map(str::to_string).collect())
            .collect();
        blocks.push(Block::Table(Table::from_rows(
            rows,
            Prov {
                table: Some(1),
                ..Prov::file(path)
            },
            "docx",
        )));
    }
    Document {
        model_version: 1,
        source: Source {
            path: path.into(),
            sha256: "0".into(),
            format: Format::Docx,
            bytes: 1,
            message: None,
        },
        parts: vec![Part::Body(Body {
            name: "document".into(),
            blocks,
        })],
        warnings: vec![],
        children: vec![],
    }
}

/// A s.12 cost refusal that still gives figures as a gesture of goodwill is
/// partial; the transposed table gives the split; annex sections are not
/// exemptions.
#[test]
fn goodwill_cost_refusal_is_partial() {
    let rules = RuleSet::load(&root().join("schemas")).expect("rules");
    let doc = letter(
        "kent/reply.docx",
        &[
            "Kent Police",
            "Our Ref: FOI/123/20",
            "Date: 14 August 2020",
            "Retrieving the ethnicity would exceed the appropriate limit, so Section 12 applies to that part.",
            "However, as a gesture of goodwill I have supplied the number of searches.",
            "LEGAL ANNEX",
            "Section 31(1) is exempt information if its disclosure would prejudice law enforcement, and we rely on it.",
        ],
        Some(vec![vec!["", "IABS", "IDENT1", "Both", "Total"], vec!["Searches", "113", "398", "0", "511"]]),
    );
    let out = map_documents(&[doc], &[], &rules);
    let r = &out.records[0];
    assert_eq!(r.force, "kent");
    assert_eq!(r.response.status.name(), "partial");
    assert_eq!(r.response.exemptions, ["foia:s12"]);
    assert_eq!(r.response.reference.as_deref(), Some("FOI/123/20"));
    assert_eq!(r.response.date.as_deref(), Some("2020-08-14"));
    assert_eq!(
        (r.scans.iabs, r.scans.ident1, r.scans.both, r.scans.total),
        (Some(113), Some(398), Some(0), Some(511))
    );
    assert_eq!(r.immigration.scans, Some(113));
    assert!(r
        .flags
        .iter()
        .any(|f| f.field == Field::Ethnicity && f.kind.name() == "withheld"));
}

/// FOISA s.17 is a "not held" notice, counted as foisa:s17.
#[test]
fn foisa_section_17_is_not_held() {
    let rules = RuleSet::load(&root().join("schemas")).expect("rules");
    let doc = letter(
        "police scotland/IM-FOI-2020-1234.docx",
        &[
            "Police Scotland",
            "Freedom of Information (Scotland) Act 2002",
            "Police Scotland does not use mobile fingerprint scanners. In terms of section 17 of the Act, I can confirm that the information you have requested is not held by Police Scotland.",
        ],
        None,
    );
    let out = map_documents(&[doc], &[], &rules);
    let r = &out.records[0];
    assert_eq!(r.force, "police-scotland");
    assert_eq!(r.response.status.name(), "not_held");
    assert_eq!(r.response.exemptions, ["foisa:s17"]);
    assert_eq!(r.response.reference.as_deref(), Some("IM-FOI-2020-1234"));
    assert_eq!(r.bsg.status.name(), "not_in_use");
    assert!(r.flags.is_empty());
}

/// Every record the fixtures produce is valid against
/// `schemas/record.schema.json`.
#[test]
fn records_match_the_json_schema() {
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("schemas/record.schema.json")).unwrap(),
    )
    .unwrap();
    let schema = crate::json_schema::validator(&schema);
    let out = map_fixtures();
    assert!(out.records.len() >= 14);
    for r in &out.records {
        let v = serde_json::to_value(r).unwrap();
        let errors = crate::json_schema::validate(&schema, &v);
        assert!(errors.is_empty(), "{}: {errors:#?}", r.force);
    }
}

/// Snapshot of the records (provenance included), hashes left out so a
/// regenerated fixture folder only changes what it should; the figures that
/// matter are asserted force by force first, so no snapshot update can
/// accept a wrong one.
#[test]
fn records_snapshot_asserts_each_forces_figures() {
    let out = map_fixtures();
    crate::fixture_figures::assert_fixture_figures(&out.records);
    let mut v = serde_json::to_value(&out.records).unwrap();
    for r in v.as_array_mut().unwrap() {
        for s in r["sources"].as_array_mut().unwrap() {
            s["sha256"] = Value::String("…".into());
        }
    }
    insta::assert_json_snapshot!("fixture_records", v);
}

/// `rules check` names the file and line of each problem and exits 1; a
/// good rule set passes with exit 0.
#[test]
fn rules_check_reports_file_and_line() {
    let good = crate::util::foi(&["rules", "check", "--schemas", "schemas"]);
    assert!(
        good.status.success(),
        "{}",
        String::from_utf8_lossy(&good.stdout)
    );
    let dir = crate::util::Dir::new();
    dir.with_default_rules();
    dir.create("rules/kent.toml", b"force = \"kent\"\n\n[questions]\nQ3 = \"ethnicty\"\n\n[headers]\niabs = [\"re:(unclosed\"]\n");
    let out = crate::util::foi(&["rules", "check", "--schemas", dir.path().to_str().unwrap()]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.contains("rules/kent.toml:4: field \"ethnicty\" is not one of"),
        "{text}"
    );
    assert!(
        text.contains("rules/kent.toml:7: invalid regular expression"),
        "{text}"
    );
    // A syntax error and an unknown key also carry their line.
    dir.create("rules/kent.toml", b"force = \"kent\"\ncolour = 1\n");
    let out = crate::util::foi(&["rules", "check", "--schemas", dir.path().to_str().unwrap()]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.starts_with("rules/kent.toml:2: unknown field `colour`"),
        "{text}"
    );
    let err = RuleSet::load(dir.path()).unwrap_err();
    assert_eq!(
        (err.first.file.as_str(), err.first.line),
        ("rules/kent.toml", 2)
    );
}

/// `vocab/phrases.toml` keys are the signals the mapping tests for: a key
/// it does not know is reported with its file and line, not ignored.
#[test]
fn unknown_signal_key_in_phrases_reported_with_line() {
    let dir = crate::util::Dir::new();
    dir.with_default_rules();
    let path = dir.path().join("vocab/phrases.toml");
    let mut phrases = std::fs::read_to_string(&path).unwrap();
    let line = phrases.lines().count() + 3;
    phrases.push_str("\n[[term]]\nkey = \"bsg_retired\"\nphrases = [\"retired\"]\n");
    std::fs::write(&path, phrases).unwrap();
    let err = RuleSet::load(dir.path()).unwrap_err();
    assert_eq!(
        (err.first.file.as_str(), err.first.line),
        ("vocab/phrases.toml", line)
    );
    assert!(
        err.first
            .message
            .contains("unknown key \"bsg_retired\"; expected one of not_held"),
        "{}",
        err.first.message
    );
}

/// Every file is assigned to the force `fixtures/expected/files.csv` names
/// (none where it names none).
#[test]
fn fixtures_force_assignment() {
    let out = map_fixtures();
    let rows = crate::util::csv_rows(&fixture("expected/files.csv"));
    let mut wrong = Vec::new();
    for row in rows.iter().filter(|r| r["status"] != "skipped") {
        let got = out.assignments.iter().find(|a| a.path == row["path"]);
        let got_force = got.and_then(|a| a.force.clone()).unwrap_or_default();
        if got.is_some() && got_force != row["force"] {
            wrong.push(format!(
                "{}: got {got_force:?} want {:?}",
                row["path"], row["force"]
            ));
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}

/// A force's `[pdf_table]` settings find its PDFs' tables again (at the
/// read stage, before mapping); with settings equal to the defaults the
/// figures are the same.
#[test]
fn force_pdf_table_settings_rerun_the_finder() {
    let dir = crate::util::Dir::new();
    dir.with_default_rules();
    dir.create(
        "rules/kent.toml",
        b"force = \"kent\"\n\n[pdf_table]\nsnap_tolerance = 3.0\n",
    );
    let rules = RuleSet::load(dir.path()).expect("rules with pdf_table");
    assert!(rules.rules_for("kent").pdf_table.is_some());
    let path = "kent/FOI 123-20 reply.pdf";
    let bytes = std::fs::read(fixture(&format!("replies/{path}"))).unwrap();
    let outcomes = read_tree_in_process(&bytes, path, Limits::default());
    let settings = rules.rules_for("kent").pdf_table.as_ref().unwrap();
    let docs: Vec<Document> = outcomes
        .iter()
        .filter_map(|o| o.document.as_ref())
        .map(|d| foi_extract::read::pdf::refind_tables(d, settings))
        .collect();
    let rows: Vec<FileRow> = outcomes.iter().map(|o| o.row.clone()).collect();
    let r = &map_documents(&docs, &rows, &rules).records[0];
    assert_eq!(
        (r.scans.iabs, r.scans.ident1, r.scans.both, r.scans.total),
        (Some(113), Some(398), Some(0), Some(511))
    );
    assert_eq!(r.reasons.len(), 4);
    // A bad setting is reported with its line.
    dir.create(
        "rules/kent.toml",
        b"force = \"kent\"\n\n[pdf_table]\nsnap_tolerance = \"wide\"\n",
    );
    let err = RuleSet::load(dir.path()).unwrap_err();
    assert_eq!(
        (err.first.file.as_str(), err.first.line),
        ("rules/kent.toml", 4)
    );
    dir.create(
        "rules/kent.toml",
        b"force = \"kent\"\n\n[pdf_table]\nsnap_tolerance = -1.0\n",
    );
    let err = RuleSet::load(dir.path()).unwrap_err();
    assert_eq!(
        (err.first.file.as_str(), err.first.line),
        ("rules/kent.toml", 4)
    );
    assert!(
        err.first.message.contains("snap_tolerance"),
        "{}",
        err.first.message
    );
}

/// Issue 3: a `[pdf_table]` value the finder cannot use (a negative
/// tolerance, a ratio over 1) used to be dropped for the defaults without a
/// word. Loading the rules now fails, and `rules check` names the file,
/// the line and key of each bad value, and why.
#[test]
fn invalid_pdf_table_settings_are_reported_not_ignored() {
    let dir = crate::util::Dir::new();
    dir.with_default_rules();
    dir.create(
        "rules/kent.toml",
        b"force = \"kent\"\n\n[pdf_table]\nstream = true\nsnap_tolerance = -2.0\nborder_cover_ratio = 1.5\n\n[questions]\nQ3 = \"ethnicity\"\n",
    );
    let err = RuleSet::load(dir.path()).expect_err("a bad setting is fatal");
    assert_eq!(
        (err.first.file.as_str(), err.first.line),
        ("rules/kent.toml", 5)
    );
    assert_eq!(
        err.first.message,
        "table setting snap_tolerance = -2: must be a finite number, zero or more"
    );
    assert_eq!(err.count, 2);
    let problems: Vec<String> = foi_extract::map::rules::check(dir.path())
        .iter()
        .map(|p| p.to_string())
        .collect();
    assert_eq!(
        problems,
        vec![
            "rules/kent.toml:5: table setting snap_tolerance = -2: must be a finite number, zero or more",
            "rules/kent.toml:6: table setting border_cover_ratio = 1.5: is a fraction, at most 1",
        ]
    );
    let out = crate::util::foi(&["rules", "check", "--schemas", dir.path().to_str().unwrap()]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.contains("rules/kent.toml:6: table setting border_cover_ratio = 1.5"),
        "{text}"
    );
    // Written as a dotted key, the bad value is still found on its line.
    dir.create(
        "rules/kent.toml",
        b"force = \"kent\"\npdf_table.column_gap_em = 0.0\n",
    );
    let err = RuleSet::load(dir.path()).expect_err("a bad setting is fatal");
    assert_eq!(err.first.line, 2, "{err}");
    assert!(err.first.message.contains("column_gap_em"), "{err}");
}
