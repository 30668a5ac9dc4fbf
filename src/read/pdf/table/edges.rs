//! Ruling edges: horizontal and vertical rules taken from the page's
//! segments and rectangles, snapped (near-parallel rules become one) and
//! joined (collinear pieces become one), then grouped into connected sets
//! that each may be a ruled table.

use super::settings::TableSettings;
use crate::doc::{Page, Rect};

/// A horizontal (`pos` = y, extent in x) or vertical (`pos` = x, extent in
/// y) rule.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Edge {
    pub pos: f32,
    pub lo: f32,
    pub hi: f32,
}

impl Edge {
    pub fn len(&self) -> f32 {
        self.hi - self.lo
    }
}

/// The page's rules, split by orientation, snapped and joined.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Edges {
    pub h: Vec<Edge>,
    pub v: Vec<Edge>,
}

/// Collect, snap and join the page's rules.
pub fn page_edges(page: &Page, s: &TableSettings) -> Edges {
    let mut h = Vec::new();
    let mut v = Vec::new();
    for seg in &page.segments {
        let vals = [seg.x0, seg.y0, seg.x1, seg.y1];
        if vals.iter().any(|x| !x.is_finite()) {
            continue;
        }
        if (seg.y1 - seg.y0).abs() <= s.axis_tolerance {
            h.push(edge((seg.y0 + seg.y1) / 2.0, seg.x0, seg.x1));
        } else if (seg.x1 - seg.x0).abs() <= s.axis_tolerance {
            v.push(edge((seg.x0 + seg.x1) / 2.0, seg.y0, seg.y1));
        }
    }
    let hidden = hidden_fills(&page.rects);
    for (k, r) in page.rects.iter().enumerate() {
        let vals = [r.x0, r.top, r.x1, r.bottom];
        if vals.iter().any(|x| !x.is_finite()) || !(r.stroked || r.filled) || hidden[k] {
            continue;
        }
        let (x0, x1) = (r.x0.min(r.x1), r.x0.max(r.x1));
        let (top, bottom) = (r.top.min(r.bottom), r.top.max(r.bottom));
        let (w, ht) = (x1 - x0, bottom - top);
        if ht <= s.rule_max_thickness && w > ht {
            h.push(edge((top + bottom) / 2.0, x0, x1));
        } else if w <= s.rule_max_thickness && ht > w {
            v.push(edge((x0 + x1) / 2.0, top, bottom));
        } else if r.stroked || s.use_fill_edges {
            h.push(edge(top, x0, x1));
            h.push(edge(bottom, x0, x1));
            v.push(edge(x0, top, bottom));
            v.push(edge(x1, top, bottom));
        }
    }
    Edges {
        h: snap_and_join(h, s),
        v: snap_and_join(v, s),
    }
}

/// Most rectangles compared pairwise when looking for hidden fills.
const MAX_FILLS_COMPARED: usize = 3_000;

/// Filled, unstroked rectangles lying inside another fill of the same
/// colour: their sides cannot be seen (a text line's background inside its
/// cell's background), so they are no rules.
fn hidden_fills(rects: &[Rect]) -> Vec<bool> {
    let mut hidden = vec![false; rects.len()];
    if rects.len() > MAX_FILLS_COMPARED {
        return hidden;
    }
    let tol = 0.5;
    for (i, a) in rects.iter().enumerate() {
        if a.stroked || !a.filled {
            continue;
        }
        hidden[i] = rects.iter().enumerate().any(|(j, b)| {
            j != i
                && b.filled
                && b.fill == a.fill
                && b.x0 <= a.x0 + tol
                && b.top <= a.top + tol
                && b.x1 >= a.x1 - tol
                && b.bottom >= a.bottom - tol
                // Of two identical boxes, hide only the later one.
                && !(j > i
                    && (b.x0 - a.x0).abs() <= tol
                    && (b.top - a.top).abs() <= tol
                    && (b.x1 - a.x1).abs() <= tol
                    && (b.bottom - a.bottom).abs() <= tol)
        });
    }
    hidden
}

fn edge(pos: f32, a: f32, b: f32) -> Edge {
    Edge {
        pos,
        lo: a.min(b),
        hi: a.max(b),
    }
}

/// Snap near-parallel edges to their mean position, then join collinear
/// pieces whose gap is within the join tolerance; drop short edges.
fn snap_and_join(mut edges: Vec<Edge>, s: &TableSettings) -> Vec<Edge> {
    edges.sort_by(|a, b| a.pos.total_cmp(&b.pos));
    let mut out = Vec::with_capacity(edges.len());
    let mut i = 0;
    while i < edges.len() {
        let mut j = i + 1;
        while j < edges.len() && edges[j].pos - edges[j - 1].pos <= s.snap_tolerance {
            j += 1;
        }
        let group = &edges[i..j];
        let pos = group.iter().map(|e| e.pos).sum::<f32>() / group.len() as f32;
        let mut pieces: Vec<Edge> = group.iter().map(|e| Edge { pos, ..*e }).collect();
        pieces.sort_by(|a, b| a.lo.total_cmp(&b.lo));
        let mut cur = pieces[0];
        for p in &pieces[1..] {
            if p.lo <= cur.hi + s.join_tolerance {
                cur.hi = cur.hi.max(p.hi);
            } else {
                out.push(cur);
                cur = *p;
            }
        }
        out.push(cur);
        i = j;
    }
    out.retain(|e| e.len() >= s.edge_min_length);
    out
}

/// Do horizontal `h` and vertical `v` meet (within the tolerance)?
pub fn meet(h: &Edge, v: &Edge, tol: f32) -> bool {
    v.pos >= h.lo - tol && v.pos <= h.hi + tol && h.pos >= v.lo - tol && h.pos <= v.hi + tol
}

/// Connected groups of edges: indices into `edges.h` and `edges.v`. A group
/// holds edges that meet, directly or through others.
pub fn connected(edges: &Edges, tol: f32) -> Vec<(Vec<usize>, Vec<usize>)> {
    let nh = edges.h.len();
    let mut parent: Vec<usize> = (0..nh + edges.v.len()).collect();
    fn find(p: &mut [usize], mut x: usize) -> usize {
        while p[x] != x {
            p[x] = p[p[x]];
            x = p[x];
        }
        x
    }
    for (i, h) in edges.h.iter().enumerate() {
        for (j, v) in edges.v.iter().enumerate() {
            if meet(h, v, tol) {
                let (a, b) = (find(&mut parent, i), find(&mut parent, nh + j));
                parent[a] = b;
            }
        }
    }
    let mut groups: std::collections::BTreeMap<usize, (Vec<usize>, Vec<usize>)> =
        Default::default();
    for i in 0..parent.len() {
        let root = find(&mut parent, i);
        let g = groups.entry(root).or_default();
        if i < nh {
            g.0.push(i);
        } else {
            g.1.push(i - nh);
        }
    }
    groups.into_values().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::Segment;

    fn seg(x0: f32, y0: f32, x1: f32, y1: f32) -> Segment {
        Segment {
            x0,
            y0,
            x1,
            y1,
            width: 0.5,
        }
    }

    #[test]
    fn pieces_are_snapped_and_joined() {
        let page = Page {
            segments: vec![
                seg(10.0, 100.0, 50.0, 100.0),
                seg(51.0, 101.0, 90.0, 101.0),
                seg(10.0, 200.0, 11.0, 200.0),
                seg(10.0, 90.0, 10.0, 210.0),
            ],
            ..Default::default()
        };
        let e = page_edges(&page, &TableSettings::default());
        assert_eq!(e.h.len(), 1);
        assert_eq!((e.h[0].lo, e.h[0].hi), (10.0, 90.0));
        assert!((e.h[0].pos - 100.5).abs() < 0.01);
        assert_eq!(e.v.len(), 1);
        let groups = connected(&e, 3.0);
        assert_eq!(groups, vec![(vec![0], vec![0])]);
    }
}
