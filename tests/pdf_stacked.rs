//! Striped or shaded PDF tables drawn without rules, one under another
//! with a sentence between them (issue 9, class 8; Word letters turned
//! into PDF by LibreOffice, fixtures/formats/pdf-tables/make_stacked.py):
//! the sentence ends the first table and stays a paragraph with all its
//! words, and each table keeps its own columns. A wrapped cell that a
//! page break cuts (make_broken_row.py) keeps its words in its row.

use crate::util::fixture;
use foi_extract::doc::{Block, Part, Table};
use foi_extract::read::{read_bytes, Limits};

/// The blocks of every page of the fixture, in reading order.
fn read(name: &str) -> Vec<Block> {
    let path = fixture(&format!("formats/pdf-tables/{name}.pdf"));
    let bytes = std::fs::read(&path).expect("fixture");
    let (_, result) = read_bytes(&bytes, &format!("{name}.pdf"), 0, Limits::default());
    result
        .expect("readable")
        .parts
        .into_iter()
        .filter_map(|p| match p {
            Part::Page(p) => Some(p.blocks),
            _ => None,
        })
        .flatten()
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

fn years() -> Vec<Vec<String>> {
    strs(&[
        &["Year", "Immigration database", "Police database", "Total"],
        &["2019", "212", "1,604", "1,816"],
        &["2020", "187", "1,377", "1,564"],
        &["2021", "245", "1,902", "2,147"],
        &["Total", "644", "4,883", "5,527"],
    ])
}

fn ethnicity() -> Vec<Vec<String>> {
    strs(&[
        &["Ethnicity of person searched", "Searches"],
        &["White", "3,318"],
        &["Black", "902"],
        &["Asian", "655"],
        &["Mixed", "187"],
        &["Other", "214"],
        &["Not stated", "251"],
    ])
}

/// The two tables, exactly, and the sentence between them as a paragraph
/// of its own.
fn assert_two_tables_and_sentence(
    name: &str,
    first: Vec<Vec<String>>,
    second: Vec<Vec<String>>,
    sentence: &str,
) {
    let blocks = read(name);
    let tables: Vec<Vec<Vec<String>>> = blocks
        .iter()
        .filter_map(|b| match b {
            Block::Table(t) => Some(rows(t)),
            Block::Paragraph(_) => None,
        })
        .collect();
    assert_eq!(tables, vec![first, second], "{name}");
    let paragraphs: Vec<&str> = blocks
        .iter()
        .filter_map(|b| match b {
            Block::Paragraph(p) => Some(p.text.as_str()),
            Block::Table(_) => None,
        })
        .collect();
    assert!(
        paragraphs.contains(&sentence),
        "{name}: no paragraph {sentence:?} in {paragraphs:#?}"
    );
}

#[test]
fn stacked_zebra_tables_with_a_sentence_between_are_not_joined() {
    assert_two_tables_and_sentence(
        "stacked_zebra_cells",
        years(),
        ethnicity(),
        "Immigration arrests following a search: 14",
    );
}

#[test]
fn stacked_tables_with_a_sentence_wrapped_over_two_lines_are_not_joined() {
    assert_two_tables_and_sentence(
        "stacked_long_sentence",
        years(),
        ethnicity(),
        "Of these searches 37 led to an arrest for an immigration offence; the rest ended \
         without further action, and the breakdown by ethnicity follows below.",
    );
}

#[test]
fn stacked_zebra_tables_with_a_short_sentence_in_one_column_are_not_joined() {
    assert_two_tables_and_sentence("stacked_short_sentence", years(), ethnicity(), "Arrests: 5");
}

#[test]
fn stacked_tables_shaded_on_the_header_only_with_a_tight_sentence_are_not_joined() {
    assert_two_tables_and_sentence(
        "stacked_header_only",
        years(),
        ethnicity(),
        "Immigration arrests following a search: 9",
    );
}

#[test]
fn stacked_light_shading_tables_of_the_same_columns_stay_apart() {
    assert_two_tables_and_sentence(
        "stacked_light_shading",
        strs(&[
            &["Reason for the search", "Searches", "Per cent"],
            &["Name not given", "1,204", "21.8"],
            &["Details doubted", "2,377", "43.0"],
            &["Wanted on warrant", "866", "15.7"],
            &["Other", "1,080", "19.5"],
        ]),
        strs(&[
            &["Outcome", "Searches", "Per cent"],
            &["Identity confirmed", "4,102", "74.2"],
            &["No match", "1,011", "18.3"],
            &["Arrested", "414", "7.5"],
        ]),
        "The outcome of each search is set out below.",
    );
}

#[test]
fn a_wrapped_cell_running_onto_the_next_page_stays_in_its_row() {
    let blocks = read("broken_row_zebra");
    let tables: Vec<&Table> = blocks
        .iter()
        .filter_map(|b| match b {
            Block::Table(t) => Some(t),
            Block::Paragraph(_) => None,
        })
        .collect();
    assert_eq!(tables.len(), 1);
    let got = rows(tables[0]);
    let figures = [
        "412", "98", "1,377", "56", "803", "240", "9", "1,650", "77", "530", "318", "1,204",
    ];
    let mut want = vec![vec![
        "Reason recorded by the officer".to_string(),
        "Searches".to_string(),
    ]];
    for (i, n) in figures.iter().enumerate() {
        want.push(vec![
            format!(
                "Reason {i}: the person gave details the officer doubted and could not \
                 confirm at the roadside by any other means available"
            ),
            n.to_string(),
        ]);
    }
    assert_eq!(got, want);
}
