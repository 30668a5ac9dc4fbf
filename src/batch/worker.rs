//! The worker side of process isolation: `foi-extract worker` reads one
//! file and writes into its folder the document's JSON (`document.json`,
//! written page by page as the file is read, so a long document is never
//! held whole), `result.json` (the file's row and children) and one file
//! per child. The parent (see `spawn`) bounds its time and memory.

use super::read_one::read_one_streaming;
use crate::atomic::AtomicFile;
use crate::cli::{WorkerArgs, WorkerBatchArgs};
use crate::doc::DocumentWriter;
use crate::files::FileRow;
use crate::read::Limits;
use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};
use std::path::PathBuf;
use std::process::ExitCode;

/// Name of the result file a worker writes in its folder.
pub const RESULT_FILE: &str = "result.json";
/// Name of the full document file a worker writes in its folder.
pub const DOCUMENT_FILE: &str = "document.json";

/// What a worker hands back.
#[derive(Debug, Serialize, Deserialize)]
pub struct WorkerResult {
    pub row: FileRow,
    /// True when [`DOCUMENT_FILE`] holds the file's document.
    pub document: bool,
    pub children: Vec<WorkerChild>,
}

/// A child file written by a worker into its folder: all children of one
/// file go one after another into [`CHILDREN_FILE`] (one file, not one per
/// child: an email with 10,000 attachments would leave 10,000 files to
/// write and delete).
#[derive(Debug, Serialize, Deserialize)]
pub struct WorkerChild {
    /// Name within the container.
    pub name: String,
    /// Where its bytes start in [`CHILDREN_FILE`], and how many.
    pub offset: u64,
    pub len: u64,
    pub message: Option<u32>,
    /// The `error` message of a child its container refused (over a size
    /// limit); no bytes are stored for it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refused: Option<String>,
}

/// Name of the file a worker writes its file's children into.
pub const CHILDREN_FILE: &str = "children.bin";
/// Name of the results file of a batch worker: one line per file read,
/// `{"index": i, "result": {...}}`, written as each file is done.
pub const BATCH_RESULTS_FILE: &str = "results.jsonl";

/// Where a file's bytes are: a whole file, or a range of one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stored {
    pub path: PathBuf,
    /// Offset and length within `path`; `None` for the whole file.
    pub range: Option<(u64, u64)>,
}

impl Stored {
    /// A whole file.
    pub fn file(path: PathBuf) -> Self {
        Stored { path, range: None }
    }

    /// The bytes.
    pub fn read(&self) -> std::io::Result<Vec<u8>> {
        use std::io::{Read, Seek, SeekFrom};
        let Some((offset, len)) = self.range else {
            return std::fs::read(&self.path);
        };
        let mut file = std::fs::File::open(&self.path)?;
        file.seek(SeekFrom::Start(offset))?;
        let mut bytes = Vec::new();
        file.take(len).read_to_end(&mut bytes)?;
        Ok(bytes)
    }

    /// How many bytes.
    pub fn size(&self) -> std::io::Result<u64> {
        match self.range {
            Some((_, len)) => Ok(len),
            None => std::fs::metadata(&self.path).map(|m| m.len()),
        }
    }
}

/// One line of [`BATCH_RESULTS_FILE`].
#[derive(Debug, Serialize, Deserialize)]
pub struct BatchLine {
    pub index: usize,
    pub result: WorkerResult,
}

/// One file of a batch (see `job::run_batch`): what `foi-extract worker`
/// is given on its command line.
#[derive(Debug, Serialize, Deserialize)]
pub struct BatchEntry {
    pub input: Stored,
    pub logical: String,
    pub depth: u32,
    pub message: Option<u32>,
    /// What this file's document and children files are named after: a
    /// folder and `/`, or (in a batch, where a folder per file would cost
    /// another thing to delete) a folder and `0001.`.
    pub prefix: PathBuf,
}

/// Name of the list of files a batch worker reads.
pub const BATCH_FILE: &str = "batch.json";

/// Run as a worker.
pub fn run(args: &WorkerArgs) -> Result<ExitCode> {
    // Panics are caught and reported in the result; keep stderr quiet.
    std::panic::set_hook(Box::new(|_| {}));
    let input = Stored {
        path: args.input.clone(),
        range: args.offset.zip(args.len),
    };
    let result = read_into(&BatchEntry {
        input,
        logical: args.logical.clone(),
        depth: args.depth,
        message: args.message,
        prefix: args.out_dir.join(""),
    })?;
    // Streamed, so a large document is not held twice (model + JSON text).
    let mut file = AtomicFile::create(&args.out_dir.join(RESULT_FILE))?;
    serde_json::to_writer(&mut file, &result)?;
    file.commit_unsynced()?;
    Ok(ExitCode::SUCCESS)
}

/// Run as a batch worker: read each file of the list in turn. A file that
/// cannot be read here is left without a result, and the parent reads it
/// again alone.
pub fn run_batch(args: &WorkerBatchArgs) -> Result<ExitCode> {
    std::panic::set_hook(Box::new(|_| {}));
    let list: Vec<BatchEntry> = serde_json::from_slice(
        &std::fs::read(&args.list)
            .with_context(|| format!("{}: cannot read", args.list.display()))?,
    )?;
    let results = args.list.with_file_name(BATCH_RESULTS_FILE);
    let mut out = std::fs::File::create(&results)
        .with_context(|| format!("{}: cannot create", results.display()))?;
    for (index, entry) in list.iter().enumerate() {
        if let Ok(result) = read_into(entry) {
            // One write per line, so a crash later leaves this line whole.
            let mut line = serde_json::to_vec(&BatchLine { index, result })?;
            line.push(b'\n');
            std::io::Write::write_all(&mut out, &line)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Read one file and write its document, children and result into its
/// folder.
fn read_into(args: &BatchEntry) -> Result<WorkerResult> {
    inject_fault(&args.logical);
    let bytes = args
        .input
        .read()
        .with_context(|| format!("{}: cannot read", args.input.path.display()))?;
    let mut full = DocumentWriter::new(AtomicFile::create(&named(&args.prefix, DOCUMENT_FILE))?)?;
    let mut written = Ok(());
    let outcome = read_one_streaming(
        &bytes,
        &args.logical,
        args.depth,
        Limits::default(),
        &mut |part| {
            if written.is_ok() {
                written = full.part(&part);
            }
        },
    );
    drop(bytes);
    written.with_context(|| format!("{}: cannot write", DOCUMENT_FILE))?;
    // Without a document the unfinished file is dropped, which removes it.
    let document = match outcome.document {
        Some(mut doc) => {
            doc.source.message = args.message;
            full.finish(&doc)?.commit_unsynced()?;
            true
        }
        None => false,
    };
    let mut children = Vec::with_capacity(outcome.children.len());
    if !outcome.children.is_empty() {
        let mut file =
            std::io::BufWriter::new(std::fs::File::create(named(&args.prefix, CHILDREN_FILE))?);
        let mut offset = 0u64;
        for child in outcome.children {
            let len = match child.refused {
                Some(_) => 0,
                None => {
                    std::io::Write::write_all(&mut file, &child.bytes)?;
                    child.bytes.len() as u64
                }
            };
            children.push(WorkerChild {
                name: child.name,
                offset,
                len,
                message: child.message,
                refused: child.refused.map(|why| why.message()),
            });
            offset += len;
        }
        std::io::Write::flush(&mut file)?;
    }
    Ok(WorkerResult {
        row: outcome.row,
        document,
        children,
    })
}

/// The file `name` of the file whose files are named after `prefix`.
pub fn named(prefix: &std::path::Path, name: &str) -> PathBuf {
    let mut path = prefix.as_os_str().to_owned();
    path.push(name);
    PathBuf::from(path)
}

/// Fault injection for the isolation tests: `FOI_EXTRACT_FAULT=kind:needle`
/// makes the worker misbehave on files whose logical path contains
/// `needle`, the way a hostile file would make a reader misbehave: `hang`
/// loops forever, `oom` allocates without bound, `abort` dies on a signal,
/// `panic` panics outside any reader. Without the variable this does nothing.
fn inject_fault(logical: &str) {
    let Ok(spec) = std::env::var("FOI_EXTRACT_FAULT") else {
        return;
    };
    let Some((kind, needle)) = spec.split_once(':') else {
        return;
    };
    if needle.is_empty() || !logical.contains(needle) {
        return;
    }
    match kind {
        "hang" => loop {
            std::thread::sleep(std::time::Duration::from_secs(1));
        },
        "oom" => {
            let mut hog: Vec<Vec<u8>> = Vec::new();
            loop {
                // Touch every page so the allocation is real.
                hog.push(vec![1u8; 64 << 20]);
            }
        }
        "abort" => std::process::abort(),
        "panic" => panic!("injected panic"),
        _ => {}
    }
}
