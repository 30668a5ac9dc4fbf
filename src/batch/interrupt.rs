//! Interrupted runs: SIGINT, SIGTERM and SIGHUP to the parent are caught
//! and turned into a flag the batch checks, so the parent can stop its
//! workers, remove its scratch folder and leave the previous run's outputs
//! as they were, instead of dying with workers orphaned under PID 1.
//!
//! The workers themselves die with the parent whatever kills it (even
//! SIGKILL): see [`die_with_parent`].

use std::sync::atomic::{AtomicI32, Ordering};

/// The signal that interrupted the run, 0 while none has.
static CAUGHT: AtomicI32 = AtomicI32::new(0);

/// The signals that end a run early: Ctrl-C, `kill PID`, a closed terminal.
#[cfg(unix)]
const SIGNALS: [libc::c_int; 3] = [libc::SIGINT, libc::SIGTERM, libc::SIGHUP];

/// The run was interrupted by a signal before its outputs were written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("interrupted: outputs from the previous run are unchanged")]
pub(crate) struct Interrupted {
    /// The signal number that interrupted the run.
    pub(crate) signal: i32,
}

impl Interrupted {
    /// The shell's exit code for a process ended by this signal.
    pub(crate) fn exit_code(&self) -> u8 {
        (128 + self.signal).clamp(1, 255) as u8
    }
}

#[cfg(unix)]
extern "C" fn on_signal(signal: libc::c_int) {
    // Only an atomic store: the one thing safe to do in a handler.
    CAUGHT.store(signal, Ordering::SeqCst);
}

/// Catch the interrupting signals from now on (for `run` only; other
/// commands keep the default of dying at once).
#[cfg(unix)]
pub(crate) fn catch_signals() {
    for signal in SIGNALS {
        // SAFETY: the handler only stores to an atomic; sigaction is given a
        // zeroed, then filled, struct of the right type.
        unsafe {
            let mut action: libc::sigaction = std::mem::zeroed();
            action.sa_sigaction = on_signal as *const () as libc::sighandler_t;
            libc::sigemptyset(&mut action.sa_mask);
            action.sa_flags = libc::SA_RESTART;
            libc::sigaction(signal, &action, std::ptr::null_mut());
        }
    }
}

#[cfg(not(unix))]
pub(crate) fn catch_signals() {}

/// The interruption, if a signal has come.
pub(crate) fn check() -> Result<(), Interrupted> {
    match CAUGHT.load(Ordering::SeqCst) {
        0 => Ok(()),
        signal => Err(Interrupted { signal }),
    }
}

/// In a freshly forked worker, before `exec`: have the kernel kill this
/// process when the parent dies, however it dies, so no worker runs on
/// without its time limit. Returns false when the parent is already gone
/// (it died between the fork and here), in which case the worker must not
/// start. Async-signal-safe: no allocation.
#[cfg(target_os = "linux")]
pub(crate) fn die_with_parent(parent: libc::pid_t) -> bool {
    // SAFETY: prctl(PR_SET_PDEATHSIG) and getppid only affect this process.
    unsafe {
        libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL as libc::c_ulong);
        libc::getppid() == parent
    }
}

/// Elsewhere there is no death signal; the parent's signal handling still
/// stops workers on SIGINT/SIGTERM.
#[cfg(all(unix, not(target_os = "linux")))]
pub(crate) fn die_with_parent(_parent: libc::pid_t) -> bool {
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interrupted_exit_code_follows_the_shell_convention() {
        assert_eq!(Interrupted { signal: 2 }.exit_code(), 130);
        assert_eq!(Interrupted { signal: 15 }.exit_code(), 143);
        assert_eq!(
            Interrupted { signal: 15 }.to_string(),
            "interrupted: outputs from the previous run are unchanged"
        );
    }
}
