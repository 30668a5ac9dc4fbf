//! A search-level annex of many rows (issue 10, item 19): the parent held
//! every cell (5 GB for 400,000 rows) and wrote hundreds of MB of
//! documents JSON. Now the reader counts the records by database,
//! ethnicity, reason and month into small tables citing the sheet and
//! columns counted, keeps only the first rows, and the mapping reads the
//! counts like any table. The 400,000-row figures are measured by
//! `scripts/big-annex.sh`; this test uses a generated annex just past the
//! size where counting starts.

use crate::util::{run, Dir};
use foi_extract::batch::read_tree_in_process;
use foi_extract::doc::{Part, Sheet};
use foi_extract::read::{Limits, Status};
use std::collections::BTreeMap;

const ROWS: usize = 12_000;
const ETHNICITY: [&str; 5] = ["W1", "B1", "A1", "O1", "NS"];
const DATABASE: [&str; 3] = ["IDENT1", "IABS", "Both"];

/// The annex: a title line, the header, then one row per search.
fn annex() -> (String, BTreeMap<&'static str, u64>, BTreeMap<u32, u64>) {
    let mut text = String::from(
        "Mobile fingerprint searches 2020\nRef,Date,Database searched,Officer defined ethnicity\n",
    );
    let (mut by_eth, mut by_month) = (BTreeMap::new(), BTreeMap::new());
    for i in 0..ROWS {
        let eth = ETHNICITY[i * 7 % 5];
        let month = (i * 13 % 12) as u32 + 1;
        *by_eth.entry(eth).or_insert(0) += 1;
        *by_month.entry(month).or_insert(0) += 1;
        let db = DATABASE[i % 3];
        text.push_str(&format!(
            "BSG-{i},{:02}/{month:02}/2020,{db},{eth}\n",
            i % 28 + 1
        ));
    }
    (text, by_eth, by_month)
}

fn count_sheets(parts: &[Part]) -> Vec<&Sheet> {
    parts
        .iter()
        .filter_map(|p| match p {
            Part::Sheet(s) if s.table.method == "record count" => Some(s),
            _ => None,
        })
        .collect()
}

#[test]
fn parent_held_every_cell_of_a_search_level_annex() {
    let (text, by_eth, by_month) = annex();
    let outcomes = read_tree_in_process(text.as_bytes(), "Kent/annex.csv", Limits::default());
    let out = &outcomes[0];
    assert_eq!(out.row.status, Status::Ok, "{}", out.row.message);
    assert!(
        out.row
            .message
            .contains(&format!("{ROWS} rows, one per record")),
        "{}",
        out.row.message
    );
    let doc = out.document.as_ref().expect("document");
    let Part::Sheet(sample) = &doc.parts[0] else {
        panic!("the annex sheet first")
    };
    assert_eq!(sample.table.n_rows, 100, "only the first rows are kept");
    let counts = count_sheets(&doc.parts);
    let names: Vec<&str> = counts.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "annex (counts by Date)",
            "annex (counts by Database searched)",
            "annex (counts by Officer defined ethnicity)"
        ]
    );
    let rows = |s: &Sheet| -> BTreeMap<String, u64> {
        s.table.rows_text()[1..]
            .iter()
            .map(|r| (r[0].clone(), r[1].parse().expect("count")))
            .collect()
    };
    let eth = rows(counts[2]);
    for (code, n) in &by_eth {
        assert_eq!(eth[*code], *n, "{code}");
    }
    assert_eq!(eth["Total"], ROWS as u64);
    let months = rows(counts[0]);
    assert_eq!(months["March 2020"], by_month[&3]);
    assert_eq!(rows(counts[1])["IABS"], (ROWS / 3) as u64);
    // Provenance: the source sheet and the column range counted.
    let cell = counts[2].table.cell(1, 1).expect("a count");
    assert_eq!(cell.prov.sheet.as_deref(), Some("annex"));
    assert_eq!(
        cell.prov.cell.as_deref(),
        Some(&*format!("D3:D{}", ROWS + 2))
    );
}

#[test]
fn search_level_annex_documents_json_is_bounded_and_its_counts_mapped() {
    let dir = Dir::new();
    let (text, by_eth, _) = annex();
    dir.create("in/Kent/FOI 123-20 annex.csv", text.as_bytes());
    let out = dir.path().join("out");
    let done = run(&dir.path().join("in"), &out, &["--no-progress"]);
    assert!(
        done.status.success(),
        "{}",
        String::from_utf8_lossy(&done.stderr)
    );
    let json_bytes: u64 = std::fs::read_dir(out.join("documents"))
        .expect("documents")
        .map(|e| e.expect("entry").metadata().expect("size").len())
        .sum();
    // The annex CSV is ~450 kB; its whole document was several MB.
    assert!(json_bytes < 200_000, "documents JSON {json_bytes} bytes");
    let records = std::fs::read_to_string(out.join("records.jsonl")).expect("records");
    let kent: serde_json::Value = records
        .lines()
        .map(|l| serde_json::from_str(l).expect("json"))
        .find(|r: &serde_json::Value| r["force"] == "kent")
        .expect("a Kent record");
    let eth: BTreeMap<String, u64> = kent["ethnicity"]
        .as_array()
        .expect("ethnicity")
        .iter()
        .map(|e| {
            (
                e["label"].as_str().unwrap_or("").to_string(),
                e["count"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    assert_eq!(eth.get("W1"), by_eth.get("W1"), "{eth:?}");
    assert_eq!(
        kent["scans"]["total"].as_u64(),
        Some(ROWS as u64),
        "{}",
        kent["scans"]
    );
}
