//! The PDF reader: PDF bytes to `Part::Page`s with positioned words, text
//! lines, ruling segments, rectangles, paragraphs and (through `table`)
//! tables. Coordinates are points with the origin at the top-left of the
//! page *as displayed* (its /Rotate applied, width and height swapped for
//! 90 and 270), y growing downwards, as pdfplumber and poppler report them;
//! `Page::rotation` records the /Rotate.
//!
//! Pipeline per page: `prepare` rewrites the content so pdf-extract reads it
//! fully and safely (decoding it a chunk at a time, `content`, and writing
//! it in chunks pdf-extract reads in turn, so a long page never costs
//! memory per operator), pdf-extract interprets it into a `glyphs::Capture`
//! (glyphs and painted paths, placed by `frame`), `words` groups glyphs
//! into lines of words, `lines` orders them and `paragraphs` joins them.
//! Each page runs under
//! `catch_unwind`: a page pdf-extract panics on keeps what was captured
//! before the panic and the other pages are unaffected.

mod cid_widths;
mod content;
mod frame;
mod glyphs;
mod lines;
mod load;
mod pages;
mod paragraphs;
mod paths;
mod prepare;
mod recover;
mod refind;
mod rewrite;
pub mod table;
mod text_repair;
mod words;

#[cfg(test)]
mod tests;

pub use refind::refind_tables;

use crate::doc::{Block, Page, Part};
use crate::read::{Extracted, Input, ReadError, Reader};
use frame::PageFrame;
use glyphs::{Capture, MAX_GLYPHS_PER_PAGE};
use pdf_extract::{Dictionary, Document, Object, ObjectId};
use std::panic::{catch_unwind, AssertUnwindSafe};

/// A page whose images cover this share of it is a scan when it has fewer
/// than [`STAMP_WORDS`] words.
const SCAN_COVER: f64 = 0.5;
const STAMP_WORDS: usize = 8;
/// Most warnings kept for one file (they end up in one log line).
const MAX_WARNINGS: usize = 20;

pub struct PdfReader;

impl Reader for PdfReader {
    fn read(&self, input: &Input) -> Result<Extracted, ReadError> {
        let mut parts = Vec::new();
        let mut extracted = self.read_parts(input, &mut |part| parts.push(part))?;
        extracted.parts = parts;
        Ok(extracted)
    }

    /// Pages are read, their tables found and each page handed on one at a
    /// time; only the pages of a table still running on are held.
    fn read_parts(
        &self,
        input: &Input,
        emit: &mut dyn FnMut(Part),
    ) -> Result<Extracted, ReadError> {
        // lopdf can panic on hostile structure: that is a corrupt file.
        let load::Loaded {
            mut doc,
            recovered,
            damage,
        } = catch_unwind(|| load::load(input.bytes)).map_err(|panic| {
            ReadError::Corrupt(format!("the PDF parser failed: {}", panic_text(&panic)))
        })??;
        let page_ids: Vec<(u32, ObjectId)> = (1u32..).zip(pages::page_ids(&doc)).collect();
        let solo = single_page_tree(&mut doc);
        // Once per document what pdf-extract would redo on every page. Only
        // a saving: if it fails, pages read as they would without it.
        let _ = catch_unwind(AssertUnwindSafe(|| {
            rewrite::drop_unread_font_programs(&mut doc)
        }));
        let settings = table::TableSettings::default();
        let mut tables = table::PageTables::new(&settings, input.path);
        let mut warnings: Vec<String> = recovered.into_iter().collect();
        let unread_widths = cid_widths::normalise_cid_widths(&mut doc);
        if unread_widths > 0 {
            warnings.push(format!(
                "{unread_widths} fonts have too many glyph widths; the rest are taken as default"
            ));
        }
        let (mut read, mut failed, mut words) = (0usize, 0usize, 0usize);
        for (number, id) in page_ids {
            let (page, page_warnings, ok) = read_page(&mut doc, number, id, solo, input.path);
            read += 1;
            words += page.words.len();
            failed += usize::from(!ok);
            warnings.extend(
                page_warnings
                    .into_iter()
                    .map(|w| format!("page {number}: {w}")),
            );
            tables
                .push(page)
                .into_iter()
                .map(Part::Page)
                .for_each(&mut *emit);
        }
        tables
            .finish()
            .into_iter()
            .map(Part::Page)
            .for_each(&mut *emit);
        // A rebuilt file with no text at all (a download cut before its
        // fonts or content) is still the truncated file poppler calls it.
        if let (Some(damage), 0) = (damage, words) {
            return Err(damage);
        }
        if failed == read {
            let why = warnings.first().cloned().unwrap_or_default();
            return Err(ReadError::Corrupt(format!("no page could be read ({why})")));
        }
        if warnings.len() > MAX_WARNINGS {
            let more = warnings.len() - MAX_WARNINGS;
            warnings.truncate(MAX_WARNINGS);
            warnings.push(format!("{more} more warnings left out"));
        }
        Ok(Extracted {
            parts: Vec::new(),
            children: Vec::new(),
            warnings,
        })
    }
}

/// Read one page. Returns the page (empty but numbered when it failed),
/// its warnings, and false when nothing of it could be read.
fn read_page(
    doc: &mut Document,
    number: u32,
    id: ObjectId,
    solo: Option<ObjectId>,
    file: &str,
) -> (Page, Vec<String>, bool) {
    let mut page = Page {
        number,
        ..Default::default()
    };
    let prepared = match catch_unwind(AssertUnwindSafe(|| prepare::prepare_page(doc, id))) {
        Ok(Ok(p)) => p,
        Ok(Err(e)) => return (page, vec![e], false),
        Err(panic) => {
            return (
                page,
                vec![format!("unreadable: {}", panic_text(&panic))],
                false,
            )
        }
    };
    let mut warnings = prepared.warnings;
    let frame = PageFrame::new(&prepared.media, prepared.rotation);
    let (width, height) = frame.size();
    page.width = width as f32;
    page.height = height as f32;
    page.rotation = prepared.rotation;

    let mut capture = Capture::new(frame);
    // pdf-extract finds page N by walking the whole page tree; with the
    // catalog pointing at a one-page tree holding this page, reading every
    // page of a long document stays linear.
    let number_in_tree = match solo.and_then(|solo| doc.get_dictionary_mut(solo).ok()) {
        Some(tree) => {
            tree.set("Kids", Object::Array(vec![Object::Reference(id)]));
            1
        }
        None => number,
    };
    #[cfg(test)]
    tests::PAGES_WALKED.with(|n| n.set(n.get() + doc.get_pages().len()));
    let outcome = interpret(doc, id, prepared.chunks, &mut capture, number_in_tree);
    // The font dictionaries copied into the page are read once; keeping
    // them would hold every page's for the rest of the document.
    if let Ok(page) = doc.get_dictionary_mut(id) {
        page.remove(b"Resources");
        page.remove(b"Contents");
    }
    let mut ok = true;
    match outcome {
        Ok(Ok(())) => {}
        Ok(Err(e)) => {
            ok = !capture.glyphs.is_empty();
            warnings.push(format!("text extraction stopped: {e}"));
        }
        Err(panic) => {
            ok = !capture.glyphs.is_empty();
            warnings.push(format!(
                "text extraction stopped part-way ({}); text after that point is lost",
                panic_text(&panic)
            ));
        }
    }
    if capture.glyphs_dropped > 0 {
        warnings.push(format!(
            "more than {MAX_GLYPHS_PER_PAGE} glyphs; {} left out",
            capture.glyphs_dropped
        ));
    }
    if capture.paths.dropped > 0 {
        warnings.push(format!(
            "too many drawn lines and boxes; {} left out",
            capture.paths.dropped
        ));
    }
    let mut glyphs = std::mem::take(&mut capture.glyphs);
    // Text wholly off the page is not shown (generators park junk there);
    // poppler drops it too.
    let (w, h) = (page.width, page.height);
    glyphs.retain(|g| g.x1 > 0.0 && g.x0 < w && g.bottom > 0.0 && g.top < h);
    words::dedupe(&mut glyphs);
    let raw = words::group_into_lines(&glyphs);
    let layout = lines::layout(raw, &prepared.font_names, file, number);
    page.words = layout.words;
    page.lines = layout.lines;
    page.blocks = layout
        .paragraphs
        .into_iter()
        .map(Block::Paragraph)
        .collect();
    page.segments = std::mem::take(&mut capture.paths.segments);
    page.rects = std::mem::take(&mut capture.paths.rects);
    // A scan: images but no text, or a page covered by images with a
    // stamp of a few words (a page number, a reference) on top.
    let covered = capture.image_area >= SCAN_COVER * f64::from(page.width * page.height);
    page.image_only = prepared.images > 0
        && (page.words.is_empty() || (covered && page.words.len() < STAMP_WORDS));
    (page, warnings, ok)
}

/// Have pdf-extract interpret each chunk of page `id`'s rewritten content
/// in turn as the page's content, into `capture`, stopping at the first
/// that fails. Each chunk is dropped once read.
fn interpret(
    doc: &mut Document,
    id: ObjectId,
    chunks: Vec<Vec<u8>>,
    capture: &mut Capture,
    number_in_tree: u32,
) -> std::thread::Result<Result<(), pdf_extract::OutputError>> {
    for chunk in chunks {
        let content = doc.add_object(pdf_extract::Stream::new(Dictionary::new(), chunk));
        if let Ok(page) = doc.get_dictionary_mut(id) {
            page.set("Contents", Object::Reference(content));
        }
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            pdf_extract::output_doc_page(doc, capture, number_in_tree)
        }));
        doc.objects.remove(&content);
        if !matches!(outcome, Ok(Ok(()))) {
            return outcome;
        }
    }
    Ok(Ok(()))
}

/// Point the catalog at a new, one-page page tree (see `read_page`).
/// None when the catalog cannot be changed; pages are then found by number.
fn single_page_tree(doc: &mut Document) -> Option<ObjectId> {
    let mut tree = Dictionary::new();
    tree.set("Type", Object::Name(b"Pages".to_vec()));
    tree.set("Kids", Object::Array(Vec::new()));
    tree.set("Count", Object::Integer(1));
    let id = doc.add_object(tree);
    let catalog = doc.catalog_mut().ok()?;
    catalog.set("Pages", Object::Reference(id));
    Some(id)
}

fn panic_text(payload: &Box<dyn std::any::Any + Send>) -> String {
    let text = if let Some(s) = payload.downcast_ref::<&str>() {
        s.to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "unknown panic".to_string()
    };
    let first_line = text.lines().next().unwrap_or_default();
    first_line.chars().take(120).collect()
}
