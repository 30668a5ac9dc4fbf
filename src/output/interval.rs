//! 95% confidence intervals for the report's rates and ratios, and the
//! caution marks on results that rest on too few scans or residents.
//!
//! - A rate (scans per 10,000 residents) treats the scan count as Poisson:
//!   the exact (Garwood) interval from the gamma distribution, divided by
//!   the population.
//! - A rate ratio (a group's rate over the White group's) uses the exact
//!   conditional method: given both counts, the group's share of them is
//!   binomial, so the Clopper–Pearson interval of that share, turned back
//!   into a ratio of rates, is the ratio's interval.
//!
//! Both are the standard exact methods for counts (see e.g. Ulm 1990 and
//! Breslow & Day vol. II ch. 2); the report names them.

use statrs::distribution::{Beta, ContinuousCDF, Gamma};

/// The method sentence the report and the data package print.
pub const METHODS: &str = "95% intervals: exact Poisson (Garwood) for rates; exact conditional \
(Clopper–Pearson binomial) for ratios of rates";

/// Two-sided 95%.
const ALPHA: f64 = 0.05;

/// Fewer scans than this and a rate is marked.
pub const MIN_EVENTS: u64 = 10;
/// Fewer residents than this and a rate is marked.
pub const MIN_RESIDENTS: u64 = 1_000;

/// Lower and upper bound of an interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Interval {
    pub low: f64,
    pub high: f64,
}

/// The exact Poisson interval for a count of `k` events.
pub fn poisson(k: u64) -> Interval {
    let low = if k == 0 {
        0.0
    } else {
        gamma_quantile(k as f64, ALPHA / 2.0)
    };
    Interval {
        low,
        high: gamma_quantile(k as f64 + 1.0, 1.0 - ALPHA / 2.0),
    }
}

fn gamma_quantile(shape: f64, p: f64) -> f64 {
    // Shape > 0 and rate 1 are always valid parameters.
    Gamma::new(shape, 1.0).map_or(f64::NAN, |g| g.inverse_cdf(p))
}

fn beta_quantile(a: f64, b: f64, p: f64) -> f64 {
    Beta::new(a, b).map_or(f64::NAN, |d| d.inverse_cdf(p))
}

/// The interval of a rate per `per` residents: `count` events among
/// `population` residents. `None` without residents.
pub fn rate(count: u64, population: u64, per: f64) -> Option<Interval> {
    (population > 0).then(|| {
        let i = poisson(count);
        let scale = per / population as f64;
        Interval {
            low: i.low * scale,
            high: i.high * scale,
        }
    })
}

/// The interval of the ratio of rates `(a / pa) / (b / pb)`. `None` when
/// the ratio has no finite upper bound (no reference scans) or there are
/// no residents.
pub fn rate_ratio(a: u64, pa: u64, b: u64, pb: u64) -> Option<Interval> {
    if pa == 0 || pb == 0 || b == 0 {
        return None;
    }
    let (af, bf) = (a as f64, b as f64);
    // Clopper–Pearson bounds of the group's share a / (a + b).
    let p_low = if a == 0 {
        0.0
    } else {
        beta_quantile(af, bf + 1.0, ALPHA / 2.0)
    };
    let p_high = beta_quantile(af + 1.0, bf, 1.0 - ALPHA / 2.0);
    let odds = |p: f64| p / (1.0 - p);
    let scale = pb as f64 / pa as f64;
    let i = Interval {
        low: odds(p_low) * scale,
        high: odds(p_high) * scale,
    };
    (i.low.is_finite() && i.high.is_finite()).then_some(i)
}

/// The exact (Clopper–Pearson) interval of the share `k / n`, as a
/// fraction. `None` when `n` is 0 or `k` exceeds it.
pub fn proportion(k: u64, n: u64) -> Option<Interval> {
    if n == 0 || k > n {
        return None;
    }
    let (kf, nf) = (k as f64, n as f64);
    let low = if k == 0 {
        0.0
    } else {
        beta_quantile(kf, nf - kf + 1.0, ALPHA / 2.0)
    };
    let high = if k == n {
        1.0
    } else {
        beta_quantile(kf + 1.0, nf - kf, 1.0 - ALPHA / 2.0)
    };
    Some(Interval { low, high })
}

/// Why a result should be read with caution.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Caution {
    /// The group has fewer than [`MIN_EVENTS`] scans.
    FewScans,
    /// The group has fewer than [`MIN_RESIDENTS`] residents.
    FewResidents,
    /// The reference (White) group it is compared with has too few scans.
    FewReferenceScans,
    /// The reference group has too few residents.
    FewReferenceResidents,
}

impl Caution {
    /// The words the CSV and the report print.
    pub fn text(self) -> &'static str {
        match self {
            Caution::FewScans => "fewer than 10 scans",
            Caution::FewResidents => "fewer than 1,000 residents",
            Caution::FewReferenceScans => "White group: fewer than 10 scans",
            Caution::FewReferenceResidents => "White group: fewer than 1,000 residents",
        }
    }

    /// The marks for a group's own count and residents.
    pub fn of(scans: u64, population: u64) -> Vec<Caution> {
        let mut out = Vec::new();
        if scans < MIN_EVENTS {
            out.push(Caution::FewScans);
        }
        if population < MIN_RESIDENTS {
            out.push(Caution::FewResidents);
        }
        out
    }

    /// The marks a ratio adds for its reference group.
    pub fn of_reference(scans: u64, population: u64) -> Vec<Caution> {
        Caution::of(scans, population)
            .into_iter()
            .map(|c| match c {
                Caution::FewScans => Caution::FewReferenceScans,
                _ => Caution::FewReferenceResidents,
            })
            .collect()
    }

    /// Marks joined for a CSV cell or a table cell ("" when none).
    pub fn join(marks: &[Caution]) -> String {
        marks
            .iter()
            .map(|c| c.text())
            .collect::<Vec<_>>()
            .join("; ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(x: f64, want: f64, tol: f64) -> bool {
        (x - want).abs() <= tol
    }

    #[test]
    fn poisson_bounds_match_the_published_tables() {
        // Garwood's exact limits as tabulated (e.g. in Ulm 1990).
        let zero = poisson(0);
        assert_eq!(zero.low, 0.0);
        assert!(close(zero.high, 3.689, 1e-3), "{zero:?}");
        let ten = poisson(10);
        assert!(close(ten.low, 4.795, 1e-3), "{ten:?}");
        assert!(close(ten.high, 18.390, 1e-3), "{ten:?}");
        let big = poisson(28_056);
        assert!(big.low < 28_056.0 && big.high > 28_056.0);
        assert!(close(
            big.high - big.low,
            2.0 * 1.96 * 28_056f64.sqrt(),
            2.0
        ));
    }

    #[test]
    fn rate_ratio_interval_holds_the_ratio() {
        // 50 scans of 420 residents against 900 of 681,000: a ratio of 90
        // with a wide interval; the exact method's bounds straddle it.
        let i = rate_ratio(50, 420, 900, 681_000).unwrap();
        let ratio = (50.0 / 420.0) / (900.0 / 681_000.0);
        assert!(i.low < ratio && ratio < i.high, "{i:?} vs {ratio}");
        assert!(i.low > 60.0 && i.high < 125.0, "{i:?}");
        // Equal rates: the interval holds 1.
        let even = rate_ratio(100, 10_000, 100, 10_000).unwrap();
        assert!(even.low < 1.0 && even.high > 1.0, "{even:?}");
        assert!(
            close(even.low * even.high, 1.0, 1e-9),
            "symmetric on the log scale"
        );
        assert_eq!(rate_ratio(3, 1_000, 0, 1_000), None, "no reference scans");
        assert_eq!(rate_ratio(0, 1_000, 10, 1_000).unwrap().low, 0.0);
    }

    #[test]
    fn proportion_bounds_match_clopper_pearson() {
        // 19 arrests of 113 immigration scans (Kent in the seed report).
        let i = proportion(19, 113).unwrap();
        assert!(
            close(i.low, 0.1045, 1e-3) && close(i.high, 0.2501, 1e-3),
            "{i:?}"
        );
        assert_eq!(proportion(0, 10).unwrap().low, 0.0);
        assert_eq!(proportion(10, 10).unwrap().high, 1.0);
        assert_eq!(proportion(3, 0), None);
    }

    #[test]
    fn cautions_name_the_thin_side() {
        assert_eq!(Caution::of(50, 420), vec![Caution::FewResidents]);
        assert_eq!(
            Caution::of_reference(3, 100_000),
            vec![Caution::FewReferenceScans]
        );
        assert_eq!(Caution::of(10, 1_000), vec![]);
        assert_eq!(
            Caution::join(&[Caution::FewScans, Caution::FewResidents]),
            "fewer than 10 scans; fewer than 1,000 residents"
        );
    }
}
