//! Dates as replies and mail write them, read to ISO `YYYY-MM-DD`: one
//! parser for the mapping (a reply's date in its text) and the readers (a
//! WhatDoTheyKnow thread's `Date:` lines).

use regex::Regex;
use std::sync::LazyLock;

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// Month number (1..12) of an English month name or abbreviation.
pub fn month_number(word: &str) -> Option<u32> {
    let w = word.to_lowercase();
    if w.len() < 3 {
        return None;
    }
    let head = w.get(..3)?;
    let m = MONTHS.iter().position(|m| *m == head)? as u32 + 1;
    // "march" and "mar" and "sept" are fine; "mayor" is not.
    let full = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let name = full.get(m as usize - 1)?;
    (name.starts_with(&w) || (w == "sept")).then_some(m)
}

static FULL_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\.?,?\s+(\d{4})\b|\b(\d{1,2})[/.](\d{1,2})[/.](\d{4})\b|\b(\d{4})-(\d{2})-(\d{2})\b|\b(january|february|march|april|may|june|july|august|september|october|november|december)\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b",
    )
    .expect("date regex")
});

/// Every full date in `text` as `(YYYY-MM-DD, byte offset)`.
pub fn full_dates(text: &str) -> Vec<(String, usize)> {
    date_spans(text)
        .into_iter()
        .map(|(d, start, _)| (d, start))
        .collect()
}

/// The one date a whole string writes (`2 March 2020`, `March 2, 2020`,
/// `21st Sept 2021`, `02/03/2020` in UK order, `03.09.2020`, `2020-03-02`).
pub fn parse_day(text: &str) -> Option<String> {
    let t = text.trim();
    date_spans(t)
        .into_iter()
        .find(|(_, start, end)| *start == 0 && *end == t.len())
        .map(|(d, _, _)| d)
}

/// Every full date in `text` as `(YYYY-MM-DD, start, end)` byte offsets.
fn date_spans(text: &str) -> Vec<(String, usize, usize)> {
    let mut out = Vec::new();
    for c in FULL_DATE.captures_iter(text) {
        let at = c.get(0).map_or(0, |m| m.start());
        let end = c.get(0).map_or(0, |m| m.end());
        let ymd = if let (Some(d), Some(m), Some(y)) = (c.get(1), c.get(2), c.get(3)) {
            month_number(m.as_str()).and_then(|m| ymd(y.as_str(), m, d.as_str()))
        } else if let (Some(d), Some(m), Some(y)) = (c.get(4), c.get(5), c.get(6)) {
            m.as_str()
                .parse()
                .ok()
                .and_then(|m| ymd(y.as_str(), m, d.as_str()))
        } else if let (Some(y), Some(m), Some(d)) = (c.get(7), c.get(8), c.get(9)) {
            m.as_str()
                .parse()
                .ok()
                .and_then(|m| ymd(y.as_str(), m, d.as_str()))
        } else if let (Some(m), Some(d), Some(y)) = (c.get(10), c.get(11), c.get(12)) {
            month_number(m.as_str()).and_then(|m| ymd(y.as_str(), m, d.as_str()))
        } else {
            None
        };
        if let Some(v) = ymd {
            out.push((v, at, end));
        }
    }
    out
}

fn ymd(y: &str, m: u32, d: &str) -> Option<String> {
    let y: i32 = y.parse().ok()?;
    let d: u32 = d.parse().ok()?;
    ((1..=12).contains(&m) && (1..=31).contains(&d) && (1990..2100).contains(&y))
        .then(|| format!("{y:04}-{m:02}-{d:02}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_the_ways_replies_write_them() {
        for (text, want) in [
            ("September 17, 2020", "2020-09-17"),
            ("2nd October 2020", "2020-10-02"),
            ("03.09.2020", "2020-09-03"),
            ("03/09/2020", "2020-09-03"),
            ("2020-09-03", "2020-09-03"),
            ("21st Sept 2021", "2021-09-21"),
            ("11th of September 2020", "2020-09-11"),
        ] {
            assert_eq!(parse_day(text).as_deref(), Some(want), "{text}");
        }
        assert_eq!(parse_day("31 Foo 2020"), None);
        assert_eq!(parse_day("on 2 March 2020"), None);
        assert_eq!(
            full_dates("Sent 2 March 2020, received 4 March 2020"),
            [
                ("2020-03-02".to_string(), 5),
                ("2020-03-04".to_string(), 28)
            ]
        );
    }
}
