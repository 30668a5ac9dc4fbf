//! Glyphs to words, pdfplumber-style: drop glyphs drawn twice (fake bold),
//! cluster glyphs into text lines by baseline (per writing direction), then
//! split each line into words at spaces and at gaps wider than a fraction
//! of the font size.

use super::glyphs::Glyph;
use std::collections::HashMap;

/// A gap along the text wider than this fraction of the font size starts a
/// new word (poppler uses 0.1; letter-spaced text needs a little more).
pub const WORD_GAP: f32 = 0.17;
/// Glyphs whose baselines differ by less than this fraction of the font
/// size belong to the same line.
pub const LINE_TOLERANCE: f32 = 0.4;
/// The same glyph drawn again within this many points (capped at a quarter
/// of the font size) is a duplicate: fake bold or shadow.
const DUPLICATE_TOLERANCE: f32 = 1.0;

/// A word before it is placed in the page's lists.
#[derive(Debug, Clone, PartialEq)]
pub struct RawWord {
    pub text: String,
    pub x0: f32,
    pub top: f32,
    pub x1: f32,
    pub bottom: f32,
    pub size: f32,
    pub font: usize,
    /// Extent along the writing direction (reading frame).
    pub rx0: f32,
    pub rx1: f32,
}

/// Words sharing a baseline, left to right in reading order.
#[derive(Debug, Clone, PartialEq)]
pub struct RawLine {
    pub dir: u8,
    /// Baseline position across the writing direction (reading frame).
    pub rbase: f32,
    /// Largest font size on the line.
    pub size: f32,
    pub words: Vec<RawWord>,
}

/// Remove glyphs that repeat an earlier glyph at (almost) the same place.
/// Returns how many were removed.
pub fn dedupe(glyphs: &mut Vec<Glyph>) -> usize {
    let before = glyphs.len();
    let mut seen: HashMap<(u8, i64, i64), Vec<usize>> = HashMap::new();
    let mut keep = vec![true; glyphs.len()];
    for (i, g) in glyphs.iter().enumerate() {
        if g.is_space() {
            continue;
        }
        let tol = DUPLICATE_TOLERANCE.min(g.size / 4.0);
        let kx = (g.rx0 / DUPLICATE_TOLERANCE).floor() as i64;
        let ky = (g.rbase / DUPLICATE_TOLERANCE).floor() as i64;
        let mut duplicate = false;
        'search: for dx in -1..=1 {
            for dy in -1..=1 {
                if let Some(list) = seen.get(&(g.dir, kx + dx, ky + dy)) {
                    for &j in list {
                        let h = &glyphs[j];
                        if (h.rx0 - g.rx0).abs() <= tol
                            && (h.rbase - g.rbase).abs() <= tol
                            && h.text == g.text
                        {
                            duplicate = true;
                            break 'search;
                        }
                    }
                }
            }
        }
        if duplicate {
            keep[i] = false;
        } else {
            seen.entry((g.dir, kx, ky)).or_default().push(i);
        }
    }
    let mut k = keep.iter();
    glyphs.retain(|_| *k.next().unwrap_or(&true));
    before - glyphs.len()
}

/// Cluster glyphs into lines and lines into words.
pub fn group_into_lines(glyphs: &[Glyph]) -> Vec<RawLine> {
    let mut order: Vec<usize> = (0..glyphs.len()).collect();
    order.sort_by(|&a, &b| {
        let (ga, gb) = (&glyphs[a], &glyphs[b]);
        ga.dir
            .cmp(&gb.dir)
            .then(ga.rbase.total_cmp(&gb.rbase))
            .then(ga.rx0.total_cmp(&gb.rx0))
    });
    let mut clusters: Vec<Vec<usize>> = Vec::new();
    let mut base = 0f32;
    let mut size = 0f32;
    let mut dir = u8::MAX;
    for i in order {
        let g = &glyphs[i];
        let same_line = g.dir == dir && (g.rbase - base).abs() <= LINE_TOLERANCE * size.max(g.size);
        match clusters.last_mut() {
            Some(c) if same_line => {
                // Baselines can drift along a line (superscripts, bad
                // generators): follow the larger text.
                if g.size > size && !g.is_space() {
                    base = g.rbase;
                    size = g.size;
                }
                c.push(i);
            }
            _ => {
                clusters.push(vec![i]);
                base = g.rbase;
                size = g.size;
                dir = g.dir;
            }
        }
    }
    clusters
        .into_iter()
        .filter_map(|mut c| {
            c.sort_by(|&a, &b| glyphs[a].rx0.total_cmp(&glyphs[b].rx0));
            split_words(glyphs, &c)
        })
        .collect()
}

/// A glyph smaller than this fraction of the word's size...
const MARKER_SIZE: f32 = 0.85;
/// ...and raised or lowered by this fraction of it is a superscript or
/// subscript (a footnote marker glued to a number): it starts a word of its
/// own so `605¹` never reads as 6051.
const MARKER_SHIFT: f32 = 0.15;

fn shifted_smaller(g: &Glyph, word_size: f32, word_base: f32) -> bool {
    g.size < MARKER_SIZE * word_size && (g.rbase - word_base).abs() >= MARKER_SHIFT * word_size
}

/// Split one line's glyphs (sorted along the text) into words.
fn split_words(glyphs: &[Glyph], line: &[usize]) -> Option<RawLine> {
    let mut words: Vec<RawWord> = Vec::new();
    let mut current: Option<RawWord> = None;
    let mut line_size = 0f32;
    let mut base_sum = 0f64;
    let mut base_n = 0usize;
    let mut word_base = 0f32;
    for &i in line {
        let g = &glyphs[i];
        if g.is_space() {
            words.extend(current.take());
            continue;
        }
        line_size = line_size.max(g.size);
        base_sum += g.rbase as f64;
        base_n += 1;
        let joins = current.as_ref().is_some_and(|w| {
            let gap = g.rx0 - w.rx1;
            gap <= WORD_GAP * g.size.max(w.size) && !shifted_smaller(g, w.size, word_base)
        });
        if joins {
            if let Some(w) = current.as_mut() {
                w.text.push_str(&g.text);
                w.x0 = w.x0.min(g.x0);
                w.top = w.top.min(g.top);
                w.x1 = w.x1.max(g.x1);
                w.bottom = w.bottom.max(g.bottom);
                w.size = w.size.max(g.size);
                w.rx1 = w.rx1.max(g.rx1);
            }
        } else {
            words.extend(current.take());
            word_base = g.rbase;
            current = Some(RawWord {
                text: g.text.clone(),
                x0: g.x0,
                top: g.top,
                x1: g.x1,
                bottom: g.bottom,
                size: g.size,
                font: g.font,
                rx0: g.rx0,
                rx1: g.rx1,
            });
        }
    }
    words.extend(current);
    if words.is_empty() {
        return None;
    }
    let dir = glyphs[line[0]].dir;
    Some(RawLine {
        dir,
        rbase: (base_sum / base_n.max(1) as f64) as f32,
        size: line_size,
        words,
    })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A left-to-right glyph of `size` points at x, baseline y.
    pub fn glyph(text: &str, x: f32, y: f32, width: f32, size: f32) -> Glyph {
        Glyph {
            text: text.into(),
            x0: x,
            top: y - 0.8 * size,
            x1: x + width,
            bottom: y + 0.2 * size,
            size,
            font: 0,
            dir: 0,
            rx0: x,
            rx1: x + width,
            rbase: y,
        }
    }

    fn text_of(lines: &[RawLine]) -> Vec<Vec<String>> {
        lines
            .iter()
            .map(|l| l.words.iter().map(|w| w.text.clone()).collect())
            .collect()
    }

    #[test]
    fn words_split_on_spaces_and_gaps_lines_on_baselines() {
        let g = vec![
            glyph("N", 10.0, 100.0, 6.0, 10.0),
            glyph("o", 16.0, 100.2, 5.0, 10.0),
            glyph(" ", 21.0, 100.0, 2.5, 10.0),
            glyph("1", 23.5, 100.0, 5.0, 10.0),
            // A 3-point gap (0.3 em) with no space glyph: a new word.
            glyph("2", 31.5, 100.0, 5.0, 10.0),
            // Next line, drawn first.
            glyph("x", 10.0, 88.0, 5.0, 10.0),
        ];
        let lines = group_into_lines(&g);
        assert_eq!(
            text_of(&lines),
            vec![
                vec!["x".to_string()],
                vec!["No".into(), "1".into(), "2".into()]
            ]
        );
    }

    #[test]
    fn fake_bold_is_deduplicated() {
        let mut g = vec![
            glyph("B", 10.0, 50.0, 6.0, 10.0),
            glyph("B", 10.3, 50.0, 6.0, 10.0),
            glyph("e", 16.0, 50.0, 5.0, 10.0),
            glyph("e", 16.3, 50.1, 5.0, 10.0),
            // Same letter a glyph further on is real text.
            glyph("e", 21.0, 50.0, 5.0, 10.0),
        ];
        assert_eq!(dedupe(&mut g), 2);
        assert_eq!(
            text_of(&group_into_lines(&g)),
            vec![vec!["Bee".to_string()]]
        );
    }

    #[test]
    fn raised_smaller_marker_is_a_word_of_its_own() {
        let g = vec![
            glyph("6", 10.0, 100.0, 5.0, 10.0),
            glyph("0", 15.0, 100.0, 5.0, 10.0),
            glyph("5", 20.0, 100.0, 5.0, 10.0),
            // Superscript 1: 58% size, baseline raised by a third of an em.
            glyph("1", 25.0, 96.7, 3.0, 5.8),
            glyph(" ", 28.0, 100.0, 2.5, 10.0),
            // Small capitals share the baseline: one word.
            glyph("S", 31.0, 100.0, 6.0, 10.0),
            glyph("MALL", 37.0, 100.0, 20.0, 7.5),
        ];
        assert_eq!(
            text_of(&group_into_lines(&g)),
            vec![vec!["605".to_string(), "1".into(), "SMALL".into()]]
        );
    }
}
