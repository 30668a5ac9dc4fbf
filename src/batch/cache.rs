//! The read cache in `OUT/.cache/`: a re-run over the same output folder
//! re-reads only files whose bytes (sha256) changed.
//!
//! An entry is keyed by the file's logical path and sha256 together,
//! because a document's provenance names its path: the same bytes under
//! another name are read again. Entries hold the row, the document, and the
//! keys of the file's children, so a container is a hit only when all that
//! came out of it is in the cache too. Rows with status `error` (a timeout,
//! a crash) are not cached: they may pass with other limits.
//!
//! A document read by a worker is held without its page layout; its whole
//! JSON is kept beside the entry (`<key>.document.json`, a hard link where
//! the file system allows) so the documents folder can be written again.

use super::read_one::sha256_hex;
use super::FileOutcome;
use crate::atomic::{link_or_copy_atomic, write_atomic};
use crate::doc::{Document, DOCUMENT_MODEL_VERSION};
use crate::files::FileRow;
use crate::read::Status;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// What one cache entry holds.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Entry {
    pub row: FileRow,
    pub document: Option<Document>,
    pub children: Vec<ChildKey>,
}

/// An entry found in the cache, with the whole document's file when the
/// entry holds the document without its page layout.
#[derive(Debug, Clone)]
pub struct Hit {
    pub entry: Entry,
    pub document_file: Option<PathBuf>,
}

/// A child of a cached file: enough to find its own entry.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ChildKey {
    pub logical: String,
    pub sha256: String,
}

/// The cache folder of one output folder.
#[derive(Debug, Clone)]
pub struct Cache {
    dir: PathBuf,
}

impl Cache {
    /// Open (creating) the cache under `out`. Entries written by another
    /// version of the tool or document model live in another folder, so
    /// they are never read.
    pub fn open(out: &Path) -> std::io::Result<Cache> {
        let dir = out.join(".cache").join(format!(
            "v{}-m{}",
            env!("CARGO_PKG_VERSION"),
            DOCUMENT_MODEL_VERSION
        ));
        std::fs::create_dir_all(&dir)?;
        Ok(Cache { dir })
    }

    /// The entry's file and its whole document's file.
    fn paths_of(&self, logical: &str, sha256: &str) -> (PathBuf, PathBuf) {
        let key = sha256_hex(format!("{logical}\0{sha256}").as_bytes());
        let key = &key[..32];
        (
            self.dir.join(format!("{key}.json")),
            self.dir.join(format!("{key}.document.json")),
        )
    }

    /// The entry for this path and content, if cached.
    pub fn get(&self, logical: &str, sha256: &str) -> Option<Hit> {
        let (entry_path, document_path) = self.paths_of(logical, sha256);
        let bytes = std::fs::read(entry_path).ok()?;
        let entry: Entry = serde_json::from_slice(&bytes).ok()?;
        if entry.row.path != logical || entry.row.sha256 != sha256 {
            return None;
        }
        let document_file = document_path.is_file().then_some(document_path);
        Some(Hit {
            entry,
            document_file,
        })
    }

    /// The entry and all its descendants' entries, parent first, or `None`
    /// if any is missing.
    pub fn get_tree(&self, logical: &str, sha256: &str) -> Option<Vec<Hit>> {
        let mut out = Vec::new();
        let mut stack = vec![(logical.to_string(), sha256.to_string())];
        while let Some((logical, sha)) = stack.pop() {
            let hit = self.get(&logical, &sha)?;
            stack.extend(
                hit.entry
                    .children
                    .iter()
                    .map(|c| (c.logical.clone(), c.sha256.clone())),
            );
            out.push(hit);
        }
        Some(out)
    }

    /// Store an outcome (not for `error` rows). `children` are the keys of
    /// the files found inside it.
    pub fn put(&self, outcome: &FileOutcome, children: Vec<ChildKey>) {
        if outcome.row.status == Status::Error || outcome.row.sha256.is_empty() {
            return;
        }
        let entry = Entry {
            row: outcome.row.clone(),
            document: outcome.document.clone(),
            children,
        };
        let (entry_path, document_path) = self.paths_of(&outcome.row.path, &outcome.row.sha256);
        // A cache that cannot be written only costs time on the next run; an
        // entry whose whole document is missing is not written at all.
        if let Some(file) = &outcome.document_file {
            if link_or_copy_atomic(file, &document_path).is_err() {
                return;
            }
        }
        if let Ok(json) = serde_json::to_vec(&entry) {
            let _ = write_atomic(&entry_path, &json);
        }
    }
}
