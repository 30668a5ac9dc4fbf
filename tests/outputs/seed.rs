//! Records shaped like the seed report's forces, built in code (the
//! output stage is tested apart from the mapping), and a file log.

use foi_extract::doc::Prov;
use foi_extract::files::FileRow;
use foi_extract::read::Status;
use foi_extract::record::*;

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

pub fn base(force: &str, name: &str) -> Record {
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
        field: Field::parse(field).expect("a record field"),
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
    r.provenance
        .insert(Field::ScansTotal, prov(&file, Some(1), None, Some("r2c5")));
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

pub fn file_rows() -> Vec<FileRow> {
    let row = |path: &str, status: Status, message: &str| FileRow {
        path: path.into(),
        sha256: "cd".repeat(32),
        format: "pdf".into(),
        bytes: 1234,
        parts: 2,
        status,
        message: message.into(),
        milliseconds: 15,
        force: path.split('/').next().unwrap_or("").into(),
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
