//! Unit tests of the general reply rules found on unseen layouts: duty
//! statements, reference and quoted-request numbers, dates, stated periods,
//! prose counts, status wordings and table shapes. Each document is written
//! here in our own words.

use super::tests::{
    doc, ethnicity_counts, flags, monthly_totals, one, reason_counts, scans, Item::P, Item::T,
};
use super::*;
use crate::record::{BsgStatus, ResponseStatus};

#[test]
fn section_1_duty_statement_is_not_a_refusal() {
    let r = one(&[doc(
        "Kent Police/reply.docx",
        Format::Docx,
        &[
            P("Kent Police. Our reference: 123/20. 4 September 2020."),
            P("Mobile fingerprint devices have been in use since May 2019."),
            P("A total of 1,209 searches were made; 40 on IABS only, 1,100 on IDENT1 only and 69 on both."),
            P("Section 1(1) of the Freedom of Information Act 2000 obliges an authority to confirm whether it holds the information and to communicate it, unless an exemption applies."),
            P("Section 16 places a duty to provide advice and assistance; you may wish to narrow your request."),
        ],
    )]);
    assert_eq!(r.response.status, ResponseStatus::Disclosed);
    assert!(r.response.exemptions.is_empty());
    assert!(
        !flags(&r).iter().any(|f| f.ends_with("withheld")),
        "{:?}",
        flags(&r)
    );
}

#[test]
fn reference_and_date_rows_of_a_question_table_are_the_replys() {
    let r = one(&[doc(
        "Kent Police/KP-FOI-20-77 reply.xlsx",
        Format::Xlsx,
        &[
            T(vec![
                vec!["Kent Police FOI response", ""],
                vec!["Our Ref: KP-FOI-20-77", ""],
                vec!["Date of response", "2020-09-03"],
                vec![
                    "Q1",
                    "Mobile fingerprint devices have been in use since 2019.",
                ],
                vec!["Q2", "See the searches sheet."],
            ]),
            T(vec![
                vec!["Search type", "Quantity"],
                vec!["IABS only", "20"],
                vec!["IDENT1 only", "300"],
                vec!["Both", "5"],
                vec!["Total", "325"],
                vec!["Period covered: 01/03/2019 to 30/06/2020", ""],
            ]),
        ],
    )]);
    assert_eq!(r.response.reference.as_deref(), Some("KP-FOI-20-77"));
    assert_eq!(r.response.date.as_deref(), Some("2020-09-03"));
}

#[test]
fn no_current_plans_to_introduce_is_not_in_use_not_acquiring() {
    let r = one(&[doc(
        "Kent Police/reply.pdf",
        Format::Pdf,
        &[
            P("Kent Police. Our reference: 55/20. Date: 3 September 2020."),
            P("1. Kent Police does not use handheld fingerprint scanners and has no current plans to introduce them."),
            P("2-5. As the devices are not used, no information is held."),
        ],
    )]);
    assert_eq!(r.bsg.status, BsgStatus::NotInUse);
}

#[test]
fn believed_false_details_are_doubted_details() {
    let r = one(&[doc(
        "Kent Police/reply.xlsx",
        Format::Xlsx,
        &[T(vec![
            vec!["Reason", "Quantity"],
            vec!["No name given", "12"],
            vec!["Details believed false", "30"],
            vec!["Total", "42"],
        ])],
    )]);
    assert!(r
        .reasons
        .iter()
        .any(|e| e.reason == "details_doubted_or_refused" && e.count == Some(30)));
}

#[test]
fn broad_groups_without_codes_are_all_scheme_other() {
    let r = one(&[doc(
        "Kent Police/reply.docx",
        Format::Docx,
        &[
            P("Kent Police. Our reference: 66/20. Date: 3 September 2020."),
            T(vec![
                vec!["Ethnicity (as stated by the person)", "Number"],
                vec!["White", "120"],
                vec!["Black", "14"],
                vec!["Asian", "22"],
                vec!["Mixed", "5"],
                vec!["Not stated", "9"],
            ]),
        ],
    )]);
    assert_eq!(r.ethnicity.len(), 5);
    for e in &r.ethnicity {
        assert_eq!(e.scheme, crate::record::EthnicityScheme::Other, "{e:?}");
        assert_eq!(e.code, None, "{e:?}");
    }
}

#[test]
fn ncnd_with_sections_listed_one_a_line() {
    let r = one(&[doc(
        "Kent Police/refusal.rtf",
        Format::Rtf,
        &[
            P("Kent Police. Reference number: KP/FOI/88/20. Date: 21/08/2020."),
            P("Kent Police can neither confirm nor deny that it holds the information, by virtue of the following exemptions:"),
            P("Section 24(2) – National Security"),
            P("Section 31(3) – Law Enforcement"),
            P("Confirming whether such devices are used would reveal tactical capability."),
        ],
    )]);
    assert_eq!(r.response.status, ResponseStatus::Refused);
    assert_eq!(r.response.exemptions, ["foia:s24", "foia:s31"]);
    assert_eq!(r.bsg.status, BsgStatus::Unknown);
}

#[test]
fn quoted_request_gives_no_figures_period_or_date() {
    let r = one(&[doc(
        "Kent Police/reply.doc",
        Format::Doc,
        &[
            P("Kent Police. Reference: 2020-1187. August 28, 2020"),
            P("Thank you for your request. You asked:"),
            P("1. Whether handheld fingerprint readers are deployed, and from what date."),
            P("2. For 1 April 2019 to 31 May 2020, the number of checks, split into IABS only, IDENT1 only, and both."),
            P("5. The number of arrests for immigration offences that followed a check."),
            P("Response"),
            P("Kent Police piloted handheld devices between February 2020 and April 2020."),
            P("During the pilot 40 searches were made."),
            P("Kent Police does not hold the arrest figures in a retrievable format."),
            P("Under section 1(1) of the Freedom of Information Act 2000 an authority must say whether it holds information, unless an exemption applies."),
        ],
    )]);
    assert_eq!(r.response.date.as_deref(), Some("2020-08-28"));
    assert_eq!(r.scans.total, Some(40));
    assert_eq!(r.immigration.arrests, None);
    assert_eq!(r.bsg.status, BsgStatus::Pilot);
    assert_eq!(r.bsg.since.as_deref(), Some("2020-02"));
    let p = r.period.expect("period");
    assert_eq!(
        (p.from.as_deref(), p.to.as_deref()),
        (Some("2020-02"), Some("2020-04"))
    );
}

#[test]
fn prose_split_after_a_total_and_bracketed_item_numbers() {
    let r = one(&[doc(
        "Kent Police/reply.eml",
        Format::Eml,
        &[
            P("Our reference: KP/FOI/20/0456"),
            P("(1) The devices have been in use since March 2019."),
            P("(2) Officers carried out 530 searches in all: IABS only - 30; IDENT1 only - 480; both - 20."),
            P("(4) None of the searches led to an arrest for an immigration offence."),
        ],
    )]);
    assert_eq!(scans(&r), (Some(30), Some(480), Some(20), Some(530)));
    assert_eq!(r.immigration.arrests, Some(0));
}

#[test]
fn months_down_rows_with_ethnicity_across_columns() {
    let r = one(&[doc(
        "Kent Police/ethnicity by month.xlsx",
        Format::Xlsx,
        &[T(vec![
            vec![
                "Kent Police - device searches by ethnic appearance",
                "",
                "",
                "",
                "",
            ],
            vec!["Month", "IC1", "IC3", "Not recorded", "Total"],
            vec!["2019-04-01", "5", "1", "0", "6"],
            vec!["2019-05-01", "7", "2", "1", "10"],
            vec!["2019-06-01", "4", "0", "1", "5"],
            vec!["Total", "16", "3", "2", "21"],
        ])],
    )]);
    let eth = ethnicity_counts(&r);
    assert_eq!(
        eth,
        [
            (Some("IC1"), Some(16)),
            (Some("IC3"), Some(3)),
            (Some("IC0"), Some(2))
        ]
    );
    let months = monthly_totals(&r);
    assert_eq!(
        months,
        [
            ("2019-04", Some(6)),
            ("2019-05", Some(10)),
            ("2019-06", Some(5))
        ]
    );
}

#[test]
fn period_spans_every_range_in_a_sentence_else_the_quoted_request() {
    let spanned = one(&[doc(
        "Kent Police/reply.pdf",
        Format::Pdf,
        &[
            P("Kent Police. Our reference: 12/20. Date: 1 September 2020."),
            P("2. The searches are given in two tables below (April to December 2019, then January 2020 to May 2020)."),
            P("A total of 300 searches were made."),
        ],
    )]);
    let p = spanned.period.expect("period");
    assert_eq!(
        (p.from.as_deref(), p.to.as_deref()),
        (Some("2019-04"), Some("2020-05"))
    );

    let quoted = one(&[doc(
        "Kent Police/reply.pdf",
        Format::Pdf,
        &[
            P("Kent Police. Our reference: 12/20. Date: 1 September 2020."),
            P("You asked:"),
            P("1. For 1 April 2019 to 31 May 2020, the number of checks made."),
            P("Answer"),
            P("A total of 300 searches were made."),
        ],
    )]);
    let p = quoted.period.expect("period");
    assert_eq!(
        (p.from.as_deref(), p.to.as_deref()),
        (Some("2019-04"), Some("2020-05"))
    );
    assert_eq!(quoted.scans.total, Some(300));
}

#[test]
fn bulleted_label_count_list_laid_out_as_a_table() {
    let r = one(&[doc(
        "Kent Police/reply.pdf",
        Format::Pdf,
        &[
            P("Kent Police. Our reference: 12/20. Date: 1 September 2020."),
            P("3. The officer's assessment of ethnic appearance was recorded as follows:"),
            T(vec![
                vec!["•", "IC1 White North European – 140"],
                vec!["•", "IC3 Black – 22"],
                vec!["•", "IC4 Asian – 17"],
                vec!["•", "Not recorded – 5"],
            ]),
        ],
    )]);
    let eth = ethnicity_counts(&r);
    assert_eq!(
        eth,
        [
            (Some("IC1"), Some(140)),
            (Some("IC3"), Some(22)),
            (Some("IC4"), Some(17)),
            (Some("IC0"), Some(5))
        ]
    );
}

#[test]
fn sheet_answered_part_by_part_with_a_footnote_row() {
    let r = one(&[doc(
        "Kent Police/KP 0101-20 response.xlsx",
        Format::Xlsx,
        &[T(vec![
            vec!["Kent Police - Information Rights", ""],
            vec!["FOI Ref:", "KP/0101/20"],
            vec!["Response date:", "2020-09-10"],
            vec![
                "1. Use of devices",
                "Kent Police began using the devices in May 2019.",
            ],
            vec!["2. Searches", ""],
            vec!["IABS only", "Not known"],
            vec!["All searches", "410"],
            vec!["3. Ethnic appearance (officer defined)", ""],
            vec!["IC1", "300"],
            vec!["IC2", "*"],
            vec!["IC3", "40"],
            vec!["Unknown", "9"],
            vec![
                "*",
                "Fewer than 5; withheld under section 40(2) as personal data.",
            ],
            vec!["4. Reason for search", "Not recorded."],
            vec!["5. Immigration arrests", "3"],
        ])],
    )]);
    let labels: Vec<&str> = r.ethnicity.iter().map(|e| e.label.as_str()).collect();
    assert_eq!(labels, ["IC1", "IC2", "IC3", "Unknown"]);
    assert_eq!(r.scans.total, Some(410));
    assert_eq!(r.immigration.arrests, Some(3));
    assert_eq!(r.response.exemptions, ["foia:s40"]);
    assert_eq!(r.response.status, ResponseStatus::Partial);
}

#[test]
fn question_response_table_with_several_figures_in_a_cell() {
    let r = one(&[doc(
        "Kent Police/KP FOI 77-20 Response.pdf",
        Format::Pdf,
        &[
            P("Kent Police. Our Ref: FOI/KP/20/77 Date: 11th September 2020"),
            P("Our answers are given against each question in the table."),
            T(vec![
                vec!["Question", "Response"],
                vec!["Whether the force uses handheld fingerprint devices, and since when.", "Yes. Kent Police has used the devices since May 2019."],
                vec!["The number of checks, split into IABS only, IDENT1 only, and both.", "IABS only: 40 IDENT1 only: 700 IABS & IDENT1: 0 Total: 740"],
                vec!["The ethnicity of the persons checked.", "Ethnicity is not captured; this information is not held."],
                vec!["The reasons for each check.", "Reasons are not held as counts. Proportions only: No name given 30%; Details doubted 60%; Other 10%."],
                vec!["The number of arrests for immigration offences.", "This information is exempt from disclosure under section 31(1)(a) of the Act."],
            ]),
        ],
    )]);
    assert_eq!(scans(&r), (Some(40), Some(700), Some(0), Some(740)));
    assert_eq!(r.bsg.status, BsgStatus::InUse);
    assert_eq!(r.bsg.since.as_deref(), Some("2019-05"));
    assert_eq!(r.response.status, ResponseStatus::Partial);
    assert_eq!(r.response.exemptions, ["foia:s31"]);
}

#[test]
fn reasons_given_only_as_percentages_in_a_sentence() {
    let r = one(&[doc(
        "Kent Police/reply.pdf",
        Format::Pdf,
        &[
            P("Kent Police. Our reference: 12/20. Date: 1 September 2020."),
            P("A total of 500 searches were made."),
            P("Reasons are not held as counts. Our monthly report gives shares only: No name given 40%; Details suspected to be false 45%; Other 15%."),
        ],
    )]);
    let reasons = reason_counts(&r);
    assert_eq!(
        reasons,
        [
            ("name_not_given", None),
            ("details_doubted_or_refused", None),
            ("other", None)
        ]
    );
    assert!(
        flags(&r).contains(&"reasons/ambiguous".to_string()),
        "{:?}",
        flags(&r)
    );
}

#[test]
fn not_held_in_a_retrievable_format_and_references_are_no_figures() {
    let r = one(&[doc(
        "Kent Police/FOI 20-4471 reply.doc",
        Format::Doc,
        &[
            P("Kent Police. Reference: KP/FOI/20/4471. Date: 2nd October 2020"),
            P("Your request 20/4471 has been dealt with."),
            P("Q1: Kent Police has used mobile fingerprint technology since March 2019."),
            P("Q2 to Q5: Kent Police does not hold this information in a retrievable format."),
        ],
    )]);
    assert_eq!(r.response.status, ResponseStatus::NotHeld);
    assert_eq!(r.response.reference.as_deref(), Some("KP/FOI/20/4471"));
    assert_eq!(r.response.date.as_deref(), Some("2020-10-02"));
    assert_eq!(scans(&r), (None, None, None, None));
    assert_eq!(r.immigration.arrests, None);
    assert_eq!(r.period, None);
}

#[test]
fn numbers_inside_a_section_citation_are_no_figures() {
    let values = |s: &str| -> Vec<u64> { prose::mentions(s).iter().map(|m| m.value).collect() };
    assert_eq!(
        values("Arrests: 3, withheld in part under section 40(2) of the Act"),
        [3]
    );
    assert_eq!(
        values("exempt by virtue of sections 31(1)(a) and 38(1)(b)"),
        Vec::<u64>::new()
    );
}
