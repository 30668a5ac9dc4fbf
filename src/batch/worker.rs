//! The worker side of process isolation: `foi-extract worker` reads one
//! file and writes into its folder the document's JSON (`document.json`,
//! written page by page as the file is read, so a long document is never
//! held whole), `result.json` (the file's row and children) and one file
//! per child. The parent (see `spawn`) bounds its time and memory.

use super::read_one::read_one_streaming;
use crate::atomic::AtomicFile;
use crate::cli::WorkerArgs;
use crate::doc::DocumentWriter;
use crate::files::FileRow;
use crate::read::Limits;
use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};
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

/// A child file written by a worker into its folder.
#[derive(Debug, Serialize, Deserialize)]
pub struct WorkerChild {
    /// Name within the container.
    pub name: String,
    /// File name in the worker's folder.
    pub stored_as: String,
    pub message: Option<u32>,
    /// The `error` message of a child its container refused (nothing is
    /// stored for it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refused: Option<String>,
}

/// Run as a worker.
pub fn run(args: &WorkerArgs) -> Result<ExitCode> {
    // Panics are caught and reported in the result; keep stderr quiet.
    std::panic::set_hook(Box::new(|_| {}));
    inject_fault(&args.logical);
    let bytes = std::fs::read(&args.input)
        .with_context(|| format!("{}: cannot read", args.input.display()))?;
    let mut full = DocumentWriter::new(AtomicFile::create(&args.out_dir.join(DOCUMENT_FILE))?)?;
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
            full.finish(&doc)?.commit()?;
            true
        }
        None => false,
    };
    let mut children = Vec::with_capacity(outcome.children.len());
    for (i, child) in outcome.children.into_iter().enumerate() {
        let stored_as = format!("child-{i:05}");
        if child.refused.is_none() {
            std::fs::write(args.out_dir.join(&stored_as), &child.bytes)?;
        }
        children.push(WorkerChild {
            name: child.name,
            stored_as,
            message: child.message,
            refused: child.refused.map(|why| why.message()),
        });
    }
    let result = WorkerResult {
        row: outcome.row,
        document,
        children,
    };
    // Streamed, so a large document is not held twice (model + JSON text).
    let mut file = crate::atomic::AtomicFile::create(&args.out_dir.join(RESULT_FILE))?;
    serde_json::to_writer(&mut file, &result)?;
    file.commit()?;
    Ok(ExitCode::SUCCESS)
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
