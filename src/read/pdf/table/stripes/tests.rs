//! Tests of joining shaded bands into striped tables.

use super::super::{edges::page_edges, lattice::lattices};
use super::*;
use crate::doc::Page;

fn fill(x0: f32, top: f32, x1: f32, bottom: f32) -> Rect {
    Rect {
        x0,
        top,
        x1,
        bottom,
        filled: true,
        stroked: false,
        fill: Some([0.9, 0.9, 0.9]),
    }
}

fn word(text: &str, x0: f32, top: f32) -> Word {
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

/// Three columns (50, 150, 250, 350); rows 14 pt tall from y = 100;
/// rows 0, 2, 4... shaded cell by cell; `rows` rows of words.
fn zebra(rows: usize) -> Page {
    let mut page = Page {
        number: 1,
        width: 595.0,
        height: 842.0,
        ..Default::default()
    };
    for r in 0..rows {
        let top = 100.0 + 14.0 * r as f32;
        if r % 2 == 0 {
            for c in 0..3 {
                let x = 50.0 + 100.0 * c as f32;
                page.rects.push(fill(x, top, x + 100.0, top + 14.0));
            }
        }
        let n = (r * 37 + 11).to_string();
        page.words.extend([
            word(&format!("Force{r}"), 55.0, top + 2.0),
            word(&n, 155.0, top + 2.0),
            word("7", 255.0, top + 2.0),
        ]);
    }
    page
}

fn joined(page: &Page, s: &TableSettings) -> Vec<Lattice> {
    let edges = page_edges(page, s);
    let words: Vec<&Word> = page.words.iter().collect();
    join_stripes(
        lattices(&edges, &page.words, s),
        &page.rects,
        &edges,
        &words,
        s,
    )
}

#[test]
fn fills_are_measured_once_where_they_overlap() {
    let b = BBox {
        x0: 0.0,
        top: 0.0,
        x1: 100.0,
        bottom: 10.0,
    };
    let half = [fill(0.0, 0.0, 50.0, 10.0), fill(10.0, 2.0, 40.0, 8.0)];
    assert!((fill_cover(&b, &half) - 0.5).abs() < 1e-4);
    let mut boxed = fill(50.0, 0.0, 100.0, 10.0);
    boxed.stroked = true;
    assert!((fill_cover(&b, &[half[0].clone(), boxed]) - 0.5).abs() < 1e-4);
    assert_eq!(fill_cover(&b, &[fill(f32::NAN, 0.0, 1.0, 1.0)]), 0.0);
}

#[test]
fn bands_and_the_rows_between_and_after_them_are_one_grid() {
    // Bands at rows 0, 2, 4; plain rows 1, 3 and 5 (after the last).
    let page = zebra(6);
    let s = TableSettings::default();
    let l = joined(&page, &s);
    assert_eq!(l.len(), 1, "{l:#?}");
    assert_eq!((l[0].n_rows, l[0].n_cols), (6, 3));
    assert_eq!(l[0].col_edges, vec![50.0, 150.0, 250.0, 350.0]);
    // Every row has its three cells, each holding its row's words.
    for r in 0..6 {
        let cells: Vec<&CellRect> = l[0].rects.iter().filter(|c| c.row == r).collect();
        assert_eq!(cells.len(), 3, "row {r}");
        let y = 100.0 + 14.0 * r as f32 + 7.0;
        assert!(cells.iter().all(|c| c.bbox.top < y && c.bbox.bottom > y));
    }
    let off = TableSettings {
        join_stripes: false,
        ..Default::default()
    };
    assert_eq!(joined(&page, &off).len(), 3);
}

#[test]
fn a_shaded_header_takes_the_aligned_rows_under_it() {
    // Only row 0 shaded; three plain rows with padding (lines 7 pt
    // apart), then a line of prose.
    let mut page = zebra(1);
    for r in 0..3 {
        let top = 118.0 + 17.0 * r as f32;
        page.words.extend([
            word(&format!("Force{r}"), 55.0, top),
            word("12", 155.0, top),
            word("7", 255.0, top),
        ]);
    }
    page.words.push(word(
        "Please note that the figures may change as records are updated",
        55.0,
        175.0,
    ));
    let l = joined(&page, &TableSettings::default());
    assert_eq!(l.len(), 1);
    assert_eq!((l[0].n_rows, l[0].n_cols), (4, 3));
    assert!(l[0].bbox.bottom < 175.0);
}

#[test]
fn a_sentence_over_a_column_edge_between_bands_keeps_them_apart() {
    // Row 1 becomes a sentence inside the table's width whose words
    // fill two columns, one of them running over the edge at x = 150.
    let mut page = zebra(3);
    page.words.retain(|w| !(w.top > 114.0 && w.top < 128.0));
    for (text, x) in [
        ("Arrests", 55.0),
        ("following", 93.0),
        ("a", 139.0),
        ("search:", 145.0),
        ("6", 184.0),
    ] {
        page.words.push(word(text, x, 116.0));
    }
    let l = joined(&page, &TableSettings::default());
    assert_eq!(l.len(), 2, "{l:#?}");
    assert!(l.iter().all(|l| l.n_rows == 1));
    assert!(l
        .iter()
        .all(|l| l.bbox.bottom <= 114.5 || l.bbox.top >= 127.5));
}

#[test]
fn a_sentence_flowing_over_a_column_edge_at_a_word_space_keeps_bands_apart() {
    // As above, but the edge at x = 150 falls in the space between two
    // words: no word runs over it, yet the text flows across.
    let mut page = zebra(3);
    page.words.retain(|w| !(w.top > 114.0 && w.top < 128.0));
    for (text, x) in [
        ("Arrests", 55.0),
        ("following", 93.0),
        ("a", 141.0),
        ("search:", 150.5),
        ("6", 189.0),
    ] {
        page.words.push(word(text, x, 116.0));
    }
    let l = joined(&page, &TableSettings::default());
    assert_eq!(l.len(), 2, "{l:#?}");
    // Words further apart than the word space set are cells of a row.
    let narrow = TableSettings {
        stripe_word_gap_em: 0.2,
        ..Default::default()
    };
    assert_eq!(joined(&page, &narrow).len(), 1);
}

#[test]
fn a_paragraph_between_bands_keeps_them_apart() {
    let mut page = zebra(3);
    // Row 1 becomes a line of prose running past the table's right side.
    page.words.retain(|w| !(w.top > 114.0 && w.top < 128.0));
    page.words.push(word(
        "Figures for the second table follow below in the same form as the first",
        55.0,
        116.0,
    ));
    let l = joined(&page, &TableSettings::default());
    assert_eq!(l.len(), 2);
    assert!(l.iter().all(|l| l.n_rows == 1));
}
