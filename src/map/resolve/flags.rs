//! The flag policy: every gap an analyst must chase, one named rule per
//! function in the order `docs/flag-policy.md` ("Flag policy") numbers
//! them. [`flag_gaps`] applies them in the order their flags appear in a
//! record.

use super::figures::Figures;
use super::{response, Inputs};
use crate::doc::Prov;
use crate::map::evidence::Breakdown;
use crate::map::rules::Signal;
use crate::map::sourcing::{sum, Builder, HasCount};
use crate::map::text::Reading;
use crate::record::{BsgStatus, Database, Field, Flag, FlagKind, ResponseStatus};
use std::collections::BTreeSet;

/// What the record resolved to, which the rules flag against.
pub(super) struct Outcome<'a, 'e> {
    pub status: ResponseStatus,
    pub bsg: BsgStatus,
    pub exemptions: &'a BTreeSet<String>,
    pub figures: &'a Figures<'e>,
}

/// A flag's kind, detail and source.
type Finding = (FlagKind, String, Option<Prov>);

/// Apply every rule of the policy.
pub(super) fn flag_gaps(inputs: &Inputs, o: &Outcome, b: &mut Builder) {
    response_flag(inputs, o, b);
    unreadable_files(inputs, b);
    if answered_in_use(o) {
        scans_gaps(inputs, o, b);
        if o.figures.scans.total != Some(0) {
            arrests_gap(inputs, o, b);
            breakdown_gaps(inputs, o, b);
        }
        scans_parts_add_up(o, b);
        period_totals_add_up(inputs, b);
    }
    partial_withheld(inputs, o, b);
}

/// Rule 1: `no_response` and `clarification` carry `response` /
/// `missing`; `refused` carries `response` / `withheld`.
fn response_flag(inputs: &Inputs, o: &Outcome, b: &mut Builder) {
    match o.status {
        ResponseStatus::NoResponse | ResponseStatus::Clarification => b.flag(
            Field::Response,
            FlagKind::Missing,
            format!("reply is {}", o.status.name()),
            inputs.first_file.clone(),
        ),
        ResponseStatus::Refused => {
            let src = inputs
                .signal_source(&[Signal::Ncnd, Signal::Cost, Signal::Refusal])
                .or(inputs.first_file.clone());
            b.flag(
                Field::Response,
                FlagKind::Withheld,
                "whole request refused".into(),
                src,
            );
        }
        _ => {}
    }
}

/// Rule 2: data-gap flags are for a force using or piloting the devices
/// that answered (`disclosed`, `partial`, `not_held`).
fn answered_in_use(o: &Outcome) -> bool {
    let answered = matches!(
        o.status,
        ResponseStatus::Disclosed | ResponseStatus::Partial | ResponseStatus::NotHeld
    );
    answered && matches!(o.bsg, BsgStatus::InUse | BsgStatus::Pilot)
}

/// Rule 2.1: `scans` when the total is missing, otherwise one flag for
/// each missing part, its kind from the mark given in its place.
fn scans_gaps(inputs: &Inputs, o: &Outcome, b: &mut Builder) {
    let scans = &o.figures.scans;
    if scans.total.is_none() {
        let (k, d, p) = gap_kind(inputs, o, Field::Scans);
        b.flag(Field::Scans, k, d, p);
        return;
    }
    for (key, v) in [
        (Database::Iabs, scans.iabs),
        (Database::Ident1, scans.ident1),
        (Database::Both, scans.both),
    ] {
        if v.is_some() {
            continue;
        }
        let field = Field::scans(key);
        let (mut k, mut d, mut p) = gap_kind(inputs, o, field);
        if k == FlagKind::Missing {
            if let Some((why, src)) = split_not_given(inputs) {
                (k, d, p) = (FlagKind::NotRecorded, why.into(), src.or(p));
            }
        }
        if let Some(m) = o.figures.marks.get(&key) {
            p = Some(m.prov.clone());
            (k, d) = match &m.reading {
                Reading::Suppressed(s) if !o.exemptions.is_empty() => {
                    (FlagKind::Withheld, format!("given as {s:?}"))
                }
                Reading::Suppressed(s) | Reading::Range(s) => {
                    (FlagKind::Ambiguous, format!("given as {s:?}"))
                }
                Reading::NotAvailable(s) => (FlagKind::NotRecorded, format!("given as {s:?}")),
                _ => (k, d),
            };
        }
        b.flag(field, k, d, p);
    }
}

/// Why the parts by database are not given, where the reply says so:
/// every search checks both databases, or the split was not recorded.
fn split_not_given(inputs: &Inputs) -> Option<(&'static str, Option<Prov>)> {
    if inputs.has(Signal::EveryBoth) {
        Some((
            "not given separately: the reply says every scan checks both databases",
            inputs.signal_source(&[Signal::EveryBoth]),
        ))
    } else if inputs.has(Signal::SplitNotRecorded) {
        Some((
            "the reply says the database searched was not recorded",
            inputs.signal_source(&[Signal::SplitNotRecorded]),
        ))
    } else {
        None
    }
}

/// Rule 2.2: `immigration.arrests` when absent (unless the total is 0).
fn arrests_gap(inputs: &Inputs, o: &Outcome, b: &mut Builder) {
    if o.figures.immigration.arrests.is_none() {
        let (k, d, p) = gap_kind(inputs, o, Field::ImmigrationArrests);
        b.flag(Field::ImmigrationArrests, k, d, p);
    }
}

/// What the gap rules need of a breakdown: its counts, marks and source.
struct Shape {
    /// Counts per table or passage the entries came from (a reply giving
    /// both ethnicity schemes prints a table of each): each adds up to the
    /// total on its own.
    groups: Vec<Vec<Option<u64>>>,
    suppressed: bool,
    percentages_only: bool,
    prov: Prov,
}

impl Shape {
    /// The shape of a breakdown that has entries.
    fn of<E: HasCount>(x: Option<&Breakdown<E>>) -> Option<Shape> {
        x.filter(|x| !x.entries.is_empty()).map(|x| Shape {
            groups: groups(&x.entries),
            suppressed: x.suppressed,
            percentages_only: x.percentages_only,
            prov: x.prov.clone(),
        })
    }
}

/// The counts of a breakdown by table and coding scheme: a table may hold
/// both ethnicity schemes one under the other; free-text labels beside
/// the codes of one scheme count with that scheme.
fn groups<E: HasCount>(entries: &[E]) -> Vec<Vec<Option<u64>>> {
    use crate::record::EthnicityScheme::Other;
    use std::collections::{BTreeMap, BTreeSet};
    let mut coded: BTreeMap<_, BTreeSet<_>> = BTreeMap::new();
    for e in entries {
        if let Some(s) = e.scheme().filter(|s| *s != Other) {
            coded.entry(e.part()).or_default().insert(s);
        }
    }
    let mut by: BTreeMap<_, Vec<Option<u64>>> = BTreeMap::new();
    for e in entries {
        let part = e.part();
        let scheme = match (e.scheme(), coded.get(&part)) {
            (Some(Other), Some(set)) if set.len() == 1 => set.iter().next().copied(),
            (s, _) => s,
        };
        by.entry((part, scheme)).or_default().push(e.count());
    }
    by.into_values().collect()
}

/// Rule 2.3: `ethnicity` and `reasons` when absent, given only as
/// percentages or with suppressed counts, or not adding up to the total.
fn breakdown_gaps(inputs: &Inputs, o: &Outcome, b: &mut Builder) {
    let f = o.figures;
    for (field, shape) in [
        (Field::Ethnicity, Shape::of(f.ethnicity.as_ref())),
        (Field::Reasons, Shape::of(f.reasons.as_ref())),
    ] {
        let Some(shape) = shape else {
            let (k, d, p) = gap_kind(inputs, o, field);
            b.flag(field, k, d, p);
            continue;
        };
        let src = Some(shape.prov);
        if shape.percentages_only {
            let detail = "given only as percentages".into();
            b.flag(field, FlagKind::Ambiguous, detail, src);
        } else if shape.suppressed {
            let k = suppressed_kind(inputs, o, field);
            let detail = "some counts suppressed or given as ranges".into();
            b.flag(field, k, detail, src);
        } else if let Some(t) = f.scans.total {
            let off = shape
                .groups
                .into_iter()
                .filter_map(|g| sum(g.into_iter()))
                .find(|&s| s != t);
            if let Some(s) = off {
                let also = b
                    .prov
                    .get(&Field::ScansTotal)
                    .cloned()
                    .into_iter()
                    .collect();
                b.flags.push(Flag {
                    field,
                    kind: FlagKind::Inconsistent,
                    detail: format!("{field} counts add up to {s}, total is {t}"),
                    source: src,
                    also,
                });
            }
        }
    }
}

/// Rule 2.3: suppressed counts are `withheld` where the reply cites an exemption
/// for them, `ambiguous` otherwise.
fn suppressed_kind(inputs: &Inputs, o: &Outcome, field: Field) -> FlagKind {
    let withheld = !o.exemptions.is_empty()
        || inputs.evidence.iter().any(|e| {
            e.gaps
                .iter()
                .any(|g| g.field == field && g.kind == FlagKind::Withheld)
        });
    if withheld {
        FlagKind::Withheld
    } else {
        FlagKind::Ambiguous
    }
}

/// Rule 2.4: IABS + IDENT1 + both that do not add up to the total.
fn scans_parts_add_up(o: &Outcome, b: &mut Builder) {
    let s = &o.figures.scans;
    if let (Some(t), Some(i), Some(id), Some(bo)) = (s.total, s.iabs, s.ident1, s.both) {
        if i + id + bo != t {
            let src = b.prov.get(&Field::ScansTotal).cloned();
            b.flag(
                Field::Scans,
                FlagKind::Inconsistent,
                format!(
                    "IABS {i} + IDENT1 {id} + both {bo} = {} but total is {t}",
                    i + id + bo
                ),
                src,
            );
        }
    }
}

/// Rule 2.4: a period table whose printed total is not the sum of its
/// periods (found by the table reader as an `inconsistent` gap).
fn period_totals_add_up(inputs: &Inputs, b: &mut Builder) {
    for e in inputs.evidence {
        for g in e.gaps.iter().filter(|g| g.kind == FlagKind::Inconsistent) {
            b.flag(g.field, g.kind, g.detail.clone(), Some(g.prov.clone()));
        }
    }
}

/// Rule 3: the kind of a data gap — what the reply says of the field
/// (`not_recorded`, `withheld`), else what it says of the whole request,
/// else `missing` (the reply is silent).
fn gap_kind(inputs: &Inputs, o: &Outcome, field: Field) -> Finding {
    for e in inputs.evidence {
        let stated = e.gaps.iter().find(|g| {
            g.field == field
                || (field == Field::Scans && g.field.is_scans())
                || (g.field == Field::Scans && field.is_scans())
        });
        if let Some(g) = stated {
            return (g.kind, g.detail.clone(), Some(g.prov.clone()));
        }
    }
    if o.status == ResponseStatus::NotHeld {
        return (
            FlagKind::NotRecorded,
            "force states the information is not held".into(),
            inputs.signal_source(&[Signal::NotHeld]),
        );
    }
    // A withholding the reply ties to named fields ("ethnicity is exempt
    // under s.40(2)") says nothing of the others: they are silent.
    if o.status == ResponseStatus::Partial
        && !inputs.withholds_a_named_field()
        && response::withholds(inputs, o.exemptions)
    {
        let p = inputs.signal_source(&[Signal::Cost, Signal::Refusal]);
        return (
            FlagKind::Withheld,
            "withheld under the exemption or cost limit applied".into(),
            p.or(inputs.first_file.clone()),
        );
    }
    (
        FlagKind::Missing,
        "reply is silent".into(),
        inputs.first_file.clone(),
    )
}

/// Rule 4: a withheld part of a `partial` reply that has no field of its
/// own gives `response` / `withheld`.
fn partial_withheld(inputs: &Inputs, o: &Outcome, b: &mut Builder) {
    if o.status != ResponseStatus::Partial || b.flags.iter().any(|f| f.kind == FlagKind::Withheld) {
        return;
    }
    let src = inputs
        .signal_source(&[Signal::Cost, Signal::Refusal, Signal::Goodwill])
        .or(inputs.first_file.clone());
    b.flag(
        Field::Response,
        FlagKind::Withheld,
        "part of the request withheld".into(),
        src,
    );
}

/// Rule 5: every file that cannot be read adds a `response` /
/// `unreadable` flag naming it.
fn unreadable_files(inputs: &Inputs, b: &mut Builder) {
    for u in inputs.unreadable {
        b.flag(
            Field::Response,
            FlagKind::Unreadable,
            format!("{}: {}", u.path, u.message),
            Some(Prov::file(&u.path)),
        );
    }
}
