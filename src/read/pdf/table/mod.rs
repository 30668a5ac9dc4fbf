//! PDF table finding on the reader's page model (words, ruling segments,
//! rectangles), in the manner of pdfplumber's table finder for ruled tables
//! and of Tabula/Nurminen for tables drawn without rules:
//!
//! 1. ruled (lattice) tables from connected rules ([`edges`], [`lattice`]),
//!    spanning cells kept as spans, rows drawn without rules split by line;
//!    shaded rows of tables striped without rules joined with the unshaded
//!    rows between them ([`stripes`]);
//! 2. tables bracketed by horizontal rules only (Word "simple" styles),
//!    labels merged down their first columns kept as spans ([`merge_down`]);
//!    a lattice head directly over a rules-only body joined ([`stacked`]);
//! 3. tables of aligned words amid prose ([`stream`]), their columns taken
//!    from the body rather than the header ([`columns`]) and cells wrapped
//!    over several lines joined ([`wrap`]);
//! 4. tables continued over a page break joined ([`continued`]);
//! 5. the tables put into the page's blocks in reading order ([`place`]),
//!    page by page as soon as no table can run on ([`pages`]).
//! 6. pages whose text runs up or down are read turned ([`turn`]), and so
//!    are tables turned on an upright page ([`region`]).
//!
//! Every tolerance is in [`TableSettings`].

mod chart;
mod columns;
mod continued;
mod edges;
mod fill;
mod grid;
mod lattice;
mod merge_down;
mod pages;
mod place;
mod region;
mod settings;
mod spans;
mod stacked;
mod stream;
mod stripes;
mod turn;
mod wrap;

pub use pages::PageTables;
pub use settings::{InvalidSetting, TableSettings};

use crate::doc::{Page, Word};
use continued::Found;
use edges::{connected, Edge, Edges};
use fill::{fill, CellRect};
use grid::{centre, BBox, Grid};

/// Pages with more rules than this are drawings, not tables.
const MAX_EDGES: usize = 5_000;

/// Find tables on `pages` and put them into each page's `blocks` in reading
/// order, replacing the paragraphs whose text they hold. `file` is the
/// logical path used for provenance. Invalid settings fall back to the
/// defaults (rule files are validated where they are loaded). To find
/// tables while pages are still being read, use [`PageTables`].
pub fn find_tables(pages: Vec<Page>, settings: &TableSettings, file: &str) -> Vec<Page> {
    let mut tables = PageTables::new(settings, file);
    let mut out = Vec::with_capacity(pages.len());
    for page in pages {
        out.extend(tables.push(page));
    }
    out.extend(tables.finish());
    out
}

/// The tables of one page, top to bottom, not yet joined over pages:
/// first those of regions turned a quarter against the page ([`region`]),
/// then the upright ones.
fn find_on_page(page: &Page, s: &TableSettings) -> Vec<Found> {
    let turned = region::turned_tables(page, s, find_upright);
    let mut out = turned.found;
    out.extend(find_upright(&turned.rest, s, turned.free));
    out.sort_by(|a, b| a.grid.bbox.top.total_cmp(&b.grid.bbox.top));
    out
}

/// The tables of a page read upright, among the words marked `free`.
fn find_upright(page: &Page, s: &TableSettings, mut free: Vec<bool>) -> Vec<Found> {
    let words = &page.words;
    free.resize(words.len(), true);
    let mut out = Vec::new();
    let edges = edges::page_edges(page, s);
    let edges = if edges.h.len() + edges.v.len() > MAX_EDGES {
        Edges::default()
    } else {
        edges
    };
    let free_words: Vec<&Word> = (0..words.len())
        .filter(|&i| free[i])
        .map(|i| &words[i])
        .collect();
    let found = lattice::lattices(&edges, words, s);
    for mut l in stripes::join_stripes(found, &page.rects, &edges, &free_words, s) {
        let members: Vec<usize> = (0..words.len())
            .filter(|&i| free[i] && in_box(&words[i], &l.bbox))
            .collect();
        // A chart in a frame: its words are no table's, not even a stream
        // table's.
        let inside: Vec<&Word> = members.iter().map(|&i| &words[i]).collect();
        if chart::has_value_axis(&inside, s) {
            for i in members {
                free[i] = false;
            }
            continue;
        }
        let pieces = split_crossing(members.iter().map(|&i| &words[i]), &l.rects, &l.bbox);
        lattice::split_unruled_columns(&mut l, &pieces, s);
        lattice::split_unruled_rows(&mut l, &pieces, s);
        let (cells, _) = fill(&l.rects, &pieces, page.number, s);
        let mut g = Grid {
            n_rows: l.n_rows,
            n_cols: l.n_cols,
            col_edges: l.col_edges.clone(),
            cells,
            bbox: l.bbox,
            method: "lattice",
            page: page.number,
            header_rows: 0,
        };
        g.drop_empty_lines();
        if g.n_cols >= 2 && g.n_rows >= 1 && g.filled() >= 2 {
            for i in members {
                free[i] = false;
            }
            out.push(Found {
                grid: g,
                parts: vec![(page.number, l.bbox)],
            });
        }
    }
    for (mut bbox, mut header_cut, row_pitch) in ruled_regions(&edges, s) {
        // Rules under every row with none over the header: the header is
        // the line of cells just over the first rule.
        if let Some(pitch) = row_pitch {
            if header_above(words, &free, &bbox, pitch) {
                header_cut = Some(bbox.top);
                bbox.top -= pitch;
            }
        }
        let members: Vec<usize> = (0..words.len())
            .filter(|&i| free[i] && in_box(&words[i], &bbox))
            .collect();
        let refs: Vec<&Word> = members.iter().map(|&i| &words[i]).collect();
        if let Some(mut g) = stream::ruled_region_table(&refs, page.number, header_cut, s) {
            g.method = "rules";
            merge_down::merge_down_unruled(&mut g, &edges.h, &bbox, s);
            merge_down::span_group_headings(&mut g, &refs);
            for i in members {
                free[i] = false;
            }
            let part = g.bbox.union(bbox);
            out.push(Found {
                grid: g,
                parts: vec![(page.number, part)],
            });
        }
    }
    if s.stream {
        // Aligned words make a table only when they read the same way:
        // a stamp or a turned label running across upright lines would
        // join rows that are apart.
        let refs: Vec<&Word> = (0..words.len())
            .filter(|&i| free[i] && words[i].dir == 0)
            .map(|i| &words[i])
            .collect();
        for g in stream::stream_tables(&refs, page.number, s) {
            let part = g.bbox;
            out.push(Found {
                grid: g,
                parts: vec![(page.number, part)],
            });
        }
    }
    stacked::join_stacked(&mut out, words, s);
    out
}

fn in_box(w: &Word, b: &BBox) -> bool {
    let (x, y) = centre(w);
    b.contains_point(x, y)
}

/// Words that run over an inner cell border (no space between two cells'
/// text) cut at the border, the text divided in proportion to the width.
fn split_crossing<'a>(
    words: impl Iterator<Item = &'a Word>,
    rects: &[CellRect],
    table: &BBox,
) -> Vec<Word> {
    let mut out = Vec::new();
    let mut todo: Vec<Word> = words.cloned().collect();
    let mut guard = 0;
    while let Some(w) = todo.pop() {
        guard += 1;
        let (x, y) = centre(&w);
        let rect = rects.iter().find(|r| r.bbox.contains_point(x, y));
        let n = w.text.chars().count();
        let cut = rect.and_then(|r| {
            [r.bbox.x0, r.bbox.x1].into_iter().find(|&e| {
                w.x0 < e - 1.0 && w.x1 > e + 1.0 && e > table.x0 + 1.0 && e < table.x1 - 1.0
            })
        });
        match cut {
            Some(e) if n >= 2 && guard < 10_000 => {
                let k = (((e - w.x0) / (w.x1 - w.x0)) * n as f32).round() as usize;
                let k = k.clamp(1, n - 1);
                let split_at = w.text.char_indices().nth(k).map_or(w.text.len(), |p| p.0);
                let mut left = w.clone();
                left.text = w.text[..split_at].to_string();
                left.x1 = e - 0.5;
                let mut right = w;
                right.text = right.text[split_at..].to_string();
                right.x0 = e + 0.5;
                todo.push(left);
                todo.push(right);
            }
            _ => out.push(w),
        }
    }
    out
}

/// Whether the free words in the row pitch over `bbox` stand apart like
/// the cells of a header row (a gap of two letters' height or more between
/// neighbours), not a caption or a line of prose.
fn header_above(words: &[Word], free: &[bool], bbox: &BBox, pitch: f32) -> bool {
    let mut band: Vec<&Word> = words
        .iter()
        .zip(free)
        .filter(|(w, f)| {
            let (x, y) = centre(w);
            **f && w.dir == 0 && y < bbox.top && y > bbox.top - pitch && x > bbox.x0 && x < bbox.x1
        })
        .map(|(w, _)| w)
        .collect();
    band.sort_by(|a, b| a.x0.total_cmp(&b.x0));
    band.windows(2)
        .any(|p| p[1].x0 - p[0].x1 > 2.0 * p[0].font_size.max(1.0))
}

/// Regions bracketed by horizontal rules that meet no vertical rule and
/// line up with each other (same start and end): `(box, rule under the
/// header, row pitch)` for each, the pitch given when a rule is drawn under
/// every row (gaps alike), so the header may stand over the first rule.
type RuledRegion = (BBox, Option<f32>, Option<f32>);

fn ruled_regions(edges: &Edges, s: &TableSettings) -> Vec<RuledRegion> {
    let mut lone: Vec<Edge> = connected(edges, s.intersection_tolerance)
        .into_iter()
        .filter(|(_, v)| v.is_empty())
        .flat_map(|(h, _)| h)
        .filter_map(|i| edges.h.get(i).copied())
        .filter(|e| e.len() >= s.ruled_region_min_width)
        .collect();
    lone.sort_by(|a, b| a.pos.total_cmp(&b.pos));
    let tol = s.snap_tolerance * 4.0;
    let mut out = Vec::new();
    let mut used = vec![false; lone.len()];
    for i in 0..lone.len() {
        if used[i] {
            continue;
        }
        let group: Vec<usize> = (i..lone.len())
            .filter(|&j| {
                !used[j]
                    && (lone[j].lo - lone[i].lo).abs() <= tol
                    && (lone[j].hi - lone[i].hi).abs() <= tol
            })
            .collect();
        if group.len() < 2 {
            continue;
        }
        for &j in &group {
            used[j] = true;
        }
        for piece in split_at_wide_gaps(&group, &lone, s) {
            let (first, last) = (lone[piece[0]], lone[piece[piece.len() - 1]]);
            let header_cut = (piece.len() >= 3).then(|| lone[piece[1]].pos);
            out.push((
                BBox {
                    x0: first.lo - s.snap_tolerance,
                    top: first.pos,
                    x1: first.hi + s.snap_tolerance,
                    bottom: last.pos,
                },
                header_cut,
                row_pitch(&piece, &lone, s),
            ));
        }
    }
    out
}

/// The widest gap between rules when at least four rules stand evenly
/// apart (a rule under every row: no gap more than `ruled_row_pitch_ratio`
/// times another).
fn row_pitch(piece: &[usize], lone: &[Edge], s: &TableSettings) -> Option<f32> {
    if piece.len() < 4 {
        return None;
    }
    let gaps: Vec<f32> = piece
        .windows(2)
        .map(|p| lone[p[1]].pos - lone[p[0]].pos)
        .collect();
    let lo = gaps.iter().copied().fold(f32::MAX, f32::min);
    let hi = gaps.iter().copied().fold(f32::MIN, f32::max);
    (lo > 0.0 && hi <= lo * s.ruled_row_pitch_ratio).then_some(hi)
}

/// A run of rules under every row (GOV.UK tables) split where the gap to the
/// next rule is many rows high: two tables one after the other, a caption
/// and header between them. Pieces of fewer than three rules are not split
/// off.
fn split_at_wide_gaps(group: &[usize], lone: &[Edge], s: &TableSettings) -> Vec<Vec<usize>> {
    let mut gaps: Vec<f32> = group
        .windows(2)
        .map(|p| lone[p[1]].pos - lone[p[0]].pos)
        .collect();
    let whole = vec![group.to_vec()];
    if gaps.len() < 4 {
        return whole;
    }
    let wide: Vec<bool> = {
        let raw = gaps.clone();
        gaps.sort_by(f32::total_cmp);
        let median = gaps[gaps.len() / 2];
        raw.iter()
            .map(|g| *g > median * s.ruled_region_split_gap_ratio)
            .collect()
    };
    let mut pieces: Vec<Vec<usize>> = vec![vec![group[0]]];
    for (k, &j) in group.iter().enumerate().skip(1) {
        if wide[k - 1] {
            pieces.push(Vec::new());
        }
        if let Some(p) = pieces.last_mut() {
            p.push(j);
        }
    }
    if pieces.len() > 1 && pieces.iter().all(|p| p.len() >= 3) {
        pieces
    } else {
        whole
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::doc::{Block, Rect, Segment};

    /// An upright 10 pt word, 5 pt a letter.
    pub(super) fn word(text: &str, x0: f32, top: f32) -> Word {
        Word {
            text: text.into(),
            x0,
            top,
            x1: x0 + 5.0 * text.chars().count() as f32,
            bottom: top + 10.0,
            font_size: 10.0,
            font: "F".into(),
            dir: 0,
        }
    }

    /// A figure set right so that it ends at `right`.
    pub(super) fn right_set(text: &str, right: f32, top: f32) -> Word {
        word(text, right - text.chars().count() as f32 * 5.0, top)
    }

    /// The borderless tables of `words` with the default settings.
    pub(super) fn stream_grids(words: &[Word]) -> Vec<grid::Grid> {
        let refs: Vec<&Word> = words.iter().collect();
        stream::stream_tables(&refs, 1, &TableSettings::default())
    }

    #[test]
    fn hostile_pages_give_no_table_and_no_panic() {
        let mut odd = Page {
            number: 1,
            width: f32::NAN,
            height: 842.0,
            words: vec![
                word("1", f32::NAN, 10.0),
                word("", 10.0, f32::INFINITY),
                word("x", -1e30, 1e30),
            ],
            segments: vec![Segment {
                x0: f32::NAN,
                y0: 0.0,
                x1: 1e38,
                y1: 0.0,
                width: 1.0,
            }],
            rects: vec![Rect {
                x0: 0.0,
                top: 0.0,
                x1: -5.0,
                bottom: f32::NEG_INFINITY,
                filled: true,
                stroked: false,
                fill: None,
            }],
            ..Default::default()
        };
        // Thousands of crossing rules (hatching).
        for i in 0..3000 {
            let p = i as f32 * 0.2;
            odd.segments.push(Segment {
                x0: 0.0,
                y0: p,
                x1: 600.0,
                y1: p,
                width: 0.1,
            });
            odd.segments.push(Segment {
                x0: p,
                y0: 0.0,
                x1: p,
                y1: 600.0,
                width: 0.1,
            });
        }
        let pages = find_tables(
            vec![odd, Page::default()],
            &TableSettings::default(),
            "odd.pdf",
        );
        assert!(pages
            .iter()
            .all(|p| p.blocks.iter().all(|b| !matches!(b, Block::Table(_)))));
    }

    #[test]
    fn invalid_settings_fall_back_to_the_defaults() {
        let mut page = Page {
            number: 1,
            width: 595.0,
            height: 842.0,
            ..Default::default()
        };
        for (i, (a, b, c)) in [
            ("Force", "Stops", "Arrests"),
            ("Kent", "113", "12"),
            ("Essex", "1,209", "40"),
            ("Surrey", "55", "7"),
        ]
        .iter()
        .enumerate()
        {
            let y = 100.0 + 14.0 * i as f32;
            page.words
                .extend([word(a, 50.0, y), word(b, 150.0, y), word(c, 250.0, y)]);
        }
        let bad = TableSettings {
            column_gap_em: -1.0,
            ..Default::default()
        };
        let pages = find_tables(vec![page], &bad, "x.pdf");
        let tables: Vec<&crate::doc::Table> = pages[0]
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::Table(t) => Some(t),
                _ => None,
            })
            .collect();
        assert_eq!(tables.len(), 1);
        assert_eq!(tables[0].row_texts(2), vec!["Essex", "1,209", "40"]);
        assert_eq!(tables[0].cell(2, 1).unwrap().prov.page, Some(1));
    }

    fn rules_at(ys: &[f32]) -> Vec<Edge> {
        ys.iter()
            .map(|&pos| Edge {
                pos,
                lo: 50.0,
                hi: 500.0,
            })
            .collect()
    }

    #[test]
    fn rules_under_every_row_split_at_a_gap_many_rows_high() {
        let s = TableSettings::default();
        // Two tables of rules 30 apart, 100 between them (caption, header).
        let lone = rules_at(&[100.0, 130.0, 160.0, 190.0, 290.0, 320.0, 350.0]);
        let group: Vec<usize> = (0..lone.len()).collect();
        let pieces = split_at_wide_gaps(&group, &lone, &s);
        assert_eq!(pieces, vec![vec![0, 1, 2, 3], vec![4, 5, 6]]);
        assert_eq!(row_pitch(&pieces[0], &lone, &s), Some(30.0));
        // A piece of two rules is no table: the run stays whole.
        let lone = rules_at(&[100.0, 130.0, 160.0, 190.0, 220.0, 320.0, 350.0]);
        let group: Vec<usize> = (0..lone.len()).collect();
        assert_eq!(split_at_wide_gaps(&group, &lone, &s), vec![group.clone()]);
        // Uneven gaps (top, header and bottom rules only) give no pitch.
        let lone = rules_at(&[100.0, 120.0, 200.0, 230.0]);
        assert_eq!(row_pitch(&[0, 1, 2, 3], &lone, &s), None);
    }

    #[test]
    fn a_header_over_the_first_rule_stands_in_cells_not_prose() {
        let bbox = BBox {
            x0: 40.0,
            top: 100.0,
            x1: 510.0,
            bottom: 300.0,
        };
        let header = [word("Ethnicity", 50.0, 85.0), word("Searches", 300.0, 85.0)];
        assert!(header_above(&header, &[true, true], &bbox, 30.0));
        let caption = [word("Table", 50.0, 85.0), word("1:", 80.0, 85.0)];
        assert!(!header_above(&caption, &[true, true], &bbox, 30.0));
        // Words already in another table do not count.
        assert!(!header_above(&header, &[false, false], &bbox, 30.0));
    }
}
