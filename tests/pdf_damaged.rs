//! Damaged PDFs that poppler reads (issue 10, item 17): generated copies of
//! the fixture letters with the damage truncated downloads and bad copies
//! cause, each read `ok` with a `recovered:` warning and its text intact.
//! `scripts/pdf-damage.py` measures the same over every fixture PDF against
//! pdftotext.

use crate::util::fixture;
use foi_extract::batch::read_one;
use foi_extract::doc::Part;
use foi_extract::read::{Limits, Status};

/// A kind of damage and the copy of `pdf` it makes.
type Damage = (&'static str, fn(&[u8]) -> Vec<u8>);

const DAMAGES: [Damage; 5] = [
    ("one byte inserted before the xref", |pdf| {
        let at = rfind(pdf, b"xref");
        [&pdf[..at], b"X", &pdf[at..]].concat()
    }),
    ("junk after %%EOF", |pdf| {
        let junk: Vec<u8> = (0..2048u32).map(|i| (i * 7 % 251) as u8).collect();
        [pdf, &junk].concat()
    }),
    ("trailer cut off", |pdf| pdf[..pdf.len() - 30].to_vec()),
    ("startxref and xref cut off", |pdf| {
        pdf[..rfind(pdf, b"xref") - 1].to_vec()
    }),
    ("a chunk duplicated before the xref", |pdf| {
        let at = rfind(pdf, b"xref");
        let chunk = &pdf[at / 3..at / 3 + 700];
        [&pdf[..at], chunk, &pdf[at..]].concat()
    }),
];

fn rfind(haystack: &[u8], needle: &[u8]) -> usize {
    haystack
        .windows(needle.len())
        .rposition(|w| w == needle)
        .expect("fixture has an xref")
}

fn text_of(doc: &foi_extract::doc::Document) -> String {
    doc.parts
        .iter()
        .filter_map(|p| match p {
            Part::Page(p) => Some(p.words.iter().map(|w| w.text.as_str()).collect::<Vec<_>>()),
            _ => None,
        })
        .flatten()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn damaged_pdfs_poppler_reads_were_called_corrupt() {
    let letters = [
        ("formats/pdf/letter.pdf", "FOI 2023/0457"),
        ("formats/pdf/chrome-letter.pdf", "FOI 2023/0912"),
        ("replies/kent/FOI 123-20 reply.pdf", "Kent"),
    ];
    for (file, expected) in letters {
        let pdf = std::fs::read(fixture(file)).expect("fixture");
        let whole = read_one(&pdf, file, 0, Limits::default());
        let whole_text = text_of(whole.document.as_ref().expect("intact copy reads"));
        for (damage, make) in DAMAGES {
            let copy = make(&pdf);
            let out = read_one(&copy, file, 0, Limits::default());
            let what = format!("{file}, {damage}");
            assert_eq!(out.row.status, Status::Ok, "{what}: {}", out.row.message);
            assert!(
                out.row.message.starts_with("recovered: "),
                "{what}: {}",
                out.row.message
            );
            let text = text_of(out.document.as_ref().expect("document"));
            assert!(text.contains(expected), "{what}: {text}");
            assert_eq!(
                text, whole_text,
                "{what}: text differs from the intact copy"
            );
        }
    }
}
