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

/// Write `files.csv` atomically, rows in the given order.
pub fn write_files_csv(path: &Path, rows: &[FileRow]) -> std::io::Result<()> {
    let mut file = AtomicFile::create(path)?;
    {
        let mut w = csv::Writer::from_writer(&mut file);
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
