//! The batch: read every file under a folder (and every file inside its
//! zips and emails), each in an isolated worker process, then write the file
//! log, the documents and the records.
//!
//! A bad file never stops the batch: whatever happens to one file (an
//! unreadable format, a panic, a hang, an allocation storm) becomes that
//! file's row in `files.csv`, and every other file is still read.

mod cache;
pub mod discover;
mod fanout;
pub mod files_log;
mod interrupt;
mod job;
mod progress;
mod read_one;
mod spawn;
pub mod worker;

pub use read_one::{read_one, read_tree_in_process, read_tree_streaming, FileOutcome, TreeVisitor};

use crate::cli::RunArgs;
use crate::files::{Counts, FileRow, AMBIGUOUS};
use crate::read::{Limits, Status};
use anyhow::{bail, Context, Result};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

/// Memory one worker (and `inspect`) may use by default, in MiB.
pub const DEFAULT_MAX_MEM_MIB: u64 = 4096;

pub(crate) use job::cap_own_memory;

/// The run's settings, resolved once from the command line.
#[derive(Debug, Clone)]
pub struct RunConfig {
    pub dir: PathBuf,
    pub out: PathBuf,
    pub jobs: usize,
    pub timeout: Duration,
    pub max_mem_bytes: u64,
    /// Where the rule files came from (a folder or the built-in copy).
    pub schemas: crate::map::rules::SchemaSource,
    pub population: Option<PathBuf>,
    pub compare: Option<PathBuf>,
    pub use_cache: bool,
    pub progress_bar: bool,
    /// The binary to start as a worker (this executable).
    pub worker_exe: PathBuf,
    pub limits: Limits,
    /// Force registry, vocabularies and rules, loaded and checked up front.
    pub rules: crate::map::rules::RuleSet,
}

impl RunConfig {
    /// Check the arguments and resolve defaults. Every fatal error of a run
    /// (missing folder, unwritable output) happens here, before any work.
    pub fn resolve(args: &RunArgs) -> Result<Self> {
        // A single reply file is read as a folder holding just it.
        if !args.dir.is_dir() && !args.dir.is_file() {
            bail!("{}: no such file or folder", args.dir.display());
        }
        std::fs::create_dir_all(&args.out)
            .with_context(|| format!("{}: cannot create output folder", args.out.display()))?;
        let probe = args.out.join(".foi-extract-write-test");
        std::fs::write(&probe, b"")
            .with_context(|| format!("{}: output folder is not writable", args.out.display()))?;
        let _ = std::fs::remove_file(&probe);
        // Marks the folder as outputs, so no later run reads it as input.
        std::fs::write(
            args.out.join(discover::OUTPUT_MARKER),
            "This folder holds the outputs of foi-extract; it is never read as input.\n",
        )
        .with_context(|| format!("{}: output folder is not writable", args.out.display()))?;
        // Every input the run depends on is checked before any file is read:
        // a broken rule file or population table is fatal now, not after an
        // hour of reading.
        let schemas = crate::map::rules::SchemaSource::resolve(args.schemas.as_deref());
        let rules =
            crate::map::rules::RuleSet::load_from(&schemas).map_err(|e| anyhow::anyhow!("{e}"))?;
        crate::output::census::Census::load(schemas.dir(), args.population.as_deref())
            .context("population table")?;
        if let Some(compare) = &args.compare {
            crate::output::compare::read(compare).context("--compare")?;
        }
        let jobs = args
            .jobs
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
            .max(1);
        Ok(RunConfig {
            dir: args.dir.clone(),
            out: args.out.clone(),
            jobs,
            timeout: Duration::from_secs(args.timeout.max(1)),
            max_mem_bytes: args.max_mem.max(64) << 20,
            schemas,
            population: args.population.clone(),
            compare: args.compare.clone(),
            use_cache: !args.no_cache,
            progress_bar: !args.no_progress && std::io::IsTerminal::is_terminal(&std::io::stderr()),
            worker_exe: std::env::current_exe().context("cannot find own executable")?,
            limits: Limits {
                max_container_files: args.max_container_files,
                ..Limits::default()
            },
            rules,
        })
    }
}

/// Run the batch: read, then write the file log and documents, then map
/// and write the records and their views.
pub fn run(config: &RunConfig) -> Result<ExitCode> {
    interrupt::catch_signals();
    let spawn::ReadAll {
        outcomes,
        work,
        excluded,
    } = match spawn::read_all(config) {
        Ok(read) => read,
        Err(e) => return interrupted_exit(e),
    };
    // The last point at which a signal leaves every output as it was; from
    // here the outputs are written to the end (each atomically).
    if let Err(interrupted) = interrupt::check() {
        drop(work);
        return interrupted_exit(interrupted.into());
    }
    let documents_dir = config.out.join("documents");
    files_log::write_documents(&documents_dir, &outcomes)
        .and_then(|_| crate::atomic::sync_file_system(&documents_dir))
        .with_context(|| format!("{}: cannot write", documents_dir.display()))?;
    drop(work);
    let mut rows: Vec<FileRow> = outcomes.iter().map(|o| o.row.clone()).collect();
    let mut documents: Vec<crate::doc::Document> =
        outcomes.into_iter().filter_map(|o| o.document).collect();
    let assignments = crate::map::assign_files(&documents, &rows, &config.rules);
    refind_force_tables(&mut documents, &assignments, config, &documents_dir);
    let mapped = crate::map::map_assigned(&documents, &rows, assignments, &config.rules);
    assign_forces(&mut rows, &mapped.assignments);
    let files_csv = config.out.join("files.csv");
    crate::files::write_files_csv(&files_csv, &rows)
        .with_context(|| format!("{}: cannot write", files_csv.display()))?;
    let options = crate::output::OutputOptions {
        population: config.population.clone(),
        compare: config.compare.clone(),
        schemas: config.schemas.dir().map(PathBuf::from),
    };
    let changes = crate::output::write_all(&config.out, &mapped.records, &rows, &options)?;
    eprint!("{changes}");
    if rows.is_empty() {
        eprintln!(
            "warning: no file found in {}: check the path (the outputs are written, empty)",
            config.dir.display()
        );
    }
    let ambiguous = rows.iter().filter(|r| r.force == AMBIGUOUS).count();
    let not_read = match excluded.is_empty() {
        true => String::new(),
        false => format!(
            "; output folders not read as input: {}",
            excluded.join(", ")
        ),
    };
    eprintln!(
        "{}; {} forces, {} files whose force could not be told (rules: {}){not_read}",
        Counts::of(&rows),
        mapped.records.len(),
        ambiguous,
        config.schemas
    );
    Ok(ExitCode::SUCCESS)
}

/// Find again, with its force's `[pdf_table]` settings, the tables of
/// each PDF assigned to a force whose rules set them. Documents are held
/// without their page layout, so the whole document is read back from
/// `documents_dir`; one that cannot be is mapped as it is.
fn refind_force_tables(
    documents: &mut [crate::doc::Document],
    assignments: &[crate::map::Assignment],
    config: &RunConfig,
    documents_dir: &std::path::Path,
) {
    let force_of: std::collections::HashMap<&str, &str> = assignments
        .iter()
        .filter_map(|a| Some((a.path.as_str(), a.force.as_deref()?)))
        .collect();
    for doc in documents.iter_mut() {
        if doc.source.format != crate::doc::Format::Pdf {
            continue;
        }
        let Some(force) = force_of.get(doc.source.path.as_str()) else {
            continue;
        };
        let Some(settings) = &config.rules.rules_for(force).pdf_table else {
            continue;
        };
        if let Some(whole) = files_log::read_document(documents_dir, &doc.source.path) {
            *doc = crate::read::pdf::refind_tables(&whole, settings);
        }
    }
}

/// The exit of a run stopped by a signal (the scratch folder is already
/// removed), or `e` itself when it is another error.
fn interrupted_exit(e: anyhow::Error) -> Result<ExitCode> {
    match e.downcast_ref::<interrupt::Interrupted>() {
        Some(interrupted) => {
            eprintln!("{interrupted}");
            Ok(ExitCode::from(interrupted.exit_code()))
        }
        None => Err(e),
    }
}

/// Fill each row's `force` from the mapping's assignments.
fn assign_forces(rows: &mut [FileRow], assignments: &[crate::map::Assignment]) {
    let by_path: std::collections::HashMap<&str, &crate::map::Assignment> =
        assignments.iter().map(|a| (a.path.as_str(), a)).collect();
    for row in rows.iter_mut().filter(|r| r.status != Status::Skipped) {
        row.force = match by_path.get(row.path.as_str()).and_then(|a| a.force.clone()) {
            Some(force) => force,
            None => AMBIGUOUS.to_string(),
        };
    }
}
