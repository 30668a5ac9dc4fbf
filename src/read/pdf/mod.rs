//! The PDF reader: PDF bytes to `Part::Page`s with positioned words, text
//! lines, ruling segments, rectangles, paragraphs and (through `table`)
//! tables. Coordinates are points with the origin at the page's top-left,
//! y growing downwards, as pdfplumber.
//!
//! Pipeline per page: `prepare` rewrites the content so pdf-extract reads it
//! fully and safely, pdf-extract interprets it into a `glyphs::Capture`
//! (glyphs and painted paths), `words` groups glyphs into lines of words,
//! `lines` orders them and builds paragraphs. Each page runs under
//! `catch_unwind`: a page pdf-extract panics on keeps what was captured
//! before the panic and the other pages are unaffected.

mod glyphs;
mod lines;
mod load;
mod paths;
mod prepare;
mod rewrite;
pub mod table;
mod text_repair;
mod words;

use crate::doc::{Block, Page, Part};
use crate::read::{Extracted, Input, ReadError, Reader};
use glyphs::{Capture, MAX_GLYPHS_PER_PAGE};
use pdf_extract::{Document, MediaBox, ObjectId};
use std::panic::{catch_unwind, AssertUnwindSafe};

pub struct PdfReader;

impl Reader for PdfReader {
    fn read(&self, input: &Input) -> Result<Extracted, ReadError> {
        let mut doc = load::load(input.bytes)?;
        let page_ids: Vec<(u32, ObjectId)> = doc.get_pages().into_iter().collect();
        let mut warnings = Vec::new();
        let mut pages = Vec::with_capacity(page_ids.len());
        let mut failed = 0usize;
        for (number, id) in page_ids {
            let (page, page_warnings, ok) = read_page(&mut doc, number, id, input.path);
            failed += usize::from(!ok);
            warnings.extend(
                page_warnings
                    .into_iter()
                    .map(|w| format!("page {number}: {w}")),
            );
            pages.push(page);
        }
        if failed == pages.len() {
            let why = warnings.first().cloned().unwrap_or_default();
            return Err(ReadError::Corrupt(format!("no page could be read ({why})")));
        }
        table::find_tables(&mut pages, &table::TableSettings::default(), input.path);
        Ok(Extracted {
            parts: pages.into_iter().map(Part::Page).collect(),
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
    let media: MediaBox = prepared.media;
    page.width = (media.urx - media.llx) as f32;
    page.height = (media.ury - media.lly) as f32;
    page.rotation = prepared.rotation;

    let mut capture = Capture::new(&media);
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        pdf_extract::output_doc_page(doc, &mut capture, number)
    }));
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
    page.image_only = page.words.is_empty() && prepared.images > 0;
    (page, warnings, ok)
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
