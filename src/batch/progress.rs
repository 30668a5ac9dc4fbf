//! Progress for volunteers: an indicatif bar (files done / total, current
//! file, elapsed, ETA) on a terminal, plain `[done/total] line` lines
//! otherwise.
//!
//! Every row the file log will hold is counted once — skipped files, inner
//! files of zips and emails, folders that could not be listed — so the last
//! line ends on the summary's figure. Inner files are added to the total
//! when their container is done, before its own line, so the count never
//! reaches the total until the run does, and neither ever goes backwards.

use indicatif::{ProgressBar, ProgressStyle};
use std::io::Write;
use std::sync::Mutex;

/// Where plain progress lines go (standard error in a run).
pub(crate) type Sink = Box<dyn Write + Send>;

/// The counts, changed and printed under one lock so lines from parallel
/// workers come out in order.
struct Counter {
    done: u64,
    total: u64,
    sink: Sink,
}

/// Reports progress; safe to share between worker threads.
pub(crate) struct Progress {
    bar: Option<ProgressBar>,
    counter: Mutex<Counter>,
}

impl Progress {
    /// Progress over `total` rows known at the start, as a bar on a
    /// terminal or as plain lines on standard error.
    pub(crate) fn new(total: u64, bar: bool) -> Self {
        Self::with_sink(total, bar, Box::new(std::io::stderr()))
    }

    /// Progress whose plain lines go to `sink`.
    pub(crate) fn with_sink(total: u64, bar: bool, sink: Sink) -> Self {
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
            counter: Mutex::new(Counter {
                done: 0,
                total,
                sink,
            }),
        }
    }

    /// More rows were found (files inside a container that is done).
    pub(crate) fn found(&self, n: u64) {
        if n == 0 {
            return;
        }
        let mut c = self.lock();
        c.total += n;
        if let Some(b) = &self.bar {
            b.inc_length(n);
        }
    }

    /// A file is being read.
    pub(crate) fn start(&self, path: &str) {
        if let Some(b) = &self.bar {
            b.set_message(path.to_string());
        }
    }

    /// A row is done; `line` is its status for the plain log, and problem
    /// lines are printed above the bar too.
    pub(crate) fn finish_file(&self, line: &str, problem: bool) {
        let mut c = self.lock();
        c.done += 1;
        // A row nobody announced still counts: the total never falls
        // behind what is done.
        if c.done > c.total {
            c.total = c.done;
            if let Some(b) = &self.bar {
                b.set_length(c.done);
            }
        }
        match &self.bar {
            Some(b) => {
                if problem {
                    b.suspend(|| eprintln!("{line}"));
                }
                b.inc(1);
            }
            None => {
                let (done, total) = (c.done, c.total);
                // A closed standard error must not stop the batch.
                let _ = writeln!(c.sink, "[{done}/{total}] {line}");
            }
        }
    }

    pub(crate) fn finish(&self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Counter> {
        // A panic elsewhere while printing leaves the counts usable.
        self.counter.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    /// A sink the test can read back.
    #[derive(Clone, Default)]
    struct Shared(Arc<Mutex<Vec<u8>>>);

    impl Write for Shared {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn progress_count_never_goes_backwards_when_inner_files_are_found() {
        let sink = Shared::default();
        let p = Progress::with_sink(2, false, Box::new(sink.clone()));
        p.finish_file("a.pdf: ok (pdf)", false);
        // The zip's three inner files are announced before its own line.
        p.found(3);
        p.finish_file("b.zip: ok (zip)", false);
        for name in ["x", "y", "z"] {
            p.finish_file(&format!("b.zip/{name}: ok (pdf)"), false);
        }
        let text = String::from_utf8(sink.0.lock().unwrap().clone()).unwrap();
        let counts: Vec<&str> = text.lines().map(|l| l.split(']').next().unwrap()).collect();
        assert_eq!(counts, ["[1/2", "[2/5", "[3/5", "[4/5", "[5/5"], "{text}");
        // An unannounced row raises the total with it.
        p.finish_file("c.pdf: ok (pdf)", false);
        let text = String::from_utf8(sink.0.lock().unwrap().clone()).unwrap();
        assert!(text.ends_with("[6/6] c.pdf: ok (pdf)\n"), "{text}");
    }
}
