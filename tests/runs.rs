//! What a volunteer meets running the tool: `run` on a single file or an
//! empty folder, the progress count, `--compare` field names and the
//! re-run summary, and `rules check` from outside the repository.

use crate::util::{csv_rows, fixture, foi, foi_in, run, Dir};
use std::path::Path;

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The closing summary's `files read N` figure.
fn files_read(stderr: &str) -> u64 {
    let tail = stderr.rsplit("files read ").next().expect("a summary line");
    tail.split(',').next().unwrap().trim().parse().unwrap()
}

#[test]
fn run_on_a_single_file_reads_it() {
    let out = Dir::new();
    let reply = fixture("replies/kent/FOI 123-20 reply.pdf");
    let o = run(&reply, out.path(), &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let rows = csv_rows(&out.path().join("files.csv"));
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0]["path"], "FOI 123-20 reply.pdf");
    assert_eq!(rows[0]["status"], "ok");
    assert_eq!(rows[0]["force"], "kent");
    let records = std::fs::read_to_string(out.path().join("records.jsonl")).unwrap();
    assert!(records.contains("\"force\":\"kent\""), "{records}");
    // A path that is neither says so.
    let o = run(Path::new("/no/such/reply.pdf"), out.path(), &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("no such file or folder"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn empty_folder_gives_every_output_with_its_header_and_resource() {
    let input = Dir::new();
    let out = Dir::new();
    let o = run(input.path(), out.path(), &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("warning: no file found in"),
        "{}",
        stderr(&o)
    );
    let package: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.path().join("datapackage.json")).unwrap())
            .unwrap();
    let resources = package["resources"].as_array().unwrap();
    let paths: Vec<&str> = resources
        .iter()
        .map(|r| r["path"].as_str().unwrap())
        .collect();
    assert!(paths.contains(&"files.csv"), "{paths:?}");
    // Every resource is there with its header: the columns the package
    // declares, so pandas or frictionless open it.
    for r in resources {
        let path = out.path().join(r["path"].as_str().unwrap());
        let mut reader = csv::Reader::from_path(&path).unwrap();
        let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
        let declared: Vec<&str> = r["schema"]["fields"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["name"].as_str().unwrap())
            .collect();
        assert_eq!(header, declared, "{}", path.display());
    }
    for other in ["records.jsonl", "foi.sqlite", "report.html"] {
        assert!(out.path().join(other).is_file(), "{other}");
    }
}

/// Every `[done/total]` line of a piped run: the count goes up by one, the
/// total never falls, and the last line is the summary's figure.
#[test]
fn progress_count_never_goes_backwards_and_ends_on_the_summary_figure() {
    let out = Dir::new();
    let o = run(
        &fixture("replies"),
        out.path(),
        &["--jobs", "2", "--no-cache", "--no-progress"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stderr(&o);
    let counts: Vec<(u64, u64)> = text
        .lines()
        .filter_map(|l| l.strip_prefix('[')?.split_once(']'))
        .filter_map(|(c, _)| {
            let (d, t) = c.split_once('/')?;
            Some((d.parse().ok()?, t.parse().ok()?))
        })
        .collect();
    assert!(!counts.is_empty(), "{text}");
    for (i, w) in counts.windows(2).enumerate() {
        assert_eq!(w[1].0, w[0].0 + 1, "line {}: {text}", i + 2);
        assert!(w[1].1 >= w[0].1, "total fell at line {}: {text}", i + 2);
    }
    assert!(counts.iter().all(|(d, t)| d <= t), "{text}");
    // Done reaches the total only at the end.
    assert!(
        counts[..counts.len() - 1].iter().all(|(d, t)| d < t),
        "{text}"
    );
    let last = *counts.last().unwrap();
    let files = files_read(&text);
    assert_eq!(last, (files, files), "{text}");
    assert_eq!(
        files as usize,
        csv_rows(&out.path().join("files.csv")).len()
    );
}

#[test]
fn compare_unknown_field_is_rejected_with_the_valid_names() {
    let dir = Dir::new();
    let compare = dir.create("published.csv", b"force,field,value\nKent,scans_totl,511\n");
    let out = Dir::new();
    let reply = fixture("replies/kent/FOI 123-20 reply.pdf");
    let o = run(
        &reply,
        out.path(),
        &["--compare", compare.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let text = stderr(&o);
    assert!(text.contains("row 2: unknown field 'scans_totl'"), "{text}");
    assert!(
        text.contains("scans.total (or scans_total)"),
        "lists the valid names: {text}"
    );
    // Nothing was read: the check comes before the batch.
    assert!(!out.path().join("files.csv").exists());
}

#[test]
fn changed_compare_file_shows_in_the_rerun_summary() {
    let dir = Dir::new();
    // The CSV column spelling is accepted as well as the dotted one.
    let compare = dir.create(
        "published.csv",
        b"force,field,value\nKent,scans_total,1\nKent,response.status,disclosed\n",
    );
    let out = Dir::new();
    let reply = fixture("replies/kent/FOI 123-20 reply.pdf");
    let args = ["--compare", compare.to_str().unwrap()];
    let o = run(&reply, out.path(), &args);
    assert!(o.status.success(), "{}", stderr(&o));
    let checks = csv_rows(&out.path().join("checks.csv"));
    let compared: Vec<&str> = checks
        .iter()
        .filter(|c| c["check"] == "compare")
        .map(|c| c["field"].as_str())
        .collect();
    assert_eq!(compared, ["scans.total"], "{checks:?}");
    // The same figures again: nothing to say.
    let o = run(&reply, out.path(), &args);
    assert!(
        stderr(&o).contains("no changes since the last run"),
        "{}",
        stderr(&o)
    );
    // One figure changed, one added.
    std::fs::write(
        &compare,
        b"force,field,value\nKent,scans.total,2\nKent,response.status,disclosed\nKent,bsg.status,in_use\n",
    )
    .unwrap();
    let o = run(&reply, out.path(), &args);
    let text = stderr(&o);
    assert!(o.status.success(), "{text}");
    assert!(text.contains("compare figures changed: 1 added"), "{text}");
    assert!(
        text.contains("  ~ figure Kent scans.total: 1 -> 2\n"),
        "{text}"
    );
    assert!(
        text.contains("  + figure Kent bsg.status = in_use\n"),
        "{text}"
    );
    // Dropping the compare file is said too.
    let o = run(&reply, out.path(), &[]);
    assert!(
        stderr(&o).contains("compare figures: none given this run"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn rules_check_outside_the_repository_checks_the_built_in_rules() {
    let elsewhere = Dir::new();
    let o = foi_in(elsewhere.path(), &["rules", "check"]);
    let text = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(0), "{text}{}", stderr(&o));
    assert_eq!(
        text,
        "built-in rules: all rule and vocabulary files are valid\n"
    );
    // In the repository it checks ./schemas, as `run` uses it there.
    let o = foi(&["rules", "check"]);
    assert_eq!(
        String::from_utf8_lossy(&o.stdout),
        "schemas: all rule and vocabulary files are valid\n"
    );
    // A ./schemas with a registry is what `run` would use: a broken one
    // is reported from the folder it is in.
    elsewhere.create("schemas/forces.toml", b"[[force]\n");
    let o = foi_in(elsewhere.path(), &["rules", "check"]);
    let text = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(1), "{text}");
    assert!(text.contains("forces.toml:1: "), "{text}");
    // A folder named but missing is a usage error.
    let o = foi_in(
        elsewhere.path(),
        &["rules", "check", "--schemas", "no-such-folder"],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no-such-folder: no such folder"));
}
