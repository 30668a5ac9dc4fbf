//! The outputs checked by the tools analysts use: `frictionless validate`
//! on the data package and a real headless Chromium on the report.
//! `.ci/run` installs both; where one is missing the test fails under
//! `CI=true` and elsewhere says SKIPPED on the terminal (`util::needed`).

use super::seed::{file_rows, seed_records};
use super::{options, Dir};
use crate::util::{fixture, needed, which};
use foi_extract::batch::files_log::write_files_csv;
use foi_extract::output::write_all;
use std::path::Path;
use std::process::Command;

/// `frictionless validate` over the package, where the validator is installed
/// (`.ci/run` installs it; see the README).
#[test]
fn frictionless_validates_the_package() {
    let Some(path) = needed(
        "frictionless_validates_the_package",
        "`frictionless` on PATH",
        which("frictionless"),
    ) else {
        return;
    };
    let dir = Dir::new();
    let compare = fixture("outputs/seed-published.csv");
    // files.csv is written by the batch before the outputs, as `run` does.
    let files = file_rows();
    write_files_csv(&dir.path().join("files.csv"), &files).unwrap();
    write_all(dir.path(), &seed_records(), &files, &options(Some(compare))).unwrap();
    let out = Command::new(path)
        .arg("validate")
        .arg(dir.path().join("datapackage.json"))
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    if let Ok(keep) = std::env::var("FOI_KEEP_OUTPUT") {
        let _ = Command::new("cp")
            .arg("-r")
            .arg(dir.path())
            .arg(keep)
            .status();
    }
    assert!(
        out.status.success(),
        "frictionless validate failed:\n{text}"
    );
    assert!(text.contains("VALID") || text.contains("valid"), "{text}");
}

/// The report in a real headless browser: it loads with no console
/// messages, and the matrix and charts are in the DOM.
#[test]
fn report_loads_in_headless_chromium() {
    let chromium = Path::new("/usr/bin/chromium");
    let Some(chromium) = needed(
        "report_loads_in_headless_chromium",
        "/usr/bin/chromium",
        chromium.exists().then_some(chromium),
    ) else {
        return;
    };
    let dir = Dir::new();
    write_all(
        dir.path(),
        &seed_records(),
        &[],
        &options(Some(fixture("outputs/seed-published.csv"))),
    )
    .unwrap();
    let (dom, console) = load_in_chromium(chromium, &dir.path().join("report.html"));
    assert!(
        console.is_empty(),
        "console messages:\n{}",
        console.join("\n")
    );
    assert!(
        dom.contains("<table class=\"matrix\" id=\"gap-matrix\">"),
        "matrix missing"
    );
    assert!(
        dom.contains("<svg id=\"chart-scans\""),
        "scans chart missing"
    );
    assert!(
        dom.contains("<svg id=\"chart-arrests\""),
        "arrests chart missing"
    );
    assert!(
        dom.contains("<svg id=\"chart-responses\""),
        "responses chart missing"
    );
    assert!(dom.contains("id=\"force-kent\""));
    // The detector itself catches a page that does log errors.
    let bad = dir.create(
        "bad.html",
        b"<!DOCTYPE html><p>x</p><script>undefinedFn()</script>",
    );
    let (_, console) = load_in_chromium(chromium, &bad);
    assert!(
        console.iter().any(|l| l.contains("undefinedFn")),
        "{console:?}"
    );
}

fn load_in_chromium(chromium: &Path, page: &Path) -> (String, Vec<String>) {
    let profile = tempfile::tempdir().unwrap();
    let out = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg("--dump-dom")
        .arg(format!("file://{}", page.display()))
        .output()
        .unwrap();
    let console = String::from_utf8_lossy(&out.stderr)
        .lines()
        .filter(|l| l.contains(":CONSOLE"))
        .map(str::to_string)
        .collect();
    (String::from_utf8_lossy(&out.stdout).into_owned(), console)
}
