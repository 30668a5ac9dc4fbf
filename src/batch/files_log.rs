//! The per-file document JSON (`documents/`): written after the batch
//! reads, read back whole where a force's rules need a page's layout.

use super::FileOutcome;
use crate::atomic::{link_or_copy_atomic, write_atomic};
use std::path::Path;

/// File name under `documents/` for a logical path: path separators become
/// `__`, so the name is unique and flat.
pub fn document_file_name(logical: &str) -> String {
    let flat: String = logical
        .replace('/', "__")
        .chars()
        .map(|c| {
            if c.is_control() || matches!(c, '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') {
                '_'
            } else {
                c
            }
        })
        .collect();
    format!("{flat}.json")
}

/// The document of the file at logical `path`, as written by
/// [`write_documents`] into `dir`, if it is there and readable.
pub fn read_document(dir: &Path, path: &str) -> Option<crate::doc::Document> {
    let file = std::fs::File::open(dir.join(document_file_name(path))).ok()?;
    serde_json::from_reader(std::io::BufReader::new(file)).ok()
}

/// Write one JSON document per file that was read, and remove documents a
/// previous run left for files that are gone or no longer read.
pub fn write_documents(dir: &Path, outcomes: &[FileOutcome]) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let mut written = std::collections::HashSet::new();
    for o in outcomes {
        let name = document_file_name(&o.row.path);
        let target = dir.join(&name);
        match (&o.document_file, &o.document) {
            (Some(file), _) => link_or_copy_atomic(file, &target)?,
            (None, Some(doc)) => {
                let json = serde_json::to_vec_pretty(doc).map_err(std::io::Error::other)?;
                write_atomic(&target, &json)?;
            }
            (None, None) => continue,
        }
        written.insert(std::ffi::OsString::from(name));
    }
    for entry in std::fs::read_dir(dir)?.flatten() {
        if !written.contains(&entry.file_name()) && entry.path().is_file() {
            std::fs::remove_file(entry.path())?;
        }
    }
    Ok(())
}
