//! The rule set: force registry (`schemas/forces.toml`), vocabularies
//! (`schemas/vocab/*.toml`) and per-force rules (`schemas/rules/*.toml`,
//! with `default.toml` for every force without a file of its own).
//!
//! Everything an analyst may need to change for a new reply layout lives in
//! these files; a broken file is reported with its file and line, and is
//! fatal before any document is read.

mod force_rules;
pub mod keys;
mod source;
pub mod vocab;

pub use source::SchemaSource;

use crate::keys::{Database, Field, Key};
use force_rules::ForceRulesFile;
pub use force_rules::{ForceRules, TableRule};
pub use keys::{rule_field, Outcome, Reason, Signal, Target, RULE_FIELDS};
use regex::Regex;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;
use toml::Spanned;
use vocab::{
    compile_sections, EthnicityFile, EthnicityVocab, ExemptionsFile, Phrase, Section, Terms,
    TermsFile,
};

/// One problem in a rule or vocabulary file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleProblem {
    /// Path relative to the schemas folder (`rules/kent.toml`).
    pub file: String,
    /// 1-based line (0 when the problem concerns the whole file).
    pub line: usize,
    pub message: String,
}

impl std::fmt::Display for RuleProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.message)
    }
}

/// A rule set that cannot be used: the first problem found (all of them
/// are listed by `rules check`).
#[derive(Debug, Clone, thiserror::Error)]
#[error("{}:{}: {} ({} problem(s) in all; run `foi-extract rules check`)", .first.file, .first.line, .first.message, .count)]
pub struct RuleError {
    pub first: RuleProblem,
    pub count: usize,
}

/// Problems collected while loading.
#[derive(Debug, Default)]
pub struct Problems(pub Vec<RuleProblem>);

impl Problems {
    pub fn push(&mut self, file: &str, line: usize, message: impl Into<String>) {
        self.0.push(RuleProblem {
            file: file.to_string(),
            line,
            message: message.into(),
        });
    }
}

/// 1-based line of a byte offset.
pub fn line_of(src: &str, offset: usize) -> usize {
    src.as_bytes()
        .iter()
        .take(offset.min(src.len()))
        .filter(|b| **b == b'\n')
        .count()
        + 1
}

/// The force registry entry of one force.
#[derive(Debug, Clone)]
pub struct ForceInfo {
    pub slug: String,
    pub name: String,
    /// Normalised names and aliases, longest first.
    pub names: Vec<String>,
    /// Email domains (`kent.police.uk`).
    pub domains: Vec<String>,
    pub country: String,
    /// True where FOISA 2002 applies (Police Scotland).
    pub scotland: bool,
    /// Reference formats that identify the force.
    pub references: Vec<Regex>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ForcesFile {
    force: Vec<ForceEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ForceEntry {
    slug: Spanned<String>,
    name: String,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    domains: Vec<String>,
    country: Spanned<String>,
    law: Spanned<String>,
    #[serde(default)]
    references: Vec<Spanned<String>>,
}

/// All vocabularies, compiled.
#[derive(Debug, Clone, Default)]
pub struct Vocab {
    pub databases: Terms<Database>,
    pub reasons: Terms<Reason>,
    pub outcomes: Terms<Outcome>,
    pub phrases: Terms<Signal>,
    pub fields: Terms<Field>,
    pub ethnicity: EthnicityVocab,
    pub sections: Vec<Section>,
}

/// The loaded rule set.
#[derive(Debug, Clone)]
pub struct RuleSet {
    pub forces: Vec<ForceInfo>,
    pub vocab: Vocab,
    pub default: ForceRules,
    pub by_force: BTreeMap<String, ForceRules>,
}

impl RuleSet {
    /// Load and validate everything under `schemas_dir`. Any problem is
    /// fatal: the first is returned with its file and line.
    pub fn load(schemas_dir: &Path) -> Result<RuleSet, RuleError> {
        RuleSet::load_from(&SchemaSource::Dir(schemas_dir.to_path_buf()))
    }

    /// Load and validate the rule files from a folder or the built-in copy.
    pub fn load_from(source: &SchemaSource) -> Result<RuleSet, RuleError> {
        let (set, problems) = load_all(source);
        match (set, problems.0.first()) {
            (Some(set), None) => Ok(set),
            (_, Some(first)) => Err(RuleError {
                first: first.clone(),
                count: problems.0.len(),
            }),
            (None, None) => Err(RuleError {
                first: RuleProblem {
                    file: source.to_string(),
                    line: 0,
                    message: "rule set could not be loaded".into(),
                },
                count: 1,
            }),
        }
    }

    /// The registry entry of a force.
    pub fn force(&self, slug: &str) -> Option<&ForceInfo> {
        self.forces.iter().find(|f| f.slug == slug)
    }

    /// The rules for a force: its own file, or the default.
    pub fn rules_for(&self, slug: &str) -> &ForceRules {
        self.by_force.get(slug).unwrap_or(&self.default)
    }

    /// The vocabularies with a force's own header and label synonyms put
    /// first.
    pub fn vocab_for(&self, slug: &str) -> Vocab {
        let mut v = self.vocab.clone();
        let rules = self.rules_for(slug);
        for (key, phrases) in &rules.headers {
            if let Some(k) = Database::parse(key) {
                v.databases.extend(k, phrases.clone());
            } else if let Some(k) = Outcome::parse(key) {
                v.outcomes.extend(k, phrases.clone());
            } else if let Some(k) = Reason::parse(key) {
                v.reasons.extend(k, phrases.clone());
            } else if let Some(k) = rule_field(key) {
                v.fields.extend(k, phrases.clone());
            }
        }
        v
    }
}

/// Validate every rule and vocabulary file; an empty list means all good.
pub fn check(schemas_dir: &Path) -> Vec<RuleProblem> {
    check_source(&SchemaSource::Dir(schemas_dir.to_path_buf()))
}

/// Validate the rule files of a source, the built-in copy included.
pub fn check_source(source: &SchemaSource) -> Vec<RuleProblem> {
    load_all(source).1 .0
}

fn read(dir: &SchemaSource, rel: &str, problems: &mut Problems) -> Option<String> {
    match dir.read(rel) {
        Ok(s) => Some(s),
        Err(e) => {
            problems.push(rel, 0, format!("cannot read: {e}"));
            None
        }
    }
}

fn parse<T: serde::de::DeserializeOwned>(
    rel: &str,
    src: &str,
    problems: &mut Problems,
) -> Option<T> {
    match toml::from_str::<T>(src) {
        Ok(v) => Some(v),
        Err(e) => {
            let line = e.span().map_or(0, |s| line_of(src, s.start));
            problems.push(rel, line, e.message().trim().to_string());
            None
        }
    }
}

fn load_terms<K: Key>(
    dir: &SchemaSource,
    rel: &str,
    key_of: impl Fn(&str) -> Option<K>,
    expected: &str,
    problems: &mut Problems,
) -> Terms<K> {
    let Some(src) = read(dir, rel, problems) else {
        return Terms::default();
    };
    parse::<TermsFile>(rel, &src, problems)
        .map(|f| Terms::compile(&f, key_of, expected, rel, &src, problems))
        .unwrap_or_default()
}

/// [`load_terms`] for a file whose keys are every key of `K`.
fn load_keyed<K: Key>(dir: &SchemaSource, rel: &str, problems: &mut Problems) -> Terms<K> {
    load_terms(dir, rel, K::parse, &K::expected(), problems)
}

fn load_all(dir: &SchemaSource) -> (Option<RuleSet>, Problems) {
    let mut problems = Problems::default();
    let forces = load_forces(dir, &mut problems);
    let mut vocab = Vocab {
        databases: load_keyed(dir, "vocab/databases.toml", &mut problems),
        reasons: load_keyed(dir, "vocab/reasons.toml", &mut problems),
        outcomes: load_keyed(dir, "vocab/outcomes.toml", &mut problems),
        phrases: load_keyed(dir, "vocab/phrases.toml", &mut problems),
        fields: load_terms(
            dir,
            "vocab/fields.toml",
            rule_field,
            &RULE_FIELDS.map(Field::name).join(", "),
            &mut problems,
        ),
        ..Default::default()
    };
    let rel = "vocab/ethnicity.toml";
    if let Some(src) = read(dir, rel, &mut problems) {
        if let Some(f) = parse::<EthnicityFile>(rel, &src, &mut problems) {
            vocab.ethnicity = EthnicityVocab::compile(&f, rel, &src, &mut problems);
        }
    }
    let rel = "vocab/exemptions.toml";
    if let Some(src) = read(dir, rel, &mut problems) {
        if let Some(f) = parse::<ExemptionsFile>(rel, &src, &mut problems) {
            vocab.sections = compile_sections(&f, rel, &src, &mut problems);
        }
    }
    let slugs: Vec<String> = forces.iter().map(|f| f.slug.clone()).collect();
    let mut default = None;
    let mut by_force = BTreeMap::new();
    let stems = match dir.rule_stems() {
        Ok(stems) => stems,
        Err(e) => {
            problems.push("rules", 0, format!("cannot read folder: {e}"));
            Vec::new()
        }
    };
    for stem in stems {
        let rel = format!("rules/{stem}.toml");
        let Some(src) = read(dir, &rel, &mut problems) else {
            continue;
        };
        let Some(file) = parse::<ForceRulesFile>(&rel, &src, &mut problems) else {
            continue;
        };
        let rules = ForceRules::compile(file, &rel, &src, &slugs, &stem, &mut problems);
        if stem == "default" {
            default = Some(rules);
        } else {
            by_force.insert(rules.force.clone(), rules);
        }
    }
    if default.is_none() {
        problems.push("rules/default.toml", 0, "the default rule set is missing");
    }
    // The default question map is the campaign's request numbering: every
    // force falls back to it; the default itself keeps it as a fallback only.
    if let Some(d) = default.as_mut() {
        d.default_questions = std::mem::take(&mut d.questions);
        for r in by_force.values_mut() {
            r.default_questions = d.default_questions.clone();
        }
    }
    let set = default.map(|default| RuleSet {
        forces,
        vocab,
        default,
        by_force,
    });
    (set, problems)
}

fn load_forces(dir: &SchemaSource, problems: &mut Problems) -> Vec<ForceInfo> {
    let rel = "forces.toml";
    let Some(src) = read(dir, rel, problems) else {
        return Vec::new();
    };
    let Some(file) = parse::<ForcesFile>(rel, &src, problems) else {
        return Vec::new();
    };
    let mut out: Vec<ForceInfo> = Vec::new();
    for f in file.force {
        let slug = f.slug.get_ref().clone();
        let line = line_of(&src, f.slug.span().start);
        if slug.is_empty() || !slug.chars().all(|c| c.is_ascii_lowercase() || c == '-') {
            problems.push(
                rel,
                line,
                format!("slug {slug:?} must be lower-case words joined by '-'"),
            );
        }
        if out.iter().any(|o| o.slug == slug) {
            problems.push(rel, line, format!("slug {slug:?} listed twice"));
        }
        let scotland = match f.law.get_ref().as_str() {
            "foia" => false,
            "foisa" => true,
            other => {
                problems.push(
                    rel,
                    line_of(&src, f.law.span().start),
                    format!("law {other:?} must be \"foia\" or \"foisa\""),
                );
                false
            }
        };
        let country = f.country.get_ref().clone();
        if !["england", "wales", "scotland", "northern-ireland", "uk"].contains(&country.as_str()) {
            problems.push(
                rel,
                line_of(&src, f.country.span().start),
                format!(
                    "country {country:?} must be england, wales, scotland, northern-ireland or uk"
                ),
            );
        }
        let mut references = Vec::new();
        for r in &f.references {
            match Regex::new(r.get_ref()) {
                Ok(re) => references.push(re),
                Err(e) => problems.push(
                    rel,
                    line_of(&src, r.span().start),
                    format!("invalid reference pattern: {e}"),
                ),
            }
        }
        let mut names: Vec<String> = std::iter::once(f.name.as_str())
            .chain(f.aliases.iter().map(String::as_str))
            .map(crate::map::text::norm)
            .filter(|n| !n.is_empty())
            .collect();
        names.sort_by_key(|n| std::cmp::Reverse(n.len()));
        names.dedup();
        out.push(ForceInfo {
            slug,
            name: f.name,
            names,
            domains: f.domains.iter().map(|d| d.to_lowercase()).collect(),
            country,
            scotland,
            references,
        });
    }
    out
}

/// Compile phrases given as plain strings (used by tests and defaults).
pub fn phrases(raw: &[&str]) -> Vec<Phrase> {
    raw.iter().filter_map(|r| Phrase::compile(r).ok()).collect()
}
