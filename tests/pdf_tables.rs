//! PDF tables from LibreOffice-made fixtures (fixtures/formats/pdf-tables,
//! made by make.py there): each fixture's tables as row texts, snapshotted,
//! plus the facts each fixture exists for asserted cell by cell.

use crate::util::fixture;
use foi_extract::doc::{CellValue, Part, Table};
use foi_extract::read::{read_bytes, Limits};

fn tables(name: &str) -> Vec<Table> {
    let path = fixture(&format!("formats/pdf-tables/{name}.pdf"));
    let bytes = std::fs::read(&path).expect("fixture");
    let (_, result) = read_bytes(&bytes, &format!("{name}.pdf"), 0, Limits::default());
    let extracted = result.expect("readable");
    extracted
        .parts
        .iter()
        .filter_map(|p| match p {
            Part::Page(p) => Some(p),
            _ => None,
        })
        .flat_map(|p| p.blocks.iter())
        .filter_map(|b| match b {
            foi_extract::doc::Block::Table(t) => Some(t.clone()),
            _ => None,
        })
        .collect()
}

/// What the snapshots hold: per table, its method, header rows and rows.
fn summary(ts: &[Table]) -> serde_json::Value {
    serde_json::Value::Array(
        ts.iter()
            .map(|t| {
                serde_json::json!({
                    "method": t.method,
                    "header_rows": t.header_rows,
                    "rows": t.rows_text(),
                })
            })
            .collect(),
    )
}

fn only_table(name: &str) -> Table {
    let ts = tables(name);
    assert_eq!(ts.len(), 1, "{name}: {:#?}", summary(&ts));
    ts.into_iter().next().unwrap_or_default()
}

#[test]
fn bordered_table() {
    let t = only_table("bordered");
    insta::assert_json_snapshot!("bordered", summary(std::slice::from_ref(&t)));
    assert_eq!(
        t.row_texts(0),
        vec!["Ethnicity", "Stops", "Arrests", "Rate"]
    );
    assert_eq!(t.cell(1, 1).unwrap().value, CellValue::Number(1209.0));
    assert_eq!(t.header_rows, 1);
    let p = &t.cell(4, 0).unwrap().prov;
    assert_eq!(
        (p.page, p.table, p.row, p.col),
        (Some(1), Some(1), Some(4), Some(0))
    );
}

#[test]
fn table_continued_over_two_pages_is_one_table() {
    let t = only_table("continued");
    insta::assert_json_snapshot!("continued", summary(std::slice::from_ref(&t)));
    // 72 data rows and the header once: the repeated header is dropped.
    assert_eq!(t.n_rows, 73);
    assert_eq!(
        t.row_texts(0),
        vec!["Month", "Ethnicity", "Stops", "Arrests"]
    );
    assert_eq!(t.row_texts(72), vec!["Jun 2020", "Mixed", "146", "16"]);
    assert_eq!(t.cell(1, 0).unwrap().prov.page, Some(1));
    assert_eq!(t.cell(72, 0).unwrap().prov.page, Some(2));
}

#[test]
fn header_spanning_two_columns() {
    let t = only_table("spanning_header");
    insta::assert_json_snapshot!("spanning_header", summary(std::slice::from_ref(&t)));
    let head = t.cell(0, 1).unwrap();
    assert_eq!((head.text.as_str(), head.col_span), ("Stop and search", 2));
    assert_eq!(t.cell(0, 2).unwrap().merged_from.map(|m| m.col), Some(1));
    assert_eq!(t.row_texts(1)[1..], ["2019", "2020", "2019", "2020"]);
    assert_eq!(t.row_texts(2), vec!["Kent", "1,020", "1,311", "88", "97"]);
    // "Force" spans both header rows.
    assert_eq!(t.header_rows, 2);
    assert_eq!(t.cell(0, 0).unwrap().row_span, 2);
}

#[test]
fn footnote_markers_become_notes() {
    let t = only_table("footnotes");
    insta::assert_json_snapshot!("footnotes", summary(std::slice::from_ref(&t)));
    let c = t.cell(1, 1).unwrap();
    assert_eq!(
        (c.value.clone(), c.notes.clone()),
        (CellValue::Number(605.0), vec!["1".to_string()])
    );
    let c = t.cell(1, 2).unwrap();
    assert_eq!(
        (c.text.as_str(), c.notes.clone()),
        ("N.D.", vec!["27".to_string()])
    );
    let c = t.cell(2, 2).unwrap();
    assert_eq!(
        (c.text.as_str(), c.notes.clone()),
        ("N.D.", vec!["27".to_string()])
    );
    let c = t.cell(3, 1).unwrap();
    assert_eq!(
        (c.value.clone(), c.notes.clone()),
        (CellValue::Number(988.0), vec!["2".to_string()])
    );
}

#[test]
fn borderless_table_amid_prose() {
    let t = only_table("borderless");
    insta::assert_json_snapshot!("borderless", summary(std::slice::from_ref(&t)));
    assert_eq!(t.method, "stream");
    assert_eq!((t.n_rows, t.n_cols), (6, 4));
    assert_eq!(t.row_texts(5), vec!["Other", "122", "140", "18"]);
    // Years heading the columns do not make the first row data.
    assert_eq!(t.header_rows, 1);
}

#[test]
fn horizontal_rules_only() {
    let t = only_table("simple_rules");
    insta::assert_json_snapshot!("simple_rules", summary(std::slice::from_ref(&t)));
    assert_eq!((t.n_rows, t.n_cols), (5, 3));
    assert_eq!(t.header_rows, 1);
    assert_eq!(t.row_texts(3), vec!["Community resolution", "380", "9%"]);
}

#[test]
fn table_text_leaves_the_paragraphs() {
    let path = fixture("formats/pdf-tables/bordered.pdf");
    let bytes = std::fs::read(path).unwrap();
    let (_, result) = read_bytes(&bytes, "bordered.pdf", 0, Limits::default());
    let parts = result.unwrap().parts;
    let Some(Part::Page(page)) = parts.first() else {
        panic!("no page");
    };
    let kinds: Vec<&str> = page
        .blocks
        .iter()
        .map(|b| match b {
            foi_extract::doc::Block::Paragraph(p) if p.text.contains("1,209") => {
                "table text in a paragraph"
            }
            foi_extract::doc::Block::Paragraph(_) => "p",
            foi_extract::doc::Block::Table(_) => "table",
        })
        .collect();
    let at = kinds
        .iter()
        .position(|k| *k == "table")
        .expect("a table block");
    assert!(!kinds.contains(&"table text in a paragraph"), "{kinds:?}");
    assert!(
        at > 0 && at < kinds.len() - 1,
        "table between the letter's paragraphs: {kinds:?}"
    );
}
