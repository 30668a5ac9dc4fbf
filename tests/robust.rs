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
// The caller signals and waits on the returned child.
#[allow(clippy::zombie_processes)]
fn start_hanging_run(input: &Path, out: &Path) -> (Child, Vec<u32>) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_foi-extract"))
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
        // The worker that reads the good file ends at once; the one still
        // there 400 ms later is the one hanging on the bad file.
        let before = workers_of(child.id());
        std::thread::sleep(Duration::from_millis(400));
        let hanging: Vec<u32> = workers_of(child.id())
            .into_iter()
            .filter(|p| before.contains(p))
            .collect();
        if !hanging.is_empty() {
            return (child, hanging);
        }
        if started.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("worker never started");
        }
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

/// `(path, status, message, force)` of every row of a run's `files.csv`.
fn log_of(out: &Path) -> Vec<(String, String, String, String)> {
    csv_rows(&out.join("files.csv"))
        .into_iter()
        .map(|r| {
            (
                r["path"].clone(),
                r["status"].clone(),
                r["message"].clone(),
                r["force"].clone(),
            )
        })
        .collect()
}

fn ok_run(input: &Path, out: &Path) -> String {
    let o = run(input, out, &["--no-progress"]);
    let stderr = String::from_utf8_lossy(&o.stderr).into_owned();
    assert!(o.status.success(), "{stderr}");
    stderr
}

#[test]
fn non_utf8_file_names_collide() {
    use std::os::unix::ffi::OsStrExt;
    let input = Dir::new();
    let kent = std::ffi::OsStr::from_bytes(b"reply \xe9.txt");
    let gwent = std::ffi::OsStr::from_bytes(b"reply \xe8.txt");
    std::fs::write(
        input.path().join(kent),
        "Kent Police: we hold no information.",
    )
    .unwrap();
    std::fs::write(
        input.path().join(gwent),
        "Gwent Police: we hold no information.",
    )
    .unwrap();
    // A name that looks like an escape is escaped itself, never merged.
    input.create("reply %E9.txt", b"Dorset Police: we hold no information.");
    let out = Dir::new();
    ok_run(input.path(), out.path());
    let rows: Vec<(String, String)> = log_of(out.path())
        .into_iter()
        .map(|(path, _, _, force)| (path, force))
        .collect();
    assert_eq!(
        rows,
        [
            ("reply %25E9.txt".to_string(), "dorset".to_string()),
            ("reply %E8.txt".to_string(), "gwent".to_string()),
            ("reply %E9.txt".to_string(), "kent".to_string()),
        ]
    );
    let documents = std::fs::read_dir(out.path().join("documents")).unwrap();
    assert_eq!(documents.count(), 3, "one document per file");
}

#[test]
fn document_names_collide_for_nested_and_flattened_paths() {
    let input = Dir::new();
    input.create("a/b.txt", b"Surrey Police reply");
    input.create("a__b.txt", b"Sussex Police reply");
    let out = Dir::new();
    ok_run(input.path(), out.path());
    let docs = out.path().join("documents");
    for path in ["a/b.txt", "a__b.txt"] {
        let name = foi_extract::batch::files_log::document_file_name(path);
        let doc: serde_json::Value =
            serde_json::from_slice(&std::fs::read(docs.join(name)).unwrap()).unwrap();
        assert_eq!(doc["source"]["path"], path);
    }
}

/// A zip holding two entries both named `reply.pdf` (Python's zipfile
/// writes them with a warning; the zip crate refuses to).
fn zip_with_duplicate_entries() -> Vec<u8> {
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for name in ["reply.pdf", "reply.pdh"] {
        z.start_file(name, stored).unwrap();
        let text = match name {
            "reply.pdf" => "Kent Police: we hold no information.",
            _ => "Gwent Police: we hold no information.",
        };
        std::io::Write::write_all(&mut z, text.as_bytes()).unwrap();
    }
    let mut bytes = z.finish().unwrap().into_inner();
    // Rename the second entry in its local and central headers.
    while let Some(at) = bytes.windows(9).position(|w| w == b"reply.pdh") {
        bytes[at + 8] = b'f';
    }
    bytes
}

#[test]
fn duplicate_zip_entry_names_lose_an_entry() {
    let input = Dir::new();
    input.create("reply.zip", &zip_with_duplicate_entries());
    let out = Dir::new();
    ok_run(input.path(), out.path());
    let rows: Vec<(String, String, String)> = log_of(out.path())
        .into_iter()
        .map(|(path, status, _, force)| (path, status, force))
        .collect();
    assert_eq!(
        rows[1..],
        [
            ("reply.zip/reply.pdf".into(), "ok".into(), "kent".into()),
            ("reply.zip/reply.pdf#2".into(), "ok".into(), "gwent".into()),
        ]
    );
}

#[test]
fn symlinked_files_and_folders_are_read_not_dropped() {
    use std::os::unix::fs::symlink;
    let input = Dir::new();
    let outside = Dir::new();
    input.create("real/reply.txt", b"Essex Police reply");
    outside.create("other.txt", b"Dorset Police reply");
    symlink("real/reply.txt", input.path().join("again.txt")).unwrap();
    symlink(outside.path(), input.path().join("linked")).unwrap();
    symlink(".", input.path().join("loop")).unwrap();
    symlink("/no/such/file", input.path().join("broken.txt")).unwrap();
    let out = Dir::new();
    ok_run(input.path(), out.path());
    let rows: Vec<(String, String, String)> = log_of(out.path())
        .into_iter()
        .map(|(path, status, message, _)| (path, status, message))
        .collect();
    let expect = |p: &str, s: &str, m: &str| (p.to_string(), s.to_string(), m.to_string());
    assert_eq!(rows.len(), 5, "{rows:?}");
    assert_eq!(
        rows[0],
        expect(
            "again.txt",
            "skipped",
            "skipped: same file as real/reply.txt (link)"
        )
    );
    assert_eq!(rows[1].1, "error");
    assert!(
        rows[1].2.starts_with("error: broken symbolic link"),
        "{rows:?}"
    );
    assert_eq!(rows[2], expect("linked/other.txt", "ok", ""));
    assert_eq!(
        rows[3],
        expect(
            "loop",
            "skipped",
            "skipped: same folder as the input folder itself (symbolic link)"
        )
    );
    assert_eq!(rows[4], expect("real/reply.txt", "ok", ""));
}

#[test]
fn file_without_read_permission_is_logged_as_empty() {
    use std::os::unix::fs::PermissionsExt;
    let input = Dir::new();
    let locked = input.create("locked.txt", b"Kent Police reply");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    std::fs::set_permissions(input.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let out = Dir::new();
    std::fs::set_permissions(out.path(), std::fs::Permissions::from_mode(0o777)).unwrap();
    // root reads any file: run as nobody so the permission bites.
    let mut cmd = match unsafe { libc::geteuid() } {
        0 => {
            let mut c = Command::new("setpriv");
            c.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
                .arg(env!("CARGO_BIN_EXE_foi-extract"));
            c
        }
        _ => Command::new(env!("CARGO_BIN_EXE_foi-extract")),
    };
    let o = cmd
        .args(["run", input.path().to_str().unwrap(), "--out"])
        .arg(out.path())
        .arg("--no-progress")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let row = &csv_rows(&out.path().join("files.csv"))[0];
    assert_eq!(row["status"], "unreadable");
    assert_eq!(row["message"], "unreadable: permission denied");
    assert_eq!(row["bytes"], "17");
}

#[test]
fn output_folder_inside_input_is_read_as_input() {
    let input = Dir::new();
    input.create("kent/reply.txt", b"Kent Police: we hold no information.");
    let out = input.path().join("foi-out");
    ok_run(input.path(), &out);
    let first = log_of(&out);
    let stderr = ok_run(input.path(), &out);
    assert_eq!(log_of(&out), first, "the second run read its own outputs");
    assert!(
        stderr.contains("output folders not read as input: foi-out"),
        "{stderr}"
    );
    // A previous run's outputs under another name are not input either.
    let elsewhere = Dir::new();
    let stderr = ok_run(input.path(), elsewhere.path());
    assert_eq!(log_of(elsewhere.path()), first);
    assert!(stderr.contains("not read as input: foi-out"), "{stderr}");
}

/// A zip of `per_level` zips, each of as many, `levels` deep, with small
/// text files at the bottom: a few kilobytes that yield tens of thousands
/// of files.
fn nested_zip(per_level: usize, levels: u32) -> Vec<u8> {
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    for i in 0..per_level {
        if levels == 1 {
            z.start_file(format!("f{i}.txt"), options).unwrap();
            std::io::Write::write_all(&mut z, format!("leaf {i}").as_bytes()).unwrap();
        } else {
            z.start_file(format!("z{i}.zip"), options).unwrap();
            std::io::Write::write_all(&mut z, &nested_zip(per_level, levels - 1)).unwrap();
        }
    }
    z.finish().unwrap().into_inner()
}

#[test]
fn container_fan_out_is_unbounded() {
    let input = Dir::new();
    input.create("nest.zip", &nested_zip(8, 5));
    let out = Dir::new();
    let o = run(
        input.path(),
        out.path(),
        &["--no-progress", "--max-container-files", "50"],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let rows = log_of(out.path());
    // The zip, the 50 files it may yield, one row for the rest.
    assert_eq!(rows.len(), 52);
    let over: Vec<_> = rows.iter().filter(|r| r.1 == "error").collect();
    assert_eq!(over.len(), 1, "{over:?}");
    assert!(
        over[0]
            .2
            .starts_with("error: nest.zip holds more than 50 files (--max-container-files)"),
        "{}",
        over[0].2
    );
}

/// A one-page PDF: `kids` is the page tree's `/Kids`, `length` the content
/// stream's `/Length` entry, `content` what the page draws (Helvetica as
/// `/F1`). Objects: 1 catalog, 2 pages, 3 page, 4 content, 5 font.
fn one_page_pdf(kids: &str, length: &str, content: &[u8]) -> Vec<u8> {
    let objects: Vec<Vec<u8>> = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        format!("<< /Type /Pages /Kids [{kids}] /Count 1 >>").into_bytes(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R \
          /Resources << /Font << /F1 5 0 R >> >> >>"
            .to_vec(),
        [
            format!("<< /Length {length} >>\nstream\n").as_bytes(),
            content,
            b"\nendstream",
        ]
        .concat(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec(),
    ];
    let mut pdf = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        pdf.extend_from_slice(o);
        pdf.extend_from_slice(b"\nendobj\n");
    }
    let xref = pdf.len();
    pdf.extend_from_slice(b"xref\n0 6\n0000000000 65535 f \n");
    for o in offsets {
        pdf.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    pdf.extend_from_slice(
        format!("trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n").as_bytes(),
    );
    pdf
}

const KENT_TEXT: &[u8] = b"BT /F1 12 Tf 72 700 Td (Kent Police reply) Tj ET";

/// Read `bytes` in this process; the file's outcome and its text.
fn read_pdf(bytes: &[u8]) -> (foi_extract::batch::FileOutcome, String) {
    let outcome =
        foi_extract::batch::read_one(bytes, "reply.pdf", 0, foi_extract::read::Limits::default());
    let text = match &outcome.document {
        Some(doc) => serde_json::to_string(&doc.parts).unwrap(),
        None => String::new(),
    };
    (outcome, text)
}

#[test]
fn stream_length_referring_to_itself_reads_no_words() {
    let (outcome, text) = read_pdf(&one_page_pdf("3 0 R", "4 0 R", KENT_TEXT));
    assert_eq!(outcome.row.status.name(), "ok");
    assert!(text.contains("Kent"), "text lost: {}", outcome.row.message);
    assert!(
        outcome.row.message.contains("recovered:"),
        "{}",
        outcome.row.message
    );
}

#[test]
fn circular_page_tree_repeats_or_loses_pages() {
    let length = KENT_TEXT.len().to_string();
    let (outcome, text) = read_pdf(&one_page_pdf("3 0 R 2 0 R", &length, KENT_TEXT));
    assert_eq!(outcome.row.status.name(), "ok", "{}", outcome.row.message);
    assert_eq!(outcome.row.parts, 1, "each page once");
    assert!(text.contains("Kent"));
}

#[test]
fn deep_graphics_state_nesting_is_unbounded() {
    let depth = 100_000;
    let content = [
        b"q ".repeat(depth).as_slice(),
        KENT_TEXT,
        b" ",
        b"Q ".repeat(depth).as_slice(),
    ]
    .concat();
    let pdf = one_page_pdf("3 0 R", &content.len().to_string(), &content);
    let (outcome, text) = read_pdf(&pdf);
    assert!(text.contains("Kent"));
    assert!(
        outcome
            .row
            .message
            .contains("graphics states nested deeper than 1024; deeper q/Q ignored"),
        "{}",
        outcome.row.message
    );
}

#[test]
fn csv_with_a_block_of_nul_bytes_is_called_binary() {
    let mut csv = b"force,scans\nKent,10\n".to_vec();
    csv.extend(std::iter::repeat_n(0u8, 4096));
    csv.extend_from_slice(b"\nGwent,20\n");
    let outcome =
        foi_extract::batch::read_one(&csv, "scans.csv", 0, foi_extract::read::Limits::default());
    assert_eq!(outcome.row.format, "csv");
    assert_eq!(outcome.row.status.name(), "ok");
    assert_eq!(
        outcome.row.message,
        "4096 NUL bytes removed (a damaged stretch of the file)"
    );
    let text = serde_json::to_string(&outcome.document.unwrap().parts).unwrap();
    assert!(text.contains("Gwent") && text.contains("Kent"));
}
