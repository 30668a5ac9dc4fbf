//! The rate tables: `rates` (scans per 10,000 residents per force),
//! `disproportionality` (per force and ethnic group) and
//! `disproportionality_pooled` (per group over the forces that gave both
//! its count and the White group's), each rate and ratio with its 95%
//! interval and its caution.

use super::interval::{Caution, Interval};
use super::rates::{GroupRate, Rates};
use super::table::{Cell, Column, Table};
use super::tables::force_col;

/// The cells of an optional interval: low, high.
fn interval_cells(i: Option<Interval>) -> [Cell; 2] {
    [
        Cell::opt_num(i.map(|i| i.low), 2),
        Cell::opt_num(i.map(|i| i.high), 2),
    ]
}

fn caution_col() -> Column {
    Column::text(
        "caution",
        "Why to read the row with caution: fewer than 10 scans or 1,000 residents, in the group or in the White group it is compared with (empty: none). Such rows come last",
    )
}

pub fn rates(rates: &Rates) -> Table {
    let rows = rates
        .scans
        .iter()
        .map(|r| {
            let mut row = vec![
                Cell::text(&r.force),
                Cell::text(&r.area),
                Cell::from_u64(r.population),
                Cell::from_u64(r.scans_total),
                Cell::Num(r.per_10000, 2),
            ];
            row.extend(interval_cells(r.interval));
            row.push(Cell::text(&Caution::join(&r.caution)));
            row
        })
        .collect();
    Table {
        name: "rates",
        title: "Scans per 10,000 residents",
        description:
            "Scans per 10,000 residents of each force area (population: see the package's sources), with 95% intervals (exact Poisson).",
        columns: vec![
            force_col(),
            Column::text("area", "Census police force area").required(),
            Column::int("population", "Usual residents").required(),
            Column::int("scans_total", "All scans").required(),
            Column::num("scans_per_10000", "Scans per 10,000 residents").required(),
            Column::num("scans_per_10000_low", "Lower bound of the 95% interval (exact Poisson)"),
            Column::num("scans_per_10000_high", "Upper bound of the 95% interval (exact Poisson)"),
            caution_col(),
        ],
        primary_key: &["force"],
        foreign_keys: vec![Table::force_key()],
        rows,
    }
}

/// The columns a group's rate and its ratio share, per force and pooled.
fn group_cells(g: &GroupRate) -> Vec<Cell> {
    let mut row = vec![
        Cell::text(&g.mapping),
        Cell::text(&g.group),
        Cell::text(if g.reference { "yes" } else { "no" }),
        Cell::from_u64(g.scans),
        Cell::from_u64(g.population),
        Cell::opt_num(g.per_10000, 2),
    ];
    row.extend(interval_cells(g.per_10000_interval));
    row.push(Cell::opt_int(g.baseline.map(|b| b.0)));
    row.push(Cell::opt_int(g.baseline.map(|b| b.1)));
    row.push(Cell::opt_num(g.ratio, 2));
    row.extend(interval_cells(g.ratio_interval));
    row.push(Cell::text(&Caution::join(&g.caution)));
    row
}

fn group_columns() -> Vec<Column> {
    vec![
        Column::text("mapping", "Which code-to-census mapping was used").required(),
        Column::text("group", "Census group").required(),
        Column::text("reference", "Whether this is the reference group")
            .required()
            .one_of(&["yes", "no"]),
        Column::int("scans", "Scans of people the reply puts in this group").required(),
        Column::int("population", "Residents of this group in the force area(s)").required(),
        Column::num("per_10000", "Scans per 10,000 residents of the group"),
        Column::num(
            "per_10000_low",
            "Lower bound of the rate's 95% interval (exact Poisson)",
        ),
        Column::num(
            "per_10000_high",
            "Upper bound of the rate's 95% interval (exact Poisson)",
        ),
        Column::int(
            "reference_scans",
            "Scans of the reference (White) group over the same force(s): the ratio's baseline",
        ),
        Column::int(
            "reference_population",
            "Residents of the reference group over the same force(s)",
        ),
        Column::num(
            "ratio",
            "Rate divided by the reference group's rate over the same force(s)",
        ),
        Column::num(
            "ratio_low",
            "Lower bound of the ratio's 95% interval (exact conditional, Clopper-Pearson)",
        ),
        Column::num(
            "ratio_high",
            "Upper bound of the ratio's 95% interval (exact conditional, Clopper-Pearson)",
        ),
        caution_col(),
    ]
}

pub fn disproportionality(rates: &Rates) -> Table {
    let rows = rates
        .groups
        .iter()
        .map(|g| {
            let mut row = vec![Cell::text(&g.force)];
            row.extend(group_cells(g));
            row
        })
        .collect();
    let mut columns = vec![force_col()];
    columns.extend(group_columns());
    Table {
        name: "disproportionality",
        title: "Scan rates by ethnic group",
        description: "Scans per 10,000 residents of each ethnic group, and the ratio to the reference (White) group's rate in the same force, with 95% intervals. `mapping` names the code-to-census table used (schemas/census/ethnicity-groups.csv). Rows marked in `caution` come last.",
        columns,
        primary_key: &["force", "mapping", "group"],
        foreign_keys: vec![Table::force_key()],
        rows,
    }
}

pub fn pooled(rates: &Rates) -> Table {
    let rows = rates
        .pooled
        .iter()
        .map(|g| {
            let mut row = group_cells(g);
            row.insert(3, Cell::from_u64(g.forces.len() as u64));
            row.insert(4, Cell::text(&g.forces.join(";")));
            row
        })
        .collect();
    let mut columns = group_columns();
    columns.insert(
        3,
        Column::int("forces", "How many forces are pooled").required(),
    );
    columns.insert(
        4,
        Column::text(
            "force_list",
            "The forces pooled, joined by ';': those that gave both this group's and the reference group's counts",
        )
        .required(),
    );
    Table {
        name: "disproportionality_pooled",
        title: "Scan rates by ethnic group, pooled over forces",
        description: "Each group's scans and residents summed over the forces that gave both its count and the reference (White) group's, compared with the reference group summed over those same forces, with 95% intervals.",
        columns,
        primary_key: &["mapping", "group"],
        foreign_keys: vec![],
        rows,
    }
}
