//! The parent side of process isolation: each file is read by a child
//! process of this binary with a wall-clock limit and an address-space cap,
//! because a reader can panic, loop or allocate without bound on hostile
//! input and a thread cannot be killed. Files are read level by level
//! (files on disk, then files inside them...), `jobs` at a time.

use super::cache::{Cache, ChildKey};
use super::discover::{self, skip_reason};
use super::progress::Progress;
use super::read_one::{error_row, refused_row, sha256_hex, skipped_row, too_deep_row, FileOutcome};
use super::worker::{WorkerResult, DOCUMENT_FILE, RESULT_FILE};
use super::RunConfig;
use crate::files::FileRow;
use crate::read::Status;
use anyhow::{Context, Result};
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// A file waiting to be read.
#[derive(Debug, Clone)]
struct Job {
    physical: PathBuf,
    logical: String,
    depth: u32,
    message: Option<u32>,
}

/// What reading one job gave: its outcome (or, from the cache, the outcomes
/// of it and everything inside it) and the jobs for files found inside it.
struct JobResult {
    outcomes: Vec<FileOutcome>,
    children: Vec<Job>,
}

/// The run's scratch folder (`OUT/.work`): what workers wrote, including
/// the whole documents the outcomes point to. Removed when dropped.
pub struct WorkDir(PathBuf);

impl Drop for WorkDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Read every file under the configured folder; outcomes sorted by path.
/// Their document files live in the returned [`WorkDir`] (or the cache):
/// keep it until the documents are written.
pub fn read_all(config: &RunConfig) -> Result<(Vec<FileOutcome>, WorkDir)> {
    let work = config.out.join(".work");
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work).with_context(|| format!("{}: cannot create", work.display()))?;
    let work = WorkDir(work);
    let (found, walk_errors) = discover::walk_input(&config.dir);
    // Every row is counted from the start: skipped files and folders that
    // could not be listed too, so the count ends on the summary's figure.
    let progress = Progress::new(
        (found.len() + walk_errors.len()) as u64,
        config.progress_bar,
    );
    let (mut outcomes, mut level) = first_level(found, walk_errors, &progress);
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
    while !level.is_empty() {
        let results: Vec<JobResult> = pool.install(|| {
            level
                .par_iter()
                .map(|job| {
                    let id = next_id.fetch_add(1, Ordering::Relaxed);
                    progress.start(&job.logical);
                    let dir = work.0.join(format!("{id:06}"));
                    let result = read_job(config, cache.as_ref(), job, &dir);
                    // Files found inside (read next, or the rest of a cached
                    // tree) join the total before this file's own line.
                    let inner = result.children.len() + result.outcomes.len().saturating_sub(1);
                    progress.found(inner as u64);
                    for o in &result.outcomes {
                        progress.finish_file(&status_line(&o.row), o.row.status != Status::Ok);
                    }
                    result
                })
                .collect()
        });
        level = Vec::new();
        for result in results {
            outcomes.extend(result.outcomes);
            for child in result.children {
                if let Some(reason) = skip_reason(&child.logical) {
                    let (sha, size) = hash_file(&child.physical);
                    let mut skipped = bare(skipped_row(&child.logical, size, reason));
                    skipped.row.sha256 = sha;
                    if let Some(cache) = &cache {
                        cache.put(&skipped, Vec::new());
                    }
                    progress.finish_file(&status_line(&skipped.row), false);
                    outcomes.push(skipped);
                } else if child.depth > config.limits.max_depth {
                    let bytes = std::fs::read(&child.physical).unwrap_or_default();
                    let row = too_deep_row(&child.logical, &bytes, config.limits.max_depth);
                    progress.finish_file(&status_line(&row), true);
                    outcomes.push(bare(row));
                } else {
                    level.push(child);
                }
            }
        }
    }
    progress.finish();
    outcomes.sort_by(|a, b| a.row.path.cmp(&b.row.path));
    Ok((outcomes, work))
}

/// The files on disk: rows for folders that could not be listed and for
/// junk skipped on purpose, and the jobs to read the rest.
fn first_level(
    found: Vec<discover::Found>,
    walk_errors: Vec<(String, String)>,
    progress: &Progress,
) -> (Vec<FileOutcome>, Vec<Job>) {
    let mut outcomes: Vec<FileOutcome> = Vec::new();
    for (path, message) in walk_errors {
        let row = error_row(&path, 0, String::new(), format!("error: {message}"));
        progress.finish_file(&status_line(&row), true);
        outcomes.push(bare(row));
    }
    let mut level = Vec::new();
    for f in found {
        match skip_reason(&f.logical) {
            Some(reason) => {
                let size = std::fs::metadata(&f.physical).map(|m| m.len()).unwrap_or(0);
                let row = skipped_row(&f.logical, size, reason);
                progress.finish_file(&status_line(&row), false);
                outcomes.push(bare(row));
            }
            None => level.push(Job {
                physical: f.physical,
                logical: f.logical,
                depth: 0,
                message: None,
            }),
        }
    }
    (outcomes, level)
}

fn status_line(row: &FileRow) -> String {
    if row.status == Status::Ok {
        format!("{}: ok ({})", row.path, row.format)
    } else {
        format!("{}: {}", row.path, row.message)
    }
}

fn bare(row: FileRow) -> FileOutcome {
    FileOutcome {
        row,
        document: None,
        document_file: None,
        children: Vec::new(),
    }
}

fn hash_file(path: &Path) -> (String, u64) {
    match std::fs::read(path) {
        Ok(b) => (sha256_hex(&b), b.len() as u64),
        Err(_) => (String::new(), 0),
    }
}

/// Read one job: from the cache when it holds this file and all that came
/// out of it, else in a worker (and then cache the result).
fn read_job(config: &RunConfig, cache: Option<&Cache>, job: &Job, dir: &Path) -> JobResult {
    let Some(cache) = cache else {
        return run_job(config, job, dir);
    };
    let (sha, _) = hash_file(&job.physical);
    if let Some(entries) = cache.get_tree(&job.logical, &sha) {
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
        return JobResult {
            outcomes,
            children: Vec::new(),
        };
    }
    let result = run_job(config, job, dir);
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
    result
}

/// Read one file in a worker process; returns its outcome and the jobs for
/// the files found inside it.
fn run_job(config: &RunConfig, job: &Job, dir: &Path) -> JobResult {
    let started = Instant::now();
    let failed = |message: String| {
        // One read gives the row its hash, size and detected format.
        let bytes = std::fs::read(&job.physical).ok();
        let (sha, size) = match &bytes {
            Some(b) => (sha256_hex(b), b.len() as u64),
            None => (String::new(), 0),
        };
        let mut row = error_row(&job.logical, size, sha, message);
        row.format = crate::read::sniff::detect(bytes.as_deref().unwrap_or_default(), &job.logical)
            .name()
            .to_string();
        row.milliseconds = started.elapsed().as_millis() as u64;
        JobResult {
            outcomes: vec![bare(row)],
            children: Vec::new(),
        }
    };
    if let Err(e) = std::fs::create_dir_all(dir) {
        return failed(format!("error: cannot create work folder: {e}"));
    }
    let stderr_path = dir.join("stderr.txt");
    let stderr = match std::fs::File::create(&stderr_path) {
        Ok(f) => f,
        Err(e) => return failed(format!("error: cannot create work file: {e}")),
    };
    let mut cmd = Command::new(&config.worker_exe);
    cmd.arg("worker")
        .arg("--input")
        .arg(&job.physical)
        .arg("--logical")
        .arg(&job.logical)
        .arg("--depth")
        .arg(job.depth.to_string())
        .arg("--out-dir")
        .arg(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::from(stderr));
    if let Some(message) = job.message {
        cmd.arg("--message").arg(message.to_string());
    }
    limit_memory(&mut cmd, config.max_mem_bytes);
    let mut child = match cmd.spawn() {
        Ok(c) => c,
        Err(e) => return failed(format!("error: cannot start worker: {e}")),
    };
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Some(status),
            Ok(None) if started.elapsed() >= config.timeout => {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(5)),
            Err(_) => break None,
        }
    };
    let Some(status) = status else {
        return failed(format!(
            "error: timed out after {} s",
            config.timeout.as_secs()
        ));
    };
    let result: Option<WorkerResult> = std::fs::read(dir.join(RESULT_FILE))
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok());
    let Some(result) = result else {
        let tail = std::fs::read_to_string(&stderr_path).unwrap_or_default();
        let reason = if tail.contains("memory allocation") || tail.contains("capacity overflow") {
            format!(
                "error: out of memory (limit {} MiB)",
                config.max_mem_bytes >> 20
            )
        } else {
            match status_signal(&status) {
                Some(sig) => format!("error: worker crashed (signal {sig})"),
                None => format!(
                    "error: worker failed ({}): {}",
                    status,
                    tail.lines().last().unwrap_or("").trim()
                ),
            }
        };
        return failed(reason);
    };
    let mut row = result.row;
    row.milliseconds = started.elapsed().as_millis() as u64;
    // The parent holds documents without their page layout (the mapping
    // does not read it); the whole document stays on disk.
    let document_file = dir.join(DOCUMENT_FILE);
    let document = match result.document {
        true => match std::fs::File::open(&document_file)
            .map_err(|e| e.to_string())
            .and_then(|f| crate::doc::read_without_layout(f).map_err(|e| e.to_string()))
        {
            Ok(doc) => Some(doc),
            Err(e) => return failed(format!("error: worker's document unreadable: {e}")),
        },
        false => None,
    };
    // A child its container refused (over a size limit) is an error row
    // now; its siblings are read.
    let (refused, children): (Vec<_>, Vec<_>) = result
        .children
        .into_iter()
        .partition(|c| c.refused.is_some());
    let refused = refused.into_iter().map(|c| {
        let path = format!("{}/{}", job.logical, c.name);
        bare(refused_row(&path, c.refused.unwrap_or_default()))
    });
    let children = children
        .into_iter()
        .map(|c| Job {
            physical: dir.join(&c.stored_as),
            logical: format!("{}/{}", job.logical, c.name),
            depth: job.depth + 1,
            // A child with no tie of its own (inside a winmail.dat, a nested zip)
            // belongs to the message its container belongs to.
            message: c.message.or(job.message),
        })
        .collect();
    let mut outcomes = vec![FileOutcome {
        row,
        document_file: document.as_ref().map(|_| document_file),
        document,
        children: Vec::new(),
    }];
    outcomes.extend(refused);
    JobResult { outcomes, children }
}

#[cfg(unix)]
fn status_signal(status: &std::process::ExitStatus) -> Option<i32> {
    std::os::unix::process::ExitStatusExt::signal(status)
}

#[cfg(not(unix))]
fn status_signal(_status: &std::process::ExitStatus) -> Option<i32> {
    None
}

/// Cap the worker's address space (and forbid core dumps) before it runs.
#[cfg(unix)]
fn limit_memory(cmd: &mut Command, bytes: u64) {
    use std::os::unix::process::CommandExt;
    // SAFETY: setrlimit is async-signal-safe and only touches the child.
    unsafe {
        cmd.pre_exec(move || {
            let limit = libc::rlimit {
                rlim_cur: bytes as libc::rlim_t,
                rlim_max: bytes as libc::rlim_t,
            };
            libc::setrlimit(libc::RLIMIT_AS, &limit);
            let none = libc::rlimit {
                rlim_cur: 0,
                rlim_max: 0,
            };
            libc::setrlimit(libc::RLIMIT_CORE, &none);
            Ok(())
        });
    }
}

#[cfg(not(unix))]
fn limit_memory(_cmd: &mut Command, _bytes: u64) {}
