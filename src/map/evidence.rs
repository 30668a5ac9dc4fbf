//! What one file says, before files are merged into a force's record:
//! every value with its provenance and how well it is sourced, every gap
//! statement, every classification signal.

use crate::doc::Prov;
use crate::map::rules::Signal;
use crate::map::text::Reading;
use crate::record::{
    BsgStatus, Database, EthnicityEntry, Field, FlagKind, MonthlyEntry, Period, ReasonEntry,
};
use std::collections::BTreeMap;

/// How a value was found: a table cell beats an answer to a numbered
/// question, which beats a sentence of prose.
pub const FROM_TABLE: u8 = 3;
pub const FROM_ANSWER: u8 = 2;
pub const FROM_PROSE: u8 = 1;

/// A number, or the mark a force wrote instead of one.
#[derive(Debug, Clone, PartialEq)]
pub struct Num {
    pub reading: Reading,
    pub prov: Prov,
    pub quality: u8,
}

impl Num {
    pub fn count(&self) -> Option<u64> {
        self.reading.count()
    }
}

/// A found value of any kind with its source.
#[derive(Debug, Clone, PartialEq)]
pub struct Found<T> {
    pub value: T,
    pub prov: Prov,
}

/// A breakdown (ethnicity or reasons) as one table or answer gives it.
#[derive(Debug, Clone, PartialEq)]
pub struct Breakdown<E> {
    pub entries: Vec<E>,
    /// The breakdown's own total row, when it has one.
    pub total: Option<Num>,
    /// Some counts were suppressed (`*`, `<5`) or given as ranges.
    pub suppressed: bool,
    /// Only percentages were given.
    pub percentages_only: bool,
    pub prov: Prov,
    pub quality: u8,
}

/// A gap the reply states for a field ("we do not record ethnicity",
/// "exempt under s.40", a suppressed cell).
#[derive(Debug, Clone, PartialEq)]
pub struct Gap {
    pub field: Field,
    pub kind: FlagKind,
    pub detail: String,
    pub prov: Prov,
}

/// Everything one file contributes to its force's record.
#[derive(Debug, Clone, Default)]
pub struct Evidence {
    pub file: String,
    /// 3 for a formal letter or annex, 1 for a covering email or a thread
    /// dump; the better-sourced value wins a disagreement.
    pub rank: u8,
    /// An internal review or corrected reply: its answers replace earlier ones.
    pub later: bool,
    /// A numbered answer of the reply answers its question (is not itself
    /// a refusal): a cost refusal beside it refuses only part.
    pub answered_part: bool,
    /// Order of the file among the force's files (message index, then path).
    pub order: (u32, String),
    /// True / false when the file shows which act applies.
    pub scotland: Option<bool>,
    pub reference: Option<Found<String>>,
    pub date: Option<Found<String>>,
    /// Phrase keys of `vocab/phrases.toml` found, with where.
    pub signals: BTreeMap<Signal, Prov>,
    /// Sections cited to withhold: (scotland, number, where).
    pub sections: Vec<(bool, u32, Prov)>,
    pub bsg: Option<Found<BsgStatus>>,
    pub since: Option<Found<String>>,
    pub period: Option<Found<Period>>,
    /// Each part of `scans` → number or mark.
    pub scans: BTreeMap<Database, Num>,
    pub arrests: Option<Num>,
    pub ethnicity: Vec<Breakdown<EthnicityEntry>>,
    pub reasons: Vec<Breakdown<ReasonEntry>>,
    pub monthly: Vec<MonthlyEntry>,
    pub gaps: Vec<Gap>,
    /// Totals of breakdown tables, a fallback for `scans.total`.
    pub breakdown_totals: Vec<Num>,
}

impl Evidence {
    pub fn signal(&self, key: Signal) -> bool {
        self.signals.contains_key(&key)
    }

    /// Keep the better of two numbers for a part of `scans`.
    pub fn put_scan(&mut self, key: Database, num: Num) {
        match self.scans.get(&key) {
            Some(old) if better(old, &num) => {}
            _ => {
                self.scans.insert(key, num);
            }
        }
    }

    pub fn put_arrests(&mut self, num: Num) {
        match &self.arrests {
            Some(old) if better(old, &num) => {}
            _ => self.arrests = Some(num),
        }
    }

    pub fn has_figures(&self) -> bool {
        self.scans.values().any(|n| n.count().is_some())
            || self.ethnicity.iter().any(|b| !b.entries.is_empty())
            || self.reasons.iter().any(|b| !b.entries.is_empty())
            || self.arrests.as_ref().is_some_and(|n| n.count().is_some())
            || !self.monthly.is_empty()
    }
}

/// True when `old` should be kept over `new`: a count over a mark, then the
/// better-sourced one (first found wins a tie).
fn better(old: &Num, new: &Num) -> bool {
    let rank = |n: &Num| (n.count().is_some(), n.quality);
    rank(old) >= rank(new)
}
