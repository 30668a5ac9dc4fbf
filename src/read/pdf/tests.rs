//! Reader tests on small PDFs built in memory with lopdf, each exercising
//! one thing pdf-extract gets wrong on its own or one hostile input.

use super::PdfReader;
use crate::doc::{Format, Page, Part};
use crate::read::{Extracted, Input, Limits, ReadError, Reader};
use pdf_extract::{Dictionary, Document, Object, Stream};

fn dict(pairs: Vec<(&str, Object)>) -> Dictionary {
    let mut d = Dictionary::new();
    for (k, v) in pairs {
        d.set(k, v);
    }
    d
}

fn name(n: &str) -> Object {
    Object::Name(n.as_bytes().to_vec())
}

fn helvetica(base: &str) -> Object {
    Object::Dictionary(dict(vec![
        ("Type", name("Font")),
        ("Subtype", name("Type1")),
        ("BaseFont", name(base)),
        ("Encoding", name("WinAnsiEncoding")),
    ]))
}

/// One page per entry: (content, extra page-dictionary entries, extra
/// resources). Every page has font /F1 = Helvetica on a 600x800 box.
type PageSpec<'a> = (&'a [u8], Vec<(&'a str, Object)>, Vec<(&'a str, Object)>);

fn build(doc: &mut Document, specs: Vec<PageSpec>) -> Vec<u8> {
    let pages_id = doc.new_object_id();
    let mut kids = Vec::new();
    for (content, page_extra, res_extra) in specs {
        let content_id = doc.add_object(Stream::new(Dictionary::new(), content.to_vec()));
        let mut fonts = dict(vec![("F1", helvetica("Helvetica"))]);
        let mut resources = Dictionary::new();
        for (k, v) in res_extra {
            if k.starts_with('F') {
                fonts.set(k, v);
            } else {
                resources.set(k, v);
            }
        }
        resources.set("Font", Object::Dictionary(fonts));
        let mut page = dict(vec![
            ("Type", name("Page")),
            ("Parent", Object::Reference(pages_id)),
            ("Contents", Object::Reference(content_id)),
            ("Resources", Object::Dictionary(resources)),
        ]);
        for (k, v) in page_extra {
            page.set(k, v);
        }
        kids.push(Object::Reference(doc.add_object(page)));
    }
    let count = kids.len() as i64;
    let pages = dict(vec![
        ("Type", name("Pages")),
        ("Kids", Object::Array(kids)),
        ("Count", Object::Integer(count)),
        (
            "MediaBox",
            Object::Array(vec![0.into(), 0.into(), 600.into(), 800.into()]),
        ),
    ]);
    doc.objects.insert(pages_id, Object::Dictionary(pages));
    let catalog = doc.add_object(dict(vec![
        ("Type", name("Catalog")),
        ("Pages", Object::Reference(pages_id)),
    ]));
    doc.trailer.set("Root", Object::Reference(catalog));
    let mut out = Vec::new();
    doc.save_to(&mut out).expect("save");
    out
}

fn read(bytes: &[u8]) -> Result<Extracted, ReadError> {
    PdfReader.read(&Input {
        bytes,
        path: "t.pdf",
        format: Format::Pdf,
        depth: 0,
        limits: Limits::default(),
    })
}

fn one_page(content: &[u8]) -> Page {
    let bytes = build(
        &mut Document::with_version("1.5"),
        vec![(content, vec![], vec![])],
    );
    page(&read(&bytes).expect("read"), 0)
}

fn page(x: &Extracted, i: usize) -> Page {
    match &x.parts[i] {
        Part::Page(p) => p.clone(),
        other => panic!("not a page: {other:?}"),
    }
}

fn line_texts(p: &Page) -> Vec<&str> {
    p.lines.iter().map(|l| l.text.as_str()).collect()
}

#[test]
fn quote_operators_keep_their_text() {
    let p = one_page(
        b"BT /F1 12 Tf 14 TL 72 700 Td (First line) Tj (Second line) ' \
          3 0.2 (Third line) \" ET",
    );
    assert_eq!(
        line_texts(&p),
        vec!["First line", "Second line", "Third line"]
    );
    // T* moved down by the leading: baselines 100, 114 and 128 from the top.
    let tops: Vec<f32> = p.lines.iter().map(|l| l.top).collect();
    assert!((tops[1] - tops[0] - 14.0).abs() < 0.01 && (tops[2] - tops[1] - 14.0).abs() < 0.01);
}

#[test]
fn form_xobject_text_is_placed_by_the_callers_ctm_and_its_matrix() {
    let mut doc = Document::with_version("1.5");
    let form = Stream::new(
        dict(vec![
            ("Type", name("XObject")),
            ("Subtype", name("Form")),
            (
                "BBox",
                Object::Array(vec![0.into(), 0.into(), 100.into(), 100.into()]),
            ),
            (
                "Matrix",
                Object::Array(vec![
                    2.into(),
                    0.into(),
                    0.into(),
                    2.into(),
                    0.into(),
                    0.into(),
                ]),
            ),
            (
                "Resources",
                Object::Dictionary(dict(vec![(
                    "Font",
                    Object::Dictionary(dict(vec![("F1", helvetica("Helvetica-Bold"))])),
                )])),
            ),
        ]),
        b"BT /F1 10 Tf (Inside) Tj ET".to_vec(),
    );
    let form_id = doc.add_object(form);
    let xobjects = Object::Dictionary(dict(vec![("Fm1", Object::Reference(form_id))]));
    let bytes = build(
        &mut doc,
        vec![(
            b"q 1 0 0 1 100 200 cm /Fm1 Do Q BT /F1 10 Tf 72 700 Td (Outside) Tj ET \
              q 1 0 0 1 300 100 cm /Fm1 Do Q",
            vec![],
            vec![("XObject", xobjects)],
        )],
    );
    let p = page(&read(&bytes).unwrap(), 0);
    let inside = p
        .words
        .iter()
        .find(|w| w.text == "Inside")
        .expect("form text");
    assert_eq!(inside.font, "Helvetica-Bold");
    assert!((inside.font_size - 20.0).abs() < 0.01);
    assert!((inside.x0 - 100.0).abs() < 0.01);
    // Baseline 200 up from the bottom of an 800-high page: 600 from the top.
    assert!((inside.bottom - 604.0).abs() < 0.01, "{inside:?}");
    let outside = p.words.iter().find(|w| w.text == "Outside").unwrap();
    assert_eq!(outside.font, "Helvetica");
    // Drawn again elsewhere (decoded once, placed twice).
    let again: Vec<_> = p.words.iter().filter(|w| w.text == "Inside").collect();
    assert_eq!(again.len(), 2);
    assert!((again[1].x0 - 300.0).abs() < 0.01 && (again[1].bottom - 704.0).abs() < 0.01);
}

#[test]
fn fills_strokes_and_colours_become_rects_and_rules() {
    let p = one_page(
        b"1 0 0 rg 50 50 200 100 re f \
          0.5 g 10 400 300 0.8 re f \
          0 0 1 RG 2 w 300 300 50 50 re B \
          0 G 1 w 20 700 m 500 700 l S \
          20 650 m 400 680 l S",
    );
    let red = p
        .rects
        .iter()
        .find(|r| r.filled && r.fill == Some([1.0, 0.0, 0.0]));
    let red = red.expect("red box");
    assert_eq!(
        (red.x0, red.top, red.x1, red.bottom),
        (50.0, 650.0, 250.0, 750.0)
    );
    // The thin grey fill is a rule at its middle.
    assert!(p
        .segments
        .iter()
        .any(|s| s.x0 == 10.0 && s.x1 == 310.0 && (s.y0 - 399.6).abs() < 0.01));
    // B both fills and strokes.
    assert!(p.rects.iter().any(|r| r.filled && r.x0 == 300.0));
    assert!(p.rects.iter().any(|r| r.stroked && r.x0 == 300.0));
    let sides = p.segments.iter().filter(|s| s.width == 2.0).count();
    assert_eq!(sides, 4);
    // The horizontal stroke is a rule, the slanted one is not.
    assert!(p
        .segments
        .iter()
        .any(|s| s.y0 == 100.0 && s.x1 == 500.0 && s.width == 1.0));
    assert_eq!(p.segments.len(), 6, "{:?}", p.segments);
}

#[test]
fn fake_bold_is_read_once_and_text_off_the_page_is_dropped() {
    let p = one_page(
        b"BT /F1 12 Tf 72 600 Td (Total 1658) Tj ET BT /F1 12 Tf 72.4 600 Td (Total 1658) Tj ET \
          BT /F1 12 Tf 700 600 Td (Off the page) Tj ET",
    );
    assert_eq!(line_texts(&p), vec!["Total 1658"]);
    assert_eq!(p.words.len(), 2);
}

#[test]
fn rotated_page_is_read_as_displayed() {
    // A portrait page shown turned a quarter clockwise, its text drawn
    // running up the stored page: upright once displayed.
    let bytes = build(
        &mut Document::with_version("1.5"),
        vec![(
            b"BT /F1 12 Tf 0 1 -1 0 100 100 Tm (Line one) Tj 0 1 -1 0 114 100 Tm (Line two) Tj ET",
            vec![("Rotate", Object::Integer(90))],
            vec![],
        )],
    );
    let p = page(&read(&bytes).unwrap(), 0);
    assert_eq!(p.rotation, 90);
    assert_eq!((p.width, p.height), (800.0, 600.0));
    assert_eq!(line_texts(&p), vec!["Line one", "Line two"]);
    let one = &p.words[0];
    assert!((one.x0 - 100.0).abs() < 0.01, "{one:?}");
    assert!((one.bottom - 102.4).abs() < 0.01, "{one:?}");
    assert!(one.x1 > one.x0 + 10.0 && one.bottom - one.top < 12.1);
}

#[test]
fn malformed_operators_are_dropped_not_fatal() {
    let p = one_page(
        b"BT /F1 12 Tf 72 700 Td (kept) Tj /Nope 12 Tf (lost) Tj /F1 12 Tf \
          1 2 3 Td (x) (y) ' 5 Tj (abc) (def) TJ 0 -20 Td (also kept) Tj ET \
          1 0 0 cm 10 20 v 5 5 10 10 re h 1 2 3 4 v f /Missing Do /P gs",
    );
    assert_eq!(line_texts(&p), vec!["kept", "also kept"]);
}

#[test]
fn a_page_that_breaks_pdf_extract_loses_only_itself() {
    let broken_font = Object::Dictionary(dict(vec![
        ("Type", name("Font")),
        ("Subtype", name("Type0")),
        ("BaseFont", name("Broken")),
        ("Encoding", name("Identity-H")),
    ]));
    let bytes = build(
        &mut Document::with_version("1.5"),
        vec![
            (b"BT /F1 12 Tf 72 700 Td (Page one) Tj ET", vec![], vec![]),
            (
                b"BT /F1 12 Tf 72 700 Td (Before) Tj /F2 12 Tf (After) Tj ET",
                vec![],
                vec![("F2", broken_font)],
            ),
        ],
    );
    let x = read(&bytes).unwrap();
    assert_eq!(x.parts.len(), 2);
    assert_eq!(line_texts(&page(&x, 0)), vec!["Page one"]);
    assert_eq!(line_texts(&page(&x, 1)), vec!["Before"]);
    assert!(
        x.warnings.iter().any(|w| w.starts_with("page 2: ")),
        "{:?}",
        x.warnings
    );
}

#[test]
fn not_a_pdf_is_corrupt() {
    assert!(matches!(read(b"hello"), Err(ReadError::Corrupt(_))));
    assert!(matches!(
        read(b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF"),
        Err(ReadError::Corrupt(_))
    ));
}

thread_local! {
    /// Pages in the page trees pdf-extract walked to find the pages read
    /// on this thread.
    pub(super) static PAGES_WALKED: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

#[test]
fn each_page_is_found_without_walking_the_whole_page_tree() {
    // pdf-extract finds page N by walking the page tree; given the whole
    // document's, reading every page of a long one was quadratic (60 s for
    // 3000 pages). The work is counted here, not timed
    // (scripts/bench-pdf-content.sh times long pages).
    let content: &[u8] = b"BT /F1 12 Tf 72 700 Td (Page) Tj ET";
    let specs: Vec<PageSpec> = (0..500).map(|_| (content, vec![], vec![])).collect();
    let bytes = build(&mut Document::with_version("1.5"), specs);
    PAGES_WALKED.with(|n| n.set(0));
    let x = read(&bytes).unwrap();
    assert_eq!(x.parts.len(), 500);
    assert_eq!(line_texts(&page(&x, 499)), vec!["Page"]);
    // One page in the tree walked for each page read.
    assert_eq!(PAGES_WALKED.with(|n| n.get()), 500);
}

#[test]
fn text_after_a_chunk_boundary_keeps_the_state_set_before_it() {
    // 12,000 cells of 4 operations are handed to pdf-extract in chunks
    // (rewrite/chunks.rs); the CTM, font and character spacing set once at
    // the start must hold in every chunk.
    let mut content = b"q 0.5 0 0 0.5 0 0 cm /F1 20 Tf 2 Tc\n".to_vec();
    for i in 0..12_000 {
        let (x, y) = (20 + (i % 50) * 500, 28_000 - (i / 50) * 100);
        content.extend(format!("BT 1 0 0 1 {x} {y} Tm (w{i}) Tj ET\n").bytes());
    }
    content.extend(b"Q");
    let media = Object::Array(vec![0.into(), 0.into(), 14_400.into(), 14_400.into()]);
    let bytes = build(
        &mut Document::with_version("1.5"),
        vec![(&content, vec![("MediaBox", media)], vec![])],
    );
    let p = page(&read(&bytes).unwrap(), 0);
    assert_eq!(p.words.len(), 12_000);
    let word = |t: &str| p.words.iter().find(|w| w.text == t).unwrap();
    let (first, later) = (word("w1234"), word("w9234"));
    assert_eq!(first.font_size, 10.0);
    assert_eq!(later.font_size, 10.0);
    assert_eq!(later.x1 - later.x0, first.x1 - first.x0);
    assert_eq!(word("w11999").x0, (20.0 + 49.0 * 500.0) * 0.5);
}

/// A page drawing a 300x300-pixel image scaled by `cm`, then `text_ops`.
fn page_with_image(cm: &str, text_ops: &str) -> Page {
    let mut doc = Document::with_version("1.5");
    let image = Stream::new(
        dict(vec![
            ("Type", name("XObject")),
            ("Subtype", name("Image")),
            ("Width", Object::Integer(300)),
            ("Height", Object::Integer(300)),
            ("ColorSpace", name("DeviceGray")),
            ("BitsPerComponent", Object::Integer(8)),
        ]),
        vec![255u8; 300 * 300],
    );
    let image_id = doc.add_object(image);
    let xobjects = Object::Dictionary(dict(vec![("Im1", Object::Reference(image_id))]));
    let content = format!("q {cm} cm /Im1 Do Q {text_ops}");
    let bytes = build(
        &mut doc,
        vec![(content.as_bytes(), vec![], vec![("XObject", xobjects)])],
    );
    page(&read(&bytes).unwrap(), 0)
}

#[test]
fn scans_are_image_only_even_with_a_stamped_page_number() {
    let bare = page_with_image("600 0 0 800 0 0", "");
    assert!(bare.image_only);
    let stamped = page_with_image(
        "600 0 0 800 0 0",
        "BT /F1 9 Tf 280 20 Td (Page 1 of 2) Tj ET",
    );
    assert!(stamped.image_only && stamped.words.len() == 4);
    // A logo above a letter is not a scan.
    let logo = page_with_image(
        "100 0 0 60 450 720",
        "BT /F1 9 Tf 72 600 Td (Page 1 of 2) Tj ET",
    );
    assert!(!logo.image_only);
    assert!(logo.rects.is_empty(), "image markers must not become boxes");
}

#[test]
fn damaged_copies_of_a_real_pdf_never_panic() {
    let original = include_bytes!("../../../fixtures/formats/pdf/letter.pdf");
    // A small deterministic generator (no rand crate for one test).
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n.max(1) as u64) as usize
    };
    let (mut ok, mut failed) = (0, 0);
    for round in 0..60 {
        let mut b = original.to_vec();
        match round % 3 {
            0 => {
                for _ in 0..1 + next(40) {
                    let i = next(b.len());
                    b[i] = next(256) as u8;
                }
            }
            1 => b.truncate(next(b.len())),
            _ => {
                let (i, j, len) = (next(b.len()), next(b.len()), 1 + next(2000));
                let chunk: Vec<u8> = original[j..(j + len).min(original.len())].to_vec();
                let end = (i + chunk.len()).min(b.len());
                b.splice(i..end, chunk);
            }
        }
        // Any outcome is fine as long as it is a value, not a panic.
        match read(&b) {
            Ok(_) => ok += 1,
            Err(_) => failed += 1,
        }
    }
    assert_eq!(ok + failed, 60);
    // Both ways out were taken: some damage is survivable, truncation is not.
    assert!(ok > 5 && failed > 5, "ok {ok}, failed {failed}");
}

#[test]
fn fonts_pdf_extract_would_panic_on_are_patched() {
    let standard = Object::Dictionary(dict(vec![
        ("Type", name("Font")),
        ("Subtype", name("Type1")),
        ("BaseFont", name("Times-Roman")),
        ("Encoding", name("StandardEncoding")),
    ]));
    let overflowing = Object::Dictionary(dict(vec![
        ("Type", name("Font")),
        ("Subtype", name("Type1")),
        ("BaseFont", name("Courier")),
        (
            "Encoding",
            Object::Dictionary(dict(vec![(
                "Differences",
                Object::Array(vec![
                    Object::Integer(65),
                    name("B"),
                    Object::Integer(254),
                    name("a"),
                    name("b"),
                    name("c"),
                    Object::Real(1.5),
                ]),
            )])),
        ),
    ]));
    // Glyph units are text space units here (FontMatrix scale 1), widths
    // cover only A..C, and there is no Encoding.
    let type3 = Object::Dictionary(dict(vec![
        ("Type", name("Font")),
        ("Subtype", name("Type3")),
        (
            "FontMatrix",
            Object::Array(vec![
                1.into(),
                0.into(),
                0.into(),
                1.into(),
                0.into(),
                0.into(),
            ]),
        ),
        (
            "FontBBox",
            Object::Array(vec![0.into(), 0.into(), 1.into(), 1.into()]),
        ),
        ("CharProcs", Object::Dictionary(Dictionary::new())),
        ("FirstChar", Object::Integer(65)),
        ("LastChar", Object::Integer(67)),
        (
            "Widths",
            Object::Array(vec![
                Object::Real(0.6),
                Object::Real(0.6),
                Object::Real(0.6),
            ]),
        ),
    ]));
    let bytes = build(
        &mut Document::with_version("1.5"),
        vec![(
            b"BT /F2 12 Tf 72 700 Td (Standard) Tj ET \
              BT /F3 12 Tf 72 680 Td (AA) Tj ET \
              BT /F4 10 Tf 72 660 Td (ABCD) Tj ET",
            vec![],
            vec![("F2", standard), ("F3", overflowing), ("F4", type3)],
        )],
    );
    let x = read(&bytes).unwrap();
    let p = page(&x, 0);
    assert!(x.warnings.is_empty(), "{:?}", x.warnings);
    assert_eq!(line_texts(&p), vec!["Standard", "BB", "ABCD"]);
    // Type3 advances: 0.6 text units at size 10 is 6 points a glyph (D has
    // no width and gets half an em).
    let abcd = p.words.iter().find(|w| w.text == "ABCD").unwrap();
    assert!((abcd.x1 - abcd.x0 - 23.0).abs() < 0.01, "{abcd:?}");
}
