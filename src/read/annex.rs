//! Record-level annexes (one row per search, as some forces send: tens or
//! hundreds of thousands of rows) turned into the summary tables a reply
//! letter would give, inside the reader: every row is counted by the
//! columns that name a database, an ethnicity, a reason or a date (by
//! month), each count table is an ordinary sheet whose cells cite the
//! source sheet and the column range counted, and the sheet itself keeps
//! only its first [`SAMPLE_ROWS`] rows. So the parent, the documents JSON
//! and the mapping see a few small tables, never the annex's cells, and the
//! mapping reads the counts like any other table.

use crate::doc::{a1, Prov, Sheet, Table};
use std::collections::HashMap;

/// A sheet with more rows than this is read as a record-level annex.
pub(crate) const BIG_SHEET_ROWS: usize = 10_000;
/// Rows of such a sheet kept in the document (header included), so its
/// layout can still be inspected; the JSON of a huge sheet is bounded by
/// this times its width plus the count tables.
pub(crate) const SAMPLE_ROWS: usize = 100;
/// A column with more distinct values than this is not a category (a
/// reference, free text) and is not counted.
const MAX_CATEGORIES: usize = 150;
/// Rows looked at for the header (the widest of them; title lines above).
const HEADER_SEARCH_ROWS: usize = 20;

/// What a counted column says of each record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Facet {
    Database,
    Ethnicity,
    Reason,
    Month,
}

impl Facet {
    /// The facet a column header names, if any.
    fn of_header(header: &str) -> Option<Facet> {
        let h = header.to_lowercase();
        let has = |words: &[&str]| words.iter().any(|w| h.contains(w));
        if has(&["ethnic"]) {
            Some(Facet::Ethnicity)
        } else if has(&["database", "searched against", "ident1", "iabs", "system"]) {
            Some(Facet::Database)
        } else if has(&["reason", "purpose", "grounds", "rationale"]) {
            Some(Facet::Reason)
        } else if has(&["month", "date", "logged", "time"]) {
            Some(Facet::Month)
        } else {
            None
        }
    }
}

/// One counted column.
#[derive(Debug)]
struct Column {
    index: usize,
    header: String,
    facet: Facet,
    /// Label → (count, order first seen).
    counts: HashMap<String, (u64, usize)>,
    /// Values that could not be read as a month (month columns only).
    unread: u64,
}

/// Counts of a record-level sheet, fed one row at a time.
#[derive(Debug)]
pub(crate) struct Tally {
    /// 0-based row of the header within the sheet.
    header_row: usize,
    columns: Vec<Column>,
    records: u64,
    /// 0-based row of the last record seen.
    last_row: usize,
    /// Sheet row and column of the table's first cell (a used range that
    /// does not start at A1), for the A1 references of the counted ranges.
    origin: (u32, u32),
}

impl Tally {
    /// A tally for a sheet whose first rows are `head` (the header is the
    /// widest of its first rows); None when no column names a facet.
    pub(crate) fn new<S: AsRef<str>>(head: &[Vec<S>]) -> Option<Tally> {
        let header_row = (0..head.len().min(HEADER_SEARCH_ROWS)).max_by_key(|&r| {
            let filled = head[r].iter().filter(|c| !c.as_ref().trim().is_empty());
            (filled.count(), std::cmp::Reverse(r))
        })?;
        let mut columns: Vec<Column> = Vec::new();
        for (index, header) in head[header_row].iter().enumerate() {
            let header = header.as_ref().trim();
            let Some(facet) = Facet::of_header(header) else {
                continue;
            };
            // One month column: a "Month" column over a "Date" one.
            if facet == Facet::Month && columns.iter().any(|c| c.facet == Facet::Month) {
                continue;
            }
            columns.push(Column {
                index,
                header: header.to_string(),
                facet,
                counts: HashMap::new(),
                unread: 0,
            });
        }
        let tally = Tally {
            header_row,
            columns,
            records: 0,
            last_row: header_row,
            origin: (0, 0),
        };
        tally
            .columns
            .iter()
            .any(|c| c.facet != Facet::Month)
            .then_some(tally)
    }

    /// Count row `row` (0-based in the sheet); rows up to the header and
    /// empty rows are not records.
    pub(crate) fn add<S: AsRef<str>>(&mut self, row: usize, cells: &[S]) {
        if row <= self.header_row || cells.iter().all(|c| c.as_ref().trim().is_empty()) {
            return;
        }
        self.records += 1;
        self.last_row = row;
        for column in &mut self.columns {
            if column.counts.len() > MAX_CATEGORIES {
                continue;
            }
            let value = cells.get(column.index).map_or("", |c| c.as_ref().trim());
            let label = match column.facet {
                Facet::Month => match month_of(value) {
                    Some(m) => m,
                    None => {
                        column.unread += 1;
                        continue;
                    }
                },
                _ if value.is_empty() => "Blank".to_string(),
                _ => value.to_string(),
            };
            let seen = column.counts.len();
            column.counts.entry(label).or_insert((0, seen)).0 += 1;
        }
    }

    /// The count tables as sheets (named after `sheet` and the column)
    /// and a warning saying what was done.
    pub(crate) fn finish(self, sheet: &str, index: u32, path: &str) -> (Vec<Sheet>, String) {
        let mut sheets = Vec::new();
        let mut counted = Vec::new();
        for column in self.columns {
            let usable = column.counts.len() <= MAX_CATEGORIES
                && column.unread * 10 <= self.records
                && !column.counts.is_empty();
            if !usable {
                continue;
            }
            let (row0, col0) = self.origin;
            let col = col0 + column.index as u32;
            let range = format!(
                "{}:{}",
                a1(row0 + self.header_row as u32 + 1, col),
                a1(row0 + self.last_row as u32, col)
            );
            counted.push(format!("{} ({range})", column.header));
            let table_no = sheets.len() as u32 + 2;
            sheets.push(count_sheet(&column, sheet, index, path, &range, table_no));
        }
        let warning = format!(
            "sheet '{sheet}': {} rows, one per record; counted by {} and kept only its first {SAMPLE_ROWS} rows",
            self.records,
            if counted.is_empty() {
                "no column".to_string()
            } else {
                counted.join(", ")
            }
        );
        (sheets, warning)
    }
}

/// The sheet of one column's counts: the column's header over the labels,
/// "Records" over the counts, and a total row; every cell cites the source
/// sheet and the column range counted.
fn count_sheet(
    column: &Column,
    sheet: &str,
    index: u32,
    path: &str,
    range: &str,
    table_no: u32,
) -> Sheet {
    let mut labels: Vec<(&String, &(u64, usize))> = column.counts.iter().collect();
    match column.facet {
        Facet::Month => labels.sort_by(|a, b| a.0.cmp(b.0)),
        _ => labels.sort_by_key(|(_, (_, first))| *first),
    }
    let total: u64 = labels.iter().map(|(_, (n, _))| n).sum();
    let mut rows = vec![vec![column.header.clone(), "Records".to_string()]];
    for (label, (count, _)) in labels {
        let shown = match column.facet {
            Facet::Month => month_name(label),
            _ => label.clone(),
        };
        rows.push(vec![shown, count.to_string()]);
    }
    rows.push(vec!["Total".to_string(), total.to_string()]);
    let mut prov = Prov::file(path);
    prov.sheet = Some(sheet.to_string());
    prov.table = Some(table_no);
    prov.cell = Some(range.to_string());
    let mut table = Table::from_rows(rows, prov, "record count");
    table.header_rows = 1;
    table.caption = Some(format!(
        "Records of sheet '{sheet}' counted by '{}' ({range})",
        column.header
    ));
    Sheet {
        name: format!("{sheet} (counts by {})", column.header),
        index,
        visibility: "visible".into(),
        hidden_rows: Vec::new(),
        hidden_cols: Vec::new(),
        merged: Vec::new(),
        table,
    }
}

/// Bound a sheet already read whole (xlsx, xls, ods): one of more than
/// [`BIG_SHEET_ROWS`] rows keeps only its first [`SAMPLE_ROWS`] rows and
/// its records are counted. Returns the count sheets and the warning, or
/// None for a sheet of ordinary size.
pub(crate) fn bound_sheet(sheet: &mut Sheet, path: &str) -> Option<(Vec<Sheet>, String)> {
    let n_rows = sheet.table.n_rows as usize;
    if n_rows <= BIG_SHEET_ROWS {
        return None;
    }
    let rows = sheet.table.rows_text();
    let origin = sheet
        .table
        .cells
        .first()
        .and_then(|c| Some((c.row, c.col, parse_a1(c.prov.cell.as_deref()?)?)))
        .map_or((0, 0), |(r, c, (ar, ac))| {
            (ar.saturating_sub(r), ac.saturating_sub(c))
        });
    let counted = Tally::new(&rows[..HEADER_SEARCH_ROWS.min(rows.len())]).map(|mut tally| {
        tally.origin = origin;
        for (r, row) in rows.iter().enumerate() {
            tally.add(r, row);
        }
        tally.finish(&sheet.name, sheet.index, path)
    });
    drop(rows);
    let keep = SAMPLE_ROWS as u32;
    sheet.table.cells.retain(|c| c.row < keep);
    sheet.table.n_rows = keep;
    sheet.hidden_rows.retain(|&r| r < keep);
    Some(counted.unwrap_or_else(|| (Vec::new(), uncounted_warning(&sheet.name, n_rows))))
}

/// `B7` as 0-based (row, column).
fn parse_a1(cell: &str) -> Option<(u32, u32)> {
    let split = cell.find(|c: char| c.is_ascii_digit())?;
    let (letters, digits) = cell.split_at(split);
    if letters.is_empty() || !letters.bytes().all(|b| b.is_ascii_uppercase()) {
        return None;
    }
    let col = letters
        .bytes()
        .fold(0u32, |n, b| n * 26 + u32::from(b - b'A' + 1));
    let row: u32 = digits.parse().ok()?;
    Some((row.checked_sub(1)?, col - 1))
}

/// The warning for a big sheet with no column to count by.
pub(crate) fn uncounted_warning(sheet: &str, rows: usize) -> String {
    format!(
        "sheet '{sheet}': {rows} rows and no column naming a database, ethnicity, reason or date to count by; kept only its first {SAMPLE_ROWS} rows"
    )
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// `YYYY-MM` as `March 2019`.
fn month_name(ym: &str) -> String {
    let (y, m) = ym.split_once('-').unwrap_or((ym, "0"));
    let m: usize = m.parse().unwrap_or(0);
    match MONTHS.get(m.wrapping_sub(1)) {
        Some(name) => format!("{name} {y}"),
        None => ym.to_string(),
    }
}

/// The month of a date cell as `YYYY-MM`: ISO (`2019-03-01`, with a time
/// or not), UK day-first (`01/03/2019`), or a month label (`Mar-19`,
/// `March 2019`).
fn month_of(value: &str) -> Option<String> {
    let v = value.trim();
    let year = |y: &str| -> Option<u32> {
        let n: u32 = y.parse().ok()?;
        match y.len() {
            2 => Some(2000 + n),
            4 if (1990..2100).contains(&n) => Some(n),
            _ => None,
        }
    };
    let ym = |y: u32, m: u32| (1..=12).contains(&m).then(|| format!("{y:04}-{m:02}"));
    let b = v.as_bytes();
    if b.len() >= 7 && b[4] == b'-' && b[..4].iter().all(u8::is_ascii_digit) {
        return ym(year(&v[..4])?, v[5..7].parse().ok()?);
    }
    let parts: Vec<&str> = v
        .split(['/', '-', ' ', '.'])
        .filter(|p| !p.is_empty())
        .collect();
    match parts.as_slice() {
        [_, m, y] | [_, m, y, ..] if m.bytes().all(|c| c.is_ascii_digit()) => {
            let y = year(y.get(..4.min(y.len()))?)?;
            ym(y, m.parse().ok()?)
        }
        [name, y] => {
            let lower = name.to_lowercase();
            let m = MONTHS
                .iter()
                .position(|full| lower.len() >= 3 && full.to_lowercase().starts_with(&lower))?;
            ym(year(y)?, m as u32 + 1)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_from_every_date_shape() {
        for (v, m) in [
            ("2019-03-01", "2019-03"),
            ("2019-03-01T10:04:00", "2019-03"),
            ("01/03/2019", "2019-03"),
            ("1/3/2019 10:04", "2019-03"),
            ("Mar-19", "2019-03"),
            ("March 2019", "2019-03"),
            ("sept 2020", "2020-09"),
        ] {
            assert_eq!(month_of(v).as_deref(), Some(m), "{v}");
        }
        assert_eq!(month_of("BSG19-000001"), None);
        assert_eq!(month_of("2019-13-01"), None);
        assert_eq!(month_name("2019-03"), "March 2019");
    }

    #[test]
    fn record_level_sheet_counted_by_its_facet_columns() {
        let head = vec![
            vec!["Annex A", "", "", ""],
            vec![
                "Search ref",
                "Date",
                "Perceived ethnicity",
                "Databases searched",
            ],
        ];
        let mut tally = Tally::new(&head).expect("facets");
        for (i, row) in head.iter().enumerate() {
            tally.add(i, row);
        }
        let rows = [
            ["BSG-1", "2019-03-01", "White", "IDENT1"],
            ["BSG-2", "2019-03-02", "Asian", "Both"],
            ["BSG-3", "2019-04-01", "White", "IDENT1"],
            ["", "", "", ""],
            ["BSG-4", "2019-04-09", "", "IABS"],
        ];
        for (i, row) in rows.iter().enumerate() {
            tally.add(i + 2, row);
        }
        let (sheets, warning) = tally.finish("Searches", 1, "annex.csv");
        let texts: Vec<Vec<Vec<String>>> = sheets.iter().map(|s| s.table.rows_text()).collect();
        let pairs = |t: &Vec<Vec<String>>| -> Vec<(String, String)> {
            t.iter().map(|r| (r[0].clone(), r[1].clone())).collect()
        };
        let s = |a: &str, b: &str| (a.to_string(), b.to_string());
        assert_eq!(
            pairs(&texts[0]),
            [
                s("Date", "Records"),
                s("March 2019", "2"),
                s("April 2019", "2"),
                s("Total", "4")
            ]
        );
        assert_eq!(
            pairs(&texts[1]),
            [
                s("Perceived ethnicity", "Records"),
                s("White", "2"),
                s("Asian", "1"),
                s("Blank", "1"),
                s("Total", "4")
            ]
        );
        assert_eq!(texts[2][1], ["IDENT1", "2"]);
        let cell = sheets[1].table.cell(1, 1).expect("count");
        assert_eq!(cell.prov.sheet.as_deref(), Some("Searches"));
        assert_eq!(cell.prov.cell.as_deref(), Some("C3:C7"));
        assert!(
            warning.starts_with("sheet 'Searches': 4 rows, one per record"),
            "{warning}"
        );
    }

    #[test]
    fn log_without_a_category_column_is_not_counted() {
        let head = vec![vec!["Transaction", "Search ref", "Logged at", "Event"]];
        assert!(Tally::new(&head).is_none());
    }
}
