//! `datapackage.json`: a Frictionless Data Package (v1, tabular) describing
//! every CSV of the output folder — field types, required fields, primary
//! and foreign keys, and the record.md vocabularies as enum constraints —
//! so `frictionless validate OUT/datapackage.json` checks the whole folder.

use super::census::Population;
use super::table::Table;
use serde_json::{json, Map, Value};

fn schema(t: &Table) -> Value {
    let fields: Vec<Value> = t
        .columns
        .iter()
        .map(|c| {
            let mut constraints = Map::new();
            if c.required {
                constraints.insert("required".into(), json!(true));
            }
            if let Some(values) = c.allowed {
                constraints.insert("enum".into(), json!(values));
            }
            if let Some(p) = c.pattern {
                constraints.insert("pattern".into(), json!(p));
            }
            let mut f = Map::new();
            f.insert("name".into(), json!(c.name));
            f.insert("type".into(), json!(c.kind.table_schema()));
            f.insert("description".into(), json!(c.description));
            if !constraints.is_empty() {
                f.insert("constraints".into(), Value::Object(constraints));
            }
            Value::Object(f)
        })
        .collect();
    let mut s = Map::new();
    s.insert("fields".into(), Value::Array(fields));
    s.insert("missingValues".into(), json!([""]));
    if !t.primary_key.is_empty() {
        s.insert("primaryKey".into(), json!(t.primary_key));
    }
    if !t.foreign_keys.is_empty() {
        let fks: Vec<Value> = t
            .foreign_keys
            .iter()
            .map(|fk| json!({"fields": fk.fields, "reference": {"resource": fk.resource, "fields": fk.reference_fields}}))
            .collect();
        s.insert("foreignKeys".into(), Value::Array(fks));
    }
    Value::Object(s)
}

/// The package for `tables` (written as `<name>.csv` beside it).
pub fn package(tables: &[Table], population: &Population) -> String {
    let resources: Vec<Value> = tables
        .iter()
        .map(|t| {
            json!({
                "name": t.name,
                "path": t.file_name(),
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "title": t.title,
                "description": t.description,
                "schema": schema(t),
            })
        })
        .collect();
    let package = json!({
        "profile": "tabular-data-package",
        "name": "foi-extract-records",
        "title": "Police FOI replies on mobile fingerprint scanning, one record per force",
        "description": "Written by foi-extract from a folder of Freedom of Information replies. A number the reply does not give is empty (null), never 0. See record.md for the vocabularies.",
        "sources": [
            {"title": "Freedom of Information replies from UK police forces (see sources.csv and files.csv)"},
            {"title": format!("Population denominators: {}", population.source), "description": population.licence},
        ],
        "resources": resources,
    });
    // Pretty and with sorted keys: stable bytes run after run.
    let mut text = serde_json::to_string_pretty(&package).unwrap_or_default();
    text.push('\n');
    text
}
