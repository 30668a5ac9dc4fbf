//! A batch split over several runs: `run --shard I/N` reads the I-th of N
//! deterministic shares of the folder, and `merge` builds from the shards'
//! output folders the outputs one run over the whole folder gives (their
//! files.csv rows and documents, assigned and mapped again together, since
//! a force's files may fall in different shards).

use super::files_log::{document_path, open_document};
use super::finish::{finish, ReadFile, StageTimes};
use crate::files::FileRow;
use anyhow::{Context, Result};
use sha2::Digest;
use std::path::PathBuf;
use std::process::ExitCode;

/// The I-th (1-based) of N shares of a folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    pub index: u64,
    pub count: u64,
}

/// A `--shard` value that is not `I/N` with 1 ≤ I ≤ N.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("--shard {0:?}: expected I/N with 1 <= I <= N (e.g. 2/4)")]
pub struct BadShard(pub String);

impl std::str::FromStr for Shard {
    type Err = BadShard;

    fn from_str(s: &str) -> Result<Shard, BadShard> {
        let bad = || BadShard(s.to_string());
        let (i, n) = s.split_once('/').ok_or_else(bad)?;
        let index: u64 = i.trim().parse().map_err(|_| bad())?;
        let count: u64 = n.trim().parse().map_err(|_| bad())?;
        if index == 0 || index > count {
            return Err(bad());
        }
        Ok(Shard { index, count })
    }
}

impl Shard {
    /// Whether the file on disk at logical path `logical` is in this
    /// share: by a hash of the path, so every machine and every run splits
    /// a folder the same way. Files inside a zip or email go with it.
    pub fn holds(&self, logical: &str) -> bool {
        let hash = sha2::Sha256::digest(logical.as_bytes());
        let mut first = [0u8; 8];
        first.copy_from_slice(&hash[..8]);
        u64::from_be_bytes(first) % self.count == self.index - 1
    }
}

/// Why shard outputs cannot be merged.
#[derive(Debug, thiserror::Error)]
pub enum MergeError {
    #[error("{}: no finished run here (no files.csv)", .0.display())]
    NotARun(PathBuf),
    #[error("{path} is in both {} and {}: the shards overlap", .first.display(), .second.display())]
    Overlap {
        path: String,
        first: PathBuf,
        second: PathBuf,
    },
}

/// The rows and documents of every shard, checked not to overlap.
fn gather(shards: &[PathBuf], rules: &crate::map::rules::RuleSet) -> Result<Vec<ReadFile>> {
    let mut seen: std::collections::HashMap<String, usize> = Default::default();
    let mut files = Vec::new();
    for (n, shard) in shards.iter().enumerate() {
        let csv = shard.join("files.csv");
        let rows: Vec<FileRow> = crate::files::read_files_csv(&csv)
            .with_context(|| format!("{}: cannot read", csv.display()))?;
        for mut row in rows {
            if let Some(&first) = seen.get(&row.path) {
                return Err(MergeError::Overlap {
                    path: row.path,
                    first: shards[first].clone(),
                    second: shard.clone(),
                }
                .into());
            }
            seen.insert(row.path.clone(), n);
            let document_file = document_path(&shard.join("documents"), &row.path);
            // The same reading of the document a run takes as the worker
            // hands it over.
            let identity = document_file
                .as_ref()
                .and_then(|f| open_document(f).ok())
                .and_then(|f| crate::doc::read_without_layout(f).ok())
                .map(|doc| crate::map::identify::identity_of(&doc, rules));
            row.force = String::new();
            files.push(ReadFile {
                row,
                document_file,
                identity,
            });
        }
    }
    Ok(files)
}

/// `foi-extract merge`: the outputs of one run over every shard's files.
pub fn merge(args: &crate::cli::MergeArgs) -> Result<ExitCode> {
    for shard in &args.shards {
        if !shard.join("files.csv").is_file() {
            return Err(MergeError::NotARun(shard.clone()).into());
        }
    }
    let inputs = super::RunInputs::resolve(
        &args.out,
        args.schemas.as_deref(),
        args.population.clone(),
        args.compare.clone(),
    )?;
    let files = gather(&args.shards, &inputs.rules)?;
    let mut times = StageTimes::default();
    let finished = finish(
        &args.out,
        &inputs.rules,
        &inputs.output_options(),
        files,
        &mut times,
    )?;
    super::print_finished(&finished, &inputs.schemas, "");
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_split_every_path_exactly_once() {
        let shards: Vec<Shard> = (1..=3).map(|i| format!("{i}/3").parse().unwrap()).collect();
        for n in 0..200 {
            let path = format!("force {n}/reply.pdf");
            let holders = shards.iter().filter(|s| s.holds(&path)).count();
            assert_eq!(holders, 1, "{path}");
        }
        let counts: Vec<usize> = shards
            .iter()
            .map(|s| (0..300).filter(|n| s.holds(&format!("f{n}"))).count())
            .collect();
        assert!(counts.iter().all(|&c| c > 50), "{counts:?}");
    }

    #[test]
    fn bad_shard_values_are_refused() {
        for bad in ["0/2", "3/2", "1", "a/b", "1/0"] {
            assert!(bad.parse::<Shard>().is_err(), "{bad}");
        }
        assert_eq!("2/4".parse::<Shard>(), Ok(Shard { index: 2, count: 4 }));
    }
}
