//! One record per force: merge the evidence of all its files (letter,
//! annex, covering email, internal review), decide the response and BSG
//! status, and flag every gap exactly as record.md's flag policy says.

use crate::doc::Prov;
use crate::map::evidence::{Evidence, Num};
use crate::map::rules::{ForceInfo, Vocab};
use crate::map::sourcing::{sum, Builder};
use crate::map::text::Reading;
use crate::record::*;
use std::collections::{BTreeMap, BTreeSet};

/// A file of the force that could not be read.
#[derive(Debug, Clone)]
pub struct Unreadable {
    pub path: String,
    pub message: String,
}

/// Build the force's record from its files' evidence.
pub fn merge(
    force: &ForceInfo,
    evidence: &[Evidence],
    unreadable: &[Unreadable],
    sources: Vec<SourceRef>,
    vocab: &Vocab,
) -> Record {
    let mut b = Builder {
        flags: Vec::new(),
        prov: BTreeMap::new(),
    };
    // Later answers (internal review, corrected reply) win.
    let any_later = evidence.iter().any(|e| e.later);
    let mut ordered: Vec<&Evidence> = evidence.iter().collect();
    ordered.sort_by(|a, b| (b.later, b.rank, &a.order).cmp(&(a.later, a.rank, &b.order)));
    let primary: Vec<&Evidence> = if any_later {
        ordered.iter().copied().filter(|e| e.later).collect()
    } else {
        ordered.clone()
    };
    let scotland = evidence
        .iter()
        .find_map(|e| e.scotland)
        .unwrap_or(force.scotland);

    let signals: BTreeMap<&str, &Prov> = primary
        .iter()
        .flat_map(|e| e.signals.iter().map(|(k, v)| (k.as_str(), v)))
        .collect();
    let has = |k: &str| signals.contains_key(k);
    let mut exemptions = BTreeSet::new();
    for e in &primary {
        for (_, num, _) in &e.sections {
            if let Some(s) = vocab
                .sections
                .iter()
                .find(|s| s.scotland == scotland && s.number == *num)
            {
                if s.withholds {
                    exemptions.insert(format!(
                        "{}:s{}",
                        if scotland { "foisa" } else { "foia" },
                        num
                    ));
                }
            }
        }
    }
    // A reference printed in a reply beats one read from a file name.
    let in_text = |r: &crate::map::evidence::Found<String>| r.prov != Prov::file(&r.prov.file);
    let reference = primary
        .iter()
        .chain(ordered.iter())
        .find_map(|e| e.reference.clone().filter(in_text))
        .or_else(|| {
            primary
                .iter()
                .chain(ordered.iter())
                .find_map(|e| e.reference.clone())
        });
    let date = primary
        .iter()
        .chain(ordered.iter())
        .find_map(|e| e.date.clone());

    // Figures: each scans key from the best-sourced file; disagreements flagged.
    let mut scans = Scans::default();
    let mut marks: BTreeMap<&str, &Num> = BTreeMap::new();
    for key in ["iabs", "ident1", "both", "total"] {
        let picked = b.pick(&ordered, any_later, &format!("scans.{key}"), |e| {
            e.scans.get(key)
        });
        if let Some(n) = picked {
            match n.count() {
                Some(c) => {
                    let slot = match key {
                        "iabs" => &mut scans.iabs,
                        "ident1" => &mut scans.ident1,
                        "both" => &mut scans.both,
                        _ => &mut scans.total,
                    };
                    *slot = Some(c);
                    b.prov.insert(format!("scans.{key}"), n.prov.clone());
                }
                None => {
                    marks.insert(key, n);
                }
            }
        }
    }
    if scans.total.is_none() {
        if let Some(t) = ordered
            .iter()
            .flat_map(|e| e.breakdown_totals.iter())
            .find(|n| n.count().is_some())
        {
            scans.total = t.count();
            b.prov.insert("scans.total".into(), t.prov.clone());
        }
    }
    // Three parts and no total: the parts are the whole split.
    if let (None, Some(i), Some(id), Some(bo)) = (scans.total, scans.iabs, scans.ident1, scans.both)
    {
        scans.total = Some(i + id + bo);
        // Derived: the source is the table or passage the parts came from.
        if let Some(p) = b.prov.get("scans.iabs").cloned() {
            let whole = Prov {
                row: None,
                col: None,
                cell: None,
                bbox: None,
                ..p
            };
            b.prov.insert("scans.total".into(), whole);
        }
    }
    if scans.both.is_none() && scans.iabs.is_none() && scans.ident1.is_none() && has("every_both") {
        scans.both = scans.total;
    }
    let arrests = b.pick(&ordered, any_later, "immigration.arrests", |e| {
        e.arrests.as_ref()
    });
    let immigration = Immigration {
        scans: match (scans.iabs, scans.both, scans.total) {
            (Some(i), Some(bo), _) => Some(i + bo),
            (None, Some(bo), Some(t)) if bo == t => Some(bo),
            _ => None,
        },
        arrests: arrests.and_then(Num::count),
    };
    if let Some(a) = arrests.filter(|a| a.count().is_some()) {
        b.prov.insert("immigration.arrests".into(), a.prov.clone());
    }
    let ethnicity = b.breakdown(&ordered, any_later, "ethnicity", |e| &e.ethnicity);
    let reasons = b.breakdown(&ordered, any_later, "reasons", |e| &e.reasons);
    let mut monthly: Vec<MonthlyEntry> = Vec::new();
    if let Some(e) = ordered.iter().find(|e| !e.monthly.is_empty()) {
        for m in &e.monthly {
            if !monthly.iter().any(|x| x.month == m.month) {
                monthly.push(m.clone());
            }
        }
        monthly.sort_by(|a, b| a.month.cmp(&b.month));
    }
    let has_figures = scans.total.is_some()
        || scans.iabs.is_some()
        || scans.ident1.is_some()
        || scans.both.is_some()
        || ethnicity.as_ref().is_some_and(|x| !x.entries.is_empty())
        || reasons.as_ref().is_some_and(|x| !x.entries.is_empty())
        || immigration.arrests.is_some_and(|a| a > 0);

    // BSG use.
    let bsg_status = if has("ncnd") && !has_figures {
        BsgStatus::Unknown
    } else if has("bsg_pilot") && !has("bsg_in_use") {
        BsgStatus::Pilot
    } else if has_figures || has("bsg_in_use") && !has("bsg_not_in_use") && !has("bsg_acquiring") {
        BsgStatus::InUse
    } else if has("bsg_acquiring") {
        BsgStatus::Acquiring
    } else if has("bsg_not_in_use") {
        BsgStatus::NotInUse
    } else if has("bsg_in_use") {
        BsgStatus::InUse
    } else {
        BsgStatus::Unknown
    };
    let since = matches!(bsg_status, BsgStatus::InUse | BsgStatus::Pilot)
        .then(|| ordered.iter().find_map(|e| e.since.clone()))
        .flatten();

    // Response status.
    let readable = !evidence.is_empty();
    let general_withholding =
        has("cost") || has("refusal") || has("ncnd") || !exemptions.is_empty();
    let field_withheld = evidence
        .iter()
        .any(|e| e.gaps.iter().any(|g| g.kind == FlagKind::Withheld));
    let status = if !readable {
        if unreadable.is_empty() {
            ResponseStatus::NoResponse
        } else {
            ResponseStatus::Unclear
        }
    } else if has_figures {
        if general_withholding || field_withheld || has("goodwill") {
            ResponseStatus::Partial
        } else {
            ResponseStatus::Disclosed
        }
    } else if has("ncnd") {
        ResponseStatus::Refused
    } else if has("not_held")
        || matches!(bsg_status, BsgStatus::NotInUse | BsgStatus::Acquiring)
        || exemptions.contains("foisa:s17")
    {
        ResponseStatus::NotHeld
    } else if general_withholding {
        ResponseStatus::Refused
    } else if has("clarification") {
        // After the answers: a thread that asked for clarification and was
        // then answered is the answer.
        ResponseStatus::Clarification
    } else if has("acknowledgement") {
        ResponseStatus::NoResponse
    } else if has("bsg_not_in_use") {
        ResponseStatus::NotHeld
    } else {
        ResponseStatus::Unclear
    };
    let bsg_status = if status == ResponseStatus::Refused
        && bsg_status == BsgStatus::Unknown
        && has("bsg_in_use")
    {
        BsgStatus::InUse
    } else {
        bsg_status
    };
    let first_file = evidence
        .first()
        .map(|e| Prov::file(&e.file))
        .or_else(|| unreadable.first().map(|u| Prov::file(&u.path)));
    match status {
        ResponseStatus::NoResponse | ResponseStatus::Clarification => {
            b.flag(
                "response",
                FlagKind::Missing,
                format!("reply is {}", status.name()),
                first_file.clone(),
            );
        }
        ResponseStatus::Refused => {
            let src = signals
                .get("ncnd")
                .or(signals.get("cost"))
                .or(signals.get("refusal"))
                .map(|p| (*p).clone())
                .or(first_file.clone());
            b.flag(
                "response",
                FlagKind::Withheld,
                "whole request refused".into(),
                src,
            );
        }
        _ => {}
    }
    for u in unreadable {
        b.flag(
            "response",
            FlagKind::Unreadable,
            format!("{}: {}", u.path, u.message),
            Some(Prov::file(&u.path)),
        );
    }

    // Data-gap flags for a force using or piloting the devices that answered.
    let answered = matches!(
        status,
        ResponseStatus::Disclosed | ResponseStatus::Partial | ResponseStatus::NotHeld
    );
    if answered && matches!(bsg_status, BsgStatus::InUse | BsgStatus::Pilot) {
        let gap_kind = |field: &str| -> (FlagKind, String, Option<Prov>) {
            for e in evidence {
                if let Some(g) = e.gaps.iter().find(|g| {
                    g.field == field || (field == "scans" && g.field.starts_with("scans"))
                }) {
                    return (g.kind, g.detail.clone(), Some(g.prov.clone()));
                }
            }
            if status == ResponseStatus::NotHeld {
                let p = signals.get("not_held").map(|p| (*p).clone());
                return (
                    FlagKind::NotRecorded,
                    "force states the information is not held".into(),
                    p,
                );
            }
            if status == ResponseStatus::Partial && general_withholding {
                let p = signals
                    .get("cost")
                    .or(signals.get("refusal"))
                    .map(|p| (*p).clone());
                return (
                    FlagKind::Withheld,
                    "withheld under the exemption or cost limit applied".into(),
                    p.or(first_file.clone()),
                );
            }
            (
                FlagKind::Missing,
                "reply is silent".into(),
                first_file.clone(),
            )
        };
        if scans.total.is_none() {
            let (k, d, p) = gap_kind("scans");
            b.flag("scans", k, d, p);
        } else {
            for (key, v) in [
                ("iabs", scans.iabs),
                ("ident1", scans.ident1),
                ("both", scans.both),
            ] {
                if v.is_some() {
                    continue;
                }
                let field = format!("scans.{key}");
                let (mut k, mut d, mut p) = gap_kind(&field);
                if let Some(m) = marks.get(key) {
                    p = Some(m.prov.clone());
                    (k, d) = match &m.reading {
                        Reading::Suppressed(s) if !exemptions.is_empty() => {
                            (FlagKind::Withheld, format!("given as {s:?}"))
                        }
                        Reading::Suppressed(s) | Reading::Range(s) => {
                            (FlagKind::Ambiguous, format!("given as {s:?}"))
                        }
                        Reading::NotAvailable(s) => {
                            (FlagKind::NotRecorded, format!("given as {s:?}"))
                        }
                        _ => (k, d),
                    };
                }
                b.flag(&field, k, d, p);
            }
        }
        if scans.total != Some(0) {
            if immigration.arrests.is_none() {
                let (k, d, p) = gap_kind("immigration.arrests");
                b.flag("immigration.arrests", k, d, p);
            }
            for (field, present, sum, suppressed, pct) in [
                (
                    "ethnicity",
                    ethnicity.as_ref().is_some_and(|x| !x.entries.is_empty()),
                    ethnicity
                        .as_ref()
                        .and_then(|x| sum(x.entries.iter().map(|e| e.count))),
                    ethnicity.as_ref().is_some_and(|x| x.suppressed),
                    ethnicity.as_ref().is_some_and(|x| x.percentages_only),
                ),
                (
                    "reasons",
                    reasons.as_ref().is_some_and(|x| !x.entries.is_empty()),
                    reasons
                        .as_ref()
                        .and_then(|x| sum(x.entries.iter().map(|e| e.count))),
                    reasons.as_ref().is_some_and(|x| x.suppressed),
                    reasons.as_ref().is_some_and(|x| x.percentages_only),
                ),
            ] {
                let src = if field == "ethnicity" {
                    ethnicity.as_ref().map(|x| x.prov.clone())
                } else {
                    reasons.as_ref().map(|x| x.prov.clone())
                };
                if !present {
                    let (k, d, p) = gap_kind(field);
                    b.flag(field, k, d, p);
                } else if pct {
                    b.flag(
                        field,
                        FlagKind::Ambiguous,
                        "given only as percentages".into(),
                        src,
                    );
                } else if suppressed {
                    let withheld = !exemptions.is_empty()
                        || evidence.iter().any(|e| {
                            e.gaps
                                .iter()
                                .any(|g| g.field == field && g.kind == FlagKind::Withheld)
                        });
                    let k = if withheld {
                        FlagKind::Withheld
                    } else {
                        FlagKind::Ambiguous
                    };
                    b.flag(
                        field,
                        k,
                        "some counts suppressed or given as ranges".into(),
                        src,
                    );
                } else if let (Some(s), Some(t)) = (sum, scans.total) {
                    if s != t {
                        let mut also = Vec::new();
                        if let Some(p) = b.prov.get("scans.total") {
                            also.push(p.clone());
                        }
                        b.flags.push(Flag {
                            field: field.into(),
                            kind: FlagKind::Inconsistent,
                            detail: format!("{field} counts add up to {s}, total is {t}"),
                            source: src,
                            also,
                        });
                    }
                }
            }
        }
        if let (Some(t), Some(i), Some(id), Some(bo)) =
            (scans.total, scans.iabs, scans.ident1, scans.both)
        {
            if i + id + bo != t {
                let src = b.prov.get("scans.total").cloned();
                b.flag(
                    "scans",
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
    if status == ResponseStatus::Partial && !b.flags.iter().any(|f| f.kind == FlagKind::Withheld) {
        let src = signals
            .get("cost")
            .or(signals.get("refusal"))
            .or(signals.get("goodwill"))
            .map(|p| (*p).clone())
            .or(first_file.clone());
        b.flag(
            "response",
            FlagKind::Withheld,
            "part of the request withheld".into(),
            src,
        );
    }
    let period = if has_figures {
        let stated = ordered.iter().find_map(|e| e.period.clone()).map(|p| {
            b.prov.insert("period".into(), p.prov);
            p.value
        });
        let from_monthly = (!monthly.is_empty()).then(|| Period {
            from: monthly.first().map(|m| m.month.clone()),
            to: monthly.last().map(|m| m.month.clone()),
        });
        stated.or(from_monthly)
    } else {
        None
    };
    // Where the scalar answers came from, for analysts.
    for (key, found) in [
        ("response.reference", &reference),
        ("response.date", &date),
        ("bsg.since", &since),
    ] {
        if let Some(f) = found {
            if !f.prov.file.is_empty() {
                b.prov.insert(key.into(), f.prov.clone());
            }
        }
    }
    Record {
        schema_version: SCHEMA_VERSION,
        force: force.slug.clone(),
        force_name: force.name.clone(),
        sources,
        response: Response {
            status,
            exemptions: exemptions.into_iter().collect(),
            reference: reference.map(|r| r.value),
            date: date.map(|d| d.value),
        },
        bsg: Bsg {
            status: bsg_status,
            since: since.map(|s| s.value),
        },
        period,
        scans,
        immigration,
        ethnicity: ethnicity.map(|x| x.entries).unwrap_or_default(),
        reasons: reasons.map(|x| x.entries).unwrap_or_default(),
        // One month is a period, not a month-by-month breakdown.
        monthly: if has_figures && monthly.len() > 1 {
            monthly
        } else {
            Vec::new()
        },
        flags: b.flags,
        provenance: b.prov,
    }
}
