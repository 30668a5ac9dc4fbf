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
    let json = serde_json::to_vec(&result)?;
    crate::atomic::write_atomic(&args.out_dir.join(RESULT_FILE), &json)?;
    Ok(ExitCode::SUCCESS)
}
