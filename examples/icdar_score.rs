//! ICDAR 2013 table-competition score of foi-extract's PDF tables.
//!
//! For each `NAME.pdf` with ground truth `NAME-str.xml` in the folder (plus
//! alternative interpretations: `eu-009b-str.xml` for `eu-009a.pdf`, the
//! better score kept, as the competition did), read the PDF with our own
//! reader and table finder and compare adjacency relations: for every
//! non-empty cell, its nearest non-empty neighbour to the right in its row
//! and below in its column, as (text, text, direction). Texts are compared
//! without whitespace, in lower case, with ligatures and dashes unified.
//! Precision, recall and F1 per document; the summary gives their mean over
//! documents (the competition's figure) and the pooled totals.
//!
//! The ground truth gives a table continued over a page as one table per
//! page, so our tables are split at page breaks before scoring.
//!
//! With `--predicted OUT`, another tool's tables are scored instead of
//! ours, read from `OUT/<name>.json` (scripts/pdfplumber_tables.py,
//! camelot_tables.py and tabula_tables.py write them so;
//! scripts/compare-tables.sh scores them all beside ours).
//!
//! Usage: `cargo run --release --example icdar_score -- DIR [--verbose]
//! [--only NAME] [--predicted OUT]`

// The measure itself is shared with the held-out table test.
#[path = "../tests/icdar_scoring.rs"]
mod icdar_scoring;

use icdar_scoring::{
    best_score, ground_truth_sets, our_relations, predicted_json, IdGrid, Relation, Score,
};
use std::path::{Path, PathBuf};

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let dir = PathBuf::from(
        args.first()
            .map_or("../shared/data/icdar2013-eu", |s| s.as_str()),
    );
    let verbose = args.iter().any(|a| a == "--verbose");
    let only = args
        .iter()
        .position(|a| a == "--only")
        .and_then(|i| args.get(i + 1));
    let predicted_dir = args
        .iter()
        .position(|a| a == "--predicted")
        .and_then(|i| args.get(i + 1));
    let mut names: Vec<String> = std::fs::read_dir(&dir)?
        .flatten()
        .filter_map(|e| {
            e.file_name()
                .to_str()?
                .strip_suffix(".pdf")
                .map(str::to_string)
        })
        .filter(|n| only.is_none_or(|o| o == n))
        .collect();
    names.sort();
    let mut sum = (0.0, 0.0, 0.0);
    let mut pooled = Score {
        correct: 0,
        gt: 0,
        pred: 0,
    };
    let mut pages_read = 0usize;
    let started = std::time::Instant::now();
    println!(
        "{:<10} {:>6} {:>6} {:>6} {:>5} {:>5} {:>5}",
        "doc", "P", "R", "F1", "gt", "pred", "ok"
    );
    for name in &names {
        let gt_sets = ground_truth_sets(&dir, name)?;
        if gt_sets.is_empty() {
            continue;
        }
        let pred = match predicted_dir {
            Some(other) => predicted_json(&Path::new(other).join(format!("{name}.json")))?
                .iter()
                .flat_map(IdGrid::relations)
                .collect(),
            None => {
                let bytes = std::fs::read(dir.join(format!("{name}.pdf")))?;
                match our_relations(&bytes, &format!("{name}.pdf")) {
                    Ok((pred, pages)) => {
                        pages_read += pages;
                        pred
                    }
                    Err(e) => {
                        eprintln!("{name}: {e}");
                        Vec::new()
                    }
                }
            }
        };
        let best = best_score(&gt_sets, &pred);
        println!(
            "{:<10} {:>6.3} {:>6.3} {:>6.3} {:>5} {:>5} {:>5}",
            name,
            best.p(),
            best.r(),
            best.f1(),
            best.gt,
            best.pred,
            best.correct
        );
        if verbose {
            let gt = &gt_sets[0];
            let mut missing: Vec<&Relation> = gt.iter().filter(|r| !pred.contains(r)).collect();
            missing.truncate(15);
            let mut extra: Vec<&Relation> = pred.iter().filter(|r| !gt.contains(r)).collect();
            extra.truncate(15);
            println!("   missing: {missing:?}\n   extra:   {extra:?}");
        }
        sum.0 += best.p();
        sum.1 += best.r();
        sum.2 += best.f1();
        pooled.correct += best.correct;
        pooled.gt += best.gt;
        pooled.pred += best.pred;
    }
    let n = names.len().max(1) as f64;
    println!(
        "mean over {} documents: P {:.3} R {:.3} F1 {:.3}",
        names.len(),
        sum.0 / n,
        sum.1 / n,
        sum.2 / n
    );
    println!(
        "pooled relations: P {:.3} R {:.3} F1 {:.3} ({} correct, {} predicted, {} in ground truth)",
        pooled.p(),
        pooled.r(),
        pooled.f1(),
        pooled.correct,
        pooled.pred,
        pooled.gt
    );
    println!(
        "{pages_read} pages in {:.2} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
