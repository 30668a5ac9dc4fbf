//! `foi-extract summary OUT`: the headline table and the top gaps of a
//! finished run, printed in the terminal from `OUT/records.jsonl` (and
//! `OUT/files.csv` when present).

use super::gaps::{self, GapField, GapStatus};
use super::headline::{headline, OUTCOMES, USE};
use super::{jsonl, words};
use crate::files::{read_files_csv, Counts};
use crate::record::Record;
use anyhow::{Context, Result};
use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::Path;

/// How many forces the top-gaps table lists.
const TOP: usize = 15;

/// Print the summary of the run in `out`.
pub fn run(out: &Path) -> Result<()> {
    let records = jsonl::read(&out.join("records.jsonl"))
        .with_context(|| format!("{}: no finished run here (records.jsonl)", out.display()))?;
    let files = out.join("files.csv");
    let counts = if files.is_file() {
        Some(Counts::of(&read_files_csv(&files)?))
    } else {
        None
    };
    print!("{}", render(&records, counts.as_ref()));
    Ok(())
}

/// The summary text.
pub fn render(records: &[Record], files: Option<&Counts>) -> String {
    let h = headline(records);
    let mut s = String::new();
    let _ = writeln!(s, "Forces asked: {}", h.asked);
    let outcomes: Vec<String> = OUTCOMES
        .iter()
        .zip(h.outcomes)
        .map(|(o, n)| format!("{o} {n}"))
        .collect();
    let _ = writeln!(s, "Replies:      {}", outcomes.join(" | "));
    let uses: Vec<String> = USE
        .iter()
        .zip(h.uses)
        .map(|((_, u), n)| format!("{u} {n}"))
        .collect();
    let _ = writeln!(s, "Devices:      {}", uses.join(" | "));
    let _ = writeln!(
        s,
        "Scans:        {} reported by {}",
        h.scans_total,
        words::count(h.forces_with_scans as u64, "force", "forces")
    );
    match files {
        Some(c) if c.files == 0 => {
            let _ = writeln!(
                s,
                "Files:        none found: the folder was empty, or the path was wrong"
            );
        }
        Some(c) => {
            let _ = writeln!(s, "Files:        {c}");
        }
        None => {}
    }

    let mut rows: Vec<(&Record, Vec<gaps::GapCell>, usize)> = records
        .iter()
        .map(|r| {
            let row = gaps::row(r);
            let n = row.iter().filter(|c| c.status.is_gap()).count();
            (r, row, n)
        })
        .collect();
    let mut by_field: BTreeMap<GapField, BTreeMap<GapStatus, usize>> = BTreeMap::new();
    for (_, row, _) in &rows {
        for c in row.iter().filter(|c| c.status.is_gap()) {
            *by_field
                .entry(c.field)
                .or_default()
                .entry(c.status)
                .or_default() += 1;
        }
    }
    rows.retain(|(_, _, n)| *n > 0);
    rows.sort_by(|a, b| b.2.cmp(&a.2).then(a.0.force.cmp(&b.0.force)));
    if rows.is_empty() {
        s.push_str("\nNo gaps.\n");
        return s;
    }
    let _ = writeln!(s, "\nTop gaps (P present, M missing, N not recorded, W withheld, I inconsistent, A ambiguous, U unreadable, - n/a):");
    let _ = write!(s, "{:<24} {:<13}", "force", "reply");
    for f in GapField::ALL {
        let _ = write!(s, " {:>9}", short(f));
    }
    let _ = writeln!(s, " {:>5}", "flags");
    for (r, row, _) in rows.iter().take(TOP) {
        let _ = write!(s, "{:<24} {:<13}", r.force, r.response.status.name());
        for c in row {
            let _ = write!(s, " {:>9}", c.status.letter());
        }
        let _ = writeln!(s, " {:>5}", r.flags.len());
    }
    if rows.len() > TOP {
        let _ = writeln!(
            s,
            "... and {} more forces with gaps (report.html has them all)",
            rows.len() - TOP
        );
    }
    let _ = writeln!(s, "\nGaps by field:");
    for (field, statuses) in by_field {
        let parts: Vec<String> = statuses
            .iter()
            .map(|(st, n)| format!("{} {n}", st.name()))
            .collect();
        let _ = writeln!(s, "  {:<20} {}", field.title(), parts.join(", "));
    }
    s
}

fn short(f: GapField) -> &'static str {
    match f {
        GapField::ScansByDatabase => "by-db",
        GapField::ScansTotal => "total",
        GapField::ImmigrationArrests => "arrests",
        GapField::Ethnicity => "ethnicity",
        GapField::Reasons => "reasons",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::testdata::{flag, record};
    use crate::record::{FlagKind, ResponseStatus};

    #[test]
    fn headline_and_top_gaps() {
        let mut kent = record("kent");
        kent.scans.total = Some(511);
        kent.flags = vec![
            flag("ethnicity", FlagKind::NotRecorded),
            flag("scans.iabs", FlagKind::Missing),
        ];
        let mut essex = record("essex");
        essex.response.status = ResponseStatus::NoResponse;
        let text = render(&[essex, kent], None);
        assert!(text.starts_with("Forces asked: 2\nReplies:      Responded 1 | Asked for clarification 0 | No response 1 | Unclear 0 | Declined 0\n"), "{text}");
        let lines: Vec<&str> = text.lines().collect();
        let essex_line = lines.iter().position(|l| l.starts_with("essex ")).unwrap();
        let kent_line = lines.iter().position(|l| l.starts_with("kent ")).unwrap();
        assert!(essex_line < kent_line, "most gaps first:\n{text}");
        assert!(
            lines[kent_line].ends_with("        M         P         M         N         M     2"),
            "{text}"
        );
        assert!(
            text.contains("  Ethnicity            missing 1, not_recorded 1\n"),
            "{text}"
        );
    }

    #[test]
    fn summary_of_an_empty_folder_warns_that_no_file_was_found() {
        let text = render(&[], Some(&Counts::default()));
        assert!(
            text.contains(
                "Files:        none found: the folder was empty, or the path was wrong\n"
            ),
            "{text}"
        );
    }
}
