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
use crate::map::rules::{ForceRules, Outcome, Signal, TableRule, Target, Vocab};
use crate::map::text::{norm, read_count, Reading};
use crate::record::{Database, EthnicityEntry, Field, MonthlyEntry, ReasonEntry};
use regex::Regex;
use std::sync::LazyLock;

/// A label cell holding only a code (`IC1`, `W1`, `NS`), printed in a
/// column of its own beside the description.
static CODE_ONLY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:I\.?\s*C\.?\s*\d|[WMABO]\d|NS)\s*$").expect("code regex")
});

/// A table as labels and readings, empty rows and columns dropped.
struct View {
    /// Row labels of data rows and column headers of value columns.
    row_labels: Vec<String>,
    /// Row labels as printed, without a column holding only codes.
    row_display: Vec<String>,
    col_labels: Vec<String>,
    /// `cells[r][c]` for data rows × value columns.
    cells: Vec<Vec<(Reading, Prov)>>,
    /// Caption, title block and header text, for context.
    context: String,
    prov: Prov,
}

fn cell_reading(t: &Table, r: u32, c: u32, rules: &ForceRules) -> (String, Reading, Prov) {
    match t.cell(r, c) {
        Some(cell) => {
            let n = norm(&cell.text);
            let reading = rules
                .values
                .iter()
                .find(|(k, _)| *k == n)
                .map(|(_, v)| v.clone())
                .unwrap_or_else(|| read_count(&cell.text, cell.value.as_number()));
            (cell.text.trim().to_string(), reading, cell.prov.clone())
        }
        None => (String::new(), Reading::Empty, t.prov.clone()),
    }
}

fn is_value(r: &Reading) -> bool {
    matches!(r, Reading::Count(_)) || r.is_gap_mark() || matches!(r, Reading::Percent)
}

fn build_view(t: &Table, rules: &ForceRules) -> Option<View> {
    let grid: Vec<Vec<(String, Reading, Prov)>> = (0..t.n_rows)
        .map(|r| {
            (0..t.n_cols)
                .map(|c| cell_reading(t, r, c, rules))
                .collect()
        })
        .collect();
    let rows: Vec<usize> = (0..grid.len())
        .filter(|&r| grid[r].iter().any(|c| !c.0.is_empty()))
        .collect();
    let cols: Vec<usize> = (0..t.n_cols as usize)
        .filter(|&c| {
            grid.iter()
                .any(|row| row.get(c).is_some_and(|x| !x.0.is_empty()))
        })
        .collect();
    if rows.is_empty() || cols.len() < 2 {
        return None;
    }
    // Label columns: leading columns whose cells are mostly text in the
    // rows that hold figures (titles and headers above do not count).
    let data_like: Vec<usize> = rows
        .iter()
        .copied()
        .filter(|&r| {
            cols.iter()
                .any(|&c| matches!(grid[r][c].1, Reading::Count(_)) || grid[r][c].1.is_gap_mark())
        })
        .collect();
    let basis = if data_like.is_empty() {
        &rows
    } else {
        &data_like
    };
    let mut label_cols = 0;
    for &c in &cols {
        let texts = basis
            .iter()
            .filter(|&&r| matches!(grid[r][c].1, Reading::Text))
            .count();
        let values = basis.iter().filter(|&&r| is_value(&grid[r][c].1)).count();
        if texts > values && label_cols < cols.len() - 1 {
            label_cols += 1;
        } else {
            break;
        }
    }
    let label_cols = label_cols.min(cols.len() - 1);
    let value_cols = &cols[label_cols..];
    // Header rows: rows before the first with a value in a value column;
    // rows with a single filled cell at the top are a title block.
    // A header naming a category "Not recorded" or "N/A" reads as a gap
    // mark; a row of such marks among text headers and no figure is still
    // a header.
    let first_data = rows
        .iter()
        .position(|&r| {
            let readings = || value_cols.iter().map(|&c| &grid[r][c].1);
            readings().any(is_value)
                && (readings().any(|x| matches!(x, Reading::Count(_)))
                    || !readings().any(|x| matches!(x, Reading::Text)))
        })
        .unwrap_or(rows.len());
    let mut context = t.caption.clone().unwrap_or_default();
    let mut header_rows = Vec::new();
    for &r in &rows[..first_data] {
        let filled: Vec<&str> = cols
            .iter()
            .map(|&c| grid[r][c].0.as_str())
            .filter(|s| !s.is_empty())
            .collect();
        let distinct: std::collections::BTreeSet<&str> = filled.iter().copied().collect();
        context.push(' ');
        context.push_str(&filled.join(" "));
        // A row with one distinct text is a title over the table.
        if distinct.len() > 1 {
            header_rows.push(r);
        }
    }
    if header_rows.is_empty() && first_data > 0 {
        header_rows.push(rows[first_data - 1]);
    }
    let col_labels: Vec<String> = value_cols
        .iter()
        .map(|&c| {
            let mut parts: Vec<&str> = Vec::new();
            for &r in &header_rows {
                let s = grid[r][c].0.as_str();
                if !s.is_empty() && parts.last() != Some(&s) {
                    parts.push(s);
                }
            }
            parts.join(" ")
        })
        .collect();
    let data_rows = &rows[first_data..];
    let label_of = |r: usize, keep_codes: bool| -> String {
        let mut parts: Vec<&str> = Vec::new();
        for &c in &cols[..label_cols] {
            let s = grid[r][c].0.as_str();
            let code_only = label_cols > 1 && CODE_ONLY.is_match(s);
            if !s.is_empty() && parts.last() != Some(&s) && (keep_codes || !code_only) {
                parts.push(s);
            }
        }
        parts.join(" ")
    };
    let row_labels = data_rows.iter().map(|&r| label_of(r, true)).collect();
    let row_display = data_rows.iter().map(|&r| label_of(r, false)).collect();
    let cells = data_rows
        .iter()
        .map(|&r| {
            value_cols
                .iter()
                .map(|&c| (grid[r][c].1.clone(), grid[r][c].2.clone()))
                .collect()
        })
        .collect();
    Some(View {
        row_labels,
        row_display,
        col_labels,
        cells,
        context,
        prov: t.prov.clone(),
    })
}

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
    } else if let Some(&s) = not_pct.iter().find(|&&s| is_total(&series[s])) {
        vec![s]
    } else if not_pct.len() <= 1
        || matches!(
            other_kind,
            Some((Kind::Month | Kind::Database | Kind::Outcome, _))
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
    for (c, label) in cats.iter().enumerate() {
        let v = if percentages_only {
            Num {
                reading: Reading::Percent,
                prov: get(c, series_ok.first().copied().unwrap_or(0)).1.clone(),
                quality: FROM_TABLE,
            }
        } else {
            value_at(c)
        };
        if is_total(label) {
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
        Field::Monthly => Some(Kind::Month),
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
    // A period printed as a row or column label ("April 2019 - March 2020").
    if ev.period.is_none() {
        if let Some((from, to)) = view
            .row_labels
            .iter()
            .chain(&view.col_labels)
            .find_map(|l| crate::map::classify::month_range(l))
        {
            let prov = view.prov.clone();
            ev.period = Some(crate::map::evidence::Found {
                value: crate::record::Period {
                    from: Some(from),
                    to: Some(to),
                },
                prov,
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
        Kind::Month => {
            for (label, v) in a.labels.iter().zip(&a.values) {
                if let Some(month) = crate::map::text::month_label(label) {
                    ev.monthly.push(MonthlyEntry {
                        month,
                        total: v.count(),
                        source: Some(v.prov.clone()),
                    });
                }
            }
            let total = a.total.clone().or_else(|| {
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
