//! Nothing lost, nothing misattributed: interrupted runs, orphaned workers,
//! colliding names, symlinks, unreadable files and the output folder inside
//! the input. Every input is generated here.

use crate::util::{csv_rows, run, Dir};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Pids of the live worker processes whose parent is `parent`.
fn workers_of(parent: u32) -> Vec<u32> {
    let mut pids = Vec::new();
    for entry in std::fs::read_dir("/proc").unwrap().flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
            continue;
        };
        // pid (comm) state ppid ...: the comm may hold spaces, so split
        // after its closing parenthesis.
        let Some(rest) = stat.rsplit_once(')').map(|(_, r)| r) else {
            continue;
        };
        let fields: Vec<&str> = rest.split_whitespace().collect();
        if fields.get(1).and_then(|p| p.parse::<u32>().ok()) == Some(parent) {
            pids.push(pid);
        }
    }
    pids
}

/// True while `pid` runs (a zombie waiting to be reaped has stopped).
fn alive(pid: u32) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Ok(stat) => {
            let state = stat.rsplit_once(')').map(|(_, r)| r.trim_start());
            !matches!(state.and_then(|s| s.chars().next()), Some('Z' | 'X'))
        }
        Err(_) => false,
    }
}

/// Start a run whose worker for `b/bad.txt` hangs, and wait until that
/// worker is running; returns the parent and its workers' pids.
fn start_hanging_run(input: &Path, out: &Path) -> (Child, Vec<u32>) {
    let child = Command::new(env!("CARGO_BIN_EXE_foi-extract"))
        .args(["run", input.to_str().unwrap(), "--out"])
        .arg(out)
        .args(["--no-cache", "--timeout", "600", "--jobs", "1"])
        .env("FOI_EXTRACT_FAULT", "hang:bad.txt")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start foi-extract");
    let started = Instant::now();
    loop {
        // The hanging worker is the one still there after the good file.
        let workers = workers_of(child.id());
        if !workers.is_empty() && out.join(".work/000001").exists() {
            return (child, workers);
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "worker never started"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn wait_gone(pids: &[u32]) -> bool {
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(10) {
        if pids.iter().all(|&p| !alive(p)) {
            return true;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    false
}

fn two_replies() -> Dir {
    let input = Dir::new();
    input.create("a/one.txt", b"first reply");
    input.create("b/bad.txt", b"this file hangs its worker");
    input
}

fn interrupted_run_keeps_previous_outputs(signal: i32, code: i32) {
    let input = two_replies();
    let out = Dir::new();
    let first = run(input.path(), out.path(), &[]);
    assert!(first.status.success());
    let before = std::fs::read(out.path().join("files.csv")).unwrap();
    let (child, workers) = start_hanging_run(input.path(), out.path());
    // SAFETY: signalling a child process this test started.
    unsafe { libc::kill(child.id() as i32, signal) };
    let o = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(code), "{stderr}");
    assert!(
        stderr.contains("interrupted: outputs from the previous run are unchanged"),
        "{stderr}"
    );
    assert!(
        !out.path().join(".work").exists(),
        "scratch folder left behind"
    );
    assert_eq!(
        std::fs::read(out.path().join("files.csv")).unwrap(),
        before,
        "previous outputs changed"
    );
    assert!(wait_gone(&workers), "workers outlived the parent");
}

#[test]
fn sigterm_to_parent_stops_workers_and_cleans_up() {
    interrupted_run_keeps_previous_outputs(libc::SIGTERM, 128 + libc::SIGTERM);
}

#[test]
fn sigint_to_parent_stops_workers_and_cleans_up() {
    interrupted_run_keeps_previous_outputs(libc::SIGINT, 128 + libc::SIGINT);
}

#[test]
fn workers_die_when_parent_is_killed() {
    let input = two_replies();
    let out = Dir::new();
    let (mut child, workers) = start_hanging_run(input.path(), out.path());
    // SIGKILL cannot be caught: only the kernel's parent-death signal can
    // stop the workers now.
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(wait_gone(&workers), "workers orphaned under PID 1");
}

#[test]
fn memory_cap_that_cannot_be_set_fails_the_job() {
    let input = Dir::new();
    input.create("a/one.txt", b"first reply");
    let out = Dir::new();
    // Under a hard address-space limit of 3 GiB, a 4 GiB cap cannot be set.
    let script = format!(
        "ulimit -v 3145728 && exec '{}' run '{}' --out '{}' --max-mem 4096",
        env!("CARGO_BIN_EXE_foi-extract"),
        input.path().display(),
        out.path().display()
    );
    let o = Command::new("sh").args(["-c", &script]).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let rows = csv_rows(&out.path().join("files.csv"));
    assert_eq!(rows[0]["status"], "error");
    assert!(
        rows[0]["message"].starts_with("error: cannot cap worker memory at 4096 MiB"),
        "{}",
        rows[0]["message"]
    );
}
