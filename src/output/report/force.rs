//! The per-force section of the report: the force's values, each with
//! where it came from (file, page or sheet, cell), its breakdowns, and the
//! flags to chase. The gap matrix links here.

use super::svg::fmt_int;
use super::{esc, force_anchor};
use crate::doc::Prov;
use crate::output::gaps;
use crate::output::tables::scheme_name;
use crate::record::{Field, Record};
use std::fmt::Write;

/// A count with thousands separators, or an em dash for null.
fn num(v: Option<u64>) -> String {
    v.map_or_else(|| "—".to_string(), fmt_int)
}

fn prov(p: Option<&Prov>) -> String {
    p.map_or_else(String::new, |p| esc(&p.short()))
}

/// One force's section.
pub fn section(r: &Record) -> String {
    let mut s = String::new();
    let _ = write!(
        s,
        "<section class=\"force\" id=\"{}\">\n<h3>{}</h3>\n<p>Reply: <b>{}</b>",
        esc(&force_anchor(&r.force)),
        esc(&r.force_name),
        esc(r.response.status.name())
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
    let _ = write!(s, ". Devices: <b>{}</b>", esc(r.bsg.status.name()));
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
        .map(|c| format!("{} ({})", c.field.title(), c.status.title()))
        .collect();
    if !gap_line.is_empty() {
        let _ = writeln!(s, "<p>Gaps: {}.</p>", esc(&gap_line.join("; ")));
    }

    let values = [
        (Field::ScansIabs, "Scans, IABS only", r.scans.iabs),
        (Field::ScansIdent1, "Scans, IDENT1 only", r.scans.ident1),
        (Field::ScansBoth, "Scans, both databases", r.scans.both),
        (Field::ScansTotal, "Scans, total", r.scans.total),
        (
            Field::ImmigrationScans,
            "Immigration scans",
            r.immigration.scans,
        ),
        (
            Field::ImmigrationArrests,
            "Immigration arrests",
            r.immigration.arrests,
        ),
    ];
    s.push_str(&table_head(
        "Values and where they came from",
        &["Field", "Value", "Source"],
    ));
    for (key, title, v) in values {
        let _ = writeln!(
            s,
            "<tr><th scope=\"row\">{}</th><td class=\"n\">{}</td><td>{}</td></tr>",
            esc(title),
            num(v),
            prov(r.provenance.get(&key))
        );
    }
    s.push_str("</tbody></table>\n");

    if !r.ethnicity.is_empty() {
        s.push_str(&table_head(
            "Ethnicity",
            &["Label", "Scheme", "Code", "Count", "Source"],
        ));
        for e in &r.ethnicity {
            let _ = writeln!(
                s,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td><td>{}</td></tr>",
                esc(&e.label),
                scheme_name(e.scheme),
                esc(e.code.as_deref().unwrap_or("")),
                num(e.count),
                prov(e.source.as_ref())
            );
        }
        s.push_str("</tbody></table>\n");
    }
    if !r.reasons.is_empty() {
        s.push_str(&table_head(
            "Reasons",
            &["Label", "Reason", "Count", "Source"],
        ));
        for e in &r.reasons {
            let _ = writeln!(
                s,
                "<tr><td>{}</td><td>{}</td><td class=\"n\">{}</td><td>{}</td></tr>",
                esc(&e.label),
                esc(&e.reason),
                num(e.count),
                prov(e.source.as_ref())
            );
        }
        s.push_str("</tbody></table>\n");
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
                esc(f.kind.name()),
                esc(f.field.name()),
                esc(&f.detail)
            );
            if let Some(src) = &f.source {
                let _ = write!(s, " <span class=\"note\">[{}]</span>", esc(&src.short()));
            }
            for also in &f.also {
                let _ = write!(
                    s,
                    " <span class=\"note\">[also {}]</span>",
                    esc(&also.short())
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

/// The opening of a table up to its body: caption, then one column
/// header per name.
fn table_head(caption: &str, columns: &[&str]) -> String {
    let mut s = format!("<table><caption>{caption}</caption>\n<thead><tr>");
    for c in columns {
        let _ = write!(s, "<th scope=\"col\">{c}</th>");
    }
    s.push_str("</tr></thead><tbody>\n");
    s
}
