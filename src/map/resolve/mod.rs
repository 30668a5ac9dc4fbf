//! One record per force: gather the evidence of all its files (letter,
//! annex, covering email, internal review) and resolve each part of the
//! record in its own module — the response ([`response`]), the use of the
//! gateway ([`bsg`]), the figures ([`figures`]) — then flag every gap
//! exactly as the flag policy says ([`flags`]; `docs/flag-policy.md`).

mod bsg;
mod figures;
mod flags;
mod response;

use crate::doc::Prov;
use crate::map::evidence::{Evidence, Found};
use crate::map::rules::{ForceInfo, Signal, Vocab};
use crate::map::sourcing::Builder;
use crate::record::*;
use std::collections::BTreeMap;

/// A file of the force that could not be read.
#[derive(Debug, Clone)]
pub struct Unreadable {
    pub path: String,
    pub message: String,
}

/// The force's files as every resolver sees them: ordered for choosing,
/// the answers that count (a later answer replaces earlier ones), and the
/// classification signals of those answers (`docs/flag-policy.md`, "Which
/// file wins").
pub(crate) struct Inputs<'e> {
    /// All readable files, as given.
    pub evidence: &'e [Evidence],
    pub unreadable: &'e [Unreadable],
    /// Later answers first, then better-ranked files, then file order.
    pub ordered: Vec<&'e Evidence>,
    /// The later answers when there are any, else every file (ordered).
    pub primary: Vec<&'e Evidence>,
    pub any_later: bool,
    /// True when FOISA (Scotland) applies.
    pub scotland: bool,
    /// Phrase keys found in the primary answers, with where.
    pub signals: BTreeMap<Signal, &'e Prov>,
    /// The force's first file: the source of a flag with no better one.
    pub first_file: Option<Prov>,
}

impl<'e> Inputs<'e> {
    fn new(force: &ForceInfo, evidence: &'e [Evidence], unreadable: &'e [Unreadable]) -> Self {
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
        let signals = primary
            .iter()
            .flat_map(|e| e.signals.iter().map(|(k, v)| (*k, v)))
            .collect();
        let first_file = evidence
            .first()
            .map(|e| Prov::file(&e.file))
            .or_else(|| unreadable.first().map(|u| Prov::file(&u.path)));
        Inputs {
            evidence,
            unreadable,
            ordered,
            primary,
            any_later,
            scotland,
            signals,
            first_file,
        }
    }

    /// True when any primary answer gave the signal.
    pub fn has(&self, key: Signal) -> bool {
        self.signals.contains_key(&key)
    }

    /// True when a file withholds a named field ("ethnicity is exempt under
    /// s.40(2)"), not only the request as a whole.
    pub fn withholds_a_named_field(&self) -> bool {
        self.evidence
            .iter()
            .any(|e| e.gaps.iter().any(|g| g.kind == FlagKind::Withheld))
    }

    /// Where the first of `keys` that was found was found.
    pub fn signal_source(&self, keys: &[Signal]) -> Option<Prov> {
        keys.iter()
            .find_map(|k| self.signals.get(k))
            .map(|p| (*p).clone())
    }
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
    let inputs = Inputs::new(force, evidence, unreadable);
    let exemptions = response::exemptions(&inputs, vocab);
    let reference = response::reference(&inputs);
    let date = response::date(&inputs);
    let figures = figures::resolve(&inputs, &mut b);
    let has_figures = figures.has_figures();
    let bsg_status = bsg::status(&inputs, has_figures);
    let status = response::status(&inputs, &exemptions, has_figures, bsg_status);
    let bsg_status = bsg::confirmed_by_refusal(&inputs, status, bsg_status);
    let since = bsg::since(&inputs, bsg_status);
    flags::flag_gaps(
        &inputs,
        &flags::Outcome {
            status,
            bsg: bsg_status,
            exemptions: &exemptions,
            figures: &figures,
        },
        &mut b,
    );
    let period = figures::period(&inputs, &figures, has_figures, &mut b);
    for (key, found) in [
        (Field::ResponseReference, &reference),
        (Field::ResponseDate, &date),
        (Field::BsgSince, &since),
    ] {
        scalar_provenance(&mut b, key, found.as_ref());
    }
    let figures::Figures {
        scans,
        immigration,
        ethnicity,
        reasons,
        monthly,
        ..
    } = figures;
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

/// Where a scalar answer came from, for analysts (not for one read from
/// no file).
fn scalar_provenance(b: &mut Builder, key: Field, found: Option<&Found<String>>) {
    if let Some(f) = found.filter(|f| !f.prov.file.is_empty()) {
        b.prov.insert(key, f.prov.clone());
    }
}
