//! Words for people: the report prints these instead of the record's codes
//! (`not_held` is "not held", `scans.iabs` is "Scans, IABS only"), counts
//! with the right plural, and force slugs as the forces' full names.

use crate::record::{EthnicityScheme, FlagKind, Record};

/// A record.md code (`not_held`, `in_use`, `not_recorded`) as words.
pub fn code(name: &str) -> String {
    name.replace('_', " ")
}

/// What a flag kind means, for the report.
pub fn flag_kind(kind: FlagKind) -> &'static str {
    match kind {
        FlagKind::Missing => "missing",
        FlagKind::NotRecorded => "not recorded",
        FlagKind::Withheld => "withheld",
        FlagKind::Inconsistent => "inconsistent",
        FlagKind::Ambiguous => "ambiguous",
        FlagKind::Unreadable => "unreadable",
    }
}

/// A record field path (`scans.iabs`, `immigration.arrests`, `ethnicity`)
/// as the report's words; an unknown path has its dots and underscores
/// turned into spaces.
pub fn field(path: &str) -> String {
    let known = match path {
        "scans" => "Scans",
        "scans.iabs" => "Scans, IABS only",
        "scans.ident1" => "Scans, IDENT1 only",
        "scans.both" => "Scans, both databases",
        "scans.total" => "Scans, total",
        "immigration" => "Immigration figures",
        "immigration.scans" => "Immigration scans",
        "immigration.arrests" => "Immigration arrests",
        "ethnicity" => "Ethnicity",
        "reasons" => "Reasons",
        "monthly" => "Monthly totals",
        "response" => "Reply",
        "response.date" => "Date of the reply",
        "response.reference" => "Reference",
        "bsg" => "Use of the devices",
        "bsg.since" => "In use since",
        "period" => "Period covered",
        _ => "",
    };
    if known.is_empty() {
        let words = path.replace(['.', '_'], " ");
        let mut chars = words.chars();
        chars
            .next()
            .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
    } else {
        known.to_string()
    }
}

/// Who assigned the ethnicity codes.
pub fn scheme(s: EthnicityScheme) -> &'static str {
    match s {
        EthnicityScheme::Officer => "officer-defined",
        EthnicityScheme::SelfDefined => "self-defined",
        EthnicityScheme::Other => "other",
    }
}

/// `n` and the noun, singular or plural: "1 force", "3 forces".
pub fn count(n: u64, singular: &str, plural: &str) -> String {
    let noun = if n == 1 { singular } else { plural };
    format!("{} {noun}", super::report::svg::fmt_int(n))
}

/// The full name of a force slug, from the records; the slug itself (a
/// name a compare file gave, or a force with no record) otherwise.
pub fn force_name(records: &[Record], slug: &str) -> String {
    records
        .iter()
        .find(|r| r.force == slug)
        .map_or_else(|| slug.to_string(), |r| r.force_name.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_become_words() {
        assert_eq!(code("not_held"), "not held");
        assert_eq!(flag_kind(FlagKind::NotRecorded), "not recorded");
        assert_eq!(field("scans.iabs"), "Scans, IABS only");
        assert_eq!(field("reasons.name_not_given"), "Reasons name not given");
        assert_eq!(count(1, "force", "forces"), "1 force");
        assert_eq!(count(1_209, "force", "forces"), "1,209 forces");
        assert_eq!(count(0, "scan", "scans"), "0 scans");
    }
}
