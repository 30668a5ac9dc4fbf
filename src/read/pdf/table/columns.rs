//! Columns of a table drawn without column rules: the x ranges the chunks
//! of the body's lines cover, and where the gap between two neighbouring
//! ranges is divided between them.
//!
//! The ranges come from the body, not the header: a header word set
//! left in its cell over figures set right stands in the gap before the
//! figures, and counting it would make a column of its own (an empty
//! column between header and figures) or join two headers into one. Where
//! the gap is divided follows the alignment of the column to its right:
//! figures set right leave the gap to their own header, text set left
//! leaves it to the column before, anything else is cut in the middle.

use super::settings::TableSettings;
use super::stream::{span, Line};
use crate::doc::Word;

/// Column ranges and the cuts between them.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Columns {
    /// x ranges the body's chunks cover, left to right.
    pub ranges: Vec<(f32, f32)>,
    /// `ranges.len() - 1` x positions dividing the gaps between ranges.
    pub cuts: Vec<f32>,
}

/// How the chunks of one column line up.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Align {
    Left,
    Right,
    /// Neither edge lines up (centred, or too few chunks to tell).
    Centre,
}

impl Columns {
    pub fn len(&self) -> usize {
        self.ranges.len()
    }

    /// Columns `[first, last]` a chunk from `x0` to `x1` stands in: the
    /// ranges it overlaps; in a gap, the column whose share of the page
    /// (range plus its part of the gaps) it overlaps most.
    pub fn of(&self, x0: f32, x1: f32) -> (usize, usize) {
        let hit: Vec<usize> = (0..self.ranges.len())
            .filter(|&k| x1 > self.ranges[k].0 && x0 < self.ranges[k].1)
            .collect();
        if let (Some(&a), Some(&b)) = (hit.first(), hit.last()) {
            return (a, b);
        }
        let share = |k: usize| {
            let lo = if k == 0 { f32::MIN } else { self.cuts[k - 1] };
            let hi = self.cuts.get(k).copied().unwrap_or(f32::MAX);
            x1.min(hi) - x0.max(lo)
        };
        let k = (0..self.ranges.len())
            .max_by(|&a, &b| share(a).total_cmp(&share(b)))
            .unwrap_or(0);
        (k, k)
    }
}

/// The columns of `lines`, whose first `header` lines are a header: the
/// ranges come from the rest when at least two of those have two or more
/// chunks, else from all lines.
pub fn columns(lines: &[&Line], header: usize, s: &TableSettings) -> Columns {
    let body = lines.get(header..).unwrap_or_default();
    let body_multi = body.iter().filter(|l| l.chunks.len() >= 2).count();
    let body = if body_multi >= 2 { body } else { lines };
    let ranges = ranges(body, s);
    let cuts: Vec<f32> = ranges
        .windows(2)
        .enumerate()
        .map(|(k, pair)| {
            let (left, right) = (pair[0], pair[1]);
            match alignment(body, &ranges, k + 1, s) {
                Align::Right => left.1,
                Align::Left => right.0,
                Align::Centre => (left.1 + right.0) / 2.0,
            }
        })
        .collect();
    Columns { ranges, cuts }
}

/// Column x ranges: where the chunks of multi-chunk lines stand, ignoring
/// crossings by a few lines.
fn ranges(lines: &[&Line], s: &TableSettings) -> Vec<(f32, f32)> {
    let multi: Vec<&&Line> = lines.iter().filter(|l| l.chunks.len() >= 2).collect();
    let allowed = (s.column_bridge_ratio * multi.len() as f32).floor() as i32;
    let mut events: Vec<(f32, i32)> = Vec::new();
    for l in &multi {
        for c in &l.chunks {
            let (a, b) = span(c);
            events.push((a, 1));
            events.push((b, -1));
        }
    }
    events.sort_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)));
    let mut cols = Vec::new();
    let mut depth = 0;
    let mut start = None;
    for (x, d) in events {
        depth += d;
        if depth > allowed && start.is_none() {
            start = Some(x);
        } else if depth <= allowed {
            if let Some(a) = start.take() {
                cols.push((a, x));
            }
        }
    }
    cols
}

/// How the chunks standing in column `k` alone line up: an edge lines up
/// when `column_align_ratio` of them are within `column_align_tolerance`
/// of its median. When both edges do (all of one width), text counts as
/// set left and anything else (figures, `*` and `-` for suppressed or
/// nil values) as set right, as documents set them.
fn alignment(lines: &[&Line], ranges: &[(f32, f32)], k: usize, s: &TableSettings) -> Align {
    let Some(&(lo, hi)) = ranges.get(k) else {
        return Align::Centre;
    };
    let mut x0s = Vec::new();
    let mut x1s = Vec::new();
    let mut words = 0;
    for chunk in lines
        .iter()
        .filter(|l| l.chunks.len() >= 2)
        .flat_map(|l| l.chunks.iter())
    {
        let (a, b) = span(chunk);
        let inside = b > lo && a < hi;
        let alone = ranges
            .iter()
            .enumerate()
            .all(|(j, r)| j == k || !(b > r.0 && a < r.1));
        if inside && alone {
            x0s.push(a);
            x1s.push(b);
            words += usize::from(is_wordish(chunk));
        }
    }
    if x0s.len() < 2 {
        return Align::Centre;
    }
    let lined_up = |xs: &[f32]| {
        let m = super::grid::median(xs.to_vec());
        let near = xs
            .iter()
            .filter(|x| (*x - m).abs() <= s.column_align_tolerance)
            .count();
        near as f32 >= s.column_align_ratio * xs.len() as f32
    };
    match (lined_up(&x0s), lined_up(&x1s)) {
        (true, false) => Align::Left,
        (false, true) => Align::Right,
        (true, true) if words * 2 > x0s.len() => Align::Left,
        (true, true) => Align::Right,
        (false, false) => Align::Centre,
    }
}

/// Mostly letters: text, not a figure or a sign.
fn is_wordish(chunk: &[&Word]) -> bool {
    let letters = chunk
        .iter()
        .flat_map(|w| w.text.chars())
        .filter(|c| c.is_alphabetic())
        .count();
    let all = chunk.iter().map(|w| w.text.chars().count()).sum::<usize>();
    letters * 2 > all
}

#[cfg(test)]
mod tests {
    use super::*;

    use super::super::tests::word;

    /// Lines of one word per chunk, 20 pt apart.
    fn lines(rows: &[Vec<Word>]) -> Vec<Line<'_>> {
        rows.iter()
            .map(|ws| Line {
                chunks: ws.iter().map(|w| vec![w]).collect(),
                top: ws[0].top,
                bottom: ws[0].bottom,
                size: 10.0,
            })
            .collect()
    }

    /// A table of a name column and one more column whose cells are
    /// `cells`, placed by `at(text, y)`; a header line "Name Head" first
    /// with "Head" at x 120.
    fn two_columns(cells: &[&str], at: impl Fn(&str, f32) -> Word) -> Columns {
        let mut rows = vec![vec![word("Name", 50.0, 100.0), word("Head", 120.0, 100.0)]];
        for (i, c) in cells.iter().enumerate() {
            let y = 120.0 + 20.0 * i as f32;
            rows.push(vec![word("Kent", 50.0, y), at(c, y)]);
        }
        let ls = lines(&rows);
        let refs: Vec<&Line> = ls.iter().collect();
        columns(&refs, 1, &TableSettings::default())
    }

    #[test]
    fn the_gap_goes_to_figures_set_right_and_to_the_column_before_text_set_left() {
        let right = |t: &str, y: f32| word(t, 300.0 - 5.0 * t.chars().count() as f32, y);
        let left = |t: &str, y: f32| word(t, 200.0, y);
        // Figures set right: the cut is where the names end.
        let c = two_columns(&["3", "1,209", "58"], right);
        assert_eq!(c.ranges, vec![(50.0, 70.0), (275.0, 300.0)]);
        assert_eq!(c.cuts, vec![70.0]);
        assert_eq!(c.of(120.0, 140.0), (1, 1));
        // Text set left: the cut is where the text starts.
        let c = two_columns(&["Arrest", "No action", "Caution"], left);
        assert_eq!(c.cuts, vec![200.0]);
        // All of one width: figures count as set right, text as set left.
        let c = two_columns(&["113", "205", "398"], left);
        assert_eq!(c.cuts, vec![70.0]);
        let c = two_columns(&["Yes", "Nil", "Yes"], left);
        assert_eq!(c.cuts, vec![200.0]);
        // Neither edge lines up (centred): the middle of the gap.
        let centred = |t: &str, y: f32| word(t, 250.0 - 2.5 * t.chars().count() as f32, y);
        let c = two_columns(&["3", "1,209", "58"], centred);
        assert_eq!(c.cuts, vec![(70.0 + 237.5) / 2.0]);
    }

    #[test]
    fn header_lines_make_no_column_of_their_own() {
        let right = |t: &str, y: f32| word(t, 300.0 - 5.0 * t.chars().count() as f32, y);
        // Three body lines: a header alone would make its own column.
        let c = two_columns(&["3", "1,209", "58"], right);
        assert_eq!(c.len(), 2);
    }

    #[test]
    fn a_chunk_in_a_gap_goes_to_the_column_whose_share_it_overlaps_most() {
        let c = Columns {
            ranges: vec![(50.0, 100.0), (230.0, 250.0), (330.0, 350.0)],
            cuts: vec![100.0, 250.0],
        };
        // Left-set headers over right-set figures: in the gap before them.
        assert_eq!(c.of(160.0, 207.0), (1, 1));
        assert_eq!(c.of(257.0, 316.0), (2, 2));
        // Overlapping a range wins.
        assert_eq!(c.of(90.0, 120.0), (0, 0));
        assert_eq!(c.of(0.0, 20.0), (0, 0));
        assert_eq!(c.of(400.0, 420.0), (2, 2));
    }
}
