//! After the files are read (by a run, or by the runs of several shards):
//! build the new output set — documents, assignment, mapping one document
//! at a time, `files.csv`, the outputs — and switch it in whole. `run` and
//! `merge` share this, so shards merged give what one run gives.

use super::files_log::{document_path, open_document, place_document};
use crate::doc::{Document, Format};
use crate::files::{FileRow, AMBIGUOUS};
use crate::map::identify::DocIdentity;
use crate::map::rules::RuleSet;
use crate::output::generation::{crash_point, Generation};
use crate::output::{OutputOptions, RunChanges};
use crate::read::Status;
use anyhow::{Context, Result};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

/// One file of the batch as the output stage needs it.
#[derive(Debug, Clone)]
pub(crate) struct ReadFile {
    pub row: FileRow,
    /// The whole document's JSON, when the file was read into one.
    pub document_file: Option<PathBuf>,
    /// What assignment needs of the document.
    pub identity: Option<DocIdentity>,
}

/// What the output stage gave.
pub(crate) struct Finished {
    /// `files.csv`'s rows, forces filled in.
    pub rows: Vec<FileRow>,
    pub forces: usize,
    pub changes: RunChanges,
}

/// Seconds each phase of the output stage took, for the profile.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct StageTimes {
    pub documents: f64,
    pub assign: f64,
    pub map: f64,
    pub outputs: f64,
    pub commit: f64,
}

/// Write the whole output set of `files` into a new generation of `out`
/// and switch it in.
pub(crate) fn finish(
    out: &Path,
    rules: &RuleSet,
    options: &OutputOptions,
    mut files: Vec<ReadFile>,
    times: &mut StageTimes,
) -> Result<Finished> {
    let clock = std::time::Instant::now();
    let lap = |since: &mut f64| {
        let now = clock.elapsed().as_secs_f64();
        let took = now - *since;
        *since = now;
        took
    };
    let mut since = 0.0;
    let generation =
        Generation::begin(out).with_context(|| format!("{}: cannot write", out.display()))?;
    let set = generation.path();
    let documents = set.join("documents");
    place_documents(&documents, &files)
        .with_context(|| format!("{}: cannot write", documents.display()))?;
    crash_point();
    times.documents = lap(&mut since);
    files.sort_by(|a, b| a.row.path.cmp(&b.row.path));
    let mut identities = BTreeMap::new();
    let mut rows = Vec::with_capacity(files.len());
    for f in files {
        if let Some(identity) = f.identity {
            identities.insert(f.row.path.clone(), identity);
        }
        rows.push(f.row);
    }
    let mapping_rows = crate::map::rows_of(&[], &rows);
    let assignments = crate::map::assign_identified(&mapping_rows, &identities, rules);
    drop(identities);
    times.assign = lap(&mut since);
    let force_of: HashMap<String, String> = assignments
        .iter()
        .filter_map(|a| Some((a.path.clone(), a.force.clone()?)))
        .collect();
    let mapped = crate::map::map_assigned(&mapping_rows, assignments, rules, |path| {
        load_for_mapping(&documents, path, force_of.get(path), rules)
    });
    times.map = lap(&mut since);
    assign_forces(&mut rows, &mapped.assignments);
    let files_csv = set.join("files.csv");
    crate::files::write_files_csv(&files_csv, &rows)
        .with_context(|| format!("{}: cannot write", files_csv.display()))?;
    crash_point();
    let changes = crate::output::write_all_into(out, &set, &mapped.records, &rows, options)?;
    times.outputs = lap(&mut since);
    // Stopped now (Ctrl-C, kill), the new set is dropped unswitched: the
    // previous run's outputs stay as they were.
    super::interrupt::check()?;
    generation
        .commit()
        .with_context(|| format!("{}: cannot switch in the new outputs", out.display()))?;
    times.commit = lap(&mut since);
    Ok(Finished {
        rows,
        forces: mapped.records.len(),
        changes,
    })
}

/// Put each file's whole document into the new set's `documents/` (see
/// [`place_document`]), two at a time: gzipping a big one takes a while.
fn place_documents(dir: &Path, files: &[ReadFile]) -> std::io::Result<()> {
    use rayon::prelude::*;
    std::fs::create_dir_all(dir)?;
    files
        .par_iter()
        .filter_map(|f| Some((f.row.path.as_str(), f.document_file.as_ref()?)))
        .try_for_each(|(path, from)| place_document(dir, path, from))
}

/// The document of `path` as mapping reads it: without its page layout,
/// except a PDF of a force whose rules set its own table settings, whose
/// tables are found again from the whole document.
fn load_for_mapping(
    dir: &Path,
    path: &str,
    force: Option<&String>,
    rules: &RuleSet,
) -> Option<Document> {
    let file = document_path(dir, path)?;
    if let Some(settings) = force.and_then(|f| rules.rules_for(f).pdf_table.as_ref()) {
        let whole: Option<Document> = open_document(&file)
            .ok()
            .and_then(|f| serde_json::from_reader(f).ok());
        if let Some(whole) = whole.filter(|d| d.source.format == Format::Pdf) {
            return Some(crate::read::pdf::refind_tables(&whole, settings));
        }
    }
    crate::doc::read_without_layout(open_document(&file).ok()?).ok()
}

/// Fill each row's `force` from the mapping's assignments.
fn assign_forces(rows: &mut [FileRow], assignments: &[crate::map::Assignment]) {
    let by_path: HashMap<&str, &crate::map::Assignment> =
        assignments.iter().map(|a| (a.path.as_str(), a)).collect();
    for row in rows.iter_mut().filter(|r| r.status != Status::Skipped) {
        row.force = match by_path.get(row.path.as_str()).and_then(|a| a.force.clone()) {
            Some(force) => force,
            None => AMBIGUOUS.to_string(),
        };
    }
}
