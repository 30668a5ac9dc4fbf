//! Filling cells with words: each word goes to the cell holding its centre;
//! a cell's words become text line by line; footnote markers (smaller or
//! raised words, superscript digits, `N.D.27`-style glued numbers) are split
//! off into notes so a value never absorbs them.

use super::grid::{centre, BBox, GridCell};
use super::settings::TableSettings;
use crate::doc::Word;
use std::sync::LazyLock;

/// Where a cell stands before it is filled.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CellRect {
    pub row: usize,
    pub col: usize,
    pub rows: usize,
    pub cols: usize,
    pub bbox: BBox,
}

/// Put each word into the cell that holds its centre and compose the cell
/// texts. Returns the filled cells and the indices (into `words`) used.
pub fn fill(
    rects: &[CellRect],
    words: &[Word],
    page: u32,
    s: &TableSettings,
) -> (Vec<GridCell>, Vec<usize>) {
    let mut per_cell: Vec<Vec<&Word>> = vec![Vec::new(); rects.len()];
    let mut used = Vec::new();
    for (i, w) in words.iter().enumerate() {
        let (x, y) = centre(w);
        if let Some(k) = rects.iter().position(|r| r.bbox.contains_point(x, y)) {
            per_cell[k].push(w);
            used.push(i);
        }
    }
    let cells = rects
        .iter()
        .zip(per_cell)
        .map(|(r, ws)| {
            let (text, notes, bbox) = compose(&ws, s);
            GridCell {
                row: r.row,
                col: r.col,
                rows: r.rows,
                cols: r.cols,
                text,
                notes,
                bbox: bbox.unwrap_or(r.bbox),
                page,
            }
        })
        .collect();
    (cells, used)
}

/// Group words into text lines (top to bottom, each left to right).
pub fn text_lines<'a>(words: &[&'a Word], s: &TableSettings) -> Vec<Vec<&'a Word>> {
    let mut sorted: Vec<&Word> = words.to_vec();
    sorted.sort_by(|a, b| a.top.total_cmp(&b.top).then(a.x0.total_cmp(&b.x0)));
    let mut lines: Vec<(f32, f32, Vec<&Word>)> = Vec::new();
    for w in sorted {
        let h = (w.bottom - w.top).max(0.1);
        let joined = lines.iter_mut().rev().take(3).find(|(top, bottom, _)| {
            let overlap = w.bottom.min(*bottom) - w.top.max(*top);
            overlap >= s.line_overlap_ratio * h.min(*bottom - *top)
        });
        match joined {
            Some((top, bottom, ws)) => {
                // A raised marker must not stretch the line upwards.
                if w.bottom - w.top >= (*bottom - *top) * 0.8 {
                    *top = top.min(w.top);
                    *bottom = bottom.max(w.bottom);
                }
                ws.push(w);
            }
            None => lines.push((w.top, w.bottom, vec![w])),
        }
    }
    lines
        .into_iter()
        .map(|(_, _, mut ws)| {
            ws.sort_by(|a, b| a.x0.total_cmp(&b.x0));
            ws
        })
        .collect()
}

/// Text, notes and box of a cell's words.
pub fn compose(words: &[&Word], s: &TableSettings) -> (String, Vec<String>, Option<BBox>) {
    if words.is_empty() {
        return (String::new(), Vec::new(), None);
    }
    let main_size = words.iter().map(|w| w.font_size).fold(0.0f32, f32::max);
    let mut text = String::new();
    let mut notes = Vec::new();
    let mut bbox: Option<BBox> = None;
    let lines = text_lines(words, s);
    let total_words = words.len();
    for line in lines {
        let baseline = line
            .iter()
            .filter(|w| w.font_size >= main_size * s.note_size_ratio)
            .map(|w| w.bottom)
            .fold(f32::MIN, f32::max);
        let mut line_text = String::new();
        for (k, w) in line.iter().enumerate() {
            let b = BBox::of_word(w);
            bbox = Some(bbox.map_or(b, |x| x.union(b)));
            // Closer than a tenth of an em: one word drawn in two pieces.
            let glued = k > 0 && w.x0 - line[k - 1].x1 < 0.12 * main_size.max(1.0);
            let small = w.font_size > 0.0 && w.font_size <= main_size * s.note_size_ratio;
            let raised = baseline > f32::MIN && baseline - w.bottom >= s.note_raise_em * main_size;
            // A lowered small word is a subscript (CO2), not a marker.
            let lowered = baseline > f32::MIN && w.bottom - baseline >= 0.1 * main_size;
            let short = w.text.chars().count() <= s.note_max_chars as usize;
            if total_words > 1 && short && k > 0 && glued && (raised || (small && !lowered)) {
                notes.push(w.text.clone());
                continue;
            }
            let (value, note) = split_glued_marker(&w.text);
            if let Some(n) = note {
                notes.push(n);
            }
            if !line_text.is_empty() && !glued {
                line_text.push(' ');
            }
            line_text.push_str(value);
        }
        if line_text.is_empty() {
            continue;
        }
        if !text.is_empty() && !text.ends_with('-') {
            text.push(' ');
        }
        text.push_str(&line_text);
    }
    (text, notes, bbox)
}

static GLUED_AFTER_ABBREVIATION: LazyLock<regex::Regex> = LazyLock::new(|| {
    // `N.D.27`, `n/a3`: an abbreviation made of letters and dots (or a
    // slash) followed by a one- or two-digit marker.
    regex::Regex::new(r"^((?:[A-Za-z]\.){1,4}|[A-Za-z]/[A-Za-z]\.?)(\d{1,2})$")
        .expect("static regex")
});

/// Split a footnote marker glued to the end of a word: superscript digits
/// (`605¹`) or digits after an abbreviation (`N.D.27`). Returns the value
/// and the marker.
pub fn split_glued_marker(text: &str) -> (&str, Option<String>) {
    let trimmed = text.trim_end_matches(is_superscript);
    if trimmed.len() < text.len() && !trimmed.is_empty() {
        let marker: String = text[trimmed.len()..]
            .chars()
            .map(from_superscript)
            .collect();
        return (trimmed, Some(marker));
    }
    if let Some(c) = GLUED_AFTER_ABBREVIATION.captures(text) {
        if let (Some(v), Some(n)) = (c.get(1), c.get(2)) {
            return (&text[..v.end()], Some(n.as_str().to_string()));
        }
    }
    (text, None)
}

fn is_superscript(c: char) -> bool {
    matches!(
        c,
        '¹' | '²' | '³' | '⁰' | '⁴' | '⁵' | '⁶' | '⁷' | '⁸' | '⁹' | '*' | '†' | '‡'
    )
}

fn from_superscript(c: char) -> char {
    match c {
        '¹' => '1',
        '²' => '2',
        '³' => '3',
        '⁰' => '0',
        '⁴' => '4',
        '⁵' => '5',
        '⁶' => '6',
        '⁷' => '7',
        '⁸' => '8',
        '⁹' => '9',
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub fn word(text: &str, x0: f32, top: f32, size: f32) -> Word {
        Word {
            text: text.into(),
            x0,
            top,
            x1: x0 + text.chars().count() as f32 * size * 0.5,
            bottom: top + size,
            font_size: size,
            font: "F".into(),
            dir: 0,
        }
    }

    #[test]
    fn glued_markers_split() {
        assert_eq!(split_glued_marker("605¹"), ("605", Some("1".into())));
        assert_eq!(split_glued_marker("N.D.27"), ("N.D.", Some("27".into())));
        assert_eq!(split_glued_marker("1,209"), ("1,209", None));
        assert_eq!(split_glued_marker("¹"), ("¹", None));
        assert_eq!(split_glued_marker("2019"), ("2019", None));
    }

    #[test]
    fn small_raised_word_is_a_note() {
        let s = TableSettings::default();
        let a = word("605", 10.0, 100.0, 10.0);
        let mut m = word("1", a.x1 + 0.2, 98.0, 6.0);
        m.bottom = 104.0;
        let (text, notes, _) = compose(&[&a, &m], &s);
        assert_eq!(text, "605");
        assert_eq!(notes, vec!["1".to_string()]);
    }

    #[test]
    fn wrapped_lines_are_joined() {
        let s = TableSettings::default();
        let a = word("to", 10.0, 100.0, 10.0);
        let b = word("air", 25.0, 100.0, 10.0);
        let c = word("kg/year", 10.0, 112.0, 10.0);
        let (text, notes, bbox) = compose(&[&c, &b, &a], &s);
        assert_eq!(text, "to air kg/year");
        assert!(notes.is_empty());
        assert_eq!(bbox.unwrap().top, 100.0);
    }
}
