//! The report's sections other than the per-force ones: headline, gap
//! matrix, charts, rates and disproportionality, checks, and the note on
//! sources and licences.

use super::svg::{fmt_int, horizontal_bars, stacked_bars, Series, StackRow};
use super::{esc, force_anchor};
use crate::output::gaps::{self, GapField, GapStatus};
use crate::output::headline::{headline, OUTCOMES, USE};
use crate::output::rates::{GroupRate, Rates};
use crate::output::Derived;
use crate::record::Record;
use std::fmt::Write;

pub fn contents() -> String {
    "<nav><p>Contents: <a href=\"#headline\">Headline</a> · <a href=\"#gaps\">Gap matrix</a> · \
<a href=\"#charts\">Charts</a> · <a href=\"#rates\">Rates and disproportionality</a> · \
<a href=\"#checks\">Checks of the figures</a> · <a href=\"#forces\">Forces</a> · <a href=\"#about\">Sources</a></p></nav>\n"
        .to_string()
}

pub fn headline_section(records: &[Record]) -> String {
    let h = headline(records);
    let mut s = String::new();
    let _ = writeln!(
        s,
        "<h2 id=\"headline\">Headline</h2>\n<p><b>{}</b> forces asked.</p>",
        h.asked
    );
    s.push_str("<table><caption>Replies by outcome</caption><thead><tr>");
    for o in OUTCOMES {
        let _ = write!(s, "<th scope=\"col\">{o}</th>");
    }
    s.push_str("</tr></thead><tbody><tr>");
    for n in h.outcomes {
        let _ = write!(s, "<td class=\"n\">{n}</td>");
    }
    s.push_str("</tr></tbody></table>\n");
    let detail: Vec<String> = h
        .statuses
        .iter()
        .map(|(st, n)| format!("{st} {n}"))
        .collect();
    let _ = writeln!(
        s,
        "<p class=\"note\">Responded = disclosed, partial or not held; declined = refused. By status: {}.</p>",
        esc(&detail.join(", "))
    );
    let bars: Vec<(&str, u64)> = OUTCOMES.iter().copied().zip(h.outcomes).collect();
    s.push_str(&super::svg::vertical_bars(
        "chart-responses",
        "FOI Responses",
        &bars,
    ));
    s.push_str(
        "\n<table><caption>Forces by use of mobile fingerprint scanning</caption><thead><tr>",
    );
    for (_, label) in USE {
        let _ = write!(s, "<th scope=\"col\">{label}</th>");
    }
    s.push_str("</tr></thead><tbody><tr>");
    for n in h.uses {
        let _ = write!(s, "<td class=\"n\">{n}</td>");
    }
    s.push_str("</tr></tbody></table>\n");
    let _ = writeln!(
        s,
        "<p>{} scans reported by {} forces.</p>",
        fmt_int(h.scans_total),
        h.forces_with_scans
    );
    s
}

pub fn matrix(records: &[Record]) -> String {
    let mut s = String::new();
    s.push_str("<h2 id=\"gaps\">Gap matrix</h2>\n<p class=\"legend\">");
    for st in GapStatus::ALL {
        let _ = write!(
            s,
            "<span><b class=\"g-{}\">{}</b> {}</span>",
            st.name(),
            esc(st.letter()),
            esc(st.title())
        );
    }
    s.push_str("</p>\n<table class=\"matrix\" id=\"gap-matrix\"><caption>Forces × fields (select a cell for the force's values and flags)</caption>\n<thead><tr><th scope=\"col\">Force</th><th scope=\"col\">Reply</th>");
    for f in GapField::ALL {
        let _ = write!(s, "<th scope=\"col\">{}</th>", f.title());
    }
    s.push_str("</tr></thead>\n<tbody>\n");
    for r in records {
        let anchor = force_anchor(&r.force);
        let _ = write!(
            s,
            "<tr><th scope=\"row\"><a href=\"#{}\">{}</a></th><td>{}</td>",
            esc(&anchor),
            esc(&r.force_name),
            esc(r.response.status.name())
        );
        for c in gaps::row(r) {
            let target = match c.flags.first() {
                Some(i) => format!("{anchor}-flag-{}", i + 1),
                None => anchor.clone(),
            };
            let _ = write!(
                s,
                "<td class=\"g g-{}\" title=\"{}: {}\"><a href=\"#{}\">{}</a></td>",
                c.status.name(),
                esc(c.field.title()),
                esc(c.status.title()),
                esc(&target),
                esc(c.status.letter())
            );
        }
        s.push_str("</tr>\n");
    }
    s.push_str("</tbody></table>\n");
    s
}

pub fn charts(records: &[Record], rates: &Rates) -> String {
    let mut s = String::from("<h2 id=\"charts\">Charts</h2>\n<h3>Scans by database</h3>\n");
    let series = [
        Series {
            name: "IABS only",
            fill: "#d95f02",
            pattern: None,
        },
        Series {
            name: "IDENT1 only",
            fill: "#1b9e77",
            pattern: None,
        },
        Series {
            name: "Both",
            fill: "#7570b3",
            pattern: None,
        },
        Series {
            name: "Not split",
            fill: "#ddd",
            pattern: Some("hatch"),
        },
    ];
    let mut with_total: Vec<&Record> = records.iter().filter(|r| r.scans.total.is_some()).collect();
    with_total.sort_by(|a, b| {
        b.scans
            .total
            .cmp(&a.scans.total)
            .then(a.force.cmp(&b.force))
    });
    let rows: Vec<StackRow> = with_total
        .iter()
        .map(|r| {
            let t = r.scans.total.unwrap_or(0);
            let parts = [r.scans.iabs, r.scans.ident1, r.scans.both];
            let known: u64 = parts.iter().flatten().sum();
            let mut values: Vec<u64> = parts.iter().map(|p| p.unwrap_or(0)).collect();
            values.push(t.saturating_sub(known));
            let note = if known == t {
                fmt_int(t)
            } else if known == 0 {
                format!("{}, not split", fmt_int(t))
            } else {
                format!(
                    "{}, {} not split",
                    fmt_int(t),
                    fmt_int(t.saturating_sub(known))
                )
            };
            StackRow {
                label: r.force_name.clone(),
                href: format!("#{}", force_anchor(&r.force)),
                values,
                note,
            }
        })
        .collect();
    if rows.is_empty() {
        s.push_str("<p>No force gave a total.</p>\n");
    } else {
        s.push_str(&stacked_bars(
            "chart-scans",
            "Scans by database per force",
            &series,
            &rows,
            false,
        ));
        s.push_str("\n<h3>Share of each force's scans by database</h3>\n");
        s.push_str(&stacked_bars(
            "chart-scan-shares",
            "Share of each force's scans by database",
            &series,
            &rows,
            true,
        ));
        s.push('\n');
    }
    s.push_str("<h3>Immigration arrests as a share of immigration scans</h3>\n");
    let mut shares: Vec<(String, String, f64, String)> = records
        .iter()
        .filter_map(|r| {
            let (a, n) = (r.immigration.arrests?, r.immigration.scans?);
            (n > 0).then(|| {
                let pct = a as f64 * 100.0 / n as f64;
                (
                    r.force_name.clone(),
                    format!("#{}", force_anchor(&r.force)),
                    pct,
                    format!("{pct:.1}% ({a} of {})", fmt_int(n)),
                )
            })
        })
        .collect();
    shares.sort_by(|a, b| b.2.total_cmp(&a.2).then(a.0.cmp(&b.0)));
    if shares.is_empty() {
        s.push_str("<p>No force gave both immigration scans and arrests.</p>\n");
    } else {
        s.push_str(&horizontal_bars(
            "chart-arrests",
            "Immigration arrests as a share of immigration scans",
            &shares,
        ));
        s.push('\n');
    }
    s.push_str("<h3>Scans per 10,000 residents</h3>\n");
    let mut per: Vec<(String, String, f64, String)> = rates
        .scans
        .iter()
        .map(|r| {
            let name = records
                .iter()
                .find(|x| x.force == r.force)
                .map_or(r.force.clone(), |x| x.force_name.clone());
            (
                name,
                format!("#{}", force_anchor(&r.force)),
                r.per_10000,
                format!("{:.1} in 10,000", r.per_10000),
            )
        })
        .collect();
    per.sort_by(|a, b| b.2.total_cmp(&a.2).then(a.0.cmp(&b.0)));
    if per.is_empty() {
        s.push_str("<p>No force with both a total and a census population.</p>\n");
    } else {
        s.push_str(&horizontal_bars(
            "chart-rates",
            "Scans per 10,000 residents",
            &per,
        ));
        s.push('\n');
    }
    s
}

fn group_table(caption: &str, rows: &[&GroupRate], names: &dyn Fn(&str) -> String) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "<table><caption>{}</caption><thead><tr><th scope=\"col\">Force</th><th scope=\"col\">Mapping</th><th scope=\"col\">Group</th>\
<th scope=\"col\">Scans</th><th scope=\"col\">Residents</th><th scope=\"col\">Per 10,000</th><th scope=\"col\">Ratio to White</th></tr></thead><tbody>",
        esc(caption)
    );
    for g in rows {
        let _ = writeln!(
            s,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            esc(&names(&g.force)),
            esc(&g.mapping),
            esc(&g.group),
            fmt_int(g.scans),
            fmt_int(g.population),
            g.per_10000.map_or("—".into(), |x| format!("{x:.2}")),
            g.ratio.map_or("—".into(), |x| format!("{x:.2}"))
        );
    }
    s.push_str("</tbody></table>\n");
    s
}

pub fn rates(d: &Derived) -> String {
    let mut s = String::from("<h2 id=\"rates\">Rates and disproportionality</h2>\n");
    let _ = writeln!(
        s,
        "<p class=\"note\">Denominators: {}. Officer-defined IC codes have no census count: each ratio names the mapping \
(schemas/census/ethnicity-groups.csv) that put its codes into census groups; IC0, NS and uncoded rows are left out. \
Rates are over each force's own period (see its section), not per year.</p>",
        esc(&d.census.population.source)
    );
    let names = |f: &str| {
        if f == "all" {
            "All forces (pooled)".to_string()
        } else {
            d.records
                .iter()
                .find(|r| r.force == f)
                .map_or(f.to_string(), |r| r.force_name.clone())
        }
    };
    if !d.rates.pooled.is_empty() {
        let pooled: Vec<&GroupRate> = d.rates.pooled.iter().collect();
        s.push_str(&group_table(
            "Pooled over forces that gave ethnicity",
            &pooled,
            &names,
        ));
        let means: Vec<String> = d
            .rates
            .mean_ratio
            .iter()
            .map(|((m, g), (x, n))| format!("{g} ({m}) {x:.2} over {n} forces"))
            .collect();
        let _ = writeln!(
            s,
            "<p class=\"note\">Mean of the per-force ratios: {}.</p>",
            esc(&means.join("; "))
        );
        let per: Vec<&GroupRate> = d.rates.groups.iter().collect();
        s.push_str(&group_table("By force", &per, &names));
    } else {
        s.push_str("<p>No force gave ethnicity counts that a mapping covers.</p>\n");
    }
    if !d.rates.unmapped.is_empty() {
        let list: Vec<String> = d
            .rates
            .unmapped
            .iter()
            .map(|(f, n)| format!("{} {n}", names(f)))
            .collect();
        let _ = writeln!(
            s,
            "<p class=\"note\">Scans in no census group (IC0, NS, uncoded): {}.</p>",
            esc(&list.join(", "))
        );
    }
    s
}

pub fn checks(d: &Derived) -> String {
    let mut s = String::from("<h2 id=\"checks\">Checks of the figures</h2>\n");
    if d.checks.is_empty() {
        let _ = writeln!(
            s,
            "<p>Every part adds up{}.</p>",
            if d.compared {
                ", and every published figure agrees with the records"
            } else {
                ""
            }
        );
        return s;
    }
    s.push_str("<table id=\"checks-table\"><thead><tr><th scope=\"col\">Force</th><th scope=\"col\">Check</th><th scope=\"col\">Field</th><th scope=\"col\">Stated</th><th scope=\"col\">Computed</th><th scope=\"col\">Verdict</th><th scope=\"col\">Detail</th></tr></thead><tbody>\n");
    for c in &d.checks {
        let _ = writeln!(
            s,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td><td>{}</td></tr>",
            esc(&c.force),
            c.check,
            esc(&c.field),
            esc(&c.stated),
            esc(&c.computed),
            c.verdict,
            esc(&c.detail)
        );
    }
    s.push_str("</tbody></table>\n");
    s
}

pub fn about(d: &Derived) -> String {
    let p = &d.census.population;
    format!(
        "<h2 id=\"about\">Sources</h2>\n<p class=\"note\">Population: {} ({} force areas). {}. Scotland and Northern Ireland \
are not in the 2011 England and Wales figures, and British Transport Police has no resident area, so they have no rates.</p>\n\
<p class=\"note\">Written by foi-extract. The same data: records.jsonl, the CSV files (described by datapackage.json) and foi.sqlite.</p>\n",
        esc(&p.source),
        p.areas.len(),
        esc(&p.licence)
    )
}
