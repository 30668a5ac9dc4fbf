//! PDF tables from LibreOffice-made fixtures (fixtures/formats/pdf-tables,
//! made by make.py there, make_rotated.py for tables turned on an upright
//! letter, make_groups.py for row-group headings merged across a ruled
//! table or down a rules-only one and bold group headings of an HTML
//! table (ruled only or with a boxed head) and two GOV.UK tables one after
//! the other, and make_unruled.py
//! for tables without row lines whose names wrap
//! and whose headers are set left over figures set right): each fixture's
//! tables as row texts, snapshotted,
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

/// The paragraphs of a fixture's first page, in order.
fn paragraphs(name: &str) -> Vec<String> {
    let path = fixture(&format!("formats/pdf-tables/{name}.pdf"));
    let bytes = std::fs::read(path).expect("fixture");
    let (_, result) = read_bytes(&bytes, &format!("{name}.pdf"), 0, Limits::default());
    let parts = result.expect("readable").parts;
    let Some(Part::Page(page)) = parts.first() else {
        panic!("{name}: no page");
    };
    page.blocks
        .iter()
        .filter_map(|b| match b {
            foi_extract::doc::Block::Paragraph(p) => Some(p.text.clone()),
            foi_extract::doc::Block::Table(_) => None,
        })
        .collect()
}

/// Borderless tables (LibreOffice, make_unruled.py) whose force names
/// wrap onto a second line: the second line is the rest of the name, not
/// a row; a row whose figures are blank stays a row; headers set left
/// over figures set right head their own figures' column.
#[test]
fn wrapped_names_in_borderless_tables() {
    let ts = tables("wrapped_borderless");
    insta::assert_json_snapshot!("wrapped_borderless", summary(&ts));
    assert_eq!(ts.len(), 3, "{:#?}", summary(&ts));
    let t = &ts[0];
    assert_eq!((t.method.as_str(), t.n_rows, t.n_cols), ("stream", 7, 4));
    assert_eq!(
        t.row_texts(0),
        vec!["Force area", "Searches", "Arrests", "Arrest rate"]
    );
    assert_eq!(
        t.row_texts(1),
        vec!["Avon & Somerset", "4,812", "611", "12.7%"]
    );
    assert_eq!(
        t.row_texts(2),
        vec!["Bedfordshire", "2,095", "260", "12.4%"]
    );
    assert_eq!(t.row_texts(3), vec!["Kent", "", "", ""]);
    assert_eq!(
        t.row_texts(4),
        vec!["Greater Manchester", "12,508", "1,811", "14.5%"]
    );
    assert_eq!(t.row_texts(5), vec!["Lancashire", "3,377", "402", "11.9%"]);
    assert_eq!(t.row_texts(6), vec!["Total", "22,792", "3,084", "13.5%"]);
    assert_eq!(t.cell(4, 1).unwrap().value, CellValue::Number(12508.0));
    let p = &t.cell(4, 0).unwrap().prov;
    assert_eq!(
        (p.page, p.table, p.row, p.col),
        (Some(1), Some(1), Some(4), Some(0))
    );
    // The second table ends on a wrapped name, just above a note.
    let t = &ts[1];
    assert_eq!((t.n_rows, t.n_cols), (5, 3));
    assert_eq!(t.row_texts(0), vec!["Force area", "Scans", "Matches"]);
    assert_eq!(t.row_texts(3), vec!["Merseyside", "1,477", "1,302"]);
    assert_eq!(t.row_texts(4), vec!["West Yorkshire", "2,318", "2,207"]);
    // Names over three lines, a row of blanks between them, and the
    // table ending on one.
    let t = &ts[2];
    assert_eq!((t.n_rows, t.n_cols), (5, 3));
    assert_eq!(
        t.row_texts(1),
        vec!["Avon and Somerset Constabulary", "605", "604"]
    );
    assert_eq!(
        t.row_texts(2),
        vec!["Devon and Cornwall Police", "211", "198"]
    );
    assert_eq!(t.row_texts(3), vec!["Kent", "", ""]);
    assert_eq!(
        t.row_texts(4),
        vec!["Greater Manchester Police", "1,477", "1,302"]
    );
    let paras = paragraphs("wrapped_borderless");
    assert!(!paras.iter().any(|p| p.contains("Yorkshire")), "{paras:#?}");
    assert!(
        paras
            .iter()
            .any(|p| p.starts_with("Kent Police did not hold figures")),
        "{paras:#?}"
    );
    assert!(
        paras.iter().any(|p| p.starts_with("Source: force stop")),
        "{paras:#?}"
    );
    assert!(
        paras.iter().any(|p| p == "Kent did not take part."),
        "{paras:#?}"
    );
}

/// A Word table with horizontal rules only (python-docx, LibreOffice):
/// headers set left in wide columns over figures set right, two of them
/// close together ("IDENT1 only", "IABS only"), wrapped headers and names.
#[test]
fn left_headers_over_right_figures_between_rules() {
    let t = only_table("rules_left_headers");
    insta::assert_json_snapshot!("rules_left_headers", summary(std::slice::from_ref(&t)));
    assert_eq!((t.method.as_str(), t.n_rows, t.n_cols), ("rules", 8, 5));
    assert_eq!(t.header_rows, 1);
    assert_eq!(
        t.row_texts(0),
        vec![
            "Force area",
            "IDENT1 only",
            "IABS only",
            "Both databases",
            "Total"
        ]
    );
    assert_eq!(
        t.row_texts(1),
        vec!["Devon & Cornwall", "318", "4", "27", "349"]
    );
    assert_eq!(t.row_texts(2), vec!["Dorset", "96", "0", "5", "101"]);
    assert_eq!(
        t.row_texts(3),
        vec!["North Yorkshire Police", "57", "3", "8", "68"]
    );
    assert_eq!(t.row_texts(4), vec!["Thames Valley", "41", "2", "*", "45"]);
    assert_eq!(
        t.row_texts(5),
        vec!["City of London", "1,204", "77", "310", "1,591"]
    );
    assert_eq!(t.row_texts(6), vec!["Wiltshire", "63", "-", "9", "72"]);
    assert_eq!(t.row_texts(7), vec!["Total", "1,779", "86", "360", "2,226"]);
    assert_eq!(t.cell(7, 4).unwrap().value, CellValue::Number(2226.0));
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

/// A landscape table placed turned a quarter on a portrait letter
/// (make_rotated.py): its only table, and the texts of the page's blocks
/// in order ("TABLE" where the table stands).
fn rotated(name: &str) -> (Table, Vec<String>) {
    let path = fixture(&format!("formats/pdf-tables/{name}.pdf"));
    let bytes = std::fs::read(&path).expect("fixture");
    let (_, result) = read_bytes(&bytes, &format!("{name}.pdf"), 0, Limits::default());
    let parts = result.expect("readable").parts;
    let Some(Part::Page(page)) = parts.first() else {
        panic!("{name}: no page");
    };
    let mut tables = Vec::new();
    let mut blocks = Vec::new();
    for b in &page.blocks {
        match b {
            foi_extract::doc::Block::Table(t) => {
                tables.push(t.clone());
                blocks.push("TABLE".to_string());
            }
            foi_extract::doc::Block::Paragraph(p) => blocks.push(p.text.clone()),
        }
    }
    assert_eq!(tables.len(), 1, "{name}: {:#?}", summary(&tables));
    (tables.remove(0), blocks)
}

/// The upright letter around a turned table reads as before, the sheet's
/// own title and note (turned like the table) stay paragraphs, and no
/// paragraph holds the table's text. (The reader lists the page's main
/// direction first, so where the turned paragraphs stand among the
/// upright ones depends on which direction has more text.)
fn assert_letter_upright(name: &str, blocks: &[String], title: &str, table_text: &str) {
    let at = |text: &str| {
        blocks
            .iter()
            .position(|b| b.starts_with(text))
            .unwrap_or_else(|| panic!("{name}: no {text:?} in {blocks:#?}"))
    };
    let heading = at("Freedom of Information Request FOI 456/21");
    let body = at("Thank you for your request of 3 March 2021");
    let footer = at("Page 1 of 1");
    assert!(heading < body && body < footer, "{name}: {blocks:#?}");
    assert!(
        blocks[body].ends_with("you may ask for an internal review."),
        "{name}: {blocks:#?}"
    );
    assert!(at(title) < at("Figures are provisional and may change"));
    assert_eq!(blocks.iter().filter(|b| *b == "TABLE").count(), 1);
    assert_eq!(blocks.len(), 6, "{name}: {blocks:#?}");
    assert!(
        !blocks.iter().any(|b| b.contains(table_text)),
        "{name}: the table's text is in a paragraph: {blocks:#?}"
    );
}

fn bbox(t: &Table, row: u32, col: u32) -> [f32; 4] {
    t.cell(row, col)
        .and_then(|c| c.prov.bbox)
        .unwrap_or_else(|| panic!("cell {row},{col} has no box"))
}

#[test]
fn ruled_table_turned_on_an_upright_letter() {
    let title = "Annex A: stop and search by self-defined ethnicity";
    let (t90, blocks) = rotated("rotated_ruled_90");
    assert_letter_upright("rotated_ruled_90", &blocks, title, "1,377");
    let (t270, blocks) = rotated("rotated_ruled_270");
    assert_letter_upright("rotated_ruled_270", &blocks, title, "1,377");
    insta::assert_json_snapshot!("rotated_ruled", summary(std::slice::from_ref(&t90)));
    assert_eq!(t90.rows_text(), t270.rows_text());
    for t in [&t90, &t270] {
        assert_eq!((t.method.as_str(), t.n_rows, t.n_cols), ("lattice", 6, 8));
        assert_eq!(
            t.row_texts(0),
            vec![
                "Month",
                "White",
                "Black",
                "Asian",
                "Mixed",
                "Other",
                "Not stated",
                "Total"
            ]
        );
        assert_eq!(
            t.row_texts(2),
            vec!["May 2020", "1,377", "342", "251", "63", "39", "88", "2,160"]
        );
        assert_eq!(
            t.row_texts(5),
            vec![
                "August 2020",
                "1,096",
                "287",
                "204",
                "52",
                "33",
                "79",
                "1,751"
            ]
        );
        assert_eq!(t.cell(5, 7).unwrap().value, CellValue::Number(1751.0));
        assert_eq!(t.header_rows, 1);
        // The sheet's title, just before the first row in the table's own
        // frame, is its caption.
        assert_eq!(t.caption.as_deref(), Some(title));
        let p = &t.cell(3, 6).unwrap().prov;
        assert_eq!(
            (p.page, p.table, p.row, p.col),
            (Some(1), Some(1), Some(3), Some(6))
        );
        // Cell boxes are in page coordinates: a turned word is taller
        // than wide, and the table sits below the letter's paragraphs.
        let b = bbox(t, 2, 0);
        assert!(b[3] - b[1] > 2.0 * (b[2] - b[0]), "{b:?}");
        assert!(b[1] > 150.0 && b[3] < 800.0, "{b:?}");
    }
    // Text reading up the page (90): rows run left to right, columns from
    // the bottom up. Reading down (270): rows right to left, columns down.
    let (a, z) = (bbox(&t90, 0, 0), bbox(&t90, 5, 7));
    assert!(a[0] < z[0] && a[1] > z[1], "{a:?} {z:?}");
    let (a, z) = (bbox(&t270, 0, 0), bbox(&t270, 5, 7));
    assert!(a[0] > z[0] && a[1] < z[1], "{a:?} {z:?}");
}

#[test]
fn borderless_table_turned_on_an_upright_letter() {
    let title = "Annex B: outcomes of stop and search by year";
    let (t90, blocks) = rotated("rotated_borderless_90");
    assert_letter_upright(
        "rotated_borderless_90",
        &blocks,
        title,
        "Community resolution",
    );
    let (t270, blocks) = rotated("rotated_borderless_270");
    assert_letter_upright(
        "rotated_borderless_270",
        &blocks,
        title,
        "Community resolution",
    );
    insta::assert_json_snapshot!("rotated_borderless", summary(std::slice::from_ref(&t90)));
    assert_eq!(t90.rows_text(), t270.rows_text());
    for t in [&t90, &t270] {
        assert_eq!((t.method.as_str(), t.n_rows, t.n_cols), ("stream", 6, 5));
        assert_eq!(
            t.row_texts(0),
            vec!["Outcome", "2018/19", "2019/20", "2020/21", "Change"]
        );
        assert_eq!(
            t.row_texts(3),
            vec!["Community resolution", "380", "355", "342", "-13"]
        );
        assert_eq!(t.row_texts(5), vec!["Summons", "97", "104", "91", "-13"]);
        assert_eq!(t.cell(4, 4).unwrap().value, CellValue::Number(-8.0));
        assert_eq!(t.header_rows, 1);
        assert_eq!(t.caption.as_deref(), Some(title));
    }
}

/// The same ruled table at three-quarter size on a longer letter: the
/// upright text outweighs the turned, so the page is read upright and the
/// table found as a turned region of it, placed between the letter's last
/// paragraph and its footer.
#[test]
fn ruled_table_turned_amid_a_longer_upright_letter() {
    let (reference, _) = rotated("rotated_ruled_90");
    for name in [
        "rotated_ruled_long_letter_90",
        "rotated_ruled_long_letter_270",
    ] {
        let (t, blocks) = rotated(name);
        assert_eq!(t.rows_text(), reference.rows_text(), "{name}");
        assert_eq!((t.method.as_str(), t.header_rows), ("lattice", 1));
        assert_eq!(
            t.caption.as_deref(),
            Some("Annex A: stop and search by self-defined ethnicity")
        );
        let at = |text: &str| {
            blocks
                .iter()
                .position(|b| b.contains(text))
                .unwrap_or_else(|| panic!("{name}: no {text:?} in {blocks:#?}"))
        };
        let table = at("TABLE");
        assert!(at("Freedom of Information Request FOI 456/21") < at("Section 1 of the"));
        assert!(
            at("you may ask for an internal review") < table && table < at("Page 1 of 1"),
            "{name}: {blocks:#?}"
        );
        assert!(
            !blocks.iter().any(|b| b.contains("1,377")),
            "{name}: {blocks:#?}"
        );
    }
}

/// Rows shaded without rules (make_striped.py): every row, shaded or
/// not, is a row of one table.
#[test]
fn word_light_shading_rows_are_one_table() {
    let ts = tables("striped_word");
    insta::assert_json_snapshot!("striped_word", summary(&ts));
    assert_eq!(ts.len(), 2, "{:#?}", summary(&ts));
    let t = &ts[0];
    assert_eq!((t.n_rows, t.n_cols, t.header_rows), (14, 7, 1));
    // The header wraps to three lines between Word's rules.
    assert_eq!(
        t.row_texts(0),
        vec![
            "Month",
            "White",
            "Black or Black British",
            "Asian or Asian British",
            "Other",
            "Not stated",
            "Total"
        ]
    );
    // A shaded row, then a plain one, and the plain total row closing the
    // table above Word's bottom rule.
    assert_eq!(
        t.row_texts(1),
        vec!["Apr 2021", "412", "57", "33", "12", "9", "523"]
    );
    assert_eq!(
        t.row_texts(2),
        vec!["May 2021", "398", "61", "29", "15", "7", "510"]
    );
    assert_eq!(
        t.row_texts(13),
        vec!["Total", "4,869", "653", "375", "137", "90", "6,124"]
    );
    assert_eq!(t.cell(13, 6).unwrap().value, CellValue::Number(6124.0));
    let p = &t.cell(2, 1).unwrap().prov;
    assert_eq!(
        (p.page, p.table, p.row, p.col),
        (Some(1), Some(1), Some(2), Some(1))
    );
    // Wrapped text cells: bands and gaps several lines tall. (No number
    // anywhere, so no row is known for a header.)
    let t = &ts[1];
    assert_eq!((t.n_rows, t.n_cols, t.header_rows), (6, 4, 0));
    assert_eq!(
        t.row_texts(0),
        vec!["Reference", "Received", "Subject", "Outcome"]
    );
    assert_eq!(
        t.row_texts(2),
        vec![
            "FOI 2021/0187",
            "03/05/2021",
            "Stop and search of children under 10",
            "Partially disclosed, section 40(2) personal information"
        ]
    );
    assert_eq!(
        t.row_texts(5),
        vec![
            "FOI 2021/0301",
            "30/06/2021",
            "Vehicle pursuits ending in a collision",
            "Refused, section 12 cost limit exceeded"
        ]
    );
}

#[test]
fn zebra_html_tables_keep_their_headers_and_stay_apart() {
    let ts = tables("striped_html");
    insta::assert_json_snapshot!("striped_html", summary(&ts));
    assert_eq!(ts.len(), 2, "{:#?}", summary(&ts));
    // A dark shaded header stays the header row.
    let a = &ts[0];
    assert_eq!((a.n_rows, a.n_cols, a.header_rows), (8, 4, 1));
    assert_eq!(
        a.row_texts(0),
        vec!["Force area", "Searches", "Arrests", "Other outcomes"]
    );
    assert_eq!(
        a.row_texts(2),
        vec!["Cambridgeshire", "2,210", "412", "150"]
    );
    assert_eq!(a.row_texts(7), vec!["Dorset", "1,320", "205", "90"]);
    // Plain header and first row over the first band, a plain total row
    // under the last.
    let b = &ts[1];
    assert_eq!((b.n_rows, b.n_cols, b.header_rows), (6, 4, 1));
    assert_eq!(
        b.row_texts(0),
        vec!["Force area", "Searches", "Arrests", "Other outcomes"]
    );
    assert_eq!(b.row_texts(1), vec!["Dyfed-Powys", "812", "97", "44"]);
    assert_eq!(b.row_texts(2), vec!["Gwent", "1,104", "160", "73"]);
    assert_eq!(b.row_texts(5), vec!["Wales", "6,594", "1,030", "442"]);
    assert_eq!(b.cell(5, 1).unwrap().value, CellValue::Number(6594.0));
}

/// A table shaded only in its header row, no rules (make_striped.py): the
/// header's band takes the rows under it that keep to its columns.
#[test]
fn shaded_header_over_unruled_rows_is_one_table() {
    let t = only_table("shaded_header_html");
    assert_eq!((t.n_rows, t.n_cols, t.header_rows), (5, 4, 1));
    assert_eq!(
        t.row_texts(0),
        vec!["Force area", "Kind of search", "Searches", "Arrests"]
    );
    // A cell wrapped to two lines stays one cell of one row.
    assert_eq!(
        t.row_texts(1),
        vec![
            "Kent",
            "Searches of vehicles and of people on foot",
            "1,203",
            "388"
        ]
    );
    assert_eq!(
        t.row_texts(4),
        vec!["Sussex", "Searches of vehicles", "1,870", "301"]
    );
    assert_eq!(t.cell(4, 2).unwrap().value, CellValue::Number(1870.0));
}

/// Row-group headings merged across a ruled table (make_groups.py): each is
/// one cell spanning every column, so the figures below a year stay in its
/// column and the heading sits between them.
#[test]
fn row_group_headings_span_the_ruled_table() {
    let t = only_table("row_groups");
    assert_eq!((t.n_rows, t.n_cols), (7, 4));
    assert_eq!(
        t.row_texts(0),
        vec!["Measure", "2020/21", "2021/22", "2022/23"]
    );
    for (r, label) in [(1, "Stop and search"), (4, "Arrests")] {
        let head = t.cell(r, 0).unwrap();
        assert_eq!(
            (head.text.as_str(), head.row_span, head.col_span),
            (label, 1, 4)
        );
        for c in 1..4 {
            let covered = t.cell(r, c).unwrap();
            assert_eq!(covered.merged_from.map(|m| (m.row, m.col)), Some((r, 0)));
        }
    }
    assert_eq!(
        t.row_texts(2),
        vec!["Searches (s.1 PACE)", "5,281", "8,469", "7,060"]
    );
    assert_eq!(t.cell(2, 1).unwrap().col_span, 1);
    assert_eq!(
        t.row_texts(6),
        vec!["Drug offences", "7,531", "7,580", "2,729"]
    );
    assert_eq!(t.cell(6, 3).unwrap().value, CellValue::Number(2729.0));
}

/// Category labels merged down the first column of a table drawn with
/// horizontal rules only (make_groups.py): each label is one cell spanning
/// its offence rows, the rows below pointing back at it.
#[test]
fn labels_merged_down_a_rules_only_table_span_their_rows() {
    let t = only_table("merged_down");
    assert_eq!((t.n_rows, t.n_cols), (7, 4));
    assert_eq!(
        t.row_texts(0),
        vec!["Category", "Offence", "Recorded", "Charged"]
    );
    for (r, label, rows) in [
        (1, "Violence against the person", 3),
        (4, "Sexual offences", 2),
        (6, "Theft", 1),
    ] {
        let head = t.cell(r, 0).unwrap();
        assert_eq!(
            (head.text.as_str(), head.row_span, head.col_span),
            (label, rows, 1)
        );
        for below in r + 1..r + rows {
            assert_eq!(
                t.cell(below, 0)
                    .unwrap()
                    .merged_from
                    .map(|m| (m.row, m.col)),
                Some((r, 0))
            );
        }
    }
    assert_eq!(
        t.row_texts(2),
        vec![
            "Violence against the person",
            "Violence with injury",
            "1,653",
            "21"
        ]
    );
    assert_eq!(t.cell(5, 1).unwrap().text, "Other sexual offences");
    assert_eq!(t.cell(5, 2).unwrap().value, CellValue::Number(3141.0));
}

/// Bold group headings alone in their rows of an HTML table ruled only
/// under each body row (make_groups.py): each spans the row.
#[test]
fn bold_group_headings_span_a_rules_only_table() {
    let t = only_table("group_headings_html");
    assert_eq!((t.n_rows, t.n_cols, t.header_rows), (7, 4, 1));
    for (r, label) in [(1, "Stop and search"), (4, "Arrests")] {
        let head = t.cell(r, 0).unwrap();
        assert_eq!(
            (head.text.as_str(), head.row_span, head.col_span),
            (label, 1, 4)
        );
        assert_eq!(
            t.cell(r, 3).unwrap().merged_from.map(|m| (m.row, m.col)),
            Some((r, 0))
        );
    }
    assert_eq!(
        t.row_texts(3),
        vec!["Searches (s.60)", "364", "3,017", "8,239"]
    );
    assert_eq!(t.cell(3, 0).unwrap().col_span, 1);
    assert_eq!(
        t.row_texts(6),
        vec!["Drug offences", "7,531", "7,580", "2,729"]
    );
}

/// Two captioned GOV.UK-style tables ruled only under each row, one after
/// the other (make_groups.py): two tables, each keeping the header row that
/// stands over its first rule, neither taking the other's caption as a row.
#[test]
fn two_tables_ruled_under_every_row_stay_apart_with_their_headers() {
    let ts = tables("govuk_two_tables");
    assert_eq!(ts.len(), 2, "{:#?}", summary(&ts));
    let (a, b) = (&ts[0], &ts[1]);
    assert_eq!((a.n_rows, a.n_cols, a.header_rows), (5, 4, 1));
    assert_eq!(
        a.row_texts(0),
        vec!["Ethnicity", "Searches", "Arrests", "Share"]
    );
    assert_eq!(a.row_texts(4), vec!["Total", "10,698", "1,223", "100.0%"]);
    assert_eq!((b.n_rows, b.n_cols, b.header_rows), (5, 3, 1));
    assert_eq!(
        b.row_texts(0),
        vec!["Reason for search", "Searches", "Arrest rate"]
    );
    assert_eq!(b.row_texts(1), vec!["Drugs", "42,072", "11.6%"]);
    assert_eq!(b.cell(4, 1).unwrap().value, CellValue::Number(778.0));
}

/// An HTML table with a boxed, shaded header and shaded group rows over
/// body rows ruled only underneath (make_groups.py): found as a lattice
/// head and a rules-only body directly under it, joined into one table.
#[test]
fn boxed_head_over_a_rules_only_body_is_one_table() {
    let t = only_table("group_headings_boxed");
    assert_eq!((t.n_rows, t.n_cols), (7, 4));
    assert_eq!(
        t.row_texts(0),
        vec!["Measure", "2021/22", "2022/23", "2023/24"]
    );
    let head = t.cell(1, 0).unwrap();
    assert_eq!(
        (head.text.as_str(), head.row_span, head.col_span),
        ("Stop and search", 1, 4)
    );
    assert_eq!(
        t.row_texts(3),
        vec!["Searches (s.60)", "364", "3,017", "8,239"]
    );
    let group = t.cell(4, 0).unwrap();
    assert_eq!((group.text.as_str(), group.col_span), ("Arrests", 4));
    assert_eq!(
        t.cell(4, 3).unwrap().merged_from.map(|m| (m.row, m.col)),
        Some((4, 0))
    );
    assert_eq!(
        t.row_texts(6),
        vec!["Drug offences", "7,531", "7,580", "2,729"]
    );
    assert_eq!(t.cell(6, 2).unwrap().value, CellValue::Number(7580.0));
}
