//! Unit tests of the body builder: span layout, nesting, bounds.

use super::*;
use crate::doc::MergeOrigin;

fn cell(flow: &mut Flow, merge: CellMerge, text: &str) {
    flow.start_cell(merge);
    flow.text(text);
    flow.end_cell();
}

#[test]
fn spans_and_continuations_lay_out_on_the_grid() {
    let mut f = Flow::new("x.docx", "document", "docx");
    f.text("Number of scans");
    f.end_paragraph(None);
    f.start_table();
    f.start_row(true);
    cell(&mut f, CellMerge::SINGLE, "Period");
    cell(&mut f, CellMerge::Span { rows: 1, cols: 2 }, "Single");
    cell(&mut f, CellMerge::SINGLE, "All");
    f.start_row(false);
    cell(&mut f, CellMerge::ContinueAbove { cols: 1 }, "");
    cell(&mut f, CellMerge::SINGLE, "IABS");
    cell(&mut f, CellMerge::SINGLE, "IDENT1");
    cell(&mut f, CellMerge::SINGLE, "Total");
    f.end_table();
    let body = f.finish();
    let Block::Table(t) = &body.blocks[1] else {
        panic!("table expected")
    };
    assert_eq!(t.rows_text()[0], ["Period", "Single", "Single", "All"]);
    assert_eq!(t.rows_text()[1], ["Period", "IABS", "IDENT1", "Total"]);
    assert_eq!(t.cell(0, 0).unwrap().row_span, 2);
    assert_eq!(
        t.cell(1, 0).unwrap().merged_from,
        Some(MergeOrigin { row: 0, col: 0 })
    );
    assert_eq!(t.header_rows, 1);
    assert_eq!(t.cell(1, 3).unwrap().prov.table, Some(1));
    assert_eq!(t.cell(1, 3).unwrap().prov.col, Some(3));
}

#[test]
fn nested_table_flows_into_cell_and_follows_outer() {
    let mut f = Flow::new("x.docx", "document", "docx");
    f.start_table();
    f.start_row(false);
    f.start_cell(CellMerge::SINGLE);
    f.text("outer");
    f.end_paragraph(None);
    f.start_table();
    cell(&mut f, CellMerge::SINGLE, "a");
    cell(&mut f, CellMerge::SINGLE, "b");
    f.end_table();
    f.end_cell();
    f.end_table();
    let body = f.finish();
    assert_eq!(body.blocks.len(), 2);
    let Block::Table(outer) = &body.blocks[0] else {
        panic!()
    };
    assert_eq!(outer.rows_text(), [["outer\na\tb"]]);
    let Block::Table(inner) = &body.blocks[1] else {
        panic!()
    };
    assert_eq!(inner.rows_text(), [["a", "b"]]);
    assert_eq!(inner.prov.table, Some(2));
}

#[test]
fn hostile_spans_are_bounded() {
    let raw = RawTable {
        rows: vec![
            vec![RawCell {
                text: "x".into(),
                rows: 60_000,
                cols: 1000,
            }];
            3
        ],
        header_rows: 0,
    };
    let t = layout(&raw, Prov::file("x"), "html");
    assert_eq!((t.n_rows, t.n_cols), (3, 1));
}

#[test]
fn ragged_grid_is_bounded() {
    let mut rows = vec![vec![
        RawCell {
            text: "wide".into(),
            rows: 1,
            cols: 1,
        };
        1000
    ]];
    rows.extend(std::iter::repeat_n(
        vec![RawCell {
            text: "x".into(),
            rows: 1,
            cols: 1,
        }],
        10_000,
    ));
    let t = layout(
        &RawTable {
            rows,
            header_rows: 0,
        },
        Prov::file("x"),
        "html",
    );
    assert!(u64::from(t.n_rows) * u64::from(t.n_cols) <= MAX_GRID_CELLS);
    assert_eq!(t.n_cols, 1000);
}

#[test]
fn deep_nesting_is_bounded() {
    let mut f = Flow::new("x.html", "document", "html");
    for _ in 0..10_000 {
        f.start_table();
        f.start_cell(CellMerge::SINGLE);
    }
    f.text("deep");
    let body = f.finish();
    assert!(!body.blocks.is_empty());
}

#[test]
fn one_very_wide_row_stays_linear() {
    let mut f = Flow::new("x.html", "document", "html");
    f.start_table();
    f.start_row(false);
    for i in 0..100_000 {
        cell(&mut f, CellMerge::SINGLE, if i == 0 { "first" } else { "" });
    }
    f.end_table();
    let body = f.finish();
    let Block::Table(t) = &body.blocks[0] else {
        panic!("table")
    };
    assert_eq!((t.n_rows, t.n_cols), (1, 100_000));
}
