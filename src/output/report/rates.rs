//! The report's rates: the chart of scans per 10,000 residents and the
//! disproportionality tables (pooled, then per force). Every rate and ratio
//! is printed with its 95% interval, the method is named, and rows resting
//! on few scans or residents are marked and come last.

use super::svg::{fmt_int, horizontal_bars, Bar};
use super::{esc, force_anchor, wide};
use crate::output::interval::{Caution, Interval, METHODS};
use crate::output::rates::GroupRate;
use crate::output::words;
use crate::output::Derived;
use std::fmt::Write;

/// `12.34 (11.02–13.80)`, or an em dash without a value.
fn with_interval(x: Option<f64>, i: Option<Interval>) -> String {
    match (x, i) {
        (Some(x), Some(i)) => format!("{x:.2} ({:.2}–{:.2})", i.low, i.high),
        (Some(x), None) => format!("{x:.2}"),
        _ => "—".to_string(),
    }
}

/// The chart of scans per 10,000 residents, largest first, the rates to
/// read with caution last.
pub fn scan_rate_chart(d: &Derived) -> String {
    let mut bars: Vec<Bar> = d
        .rates
        .scans
        .iter()
        .map(|r| {
            let mut note = format!("{:.1} in 10,000", r.per_10000);
            if let Some(i) = r.interval {
                let _ = write!(note, " ({:.1}–{:.1})", i.low, i.high);
            }
            if !r.caution.is_empty() {
                let _ = write!(note, "; {}", Caution::join(&r.caution));
            }
            Bar {
                label: words::force_name(&d.records, &r.force),
                href: format!("#{}", force_anchor(&r.force)),
                value: r.per_10000,
                note,
                caution: !r.caution.is_empty(),
            }
        })
        .collect();
    let mut s = String::from("<h3>Scans per 10,000 residents</h3>\n");
    if bars.is_empty() {
        s.push_str("<p>No force gave a total and has a census population.</p>\n");
        return s;
    }
    bars.sort_by(|a, b| {
        a.caution
            .cmp(&b.caution)
            .then(b.value.total_cmp(&a.value))
            .then(a.label.cmp(&b.label))
    });
    let _ = writeln!(
        s,
        "{}\n<p class=\"note\">In brackets: the 95% interval (exact Poisson). Hatched bars rest on fewer than 10 scans.</p>",
        horizontal_bars("chart-rates", "Scans per 10,000 residents", &bars)
    );
    s
}

/// A table of group rates; `pooled` rows name the forces they pool and the
/// White rate over those forces.
fn group_table(d: &Derived, caption: &str, rows: &[GroupRate], pooled: bool) -> String {
    let first = if pooled { "Forces pooled" } else { "Force" };
    let baseline = if pooled {
        "<th scope=\"col\">White per 10,000, same forces</th>"
    } else {
        ""
    };
    let mut s = String::new();
    let _ = writeln!(
        s,
        "<table class=\"rates\"><caption>{}</caption><thead><tr><th scope=\"col\">Group</th><th scope=\"col\">{first}</th>\
<th scope=\"col\">Scans</th><th scope=\"col\">Residents</th><th scope=\"col\">Per 10,000 (95% interval)</th>{baseline}\
<th scope=\"col\">Ratio to White (95% interval)</th><th scope=\"col\">Caution</th></tr></thead><tbody>",
        esc(caption)
    );
    for g in rows {
        let forces: Vec<String> = g
            .forces
            .iter()
            .map(|f| words::force_name(&d.records, f))
            .collect();
        let who = if pooled {
            format!(
                "{}: {}",
                words::count(forces.len() as u64, "force", "forces"),
                forces.join(", ")
            )
        } else {
            forces.join(", ")
        };
        let base = match (pooled, g.baseline) {
            (false, _) => String::new(),
            (true, Some((b, pb))) if pb > 0 => {
                format!(
                    "<td class=\"n\">{:.2}</td>",
                    b as f64 * 10_000.0 / pb as f64
                )
            }
            (true, _) => "<td class=\"n\">—</td>".to_string(),
        };
        let class = if g.caution.is_empty() {
            ""
        } else {
            " class=\"caution\""
        };
        let _ = writeln!(
            s,
            "<tr{class}><th scope=\"row\">{} <span class=\"note\">({})</span></th><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>\
<td class=\"n\">{}</td>{base}<td class=\"n\">{}</td><td>{}</td></tr>",
            esc(&g.group),
            esc(&g.mapping),
            esc(&who),
            fmt_int(g.scans),
            fmt_int(g.population),
            with_interval(g.per_10000, g.per_10000_interval),
            with_interval(g.ratio, g.ratio_interval),
            esc(&Caution::join(&g.caution))
        );
    }
    s.push_str("</tbody></table>");
    wide(&s)
}

/// The rates and disproportionality section.
pub fn section(d: &Derived) -> String {
    let mut s = String::from("<h2 id=\"rates\">Rates and disproportionality</h2>\n");
    let _ = writeln!(
        s,
        "<p class=\"note\">Denominators: {}. Officer-defined IC codes have no census count: each ratio names the mapping \
(schemas/census/ethnicity-groups.csv, shown in brackets after the group) that put its codes into census groups; IC0, NS and uncoded rows are left out. \
Rates are over each force's own period (see its section), not per year. {METHODS}. Rows resting on fewer than 10 scans or \
1,000 residents (in the group or in the White group it is compared with) are marked and listed last: their figures can move a \
long way with a handful of scans.</p>",
        esc(&d.census.population.source)
    );
    if d.rates.pooled.is_empty() {
        s.push_str("<p>No force gave ethnicity counts that a mapping covers.</p>\n");
    } else {
        s.push_str(&group_table(
            d,
            "Pooled: each group against the White group over the same forces (those that gave both counts)",
            &d.rates.pooled,
            true,
        ));
        s.push_str(&group_table(d, "By force", &d.rates.groups, false));
    }
    if !d.rates.unmapped.is_empty() {
        let list: Vec<String> = d
            .rates
            .unmapped
            .iter()
            .map(|(f, n)| format!("{} {}", words::force_name(&d.records, f), fmt_int(*n)))
            .collect();
        let _ = writeln!(
            s,
            "<p class=\"note\">Scans in no census group (IC0, NS, uncoded): {}.</p>",
            esc(&list.join(", "))
        );
    }
    s
}
