//! Use of the Biometric Services Gateway: its status and since when
//! (`docs/flag-policy.md`, "BSG use").

use super::Inputs;
use crate::map::evidence::Found;
use crate::map::rules::Signal::{self, *};
use crate::record::{BsgStatus, ResponseStatus};

/// The status the reply's words and figures give: figures mean the
/// devices are in use, unless the reply neither confirms nor denies.
pub(super) fn status(inputs: &Inputs, has_figures: bool) -> BsgStatus {
    let has = |k: Signal| inputs.has(k);
    if has(Ncnd) && !has_figures {
        BsgStatus::Unknown
    } else if has(BsgPilot) && (!has(BsgInUse) || has(BsgNotInUse)) {
        // A pilot, or a pilot that ended ("trialled …, not in use now").
        BsgStatus::Pilot
    } else if has_figures || has(BsgInUse) && !has(BsgNotInUse) && !has(BsgAcquiring) {
        BsgStatus::InUse
    } else if has(BsgAcquiring) {
        BsgStatus::Acquiring
    } else if has(BsgNotInUse) {
        BsgStatus::NotInUse
    } else if has(BsgInUse) {
        BsgStatus::InUse
    } else {
        BsgStatus::Unknown
    }
}

/// A refusal that confirms use is `in_use`, not `unknown`.
pub(super) fn confirmed_by_refusal(
    inputs: &Inputs,
    response: ResponseStatus,
    bsg: BsgStatus,
) -> BsgStatus {
    if response == ResponseStatus::Refused && bsg == BsgStatus::Unknown && inputs.has(BsgInUse) {
        BsgStatus::InUse
    } else {
        bsg
    }
}

/// When use (or the pilot) began; only for a force using or piloting.
pub(super) fn since(inputs: &Inputs, bsg: BsgStatus) -> Option<Found<String>> {
    if !matches!(bsg, BsgStatus::InUse | BsgStatus::Pilot) {
        return None;
    }
    inputs.ordered.iter().find_map(|e| e.since.clone())
}
