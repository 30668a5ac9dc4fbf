//! The field names a `--compare` file may use, parsed into a typed key. Each
//! scalar has two spellings: the record's dotted path (`scans.total`) and
//! the column `records.csv` or `rates.csv` gives it (`scans_total`), so a
//! figure copied from either is understood. An unknown name is an error
//! listing every valid one, never a silent "no value".

use std::fmt;

/// A scalar field of a record, or one derived from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scalar {
    ScansIabs,
    ScansIdent1,
    ScansBoth,
    ScansTotal,
    ImmigrationScans,
    ImmigrationArrests,
    /// Arrests as a share of immigration scans.
    ImmigrationArrestsPct,
    /// Scans per 10,000 residents.
    RateScansPer10000,
    ResponseStatus,
    BsgStatus,
    BsgSince,
}

impl Scalar {
    pub const ALL: [Scalar; 11] = [
        Scalar::ScansIabs,
        Scalar::ScansIdent1,
        Scalar::ScansBoth,
        Scalar::ScansTotal,
        Scalar::ImmigrationScans,
        Scalar::ImmigrationArrests,
        Scalar::ImmigrationArrestsPct,
        Scalar::RateScansPer10000,
        Scalar::ResponseStatus,
        Scalar::BsgStatus,
        Scalar::BsgSince,
    ];

    /// The record's dotted path.
    pub fn dotted(self) -> &'static str {
        match self {
            Scalar::ScansIabs => "scans.iabs",
            Scalar::ScansIdent1 => "scans.ident1",
            Scalar::ScansBoth => "scans.both",
            Scalar::ScansTotal => "scans.total",
            Scalar::ImmigrationScans => "immigration.scans",
            Scalar::ImmigrationArrests => "immigration.arrests",
            Scalar::ImmigrationArrestsPct => "immigration.arrests_pct",
            Scalar::RateScansPer10000 => "rate.scans_per_10000",
            Scalar::ResponseStatus => "response.status",
            Scalar::BsgStatus => "bsg.status",
            Scalar::BsgSince => "bsg.since",
        }
    }

    /// The CSV column spelling (`records.csv`, or `rates.csv` for the rate).
    pub fn column(self) -> &'static str {
        match self {
            Scalar::ScansIabs => "scans_iabs",
            Scalar::ScansIdent1 => "scans_ident1",
            Scalar::ScansBoth => "scans_both",
            Scalar::ScansTotal => "scans_total",
            Scalar::ImmigrationScans => "immigration_scans",
            Scalar::ImmigrationArrests => "immigration_arrests",
            Scalar::ImmigrationArrestsPct => "immigration_arrests_pct",
            Scalar::RateScansPer10000 => "scans_per_10000",
            Scalar::ResponseStatus => "response_status",
            Scalar::BsgStatus => "bsg_status",
            Scalar::BsgSince => "bsg_since",
        }
    }
}

/// What a compare row's `field` names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Field {
    Scalar(Scalar),
    /// Count of scans with an ethnicity code (`ethnicity.IC3`).
    Ethnicity(String),
    /// Count of scans for a reason, or (`share`) its share of all reasons.
    Reason {
        reason: String,
        share: bool,
    },
    /// Disproportionality ratio of a census group under a mapping.
    Ratio {
        mapping: String,
        group: String,
    },
}

/// The reasons a record's `reasons[].reason` can hold (record.md).
pub const REASONS: [&str; 6] = [
    "name_not_given",
    "details_doubted_or_refused",
    "immigration",
    "wanted_check",
    "other",
    "not_stated",
];

/// A field name no figure of the records answers to.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown field '{name}'; valid fields: {}", valid_names())]
pub struct UnknownField {
    pub name: String,
}

/// Every valid field name, for the error message and the README.
pub fn valid_names() -> String {
    let mut names: Vec<String> = Scalar::ALL
        .iter()
        .map(|s| format!("{} (or {})", s.dotted(), s.column()))
        .collect();
    names.push("ethnicity.<code> (IC1..IC6 or a self-defined code such as W1)".into());
    names.push(format!(
        "reasons.<reason> and reasons.<reason>_pct (reason one of {})",
        REASONS.join(", ")
    ));
    names.push("ratio.<mapping>.<group> (e.g. ratio.ic-2011.Black)".into());
    names.join(", ")
}

impl Field {
    /// Parse a field name in either spelling (case does not matter).
    pub fn parse(name: &str) -> Result<Field, UnknownField> {
        let unknown = || UnknownField {
            name: name.to_string(),
        };
        let lower = name.trim().to_ascii_lowercase();
        if let Some(s) = Scalar::ALL
            .into_iter()
            .find(|s| lower == s.dotted() || lower == s.column())
        {
            return Ok(Field::Scalar(s));
        }
        let trimmed = name.trim();
        if let Some(code) = strip_prefix_ci(trimmed, "ethnicity.") {
            let ok = !code.is_empty() && code.chars().all(|c| c.is_ascii_alphanumeric());
            return ok
                .then(|| Field::Ethnicity(code.to_string()))
                .ok_or_else(unknown);
        }
        if let Some(rest) = strip_prefix_ci(trimmed, "reasons.") {
            let rest = rest.to_ascii_lowercase();
            let (reason, share) = match rest.strip_suffix("_pct") {
                Some(r) => (r.to_string(), true),
                None => (rest, false),
            };
            return REASONS
                .contains(&reason.as_str())
                .then_some(Field::Reason { reason, share })
                .ok_or_else(unknown);
        }
        if let Some(rest) = strip_prefix_ci(trimmed, "ratio.") {
            return match rest.split_once('.') {
                Some((mapping, group)) if !mapping.is_empty() && !group.is_empty() => {
                    Ok(Field::Ratio {
                        mapping: mapping.to_string(),
                        group: group.to_string(),
                    })
                }
                _ => Err(unknown()),
            };
        }
        Err(unknown())
    }
}

fn strip_prefix_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &s[prefix.len()..])
}

/// The canonical (dotted) spelling.
impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Field::Scalar(s) => f.write_str(s.dotted()),
            Field::Ethnicity(code) => write!(f, "ethnicity.{code}"),
            Field::Reason { reason, share } => {
                write!(f, "reasons.{reason}{}", if *share { "_pct" } else { "" })
            }
            Field::Ratio { mapping, group } => write!(f, "ratio.{mapping}.{group}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compare_field_accepts_dotted_and_csv_column_spellings() {
        for s in Scalar::ALL {
            assert_eq!(Field::parse(s.dotted()), Ok(Field::Scalar(s)));
            assert_eq!(Field::parse(s.column()), Ok(Field::Scalar(s)));
            assert_eq!(Field::parse(s.dotted()).unwrap().to_string(), s.dotted());
        }
        assert_eq!(
            Field::parse("Scans_Total"),
            Ok(Field::Scalar(Scalar::ScansTotal))
        );
        assert_eq!(
            Field::parse("ethnicity.IC3"),
            Ok(Field::Ethnicity("IC3".into()))
        );
        assert_eq!(
            Field::parse("reasons.immigration_pct"),
            Ok(Field::Reason {
                reason: "immigration".into(),
                share: true
            })
        );
        assert_eq!(
            Field::parse("ratio.ic-2011.Black").unwrap().to_string(),
            "ratio.ic-2011.Black"
        );
    }

    #[test]
    fn compare_unknown_field_is_rejected_with_the_valid_names() {
        for bad in [
            "scans_totl",
            "scans",
            "reasons.shoplifting",
            "ratio.ic-2011",
            "ethnicity.",
        ] {
            let err = Field::parse(bad).unwrap_err();
            let text = err.to_string();
            assert!(
                text.starts_with(&format!("unknown field '{bad}'")),
                "{text}"
            );
            assert!(
                text.contains("scans.total (or scans_total)"),
                "lists the valid names: {text}"
            );
        }
    }
}
