//! Checks of the figures themselves: per force, parts that do not add up to
//! their total or exceed it. `compare` adds the disagreements with figures
//! someone published; both become rows of `checks.csv`.

use crate::record::{EthnicityScheme, Field, Record};

/// One problem with the figures.
#[derive(Debug, Clone, PartialEq)]
pub struct Check {
    pub force: String,
    /// `sum` (parts do not add up), `bound` (a part exceeds its whole),
    /// `compare` (a published figure disagrees).
    pub check: &'static str,
    /// The record field (or compared field) concerned.
    pub field: String,
    /// What the reply (or the publication) states.
    pub stated: String,
    /// What the parts add up to (or what the records give).
    pub computed: String,
    /// `disagrees`, or `rounding` where a published figure is off by less
    /// than one unit of its last digit.
    pub verdict: &'static str,
    pub detail: String,
}

pub const CHECK_KINDS: &[&str] = &["sum", "bound", "compare"];
pub const VERDICTS: &[&str] = &["disagrees", "rounding"];

fn sum_check(force: &str, field: Field, stated: u64, parts: u64, detail: String) -> Option<Check> {
    (stated != parts).then(|| Check {
        force: force.to_string(),
        check: "sum",
        field: field.name().to_string(),
        stated: stated.to_string(),
        computed: parts.to_string(),
        verdict: "disagrees",
        detail,
    })
}

fn bound_check(force: &str, field: Field, part: u64, whole: u64, detail: String) -> Option<Check> {
    (part > whole).then(|| Check {
        force: force.to_string(),
        check: "bound",
        field: field.name().to_string(),
        stated: part.to_string(),
        computed: whole.to_string(),
        verdict: "disagrees",
        detail,
    })
}

/// Sum of counts when every entry has one.
fn full_sum<I: Iterator<Item = Option<u64>>>(counts: I) -> Option<(u64, usize)> {
    let mut total = 0u64;
    let mut n = 0;
    for c in counts {
        total = total.checked_add(c?)?;
        n += 1;
    }
    (n > 0).then_some((total, n))
}

/// Every arithmetic check of one record.
pub fn arithmetic(r: &Record) -> Vec<Check> {
    let f = r.force.as_str();
    let s = &r.scans;
    let mut out = Vec::new();
    if let Some(total) = s.total {
        if let (Some(i), Some(p), Some(b)) = (s.iabs, s.ident1, s.both) {
            out.extend(sum_check(
                f,
                Field::ScansTotal,
                total,
                i + p + b,
                format!(
                    "IABS {i} + IDENT1 {p} + both {b} = {} but the total is {total}",
                    i + p + b
                ),
            ));
        } else {
            let known: u64 = [s.iabs, s.ident1, s.both].iter().flatten().sum();
            out.extend(bound_check(
                f,
                Field::Scans,
                known,
                total,
                format!("the parts given add up to {known}, more than the total {total}"),
            ));
        }
        if let Some(imm) = r.immigration.scans {
            out.extend(bound_check(
                f,
                Field::ImmigrationScans,
                imm,
                total,
                format!("{imm} immigration scans but only {total} scans in all"),
            ));
        }
        for scheme in [
            EthnicityScheme::Officer,
            EthnicityScheme::SelfDefined,
            EthnicityScheme::Other,
        ] {
            let entries = r
                .ethnicity
                .iter()
                .filter(|e| e.scheme == scheme)
                .map(|e| e.count);
            if let Some((sum, n)) = full_sum(entries) {
                let name = match scheme {
                    EthnicityScheme::Officer => "officer-defined",
                    EthnicityScheme::SelfDefined => "self-defined",
                    EthnicityScheme::Other => "other",
                };
                out.extend(sum_check(
                    f,
                    Field::Ethnicity,
                    total,
                    sum,
                    format!("{n} {name} ethnicity rows add up to {sum}, the total is {total}"),
                ));
            }
        }
        if let Some((sum, n)) = full_sum(r.reasons.iter().map(|e| e.count)) {
            out.extend(sum_check(
                f,
                Field::Reasons,
                total,
                sum,
                format!("{n} reason rows add up to {sum}, the total is {total}"),
            ));
        }
        if let Some((sum, n)) = full_sum(r.monthly.iter().map(|e| e.total)) {
            out.extend(sum_check(
                f,
                Field::Monthly,
                total,
                sum,
                format!("{n} monthly totals add up to {sum}, the total is {total}"),
            ));
        }
    }
    if let (Some(imm), Some(i), Some(b)) = (r.immigration.scans, s.iabs, s.both) {
        out.extend(sum_check(
            f,
            Field::ImmigrationScans,
            imm,
            i + b,
            format!(
                "IABS {i} + both {b} = {} immigration scans, the reply says {imm}",
                i + b
            ),
        ));
    }
    if let (Some(arrests), Some(imm)) = (r.immigration.arrests, r.immigration.scans) {
        out.extend(bound_check(
            f,
            Field::ImmigrationArrests,
            arrests,
            imm,
            format!("{arrests} immigration arrests from only {imm} immigration scans"),
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::testdata::record;
    use crate::record::ReasonEntry;

    #[test]
    fn parts_that_do_not_add_up() {
        let mut r = record("lincolnshire");
        r.scans.iabs = Some(8);
        r.scans.ident1 = Some(578);
        r.scans.both = Some(527);
        r.scans.total = Some(1_113);
        r.immigration.scans = Some(535);
        r.immigration.arrests = Some(6);
        assert_eq!(arithmetic(&r), vec![]);
        r.scans.total = Some(1_131);
        r.immigration.scans = Some(553);
        r.reasons = vec![ReasonEntry {
            label: "Name refused".into(),
            reason: "details_doubted_or_refused".into(),
            count: Some(1_200),
            source: None,
        }];
        let got: Vec<(&str, &str, String, String)> = arithmetic(&r)
            .into_iter()
            .map(|c| (c.check, c.verdict, c.field, c.computed))
            .collect();
        assert_eq!(
            got,
            vec![
                ("sum", "disagrees", "scans.total".into(), "1113".into()),
                ("sum", "disagrees", "reasons".into(), "1200".into()),
                ("sum", "disagrees", "immigration.scans".into(), "535".into()),
            ]
        );
    }
}
