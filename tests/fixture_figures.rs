//! The figures that matter of every fixture force, asserted one by one
//! beside the records snapshot (which keeps every detail but asserts
//! nothing of its own: an accepted snapshot update could hide a wrong
//! figure). The table is the ground truth of `fixtures/expected/`, written
//! out so a reader sees what each force's replies say.

use foi_extract::record::Record;
use std::collections::BTreeMap;

/// One line per force: response status, BSG use, scans by database (IABS
/// only, IDENT1 only, both, total), immigration scans and arrests, then
/// ethnicity, reasons and monthly as `entries/sum of the counts given`,
/// and the flags as `field/kind` (`-` for none or null).
const FIGURES: &str = "
force              status        bsg        iabs ident1 both total imm.scans arrests ethnicity reasons monthly flags
avon-and-somerset  not_held      acquiring  -    -      -    -     -         -       0/-       0/-     0/-     -
british-transport  not_held      acquiring  -    -      -    -     -         -       0/-       0/-     0/-     -
cheshire           disclosed     in_use     605  604    0    1209  605       -       7/1209    0/-     16/1209 immigration.arrests/not_recorded reasons/not_recorded
derbyshire         unclear       unknown    -    -      -    -     -         -       0/-       0/-     0/-     response/unreadable
devon-and-cornwall disclosed     in_use     18   232    82   332   100       -       19/332    0/-     0/-     immigration.arrests/not_recorded reasons/not_recorded
dyfed-powys        disclosed     pilot      -    -      -    87    -         -       0/-       0/-     0/-     ethnicity/missing immigration.arrests/missing reasons/missing response/unreadable scans.both/missing scans.iabs/missing scans.ident1/missing
essex              refused       unknown    -    -      -    -     -         -       0/-       0/-     0/-     response/withheld
gwent              disclosed     pilot      -    -      39   39    39        1       0/-       0/-     0/-     ethnicity/missing reasons/missing scans.iabs/not_recorded scans.ident1/not_recorded
hertfordshire      clarification unknown    -    -      -    -     -         -       0/-       0/-     0/-     response/missing
kent               disclosed     in_use     113  398    0    511   113       19      0/-       4/511   0/-     ethnicity/not_recorded
leicestershire     unclear       unknown    -    -      -    -     -         -       0/-       0/-     0/-     response/unreadable
lincolnshire       disclosed     in_use     8    578    527  1113  535       6       7/1113    3/1113  16/1113 scans.total/inconsistent
merseyside         disclosed     in_use     283  891    212  1386  495       3       0/-       0/-     0/-     ethnicity/not_recorded reasons/not_recorded
metropolitan       partial       in_use     -    -      -    28056 -         -       0/-       0/-     0/-     ethnicity/withheld immigration.arrests/withheld reasons/withheld scans.both/not_recorded scans.iabs/not_recorded scans.ident1/not_recorded
norfolk            partial       in_use     4    37     12   53    16        0       7/47      3/-     0/-     ethnicity/withheld reasons/ambiguous
north-wales        not_held      not_in_use -    -      -    -     -         -       0/-       0/-     0/-     -
northamptonshire   disclosed     in_use     29   303    482  814   511       -       7/814     0/-     0/-     immigration.arrests/not_recorded reasons/not_recorded
northumbria        not_held      not_in_use -    -      -    -     -         -       0/-       0/-     0/-     -
police-scotland    not_held      not_in_use -    -      -    -     -         -       0/-       0/-     0/-     -
surrey             disclosed     in_use     1289 1455   0    2744  1289      -       7/2744    5/2744  0/-     immigration.arrests/missing
sussex             no_response   unknown    -    -      -    -     -         -       0/-       0/-     0/-     response/missing
west-midlands      partial       in_use     -    -      -    3212  -         -       0/-       0/-     0/-     ethnicity/withheld immigration.arrests/withheld reasons/withheld response/unreadable scans.both/withheld scans.iabs/withheld scans.ident1/withheld
west-yorkshire     disclosed     in_use     -    -      1472 1472  1472      18      7/1444    0/-     0/-     ethnicity/inconsistent reasons/not_recorded scans.iabs/not_recorded scans.ident1/not_recorded
";

/// A null figure is `-`; else the number.
fn figure(v: Option<u64>) -> String {
    v.map_or_else(|| "-".to_string(), |n| n.to_string())
}

/// Entries and the sum of the counts they give (`-` when none gives one).
fn entries(counts: impl Iterator<Item = Option<u64>>) -> String {
    let counts: Vec<Option<u64>> = counts.collect();
    let given: Vec<u64> = counts.iter().flatten().copied().collect();
    let sum = (!given.is_empty()).then(|| given.iter().sum());
    format!("{}/{}", counts.len(), figure(sum))
}

/// A record's line of the table, split into its columns.
fn line(r: &Record) -> Vec<String> {
    let mut flags: Vec<String> = r
        .flags
        .iter()
        .map(|f| format!("{}/{}", f.field, f.kind.name()))
        .collect();
    flags.sort();
    flags.dedup();
    if flags.is_empty() {
        flags.push("-".into());
    }
    let mut cols = vec![
        r.force.clone(),
        r.response.status.name().to_string(),
        r.bsg.status.name().to_string(),
        figure(r.scans.iabs),
        figure(r.scans.ident1),
        figure(r.scans.both),
        figure(r.scans.total),
        figure(r.immigration.scans),
        figure(r.immigration.arrests),
        entries(r.ethnicity.iter().map(|e| e.count)),
        entries(r.reasons.iter().map(|e| e.count)),
        entries(r.monthly.iter().map(|e| e.total)),
    ];
    cols.extend(flags);
    cols
}

/// Assert every figure of the table against the mapped records, naming the
/// force and column of each difference.
pub fn assert_fixture_figures(records: &[Record]) {
    let mut lines = FIGURES.lines().filter(|l| !l.trim().is_empty());
    let header: Vec<&str> = lines.next().unwrap().split_whitespace().collect();
    let want: BTreeMap<&str, Vec<&str>> = lines
        .map(|l| {
            let cols: Vec<&str> = l.split_whitespace().collect();
            (cols[0], cols)
        })
        .collect();
    let got: BTreeMap<&str, Vec<String>> = records
        .iter()
        .map(|r| (r.force.as_str(), line(r)))
        .collect();
    assert_eq!(
        got.keys().collect::<Vec<_>>(),
        want.keys().collect::<Vec<_>>(),
        "one record per fixture force"
    );
    let mut wrong = Vec::new();
    for (force, want) in &want {
        let got = &got[force];
        for (i, column) in header.iter().enumerate().skip(1) {
            // The last column holds every flag, space-separated.
            let (w, g) = match *column {
                "flags" => (want[i..].join(" "), got[i..].join(" ")),
                _ => (want[i].to_string(), got[i].clone()),
            };
            if w != g {
                wrong.push(format!("{force} {column}: got {g}, want {w}"));
            }
        }
    }
    assert!(wrong.is_empty(), "figures differ:\n{}", wrong.join("\n"));
}
