//! `report.html` read as an analyst reads it: every value on a force page
//! says where it came from, flags agree with the values, unread files are
//! listed, words instead of codes, and a page for a run with no record.

use super::seed::{base, file_rows, seed_records};
use super::{options, read, Dir};
use crate::util::fixture;
use foi_extract::files::FileRow;
use foi_extract::output::write_all;
use foi_extract::read::Status;

fn report(records: &[foi_extract::record::Record], files: &[FileRow]) -> String {
    let dir = Dir::new();
    let compare = fixture("outputs/seed-published.csv");
    write_all(dir.path(), records, files, &options(Some(compare))).unwrap();
    read(dir.path(), "report.html")
}

/// The section of one force.
fn section<'a>(page: &'a str, force: &str) -> &'a str {
    let start = page
        .find(&format!("id=\"force-{force}\""))
        .unwrap_or_else(|| panic!("no section for {force}"));
    let len = page[start..].find("</section>").unwrap();
    &page[start..start + len]
}

/// West Yorkshire gives one figure and says every scan checks both
/// databases: `both` is the total (record.md). Before, the page showed
/// `both` with an empty source beside "missing scans.iabs — reply is
/// silent".
#[test]
fn force_page_contradicts_its_flags() {
    let page = report(&seed_records(), &[]);
    let wy = section(&page, "west-yorkshire");
    assert!(!wy.contains("<td></td>"), "a value with no source:\n{wy}");
    assert!(
        wy.contains("derived: the total (west-yorkshire/reply.pdf p1 t1 r2c5), as the reply says every scan checks both databases"),
        "{wy}"
    );
    assert!(
        wy.contains("derived: every scan checked both databases, so all touched IABS"),
        "immigration scans say how they were derived:\n{wy}"
    );
    assert!(
        wy.contains("<i>no source recorded</i>"),
        "arrests have no place:\n{wy}"
    );
    assert!(!wy.contains("scans.iabs not given"), "{wy}");
    assert!(
        wy.contains("not given separately: the reply says every scan checks both databases"),
        "{wy}"
    );
    assert!(
        wy.contains("Scans by database — not given separately: every scan checks both databases;"),
        "{wy}"
    );
    assert!(page.contains("1,472, all both (derived)<"));
    // A force that gives its split keeps its sources and its flags' words.
    let kent = section(&page, "kent");
    assert!(
        kent.contains("<td>kent/reply.pdf p1 t1 r2c5</td>"),
        "{kent}"
    );
}

/// An unreadable file whose force could not be told (`misc/Scan_0001.pdf`)
/// was in no force's section and so nowhere in the report.
#[test]
fn unknown_force_file_appears_nowhere() {
    let mut files = file_rows();
    files.push(FileRow {
        path: "misc/Scan_0001.pdf".into(),
        sha256: "ef".repeat(32),
        format: "pdf".into(),
        bytes: 52_000,
        parts: 0,
        status: Status::Unreadable,
        message: "unreadable: no text layer (scanned image)".into(),
        milliseconds: 4,
        force: "ambiguous".into(),
    });
    let page = report(&seed_records(), &files);
    let start = page
        .find("<h2 id=\"chase\">Files to chase</h2>")
        .expect("section");
    let chase = &page[start..page[start..].find("</table>").unwrap() + start];
    assert!(
        chase.contains("2 files could not be read. For 1 file no force could be told"),
        "{chase}"
    );
    let misc = chase
        .find("misc/Scan_0001.pdf")
        .expect("the file is listed");
    let essex = chase
        .find("essex/scan.pdf")
        .expect("so is the known force's");
    assert!(misc < essex, "files of no force come first");
    assert!(chase.contains("<td>unknown</td>"));
    assert!(chase.contains("<td>Essex Police</td>"));
    assert!(chase.contains("OCR it"));
    assert!(page.contains("<a href=\"#chase\">Files to chase</a>"));
}

/// Codes, slugs and "1 forces" on the page before.
#[test]
fn report_shows_codes_and_slugs() {
    let page = report(&seed_records(), &[]);
    assert!(!page.contains("not_held"), "a code on the page");
    assert!(page.contains("not held 1"), "by status, in words");
    assert!(!page.contains(">in_use<") && !page.contains("<b>in_use</b>"));
    assert!(page.contains("Devices: <b>in use</b>"));
    let start = page.find("id=\"checks-table\"").unwrap();
    let checks = &page[start..start + page[start..].find("</table>").unwrap()];
    assert!(
        checks.contains("<td>Cheshire Constabulary</td>"),
        "{checks}"
    );
    assert!(!checks.contains("<td>cheshire</td>"), "{checks}");
    assert!(page.contains("<span class=\"kind\">not recorded</span> Ethnicity"));
    // One force: singular nouns.
    let mut kent = base("kent", "Kent Police");
    kent.scans.total = Some(1);
    let one = report(&[kent], &[]);
    assert!(one.contains("<b>1 force</b> asked."), "one force");
    assert!(one.contains("<p>1 scan reported by 1 force.</p>"));
    assert!(!one.contains(" 1 forces") && !one.contains(">1 forces"));
}

/// A run that found nothing drew an empty matrix and "No force gave a
/// total" under every heading; now it says what happened.
#[test]
fn empty_run_report_is_blank() {
    let nothing = report(&[], &[]);
    assert!(
        nothing.contains("<h2 id=\"headline\">No records</h2>"),
        "{nothing}"
    );
    assert!(nothing.contains("No reply was found"));
    assert!(!nothing.contains("gap-matrix"));
    assert!(!nothing.contains("<svg"));
    let unread = vec![FileRow {
        force: "ambiguous".into(),
        ..file_rows().remove(1)
    }];
    let page = report(&[], &unread);
    assert!(
        page.contains("1 file found, 0 read, but none could be assigned to a police force"),
        "{page}"
    );
    assert!(page.contains("Files to chase"));
    assert!(page.contains("essex/scan.pdf"));
}
