//! The output stage on records built from the seed report's own tables:
//! every CSV (snapshots), the SQLite tables and views, the data package
//! (and `frictionless validate` when installed), the report in headless
//! Chromium (when installed), determinism, the re-run diff, the compare
//! check and `summary`.

use crate::util::{csv_rows, fixture, foi, Dir};
use foi_extract::batch::files_log::write_files_csv;
use foi_extract::batch::FileRow;
use foi_extract::doc::Prov;
use foi_extract::output::{write_all, OutputOptions};
use foi_extract::read::Status;
use foi_extract::record::*;
use std::path::{Path, PathBuf};
use std::process::Command;

fn prov(file: &str, page: Option<u32>, sheet: Option<&str>, cell: Option<&str>) -> Prov {
    Prov {
        file: file.into(),
        page,
        sheet: sheet.map(Into::into),
        table: Some(1),
        cell: cell.map(Into::into),
        ..Default::default()
    }
}

fn base(force: &str, name: &str) -> Record {
    Record {
        schema_version: SCHEMA_VERSION,
        force: force.into(),
        force_name: name.into(),
        sources: vec![SourceRef {
            file: format!("{force}/reply.pdf"),
            sha256: "ab".repeat(32),
            format: "pdf".into(),
        }],
        response: Response {
            status: ResponseStatus::Disclosed,
            exemptions: vec![],
            reference: Some(format!("FOI-{force}")),
            date: Some("2020-08-14".into()),
        },
        bsg: Bsg {
            status: BsgStatus::InUse,
            since: None,
        },
        period: Some(Period {
            from: Some("2019-03".into()),
            to: Some("2020-06".into()),
        }),
        scans: Scans::default(),
        immigration: Immigration::default(),
        ethnicity: vec![],
        reasons: vec![],
        monthly: vec![],
        flags: vec![],
        provenance: Default::default(),
    }
}

fn flag(force: &str, field: &str, kind: FlagKind, detail: &str) -> Flag {
    Flag {
        field: field.into(),
        kind,
        detail: detail.into(),
        source: Some(prov(&format!("{force}/reply.pdf"), Some(2), None, None)),
        also: vec![],
    }
}

fn scans(r: &mut Record, parts: [Option<u64>; 4]) {
    r.scans = Scans {
        iabs: parts[0],
        ident1: parts[1],
        both: parts[2],
        total: parts[3],
    };
    let file = format!("{}/reply.pdf", r.force);
    r.provenance.insert(
        "scans.total".into(),
        prov(&file, Some(1), None, Some("r2c5")),
    );
    for (i, f) in ["scans.iabs", "scans.ident1", "scans.both"]
        .iter()
        .enumerate()
    {
        if parts[i].is_none() {
            let detail = format!("{f} not given");
            r.flags
                .push(flag(&r.force.clone(), f, FlagKind::Missing, &detail));
        }
    }
}

fn eth(
    label: &str,
    scheme: EthnicityScheme,
    code: &str,
    count: Option<u64>,
    cell: &str,
) -> EthnicityEntry {
    EthnicityEntry {
        label: label.into(),
        scheme,
        code: Some(code.into()),
        count,
        source: Some(prov(
            "lincolnshire/Annex A.xlsx",
            None,
            Some("Ethnicity"),
            Some(cell),
        )),
    }
}

fn reason(label: &str, reason: &str, count: u64) -> ReasonEntry {
    ReasonEntry {
        label: label.into(),
        reason: reason.into(),
        count: Some(count),
        source: Some(prov("kent/reply.pdf", Some(2), None, None)),
    }
}

/// Records shaped like the seed report's forces: its "Number of scans"
/// and "Immigration" tables, plus refusals and non-users.
pub fn seed_records() -> Vec<Record> {
    use EthnicityScheme::Officer;
    let mut out = Vec::new();
    let table = [
        (
            "cheshire",
            "Cheshire Constabulary",
            [Some(605), Some(604), Some(0), Some(1_209)],
        ),
        (
            "devon-and-cornwall",
            "Devon and Cornwall Police",
            [Some(18), Some(232), Some(82), Some(332)],
        ),
        (
            "dyfed-powys",
            "Dyfed-Powys Police",
            [None, None, None, Some(87)],
        ),
        (
            "kent",
            "Kent Police",
            [Some(113), Some(398), Some(0), Some(511)],
        ),
        (
            "metropolitan",
            "Metropolitan Police Service",
            [None, None, None, Some(28_056)],
        ),
        (
            "merseyside",
            "Merseyside Police",
            [Some(495), Some(1_103), Some(0), Some(1_598)],
        ),
        (
            "northamptonshire",
            "Northamptonshire Police",
            [Some(29), Some(303), Some(482), Some(814)],
        ),
        (
            "surrey",
            "Surrey Police",
            [Some(1_289), Some(1_455), Some(0), Some(2_744)],
        ),
        (
            "west-yorkshire",
            "West Yorkshire Police",
            [None, None, Some(1_472), Some(1_472)],
        ),
        ("gwent", "Gwent Police", [None, None, Some(39), Some(39)]),
        (
            "leicestershire",
            "Leicestershire Police",
            [None, None, Some(727), Some(727)],
        ),
        (
            "lincolnshire",
            "Lincolnshire Police",
            [Some(8), Some(578), Some(527), Some(1_113)],
        ),
    ];
    for (force, name, parts) in table {
        let mut r = base(force, name);
        scans(&mut r, parts);
        match force {
            "kent" => {
                r.bsg.since = Some("2019-05".into());
                r.immigration = Immigration {
                    scans: Some(113),
                    arrests: Some(19),
                };
                r.flags.push(flag(
                    force,
                    "ethnicity",
                    FlagKind::NotRecorded,
                    "force states ethnicity is not recorded",
                ));
                r.reasons = vec![
                    reason(
                        "Name/details doubted or refused",
                        "details_doubted_or_refused",
                        340,
                    ),
                    reason("No name given", "name_not_given", 171),
                ];
                // A monthly breakdown that misses 11 scans: the figure check lists it.
                r.monthly = vec![
                    MonthlyEntry {
                        month: "2019-05".into(),
                        total: Some(200),
                        source: None,
                    },
                    MonthlyEntry {
                        month: "2019-06".into(),
                        total: Some(300),
                        source: None,
                    },
                ];
            }
            "west-yorkshire" => {
                r.immigration = Immigration {
                    scans: Some(1_472),
                    arrests: Some(18),
                }
            }
            "gwent" => {
                r.bsg.status = BsgStatus::Pilot;
                r.bsg.since = Some("2019-09".into());
                r.immigration = Immigration {
                    scans: Some(39),
                    arrests: Some(1),
                };
            }
            "lincolnshire" => {
                r.immigration = Immigration {
                    scans: Some(535),
                    arrests: Some(6),
                };
                r.ethnicity = vec![
                    eth(
                        "IC1 - White North European",
                        Officer,
                        "IC1",
                        Some(900),
                        "B2",
                    ),
                    eth("IC2 - White South European", Officer, "IC2", Some(60), "B3"),
                    eth("IC3 - Black", Officer, "IC3", Some(40), "B4"),
                    eth("IC4 - Asian", Officer, "IC4", Some(30), "B5"),
                    eth(
                        "IC5 - Chinese, Japanese or other South East Asian",
                        Officer,
                        "IC5",
                        Some(3),
                        "B6",
                    ),
                    eth(
                        "IC6 - Arabic or North African",
                        Officer,
                        "IC6",
                        Some(50),
                        "B7",
                    ),
                    eth("Not recorded", Officer, "IC0", Some(30), "B8"),
                ];
                r.monthly = vec![
                    MonthlyEntry {
                        month: "2019-03".into(),
                        total: Some(60),
                        source: None,
                    },
                    MonthlyEntry {
                        month: "2019-04".into(),
                        total: None,
                        source: None,
                    },
                ];
            }
            "surrey" => {
                r.response.status = ResponseStatus::Partial;
                r.response.exemptions = vec!["foia:s31".into()];
                r.bsg.since = Some("2018-10".into());
                r.flags.push(flag(
                    force,
                    "reasons",
                    FlagKind::Withheld,
                    "reasons withheld under s.31",
                ));
                r.flags.push(flag(
                    force,
                    "ethnicity",
                    FlagKind::Missing,
                    "reply silent on ethnicity",
                ));
            }
            _ => {
                r.flags.push(flag(
                    force,
                    "ethnicity",
                    FlagKind::Missing,
                    "reply silent on ethnicity",
                ));
                r.flags.push(flag(
                    force,
                    "reasons",
                    FlagKind::Missing,
                    "reply silent on reasons",
                ));
            }
        }
        if r.immigration.arrests.is_none() {
            r.flags.push(flag(
                force,
                "immigration.arrests",
                FlagKind::Missing,
                "no arrest figure",
            ));
        }
        out.push(r);
    }
    let mut essex = base("essex", "Essex Police");
    essex.response = Response {
        status: ResponseStatus::NoResponse,
        exemptions: vec![],
        reference: None,
        date: None,
    };
    essex.bsg.status = BsgStatus::Unknown;
    essex.period = None;
    essex.flags.push(flag(
        "essex",
        "response",
        FlagKind::Missing,
        "no reply received",
    ));
    out.push(essex);
    let mut scotland = base("police-scotland", "Police Scotland");
    scotland.response.status = ResponseStatus::NotHeld;
    scotland.response.exemptions = vec!["foisa:s17".into()];
    scotland.bsg.status = BsgStatus::NotInUse;
    scotland.period = None;
    out.push(scotland);
    let mut sussex = base("sussex", "Sussex Police");
    sussex.response.status = ResponseStatus::Refused;
    sussex.response.exemptions = vec!["foia:s12".into()];
    sussex.period = None;
    sussex.flags.push(flag(
        "sussex",
        "response",
        FlagKind::Withheld,
        "refused on cost (s.12)",
    ));
    out.push(sussex);
    // Arrive in an order that is not the output order.
    out.reverse();
    out
}

fn options(compare: Option<PathBuf>) -> OutputOptions {
    OutputOptions {
        population: None,
        compare,
        schemas: crate::util::root().join("schemas"),
    }
}

fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

const CSVS: &[&str] = &[
    "records.csv",
    "sources.csv",
    "ethnicity.csv",
    "reasons.csv",
    "monthly.csv",
    "flags.csv",
    "gaps.csv",
    "rates.csv",
    "disproportionality.csv",
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
    // And the sqlite3 shell opens it as it is, where installed.
    if Path::new("/usr/bin/sqlite3").exists() {
        let out = Command::new("/usr/bin/sqlite3")
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
    assert_eq!(paths, CSVS);
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

/// `frictionless validate` over the package, where the validator is installed
/// (`.ci/run` installs it; see the README).
#[test]
fn frictionless_validates_the_package() {
    let Ok(path) = which("frictionless") else {
        eprintln!("SKIPPED frictionless_validates_the_package: `frictionless` is not on PATH");
        return;
    };
    let dir = Dir::new();
    let compare = fixture("outputs/seed-published.csv");
    // files.csv is written by the batch before the outputs, as `run` does.
    let files = file_rows();
    write_files_csv(&dir.path().join("files.csv"), &files).unwrap();
    write_all(dir.path(), &seed_records(), &files, &options(Some(compare))).unwrap();
    let out = Command::new(path)
        .arg("validate")
        .arg(dir.path().join("datapackage.json"))
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    if let Ok(keep) = std::env::var("FOI_KEEP_OUTPUT") {
        let _ = Command::new("cp")
            .arg("-r")
            .arg(dir.path())
            .arg(keep)
            .status();
    }
    assert!(
        out.status.success(),
        "frictionless validate failed:\n{text}"
    );
    assert!(text.contains("VALID") || text.contains("valid"), "{text}");
}

fn file_rows() -> Vec<FileRow> {
    let row = |path: &str, status: Status, message: &str| FileRow {
        path: path.into(),
        sha256: "cd".repeat(32),
        format: "pdf".into(),
        bytes: 1234,
        parts: 2,
        status,
        message: message.into(),
        milliseconds: 15,
    };
    vec![
        row("kent/reply.pdf", Status::Ok, ""),
        row(
            "essex/scan.pdf",
            Status::Unreadable,
            "no text layer (scanned image)",
        ),
    ]
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
    for name in CSVS {
        assert_eq!(
            read(dir.path(), name).lines().count(),
            1,
            "{name}: header only"
        );
    }
    assert_eq!(read(dir.path(), "records.jsonl"), "");
    assert!(read(dir.path(), "report.html").contains("No force gave a total."));
}

fn which(cmd: &str) -> Result<PathBuf, ()> {
    let path = std::env::var_os("PATH").ok_or(())?;
    std::env::split_paths(&path)
        .map(|d| d.join(cmd))
        .find(|p| p.is_file())
        .ok_or(())
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
    kent.flags.retain(|f| f.field != "ethnicity");
    records.retain(|r| r.force != "sussex");
    records.push(base("hampshire", "Hampshire Constabulary"));
    let text = write_all(dir.path(), &records, &[], &options(None))
        .unwrap()
        .to_string();
    assert!(text.starts_with("since the last run: 1 forces added, 1 gone, 1 values changed, 0 flags opened, 1 closed\n"), "{text}");
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

/// The report in a real headless browser: it loads with no console
/// messages, and the matrix and charts are in the DOM.
#[test]
fn report_loads_in_headless_chromium() {
    let chromium = Path::new("/usr/bin/chromium");
    if !chromium.exists() {
        eprintln!("SKIPPED report_loads_in_headless_chromium: /usr/bin/chromium not installed");
        return;
    }
    let dir = Dir::new();
    write_all(
        dir.path(),
        &seed_records(),
        &[],
        &options(Some(fixture("outputs/seed-published.csv"))),
    )
    .unwrap();
    let (dom, console) = load_in_chromium(chromium, &dir.path().join("report.html"));
    assert!(
        console.is_empty(),
        "console messages:\n{}",
        console.join("\n")
    );
    assert!(
        dom.contains("<table class=\"matrix\" id=\"gap-matrix\">"),
        "matrix missing"
    );
    assert!(
        dom.contains("<svg id=\"chart-scans\""),
        "scans chart missing"
    );
    assert!(
        dom.contains("<svg id=\"chart-arrests\""),
        "arrests chart missing"
    );
    assert!(
        dom.contains("<svg id=\"chart-responses\""),
        "responses chart missing"
    );
    assert!(dom.contains("id=\"force-kent\""));
    // The detector itself catches a page that does log errors.
    let bad = dir.create(
        "bad.html",
        b"<!DOCTYPE html><p>x</p><script>undefinedFn()</script>",
    );
    let (_, console) = load_in_chromium(chromium, &bad);
    assert!(
        console.iter().any(|l| l.contains("undefinedFn")),
        "{console:?}"
    );
}

fn load_in_chromium(chromium: &Path, page: &Path) -> (String, Vec<String>) {
    let profile = tempfile::tempdir().unwrap();
    let out = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg("--dump-dom")
        .arg(format!("file://{}", page.display()))
        .output()
        .unwrap();
    let console = String::from_utf8_lossy(&out.stderr)
        .lines()
        .filter(|l| l.contains(":CONSOLE"))
        .map(str::to_string)
        .collect();
    (String::from_utf8_lossy(&out.stdout).into_owned(), console)
}
