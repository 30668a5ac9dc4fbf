//! Unit tests of the mapping on in-memory documents, one per extraction
//! rule and trap, with the real vocabularies from `schemas/`.

use super::*;
use crate::doc::{Body, Message, Paragraph, Source};
use crate::record::{Field, FlagKind, Record};

fn rules() -> RuleSet {
    RuleSet::load(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas")).expect("rules")
}

/// A document of paragraphs and tables (rows of cell texts), in order.
pub(super) fn doc(path: &str, format: Format, content: &[Item]) -> Document {
    let mut blocks = Vec::new();
    for (i, item) in content.iter().enumerate() {
        let prov = Prov {
            paragraph: Some(i as u32),
            ..Prov::file(path)
        };
        blocks.push(match item {
            Item::P(t) => Block::Paragraph(Paragraph {
                text: t.to_string(),
                heading: None,
                prov,
            }),
            Item::T(rows) => {
                let rows = rows
                    .iter()
                    .map(|r| r.iter().map(|c| c.to_string()).collect())
                    .collect();
                Block::Table(Table::from_rows(
                    rows,
                    Prov {
                        table: Some(i as u32 + 1),
                        ..Prov::file(path)
                    },
                    "test",
                ))
            }
        });
    }
    let parts = if format == Format::Eml {
        vec![Part::Message(Message {
            index: 1,
            from: Some("FOI <foi@kent.police.uk>".into()),
            date: Some("2020-08-20T10:00:00+01:00".into()),
            blocks,
            ..Default::default()
        })]
    } else {
        vec![Part::Body(Body {
            name: "document".into(),
            blocks,
        })]
    };
    Document {
        model_version: 1,
        source: Source {
            path: path.into(),
            sha256: "00".into(),
            format,
            bytes: 1,
            message: None,
        },
        parts,
        warnings: vec![],
        children: vec![],
    }
}

pub(super) enum Item {
    P(&'static str),
    T(Vec<Vec<&'static str>>),
}
use Item::{P, T};

pub(super) fn one(docs: &[Document]) -> Record {
    let out = map_documents(docs, &[], &rules());
    assert_eq!(out.records.len(), 1, "{:?}", out.assignments);
    out.records.into_iter().next().unwrap()
}

/// The four scan figures, for one assertion.
pub(super) fn scans(r: &Record) -> (Option<u64>, Option<u64>, Option<u64>, Option<u64>) {
    (r.scans.iabs, r.scans.ident1, r.scans.both, r.scans.total)
}

/// Ethnicity entries as (code, count).
pub(super) fn ethnicity_counts(r: &Record) -> Vec<(Option<&str>, Option<u64>)> {
    r.ethnicity
        .iter()
        .map(|e| (e.code.as_deref(), e.count))
        .collect()
}

/// Reason entries as (reason, count).
pub(super) fn reason_counts(r: &Record) -> Vec<(&str, Option<u64>)> {
    r.reasons
        .iter()
        .map(|e| (e.reason.as_str(), e.count))
        .collect()
}

/// Monthly entries as (month, total).
pub(super) fn monthly_totals(r: &Record) -> Vec<(&str, Option<u64>)> {
    r.monthly
        .iter()
        .map(|m| (m.month.as_str(), m.total))
        .collect()
}

pub(super) fn flags(r: &Record) -> Vec<String> {
    let mut f: Vec<String> = r
        .flags
        .iter()
        .map(|f| format!("{}/{}", f.field, f.kind.name()))
        .collect();
    f.sort();
    f
}

#[test]
fn transposed_table_with_title_block_two_row_header_and_total_column() {
    let r = one(&[doc(
        "kent/reply.docx",
        Format::Docx,
        &[
            P("Kent Police"),
            T(vec![
                vec!["Searches by database", "", "", "", ""],
                vec![
                    "Month",
                    "Database searched",
                    "Database searched",
                    "Database searched",
                    "",
                ],
                vec!["", "IABS only", "IDENT1 only", "Both", "Total"],
                vec!["March 2019", "5", "20", "0", "25"],
                vec!["April 2019", "6", "1,021", "0", "1,027"],
                vec!["Total", "11", "1,041", "0", "1,052"],
            ]),
        ],
    )]);
    assert_eq!(scans(&r), (Some(11), Some(1041), Some(0), Some(1052)));
    assert_eq!(
        monthly_totals(&r),
        [("2019-03", Some(25)), ("2019-04", Some(1027))]
    );
    assert_eq!(r.immigration.scans, Some(11));
    let p = r.provenance.get(&Field::ScansTotal).expect("provenance");
    assert_eq!((p.table, p.row, p.col), (Some(2), Some(5), Some(4)));
    assert!(r.period.is_some());
}

#[test]
fn ethnicity_with_percentages_suppressed_cells_and_unknown_rows() {
    let letter = |exempt: bool| {
        let mut items = vec![
            P("Kent Police"),
            P("A total of 40 searches were carried out."),
            T(vec![
                vec!["Ethnicity", "Number", "%"],
                vec!["IC1", "30", "75%"],
                vec!["IC3", "*", "5%"],
                vec!["Not recorded", "8", "20%"],
                vec!["Total", "40", "100%"],
            ]),
        ];
        if exempt {
            items.push(P(
                "Numbers under five are withheld as we rely on section 40(2) personal information.",
            ));
        }
        doc("kent/reply.docx", Format::Docx, &items)
    };
    let r = one(&[letter(false)]);
    let eth = ethnicity_counts(&r);
    assert_eq!(
        eth,
        [
            (Some("IC1"), Some(30)),
            (Some("IC3"), None),
            (Some("IC0"), Some(8))
        ]
    );
    assert!(
        flags(&r).contains(&"ethnicity/ambiguous".to_string()),
        "{:?}",
        flags(&r)
    );
    let r = one(&[letter(true)]);
    assert!(
        flags(&r).contains(&"ethnicity/withheld".to_string()),
        "{:?}",
        flags(&r)
    );
    assert_eq!(r.response.exemptions, ["foia:s40"]);
    assert_eq!(r.response.status.name(), "partial");
}

#[test]
fn percentages_only_keep_entries_without_counts() {
    let r = one(&[doc(
        "kent/reply.docx",
        Format::Docx,
        &[
            P("Kent Police. There were 200 scans."),
            T(vec![
                vec!["Ethnicity", "Percentage"],
                vec!["White", "80%"],
                vec!["Black", "15%"],
                vec!["Asian", "5%"],
            ]),
        ],
    )]);
    assert_eq!(r.ethnicity.len(), 3);
    assert!(r.ethnicity.iter().all(|e| e.count.is_none()));
    assert!(flags(&r).contains(&"ethnicity/ambiguous".to_string()));
}

#[test]
fn reason_not_recorded_row_is_not_stated_and_counts() {
    let r = one(&[doc(
        "kent/reply.docx",
        Format::Docx,
        &[
            P("Kent Police. A total of 20 searches."),
            T(vec![
                vec!["Reason", "Count"],
                vec!["Name not given", "5"],
                vec!["Details doubted", "10"],
                vec!["Reason not recorded", "5"],
            ]),
        ],
    )]);
    let reasons = reason_counts(&r);
    assert_eq!(
        reasons,
        [
            ("name_not_given", Some(5)),
            ("details_doubted_or_refused", Some(10)),
            ("not_stated", Some(5))
        ]
    );
    assert!(!flags(&r).iter().any(|f| f.starts_with("reasons")));
}

#[test]
fn numbered_answers_number_words_and_not_recorded() {
    let r = one(&[doc("kent/reply.docx", Format::Docx, &[
        P("Kent Police"),
        P("Q2 How many scans were carried out? A2: 1,209 scans were carried out, all checked against both databases."),
        P("Q3 What was the ethnicity of those scanned? A3: Not held."),
        P("Q4 Why was each scan carried out? A4: We do not record the reason for a scan."),
        P("Q5 How many immigration arrests followed? A5: eighteen."),
    ])]);
    assert_eq!(r.scans.total, Some(1209));
    assert_eq!(r.scans.both, Some(1209));
    assert_eq!(r.immigration.scans, Some(1209));
    assert_eq!(r.immigration.arrests, Some(18));
    let f = flags(&r);
    assert!(f.contains(&"ethnicity/not_recorded".to_string()), "{f:?}");
    assert!(f.contains(&"reasons/not_recorded".to_string()), "{f:?}");
    // Every search checks both databases: the split does not exist.
    assert!(f.contains(&"scans.iabs/not_recorded".to_string()), "{f:?}");
}

#[test]
fn later_answer_wins_and_covering_email_disagreement_is_flagged() {
    let letter = doc(
        "kent/letter.pdf",
        Format::Pdf,
        &[
            P("Kent Police"),
            P("Our Ref: FOI/123/20"),
            P("Date: 14 August 2020"),
            T(vec![
                vec!["IABS", "IDENT1", "Both", "Total"],
                vec!["113", "398", "0", "511"],
            ]),
        ],
    );
    let email = doc(
        "kent/covering.eml",
        Format::Eml,
        &[P(
            "Please find attached our reply. In total 515 scans were made.",
        )],
    );
    let r = one(&[letter.clone(), email]);
    assert_eq!(r.scans.total, Some(511));
    let inc = r
        .flags
        .iter()
        .find(|f| f.field == Field::ScansTotal)
        .expect("inconsistent flag");
    assert_eq!(inc.kind, FlagKind::Inconsistent);
    assert_eq!(
        inc.source.as_ref().map(|p| p.file.as_str()),
        Some("kent/letter.pdf")
    );
    assert_eq!(inc.also[0].file, "kent/covering.eml");
    // The flag gives the other value and where it is, not only the kept one.
    assert!(inc.detail.contains("kept 511"), "{}", inc.detail);
    assert!(
        inc.detail.contains("kent/covering.eml") && inc.detail.contains("gives 515"),
        "{}",
        inc.detail
    );
    let review = doc(
        "kent/review.pdf",
        Format::Pdf,
        &[
            P("Kent Police"),
            P("Internal review reference: IR/9/20 Date: 1 October 2020"),
            T(vec![
                vec!["Database", "Original response", "Corrected"],
                vec!["IABS", "113", "100"],
                vec!["IDENT1", "398", "411"],
                vec!["Both", "0", "0"],
                vec!["Total", "511", "511"],
            ]),
        ],
    );
    let r = one(&[letter, review]);
    assert_eq!((r.scans.iabs, r.scans.ident1), (Some(100), Some(411)));
    assert_eq!(r.response.date.as_deref(), Some("2020-10-01"));
    assert_eq!(r.response.reference.as_deref(), Some("IR/9/20"));
    assert!(!r.flags.iter().any(|f| f.kind == FlagKind::Inconsistent));
}

#[test]
fn refusals_clarifications_and_acknowledgements() {
    let r = one(&[doc("essex/refusal.pdf", Format::Pdf, &[
        P("Essex Police"),
        P("Essex Police can neither confirm nor deny that it holds the information, by virtue of section 31(3) and section 24(2)."),
        P("If you are dissatisfied you may complain to the Information Commissioner under section 50."),
    ])]);
    assert_eq!(r.response.status.name(), "refused");
    assert_eq!(r.response.exemptions, ["foia:s24", "foia:s31"]);
    assert_eq!(r.bsg.status.name(), "unknown");
    assert_eq!(flags(&r), ["response/withheld"]);
    let r = one(&[doc("herts/clarify.eml", Format::Eml, &[P("Hertfordshire Constabulary. Before we can proceed we require clarification of question 1. Under section 1(3) we need not comply until then.")])]);
    assert_eq!(r.response.status.name(), "clarification");
    assert!(r.response.exemptions.is_empty());
    assert_eq!(flags(&r), ["response/missing"]);
    let r = one(&[doc("sussex/ack.eml", Format::Eml, &[P("Sussex Police. We acknowledge receipt of your request and will respond by 31 July 2020.")])]);
    assert_eq!(r.response.status.name(), "no_response");
    assert_eq!(r.response.date.as_deref(), Some("2020-08-20"));
}

#[test]
fn foia_section_17_is_a_refusal_notice_not_an_exemption() {
    let r = one(&[doc("kent/reply.docx", Format::Docx, &[
        P("Kent Police"),
        P("Retrieving the figures would exceed the cost limit, so section 12 applies and this letter is a refusal notice under section 17."),
    ])]);
    assert_eq!(r.response.status.name(), "refused");
    assert_eq!(r.response.exemptions, ["foia:s12"]);
}

#[test]
fn force_from_folder_domain_or_nowhere() {
    let rules = rules();
    let docs = [
        doc(
            "03 - Surrey FOI/reply.docx",
            Format::Docx,
            &[P("Thank you for your request.")],
        ),
        doc("flat/Kent FOI 12-20.docx", Format::Docx, &[P("Thank you.")]),
        doc("flat/forwarded.eml", Format::Eml, &[P("See below.")]),
        doc(
            "flat/unknown.docx",
            Format::Docx,
            &[P("Thank you for your request.")],
        ),
    ];
    let out = map_documents(&docs, &[], &rules);
    let forces: Vec<_> = out.assignments.iter().map(|a| a.force.as_deref()).collect();
    assert_eq!(forces, [Some("surrey"), Some("kent"), Some("kent"), None]);
    assert!(out.assignments[3].evidence.starts_with("ambiguous"));
}

#[test]
fn stacked_sheet_blocks_with_title_rows() {
    let r = one(&[doc(
        "norfolk/r.docx",
        Format::Docx,
        &[
            P("Norfolk Constabulary"),
            T(vec![
                vec![
                    "Searches, June 2020",
                    "Searches, June 2020",
                    "Searches, June 2020",
                    "Searches, June 2020",
                    "Searches, June 2020",
                ],
                vec!["", "IABS", "IDENT1", "Both", "Total"],
                vec!["Jun-20", "4", "37", "12", "53"],
                vec!["", "", "", "", ""],
                vec!["Immigration arrests following a search", "", "", "", "0"],
            ]),
        ],
    )]);
    assert_eq!(scans(&r), (Some(4), Some(37), Some(12), Some(53)));
    assert_eq!(r.immigration.arrests, Some(0));
    assert!(r.monthly.is_empty(), "one month is not a breakdown");
    let p = r.period.as_ref().expect("period");
    assert_eq!(
        (p.from.as_deref(), p.to.as_deref()),
        (Some("2020-06"), Some("2020-06"))
    );
}

#[test]
fn ethnicity_by_database_cross_tab() {
    let r = one(&[doc(
        "kent/r.xlsx",
        Format::Xlsx,
        &[T(vec![
            vec![
                "Kent Police - searches by ethnicity and database",
                "",
                "",
                "",
                "",
            ],
            vec!["Ethnicity", "IABS", "IDENT1", "Both", "Total"],
            vec!["IC1", "10", "100", "0", "110"],
            vec!["IC2", "5", "20", "0", "25"],
            vec!["IC3", "3", "30", "0", "33"],
            vec!["Total", "18", "150", "0", "168"],
        ])],
    )]);
    assert_eq!(scans(&r), (Some(18), Some(150), Some(0), Some(168)));
    let eth = ethnicity_counts(&r);
    assert_eq!(
        eth,
        [
            (Some("IC1"), Some(110)),
            (Some("IC2"), Some(25)),
            (Some("IC3"), Some(33))
        ]
    );
}

#[test]
fn months_across_columns_databases_down_rows() {
    let r = one(&[doc(
        "kent/r.xlsx",
        Format::Xlsx,
        &[T(vec![
            vec!["Kent Police", "Mar-19", "Apr-19", "May-19", "Total"],
            vec!["IABS", "1", "2", "3", "6"],
            vec!["IDENT1", "10", "20", "30", "60"],
            vec!["Both", "0", "0", "0", "0"],
            vec!["Total", "11", "22", "33", "66"],
        ])],
    )]);
    assert_eq!(scans(&r), (Some(6), Some(60), Some(0), Some(66)));
    let months = monthly_totals(&r);
    assert_eq!(
        months,
        [
            ("2019-03", Some(11)),
            ("2019-04", Some(22)),
            ("2019-05", Some(33))
        ]
    );
    let p = r.period.as_ref().unwrap();
    assert_eq!(
        (p.from.as_deref(), p.to.as_deref()),
        (Some("2019-03"), Some("2019-05"))
    );
}

#[test]
fn self_defined_labels_without_codes_and_prose_split() {
    let r = one(&[doc("kent/r.docx", Format::Docx, &[
        P("Kent Police"),
        P("There were 1,113 searches in total, of which 8 were IABS only, 578 IDENT1 only and 527 were checked against both."),
        T(vec![
            vec!["Self-defined ethnicity", "Number"],
            vec!["White British", "700"],
            vec!["Any other White background", "100"],
            vec!["Black African", "150"],
            vec!["Pakistani", "100"],
            vec!["Arab", "50"],
            vec!["Not stated", "13"],
        ]),
    ])]);
    assert_eq!(scans(&r), (Some(8), Some(578), Some(527), Some(1113)));
    assert_eq!(r.immigration.scans, Some(535));
    let eth: Vec<_> = r
        .ethnicity
        .iter()
        .map(|e| (e.scheme, e.code.as_deref()))
        .collect();
    use crate::record::EthnicityScheme::SelfDefined as S;
    assert_eq!(
        eth,
        [
            (S, Some("W1")),
            (S, Some("W9")),
            (S, Some("B2")),
            (S, Some("A2")),
            (S, Some("O2")),
            (S, Some("NS"))
        ]
    );
    assert!(
        !flags(&r).iter().any(|f| f.starts_with("ethnicity")),
        "{:?}",
        flags(&r)
    );
}

#[test]
fn label_lines_in_an_email_body() {
    let r = one(&[doc("kent/reply.eml", Format::Eml, &[
        P("Q2. Searches by database:\nIABS: 113\nIDENT1: 398\nBoth: 0\nTotal: 511"),
        P("Q3. Ethnicity (officer defined):\nIC1 - White North European: 301\nIC3 - Black: 150\nIC6 - Arabic or North African: 60"),
        P("Q5. Immigration arrests: 19"),
    ])]);
    assert_eq!(scans(&r), (Some(113), Some(398), Some(0), Some(511)));
    assert_eq!(
        r.ethnicity.iter().map(|e| e.count).collect::<Vec<_>>(),
        [Some(301), Some(150), Some(60)]
    );
    assert_eq!(r.immigration.arrests, Some(19));
}

#[test]
fn thread_that_asked_for_clarification_then_said_not_held() {
    let r = one(&[doc("kent/correspondence.txt", Format::Docx, &[
        P("Kent Police"),
        P("Before we can proceed we require clarification of question 2."),
        P("Thank you for clarifying. Kent Police does not hold this information: the force does not use mobile fingerprint devices."),
    ])]);
    assert_eq!(r.response.status.name(), "not_held");
    assert_eq!(r.bsg.status.name(), "not_in_use");
}

#[test]
fn ethnicity_and_reasons_in_sentences() {
    let r = one(&[doc("kent/r.docx", Format::Docx, &[
        P("Kent Police. A total of 511 scans were carried out."),
        P("Of those scanned, 301 were recorded as IC1, 150 as IC3 and 60 as IC6."),
        P("Officers recorded that 340 were because the name given was doubted, 96 because no name was given and 75 for other reasons."),
    ])]);
    let eth = ethnicity_counts(&r);
    assert_eq!(
        eth,
        [
            (Some("IC1"), Some(301)),
            (Some("IC3"), Some(150)),
            (Some("IC6"), Some(60))
        ]
    );
    let reasons = reason_counts(&r);
    assert_eq!(
        reasons,
        [
            ("details_doubted_or_refused", Some(340)),
            ("name_not_given", Some(96)),
            ("other", Some(75))
        ]
    );
    assert_eq!(r.scans.total, Some(511));
}

#[test]
fn no_immigration_arrests_in_words_is_zero() {
    let r = one(&[doc("kent/r.docx", Format::Docx, &[
        P("Kent Police. A total of 87 searches were carried out. No arrests for immigration offences followed a search."),
    ])]);
    assert_eq!(r.immigration.arrests, Some(0));
    let r = one(&[doc("kent/r.docx", Format::Docx, &[
        P("Kent Police does not use mobile fingerprint devices, so no immigration arrests have followed a scan."),
    ])]);
    assert_eq!(r.response.status.name(), "not_held");
    assert_eq!(r.bsg.status.name(), "not_in_use");
}

/// Text full of multi-byte characters next to references, dates, numbers
/// and section marks never panics.
#[test]
fn multibyte_text_never_panics() {
    let texts = [
        "Réf: ééé—FOI/1/20 Date: 1 août 2020 «Section 31» — 1 234 scans • ¹²³",
        "Our ref:ü2020/0456 ü 12ü/20 ü—5. ü? 3. Ü",
        "ありがとう Reference No: 12/20 日付: 14 August 2020 件数 87",
        "Ref\u{a0}No:\u{a0}001/20\u{202f}Date:\u{a0}3/7/2020 £450 – s.12 – IC1: 5 – W1: <5",
    ];
    for t in texts {
        let d = doc(
            "kent/x.docx",
            Format::Docx,
            &[
                P(t),
                T(vec![vec!["é", "ü", "∑"], vec!["IC1 – Ü", "1 2", "¹"]]),
            ],
        );
        let mut e = d.clone();
        if let Part::Body(b) = &mut e.parts[0] {
            b.blocks.push(Block::Paragraph(Paragraph {
                text: "ü".repeat(50),
                heading: None,
                prov: Prov::file("kent/x.docx"),
            }));
        }
        let out = map_documents(&[d, e], &[], &rules());
        assert_eq!(out.records.len(), 1);
    }
}

#[test]
fn start_of_use_not_read_from_the_request_or_a_not_recorded_date() {
    let r = one(&[doc("kent/r.docx", Format::Docx, &[
        P("Kent Police"),
        P("You asked: 1. Does your force use mobile fingerprint devices? If so, since when? 2. How many scans between March 2019 and June 2020?"),
        P("1. Yes. The date the devices were first used in 2018 is not recorded."),
        P("2. A total of 87 searches were carried out."),
    ])]);
    assert_eq!(r.bsg.status.name(), "in_use");
    assert_eq!(r.bsg.since, None);
    assert_eq!(r.scans.total, Some(87));
    let r = one(&[doc("kent/r.docx", Format::Docx, &[
        P("Kent Police began using mobile fingerprint devices in May 2019. A total of 87 searches were carried out."),
    ])]);
    assert_eq!(r.bsg.since.as_deref(), Some("2019-05"));
}

#[test]
fn complaint_rights_do_not_make_a_first_reply_an_internal_review() {
    let first = doc(
        "kent/first.pdf",
        Format::Pdf,
        &[
            P("Kent Police"),
            P("Date: 1 August 2020"),
            P("A total of 500 searches were carried out."),
            P("If you are unhappy with this response you may ask for an internal review."),
        ],
    );
    let second = doc(
        "kent/corrected.pdf",
        Format::Pdf,
        &[
            P("Kent Police"),
            P("Date: 1 September 2020"),
            P("Corrected response: a total of 511 searches were carried out."),
        ],
    );
    let r = one(&[first, second]);
    assert_eq!(r.scans.total, Some(511));
    assert_eq!(r.response.date.as_deref(), Some("2020-09-01"));
}

/// docs/rules.md's worked example, before the new phrase is added.
#[test]
fn rules_guide_worked_example() {
    let r = one(&[doc(
        "northshire/Annex B.xlsx",
        Format::Xlsx,
        &[
            P("Kent Police"),
            T(vec![
                vec!["Grounds", "Jan", "Feb", "Mar", "All"],
                vec!["Suspicious of name", "12", "9", "14", "35"],
                vec!["No ID", "4", "2", "3", "9"],
                vec!["Missing/wanted", "1", "0", "2", "3"],
            ]),
        ],
    )]);
    let reasons = reason_counts(&r);
    assert_eq!(
        reasons,
        [
            ("other", Some(35)),
            ("name_not_given", Some(9)),
            ("wanted_check", Some(3))
        ]
    );
}

#[test]
fn both_ethnicity_schemes_of_one_file_are_kept() {
    let r = one(&[doc(
        "lancs/annex.xlsx",
        Format::Xlsx,
        &[
            P("Lancashire Constabulary"),
            T(vec![
                vec!["Database", "Total"],
                vec!["IABS", "10"],
                vec!["Total", "30"],
            ]),
            T(vec![
                vec!["Officer defined ethnicity", "Searches"],
                vec!["IC1", "20"],
                vec!["IC3", "10"],
            ]),
            T(vec![
                vec!["Self defined ethnicity", "Searches"],
                vec!["W1", "18"],
                vec!["B2", "9"],
                vec!["NS", "3"],
            ]),
        ],
    )]);
    let codes: Vec<&str> = r
        .ethnicity
        .iter()
        .filter_map(|e| e.code.as_deref())
        .collect();
    assert_eq!(codes, ["IC1", "IC3", "W1", "B2", "NS"], "{:?}", r.ethnicity);
    // Each scheme adds up to the total on its own: no inconsistency.
    assert!(
        !r.flags.iter().any(|f| f.field == Field::Ethnicity),
        "{:?}",
        r.flags
    );
}

#[test]
fn answers_under_unnumbered_restated_questions_go_to_their_field() {
    let r = one(&[doc(
        "sussex/reply.docx",
        Format::Docx,
        &[
            P("Sussex Police"),
            P("Sussex Police has used the mobile fingerprint devices since 2019."),
            P("How many times were the devices used in 2022?"),
            P("1,391"),
            P("How many immigration arrests followed a search?"),
            P("This is not recorded."),
            P("What was the reason for each search?"),
            P("Name not given: 402"),
            P("Details doubted: 611"),
        ],
    )]);
    assert_eq!(r.scans.total, Some(1391));
    // The reasons answer's figures are not the arrests answer's.
    assert_eq!(r.immigration.arrests, None);
    let f = flags(&r);
    assert!(
        f.contains(&"immigration.arrests/not_recorded".to_string()),
        "{f:?}"
    );
    assert_eq!(r.reasons.len(), 2, "{:?}", r.reasons);
}

#[test]
fn period_total_that_disagrees_with_its_months_is_flagged_inconsistent() {
    let r = one(&[doc(
        "durham/annex.csv",
        Format::Csv,
        &[
            P("Durham Constabulary"),
            T(vec![
                vec!["Month", "Number of searches"],
                vec!["Jan 2020", "10"],
                vec!["Feb 2020", "20"],
                vec!["Grand total", "35"],
            ]),
        ],
    )]);
    assert_eq!(r.scans.total, Some(35), "the printed total is kept");
    let f = r
        .flags
        .iter()
        .find(|f| f.field == Field::Scans && f.kind == FlagKind::Inconsistent)
        .expect("inconsistent flag");
    assert!(f.detail.contains("add up to 30"), "{}", f.detail);
}
