//! Atomic file output: write to a temporary file beside the target, then
//! rename, so an interrupted run never leaves a half-written output.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// Write `bytes` to `path` atomically.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut f = AtomicFile::create(path)?;
    f.write_all(bytes)?;
    f.commit()
}

/// Put a copy of the file `from` at `to` atomically: a hard link where the
/// file system allows (the files are never changed in place), else a copy.
pub fn link_or_copy_atomic(from: &Path, to: &Path) -> io::Result<()> {
    let temp = temp_path(to);
    let _ = std::fs::remove_file(&temp);
    if std::fs::hard_link(from, &temp).is_err() {
        std::fs::copy(from, &temp)?;
    }
    let renamed = std::fs::rename(&temp, to);
    // When `to` already is a link to `from`, rename does nothing and leaves
    // the temporary name behind.
    let _ = std::fs::remove_file(&temp);
    renamed
}

/// The temporary name beside `target` that this process writes first.
fn temp_path(target: &Path) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "out".into());
    target.with_file_name(format!(".{name}.tmp-{}", std::process::id()))
}

/// A file being written under a temporary name; `commit` renames it into
/// place, dropping it without `commit` removes it.
pub struct AtomicFile {
    target: PathBuf,
    temp: PathBuf,
    writer: Option<BufWriter<File>>,
}

impl AtomicFile {
    pub fn create(target: &Path) -> io::Result<Self> {
        let temp = temp_path(target);
        let writer = BufWriter::new(File::create(&temp)?);
        Ok(AtomicFile {
            target: target.to_path_buf(),
            temp,
            writer: Some(writer),
        })
    }

    /// Flush and rename into place without syncing: for a worker's scratch
    /// files, many and small, made durable by one [`sync_file_system`]
    /// once the run has linked them into its outputs (a sync per file
    /// cost more than reading a small attachment).
    pub fn commit_unsynced(mut self) -> io::Result<()> {
        if let Some(w) = self.writer.take() {
            w.into_inner().map_err(|e| e.into_error())?;
        }
        std::fs::rename(&self.temp, &self.target)
    }

    /// Flush, sync and rename into place.
    pub fn commit(mut self) -> io::Result<()> {
        if let Some(w) = self.writer.take() {
            let file = w.into_inner().map_err(|e| e.into_error())?;
            file.sync_all()?;
        }
        std::fs::rename(&self.temp, &self.target)
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match &mut self.writer {
            Some(w) => w.write(buf),
            None => Err(io::Error::other("file already committed")),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match &mut self.writer {
            Some(w) => w.flush(),
            None => Ok(()),
        }
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if self.writer.is_some() {
            let _ = std::fs::remove_file(&self.temp);
        }
    }
}

/// Write everything cached for the file system holding `dir` to disk: one
/// call for all the files written without a sync of their own.
#[cfg(target_os = "linux")]
pub fn sync_file_system(dir: &Path) -> io::Result<()> {
    use std::os::fd::AsRawFd;
    let handle = File::open(dir)?;
    // SAFETY: syncfs only reads the descriptor, which lives until the end.
    match unsafe { libc::syncfs(handle.as_raw_fd()) } {
        0 => Ok(()),
        _ => Err(io::Error::last_os_error()),
    }
}

/// Elsewhere, the whole system's caches.
#[cfg(all(unix, not(target_os = "linux")))]
pub fn sync_file_system(_dir: &Path) -> io::Result<()> {
    // SAFETY: sync takes no arguments and cannot fail.
    unsafe { libc::sync() };
    Ok(())
}

#[cfg(not(unix))]
pub fn sync_file_system(_dir: &Path) -> io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    /// Linking a file over a link to itself made rename do nothing, and
    /// the temporary name stayed beside the target.
    #[test]
    fn linking_again_over_the_same_file_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let from = dir.path().join("cache.json");
        let to = dir.path().join("doc.json");
        std::fs::write(&from, b"{}").unwrap();
        link_or_copy_atomic(&from, &to).unwrap();
        link_or_copy_atomic(&from, &to).unwrap();
        assert_eq!(names(dir.path()), vec!["cache.json", "doc.json"]);
        assert_eq!(std::fs::read(&to).unwrap(), b"{}");
    }
}
