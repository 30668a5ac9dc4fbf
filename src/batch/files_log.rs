//! The file log (`files.csv`: one row per file, inner files included) and
//! the per-file document JSON (`documents/`).

use super::FileOutcome;
use crate::atomic::{link_or_copy_atomic, write_atomic, AtomicFile};
use crate::read::Status;
use serde::{Deserialize, Serialize};
use std::io::Write;
use std::path::Path;

/// One row of `files.csv`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FileRow {
    /// Logical path relative to the batch root (`reply.zip/Annex A.xlsx`).
    pub path: String,
    pub sha256: String,
    pub format: String,
    pub bytes: u64,
    /// Pages, sheets, bodies or messages read.
    pub parts: usize,
    pub status: Status,
    /// One-line reason for any status but `ok` (warnings for `ok`).
    pub message: String,
    pub milliseconds: u64,
    /// The force the file was assigned to (slug), or `ambiguous` when its
    /// force could not be told; empty for skipped files.
    #[serde(default)]
    pub force: String,
}

/// The columns of `files.csv`, in the order [`FileRow`] serializes them.
pub const FILE_COLUMNS: [&str; 9] = [
    "path",
    "sha256",
    "format",
    "bytes",
    "parts",
    "status",
    "message",
    "milliseconds",
    "force",
];

/// Write `files.csv` atomically, rows in the given order; with no rows it
/// still has its header, so every reader opens it.
pub fn write_files_csv(path: &Path, rows: &[FileRow]) -> std::io::Result<()> {
    let mut file = AtomicFile::create(path)?;
    {
        let mut w = csv::Writer::from_writer(&mut file);
        if rows.is_empty() {
            w.write_record(FILE_COLUMNS)?;
        }
        for row in rows {
            w.serialize(row).map_err(std::io::Error::other)?;
        }
        w.flush()?;
    }
    file.flush()?;
    file.commit()
}

/// Read a `files.csv` back.
pub fn read_files_csv(path: &Path) -> anyhow::Result<Vec<FileRow>> {
    let mut r = csv::Reader::from_path(path)?;
    Ok(r.deserialize().collect::<Result<_, _>>()?)
}

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

#[cfg(test)]
mod tests {
    use super::*;

    fn header_of(path: &Path) -> Vec<String> {
        let mut r = csv::Reader::from_path(path).unwrap();
        r.headers().unwrap().iter().map(String::from).collect()
    }

    #[test]
    fn empty_files_csv_has_its_header() {
        let dir = tempfile::tempdir().unwrap();
        let empty = dir.path().join("empty.csv");
        write_files_csv(&empty, &[]).unwrap();
        assert_eq!(header_of(&empty), FILE_COLUMNS);
        // The written header is the one serde gives a row.
        let row = FileRow {
            path: "a.pdf".into(),
            sha256: String::new(),
            format: "pdf".into(),
            bytes: 1,
            parts: 1,
            status: Status::Ok,
            message: String::new(),
            milliseconds: 0,
            force: String::new(),
        };
        let one = dir.path().join("one.csv");
        write_files_csv(&one, &[row]).unwrap();
        assert_eq!(header_of(&one), FILE_COLUMNS);
        assert!(read_files_csv(&empty).unwrap().is_empty());
    }
}
