//! One run's outputs as one set. Every output of a run (the CSVs,
//! `records.jsonl`, `foi.sqlite`, the report, `files.csv`, `documents/`) is
//! written into a fresh generation folder, `OUT/.generations/<run id>/`;
//! then one atomic rename of the symbolic link `OUT/.current` switches from
//! the previous run's set to the new one. The names users open
//! (`OUT/records.jsonl`, `OUT/documents/` …) are fixed symbolic links
//! through `.current`, so OUT keeps its documented layout and a run killed
//! at any point leaves either the whole previous set or the whole new one,
//! never a mix.
//!
//! Why a pointer and not a manifest: a manifest with a run id in every
//! output would change the outputs' bytes from run to run (they are
//! byte-identical for the same input) and only readers that check it would
//! be safe; a spreadsheet opening `files.csv` checks nothing.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// Folder of OUT holding the output sets.
pub const GENERATIONS_DIR: &str = ".generations";
/// The symbolic link naming the current set.
pub const CURRENT_LINK: &str = ".current";
/// Environment variable for the kill test: the run aborts (as `kill -9`
/// would stop it) at the k-th point of its writing phase.
pub const ABORT_AT_ENV: &str = "FOI_EXTRACT_ABORT_AT_WRITE";

/// An output set being written; [`Generation::commit`] switches it in.
/// Dropped uncommitted (an error while writing), its folder is removed.
#[derive(Debug)]
pub struct Generation {
    out: PathBuf,
    name: String,
    committed: bool,
}

impl Generation {
    /// Start a new set in `out`, removing sets a killed run left behind.
    pub fn begin(out: &Path) -> io::Result<Generation> {
        let root = out.join(GENERATIONS_DIR);
        std::fs::create_dir_all(&root)?;
        remove_stale(out)?;
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or_default();
        let name = format!(
            "{}-{:09}-{}",
            now.as_secs(),
            now.subsec_nanos(),
            std::process::id()
        );
        std::fs::create_dir(root.join(&name))?;
        Ok(Generation {
            out: out.to_path_buf(),
            name,
            committed: false,
        })
    }

    /// The folder the outputs are written into.
    pub fn path(&self) -> PathBuf {
        self.out.join(GENERATIONS_DIR).join(&self.name)
    }

    /// Switch the set in: make sure every entry of the new set has its
    /// link in OUT (pointing through `.current`, it shows the previous set
    /// until the switch), sync, rename the pointer, then drop links the new
    /// set has no entry for and the previous sets.
    pub fn commit(mut self) -> io::Result<()> {
        migrate_plain_outputs(&self.out)?;
        let mut entries = Vec::new();
        for entry in std::fs::read_dir(self.path())? {
            let name = entry?.file_name();
            ensure_link(&self.out, &name)?;
            entries.push(name);
        }
        crate::atomic::sync_file_system(&self.path())?;
        crash_point();
        let target = Path::new(GENERATIONS_DIR).join(&self.name);
        let temp = self
            .out
            .join(format!("{CURRENT_LINK}.new-{}", std::process::id()));
        let _ = std::fs::remove_file(&temp);
        symlink(&target, &temp)?;
        std::fs::rename(&temp, self.out.join(CURRENT_LINK))?;
        self.committed = true;
        crate::atomic::sync_file_system(&self.out)?;
        crash_point();
        remove_dangling_links(&self.out)?;
        remove_stale(&self.out)
    }
}

impl Drop for Generation {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(self.path());
        }
    }
}

/// The set `.current` points to, if any.
fn current_name(out: &Path) -> Option<std::ffi::OsString> {
    let target = std::fs::read_link(out.join(CURRENT_LINK)).ok()?;
    target.file_name().map(|n| n.to_os_string())
}

/// Remove every set but the current one (sets of killed runs, the set a
/// commit replaced).
fn remove_stale(out: &Path) -> io::Result<()> {
    let current = current_name(out);
    let root = out.join(GENERATIONS_DIR);
    let Ok(entries) = std::fs::read_dir(&root) else {
        return Ok(());
    };
    for entry in entries {
        let entry = entry?;
        if Some(entry.file_name()) != current {
            std::fs::remove_dir_all(entry.path())?;
        }
    }
    Ok(())
}

/// The link OUT shows for an entry of the set.
fn link_target(name: &std::ffi::OsStr) -> PathBuf {
    Path::new(CURRENT_LINK).join(name)
}

/// Make `OUT/<name>` the link to `.current/<name>` (atomically replacing
/// a wrong link).
fn ensure_link(out: &Path, name: &std::ffi::OsStr) -> io::Result<()> {
    let path = out.join(name);
    let wanted = link_target(name);
    if std::fs::read_link(&path).is_ok_and(|t| t == wanted) {
        return Ok(());
    }
    let temp = out.join(format!(".link-{}.tmp", std::process::id()));
    let _ = std::fs::remove_file(&temp);
    symlink(&wanted, &temp)?;
    std::fs::rename(&temp, &path)
}

/// Links whose entry the current set does not have (a `.compare.json` no
/// longer written) are removed, so OUT shows what the set holds.
fn remove_dangling_links(out: &Path) -> io::Result<()> {
    for entry in std::fs::read_dir(out)? {
        let entry = entry?;
        let name = entry.file_name();
        let is_ours = std::fs::read_link(entry.path()).is_ok_and(|t| t == link_target(&name));
        if is_ours && !entry.path().exists() {
            std::fs::remove_file(entry.path())?;
        }
    }
    Ok(())
}

/// Names a run of a version before output sets wrote as plain files into
/// OUT (documents/ is a folder).
const PLAIN_OUTPUTS: &[&str] = &[
    "records.jsonl",
    "records.csv",
    "sources.csv",
    "ethnicity.csv",
    "reasons.csv",
    "monthly.csv",
    "flags.csv",
    "gaps.csv",
    "rates.csv",
    "disproportionality.csv",
    "disproportionality_pooled.csv",
    "checks.csv",
    "files.csv",
    "datapackage.json",
    "foi.sqlite",
    "report.html",
    ".compare.json",
    "documents",
];

/// Outputs of an earlier version, written as plain files into OUT, become
/// a set of their own before the first switch: each file is hard-linked
/// into it and its name replaced by the link, which shows the same bytes,
/// so the old outputs stay whole until the new set is switched in. (A
/// `documents/` folder is moved, the one moment it is not there.)
fn migrate_plain_outputs(out: &Path) -> io::Result<()> {
    let plain: Vec<&str> = PLAIN_OUTPUTS
        .iter()
        .copied()
        .filter(|n| {
            std::fs::symlink_metadata(out.join(n)).is_ok_and(|m| !m.file_type().is_symlink())
        })
        .collect();
    if plain.is_empty() {
        return Ok(());
    }
    let legacy_name = match current_name(out) {
        Some(name) => name,
        None => {
            let name = std::ffi::OsString::from("0-earlier-version");
            let dir = out.join(GENERATIONS_DIR).join(&name);
            std::fs::create_dir_all(&dir)?;
            let temp = out.join(format!("{CURRENT_LINK}.new-{}", std::process::id()));
            let _ = std::fs::remove_file(&temp);
            symlink(&Path::new(GENERATIONS_DIR).join(&name), &temp)?;
            std::fs::rename(&temp, out.join(CURRENT_LINK))?;
            name
        }
    };
    let dir = out.join(GENERATIONS_DIR).join(legacy_name);
    for name in plain {
        let from = out.join(name);
        if from.is_dir() {
            std::fs::rename(&from, dir.join(name))?;
        } else {
            let _ = std::fs::remove_file(dir.join(name));
            std::fs::hard_link(&from, dir.join(name))
                .or_else(|_| std::fs::copy(&from, dir.join(name)).map(|_| ()))?;
        }
        ensure_link(out, std::ffi::OsStr::new(name))?;
    }
    Ok(())
}

#[cfg(unix)]
fn symlink(target: &Path, link: &Path) -> io::Result<()> {
    std::os::unix::fs::symlink(target, link)
}

#[cfg(windows)]
fn symlink(target: &Path, link: &Path) -> io::Result<()> {
    // A link to a folder and to a file are different calls on Windows.
    let resolved = link.parent().unwrap_or(Path::new(".")).join(target);
    match resolved.is_dir() {
        true => std::os::windows::fs::symlink_dir(target, link),
        false => std::os::windows::fs::symlink_file(target, link),
    }
}

/// Points of the writing phase counted for the kill test: with
/// [`ABORT_AT_ENV`] set to k, the process aborts at the k-th, as a kill
/// would stop it there. Without it this does nothing.
pub fn crash_point() {
    static POINTS: AtomicUsize = AtomicUsize::new(0);
    let Some(k) = std::env::var(ABORT_AT_ENV)
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
    else {
        return;
    };
    if POINTS.fetch_add(1, Ordering::SeqCst) + 1 == k {
        std::process::abort();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write_set(out: &Path, text: &str) -> io::Result<()> {
        let generation = Generation::begin(out)?;
        std::fs::write(generation.path().join("records.csv"), text)?;
        std::fs::create_dir(generation.path().join("documents"))?;
        std::fs::write(generation.path().join("documents").join("a.json"), text)?;
        generation.commit()
    }

    #[test]
    fn a_committed_set_replaces_the_previous_one_whole() {
        let out = tempfile::tempdir().unwrap();
        write_set(out.path(), "one").unwrap();
        write_set(out.path(), "two").unwrap();
        let read = |p: &str| std::fs::read_to_string(out.path().join(p)).unwrap();
        assert_eq!(read("records.csv"), "two");
        assert_eq!(read("documents/a.json"), "two");
        let sets = std::fs::read_dir(out.path().join(GENERATIONS_DIR)).unwrap();
        assert_eq!(sets.count(), 1, "the replaced set is removed");
    }

    #[test]
    fn an_uncommitted_set_leaves_the_previous_one() {
        let out = tempfile::tempdir().unwrap();
        write_set(out.path(), "one").unwrap();
        let generation = Generation::begin(out.path()).unwrap();
        std::fs::write(generation.path().join("records.csv"), "two").unwrap();
        drop(generation);
        let text = std::fs::read_to_string(out.path().join("records.csv")).unwrap();
        assert_eq!(text, "one");
    }

    #[test]
    fn plain_outputs_of_an_earlier_version_become_a_set() {
        let out = tempfile::tempdir().unwrap();
        std::fs::write(out.path().join("records.csv"), "old").unwrap();
        std::fs::write(out.path().join("report.html"), "old report").unwrap();
        std::fs::create_dir(out.path().join("documents")).unwrap();
        std::fs::write(out.path().join("documents").join("b.json"), "old").unwrap();
        migrate_plain_outputs(out.path()).unwrap();
        let read = |p: &str| std::fs::read_to_string(out.path().join(p)).unwrap();
        assert_eq!(read("records.csv"), "old");
        assert_eq!(read("documents/b.json"), "old");
        write_set(out.path(), "new").unwrap();
        assert_eq!(read("records.csv"), "new");
        // The old report is not part of the new set.
        assert!(!out.path().join("report.html").exists());
        assert!(!out.path().join("documents/b.json").exists());
    }
}
