//! Walking the input folder: every regular file, sorted, with OS junk
//! (`.DS_Store`, `Thumbs.db`, `~$` lock files, hidden files) marked to skip.

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

/// The files `run` reads from its input: the input itself when it is a
/// file (its logical path is its name), else every file under it.
pub fn walk_input(input: &Path) -> (Vec<Found>, Vec<(String, String)>) {
    if !input.is_file() {
        return walk(input);
    }
    let logical = input.file_name().map_or_else(
        || input.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let found = Found {
        physical: input.to_path_buf(),
        logical,
    };
    (vec![found], Vec::new())
}

/// Every regular file under `root` (symlinks not followed), sorted by
/// logical path. Unreadable folders are reported in `errors`.
pub fn walk(root: &Path) -> (Vec<Found>, Vec<(String, String)>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let entries = match std::fs::read_dir(&dir) {
            Ok(e) => e,
            Err(e) => {
                errors.push((logical_of(root, &dir), format!("cannot list folder: {e}")));
                continue;
            }
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let Ok(ft) = entry.file_type() else { continue };
            if ft.is_dir() {
                stack.push(path);
            } else if ft.is_file() {
                files.push(Found {
                    logical: logical_of(root, &path),
                    physical: path,
                });
            }
        }
    }
    files.sort_by(|a, b| a.logical.cmp(&b.logical));
    (files, errors)
}

fn logical_of(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
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
