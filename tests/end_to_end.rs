//! `run` on the bundled sample reply folder, end to end: every file gets
//! the status and force the ground truth says, one record per expected
//! force, and the outputs do not depend on `--jobs`.

use crate::util::{csv_rows, fixture, foi, Dir};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

fn run_sample(out: &Path, jobs: &str) {
    let o = foi(&[
        "run",
        fixture("replies").to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--jobs",
        jobs,
        "--no-cache",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

/// The rows of a CSV keyed by `path`, without the timing column.
fn rows_without_timing(path: &Path) -> BTreeMap<String, BTreeMap<String, String>> {
    csv_rows(path)
        .into_iter()
        .map(|mut r| {
            r.remove("milliseconds");
            (r["path"].clone(), r)
        })
        .collect()
}

#[test]
fn sample_folder_runs_to_the_end_with_expected_statuses_and_forces() {
    let out = Dir::new();
    run_sample(out.path(), "2");
    let got = rows_without_timing(&out.path().join("files.csv"));
    let expected = csv_rows(&fixture("expected/files.csv"));
    let mut wrong = Vec::new();
    for e in &expected {
        let Some(g) = got.get(&e["path"]) else {
            wrong.push(format!("{}: not in files.csv", e["path"]));
            continue;
        };
        if g["status"] != e["status"] {
            wrong.push(format!(
                "{}: status {} (expected {}): {}",
                e["path"], g["status"], e["status"], g["message"]
            ));
        }
        // The ground truth leaves the force empty where none can be told
        // (junk, a zip of several forces); files.csv says `ambiguous` there.
        let want_force = match (e["status"].as_str(), e["force"].as_str()) {
            ("skipped", _) => "",
            (_, "") => "ambiguous",
            (_, f) => f,
        };
        if g["force"] != want_force {
            wrong.push(format!(
                "{}: force {:?} (expected {want_force:?})",
                e["path"], g["force"]
            ));
        }
    }
    assert_eq!(
        got.len(),
        expected.len(),
        "files.csv lists {} files, ground truth {}",
        got.len(),
        expected.len()
    );
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));

    let records = std::fs::read_to_string(out.path().join("records.jsonl")).unwrap();
    let got_forces: BTreeSet<String> = records
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["force"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    let expected_records = std::fs::read_to_string(fixture("expected/records.jsonl")).unwrap();
    let want_forces: BTreeSet<String> = expected_records
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["force"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(got_forces, want_forces);
    for name in [
        "report.html",
        "foi.sqlite",
        "datapackage.json",
        "records.csv",
        "flags.csv",
        "ethnicity.csv",
    ] {
        assert!(out.path().join(name).is_file(), "{name} written");
    }
}

#[test]
fn outputs_do_not_depend_on_jobs() {
    let one = Dir::new();
    let two = Dir::new();
    run_sample(one.path(), "1");
    run_sample(two.path(), "2");
    for name in [
        "records.jsonl",
        "records.csv",
        "ethnicity.csv",
        "reasons.csv",
        "monthly.csv",
        "flags.csv",
        "datapackage.json",
        "report.html",
    ] {
        let a = std::fs::read(one.path().join(name)).unwrap();
        let b = std::fs::read(two.path().join(name)).unwrap();
        assert!(a == b, "{name} differs between --jobs 1 and --jobs 2");
    }
    // files.csv differs only in the time each file took.
    assert_eq!(
        rows_without_timing(&one.path().join("files.csv")),
        rows_without_timing(&two.path().join("files.csv"))
    );
    let docs = |d: &Path| -> BTreeMap<String, Vec<u8>> {
        std::fs::read_dir(d.join("documents"))
            .unwrap()
            .map(|e| {
                let e = e.unwrap();
                (
                    e.file_name().to_string_lossy().into_owned(),
                    std::fs::read(e.path()).unwrap(),
                )
            })
            .collect()
    };
    assert!(
        docs(one.path()) == docs(two.path()),
        "documents/ differ between --jobs 1 and 2"
    );
}
