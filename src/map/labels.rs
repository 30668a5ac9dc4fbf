//! Classifying a table label or an answer's subject against the
//! vocabularies: database split, ethnicity code, scan reason, outcome,
//! month, total.

use crate::map::rules::{ForceRules, Vocab};
use crate::map::text::norm;
use crate::record::EthnicityScheme;
use crate::record::{Database, Field};
use regex::Regex;
use std::sync::LazyLock;

/// What kind of category a table axis lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    /// Months, years, financial years, quarters.
    Period,
    Ethnicity,
    Reason,
    Database,
    Outcome,
}

/// True for a total line or column (`Total`, `Grand total`, `All`).
/// A row or column that annotates the table rather than counting a
/// category: a bare footnote marker ("*", "†", "¹") or "Note(s)".
pub fn is_note(label: &str) -> bool {
    let t = label.trim();
    let n = norm(t);
    (!t.is_empty() && t.chars().all(|c| "*†‡§¹²³⁴⁵#".contains(c)))
        || matches!(n.as_str(), "note" | "notes" | "footnote" | "footnotes")
}

pub fn is_total(label: &str) -> bool {
    let n = norm(label);
    n.starts_with("total")
        || n.ends_with(" total")
        || n.ends_with(" totals")
        || matches!(
            n.as_str(),
            "all" | "overall" | "sum" | "grand total" | "all scans" | "all searches"
        )
}

/// True for a percentage series (`%`, `Percent`, `Proportion`, `Rate`).
/// A share in brackets after what is counted ("Searches (% of all)",
/// "Number (%)") heads counts printed with their share.
pub fn is_percent_header(label: &str) -> bool {
    let outside = BRACKETED.replace_all(label, " ");
    if outside.trim() != label.trim() && !outside.trim().is_empty() {
        return is_percent_header(&outside);
    }
    let n = norm(label);
    label.contains('%')
        || [
            "percent",
            "percentage",
            "proportion",
            "rate",
            "per 1000",
            "per 10000",
            "ratio",
        ]
        .iter()
        .any(|w| crate::map::text::has_phrase(&n, w))
}

static BRACKETED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\([^()]*\)|\[[^\[\]]*\]").expect("bracket regex"));
static IC_CODE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\bI\.?\s*C\.?\s*-?\s*([0-9])\b").expect("ic regex"));
static SELF_CODE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b([WMABO][1-9]|NS)\b").expect("self code regex"));

/// How a label reads as an ethnicity category.
#[derive(Debug, Clone, PartialEq)]
pub enum EthLabel {
    /// An explicit or phrase-matched code, with its scheme.
    Code(EthnicityScheme, String),
    /// "Not recorded", "Not stated", "Unknown".
    Unknown,
    /// A label naming a code only in one scheme's context ("Black" = IC3
    /// among officer codes), or a broad group.
    Broad {
        officer: Option<String>,
        selfdef: Option<String>,
    },
}

/// Read a label as an ethnicity category.
pub fn ethnicity_label(label: &str, vocab: &Vocab, rules: &ForceRules) -> Option<EthLabel> {
    let n = norm(label);
    if let Some(code) = rules.ethnicity_labels.get(&n) {
        return Some(code_label(code));
    }
    if let Some(c) = IC_CODE.captures(label) {
        let code = match &c[1] {
            "9" | "0" => "IC0".to_string(),
            d @ ("1" | "2" | "3" | "4" | "5" | "6") => format!("IC{d}"),
            _ => {
                return Some(EthLabel::Broad {
                    officer: None,
                    selfdef: None,
                })
            }
        };
        return Some(EthLabel::Code(EthnicityScheme::Officer, code));
    }
    if let Some(c) = SELF_CODE.captures(label) {
        let code = if &c[1] == "O1" { "A4" } else { &c[1] };
        return Some(EthLabel::Code(
            EthnicityScheme::SelfDefined,
            code.to_string(),
        ));
    }
    if vocab.ethnicity.unknown.iter().any(|p| p.find(&n).is_some()) {
        return Some(EthLabel::Unknown);
    }
    // Phrase matches: the longest phrase in each scheme.
    let mut best_officer: Option<(usize, bool, &str)> = None;
    let mut best_self: Option<(usize, bool, &str)> = None;
    for c in &vocab.ethnicity.codes {
        for p in &c.phrases {
            if let Some(len) = p.find(&n) {
                let whole = p.is_whole(&n);
                let slot = if c.officer {
                    &mut best_officer
                } else {
                    &mut best_self
                };
                if slot.is_none_or(|(l, w, _)| (whole, len) > (w, l)) {
                    *slot = Some((len, whole, &c.code));
                }
            }
        }
    }
    match (best_officer, best_self) {
        (Some(o), Some(s)) if o.1 != s.1 || o.0 != s.0 => {
            // One scheme matches the label better; keep the other as context.
            let (o_key, s_key) = ((o.1, o.0), (s.1, s.0));
            if o_key > s_key {
                Some(EthLabel::Code(EthnicityScheme::Officer, o.2.to_string()))
            } else {
                Some(EthLabel::Code(
                    EthnicityScheme::SelfDefined,
                    s.2.to_string(),
                ))
            }
        }
        (Some(o), Some(s)) => Some(EthLabel::Broad {
            officer: Some(o.2.to_string()),
            selfdef: Some(s.2.to_string()),
        }),
        (Some(o), None) => Some(EthLabel::Broad {
            officer: Some(o.2.to_string()),
            selfdef: None,
        }),
        (None, Some(s)) => Some(EthLabel::Broad {
            officer: None,
            selfdef: Some(s.2.to_string()),
        }),
        (None, None) => vocab
            .ethnicity
            .broad
            .iter()
            .any(|p| p.find(&n).is_some())
            .then_some(EthLabel::Broad {
                officer: None,
                selfdef: None,
            }),
    }
}

fn code_label(code: &str) -> EthLabel {
    if code == "OTHER" {
        EthLabel::Broad {
            officer: None,
            selfdef: None,
        }
    } else if code.starts_with("IC") {
        EthLabel::Code(EthnicityScheme::Officer, code.to_string())
    } else {
        EthLabel::Code(EthnicityScheme::SelfDefined, code.to_string())
    }
}

/// Resolve labels of one breakdown to (scheme, code) using the whole
/// list as context: a list of IC codes makes "Black" IC3 and "Unknown"
/// IC0; a self-defined list makes "Unknown" NS.
pub fn resolve_ethnicity(labels: &[Option<EthLabel>]) -> Vec<(EthnicityScheme, Option<String>)> {
    let mut officer = 0;
    let mut selfdef = 0;
    for l in labels.iter().flatten() {
        match l {
            EthLabel::Code(EthnicityScheme::Officer, _) => officer += 2,
            EthLabel::Code(EthnicityScheme::SelfDefined, _) => selfdef += 2,
            EthLabel::Broad {
                officer: o,
                selfdef: s,
            } => {
                if o.is_some() && s.is_none() {
                    officer += 1;
                }
                if s.is_some() && o.is_none() {
                    selfdef += 1;
                }
            }
            _ => {}
        }
    }
    // A list of broad groups ("White", "Black", "Asian", "Mixed", "Other")
    // with no code anywhere is one scheme of its own: "Black" there is not
    // IC3 and "Not stated" not IC0, but all are broad groups without a code.
    let coded = labels
        .iter()
        .flatten()
        .any(|l| matches!(l, EthLabel::Code(..)));
    let pure_broad = labels.iter().flatten().any(|l| {
        matches!(
            l,
            EthLabel::Broad {
                officer: None,
                selfdef: None
            }
        )
    });
    if !coded && pure_broad {
        return labels
            .iter()
            .map(|_| (EthnicityScheme::Other, None))
            .collect();
    }
    let context = if officer > selfdef {
        Some(EthnicityScheme::Officer)
    } else if selfdef > officer {
        Some(EthnicityScheme::SelfDefined)
    } else {
        None
    };
    labels
        .iter()
        .map(|l| match (l, context) {
            (Some(EthLabel::Code(s, c)), _) => (*s, Some(c.clone())),
            (Some(EthLabel::Unknown), Some(EthnicityScheme::Officer)) => {
                (EthnicityScheme::Officer, Some("IC0".into()))
            }
            (Some(EthLabel::Unknown), Some(EthnicityScheme::SelfDefined)) => {
                (EthnicityScheme::SelfDefined, Some("NS".into()))
            }
            (
                Some(EthLabel::Broad {
                    officer: Some(o), ..
                }),
                Some(EthnicityScheme::Officer),
            ) => (EthnicityScheme::Officer, Some(o.clone())),
            (
                Some(EthLabel::Broad {
                    selfdef: Some(s), ..
                }),
                Some(EthnicityScheme::SelfDefined),
            ) => (EthnicityScheme::SelfDefined, Some(s.clone())),
            (
                Some(EthLabel::Broad {
                    officer: Some(o),
                    selfdef: None,
                }),
                None,
            ) => (EthnicityScheme::Officer, Some(o.clone())),
            (
                Some(EthLabel::Broad {
                    officer: None,
                    selfdef: Some(s),
                }),
                None,
            ) => (EthnicityScheme::SelfDefined, Some(s.clone())),
            _ => (EthnicityScheme::Other, None),
        })
        .collect()
}

/// Classify one label as a category of `kind`; `None` when it is not one.
pub fn label_kind_key(
    label: &str,
    kind: Kind,
    vocab: &Vocab,
    rules: &ForceRules,
) -> Option<String> {
    let n = norm(label);
    match kind {
        Kind::Period => crate::map::period::parse_period(label)
            .filter(|p| !p.subtotal)
            .map(|p| format!("{}..{}", p.from, p.to)),
        Kind::Ethnicity => ethnicity_label(label, vocab, rules).map(|_| n),
        Kind::Reason => rules
            .reason_labels
            .get(&n)
            .cloned()
            .or_else(|| vocab.reasons.classify(&n).map(|r| r.name().to_string())),
        Kind::Database => vocab
            .databases
            .classify(&n)
            .filter(|k| *k != Database::Total)
            .map(|k| k.name().to_string()),
        Kind::Outcome => vocab.outcomes.classify(&n).map(|k| k.name().to_string()),
    }
}

/// Which kind of category a list of labels is, with how many labels
/// matched; `context` (caption and headers) breaks near ties.
pub fn axis_kind(
    labels: &[&str],
    context: &str,
    vocab: &Vocab,
    rules: &ForceRules,
) -> Option<(Kind, usize)> {
    let ctx = norm(context);
    let mut best: Option<(Kind, usize, usize)> = None;
    for kind in [
        Kind::Period,
        Kind::Ethnicity,
        Kind::Reason,
        Kind::Database,
        Kind::Outcome,
    ] {
        let mut keys = std::collections::BTreeSet::new();
        let mut matched = 0;
        for l in labels
            .iter()
            .filter(|l| !is_total(l) && !l.trim().is_empty())
        {
            if let Some(k) = label_kind_key(l, kind, vocab, rules) {
                matched += 1;
                keys.insert(k);
            }
        }
        if matched == 0 {
            continue;
        }
        let field = match kind {
            Kind::Period => Field::Monthly,
            Kind::Ethnicity => Field::Ethnicity,
            Kind::Reason => Field::Reasons,
            Kind::Database => Field::Scans,
            Kind::Outcome => Field::ImmigrationArrests,
        };
        let boost = usize::from(vocab.fields.has(field, &ctx)) * 2;
        // Distinct keys matter: five labels all read as "other" are not a
        // reasons list.
        let score = keys.len() * 2 + matched + boost;
        if best.is_none_or(|(_, _, s)| score > s) {
            best = Some((kind, matched, score));
        }
    }
    best.map(|(k, m, _)| (k, m))
}
