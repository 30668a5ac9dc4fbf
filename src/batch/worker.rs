//! The worker side of process isolation: `foi-extract worker` reads one
//! file and writes `result.json` plus one file per child into its folder.
//! The parent (see `spawn`) bounds its time and memory.

use super::read_one::read_one;
use super::FileRow;
use crate::cli::WorkerArgs;
use crate::doc::Document;
use crate::read::Limits;
use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};
use std::process::ExitCode;

/// Name of the result file a worker writes in its folder.
pub const RESULT_FILE: &str = "result.json";

/// What a worker hands back.
#[derive(Debug, Serialize, Deserialize)]
pub struct WorkerResult {
    pub row: FileRow,
    pub document: Option<Document>,
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
}

/// Run as a worker.
pub fn run(args: &WorkerArgs) -> Result<ExitCode> {
    // Panics are caught and reported in the result; keep stderr quiet.
    std::panic::set_hook(Box::new(|_| {}));
    inject_fault(&args.logical);
    let bytes = std::fs::read(&args.input)
        .with_context(|| format!("{}: cannot read", args.input.display()))?;
    let outcome = read_one(&bytes, &args.logical, args.depth, Limits::default());
    drop(bytes);
    let mut children = Vec::with_capacity(outcome.children.len());
    for (i, child) in outcome.children.into_iter().enumerate() {
        let stored_as = format!("child-{i:05}");
        std::fs::write(args.out_dir.join(&stored_as), &child.bytes)?;
        children.push(WorkerChild {
            name: child.name,
            stored_as,
            message: child.message,
        });
    }
    let result = WorkerResult {
        row: outcome.row,
        document: outcome.document,
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
