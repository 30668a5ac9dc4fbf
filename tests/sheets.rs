//! Spreadsheet and delimited-text readers on fixtures made by openpyxl,
//! LibreOffice, msoffcrypto-tool and Python's csv module (see the make.py
//! beside each fixture set): cell-for-cell content, merges, hidden rows,
//! columns and sheets, dates, encodings, passwords and damage.

use crate::util::fixture;
use foi_extract::batch::read_one;
use foi_extract::doc::{CellValue, MergeOrigin, Part, Sheet};
use foi_extract::read::sniff::detect;
use foi_extract::read::{read_bytes, Limits, ReadError, Status};

const TITLE: &str = "Annex A: biometric scans by database, March 2019 to June 2020";

/// Months of the annex: (ISO date, IABS, IDENT1, Both).
const MONTHS: [(&str, u32, u32, u32); 16] = [
    ("2019-03-01", 93, 20, 4),
    ("2019-04-01", 88, 17, 2),
    ("2019-05-01", 101, 25, 6),
    ("2019-06-01", 76, 19, 3),
    ("2019-07-01", 84, 22, 5),
    ("2019-08-01", 95, 18, 4),
    ("2019-09-01", 70, 15, 1),
    ("2019-10-01", 112, 30, 7),
    ("2019-11-01", 81, 21, 3),
    ("2019-12-01", 64, 12, 2),
    ("2020-01-01", 79, 16, 4),
    ("2020-02-01", 73, 14, 3),
    ("2020-03-01", 58, 11, 2),
    ("2020-04-01", 31, 6, 0),
    ("2020-05-01", 44, 9, 1),
    ("2020-06-01", 52, 10, 2),
];

fn read_sheets(rel: &str, limits: Limits) -> Result<(Vec<Sheet>, Vec<String>), ReadError> {
    let bytes = std::fs::read(fixture(rel)).expect("fixture");
    let name = rel.rsplit('/').next().unwrap();
    let (_, result) = read_bytes(&bytes, name, 0, limits);
    let extracted = result?;
    let sheets = extracted
        .parts
        .into_iter()
        .map(|p| match p {
            Part::Sheet(s) => s,
            other => panic!("not a sheet: {other:?}"),
        })
        .collect();
    Ok((sheets, extracted.warnings))
}

fn sheets_of(rel: &str) -> Vec<Sheet> {
    let (sheets, warnings) = read_sheets(rel, Limits::default()).expect("readable");
    assert!(warnings.is_empty(), "{rel}: {warnings:?}");
    sheets
}

fn expected_scans() -> Vec<Vec<String>> {
    let mut rows = vec![
        [TITLE, TITLE, TITLE, TITLE, TITLE, ""]
            .map(String::from)
            .to_vec(),
        ["Month", "IABS", "IDENT1", "Both", "Total", "Checked by"]
            .map(String::from)
            .to_vec(),
    ];
    for (i, (month, iabs, ident1, both)) in MONTHS.iter().enumerate() {
        let note = match i {
            0 => "PC 1234",
            7 => "PS 77",
            _ => "",
        };
        rows.push(vec![
            month.to_string(),
            iabs.to_string(),
            ident1.to_string(),
            both.to_string(),
            (iabs + ident1 + both).to_string(),
            note.to_string(),
        ]);
    }
    rows.push(
        ["Total", "1,201", "265", "49", "1,515", ""]
            .map(String::from)
            .to_vec(),
    );
    rows
}

fn expected_ethnicity() -> Vec<Vec<String>> {
    let rows: [[&str; 3]; 11] = [
        ["Officer-defined ethnicity", "Stops", "Share"],
        ["IC1", "612", "50.6%"],
        ["IC2", "14", "1.2%"],
        ["IC3", "187", "15.5%"],
        ["IC4", "96", "7.9%"],
        ["IC5", "3", "0.3%"],
        ["IC6", "21", "1.7%"],
        ["Not recorded", "276", "22.8%"],
        ["Total", "1209", "100.0%"],
        ["", "", ""],
        [
            "Figures are provisional and subject to change.",
            "Figures are provisional and subject to change.",
            "Figures are provisional and subject to change.",
        ],
    ];
    rows.iter()
        .map(|r| r.iter().map(|s| s.to_string()).collect())
        .collect()
}

/// The FOI annex, whichever format it was saved in.
fn assert_foi_annex(rel: &str) {
    let sheets = sheets_of(rel);
    let names: Vec<(&str, u32, &str)> = sheets
        .iter()
        .map(|s| (s.name.as_str(), s.index, s.visibility.as_str()))
        .collect();
    assert_eq!(
        names,
        vec![
            ("Scans by database", 0, "visible"),
            ("Ethnicity", 1, "visible"),
            ("Codes", 2, "hidden"),
        ],
        "{rel}"
    );

    let scans = &sheets[0];
    let t = &scans.table;
    assert_eq!(t.rows_text(), expected_scans(), "{rel}");
    // Typed values: dates as ISO dates, counts as numbers.
    assert_eq!(
        t.cell(2, 0).unwrap().value,
        CellValue::Date("2019-03-01".into())
    );
    assert_eq!(t.cell(2, 1).unwrap().value, CellValue::Number(93.0));
    assert_eq!(t.cell(18, 1).unwrap().value, CellValue::Number(1201.0));
    assert_eq!(
        t.cell(18, 0).unwrap().value,
        CellValue::Text("Total".into())
    );
    assert_eq!(t.cell(3, 5).unwrap().value, CellValue::Empty);
    // The merged title: listed, origin spans five columns, the rest covered.
    assert_eq!(scans.merged, vec!["A1:E1"], "{rel}");
    assert_eq!(t.cell(0, 0).unwrap().col_span, 5);
    for c in 1..5 {
        let covered = t.cell(0, c).unwrap();
        assert_eq!(covered.merged_from, Some(MergeOrigin { row: 0, col: 0 }));
        assert_eq!(covered.value, CellValue::Text(TITLE.into()));
    }
    assert_eq!(t.cell(0, 5).unwrap().merged_from, None);
    // October 2019 (sheet row 10) is hidden but read; so is column F.
    assert_eq!(scans.hidden_rows, vec![9], "{rel}");
    assert_eq!(scans.hidden_cols, vec![5], "{rel}");
    let october = t.cell(9, 1).unwrap();
    assert!(october.hidden);
    assert_eq!(october.value, CellValue::Number(112.0));
    assert!(t.cell(2, 5).unwrap().hidden, "hidden column F");
    assert_eq!(t.cell(2, 5).unwrap().text, "PC 1234");
    assert!(!t.cell(8, 1).unwrap().hidden);
    // Provenance: file, sheet, table 1, row/col in the table, real A1 cell.
    let p = &t.cell(18, 4).unwrap().prov;
    assert_eq!(p.file, rel.rsplit('/').next().unwrap());
    assert_eq!(p.sheet.as_deref(), Some("Scans by database"));
    assert_eq!(
        (p.table, p.row, p.col, p.cell.as_deref()),
        (Some(1), Some(18), Some(4), Some("E19"))
    );

    let eth = &sheets[1];
    let t = &eth.table;
    assert_eq!(t.rows_text(), expected_ethnicity(), "{rel}");
    // The table starts at B2: row/col are within the table, cell is real.
    let stops = t.cell(1, 1).unwrap();
    assert_eq!(stops.value, CellValue::Number(612.0));
    assert_eq!(stops.prov.cell.as_deref(), Some("C3"));
    assert_eq!((stops.prov.row, stops.prov.col), (Some(1), Some(1)));
    assert_eq!(t.cell(1, 2).unwrap().value, CellValue::Number(0.5062));
    assert_eq!(eth.merged, vec!["B12:D12"]);
    assert!(eth.hidden_rows.is_empty() && eth.hidden_cols.is_empty());

    let codes = &sheets[2];
    assert_eq!(
        codes.table.rows_text()[..3],
        [
            vec!["Code".to_string(), "Description".to_string()],
            vec!["IC1".to_string(), "White - North European".to_string()],
            vec!["IC2".to_string(), "White - South European".to_string()],
        ]
    );
    assert_eq!(codes.table.n_rows, 7);
}

#[test]
fn xlsx_from_openpyxl_cell_for_cell() {
    assert_foi_annex("formats/sheets/foi_annex.xlsx");
}

#[test]
fn xls_from_libreoffice_cell_for_cell() {
    assert_foi_annex("formats/sheets/foi_annex.xls");
}

#[test]
fn ods_from_libreoffice_cell_for_cell() {
    assert_foi_annex("formats/sheets/foi_annex.ods");
}

#[test]
fn xls_formula_results_with_a_date_format_are_dates() {
    let sheets = sheets_of("formats/sheets/formula_date.xls");
    let t = &sheets[0].table;
    let dates: Vec<(&str, &CellValue)> = (0..3)
        .map(|r| {
            let c = t.cell(r, 1).unwrap();
            (c.text.as_str(), &c.value)
        })
        .collect();
    assert_eq!(
        dates,
        vec![
            ("2019-03-01", &CellValue::Date("2019-03-01".into())),
            ("2020-06-30", &CellValue::Date("2020-06-30".into())),
            ("2020-07-14", &CellValue::Date("2020-07-14".into())),
        ]
    );
    assert_eq!(t.cell(3, 1).unwrap().value, CellValue::Number(1209.0));
    assert_eq!(t.cell(3, 1).unwrap().text, "1209");
}

#[test]
fn password_protected_workbooks_are_unreadable() {
    for rel in [
        "formats/sheets/password.xls",
        "formats/sheets/password.xlsx",
    ] {
        let bytes = std::fs::read(fixture(rel)).unwrap();
        let outcome = read_one(&bytes, rel, 0, Limits::default());
        assert_eq!(outcome.row.status, Status::Unreadable, "{rel}");
        assert_eq!(outcome.row.message, "unreadable: needs a password", "{rel}");
        assert!(outcome.document.is_none());
    }
}

#[test]
fn truncated_workbooks_are_corrupt_not_panics() {
    // Cut before the parts a workbook needs (the .ods cut in half keeps
    // its content.xml and is recovered: see `recovered_zips`).
    for (rel, part) in [
        ("formats/sheets/foi_annex.xlsx", 2),
        ("formats/sheets/foi_annex.xls", 2),
        ("formats/sheets/foi_annex.ods", 4),
    ] {
        let bytes = std::fs::read(fixture(rel)).unwrap();
        for cut in [bytes.len() / part, 600] {
            let outcome = read_one(&bytes[..cut], rel, 0, Limits::default());
            assert_eq!(outcome.row.status, Status::Unreadable, "{rel} cut at {cut}");
            assert!(
                outcome
                    .row
                    .message
                    .starts_with("unreadable: corrupt or truncated"),
                "{rel} cut at {cut}: {}",
                outcome.row.message
            );
        }
    }
}

#[test]
fn cell_limit_cuts_xlsx_and_refuses_xls_and_ods() {
    let limits = Limits {
        max_sheet_cells: 30,
        ..Limits::default()
    };
    // xlsx is streamed: the sheet is cut to whole rows, with a warning.
    let (sheets, warnings) = read_sheets("formats/sheets/foi_annex.xlsx", limits).unwrap();
    let t = &sheets[0].table;
    assert_eq!((t.n_rows, t.n_cols), (5, 6));
    assert_eq!(t.row_texts(4)[..2], ["2019-05-01", "101"]);
    assert!(
        warnings.iter().any(|w| w.contains("Scans by database")),
        "{warnings:?}"
    );
    // calamine builds whole grids for xls and ods: refused before it runs.
    for rel in [
        "formats/sheets/foi_annex.xls",
        "formats/sheets/foi_annex.ods",
    ] {
        let err = read_sheets(rel, limits).unwrap_err();
        assert!(
            matches!(err, ReadError::LimitExceeded { max: 30, .. }),
            "{rel}: {err:?}"
        );
    }
}

// --- delimited text ------------------------------------------------------

fn scans_rows() -> Vec<Vec<String>> {
    [
        ["Month", "IABS", "IDENT1", "Both", "Total"],
        ["March 2019", "93", "20", "4", "117"],
        ["April 2019", "88", "17", "2", "107"],
        ["May 2019", "101", "25", "6", "132"],
        ["June 2019", "76", "19", "3", "98"],
        ["Total", "358", "81", "15", "454"],
    ]
    .iter()
    .map(|r| r.iter().map(|s| s.to_string()).collect())
    .collect()
}

#[test]
fn csv_in_every_encoding_and_delimiter_reads_the_same() {
    for name in [
        "scans_utf8.csv",
        "scans_utf8_bom.csv",
        "scans_utf16le_bom.csv",
        "scans_utf16be_bom.csv",
        "scans_utf16le.csv",
        "scans_utf16be.csv",
        "scans_semicolon.csv",
        "scans_pipe.csv",
        "scans_excel_sep.csv",
        "scans.tsv",
    ] {
        let sheets = sheets_of(&format!("formats/csv/{name}"));
        assert_eq!(sheets.len(), 1, "{name}");
        let s = &sheets[0];
        assert_eq!(s.name, name.rsplit_once('.').unwrap().0);
        assert_eq!(s.table.rows_text(), scans_rows(), "{name}");
        let total = s.table.cell(5, 4).unwrap();
        assert_eq!(total.value, CellValue::Number(454.0), "{name}");
        assert_eq!(total.prov.cell.as_deref(), Some("E6"));
        assert_eq!(total.prov.sheet.as_deref(), Some(s.name.as_str()));
        assert_eq!(total.prov.table, Some(1));
    }
}

#[test]
fn windows_1252_csv_keeps_the_pound_sign_and_quoted_newlines() {
    let sheets = sheets_of("formats/csv/costs_cp1252.csv");
    let t = &sheets[0].table;
    assert_eq!(
        t.rows_text(),
        vec![
            vec!["Item", "Cost", "Note"],
            vec![
                "Mobile fingerprint devices",
                "£12,450",
                "Purchased 2019, \"Strategic Mobile\" contract"
            ],
            vec!["Annual licence", "£3,100", "Per year"],
            vec!["Training", "£450", "Two sessions\nfor 24 officers"],
        ]
    );
    assert_eq!(
        t.cell(1, 1).unwrap().value,
        CellValue::Text("£12,450".into())
    );
}

#[test]
fn csv_dates_typed_only_when_iso() {
    let sheets = sheets_of("formats/csv/ethnicity.csv");
    let t = &sheets[0].table;
    assert_eq!(
        t.cell(1, 2).unwrap().value,
        CellValue::Date("2020-06-30".into())
    );
    assert_eq!(
        t.cell(3, 2).unwrap().value,
        CellValue::Text("30/06/2020".into())
    );
    assert_eq!(t.cell(3, 1).unwrap().value, CellValue::Number(276.0));
}

/// A tiny deterministic generator for byte damage (no extra crate).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
}

#[test]
fn damaged_workbooks_give_errors_not_panics() {
    let rounds: usize = std::env::var("SHEET_DAMAGE_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(40);
    let mut rng = Lcg(0x5eed);
    for rel in [
        "formats/sheets/foi_annex.xlsx",
        "formats/sheets/foi_annex.xls",
        "formats/sheets/foi_annex.ods",
        "formats/sheets/formula_date.xls",
        "formats/csv/costs_cp1252.csv",
    ] {
        let clean = std::fs::read(fixture(rel)).unwrap();
        for round in 0..rounds {
            let mut bytes = clean.clone();
            for _ in 0..1 + rng.next() % 8 {
                let at = (rng.next() as usize) % bytes.len();
                bytes[at] = rng.next() as u8;
            }
            let name = rel.rsplit('/').next().unwrap();
            let result =
                std::panic::catch_unwind(|| read_bytes(&bytes, name, 0, Limits::default()));
            assert!(result.is_ok(), "{rel} round {round} panicked");
            // Damage gives a one-line reason, never an internal error (when
            // the damaged file is still taken for the same format).
            let clean_format = detect(&clean, name);
            if let Ok((format, Err(e))) = &result {
                // A damaged cell address can make a sheet look too large
                // to hold, which is reported as such.
                let too_large = matches!(e, ReadError::LimitExceeded { .. });
                if *format == clean_format && !too_large {
                    assert_eq!(e.status(), Status::Unreadable, "{rel} round {round}: {e}");
                }
            }
        }
    }
}

#[test]
fn every_worksheet_listed_with_its_visibility_chartsheets_skipped() {
    let sheets = sheets_of("formats/sheets/sheet_states.xlsx");
    let listed: Vec<(&str, u32, &str, u32)> = sheets
        .iter()
        .map(|s| {
            (
                s.name.as_str(),
                s.index,
                s.visibility.as_str(),
                s.table.n_rows,
            )
        })
        .collect();
    // The chartsheet "Chart" (workbook position 3) has no cells.
    assert_eq!(
        listed,
        vec![
            ("Summary", 0, "visible", 3),
            ("Working", 1, "hidden", 1),
            ("Audit", 2, "very_hidden", 1),
            ("Blank", 4, "visible", 0),
        ]
    );
    let audit = sheets[2].table.cell(0, 0).unwrap();
    assert_eq!(audit.text, "checked by PS 77");
    assert_eq!(audit.prov.cell.as_deref(), Some("C5"));
}

#[test]
fn csv_stops_at_the_cell_limit_with_a_warning() {
    let limits = Limits {
        max_sheet_cells: 12,
        ..Limits::default()
    };
    let (sheets, warnings) = read_sheets("formats/csv/scans_utf8.csv", limits).unwrap();
    assert_eq!(sheets[0].table.rows_text(), scans_rows()[..2]);
    assert_eq!(warnings, vec!["stopped after 2 rows (cell limit 12)"]);
}

#[test]
fn shared_strings_declaring_billions_are_corrupt_not_an_abort() {
    // calamine 0.38 reserves `uniqueCount` strings before reading any: in a
    // 10 kB file, 10^11 of them would be a 2.4 TB allocation and an abort.
    let clean = std::fs::read(fixture("formats/sheets/foi_annex.xlsx")).unwrap();
    let mut src = zip::ZipArchive::new(std::io::Cursor::new(&clean[..])).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..src.len() {
        out.raw_copy_file(src.by_index(i).unwrap()).unwrap();
    }
    out.start_file(
        "xl/sharedStrings.xml",
        zip::write::SimpleFileOptions::default(),
    )
    .unwrap();
    std::io::Write::write_all(
        &mut out,
        br#"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="100000000000"><si><t>IC1</t></si></sst>"#,
    )
    .unwrap();
    let bytes = out.finish().unwrap().into_inner();
    let outcome = read_one(&bytes, "annex.xlsx", 0, Limits::default());
    assert_eq!(outcome.row.status, Status::Unreadable);
    assert_eq!(
        outcome.row.message,
        "unreadable: corrupt or truncated: xl/sharedStrings.xml declares 100000000000 strings, more than it can hold"
    );
}
