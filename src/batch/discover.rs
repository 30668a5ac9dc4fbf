//! Walking the input folder: every file, sorted, named losslessly, with
//! symlinks followed once, output folders left out, and OS junk
//! (`.DS_Store`, `Thumbs.db`, `~$` lock files, hidden files) marked to skip.

use crate::read::{ReadError, Status};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// A file found on disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub physical: PathBuf,
    /// Path relative to the batch root, `/`-separated.
    pub logical: String,
}

/// Why a file is skipped, if it is junk.
pub fn junk_reason(name: &str) -> Option<&'static str> {
    let lower = name.to_ascii_lowercase();
    if lower == ".ds_store" || lower == "thumbs.db" || lower == "desktop.ini" {
        Some("operating-system junk file")
    } else if name.starts_with("~$") {
        Some("office lock file")
    } else if name.starts_with("._") {
        Some("macOS resource fork")
    } else if name.starts_with('.') {
        Some("hidden file")
    } else {
        None
    }
}

/// True for a logical path with a hidden or junk folder on the way
/// (`__MACOSX/`, `.git/`).
pub fn in_junk_folder(logical: &str) -> bool {
    let mut parts: Vec<&str> = logical.split('/').collect();
    parts.pop();
    parts
        .iter()
        .any(|p| *p == "__MACOSX" || (p.starts_with('.') && *p != "." && *p != ".."))
}

/// Why the file at `logical` is skipped: a junk name, or a junk folder on
/// its way; `None` for a file to read.
pub fn skip_reason(logical: &str) -> Option<&'static str> {
    let name = logical.rsplit('/').next().unwrap_or(logical);
    junk_reason(name).or(in_junk_folder(logical).then_some("hidden folder"))
}

/// Name of the marker file every run leaves in its output folder, so a
/// later run over a folder that holds it never reads it as input.
pub const OUTPUT_MARKER: &str = ".foi-extract-output";

/// A file or folder the walk could not take as input, with the row it gets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub logical: String,
    /// Its real size, where it has one.
    pub bytes: u64,
    pub status: Status,
    pub message: String,
}

/// What the walk found.
#[derive(Debug, Default)]
pub struct Walk {
    /// Files to read (junk included: the caller marks it skipped), sorted
    /// by logical path.
    pub files: Vec<Found>,
    /// Files and folders that get a row without being read.
    pub problems: Vec<Problem>,
    /// Output folders (this run's, or a previous run's) not read as input.
    pub excluded: Vec<String>,
}

/// A real file or folder, named by device and inode, so a file reached by
/// two paths (a symlink, a hard link) is read once and a symlink loop ends.
type Identity = (u64, u64);

#[cfg(unix)]
fn identity(meta: &std::fs::Metadata) -> Identity {
    use std::os::unix::fs::MetadataExt;
    (meta.dev(), meta.ino())
}

#[cfg(not(unix))]
fn identity(_meta: &std::fs::Metadata) -> Identity {
    (0, 0)
}

/// Walk state: what has been seen, and the symlinks still to follow.
struct Walker<'a> {
    root: &'a Path,
    out: Option<Identity>,
    dirs: HashMap<Identity, String>,
    files: HashMap<Identity, String>,
    links: Vec<PathBuf>,
    walk: Walk,
}

/// The files `run` reads from its input: the input itself when it is a
/// file (its logical path is its name), else every file under it.
pub fn walk_input(input: &Path, out: &Path) -> Walk {
    if !input.is_file() {
        return walk(input, out);
    }
    let logical = input
        .file_name()
        .map_or_else(|| input.display().to_string(), lossless_name);
    Walk {
        files: vec![Found {
            physical: input.to_path_buf(),
            logical,
        }],
        ..Walk::default()
    }
}

/// Every file under `root`, sorted by logical path, never reading the
/// output folder `out` or any folder a previous run wrote. Real files and
/// folders come first; symlinks are then followed, each real file and
/// folder counted once (a second way to one gets a `skipped` row, so
/// loops end). Nothing found is dropped without a row.
pub fn walk(root: &Path, out: &Path) -> Walk {
    let mut walker = Walker {
        root,
        out: std::fs::metadata(out).ok().map(|m| identity(&m)),
        dirs: HashMap::new(),
        files: HashMap::new(),
        links: Vec::new(),
        walk: Walk::default(),
    };
    if let Ok(meta) = std::fs::metadata(root) {
        walker.dirs.insert(identity(&meta), String::new());
    }
    walker.folder(root);
    while !walker.links.is_empty() {
        let mut links = std::mem::take(&mut walker.links);
        links.sort();
        for link in links {
            walker.link(&link);
        }
    }
    let mut walk = walker.walk;
    walk.files.sort_by(|a, b| a.logical.cmp(&b.logical));
    walk.problems.sort_by(|a, b| a.logical.cmp(&b.logical));
    walk.excluded.sort();
    walk
}

impl Walker<'_> {
    /// Everything under one folder, symlinks set aside for later.
    fn folder(&mut self, top: &Path) {
        let mut stack = vec![top.to_path_buf()];
        while let Some(dir) = stack.pop() {
            let entries = match std::fs::read_dir(&dir) {
                Ok(e) => e,
                Err(e) => {
                    self.problem(
                        &dir,
                        0,
                        Status::Error,
                        format!("error: cannot list folder: {e}"),
                    );
                    continue;
                }
            };
            for entry in entries.flatten() {
                let path = entry.path();
                let Ok(ft) = entry.file_type() else { continue };
                if ft.is_symlink() {
                    self.links.push(path);
                } else if ft.is_dir() {
                    if self.enter(&path) {
                        stack.push(path);
                    }
                } else if ft.is_file() {
                    self.file(&path);
                }
            }
        }
    }

    /// True when the folder at `path` is to be walked: not seen before, and
    /// not an output folder.
    fn enter(&mut self, path: &Path) -> bool {
        let Ok(meta) = std::fs::metadata(path) else {
            return false;
        };
        let id = identity(&meta);
        let logical = logical_of(self.root, path);
        if Some(id) == self.out || is_previous_output(path) {
            self.walk.excluded.push(logical);
            return false;
        }
        if let Some(first) = self.dirs.get(&id) {
            let first = match first.is_empty() {
                true => "the input folder itself",
                false => first.as_str(),
            };
            let message = format!("skipped: same folder as {first} (symbolic link)");
            self.problem(path, 0, Status::Skipped, message);
            return false;
        }
        self.dirs.insert(id, logical);
        true
    }

    /// A regular file (or a symlink to one): read it, unless it was reached
    /// before by another path or cannot be opened.
    fn file(&mut self, path: &Path) {
        let meta = match std::fs::metadata(path) {
            Ok(m) => m,
            Err(e) => {
                let message = format!("error: cannot read: {e}");
                return self.problem(path, 0, Status::Error, message);
            }
        };
        let id = identity(&meta);
        if let Some(first) = self.files.get(&id) {
            let message = format!("skipped: same file as {first} (link)");
            return self.problem(path, meta.len(), Status::Skipped, message);
        }
        self.files.insert(id, logical_of(self.root, path));
        if let Err(e) = std::fs::File::open(path) {
            let message = match e.kind() {
                std::io::ErrorKind::PermissionDenied => ReadError::PermissionDenied.message(),
                _ => ReadError::Io(e.to_string()).message(),
            };
            let status = match e.kind() {
                std::io::ErrorKind::PermissionDenied => Status::Unreadable,
                _ => Status::Error,
            };
            return self.problem(path, meta.len(), status, message);
        }
        self.walk.files.push(Found {
            logical: logical_of(self.root, path),
            physical: path.to_path_buf(),
        });
    }

    /// A symlink: followed to its file or folder.
    fn link(&mut self, path: &Path) {
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => {
                if self.enter(path) {
                    self.folder(path);
                }
            }
            Ok(meta) if meta.is_file() => self.file(path),
            Ok(_) => {
                let message = "skipped: symbolic link to a device or pipe".to_string();
                self.problem(path, 0, Status::Skipped, message);
            }
            Err(e) => {
                let message = format!("error: broken symbolic link: {e}");
                self.problem(path, 0, Status::Error, message);
            }
        }
    }

    fn problem(&mut self, path: &Path, bytes: u64, status: Status, message: String) {
        self.walk.problems.push(Problem {
            logical: logical_of(self.root, path),
            bytes,
            status,
            message,
        });
    }
}

/// True for a folder a run wrote its outputs into: it holds the marker, or
/// (for runs from before the marker) the file log, the records and the
/// documents together.
fn is_previous_output(dir: &Path) -> bool {
    dir.join(OUTPUT_MARKER).is_file()
        || (dir.join("files.csv").is_file()
            && dir.join("records.jsonl").is_file()
            && dir.join("documents").is_dir())
}

/// The logical path of `path` under `root`: `/`-separated, each name kept
/// losslessly (see [`lossless_name`]).
fn logical_of(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| lossless_name(c.as_os_str()))
        .collect::<Vec<_>>()
        .join("/")
}

/// A file name as text without losing a byte: bytes that are not UTF-8
/// become `%XX` (so `reply \xe9.pdf` and `reply \xe8.pdf` stay two names,
/// `reply %E9.pdf` and `reply %E8.pdf`), and a `%` that would read as such
/// an escape becomes `%25`, so no two names ever give the same text.
pub fn lossless_name(name: &std::ffi::OsStr) -> String {
    #[cfg(unix)]
    let bytes = std::os::unix::ffi::OsStrExt::as_bytes(name);
    #[cfg(not(unix))]
    let lossy = name.to_string_lossy();
    #[cfg(not(unix))]
    let bytes = lossy.as_bytes();
    let mut out = String::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        let valid = chunk.valid();
        for (i, c) in valid.char_indices() {
            let next = valid.as_bytes().get(i + 1..i + 3);
            let is_escape = next.is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit));
            if c == '%' && is_escape {
                out.push_str("%25");
            } else {
                out.push(c);
            }
        }
        for b in chunk.invalid() {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn junk_names() {
        assert!(junk_reason(".DS_Store").is_some());
        assert!(junk_reason("Thumbs.db").is_some());
        assert!(junk_reason("~$reply.docx").is_some());
        assert!(junk_reason(".hidden").is_some());
        assert!(junk_reason("reply.pdf").is_none());
        assert!(in_junk_folder("a.zip/__MACOSX/x.pdf"));
        assert!(!in_junk_folder("kent/reply.pdf"));
        assert_eq!(skip_reason("a.zip/__MACOSX/x.pdf"), Some("hidden folder"));
        assert_eq!(
            skip_reason("a.zip/Thumbs.db"),
            Some("operating-system junk file")
        );
        assert_eq!(skip_reason("kent/reply.pdf"), None);
    }
}
