//! The common record: one per police force per request, exactly as
//! `schemas/record.schema.json` (and the contract `record.md`) describe.
//!
//! A number the reply does not give is `None` (JSON `null`), never 0.

use crate::doc::Prov;
pub use crate::keys::{Database, Field};
use serde::{Deserialize, Serialize};

/// Version of the record contract.
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    pub schema_version: u32,
    /// Force slug from `schemas/forces.toml`.
    pub force: String,
    pub force_name: String,
    pub sources: Vec<SourceRef>,
    pub response: Response,
    pub bsg: Bsg,
    pub period: Option<Period>,
    pub scans: Scans,
    pub immigration: Immigration,
    pub ethnicity: Vec<EthnicityEntry>,
    pub reasons: Vec<ReasonEntry>,
    pub monthly: Vec<MonthlyEntry>,
    pub flags: Vec<Flag>,
    /// Where each scalar value came from, keyed by field path
    /// (`scans.total`, `immigration.arrests`, `response.status`...).
    /// Not part of record.md's contract; extra, for analysts.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub provenance: std::collections::BTreeMap<Field, Prov>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SourceRef {
    pub file: String,
    pub sha256: String,
    pub format: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ResponseStatus {
    Disclosed,
    Partial,
    Refused,
    NotHeld,
    Clarification,
    NoResponse,
    Unclear,
}

impl ResponseStatus {
    /// Every value's name as record.md spells it, in declaration order.
    pub const NAMES: [&'static str; 7] = [
        "disclosed",
        "partial",
        "refused",
        "not_held",
        "clarification",
        "no_response",
        "unclear",
    ];

    pub fn name(self) -> &'static str {
        Self::NAMES[self as usize]
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Response {
    pub status: ResponseStatus,
    /// Normalised sections (`foia:s31`, `foisa:s17`), sorted, no duplicates.
    pub exemptions: Vec<String>,
    pub reference: Option<String>,
    /// `YYYY-MM-DD`.
    pub date: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BsgStatus {
    InUse,
    Pilot,
    Acquiring,
    NotInUse,
    Unknown,
}

impl BsgStatus {
    /// Every value's name as record.md spells it, in declaration order.
    pub const NAMES: [&'static str; 5] = ["in_use", "pilot", "acquiring", "not_in_use", "unknown"];

    pub fn name(self) -> &'static str {
        Self::NAMES[self as usize]
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Bsg {
    pub status: BsgStatus,
    /// `YYYY` or `YYYY-MM`.
    pub since: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Period {
    /// `YYYY-MM`.
    pub from: Option<String>,
    pub to: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Scans {
    pub iabs: Option<u64>,
    pub ident1: Option<u64>,
    pub both: Option<u64>,
    pub total: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Immigration {
    pub scans: Option<u64>,
    pub arrests: Option<u64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EthnicityScheme {
    Officer,
    #[serde(rename = "self")]
    SelfDefined,
    Other,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EthnicityEntry {
    /// The reply's own wording.
    pub label: String,
    pub scheme: EthnicityScheme,
    /// `IC0`..`IC6`, or a self-defined code (`W1`, `NS`...), or null.
    pub code: Option<String>,
    pub count: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Prov>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReasonEntry {
    pub label: String,
    /// `name_not_given`, `details_doubted_or_refused`, `immigration`,
    /// `wanted_check`, `other`, `not_stated`.
    pub reason: String,
    pub count: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Prov>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MonthlyEntry {
    /// `YYYY-MM`.
    pub month: String,
    pub total: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Prov>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FlagKind {
    Missing,
    NotRecorded,
    Withheld,
    Inconsistent,
    Ambiguous,
    Unreadable,
}

impl FlagKind {
    /// Every value's name as record.md spells it, in declaration order.
    pub const NAMES: [&'static str; 6] = [
        "missing",
        "not_recorded",
        "withheld",
        "inconsistent",
        "ambiguous",
        "unreadable",
    ];

    pub fn name(self) -> &'static str {
        Self::NAMES[self as usize]
    }
}

/// A gap an analyst must chase: validation results as data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Flag {
    /// Record field path (`scans.iabs`, `ethnicity`, `response`...).
    pub field: Field,
    pub kind: FlagKind,
    pub detail: String,
    /// File and, where known, page/sheet/table/cell. For `inconsistent`,
    /// the first of the disagreeing sources; `also` holds the others.
    pub source: Option<Prov>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub also: Vec<Prov>,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `name()` indexes NAMES by declaration order: it must agree with serde.
    #[test]
    fn names_agree_with_serde() {
        for s in [
            ResponseStatus::Disclosed,
            ResponseStatus::Partial,
            ResponseStatus::Refused,
            ResponseStatus::NotHeld,
            ResponseStatus::Clarification,
            ResponseStatus::NoResponse,
            ResponseStatus::Unclear,
        ] {
            assert_eq!(serde_json::to_value(s).unwrap(), s.name());
        }
        for s in [
            BsgStatus::InUse,
            BsgStatus::Pilot,
            BsgStatus::Acquiring,
            BsgStatus::NotInUse,
            BsgStatus::Unknown,
        ] {
            assert_eq!(serde_json::to_value(s).unwrap(), s.name());
        }
        for k in [
            FlagKind::Missing,
            FlagKind::NotRecorded,
            FlagKind::Withheld,
            FlagKind::Inconsistent,
            FlagKind::Ambiguous,
            FlagKind::Unreadable,
        ] {
            assert_eq!(serde_json::to_value(k).unwrap(), k.name());
        }
    }
}
