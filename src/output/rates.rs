//! Rates and disproportionality: scans per 10,000 residents per force, and
//! per ethnic group, with the ratio of each group's rate to the reference
//! (White) group's rate, the way the seed report states "34 in 10,000" and
//! "48 Arabic people for every White North European".
//!
//! Every group rate names the mapping (`ic-2011`, `sde-2011`) that turned
//! the reply's codes into census groups; codes with no row in the mapping
//! (IC0, NS, free text) are left out and counted in `unmapped`.

use super::census::{Census, GroupRow};
use crate::record::Record;
use std::collections::BTreeMap;

/// Scans per 10,000 residents of one force area.
#[derive(Debug, Clone, PartialEq)]
pub struct ScanRate {
    pub force: String,
    pub area: String,
    pub population: u64,
    pub scans_total: u64,
    pub per_10000: f64,
}

/// One ethnic group's scan rate within a force (or pooled over forces).
#[derive(Debug, Clone, PartialEq)]
pub struct GroupRate {
    /// Force slug, or `all` for the pooled rows.
    pub force: String,
    pub mapping: String,
    pub group: String,
    pub reference: bool,
    pub scans: u64,
    pub population: u64,
    pub per_10000: Option<f64>,
    /// This group's rate divided by the reference group's rate.
    pub ratio: Option<f64>,
}

/// All rates of a run.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Rates {
    pub scans: Vec<ScanRate>,
    /// Per force, in force then mapping-table order.
    pub groups: Vec<GroupRate>,
    /// Pooled over every force with data for the mapping.
    pub pooled: Vec<GroupRate>,
    /// Mean over forces of each group's ratio: (mapping, group) -> (mean, forces).
    pub mean_ratio: BTreeMap<(String, String), (f64, usize)>,
    /// Ethnicity counts that no mapping row covers, per force (IC0, NS...).
    pub unmapped: BTreeMap<String, u64>,
}

/// Round to `places` decimals so CSV, SQLite and the page agree.
pub fn round(x: f64, places: i32) -> f64 {
    let f = 10f64.powi(places);
    (x * f).round() / f
}

fn per_10000(count: u64, population: u64) -> Option<f64> {
    (population > 0).then(|| round(count as f64 * 10_000.0 / population as f64, 2))
}

/// Group rows of one mapping, in table order, deduplicated by group.
fn groups_of<'a>(census: &'a Census, mapping: &str) -> Vec<&'a GroupRow> {
    let mut out: Vec<&GroupRow> = Vec::new();
    for g in census.groups.iter().filter(|g| g.mapping == mapping) {
        if !out.iter().any(|o| o.group == g.group) {
            out.push(g);
        }
    }
    out
}

fn group_population(census: &Census, force: &str, row: &GroupRow) -> Option<u64> {
    let area = census.population.areas.get(force)?;
    row.census_columns
        .iter()
        .map(|c| area.columns.get(c).copied())
        .sum()
}

/// Compute every rate for `records` (sorted by force).
pub fn compute(records: &[Record], census: &Census) -> Rates {
    let mut rates = Rates::default();
    let mappings = census.mappings();
    // (mapping, group) -> (scans, population) pooled over forces.
    let mut pooled: BTreeMap<(String, String), (u64, u64)> = BTreeMap::new();
    let mut ratios: BTreeMap<(String, String), Vec<f64>> = BTreeMap::new();
    for record in records {
        let area = census.population.areas.get(&record.force);
        if let (Some(area), Some(total)) = (area, record.scans.total) {
            if let Some(rate) = per_10000(total, area.total) {
                rates.scans.push(ScanRate {
                    force: record.force.clone(),
                    area: area.area.clone(),
                    population: area.total,
                    scans_total: total,
                    per_10000: rate,
                });
            }
        }
        let mut mapped_total = 0u64;
        for mapping in &mappings {
            let mut counts: BTreeMap<&str, u64> = BTreeMap::new();
            for entry in &record.ethnicity {
                let (Some(code), Some(count)) = (&entry.code, entry.count) else {
                    continue;
                };
                let row = census.groups.iter().find(|g| {
                    g.mapping == *mapping
                        && g.scheme == entry.scheme
                        && g.code.eq_ignore_ascii_case(code)
                });
                if let Some(row) = row {
                    *counts.entry(row.group.as_str()).or_default() += count;
                    mapped_total += count;
                }
            }
            if counts.is_empty() || area.is_none() {
                continue;
            }
            let rows: Vec<GroupRate> = groups_of(census, mapping)
                .into_iter()
                .filter_map(|g| {
                    let scans = *counts.get(g.group.as_str())?;
                    let population = group_population(census, &record.force, g)?;
                    Some(GroupRate {
                        force: record.force.clone(),
                        mapping: mapping.to_string(),
                        group: g.group.clone(),
                        reference: g.reference,
                        scans,
                        population,
                        per_10000: per_10000(scans, population),
                        ratio: None,
                    })
                })
                .collect();
            let with_ratio = add_ratios(rows);
            for r in &with_ratio {
                let key = (r.mapping.clone(), r.group.clone());
                let p = pooled.entry(key.clone()).or_default();
                p.0 += r.scans;
                p.1 += r.population;
                if let Some(x) = r.ratio {
                    ratios.entry(key).or_default().push(x);
                }
            }
            rates.groups.extend(with_ratio);
        }
        let all_counted: u64 = record.ethnicity.iter().filter_map(|e| e.count).sum();
        // An entry counted under both mappings is impossible (one scheme
        // each), so mapped_total never exceeds the counted total.
        let unmapped = all_counted.saturating_sub(mapped_total);
        if unmapped > 0 {
            rates.unmapped.insert(record.force.clone(), unmapped);
        }
    }
    for mapping in &mappings {
        let rows: Vec<GroupRate> = groups_of(census, mapping)
            .into_iter()
            .filter_map(|g| {
                let (scans, population) = *pooled.get(&(mapping.to_string(), g.group.clone()))?;
                Some(GroupRate {
                    force: "all".into(),
                    mapping: mapping.to_string(),
                    group: g.group.clone(),
                    reference: g.reference,
                    scans,
                    population,
                    per_10000: per_10000(scans, population),
                    ratio: None,
                })
            })
            .collect();
        rates.pooled.extend(add_ratios(rows));
    }
    for (key, xs) in ratios {
        if !xs.is_empty() {
            let mean = xs.iter().sum::<f64>() / xs.len() as f64;
            rates.mean_ratio.insert(key, (round(mean, 2), xs.len()));
        }
    }
    rates
}

/// Fill `ratio` from the reference group's rate (same force and mapping).
fn add_ratios(mut rows: Vec<GroupRate>) -> Vec<GroupRate> {
    // Ratios come from the unrounded rates.
    let raw = |r: &GroupRate| (r.population > 0).then(|| r.scans as f64 / r.population as f64);
    let reference = rows.iter().find(|r| r.reference).and_then(raw);
    for r in &mut rows {
        r.ratio = match (raw(r), reference) {
            (Some(x), Some(base)) if base > 0.0 => Some(round(x / base, 2)),
            _ => None,
        };
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::testdata::record;
    use crate::record::{EthnicityEntry, EthnicityScheme};

    fn eth(code: &str, count: u64) -> EthnicityEntry {
        EthnicityEntry {
            label: code.into(),
            scheme: EthnicityScheme::Officer,
            code: Some(code.into()),
            count: Some(count),
            source: None,
        }
    }

    #[test]
    fn seed_rates_per_10000() {
        let census = Census::bundled().unwrap();
        let mut met = record("metropolitan");
        met.scans.total = Some(28_056);
        let mut surrey = record("surrey");
        surrey.scans.total = Some(2_744);
        let mut cheshire = record("cheshire");
        cheshire.scans.total = Some(1_209);
        let rates = compute(&[cheshire, met, surrey], &census);
        let got: Vec<(&str, f64)> = rates
            .scans
            .iter()
            .map(|r| (r.force.as_str(), r.per_10000))
            .collect();
        // The seed says 34, 24 and 17: Cheshire is 11.76 (17 is 1,209 over
        // Lincolnshire's 713,653 residents).
        assert_eq!(
            got,
            vec![
                ("cheshire", 11.76),
                ("metropolitan", 34.35),
                ("surrey", 24.23)
            ]
        );
    }

    #[test]
    fn group_ratios_name_their_mapping() {
        let census = Census::bundled().unwrap();
        let mut r = record("cheshire");
        r.ethnicity = vec![
            eth("IC1", 995),
            eth("IC2", 3),
            eth("IC6", 8),
            eth("IC0", 40),
        ];
        let rates = compute(&[r], &census);
        let white = &rates.groups[0];
        assert_eq!(
            (white.mapping.as_str(), white.group.as_str()),
            ("ic-2011", "White")
        );
        assert_eq!(white.scans, 998);
        assert_eq!(white.population, 995_998);
        assert_eq!(white.per_10000, Some(10.02));
        assert_eq!(white.ratio, Some(1.0));
        let arab = &rates.groups[1];
        assert_eq!(
            (arab.group.as_str(), arab.scans, arab.population),
            ("Arab", 8, 828)
        );
        assert_eq!(arab.per_10000, Some(96.62));
        assert_eq!(arab.ratio, Some(9.64));
        assert_eq!(rates.unmapped["cheshire"], 40);
        assert_eq!(rates.pooled.len(), 2);
        assert_eq!(
            rates.mean_ratio[&("ic-2011".into(), "Arab".into())],
            (9.64, 1)
        );
    }
}
