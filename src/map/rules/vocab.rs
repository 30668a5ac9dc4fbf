//! Vocabularies (`schemas/vocab/*.toml`): the words replies use for
//! databases, ethnicity, scan reasons, outcomes, exemptions and the phrases
//! that classify a reply. Each file is data an analyst edits; this module
//! deserialises, validates and compiles it into matchers.

use super::{line_of, Problems};
use crate::keys::Key;
use crate::map::text::{has_phrase, norm};
use regex::Regex;
use serde::Deserialize;
use toml::Spanned;

/// A phrase as written in a vocabulary or rule file: plain words matched
/// on word boundaries of the normalised text, or `re:` + a regular
/// expression matched against the normalised text.
#[derive(Debug, Clone)]
pub enum Phrase {
    Words(String),
    Regex(Regex),
}

impl Phrase {
    /// Compile one phrase; an invalid regex is an error message.
    pub fn compile(raw: &str) -> Result<Phrase, String> {
        if let Some(re) = raw.strip_prefix("re:") {
            Regex::new(re)
                .map(Phrase::Regex)
                .map_err(|e| format!("invalid regular expression {re:?}: {e}"))
        } else {
            let n = norm(raw);
            if n.is_empty() {
                Err(format!("phrase {raw:?} has no letters or digits"))
            } else {
                Ok(Phrase::Words(n))
            }
        }
    }

    /// Length of the match in `text` (normalised), if any.
    pub fn find(&self, text: &str) -> Option<usize> {
        match self {
            Phrase::Words(w) => has_phrase(text, w).then_some(w.len()),
            Phrase::Regex(r) => r.find(text).map(|m| m.len().max(1)),
        }
    }

    /// True when the phrase equals the whole (normalised) text.
    pub fn is_whole(&self, text: &str) -> bool {
        match self {
            Phrase::Words(w) => w == text,
            Phrase::Regex(r) => r.find(text).is_some_and(|m| m.len() == text.len()),
        }
    }
}

/// Compile a list of spanned phrases, reporting bad ones with their line.
pub fn compile_phrases(
    raw: &[Spanned<String>],
    file: &str,
    src: &str,
    problems: &mut Problems,
) -> Vec<Phrase> {
    raw.iter()
        .filter_map(|p| match Phrase::compile(p.get_ref()) {
            Ok(c) => Some(c),
            Err(msg) => {
                problems.push(file, line_of(src, p.span().start), msg);
                None
            }
        })
        .collect()
}

/// On-disk form of a terms file (`databases`, `reasons`, `outcomes`,
/// `phrases`, `fields`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TermsFile {
    #[serde(default)]
    pub term: Vec<TermEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TermEntry {
    pub key: Spanned<String>,
    /// Higher priority wins over a longer match (`both` over `ident1` in
    /// "Both IABS and IDENT1").
    #[serde(default)]
    pub priority: i32,
    pub phrases: Vec<Spanned<String>>,
}

/// A compiled term: a key and the phrases that name it.
#[derive(Debug, Clone)]
pub struct Term<K> {
    pub key: K,
    pub priority: i32,
    pub phrases: Vec<Phrase>,
}

/// A compiled terms vocabulary, keyed by `K`.
#[derive(Debug, Clone)]
pub struct Terms<K> {
    pub terms: Vec<Term<K>>,
}

impl<K> Default for Terms<K> {
    fn default() -> Self {
        Terms { terms: Vec::new() }
    }
}

impl<K: Key> Terms<K> {
    /// Compile a terms file with the keys `parse` accepts; any other key
    /// is reported with its line (`expected` names the keys).
    pub fn compile(
        file: &TermsFile,
        parse: impl Fn(&str) -> Option<K>,
        expected: &str,
        name: &str,
        src: &str,
        problems: &mut Problems,
    ) -> Terms<K> {
        let mut terms = Vec::new();
        for t in &file.term {
            let text = t.key.get_ref();
            let Some(key) = parse(text) else {
                problems.push(
                    name,
                    line_of(src, t.key.span().start),
                    format!("unknown key {text:?}; expected one of {expected}"),
                );
                continue;
            };
            terms.push(Term {
                key,
                priority: t.priority,
                phrases: compile_phrases(&t.phrases, name, src, problems),
            });
        }
        Terms { terms }
    }

    /// The best term for a (normalised) label: highest priority, then the
    /// longest matching phrase, then file order.
    pub fn classify(&self, label: &str) -> Option<K> {
        let mut best: Option<(i32, usize, K)> = None;
        for t in &self.terms {
            for p in &t.phrases {
                if let Some(len) = p.find(label) {
                    if best.is_none_or(|(pr, l, _)| (t.priority, len) > (pr, l)) {
                        best = Some((t.priority, len, t.key));
                    }
                }
            }
        }
        best.map(|b| b.2)
    }

    /// True when any phrase of `key` occurs in `label`.
    pub fn has(&self, key: K, label: &str) -> bool {
        self.terms
            .iter()
            .filter(|t| t.key == key)
            .any(|t| t.phrases.iter().any(|p| p.find(label).is_some()))
    }

    /// Put `extra` phrases first for `key` (force rules add synonyms).
    pub fn extend(&mut self, key: K, extra: Vec<Phrase>) {
        if extra.is_empty() {
            return;
        }
        let priority = self
            .terms
            .iter()
            .filter(|t| t.key == key)
            .map(|t| t.priority)
            .max()
            .unwrap_or(0);
        self.terms.insert(
            0,
            Term {
                key,
                priority: priority + 1,
                phrases: extra,
            },
        );
    }
}

/// On-disk form of `vocab/ethnicity.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EthnicityFile {
    pub code: Vec<EthnicityCodeEntry>,
    /// Labels meaning "not recorded / not stated / unknown".
    pub unknown: Vec<Spanned<String>>,
    /// Broad labels that name no code on their own ("White", "Asian").
    #[serde(default)]
    pub broad: Vec<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EthnicityCodeEntry {
    pub code: Spanned<String>,
    /// `officer` or `self`.
    pub scheme: Spanned<String>,
    pub label: String,
    #[serde(default)]
    pub phrases: Vec<Spanned<String>>,
}

/// Self-defined codes of the record contract.
pub const SELF_CODES: [&str; 20] = [
    "W1", "W2", "W3", "W9", "M1", "M2", "M3", "M9", "A1", "A2", "A3", "A4", "A9", "B1", "B2", "B9",
    "O1", "O2", "O9", "NS",
];
/// Officer-defined codes of the record contract.
pub const OFFICER_CODES: [&str; 7] = ["IC0", "IC1", "IC2", "IC3", "IC4", "IC5", "IC6"];

/// One compiled ethnicity code.
#[derive(Debug, Clone)]
pub struct EthnicityCode {
    pub code: String,
    pub officer: bool,
    pub label: String,
    pub phrases: Vec<Phrase>,
}

/// The compiled ethnicity vocabulary.
#[derive(Debug, Clone, Default)]
pub struct EthnicityVocab {
    pub codes: Vec<EthnicityCode>,
    pub unknown: Vec<Phrase>,
    pub broad: Vec<Phrase>,
}

impl EthnicityVocab {
    pub fn compile(
        file: &EthnicityFile,
        name: &str,
        src: &str,
        problems: &mut Problems,
    ) -> EthnicityVocab {
        let mut codes = Vec::new();
        for c in &file.code {
            let scheme = c.scheme.get_ref().as_str();
            let officer = match scheme {
                "officer" => true,
                "self" => false,
                other => {
                    problems.push(
                        name,
                        line_of(src, c.scheme.span().start),
                        format!("scheme {other:?} must be \"officer\" or \"self\""),
                    );
                    continue;
                }
            };
            let code = c.code.get_ref().to_uppercase();
            let known = if officer {
                OFFICER_CODES.contains(&code.as_str())
            } else {
                SELF_CODES.contains(&code.as_str())
            };
            if !known {
                problems.push(
                    name,
                    line_of(src, c.code.span().start),
                    format!("code {code:?} is not a {scheme}-defined code of the record"),
                );
                continue;
            }
            let mut phrases = compile_phrases(&c.phrases, name, src, problems);
            if let Ok(p) = Phrase::compile(&c.label) {
                phrases.push(p);
            }
            codes.push(EthnicityCode {
                code,
                officer,
                label: c.label.clone(),
                phrases,
            });
        }
        EthnicityVocab {
            codes,
            unknown: compile_phrases(&file.unknown, name, src, problems),
            broad: compile_phrases(&file.broad, name, src, problems),
        }
    }
}

/// On-disk form of `vocab/exemptions.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExemptionsFile {
    pub section: Vec<SectionEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectionEntry {
    /// `foia` or `foisa`.
    pub act: Spanned<String>,
    pub section: u32,
    pub name: String,
    /// False for procedural sections (s.1 duties, s.16 advice, s.17 FOIA
    /// refusal notice, s.50 complaints) that are never exemptions.
    pub withholds: bool,
}

/// One compiled section of FOIA or FOISA.
#[derive(Debug, Clone)]
pub struct Section {
    pub scotland: bool,
    pub number: u32,
    pub name: String,
    pub withholds: bool,
}

pub fn compile_sections(
    file: &ExemptionsFile,
    name: &str,
    src: &str,
    problems: &mut Problems,
) -> Vec<Section> {
    let mut out = Vec::new();
    for s in &file.section {
        let scotland = match s.act.get_ref().as_str() {
            "foia" => false,
            "foisa" => true,
            other => {
                problems.push(
                    name,
                    line_of(src, s.act.span().start),
                    format!("act {other:?} must be \"foia\" or \"foisa\""),
                );
                continue;
            }
        };
        out.push(Section {
            scotland,
            number: s.section,
            name: s.name.clone(),
            withholds: s.withholds,
        });
    }
    out
}
