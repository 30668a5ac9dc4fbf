//! Lines in reading order: lines are ordered per writing direction (the
//! page's main direction first) top-down, then left to right; the page's
//! words are listed in that order and paragraphs built from the lines
//! (see `paragraphs`).

use super::paragraphs::paragraphs;
use super::words::RawLine;
use crate::doc::{Paragraph, TextLine, Word};

/// The words, lines and paragraphs of one page.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Layout {
    pub words: Vec<Word>,
    pub lines: Vec<TextLine>,
    pub paragraphs: Vec<Paragraph>,
}

/// Order `raw` lines for reading and build the page's text structures.
/// `fonts` names the font indices of the words; `file` and `page` go into
/// each paragraph's provenance.
pub fn layout(mut raw: Vec<RawLine>, fonts: &[String], file: &str, page: u32) -> Layout {
    // The direction with most words reads first (upright text on a page
    // with a rotated stamp, or the rotated text of a landscape page).
    let mut per_dir = [0usize; 4];
    for l in &raw {
        per_dir[(l.dir & 3) as usize] += l.words.len();
    }
    let rank = |d: u8| std::cmp::Reverse(per_dir[(d & 3) as usize]);
    raw.sort_by(|a, b| {
        rank(a.dir)
            .cmp(&rank(b.dir))
            .then(a.dir.cmp(&b.dir))
            .then(a.rbase.total_cmp(&b.rbase))
            .then(first_rx(a).total_cmp(&first_rx(b)))
    });

    let mut out = Layout::default();
    for l in &raw {
        let start = out.words.len();
        for w in &l.words {
            out.words.push(Word {
                text: w.text.clone(),
                x0: w.x0,
                top: w.top,
                x1: w.x1,
                bottom: w.bottom,
                font_size: round2(w.size),
                font: fonts.get(w.font).cloned().unwrap_or_default(),
                dir: l.dir & 3,
            });
        }
        let words = &out.words[start..];
        let (x0, top, x1, bottom) = union(words);
        out.lines.push(TextLine {
            text: words
                .iter()
                .map(|w| w.text.as_str())
                .collect::<Vec<_>>()
                .join(" "),
            x0,
            top,
            x1,
            bottom,
            words: (start..out.words.len()).collect(),
        });
    }
    out.paragraphs = paragraphs(&raw, &out, file, page);
    out
}

pub(super) fn first_rx(l: &RawLine) -> f32 {
    l.words.first().map_or(0.0, |w| w.rx0)
}

pub(super) fn last_rx(l: &RawLine) -> f32 {
    l.words.last().map_or(0.0, |w| w.rx1)
}

pub(super) fn round2(v: f32) -> f32 {
    (v * 100.0).round() / 100.0
}

fn union(words: &[Word]) -> (f32, f32, f32, f32) {
    let mut b = (f32::MAX, f32::MAX, f32::MIN, f32::MIN);
    for w in words {
        b.0 = b.0.min(w.x0);
        b.1 = b.1.min(w.top);
        b.2 = b.2.max(w.x1);
        b.3 = b.3.max(w.bottom);
    }
    if words.is_empty() {
        (0.0, 0.0, 0.0, 0.0)
    } else {
        b
    }
}
