//! The parent side of process isolation: each file is read by a child
//! process of this binary with a wall-clock limit and an address-space cap,
//! because a reader can panic, loop or allocate without bound on hostile
//! input and a thread cannot be killed. Files are read level by level
//! (files on disk, then files inside them...), `jobs` at a time.

use super::cache::{Cache, ChildKey};
use super::discover::{self, skip_reason};
use super::fanout::{Admit, FanOut};
use super::interrupt;
use super::progress::Progress;
use super::read_one::{error_row, sha256_hex, skipped_row, too_deep_row, FileOutcome};
use super::worker::{WorkerResult, DOCUMENT_FILE, RESULT_FILE};
use super::{FileRow, RunConfig};
use crate::read::Status;
use anyhow::{Context, Result};
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// A file waiting to be read.
#[derive(Debug, Clone)]
struct Job {
    physical: PathBuf,
    logical: String,
    depth: u32,
    message: Option<u32>,
    /// The file on disk this one was found in (itself for a file on disk).
    root: Arc<str>,
}

/// What reading one job gave: its outcome (or, from the cache, the outcomes
/// of it and everything inside it) and the jobs for files found inside it.
#[derive(Default)]
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

/// What reading the batch gave.
pub struct ReadAll {
    /// One per file, sorted by path.
    pub outcomes: Vec<FileOutcome>,
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
    let walk = discover::walk(&config.dir, &config.out);
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
                physical: f.physical,
                logical: f.logical,
                depth: 0,
                message: None,
            }),
        }
    }
    let progress = Progress::new(level.len() as u64, config.progress_bar);
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
    let mut fan = FanOut::new(config.limits.max_container_files);
    while !level.is_empty() {
        let results: Vec<JobResult> = pool.install(|| {
            level
                .par_iter()
                .map(|job| {
                    if interrupt::check().is_err() {
                        return JobResult::default();
                    }
                    let id = next_id.fetch_add(1, Ordering::Relaxed);
                    progress.start(&job.logical);
                    let dir = work.0.join(format!("{id:06}"));
                    let result = read_job(config, cache.as_ref(), job, &dir);
                    for (i, o) in result.outcomes.iter().enumerate() {
                        if i > 0 {
                            progress.add_total(1);
                        }
                        progress.finish_file(&status_line(&o.row), o.row.status != Status::Ok);
                    }
                    result
                })
                .collect()
        });
        if let Err(interrupted) = interrupt::check() {
            progress.finish();
            return Err(interrupted.into());
        }
        level = Vec::new();
        for result in results {
            outcomes.extend(result.outcomes);
            for child in result.children {
                if let Some(job) = admit(config, cache.as_ref(), &mut fan, child, &mut outcomes) {
                    progress.add_total(1);
                    level.push(job);
                }
            }
        }
    }
    fan.finish(&mut outcomes);
    progress.finish();
    outcomes.sort_by(|a, b| a.row.path.cmp(&b.row.path));
    Ok(ReadAll {
        outcomes,
        work,
        excluded: walk.excluded,
    })
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
        let bytes = std::fs::read(&child.physical).unwrap_or_default();
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
    if let Some(outcome) = result.outcomes.first() {
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
    if let Err(message) = prepare_worker(&mut cmd, config.max_mem_bytes) {
        return failed(message);
    }
    let mut child = match cmd.spawn() {
        Ok(c) => c,
        Err(e) => return failed(format!("error: cannot start worker: {e}")),
    };
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Ok(status),
            // The parent was told to stop: its worker stops with it.
            Ok(None) if interrupt::check().is_err() => {
                let _ = child.kill();
                let _ = child.wait();
                return JobResult::default();
            }
            Ok(None) if started.elapsed() >= config.timeout => {
                let _ = child.kill();
                let _ = child.wait();
                break Err(format!(
                    "error: timed out after {} s",
                    config.timeout.as_secs()
                ));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(5)),
            Err(e) => {
                let _ = child.kill();
                let _ = child.wait();
                break Err(format!("error: lost track of the worker: {e}"));
            }
        }
    };
    let status = match status {
        Ok(status) => status,
        Err(message) => return failed(message),
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
    let children = result
        .children
        .into_iter()
        .map(|c| Job {
            physical: dir.join(&c.stored_as),
            logical: format!("{}/{}", job.logical, c.name),
            depth: job.depth + 1,
            // A child with no tie of its own (inside a winmail.dat, a nested zip)
            // belongs to the message its container belongs to.
            message: c.message.or(job.message),
            root: job.root.clone(),
        })
        .collect();
    JobResult {
        outcomes: vec![FileOutcome {
            row,
            document_file: document.as_ref().map(|_| document_file),
            document,
            children: Vec::new(),
        }],
        children,
    }
}

#[cfg(unix)]
fn status_signal(status: &std::process::ExitStatus) -> Option<i32> {
    std::os::unix::process::ExitStatusExt::signal(status)
}

#[cfg(not(unix))]
fn status_signal(_status: &std::process::ExitStatus) -> Option<i32> {
    None
}

/// Set up the worker before it runs: it dies with the parent, its address
/// space is capped at `bytes` and it dumps no core. A cap the system will
/// not grant (above the hard limit this process runs under) fails the job
/// with a clear message instead of letting the worker run uncapped.
#[cfg(unix)]
fn prepare_worker(cmd: &mut Command, bytes: u64) -> Result<(), String> {
    use std::os::unix::process::CommandExt;
    let mut current = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit only writes the struct it is given.
    if unsafe { libc::getrlimit(libc::RLIMIT_AS, &mut current) } == 0
        && current.rlim_max != libc::RLIM_INFINITY
        && bytes as libc::rlim_t > current.rlim_max
    {
        return Err(format!(
            "error: cannot cap worker memory at {} MiB: this process may use at most {} MiB \
             (ulimit -v); lower --max-mem",
            bytes >> 20,
            current.rlim_max >> 20
        ));
    }
    // SAFETY: the closure runs between fork and exec and only makes
    // async-signal-safe calls (prctl, getppid, setrlimit), allocating nothing.
    let parent = std::process::id() as libc::pid_t;
    unsafe {
        cmd.pre_exec(move || {
            if !interrupt::die_with_parent(parent) {
                return Err(std::io::Error::from_raw_os_error(libc::ESRCH));
            }
            let limit = libc::rlimit {
                rlim_cur: bytes as libc::rlim_t,
                rlim_max: bytes as libc::rlim_t,
            };
            if libc::setrlimit(libc::RLIMIT_AS, &limit) != 0 {
                // The spawn fails with this error: the job becomes an
                // `error` row rather than a worker without its cap.
                return Err(std::io::Error::last_os_error());
            }
            let none = libc::rlimit {
                rlim_cur: 0,
                rlim_max: 0,
            };
            libc::setrlimit(libc::RLIMIT_CORE, &none);
            Ok(())
        });
    }
    Ok(())
}

#[cfg(not(unix))]
fn prepare_worker(_cmd: &mut Command, _bytes: u64) -> Result<(), String> {
    Ok(())
}
