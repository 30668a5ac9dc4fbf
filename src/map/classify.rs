//! What a reply is, read from its text: classification phrases, sections
//! cited to withhold (with annex and complaint boilerplate ignored), the
//! act that applies, the reply's reference and date, BSG use and start,
//! and the period the figures cover.

use crate::doc::Prov;
use crate::map::evidence::{Evidence, Found};
use crate::map::rules::{ForceRules, Signal, Vocab};
use crate::map::text::{full_dates, month_number, month_years, norm, sentences};
use crate::record::Period;
use regex::Regex;
use std::sync::LazyLock;

/// A paragraph (or message header line) in reading order, with whether it
/// stands in an annex or in complaint-rights boilerplate.
#[derive(Debug, Clone)]
pub struct Unit {
    pub text: String,
    pub prov: Prov,
    pub annex: bool,
    pub boilerplate: bool,
    /// Part of the request as the reply quotes it back ("You asked: 1. …
    /// 2. …"): its numbers and dates are the requester's, never figures.
    pub quoted: bool,
    /// In a section of a multi-topic reply about another technology (knife
    /// arches, body-worn video, drones, facial recognition): its figures
    /// and wording are not this request's answer.
    pub off_topic: bool,
}

/// Mark annex and boilerplate units: everything after an annex heading, and
/// each paragraph that speaks of complaints or quotes the statute.
pub fn mark_units(units: &mut [Unit], vocab: &Vocab) {
    let mut in_annex = false;
    for u in units.iter_mut() {
        let n = norm(&u.text);
        if u.text.len() < 80 && vocab.phrases.has(Signal::Annex, &n) {
            in_annex = true;
        }
        u.annex = in_annex;
        u.boilerplate = vocab.phrases.has(Signal::Boilerplate, &n);
    }
    mark_quoted_request(units);
    mark_off_topic(units, vocab);
}

/// A short line naming another technology and not this one ("Part A -
/// Operator Initiated Facial Recognition") starts an off-topic section; a
/// short line naming this one ("Part B - Mobile fingerprint devices") ends
/// it. A longer paragraph about another technology alone is off topic by
/// itself. Words in `phrases.toml` (`other_topic`, `this_topic`).
fn mark_off_topic(units: &mut [Unit], vocab: &Vocab) {
    let mut section_off = false;
    for u in units.iter_mut() {
        let n = norm(&u.text);
        let other = vocab.phrases.has(Signal::OtherTopic, &n);
        let this = vocab.phrases.has(Signal::ThisTopic, &n);
        let heading = n.split(' ').count() <= 12;
        if heading && this {
            section_off = false;
        } else if heading && other {
            section_off = true;
        }
        u.off_topic = section_off || (other && !this);
    }
}

/// Words that introduce the request read back: "You asked:", "You
/// requested:", "you wished to know:" (normalised text).
static ASKED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:you (?:have )?(?:asked|requested|wished to know|wanted to know|sought|asked for|requested the following)|your request (?:read|was|stated|asked)|(?:request|requested) the following)\b")
        .expect("asked regex")
});

/// Mark the numbered items that follow an introduction of the request
/// ending with a colon as the quoted request, up to the first unit that is
/// not a numbered item.
fn mark_quoted_request(units: &mut [Unit]) {
    let mut open = false;
    for u in units.iter_mut() {
        let text = u.text.trim();
        let numbered = crate::map::answers::Q_START.is_match(text);
        if open && numbered && !crate::map::answers::INLINE_A.is_match(text) {
            u.quoted = true;
            continue;
        }
        open = text.ends_with(':') && ASKED.is_match(&norm(text));
        // "You asked: 1. … 2. …" in one paragraph.
        if !open && ASKED.is_match(&norm(text)) && text.contains('?') {
            u.quoted = true;
        }
    }
}

/// A sentence opening with the request told back: "You asked whether …",
/// "Your request asked for …".
fn tells_the_request(sentence: &str) -> bool {
    ASKED.find(&norm(sentence)).is_some_and(|m| m.start() == 0)
}

static SECTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:sections?|ss?\.|s)\s*(\d{1,2})((?:\s*\(\s*[0-9a-z]{1,4}\s*\))*)((?:\s*(?:,|and|&|or)\s*(?:(?:sections?|ss?\.|s)\s*)?\d{1,2}(?:\s*\(\s*[0-9a-z]{1,4}\s*\))*)*)")
        .expect("section regex")
});
static LIST_NUM: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(\d{1,2})(?:\s*\(\s*[0-9a-z]{1,4}\s*\))*").expect("list regex"));

/// Byte spans of section citations ("section 40(2)", "ss. 31 and 38(1)(a)"):
/// the numbers inside are never figures.
pub fn section_spans(sentence: &str) -> Vec<(usize, usize)> {
    SECTION
        .find_iter(sentence)
        .map(|m| (m.start(), m.end()))
        .collect()
}

/// Section numbers cited in a sentence (lists included: "sections 31 and 40").
pub fn sections_in(sentence: &str) -> Vec<u32> {
    let mut out = Vec::new();
    for c in SECTION.captures_iter(sentence) {
        if let Some(n) = c.get(1).and_then(|m| m.as_str().parse().ok()) {
            out.push(n);
        }
        if let Some(rest) = c.get(3) {
            for m in LIST_NUM.captures_iter(rest.as_str()) {
                if let Some(n) = m.get(1).and_then(|m| m.as_str().parse().ok()) {
                    out.push(n);
                }
            }
        }
    }
    out
}

/// A sentence of a review that tells what the earlier answer did ("our
/// response of 10 May, which withheld the figures under section 31") or
/// that it was wrong: not what this answer does, unless the review upholds
/// it.
pub fn describes_earlier_answer(sentence: &str, vocab: &Vocab) -> bool {
    let n = norm(sentence);
    vocab.phrases.has(Signal::EarlierAnswer, &n) && !vocab.phrases.has(Signal::Upheld, &n)
}

/// True when a sentence states the Act's duties rather than withholding
/// anything: it matches a `duty_statement` phrase ("unless an exemption
/// applies"), or every section it cites is procedural (s.1 access, s.16
/// advice, s.50 complaints: `withholds = false` in every act). FOIA s.17 is
/// left out: a refusal notice under s.17 does refuse, though s.17 is never an
/// exemption itself.
pub fn is_duty_statement(sentence: &str, vocab: &Vocab) -> bool {
    if vocab.phrases.has(Signal::DutyStatement, &norm(sentence)) {
        return true;
    }
    let cited = sections_in(sentence);
    !cited.is_empty()
        && cited
            .iter()
            .all(|n| *n != 17 && !withholding_section(*n, vocab))
}

/// True when section `number` withholds under either act.
fn withholding_section(number: u32, vocab: &Vocab) -> bool {
    vocab
        .sections
        .iter()
        .any(|s| s.number == number && s.withholds)
}

/// True when a sentence cites a section that withholds, with a citation
/// verb ("exempt by virtue of section 31", "we rely on s.40").
pub fn cites_withholding(sentence: &str, vocab: &Vocab) -> bool {
    vocab.phrases.has(Signal::Citation, &norm(sentence))
        && !is_duty_statement(sentence, vocab)
        && sections_in(sentence)
            .iter()
            .any(|n| withholding_section(*n, vocab))
}

/// A line that is a section heading: "Section 31(3) – Law Enforcement",
/// "s.40(5) Personal information".
static SECTION_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:[•\-–*]\s*)?(?:sections?|ss?\.|s)\s*\d{1,2}(?:\s*\(\s*[0-9a-z]{1,4}\s*\))*\s*(?:[-–—:,]|$)")
        .expect("section line")
});

/// A plan denied ("no current plans to", "does not intend to", "no
/// intention of"), on normalised text.
static NEGATED_PLAN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:no (?:\w+ ){0,2}(?:plans?|intention)|(?:does|do) not (?:currently )?(?:plan|intend))\b")
        .expect("negated plan")
});

/// Read classification signals, cited sections and the act from units.
pub fn read_signals(units: &[Unit], vocab: &Vocab, ev: &mut Evidence) {
    let mut listing = false;
    for u in units {
        let n = norm(&u.text);
        if vocab.phrases.has(Signal::Scotland, &n) {
            ev.scotland = Some(true);
        } else if ev.scotland.is_none()
            && crate::map::text::has_phrase(&n, "freedom of information act 2000")
        {
            ev.scotland = Some(false);
        }
        if u.annex || u.off_topic {
            continue;
        }
        // Duty statements ("…unless an exemption applies") say what the Act
        // requires, not what this reply does; a question (the request read
        // back: "does the force plan to introduce them?") says nothing.
        let said: Vec<&str> = sentences(&u.text)
            .into_iter()
            .filter(|s| !s.trim_end().ends_with('?') && !is_duty_statement(s, vocab))
            .collect();
        // The request told back ("You asked whether the force uses …") is
        // not the answer either.
        let stated: Vec<&str> = said
            .iter()
            .copied()
            .filter(|s| !describes_earlier_answer(s, vocab) && !tells_the_request(s))
            .collect();
        let join = |v: &[&str]| v.iter().map(|s| norm(s)).collect::<Vec<_>>().join(" ");
        // That a letter reviews an earlier answer is said in the very
        // sentences that tell what the earlier answer did.
        let (n, n_review) = (join(&stated), join(&said));
        for key in [
            Signal::NotHeld,
            Signal::Cost,
            Signal::Goodwill,
            Signal::Ncnd,
            Signal::Refusal,
            Signal::Clarification,
            Signal::Acknowledgement,
            Signal::Review,
            Signal::Disclosed,
            Signal::BsgNotInUse,
            Signal::BsgPilot,
            Signal::BsgAcquiring,
            Signal::BsgInUse,
            Signal::EveryBoth,
            Signal::SplitNotRecorded,
        ] {
            // "No current plans to introduce them" is not acquiring.
            let n = if key == Signal::BsgAcquiring {
                stated
                    .iter()
                    .map(|s| norm(s))
                    .filter(|s| !NEGATED_PLAN.is_match(s))
                    .collect::<Vec<_>>()
                    .join(" ")
            } else if key == Signal::Review {
                n_review.clone()
            } else {
                n.clone()
            };
            if !u.boilerplate && vocab.phrases.has(key, &n) {
                ev.signals.entry(key).or_insert_with(|| u.prov.clone());
            }
        }
        if u.boilerplate {
            listing = false;
            continue;
        }
        // "…by virtue of the following exemptions:" then one section a line
        // ("Section 31(3) – Law Enforcement"): each listed line is cited.
        let trimmed = u.text.trim();
        if listing && trimmed.len() <= 100 && SECTION_LINE.is_match(trimmed) {
            for num in sections_in(trimmed) {
                ev.sections.push((false, num, u.prov.clone()));
            }
            continue;
        }
        listing = trimmed.ends_with(':')
            && sentences(trimmed)
                .last()
                .is_some_and(|s| vocab.phrases.has(Signal::Citation, &norm(s)));
        for s in &stated {
            let sn = norm(s);
            if !vocab.phrases.has(Signal::Citation, &sn) || is_duty_statement(s, vocab) {
                continue;
            }
            for num in sections_in(s) {
                ev.sections.push((false, num, u.prov.clone()));
            }
        }
    }
}

static LABELLED_REF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:our\s+ref(?:erence)?|ref(?:erence)?(?:\s+(?:no|number))?|request\s+(?:no|number|reference|ref)|foi\s+(?:request\s+)?(?:no|number|ref|reference))\s*\.?\s*[:#.]?\s*((?:[A-Z]{2,5}\s)?[A-Z0-9][A-Z0-9/_.\-]*\d[A-Z0-9/_.\-]*)")
        .expect("ref regex")
});
static BARE_REF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(IM-FOI-\d{4}-\d+|(?:[A-Z]{2,4}[/-])?FOI[\s/_-]?\d{2,6}[/_-]\d{2,4}|\d{3,6}/\d{2}(?:/\d{2})?|FOI\d{3,8})\b").expect("bare ref regex")
});
static YOUR_REF: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\byour\s+ref").expect("your ref regex"));

fn clean_ref(s: &str) -> String {
    s.trim_end_matches(['.', '-', '/', ',', ')']).to_string()
}

/// The reply's reference: a labelled one first (in the text, then in the
/// rows of tables read as data: `meta`), then a known format.
pub fn read_reference(
    units: &[Unit],
    meta: &[Unit],
    file: &str,
    rules: &ForceRules,
    ev: &mut Evidence,
) {
    for u in units.iter().chain(meta).filter(|u| !u.annex) {
        for r in &rules.references {
            if let Some(m) = r.find(&u.text) {
                ev.reference = Some(Found {
                    value: clean_ref(m.as_str()),
                    prov: u.prov.clone(),
                });
                return;
            }
        }
    }
    for u in units.iter().chain(meta).filter(|u| !u.annex) {
        for c in LABELLED_REF.captures_iter(&u.text) {
            let whole = c.get(0).map_or(0, |m| m.start());
            if YOUR_REF.is_match(
                u.text
                    .get(whole.saturating_sub(5)..(whole + 8).min(u.text.len()))
                    .unwrap_or(""),
            ) {
                continue;
            }
            if let Some(m) = c.get(1) {
                let v = clean_ref(m.as_str());
                if v.chars().filter(char::is_ascii_digit).count() >= 2 && v.len() >= 3 {
                    ev.reference = Some(Found {
                        value: v,
                        prov: u.prov.clone(),
                    });
                    return;
                }
            }
        }
    }
    for u in units
        .iter()
        .filter(|u| !u.annex && !u.boilerplate && !u.off_topic)
    {
        if let Some(m) = BARE_REF.find(&u.text) {
            ev.reference = Some(Found {
                value: clean_ref(m.as_str()),
                prov: u.prov.clone(),
            });
            return;
        }
    }
    let name = file.rsplit('/').next().unwrap_or(file);
    if let Some(m) = BARE_REF.find(name) {
        if m.as_str().to_lowercase().starts_with("foi") || m.as_str().starts_with("IM") {
            ev.reference = Some(Found {
                value: clean_ref(m.as_str()),
                prov: Prov::file(file),
            });
        }
    }
}

static DATE_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:(?:response|reply|letter)\s+date|date(?:\s+of\s+(?:response|reply|letter))?|sent)\s*(?:[:.]|\s+answer\s*:)\s*")
        .expect("date label")
});
static REQUEST_DATE: LazyLock<Regex> = LazyLock::new(|| {
    // The words right before a date that make it the request's date or a
    // deadline, not the reply's.
    Regex::new(r"(?i)(?:received(?:\s+on)?|dated|of|on|by|before|until|within|from|since|between|and|to)\s*$")
        .expect("request date")
});

/// The reply's date: a `Date:` line (in the text, then in the rows of
/// tables read as data: `meta`), else the latest date not about the
/// request; a message's own date for an email.
pub fn read_date(units: &[Unit], meta: &[Unit], message_date: Option<&str>, ev: &mut Evidence) {
    for u in units.iter().chain(meta).filter(|u| !u.annex) {
        for m in DATE_LABEL.find_iter(&u.text) {
            let after = &u.text[m.end()..];
            if let Some((d, _)) = full_dates(after).into_iter().find(|(_, at)| *at <= 3) {
                ev.date = Some(Found {
                    value: d,
                    prov: u.prov.clone(),
                });
                return;
            }
        }
    }
    // An email's own Date header is the reply's date.
    if let Some(md) = message_date.filter(|d| d.len() >= 10 && d.as_bytes().get(4) == Some(&b'-')) {
        let prov = units.first().map(|u| u.prov.clone()).unwrap_or_default();
        ev.date = Some(Found {
            value: md.get(..10).unwrap_or_default().to_string(),
            prov,
        });
        return;
    }
    let mut best: Option<(String, Prov)> = None;
    for u in units
        .iter()
        .filter(|u| !u.annex && !u.boilerplate && !u.quoted)
    {
        for (d, at) in full_dates(&u.text) {
            let before = u.text.get(at.saturating_sub(40)..at).unwrap_or("");
            if REQUEST_DATE.is_match(before) {
                continue;
            }
            if best.as_ref().is_none_or(|(b, _)| d > *b) {
                best = Some((d, u.prov.clone()));
            }
        }
    }
    if best.is_none() {
        if let Some(md) = message_date {
            if md.len() >= 10 && md.as_bytes().get(4) == Some(&b'-') {
                best = Some((
                    md.get(..10).unwrap_or_default().to_string(),
                    Prov::default(),
                ));
            }
        }
    }
    if let Some((d, p)) = best {
        ev.date = Some(Found { value: d, prov: p });
    }
}

static MONTH_RANGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:\d{1,2}(?:st|nd|rd|th)?\s+)?(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s*(\d{4})?\s*(?:-|–|to|until|and|through)\s*(?:the\s+)?(?:\d{1,2}(?:st|nd|rd|th)?\s+)?(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s*(\d{4})\b")
        .expect("month range")
});
static NUMERIC_RANGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b\d{1,2}/(\d{1,2})/(\d{4})\s*(?:-|–|to|and|until)\s*\d{1,2}/(\d{1,2})/(\d{4})\b")
        .expect("numeric range")
});
static YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(20[0-3]\d)\b").expect("year regex"));

/// A month range in a sentence as (`YYYY-MM`, `YYYY-MM`).
/// The span of every month range in a sentence: "(March to October 2019,
/// then November 2019 to June 2020)" covers 2019-03 to 2020-06.
pub fn month_span(s: &str) -> Option<(String, String)> {
    let mut span: Option<(String, String)> = None;
    let mut at = 0;
    while let Some(m) = s.get(at..).and_then(|rest| MONTH_RANGE.find(rest)) {
        let piece = &s[at + m.start()..at + m.end()];
        at += m.end().max(1);
        if let Some((from, to)) = month_range(piece) {
            span = Some(match span {
                None => (from, to),
                Some((f, t)) => (f.min(from), t.max(to)),
            });
        }
    }
    span.or_else(|| month_range(s))
}

pub fn month_range(s: &str) -> Option<(String, String)> {
    if let Some(c) = MONTH_RANGE.captures(s) {
        let m1 = month_number(c.get(1)?.as_str())?;
        let m2 = month_number(c.get(3)?.as_str())?;
        let y2: i32 = c.get(4)?.as_str().parse().ok()?;
        let y1: i32 = match c.get(2) {
            Some(y) => y.as_str().parse().ok()?,
            None if m1 <= m2 => y2,
            None => y2 - 1,
        };
        return Some((format!("{y1:04}-{m1:02}"), format!("{y2:04}-{m2:02}")));
    }
    let c = NUMERIC_RANGE.captures(s)?;
    let m1: u32 = c[1].parse().ok()?;
    let m2: u32 = c[3].parse().ok()?;
    ((1..=12).contains(&m1) && (1..=12).contains(&m2))
        .then(|| (format!("{}-{m1:02}", &c[2]), format!("{}-{m2:02}", &c[4])))
}

/// BSG start and the period of the figures.
pub fn read_since_and_period(units: &[Unit], vocab: &Vocab, ev: &mut Evidence) {
    let mut period: Option<(bool, Found<Period>)> = None;
    for u in units
        .iter()
        .filter(|u| !u.annex && !u.boilerplate && !u.off_topic)
    {
        for s in sentences(&u.text) {
            let n = norm(s);
            // A question ("If so, since when?") and "the date … is not
            // recorded" give no start date.
            if ev.since.is_none()
                && !u.quoted
                && !s.contains('?')
                && !vocab.phrases.has(Signal::NotRecorded, &n)
                && !vocab.phrases.has(Signal::NotHeld, &n)
                && vocab.phrases.has(Signal::Since, &n)
            {
                let since = month_range(s)
                    .map(|r| r.0)
                    .or_else(|| month_years(s).into_iter().next().map(|m| m.0))
                    .or_else(|| YEAR.captures(s).map(|c| c[1].to_string()));
                if let Some(v) = since {
                    ev.since = Some(Found {
                        value: v,
                        prov: u.prov.clone(),
                    });
                }
            }
            if let Some((from, to)) = month_span(s) {
                // The request read back gives the period only when the
                // reply states none.
                let about_request = u.quoted
                    || s.contains('?')
                    || crate::map::text::has_phrase(&n, "you asked")
                    || crate::map::text::has_phrase(&n, "your request")
                    || crate::map::text::has_phrase(&n, "requested");
                let stated = !about_request || vocab.phrases.has(Signal::Period, &n);
                if period
                    .as_ref()
                    .is_none_or(|(was_stated, _)| stated && !was_stated)
                {
                    period = Some((
                        stated,
                        Found {
                            value: Period {
                                from: Some(from),
                                to: Some(to),
                            },
                            prov: u.prov.clone(),
                        },
                    ));
                }
            }
        }
    }
    // A statement of what the figures cover beats a period printed in a
    // table, which beats the request's period read back.
    match period {
        Some((true, p)) => ev.period = Some(p),
        Some((false, p)) if ev.period.is_none() => ev.period = Some(p),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn other_technologies_figures_in_a_multi_topic_reply_are_off_topic() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas");
        let vocab = crate::map::rules::RuleSet::load(&dir).expect("rules").vocab;
        let unit = |t: &str| Unit {
            text: t.into(),
            prov: Prov::file("r.pdf"),
            annex: false,
            boilerplate: false,
            quoted: false,
            off_topic: false,
        };
        let mut units: Vec<Unit> = [
            "Your request covered knife arches and mobile fingerprint devices.",
            "Part A - Knife arches",
            "The arches were deployed 41 times.",
            "Part B - Mobile fingerprint devices",
            "The devices were used 3,062 times.",
            "Drones were flown on 12 occasions.",
        ]
        .iter()
        .map(|t| unit(t))
        .collect();
        mark_units(&mut units, &vocab);
        let off: Vec<bool> = units.iter().map(|u| u.off_topic).collect();
        assert_eq!(off, [false, true, true, false, false, true]);
    }

    #[test]
    fn section_lists() {
        assert_eq!(
            sections_in("exempt by virtue of sections 31(1)(a) and 40(2)"),
            [31, 40]
        );
        assert_eq!(sections_in("we rely on s.12 and s 17"), [12, 17]);
        assert_eq!(sections_in("Section 38(1)(b) applies"), [38]);
    }

    #[test]
    fn ranges() {
        assert_eq!(
            month_range("between March 2019 and June 2020"),
            Some(("2019-03".into(), "2020-06".into()))
        );
        assert_eq!(
            month_range("a pilot from September to November 2019"),
            Some(("2019-09".into(), "2019-11".into()))
        );
        assert_eq!(
            month_range("1st March 2019 – 30th June 2020"),
            Some(("2019-03".into(), "2020-06".into()))
        );
        assert_eq!(
            month_range("01/03/2019 to 30/06/2020"),
            Some(("2019-03".into(), "2020-06".into()))
        );
    }
}
