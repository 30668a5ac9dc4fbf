//! The unshaded rows that open or close a striped table, next to its
//! first and last shaded band: up to a full-width rule near the band (Word
//! draws one over and under the header and under the last row), else the
//! text lines that keep to the bands' columns, lines close together making
//! one row.

use super::super::edges::Edge;
use super::super::fill::text_lines;
use super::super::grid::{centre, BBox};
use super::super::settings::TableSettings;
use super::{columns_filled, flows_over_columns, words_between};
use crate::doc::Word;

/// Most text lines looked at beyond a band.
const MAX_LINES: usize = 2_000;

/// What the unshaded rows at either end of a chain are measured against.
pub struct Ends<'a> {
    pub edges: &'a [f32],
    pub x0: f32,
    pub x1: f32,
    /// Farthest a row's text may stand from the band or row next to it.
    pub reach: f32,
    /// Tallest a row bounded by a rule may be.
    pub limit: f32,
    /// Most rows over the first band and under the last.
    pub max_above: usize,
    pub max_below: usize,
    pub lone: &'a [Edge],
    /// Other ruled grids: a line inside one is not this table's.
    pub others: &'a [BBox],
    pub words: &'a [&'a Word],
    pub s: &'a TableSettings,
}

impl Ends<'_> {
    /// The unshaded rows over (`up`) or under the band edge at `edge`, as
    /// `(top, bottom)`, nearest first.
    pub fn rows(&self, edge: f32, up: bool) -> Vec<(f32, f32)> {
        let tol = self.s.snap_tolerance;
        if (if up { self.max_above } else { self.max_below }) == 0 {
            return Vec::new();
        }
        // A full-width rule near the band closes the row next to it.
        let rule = self
            .lone
            .iter()
            .filter(|e| (e.lo - self.x0).abs() <= tol * 4.0 && (e.hi - self.x1).abs() <= tol * 4.0)
            .filter(|e| {
                let d = if up { edge - e.pos } else { e.pos - edge };
                d > tol && d <= self.limit
            })
            .min_by(|a, b| (a.pos - edge).abs().total_cmp(&(b.pos - edge).abs()));
        if let Some(r) = rule {
            let (top, bottom) = if up { (r.pos, edge) } else { (edge, r.pos) };
            let region = BBox {
                x0: self.x0,
                top,
                x1: self.x1,
                bottom,
            };
            return match words_between(self.words, &region, tol) {
                Some(ws) if !ws.is_empty() => vec![(top, bottom)],
                _ => Vec::new(),
            };
        }
        self.line_rows(edge, up)
    }

    /// Rows of text lines next to the band: lines close together make one
    /// row; a row must fill two columns or more and keep inside them.
    fn line_rows(&self, edge: f32, up: bool) -> Vec<(f32, f32)> {
        let tol = self.s.snap_tolerance;
        let max_rows = if up { self.max_above } else { self.max_below };
        let span = self.reach * (max_rows.min(MAX_LINES) as f32 + 1.0);
        let region = if up {
            BBox {
                x0: self.x0,
                top: edge - span,
                x1: self.x1,
                bottom: edge,
            }
        } else {
            BBox {
                x0: self.x0,
                top: edge,
                x1: self.x1,
                bottom: edge + span,
            }
        };
        // Words near the table that run out of its sides stop the rows
        // where they stand.
        let near: Vec<&Word> = self
            .words
            .iter()
            .copied()
            .filter(|w| {
                let (_, y) = centre(w);
                y > region.top && y < region.bottom && w.x1 > region.x0 && w.x0 < region.x1
            })
            .collect();
        let mut lines = text_lines(&near, self.s);
        if up {
            lines.reverse();
        }
        let top_of = |ln: &[&Word]| ln.iter().map(|w| w.top).fold(f32::MAX, f32::min);
        let bottom_of = |ln: &[&Word]| ln.iter().map(|w| w.bottom).fold(f32::MIN, f32::max);
        // Distance from `from` (a line or the band) outwards to a line.
        let away = |from: f32, ln: &[&Word]| {
            if up {
                from - bottom_of(ln)
            } else {
                top_of(ln) - from
            }
        };
        let outer_side = |ln: &[&Word]| if up { top_of(ln) } else { bottom_of(ln) };
        let mut blocks: Vec<Vec<&Word>> = Vec::new();
        let mut boundary = edge;
        let mut prev: Option<(f32, f32)> = None; // outer side and height of the last line
        for ln in &lines {
            let sticks_out = ln
                .iter()
                .any(|w| w.x0 < self.x0 - tol || w.x1 > self.x1 + tol);
            let elsewhere = ln.iter().any(|w| {
                let (x, y) = centre(w);
                self.others.iter().any(|b| b.contains_point(x, y))
            });
            if sticks_out || elsewhere || flows_over_columns(ln, self.edges, self.s) {
                break;
            }
            let height = bottom_of(ln) - top_of(ln);
            let tight = prev.is_some_and(|(side, h)| {
                away(side, ln) <= self.s.stripe_line_gap_ratio * h.min(height)
            });
            if tight {
                if let Some(b) = blocks.last_mut() {
                    b.extend(ln.iter().copied());
                }
            } else {
                if let Some(b) = blocks.last() {
                    boundary = outer_side(b);
                }
                if blocks.len() == max_rows || away(boundary, ln) > self.reach {
                    break;
                }
                blocks.push(ln.clone());
            }
            prev = Some((outer_side(ln), height));
        }
        // A row fills two columns or more; the first that does not ends
        // the rows.
        let good = blocks
            .iter()
            .take_while(|b| columns_filled(b, self.edges) >= 2)
            .count();
        blocks.truncate(good);
        // Rows meet halfway between their texts; the last one ends as far
        // beyond its text as the first begins before its own.
        let pad = blocks
            .first()
            .map_or(0.0, |b| away(edge, b))
            .clamp(0.0, self.reach);
        let mut out = Vec::new();
        let mut from = edge;
        for (k, b) in blocks.iter().enumerate() {
            let (t, bt) = (top_of(b), bottom_of(b));
            let to = match blocks.get(k + 1) {
                Some(next) if up => (t + bottom_of(next)) / 2.0,
                Some(next) => (bt + top_of(next)) / 2.0,
                None if up => t - pad,
                None => bt + pad,
            };
            out.push(if up { (to, from) } else { (from, to) });
            from = to;
        }
        out
    }
}
