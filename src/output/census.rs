//! Census denominators: residents by ethnic group per police force area,
//! the explicit table from census area names to force slugs, and the
//! editable table from ethnicity codes (officer IC codes, self-defined
//! codes) to census groups.
//!
//! The 2011 figures and both tables are compiled into the binary so a run
//! works from any folder; `schemas/census/*.csv` (when present) replace the
//! tables, and `--population FILE` replaces the figures. See
//! `schemas/census/README.md` for the formats and the mapping choices.

use crate::record::EthnicityScheme;
use anyhow::{bail, Context, Result};
use std::collections::BTreeMap;
use std::path::Path;

/// The bundled 2011 Census table (ONS QS201EW summed per police force area).
pub const BUNDLED_POPULATION: &str = include_str!("../../schemas/census/force-demographics.csv");
/// Census area name -> force slug.
pub const BUNDLED_FORCE_AREAS: &str = include_str!("../../schemas/census/force-areas.csv");
/// Ethnicity code -> census group, per named mapping.
pub const BUNDLED_GROUPS: &str = include_str!("../../schemas/census/ethnicity-groups.csv");

/// What the bundled figures are and under which licence they are used.
pub const BUNDLED_SOURCE: &str =
    "2011 Census usual residents by ethnic group (ONS table QS201EW), summed per police force area";
pub const BUNDLED_LICENCE: &str =
    "Source: Office for National Statistics licensed under the Open Government Licence v.3.0";

/// Residents of one police force area.
#[derive(Debug, Clone, PartialEq)]
pub struct AreaPopulation {
    /// The area name as the population file spells it.
    pub area: String,
    /// All residents.
    pub total: u64,
    /// Residents per census column, keyed by the short column label
    /// (`White`, `Other ethnic group: Arab`).
    pub columns: BTreeMap<String, u64>,
}

/// Population figures keyed by force slug, with where they came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Population {
    pub source: String,
    pub licence: String,
    pub areas: BTreeMap<String, AreaPopulation>,
}

/// One row of the ethnicity mapping table.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupRow {
    /// Name of the mapping (`ic-2011`); every ratio names the mapping it used.
    pub mapping: String,
    pub scheme: EthnicityScheme,
    pub code: String,
    pub group: String,
    /// Whether this group is the mapping's reference (the White group).
    pub reference: bool,
    /// Census columns whose residents make up the group.
    pub census_columns: Vec<String>,
}

/// The census figures and both mapping tables, loaded once per run.
#[derive(Debug, Clone, PartialEq)]
pub struct Census {
    pub population: Population,
    pub groups: Vec<GroupRow>,
}

impl Census {
    /// Load the figures (bundled or `population`) and the tables
    /// (`schemas/census/` when present, else bundled).
    pub fn load(schemas: Option<&Path>, population: Option<&Path>) -> Result<Census> {
        let areas_text = read_or_bundled(schemas, "census/force-areas.csv", BUNDLED_FORCE_AREAS)?;
        let groups_text = read_or_bundled(schemas, "census/ethnicity-groups.csv", BUNDLED_GROUPS)?;
        let force_areas = parse_force_areas(&areas_text)?;
        let population = match population {
            Some(path) => {
                let text = std::fs::read_to_string(path)
                    .with_context(|| format!("{}: cannot read population file", path.display()))?;
                parse_population(
                    &text,
                    &force_areas,
                    &path.display().to_string(),
                    "as given by the user",
                )
                .with_context(|| format!("{}: bad population file", path.display()))?
            }
            None => parse_population(
                BUNDLED_POPULATION,
                &force_areas,
                BUNDLED_SOURCE,
                BUNDLED_LICENCE,
            )?,
        };
        let groups = parse_groups(&groups_text)?;
        Ok(Census { population, groups })
    }

    /// The bundled figures and tables, ignoring any files on disk.
    pub fn bundled() -> Result<Census> {
        let force_areas = parse_force_areas(BUNDLED_FORCE_AREAS)?;
        Ok(Census {
            population: parse_population(
                BUNDLED_POPULATION,
                &force_areas,
                BUNDLED_SOURCE,
                BUNDLED_LICENCE,
            )?,
            groups: parse_groups(BUNDLED_GROUPS)?,
        })
    }

    /// Mapping names in table order.
    pub fn mappings(&self) -> Vec<&str> {
        let mut names: Vec<&str> = Vec::new();
        for g in &self.groups {
            if !names.contains(&g.mapping.as_str()) {
                names.push(&g.mapping);
            }
        }
        names
    }
}

/// `rel` under the schemas folder when there is one and it holds the file,
/// else the bundled copy (the built-in rules have no folder).
fn read_or_bundled(schemas: Option<&Path>, rel: &str, bundled: &str) -> Result<String> {
    match schemas.map(|d| d.join(rel)).filter(|p| p.is_file()) {
        Some(path) => std::fs::read_to_string(&path)
            .with_context(|| format!("{}: cannot read", path.display())),
        None => Ok(bundled.to_string()),
    }
}

fn csv_reader(text: &str) -> csv::Reader<&[u8]> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes())
}

/// `area,force` rows -> map from area name to force slug.
pub fn parse_force_areas(text: &str) -> Result<BTreeMap<String, String>> {
    let mut map = BTreeMap::new();
    for (i, row) in csv_reader(text).records().enumerate() {
        let row = row.with_context(|| format!("force-areas.csv row {}", i + 2))?;
        let (Some(area), Some(force)) = (row.get(0), row.get(1)) else {
            bail!("force-areas.csv row {}: needs area,force", i + 2);
        };
        map.insert(area.to_string(), force.to_string());
    }
    Ok(map)
}

/// The short label of a census column header: `Ethnic Group: White;
/// measures: Value` -> `White`.
pub fn short_label(header: &str) -> String {
    let h = header.trim();
    let h = h.strip_prefix("Ethnic Group: ").unwrap_or(h);
    let h = h.strip_suffix("; measures: Value").unwrap_or(h);
    h.trim().to_string()
}

/// Parse a population table: first column the area (a census area name
/// from the force-areas table, or a force slug), then one column per census
/// group; the first column whose label starts with "All" or "Total" is the
/// total.
pub fn parse_population(
    text: &str,
    force_areas: &BTreeMap<String, String>,
    source: &str,
    licence: &str,
) -> Result<Population> {
    let mut reader = csv_reader(text);
    let headers: Vec<String> = reader.headers()?.iter().map(short_label).collect();
    let total_col = headers
        .iter()
        .skip(1)
        .position(|h| {
            let l = h.to_ascii_lowercase();
            l.starts_with("all") || l.starts_with("total")
        })
        .map(|p| p + 1)
        .context("no total column (a header starting with 'All' or 'Total')")?;
    let slugs: std::collections::BTreeSet<&String> = force_areas.values().collect();
    let mut areas = BTreeMap::new();
    for (i, row) in reader.records().enumerate() {
        let line = i + 2;
        let row = row.with_context(|| format!("row {line}"))?;
        let area = row.get(0).unwrap_or_default().to_string();
        let force = match force_areas.get(&area) {
            Some(f) => f.clone(),
            None if slugs.contains(&area) => area.clone(),
            None => bail!("row {line}: area '{area}' is not in force-areas.csv (add it there)"),
        };
        let mut columns = BTreeMap::new();
        for (c, header) in headers.iter().enumerate().skip(1) {
            let raw = row.get(c).unwrap_or_default().replace(',', "");
            let n: u64 = raw
                .parse()
                .with_context(|| format!("row {line} column '{header}': '{raw}' is not a count"))?;
            columns.insert(header.clone(), n);
        }
        let total = columns.get(&headers[total_col]).copied().unwrap_or(0);
        if areas
            .insert(
                force.clone(),
                AreaPopulation {
                    area,
                    total,
                    columns,
                },
            )
            .is_some()
        {
            bail!("row {line}: a second row for force '{force}'");
        }
    }
    Ok(Population {
        source: source.to_string(),
        licence: licence.to_string(),
        areas,
    })
}

/// Parse the ethnicity mapping table.
pub fn parse_groups(text: &str) -> Result<Vec<GroupRow>> {
    let mut rows = Vec::new();
    let mut reader = csv_reader(text);
    let headers = reader.headers()?.clone();
    let col = |name: &str| {
        headers
            .iter()
            .position(|h| h == name)
            .with_context(|| format!("ethnicity-groups.csv: no '{name}' column"))
    };
    let (m, s, c, g, r, cc) = (
        col("mapping")?,
        col("scheme")?,
        col("code")?,
        col("group")?,
        col("reference")?,
        col("census_columns")?,
    );
    for (i, row) in reader.records().enumerate() {
        let line = i + 2;
        let row = row.with_context(|| format!("ethnicity-groups.csv row {line}"))?;
        let get = |k: usize| row.get(k).unwrap_or_default().to_string();
        let scheme = match get(s).as_str() {
            "officer" => EthnicityScheme::Officer,
            "self" => EthnicityScheme::SelfDefined,
            "other" => EthnicityScheme::Other,
            other => {
                bail!("ethnicity-groups.csv row {line}: scheme '{other}' is not officer/self/other")
            }
        };
        let census_columns: Vec<String> = get(cc)
            .split(" + ")
            .map(|x| x.trim().to_string())
            .filter(|x| !x.is_empty())
            .collect();
        if census_columns.is_empty() {
            bail!("ethnicity-groups.csv row {line}: no census columns");
        }
        rows.push(GroupRow {
            mapping: get(m),
            scheme,
            code: get(c),
            group: get(g),
            reference: matches!(get(r).to_ascii_lowercase().as_str(), "yes" | "true" | "1"),
            census_columns,
        });
    }
    // A group must mean one set of residents within its mapping.
    let mut seen: BTreeMap<(&str, &str), &Vec<String>> = BTreeMap::new();
    for row in &rows {
        if let Some(prev) = seen.insert((&row.mapping, &row.group), &row.census_columns) {
            if prev != &row.census_columns {
                bail!(
                    "ethnicity-groups.csv: group '{}' of mapping '{}' lists different census columns on different rows",
                    row.group,
                    row.mapping
                );
            }
        }
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_tables_cover_all_43_areas() {
        let census = Census::bundled().unwrap();
        let areas = &census.population.areas;
        assert_eq!(areas.len(), 43);
        assert_eq!(areas["metropolitan"].total, 8_166_566);
        assert_eq!(areas["avon-and-somerset"].area, "Avon & Somerset");
        assert_eq!(areas["cheshire"].columns["Other ethnic group: Arab"], 828);
        let sum: u64 = areas.values().map(|a| a.total).sum();
        assert_eq!(sum, 56_075_912, "England and Wales usual residents");
        assert_eq!(census.mappings(), vec!["ic-2011", "sde-2011"]);
        // Every census column the mapping names exists in the population file.
        for g in &census.groups {
            for c in &g.census_columns {
                assert!(areas["kent"].columns.contains_key(c), "{c}");
            }
        }
    }

    #[test]
    fn unknown_area_is_an_error_naming_the_table() {
        let areas = parse_force_areas("area,force\nKent,kent\n").unwrap();
        let err =
            parse_population("area,All people,White\nMars,10,5\n", &areas, "x", "y").unwrap_err();
        assert!(format!("{err:#}").contains("force-areas.csv"), "{err:#}");
        let ok = parse_population(
            "area,Total: All usual residents,White\nkent,10,5\n",
            &areas,
            "x",
            "y",
        )
        .unwrap();
        assert_eq!(ok.areas["kent"].total, 10);
    }
}
