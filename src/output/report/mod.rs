//! `report.html`: one self-contained page (no scripts, no network) for
//! campaigners and analysts: the headline, the gap matrix, charts as inline
//! SVG, rates and disproportionality, checks of the figures, and per force
//! its values with provenance and the flags to chase.
//!
//! Rendering is plain `format!` into a `String`: the page is small, every
//! value goes through `esc`, and the output is byte-deterministic.

mod chase;
mod force;
mod rates;
mod sections;
pub mod svg;

use super::Derived;
use crate::files::FileRow;

/// Escape text for HTML element content and attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// A table in its own horizontally scrolling box, so a wide table scrolls
/// there instead of widening the page on a phone.
pub fn wide(table: &str) -> String {
    format!("<div class=\"wide\">{table}</div>\n")
}

/// Anchor id of a force's section.
pub fn force_anchor(force: &str) -> String {
    format!("force-{force}")
}

const STYLE: &str = "
body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:1.5rem auto;max-width:64rem;padding:0 1rem;color:#111;line-height:1.4}
h1{font-size:1.6rem}h2{border-bottom:2px solid #333;margin-top:2.2rem}h3{margin-bottom:.3rem}
.wide{overflow-x:auto;max-width:100%;margin:.6rem 0}
table{border-collapse:collapse;margin:0}caption{text-align:left;font-weight:bold;padding:.2rem 0}th,td{border:1px solid #999;padding:.2rem .45rem;text-align:left;vertical-align:top}
th{background:#eee}td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.matrix td.g{text-align:center;font-weight:bold;font-family:monospace;font-size:1.05rem}
.matrix td.g a{color:inherit;text-decoration:none;display:block}
.matrix tbody th{position:sticky;left:0;z-index:1;background:#eee;max-width:11rem}
.matrix thead th:first-child{position:sticky;left:0;z-index:2}
svg.chart{display:block;width:100%;height:auto;margin:.4rem 0}
tr.caution td,tr.caution th{color:#555;font-style:italic}
.g-present{background:#c7e9c0}.g-missing{background:#fdd0a2}.g-not_recorded{background:#fcbba1}
.g-withheld{background:#cbc9e2}.g-inconsistent{background:#fb6a4a;color:#fff}.g-ambiguous{background:#fee391}
.g-unreadable{background:#969696;color:#fff}.g-not_applicable{background:#fff;color:#777}
.legend span{display:inline-block;margin:0 .8rem .3rem 0}.legend b{display:inline-block;width:1.4rem;text-align:center;border:1px solid #999;font-family:monospace}
.chart text{font-size:12px;fill:#111}.chart .val{font-size:11px}
.note{color:#444;font-size:.9rem}.flag{margin:.15rem 0}.kind{font-family:monospace;font-weight:bold}
section.force{border-top:1px solid #bbb;margin-top:1.2rem}
@media (max-width:40rem){body{margin:.5rem auto;padding:0 .5rem}h1{font-size:1.3rem}}
@media print{body{max-width:none;margin:0}.wide{overflow:visible}.matrix{font-size:.8rem}a{color:inherit;text-decoration:none}section.force{break-inside:avoid}}
";

/// The whole page. `files` is the batch's file log (empty when the
/// outputs are written without one).
pub fn render(d: &Derived, files: &[FileRow]) -> String {
    let mut page = String::new();
    page.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    page.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    page.push_str("<title>Mobile fingerprint scanning: FOI replies and their gaps</title>\n");
    page.push_str("<style>");
    page.push_str(STYLE);
    page.push_str("</style>\n</head>\n<body>\n");
    page.push_str("<h1>Mobile fingerprint scanning: FOI replies and their gaps</h1>\n");
    let chase = chase::section(&d.records, files);
    if d.records.is_empty() {
        page.push_str(&sections::empty_run(files));
        page.push_str(&chase);
        page.push_str(&sections::about(d));
        page.push_str("</body>\n</html>\n");
        return page;
    }
    page.push_str(&sections::contents(!chase.is_empty()));
    page.push_str(&sections::headline_section(&d.records));
    page.push_str(&sections::matrix(&d.records));
    page.push_str(&sections::charts(&d.records));
    page.push_str(&rates::scan_rate_chart(d));
    page.push_str(&rates::section(d));
    page.push_str(&sections::checks(d));
    page.push_str(&chase);
    page.push_str("<h2 id=\"forces\">Forces</h2>\n");
    for r in &d.records {
        page.push_str(&force::section(r));
    }
    page.push_str(&sections::about(d));
    page.push_str("</body>\n</html>\n");
    page
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup() {
        assert_eq!(
            esc("<a href=\"x\">R&D's</a>"),
            "&lt;a href=&quot;x&quot;&gt;R&amp;D&#39;s&lt;/a&gt;"
        );
    }
}
