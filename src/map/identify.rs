//! Which force a file belongs to, from the evidence available: its own
//! name and the folders above it, the email domain it came from, the
//! letterhead and signature, reference formats. A file whose force cannot
//! be told is left unassigned (and flagged `ambiguous` in the file log).

use crate::doc::{Document, Part};
use crate::map::rules::{RuleSet, Signal};
use crate::map::text::{has_phrase, norm};
use regex::Regex;
use std::collections::BTreeMap;
use std::sync::LazyLock;

/// Scores per force slug with the reasons, for the file log.
#[derive(Debug, Default, Clone, serde::Serialize, serde::Deserialize)]
pub struct Scores {
    pub by_force: BTreeMap<String, (u32, Vec<String>)>,
}

impl Scores {
    fn add(&mut self, slug: &str, points: u32, why: String) {
        let e = self.by_force.entry(slug.to_string()).or_default();
        e.0 += points;
        if e.1.len() < 4 {
            e.1.push(why);
        }
    }

    /// The winning force, when it clearly beats the next.
    pub fn best(&self) -> Option<(String, String)> {
        let mut v: Vec<(&String, &(u32, Vec<String>))> = self.by_force.iter().collect();
        v.sort_by_key(|x| std::cmp::Reverse(x.1 .0));
        let (slug, (score, why)) = v.first()?;
        let runner = v.get(1).map_or(0, |x| x.1 .0);
        (*score >= 3 && *score >= runner + 2 && *score * 2 > runner * 3)
            .then(|| ((*slug).clone(), why.join("; ")))
    }

    /// Candidate forces for the file log, best first.
    pub fn describe(&self) -> String {
        let mut v: Vec<_> = self.by_force.iter().collect();
        v.sort_by_key(|x| std::cmp::Reverse(x.1 .0));
        v.iter()
            .take(3)
            .map(|(s, (n, _))| format!("{s}={n}"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// The forces a piece of text names (longest name first; a name inside a
/// longer matched name does not count again: "West Yorkshire" is not
/// "Yorkshire").
pub fn forces_named(text_norm: &str, rules: &RuleSet) -> Vec<String> {
    let mut hits: Vec<(&str, &str)> = Vec::new();
    for f in &rules.forces {
        let extra = rules
            .by_force
            .get(&f.slug)
            .map(|r| r.names.as_slice())
            .unwrap_or(&[]);
        for name in f.names.iter().chain(extra) {
            if has_phrase(text_norm, name) {
                hits.push((name, &f.slug));
            }
        }
    }
    hits.sort_by_key(|h| std::cmp::Reverse(h.0.len()));
    let mut accepted: Vec<&str> = Vec::new();
    let mut out: Vec<String> = Vec::new();
    for (name, slug) in hits {
        if accepted.iter().any(|a| has_phrase(a, name)) {
            continue;
        }
        accepted.push(name);
        if !out.iter().any(|s| s == slug) {
            out.push(slug.to_string());
        }
    }
    out
}

static EMAIL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)@([a-z0-9.\-]+\.[a-z]{2,})").expect("email regex"));

fn domain_force(domain: &str, rules: &RuleSet) -> Option<String> {
    let d = domain.to_lowercase().replace(".pnn.", ".");
    rules
        .forces
        .iter()
        .find(|f| {
            f.domains
                .iter()
                .any(|fd| d == *fd || d.ends_with(&format!(".{fd}")))
        })
        .map(|f| f.slug.clone())
}

/// Score a path: the file name and each folder, nearer weighing more.
pub fn score_path(path: &str, rules: &RuleSet, scores: &mut Scores) {
    let parts: Vec<&str> = path.split('/').collect();
    let n = parts.len();
    for (i, part) in parts.iter().enumerate() {
        let distance = (n - 1 - i) as u32;
        let points = 6u32.saturating_sub(distance).max(3);
        let text = norm(
            part.rsplit_once('.')
                .map_or(part, |(s, ext)| if ext.len() <= 4 { s } else { part }),
        );
        for slug in forces_named(&text, rules) {
            scores.add(&slug, points, format!("name {part:?}"));
        }
        for f in &rules.forces {
            if f.references.iter().any(|r| r.is_match(part)) {
                scores.add(&f.slug, 3, format!("reference format in {part:?}"));
            }
        }
    }
}

/// What a document says of its own force, taken once when it is read so
/// that assignment never needs the whole document again.
#[derive(Debug, Default, Clone, serde::Serialize, serde::Deserialize)]
pub struct DocIdentity {
    /// Points per force from sender, letterhead, signature, text and
    /// reference formats.
    pub content: Scores,
}

/// The identity of one document.
pub fn identity_of(doc: &Document, rules: &RuleSet) -> DocIdentity {
    let mut content = Scores::default();
    score_document(doc, rules, &mut content);
    DocIdentity { content }
}

/// Score a document's content: sender domains, letterhead and signature,
/// reference formats.
pub fn score_document(doc: &Document, rules: &RuleSet, scores: &mut Scores) {
    for part in &doc.parts {
        if let Part::Message(m) = part {
            if let Some(from) = &m.from {
                for c in EMAIL.captures_iter(from) {
                    if let Some(slug) = domain_force(&c[1], rules) {
                        scores.add(&slug, 6, format!("From domain {}", &c[1]));
                    }
                }
                for slug in forces_named(&norm(from), rules) {
                    scores.add(&slug, 4, format!("From {from:?}"));
                }
            }
        }
    }
    let text = doc.plain_text();
    // Complaint boilerplate names other places (the ICO is in Wilmslow,
    // Cheshire): never evidence of the replying force.
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim().is_empty() && !rules.vocab.phrases.has(Signal::Boilerplate, &norm(l)))
        .collect();
    let head = lines.iter().take(12).copied().collect::<Vec<_>>().join(" ");
    let tail = lines
        .iter()
        .rev()
        .take(12)
        .copied()
        .collect::<Vec<_>>()
        .join(" ");
    for slug in forces_named(&norm(&head), rules) {
        scores.add(&slug, 3, "letterhead".into());
    }
    for slug in forces_named(&norm(&tail), rules) {
        scores.add(&slug, 2, "signature".into());
    }
    let mut body_counts: BTreeMap<String, u32> = BTreeMap::new();
    for l in &lines {
        for slug in forces_named(&norm(l), rules) {
            *body_counts.entry(slug).or_default() += 1;
        }
        for c in EMAIL.captures_iter(l) {
            if let Some(slug) = domain_force(&c[1], rules) {
                *body_counts.entry(slug).or_default() += 2;
            }
        }
    }
    for (slug, n) in body_counts {
        scores.add(&slug, n.min(3), format!("named {n} time(s) in text"));
    }
    for f in &rules.forces {
        let refs = f.references.iter().chain(
            rules
                .by_force
                .get(&f.slug)
                .map(|r| r.references.as_slice())
                .unwrap_or(&[]),
        );
        for r in refs {
            if r.is_match(&text) {
                scores.add(&f.slug, 3, "reference format".into());
                break;
            }
        }
    }
}
