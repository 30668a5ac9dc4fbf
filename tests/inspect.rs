//! `foi-extract inspect`: the streamed text, JSON and table CSV output of
//! one file and the files inside it.

use crate::util::{fixture, foi, Dir};
use foi_extract::batch::read_tree_in_process;
use foi_extract::doc::Document;
use foi_extract::read::Limits;

/// Every JSON value `inspect --json` printed, in order.
fn json_values(stdout: &[u8]) -> Vec<serde_json::Value> {
    serde_json::Deserializer::from_slice(stdout)
        .into_iter::<serde_json::Value>()
        .map(|v| v.expect("inspect --json prints JSON values"))
        .collect()
}

#[test]
fn tables_csv_names_each_table_by_its_first_page_and_order() {
    let out = Dir::new();
    let o = foi(&[
        "inspect",
        fixture("formats/pdf-tables/continued.pdf")
            .to_str()
            .unwrap(),
        "--tables-csv",
        out.path().to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let names: Vec<String> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    // The table runs over pages 1 and 2: one file, named after page 1.
    assert_eq!(names, vec!["continued__p1__t1.csv"]);
    let mut rows = csv::Reader::from_path(out.path().join("continued__p1__t1.csv")).unwrap();
    let headers: Vec<String> = rows.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(headers, vec!["Month", "Ethnicity", "Stops", "Arrests"]);
    let last = rows.records().last().unwrap().unwrap();
    assert_eq!(
        last.iter().collect::<Vec<_>>(),
        vec!["Jun 2020", "Mixed", "146", "16"]
    );
}

#[test]
fn json_is_the_document_read_in_process_for_every_file_of_a_zip() {
    let path = fixture("replies/northants-wdtk.zip");
    let o = foi(&["inspect", "--json", path.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let printed: Vec<Document> = json_values(&o.stdout)
        .into_iter()
        .map(|v| serde_json::from_value(v).expect("a document"))
        .collect();
    let bytes = std::fs::read(&path).unwrap();
    let expected: Vec<Document> =
        read_tree_in_process(&bytes, "northants-wdtk.zip", Limits::default())
            .into_iter()
            .filter_map(|o| o.document)
            .collect();
    assert_eq!(printed.len(), 3);
    assert_eq!(printed, expected);
}

#[test]
fn text_shows_each_page_then_the_status_and_fails_on_an_unreadable_file() {
    let o = foi(&[
        "inspect",
        fixture("formats/pdf-tables/continued.pdf")
            .to_str()
            .unwrap(),
    ]);
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success());
    let heads: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with("==") || l.starts_with("---") || l.starts_with("[table"))
        .collect();
    assert_eq!(heads.len(), 5, "{text}");
    assert_eq!(heads[0], "== continued.pdf");
    assert!(heads[1].starts_with("--- page 1 "), "{text}");
    assert_eq!(heads[2], "[table continued.pdf p1 t1 73x4 via lattice]");
    assert!(heads[3].starts_with("--- page 2 "), "{text}");
    assert_eq!(heads[4], "== continued.pdf [pdf] ok");

    let dir = Dir::new();
    let bad = dir.create("broken.pdf", b"%PDF-1.4\nnot really a pdf");
    let o = foi(&["inspect", bad.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains("== broken.pdf [pdf] unreadable: "), "{text}");
    let o = foi(&["inspect", "--json", bad.to_str().unwrap()]);
    let values = json_values(&o.stdout);
    assert_eq!(values.len(), 1);
    assert_eq!(values[0]["status"], "unreadable");
}

/// The status line says "unreadable: ..." once, and the exit code is 1 for
/// every kind of unreadable file (a scan gives a document but no text),
/// 2 for a command line naming no file, 0 for a file read.
#[test]
fn inspect_status_is_not_doubled_and_exit_codes_follow_the_readme() {
    let scan = fixture("formats/pdf/scan-image-only.pdf");
    let o = foi(&["inspect", scan.to_str().unwrap()]);
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(
        text.contains("== scan-image-only.pdf [pdf] unreadable: no text layer (scanned image)\n"),
        "{text}"
    );
    assert!(!text.contains("unreadable: unreadable:"), "{text}");
    assert_eq!(o.status.code(), Some(1), "{text}");
    for (file, code) in [
        ("formats/pdf/user-password.pdf", 1),
        ("formats/pdf/truncated.pdf", 1),
        ("formats/mail/encrypted.zip", 1),
        ("formats/mail/table.xlsx", 0),
    ] {
        let o = foi(&["inspect", fixture(file).to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(code), "{file}");
    }
    let dir = Dir::new();
    let o = foi(&["inspect", dir.path().join("gone.pdf").to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("gone.pdf: no such file"));
    let o = foi(&["inspect", dir.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("is a folder, not a file"));
}

#[test]
fn inspect_sheet_csvs_are_named_by_sheet_name() {
    let out = Dir::new();
    let o = foi(&[
        "inspect",
        fixture("formats/sheets/foi_annex.xlsx").to_str().unwrap(),
        "--tables-csv",
        out.path().to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let mut names: Vec<String> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "foi_annex__Codes.csv",
            "foi_annex__Ethnicity.csv",
            "foi_annex__Scans by database.csv"
        ]
    );
}

/// Sheet tables carry the spreadsheet's column letters and row numbers,
/// so the `B9` a flag cites is found in the output.
#[test]
fn inspect_shows_cell_addresses_for_sheet_cells() {
    let o = foi(&[
        "inspect",
        fixture("formats/mail/table.xlsx").to_str().unwrap(),
    ]);
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(
        text.contains(
            "|   | A         | B     |\n|---+-----------+-------|\n| 1 | Ethnicity | Scans |\n| 2 | IC1       | 120   |\n"
        ),
        "{text}"
    );
}

/// A long cell is wrapped at 40 characters, every word kept; `--wide`
/// draws it whole on one line.
#[test]
fn inspect_wraps_long_cells_instead_of_cutting_them() {
    let dir = Dir::new();
    let long = "Scans where the person declined to give a name or gave details an officer doubted";
    let csv = dir.create(
        "reasons.csv",
        format!("Reason,Scans\n\"{long}\",12\nImmigration,3\n").as_bytes(),
    );
    let o = foi(&["inspect", csv.to_str().unwrap()]);
    let text = String::from_utf8_lossy(&o.stdout);
    let table: Vec<&str> = text.lines().filter(|l| l.starts_with('|')).collect();
    // Row numbers, the wrapped cell and the count: well under the 83
    // characters of the cell.
    assert!(table.iter().all(|l| l.chars().count() <= 60), "{text}");
    let words: Vec<&str> = table
        .iter()
        .flat_map(|l| l.split('|').nth(2).unwrap().split_whitespace())
        .collect();
    assert!(
        words.join(" ").contains(long),
        "every word of the cell is shown: {text}"
    );
    let o = foi(&["inspect", "--wide", csv.to_str().unwrap()]);
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(
        text.lines()
            .any(|l| l.starts_with(&format!("| 2 | {long} | 12"))),
        "{text}"
    );
}
