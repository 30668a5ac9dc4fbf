//! Rates and disproportionality: scans per 10,000 residents per force, and
//! per ethnic group, with the ratio of each group's rate to the reference
//! (White) group's rate, the way the seed report states "34 in 10,000" and
//! "48 Arabic people for every White North European".
//!
//! Each ratio compares a group with the reference group over the same
//! forces, and every rate and ratio carries its 95% interval and the
//! cautions of [`interval`]: rows resting on few scans or residents are
//! marked and listed last.
//!
//! Every group rate names the mapping (`ic-2011`, `sde-2011`) that turned
//! the reply's codes into census groups; codes with no row in the mapping
//! (IC0, NS, free text) are left out and counted in `unmapped`.

use super::census::{Census, GroupRow};
use super::interval::{self, Caution, Interval};
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
    /// The rate's 95% interval (see [`interval`]).
    pub interval: Option<Interval>,
    /// Why the rate should be read with caution (empty: no reason).
    pub caution: Vec<Caution>,
}

/// One ethnic group's scan rate within a force (or pooled over forces),
/// compared with the reference (White) group over the same forces.
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
    pub per_10000_interval: Option<Interval>,
    /// The reference group's scans and residents over the same forces as
    /// this row: the baseline of `ratio`.
    pub baseline: Option<(u64, u64)>,
    /// This group's rate divided by the baseline's rate.
    pub ratio: Option<f64>,
    pub ratio_interval: Option<Interval>,
    /// The forces whose counts make up this row (one for a force's row).
    pub forces: Vec<String>,
    /// Why the row should be read with caution (empty: no reason).
    pub caution: Vec<Caution>,
}

impl GroupRate {
    /// The rate of census group `g` (from `mapping`) over `forces`; the
    /// ratio is added by [`GroupRate::compare_with`].
    fn new(
        force: &str,
        mapping: &str,
        g: &GroupRow,
        counts: (u64, u64),
        forces: Vec<String>,
    ) -> GroupRate {
        let (scans, population) = counts;
        GroupRate {
            force: force.into(),
            mapping: mapping.into(),
            group: g.group.clone(),
            reference: g.reference,
            scans,
            population,
            per_10000: per_10000(scans, population),
            per_10000_interval: rounded(interval::rate(scans, population, 10_000.0)),
            baseline: None,
            ratio: None,
            ratio_interval: None,
            forces,
            caution: Caution::of(scans, population),
        }
    }

    /// Set the ratio to the baseline's rate (scans, residents), from the
    /// unrounded rates, with its interval and the baseline's cautions.
    fn compare_with(&mut self, baseline: (u64, u64)) {
        let (b, pb) = baseline;
        self.baseline = Some(baseline);
        if self.population == 0 || pb == 0 || b == 0 {
            return;
        }
        let x = self.scans as f64 / self.population as f64;
        let base = b as f64 / pb as f64;
        self.ratio = Some(round(x / base, 2));
        self.ratio_interval = rounded(interval::rate_ratio(self.scans, self.population, b, pb));
        if !self.reference {
            self.caution.extend(Caution::of_reference(b, pb));
        }
    }
}

/// All rates of a run. Each list has the rows marked with a caution last.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Rates {
    pub scans: Vec<ScanRate>,
    /// Per force, in force then mapping-table order.
    pub groups: Vec<GroupRate>,
    /// Per mapping and group, pooled over the forces that gave both the
    /// group's and the reference group's counts (each row names them).
    pub pooled: Vec<GroupRate>,
    /// Ethnicity counts that no mapping row covers, per force (IC0, NS...).
    pub unmapped: BTreeMap<String, u64>,
}

/// Round to `places` decimals so CSV, SQLite and the page agree.
pub fn round(x: f64, places: i32) -> f64 {
    let f = 10f64.powi(places);
    (x * f).round() / f
}

fn rounded(i: Option<Interval>) -> Option<Interval> {
    i.map(|i| Interval {
        low: round(i.low, 2),
        high: round(i.high, 2),
    })
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

/// Keep the order of `rows` but put those marked with a caution last.
fn cautioned_last<T>(rows: &mut [T], marked: impl Fn(&T) -> bool) {
    rows.sort_by_key(|r| marked(r));
}

/// Compute every rate for `records` (sorted by force).
pub fn compute(records: &[Record], census: &Census) -> Rates {
    let mut rates = Rates::default();
    for record in records {
        if let Some(rate) = scan_rate(record, census) {
            rates.scans.push(rate);
        }
        let (rows, mapped_total) = force_groups(record, census);
        rates.groups.extend(rows);
        let all_counted: u64 = record.ethnicity.iter().filter_map(|e| e.count).sum();
        // An entry counted under both mappings is impossible (one scheme
        // each), so mapped_total never exceeds the counted total.
        let unmapped = all_counted.saturating_sub(mapped_total);
        if unmapped > 0 {
            rates.unmapped.insert(record.force.clone(), unmapped);
        }
    }
    for mapping in census.mappings() {
        for g in groups_of(census, mapping) {
            rates
                .pooled
                .extend(pooled(&rates.groups, census, mapping, g));
        }
    }
    cautioned_last(&mut rates.scans, |r| !r.caution.is_empty());
    cautioned_last(&mut rates.groups, |r| !r.caution.is_empty());
    cautioned_last(&mut rates.pooled, |r| !r.caution.is_empty());
    rates
}

/// Scans per 10,000 residents of the record's force area.
fn scan_rate(record: &Record, census: &Census) -> Option<ScanRate> {
    let area = census.population.areas.get(&record.force)?;
    let total = record.scans.total?;
    Some(ScanRate {
        force: record.force.clone(),
        area: area.area.clone(),
        population: area.total,
        scans_total: total,
        per_10000: per_10000(total, area.total)?,
        interval: rounded(interval::rate(total, area.total, 10_000.0)),
        caution: Caution::of(total, area.total),
    })
}

/// One force's group rates under every mapping, each compared with the
/// force's own reference group, and how many scans a mapping covered.
fn force_groups(record: &Record, census: &Census) -> (Vec<GroupRate>, u64) {
    let mut out = Vec::new();
    let mut mapped_total = 0u64;
    let area = census.population.areas.get(&record.force);
    for mapping in census.mappings() {
        let mut counts: BTreeMap<&str, u64> = BTreeMap::new();
        for entry in &record.ethnicity {
            let (Some(code), Some(count)) = (&entry.code, entry.count) else {
                continue;
            };
            let row = census.groups.iter().find(|g| {
                g.mapping == mapping
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
        let mut rows: Vec<GroupRate> = groups_of(census, mapping)
            .into_iter()
            .filter_map(|g| {
                let scans = *counts.get(g.group.as_str())?;
                let population = group_population(census, &record.force, g)?;
                let forces = vec![record.force.clone()];
                Some(GroupRate::new(
                    &record.force,
                    mapping,
                    g,
                    (scans, population),
                    forces,
                ))
            })
            .collect();
        let baseline = rows
            .iter()
            .find(|r| r.reference)
            .map(|r| (r.scans, r.population));
        if let Some(baseline) = baseline {
            for r in &mut rows {
                r.compare_with(baseline);
            }
        }
        out.extend(rows);
    }
    (out, mapped_total)
}

/// Group `g` of `mapping` pooled over the forces whose rows give both its
/// count and the reference group's, compared with the reference group
/// pooled over those same forces (so a force that withholds the group's
/// count is in neither side). The reference group itself pools every force
/// that gives it; a mapping with no reference group pools every force.
fn pooled(groups: &[GroupRate], census: &Census, mapping: &str, g: &GroupRow) -> Option<GroupRate> {
    let reference_of = |force: &str| {
        groups
            .iter()
            .find(|r| r.force == force && r.mapping == mapping && r.reference)
    };
    let has_reference = census
        .groups
        .iter()
        .any(|x| x.mapping == mapping && x.reference);
    let mut forces = Vec::new();
    let (mut own, mut base) = ((0u64, 0u64), (0u64, 0u64));
    for row in groups
        .iter()
        .filter(|r| r.mapping == mapping && r.group == g.group)
    {
        let reference = reference_of(&row.force);
        if has_reference && reference.is_none() {
            continue;
        }
        forces.push(row.force.clone());
        own = (own.0 + row.scans, own.1 + row.population);
        if let Some(r) = reference {
            base = (base.0 + r.scans, base.1 + r.population);
        }
    }
    if forces.is_empty() {
        return None;
    }
    let mut row = GroupRate::new("all", mapping, g, own, forces);
    if has_reference {
        row.compare_with(base);
    }
    Some(row)
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
    }

    fn suppressed(code: &str) -> EthnicityEntry {
        EthnicityEntry {
            count: None,
            ..eth(code, 0)
        }
    }

    #[test]
    fn pooled_ratio_mixed_force_sets() {
        // Kent gives its White count but suppresses Black: before, Kent's
        // White scans went into the pooled baseline while its Black scans
        // could not go into the Black rate, so the pooled ratio compared
        // two different sets of forces.
        let census = Census::bundled().unwrap();
        let mut cheshire = record("cheshire");
        cheshire.ethnicity = vec![eth("IC1", 995), eth("IC3", 40)];
        let mut kent = record("kent");
        kent.ethnicity = vec![eth("IC1", 20_000), suppressed("IC3")];
        let rates = compute(&[cheshire, kent], &census);
        let pooled = |g: &str| rates.pooled.iter().find(|r| r.group == g).unwrap();
        let black = pooled("Black");
        assert_eq!(black.forces, vec!["cheshire".to_string()]);
        let per_force = rates
            .groups
            .iter()
            .find(|r| r.force == "cheshire" && r.group == "Black")
            .unwrap();
        assert_eq!(
            black.ratio, per_force.ratio,
            "the same forces on both sides"
        );
        let cheshire_white = rates
            .groups
            .iter()
            .find(|r| r.force == "cheshire" && r.reference)
            .unwrap();
        assert_eq!(
            black.baseline,
            Some((cheshire_white.scans, cheshire_white.population))
        );
        let white = pooled("White");
        assert_eq!(
            white.forces,
            vec!["cheshire".to_string(), "kent".to_string()]
        );
        assert_eq!(white.scans, 995 + 20_000);
        assert_eq!(white.ratio, Some(1.0));
    }

    #[test]
    fn tiny_denominators_marked_and_sorted_last() {
        // Arab: 8 scans of 828 residents, a ratio of 9.64 printed like any
        // other before. Now it carries its interval and its cautions, and
        // comes after the rows that need none.
        let census = Census::bundled().unwrap();
        let mut r = record("cheshire");
        r.ethnicity = vec![eth("IC6", 8), eth("IC1", 995), eth("IC4", 60)];
        let rates = compute(&[r], &census);
        let order: Vec<&str> = rates.groups.iter().map(|g| g.group.as_str()).collect();
        assert_eq!(order.last(), Some(&"Arab"), "{order:?}");
        let arab = rates.groups.last().unwrap();
        assert_eq!(arab.caution, vec![Caution::FewScans, Caution::FewResidents]);
        let ci = arab.ratio_interval.unwrap();
        assert!(
            ci.low < 9.64 && 9.64 < ci.high && ci.high / ci.low > 4.0,
            "{ci:?}"
        );
        let rate_ci = arab.per_10000_interval.unwrap();
        assert!(rate_ci.low < 96.62 && 96.62 < rate_ci.high, "{rate_ci:?}");
        assert!(rates.groups[0].caution.is_empty());
        let scan = &rates.scans;
        assert!(scan.is_empty(), "no total given");
    }
}
