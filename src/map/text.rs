//! Text helpers shared by every mapping step: normalising labels for
//! vocabulary matching, reading counts out of cells and prose (thousands
//! separators, footnote marks, numbers in words, suppression marks), and
//! reading months and dates.

pub use crate::date::{full_dates, month_number};
use regex::Regex;
use std::sync::LazyLock;

/// Lower-case, every run of non-alphanumeric characters turned into one
/// space, trimmed: `"IC1 - White (North) European"` → `"ic1 white north european"`.
/// Vocabulary phrases and labels are compared in this form.
pub fn norm(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if c.is_alphanumeric() {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.extend(c.to_lowercase());
        } else {
            space = true;
        }
    }
    out
}

/// True when `phrase` (normalised) occurs in `text` (normalised) on word
/// boundaries.
pub fn has_phrase(text: &str, phrase: &str) -> bool {
    if phrase.is_empty() {
        return false;
    }
    let mut start = 0;
    while let Some(pos) = text.get(start..).and_then(|t| t.find(phrase)) {
        let at = start + pos;
        let end = at + phrase.len();
        let before_ok = at == 0 || text.as_bytes().get(at - 1) == Some(&b' ');
        let after_ok = end == text.len() || text.as_bytes().get(end) == Some(&b' ');
        if before_ok && after_ok {
            return true;
        }
        start = at + phrase.len().max(1);
    }
    false
}

/// What a table cell or an answer says about a number.
#[derive(Debug, Clone, PartialEq)]
pub enum Reading {
    /// A count the force wrote (0 included).
    Count(u64),
    /// Suppressed: `*`, `<5`, `x`, `[redacted]`.
    Suppressed(String),
    /// Not available: `N.D.`, `n/a`, `-`, `not held`, `not recorded`.
    NotAvailable(String),
    /// A range such as `20 to 25`.
    Range(String),
    /// A percentage or a fraction: never a count.
    Percent,
    /// Text that is not a number.
    Text,
    Empty,
}

impl Reading {
    pub fn count(&self) -> Option<u64> {
        match self {
            Reading::Count(n) => Some(*n),
            _ => None,
        }
    }

    /// True for a value a force deliberately left out or could not give,
    /// as opposed to plain text.
    pub fn is_gap_mark(&self) -> bool {
        matches!(
            self,
            Reading::Suppressed(_) | Reading::NotAvailable(_) | Reading::Range(_)
        )
    }
}

static COUNT_CELL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^\(?\s*(\d{1,3}(?:[,\u{a0}\u{202f} ]\d{3})+|\d+)(?:\.0+)?\s*\)?\s*(?:[¹²³⁴⁵⁶⁷⁸⁹⁰*†‡#]+|\(\s*[a-z0-9]\s*\)|\[\s*\w{1,3}\s*\]|note\s*\d+)?\s*(?:scans?|searches|checks|people|persons|times)?\s*$",
    )
    .expect("count regex")
});
static DECORATED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(\d{1,3}(?:,\d{3})+|\d+)\s*(?:\(\s*\d+(?:\.\d+)?\s*%\s*\)|[-–,]\s*\d+(?:\.\d+)?\s*%)$|^[a-z][a-z -]*\(\s*(\d{1,3}(?:,\d{3})*|\d+)\s*\)$")
        .expect("decorated count regex")
});
static RANGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*\d[\d,]*\s*(?:-|–|to|and)\s*\d[\d,]*\s*$").expect("range regex")
});
static SUPPRESSED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:\*+|x|[<≤]\s*\d+|less than \d+|fewer than \d+|\[?redacted\]?|suppressed|withheld|exempt(?:ed)?)\s*$")
        .expect("suppressed regex")
});
static NOT_AVAILABLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:n\.?\s*d\.?|n\s*/\s*a|n\.a\.?|-+|–|—|not\s+(?:held|recorded|known|available|collated|applicable)|unknown|n\s*/\s*k|tbc|\?)\s*[¹²³⁴⁵⁶⁷⁸⁹⁰]*\d{0,2}\s*$")
        .expect("not available regex")
});

/// Read a cell's text (and typed number, when the reader gave one) as a
/// count or a gap mark. Footnote markers, thousands separators and a unit
/// word are dropped; percentages and fractions are never counts.
pub fn read_count(text: &str, number: Option<f64>) -> Reading {
    let t = text.trim().trim_end_matches('.').trim_end();
    // A count with its share beside it ("118 (6.9%)", "1,223 - 64.3%") or
    // a written number with its figure ("Twelve (12)"): the count.
    if let Some(n) = DECORATED.captures(t).and_then(|c| c.get(1).or(c.get(2))) {
        return read_count(n.as_str(), None);
    }
    // A percentage cell is short: a sentence quoting proportions ("Name
    // not provided 31%; Other 6%") is text.
    if t.contains('%') && t.chars().any(|c| c.is_ascii_digit()) && t.chars().count() <= 16 {
        return Reading::Percent;
    }
    if let Some(n) = number {
        if n >= 0.0 && n.fract() == 0.0 && n < 1e12 {
            return Reading::Count(n as u64);
        }
        if n.fract() != 0.0 {
            return Reading::Percent;
        }
    }
    if t.is_empty() {
        return Reading::Empty;
    }
    if let Some(c) = COUNT_CELL.captures(t) {
        let digits: String = c[1].chars().filter(char::is_ascii_digit).collect();
        if let Ok(n) = digits.parse() {
            return Reading::Count(n);
        }
    }
    if SUPPRESSED.is_match(t) {
        return Reading::Suppressed(t.to_string());
    }
    if NOT_AVAILABLE.is_match(t) {
        return Reading::NotAvailable(t.to_string());
    }
    if RANGE.is_match(t) {
        // "2021-04" and "2019-20" name a month and a financial year.
        if month_label(t).is_some() || crate::map::period::parse_period(t).is_some() {
            return Reading::Text;
        }
        return Reading::Range(t.to_string());
    }
    let n = norm(t);
    if n == "nil" || n == "none" || n == "zero" {
        return Reading::Count(0);
    }
    if let Some(v) = words_to_number(&n) {
        return Reading::Count(v);
    }
    if t.chars()
        .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
        && t.contains('.')
    {
        return Reading::Percent;
    }
    Reading::Text
}

const UNITS: [&str; 20] = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
];
const TENS: [&str; 10] = [
    "", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
];

/// A number written in words (`eighteen`, `forty two`, `one hundred and
/// five`, `two thousand`), normalised text only. `None` unless every word
/// is a number word.
pub fn words_to_number(n: &str) -> Option<u64> {
    let mut total: u64 = 0;
    let mut current: u64 = 0;
    let mut any = false;
    for w in n.split(' ') {
        if let Some(u) = UNITS.iter().position(|x| *x == w) {
            current += u as u64;
        } else if let Some(t) = TENS.iter().position(|x| !x.is_empty() && *x == w) {
            current += 10 * t as u64;
        } else if w == "hundred" {
            current = current.max(1) * 100;
        } else if w == "thousand" {
            total += current.max(1) * 1000;
            current = 0;
        } else if w == "and" && any {
            continue;
        } else {
            return None;
        }
        any = true;
    }
    any.then_some(total + current)
}

/// The number words regex fragment used by prose patterns.
pub const NUMBER_WORDS: &str = "(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|and|[ -])+";

/// Parse a number as found in prose: digits with separators or words.
pub fn prose_number(s: &str) -> Option<u64> {
    let t = s.trim();
    let digits: String = t.chars().filter(char::is_ascii_digit).collect();
    if !digits.is_empty()
        && t.chars()
            .all(|c| c.is_ascii_digit() || ",  \u{a0}".contains(c))
    {
        return digits.parse().ok();
    }
    words_to_number(&norm(t))
}

fn expand_year(y: &str) -> Option<i32> {
    let n: i32 = y.parse().ok()?;
    match y.len() {
        2 => Some(2000 + n),
        4 if (1990..2100).contains(&n) => Some(n),
        _ => None,
    }
}

static MONTH_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:\d{1,2}(?:st|nd|rd|th)?\s+)?([a-z]{3,9})\.?[\s\-/']*(\d{4}|\d{2})\s*$")
        .expect("month label regex")
});
static ISO_MONTH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(\d{4})[-/](\d{1,2})(?:[-/]\d{1,2})?(?:[T ].*)?\s*$").expect("iso month")
});
static NUM_MONTH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:\d{1,2}/)?(\d{1,2})/(\d{4}|\d{2})\s*$").expect("numeric month")
});

/// A table label or cell naming one month (`March 2019`, `Mar-19`,
/// `2019-03`, `01/03/2019`) as `YYYY-MM`.
pub fn month_label(s: &str) -> Option<String> {
    if let Some(c) = MONTH_LABEL.captures(s) {
        let m = month_number(&c[1])?;
        let y = expand_year(&c[2])?;
        return Some(format!("{y:04}-{m:02}"));
    }
    if let Some(c) = ISO_MONTH.captures(s) {
        let y = expand_year(&c[1])?;
        let m: u32 = c[2].parse().ok()?;
        return (1..=12).contains(&m).then(|| format!("{y:04}-{m:02}"));
    }
    if let Some(c) = NUM_MONTH.captures(s) {
        let m: u32 = c[1].parse().ok()?;
        let y = expand_year(&c[2])?;
        return (1..=12).contains(&m).then(|| format!("{y:04}-{m:02}"));
    }
    None
}

static MONTH_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:\d{1,2}(?:st|nd|rd|th)?\s+)?(january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\.?,?\s+(\d{4})\b")
        .expect("month year regex")
});

/// Every `Month YYYY` (with or without a day) in `text` as `(YYYY-MM, start, end)`.
pub fn month_years(text: &str) -> Vec<(String, usize, usize)> {
    MONTH_YEAR
        .captures_iter(text)
        .filter_map(|c| {
            let whole = c.get(0)?;
            let m = month_number(c.get(1)?.as_str())?;
            let y = expand_year(c.get(2)?.as_str())?;
            Some((format!("{y:04}-{m:02}"), whole.start(), whole.end()))
        })
        .collect()
}

/// Split text into sentences (on `.`, `?`, `!` or `;` followed by a space
/// and a capital or digit, and on line breaks), keeping abbreviations such
/// as `s.31` and `N.D.` together.
pub fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let end_here = b == b'\n'
            || ((b == b'.' || b == b'?' || b == b'!' || b == b';')
                && bytes.get(i + 1) == Some(&b' ')
                && bytes
                    .get(i + 2)
                    .is_some_and(|c| c.is_ascii_uppercase() || *c == b'(')
                && !abbreviation_before(&text[start..i]));
        if end_here {
            let s = text[start..=i].trim();
            if !s.is_empty() {
                out.push(s);
            }
            start = i + 1;
        }
        i += 1;
    }
    let s = text[start..].trim();
    if !s.is_empty() {
        out.push(s);
    }
    out
}

fn abbreviation_before(s: &str) -> bool {
    let last = s.rsplit(|c: char| c.is_whitespace()).next().unwrap_or("");
    let l = last.to_lowercase();
    matches!(
        l.as_str(),
        "s" | "ss"
            | "no"
            | "sec"
            | "para"
            | "e.g"
            | "i.e"
            | "ref"
            | "n.d"
            | "mr"
            | "mrs"
            | "ms"
            | "dr"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_labels() {
        assert_eq!(
            norm("IC1 - White (North) European"),
            "ic1 white north european"
        );
        assert_eq!(norm("  PNC/IDENT1 "), "pnc ident1");
        assert!(has_phrase("immigration iabs only", "iabs"));
        assert!(!has_phrase("iabsx", "iabs"));
    }

    #[test]
    fn reads_counts_and_marks() {
        assert_eq!(read_count("1,209", None), Reading::Count(1209));
        assert_eq!(read_count("605¹", None), Reading::Count(605));
        assert_eq!(read_count("27*", None), Reading::Count(27));
        assert_eq!(read_count("113 (a)", None), Reading::Count(113));
        assert_eq!(read_count("", Some(42.0)), Reading::Count(42));
        assert_eq!(read_count("17%", None), Reading::Percent);
        assert_eq!(read_count("0.17", Some(0.17)), Reading::Percent);
        assert!(matches!(read_count("*", None), Reading::Suppressed(_)));
        assert!(matches!(read_count("<5", None), Reading::Suppressed(_)));
        assert!(matches!(read_count("N.D.", None), Reading::NotAvailable(_)));
        assert!(matches!(
            read_count("N.D.27", None),
            Reading::NotAvailable(_)
        ));
        assert!(matches!(read_count("n/a", None), Reading::NotAvailable(_)));
        assert!(matches!(read_count("-", None), Reading::NotAvailable(_)));
        assert!(matches!(read_count("20 to 25", None), Reading::Range(_)));
        assert_eq!(read_count("Nil", None), Reading::Count(0));
        assert_eq!(read_count("eighteen", None), Reading::Count(18));
        assert_eq!(read_count("White", None), Reading::Text);
    }

    #[test]
    fn number_words() {
        assert_eq!(words_to_number("eighteen"), Some(18));
        assert_eq!(words_to_number("forty two"), Some(42));
        assert_eq!(words_to_number("one hundred and five"), Some(105));
        assert_eq!(words_to_number("two thousand three hundred"), Some(2300));
        assert_eq!(words_to_number("several"), None);
        assert_eq!(prose_number("1,209"), Some(1209));
        assert_eq!(prose_number("eighty-seven"), Some(87));
    }

    #[test]
    fn months_and_dates() {
        assert_eq!(month_label("March 2019").as_deref(), Some("2019-03"));
        assert_eq!(month_label("Mar-19").as_deref(), Some("2019-03"));
        assert_eq!(month_label("2019-03-01").as_deref(), Some("2019-03"));
        assert_eq!(month_label("01/03/2019").as_deref(), Some("2019-03"));
        assert_eq!(month_label("Sept 2019").as_deref(), Some("2019-09"));
        assert_eq!(month_label("Total"), None);
    }

    #[test]
    fn decorated_counts_read_as_their_count() {
        assert_eq!(read_count("118 (6.9%)", None), Reading::Count(118));
        assert_eq!(read_count("1,223 (64.3%)", None), Reading::Count(1223));
        assert_eq!(read_count("Twelve (12)", None), Reading::Count(12));
        assert_eq!(read_count("1,391.", None), Reading::Count(1391));
        assert_eq!(read_count("none.", None), Reading::Count(0));
        assert_eq!(read_count("Nil", None), Reading::Count(0));
        assert_eq!(read_count("6.9%", None), Reading::Percent);
        assert!(matches!(read_count("<5", None), Reading::Suppressed(_)));
        assert!(matches!(read_count("20 to 25", None), Reading::Range(_)));
        let d =
            full_dates("Date: 14 August 2020. Received 2nd July 2020; 03/09/2020; August 5, 2020");
        let only: Vec<_> = d.iter().map(|x| x.0.as_str()).collect();
        assert_eq!(
            only,
            ["2020-08-14", "2020-07-02", "2020-09-03", "2020-08-05"]
        );
        let m = month_years("between March 2019 and 30th June 2020");
        assert_eq!(m[0].0, "2019-03");
        assert_eq!(m[1].0, "2020-06");
    }

    #[test]
    fn splits_sentences() {
        let s =
            sentences("We rely on s. 31 here. The figures are N.D. for May. Next line\nAnother.");
        assert_eq!(
            s,
            [
                "We rely on s. 31 here.",
                "The figures are N.D. for May.",
                "Next line",
                "Another."
            ]
        );
    }
}
