//! `records.jsonl`: one compact JSON record per line, sorted by force, and
//! reading it back (for the "what changed" diff and `summary`).

use crate::record::Record;
use anyhow::{Context, Result};
use std::path::Path;

/// The file's bytes for records already sorted by force.
pub fn to_bytes(records: &[Record]) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    for r in records {
        serde_json::to_writer(&mut out, r)
            .with_context(|| format!("cannot serialise record {}", r.force))?;
        out.push(b'\n');
    }
    Ok(out)
}

/// Read a `records.jsonl`.
pub fn read(path: &Path) -> Result<Vec<Record>> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("{}: cannot read", path.display()))?;
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            serde_json::from_str(l).with_context(|| format!("{} line {}", path.display(), i + 1))
        })
        .collect()
}
