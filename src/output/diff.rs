//! What changed since the last run: the previous `records.jsonl` against
//! the new records (forces added or gone, values changed, flags opened or
//! closed).

use super::words;
use crate::record::{Field, Record};
use std::collections::BTreeMap;
use std::fmt;

/// The changes between two runs over the same output folder.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RunChanges {
    /// No previous `records.jsonl` (or it could not be read).
    pub first_run: bool,
    /// Why a previous `records.jsonl` could not be read, if one was there.
    pub previous_error: Option<String>,
    pub forces_added: Vec<String>,
    pub forces_removed: Vec<String>,
    /// (force, field, before, after).
    pub values_changed: Vec<(String, String, String, String)>,
    /// (force, field, kind, detail).
    pub flags_opened: Vec<(String, String, String, String)>,
    pub flags_closed: Vec<(String, String, String, String)>,
    /// How the `--compare` figures and their disagreements changed.
    pub compare: Option<super::compare_changes::CompareChanges>,
}

impl RunChanges {
    pub fn is_empty(&self) -> bool {
        self.forces_added.is_empty()
            && self.forces_removed.is_empty()
            && self.values_changed.is_empty()
            && self.flags_opened.is_empty()
            && self.flags_closed.is_empty()
            && self.compare.is_none()
    }
}

fn opt<T: ToString>(v: &Option<T>) -> String {
    v.as_ref()
        .map_or_else(|| "null".to_string(), |x| x.to_string())
}

/// The record's values as `field -> shown value`, for comparison.
pub fn flatten(r: &Record) -> BTreeMap<String, String> {
    let mut m = BTreeMap::new();
    m.insert(
        Field::ResponseStatus.name().into(),
        r.response.status.name().into(),
    );
    m.insert(
        Field::ResponseExemptions.name().into(),
        r.response.exemptions.join(" "),
    );
    m.insert(
        Field::ResponseReference.name().into(),
        opt(&r.response.reference),
    );
    m.insert(Field::ResponseDate.name().into(), opt(&r.response.date));
    m.insert(Field::BsgStatus.name().into(), r.bsg.status.name().into());
    m.insert(Field::BsgSince.name().into(), opt(&r.bsg.since));
    let period = r
        .period
        .as_ref()
        .map(|p| format!("{} to {}", opt(&p.from), opt(&p.to)));
    m.insert(Field::Period.name().into(), opt(&period));
    m.insert(Field::ScansIabs.name().into(), opt(&r.scans.iabs));
    m.insert(Field::ScansIdent1.name().into(), opt(&r.scans.ident1));
    m.insert(Field::ScansBoth.name().into(), opt(&r.scans.both));
    m.insert(Field::ScansTotal.name().into(), opt(&r.scans.total));
    m.insert(
        Field::ImmigrationScans.name().into(),
        opt(&r.immigration.scans),
    );
    m.insert(
        Field::ImmigrationArrests.name().into(),
        opt(&r.immigration.arrests),
    );
    for e in &r.ethnicity {
        let key = format!(
            "ethnicity[{}]",
            e.code.clone().unwrap_or_else(|| e.label.clone())
        );
        m.insert(key, opt(&e.count));
    }
    for e in &r.reasons {
        m.insert(format!("reasons[{}]", e.label), opt(&e.count));
    }
    for e in &r.monthly {
        m.insert(format!("monthly[{}]", e.month), opt(&e.total));
    }
    m
}

fn flag_keys(r: &Record) -> Vec<(String, String, String, String)> {
    let mut v: Vec<_> = r
        .flags
        .iter()
        .map(|f| {
            (
                r.force.clone(),
                f.field.name().to_string(),
                f.kind.name().to_string(),
                f.detail.clone(),
            )
        })
        .collect();
    v.sort();
    v
}

/// Compare two record sets (each keyed by force).
pub fn diff(previous: Option<&[Record]>, current: &[Record]) -> RunChanges {
    let Some(previous) = previous else {
        return RunChanges {
            first_run: true,
            ..Default::default()
        };
    };
    let before: BTreeMap<&str, &Record> = previous.iter().map(|r| (r.force.as_str(), r)).collect();
    let after: BTreeMap<&str, &Record> = current.iter().map(|r| (r.force.as_str(), r)).collect();
    let mut c = RunChanges::default();
    for (force, new) in &after {
        let Some(old) = before.get(force) else {
            c.forces_added.push(force.to_string());
            continue;
        };
        let (a, b) = (flatten(old), flatten(new));
        let keys: std::collections::BTreeSet<&String> = a.keys().chain(b.keys()).collect();
        for k in keys {
            let (x, y) = (a.get(k), b.get(k));
            if x != y {
                let show = |v: Option<&String>| v.cloned().unwrap_or_else(|| "absent".into());
                c.values_changed
                    .push((force.to_string(), k.clone(), show(x), show(y)));
            }
        }
        // Flags are matched on field and kind (the detail wording may be
        // reworded between versions without the gap changing).
        let (old_flags, new_flags) = (flag_keys(old), flag_keys(new));
        let same = |f: &(String, String, String, String), g: &(String, String, String, String)| {
            f.1 == g.1 && f.2 == g.2
        };
        let mut unmatched_old: Vec<bool> = vec![true; old_flags.len()];
        for f in &new_flags {
            match (0..old_flags.len()).find(|&i| unmatched_old[i] && same(&old_flags[i], f)) {
                Some(i) => unmatched_old[i] = false,
                None => c.flags_opened.push(f.clone()),
            }
        }
        for (i, f) in old_flags.iter().enumerate() {
            if unmatched_old[i] {
                c.flags_closed.push(f.clone());
            }
        }
    }
    for force in before.keys() {
        if !after.contains_key(force) {
            c.forces_removed.push(force.to_string());
        }
    }
    c
}

impl fmt::Display for RunChanges {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(e) = &self.previous_error {
            return writeln!(
                f,
                "the previous records.jsonl could not be read ({e}): nothing to compare with"
            );
        }
        if self.first_run {
            return writeln!(
                f,
                "first run in this output folder: nothing to compare with"
            );
        }
        if self.is_empty() {
            return writeln!(f, "no changes since the last run");
        }
        let n = |v: usize| v as u64;
        writeln!(
            f,
            "since the last run: {} added, {} gone, {} changed, {} opened, {} closed",
            words::count(n(self.forces_added.len()), "force", "forces"),
            n(self.forces_removed.len()),
            words::count(n(self.values_changed.len()), "value", "values"),
            words::count(n(self.flags_opened.len()), "flag", "flags"),
            n(self.flags_closed.len())
        )?;
        for force in &self.forces_added {
            writeln!(f, "  + force {force}")?;
        }
        for force in &self.forces_removed {
            writeln!(f, "  - force {force}")?;
        }
        for (force, field, a, b) in &self.values_changed {
            writeln!(f, "  ~ {force} {field}: {a} -> {b}")?;
        }
        for (force, field, kind, detail) in &self.flags_opened {
            writeln!(f, "  ! opened {force} {field} {kind}: {detail}")?;
        }
        for (force, field, kind, detail) in &self.flags_closed {
            writeln!(f, "  ✓ closed {force} {field} {kind}: {detail}")?;
        }
        if let Some(compare) = &self.compare {
            write!(f, "{compare}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::testdata::{flag, record};
    use crate::record::FlagKind;

    #[test]
    fn added_changed_opened_closed() {
        let mut kent = record("kent");
        kent.scans.total = Some(500);
        kent.flags = vec![flag("ethnicity", FlagKind::Missing)];
        let before = vec![kent.clone(), record("surrey")];
        kent.scans.total = Some(511);
        kent.flags = vec![flag("reasons", FlagKind::Withheld)];
        let after = vec![record("devon-and-cornwall"), kent];
        let c = diff(Some(&before), &after);
        assert_eq!(c.forces_added, vec!["devon-and-cornwall"]);
        assert_eq!(c.forces_removed, vec!["surrey"]);
        assert_eq!(
            c.values_changed,
            vec![(
                "kent".into(),
                "scans.total".into(),
                "500".into(),
                "511".into()
            )]
        );
        let text = c.to_string();
        assert!(
            text.contains("  ~ kent scans.total: 500 -> 511\n"),
            "{text}"
        );
        assert!(text.contains("  ! opened kent reasons withheld"), "{text}");
        assert!(text.contains("  ✓ closed kent ethnicity missing"), "{text}");
        assert_eq!(
            diff(Some(&after), &after).to_string(),
            "no changes since the last run\n"
        );
        assert!(diff(None, &after).first_run);
    }
}
