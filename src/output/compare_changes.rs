//! What changed in the `--compare` figures since the last run into the same
//! output folder: figures added, removed or changed, disagreements opened
//! or closed, or the compare file dropped. The figures of each run are kept
//! in `OUT/.compare.json` (a hidden file, so it is never read as a reply)
//! for the next run to compare with.

use super::checks::Check;
use super::compare::Published;
use crate::atomic::write_atomic;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

/// The file the compare state is kept in, inside the output folder.
pub const STATE_FILE: &str = ".compare.json";

/// (force, field) of a figure or a disagreement.
type Key = (String, String);

/// What one run compared.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct CompareState {
    /// The compare file as named on the command line.
    pub file: String,
    /// Every figure: (force, field) -> value as published.
    pub figures: BTreeMap<String, BTreeMap<String, String>>,
    /// Every disagreement: (force, field) -> what the records give.
    pub disagreements: BTreeMap<String, BTreeMap<String, String>>,
}

fn flat(m: &BTreeMap<String, BTreeMap<String, String>>) -> BTreeMap<Key, &str> {
    m.iter()
        .flat_map(|(force, fields)| {
            fields
                .iter()
                .map(move |(field, v)| ((force.clone(), field.clone()), v.as_str()))
        })
        .collect()
}

impl CompareState {
    /// The state of a run that compared `published` (from `file`) and found
    /// `checks` (only the `compare` ones count).
    pub fn of(file: &Path, published: &[Published], checks: &[Check]) -> CompareState {
        let mut s = CompareState {
            file: file.display().to_string(),
            ..Default::default()
        };
        for p in published {
            s.figures
                .entry(p.force.clone())
                .or_default()
                .insert(p.key.to_string(), p.value.clone());
        }
        for c in checks.iter().filter(|c| c.check == "compare") {
            let shown = match c.computed.is_empty() {
                true => c.detail.clone(),
                false => c.computed.clone(),
            };
            s.disagreements
                .entry(c.force.clone())
                .or_default()
                .insert(c.field.clone(), shown);
        }
        s
    }

    /// The state the last run left in `out`, if any (an unreadable one
    /// counts as none: it only feeds the change summary).
    pub fn load(out: &Path) -> Option<CompareState> {
        let bytes = std::fs::read(out.join(STATE_FILE)).ok()?;
        serde_json::from_slice(&bytes).ok()
    }

    /// Keep this run's state for the next, or remove the last one when
    /// this run compared nothing.
    pub fn save(state: Option<&CompareState>, out: &Path) -> std::io::Result<()> {
        let path = out.join(STATE_FILE);
        match state {
            Some(s) => {
                let json = serde_json::to_vec_pretty(s).map_err(std::io::Error::other)?;
                write_atomic(&path, &json)
            }
            None => match std::fs::remove_file(&path) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
                _ => Ok(()),
            },
        }
    }
}

/// How the compare figures changed between two runs.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CompareChanges {
    /// The compare file of the last run and of this one.
    pub before: Option<String>,
    pub now: Option<String>,
    /// (force, field, value).
    pub added: Vec<(String, String, String)>,
    pub removed: Vec<(String, String, String)>,
    /// (force, field, before, after).
    pub changed: Vec<(String, String, String, String)>,
    /// (force, field, what the records give).
    pub opened: Vec<(String, String, String)>,
    pub closed: Vec<(String, String, String)>,
}

/// The changes from the last run's state to this run's; `None` when
/// neither compared anything or nothing changed.
pub fn changes(
    before: Option<&CompareState>,
    now: Option<&CompareState>,
) -> Option<CompareChanges> {
    let empty = CompareState::default();
    let (b, n) = (before.unwrap_or(&empty), now.unwrap_or(&empty));
    let mut c = CompareChanges {
        before: before.map(|s| s.file.clone()),
        now: now.map(|s| s.file.clone()),
        ..Default::default()
    };
    let (fb, fnow) = (flat(&b.figures), flat(&n.figures));
    for ((force, field), v) in &fnow {
        match fb.get(&(force.clone(), field.clone())) {
            None => c.added.push((force.clone(), field.clone(), v.to_string())),
            Some(old) if old != v => {
                c.changed
                    .push((force.clone(), field.clone(), old.to_string(), v.to_string()))
            }
            Some(_) => {}
        }
    }
    for ((force, field), v) in &fb {
        if !fnow.contains_key(&(force.clone(), field.clone())) {
            c.removed
                .push((force.clone(), field.clone(), v.to_string()));
        }
    }
    let (db, dn) = (flat(&b.disagreements), flat(&n.disagreements));
    for (key, v) in &dn {
        if !db.contains_key(key) {
            c.opened.push((key.0.clone(), key.1.clone(), v.to_string()));
        }
    }
    for (key, v) in &db {
        if !dn.contains_key(key) {
            c.closed.push((key.0.clone(), key.1.clone(), v.to_string()));
        }
    }
    let same = c.before == c.now
        && c.added.is_empty()
        && c.removed.is_empty()
        && c.changed.is_empty()
        && c.opened.is_empty()
        && c.closed.is_empty();
    (!same).then_some(c)
}

impl fmt::Display for CompareChanges {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.before, &self.now) {
            (Some(b), None) => {
                return writeln!(
                    f,
                    "compare figures: none given this run (the last run compared {b})"
                )
            }
            (None, Some(n)) => write!(f, "compare figures: {n} first compared here")?,
            (Some(b), Some(n)) if b != n => write!(f, "compare figures: {n} (was {b})")?,
            _ => write!(f, "compare figures changed")?,
        }
        writeln!(
            f,
            ": {} added, {} removed, {} changed; {} disagreements opened, {} closed",
            self.added.len(),
            self.removed.len(),
            self.changed.len(),
            self.opened.len(),
            self.closed.len()
        )?;
        for (force, field, v) in &self.added {
            writeln!(f, "  + figure {force} {field} = {v}")?;
        }
        for (force, field, v) in &self.removed {
            writeln!(f, "  - figure {force} {field} = {v}")?;
        }
        for (force, field, a, b) in &self.changed {
            writeln!(f, "  ~ figure {force} {field}: {a} -> {b}")?;
        }
        for (force, field, v) in &self.opened {
            writeln!(f, "  ! disagrees {force} {field}: the records give {v}")?;
        }
        for (force, field, _) in &self.closed {
            writeln!(f, "  ✓ agrees now {force} {field}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::compare_field::Field;

    fn figure(force: &str, field: &str, value: &str) -> Published {
        Published {
            force: force.into(),
            field: field.into(),
            value: value.into(),
            key: Field::parse(field).unwrap(),
        }
    }

    fn disagreement(force: &str, field: &str, computed: &str) -> Check {
        Check {
            force: force.into(),
            check: "compare",
            field: field.into(),
            stated: String::new(),
            computed: computed.into(),
            verdict: "disagrees",
            detail: String::new(),
        }
    }

    #[test]
    fn changed_compare_file_shows_in_the_rerun_summary() {
        let path = Path::new("published.csv");
        let before = CompareState::of(
            path,
            &[
                figure("Kent", "scans.total", "511"),
                figure("Kent", "scans_iabs", "3"),
            ],
            &[disagreement("kent", "scans.iabs", "4")],
        );
        // The same file, unchanged: nothing to say.
        assert_eq!(changes(Some(&before), Some(&before)), None);
        assert_eq!(changes(None, None), None);
        let now = CompareState::of(
            path,
            &[
                figure("Kent", "scans_total", "512"),
                figure("Kent", "immigration.arrests", "9"),
            ],
            &[disagreement("kent", "scans.total", "511")],
        );
        let c = changes(Some(&before), Some(&now)).expect("changes");
        let text = c.to_string();
        assert!(
            text.starts_with("compare figures changed: 1 added, 1 removed, 1 changed; 1 disagreements opened, 1 closed\n"),
            "{text}"
        );
        assert!(
            text.contains("  ~ figure Kent scans.total: 511 -> 512\n"),
            "{text}"
        );
        assert!(
            text.contains("  + figure Kent immigration.arrests = 9\n"),
            "{text}"
        );
        assert!(text.contains("  - figure Kent scans.iabs = 3\n"), "{text}");
        assert!(
            text.contains("  ! disagrees kent scans.total: the records give 511\n"),
            "{text}"
        );
        assert!(text.contains("  ✓ agrees now kent scans.iabs\n"), "{text}");
        let dropped = changes(Some(&before), None).expect("dropped").to_string();
        assert_eq!(
            dropped,
            "compare figures: none given this run (the last run compared published.csv)\n"
        );
    }

    #[test]
    fn compare_state_is_kept_and_removed_in_the_output_folder() {
        let dir = tempfile::tempdir().unwrap();
        let state = CompareState::of(
            Path::new("p.csv"),
            &[figure("all", "scans.total", "1")],
            &[],
        );
        CompareState::save(Some(&state), dir.path()).unwrap();
        assert_eq!(CompareState::load(dir.path()), Some(state));
        CompareState::save(None, dir.path()).unwrap();
        assert_eq!(CompareState::load(dir.path()), None);
        CompareState::save(None, dir.path()).unwrap();
    }
}
