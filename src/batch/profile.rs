//! Where a run's time and memory went, printed to stderr when
//! `FOI_EXTRACT_PROFILE` is set (for `scripts/bench-batch.sh`): seconds per
//! phase, and the peak resident memory of the parent and of the largest
//! worker, from the kernel's own accounting (getrusage).

use super::finish::StageTimes;

/// The environment variable that turns the profile on.
pub const PROFILE_ENV: &str = "FOI_EXTRACT_PROFILE";

/// Print the profile line, if asked for.
pub(crate) fn report(read: f64, t: &StageTimes) {
    if std::env::var_os(PROFILE_ENV).is_none() {
        return;
    }
    let (parent, largest_worker) = peak_rss_mib();
    eprintln!(
        "profile: read {read:.2} s, documents {:.2} s, assign {:.2} s, map {:.2} s, \
         outputs {:.2} s, commit {:.2} s; peak memory: parent {parent} MiB, \
         largest worker {largest_worker} MiB",
        t.documents, t.assign, t.map, t.outputs, t.commit
    );
}

/// Peak resident memory of this process and of its largest child, MiB.
#[cfg(unix)]
fn peak_rss_mib() -> (u64, u64) {
    let peak = |who| {
        // SAFETY: getrusage only writes the struct it is given.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        match unsafe { libc::getrusage(who, &mut usage) } {
            // ru_maxrss is in KiB on Linux.
            0 => usage.ru_maxrss.max(0) as u64 / 1024,
            _ => 0,
        }
    };
    (peak(libc::RUSAGE_SELF), peak(libc::RUSAGE_CHILDREN))
}

#[cfg(not(unix))]
fn peak_rss_mib() -> (u64, u64) {
    (0, 0)
}
