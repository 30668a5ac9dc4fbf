//! Delimited text (.csv, .tsv, exports named .txt): decoded with
//! [`super::decode`] (BOMs, UTF-16 without BOM, Windows-1252), the
//! delimiter sniffed among comma, semicolon, tab and pipe, parsed with the
//! csv crate (quoted fields may hold delimiters and newlines) into one
//! [`Sheet`] named after the file stem, with A1 references like a
//! spreadsheet's.

use super::annex::{uncounted_warning, Tally, BIG_SHEET_ROWS, SAMPLE_ROWS};
use super::decode::decode_text;
use super::{Extracted, Input, ReadError, Reader};
use crate::doc::{a1, CellValue, Format, Part, Prov, Sheet, Table};

pub struct CsvReader;

/// Delimiters tried, in order of preference on a tie.
const DELIMITERS: [u8; 4] = [b',', b';', b'\t', b'|'];

/// Records looked at when sniffing the delimiter.
const SNIFF_RECORDS: usize = 50;

impl Reader for CsvReader {
    fn read(&self, input: &Input) -> Result<Extracted, ReadError> {
        let (text, _encoding) = decode_text(input.bytes);
        let mut warnings = Vec::new();
        // NULs are never data in a text export: a block of them is damage.
        let nuls = text.matches('\0').count();
        let text = match nuls {
            0 => text,
            n => {
                warnings.push(format!(
                    "{n} NUL bytes removed (a damaged stretch of the file)"
                ));
                text.replace('\0', "")
            }
        };
        let (text, delimiter) = match excel_separator_line(&text) {
            Some((rest, d)) => (rest, d),
            None => (text.as_str(), sniff_delimiter(&text, input.format)),
        };
        let max_cells = input.limits.max_sheet_cells.max(1);
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .from_reader(text.as_bytes());
        let mut rows: Vec<Vec<String>> = Vec::new();
        let mut width = 0usize;
        // Past BIG_SHEET_ROWS the file is a record-level annex: its rows are
        // counted as they are parsed and only the first ones are kept.
        let mut big: Option<(Option<Tally>, usize)> = None;
        for (i, record) in reader.records().enumerate() {
            let record = record.map_err(ReadError::corrupt)?;
            if let Some((tally, total)) = &mut big {
                *total = i + 1;
                if let Some(tally) = tally {
                    tally.add(i, &record.iter().collect::<Vec<_>>());
                }
                continue;
            }
            if rows.len() >= BIG_SHEET_ROWS {
                let mut tally = Tally::new(&rows[..rows.len().min(20)]);
                if let Some(tally) = &mut tally {
                    for (r, row) in rows.iter().enumerate() {
                        tally.add(r, row);
                    }
                    tally.add(i, &record.iter().collect::<Vec<_>>());
                }
                rows.truncate(SAMPLE_ROWS);
                big = Some((tally, i + 1));
                continue;
            }
            let new_width = width.max(record.len());
            if (rows.len() as u64 + 1).saturating_mul(new_width as u64) > max_cells {
                warnings.push(format!(
                    "stopped after {} rows (cell limit {})",
                    rows.len(),
                    input.limits.max_sheet_cells
                ));
                break;
            }
            width = new_width;
            rows.push(record.iter().map(str::to_string).collect());
        }
        // Exports often end with empty lines or rows of bare delimiters.
        while rows
            .last()
            .is_some_and(|r| r.iter().all(|f| f.trim().is_empty()))
        {
            rows.pop();
        }
        let name = stem(input.file_name()).to_string();
        let sheet = sheet_from_rows(rows, &name, input.path);
        let mut parts = vec![Part::Sheet(sheet)];
        match big {
            Some((Some(tally), _)) => {
                let (counts, warning) = tally.finish(&name, 0, input.path);
                parts.extend(counts.into_iter().map(Part::Sheet));
                warnings.push(warning);
            }
            Some((None, total)) => warnings.push(uncounted_warning(&name, total)),
            None => {}
        }
        Ok(Extracted {
            parts,
            children: Vec::new(),
            warnings,
        })
    }
}

/// Excel's `sep=;` first line, which names the delimiter and is not data:
/// the text after it and the delimiter.
fn excel_separator_line(text: &str) -> Option<(&str, u8)> {
    let (first, rest) = text.split_once('\n').unwrap_or((text, ""));
    let sep = first.trim_end_matches('\r').strip_prefix("sep=")?;
    match sep.as_bytes() {
        [d] if DELIMITERS.contains(d) => Some((rest, *d)),
        _ => None,
    }
}

/// File name without its last extension.
fn stem(file_name: &str) -> &str {
    match file_name.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => stem,
        _ => file_name,
    }
}

/// The delimiter that splits the first records into the most rows of one
/// same width (above one field); a tab for `.tsv` when nothing is clearer.
pub fn sniff_delimiter(text: &str, format: Format) -> u8 {
    let mut best: Option<(usize, usize, u8)> = None;
    for d in DELIMITERS {
        let widths: Vec<usize> = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(d)
            .from_reader(text.as_bytes())
            .records()
            .take(SNIFF_RECORDS)
            .map_while(Result::ok)
            .map(|r| r.len())
            .collect();
        let Some((modal_width, count)) = modal(&widths) else {
            continue;
        };
        if modal_width < 2 {
            continue;
        }
        // Most consistent rows first, then the wider split.
        let candidate = (count, modal_width, d);
        if best.is_none_or(|(c, w, _)| (count, modal_width) > (c, w)) {
            best = Some(candidate);
        }
    }
    match best {
        Some((_, _, d)) => d,
        None if format == Format::Tsv => b'\t',
        None => b',',
    }
}

/// The most common value and how often it occurs (smallest on a tie).
fn modal(values: &[usize]) -> Option<(usize, usize)> {
    let mut sorted = values.to_vec();
    sorted.sort_unstable();
    let mut best: Option<(usize, usize)> = None;
    for chunk in sorted.chunk_by(|a, b| a == b) {
        let (v, n) = (chunk[0], chunk.len());
        if best.is_none_or(|(_, bn)| n > bn) {
            best = Some((v, n));
        }
    }
    best
}

/// One sheet from rows of fields: cells typed (numbers, ISO dates), each
/// with provenance naming the sheet and its A1 reference.
fn sheet_from_rows(rows: Vec<Vec<String>>, name: &str, path: &str) -> Sheet {
    let mut prov = Prov::file(path);
    prov.sheet = Some(name.to_string());
    prov.table = Some(1);
    let mut table = Table::from_rows(rows, prov, "csv");
    for cell in &mut table.cells {
        cell.prov.cell = Some(a1(cell.row, cell.col));
        if let CellValue::Text(t) = &cell.value {
            if is_iso_date(t) {
                cell.value = CellValue::Date(t.clone());
            }
        }
    }
    Sheet {
        name: name.to_string(),
        index: 0,
        visibility: "visible".into(),
        hidden_rows: Vec::new(),
        hidden_cols: Vec::new(),
        merged: Vec::new(),
        table,
    }
}

/// `YYYY-MM-DD`, optionally followed by `THH:MM` or `THH:MM:SS` (or a
/// space instead of `T`), with a real month and day. Other date shapes
/// (`30/06/2020`) are ambiguous and stay text.
pub fn is_iso_date(t: &str) -> bool {
    let b = t.as_bytes();
    if b.len() < 10 {
        return false;
    }
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    if !(digits(0..4) && b[4] == b'-' && digits(5..7) && b[7] == b'-' && digits(8..10)) {
        return false;
    }
    let month = (b[5] - b'0') * 10 + (b[6] - b'0');
    let day = (b[8] - b'0') * 10 + (b[9] - b'0');
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return false;
    }
    match &b[10..] {
        [] => true,
        [sep, rest @ ..] if *sep == b'T' || *sep == b' ' => {
            let time_ok = |r: &[u8]| r.len() == 2 && r.iter().all(u8::is_ascii_digit);
            let parts: Vec<&[u8]> = rest.split(|&c| c == b':').collect();
            (parts.len() == 2 || parts.len() == 3) && parts.iter().all(|p| time_ok(p))
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_each_delimiter() {
        let rows = "Month;IABS;IDENT1\nMarch 2019;93;20\nApril 2019;88;17\n";
        assert_eq!(sniff_delimiter(rows, Format::Csv), b';');
        assert_eq!(sniff_delimiter(&rows.replace(';', "|"), Format::Csv), b'|');
        assert_eq!(
            sniff_delimiter(&rows.replace(';', "\t"), Format::Csv),
            b'\t'
        );
        // Commas inside quotes do not win over the real delimiter.
        let quoted = "Item;Note\n\"Devices\";\"a, b, c\"\n\"Licence\";\"d, e\"\n";
        assert_eq!(sniff_delimiter(quoted, Format::Csv), b';');
        assert_eq!(sniff_delimiter("one column\nonly\n", Format::Tsv), b'\t');
    }

    #[test]
    fn excel_sep_line_names_the_delimiter() {
        let text = "sep=;\r\nForce;Scans\r\nKent;113\r\n";
        assert_eq!(
            excel_separator_line(text),
            Some(("Force;Scans\r\nKent;113\r\n", b';'))
        );
        assert_eq!(excel_separator_line("Force;Scans\n"), None);
        assert_eq!(excel_separator_line("sep=xx\n"), None);
    }

    #[test]
    fn iso_dates_only() {
        assert!(is_iso_date("2020-06-30"));
        assert!(is_iso_date("2020-06-30T14:05"));
        assert!(is_iso_date("2020-06-30 14:05:09"));
        assert!(!is_iso_date("2020-13-30"));
        assert!(!is_iso_date("30/06/2020"));
        assert!(!is_iso_date("2020-06-30 and more"));
    }

    #[test]
    fn stems() {
        assert_eq!(stem("Annex A.csv"), "Annex A");
        assert_eq!(stem("data"), "data");
        assert_eq!(stem(".csv"), ".csv");
    }
}
