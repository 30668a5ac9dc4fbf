//! A ruled head over a rules-only body: HTML tables whose header and first
//! group are boxed or shaded while the rows below carry only a rule under
//! each, found as a lattice and a rules-only table one directly under the
//! other. With nothing between them and columns that match they are one
//! table, its group headings spanning their rows.

use super::continued::{append, columns_match, Found};
use super::grid::centre;
use super::merge_down::span_group_headings;
use super::settings::TableSettings;
use crate::doc::Word;

/// Join each lattice table to the rules-only table standing directly under
/// it (no word between, gap at most `stacked_join_max_gap`), in place.
pub fn join_stacked(out: &mut Vec<Found>, words: &[Word], s: &TableSettings) {
    let mut i = 0;
    while i < out.len() {
        let below = (0..out.len()).find(|&j| {
            j != i && {
                let (a, b) = (&out[i].grid, &out[j].grid);
                let gap = b.bbox.top - a.bbox.bottom;
                a.method == "lattice"
                    && b.method == "rules"
                    && a.page == b.page
                    && (-s.snap_tolerance..=s.stacked_join_max_gap).contains(&gap)
                    && columns_match(a, b, s)
                    && !words.iter().any(|w| {
                        let (x, y) = centre(w);
                        y > a.bbox.bottom
                            && y < b.bbox.top
                            && x > a.bbox.x0.max(b.bbox.x0)
                            && x < a.bbox.x1.min(b.bbox.x1)
                    })
            }
        });
        match below {
            Some(j) => {
                let b = out.remove(j);
                let at = if j < i { i - 1 } else { i };
                if let Some(a) = out.get_mut(at) {
                    let bottom = b.grid.bbox.bottom;
                    append(a, b);
                    a.grid.bbox.bottom = bottom;
                    // The body's group headings are headings of the whole.
                    let refs: Vec<&Word> = words.iter().collect();
                    span_group_headings(&mut a.grid, &refs);
                }
                i = at;
            }
            None => i += 1,
        }
    }
}
