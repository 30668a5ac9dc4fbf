//! Per-force rules (`schemas/rules/<force>.toml`): what is special about
//! one force's replies: extra names and reference formats, header and label
//! synonyms, value maps, which numbered answer or which table holds which
//! field, and PDF table-finding settings.

use super::keys::{rule_field, Outcome, Reason, Target};
use super::vocab::{compile_phrases, Phrase, OFFICER_CODES, SELF_CODES};
use super::{line_of, Problems};
use crate::keys::Database;
use crate::map::text::{norm, Reading};
use crate::read::pdf::table::TableSettings;
use regex::Regex;
use serde::Deserialize;
use std::collections::BTreeMap;
use toml::Spanned;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ForceRulesFile {
    force: Spanned<String>,
    #[serde(default)]
    #[allow(dead_code)] // documentation for the analyst, not used
    description: Option<String>,
    #[serde(default)]
    identify: IdentifyFile,
    #[serde(default)]
    headers: BTreeMap<String, Vec<Spanned<String>>>,
    #[serde(default)]
    ethnicity_labels: BTreeMap<String, Spanned<String>>,
    #[serde(default)]
    reason_labels: BTreeMap<String, Spanned<String>>,
    #[serde(default)]
    values: BTreeMap<String, Spanned<String>>,
    #[serde(default)]
    questions: BTreeMap<String, Spanned<String>>,
    #[serde(default)]
    table: Vec<TableRuleFile>,
    #[serde(default)]
    pdf_table: Option<TableSettings>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct IdentifyFile {
    #[serde(default)]
    names: Vec<String>,
    #[serde(default)]
    references: Vec<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TableRuleFile {
    field: Spanned<String>,
    #[serde(default)]
    file: Option<Spanned<String>>,
    #[serde(default)]
    sheet: Option<Spanned<String>>,
    #[serde(default)]
    caption: Option<Spanned<String>>,
    #[serde(default)]
    orientation: Option<Spanned<String>>,
    #[serde(default)]
    value_header: Option<Spanned<String>>,
}

/// Where a field is: a table picked by file, sheet and caption or header
/// phrase; `field = "ignore"` drops matching tables.
#[derive(Debug, Clone)]
pub struct TableRule {
    pub field: Target,
    pub file: Option<Phrase>,
    pub sheet: Option<Phrase>,
    pub caption: Option<Phrase>,
    /// `Some(true)` when categories run down the rows, `Some(false)` when
    /// they run across the columns (transposed).
    pub categories_in_rows: Option<bool>,
    /// Header of the column (or row) holding the counts.
    pub value_header: Option<Phrase>,
}

/// The compiled rules of one force (or the default).
#[derive(Debug, Clone, Default)]
pub struct ForceRules {
    pub force: String,
    pub names: Vec<String>,
    pub references: Vec<Regex>,
    /// Key (database, outcome, reason or field key) → extra phrases.
    pub headers: BTreeMap<String, Vec<Phrase>>,
    /// Normalised label → ethnicity code.
    pub ethnicity_labels: BTreeMap<String, String>,
    /// Normalised label → reason key.
    pub reason_labels: BTreeMap<String, String>,
    /// Normalised cell text → what it means.
    pub values: Vec<(String, Reading)>,
    /// Question number → field.
    pub questions: BTreeMap<u32, Target>,
    /// The default rule set's question map, used after the question's own
    /// words and the request as quoted.
    pub default_questions: BTreeMap<u32, Target>,
    pub tables: Vec<TableRule>,
    pub pdf_table: Option<TableSettings>,
}

/// 1-based line where `key` of the `[pdf_table]` section is set: its line
/// in the section, else any `key =` line (a dotted or inline table), else
/// the section header, else 0.
fn pdf_table_key_line(src: &str, key: &str) -> usize {
    let sets_key = |l: &str| {
        let l = l.trim_start().trim_start_matches("pdf_table.");
        l.strip_prefix(key)
            .is_some_and(|rest| rest.trim_start().starts_with('='))
    };
    let lines: Vec<&str> = src.lines().collect();
    let header = lines
        .iter()
        .position(|l| l.trim_start().starts_with("[pdf_table]"));
    if let Some(h) = header {
        let in_section = lines[h + 1..]
            .iter()
            .take_while(|l| !l.trim_start().starts_with('['))
            .position(|l| sets_key(l));
        if let Some(i) = in_section {
            return h + 1 + i + 1;
        }
    }
    let anywhere = lines
        .iter()
        .position(|l| sets_key(l) || (l.contains("pdf_table") && l.contains(key)));
    anywhere.or(header).map_or(0, |i| i + 1)
}

fn spanned_phrase(
    raw: &Option<Spanned<String>>,
    rel: &str,
    src: &str,
    problems: &mut Problems,
) -> Option<Phrase> {
    let raw = raw.as_ref()?;
    match Phrase::compile(raw.get_ref()) {
        Ok(p) => Some(p),
        Err(m) => {
            problems.push(rel, line_of(src, raw.span().start), m);
            None
        }
    }
}

impl ForceRules {
    pub(super) fn compile(
        file: ForceRulesFile,
        rel: &str,
        src: &str,
        slugs: &[String],
        stem: &str,
        problems: &mut Problems,
    ) -> ForceRules {
        let force = file.force.get_ref().clone();
        let at = |s: &std::ops::Range<usize>| line_of(src, s.start);
        if stem == "default" {
            if force != "default" {
                problems.push(
                    rel,
                    at(&file.force.span()),
                    "the default rule file must say force = \"default\"",
                );
            }
        } else if !slugs.contains(&force) {
            problems.push(
                rel,
                at(&file.force.span()),
                format!("force {force:?} is not a slug in forces.toml"),
            );
        } else if force != stem {
            problems.push(
                rel,
                at(&file.force.span()),
                format!("force {force:?} does not match the file name {stem}.toml"),
            );
        }
        let mut references = Vec::new();
        for r in &file.identify.references {
            match Regex::new(r.get_ref()) {
                Ok(re) => references.push(re),
                Err(e) => problems.push(
                    rel,
                    at(&r.span()),
                    format!("invalid reference pattern: {e}"),
                ),
            }
        }
        let mut headers = BTreeMap::new();
        for (key, list) in &file.headers {
            let known = Database::parse(key).is_some()
                || Outcome::parse(key).is_some()
                || Reason::parse(key).is_some()
                || rule_field(key).is_some();
            if !known {
                let line = list.first().map_or(0, |p| at(&p.span()));
                problems.push(
                    rel,
                    line,
                    format!(
                        "[headers] key {key:?} is not a database, outcome, reason or field key"
                    ),
                );
                continue;
            }
            headers.insert(key.clone(), compile_phrases(list, rel, src, problems));
        }
        let mut ethnicity_labels = BTreeMap::new();
        for (label, code) in &file.ethnicity_labels {
            let c = code.get_ref().to_uppercase();
            if OFFICER_CODES.contains(&c.as_str())
                || SELF_CODES.contains(&c.as_str())
                || c == "OTHER"
            {
                ethnicity_labels.insert(norm(label), c);
            } else {
                problems.push(
                    rel,
                    at(&code.span()),
                    format!("{c:?} is not an ethnicity code (IC0-IC6, W1..NS, or \"other\")"),
                );
            }
        }
        let mut reason_labels = BTreeMap::new();
        for (label, reason) in &file.reason_labels {
            if Reason::parse(reason.get_ref()).is_some() {
                reason_labels.insert(norm(label), reason.get_ref().clone());
            } else {
                problems.push(
                    rel,
                    at(&reason.span()),
                    format!(
                        "{:?} is not a reason code ({})",
                        reason.get_ref(),
                        Reason::expected()
                    ),
                );
            }
        }
        let mut values = Vec::new();
        for (text, meaning) in &file.values {
            let m = meaning.get_ref().as_str();
            let reading = match m {
                "suppressed" => Some(Reading::Suppressed(text.clone())),
                "not_available" => Some(Reading::NotAvailable(text.clone())),
                _ => m
                    .strip_prefix("count:")
                    .and_then(|n| n.trim().parse().ok())
                    .map(Reading::Count),
            };
            match reading {
                Some(r) => values.push((norm(text), r)),
                None => problems.push(rel, at(&meaning.span()), format!("value meaning {m:?} must be \"suppressed\", \"not_available\" or \"count:N\"")),
            }
        }
        let mut questions = BTreeMap::new();
        for (q, field) in &file.questions {
            let num = q.trim_start_matches(['Q', 'q']).parse::<u32>();
            let f = field.get_ref();
            match (num, Target::parse(f)) {
                (Ok(n), Some(target)) => {
                    questions.insert(n, target);
                }
                (Ok(_), None) => problems.push(
                    rel,
                    at(&field.span()),
                    format!("field {f:?} is not one of {}", Target::expected()),
                ),
                (Err(_), _) => problems.push(
                    rel,
                    at(&field.span()),
                    format!("question {q:?} must be Q<number>"),
                ),
            }
        }
        let mut tables = Vec::new();
        for t in &file.table {
            let text = t.field.get_ref();
            let Some(field) = Target::parse(text) else {
                problems.push(
                    rel,
                    at(&t.field.span()),
                    format!("field {text:?} is not one of {}", Target::expected()),
                );
                continue;
            };
            let categories_in_rows = match t
                .orientation
                .as_ref()
                .map(|o| (o.get_ref().as_str(), o.span()))
            {
                None => None,
                Some(("rows", _)) => Some(true),
                Some(("columns", _)) => Some(false),
                Some((other, span)) => {
                    problems.push(
                        rel,
                        at(&span),
                        format!("orientation {other:?} must be \"rows\" or \"columns\""),
                    );
                    None
                }
            };
            tables.push(TableRule {
                field,
                file: spanned_phrase(&t.file, rel, src, problems),
                sheet: spanned_phrase(&t.sheet, rel, src, problems),
                caption: spanned_phrase(&t.caption, rel, src, problems),
                categories_in_rows,
                value_header: spanned_phrase(&t.value_header, rel, src, problems),
            });
        }
        // A bad table setting is an error, never a silent fall back to the
        // defaults (the finder would quietly ignore what the analyst set).
        if let Some(settings) = &file.pdf_table {
            for e in settings.invalid() {
                problems.push(rel, pdf_table_key_line(src, e.name), e.to_string());
            }
        }
        ForceRules {
            force,
            names: file
                .identify
                .names
                .iter()
                .map(|n| norm(n))
                .filter(|n| !n.is_empty())
                .collect(),
            references,
            headers,
            ethnicity_labels,
            reason_labels,
            values,
            questions,
            default_questions: BTreeMap::new(),
            tables,
            pdf_table: file.pdf_table,
        }
    }
}
