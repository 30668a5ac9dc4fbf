//! The output tables built from the records: `records` (one row per force)
//! and the long tables `sources`, `ethnicity`, `reasons`, `monthly`,
//! `flags`, plus the derived `gaps` and `checks`, and `files` (the batch's file log).

use super::checks::{Check, CHECK_KINDS, VERDICTS};
use super::gaps::{GapField, GapStatus};
use super::table::{Cell, Column, ForeignKey, Table};
use crate::doc::Prov;
use crate::files::FileRow;
use crate::record::{BsgStatus, EthnicityScheme, FlagKind, Record, ResponseStatus};

const SCHEMES: &[&str] = &["officer", "self", "other"];
const REASONS: &[&str] = &[
    "name_not_given",
    "details_doubted_or_refused",
    "immigration",
    "wanted_check",
    "other",
    "not_stated",
];
const FILE_STATUS: &[&str] = &["ok", "unreadable", "unsupported", "error", "skipped"];
const MONTH: &str = "^[0-9]{4}-[0-9]{2}$";
const YEAR_OR_MONTH: &str = "^[0-9]{4}(-[0-9]{2})?$";
const DATE: &str = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$";

pub(crate) fn force_col() -> Column {
    Column::text("force", "Force slug (record.md)").required()
}

fn seq_col() -> Column {
    Column::int(
        "seq",
        "1-based position of the entry within the force's record",
    )
    .required()
}

/// Provenance columns shared by the long tables.
fn prov_cols() -> Vec<Column> {
    vec![
        Column::text("file", "Source file, relative to the reply folder"),
        Column::int("page", "1-based PDF page"),
        Column::text("sheet", "Spreadsheet sheet"),
        Column::int(
            "table",
            "1-based table index within the page, sheet or body",
        ),
        Column::text(
            "cell",
            "Cell: A1 reference for sheets, r<row>c<col> (1-based) for other tables",
        ),
    ]
}

fn prov_cells(p: Option<&Prov>) -> Vec<Cell> {
    let Some(p) = p else {
        return vec![Cell::Null; 5];
    };
    let cell = p.cell.clone().or_else(|| match (p.row, p.col) {
        (Some(r), Some(c)) => Some(format!("r{}c{}", r + 1, c + 1)),
        _ => None,
    });
    vec![
        Cell::text(&p.file),
        Cell::opt_int(p.page.map(u64::from)),
        Cell::opt_text(p.sheet.as_ref()),
        Cell::opt_int(p.table.map(u64::from)),
        Cell::opt_text(cell),
    ]
}

pub fn scheme_name(s: EthnicityScheme) -> &'static str {
    match s {
        EthnicityScheme::Officer => "officer",
        EthnicityScheme::SelfDefined => "self",
        EthnicityScheme::Other => "other",
    }
}

pub fn records(records: &[Record]) -> Table {
    let columns = vec![
        force_col(),
        Column::text("force_name", "Force name").required(),
        Column::text("response_status", "Outcome of the request")
            .required()
            .one_of(&ResponseStatus::NAMES),
        Column::text(
            "exemptions",
            "Exemptions applied, normalised (foia:s31), joined by ';'",
        ),
        Column::text("reference", "The force's reference for the request"),
        Column::text("response_date", "Date of the (latest) answer").pattern(DATE),
        Column::text("bsg_status", "Use of the Biometric Services Gateway")
            .required()
            .one_of(&BsgStatus::NAMES),
        Column::text("bsg_since", "When use (or the pilot) began").pattern(YEAR_OR_MONTH),
        Column::text("period_from", "First month the figures cover").pattern(MONTH),
        Column::text("period_to", "Last month the figures cover").pattern(MONTH),
        Column::int(
            "scans_iabs",
            "Scans checked against IABS (immigration) only",
        ),
        Column::int("scans_ident1", "Scans checked against IDENT1 (police) only"),
        Column::int("scans_both", "Scans checked against both databases"),
        Column::int("scans_total", "All scans"),
        Column::int("immigration_scans", "Scans that touched IABS"),
        Column::int(
            "immigration_arrests",
            "Arrests for immigration offences after a scan",
        ),
        Column::int("ethnicity_entries", "Rows of the ethnicity breakdown").required(),
        Column::int("reason_entries", "Rows of the reasons breakdown").required(),
        Column::int("flags", "Number of flags (gaps to chase)").required(),
        Column::int("sources", "Number of source files").required(),
    ];
    let rows = records
        .iter()
        .map(|r| {
            let period = r.period.as_ref();
            vec![
                Cell::text(&r.force),
                Cell::text(&r.force_name),
                Cell::text(r.response.status.name()),
                Cell::text(&r.response.exemptions.join(";")),
                Cell::opt_text(r.response.reference.as_ref()),
                Cell::opt_text(r.response.date.as_ref()),
                Cell::text(r.bsg.status.name()),
                Cell::opt_text(r.bsg.since.as_ref()),
                Cell::opt_text(period.and_then(|p| p.from.as_ref())),
                Cell::opt_text(period.and_then(|p| p.to.as_ref())),
                Cell::opt_int(r.scans.iabs),
                Cell::opt_int(r.scans.ident1),
                Cell::opt_int(r.scans.both),
                Cell::opt_int(r.scans.total),
                Cell::opt_int(r.immigration.scans),
                Cell::opt_int(r.immigration.arrests),
                Cell::from_u64(r.ethnicity.len() as u64),
                Cell::from_u64(r.reasons.len() as u64),
                Cell::from_u64(r.flags.len() as u64),
                Cell::from_u64(r.sources.len() as u64),
            ]
        })
        .collect();
    Table {
        name: "records",
        title: "Records",
        description: "One row per police force: the outcome of the request and its headline figures (null = not given).",
        columns,
        primary_key: &["force"],
        foreign_keys: vec![],
        rows,
    }
}

/// One row of a long table: the force, the entry's 1-based position in
/// the record, the entry's own cells, then where it was found.
fn entry_row(force: &str, index: usize, own: Vec<Cell>, source: Option<&Prov>) -> Vec<Cell> {
    let mut row = vec![Cell::text(force), Cell::from_u64(index as u64 + 1)];
    row.extend(own);
    row.extend(prov_cells(source));
    row
}

/// The columns of rows made by [`entry_row`].
fn entry_columns(own: Vec<Column>) -> Vec<Column> {
    let mut columns = vec![force_col(), seq_col()];
    columns.extend(own);
    columns.extend(prov_cols());
    columns
}

/// A table of the entries of each record, keyed by force and position.
fn entry_table(
    name: &'static str,
    title: &'static str,
    description: &'static str,
    columns: Vec<Column>,
    rows: Vec<Vec<Cell>>,
) -> Table {
    Table {
        name,
        title,
        description,
        columns,
        primary_key: &["force", "seq"],
        foreign_keys: vec![Table::force_key()],
        rows,
    }
}

pub fn sources(records: &[Record]) -> Table {
    let mut rows = Vec::new();
    for r in records {
        for (i, s) in r.sources.iter().enumerate() {
            rows.push(vec![
                Cell::text(&r.force),
                Cell::from_u64(i as u64 + 1),
                Cell::text(&s.file),
                Cell::text(&s.sha256),
                Cell::text(&s.format),
            ]);
        }
    }
    let columns = vec![
        force_col(),
        seq_col(),
        Column::text("file", "File, relative to the reply folder").required(),
        Column::text("sha256", "SHA-256 of the file"),
        Column::text("format", "Detected format"),
    ];
    entry_table(
        "sources",
        "Sources",
        "The files each record was built from.",
        columns,
        rows,
    )
}

pub fn ethnicity(records: &[Record]) -> Table {
    let mut rows = Vec::new();
    for r in records {
        for (i, e) in r.ethnicity.iter().enumerate() {
            let own = vec![
                Cell::text(&e.label),
                Cell::text(scheme_name(e.scheme)),
                Cell::opt_text(e.code.as_ref()),
                Cell::opt_int(e.count),
            ];
            rows.push(entry_row(&r.force, i, own, e.source.as_ref()));
        }
    }
    let columns = entry_columns(vec![
        Column::text("label", "The reply's own wording").required(),
        Column::text(
            "scheme",
            "officer (IC codes), self (self-defined codes) or other",
        )
        .required()
        .one_of(SCHEMES),
        Column::text("code", "IC0-IC6 or a self-defined code (W1, NS...)"),
        Column::int(
            "count",
            "Scans of people in this group (null = not given or suppressed)",
        ),
    ]);
    entry_table(
        "ethnicity",
        "Scans by ethnicity",
        "One row per ethnicity category each reply lists.",
        columns,
        rows,
    )
}

pub fn reasons(records: &[Record]) -> Table {
    let mut rows = Vec::new();
    for r in records {
        for (i, e) in r.reasons.iter().enumerate() {
            let own = vec![
                Cell::text(&e.label),
                Cell::text(&e.reason),
                Cell::opt_int(e.count),
            ];
            rows.push(entry_row(&r.force, i, own, e.source.as_ref()));
        }
    }
    let columns = entry_columns(vec![
        Column::text("label", "The reply's own wording").required(),
        Column::text("reason", "Normalised reason")
            .required()
            .one_of(REASONS),
        Column::int("count", "Scans for this reason (null = not given)"),
    ]);
    entry_table(
        "reasons",
        "Scans by reason",
        "One row per scan reason each reply lists.",
        columns,
        rows,
    )
}

pub fn monthly(records: &[Record]) -> Table {
    let mut rows = Vec::new();
    for r in records {
        for (i, e) in r.monthly.iter().enumerate() {
            let own = vec![Cell::text(&e.month), Cell::opt_int(e.total)];
            rows.push(entry_row(&r.force, i, own, e.source.as_ref()));
        }
    }
    let columns = entry_columns(vec![
        Column::text("month", "YYYY-MM").required().pattern(MONTH),
        Column::int("total", "Scans that month (null = not given)"),
    ]);
    entry_table(
        "monthly",
        "Scans by month",
        "Month-by-month totals where a reply gives them.",
        columns,
        rows,
    )
}

pub fn flags(records: &[Record]) -> Table {
    let mut rows = Vec::new();
    for r in records {
        for (i, f) in r.flags.iter().enumerate() {
            let own = vec![
                Cell::text(f.field.name()),
                Cell::text(f.kind.name()),
                Cell::text(&f.detail),
            ];
            let mut row = entry_row(&r.force, i, own, f.source.as_ref());
            row.push(Cell::text(
                &f.also
                    .iter()
                    .map(Prov::short)
                    .collect::<Vec<_>>()
                    .join("; "),
            ));
            rows.push(row);
        }
    }
    let mut columns = entry_columns(vec![
        Column::text(
            "field",
            "Record field the flag is about (scans.iabs, ethnicity, response...)",
        )
        .required(),
        Column::text("kind", "What kind of gap")
            .required()
            .one_of(&FlagKind::NAMES),
        Column::text("detail", "What to chase"),
    ]);
    columns.push(Column::text(
        "also",
        "Other sources of a disagreement, joined by '; '",
    ));
    entry_table(
        "flags",
        "Flags",
        "Every gap an analyst must look at, with where it was found.",
        columns,
        rows,
    )
}

pub fn gaps(records: &[Record]) -> Table {
    let mut rows = Vec::new();
    for r in records {
        for c in super::gaps::row(r) {
            rows.push(vec![
                Cell::text(&r.force),
                Cell::text(c.field.name()),
                Cell::text(c.status.name()),
                Cell::text(c.status.letter()),
                Cell::from_u64(c.flags.len() as u64),
            ]);
        }
    }
    Table {
        name: "gaps",
        title: "Gap matrix",
        description: "Forces x fields: whether each value is present, missing, not recorded, withheld, inconsistent, ambiguous, unreadable or not applicable.",
        columns: vec![
            force_col(),
            Column::text("field", "Field of the matrix").required().one_of(GapField::NAMES),
            Column::text("status", "State of the value").required().one_of(GapStatus::NAMES),
            Column::text("letter", "Letter shown in the printed matrix").required(),
            Column::int("flags", "Flags behind the status").required(),
        ],
        primary_key: &["force", "field"],
        foreign_keys: vec![Table::force_key()],
        rows,
    }
}

pub fn checks(checks: &[Check]) -> Table {
    let rows = checks
        .iter()
        .enumerate()
        .map(|(i, c)| {
            vec![
                Cell::from_u64(i as u64 + 1),
                Cell::text(&c.force),
                Cell::text(c.check),
                Cell::text(&c.field),
                Cell::text(&c.stated),
                Cell::text(&c.computed),
                Cell::text(c.verdict),
                Cell::text(&c.detail),
            ]
        })
        .collect();
    Table {
        name: "checks",
        title: "Checks of the figures",
        description: "Parts that do not add up, and published figures (--compare) that disagree with the records.",
        columns: vec![
            Column::int("id", "Row number").required(),
            Column::text("force", "Force slug, or the name the compare file gave").required(),
            Column::text("check", "sum, bound or compare").required().one_of(CHECK_KINDS),
            Column::text("field", "Field checked").required(),
            Column::text("stated", "What the reply or publication states"),
            Column::text("computed", "What the parts add up to, or what the records give"),
            Column::text("verdict", "disagrees, or rounding for an off-by-rounding published figure").required().one_of(VERDICTS),
            Column::text("detail", "Explanation"),
        ],
        primary_key: &["id"],
        foreign_keys: vec![],
        rows,
    }
}

pub fn files(files: &[FileRow]) -> Table {
    let rows = files
        .iter()
        .map(|f| {
            vec![
                Cell::text(&f.path),
                Cell::text(&f.sha256),
                Cell::text(&f.format),
                Cell::from_u64(f.bytes),
                Cell::from_u64(f.parts as u64),
                Cell::text(f.status.name()),
                Cell::text(&f.message),
                Cell::from_u64(f.milliseconds),
                Cell::text(&f.force),
            ]
        })
        .collect();
    Table {
        name: "files",
        title: "Files read",
        description: "The batch's file log: one row per file, inner files included.",
        columns: vec![
            Column::text("path", "Logical path relative to the reply folder").required(),
            Column::text("sha256", "SHA-256 of the file"),
            Column::text("format", "Detected format"),
            Column::int("bytes", "Size"),
            Column::int("parts", "Pages, sheets, bodies or messages read"),
            Column::text("status", "Outcome of reading")
                .required()
                .one_of(FILE_STATUS),
            Column::text("message", "Reason for any status but ok"),
            Column::int("milliseconds", "Time taken"),
            Column::text("force", "Force slug the file was assigned to, or ambiguous"),
        ],
        primary_key: &[],
        foreign_keys: vec![],
        rows,
    }
}

/// Resolve a `ForeignKey` list into names for writers that need strings.
pub fn fk_names(fk: &ForeignKey) -> (String, String, String) {
    (
        fk.fields.join(", "),
        fk.resource.to_string(),
        fk.reference_fields.join(", "),
    )
}
