//! Table finding over a stream of pages. Each page's tables are found as
//! the page arrives and joined with a continuation on the next page; a page
//! is handed back, its tables placed in its blocks, as soon as no table can
//! still grow into it. Only the pages of a table that may still run on are
//! held, so a long document is never held whole.

use super::continued::{join_continued, Found};
use super::find_on_page;
use super::grid::BBox;
use super::place::{place, to_table};
use super::settings::TableSettings;
use super::turn::{self, Turn};
use crate::doc::Page;
use std::borrow::Cow;

/// A page waiting for its tables to be complete.
struct Held {
    page: Page,
    turn: Option<Turn>,
    /// The page turned into its reading frame, when its text runs
    /// vertically: what the finder saw.
    frame: Option<Page>,
    /// Tables found on this page or joined onto it, in the finder's frame.
    found: Vec<Found>,
    /// Complete tables anchored on this page, in page coordinates.
    anchored: Vec<Found>,
    /// Boxes of table parts on this page, whichever page anchors them.
    covered: Vec<BBox>,
}

impl Held {
    fn seen(&self) -> &Page {
        self.frame.as_ref().unwrap_or(&self.page)
    }
}

/// Finds tables page by page; see the module doc.
pub struct PageTables<'a> {
    settings: Cow<'a, TableSettings>,
    file: &'a str,
    held: Vec<Held>,
}

impl<'a> PageTables<'a> {
    /// Invalid settings fall back to the defaults (rule files are validated
    /// where they are loaded). `file` is the logical path for provenance.
    pub fn new(settings: &'a TableSettings, file: &'a str) -> Self {
        let settings = match settings.validate() {
            Ok(()) => Cow::Borrowed(settings),
            Err(_) => Cow::Owned(TableSettings::default()),
        };
        PageTables {
            settings,
            file,
            held: Vec::new(),
        }
    }

    /// Add the next page; returns the pages now complete, in order.
    pub fn push(&mut self, page: Page) -> Vec<Page> {
        let s = self.settings.as_ref();
        if !s.enabled {
            return vec![page];
        }
        let turn = turn::page_turn(&page);
        let frame = turn.map(|t| turn::turned(&page, t));
        let found = find_on_page(frame.as_ref().unwrap_or(&page), s);
        let mut next = Held {
            page,
            turn,
            frame,
            found,
            anchored: Vec::new(),
            covered: Vec::new(),
        };
        if let (true, Some(prev)) = (s.join_pages, self.held.last_mut()) {
            let mut pair = [
                std::mem::take(&mut prev.found),
                std::mem::take(&mut next.found),
            ];
            join_continued(&mut pair, &[prev.seen(), next.seen()], s);
            let [a, b] = pair;
            prev.found = a;
            next.found = b;
        }
        self.held.push(next);
        // Only the last table of the last page can still run on to the next
        // page; every page before the one it starts on is complete.
        let keep_from = match self.held.last().and_then(|h| h.found.last()) {
            Some(open) if s.join_pages => self
                .held
                .iter()
                .position(|h| h.page.number == open.grid.page)
                .unwrap_or(0),
            _ => self.held.len(),
        };
        self.release(keep_from)
    }

    /// The pages still held, complete now that no page follows.
    pub fn finish(mut self) -> Vec<Page> {
        let n = self.held.len();
        self.release(n)
    }

    /// Hand back the first `n` held pages with their tables placed.
    fn release(&mut self, n: usize) -> Vec<Page> {
        if n == 0 {
            return Vec::new();
        }
        let first_kept = self.held.get(n).map(|h| h.page.number);
        let mut done = Vec::new();
        for h in &mut self.held {
            let (complete, open): (Vec<Found>, Vec<Found>) = std::mem::take(&mut h.found)
                .into_iter()
                .partition(|f| first_kept.is_none_or(|k| f.grid.page < k));
            h.found = open;
            done.extend(complete);
        }
        for mut f in done {
            self.to_page_coordinates(&mut f);
            for (page, b) in &f.parts {
                if let Some(h) = self.held.iter_mut().find(|h| h.page.number == *page) {
                    h.covered.push(*b);
                }
            }
            if let Some(h) = self.held.iter_mut().find(|h| h.page.number == f.grid.page) {
                h.anchored.push(f);
            }
        }
        self.held
            .drain(..n.min(self.held.len()))
            .map(|mut h| {
                h.anchored
                    .sort_by(|a, b| a.grid.bbox.top.total_cmp(&b.grid.bbox.top));
                let tables = h
                    .anchored
                    .iter()
                    .enumerate()
                    .map(|(i, f)| (f.grid.bbox.top, to_table(&f.grid, self.file, i as u32 + 1)))
                    .collect();
                place(&mut h.page, tables, &h.covered);
                h.page
            })
            .collect()
    }

    /// Turn the boxes of a table found on turned pages back into each
    /// page's own coordinates.
    fn to_page_coordinates(&self, f: &mut Found) {
        let back = |page: u32, b: BBox| match self.held.iter().find(|h| h.page.number == page) {
            Some(Held {
                turn: Some(t),
                page,
                ..
            }) => turn::to_page(*t, page, b),
            _ => b,
        };
        f.grid.bbox = back(f.grid.page, f.grid.bbox);
        for c in &mut f.grid.cells {
            c.bbox = back(c.page, c.bbox);
        }
        for (page, b) in &mut f.parts {
            *b = back(*page, *b);
        }
    }
}
