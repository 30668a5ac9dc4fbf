//! Reading figures and gap statements out of prose and numbered answers:
//! "a total of 87 searches", "1,209 scans", "eighteen arrests",
//! "we do not record ethnicity", label: number lines; numbered answers are
//! split off by [`super::answers`].

use crate::doc::Prov;
use crate::map::answers::{
    pointed_fields, question_field, request_map, split_answers, split_embedded_questions,
};
use crate::map::classify::{cites_withholding, is_duty_statement, Unit};
use crate::map::evidence::{Breakdown, Evidence, Gap, Num, FROM_ANSWER, FROM_PROSE};
use crate::map::label_value::read_label_value;
use crate::map::labels::{ethnicity_label, resolve_ethnicity, Kind};
use crate::map::rules::{ForceRules, Outcome, Signal, Target, Vocab};
use crate::map::text::{has_phrase, norm, prose_number, sentences, Reading};
use crate::record::{Database, EthnicityEntry, Field, FlagKind, ReasonEntry};
use regex::Regex;
use std::sync::LazyLock;

static NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(£\s*)?\b(\d{1,3}(?:,\d{3})+|\d+|(?:(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand)(?:[\s-]+(?:and[\s-]+)?|\b))+)(\s*%|\s*(?:st|nd|rd|th)\b|\s*(?:-|\s)?\s*(?:month|week|day|year|hour|minute|second)s?\b|\.\d)?")
        .expect("number regex")
});
static SCAN_NOUN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(scans?|searches|searched|checks|checked|times|occasions|uses|total)\b")
        .expect("scan noun")
});

/// A number in a sentence with the words around it.
pub(crate) struct Mention {
    pub(crate) value: u64,
    before: String,
    after: String,
}

pub(crate) fn mentions(sentence: &str) -> Vec<Mention> {
    if sentence.contains('?') {
        return Vec::new(); // a question (the request read back) gives no figures
    }
    let dates: Vec<(usize, usize)> = crate::map::text::month_years(sentence)
        .iter()
        .map(|m| (m.1, m.2))
        .chain(crate::map::classify::section_spans(sentence))
        .collect();
    let found: Vec<_> = NUMBER.captures_iter(sentence).collect();
    let mut out = Vec::new();
    let mut prev_end = 0;
    let mut prev_pointer = false;
    for (i, c) in found.iter().enumerate() {
        let Some(m) = c.get(2) else { continue };
        let start = m.start();
        let end = c.get(0).map_or(m.end(), |x| x.end());
        let next_start = found
            .get(i + 1)
            .and_then(|n| n.get(0))
            .map_or(sentence.len(), |n| n.start());
        let before_text = &sentence[prev_end..start];
        prev_end = end;
        if c.get(1).is_some() || c.get(3).is_some() {
            continue; // money, percentage, ordinal, duration, decimal
        }
        if dates.iter().any(|(s, e)| start >= *s && start < *e) {
            continue;
        }
        let raw = m.as_str().trim();
        // Part of a reference or a fraction ("2020-0877", "1029/20",
        // "2019/20"): not a count.
        let attached_before = sentence[..start].ends_with(['/', '-', '_'])
            && sentence[..start]
                .trim_end_matches(['/', '-', '_'])
                .ends_with(|c: char| c.is_alphanumeric());
        let attached_after = sentence[m.end()..].starts_with(['/', '-', '_'])
            && sentence[m.end() + 1..].starts_with(|c: char| c.is_ascii_digit());
        if raw.chars().all(|c| c.is_ascii_digit()) && (attached_before || attached_after) {
            prev_pointer = false;
            continue;
        }
        // A list after a pointer ("questions 3, 4 and 5", "2 to 5").
        let joiner = before_text.trim().to_lowercase();
        if prev_pointer
            && matches!(
                joiner.as_str(),
                "," | "and" | "to" | "-" | "–" | "or" | ", and" | "&"
            )
        {
            continue;
        }
        prev_pointer = false;
        // A list marker ("… or both? 3. The ethnicity …") is not a count.
        let rest = &sentence[m.end()..];
        let prev = sentence[..start].trim_end().chars().last();
        let marker_end = rest.trim_end() == "." || rest.trim_end() == ")";
        let marker_mid = (rest.starts_with(". ") || rest.starts_with(") "))
            && rest[2..].starts_with(|c: char| c.is_uppercase());
        // After a colon a figure ends its line ("Immigration arrests: 4.");
        // only a marker stands before a capital ("You asked: 3. The …").
        let after_mark = |marks: &str| prev.is_none_or(|c| marks.contains(c));
        if raw.len() <= 2
            && ((marker_end && after_mark("?.;)")) || (marker_mid && after_mark("?.:;)")))
        {
            continue;
        }
        // An item number in brackets opening the sentence: "(4) None of …".
        if raw.len() <= 2 && sentence[..start].trim() == "(" && rest.starts_with(')') {
            continue;
        }
        let Some(value) = prose_number(raw) else {
            continue;
        };
        let bl = before_text.to_lowercase();
        let last_word = bl
            .trim_end()
            .rsplit(|c: char| !c.is_alphanumeric())
            .next()
            .unwrap_or("");
        if [
            "question",
            "questions",
            "part",
            "parts",
            "paragraph",
            "annex",
            "appendix",
            "page",
            "point",
            "item",
            "no",
            "number",
            "ref",
            "reference",
        ]
        .contains(&last_word)
        {
            prev_pointer = true;
            continue; // "in question 2", "Appendix 1": a pointer, not a count
        }
        if bl.trim_end().ends_with("section")
            || bl.trim_end().ends_with("s.")
            || bl.trim_end().ends_with("q")
            || bl.trim_end().ends_with("ident")
        {
            continue;
        }
        if (1990..=2100).contains(&value) && raw.len() == 4 {
            continue;
        }
        let after = sentence[end..].to_lowercase();
        if raw.chars().all(|c| c.is_alphabetic() || c == '-')
            && value <= 1
            && (after.trim_start().starts_with("of")
                || ["no ", "any ", "the ", "which ", "this ", "that "]
                    .iter()
                    .any(|w| bl.ends_with(w)))
        {
            continue; // "one of", "no one": not a count
        }
        out.push(Mention {
            value,
            before: before_text.to_string(),
            after: sentence[end..next_start].to_string(),
        });
    }
    out
}

/// Where a number in prose belongs, from its words.
fn mention_field(m: &Mention, vocab: &Vocab) -> Option<Field> {
    let label_before = m.before.trim_end().ends_with([':', '-', '–', '=']);
    // A list after a colon ("640 searches were made: 20 against IABS only,
    // 600 against IDENT1 only …"): words naming a database right after the
    // number describe it, whatever the colon's label says ("IABS only: 40
    // IDENT1 only: 700" is label–value pairs).
    if label_before && !m.after.contains(':') {
        let clause = m.after.split([',', ';', ':', '.']).next().unwrap_or("");
        let clause = norm(clause.split(" and ").next().unwrap_or(clause));
        if let Some(db) = vocab.databases.classify(&clause) {
            return Some(Field::scans(db));
        }
    }
    // Words after a colon or semicolon label the next number ("267
    // searches in all: IABS only - 45"), not this one.
    let after = if label_before {
        m.after.as_str()
    } else {
        m.after.split([':', ';']).next().unwrap_or("")
    };
    let (first, second) = if label_before {
        (&m.before, &after.to_string())
    } else {
        (&after.to_string(), &m.before)
    };
    for (k, ctx) in [first, second].into_iter().enumerate() {
        // Only the words next to the number: "1,209 scans were carried out,
        // all checked against both databases" is a total.
        let full = norm(ctx);
        let words: Vec<&str> = full.split(' ').collect();
        let near_after = (k == 0) != label_before;
        let near = |count: usize| -> String {
            if near_after {
                words
                    .iter()
                    .take(count)
                    .copied()
                    .collect::<Vec<_>>()
                    .join(" ")
            } else {
                let skip = words.len().saturating_sub(count);
                words
                    .iter()
                    .skip(skip)
                    .copied()
                    .collect::<Vec<_>>()
                    .join(" ")
            }
        };
        let (n, wide) = (near(6), near(12));
        if n.is_empty() {
            continue;
        }
        if vocab.outcomes.classify(&wide) == Some(Outcome::ImmigrationArrest) {
            return Some(Field::ImmigrationArrests);
        }
        if let Some(db) = vocab.databases.classify(&n) {
            return Some(Field::scans(db));
        }
        if SCAN_NOUN.is_match(&n) && !has_phrase(&n, "arrest") && !has_phrase(&n, "arrests") {
            return Some(Field::ScansTotal);
        }
        if !label_before {
            break;
        }
    }
    None
}

fn put(ev: &mut Evidence, field: Field, value: u64, prov: &Prov, quality: u8) {
    let num = Num {
        reading: Reading::Count(value),
        prov: prov.clone(),
        quality,
    };
    if field == Field::ImmigrationArrests {
        ev.put_arrests(num);
    } else if let Some(db) = field.database() {
        ev.put_scan(db, num);
    }
}

/// Gap statements in a sentence: "not recorded" / cited exemptions for a
/// named field.
fn gap_statements(
    sentence: &str,
    default_field: Option<Field>,
    pointed: &[Field],
    prov: &Prov,
    vocab: &Vocab,
    ev: &mut Evidence,
) {
    let n = norm(sentence);
    let kind =
        if vocab.phrases.has(Signal::NotRecorded, &n) || vocab.phrases.has(Signal::NotHeld, &n) {
            FlagKind::NotRecorded
        } else if cites_withholding(sentence, vocab)
            || vocab.phrases.has(Signal::Cost, &n) && !is_duty_statement(sentence, vocab)
        {
            FlagKind::Withheld
        } else {
            return;
        };
    let mut fields: Vec<Field> = Vec::new();
    for f in [
        Field::Ethnicity,
        Field::Reasons,
        Field::ImmigrationArrests,
        Field::ScansIabs,
        Field::ScansIdent1,
        Field::ScansBoth,
    ] {
        if vocab.fields.has(f, &n) {
            fields.push(f);
        }
    }
    // "The breakdown by database … would exceed the limit": the parts.
    if vocab.phrases.has(Signal::DatabaseSplit, &n) && !fields.iter().any(|f| f.is_scans()) {
        fields.push(Field::Scans);
    }
    // "Questions 3, 4 and 5 are refused": the questions' fields.
    for f in pointed {
        if !fields.contains(f) && *f != Field::Bsg && *f != Field::BsgSince {
            fields.push(*f);
        }
    }
    if fields.is_empty() {
        if let Some(f) = default_field {
            fields.push(f);
        }
    }
    for f in fields {
        if !ev.gaps.iter().any(|g| g.field == f && g.kind == kind) {
            ev.gaps.push(Gap {
                field: f,
                kind,
                detail: whole_or_clause(sentence.trim(), 240),
                prov: prov.clone(),
            });
        }
    }
}

static LABEL_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*[•\-*]?\s*([A-Za-z][^:=]{1,80}?)\s*(?:[:=\-–]|\s)\s*(\d{1,3}(?:\.\d+)?\s*%|\d{1,3}(?:,\d{3})+|\d+|\*|<\s*\d+|n/?a)\s*(?:\(.*\))?\s*$").expect("label line")
});

/// "Label: number" lines read as an ethnicity or reasons breakdown.
fn label_lines(
    lines: &[(String, Prov)],
    vocab: &Vocab,
    rules: &ForceRules,
    quality: u8,
    ev: &mut Evidence,
) {
    // "…proportions only: Name not provided 31%; Other 6%": items run
    // together with semicolons, the first after an introduction.
    let pieces: Vec<(String, Prov)> = lines
        .iter()
        .flat_map(|(l, p)| {
            if l.matches(';').count() < 1 {
                return vec![(l.clone(), p.clone())];
            }
            l.split(';')
                .map(|piece| {
                    let item = match piece.rsplit_once(':') {
                        Some((_, after)) if after.chars().any(char::is_alphabetic) => after,
                        _ => piece,
                    };
                    (item.trim().trim_end_matches('.').to_string(), p.clone())
                })
                .collect()
        })
        .collect();
    let pairs: Vec<(String, Reading, Prov)> = pieces
        .iter()
        .filter_map(|(l, p)| {
            LABEL_LINE.captures(l).map(|c| {
                (
                    c[1].trim().to_string(),
                    crate::map::text::read_count(&c[2], None),
                    p.clone(),
                )
            })
        })
        .collect();
    if pairs.len() < 2 {
        return;
    }
    let labels: Vec<&str> = pairs.iter().map(|p| p.0.as_str()).collect();
    let Some((kind, matched)) = crate::map::labels::axis_kind(&labels, "", vocab, rules) else {
        return;
    };
    if matched < 2 {
        return;
    }
    let total = pairs
        .iter()
        .find(|p| crate::map::labels::is_total(&p.0))
        .map(|p| Num {
            reading: p.1.clone(),
            prov: p.2.clone(),
            quality,
        });
    let body: Vec<&(String, Reading, Prov)> = pairs
        .iter()
        .filter(|p| !crate::map::labels::is_total(&p.0))
        .collect();
    let suppressed = body.iter().any(|p| p.1.is_gap_mark());
    let percentages_only = body.iter().all(|p| matches!(p.1, Reading::Percent));
    let prov = body.first().map_or_else(Prov::default, |p| p.2.clone());
    match kind {
        Kind::Ethnicity => {
            let parsed: Vec<_> = body
                .iter()
                .map(|p| ethnicity_label(&p.0, vocab, rules))
                .collect();
            let entries = body
                .iter()
                .zip(resolve_ethnicity(&parsed))
                .map(|(p, (scheme, code))| EthnicityEntry {
                    label: p.0.clone(),
                    scheme,
                    code,
                    count: p.1.count(),
                    source: Some(p.2.clone()),
                })
                .collect();
            ev.ethnicity.push(Breakdown {
                entries,
                total,
                suppressed,
                percentages_only,
                prov,
                quality,
            });
        }
        Kind::Reason => {
            let entries = body
                .iter()
                .map(|p| ReasonEntry {
                    label: p.0.clone(),
                    reason: crate::map::labels::label_kind_key(&p.0, Kind::Reason, vocab, rules)
                        .unwrap_or_else(|| "other".into()),
                    count: p.1.count(),
                    source: Some(p.2.clone()),
                })
                .collect();
            ev.reasons.push(Breakdown {
                entries,
                total,
                suppressed,
                percentages_only,
                prov,
                quality,
            });
        }
        Kind::Database | Kind::Outcome => {
            for p in &body {
                let n = norm(&p.0);
                let num = Num {
                    reading: p.1.clone(),
                    prov: p.2.clone(),
                    quality,
                };
                if let Some(k) = vocab.databases.classify(&n) {
                    ev.put_scan(k, num);
                } else if vocab.outcomes.classify(&n) == Some(Outcome::ImmigrationArrest) {
                    ev.put_arrests(num);
                }
            }
            if let Some(t) = total {
                ev.put_scan(Database::Total, t);
            }
        }
        Kind::Period => {}
    }
}

/// Read answers and the remaining prose into `ev`.
pub fn read_prose(units: &[Unit], vocab: &Vocab, rules: &ForceRules, ev: &mut Evidence) {
    let units = &split_embedded_questions(units.to_vec());
    let (answers, rest) = split_answers(units);
    let quoted = request_map(units, vocab);
    let mut unplaced: Vec<(u64, String, Prov)> = Vec::new();
    for a in &answers {
        let field = question_field(a, &quoted, vocab, rules);
        let f = field.and_then(Target::field);
        let an = norm(&a.answer);
        let refusing = [Signal::Cost, Signal::Refusal, Signal::Ncnd, Signal::NotHeld]
            .into_iter()
            .any(|k| vocab.phrases.has(k, &an));
        if !an.is_empty() && !refusing {
            ev.answered_part = true;
        }
        if f == Some(Field::Bsg) && !an.is_empty() {
            let key = if an.starts_with("no") {
                Some(Signal::BsgNotInUse)
            } else if an.starts_with("yes") {
                Some(Signal::BsgInUse)
            } else {
                None
            };
            if let Some(key) = key {
                ev.signals.entry(key).or_insert_with(|| a.prov.clone());
            }
        }
        let lines: Vec<(String, Prov)> = a
            .answer
            .lines()
            .map(|l| (l.to_string(), a.prov.clone()))
            .collect();
        label_lines(&lines, vocab, rules, FROM_ANSWER, ev);
        for s in sentences(&a.answer) {
            if is_duty_statement(s, vocab) {
                continue;
            }
            no_arrests(s, &a.prov, vocab, ev);
            if read_label_value(s, &a.prov, FROM_ANSWER, vocab, ev) {
                continue;
            }
            let pointed = pointed_fields(s, &quoted, rules);
            gap_statements(
                s,
                f.filter(|f| *f != Field::Bsg),
                &pointed,
                &a.prov,
                vocab,
                ev,
            );
            let ms = mentions(s);
            for m in &ms {
                match mention_field(m, vocab) {
                    Some(found) => put(ev, found, m.value, &a.prov, FROM_ANSWER),
                    None if ms.len() == 1 => {
                        if let Some(f) =
                            f.filter(|f| f.is_scans() || *f == Field::ImmigrationArrests)
                        {
                            put(ev, f, m.value, &a.prov, FROM_ANSWER);
                        } else {
                            unplaced.push((m.value, m.after.clone(), a.prov.clone()));
                        }
                    }
                    None => unplaced.push((m.value, m.after.clone(), a.prov.clone())),
                }
            }
        }
        prose_breakdown(std::mem::take(&mut unplaced), vocab, rules, FROM_ANSWER, ev);
    }
    let mut lines: Vec<(String, Prov)> = Vec::new();
    for &i in &rest {
        let u = &units[i];
        if u.annex || u.boilerplate || u.quoted || u.off_topic {
            continue;
        }
        for l in u.text.lines() {
            lines.push((l.to_string(), u.prov.clone()));
        }
        for s in sentences(&u.text) {
            if is_duty_statement(s, vocab) {
                continue;
            }
            let pointed = pointed_fields(s, &quoted, rules);
            gap_statements(s, None, &pointed, &u.prov, vocab, ev);
            no_arrests(s, &u.prov, vocab, ev);
            if read_label_value(s, &u.prov, FROM_PROSE, vocab, ev) {
                continue;
            }
            for m in mentions(s) {
                match mention_field(&m, vocab) {
                    Some(found) => put(ev, found, m.value, &u.prov, FROM_PROSE),
                    None => unplaced.push((m.value, m.after.clone(), u.prov.clone())),
                }
            }
        }
        prose_breakdown(std::mem::take(&mut unplaced), vocab, rules, FROM_PROSE, ev);
    }
    label_lines(&lines, vocab, rules, FROM_PROSE, ev);
}

static FILLER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:\s*(?:were|was|are|is|as|recorded|being|of|for|people|persons|individuals|scans|searches|checks|who|identified|defined|described|self|officer|the|a|an|had|their|ethnicity|with|by|in|:|-|–)\b\W*)*")
        .expect("filler regex")
});

/// Numbers in a passage that belong to no scans field, read with the words
/// after them as "label: count" lines: "301 were recorded as IC1, 150 as
/// IC3" or "340 because the name given was doubted, 96 because no name was
/// given" become an ethnicity or reasons breakdown when two or more of them
/// name categories of one kind.
fn prose_breakdown(
    found: Vec<(u64, String, Prov)>,
    vocab: &Vocab,
    rules: &ForceRules,
    quality: u8,
    ev: &mut Evidence,
) {
    if found.len() < 2 {
        return;
    }
    let lines: Vec<(String, Prov)> = found
        .into_iter()
        .filter_map(|(value, after, prov)| {
            let label = FILLER.replace(&after, "");
            let label = label.split([',', ';', '.', '(']).next().unwrap_or("");
            let label = label.split(" and ").next().unwrap_or("").trim();
            (!label.is_empty() && label.len() <= 80).then(|| (format!("{label}: {value}"), prov))
        })
        .collect();
    label_lines(&lines, vocab, rules, quality, ev);
}

static NO_ARRESTS: LazyLock<Regex> = LazyLock::new(|| {
    // "None of the searches led to an arrest for an immigration offence"
    // names its outcome further on than "no immigration arrests".
    Regex::new(r"(?i)\b(?:(?:no|zero|nil)\b(?:\s+\w+){0,6}|none of (?:these|them|those|the \w+)\b(?:\s+\w+){0,9})")
        .expect("no arrests regex")
});

/// "No immigration arrests were made", "none of these led to an arrest for
/// an immigration offence": a count of 0 the force wrote in words.
fn no_arrests(sentence: &str, prov: &Prov, vocab: &Vocab, ev: &mut Evidence) {
    if sentence.contains('?') {
        return;
    }
    for c in NO_ARRESTS.captures_iter(sentence) {
        let phrase = norm(c.get(0).map_or("", |m| m.as_str()));
        if vocab.outcomes.classify(&phrase) == Some(Outcome::ImmigrationArrest) {
            put(ev, Field::ImmigrationArrests, 0, prov, FROM_PROSE);
            return;
        }
    }
}

/// The sentence as a flag's detail: whole when it is short enough, else cut
/// at the last clause end (`,` `;` `:` or a dash) before `max` characters,
/// never mid-word, with an ellipsis saying it was cut.
fn whole_or_clause(sentence: &str, max: usize) -> String {
    if sentence.chars().count() <= max {
        return sentence.to_string();
    }
    let head: String = sentence.chars().take(max).collect();
    let cut = head
        .rfind([',', ';', ':', '–'])
        .filter(|&i| i > max / 3)
        .or_else(|| head.rfind(' '))
        .unwrap_or(head.len());
    format!("{}…", head[..cut].trim_end())
}

#[cfg(test)]
mod detail_tests {
    use super::whole_or_clause;

    #[test]
    fn flag_details_are_not_cut_mid_sentence() {
        let short = "We do not record the ethnicity of the person searched.";
        assert_eq!(whole_or_clause(short, 240), short);
        let long = format!("{}, and {}", "a".repeat(150), "b ".repeat(100));
        let cut = whole_or_clause(&long, 240);
        assert!(cut.ends_with('…') && cut.starts_with("aaa") && !cut.contains('b'));
    }
}
