//! The parent side of process isolation: each file is read by a child
//! process of this binary with a wall-clock limit and an address-space cap,
//! because a reader can panic, loop or allocate without bound on hostile
//! input and a thread cannot be killed. Files are read level by level
//! (files on disk, then files inside them...), `jobs` at a time.

use super::cache::{Cache, ChildKey};
use super::discover::{self, skip_reason};
use super::fanout::{Admit, FanOut};
use super::interrupt;
use super::job::{bare, run_batch, run_job, Job, JobResult};
use super::progress::Progress;
use super::read_one::{error_row, sha256_hex, skipped_row, too_deep_row, FileOutcome};
use super::worker::Stored;
use super::RunConfig;
use crate::files::FileRow;
use crate::map::identify::DocIdentity;
use crate::read::Status;
use anyhow::{Context, Result};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// The run's scratch folder (`OUT/.work`): what workers wrote, including
/// the whole documents the outcomes point to. Removed when dropped.
pub struct WorkDir(PathBuf);

impl Drop for WorkDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// What reading the batch gave.
pub struct ReadAll {
    /// One per file, sorted by path, without its document: the document is
    /// in its `document_file`, and what assignment needs of it in
    /// `identities`, so the parent's memory does not grow with the batch.
    pub outcomes: Vec<FileOutcome>,
    /// Each readable document's identity, by logical path.
    pub identities: BTreeMap<String, DocIdentity>,
    /// The scratch folder holding the outcomes' documents.
    pub work: WorkDir,
    /// Output folders under the input that were not read.
    pub excluded: Vec<String>,
}

/// Read every file under the configured folder; outcomes sorted by path.
/// Their document files live in the returned [`WorkDir`] (or the cache):
/// keep it until the documents are written.
pub fn read_all(config: &RunConfig) -> Result<ReadAll> {
    let work = config.out.join(".work");
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work).with_context(|| format!("{}: cannot create", work.display()))?;
    let work = WorkDir(work);
    let mut walk = discover::walk_input(&config.dir, &config.out);
    if let Some(shard) = config.shard {
        walk.files.retain(|f| shard.holds(&f.logical));
        walk.problems.retain(|p| shard.holds(&p.logical));
    }
    let mut outcomes: Vec<FileOutcome> = walk
        .problems
        .into_iter()
        .map(|p| {
            let mut row = error_row(&p.logical, p.bytes, String::new(), p.message);
            row.status = p.status;
            bare(row)
        })
        .collect();
    let mut level = Vec::new();
    for f in walk.files {
        match skip_reason(&f.logical) {
            Some(reason) => {
                let size = std::fs::metadata(&f.physical).map(|m| m.len()).unwrap_or(0);
                outcomes.push(bare(skipped_row(&f.logical, size, reason)));
            }
            None => level.push(Job {
                root: Arc::from(f.logical.as_str()),
                physical: Stored::file(f.physical),
                logical: f.logical,
                depth: 0,
                message: None,
            }),
        }
    }
    // Every row is counted from the start (skipped files and problems too),
    // so the count never goes backwards and ends on the summary's figure.
    let progress = Progress::new((outcomes.len() + level.len()) as u64, config.progress_bar);
    for o in &outcomes {
        progress.finish_file(&status_line(&o.row), o.row.status != Status::Ok);
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(config.jobs)
        .build()
        .context("cannot start worker threads")?;
    let cache = match config.use_cache {
        true => Some(
            Cache::open(&config.out)
                .with_context(|| format!("{}: cannot create cache", config.out.display()))?,
        ),
        false => None,
    };
    let next_id = AtomicUsize::new(0);
    let identities = Mutex::new(BTreeMap::new());
    let mut fan = FanOut::new(config.limits.max_container_files);
    while !level.is_empty() {
        let units = units(std::mem::take(&mut level), config.jobs);
        let results: Vec<JobResult> = pool.install(|| {
            units
                .par_iter()
                .flat_map_iter(|unit| {
                    if interrupt::check().is_err() {
                        return Vec::new();
                    }
                    let id = next_id.fetch_add(1, Ordering::Relaxed);
                    let dir = work.0.join(format!("{id:06}"));
                    let mut results = read_unit(config, cache.as_ref(), unit, &dir, &progress);
                    for o in results.iter_mut().flat_map(|r| r.outcomes.iter_mut()) {
                        take_identity(config, o, &dir, &identities);
                    }
                    for result in &results {
                        // Files found inside join the total before this
                        // file's own line.
                        let inner = result.children.len() + result.outcomes.len().saturating_sub(1);
                        progress.found(inner as u64);
                        for o in &result.outcomes {
                            let problem = o.row.status != Status::Ok;
                            progress.finish_file(&status_line(&o.row), problem);
                        }
                    }
                    results
                })
                .collect()
        });
        if let Err(interrupted) = interrupt::check() {
            progress.finish();
            return Err(interrupted.into());
        }
        for result in results {
            outcomes.extend(result.outcomes);
            for child in result.children {
                let before = outcomes.len();
                match admit(config, cache.as_ref(), &mut fan, child, &mut outcomes) {
                    Some(job) => level.push(job),
                    None => {
                        for o in &outcomes[before..] {
                            progress.finish_file(&status_line(&o.row), o.row.status != Status::Ok);
                        }
                    }
                }
            }
        }
    }
    fan.finish(&mut outcomes);
    progress.finish();
    outcomes.sort_by(|a, b| a.row.path.cmp(&b.row.path));
    Ok(ReadAll {
        outcomes,
        identities: identities.into_inner().unwrap_or_else(|e| e.into_inner()),
        work,
        excluded: walk.excluded,
    })
}

/// Take what assignment needs of an outcome's document and drop the
/// document; its whole JSON stays on disk (written to `dir` when only the
/// document in memory was given).
fn take_identity(
    config: &RunConfig,
    outcome: &mut FileOutcome,
    dir: &Path,
    identities: &Mutex<BTreeMap<String, DocIdentity>>,
) {
    let Some(doc) = outcome.document.take() else {
        return;
    };
    if outcome.document_file.is_none() {
        let file = dir.join(super::files_log::document_file_name(&doc.source.path));
        let written = std::fs::create_dir_all(dir).and_then(|_| {
            let json = serde_json::to_vec(&doc).map_err(std::io::Error::other)?;
            std::fs::write(&file, json)
        });
        outcome.document_file = written.ok().map(|_| file);
    }
    let identity = crate::map::identify::identity_of(&doc, &config.rules);
    let mut identities = identities.lock().unwrap_or_else(|e| e.into_inner());
    identities.insert(doc.source.path.clone(), identity);
}

/// A file found inside another: the job to read it, or its row when it is
/// junk, nested too deep or past the container's fan-out limit.
fn admit(
    config: &RunConfig,
    cache: Option<&Cache>,
    fan: &mut FanOut,
    child: Job,
    outcomes: &mut Vec<FileOutcome>,
) -> Option<Job> {
    if let Some(reason) = skip_reason(&child.logical) {
        let (sha, size) = hash_file(&child.physical);
        let mut skipped = bare(skipped_row(&child.logical, size, reason));
        skipped.row.sha256 = sha;
        if let Some(cache) = cache {
            cache.put(&skipped, Vec::new());
        }
        outcomes.push(skipped);
        return None;
    }
    match fan.admit(&child.root, &child.logical) {
        Admit::Read => {}
        Admit::Over => return None,
        Admit::FirstOver => {
            let (sha, size) = hash_file(&child.physical);
            // The message is filled in once all files are counted.
            outcomes.push(bare(error_row(&child.logical, size, sha, String::new())));
            return None;
        }
    }
    if child.depth > config.limits.max_depth {
        let bytes = child.physical.read().unwrap_or_default();
        outcomes.push(bare(too_deep_row(
            &child.logical,
            &bytes,
            config.limits.max_depth,
        )));
        return None;
    }
    Some(child)
}

fn status_line(row: &FileRow) -> String {
    if row.status == Status::Ok {
        format!("{}: ok ({})", row.path, row.format)
    } else {
        format!("{}: {}", row.path, row.message)
    }
}

fn hash_file(stored: &Stored) -> (String, u64) {
    match stored.read() {
        Ok(b) => (sha256_hex(&b), b.len() as u64),
        Err(_) => (String::new(), 0),
    }
}

/// Files no bigger than this are read several to a worker: starting a
/// process costs more than reading a small attachment.
const SMALL_FILE_BYTES: u64 = 256 << 10;
/// Most files one batch worker reads.
const MOST_PER_BATCH: usize = 64;

/// What one worker is started for: one file, or several small ones.
enum Unit {
    One(Job),
    Many(Vec<Job>),
}

/// Group a level's jobs: big files alone, small ones in batches, enough
/// batches to keep every job slot busy.
fn units(jobs: Vec<Job>, slots: usize) -> Vec<Unit> {
    let size = |j: &Job| j.physical.size().unwrap_or(u64::MAX);
    let (small, big): (Vec<Job>, Vec<Job>) =
        jobs.into_iter().partition(|j| size(j) <= SMALL_FILE_BYTES);
    let per_batch = small.len().div_ceil(slots.max(1)).clamp(1, MOST_PER_BATCH);
    let mut units: Vec<Unit> = big.into_iter().map(Unit::One).collect();
    let mut small = small.into_iter().peekable();
    while small.peek().is_some() {
        let mut batch: Vec<Job> = small.by_ref().take(per_batch).collect();
        units.push(match batch.len() {
            1 => Unit::One(batch.remove(0)),
            _ => Unit::Many(batch),
        });
    }
    units
}

/// Read a unit's files: from the cache where it holds them, the rest in
/// one worker (and cache what it gave).
fn read_unit(
    config: &RunConfig,
    cache: Option<&Cache>,
    unit: &Unit,
    dir: &Path,
    progress: &Progress,
) -> Vec<JobResult> {
    let jobs = match unit {
        Unit::One(job) => std::slice::from_ref(job),
        Unit::Many(jobs) => jobs.as_slice(),
    };
    let mut results: Vec<Option<JobResult>> = jobs.iter().map(|j| cached(cache, j)).collect();
    let missing: Vec<Job> = jobs
        .iter()
        .zip(&results)
        .filter(|(_, r)| r.is_none())
        .map(|(j, _)| j.clone())
        .collect();
    if let Some(first) = missing.first() {
        progress.start(&first.logical);
    }
    let mut fresh = match missing.len() {
        0 => Vec::new(),
        1 => vec![run_job(config, &missing[0], dir)],
        _ => run_batch(config, &missing, dir),
    }
    .into_iter();
    for slot in results.iter_mut() {
        if slot.is_none() {
            let result = fresh.next().unwrap_or_default();
            if let Some(cache) = cache {
                remember(cache, &result);
            }
            *slot = Some(result);
        }
    }
    results.into_iter().flatten().collect()
}

/// The outcomes of `job` and everything inside it, when the cache holds
/// this file (same bytes) and all that came out of it.
fn cached(cache: Option<&Cache>, job: &Job) -> Option<JobResult> {
    let cache = cache?;
    let (sha, _) = hash_file(&job.physical);
    let entries = cache.get_tree(&job.logical, &sha)?;
    let outcomes = entries
        .into_iter()
        .map(|e| {
            let mut document = e.entry.document;
            if let (Some(doc), true) = (&mut document, e.entry.row.path == job.logical) {
                doc.source.message = job.message;
            }
            FileOutcome {
                row: e.entry.row,
                document,
                document_file: e.document_file,
                children: Vec::new(),
            }
        })
        .collect();
    Some(JobResult {
        outcomes,
        children: Vec::new(),
    })
}

/// Cache what a worker gave (nothing, if the run was stopped).
fn remember(cache: &Cache, result: &JobResult) {
    // Error rows are not cached, so a container with a refused child is
    // read again next time rather than coming back without that row.
    let refused_children = result.outcomes.len() > 1;
    if let Some(outcome) = result.outcomes.first().filter(|_| !refused_children) {
        let keys = result
            .children
            .iter()
            .map(|c| ChildKey {
                logical: c.logical.clone(),
                sha256: hash_file(&c.physical).0,
            })
            .collect();
        cache.put(outcome, keys);
    }
}
