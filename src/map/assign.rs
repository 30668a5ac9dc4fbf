//! Which force each file belongs to: its path and its document's identity
//! (sender, letterhead, signature, references), with a file inside a
//! container inheriting the container's force unless its own content
//! clearly says otherwise.

use super::identify::{self, DocIdentity};
use super::rules::RuleSet;
use super::Assignment;
use crate::files::FileRow;
use std::collections::BTreeMap;

/// Assign each row (sorted by path, so containers come before their
/// children) to a force.
pub(crate) fn assign(
    rows: &[&FileRow],
    identities: &BTreeMap<String, DocIdentity>,
    rules: &RuleSet,
) -> Vec<Assignment> {
    let mut out: Vec<Assignment> = Vec::new();
    for row in rows {
        let mut own = identify::Scores::default();
        identify::score_path(&row.path, rules, &mut own);
        let content = identities
            .get(&row.path)
            .map(|i| i.content.clone())
            .unwrap_or_default();
        for (slug, (n, why)) in &content.by_force {
            let e = own.by_force.entry(slug.clone()).or_default();
            e.0 += n;
            e.1.extend(why.iter().cloned());
        }
        // A file inside a container inherits the container's force unless
        // its own content clearly says otherwise.
        let parent = out
            .iter()
            .rev()
            .find(|a| row.path.starts_with(&format!("{}/", a.path)) && a.force.is_some());
        let best = own.best();
        let assignment = match (parent, best) {
            (Some(p), Some((slug, why))) if Some(&slug) != p.force.as_ref() => {
                let strong = content.best().is_some_and(|(s, _)| s == slug)
                    && content.by_force.get(&slug).is_some_and(|x| x.0 >= 6);
                if strong {
                    Assignment {
                        path: row.path.clone(),
                        force: Some(slug),
                        evidence: why,
                    }
                } else {
                    Assignment {
                        path: row.path.clone(),
                        force: p.force.clone(),
                        evidence: format!("inside {}", p.path),
                    }
                }
            }
            (Some(p), None) => Assignment {
                path: row.path.clone(),
                force: p.force.clone(),
                evidence: format!("inside {}", p.path),
            },
            (_, Some((slug, why))) => Assignment {
                path: row.path.clone(),
                force: Some(slug),
                evidence: why,
            },
            (None, None) => Assignment {
                path: row.path.clone(),
                force: None,
                evidence: if own.by_force.is_empty() {
                    "ambiguous: no force named in path, sender or text".into()
                } else {
                    format!("ambiguous: candidates {}", own.describe())
                },
            },
        };
        out.push(assignment);
    }
    out
}
