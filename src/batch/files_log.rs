//! The per-file document JSON (`documents/`): written after the batch
//! reads, read back whole where a force's rules need a page's layout.

use super::FileOutcome;
use crate::atomic::{link_or_copy_atomic, write_atomic};
use sha2::Digest;
use std::path::Path;

/// Longest readable stem of a `documents/` name, in bytes: with the hash
/// and `.json` the name stays under the 255 bytes file systems allow.
const MAX_STEM_BYTES: usize = 200;

/// File name under `documents/` for a logical path: a readable stem (path
/// separators become `__`, characters Windows forbids `_`, cut to
/// [`MAX_STEM_BYTES`]) then a short hash of the whole logical path, so two
/// paths never share a name (`a/b.pdf` and `a__b.pdf` both flatten to
/// `a__b.pdf`) and a file keeps its name from run to run.
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
    let mut cut = flat.len().min(MAX_STEM_BYTES);
    while !flat.is_char_boundary(cut) {
        cut -= 1;
    }
    let hash = sha2::Sha256::digest(logical.as_bytes());
    format!("{}.{}.json", &flat[..cut], &hex::encode(hash)[..10])
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn document_names_of_flattening_paths_do_not_collide() {
        let nested = document_file_name("a/b.pdf");
        let flat = document_file_name("a__b.pdf");
        assert_ne!(nested, flat);
        assert!(nested.starts_with("a__b.pdf.") && nested.ends_with(".json"));
        // Stable: the same path gives the same name in every run.
        assert_eq!(document_file_name("a/b.pdf"), nested);
        let long = "x".repeat(400) + "/é.pdf";
        assert!(document_file_name(&long).len() < 255);
    }
}
