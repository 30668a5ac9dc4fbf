//! The figures: scans by database, immigration scans and arrests, the
//! ethnicity and reasons breakdowns, monthly totals and the period they
//! cover, each from the best-sourced file (`docs/flag-policy.md`,
//! "Figures").

use super::Inputs;
use crate::map::evidence::{Breakdown, Num};
use crate::map::rules::Signal;
use crate::map::sourcing::Builder;
use crate::record::{
    Database, EthnicityEntry, Field, Immigration, MonthlyEntry, Period, ReasonEntry, Scans,
};
use std::collections::BTreeMap;

/// The figures chosen across the force's files.
pub(super) struct Figures<'e> {
    pub scans: Scans,
    /// Scans keys given only as a mark (`*`, `<5`, `N/A`): the mark.
    pub marks: BTreeMap<Database, &'e Num>,
    pub immigration: Immigration,
    pub ethnicity: Option<Breakdown<EthnicityEntry>>,
    pub reasons: Option<Breakdown<ReasonEntry>>,
    pub monthly: Vec<MonthlyEntry>,
}

impl Figures<'_> {
    /// True when the reply gives any figure: a scans count, a breakdown
    /// entry, or immigration arrests above 0.
    pub fn has_figures(&self) -> bool {
        let s = &self.scans;
        s.total.is_some()
            || s.iabs.is_some()
            || s.ident1.is_some()
            || s.both.is_some()
            || self
                .ethnicity
                .as_ref()
                .is_some_and(|x| !x.entries.is_empty())
            || self.reasons.as_ref().is_some_and(|x| !x.entries.is_empty())
            || self.immigration.arrests.is_some_and(|a| a > 0)
    }
}

/// Pick every figure; disagreeing files are flagged as they are picked.
pub(super) fn resolve<'e>(inputs: &Inputs<'e>, b: &mut Builder) -> Figures<'e> {
    let (scans, marks) = scans(inputs, b);
    let arrests = b.pick(
        &inputs.ordered,
        inputs.any_later,
        Field::ImmigrationArrests,
        |e| e.arrests.as_ref(),
    );
    if let Some(a) = arrests.filter(|a| a.count().is_some()) {
        b.prov.insert(Field::ImmigrationArrests, a.prov.clone());
    }
    let immigration = Immigration {
        scans: immigration_scans(&scans),
        arrests: arrests.and_then(Num::count),
    };
    let ethnicity = b.breakdown(&inputs.ordered, inputs.any_later, Field::Ethnicity, |e| {
        &e.ethnicity
    });
    let reasons = b.breakdown(&inputs.ordered, inputs.any_later, Field::Reasons, |e| {
        &e.reasons
    });
    Figures {
        scans,
        marks,
        immigration,
        ethnicity,
        reasons,
        monthly: monthly(inputs),
    }
}

/// Each scans key from the best-sourced file; a breakdown's total stands
/// in for a missing total; "every search checks both" makes the total
/// `both`.
fn scans<'e>(inputs: &Inputs<'e>, b: &mut Builder) -> (Scans, BTreeMap<Database, &'e Num>) {
    let mut scans = Scans::default();
    let mut marks = BTreeMap::new();
    for &key in Database::ALL {
        let field = Field::scans(key);
        let picked = b.pick(&inputs.ordered, inputs.any_later, field, |e| {
            e.scans.get(&key)
        });
        let Some(n) = picked else { continue };
        match n.count() {
            Some(c) => {
                *slot(&mut scans, key) = Some(c);
                b.prov.insert(field, n.prov.clone());
            }
            None => {
                marks.insert(key, n);
            }
        }
    }
    if scans.total.is_none() {
        if let Some(t) = inputs
            .ordered
            .iter()
            .flat_map(|e| e.breakdown_totals.iter())
            .find(|n| n.count().is_some())
        {
            scans.total = t.count();
            b.prov.insert(Field::ScansTotal, t.prov.clone());
        }
    }
    // Three parts and no total: the parts are the whole split. Derived, so
    // its source is the table or passage the parts came from.
    if let (None, Some(i), Some(id), Some(bo)) = (scans.total, scans.iabs, scans.ident1, scans.both)
    {
        scans.total = Some(i + id + bo);
        if let Some(p) = b.prov.get(&Field::ScansIabs).cloned() {
            let whole = crate::doc::Prov {
                row: None,
                col: None,
                cell: None,
                bbox: None,
                ..p
            };
            b.prov.insert(Field::ScansTotal, whole);
        }
    }
    let no_split = scans.both.is_none() && scans.iabs.is_none() && scans.ident1.is_none();
    if no_split && inputs.has(Signal::EveryBoth) {
        scans.both = scans.total;
    }
    (scans, marks)
}

/// The record's slot for a scans key.
fn slot(scans: &mut Scans, key: Database) -> &mut Option<u64> {
    match key {
        Database::Iabs => &mut scans.iabs,
        Database::Ident1 => &mut scans.ident1,
        Database::Both => &mut scans.both,
        Database::Total => &mut scans.total,
    }
}

/// Scans that touched IABS: IABS only + both, or both when it is the total.
fn immigration_scans(scans: &Scans) -> Option<u64> {
    match (scans.iabs, scans.both, scans.total) {
        (Some(i), Some(bo), _) => Some(i + bo),
        (None, Some(bo), Some(t)) if bo == t => Some(bo),
        _ => None,
    }
}

/// Monthly totals of the first file that gives any, one per month, sorted.
fn monthly(inputs: &Inputs) -> Vec<MonthlyEntry> {
    let mut monthly: Vec<MonthlyEntry> = Vec::new();
    if let Some(e) = inputs.ordered.iter().find(|e| !e.monthly.is_empty()) {
        for m in &e.monthly {
            if !monthly.iter().any(|x| x.month == m.month) {
                monthly.push(m.clone());
            }
        }
        monthly.sort_by(|a, b| a.month.cmp(&b.month));
    }
    monthly
}

/// The period the figures cover: as the reply states it, else the span of
/// the monthly totals; none without figures.
pub(super) fn period(
    inputs: &Inputs,
    figures: &Figures,
    has_figures: bool,
    b: &mut Builder,
) -> Option<Period> {
    if !has_figures {
        return None;
    }
    let stated = inputs
        .ordered
        .iter()
        .find_map(|e| e.period.clone())
        .map(|p| {
            b.prov.insert(Field::Period, p.prov);
            p.value
        });
    let monthly = &figures.monthly;
    let from_monthly = (!monthly.is_empty()).then(|| Period {
        from: monthly.first().map(|m| m.month.clone()),
        to: monthly.last().map(|m| m.month.clone()),
    });
    stated.or(from_monthly)
}
