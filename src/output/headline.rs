//! The headline counts, shared by the report and `summary`: forces asked,
//! replies by outcome (the seed report's "FOI Responses" categories) and
//! forces by use of the devices.

use crate::record::{BsgStatus, Record, ResponseStatus};

/// The seed report's reply categories, in its order.
pub const OUTCOMES: [&str; 5] = [
    "Responded",
    "Asked for clarification",
    "No response",
    "Unclear",
    "Declined",
];

/// Which seed category a response status falls in.
pub fn outcome(status: ResponseStatus) -> usize {
    match status {
        ResponseStatus::Disclosed | ResponseStatus::Partial | ResponseStatus::NotHeld => 0,
        ResponseStatus::Clarification => 1,
        ResponseStatus::NoResponse => 2,
        ResponseStatus::Unclear => 3,
        ResponseStatus::Refused => 4,
    }
}

/// Device use categories, in display order.
pub const USE: [(BsgStatus, &str); 5] = [
    (BsgStatus::InUse, "Using"),
    (BsgStatus::Pilot, "Piloted"),
    (BsgStatus::Acquiring, "Acquiring"),
    (BsgStatus::NotInUse, "Not using"),
    (BsgStatus::Unknown, "Unknown"),
];

/// Headline figures of a run.
#[derive(Debug, Clone, PartialEq)]
pub struct Headline {
    pub asked: usize,
    /// Count per `OUTCOMES` entry.
    pub outcomes: [u64; 5],
    /// Count per `USE` entry.
    pub uses: [u64; 5],
    /// Forces per exact response status (`disclosed`, `partial`...), non-zero only.
    pub statuses: Vec<(&'static str, u64)>,
    pub scans_total: u64,
    pub forces_with_scans: usize,
}

pub fn headline(records: &[Record]) -> Headline {
    let mut h = Headline {
        asked: records.len(),
        outcomes: [0; 5],
        uses: [0; 5],
        statuses: Vec::new(),
        scans_total: 0,
        forces_with_scans: 0,
    };
    let mut statuses: std::collections::BTreeMap<ResponseStatus, u64> = Default::default();
    for r in records {
        h.outcomes[outcome(r.response.status)] += 1;
        if let Some(i) = USE.iter().position(|(s, _)| *s == r.bsg.status) {
            h.uses[i] += 1;
        }
        *statuses.entry(r.response.status).or_default() += 1;
        if let Some(t) = r.scans.total {
            h.scans_total += t;
            h.forces_with_scans += 1;
        }
    }
    h.statuses = statuses.into_iter().map(|(s, n)| (s.name(), n)).collect();
    h
}
