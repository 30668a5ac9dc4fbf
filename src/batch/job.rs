//! One worker process at work: the parent side of process isolation for a
//! single file, or for a batch of small files read one after another by
//! one worker (starting a process costs more than reading a small
//! attachment). Each worker has a wall-clock limit and an address-space
//! cap, dies with the parent and stops when the run is interrupted.

use super::interrupt;
use super::read_one::{error_row, refused_row, sha256_hex, FileOutcome};
use super::worker::{
    named, BatchEntry, BatchLine, Stored, WorkerResult, BATCH_FILE, BATCH_RESULTS_FILE,
    CHILDREN_FILE, DOCUMENT_FILE, RESULT_FILE,
};
use super::RunConfig;
use crate::files::FileRow;
use std::path::Path;
use std::process::{Command, ExitStatus, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// A file waiting to be read.
#[derive(Debug, Clone)]
pub(crate) struct Job {
    pub(crate) physical: Stored,
    pub(crate) logical: String,
    pub(crate) depth: u32,
    pub(crate) message: Option<u32>,
    /// The file on disk this one was found in (itself for a file on disk).
    pub(crate) root: Arc<str>,
}

/// What reading one job gave: its outcome (or, from the cache, the outcomes
/// of it and everything inside it) and the jobs for files found inside it.
/// Empty when the run was interrupted.
#[derive(Default)]
pub(crate) struct JobResult {
    pub(crate) outcomes: Vec<FileOutcome>,
    pub(crate) children: Vec<Job>,
}

/// An outcome with a row only.
pub(crate) fn bare(row: FileRow) -> FileOutcome {
    FileOutcome {
        row,
        document: None,
        document_file: None,
        children: Vec::new(),
    }
}

/// How waiting for a worker ended, other than with its exit status.
enum Stopped {
    Interrupted,
    Failed(String),
}

/// The `error` result of a job that gave no outcome: `message`, with the
/// file's hash, size and detected format from one read of it.
fn failed(job: &Job, started: Instant, message: String) -> JobResult {
    let bytes = job.physical.read().ok();
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
}

/// Start the worker `cmd` (writing its stderr to `dir/stderr.txt`) and wait
/// for it within the time limit.
fn spawn_and_wait(config: &RunConfig, mut cmd: Command, dir: &Path) -> Result<ExitStatus, Stopped> {
    let started = Instant::now();
    std::fs::create_dir_all(dir)
        .map_err(|e| Stopped::Failed(format!("error: cannot create work folder: {e}")))?;
    let stderr = std::fs::File::create(dir.join("stderr.txt"))
        .map_err(|e| Stopped::Failed(format!("error: cannot create work file: {e}")))?;
    cmd.stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::from(stderr));
    prepare_worker(&mut cmd, config.max_mem_bytes).map_err(Stopped::Failed)?;
    let mut child = cmd
        .spawn()
        .map_err(|e| Stopped::Failed(format!("error: cannot start worker: {e}")))?;
    loop {
        let stop = match child.try_wait() {
            Ok(Some(status)) => return Ok(status),
            // The parent was told to stop: its worker stops with it.
            Ok(None) if interrupt::check().is_err() => Stopped::Interrupted,
            Ok(None) if started.elapsed() >= config.timeout => Stopped::Failed(format!(
                "error: timed out after {} s",
                config.timeout.as_secs()
            )),
            Ok(None) => {
                std::thread::sleep(Duration::from_millis(5));
                continue;
            }
            Err(e) => Stopped::Failed(format!("error: lost track of the worker: {e}")),
        };
        let _ = child.kill();
        let _ = child.wait();
        return Err(stop);
    }
}

/// Read one file in a worker process; returns its outcome and the jobs for
/// the files found inside it.
pub(crate) fn run_job(config: &RunConfig, job: &Job, dir: &Path) -> JobResult {
    let started = Instant::now();
    let mut cmd = Command::new(&config.worker_exe);
    cmd.arg("worker")
        .arg("--input")
        .arg(&job.physical.path)
        .arg("--logical")
        .arg(&job.logical)
        .arg("--depth")
        .arg(job.depth.to_string())
        .arg("--out-dir")
        .arg(dir);
    if let Some(message) = job.message {
        cmd.arg("--message").arg(message.to_string());
    }
    if let Some((offset, len)) = job.physical.range {
        cmd.arg("--offset").arg(offset.to_string());
        cmd.arg("--len").arg(len.to_string());
    }
    let status = match spawn_and_wait(config, cmd, dir) {
        Ok(status) => status,
        Err(Stopped::Interrupted) => return JobResult::default(),
        Err(Stopped::Failed(message)) => return failed(job, started, message),
    };
    let result: Option<WorkerResult> = std::fs::read(dir.join(RESULT_FILE))
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok());
    match result.map(|r| collect(job, &dir.join(""), r)) {
        Some(Ok(mut result)) => {
            if let Some(o) = result.outcomes.first_mut() {
                o.row.milliseconds = started.elapsed().as_millis() as u64;
            }
            result
        }
        Some(Err(message)) => failed(job, started, message),
        None => failed(job, started, crash_reason(config, dir, &status)),
    }
}

/// Read small files one after another in one worker process. A file the
/// batch gave no result for (the worker crashed, hung or ran out of memory
/// on it, or on one before it) is read again alone, so it gets its own
/// row and every other file is still read.
pub(crate) fn run_batch(config: &RunConfig, jobs: &[Job], dir: &Path) -> Vec<JobResult> {
    let entries: Vec<BatchEntry> = jobs
        .iter()
        .enumerate()
        .map(|(i, job)| BatchEntry {
            input: job.physical.clone(),
            logical: job.logical.clone(),
            depth: job.depth,
            message: job.message,
            prefix: dir.join(format!("{i:04}.")),
        })
        .collect();
    let list = dir.join(BATCH_FILE);
    let written = std::fs::create_dir_all(dir)
        .and_then(|_| serde_json::to_vec(&entries).map_err(std::io::Error::other))
        .and_then(|json| std::fs::write(&list, json));
    if written.is_ok() {
        let mut cmd = Command::new(&config.worker_exe);
        cmd.arg("worker-batch").arg("--list").arg(&list);
        if let Err(Stopped::Interrupted) = spawn_and_wait(config, cmd, dir) {
            return Vec::new();
        }
    }
    let mut results: Vec<Option<WorkerResult>> = jobs.iter().map(|_| None).collect();
    let lines = std::fs::read(dir.join(BATCH_RESULTS_FILE)).unwrap_or_default();
    // A line cut short by a crash does not parse, and its file is read again.
    for line in lines.split(|&b| b == b'\n') {
        if let Ok(BatchLine { index, result }) = serde_json::from_slice(line) {
            if let Some(slot) = results.get_mut(index) {
                *slot = Some(result);
            }
        }
    }
    jobs.iter()
        .zip(&entries)
        .zip(results)
        .map(
            |((job, entry), result)| match result.map(|r| collect(job, &entry.prefix, r)) {
                Some(Ok(result)) => result,
                _ => run_job(config, job, &named(&entry.prefix, "alone")),
            },
        )
        .collect()
}

/// Why a worker left no result: out of memory, a signal, or the last line
/// it wrote to stderr.
fn crash_reason(config: &RunConfig, dir: &Path, status: &ExitStatus) -> String {
    let tail = std::fs::read_to_string(dir.join("stderr.txt")).unwrap_or_default();
    if tail.contains("memory allocation") || tail.contains("capacity overflow") {
        return format!(
            "error: out of memory (limit {} MiB)",
            config.max_mem_bytes >> 20
        );
    }
    match status_signal(status) {
        Some(sig) => format!("error: worker crashed (signal {sig})"),
        None => format!(
            "error: worker failed ({}): {}",
            status,
            tail.lines().last().unwrap_or("").trim()
        ),
    }
}

/// The outcome of `job` from the result a worker gave and the files it
/// left named after `prefix`; an error message when its document cannot be
/// read back.
fn collect(job: &Job, prefix: &Path, result: WorkerResult) -> Result<JobResult, String> {
    // The parent holds documents without their page layout (the mapping
    // does not read it); the whole document stays on disk.
    let document_file = named(prefix, DOCUMENT_FILE);
    let document = match result.document {
        true => match std::fs::File::open(&document_file)
            .map_err(|e| e.to_string())
            .and_then(|f| crate::doc::read_without_layout(f).map_err(|e| e.to_string()))
        {
            Ok(doc) => Some(doc),
            Err(e) => return Err(format!("error: worker's document unreadable: {e}")),
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
            physical: Stored {
                path: named(prefix, CHILDREN_FILE),
                range: Some((c.offset, c.len)),
            },
            logical: format!("{}/{}", job.logical, c.name),
            depth: job.depth + 1,
            // A child with no tie of its own (inside a winmail.dat, a nested zip)
            // belongs to the message its container belongs to.
            message: c.message.or(job.message),
            root: job.root.clone(),
        })
        .collect();
    let mut outcomes = vec![FileOutcome {
        row: result.row,
        document_file: document.as_ref().map(|_| document_file),
        document,
        children: Vec::new(),
    }];
    outcomes.extend(refused);
    Ok(JobResult { outcomes, children })
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

/// Cap this process's own address space at `bytes` (for `inspect`, which
/// reads in-process: one hostile file must not take the whole machine).
/// A cap that cannot be set is an error, never ignored.
#[cfg(unix)]
pub(crate) fn cap_own_memory(bytes: u64) -> Result<(), String> {
    let mut current = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit and setrlimit only read/write the structs given.
    unsafe {
        if libc::getrlimit(libc::RLIMIT_AS, &mut current) != 0 {
            return Err(std::io::Error::last_os_error().to_string());
        }
        // Never raise a limit set from outside (ulimit -v).
        let cap = (bytes as libc::rlim_t).min(current.rlim_max);
        let limit = libc::rlimit {
            rlim_cur: cap,
            rlim_max: current.rlim_max,
        };
        if libc::setrlimit(libc::RLIMIT_AS, &limit) != 0 {
            return Err(std::io::Error::last_os_error().to_string());
        }
    }
    Ok(())
}

#[cfg(not(unix))]
pub(crate) fn cap_own_memory(_bytes: u64) -> Result<(), String> {
    Ok(())
}

#[cfg(not(unix))]
fn prepare_worker(_cmd: &mut Command, _bytes: u64) -> Result<(), String> {
    Ok(())
}
