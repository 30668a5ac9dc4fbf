//! Choosing among files: the better-sourced value or breakdown for a
//! field, with disagreeing files flagged `inconsistent`, and the flag list
//! a record is built with (`docs/flag-policy.md`, "Which file wins").

use crate::doc::Prov;
use crate::map::evidence::{Breakdown, Evidence, Num};
use crate::record::{EthnicityEntry, EthnicityScheme, Field, Flag, FlagKind, ReasonEntry};
use std::collections::{BTreeMap, BTreeSet};

pub(crate) fn sum(counts: impl Iterator<Item = Option<u64>>) -> Option<u64> {
    counts.sum()
}

/// The record's flags and value provenance as they are built.
pub(crate) struct Builder {
    pub flags: Vec<Flag>,
    pub prov: BTreeMap<Field, Prov>,
}

impl Builder {
    pub fn flag(&mut self, field: Field, kind: FlagKind, detail: String, source: Option<Prov>) {
        if self
            .flags
            .iter()
            .any(|f| f.field == field && f.kind == kind)
        {
            return;
        }
        self.flags.push(Flag {
            field,
            kind,
            detail,
            source,
            also: Vec::new(),
        });
    }

    /// The best-sourced value across files; differing counts from other
    /// files (not superseded by a later answer) are flagged `inconsistent`.
    pub fn pick<'e>(
        &mut self,
        ordered: &[&'e Evidence],
        any_later: bool,
        field: Field,
        get: impl Fn(&'e Evidence) -> Option<&'e Num>,
    ) -> Option<&'e Num> {
        let mut cands: Vec<(&'e Evidence, &'e Num)> = ordered
            .iter()
            .filter_map(|e| get(e).map(|n| (*e, n)))
            .collect();
        cands.sort_by_key(|(e, n)| {
            std::cmp::Reverse((e.later, n.count().is_some(), e.rank, n.quality))
        });
        let (best_ev, best) = *cands.first()?;
        let disagreeing: Vec<&Num> = cands
            .iter()
            .filter(|(e, n)| {
                e.file != best_ev.file
                    && (!any_later || e.later == best_ev.later)
                    && n.count().is_some()
                    && best.count().is_some()
                    && n.count() != best.count()
            })
            .map(|(_, n)| *n)
            .collect();
        if !disagreeing.is_empty() {
            // Each other value with where it is, so the analyst need not
            // open the files to see what disagrees.
            let gives: Vec<String> = disagreeing
                .iter()
                .map(|n| format!("{} gives {}", n.prov.short(), n.count().unwrap_or(0)))
                .collect();
            self.flags.push(Flag {
                field,
                kind: FlagKind::Inconsistent,
                detail: format!(
                    "files disagree; kept {} from {}; {}",
                    best.count().unwrap_or(0),
                    best.prov.short(),
                    gives.join("; ")
                ),
                source: Some(best.prov.clone()),
                also: disagreeing.iter().map(|n| n.prov.clone()).collect(),
            });
        }
        Some(best)
    }

    pub fn breakdown<'e, E: Clone + HasCount + 'e>(
        &mut self,
        ordered: &[&'e Evidence],
        any_later: bool,
        field: Field,
        get: impl Fn(&'e Evidence) -> &'e Vec<Breakdown<E>>,
    ) -> Option<Breakdown<E>> {
        let mut cands: Vec<(&'e Evidence, &'e Breakdown<E>)> = ordered
            .iter()
            .flat_map(|e| get(e).iter().map(move |b| (*e, b)))
            .filter(|(_, b)| !b.entries.is_empty())
            .collect();
        cands
            .sort_by_key(|(e, b)| std::cmp::Reverse((e.later, e.rank, b.quality, b.entries.len())));
        let (best_ev, best) = *cands.first()?;
        let total =
            |b: &Breakdown<E>| -> Option<u64> { b.entries.iter().map(HasCount::count).sum() };
        let others: Vec<Prov> = cands
            .iter()
            .filter(|(e, b)| {
                e.file != best_ev.file
                    && (!any_later || e.later == best_ev.later)
                    && total(b).is_some()
                    && total(best).is_some()
                    && total(b) != total(best)
            })
            .map(|(_, b)| b.prov.clone())
            .collect();
        if !others.is_empty() {
            self.flags.push(Flag {
                field,
                kind: FlagKind::Inconsistent,
                detail: "files give different breakdowns".into(),
                source: Some(best.prov.clone()),
                also: others,
            });
        }
        let same_file = cands
            .iter()
            .skip(1)
            .filter(|(e, _)| e.file == best_ev.file)
            .map(|(_, b)| *b);
        Some(with_other_schemes(best, same_file))
    }
}

/// Entries of a breakdown that carry a count.
pub trait HasCount {
    fn count(&self) -> Option<u64>;
    /// The coding scheme of the entry, for breakdowns a reply may give in
    /// more than one (ethnicity: officer-defined and self-defined).
    fn scheme(&self) -> Option<EthnicityScheme> {
        None
    }
    /// Where the entry came from.
    fn source(&self) -> Option<&Prov>;
    /// The table (or passage) the entry came from: each table of a
    /// breakdown adds up to the total on its own. The page is left out: a
    /// table running onto the next page is still one table.
    fn part(&self) -> (Option<String>, Option<String>, Option<u32>) {
        self.source().map_or((None, None, None), |p| {
            (Some(p.file.clone()), p.sheet.clone(), p.table)
        })
    }
}

impl HasCount for EthnicityEntry {
    fn count(&self) -> Option<u64> {
        self.count
    }
    fn scheme(&self) -> Option<EthnicityScheme> {
        Some(self.scheme)
    }
    fn source(&self) -> Option<&Prov> {
        self.source.as_ref()
    }
}

/// The schemes a breakdown's entries use.
fn schemes<E: HasCount>(b: &Breakdown<E>) -> BTreeSet<EthnicityScheme> {
    b.entries.iter().filter_map(HasCount::scheme).collect()
}

/// `best` with the breakdowns of the same file in other schemes added
/// (a reply listing both officer- and self-defined ethnicity gives both).
fn with_other_schemes<'b, E: Clone + HasCount + 'b>(
    best: &Breakdown<E>,
    same_file: impl Iterator<Item = &'b Breakdown<E>>,
) -> Breakdown<E> {
    let mut merged = best.clone();
    let mut seen = schemes(best);
    if seen.is_empty() {
        return merged;
    }
    let mut parts = vec![best];
    for b in same_file {
        let theirs = schemes(b);
        if !theirs.is_empty() && theirs.is_disjoint(&seen) {
            merged.suppressed |= b.suppressed;
            seen.extend(theirs);
            parts.push(b);
        }
    }
    // In the order the file prints them.
    parts.sort_by_key(|b| (b.prov.page, b.prov.sheet.clone(), b.prov.table));
    merged.entries = parts
        .iter()
        .flat_map(|b| b.entries.iter().cloned())
        .collect();
    merged
}

impl HasCount for ReasonEntry {
    fn count(&self) -> Option<u64> {
        self.count
    }
    fn source(&self) -> Option<&Prov> {
        self.source.as_ref()
    }
}
