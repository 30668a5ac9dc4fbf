//! Word-processor and HTML readers on LibreOffice-made fixtures
//! (fixtures/formats/word/make.sh): the same FOI reply letter saved as
//! .docx, .doc, .odt, .rtf and .html must come out with the same table cell
//! for cell (merges expanded and marked), the same paragraphs in order, and
//! its letterhead, footer and footnote in bodies of their own.

use crate::util::fixture;
use foi_extract::batch::{read_one, FileOutcome};
use foi_extract::doc::{Block, Body, CellValue, Document, MergeOrigin, Part, Table};
use foi_extract::read::{Limits, Status};

const FORMATS: [&str; 5] = ["docx", "doc", "odt", "rtf", "html"];

fn outcome_of(bytes: &[u8], name: &str) -> FileOutcome {
    read_one(bytes, &format!("kent/{name}"), 0, Limits::default())
}

fn read(name: &str) -> Document {
    let bytes = std::fs::read(fixture(&format!("formats/word/{name}"))).expect("fixture");
    let out = outcome_of(&bytes, name);
    assert_eq!(out.row.status, Status::Ok, "{name}: {}", out.row.message);
    out.document.expect("document")
}

fn body<'a>(doc: &'a Document, name: &str) -> &'a Body {
    doc.parts
        .iter()
        .find_map(|p| match p {
            Part::Body(b) if b.name == name => Some(b),
            _ => None,
        })
        .unwrap_or_else(|| panic!("{}: no {name} body", doc.source.path))
}

fn paragraphs(b: &Body) -> Vec<&str> {
    b.blocks
        .iter()
        .filter_map(|b| match b {
            Block::Paragraph(p) => Some(p.text.as_str()),
            Block::Table(_) => None,
        })
        .collect()
}

fn tables(b: &Body) -> Vec<&Table> {
    b.blocks
        .iter()
        .filter_map(|b| match b {
            Block::Table(t) => Some(t),
            Block::Paragraph(_) => None,
        })
        .collect()
}

#[test]
fn reply_table_cell_for_cell_in_every_format() {
    for ext in FORMATS {
        let doc = read(&format!("foi-reply.{ext}"));
        let tables = tables(body(&doc, "document"));
        assert_eq!(tables.len(), 1, "{ext}");
        let t = tables[0];
        assert_eq!(
            t.rows_text(),
            [
                [
                    "Period",
                    "Single database",
                    "Single database",
                    "Both",
                    "All"
                ],
                ["Period", "IABS", "IDENT1", "Both", "Total"],
                ["2019-20", "113", "398", "0", "511"],
                ["2020-21 (to date)", "1,209", "", "0", "1,209"],
            ],
            "{ext}"
        );
        // The vertically merged "Period" and the two-column header.
        let origin = t.cell(0, 0).unwrap();
        assert_eq!((origin.row_span, origin.col_span), (2, 1), "{ext}");
        assert_eq!(
            t.cell(1, 0).unwrap().merged_from,
            Some(MergeOrigin { row: 0, col: 0 }),
            "{ext}"
        );
        assert_eq!(t.cell(0, 1).unwrap().col_span, 2, "{ext}");
        assert_eq!(
            t.cell(0, 2).unwrap().merged_from,
            Some(MergeOrigin { row: 0, col: 1 }),
            "{ext}"
        );
        assert_eq!(t.cell(1, 1).unwrap().merged_from, None, "{ext}");
        // Typed values and provenance.
        let total = t.cell(2, 4).unwrap();
        assert_eq!(total.value, CellValue::Number(511.0), "{ext}");
        assert_eq!(t.cell(3, 1).unwrap().value, CellValue::Number(1209.0));
        assert_eq!(total.prov.file, format!("kent/foi-reply.{ext}"));
        assert_eq!(total.prov.part.as_deref(), Some("document"));
        assert_eq!(
            (total.prov.table, total.prov.row, total.prov.col),
            (Some(1), Some(2), Some(4))
        );
        assert_eq!(t.method, ext);
        assert_eq!(
            t.caption.as_deref(),
            Some("Number of scans by database"),
            "{ext}"
        );
        // LibreOffice marks the repeated header row everywhere but in RTF.
        let expected_header_rows = if ext == "rtf" { 0 } else { 1 };
        assert_eq!(t.header_rows, expected_header_rows, "{ext}");
    }
}

#[test]
fn reply_paragraphs_in_reading_order() {
    for ext in FORMATS {
        let doc = read(&format!("foi-reply.{ext}"));
        let document = body(&doc, "document");
        // HTML collapses the tab after the question, as a browser shows it.
        let q3 = if ext == "html" {
            "3. Which ethnic groups were scanned? See below."
        } else {
            "3. Which ethnic groups were scanned?\tSee below."
        };
        assert_eq!(
            paragraphs(document),
            [
                "Freedom of Information Request FOI/123/20",
                "Date: 14 July 2020",
                "Dear Requester,",
                "Thank you for your request for information dated 16 June 2020. Kent Police holds information relevant to your request.",
                "Questions and answers",
                "1. Does the force use mobile fingerprint scanners? Yes.",
                "2. How many scans were made in 2019-20, by database?",
                "Number of scans by database",
                q3,
                "White – 412",
                "Black – 61",
                "If you are dissatisfied with this response,\nyou may ask for an internal review.",
                "Yours sincerely,",
                "Freedom of Information Officer",
            ],
            "{ext}"
        );
        // The table stands between its title and the next question.
        let kinds: Vec<&str> = document.blocks[7..9]
            .iter()
            .map(|b| match b {
                Block::Paragraph(p) => p.text.as_str(),
                Block::Table(_) => "<table>",
            })
            .collect();
        assert_eq!(kinds, ["Number of scans by database", "<table>"], "{ext}");
        let headings: Vec<(u32, u8)> = document
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::Paragraph(p) => Some((p.prov.paragraph?, p.heading?)),
                Block::Table(_) => None,
            })
            .collect();
        assert_eq!(headings, [(0, 1), (4, 2)], "{ext}");
        let Block::Paragraph(last) = document.blocks.last().unwrap() else {
            panic!("{ext}: ends with a paragraph")
        };
        assert_eq!(last.prov.paragraph, Some(13), "{ext}");
        assert_eq!(last.prov.part.as_deref(), Some("document"));
    }
}

#[test]
fn letterhead_footer_and_footnote_are_bodies_of_their_own() {
    for ext in FORMATS {
        let doc = read(&format!("foi-reply.{ext}"));
        assert_eq!(
            paragraphs(body(&doc, "header")),
            [
                "Kent Police – Freedom of Information Unit",
                "Our reference: FOI/123/20"
            ],
            "{ext}"
        );
        // The page number is a field: its result, never its code.
        assert_eq!(
            paragraphs(body(&doc, "footer")),
            [
                "Kent Police, Sutton Road, Maidstone, Kent ME15 9BZ",
                "Page 1"
            ],
            "{ext}"
        );
        assert_eq!(
            paragraphs(body(&doc, "footnotes")),
            ["Received by email on 16 June 2020."],
            "{ext}"
        );
        let header_para = match &body(&doc, "header").blocks[1] {
            Block::Paragraph(p) => p,
            Block::Table(_) => panic!("{ext}: paragraph expected"),
        };
        assert_eq!(header_para.prov.part.as_deref(), Some("header"));
        assert_eq!(header_para.prov.paragraph, Some(1));
    }
}

#[test]
fn edge_cases_empty_cells_fields_deletions_nested_tables() {
    for ext in FORMATS {
        let doc = read(&format!("foi-edge.{ext}"));
        let document = body(&doc, "document");
        let tables = tables(document);
        // A table first thing in the body, with empty cells kept in place.
        assert!(matches!(document.blocks[0], Block::Table(_)), "{ext}");
        assert_eq!(
            tables[0].rows_text(),
            [
                ["", "Cost", "Note"],
                ["Devices", "£1,209", ""],
                ["Licences", "£450", "“Annual” – renewed 7/14/20"],
            ],
            "{ext}"
        );
        // The tracked deletion of "398" is gone. LibreOffice's HTML export
        // writes the deleted text as plain text, so there it stays.
        let total = if ext == "html" {
            "Total scans: 398511 (Ó Sé)."
        } else {
            "Total scans: 511 (Ó Sé)."
        };
        // Automatic list numbers are drawn, not stored: readers render them
        // (a browser draws `<ol type="a">` as "a.").
        let (a, b) = if ext == "html" {
            ("a.", "b.")
        } else {
            ("a)", "b)")
        };
        let expected = [
            total.to_string(),
            "1. Does the force hold the data? Yes.".into(),
            format!("{a} By ethnicity? Yes."),
            format!("{b} By age? No."),
            "2. How many scans? 511.".into(),
            "End of reply.".into(),
        ];
        let boxed = "Boxed reference FOI/123/20";
        if ext == "doc" {
            // A .doc keeps text boxes in a story of their own.
            assert_eq!(paragraphs(document), expected, "{ext}");
            assert_eq!(paragraphs(body(&doc, "text boxes")), [boxed]);
        } else {
            let mut with_box = expected.to_vec();
            with_box.push(boxed.into());
            assert_eq!(paragraphs(document), with_box, "{ext}");
        }
        // The endnote joins the footnotes.
        assert_eq!(
            paragraphs(body(&doc, "footnotes")),
            ["Figures are provisional."],
            "{ext}"
        );
        // No title above the first table; a sentence is no caption.
        assert_eq!(tables[0].caption, None, "{ext}");
        assert_eq!(tables[1].caption, None, "{ext}");
        // The nested table's text flows into its cell.
        assert_eq!(
            tables[1].rows_text(),
            [["Force", "Breakdown"], ["Kent", "IC1\t412\nIC3\t61"]],
            "{ext}"
        );
        // The inner table also follows the outer one as a table of its own.
        assert_eq!(tables.len(), 3, "{ext}");
        assert_eq!(
            tables[2].rows_text(),
            [["IC1", "412"], ["IC3", "61"]],
            "{ext}"
        );
        assert_eq!(tables[2].cell(1, 1).unwrap().prov.table, Some(3));
    }
}

#[test]
fn password_protected_files_are_unreadable() {
    let bytes = std::fs::read(fixture("formats/word/foi-reply-password.docx")).unwrap();
    let out = outcome_of(&bytes, "foi-reply-password.docx");
    assert_eq!(out.row.status, Status::Unreadable);
    assert_eq!(out.row.message, "unreadable: needs a password");
    assert_eq!(out.row.format, "docx");

    // A .doc whose FIB says it is encrypted (the flag Word sets with a
    // password): rebuild the container with the flag on.
    let doc = std::fs::read(fixture("formats/word/foi-reply.doc")).unwrap();
    let encrypted = rewrite_word_stream(&doc, |word| word[0x0B] |= 0x01);
    let out = outcome_of(&encrypted, "locked.doc");
    assert_eq!(out.row.format, "doc");
    assert_eq!(out.row.message, "unreadable: needs a password");
}

#[test]
fn damaged_files_are_unreadable_corrupt() {
    // Cut after its main part: read from the entries recovered before the
    // cut, and said so; cut before it: unreadable, naming the cut entry.
    let truncated = std::fs::read(fixture("formats/word/foi-reply-truncated.docx")).unwrap();
    let out = outcome_of(&truncated, "foi-reply-truncated.docx");
    assert_eq!(out.row.status, Status::Ok, "{}", out.row.message);
    assert!(
        out.row
            .message
            .starts_with("recovered: 5 entries, rest cut"),
        "{}",
        out.row.message
    );
    let out = outcome_of(&truncated[..1500], "foi-reply-truncated.docx");
    assert_corrupt_or_truncated(&out);
    assert!(
        out.row.message.contains("'word/document.xml' is cut"),
        "{}",
        out.row.message
    );
    let odt = std::fs::read(fixture("formats/word/foi-reply.odt")).unwrap();
    let out = outcome_of(&odt[..odt.len() / 2], "half.odt");
    assert_corrupt_or_truncated(&out);
    // A .doc whose piece table points past the end of its streams.
    let doc = std::fs::read(fixture("formats/word/foi-reply.doc")).unwrap();
    let broken = rewrite_word_stream(&doc, |word| {
        // fcClx far beyond the table stream (FibRgFcLcb97 pair 33).
        let csw = u16::from_le_bytes([word[32], word[33]]) as usize;
        let lw = 34 + csw * 2;
        let cslw = u16::from_le_bytes([word[lw], word[lw + 1]]) as usize;
        let blob = lw + 2 + cslw * 4 + 2;
        word[blob + 33 * 8..blob + 33 * 8 + 4].copy_from_slice(&0x7FFF_0000u32.to_le_bytes());
    });
    let out = outcome_of(&broken, "broken.doc");
    assert_eq!(out.row.status, Status::Unreadable, "{}", out.row.message);
    assert!(out.row.message.contains("corrupt"), "{}", out.row.message);
    // Truncated RTF still gives the text before the cut, never a failure.
    let rtf = std::fs::read(fixture("formats/word/foi-reply.rtf")).unwrap();
    let out = outcome_of(&rtf[..rtf.len() * 2 / 3], "cut.rtf");
    assert_eq!(out.row.status, Status::Ok, "{}", out.row.message);
    let text = out.document.unwrap().plain_text();
    assert!(text.contains("Does the force use mobile fingerprint scanners"));
}

/// The file log says the file could not be read because it is damaged.
#[track_caller]
fn assert_corrupt_or_truncated(out: &FileOutcome) {
    assert!(
        out.row
            .message
            .starts_with("unreadable: corrupt or truncated"),
        "{}",
        out.row.message
    );
}

/// Copy an OLE container, editing its `WordDocument` stream on the way.
fn rewrite_word_stream(bytes: &[u8], edit: impl FnOnce(&mut Vec<u8>)) -> Vec<u8> {
    use std::io::{Read, Write};
    let mut src = cfb::CompoundFile::open(std::io::Cursor::new(bytes)).unwrap();
    let names: Vec<String> = src
        .walk()
        .filter(|e| e.is_stream())
        .map(|e| e.path().to_string_lossy().into_owned())
        .collect();
    let mut dst = cfb::CompoundFile::create(std::io::Cursor::new(Vec::new())).unwrap();
    let mut edit = Some(edit);
    for name in names {
        let mut data = Vec::new();
        src.open_stream(&name)
            .unwrap()
            .read_to_end(&mut data)
            .unwrap();
        if name == "/WordDocument" {
            if let Some(f) = edit.take() {
                f(&mut data);
            }
        }
        if let Some(parent) = std::path::Path::new(&name).parent() {
            if parent != std::path::Path::new("/") && !dst.exists(parent) {
                dst.create_storage_all(parent).unwrap();
            }
        }
        dst.create_stream(&name).unwrap().write_all(&data).unwrap();
    }
    dst.flush().unwrap();
    dst.into_inner().into_inner()
}

#[test]
fn mutated_files_never_panic() {
    // Deterministic corruption: overwrite bytes at spread positions and cut
    // the file at several lengths; every outcome must be a status, never
    // a reader panic.
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for name in [
        "foi-reply.docx",
        "foi-reply.doc",
        "foi-reply.odt",
        "foi-reply.rtf",
        "foi-reply.html",
        "foi-edge.doc",
    ] {
        let original = std::fs::read(fixture(&format!("formats/word/{name}"))).unwrap();
        for round in 0..std::env::var("WORD_MUTATION_ROUNDS")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(60)
        {
            let mut bytes = original.clone();
            for _ in 0..(1 + round % 8) {
                let at = (next() as usize) % bytes.len();
                bytes[at] = next() as u8;
            }
            if round % 5 == 0 {
                bytes.truncate((next() as usize) % bytes.len());
            }
            let out = outcome_of(&bytes, name);
            assert!(
                !out.row.message.contains("panicked"),
                "{name} round {round}: {}",
                out.row.message
            );
        }
    }
}
