//! Numbered questions and answers: "Q3 … A3: Not held", "3. Not held",
//! a "Question 3" heading followed by its paragraphs, question/answer
//! table rows, and the request as the reply reads it back.

use crate::doc::Prov;
use crate::map::classify::Unit;
use crate::map::rules::{ForceRules, Target, Vocab};
use crate::map::text::{has_phrase, norm};
use regex::Regex;
use std::collections::BTreeMap;
use std::sync::LazyLock;

/// A numbered question with its answer.
#[derive(Debug, Clone)]
pub struct Answer {
    pub number: Option<u32>,
    pub question: String,
    pub answer: String,
    pub prov: Prov,
}

pub(crate) static Q_START: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:q(?:uestion)?\s*\.?\s*(\d{1,2})\b\s*[:.)\-–]?|(\d{1,2})\s*[.)]\s+)")
        .expect("q regex")
});
static A_START: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^\s*(?:a(?:nswer)?\s*\.?\s*\d{0,2}\s*[:.)\-–]|response\s*[:.\-–]|reply\s*[:.])\s*",
    )
    .expect("a regex")
});
static NUMBERED_ITEM: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:^|\s)(?:Q\s*)?(\d{1,2})[.)]\s+\S").expect("numbered item"));
static EMBEDDED_Q: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\sQ\d{1,2}[.:)]\s").expect("embedded q"));
pub(crate) static INLINE_A: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\s(?:a(?:nswer)?\s*\d{0,2}\s*[:.\-–]|response\s*:)\s").expect("inline a")
});

/// Split units into numbered questions and answers. Units that belong to
/// no question are returned in `rest`.
/// Split units at embedded "Q4." markers (a PDF paragraph may run a table's
/// last row and the next answer together: "Total 1,472 Q4. No information …").
pub fn split_embedded_questions(units: Vec<Unit>) -> Vec<Unit> {
    let mut out = Vec::new();
    for u in units {
        let cuts: Vec<usize> = EMBEDDED_Q
            .find_iter(&u.text)
            .map(|m| m.start() + 1)
            .collect();
        if cuts.is_empty() || u.annex || u.boilerplate || u.off_topic {
            out.push(u);
            continue;
        }
        let mut start = 0;
        for cut in cuts.into_iter().chain(std::iter::once(u.text.len())) {
            let piece = u.text.get(start..cut).unwrap_or("").trim();
            if !piece.is_empty() {
                out.push(Unit {
                    text: piece.to_string(),
                    ..u.clone()
                });
            }
            start = cut;
        }
    }
    out
}

pub fn split_answers(units: &[Unit]) -> (Vec<Answer>, Vec<usize>) {
    let mut answers: Vec<Answer> = Vec::new();
    let mut rest = Vec::new();
    let mut open = false;
    // Numbered items right after "You asked:" (a unit ending with a colon)
    // are the request read back, not answers.
    let mut in_request = false;
    for (i, u) in units.iter().enumerate() {
        if u.annex || u.boilerplate || u.quoted || u.off_topic {
            open = false;
            rest.push(i);
            continue;
        }
        let text = u.text.trim();
        let numbered = NUMBERED_ITEM.is_match(text) && Q_START.is_match(text);
        if in_request && numbered && !INLINE_A.is_match(text) {
            open = false;
            rest.push(i);
            continue;
        }
        in_request = text.ends_with(':') && !Q_START.is_match(text);
        if let Some(c) = Q_START.captures(text) {
            let number = c.get(1).or(c.get(2)).and_then(|m| m.as_str().parse().ok());
            let body = &text[c.get(0).map_or(0, |m| m.end())..];
            let is_question = body.contains('?') || is_request_wording(body);
            // A paragraph quoting several numbered questions is the
            // request read back, not an answer.
            if is_question && NUMBERED_ITEM.find_iter(text).count() >= 2 {
                open = false;
                rest.push(i);
                continue;
            }
            let (q, a) = match INLINE_A.find(body) {
                Some(m) => (&body[..m.start()], &body[m.end()..]),
                None if is_question => (body, ""),
                // "5. 3", "Q5. 18 persons were arrested": the answer itself.
                None => ("", body),
            };
            answers.push(Answer {
                number,
                question: q.to_string(),
                answer: a.to_string(),
                prov: u.prov.clone(),
            });
            open = true;
            continue;
        }
        // A question restated without a number ("How many arrests
        // followed a search?"), its answer in the paragraphs after it.
        if text.ends_with('?')
            && text.split_whitespace().count() <= 40
            && (is_request_wording(text) || QUESTION_WORD.is_match(text))
        {
            answers.push(Answer {
                number: None,
                question: text.to_string(),
                answer: String::new(),
                prov: u.prov.clone(),
            });
            open = true;
            continue;
        }
        if open {
            if let Some(last) = answers.last_mut() {
                let body = A_START.replace(text, "");
                if !last.answer.is_empty() {
                    last.answer.push('\n');
                } else {
                    last.prov = u.prov.clone();
                }
                last.answer.push_str(&body);
                continue;
            }
        }
        rest.push(i);
    }
    (answers, rest)
}

/// A sentence opening like a question ("What was …", "Which database …").
static QUESTION_WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:how|what|which|when|where|who|why|do|does|did|is|are|was|were|has|have|can|could|will|would)\b")
        .expect("question word")
});

fn is_request_wording(s: &str) -> bool {
    let n = norm(s);
    [
        "how many",
        "please provide",
        "please confirm",
        "please state",
        "number of",
        "do you",
        "does your",
        "when did",
        "what is",
        "what are",
        "breakdown",
        "can you",
    ]
    .iter()
    .any(|w| n.starts_with(w) || has_phrase(&n, w))
}

/// The fields of the request's numbered questions as the reply quotes them
/// ("You asked: 1. Does your force use … 2. How many scans …").
pub fn request_map(units: &[Unit], vocab: &Vocab) -> BTreeMap<u32, Target> {
    let mut out = BTreeMap::new();
    for u in units
        .iter()
        .filter(|u| !u.annex && !u.boilerplate && !u.off_topic)
    {
        let starts: Vec<(usize, usize, u32)> = NUMBERED_ITEM
            .captures_iter(&u.text)
            .filter_map(|c| {
                let whole = c.get(0)?;
                let n = c.get(1)?;
                Some((whole.start(), n.end() + 1, n.as_str().parse().ok()?))
            })
            .collect();
        for (k, (_, body_start, n)) in starts.iter().enumerate() {
            let end = starts.get(k + 1).map_or(u.text.len(), |s| s.0);
            let item = u.text.get(*body_start..end).unwrap_or("");
            if !(item.contains('?') || is_request_wording(item)) {
                continue;
            }
            if let Some(f) = vocab.fields.classify(&norm(item)) {
                out.entry(*n).or_insert(Target::Field(f));
            }
        }
    }
    out
}

static QUESTION_POINTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:questions?|q)\s*\.?\s*(\d{1,2})((?:\s*(?:,|and|&|to|or|-|–)\s*(?:q\s*)?\d{1,2}\b)*)")
        .expect("question pointer regex")
});
static POINTER_NUMBER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(to|-|–)?\s*(?:q\s*)?(\d{1,2})").expect("pointer number regex"));

/// The fields of the questions a sentence points at ("questions 3, 4 and
/// 5 are refused", "in respect of question 4", "Q2 to Q5"): the force's
/// own question map, then the request as quoted, then the default map.
pub fn pointed_fields(
    sentence: &str,
    quoted: &BTreeMap<u32, Target>,
    rules: &ForceRules,
) -> Vec<crate::keys::Field> {
    let mut numbers: Vec<u32> = Vec::new();
    for c in QUESTION_POINTER.captures_iter(sentence) {
        let Some(first) = c.get(1).and_then(|m| m.as_str().parse().ok()) else {
            continue;
        };
        numbers.push(first);
        let rest = c.get(2).map_or("", |m| m.as_str());
        for p in POINTER_NUMBER.captures_iter(rest) {
            let Some(n) = p.get(2).and_then(|m| m.as_str().parse::<u32>().ok()) else {
                continue;
            };
            let from = numbers.last().copied().unwrap_or(n);
            if p.get(1).is_some() && from < n && n - from <= 12 {
                numbers.extend(from + 1..=n); // "2 to 5"
            } else {
                numbers.push(n);
            }
        }
    }
    let mut fields = Vec::new();
    for n in numbers {
        let target = rules
            .questions
            .get(&n)
            .or_else(|| quoted.get(&n))
            .or_else(|| rules.default_questions.get(&n));
        if let Some(f) = target.and_then(|t| t.field()) {
            if !fields.contains(&f) {
                fields.push(f);
            }
        }
    }
    fields
}

/// The field a question asks about: the force's own question map, then
/// the question's words, then the request as quoted, then the default map.
pub fn question_field(
    answer: &Answer,
    quoted: &BTreeMap<u32, Target>,
    vocab: &Vocab,
    rules: &ForceRules,
) -> Option<Target> {
    if let Some(f) = answer.number.and_then(|n| rules.questions.get(&n)) {
        return Some(*f);
    }
    if let Some(f) = vocab.fields.classify(&norm(&answer.question)) {
        return Some(Target::Field(f));
    }
    let n = answer.number?;
    quoted
        .get(&n)
        .or_else(|| rules.default_questions.get(&n))
        .cloned()
}
