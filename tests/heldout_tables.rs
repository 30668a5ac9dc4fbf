//! The PDF table finder on the two held-out sets (fixtures/heldout-tables
//! and fixtures/heldout2-tables, each made by the make.py there): PDFs from
//! LibreOffice, Chromium and Ghostscript whose ground truth comes from the
//! tables they were made from. Scored with the ICDAR 2013 measure of
//! examples/icdar_score.rs.
//!
//! The sets measure the finder on layouts it was not developed on: fix what
//! they reveal on fixtures of your own, then re-measure here. The floors
//! below only catch regressions.

use crate::icdar_scoring::{best_score, ground_truth_sets, our_relations, Score};
use crate::util::fixture;

/// What a set must score at least.
struct Floors {
    documents: usize,
    mean: f64,
    pooled: f64,
    worst_document: f64,
}

/// First measured on 2026-11-27 (see the set's README): mean F1 0.952 over
/// 32 documents, pooled F1 0.943, worst document 0.543 (h27, zebra-striped
/// rows). The set then led the fixes of that day (row numbers taken for a
/// chart axis, wrapped names and left-set headers in unruled tables, tables
/// striped by shading), after which: mean 0.998, pooled 0.997, worst
/// document 0.986 (h31). The floors sit about two points under, so a
/// regression in any layout the set covers fails this test, while the
/// measure's small noise does not. Raise them when the finder improves.
const HELDOUT: Floors = Floors {
    documents: 32,
    mean: 0.98,
    pooled: 0.98,
    worst_document: 0.95,
};

/// Measured blind on 2026-11-27: mean F1 0.869, pooled 0.938 (commit
/// cac01a4); 0.905 / 0.947 after fixes made without looking at it. Its
/// failure classes then led further fixes (banded rows without verticals,
/// row-group headings and labels merged down, two captioned tables kept
/// apart), after which: mean 0.972, pooled 0.991, worst document 0.200
/// (x29, a table in a two-column page, not yet read). Floors about two
/// points under, as above.
const HELDOUT2: Floors = Floors {
    documents: 35,
    mean: 0.95,
    pooled: 0.97,
    worst_document: 0.15,
};

#[test]
fn heldout_tables_score_at_least_the_measured_floor() {
    score_at_least("heldout-tables", &HELDOUT);
}

#[test]
fn heldout2_tables_score_at_least_the_measured_floor() {
    score_at_least("heldout2-tables", &HELDOUT2);
}

fn score_at_least(set: &str, floors: &Floors) {
    let dir = fixture(set);
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("held-out set")
        .flatten()
        .filter_map(|e| {
            e.file_name()
                .to_str()?
                .strip_suffix(".pdf")
                .map(str::to_string)
        })
        .collect();
    names.sort();
    assert_eq!(names.len(), floors.documents, "{set}: {names:?}");
    let mut pooled = Score {
        correct: 0,
        gt: 0,
        pred: 0,
    };
    let mut f1s = Vec::new();
    for name in &names {
        let gt = ground_truth_sets(&dir, name).expect("ground truth");
        assert_eq!(gt.len(), 1, "{name}: one ground truth");
        let bytes = std::fs::read(dir.join(format!("{name}.pdf"))).expect("pdf");
        let (pred, _) = our_relations(&bytes, &format!("{name}.pdf")).expect("readable");
        let s = best_score(&gt, &pred);
        f1s.push((name.clone(), s.f1()));
        pooled.correct += s.correct;
        pooled.gt += s.gt;
        pooled.pred += s.pred;
    }
    let mean = f1s.iter().map(|(_, f)| f).sum::<f64>() / f1s.len() as f64;
    let worst = f1s
        .iter()
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .cloned()
        .unwrap_or_default();
    assert!(mean >= floors.mean, "{set}: mean F1 {mean:.3}: {f1s:?}");
    assert!(
        pooled.f1() >= floors.pooled,
        "{set}: pooled F1 {:.3}",
        pooled.f1()
    );
    assert!(
        worst.1 >= floors.worst_document,
        "{set}: worst document {worst:?}"
    );
}
