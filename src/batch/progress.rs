//! Progress for volunteers: an indicatif bar (files done / total, current
//! file, elapsed, ETA) on a terminal, plain lines otherwise.

use indicatif::{ProgressBar, ProgressStyle};
use std::sync::atomic::{AtomicU64, Ordering};

/// Reports progress; safe to share between worker threads.
pub struct Progress {
    bar: Option<ProgressBar>,
    done: AtomicU64,
    total: AtomicU64,
}

impl Progress {
    pub fn new(total: u64, bar: bool) -> Self {
        let bar = bar.then(|| {
            let b = ProgressBar::new(total);
            b.set_style(
                ProgressStyle::with_template(
                    "{elapsed_precise} [{bar:30}] {pos}/{len} files, ETA {eta} {wide_msg}",
                )
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
            );
            b
        });
        Progress {
            bar,
            done: AtomicU64::new(0),
            total: AtomicU64::new(total),
        }
    }

    /// More files were found (inside a container).
    pub fn add_total(&self, n: u64) {
        self.total.fetch_add(n, Ordering::Relaxed);
        if let Some(b) = &self.bar {
            b.inc_length(n);
        }
    }

    /// A file is being read.
    pub fn start(&self, path: &str) {
        if let Some(b) = &self.bar {
            b.set_message(path.to_string());
        }
    }

    /// A file is done; `line` is its status for the plain log, and problem
    /// lines are printed above the bar too.
    pub fn finish_file(&self, line: &str, problem: bool) {
        let done = self.done.fetch_add(1, Ordering::Relaxed) + 1;
        match &self.bar {
            Some(b) => {
                if problem {
                    b.suspend(|| eprintln!("{line}"));
                }
                b.inc(1);
            }
            None => eprintln!("[{done}/{}] {line}", self.total.load(Ordering::Relaxed)),
        }
    }

    pub fn finish(&self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }
}
