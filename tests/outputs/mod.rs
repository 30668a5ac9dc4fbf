//! The output stage on records built from the seed report's own tables:
//! every CSV (snapshots), the SQLite tables and views, the data package,
//! determinism, the re-run diff, the compare check and `summary`.

// The records and file log the tests write.
mod seed;
// External checkers: `frictionless validate` and headless Chromium.
mod tools;
// The report read as an analyst reads it.
mod report;
// Disproportionality pooled over forces.
mod rates;

use crate::util::{csv_rows, fixture, foi, Dir};
use foi_extract::files::write_files_csv;
use foi_extract::output::{write_all, OutputOptions};
use foi_extract::record::*;
use seed::{base, file_rows, seed_records};
use std::path::{Path, PathBuf};
use std::process::Command;

pub fn options(compare: Option<PathBuf>) -> OutputOptions {
    OutputOptions {
        population: None,
        compare,
        schemas: Some(crate::util::root().join("schemas")),
    }
}

pub fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

pub const CSVS: &[&str] = &[
    "records.csv",
    "sources.csv",
    "ethnicity.csv",
    "reasons.csv",
    "monthly.csv",
    "flags.csv",
    "gaps.csv",
    "rates.csv",
    "disproportionality.csv",
    "disproportionality_pooled.csv",
    "checks.csv",
];

#[test]
fn csv_tables_snapshot() {
    let dir = Dir::new();
    let changes = write_all(dir.path(), &seed_records(), &[], &options(None)).unwrap();
    assert!(changes.first_run);
    for name in CSVS {
        insta::assert_snapshot!(name.replace('.', "_"), read(dir.path(), name));
    }
    let jsonl = read(dir.path(), "records.jsonl");
    let forces: Vec<String> = jsonl
        .lines()
        .map(|l| serde_json::from_str::<Record>(l).unwrap().force)
        .collect();
    let mut sorted = forces.clone();
    sorted.sort();
    assert_eq!(forces, sorted, "records.jsonl sorted by force");
    assert_eq!(forces.len(), 15);
}

#[test]
fn headline_values_in_the_csvs() {
    let dir = Dir::new();
    write_all(dir.path(), &seed_records(), &[], &options(None)).unwrap();
    let records = csv_rows(&dir.path().join("records.csv"));
    let met = records
        .iter()
        .find(|r| r["force"] == "metropolitan")
        .unwrap();
    assert_eq!(met["scans_total"], "28056");
    assert_eq!(met["scans_iabs"], "", "null, not 0");
    assert_eq!(met["flags"], "6");
    let surrey = records.iter().find(|r| r["force"] == "surrey").unwrap();
    assert_eq!(
        (
            surrey["response_status"].as_str(),
            surrey["exemptions"].as_str()
        ),
        ("partial", "foia:s31")
    );
    let rates = csv_rows(&dir.path().join("rates.csv"));
    let per: Vec<(&str, &str)> = rates
        .iter()
        .map(|r| (r["force"].as_str(), r["scans_per_10000"].as_str()))
        .collect();
    assert!(per.contains(&("metropolitan", "34.35")), "{per:?}");
    assert!(per.contains(&("surrey", "24.23")), "{per:?}");
    assert!(per.contains(&("cheshire", "11.76")), "{per:?}");
    assert!(per.contains(&("lincolnshire", "15.60")), "{per:?}");
    assert!(
        !per.iter().any(|p| p.0 == "police-scotland"),
        "no census area, no rate"
    );
    let disp = csv_rows(&dir.path().join("disproportionality.csv"));
    let arab = disp.iter().find(|r| r["group"] == "Arab").unwrap();
    assert_eq!(arab["mapping"], "ic-2011");
    assert_eq!(
        (arab["scans"].as_str(), arab["population"].as_str()),
        ("50", "420")
    );
    let flags = csv_rows(&dir.path().join("flags.csv"));
    let kent_eth = flags
        .iter()
        .find(|r| r["force"] == "kent" && r["field"] == "ethnicity")
        .unwrap();
    assert_eq!(
        (
            kent_eth["kind"].as_str(),
            kent_eth["file"].as_str(),
            kent_eth["page"].as_str()
        ),
        ("not_recorded", "kent/reply.pdf", "2")
    );
}

/// Lincolnshire's Arab row (50 scans of 420 residents) gave a ratio of
/// 86.37 printed like any other. Every rate and ratio now has its 95%
/// interval, in the CSVs and the package, and thin rows are marked and
/// come last.
#[test]
fn tiny_group_ratio_printed_like_any_other() {
    let dir = Dir::new();
    write_all(dir.path(), &seed_records(), &[], &options(None)).unwrap();
    let disp = csv_rows(&dir.path().join("disproportionality.csv"));
    let groups: Vec<&str> = disp.iter().map(|r| r["group"].as_str()).collect();
    assert_eq!(
        groups,
        ["White", "Black", "Asian (not Chinese)", "Chinese", "Arab"]
    );
    let arab = &disp[4];
    assert_eq!(arab["ratio"], "86.37");
    assert_eq!(
        (arab["ratio_low"].as_str(), arab["ratio_high"].as_str()),
        ("63.65", "114.81")
    );
    assert_eq!(arab["caution"], "fewer than 1,000 residents");
    assert_eq!(
        disp[3]["caution"], "fewer than 10 scans",
        "Chinese: 3 scans"
    );
    assert_eq!(disp[0]["caution"], "");
    assert_eq!(
        (
            disp[0]["per_10000_low"].as_str(),
            disp[0]["per_10000_high"].as_str()
        ),
        ("12.93", "14.68")
    );
    let pooled = csv_rows(&dir.path().join("disproportionality_pooled.csv"));
    assert_eq!(pooled[1]["force_list"], "lincolnshire");
    assert_eq!(pooled[1]["reference_scans"], "960");
    let rates = csv_rows(&dir.path().join("rates.csv"));
    let met = rates.iter().find(|r| r["force"] == "metropolitan").unwrap();
    assert_eq!(
        (
            met["scans_per_10000_low"].as_str(),
            met["scans_per_10000_high"].as_str()
        ),
        ("33.95", "34.76")
    );
    let pkg = read(dir.path(), "datapackage.json");
    for column in [
        "\"ratio_low\"",
        "\"scans_per_10000_high\"",
        "\"caution\"",
        "\"force_list\"",
    ] {
        assert!(pkg.contains(column), "{column} not in the package");
    }
    let report = read(dir.path(), "report.html");
    assert!(report.contains("exact Poisson (Garwood) for rates; exact conditional (Clopper–Pearson binomial) for ratios of rates"));
    assert!(report.contains("86.37 (63.65–114.81)"));
}

#[test]
fn sqlite_tables_and_views() {
    let dir = Dir::new();
    write_all(dir.path(), &seed_records(), &[], &options(None)).unwrap();
    let conn = rusqlite::Connection::open(dir.path().join("foi.sqlite")).unwrap();
    let count: i64 = conn
        .query_row("SELECT COUNT(*) FROM records", [], |r| r.get(0))
        .unwrap();
    assert_eq!(count, 15);
    let missing: Vec<(String, String)> = conn
        .prepare("SELECT force, ethnicity_status FROM forces_missing_ethnicity")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert!(
        missing.contains(&("kent".into(), "not_recorded".into())),
        "{missing:?}"
    );
    assert!(
        missing.contains(&("sussex".into(), "withheld".into())),
        "{missing:?}"
    );
    assert!(
        !missing
            .iter()
            .any(|m| m.0 == "lincolnshire" || m.0 == "police-scotland"),
        "{missing:?}"
    );
    let top: (String, i64, i64) = conn
        .query_row(
            "SELECT force, scans_total, scans_iabs IS NULL FROM scans_by_database LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(top, ("metropolitan".into(), 28_056, 1));
    let kent_share: f64 = conn
        .query_row(
            "SELECT immigration_arrest_pct FROM scans_by_database WHERE force = 'kent'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(kent_share, 16.8);
    let (gaps, fields): (i64, String) = conn
        .query_row(
            "SELECT gaps, gap_fields FROM gaps_by_force WHERE force = 'metropolitan'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(gaps, 4);
    assert_eq!(
        fields,
        "ethnicity:missing immigration_arrests:missing reasons:missing scans_by_database:missing"
    );
    let outcomes: Vec<(String, i64)> = conn
        .prepare("SELECT response_status, forces FROM responses_by_outcome")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(outcomes[0], ("disclosed".into(), 11));
    // Keys hold: a flag for a force with no record is refused.
    let err = conn.execute_batch(
        "PRAGMA foreign_keys = ON; INSERT INTO flags (force, seq, field, kind) VALUES ('nowhere', 1, 'scans', 'missing')",
    );
    assert!(err.is_err());
    // And the sqlite3 shell opens it as it is.
    if let Some(sqlite3) = crate::util::needed(
        "sqlite_tables_and_views",
        "the sqlite3 shell",
        crate::util::which("sqlite3"),
    ) {
        let out = Command::new(sqlite3)
            .arg(dir.path().join("foi.sqlite"))
            .arg("SELECT force FROM forces_missing_ethnicity WHERE force = 'kent'")
            .output()
            .unwrap();
        assert_eq!(String::from_utf8_lossy(&out.stdout), "kent\n");
    }
}

#[test]
fn datapackage_describes_every_csv() {
    let dir = Dir::new();
    write_all(dir.path(), &seed_records(), &[], &options(None)).unwrap();
    let pkg: serde_json::Value =
        serde_json::from_str(&read(dir.path(), "datapackage.json")).unwrap();
    assert_eq!(pkg["profile"], "tabular-data-package");
    let resources = pkg["resources"].as_array().unwrap();
    let paths: Vec<&str> = resources
        .iter()
        .map(|r| r["path"].as_str().unwrap())
        .collect();
    // The file log is described whether or not it has rows.
    assert_eq!(paths, [CSVS, &["files.csv"]].concat());
    let flags = &resources[5]["schema"];
    assert_eq!(flags["primaryKey"], serde_json::json!(["force", "seq"]));
    assert_eq!(flags["foreignKeys"][0]["reference"]["resource"], "records");
    let kind = flags["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == "kind")
        .unwrap();
    assert_eq!(
        kind["constraints"]["enum"],
        serde_json::json!([
            "missing",
            "not_recorded",
            "withheld",
            "inconsistent",
            "ambiguous",
            "unreadable"
        ])
    );
    let records = &resources[0]["schema"]["fields"];
    let total = records
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == "scans_total")
        .unwrap();
    assert_eq!(total["type"], "integer");
    // Every header of every CSV is a field of its resource, in order.
    for r in resources {
        let header = read(dir.path(), r["path"].as_str().unwrap())
            .lines()
            .next()
            .unwrap()
            .to_string();
        let fields: Vec<&str> = r["schema"]["fields"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["name"].as_str().unwrap())
            .collect();
        assert_eq!(header, fields.join(","));
    }
    assert!(read(dir.path(), "datapackage.json").contains("Open Government Licence v.3.0"));
}

#[test]
fn files_log_joins_the_package_and_database() {
    let dir = Dir::new();
    let files = file_rows();
    write_files_csv(&dir.path().join("files.csv"), &files).unwrap();
    write_all(dir.path(), &seed_records(), &files, &options(None)).unwrap();
    let pkg: serde_json::Value =
        serde_json::from_str(&read(dir.path(), "datapackage.json")).unwrap();
    let last = pkg["resources"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["path"], "files.csv");
    let conn = rusqlite::Connection::open(dir.path().join("foi.sqlite")).unwrap();
    let status: String = conn
        .query_row(
            "SELECT status FROM files WHERE path = 'essex/scan.pdf'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(status, "unreadable");
}

#[test]
fn no_records_still_gives_every_file() {
    let dir = Dir::new();
    write_all(dir.path(), &[], &[], &options(None)).unwrap();
    for name in CSVS.iter().chain(&["files.csv"]) {
        assert_eq!(
            read(dir.path(), name).lines().count(),
            1,
            "{name}: header only"
        );
    }
    assert_eq!(read(dir.path(), "records.jsonl"), "");
    assert!(read(dir.path(), "report.html").contains("No reply was found"));
}

#[test]
fn compare_lists_the_seed_reports_slips() {
    let dir = Dir::new();
    let compare = fixture("outputs/seed-published.csv");
    write_all(dir.path(), &seed_records(), &[], &options(Some(compare))).unwrap();
    let checks = csv_rows(&dir.path().join("checks.csv"));
    let compared: Vec<(&str, &str, &str, &str, &str)> = checks
        .iter()
        .filter(|c| c["check"] == "compare")
        .map(|c| {
            (
                c["force"].as_str(),
                c["field"].as_str(),
                c["stated"].as_str(),
                c["computed"].as_str(),
                c["verdict"].as_str(),
            )
        })
        .collect();
    assert_eq!(
        compared,
        vec![
            (
                "cheshire",
                "rate.scans_per_10000",
                "17",
                "11.76",
                "disagrees"
            ),
            (
                "lincolnshire",
                "rate.scans_per_10000",
                "15",
                "15.60",
                "rounding"
            ),
        ]
    );
    let report = read(dir.path(), "report.html");
    assert!(report.contains("published 17 but the figures give 11.76"));
}

#[test]
fn output_is_byte_identical_whatever_the_input_order() {
    let (a, b) = (Dir::new(), Dir::new());
    let mut records = seed_records();
    write_all(a.path(), &records, &[], &options(None)).unwrap();
    records.reverse();
    records.rotate_left(4);
    write_all(b.path(), &records, &[], &options(None)).unwrap();
    for name in CSVS.iter().chain(&[
        "records.jsonl",
        "datapackage.json",
        "report.html",
        "foi.sqlite",
    ]) {
        let (x, y) = (
            std::fs::read(a.path().join(name)).unwrap(),
            std::fs::read(b.path().join(name)).unwrap(),
        );
        assert!(x == y, "{name} differs between runs");
    }
    let leftovers: Vec<String> = std::fs::read_dir(a.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".tmp-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn rerun_says_what_changed() {
    let dir = Dir::new();
    let mut records = seed_records();
    write_all(dir.path(), &records, &[], &options(None)).unwrap();
    let again = write_all(dir.path(), &records, &[], &options(None)).unwrap();
    assert_eq!(again.to_string(), "no changes since the last run\n");
    let kent = records.iter_mut().find(|r| r.force == "kent").unwrap();
    kent.scans.total = Some(512);
    kent.flags.retain(|f| f.field != Field::Ethnicity);
    records.retain(|r| r.force != "sussex");
    records.push(base("hampshire", "Hampshire Constabulary"));
    let text = write_all(dir.path(), &records, &[], &options(None))
        .unwrap()
        .to_string();
    assert!(text.starts_with("since the last run: 1 force added, 1 gone, 1 value changed, 0 flags opened, 1 closed\n"), "{text}");
    assert!(text.contains("  + force hampshire\n"), "{text}");
    assert!(text.contains("  - force sussex\n"), "{text}");
    assert!(
        text.contains("  ~ kent scans.total: 511 -> 512\n"),
        "{text}"
    );
    assert!(
        text.contains(
            "  ✓ closed kent ethnicity not_recorded: force states ethnicity is not recorded\n"
        ),
        "{text}"
    );
}

#[test]
fn population_file_replaces_the_census() {
    let dir = Dir::new();
    let pop = dir.create("pop.csv", b"area,Total: All usual residents,White,Other ethnic group: Arab\nKent,2000000,1800000,10000\n");
    let mut opts = options(None);
    opts.population = Some(pop);
    let out = dir.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    write_all(&out, &seed_records(), &[], &opts).unwrap();
    let rates = csv_rows(&out.join("rates.csv"));
    assert_eq!(rates.len(), 1);
    assert_eq!(
        (
            rates[0]["force"].as_str(),
            rates[0]["scans_per_10000"].as_str()
        ),
        ("kent", "2.56")
    );
    assert!(read(&out, "datapackage.json").contains("pop.csv"));
}

#[test]
fn summary_prints_the_headline_and_top_gaps() {
    let dir = Dir::new();
    write_all(dir.path(), &seed_records(), &[], &options(None)).unwrap();
    let out = foi(&["summary", dir.path().to_str().unwrap()]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(text.starts_with("Forces asked: 15\n"), "{text}");
    assert!(text.contains("Replies:      Responded 13 | Asked for clarification 0 | No response 1 | Unclear 0 | Declined 1\n"), "{text}");
    assert!(
        text.contains(
            "Devices:      Using 12 | Piloted 1 | Acquiring 0 | Not using 1 | Unknown 1\n"
        ),
        "{text}"
    );
    assert!(text.contains("\nmetropolitan             disclosed             M         P         M         M         M     6\n"), "{text}");
}

#[test]
fn two_records_for_one_force_are_refused() {
    let dir = Dir::new();
    let records = vec![base("kent", "Kent Police"), base("kent", "Kent Police")];
    let err = write_all(dir.path(), &records, &[], &options(None)).unwrap_err();
    assert_eq!(
        err.to_string(),
        "two records for force 'kent': the mapping must merge them"
    );
    assert!(
        !dir.path().join("records.jsonl").exists(),
        "nothing written"
    );
}

#[test]
fn unreadable_previous_records_are_said_so() {
    let dir = Dir::new();
    dir.create("records.jsonl", b"{not json\n");
    let changes = write_all(dir.path(), &seed_records(), &[], &options(None)).unwrap();
    let text = changes.to_string();
    assert!(
        text.starts_with("the previous records.jsonl could not be read ("),
        "{text}"
    );
    assert!(text.ends_with("): nothing to compare with\n"), "{text}");
}
