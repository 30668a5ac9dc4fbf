//! Output writers: everything `run` writes next to `files.csv` from the
//! records.
//!
//! - `records.jsonl`: one compact JSON record per line, sorted by force.
//! - CSV tables (`records.csv`, `sources.csv`, `ethnicity.csv`,
//!   `reasons.csv`, `monthly.csv`, `flags.csv`, `gaps.csv`, `rates.csv`,
//!   `disproportionality.csv`, `disproportionality_pooled.csv`, `checks.csv`), described by
//!   `datapackage.json` (a Frictionless Data Package).
//! - `foi.sqlite`: the same tables with keys, plus views.
//! - `report.html`: one self-contained page with the gap matrix and charts.
//!
//! Every file is written atomically and byte-deterministically: the same
//! records give the same bytes whatever the order they arrive in.

pub mod census;
pub mod checks;
pub mod compare;
pub mod compare_changes;
pub mod compare_field;
pub mod datapackage;
pub mod derive;
pub mod diff;
pub mod gaps;
pub mod generation;
pub mod headline;
pub mod interval;
pub mod jsonl;
pub mod rate_tables;
pub mod rates;
pub mod report;
pub mod sqlite;
pub mod summary;
pub mod table;
pub mod tables;
#[cfg(test)]
pub(crate) mod testdata;
pub mod words;

pub use diff::RunChanges;

use crate::atomic::write_atomic;
use crate::files::FileRow;
use crate::record::Record;
use anyhow::{Context, Result};
use std::path::{Path, PathBuf};

/// Settings of the output stage.
#[derive(Debug, Clone, PartialEq)]
pub struct OutputOptions {
    /// CSV replacing the bundled 2011 Census figures.
    pub population: Option<PathBuf>,
    /// CSV of published figures (force,field,value) to check against.
    pub compare: Option<PathBuf>,
    /// The schemas folder (its `census/` tables replace the bundled ones);
    /// `None` with the built-in rules.
    pub schemas: Option<PathBuf>,
}

/// Everything derived from the records that more than one writer needs.
pub struct Derived {
    pub records: Vec<Record>,
    pub census: census::Census,
    pub rates: rates::Rates,
    pub checks: Vec<checks::Check>,
    /// Whether a compare file was given (so "no disagreements" means something).
    pub compared: bool,
    /// What was compared, for the next run's change summary.
    pub compare_state: Option<compare_changes::CompareState>,
}

impl Derived {
    /// Sort the records, compute rates and run the checks.
    pub fn build(records: &[Record], opts: &OutputOptions) -> Result<Derived> {
        let mut records = records.to_vec();
        records.sort_by(|a, b| a.force.cmp(&b.force));
        // One record per force is the contract (and the tables' primary
        // key): a second one is a mapping bug to fix, not to hide.
        if let Some(pair) = records.windows(2).find(|w| w[0].force == w[1].force) {
            anyhow::bail!(
                "two records for force '{}': the mapping must merge them",
                pair[0].force
            );
        }
        let census = census::Census::load(opts.schemas.as_deref(), opts.population.as_deref())?;
        let rates = rates::compute(&records, &census);
        let mut found: Vec<checks::Check> = records.iter().flat_map(checks::arithmetic).collect();
        let mut compare_state = None;
        if let Some(path) = &opts.compare {
            let published = compare::read(path)?;
            let disagreements = compare::compare(&published, &records, &rates);
            compare_state = Some(compare_changes::CompareState::of(
                path,
                &published,
                &disagreements,
            ));
            found.extend(disagreements);
        }
        Ok(Derived {
            records,
            census,
            rates,
            checks: found,
            compared: opts.compare.is_some(),
            compare_state,
        })
    }

    /// Every CSV table, in the order the package lists them.
    pub fn tables(&self, files: &[FileRow]) -> Vec<table::Table> {
        let r = &self.records;
        vec![
            tables::records(r),
            tables::sources(r),
            tables::ethnicity(r),
            tables::reasons(r),
            tables::monthly(r),
            tables::flags(r),
            tables::gaps(r),
            rate_tables::rates(&self.rates),
            rate_tables::disproportionality(&self.rates),
            rate_tables::pooled(&self.rates),
            tables::checks(&self.checks),
            // Listed even when empty: every output has its resource.
            tables::files(files),
        ]
    }
}

/// Write every output into `out` and say what changed since the last run.
pub fn write_all(
    out: &Path,
    records: &[Record],
    files: &[FileRow],
    opts: &OutputOptions,
) -> Result<RunChanges> {
    write_all_into(out, out, records, files, opts)
}

/// Write every output into `dest` (a new output set) and say what changed
/// since the last run, whose outputs `previous` shows.
pub fn write_all_into(
    previous: &Path,
    dest: &Path,
    records: &[Record],
    files: &[FileRow],
    opts: &OutputOptions,
) -> Result<RunChanges> {
    use generation::crash_point;
    let previous_jsonl = previous.join("records.jsonl");
    let derived = Derived::build(records, opts)?;
    let mut changes = if previous_jsonl.is_file() {
        match jsonl::read(&previous_jsonl) {
            Ok(previous) => diff::diff(Some(&previous), &derived.records),
            Err(e) => RunChanges {
                first_run: true,
                previous_error: Some(format!("{e:#}")),
                ..Default::default()
            },
        }
    } else {
        diff::diff(None, &derived.records)
    };
    let compared_before = compare_changes::CompareState::load(previous);
    changes.compare =
        compare_changes::changes(compared_before.as_ref(), derived.compare_state.as_ref());

    let jsonl_path = dest.join("records.jsonl");
    write_atomic(&jsonl_path, &jsonl::to_bytes(&derived.records)?)
        .with_context(|| format!("{}: cannot write", jsonl_path.display()))?;
    crash_point();
    let tables = derived.tables(files);
    for t in &tables {
        // files.csv is the batch's own file log; it is described, not
        // rewritten, but written here when no batch wrote one, so the
        // package never lists a file that is not there.
        if t.name == "files" && dest.join(t.file_name()).is_file() {
            continue;
        }
        let path = dest.join(t.file_name());
        write_atomic(&path, &t.to_csv())
            .with_context(|| format!("{}: cannot write", path.display()))?;
        crash_point();
    }
    let package = datapackage::package(&tables, &derived.census.population);
    write_atomic(&dest.join("datapackage.json"), package.as_bytes())
        .context("cannot write datapackage.json")?;
    crash_point();
    sqlite::write(&dest.join("foi.sqlite"), &tables).context("cannot write foi.sqlite")?;
    crash_point();
    let html = report::render(&derived, files);
    write_atomic(&dest.join("report.html"), html.as_bytes()).context("cannot write report.html")?;
    crash_point();
    compare_changes::CompareState::save(derived.compare_state.as_ref(), dest)
        .with_context(|| format!("{}: cannot write", compare_changes::STATE_FILE))?;
    crash_point();
    Ok(changes)
}
