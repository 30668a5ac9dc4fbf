//! Hand-written inline SVG charts: vertical bars (the seed report's "FOI
//! Responses"), stacked horizontal bars (scans by database) and plain
//! horizontal bars (shares and rates). Every chart has a `<title>` and a
//! `<desc>`, fills are paired with hatching or labels so they survive
//! black-and-white printing, and all numbers are written out as text.

use super::esc;
use std::fmt::Write;

/// A series of a stacked bar chart: name, fill, and an optional pattern id.
pub struct Series {
    pub name: &'static str,
    pub fill: &'static str,
    pub pattern: Option<&'static str>,
}

/// Hatch patterns, defined in each chart (ids prefixed with the chart's) so
/// each SVG stands alone and ids stay unique in the page.
fn defs(id: &str) -> String {
    format!("<defs><pattern id=\"{id}-hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">\
<rect width=\"6\" height=\"6\" fill=\"#ddd\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#555\" stroke-width=\"2\"/></pattern>\
<pattern id=\"{id}-dots\" width=\"5\" height=\"5\" patternUnits=\"userSpaceOnUse\"><rect width=\"5\" height=\"5\" fill=\"#c6dbef\"/>\
<circle cx=\"2.5\" cy=\"2.5\" r=\"1\" fill=\"#08519c\"/></pattern></defs>")
}

fn fill_of(s: &Series, id: &str) -> String {
    match s.pattern {
        Some(p) => format!("url(#{id}-{p})"),
        None => s.fill.to_string(),
    }
}

pub fn fmt_int(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Vertical bars with their counts on top.
pub fn vertical_bars(id: &str, title: &str, bars: &[(&str, u64)]) -> String {
    let (w, h, top, bottom, left) = (680.0, 260.0, 30.0, 40.0, 20.0);
    let max = bars.iter().map(|b| b.1).max().unwrap_or(0).max(1) as f64;
    let plot_h = h - top - bottom;
    let slot = (w - left) / bars.len().max(1) as f64;
    let mut s = String::new();
    let _ = write!(
        s,
        "<svg id=\"{id}\" class=\"chart\" role=\"img\" aria-labelledby=\"{id}-t {id}-d\" viewBox=\"0 0 {w} {h}\" style=\"max-width:{w}px\" xmlns=\"http://www.w3.org/2000/svg\">\
<title id=\"{id}-t\">{}</title><desc id=\"{id}-d\">{}</desc>",
        esc(title),
        esc(&bars.iter().map(|(l, n)| format!("{l}: {n}")).collect::<Vec<_>>().join("; "))
    );
    let _ = write!(
        s,
        "<line x1=\"{left}\" y1=\"{}\" x2=\"{w}\" y2=\"{}\" stroke=\"#333\"/>",
        top + plot_h,
        top + plot_h
    );
    for (i, (label, n)) in bars.iter().enumerate() {
        let bh = plot_h * (*n as f64) / max;
        let x = left + slot * i as f64 + slot * 0.2;
        let bw = slot * 0.6;
        let y = top + plot_h - bh;
        let _ = write!(
            s,
            "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{bw:.1}\" height=\"{bh:.1}\" fill=\"#3f6e9a\"><title>{}: {n}</title></rect>\
<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" class=\"val\">{n}</text>\
<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
            esc(label),
            x + bw / 2.0,
            y - 5.0,
            x + bw / 2.0,
            top + plot_h + 18.0,
            esc(label)
        );
    }
    s.push_str("</svg>");
    s
}

/// One row of a stacked bar chart: label, link target, one value per series.
pub struct StackRow {
    pub label: String,
    pub href: String,
    pub values: Vec<u64>,
    /// Written at the end of the bar (the total, with a note).
    pub note: String,
}

/// Horizontal stacked bars, one row per force, with a legend.
///
/// With `shares`, each bar is scaled to its own total (100% wide), so small
/// forces' splits are as readable as the largest force's.
pub fn stacked_bars(
    id: &str,
    title: &str,
    series: &[Series],
    rows: &[StackRow],
    shares: bool,
) -> String {
    let (w, left, right, row_h, top) = (760.0, 170.0, 180.0, 22.0, 34.0);
    let h = top + row_h * rows.len() as f64 + 10.0;
    let max = rows
        .iter()
        .map(|r| r.values.iter().sum::<u64>())
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let scale = |r: &StackRow| {
        if shares {
            r.values.iter().sum::<u64>().max(1) as f64
        } else {
            max
        }
    };
    let plot_w = w - left - right;
    let mut s = String::new();
    let desc: Vec<String> = rows
        .iter()
        .map(|r| {
            let parts: Vec<String> = series
                .iter()
                .zip(&r.values)
                .map(|(se, v)| format!("{} {v}", se.name))
                .collect();
            format!("{}: {}", r.label, parts.join(", "))
        })
        .collect();
    let _ = write!(
        s,
        "<svg id=\"{id}\" class=\"chart\" role=\"img\" aria-labelledby=\"{id}-t {id}-d\" viewBox=\"0 0 {w} {h}\" style=\"max-width:{w}px\" xmlns=\"http://www.w3.org/2000/svg\">\
<title id=\"{id}-t\">{}</title><desc id=\"{id}-d\">{}</desc>{}",
        esc(title),
        esc(&desc.join("; ")),
        defs(id)
    );
    let mut lx = left;
    for se in series {
        let _ = write!(
            s,
            "<rect x=\"{lx:.1}\" y=\"6\" width=\"14\" height=\"14\" fill=\"{}\" stroke=\"#333\"/><text x=\"{:.1}\" y=\"18\">{}</text>",
            fill_of(se, id),
            lx + 18.0,
            esc(se.name)
        );
        lx += 30.0 + 7.5 * se.name.len() as f64;
    }
    for (i, r) in rows.iter().enumerate() {
        let y = top + row_h * i as f64;
        let _ = write!(
            s,
            "<a href=\"{}\"><text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text></a>",
            esc(&r.href),
            left - 6.0,
            y + 15.0,
            esc(&r.label)
        );
        let mut x = left;
        let full = scale(r);
        for (se, v) in series.iter().zip(&r.values) {
            if *v == 0 {
                continue;
            }
            let bw = plot_w * (*v as f64) / full;
            let _ = write!(
                s,
                "<rect x=\"{x:.1}\" y=\"{:.1}\" width=\"{bw:.1}\" height=\"{:.1}\" fill=\"{}\" stroke=\"#fff\" stroke-width=\"0.5\"><title>{} {}: {}</title></rect>",
                y + 3.0,
                row_h - 6.0,
                fill_of(se, id),
                esc(&r.label),
                esc(se.name),
                fmt_int(*v)
            );
            x += bw;
        }
        let _ = write!(
            s,
            "<text x=\"{:.1}\" y=\"{:.1}\" class=\"val\">{}</text>",
            x + 4.0,
            y + 15.0,
            esc(&r.note)
        );
    }
    s.push_str("</svg>");
    s
}

/// One bar of [`horizontal_bars`].
pub struct Bar {
    pub label: String,
    /// Link target of the label (the force's section).
    pub href: String,
    pub value: f64,
    /// Written after the bar (the value in words, its interval).
    pub note: String,
    /// Drawn hatched: a value to read with caution (the note says why).
    pub caution: bool,
}

/// Horizontal bars of one value per row (a share or a rate), labelled.
pub fn horizontal_bars(id: &str, title: &str, rows: &[Bar]) -> String {
    let (w, left, right, row_h, top) = (760.0, 170.0, 260.0, 22.0, 8.0);
    let h = top + row_h * rows.len() as f64 + 8.0;
    let max = rows.iter().map(|r| r.value).fold(0.0, f64::max).max(1e-9);
    let plot_w = w - left - right;
    let mut s = String::new();
    let desc: Vec<String> = rows
        .iter()
        .map(|r| format!("{}: {}", r.label, r.note))
        .collect();
    let _ = write!(
        s,
        "<svg id=\"{id}\" class=\"chart\" role=\"img\" aria-labelledby=\"{id}-t {id}-d\" viewBox=\"0 0 {w} {h}\" style=\"max-width:{w}px\" xmlns=\"http://www.w3.org/2000/svg\">\
<title id=\"{id}-t\">{}</title><desc id=\"{id}-d\">{}</desc>{}",
        esc(title),
        esc(&desc.join("; ")),
        defs(id)
    );
    for (i, bar) in rows.iter().enumerate() {
        let y = top + row_h * i as f64;
        let bw = plot_w * bar.value / max;
        let fill = if bar.caution {
            format!("url(#{id}-hatch)")
        } else {
            "#3f6e9a".to_string()
        };
        let _ = write!(
            s,
            "<a href=\"{}\"><text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text></a>\
<rect x=\"{left}\" y=\"{:.1}\" width=\"{bw:.1}\" height=\"{:.1}\" fill=\"{fill}\"><title>{}: {}</title></rect>\
<text x=\"{:.1}\" y=\"{:.1}\" class=\"val\">{}</text>",
            esc(&bar.href),
            left - 6.0,
            y + 15.0,
            esc(&bar.label),
            y + 3.0,
            row_h - 6.0,
            esc(&bar.label),
            esc(&bar.note),
            left + bw + 4.0,
            y + 15.0,
            esc(&bar.note)
        );
    }
    s.push_str("</svg>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_and_titles() {
        assert_eq!(fmt_int(28_056), "28,056");
        assert_eq!(fmt_int(999), "999");
        let svg = vertical_bars(
            "c",
            "FOI <Responses>",
            &[("Responded", 27), ("Declined", 11)],
        );
        assert!(svg.contains("<title id=\"c-t\">FOI &lt;Responses&gt;</title>"));
        assert!(svg.contains(">27</text>"));
    }
}
