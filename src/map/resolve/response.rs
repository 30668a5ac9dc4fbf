//! The response: which sections were applied to withhold, the reply's
//! reference and date, and its status (`docs/flag-policy.md`, "Response
//! status").

use super::Inputs;
use crate::doc::Prov;
use crate::map::evidence::Found;
use crate::map::rules::{Signal, Vocab};
use crate::record::{BsgStatus, ResponseStatus};
use std::collections::BTreeSet;

/// Normalised sections (`foia:s40`) the primary answers cite to withhold;
/// procedural sections are not exemptions.
pub(super) fn exemptions(inputs: &Inputs, vocab: &Vocab) -> BTreeSet<String> {
    let act = if inputs.scotland { "foisa" } else { "foia" };
    let mut out = BTreeSet::new();
    for e in &inputs.primary {
        for (_, num, _) in &e.sections {
            let withholds = vocab
                .sections
                .iter()
                .find(|s| s.scotland == inputs.scotland && s.number == *num)
                .is_some_and(|s| s.withholds);
            if withholds {
                out.insert(format!("{act}:s{num}"));
            }
        }
    }
    out
}

/// The reply's reference: a later answer's first; one printed in a reply
/// beats one read from a file name.
pub(super) fn reference(inputs: &Inputs) -> Option<Found<String>> {
    let in_text = |r: &Found<String>| r.prov != Prov::file(&r.prov.file);
    let answers = || inputs.primary.iter().chain(inputs.ordered.iter());
    answers()
        .find_map(|e| e.reference.clone().filter(in_text))
        .or_else(|| answers().find_map(|e| e.reference.clone()))
}

/// The reply's date, a later answer's first.
pub(super) fn date(inputs: &Inputs) -> Option<Found<String>> {
    inputs
        .primary
        .iter()
        .chain(inputs.ordered.iter())
        .find_map(|e| e.date.clone())
}

/// True when the reply withholds in general: a cost refusal, a refusal,
/// neither confirm nor deny, or any exemption applied.
pub(super) fn withholds(inputs: &Inputs, exemptions: &BTreeSet<String>) -> bool {
    [Signal::Cost, Signal::Refusal, Signal::Ncnd]
        .into_iter()
        .any(|s| inputs.has(s))
        || !exemptions.is_empty()
}

/// The response status, in the order the conventions settle it: figures
/// make a reply disclosed or partial; then neither-confirm-nor-deny, not
/// held, refusals, clarification and acknowledgement.
pub(super) fn status(
    inputs: &Inputs,
    exemptions: &BTreeSet<String>,
    has_figures: bool,
    bsg: BsgStatus,
) -> ResponseStatus {
    let general_withholding = withholds(inputs, exemptions);
    if inputs.evidence.is_empty() {
        return if inputs.unreadable.is_empty() {
            ResponseStatus::NoResponse
        } else {
            ResponseStatus::Unclear
        };
    }
    if has_figures {
        let field_withheld = inputs.withholds_a_named_field();
        return if general_withholding || field_withheld || inputs.has(Signal::Goodwill) {
            ResponseStatus::Partial
        } else {
            ResponseStatus::Disclosed
        };
    }
    let in_use_or_unknown = !matches!(bsg, BsgStatus::NotInUse | BsgStatus::Acquiring);
    if inputs.has(Signal::Ncnd) {
        ResponseStatus::Refused
    } else if inputs.has(Signal::Cost) && in_use_or_unknown {
        // s.12 refuses even where the reply adds that the data is "not held
        // centrally" (docs/flag-policy.md, response status).
        if inputs.evidence.iter().any(|e| e.answered_part) {
            ResponseStatus::Partial
        } else {
            ResponseStatus::Refused
        }
    } else if inputs.has(Signal::NotHeld)
        || matches!(bsg, BsgStatus::NotInUse | BsgStatus::Acquiring)
        || exemptions.contains("foisa:s17")
    {
        ResponseStatus::NotHeld
    } else if general_withholding {
        ResponseStatus::Refused
    } else if inputs.has(Signal::Clarification) {
        // After the answers: a thread that asked for clarification and was
        // then answered is the answer.
        ResponseStatus::Clarification
    } else if inputs.has(Signal::Acknowledgement) {
        ResponseStatus::NoResponse
    } else if inputs.has(Signal::BsgNotInUse) {
        ResponseStatus::NotHeld
    } else {
        ResponseStatus::Unclear
    }
}
