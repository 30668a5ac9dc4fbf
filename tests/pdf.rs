//! The PDF reader on real PDFs: a LibreOffice letter with a bordered table,
//! a letter printed by Chromium, owner- and user-password files, a
//! truncated file, a Ghostscript file using the `'` operator, a scan, and
//! text coverage against pdftotext on the ICDAR 2013 EU set.

use crate::util::{fixture, needed, root};
use foi_extract::batch::read_one;
use foi_extract::doc::{Block, Document, Page, Part};
use foi_extract::read::{Limits, Status};
use std::collections::HashMap;
use std::path::PathBuf;

fn read_fixture(name: &str) -> foi_extract::batch::FileOutcome {
    let bytes = std::fs::read(fixture(&format!("formats/pdf/{name}"))).expect("fixture");
    read_one(&bytes, name, 0, Limits::default())
}

fn pages(doc: &Document) -> Vec<&Page> {
    doc.parts
        .iter()
        .filter_map(|p| match p {
            Part::Page(p) => Some(p),
            _ => None,
        })
        .collect()
}

fn paragraphs(page: &Page) -> Vec<&str> {
    page.blocks
        .iter()
        .filter_map(|b| match b {
            Block::Paragraph(p) => Some(p.text.as_str()),
            Block::Table(_) => None,
        })
        .collect()
}

/// Checks shared by the letter and its owner-password copy.
fn assert_letter(name: &str) {
    let out = read_fixture(name);
    assert_eq!(out.row.status, Status::Ok, "{}", out.row.message);
    let doc = out.document.expect("document");
    let pages = pages(&doc);
    assert_eq!(pages.len(), 1);
    let page = pages[0];
    assert!((page.width - 595.3).abs() < 0.1 && (page.height - 841.9).abs() < 0.1);
    assert!(!page.image_only);

    // Words at sensible places: the reference line at the top left, the
    // table values to the right of their labels on the same row.
    let word = |t: &str| {
        page.words
            .iter()
            .find(|w| w.text == t)
            .unwrap_or_else(|| panic!("word {t:?} missing"))
    };
    let freedom = word("Freedom");
    assert!(freedom.x0 > 50.0 && freedom.x0 < 60.0, "{freedom:?}");
    assert!(freedom.top > 25.0 && freedom.top < 45.0, "{freedom:?}");
    assert_eq!(freedom.font, "LiberationSerif");
    assert!((freedom.font_size - 11.0).abs() < 0.1);
    let black = word("Black");
    let n312 = word("312");
    assert!(n312.x0 > black.x1 && (n312.top - black.top).abs() < 1.0);
    assert_eq!(word("Ethnicity").font, "LiberationSerif-Bold");
    assert!(page.words.iter().any(|w| w.text == "\u{a3}450"));

    // Lines top-down; the table row is one line.
    let lines: Vec<&str> = page.lines.iter().map(|l| l.text.as_str()).collect();
    assert_eq!(
        lines[0],
        "Freedom of Information Request Reference No: FOI 2023/0457"
    );
    assert!(lines.contains(&"IC3 Black 312 298"), "{lines:?}");
    assert!(page.lines.windows(2).all(|w| w[0].top <= w[1].top));

    // Paragraphs: the wrapped body paragraph is one block with provenance.
    let paras = paragraphs(page);
    assert!(paras.contains(&"Dear Requester,"), "{paras:?}");
    assert!(
        paras.iter().any(|p| p.starts_with("I write in connection")
            && p.ends_with("broken down by officer-defined ethnicity.")),
        "{paras:?}"
    );
    let Some(Block::Paragraph(first)) = page.blocks.first() else {
        panic!("no paragraph")
    };
    assert_eq!(first.prov.file, name);
    assert_eq!(first.prov.page, Some(1));
    assert!(first.prov.bbox.is_some());

    // The bordered table's rules: 7 horizontal (6 rows) and 4 vertical
    // (3 columns) borders, drawn as stroked lines by LibreOffice.
    let horizontal: Vec<_> = page
        .segments
        .iter()
        .filter(|s| s.y0 == s.y1 && s.x1 - s.x0 > 150.0)
        .collect();
    let vertical: Vec<_> = page
        .segments
        .iter()
        .filter(|s| s.x0 == s.x1 && s.y1 - s.y0 > 20.0)
        .collect();
    let mut rows: Vec<i32> = horizontal.iter().map(|s| s.y0.round() as i32).collect();
    rows.dedup();
    let mut cols: Vec<i32> = vertical.iter().map(|s| s.x0.round() as i32).collect();
    cols.sort();
    cols.dedup();
    assert_eq!(rows.len(), 7, "{horizontal:?}");
    assert!(cols.len() >= 4, "{vertical:?}");
    // The rules frame the words of the table.
    assert!(rows[0] as f32 <= word("Ethnicity").top && word("Not").bottom <= rows[6] as f32);
}

#[test]
fn libreoffice_letter_words_lines_paragraphs_and_rules() {
    assert_letter("letter.pdf");
}

#[test]
fn owner_password_pdf_reads_normally() {
    assert_letter("owner-password.pdf");
}

#[test]
fn owner_password_rc4_pdf_reads_normally() {
    assert_letter("owner-password-rc4.pdf");
}

#[test]
fn user_password_pdf_needs_a_password() {
    let out = read_fixture("user-password.pdf");
    assert_eq!(out.row.status, Status::Unreadable);
    assert_eq!(out.row.message, "unreadable: needs a password");
}

#[test]
fn truncated_pdf_is_corrupt() {
    let out = read_fixture("truncated.pdf");
    assert_eq!(out.row.status, Status::Unreadable);
    assert!(
        out.row
            .message
            .starts_with("unreadable: corrupt or truncated: "),
        "{}",
        out.row.message
    );
    assert!(out.row.message.len() < 160, "{}", out.row.message);
}

#[test]
fn scanned_pdf_has_no_text_layer() {
    let out = read_fixture("scan-image-only.pdf");
    assert_eq!(out.row.status, Status::Unreadable);
    assert_eq!(out.row.message, "unreadable: no text layer (scanned image)");
    let doc = out.document.expect("document kept for the log");
    let pages = pages(&doc);
    assert_eq!(pages.len(), 1);
    assert!(pages[0].image_only && pages[0].words.is_empty());
}

#[test]
fn ghostscript_quote_operator_text_is_kept() {
    // Every line after the first is drawn with ' in this file; pdf-extract
    // alone returns only the first line.
    let raw = std::fs::read(fixture("formats/pdf/gs-quotes.pdf")).unwrap();
    let plain = pdf_extract::extract_text_from_mem(&raw).unwrap_or_default();
    assert!(!plain.contains("Arabic"), "pdf-extract was fixed? {plain}");

    let out = read_fixture("gs-quotes.pdf");
    assert_eq!(out.row.status, Status::Ok, "{}", out.row.message);
    let doc = out.document.unwrap();
    let lines: Vec<String> = pages(&doc)[0]
        .lines
        .iter()
        .map(|l| l.text.clone())
        .collect();
    assert_eq!(
        lines,
        vec![
            "Freedom of Information reply FOI 2023/0911",
            "Stop and search by officer-defined ethnicity, 2022:",
            "IC1 White North European 1187",
            "IC3 Black 298",
            "IC4 Asian 150",
            "IC6 Arabic or North African 23",
            "Total searches 1658",
        ]
    );
    // 14-point line steps: the list is one paragraph, the total another.
    let paras = paragraphs(pages(&doc)[0]);
    assert_eq!(paras.len(), 3, "{paras:?}");
    assert_eq!(paras[2], "Total searches 1658");
}

/// Visible characters and how often each occurs. Case is folded: some
/// files (eu-016..019) carry a ToUnicode map that turns capitals into small
/// letters, which we follow and pdftotext ignores; that is no lost text.
/// Control characters (pdftotext passes some through) are not text.
fn char_counts(text: &str) -> HashMap<char, usize> {
    let mut m = HashMap::new();
    for c in text
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .flat_map(char::to_lowercase)
    {
        *m.entry(c).or_insert(0) += 1;
    }
    m
}

/// Share of the oracle's characters we also extracted (multiset).
fn coverage(ours: &HashMap<char, usize>, theirs: &HashMap<char, usize>) -> f64 {
    let total: usize = theirs.values().sum();
    if total == 0 {
        return 1.0;
    }
    let common: usize = theirs
        .iter()
        .map(|(c, n)| (*n).min(ours.get(c).copied().unwrap_or(0)))
        .sum();
    common as f64 / total as f64
}

/// The ICDAR 2013 EU folder: `../shared/data` beside the checkout, or one
/// level further up for a git worktree.
fn icdar_dir() -> Option<PathBuf> {
    [
        root().join("../shared/data/icdar2013-eu"),
        root().join("../../shared/data/icdar2013-eu"),
    ]
    .into_iter()
    .find(|p| p.is_dir())
}

#[test]
fn icdar_text_coverage_against_pdftotext() {
    let Some(dir) = needed(
        "icdar_text_coverage_against_pdftotext",
        "the ICDAR 2013 data (../shared/data/icdar2013-eu)",
        icdar_dir(),
    ) else {
        return;
    };
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect();
    files.sort();
    assert!(files.len() >= 20, "too few PDFs in {}", dir.display());
    let (mut all_common, mut all_total) = (0f64, 0f64);
    let mut failures = Vec::new();
    for path in &files {
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let golden = fixture(&format!("formats/pdf/pdftotext/{name}.txt"));
        let theirs = char_counts(&std::fs::read_to_string(&golden).expect("golden text"));
        let bytes = std::fs::read(path).unwrap();
        let out = read_one(&bytes, &format!("{name}.pdf"), 0, Limits::default());
        let text: String = out
            .document
            .as_ref()
            .map(|d| {
                pages(d)
                    .iter()
                    .flat_map(|p| p.words.iter().map(|w| w.text.as_str()))
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .unwrap_or_default();
        let ours = char_counts(&text);
        let cov = coverage(&ours, &theirs);
        let total: usize = theirs.values().sum();
        // Text drawn twice (fake bold) must not be counted twice either.
        let excess = ours.values().sum::<usize>() as f64 / total.max(1) as f64;
        all_total += total as f64;
        all_common += cov * total as f64;
        eprintln!(
            "coverage {name}: {:.2}% of {total} chars (ours/theirs {excess:.3})",
            cov * 100.0
        );
        if cov < 0.98 || excess > 1.05 {
            failures.push(format!("{name}: {:.2}% ({excess:.3})", cov * 100.0));
        }
    }
    eprintln!(
        "coverage overall: {:.2}% over {} files",
        100.0 * all_common / all_total,
        files.len()
    );
    assert!(failures.is_empty(), "below 98% or above 105%: {failures:?}");
}

/// Share of poppler's words (from `pdftotext -bbox`, see
/// fixtures/formats/pdf/pdftotext-bbox) that we found with the same text
/// (case folded, as in the coverage test) at the same place: x0 and x1
/// within 1 point, vertical centre within 3.
fn poppler_word_agreement(pdf: &std::path::Path, golden: &str) -> (usize, usize) {
    let bytes = std::fs::read(pdf).unwrap();
    let out = read_one(&bytes, "x.pdf", 0, Limits::default());
    let doc = out.document.expect("document");
    let pages = pages(&doc);
    let (mut found, mut total) = (0, 0);
    for row in golden.lines() {
        let f: Vec<&str> = row.splitn(5, '\t').collect();
        let [page, x0, x1, centre, text] = f.as_slice() else {
            continue;
        };
        let num = |s: &str| s.parse::<f32>().unwrap();
        let page: usize = page.parse().unwrap();
        total += 1;
        let text = text.to_lowercase();
        let hit = pages.get(page - 1).is_some_and(|p| {
            p.words.iter().any(|w| {
                (w.x0 - num(x0)).abs() < 1.0
                    && (w.x1 - num(x1)).abs() < 1.0
                    && ((w.top + w.bottom) / 2.0 - num(centre)).abs() < 3.0
                    && w.text.to_lowercase() == text
            })
        });
        found += usize::from(hit);
    }
    (found, total)
}

#[test]
fn word_positions_agree_with_poppler() {
    let golden_dir = fixture("formats/pdf/pdftotext-bbox");
    let letter = std::fs::read_to_string(golden_dir.join("letter.tsv")).unwrap();
    let (found, total) = poppler_word_agreement(&fixture("formats/pdf/letter.pdf"), &letter);
    assert_eq!((found, total), (107, 107));

    let Some(dir) = needed(
        "word_positions_agree_with_poppler",
        "the ICDAR 2013 data (../shared/data/icdar2013-eu)",
        icdar_dir(),
    ) else {
        return;
    };
    let (mut all_found, mut all_total) = (0, 0);
    let mut low = Vec::new();
    for entry in std::fs::read_dir(&golden_dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let pdf = dir.join(format!("{name}.pdf"));
        if !pdf.is_file() {
            continue;
        }
        let golden = std::fs::read_to_string(&path).unwrap();
        let (found, total) = poppler_word_agreement(&pdf, &golden);
        let share = found as f64 / total.max(1) as f64;
        eprintln!(
            "words at poppler's place {name}: {:.1}% of {total}",
            share * 100.0
        );
        if share < 0.88 {
            low.push(format!("{name}: {:.1}%", share * 100.0));
        }
        all_found += found;
        all_total += total;
    }
    let overall = all_found as f64 / all_total.max(1) as f64;
    eprintln!(
        "words at poppler's place overall: {:.2}% of {all_total}",
        overall * 100.0
    );
    assert!(low.is_empty(), "{low:?}");
    assert!(overall >= 0.97, "{overall}");
}

/// Chromium (Skia) gives runs of same-width glyphs in a CIDFont's /W as
/// `first last width` ranges, which pdf-extract 0.12.1 misreads: capitals
/// took the default width, ended short of the next letter and were split
/// off ("C ambridgeshire", "D isclosure"). fixtures/formats/pdf/make.sh
/// prints chrome-letter.html with headless Chromium.
#[test]
fn chromium_capitals_are_not_split_from_their_words() {
    let out = read_fixture("chrome-letter.pdf");
    assert_eq!(out.row.status, Status::Ok, "{}", out.row.message);
    let doc = out.document.expect("document");
    let page = pages(&doc)[0];
    let words: Vec<&str> = page.words.iter().map(|w| w.text.as_str()).collect();
    for whole in [
        "Cambridgeshire",
        "Constabulary",
        "Commissioner's",
        "Disclosure",
        "Date:",
        "Dear",
        "Criminal",
        "Devon",
        "Cornwall",
        "Custody",
        "Dissatisfied,",
    ] {
        assert!(words.contains(&whole), "{whole:?} not whole in {words:?}");
    }
    // No capital stands alone: the letter has no one-letter capital words.
    let lone: Vec<&&str> = words
        .iter()
        .filter(|w| w.len() == 1 && w.chars().all(|c| c.is_ascii_uppercase()))
        .collect();
    assert!(lone.is_empty(), "{lone:?}");
    let paras = paragraphs(page);
    assert!(
        paras.iter().any(|p| p.starts_with(
            "Cambridgeshire Constabulary has now considered your request of 2 July 2023. \
             Disclosure of the information"
        )),
        "{paras:?}"
    );
    assert!(paras.contains(&"Disclosure Officer"), "{paras:?}");

    // Every word where poppler has it, boxes to the point: widths are right.
    let golden =
        std::fs::read_to_string(fixture("formats/pdf/pdftotext-bbox/chrome-letter.tsv")).unwrap();
    let pdf = fixture("formats/pdf/chrome-letter.pdf");
    assert_eq!(poppler_word_agreement(&pdf, &golden), (137, 137));

    // The table's cells hold the names whole.
    let tables: Vec<&foi_extract::doc::Table> = page
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Table(t) => Some(t),
            Block::Paragraph(_) => None,
        })
        .collect();
    assert_eq!(tables.len(), 1);
    let t = tables[0];
    assert_eq!((t.n_rows, t.n_cols), (5, 4));
    assert_eq!(
        t.row_texts(1),
        vec![
            "Cambridgeshire Constabulary",
            "Criminal Justice",
            "1,204",
            "1,187"
        ]
    );
    assert_eq!(
        t.row_texts(2),
        vec!["Bedfordshire Police", "Disclosure Unit", "312", "298"]
    );
    assert_eq!(
        t.row_texts(4),
        vec!["Devon and Cornwall Police", "Custody", "17", "9"]
    );
}
