//! Telling charts from tables. A chart drawn in a box (or two side by side)
//! has rules like a table and text like a column of numbers, but its value
//! axis gives it away: four or more numbers in one aligned column, in equal
//! steps of value, evenly and widely spaced (tick labels). Numbers counting
//! 1, 2, 3... with the rest of their row beside them number a table's rows.

use super::settings::TableSettings;
use crate::doc::Word;

fn value(text: &str) -> Option<f64> {
    let t: String = text
        .trim_end_matches('%')
        .chars()
        .filter(|c| *c != ',' && *c != ' ')
        .map(|c| if c == '−' { '-' } else { c })
        .collect();
    if t.is_empty() || !t.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    t.parse().ok()
}

/// Do `words` include the value axis of a chart?
pub fn has_value_axis(words: &[&Word], s: &TableSettings) -> bool {
    let mut numbers: Vec<(&Word, f64)> = words
        .iter()
        .filter_map(|w| value(&w.text).map(|v| (*w, v)))
        .collect();
    if numbers.len() < s.chart_axis_min_ticks as usize {
        return false;
    }
    numbers.sort_by(|a, b| a.0.x1.total_cmp(&b.0.x1));
    // Groups of numbers sharing a right edge (tick labels are right-aligned).
    let mut start = 0;
    while start < numbers.len() {
        let mut end = start + 1;
        while end < numbers.len() && numbers[end].0.x1 - numbers[start].0.x1 <= 2.0 {
            end += 1;
        }
        let mut group: Vec<(&Word, f64)> = numbers[start..end].to_vec();
        group.sort_by(|a, b| a.0.top.total_cmp(&b.0.top));
        if is_axis(&group, s) && !numbers_rows(&group, words) {
            return true;
        }
        start = end;
    }
    has_category_axis(&numbers, s)
}

/// A horizontal value axis: numbers on one line in equal steps, evenly
/// spaced (`0% 10% 20% ...`). Runs of years are left alone: a table's
/// columns are often headed so.
fn has_category_axis(numbers: &[(&Word, f64)], s: &TableSettings) -> bool {
    let mut by_top: Vec<(&Word, f64)> = numbers.to_vec();
    by_top.sort_by(|a, b| a.0.top.total_cmp(&b.0.top));
    let mut start = 0;
    while start < by_top.len() {
        let mut end = start + 1;
        while end < by_top.len() && by_top[end].0.top - by_top[start].0.top <= 2.0 {
            end += 1;
        }
        let mut group: Vec<(&Word, f64)> = by_top[start..end].to_vec();
        group.sort_by(|a, b| a.0.x0.total_cmp(&b.0.x0));
        if group.len() >= s.chart_axis_min_ticks as usize && !all_years(&group) {
            let mid = |w: &Word| (w.x0 + w.x1) / 2.0;
            let steps: Vec<(f32, f64)> = group
                .windows(2)
                .map(|p| (mid(p[1].0) - mid(p[0].0), p[1].1 - p[0].1))
                .collect();
            let (dx0, dv0) = steps[0];
            if dx0 > 0.0
                && dv0 != 0.0
                && steps.iter().all(|(dx, dv)| {
                    (dx - dx0).abs() <= 0.1 * dx0 && (dv - dv0).abs() <= 1e-6 * dv0.abs().max(1.0)
                })
            {
                return true;
            }
        }
        start = end;
    }
    false
}

/// Do these numbers (an axis by their spacing) count a table's rows: in
/// steps of one, most of them with other words on their line?
fn numbers_rows(group: &[(&Word, f64)], words: &[&Word]) -> bool {
    let counting = group.windows(2).all(|p| (p[1].1 - p[0].1).abs() == 1.0);
    let beside = group
        .iter()
        .filter(|(w, _)| !alone_on_line(w, words))
        .count();
    counting && 4 * beside >= 3 * group.len()
}

/// True when no other word of `words` shares `w`'s line.
fn alone_on_line(w: &Word, words: &[&Word]) -> bool {
    let height = (w.bottom - w.top).max(1.0);
    !words
        .iter()
        .any(|o| !std::ptr::eq(*o, w) && (o.bottom.min(w.bottom) - o.top.max(w.top)) > 0.5 * height)
}

/// Runs of years head or label a table's rows and columns as often as they
/// label a chart's axis: they prove nothing.
fn all_years(group: &[(&Word, f64)]) -> bool {
    group
        .iter()
        .all(|(_, v)| v.fract() == 0.0 && (1900.0..=2100.0).contains(v))
}

fn is_axis(group: &[(&Word, f64)], s: &TableSettings) -> bool {
    if group.len() < s.chart_axis_min_ticks as usize {
        return false;
    }
    let size = group
        .iter()
        .map(|g| g.0.font_size)
        .fold(0.0f32, f32::max)
        .max(1.0);
    let steps: Vec<(f32, f64)> = group
        .windows(2)
        .map(|p| (p[1].0.top - p[0].0.top, p[1].1 - p[0].1))
        .collect();
    let (dy0, dv0) = steps[0];
    if dy0 < s.chart_axis_min_spacing_em * size || dv0 == 0.0 || all_years(group) {
        return false;
    }
    steps.iter().all(|(dy, dv)| {
        (dy - dy0).abs() <= 0.1 * dy0 && (dv - dv0).abs() <= 1e-6 * dv0.abs().max(1.0)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(text: &str, x1: f32, top: f32) -> Word {
        Word {
            text: text.into(),
            x0: x1 - 15.0,
            top,
            x1,
            bottom: top + 8.0,
            font_size: 8.0,
            font: "F".into(),
            dir: 0,
        }
    }

    #[test]
    fn tick_labels_are_an_axis_and_table_columns_are_not() {
        let s = TableSettings::default();
        let ticks: Vec<Word> = ["450", "400", "350", "300", "250"]
            .iter()
            .enumerate()
            .map(|(i, t)| w(t, 50.0, 100.0 + 25.0 * i as f32))
            .collect();
        let refs: Vec<&Word> = ticks.iter().collect();
        assert!(has_value_axis(&refs, &s));
        let counts: Vec<Word> = ["113", "398", "1,209", "57", "12"]
            .iter()
            .enumerate()
            .map(|(i, t)| w(t, 50.0, 100.0 + 25.0 * i as f32))
            .collect();
        let refs: Vec<&Word> = counts.iter().collect();
        assert!(!has_value_axis(&refs, &s));
        // Years one per table row.
        let years: Vec<Word> = ["2004", "2005", "2006", "2007"]
            .iter()
            .enumerate()
            .map(|(i, t)| w(t, 50.0, 100.0 + 25.0 * i as f32))
            .collect();
        let refs: Vec<&Word> = years.iter().collect();
        assert!(!has_value_axis(&refs, &s));
        // A percentage axis along the bottom of a bar chart.
        let percent: Vec<Word> = ["0%", "20%", "40%", "60%", "80%"]
            .iter()
            .enumerate()
            .map(|(i, t)| w(t, 50.0 + 40.0 * i as f32, 300.0))
            .collect();
        let refs: Vec<&Word> = percent.iter().collect();
        assert!(has_value_axis(&refs, &s));
    }

    /// A ruled table whose first column numbers its rows 1, 2, 3... on
    /// evenly spaced rows was dropped as a chart (held-out set, h31).
    #[test]
    fn row_numbers_with_their_rows_beside_them_are_not_an_axis() {
        let s = TableSettings::default();
        let mut words = Vec::new();
        for i in 0..9 {
            let top = 100.0 + 25.0 * i as f32;
            words.push(w(&(i + 1).to_string(), 50.0, top));
            words.push(w("Request", 120.0, top));
        }
        let refs: Vec<&Word> = words.iter().collect();
        assert!(!has_value_axis(&refs, &s));
    }
}
