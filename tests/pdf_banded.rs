//! PDF tables banded by whole shaded rows and drawn without vertical lines
//! (Word "Plain Table 3"-like, "Medium Shading 2", "Medium List 2" turned
//! into PDF by LibreOffice; fixtures/formats/pdf-tables/make_banded.py):
//! the figures of every row, shaded or not, stay in their own columns,
//! asserted cell for cell and snapshotted.

use crate::util::fixture;
use foi_extract::doc::{Block, CellValue, Part, Table};
use foi_extract::read::{read_bytes, Limits};

fn tables() -> Vec<Table> {
    let path = fixture("formats/pdf-tables/banded_word.pdf");
    let bytes = std::fs::read(&path).expect("fixture");
    let (_, result) = read_bytes(&bytes, "banded_word.pdf", 0, Limits::default());
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
            Block::Table(t) => Some(t.clone()),
            _ => None,
        })
        .collect()
}

fn rows(t: &Table) -> Vec<Vec<String>> {
    (0..t.n_rows)
        .map(|r| t.row_texts(r).into_iter().map(str::to_string).collect())
        .collect()
}

fn strs(rows: &[&[&str]]) -> Vec<Vec<String>> {
    rows.iter()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect()
}

#[test]
fn banded_rows_keep_their_figures_in_their_columns() {
    let ts = tables();
    assert_eq!(
        ts.len(),
        3,
        "{:#?}",
        ts.iter().map(rows).collect::<Vec<_>>()
    );
    insta::assert_json_snapshot!(
        "banded_word",
        ts.iter()
            .map(|t| serde_json::json!({"method": t.method, "rows": rows(t)}))
            .collect::<Vec<_>>()
    );

    // Plain Table 3-like: unshaded rows between bands are ruled off only by
    // their label cell's white fill; labels wrap to two lines.
    assert_eq!(
        rows(&ts[0]),
        strs(&[
            &[
                "ALLEGATION CATEGORY",
                "ALLEGATIONS",
                "UPHELD",
                "NOT UPHELD",
                "ONGOING"
            ],
            &["DELIVERY OF DUTIES AND SERVICE", "158", "4", "151", "3"],
            &[
                "POLICE POWERS, POLICIES AND PROCEDURES",
                "461",
                "66",
                "283",
                "112"
            ],
            &["DISCREDITABLE CONDUCT", "594", "94", "361", "139"],
            &["USE OF FORCE", "284", "30", "250", "4"],
            &["DISCRIMINATORY BEHAVIOUR", "542", "5", "417", "120"],
            &[
                "ACCESS AND/OR DISCLOSURE OF INFORMATION",
                "250",
                "50",
                "168",
                "32"
            ],
            &["INDIVIDUAL BEHAVIOURS", "162", "17", "119", "26"],
        ])
    );
    let c = ts[0].cell(2, 4).expect("cell");
    assert_eq!(c.value, CellValue::Number(112.0));
    assert_eq!(
        (c.prov.page, c.prov.table, c.prov.row, c.prov.col),
        (Some(1), Some(1), Some(2), Some(4))
    );

    // Medium Shading 2.
    assert_eq!(
        rows(&ts[1]),
        strs(&[
            &[
                "Year",
                "Pursuits started",
                "Ending in a collision",
                "Injuries",
                "Claims paid"
            ],
            &["2019/20", "223", "26", "10", "£206,227"],
            &["2020/21", "305", "25", "0", "£131,768"],
            &["2021/22", "283", "25", "22", "£30,727"],
            &["2022/23", "427", "10", "19", "£212,606"],
        ])
    );

    // Medium List 2.
    assert_eq!(
        rows(&ts[2]),
        strs(&[
            &["Force", "2019", "2020", "2021", "2022"],
            &["Avon and Somerset Constabulary", "107", "138", "114", "76"],
            &["Devon and Cornwall Police", "33", "81", "36", "95"],
            &["Dorset", "14", "39", "11", "0"],
            &["Gloucestershire Constabulary", "78", "80", "89", "113"],
            &["Wiltshire", "79", "49", "115", "108"],
        ])
    );
    assert_eq!(
        ts[2].cell(2, 1).map(|c| c.value.clone()),
        Some(CellValue::Number(33.0))
    );
}
