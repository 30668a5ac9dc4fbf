//! Container fan-out: a few kilobytes of nested zips (8 entries a level, 5
//! levels) yield 37,449 files, an email can carry 10,000 attachments. Each
//! file on disk may yield at most `Limits::max_container_files` files in
//! all; the first file over the limit gets one `error` row saying how many
//! more were not read, and the rest get none.

use super::read_one::FileOutcome;
use std::collections::HashMap;

/// What to do with a file found inside a container.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Admit {
    /// Read it.
    Read,
    /// The first file over the limit: give it the limit's `error` row.
    FirstOver,
    /// Past the limit: counted in the first one's row, no row of its own.
    Over,
}

/// How many files each file on disk has yielded so far.
#[derive(Debug, Default)]
struct Root {
    yielded: usize,
    /// Logical path of the first file over the limit, and how many were
    /// not read from it on.
    over: Option<(String, usize)>,
}

/// Counts, per file on disk (its logical path), the files found inside it.
#[derive(Debug)]
pub(crate) struct FanOut {
    limit: usize,
    roots: HashMap<String, Root>,
}

impl FanOut {
    pub(crate) fn new(limit: usize) -> Self {
        FanOut {
            limit,
            roots: HashMap::new(),
        }
    }

    /// One more file found inside `root`, at logical path `path`.
    pub(crate) fn admit(&mut self, root: &str, path: &str) -> Admit {
        let entry = self.roots.entry(root.to_string()).or_default();
        entry.yielded += 1;
        if entry.yielded <= self.limit {
            return Admit::Read;
        }
        match &mut entry.over {
            Some((_, not_read)) => {
                *not_read += 1;
                Admit::Over
            }
            None => {
                entry.over = Some((path.to_string(), 1));
                Admit::FirstOver
            }
        }
    }

    /// The message of the first file over the limit inside `root`, once
    /// every file found has been counted.
    fn message(&self, root: &str, not_read: usize) -> String {
        format!(
            "error: {root} holds more than {} files (--max-container-files); \
             this one and {} more found beside it were not read",
            self.limit,
            not_read - 1
        )
    }

    /// Give each first-over row its final message (the count of files not
    /// read is known only at the end).
    pub(crate) fn finish(&self, outcomes: &mut [FileOutcome]) {
        for (root, counts) in &self.roots {
            let Some((first, not_read)) = &counts.over else {
                continue;
            };
            if let Some(o) = outcomes.iter_mut().find(|o| &o.row.path == first) {
                o.row.message = self.message(root, *not_read);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_row_for_everything_past_the_limit() {
        let mut fan = FanOut::new(2);
        let admitted: Vec<Admit> = (0..5)
            .map(|i| fan.admit("big.zip", &format!("big.zip/{i}.txt")))
            .collect();
        assert_eq!(
            admitted,
            [
                Admit::Read,
                Admit::Read,
                Admit::FirstOver,
                Admit::Over,
                Admit::Over
            ]
        );
        assert_eq!(fan.admit("other.zip", "other.zip/a.txt"), Admit::Read);
        let row = super::super::read_one::error_row("big.zip/2.txt", 1, String::new(), "x".into());
        let mut outcomes = vec![FileOutcome {
            row,
            document: None,
            document_file: None,
            children: Vec::new(),
        }];
        fan.finish(&mut outcomes);
        assert_eq!(
            outcomes[0].row.message,
            "error: big.zip holds more than 2 files (--max-container-files); \
             this one and 2 more found beside it were not read"
        );
    }
}
