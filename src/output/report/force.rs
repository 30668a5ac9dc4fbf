//! The per-force section of the report: the force's values, each with
//! where it came from (file, page or sheet, cell), its breakdowns, and the
//! flags to chase. The gap matrix links here.

use super::svg::fmt_int;
use super::{esc, force_anchor, wide};
use crate::doc::Prov;
use crate::output::derive::{self, ValueKey, ValueSource};
use crate::output::gaps::{self, GapField, GapStatus};
use crate::output::words;
use crate::record::{Field, Flag, FlagKind, Record};
use std::fmt::Write;

/// A count with thousands separators, or an em dash for null.
fn num(v: Option<u64>) -> String {
    v.map_or_else(|| "—".to_string(), fmt_int)
}

/// Where an entry came from; never an empty cell.
fn prov(p: Option<&Prov>) -> String {
    p.map_or_else(
        || "<i>no source recorded</i>".to_string(),
        |p| esc(&p.short()),
    )
}

/// A flag that says a value is absent while the values table shows one: a
/// contradiction the page points at rather than shows side by side.
fn contradicts_value(r: &Record, f: &Flag) -> bool {
    let absent = matches!(
        f.kind,
        FlagKind::Missing | FlagKind::NotRecorded | FlagKind::Withheld
    );
    absent
        && ValueKey::ALL
            .iter()
            .any(|k| k.field() == f.field && k.value(r).is_some())
}

/// One force's section.
pub fn section(r: &Record) -> String {
    let mut s = String::new();
    let _ = write!(
        s,
        "<section class=\"force\" id=\"{}\">\n<h3>{}</h3>\n<p>Reply: <b>{}</b>",
        esc(&force_anchor(&r.force)),
        esc(&r.force_name),
        esc(&words::code(r.response.status.name()))
    );
    if !r.response.exemptions.is_empty() {
        let _ = write!(
            s,
            " (exemptions {})",
            esc(&r.response.exemptions.join(", "))
        );
    }
    if let Some(reference) = &r.response.reference {
        let _ = write!(s, ", reference {}", esc(reference));
    }
    if let Some(date) = &r.response.date {
        let _ = write!(s, ", dated {}", esc(date));
    }
    let _ = write!(
        s,
        ". Devices: <b>{}</b>",
        esc(&words::code(r.bsg.status.name()))
    );
    if let Some(since) = &r.bsg.since {
        let _ = write!(s, " since {}", esc(since));
    }
    if let Some(p) = &r.period {
        let _ = write!(
            s,
            ". Figures cover {} to {}",
            esc(p.from.as_deref().unwrap_or("?")),
            esc(p.to.as_deref().unwrap_or("?"))
        );
    }
    s.push_str(".</p>\n");

    let row = gaps::row(r);
    let gap_line: Vec<String> = row
        .iter()
        .filter(|c| c.status.is_gap())
        .map(|c| {
            let said = c.field == GapField::ScansByDatabase
                && c.status == GapStatus::Missing
                && derive::both_is_the_total(r);
            let status = if said {
                "not given separately: every scan checks both databases"
            } else {
                c.status.title()
            };
            format!("{} — {status}", c.field.title())
        })
        .collect();
    if !gap_line.is_empty() {
        let _ = writeln!(s, "<p>Gaps: {}.</p>", esc(&gap_line.join("; ")));
    }

    let mut t = table_head(
        "Values and where they came from",
        &["Field", "Value", "Source"],
    );
    for key in ValueKey::ALL {
        let source = match derive::source(r, key) {
            ValueSource::Cited(p) => esc(&p.short()),
            ValueSource::Derived(how) => format!("<i>{}</i>", esc(&how)),
            ValueSource::Unsourced => "<i>no source recorded</i>".to_string(),
            ValueSource::Absent => "not given".to_string(),
        };
        let _ = writeln!(
            t,
            "<tr><th scope=\"row\">{}</th><td class=\"n\">{}</td><td>{}</td></tr>",
            esc(&words::field(key.path())),
            num(key.value(r)),
            source
        );
    }
    t.push_str("</tbody></table>");
    s.push_str(&wide(&t));

    if !r.ethnicity.is_empty() {
        let mut t = table_head("Ethnicity", &["Label", "Scheme", "Code", "Count", "Source"]);
        for e in &r.ethnicity {
            let _ = writeln!(
                t,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td><td>{}</td></tr>",
                esc(&e.label),
                words::scheme(e.scheme),
                esc(e.code.as_deref().unwrap_or("")),
                num(e.count),
                prov(e.source.as_ref())
            );
        }
        t.push_str("</tbody></table>");
        s.push_str(&wide(&t));
    }
    if !r.reasons.is_empty() {
        let mut t = table_head("Reasons", &["Label", "Reason", "Count", "Source"]);
        for e in &r.reasons {
            let _ = writeln!(
                t,
                "<tr><td>{}</td><td>{}</td><td class=\"n\">{}</td><td>{}</td></tr>",
                esc(&e.label),
                esc(&words::code(&e.reason)),
                num(e.count),
                prov(e.source.as_ref())
            );
        }
        t.push_str("</tbody></table>");
        s.push_str(&wide(&t));
    }
    if r.flags.is_empty() {
        s.push_str("<p>No flags.</p>\n");
    } else {
        s.push_str("<p><b>Flags to chase</b></p>\n<ul>\n");
        for (i, f) in r.flags.iter().enumerate() {
            let _ = write!(
                s,
                "<li class=\"flag\" id=\"{}-flag-{}\"><span class=\"kind\">{}</span> {} — {}",
                esc(&force_anchor(&r.force)),
                i + 1,
                words::flag_kind(f.kind),
                esc(&words::field(f.field.name())),
                esc(&flag_detail(r, f))
            );
            if let Some(src) = &f.source {
                let _ = write!(s, " <span class=\"note\">[{}]</span>", esc(&src.short()));
            }
            for also in &f.also {
                let _ = write!(
                    s,
                    " <span class=\"note\">[other file: {}]</span>",
                    esc(&also.short())
                );
            }
            if contradicts_value(r, f) {
                s.push_str(
                    " <b>— but a value is shown above: check the reply for which is right</b>",
                );
            }
            s.push_str("</li>\n");
        }
        s.push_str("</ul>\n");
    }
    if !r.sources.is_empty() {
        let files: Vec<String> = r.sources.iter().map(|x| esc(&x.file)).collect();
        let _ = writeln!(s, "<p class=\"note\">Files: {}</p>", files.join("; "));
    }
    s.push_str("</section>\n");
    s
}

/// A flag's detail as the page shows it. A part by database flagged as
/// missing where `both` is the total (the reply says every scan checks
/// both databases) is not something the reply is silent on: say what it
/// did say, so the flag agrees with the value shown above it.
fn flag_detail(r: &Record, f: &Flag) -> String {
    let part = matches!(f.field, Field::ScansIabs | Field::ScansIdent1);
    if part && f.kind == FlagKind::Missing && derive::both_is_the_total(r) {
        "not given separately: the reply says every scan checks both databases, so all scans are counted as both".into()
    } else {
        f.detail.clone()
    }
}

/// The opening of a table up to its body: caption, then one column
/// header per name. The caller closes it and puts it in its box.
fn table_head(caption: &str, columns: &[&str]) -> String {
    let mut s = format!("<table><caption>{caption}</caption>\n<thead><tr>");
    for c in columns {
        let _ = write!(s, "<th scope=\"col\">{c}</th>");
    }
    s.push_str("</tr></thead><tbody>\n");
    s
}
