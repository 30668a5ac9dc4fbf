//! The outputs checked by the tools analysts use: `frictionless validate`
//! on the data package and a real headless Chromium on the report.
//! `.ci/run` installs both; where one is missing the test fails under
//! `CI=true` and elsewhere says SKIPPED on the terminal (`util::needed`).

use super::seed::{file_rows, seed_records};
use super::{options, Dir};
use crate::util::{fixture, needed, which};
use foi_extract::files::write_files_csv;
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

/// Chromium where installed; under `CI=true` its absence fails the test,
/// elsewhere the test says it is skipped.
fn chromium_or_skip(test: &str) -> Option<&'static Path> {
    let chromium = Path::new("/usr/bin/chromium");
    if chromium.exists() {
        return Some(chromium);
    }
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "{test}: /usr/bin/chromium is missing (apt-get install chromium)"
    );
    eprintln!("SKIPPED {test}: /usr/bin/chromium not installed");
    None
}

/// Measures the report laid out `width` pixels wide: the page is put in an
/// iframe of that width (headless Chromium will not make a window narrower
/// than 500 px), and a probe inside it writes what it measured into the
/// outer page, which `--dump-dom` prints.
fn layout_at(chromium: &Path, dir: &Dir, report: &str, width: u32) -> serde_json::Value {
    let probe = "<script>
const r = {width: window.innerWidth};
r.overflow = document.documentElement.scrollWidth - window.innerWidth;
r.wide_charts = [...document.querySelectorAll('svg.chart')]
  .filter(s => s.getBoundingClientRect().right > window.innerWidth + 1).map(s => s.id);
const m = document.getElementById('gap-matrix');
const box = m.parentElement;
r.box_overflow = getComputedStyle(box).overflowX;
r.matrix_scrolls = box.scrollWidth > box.clientWidth;
box.scrollLeft = 150;
const th = m.querySelector('tbody th');
r.first_column_offset = Math.round(th.getBoundingClientRect().left - box.getBoundingClientRect().left);
parent.document.body.insertAdjacentHTML('beforeend', '<pre id=\"layout\">' + JSON.stringify(r) + '</pre>');
</script></body>";
    let doc = report.replace("</body>", probe);
    let srcdoc = doc
        .replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;");
    let page = dir.create(
        &format!("frame-{width}.html"),
        format!(
            "<!DOCTYPE html><html><body style=\"margin:0\"><iframe style=\"width:{width}px;height:900px;border:0\" srcdoc=\"{srcdoc}\"></iframe></body></html>"
        )
        .as_bytes(),
    );
    let (dom, console) = load_in_chromium(chromium, &page);
    assert!(
        console.is_empty(),
        "console messages:\n{}",
        console.join("\n")
    );
    let json = dom
        .split("<pre id=\"layout\">")
        .nth(1)
        .and_then(|rest| rest.split("</pre>").next())
        .unwrap_or_else(|| panic!("no layout measured at {width} px"));
    serde_json::from_str(json).unwrap()
}

/// The report at a phone's width (400 px) and a desktop's (1280 px): before,
/// charts were fixed at 680-760 px and the gap matrix was cut off at 400.
/// Now nothing widens the page, charts scale, and the matrix scrolls in its
/// own box with its first column held in place.
#[test]
fn report_overflows_phone_width() {
    let Some(chromium) = chromium_or_skip("report_overflows_phone_width") else {
        return;
    };
    let dir = Dir::new();
    write_all(dir.path(), &seed_records(), &file_rows(), &options(None)).unwrap();
    let report = std::fs::read_to_string(dir.path().join("report.html")).unwrap();
    for width in [400, 1280] {
        let l = layout_at(chromium, &dir, &report, width);
        assert_eq!(l["width"], width, "{l}");
        assert!(
            l["overflow"].as_i64().unwrap() <= 0,
            "page wider than the window at {width}: {l}"
        );
        assert_eq!(l["wide_charts"], serde_json::json!([]), "at {width}: {l}");
        assert_eq!(l["box_overflow"], "auto", "at {width}: {l}");
        if width == 400 {
            assert_eq!(l["matrix_scrolls"], true, "{l}");
            assert!(
                l["first_column_offset"].as_i64().unwrap().abs() <= 1,
                "the force column scrolled away: {l}"
            );
        }
    }
}
