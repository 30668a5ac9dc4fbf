//! Text rendering of what `inspect` read: each part as a heading and its
//! text, each table as aligned columns. Long cells wrap at a fixed width
//! (never cut), or stay whole with `--wide`; sheet tables carry the
//! spreadsheet's column letters and row numbers, so a cell the report cites
//! as `B9` is found at a glance.

use crate::doc::{Block, Part, Table};
use std::fmt::Write as _;

/// Widest a cell is drawn, in characters, before it wraps (unless `--wide`).
pub(crate) const CELL_WIDTH: usize = 40;

/// Human rendering of one part; `width` is the widest cell (`None`: whole).
pub(crate) fn render_part(out: &mut String, part: &Part, width: Option<usize>) {
    match part {
        Part::Page(p) => {
            let _ = writeln!(
                out,
                "--- page {} ({}x{} pt, {} words, {} rules){}",
                p.number,
                p.width,
                p.height,
                p.words.len(),
                p.segments.len(),
                if p.image_only { " image only" } else { "" }
            );
            render_blocks(out, &p.blocks, width);
        }
        Part::Sheet(s) => {
            let _ = writeln!(
                out,
                "--- sheet {:?} ({}){}",
                s.name,
                s.visibility,
                if s.hidden_rows.is_empty() {
                    String::new()
                } else {
                    format!(" hidden rows {:?}", s.hidden_rows)
                }
            );
            render_table(out, &s.table, width);
        }
        Part::Body(b) => {
            let _ = writeln!(out, "--- {}", b.name);
            render_blocks(out, &b.blocks, width);
        }
        Part::Message(m) => {
            let _ = writeln!(
                out,
                "--- message {}: from {} date {} subject {}",
                m.index,
                m.from.as_deref().unwrap_or("?"),
                m.date.as_deref().unwrap_or("?"),
                m.subject.as_deref().unwrap_or("")
            );
            render_blocks(out, &m.blocks, width);
        }
    }
}

fn render_blocks(out: &mut String, blocks: &[Block], width: Option<usize>) {
    for b in blocks {
        match b {
            Block::Paragraph(p) => {
                let _ = writeln!(out, "{}", p.text);
            }
            Block::Table(t) => render_table(out, t, width),
        }
    }
}

/// Draw a table as aligned columns under a line naming its provenance.
/// A row with a wrapped cell is set off by rules, so it reads as one row.
pub(crate) fn render_table(out: &mut String, t: &Table, width: Option<usize>) {
    let _ = writeln!(
        out,
        "[table {} {}x{} via {}]",
        t.prov.short(),
        t.n_rows,
        t.n_cols,
        t.method
    );
    let mut grid = t.rows_text();
    let axes = sheet_axes(t);
    let lettered = axes.is_some();
    if let Some((letters, numbers)) = axes {
        for (row, number) in grid.iter_mut().zip(numbers) {
            row.insert(0, number);
        }
        grid.insert(0, std::iter::once(String::new()).chain(letters).collect());
    }
    let cells: Vec<Vec<Vec<String>>> = grid
        .iter()
        .map(|row| row.iter().map(|c| wrap(c, width)).collect())
        .collect();
    let n_cols = cells.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..n_cols)
        .map(|c| {
            cells
                .iter()
                .filter_map(|row| row.get(c))
                .flatten()
                .map(|line| line.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let tall: Vec<bool> = cells
        .iter()
        .map(|r| r.iter().any(|c| c.len() > 1))
        .collect();
    let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
    for (i, row) in cells.iter().enumerate() {
        // A rule under the column letters, and around each wrapped row.
        if i > 0 && (tall[i] || tall[i - 1] || (i == 1 && lettered)) {
            let _ = writeln!(out, "|-{}-|", rule.join("-+-"));
        }
        let height = row.iter().map(Vec::len).max().unwrap_or(1);
        for line in 0..height {
            let drawn: Vec<String> = widths
                .iter()
                .enumerate()
                .map(|(c, w)| {
                    let text = row
                        .get(c)
                        .and_then(|l| l.get(line))
                        .map_or("", String::as_str);
                    format!("{text:<w$}")
                })
                .collect();
            let _ = writeln!(out, "| {} |", drawn.join(" | "));
        }
    }
}

/// A cell's text as lines of at most `width` characters: its own line
/// breaks kept, words wrapped, a word longer than the width split.
fn wrap(text: &str, width: Option<usize>) -> Vec<String> {
    let Some(width) = width.filter(|w| *w > 0) else {
        return vec![text.replace('\n', " ")];
    };
    let mut lines = Vec::new();
    for para in text.split('\n') {
        let mut line = String::new();
        for word in para.split_whitespace() {
            let mut word: Vec<char> = word.chars().collect();
            let used = line.chars().count();
            if used > 0 && used + 1 + word.len() <= width {
                line.push(' ');
                line.extend(&word);
                continue;
            }
            if used > 0 {
                lines.push(std::mem::take(&mut line));
            }
            while word.len() > width {
                lines.push(word.drain(..width).collect());
            }
            line = word.into_iter().collect();
        }
        lines.push(line);
    }
    lines
}

/// The column letters and row numbers of a sheet table, read from its
/// cells' A1 references; `None` for tables whose cells have none.
fn sheet_axes(t: &Table) -> Option<(Vec<String>, Vec<String>)> {
    let reference = |r: u32, c: u32| -> Option<(String, String)> {
        let a1 = t.cell(r, c)?.prov.cell.as_deref()?;
        let split = a1.find(|ch: char| ch.is_ascii_digit())?;
        Some((a1[..split].to_string(), a1[split..].to_string()))
    };
    if t.n_rows == 0 || t.n_cols == 0 {
        return None;
    }
    let letters = (0..t.n_cols)
        .map(|c| reference(0, c).map(|(l, _)| l))
        .collect::<Option<Vec<_>>>()?;
    let numbers = (0..t.n_rows)
        .map(|r| reference(r, 0).map(|(_, n)| n))
        .collect::<Option<Vec<_>>>()?;
    Some((letters, numbers))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::Prov;

    #[test]
    fn inspect_wraps_long_cells_instead_of_cutting_them() {
        let long = "Scans where the subject declined to give details or gave details doubted";
        let lines = wrap(long, Some(20));
        assert!(lines.iter().all(|l| l.chars().count() <= 20), "{lines:?}");
        assert_eq!(lines.join(" "), long);
        assert_eq!(wrap("a\nb", Some(20)), ["a", "b"]);
        assert_eq!(wrap("abcdefghij", Some(4)), ["abcd", "efgh", "ij"]);
        assert_eq!(wrap("", Some(4)), [""]);
        assert_eq!(wrap(long, None), [long]);
    }

    #[test]
    fn inspect_shows_sheet_cell_addresses() {
        let mut t = Table::from_rows(
            vec![
                vec!["Ethnicity".into(), "Scans".into()],
                vec!["IC1".into(), "120".into()],
            ],
            Prov::file("a.xlsx"),
            "sheet",
        );
        // The sheet's used range starts at B8.
        for cell in &mut t.cells {
            cell.prov.cell = Some(crate::doc::a1(cell.row + 7, cell.col + 1));
        }
        let mut out = String::new();
        render_table(&mut out, &t, Some(CELL_WIDTH));
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[1], "|   | B         | C     |", "{out}");
        assert_eq!(lines[2], "|---+-----------+-------|", "{out}");
        assert_eq!(lines[3], "| 8 | Ethnicity | Scans |", "{out}");
        assert_eq!(lines[4], "| 9 | IC1       | 120   |", "{out}");
    }
}
