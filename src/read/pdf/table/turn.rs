//! Pages whose text runs up or down the page (a landscape table on a
//! portrait page, or a page with /Rotate whose content is stored upright):
//! the finder works on a copy of the page turned into its reading frame and
//! the boxes it finds are turned back into page coordinates.

use super::continued::Found;
use super::grid::BBox;
use crate::doc::{Page, Rect, Segment, TextLine, Word};

/// Which way the text of a page runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Turn {
    /// Reads bottom to top.
    Up,
    /// Reads top to bottom.
    Down,
}

impl Turn {
    /// The turn that makes text written in direction `dir` (see
    /// [`Word::dir`]) read left to right; None for upright and upside-down
    /// text.
    pub fn of_dir(dir: u8) -> Option<Turn> {
        match dir & 3 {
            3 => Some(Turn::Up),
            1 => Some(Turn::Down),
            _ => None,
        }
    }

    /// The writing direction in the reading frame of text written in
    /// direction `dir` on the page.
    fn dir_in_frame(self, dir: u8) -> u8 {
        match self {
            Turn::Up => (dir + 1) & 3,
            Turn::Down => (dir + 3) & 3,
        }
    }
}

/// A word whose text runs up or down the page. Documents written before
/// words carried their direction have every word at 0: a word of two or
/// more letters in a tall box is taken as turned there.
fn vertical(w: &Word) -> bool {
    matches!(w.dir & 3, 1 | 3)
        || (w.dir == 0 && w.text.chars().count() >= 2 && (w.bottom - w.top) > 1.5 * (w.x1 - w.x0))
}

/// The way most of the page's text runs, when it runs vertically: more of
/// its letters are in turned words than in upright ones.
pub fn page_turn(page: &Page) -> Option<Turn> {
    let (mut turned, mut upright) = (0usize, 0usize);
    let (mut reads_up, mut reads_down) = (0usize, 0usize);
    for w in &page.words {
        let n = w.text.chars().count();
        if vertical(w) {
            turned += n;
        } else {
            upright += n;
        }
        match w.dir & 3 {
            3 => reads_up += n,
            1 => reads_down += n,
            _ => {}
        }
    }
    if turned <= upright {
        return None;
    }
    if reads_up + reads_down > 0 {
        return Some(if reads_up >= reads_down {
            Turn::Up
        } else {
            Turn::Down
        });
    }
    // No directions recorded: the reading order of the lines' words says
    // which way.
    let mut up = 0i64;
    for l in &page.lines {
        let ws: Vec<&Word> = l.words.iter().filter_map(|&i| page.words.get(i)).collect();
        if let (Some(a), Some(b)) = (ws.first(), ws.last()) {
            if ws.len() >= 2 && vertical(a) {
                up += if b.top < a.top { 1 } else { -1 };
            }
        }
    }
    Some(if up >= 0 { Turn::Up } else { Turn::Down })
}

/// Map a box from page coordinates into the reading frame.
fn to_frame(turn: Turn, w: f32, h: f32, b: BBox) -> BBox {
    match turn {
        Turn::Up => BBox {
            x0: h - b.bottom,
            x1: h - b.top,
            top: b.x0,
            bottom: b.x1,
        },
        Turn::Down => BBox {
            x0: b.top,
            x1: b.bottom,
            top: w - b.x1,
            bottom: w - b.x0,
        },
    }
}

/// Map a box from the reading frame back to page coordinates.
pub fn to_page(turn: Turn, page: &Page, b: BBox) -> BBox {
    let (w, h) = (page.width, page.height);
    match turn {
        Turn::Up => BBox {
            x0: b.top,
            x1: b.bottom,
            top: h - b.x1,
            bottom: h - b.x0,
        },
        Turn::Down => BBox {
            x0: w - b.bottom,
            x1: w - b.top,
            top: b.x0,
            bottom: b.x1,
        },
    }
}

/// A table found in the reading frame, its boxes turned back into page
/// coordinates.
pub fn found_to_page(turn: Turn, page: &Page, f: &mut Found) {
    f.grid.bbox = to_page(turn, page, f.grid.bbox);
    for c in &mut f.grid.cells {
        c.bbox = to_page(turn, page, c.bbox);
    }
    for (_, b) in &mut f.parts {
        *b = to_page(turn, page, *b);
    }
}

/// A copy of the page in its reading frame (words, lines, rules; no
/// blocks).
pub fn turned(page: &Page, turn: Turn) -> Page {
    let (w, h) = (page.width, page.height);
    let frame = |b: BBox| to_frame(turn, w, h, b);
    let words = page
        .words
        .iter()
        .map(|x| {
            let b = frame(BBox::of_word(x));
            Word {
                x0: b.x0,
                top: b.top,
                x1: b.x1,
                bottom: b.bottom,
                dir: turn.dir_in_frame(x.dir),
                ..x.clone()
            }
        })
        .collect();
    let lines = page
        .lines
        .iter()
        .map(|l| {
            let b = frame(BBox {
                x0: l.x0,
                top: l.top,
                x1: l.x1,
                bottom: l.bottom,
            });
            TextLine {
                x0: b.x0,
                top: b.top,
                x1: b.x1,
                bottom: b.bottom,
                ..l.clone()
            }
        })
        .collect();
    let segments = page
        .segments
        .iter()
        .map(|s| {
            let (x0, y0, x1, y1) = match turn {
                Turn::Up => (h - s.y0, s.x0, h - s.y1, s.x1),
                Turn::Down => (s.y0, w - s.x0, s.y1, w - s.x1),
            };
            Segment {
                x0,
                y0,
                x1,
                y1,
                width: s.width,
            }
        })
        .collect();
    let rects = page
        .rects
        .iter()
        .map(|r| {
            let b = frame(BBox {
                x0: r.x0,
                top: r.top,
                x1: r.x1,
                bottom: r.bottom,
            });
            Rect {
                x0: b.x0,
                top: b.top,
                x1: b.x1,
                bottom: b.bottom,
                ..r.clone()
            }
        })
        .collect();
    Page {
        number: page.number,
        width: h,
        height: w,
        rotation: page.rotation,
        words,
        lines,
        segments,
        rects,
        blocks: Vec::new(),
        image_only: page.image_only,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boxes_go_to_the_frame_and_back() {
        let page = Page {
            width: 595.0,
            height: 842.0,
            ..Default::default()
        };
        let b = BBox {
            x0: 92.0,
            top: 759.0,
            x1: 102.0,
            bottom: 782.0,
        };
        for turn in [Turn::Up, Turn::Down] {
            let f = to_frame(turn, page.width, page.height, b);
            assert_eq!(to_page(turn, &page, f), b);
        }
        let f = to_frame(Turn::Up, 595.0, 842.0, b);
        assert_eq!((f.x0, f.top), (60.0, 92.0));
    }
}
