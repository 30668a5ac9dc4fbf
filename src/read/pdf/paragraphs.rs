//! Paragraphs from ordered lines: consecutive lines at the page's usual
//! line spacing for their size, of similar size, overlapping horizontally
//! and alike in weight are joined; table rows (lines with a column gap),
//! list items and headings stand apart. Headings are told by size or
//! by being short and wholly bold.

use super::lines::{first_rx, last_rx, round2, Layout};
use super::words::RawLine;
use crate::doc::{Paragraph, Prov, TextLine, Word};

/// A line step more than this many times the page's usual step (or a
/// blank line) starts a new paragraph.
const PARAGRAPH_STEP: f32 = 1.3;
/// A gap between words wider than this many font sizes separates columns.
const COLUMN_GAP: f32 = 2.0;
/// A step of more than this many font sizes is a blank line at least.
const MAX_LINE_STEP: f32 = 2.0;
/// Lines whose font sizes differ by more than this ratio are in different
/// paragraphs (a heading above body text, a small page header above it).
const SIZE_CHANGE: f32 = 1.15;

/// The usual line spacing of a page: for each font size (to half a
/// point), the distance between consecutive baselines of lines in that size
/// that are not table rows, as a multiple of the size.
struct LineSpacing {
    by_size: std::collections::BTreeMap<u32, f32>,
}

/// Line spacing assumed where nothing could be measured.
const DEFAULT_STEP: f32 = 1.2;

fn size_key(size: f32) -> u32 {
    (size * 2.0).round() as u32
}

impl LineSpacing {
    /// Per size, the smallest step (in steps of 0.05) seen at least twice
    /// and at least a quarter as often as the most frequent: the spacing
    /// inside paragraphs, not the larger gaps between them, even where
    /// one-line paragraphs outnumber wrapped lines.
    fn measure(raw: &[RawLine]) -> Self {
        use std::collections::BTreeMap;
        let mut counts: BTreeMap<u32, BTreeMap<u32, usize>> = BTreeMap::new();
        for p in raw.windows(2) {
            let (a, b) = (&p[0], &p[1]);
            let size = a.size.max(b.size).max(1.0);
            if a.dir != b.dir
                || size > SIZE_CHANGE * a.size.min(b.size)
                || has_column_gap(a)
                || has_column_gap(b)
            {
                continue;
            }
            let r = (b.rbase - a.rbase) / size;
            if (0.8..=3.0).contains(&r) {
                *counts
                    .entry(size_key(size))
                    .or_default()
                    .entry((r / 0.05).round() as u32)
                    .or_default() += 1;
            }
        }
        let by_size = counts
            .into_iter()
            .filter_map(|(size, steps)| {
                let most = steps.values().copied().max()?;
                let step = steps
                    .iter()
                    .find(|(_, &n)| n >= 2 && 4 * n >= most)
                    .map(|(k, _)| *k as f32 * 0.05)?;
                Some((size, step))
            })
            .collect();
        LineSpacing { by_size }
    }

    fn for_size(&self, size: f32) -> f32 {
        self.by_size
            .get(&size_key(size))
            .copied()
            .unwrap_or(DEFAULT_STEP)
    }
}

/// True when line `b` continues the paragraph that line `a` is in.
/// `bold` says whether each of them is set wholly in bold.
fn continues(a: &RawLine, b: &RawLine, bold: (bool, bool), spacing: &LineSpacing) -> bool {
    // A wholly bold line (a heading, a table's header row) stands apart,
    // and so does a line with a column gap (a table row).
    if a.dir != b.dir || bold.0 != bold.1 || has_column_gap(a) || has_column_gap(b) {
        return false;
    }
    let size = a.size.max(b.size).max(1.0);
    let step = (b.rbase - a.rbase) / size;
    let usual = spacing.for_size(size);
    if step <= 0.0 || step > (usual * PARAGRAPH_STEP).clamp(1.0, MAX_LINE_STEP) {
        return false;
    }
    if a.size.max(b.size) > SIZE_CHANGE * a.size.min(b.size) {
        return false;
    }
    if !(first_rx(b) < last_rx(a) && first_rx(a) < last_rx(b)) {
        return false;
    }
    // A list item starts a paragraph of its own once the line before it
    // has finished its sentence.
    let starts_item = b.words.first().is_some_and(|w| is_list_marker(&w.text));
    let sentence_done = a
        .words
        .last()
        .is_some_and(|w| w.text.ends_with(['.', '?', '!', ':', ';']));
    !(starts_item && sentence_done)
}

/// `1.`, `2)`, `(a)`, `iv.`, `Q3.`, `Q3`, or a bullet.
fn is_list_marker(word: &str) -> bool {
    if matches!(
        word,
        "\u{2022}" | "\u{25AA}" | "\u{27A2}" | "\u{00B7}" | "-" | "\u{2013}" | "*"
    ) {
        return true;
    }
    let closed = word.ends_with(['.', ')', ':']);
    let core = word
        .trim_start_matches('(')
        .trim_end_matches(['.', ')', ':']);
    let digits = |s: &str| !s.is_empty() && s.len() <= 3 && s.chars().all(|c| c.is_ascii_digit());
    if let Some(n) = core.strip_prefix(['Q', 'q']) {
        return digits(n);
    }
    let roman = !core.is_empty() && core.len() <= 4 && core.chars().all(|c| "ivx".contains(c));
    let letter = core.len() == 1 && core.chars().all(|c| c.is_ascii_alphabetic());
    closed && (digits(core) || roman || letter)
}

/// True when some gap between words on the line is wider than
/// [`COLUMN_GAP`] font sizes: prose never has one, table rows do. The gap
/// after a leading bullet or number (a hanging indent) does not count.
fn has_column_gap(l: &RawLine) -> bool {
    let skip = usize::from(l.words.first().is_some_and(|w| is_list_marker(&w.text)));
    l.words
        .windows(2)
        .skip(skip)
        .any(|p| p[1].rx0 - p[0].rx1 > COLUMN_GAP * l.size)
}

/// A font name that says bold (or heavier).
fn is_bold(font: &str) -> bool {
    let f = font.to_ascii_lowercase();
    ["bold", "black", "heavy", "demi"]
        .iter()
        .any(|k| f.contains(k))
        || [",b", "-b", "-bd"].iter().any(|k| f.ends_with(k))
}

/// The font size most of the page's text is set in.
fn body_size(words: &[Word]) -> f32 {
    let mut by_size: Vec<(f32, usize)> = Vec::new();
    for w in words {
        let n = w.text.chars().count();
        match by_size
            .iter_mut()
            .find(|(s, _)| (*s - w.font_size).abs() < 0.25)
        {
            Some(e) => e.1 += n,
            None => by_size.push((w.font_size, n)),
        }
    }
    by_size.into_iter().max_by_key(|e| e.1).map_or(0.0, |e| e.0)
}

/// Heading level of a paragraph of `lines`, judged by size against the
/// body text, or by being short and wholly bold in a page whose body is not.
fn heading_level(
    lines: &[TextLine],
    words: &[Word],
    text: &str,
    body: f32,
    body_bold: bool,
) -> Option<u8> {
    if lines.len() > 2 || text.chars().count() > 120 || text.ends_with([',', ';']) || body <= 0.0 {
        return None;
    }
    let ws: Vec<&Word> = lines
        .iter()
        .flat_map(|l| l.words.iter().filter_map(|&i| words.get(i)))
        .collect();
    if !ws.iter().any(|w| w.text.chars().any(char::is_alphabetic)) {
        return None;
    }
    let size = ws.iter().map(|w| w.font_size).fold(0.0, f32::max);
    let ratio = size / body;
    if ratio >= 1.5 {
        Some(1)
    } else if ratio >= 1.2 {
        Some(2)
    } else if ratio > 0.95 && !body_bold && ws.iter().all(|w| is_bold(&w.font)) {
        Some(3)
    } else {
        None
    }
}

pub(super) fn paragraphs(
    raw: &[RawLine],
    layout: &Layout,
    file: &str,
    page: u32,
) -> Vec<Paragraph> {
    let spacing = LineSpacing::measure(raw);
    let line_bold: Vec<bool> = layout
        .lines
        .iter()
        .map(|l| {
            l.words
                .iter()
                .all(|&i| layout.words.get(i).is_some_and(|w| is_bold(&w.font)))
        })
        .collect();
    let body = body_size(&layout.words);
    let body_words: Vec<&Word> = layout
        .words
        .iter()
        .filter(|w| (w.font_size - body).abs() < 0.25)
        .collect();
    let body_bold = body_words.iter().filter(|w| is_bold(&w.font)).count() * 2 > body_words.len();
    let mut out: Vec<Paragraph> = Vec::new();
    let mut start = 0;
    for i in 0..raw.len() {
        let ends = i + 1 == raw.len()
            || !continues(
                &raw[i],
                &raw[i + 1],
                (line_bold[i], line_bold[i + 1]),
                &spacing,
            );
        if !ends {
            continue;
        }
        let lines = &layout.lines[start..=i];
        let mut text = String::new();
        for line in lines {
            if !text.is_empty() && !text.ends_with('-') {
                text.push(' ');
            }
            text.push_str(&line.text);
        }
        let mut b = (f32::MAX, f32::MAX, f32::MIN, f32::MIN);
        for l in lines {
            b = (
                b.0.min(l.x0),
                b.1.min(l.top),
                b.2.max(l.x1),
                b.3.max(l.bottom),
            );
        }
        let heading = heading_level(lines, &layout.words, &text, body, body_bold);
        out.push(Paragraph {
            text,
            heading,
            prov: Prov {
                page: Some(page),
                bbox: Some([round2(b.0), round2(b.1), round2(b.2), round2(b.3)]),
                paragraph: Some(out.len() as u32),
                ..Prov::file(file)
            },
        });
        start = i + 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::pdf::lines::layout;
    use crate::read::pdf::words::{group_into_lines, tests::glyph};

    /// Glyphs for `text` starting at x on baseline y, 5 points per glyph.
    fn line(text: &str, x: f32, y: f32, size: f32) -> Vec<crate::read::pdf::glyphs::Glyph> {
        text.chars()
            .enumerate()
            .map(|(i, c)| glyph(&c.to_string(), x + 5.0 * i as f32, y, 5.0, size))
            .collect()
    }

    #[test]
    fn paragraphs_split_on_wide_gaps_and_size_changes() {
        let mut g = Vec::new();
        g.extend(line("Heading", 72.0, 80.0, 16.0));
        g.extend(line("Dear Sir, the", 72.0, 110.0, 10.0));
        g.extend(line("figures are", 72.0, 122.0, 10.0));
        g.extend(line("given below.", 72.0, 134.0, 10.0));
        g.extend(line("Yours faithfully", 72.0, 160.0, 10.0));
        let raw = group_into_lines(&g);
        let l = layout(raw, &["Arial".into()], "a.pdf", 2);
        let texts: Vec<&str> = l.paragraphs.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(
            texts,
            vec![
                "Heading",
                "Dear Sir, the figures are given below.",
                "Yours faithfully"
            ]
        );
        assert_eq!(l.paragraphs[0].heading, Some(1));
        assert_eq!(l.paragraphs[1].heading, None);
        let p = &l.paragraphs[1];
        assert_eq!(p.prov.page, Some(2));
        assert_eq!(p.prov.paragraph, Some(1));
        let bbox = p.prov.bbox.unwrap();
        assert_eq!(bbox[0], 72.0);
        assert!((bbox[1] - 102.0).abs() < 0.01 && (bbox[3] - 136.0).abs() < 0.01);
        assert_eq!(l.lines.len(), 5);
        assert_eq!(l.words[0].font, "Arial");
        assert_eq!(l.lines[1].words, vec![1, 2, 3]);
    }

    #[test]
    fn table_rows_and_list_items_are_paragraphs_of_their_own() {
        let mut g = line("You asked:", 72.0, 100.0, 10.0);
        g.extend(line("1. How many scans?", 72.0, 112.0, 10.0));
        g.extend(line("2. Of which", 72.0, 124.0, 10.0));
        g.extend(line("arrests?", 72.0, 136.0, 10.0));
        g.extend(line("Total", 72.0, 148.0, 10.0));
        g.extend(line("1,472", 200.0, 148.0, 10.0));
        g.extend(line("No more is held.", 72.0, 160.0, 10.0));
        // A bullet with a hanging indent, its text wrapping under itself.
        g.extend(line("\u{2022}", 72.0, 172.0, 10.0));
        g.extend(line("Scans are not", 100.0, 172.0, 10.0));
        g.extend(line("broken down.", 100.0, 184.0, 10.0));
        let l = layout(group_into_lines(&g), &["Arial".into()], "a.pdf", 1);
        let texts: Vec<&str> = l.paragraphs.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(
            texts,
            vec![
                "You asked:",
                "1. How many scans?",
                "2. Of which arrests?",
                "Total 1,472",
                "No more is held.",
                "\u{2022} Scans are not broken down."
            ]
        );
    }

    #[test]
    fn line_spacing_is_measured_per_size_from_wrapped_lines() {
        // Double-spaced body text (18 points at size 10) with footnotes
        // single-spaced at size 8, and one-line paragraphs 19 apart in a
        // letter whose wrapped lines step 12.
        let mut g = Vec::new();
        for (i, t) in ["Body one", "body two", "body three", "body four"]
            .iter()
            .enumerate()
        {
            g.extend(line(t, 72.0, 100.0 + 18.0 * i as f32, 10.0));
        }
        for (i, t) in ["Note one", "note two", "note three"].iter().enumerate() {
            g.extend(line(t, 72.0, 200.0 + 9.6 * i as f32, 8.0));
        }
        let l = layout(group_into_lines(&g), &["Times".into()], "a.pdf", 1);
        let texts: Vec<&str> = l.paragraphs.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(
            texts,
            vec![
                "Body one body two body three body four",
                "Note one note two note three"
            ]
        );

        let mut g = Vec::new();
        let mut y = 100.0;
        for t in ["Our Ref: 1", "Date: today", "Dear Sir,"] {
            g.extend(line(t, 72.0, y, 10.0));
            y += 19.0;
        }
        for t in ["I write about", "your request", "of May."] {
            g.extend(line(t, 72.0, y, 10.0));
            y += 12.0;
        }
        let l = layout(group_into_lines(&g), &["Times".into()], "a.pdf", 1);
        let texts: Vec<&str> = l.paragraphs.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(
            texts,
            vec![
                "Our Ref: 1",
                "Date: today",
                "Dear Sir,",
                "I write about your request of May."
            ]
        );
    }

    #[test]
    fn list_markers() {
        for m in [
            "1.", "12)", "(a)", "b)", "iv.", "Q3.", "Q3", "\u{2022}", "-",
        ] {
            assert!(is_list_marker(m), "{m}");
        }
        for m in ["2020", "I", "a", "The", "12", "Q", "(1", "1,204"] {
            assert!(!is_list_marker(m), "{m}");
        }
    }

    #[test]
    fn a_bold_line_is_a_heading_of_its_own() {
        let mut g = line("Response", 72.0, 100.0, 10.0);
        for x in &mut g {
            x.font = 1;
        }
        g.extend(line("The information is not held.", 72.0, 112.0, 10.0));
        g.extend(line("Please note the cost limit.", 72.0, 124.0, 10.0));
        let fonts = ["Arial".to_string(), "Arial,Bold".to_string()];
        let l = layout(group_into_lines(&g), &fonts, "a.pdf", 1);
        let got: Vec<(Option<u8>, &str)> = l
            .paragraphs
            .iter()
            .map(|p| (p.heading, p.text.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                (Some(3), "Response"),
                (
                    None,
                    "The information is not held. Please note the cost limit."
                )
            ]
        );
    }
}
