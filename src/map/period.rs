//! Periods as tables and answers label them: one month (`March 2019`),
//! a calendar year (`2019`, `2019 (from July)`), a financial year
//! (`2019/20`, `FY 2019-20`, `April 2019 - March 2020`), a quarter
//! (`Q1 2020`), and sub-totals (`2019 total`, `Total 2019/20`), so a table
//! broken down by period is summed over its parts or read from its grand
//! total, and its span becomes the record's `period`.

use crate::map::labels::is_total;
use crate::map::text::{month_label, norm};
use regex::Regex;
use std::sync::LazyLock;

/// How long a labelled period is; a table whose axis mixes grains (years
/// with their months) counts only the finest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Grain {
    Month,
    Quarter,
    Range,
    Year,
}

/// A period a label names, each end as `YYYY-MM`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PeriodLabel {
    pub from: String,
    pub to: String,
    pub grain: Grain,
    /// A sub-total line of the period (`2019 total`): neither a part nor
    /// the grand total.
    pub subtotal: bool,
}

impl PeriodLabel {
    /// The one month a month line names.
    pub fn month(&self) -> Option<&str> {
        (self.grain == Grain::Month && !self.subtotal).then_some(self.from.as_str())
    }
}

static FINANCIAL_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:(?:fy|financial year|year|f y)\s*)?(20\d\d)\s*(?:/|-|–|to)\s*(20\d\d|\d\d)$",
    )
    .expect("financial year regex")
});
static CALENDAR_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:calendar year|year|cy)?\s*(20[0-4]\d)(?:\s+(.*))?$").expect("year regex")
});
static QUARTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:q([1-4])\s*(20\d\d)|(20\d\d)\s*q([1-4]))$").expect("quarter regex")
});
static PARTIAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(from|since|to|until|up to|before|after)\s+(?:\d{1,2}(?:st|nd|rd|th)?\s+)?([a-z]{3,9})\b")
        .expect("partial year regex")
});
static MONTH_PAIR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b([a-z]{3,9})\s*(?:-|–|to)\s*([a-z]{3,9})\b").expect("month pair regex")
});

fn ym(year: i32, month: u32) -> String {
    format!("{year:04}-{month:02}")
}

/// The period a table label names, or `None` when it names none.
pub(crate) fn parse_period(label: &str) -> Option<PeriodLabel> {
    let subtotal = is_total(label);
    let cleaned = strip_total_words(label);
    let t = cleaned.trim().trim_end_matches(['*', '†', '‡', ':']).trim();
    if t.is_empty() {
        return None;
    }
    let found = |from: String, to: String, grain: Grain| {
        Some(PeriodLabel {
            from,
            to,
            grain,
            subtotal,
        })
    };
    if let Some(m) = month_label(t) {
        return found(m.clone(), m, Grain::Month);
    }
    if let Some((from, to)) = crate::map::classify::month_range(t) {
        let grain = if months_between(&from, &to) >= 11 {
            Grain::Year
        } else {
            Grain::Range
        };
        return found(from, to, grain);
    }
    if let Some(c) = FINANCIAL_YEAR.captures(t) {
        let y1: i32 = c[1].parse().ok()?;
        let y2: i32 = match c[2].len() {
            2 => 2000 + c[2].parse::<i32>().ok()?,
            _ => c[2].parse().ok()?,
        };
        if y2 != y1 + 1 {
            return None;
        }
        return found(ym(y1, 4), ym(y2, 3), Grain::Year);
    }
    if let Some(c) = QUARTER.captures(t) {
        let (q, y): (u32, i32) = match (c.get(1), c.get(2)) {
            (Some(q), Some(y)) => (q.as_str().parse().ok()?, y.as_str().parse().ok()?),
            _ => (c[4].parse().ok()?, c[3].parse().ok()?),
        };
        return found(ym(y, q * 3 - 2), ym(y, q * 3), Grain::Quarter);
    }
    let c = CALENDAR_YEAR.captures(t)?;
    let y: i32 = c[1].parse().ok()?;
    let rest = c.get(2).map_or("", |m| m.as_str());
    calendar_year(y, rest).and_then(|(from, to)| found(from, to, Grain::Year))
}

/// A calendar year with an optional note narrowing it: `(from July)`,
/// `(Jan - Jun)`, `to date`. Any other trailing words are not a period.
fn calendar_year(y: i32, rest: &str) -> Option<(String, String)> {
    let n = norm(rest);
    let (mut from, mut to) = (ym(y, 1), ym(y, 12));
    if n.is_empty()
        || matches!(
            n.as_str(),
            "to date" | "ytd" | "year to date" | "so far" | "calendar year"
        )
    {
        return Some((from, to));
    }
    if let Some(c) = MONTH_PAIR.captures(rest) {
        if let (Some(a), Some(b)) = (
            crate::date::month_number(&c[1]),
            crate::date::month_number(&c[2]),
        ) {
            return Some((ym(y, a), ym(y, b)));
        }
    }
    let mut any = false;
    for c in PARTIAL.captures_iter(rest) {
        let Some(m) = crate::date::month_number(&c[2]) else {
            continue;
        };
        any = true;
        match c[1].to_lowercase().as_str() {
            "from" | "since" | "after" => from = ym(y, m),
            _ => to = ym(y, m),
        }
    }
    // "2019 (partial)" and footnoted years are still the year.
    (any || n.split(' ').all(|w| {
        matches!(
            w,
            "partial" | "part" | "year" | "note" | "a" | "b" | "c" | "1" | "2" | "3"
        )
    }))
    .then_some((from, to))
}

/// `2019 total`, `Total for 2019/20`, `Sub-total 2020` → the period words.
fn strip_total_words(label: &str) -> String {
    let mut out = String::new();
    for w in label.split_whitespace() {
        let lw = w.to_lowercase();
        let bare = lw.trim_matches(|c: char| !c.is_alphanumeric());
        if matches!(
            bare,
            "total" | "totals" | "subtotal" | "sub-total" | "grand" | "for" | "of"
        ) {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

fn months_between(from: &str, to: &str) -> i32 {
    let parse = |s: &str| -> Option<i32> {
        let (y, m) = s.split_once('-')?;
        Some(y.parse::<i32>().ok()? * 12 + m.parse::<i32>().ok()?)
    };
    match (parse(from), parse(to)) {
        (Some(a), Some(b)) => b - a,
        _ => 0,
    }
}

/// The labels of an axis that are the parts to add up: not sub-totals,
/// and of the finest grain present (months under their years).
pub(crate) fn leaf_parts(labels: &[Option<PeriodLabel>]) -> Vec<usize> {
    let finest = labels
        .iter()
        .flatten()
        .filter(|p| !p.subtotal)
        .map(|p| p.grain)
        .min();
    let Some(finest) = finest else {
        return Vec::new();
    };
    labels
        .iter()
        .enumerate()
        .filter(|(_, p)| p.as_ref().is_some_and(|p| !p.subtotal && p.grain == finest))
        .map(|(i, _)| i)
        .collect()
}

/// The span of the given periods: earliest start to latest end.
pub(crate) fn span<'a>(periods: impl Iterator<Item = &'a PeriodLabel>) -> Option<(String, String)> {
    periods.fold(None, |acc, p| match acc {
        None => Some((p.from.clone(), p.to.clone())),
        Some((f, t)) => Some((f.min(p.from.clone()), t.max(p.to.clone()))),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(label: &str) -> Option<(String, String, Grain, bool)> {
        parse_period(label).map(|p| (p.from, p.to, p.grain, p.subtotal))
    }

    #[test]
    fn months_years_and_financial_years() {
        assert_eq!(p("March 2019").unwrap().0, "2019-03");
        assert_eq!(p("Mar-19").unwrap().2, Grain::Month);
        assert_eq!(
            p("2019").unwrap(),
            ("2019-01".into(), "2019-12".into(), Grain::Year, false)
        );
        assert_eq!(p("2019/20").unwrap().0, "2019-04");
        assert_eq!(p("2019/20").unwrap().1, "2020-03");
        assert_eq!(p("FY 2020-21").unwrap().1, "2021-03");
        assert_eq!(p("April 2019 - March 2020").unwrap().2, Grain::Year);
        assert_eq!(p("Q2 2020").unwrap().0, "2020-04");
        assert!(p("2019/21").is_none());
        assert!(p("IABS").is_none());
        assert!(p("Total").is_none());
    }

    #[test]
    fn partial_years_and_subtotals() {
        assert_eq!(p("2019 (from July)").unwrap().0, "2019-07");
        assert_eq!(p("2021 (to June)").unwrap().1, "2021-06");
        assert_eq!(p("2021 (Jan - Jun)").unwrap().1, "2021-06");
        assert!(p("2019 total").unwrap().3);
        assert!(p("Total 2019/20").unwrap().3);
        assert!(!p("2019").unwrap().3);
        assert!(p("2019 searches by officers in Kent").is_none());
    }

    #[test]
    fn leaf_parts_skip_subtotals_and_coarser_grains() {
        let labels: Vec<_> = ["Jan 2020", "Feb 2020", "2020 total", "2021", "Grand total"]
            .iter()
            .map(|l| parse_period(l))
            .collect();
        assert_eq!(leaf_parts(&labels), vec![0, 1]);
    }
}
