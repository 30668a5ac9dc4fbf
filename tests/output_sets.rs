//! One run's outputs are one set: a run killed anywhere in its writing
//! phase leaves the previous run's outputs whole, or the new run's whole,
//! never a mix; and `run --shard I/N` over every share, merged, gives the
//! outputs of one run.

use crate::util::{csv_rows, fixture, run, Dir};
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

/// What a reader of OUT sees of a set: every output's bytes (files.csv
/// without the time each file took), the documents' names, and the
/// database's files and records.
fn set_of(out: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut set = BTreeMap::new();
    for name in [
        "records.jsonl",
        "records.csv",
        "sources.csv",
        "flags.csv",
        "gaps.csv",
        "checks.csv",
        "datapackage.json",
        "report.html",
    ] {
        set.insert(
            name.to_string(),
            std::fs::read(out.join(name)).unwrap_or_default(),
        );
    }
    let files: Vec<String> = csv_rows(&out.join("files.csv"))
        .into_iter()
        .map(|r| {
            format!(
                "{} {} {} {}",
                r["path"], r["status"], r["sha256"], r["force"]
            )
        })
        .collect();
    set.insert("files.csv".into(), files.join("\n").into_bytes());
    let mut documents: Vec<String> = std::fs::read_dir(out.join("documents"))
        .map(|d| {
            d.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    documents.sort();
    set.insert("documents/".into(), documents.join("\n").into_bytes());
    let db = rusqlite::Connection::open(out.join("foi.sqlite")).expect("foi.sqlite opens");
    let listed = |sql: &str| -> Vec<String> {
        let mut stmt = db.prepare(sql).unwrap();
        let rows = stmt.query_map([], |r| r.get::<_, String>(0)).unwrap();
        rows.map(|r| r.unwrap()).collect()
    };
    let db_rows = [
        listed("SELECT path FROM files ORDER BY path"),
        listed("SELECT force FROM records ORDER BY force"),
    ];
    set.insert("foi.sqlite".into(), format!("{db_rows:?}").into_bytes());
    set
}

fn run_aborting_at(input: &Path, out: &Path, point: usize) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_foi-extract"))
        .args([
            "run",
            input.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ])
        .arg("--no-progress")
        .env("FOI_EXTRACT_ABORT_AT_WRITE", point.to_string())
        .output()
        .expect("run foi-extract")
}

#[test]
fn a_run_killed_while_writing_leaves_one_whole_set() {
    let (old_input, new_input) = (Dir::new(), Dir::new());
    old_input.copy_fixture("replies/kent/FOI 123-20 reply.pdf", "kent/reply.pdf");
    new_input.copy_fixture("replies/kent/FOI 123-20 reply.pdf", "kent/reply.pdf");
    old_input.copy_fixture(
        "replies/sussex/Acknowledgement FOI-20-5566.eml",
        "sussex/ack.eml",
    );
    new_input.copy_fixture(
        "replies/herts/Clarification required - HC-FOI-3344-20.eml",
        "herts/clarification.eml",
    );
    let (old_ref, new_ref) = (Dir::new(), Dir::new());
    assert!(run(old_input.path(), old_ref.path(), &[]).status.success());
    assert!(run(new_input.path(), new_ref.path(), &[]).status.success());
    let (old, new) = (set_of(old_ref.path()), set_of(new_ref.path()));
    assert_ne!(old["records.jsonl"], new["records.jsonl"]);

    let out = Dir::new();
    assert!(run(old_input.path(), out.path(), &[]).status.success());
    let (mut kept_old, mut switched) = (0, 0);
    for point in 1.. {
        let o = run_aborting_at(new_input.path(), out.path(), point);
        let seen = set_of(out.path());
        if o.status.success() {
            assert!(seen == new, "a finished run leaves the new set");
            break;
        }
        assert!(point < 100, "the run never finished");
        if seen == old {
            kept_old += 1;
        } else {
            let differ: Vec<&String> = seen.keys().filter(|k| seen[*k] != new[*k]).collect();
            assert!(
                differ.is_empty(),
                "killed at write {point}: a mix of two runs ({differ:?} not the new run's)"
            );
            switched += 1;
            // Back to the old set for the next point.
            assert!(run(old_input.path(), out.path(), &[]).status.success());
        }
    }
    // Every output is one point (a dozen CSVs among them), and a kill
    // after the switch leaves the new set.
    assert!(kept_old >= 15, "{kept_old} points kept the old set");
    assert!(switched >= 1, "no point fell after the switch");
    // No set of a killed run is left behind.
    let sets = std::fs::read_dir(out.path().join(".generations")).unwrap();
    assert_eq!(sets.count(), 1);
}

#[test]
fn shards_merged_give_what_one_run_gives() {
    let out = Dir::new();
    let input = fixture("replies");
    let one = out.path().join("one");
    assert!(run(&input, &one, &["--no-progress"]).status.success());
    let mut shards = Vec::new();
    for i in 1..=3 {
        let shard = out.path().join(format!("shard{i}"));
        let o = run(
            &input,
            &shard,
            &["--no-progress", "--shard", &format!("{i}/3")],
        );
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        shards.push(shard);
    }
    let rows = |d: &Path| csv_rows(&d.join("files.csv")).len();
    assert_eq!(shards.iter().map(|s| rows(s)).sum::<usize>(), rows(&one));
    assert!(
        shards.iter().all(|s| rows(s) > 0),
        "every share holds files"
    );
    let merged = out.path().join("merged");
    let mut args = vec!["merge".to_string()];
    args.extend(shards.iter().map(|s| s.to_string_lossy().into_owned()));
    args.extend(["--out".into(), merged.to_string_lossy().into_owned()]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let o = crate::util::foi(&args);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    // Byte for byte, but for the time each file took.
    assert!(
        set_of(&merged) == set_of(&one),
        "merged shards differ from one run"
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
    assert!(docs(&merged) == docs(&one), "documents differ");
    for name in ["ethnicity.csv", "reasons.csv", "monthly.csv", "rates.csv"] {
        assert_eq!(
            std::fs::read(merged.join(name)).unwrap(),
            std::fs::read(one.join(name)).unwrap(),
            "{name}"
        );
    }
    // Shards that overlap are refused.
    let o = crate::util::foi(&[
        "merge",
        shards[0].to_str().unwrap(),
        shards[0].to_str().unwrap(),
        "--out",
        out.path().join("bad").to_str().unwrap(),
    ]);
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("the shards overlap"));
}
