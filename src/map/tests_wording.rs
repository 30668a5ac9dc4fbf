//! Regression tests of status and gap wording found on replies: how a
//! force says it began using the devices, that the search log is the Home
//! Office's, that every search checks both databases, which question a
//! refusal covers, and a volunteer's note that nothing came back. Each
//! document is written here in our own words.

use super::tests::{doc, ethnicity_counts, flags, monthly_totals, one, scans, Item::P, Item::T};
use super::*;
use crate::record::{BsgStatus, ResponseStatus};

#[test]
fn devices_introduced_in_a_month_are_in_use_and_held_no_information_gaps_are_not_recorded() {
    let r = one(&[doc(
        "Norfolk/FOI 7731-21 Response.pdf",
        Format::Pdf,
        &[
            P("Norfolk Constabulary. Our ref: FOI 7731-21. Date: 02/03/2021."),
            P("Norfolk Constabulary introduced handheld fingerprint readers linked to the Biometric Services Gateway in October 2020."),
            P("Usage figures were not being compiled at that time. Norfolk Constabulary therefore holds no information for questions 2 to 5."),
        ],
    )]);
    assert_eq!(r.bsg.status, BsgStatus::InUse);
    assert_eq!(r.bsg.since.as_deref(), Some("2020-10"));
    assert_eq!(r.response.status, ResponseStatus::NotHeld);
    assert!(
        flags(&r).contains(&"scans/not_recorded".to_string()),
        "{:?}",
        flags(&r)
    );
}

#[test]
fn search_log_held_by_the_home_office_is_not_held_with_each_named_field_not_recorded() {
    let r = one(&[doc(
        "Derbyshire/reply 31-0042.pdf",
        Format::Pdf,
        &[
            P("Derbyshire Constabulary. Reference: 31-0042. Date: 5 May 2021."),
            P("The force has used mobile fingerprint devices since March 2020."),
            P("Each search is logged by the Home Office, which runs the Gateway; the log is held by the Home Office and not by this force. We therefore hold no figures for the number of searches, arrests following a search, the ethnicity of those searched or the reasons for searching."),
        ],
    )]);
    assert_eq!(r.response.status, ResponseStatus::NotHeld);
    assert_eq!(r.bsg.status, BsgStatus::InUse);
    assert_eq!(
        flags(&r),
        [
            "ethnicity/not_recorded",
            "immigration.arrests/not_recorded",
            "reasons/not_recorded",
            "scans/not_recorded"
        ]
    );
}

#[test]
fn each_search_checked_against_both_databases_gives_the_parts_not_recorded() {
    let r = one(&[doc(
        "Gwent Police/reply.doc",
        Format::Doc,
        &[
            P("Gwent Police. Our Ref: 2021/0110. Date: 4 February 2021."),
            P("Gwent Police took part in a pilot of mobile fingerprint devices between May and July 2020."),
            P("Each search was checked against IDENT1 and IABS together; the system did not provide a breakdown into IDENT1 only or IABS only searches."),
            T(vec![
                vec!["", "Searches"],
                vec!["Submitted to IDENT1 and IABS", "52"],
                vec!["Total searches", "52"],
            ]),
        ],
    )]);
    assert_eq!(scans(&r).3, Some(52));
    let f = flags(&r);
    assert!(f.contains(&"scans.iabs/not_recorded".to_string()), "{f:?}");
    assert!(
        f.contains(&"scans.ident1/not_recorded".to_string()),
        "{f:?}"
    );
}

#[test]
fn every_search_submitted_to_both_databases_is_every_both_but_an_annex_of_every_search_is_not() {
    let both = one(&[doc(
        "Leicestershire/reply.pdf",
        Format::Pdf,
        &[
            P("Leicestershire Police. Reference 004411-21. Date: 1 April 2021."),
            P("Leicestershire Police uses mobile fingerprint devices."),
            P("A2. 410. The force does not hold a breakdown by database: every search is submitted to both IDENT1 and IABS, and 410 is the number of such searches."),
        ],
    )]);
    assert_eq!(scans(&both), (None, None, Some(410), Some(410)));
    let listed = one(&[doc(
        "Met Police/reply.pdf",
        Format::Pdf,
        &[
            P("Metropolitan Police Service. Reference 01.FOI.21.000123. Date: 1 April 2021."),
            P("The MPS uses mobile fingerprint devices. The total number of searches was 9,120."),
            P("The figures cannot be broken down by database."),
            P("Annex A lists every search in the period, one row per search, with its date."),
        ],
    )]);
    assert_eq!(scans(&listed), (None, None, None, Some(9120)));
    assert!(
        flags(&listed).contains(&"scans.both/not_recorded".to_string()),
        "{:?}",
        flags(&listed)
    );
}

#[test]
fn withholding_tied_to_one_question_leaves_the_unanswered_ones_missing() {
    let r = one(&[doc(
        "Merseyside/FOI 2210-21 Response.pdf",
        Format::Pdf,
        &[
            P("Merseyside Police. Request No: FOI 2210/21. Date: 3 June 2021."),
            P("1. Merseyside Police uses mobile fingerprint devices."),
            P("2. In total 640 searches were made: 20 against IABS only, 600 against IDENT1 only and 20 against both."),
            P("4. The ethnicity of those searched is exempt under section 40(2) of the Act."),
            P("This letter acts as a refusal notice in respect of question 4."),
        ],
    )]);
    assert_eq!(r.response.status, ResponseStatus::Partial);
    assert_eq!(
        flags(&r),
        [
            "ethnicity/withheld",
            "immigration.arrests/missing",
            "reasons/missing"
        ]
    );
}

#[test]
fn minutes_and_hours_in_a_cost_estimate_are_no_figures() {
    let r = one(&[doc(
        "derbyshire/response 20-1001.pdf",
        Format::Pdf,
        &[
            P("Derbyshire Constabulary. Our reference: FOI/1001/20. Date: 10 August 2020."),
            P("Question 1. Derbyshire Constabulary uses mobile fingerprint devices linked to the Biometric Services Gateway."),
            P("Questions 2 to 5. The cost of complying would exceed the appropriate limit. Retrieving the log from each of about 90 handsets would take at least 20 minutes, a total of 30 hours. Section 12(1) of the Act therefore applies."),
        ],
    )]);
    assert_eq!(scans(&r), (None, None, None, None));
    assert_eq!(r.bsg.status, BsgStatus::InUse);
}

#[test]
fn plans_named_in_the_request_read_back_are_not_acquiring() {
    let r = one(&[doc(
        "derbyshire/response 20-1002.pdf",
        Format::Pdf,
        &[
            P("Derbyshire Constabulary. Our reference: FOI/1002/20. Date: 10 August 2020."),
            P("1. Does your force use mobile fingerprint devices? If not, does the force plan to introduce them?"),
            P("Question 1. Derbyshire Constabulary uses mobile fingerprint devices linked to the Biometric Services Gateway."),
            P("Questions 2 to 5. The cost of complying would exceed the appropriate limit; section 12(1) of the Act applies."),
        ],
    )]);
    assert_eq!(r.bsg.status, BsgStatus::InUse);
    assert_eq!(r.response.status, ResponseStatus::Refused);
}

#[test]
fn volunteer_note_that_nothing_came_back_is_no_response() {
    let r = one(&[doc(
        "wiltshire/No reply yet.txt",
        Format::Text,
        &[
            P("Wiltshire - FOI mobile fingerprint devices"),
            P("02/02/2021 request sent through the force website form"),
            P("04/03/2021 chased by email - no answer"),
            P("10/05/2021 still nothing received"),
        ],
    )]);
    assert_eq!(r.response.status, ResponseStatus::NoResponse);
    assert_eq!(flags(&r), ["response/missing"]);
}

#[test]
fn review_that_releases_what_the_first_answer_withheld_cites_no_exemption() {
    let first = doc(
        "Essex Police/FOI 4410-22 response.pdf",
        Format::Pdf,
        &[
            P("Essex Police. Our Ref: 4410/22. 3 March 2022."),
            P("Essex Police holds information about mobile fingerprint devices. The figures are exempt under section 31(1)(a) of the Act. This letter is a refusal notice."),
        ],
    );
    let review = doc(
        "Essex Police/FOI 4410-22 internal review.pdf",
        Format::Pdf,
        &[
            P("Essex Police. Our Ref: IR 4410/22. 20 April 2022."),
            P("You asked for an internal review of our response of 3 March 2022, which withheld the figures under section 31. The reviewing officer found the exemption was not correctly applied, and the figures are released below."),
            P("Searches: 50 against IABS only, 300 against IDENT1 only and 25 against both, 375 in total."),
            P("Immigration arrests following a search: 6."),
        ],
    );
    let r = one(&[first, review]);
    assert_eq!(r.response.status, ResponseStatus::Disclosed);
    assert!(
        r.response.exemptions.is_empty(),
        "{:?}",
        r.response.exemptions
    );
    assert_eq!(scans(&r), (Some(50), Some(300), Some(25), Some(375)));
}

#[test]
fn review_that_upholds_the_first_answer_keeps_its_exemption() {
    let r = one(&[doc(
        "Essex Police/FOI 4411-22 internal review.pdf",
        Format::Pdf,
        &[
            P("Essex Police. Our Ref: IR 4411/22. 20 April 2022."),
            P("You asked for an internal review of our response of 3 March 2022. The original response is upheld: the figures remain exempt under section 31(1)(a) of the Act."),
        ],
    )]);
    assert_eq!(r.response.status, ResponseStatus::Refused);
    assert_eq!(r.response.exemptions, ["foia:s31"]);
}

#[test]
fn counts_under_a_share_header_are_counts_not_percentages() {
    let r = one(&[doc(
        "West Yorkshire Police/0999-22.pdf",
        Format::Pdf,
        &[
            P("West Yorkshire Police. Reference No: 0999/22. Date: 9 March 2022."),
            P("West Yorkshire Police has used the devices since 2019. In total 1,000 searches were made."),
            T(vec![
                vec!["Code", "Searches (% of all)"],
                vec!["W1", "700 (70.0%)"],
                vec!["A2", "200 (20.0%)"],
                vec!["NS", "100 (10.0%)"],
            ]),
        ],
    )]);
    assert_eq!(
        ethnicity_counts(&r),
        [
            (Some("W1"), Some(700)),
            (Some("A2"), Some(200)),
            (Some("NS"), Some(100))
        ]
    );
}

#[test]
fn long_format_with_iso_months_is_pivoted_not_read_as_ranges() {
    let r = one(&[doc(
        "South Wales Police/2023-0001 annex.csv",
        Format::Csv,
        &[T(vec![
            vec!["month", "database", "searches"],
            vec!["2021-04", "IABS only", "7"],
            vec!["2021-04", "IDENT1 only", "100"],
            vec!["2021-04", "IABS and IDENT1", "6"],
            vec!["2021-05", "IABS only", "8"],
            vec!["2021-05", "IDENT1 only", "90"],
            vec!["2021-05", "IABS and IDENT1", "4"],
        ])],
    )]);
    assert_eq!(scans(&r), (Some(15), Some(190), Some(10), Some(215)));
    assert_eq!(
        monthly_totals(&r),
        [("2021-04", Some(113)), ("2021-05", Some(102))]
    );
}

#[test]
fn request_told_back_in_a_neither_confirm_nor_deny_refusal_does_not_confirm_use() {
    let r = one(&[doc(
        "Cambs/CC FOI 0101-23 refusal notice.rtf",
        Format::Rtf,
        &[
            P("Cambridgeshire Constabulary. Freedom of Information request 0101/23 - 9 June 2023."),
            P("You asked whether specialist units use mobile fingerprint devices and how many searches they made."),
            P("Cambridgeshire Constabulary can neither confirm nor deny that it holds the information, by virtue of section 24(2) and section 31(3)."),
        ],
    )]);
    assert_eq!(r.response.status, ResponseStatus::Refused);
    assert_eq!(r.bsg.status, BsgStatus::Unknown);
}

#[test]
fn bilingual_review_title_and_overturned_decision_make_a_later_answer() {
    let first = doc(
        "Gwent Police/FOI 2022-0001 response.rtf",
        Format::Rtf,
        &[
            P("Gwent Police. Our reference: FOI 2022-0001. Date: 1 June 2022."),
            P("The cost of complying would exceed the appropriate limit; section 12 of the Act applies."),
        ],
    );
    let review = doc(
        "Gwent Police/IR-2022-0001 Internal Review outcome.pdf",
        Format::Pdf,
        &[
            P("Adolygiad Mewnol / Internal Review"),
            P("Our reference: IR-2022-0001. Date: 3 August 2022."),
            P("You asked us to review our response of 1 June 2022, which refused your request under section 12. Review outcome: the original decision is overturned."),
            P("Gwent Police has used the devices since March 2020. In total 318 searches were made: 20 against IABS only, 250 against IDENT1 only and 48 against both."),
            P("Immigration arrests following a search: 4."),
        ],
    );
    let r = one(&[first, review]);
    assert!(
        r.response.exemptions.is_empty(),
        "{:?}",
        r.response.exemptions
    );
    assert_eq!(scans(&r), (Some(20), Some(250), Some(48), Some(318)));
}
