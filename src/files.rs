//! The file log: one row per file read, inner files included
//! (`files.csv`), and its counts. The batch writes it, mapping assigns its
//! files to forces, the outputs show it; it lives here so that none of
//! those stages imports another for it.

use crate::atomic::AtomicFile;
use crate::read::Status;
use serde::{Deserialize, Serialize};
use std::io::Write;
use std::path::Path;

/// What `files.csv` says of a file whose force could not be told.
pub const AMBIGUOUS: &str = "ambiguous";

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

/// Counts for the closing summary line.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Counts {
    pub files: usize,
    pub ok: usize,
    pub unreadable: usize,
    pub unsupported: usize,
    pub errors: usize,
    pub skipped: usize,
}

impl Counts {
    pub fn of(rows: &[FileRow]) -> Counts {
        let mut c = Counts {
            files: rows.len(),
            ..Default::default()
        };
        for r in rows {
            match r.status {
                Status::Ok => c.ok += 1,
                Status::Unreadable => c.unreadable += 1,
                Status::Unsupported => c.unsupported += 1,
                Status::Error => c.errors += 1,
                Status::Skipped => c.skipped += 1,
            }
        }
        c
    }
}

impl std::fmt::Display for Counts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "files read {}, ok {}, unreadable {}, unsupported {}, errors {}, skipped {}",
            self.files, self.ok, self.unreadable, self.unsupported, self.errors, self.skipped
        )
    }
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
