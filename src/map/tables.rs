//! Reading tables into evidence, whatever format they came from: find the
//! header rows (a title block above, headers over two rows), the label
//! columns, the orientation (categories down the rows or across the
//! columns), total lines, and the series holding the counts.

use crate::doc::{Prov, Table};
use crate::map::evidence::{Breakdown, Evidence, Num, FROM_TABLE};
use crate::map::labels::{
    axis_kind, ethnicity_label, is_percent_header, is_total, label_kind_key, resolve_ethnicity,
    Kind,
};
use crate::map::period::{leaf_parts, parse_period, span, PeriodLabel};
use crate::map::rules::{ForceRules, Outcome, Signal, TableRule, Target, Vocab};
use crate::map::text::{norm, Reading};
use crate::map::view::{build_view, is_value, View};
use crate::record::{Database, EthnicityEntry, Field, MonthlyEntry, ReasonEntry};

/// One axis of categories and, for each, its value along the chosen series.
struct Along {
    labels: Vec<String>,
    /// The labels as printed (code-only columns left out).
    display: Vec<String>,
    values: Vec<Num>,
    total: Option<Num>,
    percentages_only: bool,
}

/// Read the categories on rows (`rows = true`) or columns against the best
/// series of the other axis.
fn along(
    view: &View,
    rows: bool,
    value_header: Option<&crate::map::rules::vocab::Phrase>,
    vocab: &Vocab,
    rules: &ForceRules,
) -> Along {
    let (cats, series) = if rows {
        (&view.row_labels, &view.col_labels)
    } else {
        (&view.col_labels, &view.row_labels)
    };
    let get = |cat: usize, ser: usize| -> &(Reading, Prov) {
        if rows {
            &view.cells[cat][ser]
        } else {
            &view.cells[ser][cat]
        }
    };
    let series_ok: Vec<usize> = (0..series.len())
        .filter(|&s| {
            let vals: Vec<&Reading> = (0..cats.len()).map(|c| &get(c, s).0).collect();
            vals.iter()
                .any(|r| matches!(r, Reading::Count(_)) || r.is_gap_mark())
        })
        .collect();
    let not_pct: Vec<usize> = series_ok
        .iter()
        .copied()
        .filter(|&s| {
            let pct = (0..cats.len())
                .filter(|&c| matches!(get(c, s).0, Reading::Percent))
                .count();
            let cnt = (0..cats.len())
                .filter(|&c| matches!(get(c, s).0, Reading::Count(_)))
                .count();
            !is_percent_header(&series[s]) && pct <= cnt
        })
        .collect();
    let percentages_only = not_pct.is_empty() && !series.is_empty();
    let other_kind = axis_kind(
        &series.iter().map(String::as_str).collect::<Vec<_>>(),
        "",
        vocab,
        rules,
    );
    let chosen: Vec<usize> = if let Some(p) = value_header {
        (0..series.len())
            .filter(|&s| p.find(&norm(&series[s])).is_some())
            .take(1)
            .collect()
    } else if let Some(&s) = not_pct
        .iter()
        .rev()
        .find(|&&s| vocab.phrases.has(Signal::Corrected, &norm(&series[s])))
    {
        vec![s]
    } else if let Some(&s) = not_pct.iter().find(|&&s| is_grand_total(&series[s])) {
        vec![s]
    } else if let Some(parts) = period_parts(series, &not_pct) {
        parts
    } else if not_pct.len() <= 1
        || matches!(
            other_kind,
            Some((Kind::Period | Kind::Database | Kind::Outcome, _))
        )
    {
        not_pct.clone()
    } else if let Some(&s) = not_pct.iter().find(|&&s| {
        let n = norm(&series[s]);
        [
            "number",
            "count",
            "no",
            "scans",
            "searches",
            "frequency",
            "checks",
            "volume",
        ]
        .iter()
        .any(|w| crate::map::text::has_phrase(&n, w))
    }) {
        vec![s]
    } else {
        not_pct.iter().copied().take(1).collect()
    };
    let value_at = |c: usize| -> Num {
        if chosen.len() == 1 {
            let (r, p) = get(c, chosen[0]);
            return Num {
                reading: r.clone(),
                prov: p.clone(),
                quality: FROM_TABLE,
            };
        }
        let mut sum = 0u64;
        let mut first_mark = None;
        for &s in &chosen {
            match &get(c, s).0 {
                Reading::Count(n) => sum += n,
                Reading::Empty => {}
                other => {
                    first_mark.get_or_insert_with(|| other.clone());
                }
            }
        }
        let reading = match first_mark {
            Some(m) if chosen.is_empty() || sum == 0 => m,
            Some(_) => Reading::Range("partly suppressed".into()),
            None if chosen.is_empty() => Reading::Empty,
            None => Reading::Count(sum),
        };
        Num {
            reading,
            prov: view.prov.clone(),
            quality: FROM_TABLE - 1,
        }
    };
    let mut out = Along {
        labels: Vec::new(),
        display: Vec::new(),
        values: Vec::new(),
        total: None,
        percentages_only,
    };
    let cat_periods: Vec<Option<PeriodLabel>> = cats.iter().map(|l| parse_period(l)).collect();
    let leaves = leaf_parts(&cat_periods);
    for (c, label) in cats.iter().enumerate() {
        // A period sub-total, or a year over its months, is not a part.
        if cat_periods[c].is_some() && leaves.len() >= 2 && !leaves.contains(&c) {
            continue;
        }
        let v = if percentages_only {
            Num {
                reading: Reading::Percent,
                prov: get(c, series_ok.first().copied().unwrap_or(0)).1.clone(),
                quality: FROM_TABLE,
            }
        } else {
            value_at(c)
        };
        if is_grand_total(label) {
            out.total.get_or_insert(v);
        } else if !label.trim().is_empty() && !crate::map::labels::is_note(label) {
            out.labels.push(label.clone());
            let shown = if rows {
                view.row_display.get(c).filter(|d| !d.is_empty())
            } else {
                None
            };
            out.display.push(shown.unwrap_or(label).clone());
            out.values.push(v);
        }
    }
    out
}

/// The span of the periods an axis names, sub-totals left out.
fn labels_span(labels: &[String]) -> Option<(String, String)> {
    let periods: Vec<PeriodLabel> = labels
        .iter()
        .filter_map(|l| parse_period(l))
        .filter(|p| !p.subtotal)
        .collect();
    span(periods.iter())
}

/// A period breakdown's printed total against the sum of its parts: a
/// disagreement is an `inconsistent` gap on `scans`.
fn check_period_total(a: &Along, view: &View, ev: &mut Evidence) {
    let Some(total) = a.total.as_ref().and_then(Num::count) else {
        return;
    };
    let parts: Option<Vec<u64>> = a.values.iter().map(Num::count).collect();
    let Some(parts) = parts.filter(|p| p.len() >= 2) else {
        return;
    };
    let sum: u64 = parts.iter().sum();
    if sum != total {
        ev.gaps.push(crate::map::evidence::Gap {
            field: Field::Scans,
            kind: crate::record::FlagKind::Inconsistent,
            detail: format!("the period figures add up to {sum}, the printed total is {total}"),
            prov: a
                .total
                .as_ref()
                .map_or_else(|| view.prov.clone(), |t| t.prov.clone()),
        });
    }
}

/// A grand total line: `Total`, `Grand total`, not `2019 total`.
fn is_grand_total(label: &str) -> bool {
    is_total(label) && parse_period(label).is_none()
}

/// The series to add up when the series are periods: the finest-grained
/// ones that are not sub-totals (`None` unless two or more).
fn period_parts(series: &[String], candidates: &[usize]) -> Option<Vec<usize>> {
    let periods: Vec<Option<PeriodLabel>> = series.iter().map(|l| parse_period(l)).collect();
    let parts: Vec<usize> = leaf_parts(&periods)
        .into_iter()
        .filter(|s| candidates.contains(s))
        .collect();
    (parts.len() >= 2).then_some(parts)
}

fn rule_for<'a>(rules: &'a ForceRules, file: &str, view: &View) -> Option<&'a TableRule> {
    let file_n = norm(file);
    let sheet_n = norm(view.prov.sheet.as_deref().unwrap_or(""));
    let ctx_n = norm(&format!("{} {}", view.context, view.col_labels.join(" ")));
    rules.tables.iter().find(|r| {
        r.file.as_ref().is_none_or(|p| p.find(&file_n).is_some())
            && r.sheet.as_ref().is_none_or(|p| p.find(&sheet_n).is_some())
            && r.caption.as_ref().is_none_or(|p| p.find(&ctx_n).is_some())
    })
}

fn kind_of_field(field: Field) -> Option<Kind> {
    match field {
        Field::Ethnicity => Some(Kind::Ethnicity),
        Field::Reasons => Some(Kind::Reason),
        Field::Monthly => Some(Kind::Period),
        Field::ImmigrationArrests => Some(Kind::Outcome),
        f if f.is_scans() => Some(Kind::Database),
        _ => None,
    }
}

/// Read one table into `ev`. Returns false when the table held nothing the
/// record uses (it may then be read as question-and-answer text).
pub fn read_table(
    t: &Table,
    file: &str,
    vocab: &Vocab,
    rules: &ForceRules,
    ev: &mut Evidence,
) -> bool {
    let Some(view) = build_view(t, rules) else {
        return false;
    };
    // No figure, mark or percentage anywhere: a list laid out as a table
    // ("• | IC1 White North European – 318"), read as text instead.
    let any_value = view.cells.iter().flatten().any(|(r, _)| is_value(r));
    if !any_value && rule_for(rules, file, &view).is_none() {
        return false;
    }
    let rule = rule_for(rules, file, &view);
    if rule.is_some_and(|r| r.field == Target::Ignore) {
        return true;
    }
    let ctx = format!(
        "{} {}",
        view.context,
        view.prov.sheet.as_deref().unwrap_or("")
    );
    let row_refs: Vec<&str> = view.row_labels.iter().map(String::as_str).collect();
    let col_refs: Vec<&str> = view.col_labels.iter().map(String::as_str).collect();
    let mut row_kind = axis_kind(&row_refs, &ctx, vocab, rules);
    let mut col_kind = axis_kind(&col_refs, &ctx, vocab, rules);
    if let Some(kind) = rule.and_then(|r| r.field.field()).and_then(kind_of_field) {
        match rule.and_then(|r| r.categories_in_rows) {
            Some(false) => col_kind = Some((kind, col_refs.len())),
            _ => row_kind = Some((kind, row_refs.len())),
        }
    }
    let value_header = rule.and_then(|r| r.value_header.as_ref());
    // The periods the table's labels name ("2019/20", "April 2019 - March
    // 2020", month rows): their span is the period its figures cover.
    if ev.period.is_none() {
        if let Some((from, to)) =
            labels_span(&view.row_labels).or_else(|| labels_span(&view.col_labels))
        {
            ev.period = Some(crate::map::evidence::Found {
                value: crate::record::Period {
                    from: Some(from),
                    to: Some(to),
                },
                prov: view.prov.clone(),
            });
        }
    }
    let mut used = false;
    for (rows, kind) in [(true, row_kind), (false, col_kind)] {
        let Some((kind, matched)) = kind else {
            continue;
        };
        // A lone matching label on a long axis is not a category list,
        // except for the database split (often two or three lines).
        let len = if rows { row_refs.len() } else { col_refs.len() };
        if matched < 2 && !(matches!(kind, Kind::Database | Kind::Outcome) || len <= 2) {
            continue;
        }
        let a = along(&view, rows, value_header, vocab, rules);
        used |= apply(kind, a, &view, vocab, rules, ev);
    }
    if let Some((reading, prov)) = view.grand_total.as_ref().filter(|_| used) {
        ev.breakdown_totals.push(Num {
            reading: reading.clone(),
            prov: prov.clone(),
            quality: FROM_TABLE,
        });
    }
    // One figure under a "searches"/"number of scans" header, its row
    // labelled by a period: the total.
    if !used && view.col_labels.len() == 1 {
        let header = norm(&view.col_labels[0]);
        let lines: Vec<usize> = (0..view.row_labels.len())
            .filter(|&r| !is_total(&view.row_labels[r]))
            .collect();
        if vocab.databases.classify(&header) == Some(Database::Total) && lines.len() == 1 {
            if let Some((reading, prov)) = view.cells.get(lines[0]).and_then(|row| row.first()) {
                if reading.count().is_some() || reading.is_gap_mark() {
                    ev.put_scan(
                        Database::Total,
                        Num {
                            reading: reading.clone(),
                            prov: prov.clone(),
                            quality: FROM_TABLE,
                        },
                    );
                    used = true;
                }
            }
        }
    }
    // Stray lines: an outcome or a database total in a key/value table.
    if !matches!(row_kind, Some((Kind::Outcome, _))) && view.col_labels.len() <= 3 {
        let a = along(&view, true, value_header, vocab, rules);
        for (label, v) in a.labels.iter().zip(&a.values) {
            let n = norm(label);
            if vocab.outcomes.classify(&n) == Some(Outcome::ImmigrationArrest) {
                ev.put_arrests(v.clone());
                used = true;
            } else if !matches!(row_kind, Some((Kind::Database, _)))
                && vocab.databases.classify(&n) == Some(Database::Total)
            {
                ev.put_scan(Database::Total, v.clone());
                used = true;
            }
        }
    }
    used
}

fn apply(
    kind: Kind,
    a: Along,
    view: &View,
    vocab: &Vocab,
    rules: &ForceRules,
    ev: &mut Evidence,
) -> bool {
    match kind {
        Kind::Database => {
            let mut any = false;
            for (label, v) in a.labels.iter().zip(a.values) {
                let n = norm(label);
                if let Some(key) = vocab.databases.classify(&n) {
                    ev.put_scan(key, v);
                    any = true;
                }
            }
            if let Some(t) = a.total {
                ev.put_scan(Database::Total, t);
                any = true;
            }
            any
        }
        Kind::Period => {
            for (label, v) in a.labels.iter().zip(&a.values) {
                if let Some(month) = parse_period(label).as_ref().and_then(PeriodLabel::month) {
                    ev.monthly.push(MonthlyEntry {
                        month: month.to_string(),
                        total: v.count(),
                        source: Some(v.prov.clone()),
                    });
                }
            }
            check_period_total(&a, view, ev);
            // One period: its own cell is the total.
            let single = (a.values.len() == 1).then(|| a.values[0].clone());
            let total = a.total.clone().or(single).or_else(|| {
                let counts: Option<Vec<u64>> = a.values.iter().map(Num::count).collect();
                counts.map(|c| Num {
                    reading: Reading::Count(c.iter().sum()),
                    prov: view.prov.clone(),
                    quality: FROM_TABLE - 1,
                })
            });
            if let Some(t) = total {
                ev.breakdown_totals.push(t);
            }
            !a.labels.is_empty()
        }
        Kind::Outcome => {
            let mut any = false;
            for (label, v) in a.labels.iter().zip(a.values) {
                if vocab.outcomes.classify(&norm(label)) == Some(Outcome::ImmigrationArrest) {
                    ev.put_arrests(v);
                    any = true;
                }
            }
            any
        }
        Kind::Ethnicity => {
            let parsed: Vec<_> = a
                .labels
                .iter()
                .map(|l| ethnicity_label(l, vocab, rules))
                .collect();
            let resolved = resolve_ethnicity(&parsed);
            let entries: Vec<EthnicityEntry> = a
                .display
                .iter()
                .zip(&a.values)
                .zip(resolved)
                .map(|((label, v), (scheme, code))| EthnicityEntry {
                    label: label.clone(),
                    scheme,
                    code,
                    count: v.count(),
                    source: Some(v.prov.clone()),
                })
                .collect();
            push_breakdown(
                &mut ev.ethnicity,
                &mut ev.breakdown_totals,
                entries,
                &a,
                view,
            )
        }
        Kind::Reason => {
            let entries: Vec<ReasonEntry> = a
                .labels
                .iter()
                .zip(&a.values)
                .map(|(label, v)| ReasonEntry {
                    label: label.clone(),
                    reason: label_kind_key(label, Kind::Reason, vocab, rules)
                        .unwrap_or_else(|| "other".into()),
                    count: v.count(),
                    source: Some(v.prov.clone()),
                })
                .collect();
            push_breakdown(&mut ev.reasons, &mut ev.breakdown_totals, entries, &a, view)
        }
    }
}

fn push_breakdown<E>(
    list: &mut Vec<Breakdown<E>>,
    totals: &mut Vec<Num>,
    entries: Vec<E>,
    a: &Along,
    view: &View,
) -> bool {
    if entries.is_empty() {
        return false;
    }
    let suppressed = a.values.iter().any(|v| v.reading.is_gap_mark());
    if let Some(t) = &a.total {
        totals.push(t.clone());
    }
    list.push(Breakdown {
        entries,
        total: a.total.clone(),
        suppressed,
        percentages_only: a.percentages_only,
        prov: view.prov.clone(),
        quality: FROM_TABLE,
    });
    true
}
