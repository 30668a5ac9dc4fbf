//! `--compare FILE`: check figures someone published (a CSV of
//! `force,field,value`) against the records, and list each disagreement.
//! Run over a campaign's own draft tables, this catches its slips before it
//! publishes.
//!
//! Fields: any scalar of the record (`scans.total`, `scans.iabs`,
//! `immigration.arrests`, `response.status`, `bsg.status`, `bsg.since`),
//! `rate.scans_per_10000`, `immigration.arrests_pct` (arrests as a share of
//! immigration scans), `ethnicity.<CODE>` and `reasons.<reason>` (counts),
//! `reasons.<reason>_pct` (share of all reason counts) and
//! `ratio.<mapping>.<group>` (disproportionality ratio), each also spelt as
//! its CSV column (`scans_total`; see `compare_field`). The force `all`
//! compares totals over every record (and pooled ratios).

use super::checks::Check;
use super::compare_field::{Field, Scalar, UnknownField};
use super::rates::Rates;
use crate::record::Record;
use std::path::{Path, PathBuf};

/// One published figure.
#[derive(Debug, Clone, PartialEq)]
pub struct Published {
    pub force: String,
    /// The field as the file spells it.
    pub field: String,
    pub value: String,
    /// What the field names.
    pub key: Field,
}

/// A row of the compare file as written.
#[derive(serde::Deserialize)]
struct Row {
    force: String,
    field: String,
    value: String,
}

/// Why a compare file cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum CompareError {
    #[error("{}: cannot read compare file: {source}", .path.display())]
    Read { path: PathBuf, source: csv::Error },
    #[error("{} row {row}: expected force,field,value: {source}", .path.display())]
    Row {
        path: PathBuf,
        row: usize,
        source: csv::Error,
    },
    #[error("{} row {row}: {source}", .path.display())]
    Field {
        path: PathBuf,
        row: usize,
        source: UnknownField,
    },
}

/// Read a compare file; every field name must be one the records answer.
pub fn read(path: &Path) -> Result<Vec<Published>, CompareError> {
    let mut r = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_path(path)
        .map_err(|source| CompareError::Read {
            path: path.to_path_buf(),
            source,
        })?;
    let mut out = Vec::new();
    for (i, row) in r.deserialize::<Row>().enumerate() {
        // Row numbers as a spreadsheet shows them: the header is row 1.
        let row_number = i + 2;
        let row = row.map_err(|source| CompareError::Row {
            path: path.to_path_buf(),
            row: row_number,
            source,
        })?;
        let key = Field::parse(&row.field).map_err(|source| CompareError::Field {
            path: path.to_path_buf(),
            row: row_number,
            source,
        })?;
        out.push(Published {
            force: row.force,
            field: row.field,
            value: row.value,
            key,
        });
    }
    Ok(out)
}

/// A value the records give.
#[derive(Debug, Clone, PartialEq)]
enum Value {
    Num(f64),
    Text(String),
}

fn slugify(name: &str) -> String {
    let lower = name.to_lowercase().replace('&', " and ");
    lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && !matches!(*w, "police" | "constabulary" | "service"))
        .collect::<Vec<_>>()
        .join("-")
}

/// The records a published force name refers to.
fn find_force<'a>(records: &'a [Record], force: &str) -> Option<Vec<&'a Record>> {
    if force.eq_ignore_ascii_case("all") {
        return Some(records.iter().collect());
    }
    let slug = slugify(force);
    records
        .iter()
        .find(|r| r.force == force || r.force_name.eq_ignore_ascii_case(force) || r.force == slug)
        .or_else(|| {
            // Short names a publication uses: "Met Police", "Devon" for
            // devon-and-cornwall (only when one force starts so).
            if slug == "met" {
                return records.iter().find(|r| r.force == "metropolitan");
            }
            let prefix = format!("{slug}-");
            let mut hits = records
                .iter()
                .filter(|r| !slug.is_empty() && r.force.starts_with(&prefix));
            match (hits.next(), hits.next()) {
                (Some(r), None) => Some(r),
                _ => None,
            }
        })
        .map(|r| vec![r])
}

fn sum<F: Fn(&Record) -> Option<u64>>(records: &[&Record], get: F) -> Option<f64> {
    let vals: Vec<u64> = records.iter().filter_map(|r| get(r)).collect();
    (!vals.is_empty()).then(|| vals.iter().sum::<u64>() as f64)
}

fn computed(records: &[&Record], rates: &Rates, field: &Field) -> Option<Value> {
    match field {
        Field::Scalar(s) => scalar(records, rates, *s),
        Field::Ethnicity(code) => Some(Value::Num(sum(records, |r| {
            let c: Vec<u64> = r
                .ethnicity
                .iter()
                .filter(|e| {
                    e.code
                        .as_deref()
                        .is_some_and(|x| x.eq_ignore_ascii_case(code))
                })
                .filter_map(|e| e.count)
                .collect();
            (!c.is_empty()).then(|| c.iter().sum())
        })?)),
        Field::Reason { reason, share } => reason_figure(records, reason, *share),
        Field::Ratio { mapping, group } => {
            let force = if records.len() == 1 {
                records[0].force.as_str()
            } else {
                "all"
            };
            let list = if force == "all" {
                &rates.pooled
            } else {
                &rates.groups
            };
            list.iter()
                .find(|g| {
                    g.force == force && g.mapping == *mapping && g.group.eq_ignore_ascii_case(group)
                })
                .and_then(|g| g.ratio)
                .map(Value::Num)
        }
    }
}

fn scalar(records: &[&Record], rates: &Rates, field: Scalar) -> Option<Value> {
    let one = (records.len() == 1).then(|| records[0]);
    let num = |v: Option<f64>| v.map(Value::Num);
    match field {
        Scalar::ScansIabs => num(sum(records, |r| r.scans.iabs)),
        Scalar::ScansIdent1 => num(sum(records, |r| r.scans.ident1)),
        Scalar::ScansBoth => num(sum(records, |r| r.scans.both)),
        Scalar::ScansTotal => num(sum(records, |r| r.scans.total)),
        Scalar::ImmigrationScans => num(sum(records, |r| r.immigration.scans)),
        Scalar::ImmigrationArrests => num(sum(records, |r| r.immigration.arrests)),
        Scalar::ImmigrationArrestsPct => {
            let with_both: Vec<&Record> = records
                .iter()
                .copied()
                .filter(|r| r.immigration.arrests.is_some() && r.immigration.scans.is_some())
                .collect();
            let arrests = sum(&with_both, |r| r.immigration.arrests)?;
            let scans = sum(&with_both, |r| r.immigration.scans)?;
            (scans > 0.0).then(|| Value::Num(arrests * 100.0 / scans))
        }
        Scalar::RateScansPer10000 => {
            let r = one?;
            let rate = rates.scans.iter().find(|s| s.force == r.force)?;
            Some(Value::Num(
                rate.scans_total as f64 * 10_000.0 / rate.population as f64,
            ))
        }
        Scalar::ResponseStatus => one.map(|r| Value::Text(r.response.status.name().into())),
        Scalar::BsgStatus => one.map(|r| Value::Text(r.bsg.status.name().into())),
        Scalar::BsgSince => one.and_then(|r| r.bsg.since.clone()).map(Value::Text),
    }
}

/// The count of a reason, or its share (in %) of all reason counts of the
/// forces that give reasons.
fn reason_figure(records: &[&Record], wanted: &str, share: bool) -> Option<Value> {
    let of = |r: &Record| {
        let c: Vec<u64> = r
            .reasons
            .iter()
            .filter(|e| e.reason == wanted)
            .filter_map(|e| e.count)
            .collect();
        (!c.is_empty()).then(|| c.iter().sum::<u64>())
    };
    if !share {
        return sum(records, of).map(Value::Num);
    }
    let givers: Vec<&Record> = records
        .iter()
        .copied()
        .filter(|r| !r.reasons.is_empty())
        .collect();
    let part = sum(&givers, of).unwrap_or(0.0);
    let all = sum(&givers, |r| {
        Some(r.reasons.iter().filter_map(|e| e.count).sum())
    })?;
    (all > 0.0).then(|| Value::Num(part * 100.0 / all))
}

/// Parse a published number: `1,209`, `17%`, `34.5`; returns it with its
/// decimal places.
fn parse_number(s: &str) -> Option<(f64, i32)> {
    let t = s.trim().trim_end_matches('%').replace(',', "");
    let x: f64 = t.parse().ok()?;
    let places = t.split_once('.').map_or(0, |(_, d)| d.len() as i32);
    Some((x, places))
}

fn format_num(x: f64) -> String {
    if (x - x.round()).abs() < 1e-9 {
        format!("{}", x.round() as i64)
    } else {
        format!("{x:.2}")
    }
}

/// Compare every published figure with the records.
pub fn compare(published: &[Published], records: &[Record], rates: &Rates) -> Vec<Check> {
    let mut out = Vec::new();
    for p in published {
        let mut check = Check {
            force: p.force.clone(),
            check: "compare",
            field: p.key.to_string(),
            stated: p.value.clone(),
            computed: String::new(),
            verdict: "disagrees",
            detail: String::new(),
        };
        let Some(rs) = find_force(records, &p.force) else {
            check.detail = format!("no record for force '{}'", p.force);
            out.push(check);
            continue;
        };
        if let [r] = rs.as_slice() {
            check.force = r.force.clone();
        }
        match (computed(&rs, rates, &p.key), parse_number(&p.value)) {
            (None, _) => {
                check.detail = format!("the records give no value for {}", p.key);
                out.push(check);
            }
            (Some(Value::Num(x)), Some((stated, places))) => {
                let unit = 10f64.powi(-places);
                let diff = (x - stated).abs();
                if diff <= unit / 2.0 + 1e-9 {
                    continue;
                }
                check.computed = format_num(x);
                if diff < unit {
                    check.verdict = "rounding";
                    let digits = places.max(0) as usize;
                    check.detail = format!(
                        "published {} but the figures give {x:.2}, which rounds to {x:.digits$}",
                        p.value
                    );
                } else {
                    check.detail = format!(
                        "published {} but the figures give {}",
                        p.value,
                        format_num(x)
                    );
                }
                out.push(check);
            }
            (Some(Value::Num(x)), None) => {
                check.computed = format_num(x);
                check.detail = format!("published value '{}' is not a number", p.value);
                out.push(check);
            }
            (Some(Value::Text(t)), _) => {
                if !t.eq_ignore_ascii_case(p.value.trim()) {
                    check.computed = t.clone();
                    check.detail = format!("published '{}' but the records say '{t}'", p.value);
                    out.push(check);
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_numbers() {
        assert_eq!(slugify("Avon & Somerset Constabulary"), "avon-and-somerset");
        assert_eq!(slugify("Met Police"), "met");
        assert_eq!(parse_number("1,209"), Some((1209.0, 0)));
        assert_eq!(parse_number("17%"), Some((17.0, 0)));
        assert_eq!(parse_number("0.5"), Some((0.5, 1)));
        assert_eq!(parse_number("N.D."), None);
        let records: Vec<Record> = [
            "devon-and-cornwall",
            "metropolitan",
            "north-wales",
            "north-yorkshire",
        ]
        .iter()
        .map(|f| crate::output::testdata::record(f))
        .collect();
        let found = |name: &str| find_force(&records, name).map(|v| v[0].force.clone());
        assert_eq!(found("Devon"), Some("devon-and-cornwall".into()));
        assert_eq!(found("Met Police"), Some("metropolitan".into()));
        assert_eq!(found("North"), None, "two forces start so");
        assert_eq!(found("Kent"), None);
    }
}
