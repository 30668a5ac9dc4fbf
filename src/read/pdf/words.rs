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
    const NONE: usize = usize::MAX;
    let before = glyphs.len();
    // Kept glyphs by grid cell of DUPLICATE_TOLERANCE: the first in `head`,
    // the rest chained through `next` (no list allocated per cell).
    let mut head: HashMap<(u8, i64, i64), usize, foldhash::fast::FixedState> =
        HashMap::with_capacity_and_hasher(glyphs.len(), Default::default());
    let mut next = vec![NONE; glyphs.len()];
    let mut keep = vec![true; glyphs.len()];
    for (i, g) in glyphs.iter().enumerate() {
        if g.is_space() {
            continue;
        }
        let tol = DUPLICATE_TOLERANCE.min(g.size / 4.0);
        let kx = (g.rx0 / DUPLICATE_TOLERANCE).floor() as i64;
        let ky = (g.rbase / DUPLICATE_TOLERANCE).floor() as i64;
        let duplicate = (-1..=1)
            .flat_map(|dx| (-1..=1).map(move |dy| (g.dir, kx + dx, ky + dy)))
            .any(|key| {
                let mut j = head.get(&key).copied().unwrap_or(NONE);
                while j != NONE {
                    let h = &glyphs[j];
                    if (h.rx0 - g.rx0).abs() <= tol
                        && (h.rbase - g.rbase).abs() <= tol
                        && h.text == g.text
                    {
                        return true;
                    }
                    j = next[j];
                }
                false
            });
        if duplicate {
            keep[i] = false;
        } else if let Some(first) = head.insert((g.dir, kx, ky), i) {
            next[i] = first;
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
    let mut clusters: Vec<Cluster> = Vec::new();
    for i in order {
        let g = &glyphs[i];
        match clusters.last_mut() {
            Some(c)
                if g.dir == c.dir
                    && (g.rbase - c.base).abs() <= LINE_TOLERANCE * c.size.max(g.size) =>
            {
                // Baselines can drift along a line (bad generators): follow
                // the larger text.
                if g.size > c.size && !g.is_space() {
                    c.base = g.rbase;
                    c.size = g.size;
                }
                c.add(g, i);
            }
            _ => {
                let mut c = Cluster {
                    members: Vec::new(),
                    dir: g.dir,
                    base: g.rbase,
                    size: g.size,
                    r0: f32::MAX,
                    r1: f32::MIN,
                };
                c.add(g, i);
                clusters.push(c);
            }
        }
    }
    merge_scripts(&mut clusters);
    clusters
        .into_iter()
        .filter_map(|mut c| {
            c.members
                .sort_by(|&a, &b| glyphs[a].rx0.total_cmp(&glyphs[b].rx0));
            split_words(glyphs, &c.members)
        })
        .collect()
}

/// Glyphs on one baseline, being gathered.
struct Cluster {
    members: Vec<usize>,
    dir: u8,
    base: f32,
    size: f32,
    /// Extent along the text.
    r0: f32,
    r1: f32,
}

impl Cluster {
    fn add(&mut self, g: &Glyph, i: usize) {
        self.members.push(i);
        self.r0 = self.r0.min(g.rx0);
        self.r1 = self.r1.max(g.rx1);
    }

    /// True when `small` is set in smaller type within this line's extent,
    /// with its baseline raised by at most `rise` or lowered by at most
    /// `drop` (font sizes of this line): a superscript or subscript.
    fn takes_script(&self, small: &Cluster, rise: f32, drop: f32) -> bool {
        let offset = small.base - self.base;
        small.dir == self.dir
            && small.size * SCRIPT_SIZE <= self.size
            && (-rise * self.size..=drop * self.size).contains(&offset)
            && small.r0 >= self.r0 - self.size
            && small.r1 <= self.r1 + self.size
    }
}

/// A script's font is smaller than its line's by at least this ratio.
/// CSS `font-size: smaller` (Chromium's `<sup>`) is 1/1.2, rounded to a
/// pixel fraction (14.66 px to 12.22 px, ratio 1.1997): the bound sits a
/// little below 1.2 so such a marker still counts.
const SCRIPT_SIZE: f32 = 1.15;
/// ... and its baseline is shifted by more than this many font sizes.
const SCRIPT_SHIFT: f32 = 0.15;

/// Move superscript and subscript clusters (footnote markers, "m2") into
/// the line they belong to, so they do not split a paragraph.
fn merge_scripts(clusters: &mut Vec<Cluster>) {
    let mut i = 0;
    while i + 1 < clusters.len() {
        let (head, tail) = clusters.split_at_mut(i + 1);
        let (a, b) = (&mut head[i], &mut tail[0]);
        if b.takes_script(a, 0.6, 0.0) {
            // a is a superscript of the next line.
            let members = std::mem::take(&mut a.members);
            b.members.extend(members);
            b.r0 = b.r0.min(a.r0);
            b.r1 = b.r1.max(a.r1);
            clusters.remove(i);
        } else if a.takes_script(b, 0.0, 0.35) {
            let members = std::mem::take(&mut b.members);
            a.members.extend(members);
            a.r0 = a.r0.min(b.r0);
            a.r1 = a.r1.max(b.r1);
            clusters.remove(i + 1);
        } else {
            i += 1;
        }
    }
}

/// Split one line's glyphs (sorted along the text) into words.
fn split_words(glyphs: &[Glyph], line: &[usize]) -> Option<RawLine> {
    let mut words: Vec<RawWord> = Vec::new();
    let mut current: Option<RawWord> = None;
    let mut line_size = 0f32;
    // Size and baseline of the previous visible glyph.
    let mut prev: Option<(f32, f32)> = None;
    for &i in line {
        let g = &glyphs[i];
        if g.is_space() {
            words.extend(current.take());
            continue;
        }
        line_size = line_size.max(g.size);
        // A superscript or subscript (smaller and raised or lowered against
        // the glyph before) is a word of its own, as poppler has it, so a
        // footnote marker never glues onto a number. Small capitals share
        // the baseline and stay in their word.
        let script = prev.is_some_and(|(size, base): (f32, f32)| {
            let big = size.max(g.size);
            big >= SCRIPT_SIZE * size.min(g.size) && (g.rbase - base).abs() > SCRIPT_SHIFT * big
        });
        prev = Some((g.size, g.rbase));
        let joins = !script
            && current.as_ref().is_some_and(|w| {
                let gap = g.rx0 - w.rx1;
                gap <= WORD_GAP * g.size.max(w.size)
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
    // The baseline of the line's main text, not of its scripts.
    let main: Vec<f32> = line
        .iter()
        .map(|&i| &glyphs[i])
        .filter(|g| !g.is_space() && g.size * SCRIPT_SIZE > line_size)
        .map(|g| g.rbase)
        .collect();
    let dir = glyphs[line[0]].dir;
    Some(RawLine {
        dir,
        rbase: main.iter().sum::<f32>() / main.len().max(1) as f32,
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
    fn superscripts_join_their_line_as_words_of_their_own() {
        let g = vec![
            glyph("6", 10.0, 100.0, 5.0, 10.0),
            glyph("0", 15.0, 100.0, 5.0, 10.0),
            glyph("5", 20.0, 100.0, 5.0, 10.0),
            // A footnote marker raised 0.5 em: beyond the line tolerance.
            glyph("1", 25.2, 95.0, 3.0, 6.0),
            glyph("s", 40.0, 100.0, 5.0, 10.0),
            // Small capitals on the same baseline stay in their word.
            glyph("T", 60.0, 100.0, 6.0, 10.0),
            glyph("O", 66.0, 100.0, 5.0, 8.0),
            glyph("P", 71.0, 100.0, 5.0, 8.0),
            // m2: a raised 2 right after the m.
            glyph("m", 90.0, 100.0, 7.0, 10.0),
            glyph("2", 97.0, 96.5, 3.0, 6.0),
            // Chromium's <sup>: 14.66 px text, 12.22 px marker raised.
            glyph("D", 120.0, 100.0, 7.0, 10.0),
            glyph(".", 127.0, 100.0, 2.5, 10.0),
            glyph("7", 129.5, 97.0, 4.2, 8.336),
        ];
        let lines = group_into_lines(&g);
        assert_eq!(
            text_of(&lines),
            vec![vec![
                "605".to_string(),
                "1".into(),
                "s".into(),
                "TOP".into(),
                "m".into(),
                "2".into(),
                "D.".into(),
                "7".into()
            ]]
        );
        // The line's baseline is its main text's.
        assert!((lines[0].rbase - 100.0).abs() < 0.01);
    }
}
