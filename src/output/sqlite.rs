//! `foi.sqlite`: the CSV tables with their keys and enum checks, plus views
//! for the questions analysts ask first. Opens as it is in the `sqlite3`
//! shell and in Datasette.
//!
//! The database is built under a temporary name beside the target and
//! renamed into place, so a reader never sees half a database.

use super::table::{Cell, Table};
use anyhow::{Context, Result};
use rusqlite::{params_from_iter, Connection};
use std::path::Path;

/// Views created after the tables: (name, SQL body).
pub const VIEWS: &[(&str, &str)] = &[
    (
        "gaps_by_force",
        "SELECT r.force, r.force_name, r.response_status, r.bsg_status,
                SUM(g.status NOT IN ('present', 'not_applicable')) AS gaps,
                (SELECT group_concat(x.field || ':' || x.status, ' ')
                   FROM (SELECT field, status FROM gaps
                          WHERE force = r.force AND status NOT IN ('present', 'not_applicable')
                          ORDER BY field) AS x) AS gap_fields,
                r.flags
           FROM records r JOIN gaps g ON g.force = r.force
          GROUP BY r.force
          ORDER BY gaps DESC, r.force",
    ),
    (
        "forces_missing_ethnicity",
        "SELECT r.force, r.force_name, r.response_status, r.bsg_status, r.scans_total,
                g.status AS ethnicity_status
           FROM records r JOIN gaps g ON g.force = r.force AND g.field = 'ethnicity'
          WHERE g.status NOT IN ('present', 'not_applicable')
          ORDER BY r.force",
    ),
    (
        "scans_by_database",
        "SELECT r.force, r.force_name, r.scans_iabs, r.scans_ident1, r.scans_both, r.scans_total,
                r.immigration_scans, r.immigration_arrests,
                ROUND(100.0 * r.immigration_arrests / NULLIF(r.immigration_scans, 0), 1)
                  AS immigration_arrest_pct,
                rt.scans_per_10000
           FROM records r LEFT JOIN rates rt ON rt.force = r.force
          WHERE r.scans_total IS NOT NULL
          ORDER BY r.scans_total DESC, r.force",
    ),
    (
        "responses_by_outcome",
        "SELECT response_status, COUNT(*) AS forces, group_concat(force, ' ') AS force_list
           FROM (SELECT response_status, force FROM records ORDER BY force)
          GROUP BY response_status
          ORDER BY forces DESC, response_status",
    ),
    (
        "flags_to_chase",
        "SELECT f.force, f.field, f.kind, f.detail, f.file, f.page, f.sheet, f.\"table\", f.cell
           FROM flags f
          ORDER BY f.force, f.seq",
    ),
];

fn quote(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

fn create_sql(t: &Table) -> String {
    let mut parts: Vec<String> = t
        .columns
        .iter()
        .map(|c| {
            let mut s = format!("{} {}", quote(c.name), c.kind.sqlite());
            if c.required {
                s.push_str(" NOT NULL");
            }
            if let Some(values) = c.allowed {
                let list: Vec<String> = values
                    .iter()
                    .map(|v| format!("'{}'", v.replace('\'', "''")))
                    .collect();
                s.push_str(&format!(
                    " CHECK ({} IN ({}))",
                    quote(c.name),
                    list.join(", ")
                ));
            }
            s
        })
        .collect();
    if !t.primary_key.is_empty() {
        let pk: Vec<String> = t.primary_key.iter().map(|k| quote(k)).collect();
        parts.push(format!("PRIMARY KEY ({})", pk.join(", ")));
    }
    for fk in &t.foreign_keys {
        let a: Vec<String> = fk.fields.iter().map(|k| quote(k)).collect();
        let b: Vec<String> = fk.reference_fields.iter().map(|k| quote(k)).collect();
        parts.push(format!(
            "FOREIGN KEY ({}) REFERENCES {} ({})",
            a.join(", "),
            quote(fk.resource),
            b.join(", ")
        ));
    }
    format!(
        "CREATE TABLE {} (\n  {}\n)",
        quote(t.name),
        parts.join(",\n  ")
    )
}

fn to_sql(cell: &Cell) -> rusqlite::types::Value {
    use rusqlite::types::Value;
    match cell {
        Cell::Null => Value::Null,
        Cell::Int(i) => Value::Integer(*i),
        Cell::Num(x, _) => Value::Real(*x),
        Cell::Text(s) => Value::Text(s.clone()),
    }
}

fn fill(conn: &mut Connection, tables: &[Table]) -> Result<()> {
    conn.execute_batch("PRAGMA foreign_keys = ON; PRAGMA journal_mode = OFF;")?;
    let tx = conn.transaction()?;
    for t in tables {
        tx.execute_batch(&create_sql(t))
            .with_context(|| format!("creating table {}", t.name))?;
        let cols: Vec<String> = t.columns.iter().map(|c| quote(c.name)).collect();
        let marks: Vec<String> = (1..=cols.len()).map(|i| format!("?{i}")).collect();
        let sql = format!(
            "INSERT INTO {} ({}) VALUES ({})",
            quote(t.name),
            cols.join(", "),
            marks.join(", ")
        );
        let mut stmt = tx.prepare(&sql)?;
        for row in &t.rows {
            stmt.execute(params_from_iter(row.iter().map(to_sql)))
                .with_context(|| format!("inserting into {}", t.name))?;
        }
    }
    for (name, body) in VIEWS {
        tx.execute_batch(&format!("CREATE VIEW {} AS {body}", quote(name)))
            .with_context(|| format!("creating view {name}"))?;
    }
    tx.commit()?;
    Ok(())
}

/// Build the database at `path` (replacing any old one).
pub fn write(path: &Path, tables: &[Table]) -> Result<()> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = path.with_file_name(format!(".{name}.tmp-{}", std::process::id()));
    let _ = std::fs::remove_file(&temp);
    let result = (|| -> Result<()> {
        let mut conn = Connection::open(&temp)?;
        fill(&mut conn, tables)?;
        conn.close().map_err(|(_, e)| e)?;
        std::fs::File::open(&temp)?.sync_all()?;
        std::fs::rename(&temp, path)?;
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::table::Column;

    #[test]
    fn keys_and_enums_become_constraints() {
        let t = Table {
            name: "flags",
            title: "",
            description: "",
            columns: vec![
                Column::text("force", "").required(),
                Column::text("kind", "").one_of(&["missing", "withheld"]),
            ],
            primary_key: &["force"],
            foreign_keys: vec![],
            rows: vec![],
        };
        assert_eq!(
            create_sql(&t),
            "CREATE TABLE \"flags\" (\n  \"force\" TEXT NOT NULL,\n  \"kind\" TEXT CHECK (\"kind\" IN ('missing', 'withheld')),\n  PRIMARY KEY (\"force\")\n)"
        );
    }
}
