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
