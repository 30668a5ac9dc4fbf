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

/// The rule file being compiled: its path (for problems) and text (for
/// lines).
#[derive(Clone, Copy)]
struct In<'a> {
    rel: &'a str,
    src: &'a str,
}

impl In<'_> {
    fn line(&self, span: &std::ops::Range<usize>) -> usize {
        line_of(self.src, span.start)
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
        let f = In { rel, src };
        check_force(&file.force, f, slugs, stem, problems);
        let rules = ForceRules {
            force: file.force.get_ref().clone(),
            names: file
                .identify
                .names
                .iter()
                .map(|n| norm(n))
                .filter(|n| !n.is_empty())
                .collect(),
            references: references(&file.identify.references, f, problems),
            headers: headers(&file.headers, f, problems),
            ethnicity_labels: ethnicity_labels(&file.ethnicity_labels, f, problems),
            reason_labels: reason_labels(&file.reason_labels, f, problems),
            values: values(&file.values, f, problems),
            questions: questions(&file.questions, f, problems),
            default_questions: BTreeMap::new(),
            tables: file
                .table
                .iter()
                .filter_map(|t| table_rule(t, f, problems))
                .collect(),
            pdf_table: file.pdf_table,
        };
        // A bad table setting is an error, never a silent fall back to the
        // defaults (the finder would quietly ignore what the analyst set).
        if let Some(settings) = &rules.pdf_table {
            for e in settings.invalid() {
                problems.push(rel, pdf_table_key_line(src, e.name), e.to_string());
            }
        }
        rules
    }
}

/// The file's `force` must be a registry slug matching the file name, or
/// `default` in `default.toml`.
fn check_force(
    force: &Spanned<String>,
    f: In,
    slugs: &[String],
    stem: &str,
    problems: &mut Problems,
) {
    let line = f.line(&force.span());
    let force = force.get_ref();
    if stem == "default" {
        if force != "default" {
            problems.push(
                f.rel,
                line,
                "the default rule file must say force = \"default\"",
            );
        }
    } else if !slugs.contains(force) {
        problems.push(
            f.rel,
            line,
            format!("force {force:?} is not a slug in forces.toml"),
        );
    } else if force != stem {
        problems.push(
            f.rel,
            line,
            format!("force {force:?} does not match the file name {stem}.toml"),
        );
    }
}

fn references(list: &[Spanned<String>], f: In, problems: &mut Problems) -> Vec<Regex> {
    let mut references = Vec::new();
    for r in list {
        match Regex::new(r.get_ref()) {
            Ok(re) => references.push(re),
            Err(e) => problems.push(
                f.rel,
                f.line(&r.span()),
                format!("invalid reference pattern: {e}"),
            ),
        }
    }
    references
}

/// `[headers]`: a database, outcome, reason or field key → extra phrases.
fn headers(
    file: &BTreeMap<String, Vec<Spanned<String>>>,
    f: In,
    problems: &mut Problems,
) -> BTreeMap<String, Vec<Phrase>> {
    let mut headers = BTreeMap::new();
    for (key, list) in file {
        let known = Database::parse(key).is_some()
            || Outcome::parse(key).is_some()
            || Reason::parse(key).is_some()
            || rule_field(key).is_some();
        if !known {
            let line = list.first().map_or(0, |p| f.line(&p.span()));
            problems.push(
                f.rel,
                line,
                format!("[headers] key {key:?} is not a database, outcome, reason or field key"),
            );
            continue;
        }
        headers.insert(key.clone(), compile_phrases(list, f.rel, f.src, problems));
    }
    headers
}

fn ethnicity_labels(
    file: &BTreeMap<String, Spanned<String>>,
    f: In,
    problems: &mut Problems,
) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for (label, code) in file {
        let c = code.get_ref().to_uppercase();
        if OFFICER_CODES.contains(&c.as_str()) || SELF_CODES.contains(&c.as_str()) || c == "OTHER" {
            out.insert(norm(label), c);
        } else {
            problems.push(
                f.rel,
                f.line(&code.span()),
                format!("{c:?} is not an ethnicity code (IC0-IC6, W1..NS, or \"other\")"),
            );
        }
    }
    out
}

fn reason_labels(
    file: &BTreeMap<String, Spanned<String>>,
    f: In,
    problems: &mut Problems,
) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for (label, reason) in file {
        if Reason::parse(reason.get_ref()).is_some() {
            out.insert(norm(label), reason.get_ref().clone());
        } else {
            problems.push(
                f.rel,
                f.line(&reason.span()),
                format!(
                    "{:?} is not a reason code ({})",
                    reason.get_ref(),
                    Reason::expected()
                ),
            );
        }
    }
    out
}

/// `[values]`: cell text → what it means.
fn values(
    file: &BTreeMap<String, Spanned<String>>,
    f: In,
    problems: &mut Problems,
) -> Vec<(String, Reading)> {
    let mut values = Vec::new();
    for (text, meaning) in file {
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
            None => problems.push(
                f.rel,
                f.line(&meaning.span()),
                format!(
                    "value meaning {m:?} must be \"suppressed\", \"not_available\" or \"count:N\""
                ),
            ),
        }
    }
    values
}

/// `[questions]`: `Q<number>` → the field it asks about.
fn questions(
    file: &BTreeMap<String, Spanned<String>>,
    f: In,
    problems: &mut Problems,
) -> BTreeMap<u32, Target> {
    let mut questions = BTreeMap::new();
    for (q, field) in file {
        let num = q.trim_start_matches(['Q', 'q']).parse::<u32>();
        let text = field.get_ref();
        let line = f.line(&field.span());
        match (num, Target::parse(text)) {
            (Ok(n), Some(target)) => {
                questions.insert(n, target);
            }
            (Ok(_), None) => problems.push(
                f.rel,
                line,
                format!("field {text:?} is not one of {}", Target::expected()),
            ),
            (Err(_), _) => problems.push(f.rel, line, format!("question {q:?} must be Q<number>")),
        }
    }
    questions
}

/// One `[[table]]` rule; `None` (and a problem) when its field is unknown.
fn table_rule(t: &TableRuleFile, f: In, problems: &mut Problems) -> Option<TableRule> {
    let text = t.field.get_ref();
    let Some(field) = Target::parse(text) else {
        problems.push(
            f.rel,
            f.line(&t.field.span()),
            format!("field {text:?} is not one of {}", Target::expected()),
        );
        return None;
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
                f.rel,
                f.line(&span),
                format!("orientation {other:?} must be \"rows\" or \"columns\""),
            );
            None
        }
    };
    let phrase = |p: &Option<Spanned<String>>, problems: &mut Problems| {
        spanned_phrase(p, f.rel, f.src, problems)
    };
    Some(TableRule {
        field,
        file: phrase(&t.file, problems),
        sheet: phrase(&t.sheet, problems),
        caption: phrase(&t.caption, problems),
        categories_in_rows,
        value_header: phrase(&t.value_header, problems),
    })
}
