//! Tables turned a quarter on an upright page: a landscape annex pasted into
//! a portrait letter, or a landscape sheet a PDF printer laid on a portrait
//! page under an upright header and footer. The words whose writing
//! direction runs up or down the page ([`Word::dir`]) are gathered into
//! regions by nearness; each region, with the rules drawn around it, is
//! turned into its reading frame ([`turn`]), searched like an upright page,
//! and the tables found there are turned back into page coordinates. The
//! rest of the page is searched as usual, without the words and rules of
//! regions that held a table.

use super::continued::Found;
use super::grid::{centre, BBox};
use super::settings::TableSettings;
use super::turn::{self, Turn};
use crate::doc::{Page, Word};
use std::borrow::Cow;

/// Fewest words running one way that are worth searching for a table.
const MIN_REGION_WORDS: usize = 6;
/// Turned words whose lines are less than this many em apart (their larger
/// font size) are in the same region: line spacing and cell padding stay
/// under it, a margin stamp beside the table does not.
const REGION_LINE_GAP_EM: f32 = 3.0;
/// ... and so are words on nearby lines less than this many em apart along
/// the text: the slack of a wide column with short figures.
const REGION_ALONG_GAP_EM: f32 = 15.0;
/// Rules passing this many em or less from a region's words are drawn
/// among them (cell borders).
const TOUCH_MARGIN_EM: f32 = 0.5;
/// Points around the region's drawing within which a rule is wholly its
/// own (line widths, borders drawn a little apart).
const AREA_MARGIN: f32 = 3.0;
/// More turned words than this are taken as one region without comparing
/// them pairwise (hostile pages).
const MAX_PAIRWISE_WORDS: usize = 4_000;
/// Most regions searched per direction on one page, largest first.
const MAX_REGIONS: usize = 20;

/// What the turned regions of a page gave.
pub struct Turned<'a> {
    /// Tables found in turned regions, in page coordinates.
    pub found: Vec<Found>,
    /// The page to search upright: the page itself, or a copy without the
    /// rules of regions that held a table.
    pub rest: Cow<'a, Page>,
    /// Per word of the page: still free for the upright search.
    pub free: Vec<bool>,
}

/// Find the tables of `page`'s turned regions. `search` is the upright
/// finder, run on each region's reading frame with all its words free.
pub fn turned_tables<'a>(
    page: &'a Page,
    s: &TableSettings,
    search: impl Fn(&Page, &TableSettings, Vec<bool>) -> Vec<Found>,
) -> Turned<'a> {
    let mut free = vec![true; page.words.len()];
    let mut found = Vec::new();
    let mut taken_boxes: Vec<BBox> = Vec::new();
    for dir in [1u8, 3] {
        let Some(turn) = Turn::of_dir(dir) else {
            continue;
        };
        let members: Vec<usize> = (0..page.words.len())
            .filter(|&i| page.words[i].dir == dir && finite(&page.words[i]))
            .collect();
        if members.len() < MIN_REGION_WORDS {
            continue;
        }
        let mut rs = regions(&page.words, &members);
        rs.retain(|r| r.len() >= MIN_REGION_WORDS);
        rs.sort_by_key(|r| std::cmp::Reverse(r.len()));
        rs.truncate(MAX_REGIONS);
        for region in rs {
            let Some(area) = region_area(page, &region) else {
                continue;
            };
            let sub = region_page(page, &region, &area);
            let framed = turn::turned(&sub, turn);
            let n = framed.words.len();
            let mut tables = search(&framed, s, vec![true; n]);
            if tables.is_empty() {
                continue;
            }
            for t in &mut tables {
                turn::found_to_page(turn, page, t);
            }
            for &i in &region {
                free[i] = false;
            }
            taken_boxes.push(area);
            found.extend(tables);
        }
    }
    let rest = if taken_boxes.is_empty() {
        Cow::Borrowed(page)
    } else {
        let mut p = page.clone();
        p.segments
            .retain(|g| !taken_boxes.iter().any(|b| segment_in(g, b)));
        p.rects
            .retain(|r| !taken_boxes.iter().any(|b| rect_in(r, b)));
        Cow::Owned(p)
    };
    Turned { found, rest, free }
}

fn finite(w: &Word) -> bool {
    [w.x0, w.top, w.x1, w.bottom, w.font_size]
        .iter()
        .all(|v| v.is_finite())
}

/// Group `members` (indices into `words`) into regions of words near each
/// other.
fn regions(words: &[Word], members: &[usize]) -> Vec<Vec<usize>> {
    if members.len() > MAX_PAIRWISE_WORDS {
        return vec![members.to_vec()];
    }
    let mut order = members.to_vec();
    order.sort_by(|&a, &b| words[a].x0.total_cmp(&words[b].x0));
    // Union-find over positions in `order`.
    let mut parent: Vec<usize> = (0..order.len()).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    // The words run up or down the page: lines are apart in x, words of
    // a line in y.
    let em = |a: &Word, b: &Word| a.font_size.max(b.font_size).max(1.0);
    for a in 0..order.len() {
        let wa = &words[order[a]];
        for b in a + 1..order.len() {
            let wb = &words[order[b]];
            // Sorted by x0: nothing further on can be near.
            if wb.x0 > wa.x1 + REGION_LINE_GAP_EM * em(wa, wb) {
                break;
            }
            let along = REGION_ALONG_GAP_EM * em(wa, wb);
            let near_y = wb.top <= wa.bottom + along && wa.top <= wb.bottom + along;
            if near_y {
                let (ra, rb) = (root(&mut parent, a), root(&mut parent, b));
                parent[ra] = rb;
            }
        }
    }
    let mut groups: std::collections::BTreeMap<usize, Vec<usize>> = Default::default();
    for (k, &word) in order.iter().enumerate() {
        let r = root(&mut parent, k);
        groups.entry(r).or_default().push(word);
    }
    groups.into_values().collect()
}

/// The part of the page a region takes: its words and the rules that run
/// among them (out to the table's outer border, past the last column's
/// slack), widened a little. None when that drawing also holds upright
/// words, at least half as many as the region's: then the turned words are
/// part of an upright table (turned column headers), which the upright
/// search reads.
fn region_area(page: &Page, region: &[usize]) -> Option<BBox> {
    let mut inner: Option<BBox> = None;
    let mut size = 0f32;
    for w in region.iter().filter_map(|&i| page.words.get(i)) {
        size = size.max(w.font_size);
        let wb = BBox::of_word(w);
        inner = Some(inner.map_or(wb, |x| x.union(wb)));
    }
    let inner = inner?;
    let m = TOUCH_MARGIN_EM * size.max(1.0);
    let near = BBox {
        x0: inner.x0 - m,
        top: inner.top - m,
        x1: inner.x1 + m,
        bottom: inner.bottom + m,
    };
    let mut drawing = inner;
    for g in page.segments.iter().filter(|g| crosses(g, &near)) {
        let gb = BBox {
            x0: g.x0.min(g.x1),
            top: g.y0.min(g.y1),
            x1: g.x0.max(g.x1),
            bottom: g.y0.max(g.y1),
        };
        if [gb.x0, gb.top, gb.x1, gb.bottom]
            .iter()
            .all(|v| v.is_finite())
        {
            drawing = drawing.union(gb);
        }
    }
    let upright = page
        .words
        .iter()
        .filter(|w| {
            w.dir == 0 && {
                let (x, y) = centre(w);
                drawing.contains_point(x, y)
            }
        })
        .count();
    if 2 * upright >= region.len() {
        return None;
    }
    Some(BBox {
        x0: drawing.x0 - AREA_MARGIN,
        top: drawing.top - AREA_MARGIN,
        x1: drawing.x1 + AREA_MARGIN,
        bottom: drawing.bottom + AREA_MARGIN,
    })
}

/// True when segment `g` passes through box `b` (or touches it).
fn crosses(g: &crate::doc::Segment, b: &BBox) -> bool {
    let (x0, x1) = (g.x0.min(g.x1), g.x0.max(g.x1));
    let (y0, y1) = (g.y0.min(g.y1), g.y0.max(g.y1));
    x0 <= b.x1 && x1 >= b.x0 && y0 <= b.bottom && y1 >= b.top
}

fn segment_in(g: &crate::doc::Segment, b: &BBox) -> bool {
    b.contains_point(g.x0, g.y0) && b.contains_point(g.x1, g.y1)
}

fn rect_in(r: &crate::doc::Rect, b: &BBox) -> bool {
    b.contains_point(r.x0, r.top) && b.contains_point(r.x1, r.bottom)
}

/// The page cut down to one region: its words and the rules inside `area`.
fn region_page(page: &Page, region: &[usize], area: &BBox) -> Page {
    Page {
        number: page.number,
        width: page.width,
        height: page.height,
        rotation: page.rotation,
        words: region
            .iter()
            .filter_map(|&i| page.words.get(i).cloned())
            .collect(),
        lines: Vec::new(),
        segments: page
            .segments
            .iter()
            .filter(|g| segment_in(g, area))
            .cloned()
            .collect(),
        rects: page
            .rects
            .iter()
            .filter(|r| rect_in(r, area))
            .cloned()
            .collect(),
        blocks: Vec::new(),
        image_only: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::Block;

    /// A word written up the page (dir 3) whose text starts at page point
    /// (x, bottom) and runs upwards: box `size` wide, 5 points per letter
    /// tall.
    fn up(text: &str, x: f32, bottom: f32) -> Word {
        let len = 5.0 * text.chars().count() as f32;
        Word {
            text: text.into(),
            x0: x,
            top: bottom - len,
            x1: x + 10.0,
            bottom,
            font_size: 10.0,
            font: "F".into(),
            dir: 3,
        }
    }

    use super::super::tests::word as upright;

    /// A portrait page: an upright heading and a table written up the
    /// page (its rows are columns of the page, read left to right; its
    /// columns run from the page's bottom upwards).
    /// `prose` upright lines of text under the heading.
    fn page(prose: usize) -> Page {
        let mut p = Page {
            number: 1,
            width: 595.0,
            height: 842.0,
            ..Default::default()
        };
        p.words.extend(
            ["Annex", "A:", "stop", "and", "search"]
                .iter()
                .enumerate()
                .map(|(i, t)| upright(t, 50.0 + 40.0 * i as f32, 60.0)),
        );
        let text = "Thank you for your request about stop and search. The figures \
            we hold are set out in the annex on this page, printed in landscape so \
            that every column fits. Please ask if anything is unclear to you.";
        let words: Vec<&str> = text.split(' ').filter(|w| !w.is_empty()).collect();
        for (line, chunk) in words.chunks(8).take(prose).enumerate() {
            // Running text: each word starts where the one before ended.
            let mut x = 50.0;
            for t in chunk {
                let w = upright(t, x, 80.0 + 14.0 * line as f32);
                x = w.x1 + 3.0;
                p.words.push(w);
            }
        }
        let rows = [
            ["Force", "Stops", "Arrests"],
            ["Kent", "113", "12"],
            ["Essex", "1,209", "40"],
            ["Surrey", "55", "7"],
        ];
        for (r, row) in rows.iter().enumerate() {
            for (c, text) in row.iter().enumerate() {
                p.words
                    .push(up(text, 100.0 + 14.0 * r as f32, 700.0 - 100.0 * c as f32));
            }
        }
        p
    }

    fn tables(pages: &[Page]) -> Vec<&crate::doc::Table> {
        pages
            .iter()
            .flat_map(|p| &p.blocks)
            .filter_map(|b| match b {
                Block::Table(t) => Some(t),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn a_table_written_up_an_upright_page_is_read_in_its_own_frame() {
        // Upright text the most of the page (a turned region) or the least
        // (the page read turned, the heading left out of the table).
        for prose in [4, 0] {
            let pages =
                super::super::find_tables(vec![page(prose)], &TableSettings::default(), "x.pdf");
            assert_eq!(turn::page_turn(&pages[0]).is_none(), prose > 0);
            let ts = tables(&pages);
            assert_eq!(ts.len(), 1, "{prose}: {ts:#?}");
            let t = ts[0];
            assert_eq!(t.rows_text().len(), 4, "{prose}: {:?}", t.rows_text());
            assert_eq!(t.row_texts(0), vec!["Force", "Stops", "Arrests"]);
            assert_eq!(t.row_texts(2), vec!["Essex", "1,209", "40"]);
            // "Essex" stands at x 128..138, from y 675 up to 700 on the page.
            let b = t.cell(2, 0).and_then(|c| c.prov.bbox).unwrap_or_default();
            assert_eq!(b, [128.0, 675.0, 138.0, 700.0]);
            // The prose is no table.
            let n_tables = pages[0]
                .blocks
                .iter()
                .filter(|b| matches!(b, Block::Table(_)))
                .count();
            assert_eq!(n_tables, 1);
        }
    }

    #[test]
    fn too_few_turned_words_are_left_to_the_upright_search() {
        let mut p = page(0);
        p.words.truncate(5 + 3);
        let t = turned_tables(&p, &TableSettings::default(), |_, _, _| {
            panic!("no region worth a search")
        });
        assert!(t.found.is_empty());
        assert!(t.free.iter().all(|f| *f));
    }

    #[test]
    fn turned_column_headers_stay_with_their_upright_table() {
        // A ruled table, 6 columns 60 wide from x 50: a header row 60 tall
        // with headers written up the page, then four upright rows.
        let mut p = Page {
            number: 1,
            width: 595.0,
            height: 842.0,
            ..Default::default()
        };
        let rows = [100.0, 160.0, 180.0, 200.0, 220.0, 240.0];
        for y in rows {
            p.segments.push(crate::doc::Segment {
                x0: 50.0,
                y0: y,
                x1: 410.0,
                y1: y,
                width: 0.5,
            });
        }
        for k in 0..=6 {
            let x = 50.0 + 60.0 * k as f32;
            p.segments.push(crate::doc::Segment {
                x0: x,
                y0: 100.0,
                x1: x,
                y1: 240.0,
                width: 0.5,
            });
        }
        for (k, h) in ["Month", "White", "Black", "Asian", "Mixed", "Total"]
            .iter()
            .enumerate()
        {
            p.words.push(up(h, 75.0 + 60.0 * k as f32, 155.0));
        }
        for (r, row) in [
            ["Jan", "12", "3", "4", "1", "20"],
            ["Feb", "15", "2", "5", "0", "22"],
            ["Mar", "11", "4", "3", "2", "20"],
            ["Apr", "14", "3", "6", "1", "24"],
        ]
        .iter()
        .enumerate()
        {
            for (k, t) in row.iter().enumerate() {
                p.words
                    .push(upright(t, 55.0 + 60.0 * k as f32, 165.0 + 20.0 * r as f32));
            }
        }
        let t = turned_tables(&p, &TableSettings::default(), |_, _, _| {
            panic!("the headers are the upright table's")
        });
        assert!(t.found.is_empty() && t.free.iter().all(|f| *f));
        let pages = super::super::find_tables(vec![p], &TableSettings::default(), "x.pdf");
        let ts = tables(&pages);
        assert_eq!(ts.len(), 1, "{ts:#?}");
        assert_eq!(ts[0].row_texts(0)[5], "Total");
        assert_eq!(ts[0].row_texts(2), vec!["Feb", "15", "2", "5", "0", "22"]);
    }

    #[test]
    fn hostile_turned_words_give_no_panic() {
        let mut p = page(2);
        // Unplaceable words, and a page thick with turned words.
        p.words.push(Word {
            x0: f32::NAN,
            ..up("NaN", 0.0, 0.0)
        });
        p.words.push(Word {
            font_size: f32::INFINITY,
            ..up("inf", 300.0, 300.0)
        });
        for i in 0..(MAX_PAIRWISE_WORDS + 10) {
            let k = i as f32;
            p.words.push(up("7", (k * 0.7) % 595.0, (k * 1.3) % 842.0));
        }
        // Hostile values: no panic, and the page comes back.
        let pages = super::super::find_tables(vec![p], &TableSettings::default(), "x.pdf");
        assert_eq!(pages.len(), 1);
    }

    #[test]
    fn far_apart_turned_words_are_separate_regions() {
        let words: Vec<Word> = (0..4)
            .map(|i| up("ab", 10.0 + 12.0 * i as f32, 100.0))
            .chain((0..4).map(|i| up("cd", 400.0 + 12.0 * i as f32, 700.0)))
            .collect();
        let members: Vec<usize> = (0..words.len()).collect();
        let mut rs = regions(&words, &members);
        rs.sort();
        assert_eq!(rs, vec![vec![0, 1, 2, 3], vec![4, 5, 6, 7]]);
    }
}
