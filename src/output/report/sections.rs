//! The report's sections other than the per-force ones: headline, gap
//! matrix, charts, rates and disproportionality, checks, and the note on
//! sources and licences.

use super::svg::{fmt_int, horizontal_bars, stacked_bars, Bar, Series, StackRow};
use super::{esc, force_anchor, wide};
use crate::files::FileRow;
use crate::output::gaps::{self, GapField, GapStatus};
use crate::output::headline::{headline, OUTCOMES, USE};
use crate::output::{derive, interval, words, Derived};
use crate::read::Status;
use crate::record::Record;
use std::fmt::Write;

pub fn contents(chase: bool) -> String {
    let chase = if chase {
        "<a href=\"#chase\">Files to chase</a> · "
    } else {
        ""
    };
    format!(
        "<nav><p>Contents: <a href=\"#headline\">Headline</a> · <a href=\"#gaps\">Gap matrix</a> · \
<a href=\"#charts\">Charts</a> · <a href=\"#rates\">Rates and disproportionality</a> · \
<a href=\"#checks\">Checks of the figures</a> · {chase}<a href=\"#forces\">Forces</a> · <a href=\"#about\">Sources</a></p></nav>\n"
    )
}

/// The page of a run that produced no record: what was found, and why
/// there is nothing more to show.
pub fn empty_run(files: &[FileRow]) -> String {
    let read = files.iter().filter(|f| f.status == Status::Ok).count() as u64;
    let mut s = String::from("<h2 id=\"headline\">No records</h2>\n");
    if files.is_empty() {
        s.push_str("<p>No reply was found: the folder holds no file the tool reads. Put the replies (PDF, Word, spreadsheets, emails, zips) in the folder and run again.</p>\n");
    } else {
        let _ = writeln!(
            s,
            "<p>{} found, {} read, but none could be assigned to a police force, so there is no record, gap matrix or chart to show. \
Check that the replies name the force (letterhead, email address or reference); files.csv lists every file.</p>",
            words::count(files.len() as u64, "file", "files"),
            fmt_int(read)
        );
    }
    s
}

pub fn headline_section(records: &[Record]) -> String {
    let h = headline(records);
    let mut s = String::new();
    let _ = writeln!(
        s,
        "<h2 id=\"headline\">Headline</h2>\n<p><b>{}</b> asked.</p>",
        words::count(h.asked as u64, "force", "forces")
    );
    let mut t = String::from("<table><caption>Replies by outcome</caption><thead><tr>");
    for o in OUTCOMES {
        let _ = write!(t, "<th scope=\"col\">{o}</th>");
    }
    t.push_str("</tr></thead><tbody><tr>");
    for n in h.outcomes {
        let _ = write!(t, "<td class=\"n\">{n}</td>");
    }
    t.push_str("</tr></tbody></table>");
    s.push_str(&wide(&t));
    let detail: Vec<String> = h
        .statuses
        .iter()
        .map(|(st, n)| format!("{} {n}", words::code(st)))
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
    s.push('\n');
    let mut t = String::from(
        "<table><caption>Forces by use of mobile fingerprint scanning</caption><thead><tr>",
    );
    for (_, label) in USE {
        let _ = write!(t, "<th scope=\"col\">{label}</th>");
    }
    t.push_str("</tr></thead><tbody><tr>");
    for n in h.uses {
        let _ = write!(t, "<td class=\"n\">{n}</td>");
    }
    t.push_str("</tr></tbody></table>");
    s.push_str(&wide(&t));
    let _ = writeln!(
        s,
        "<p>{} reported by {}.</p>",
        words::count(h.scans_total, "scan", "scans"),
        words::count(h.forces_with_scans as u64, "force", "forces")
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
    s.push_str("</p>\n");
    let mut s2 = String::new();
    s2.push_str("<table class=\"matrix\" id=\"gap-matrix\"><caption>Forces × fields (select a cell for the force's values and flags)</caption>\n<thead><tr><th scope=\"col\">Force</th><th scope=\"col\">Reply</th>");
    for f in GapField::ALL {
        let _ = write!(s2, "<th scope=\"col\">{}</th>", f.title());
    }
    s2.push_str("</tr></thead>\n<tbody>\n");
    for r in records {
        let anchor = force_anchor(&r.force);
        let _ = write!(
            s2,
            "<tr><th scope=\"row\"><a href=\"#{}\">{}</a></th><td>{}</td>",
            esc(&anchor),
            esc(&r.force_name),
            esc(&words::code(r.response.status.name()))
        );
        for c in gaps::row(r) {
            let target = match c.flags.first() {
                Some(i) => format!("{anchor}-flag-{}", i + 1),
                None => anchor.clone(),
            };
            let _ = write!(
                s2,
                "<td class=\"g g-{}\" title=\"{}: {}\"><a href=\"#{}\">{}</a></td>",
                c.status.name(),
                esc(c.field.title()),
                esc(c.status.title()),
                esc(&target),
                esc(c.status.letter())
            );
        }
        s2.push_str("</tr>\n");
    }
    s2.push_str("</tbody></table>");
    s.push_str(&wide(&s2));
    s
}

pub fn charts(records: &[Record]) -> String {
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
            let note = if derive::both_is_the_total(r) {
                format!("{}, all both (derived)", fmt_int(t))
            } else if known == t {
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
        if with_total.iter().any(|r| derive::both_is_the_total(r)) {
            s.push_str("<p class=\"note\">“All both (derived)”: the reply gives one figure and says every scan checks both \
databases, so the figure is counted as both; it gives no figure by one database alone (see the force's section).</p>\n");
        }
    }
    s.push_str("<h3>Immigration arrests as a share of immigration scans</h3>\n");
    let shares: Vec<Bar> = records
        .iter()
        .filter_map(|r| {
            let (a, n) = (r.immigration.arrests?, r.immigration.scans?);
            (n > 0 && a <= n).then(|| {
                let pct = a as f64 * 100.0 / n as f64;
                let mut note = format!("{pct:.1}%");
                if let Some(i) = interval::proportion(a, n) {
                    let _ = write!(note, " ({:.1}–{:.1})", i.low * 100.0, i.high * 100.0);
                }
                let _ = write!(note, ", {} of {}", fmt_int(a), fmt_int(n));
                let caution = a < interval::MIN_EVENTS;
                if caution {
                    note.push_str("; fewer than 10 arrests");
                }
                Bar {
                    label: r.force_name.clone(),
                    href: format!("#{}", force_anchor(&r.force)),
                    value: pct,
                    note,
                    caution,
                }
            })
        })
        .collect();
    if shares.is_empty() {
        s.push_str("<p>No force gave both immigration scans and arrests.</p>\n");
    } else {
        s.push_str(&ranked_bars(
            "chart-arrests",
            "Immigration arrests as a share of immigration scans",
            shares,
        ));
        s.push_str("<p class=\"note\">In brackets: the 95% interval (exact binomial, Clopper–Pearson). Hatched bars rest on fewer than 10 arrests.</p>\n");
    }
    s
}

/// A horizontal bar chart of `bars`, largest value first, those to read
/// with caution last, ties by label.
fn ranked_bars(id: &str, title: &str, mut bars: Vec<Bar>) -> String {
    bars.sort_by(|a, b| {
        a.caution
            .cmp(&b.caution)
            .then(b.value.total_cmp(&a.value))
            .then(a.label.cmp(&b.label))
    });
    format!("{}\n", horizontal_bars(id, title, &bars))
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
    let mut t = String::from("<table id=\"checks-table\"><thead><tr><th scope=\"col\">Force</th><th scope=\"col\">Check</th><th scope=\"col\">Field</th><th scope=\"col\">Stated</th><th scope=\"col\">Computed</th><th scope=\"col\">Verdict</th><th scope=\"col\">Detail</th></tr></thead><tbody>\n");
    for c in &d.checks {
        let check = match c.check {
            "sum" => "parts do not add up",
            "bound" => "part exceeds its whole",
            "compare" => "published figure",
            other => other,
        };
        let _ = writeln!(
            t,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td><td>{}</td></tr>",
            esc(&words::force_name(&d.records, &c.force)),
            check,
            esc(&words::field(&c.field)),
            esc(&c.stated),
            esc(&c.computed),
            c.verdict,
            esc(&c.detail)
        );
    }
    t.push_str("</tbody></table>");
    s.push_str(&wide(&t));
    s
}

pub fn about(d: &Derived) -> String {
    let p = &d.census.population;
    format!(
        "<h2 id=\"about\">Sources</h2>\n<p class=\"note\">Population: {} ({}). {}. Scotland and Northern Ireland \
are not in the 2011 England and Wales figures, and British Transport Police has no resident area, so they have no rates.</p>\n\
<p class=\"note\">Written by foi-extract. The same data: records.jsonl, the CSV files (described by datapackage.json) and foi.sqlite.</p>\n",
        esc(&p.source),
        words::count(p.areas.len() as u64, "force area", "force areas"),
        esc(&p.licence)
    )
}
