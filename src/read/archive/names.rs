//! Safe, unique names for files found inside containers (zip entries, email
//! attachments). A child's name becomes part of its logical path, so it must
//! not climb out of its parent (`..`), hide control characters, or collide
//! with a sibling.

use std::collections::HashSet;

/// A single file name: `/`, `\`, control characters and the other
/// characters Windows forbids in names (`: * ? " < > |`) become `_`, edges
/// are trimmed; an empty or dot-only name becomes `fallback`.
pub fn safe_file_name(name: &str, fallback: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| {
            if c.is_control() || matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') {
                '_'
            } else {
                c
            }
        })
        .collect();
    let trimmed = cleaned.trim();
    if trimmed.is_empty() || trimmed.chars().all(|c| c == '.') {
        fallback.to_string()
    } else {
        trimmed.to_string()
    }
}

/// A path inside an archive, kept with its folders (`Annex A/table.xlsx`)
/// but without empty, `.` or `..` segments, backslashes read as folder
/// separators. `None` when nothing is left.
pub fn safe_inner_path(path: &str) -> Option<String> {
    let segments: Vec<String> = path
        .split(['/', '\\'])
        .map(str::trim)
        .filter(|s| !s.is_empty() && !s.chars().all(|c| c == '.'))
        .map(|s| safe_file_name(s, "_"))
        .collect();
    if segments.is_empty() {
        None
    } else {
        Some(segments.join("/"))
    }
}

/// Hands out names unique within one container: a second `reply.pdf`
/// becomes `reply.pdf#2`, so the logical path still ends in the name the
/// container gave it and says which copy it is.
#[derive(Debug, Default)]
pub struct UniqueNames {
    used: HashSet<String>,
}

impl UniqueNames {
    pub fn new() -> Self {
        Self::default()
    }

    /// `name` if unused, else the first free `name#n`.
    pub fn claim(&mut self, name: &str) -> String {
        if self.used.insert(name.to_string()) {
            return name.to_string();
        }
        let mut n = 2u32;
        loop {
            let candidate = format!("{name}#{n}");
            if self.used.insert(candidate.clone()) {
                return candidate;
            }
            n += 1;
        }
    }
}

/// The name without the `#n` [`UniqueNames`] adds to a second copy.
pub fn without_copy_number(name: &str) -> &str {
    match name.rsplit_once('#') {
        Some((base, n))
            if !base.is_empty() && !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) =>
        {
            base
        }
        _ => name,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_lose_separators_and_controls() {
        assert_eq!(safe_file_name("../etc/passwd", "x"), ".._etc_passwd");
        assert_eq!(safe_file_name("a\u{0}b\r\n.pdf", "x"), "a_b__.pdf");
        assert_eq!(safe_file_name("  ..  ", "attachment"), "attachment");
        assert_eq!(safe_file_name("", "attachment"), "attachment");
    }

    #[test]
    fn inner_paths_keep_folders_but_not_escapes() {
        assert_eq!(
            safe_inner_path("Annex A/table.xlsx").as_deref(),
            Some("Annex A/table.xlsx")
        );
        assert_eq!(
            safe_inner_path("/../../x\\y.txt").as_deref(),
            Some("x/y.txt")
        );
        assert_eq!(safe_inner_path("./../"), None);
    }

    #[test]
    fn duplicates_are_numbered_after_the_name() {
        let mut names = UniqueNames::new();
        assert_eq!(names.claim("reply.pdf"), "reply.pdf");
        assert_eq!(names.claim("reply.pdf"), "reply.pdf#2");
        assert_eq!(names.claim("reply.pdf"), "reply.pdf#3");
        assert_eq!(names.claim("notes"), "notes");
        assert_eq!(names.claim("notes"), "notes#2");
        assert_eq!(without_copy_number("reply.pdf#2"), "reply.pdf");
        assert_eq!(without_copy_number("reply#x.pdf"), "reply#x.pdf");
        assert_eq!(without_copy_number("#2"), "#2");
    }
}
