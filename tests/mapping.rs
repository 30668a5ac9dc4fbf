//! Mapping on the sample reply folder: every file read in process, mapped
//! with the rules in `schemas/`, compared field by field with
//! `fixtures/expected/records.jsonl`; every record validated against
//! `schemas/record.schema.json`; records snapshotted.

use crate::util::{fixture, root};
use foi_extract::batch::{read_tree_in_process, FileRow};
use foi_extract::doc::Document;
use foi_extract::map::{map_documents, rules::RuleSet, MapOutput};
use foi_extract::read::Limits;
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
const ACCURACY_FLOOR: f64 = 0.75;
