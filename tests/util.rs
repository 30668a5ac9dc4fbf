//! Helpers shared by the integration tests.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The project root (where `fixtures/` and `schemas/` live).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fixture file's path.
pub fn fixture(rel: &str) -> PathBuf {
    root().join("fixtures").join(rel)
}

/// The shared data folder next to the project (`../shared/data`), if present.
pub fn shared_data(rel: &str) -> PathBuf {
    root().join("..").join("shared").join("data").join(rel)
}

/// A fresh temporary directory, removed on drop.
pub struct Dir {
    pub tmp: tempfile::TempDir,
}

impl Dir {
    pub fn new() -> Dir {
        Dir {
            tmp: tempfile::tempdir().expect("tempdir"),
        }
    }

    pub fn path(&self) -> &Path {
        self.tmp.path()
    }

    /// Write a file (creating folders) and return its path.
    pub fn create(&self, rel: &str, bytes: &[u8]) -> PathBuf {
        let p = self.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, bytes).unwrap();
        p
    }

    /// A copy of the project's rule set (registry, every vocabulary, the
    /// default rules) to add a force rule file to; returns the folder.
    pub fn with_default_rules(&self) -> &Path {
        let schemas = root().join("schemas");
        let vocab: Vec<String> = std::fs::read_dir(schemas.join("vocab"))
            .expect("schemas/vocab")
            .map(|e| format!("vocab/{}", e.expect("entry").file_name().to_string_lossy()))
            .collect();
        for rel in ["forces.toml", "rules/default.toml"]
            .into_iter()
            .map(String::from)
            .chain(vocab)
        {
            self.create(
                &rel,
                &std::fs::read(schemas.join(&rel)).expect("schema file"),
            );
        }
        self.path()
    }

    /// Copy a fixture into the dir under `rel`.
    pub fn copy_fixture(&self, fixture_rel: &str, rel: &str) -> PathBuf {
        let bytes = std::fs::read(fixture(fixture_rel)).expect("fixture");
        self.create(rel, &bytes)
    }
}

/// Run the binary with `args`.
pub fn foi(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_foi-extract"))
        .args(args)
        .current_dir(root())
        .output()
        .expect("run foi-extract")
}

/// Run the binary with `args` from the folder `cwd` (as a user outside
/// the repository would).
pub fn foi_in(cwd: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_foi-extract"))
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("run foi-extract")
}

/// Parse a CSV file into header-keyed rows.
pub fn csv_rows(path: &Path) -> Vec<std::collections::BTreeMap<String, String>> {
    let mut r = csv::Reader::from_path(path).expect("csv");
    r.deserialize().map(|x| x.expect("row")).collect()
}

/// `foi-extract run INPUT --out OUT [EXTRA...]`.
pub fn run(input: &Path, out: &Path, extra: &[&str]) -> Output {
    let mut args = vec![
        "run",
        input.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    foi(&args)
}

/// Whether the tests run under CI (`CI=true`), where `.ci/run` installs
/// every outside tool the tests use and the shared data sit beside the
/// checkout.
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true" || v == "1")
}

/// An outside tool or data set `test` needs: `found` when it is there.
/// When it is not, the test fails under CI; elsewhere it is skipped with a
/// line written to the terminal past the harness's capture, so a skip is
/// never a silent pass.
pub fn needed<T>(test: &str, what: &str, found: Option<T>) -> Option<T> {
    needed_in(in_ci(), test, what, found, &mut std::io::stderr().lock())
}

/// [`needed`] with the CI setting and the terminal given.
pub fn needed_in<T>(
    ci: bool,
    test: &str,
    what: &str,
    found: Option<T>,
    terminal: &mut dyn std::io::Write,
) -> Option<T> {
    if found.is_some() {
        return found;
    }
    assert!(
        !ci,
        "{test}: {what} is missing, and under CI=true every test must run (.ci/run installs it)"
    );
    let _ = writeln!(
        terminal,
        "SKIPPED {test}: {what} is missing (under CI=true this fails)"
    );
    None
}

/// A program on PATH, if installed.
pub fn which(cmd: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join(cmd))
        .find(|p| p.is_file())
}

#[test]
fn missing_tool_fails_under_ci_and_skips_visibly_elsewhere() {
    let mut terminal = Vec::new();
    assert_eq!(
        needed_in(true, "t", "a tool", Some(1), &mut terminal),
        Some(1)
    );
    assert_eq!(
        needed_in::<u8>(false, "t", "a tool", None, &mut terminal),
        None
    );
    assert_eq!(
        String::from_utf8(terminal).unwrap(),
        "SKIPPED t: a tool is missing (under CI=true this fails)\n"
    );
    let failed = std::panic::catch_unwind(|| {
        needed_in::<u8>(true, "t", "a tool", None, &mut std::io::sink())
    });
    assert!(
        failed.is_err(),
        "a missing tool must fail the test under CI"
    );
}
