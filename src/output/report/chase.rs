//! The report's "Files to chase": every file the batch could not read
//! (unreadable, unsupported or failed), with the force it belongs to where
//! that is known and what to do about it. A file whose force could not be
//! told is in no force's section, so without this list it would appear
//! nowhere in the report.

use super::{esc, wide};
use crate::files::{FileRow, AMBIGUOUS};
use crate::output::words;
use crate::read::Status;
use crate::record::Record;
use std::fmt::Write;

/// What a volunteer can do about a file, from its status and message (the
/// README's table of statuses).
fn advice(f: &FileRow) -> &'static str {
    let m = f.message.to_ascii_lowercase();
    match f.status {
        Status::Unsupported => {
            "if it holds part of the reply, convert it to PDF or Word and put the copy in the folder \
(a signature or a calendar file can be ignored)"
        }
        Status::Error => "report it with the file: the tool failed on it",
        _ if m.contains("password") => "ask the force for an unprotected copy",
        _ if m.contains("no text layer") => "OCR it (e.g. ocrmypdf) or copy the figures by hand",
        _ if m.contains("image file") => "read it by eye or OCR it",
        _ if m.contains("permission") => "let the tool read it (check the file's permissions)",
        _ if m.contains("empty file") => "download it again, or ask the force to send it again",
        _ => "download it again: a truncated download is the usual cause",
    }
}

/// Whether the batch gave up on the file (skipped files are not replies).
fn to_chase(f: &FileRow) -> bool {
    matches!(
        f.status,
        Status::Unreadable | Status::Unsupported | Status::Error
    )
}

/// The section, or nothing when every file was read.
pub fn section(records: &[Record], files: &[FileRow]) -> String {
    let mut rows: Vec<(bool, &FileRow)> = files
        .iter()
        .filter(|f| to_chase(f))
        .map(|f| {
            let known = !f.force.is_empty() && f.force != AMBIGUOUS;
            (known, f)
        })
        .collect();
    if rows.is_empty() {
        return String::new();
    }
    // Files no force section mentions come first.
    rows.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.path.cmp(&b.1.path)));
    let unknown = rows.iter().filter(|r| !r.0).count() as u64;
    let mut s = String::from("<h2 id=\"chase\">Files to chase</h2>\n");
    let _ = write!(
        s,
        "<p>{} could not be read.",
        words::count(rows.len() as u64, "file", "files")
    );
    if unknown > 0 {
        let _ = write!(
            s,
            " For {} no force could be told, so no force's section lists {}: {} first.",
            words::count(unknown, "file", "files"),
            if unknown == 1 { "it" } else { "them" },
            if unknown == 1 {
                "it comes"
            } else {
                "they come"
            }
        );
    }
    s.push_str("</p>\n");
    let mut t = String::from(
        "<table id=\"chase-table\"><thead><tr><th scope=\"col\">File</th><th scope=\"col\">Force</th>\
<th scope=\"col\">Status</th><th scope=\"col\">Why</th><th scope=\"col\">What to do</th></tr></thead><tbody>\n",
    );
    for (known, f) in rows {
        let force = if known {
            words::force_name(records, &f.force)
        } else {
            "unknown".to_string()
        };
        let message = f
            .message
            .strip_prefix(&format!("{}: ", f.status.name()))
            .unwrap_or(&f.message);
        let _ = writeln!(
            t,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&f.path),
            esc(&force),
            esc(f.status.name()),
            esc(message),
            advice(f)
        );
    }
    t.push_str("</tbody></table>");
    s.push_str(&wide(&t));
    s
}
