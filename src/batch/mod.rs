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
mod finish;
mod interrupt;
mod job;
mod profile;
mod progress;
mod read_one;
mod shard;
mod spawn;
pub mod worker;

pub use read_one::{read_one, read_tree_in_process, read_tree_streaming, FileOutcome, TreeVisitor};
pub use shard::{merge, BadShard, MergeError, Shard};

use crate::cli::RunArgs;
use crate::files::{Counts, AMBIGUOUS};
use crate::read::Limits;
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
    /// Read only this share of the folder.
    pub shard: Option<Shard>,
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
        let inputs = RunInputs::resolve(
            &args.out,
            args.schemas.as_deref(),
            args.population.clone(),
            args.compare.clone(),
        )?;
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
            schemas: inputs.schemas,
            population: inputs.population,
            compare: inputs.compare,
            use_cache: !args.no_cache,
            shard: args.shard,
            progress_bar: !args.no_progress && std::io::IsTerminal::is_terminal(&std::io::stderr()),
            worker_exe: std::env::current_exe().context("cannot find own executable")?,
            limits: Limits {
                max_container_files: args.max_container_files,
                ..Limits::default()
            },
            rules: inputs.rules,
        })
    }
}

/// What `run` and `merge` need besides the files: a writable output
/// folder, and every rule, population and compare file checked up front.
pub(crate) struct RunInputs {
    pub schemas: crate::map::rules::SchemaSource,
    pub rules: crate::map::rules::RuleSet,
    pub population: Option<PathBuf>,
    pub compare: Option<PathBuf>,
}

impl RunInputs {
    /// Every fatal error (unwritable output, a broken rule file) happens
    /// here, before any work.
    pub fn resolve(
        out: &std::path::Path,
        schemas: Option<&std::path::Path>,
        population: Option<PathBuf>,
        compare: Option<PathBuf>,
    ) -> Result<Self> {
        std::fs::create_dir_all(out)
            .with_context(|| format!("{}: cannot create output folder", out.display()))?;
        let probe = out.join(".foi-extract-write-test");
        std::fs::write(&probe, b"")
            .with_context(|| format!("{}: output folder is not writable", out.display()))?;
        let _ = std::fs::remove_file(&probe);
        // Marks the folder as outputs, so no later run reads it as input.
        std::fs::write(
            out.join(discover::OUTPUT_MARKER),
            "This folder holds the outputs of foi-extract; it is never read as input.\n",
        )
        .with_context(|| format!("{}: output folder is not writable", out.display()))?;
        // A broken rule file or population table is fatal now, not after
        // an hour of reading.
        let schemas = crate::map::rules::SchemaSource::resolve(schemas);
        let rules =
            crate::map::rules::RuleSet::load_from(&schemas).map_err(|e| anyhow::anyhow!("{e}"))?;
        crate::output::census::Census::load(schemas.dir(), population.as_deref())
            .context("population table")?;
        if let Some(compare) = &compare {
            crate::output::compare::read(compare).context("--compare")?;
        }
        Ok(RunInputs {
            schemas,
            rules,
            population,
            compare,
        })
    }

    pub fn output_options(&self) -> crate::output::OutputOptions {
        crate::output::OutputOptions {
            population: self.population.clone(),
            compare: self.compare.clone(),
            schemas: self.schemas.dir().map(PathBuf::from),
        }
    }
}

/// Run the batch: read, then write the output set (see [`finish`]).
pub fn run(config: &RunConfig) -> Result<ExitCode> {
    interrupt::catch_signals();
    let clock = std::time::Instant::now();
    let spawn::ReadAll {
        outcomes,
        mut identities,
        work,
        excluded,
    } = match spawn::read_all(config) {
        Ok(read) => read,
        Err(e) => return interrupted_exit(e),
    };
    let read_seconds = clock.elapsed().as_secs_f64();
    // The last point at which a signal stops the run at once; from here a
    // kill leaves the previous outputs whole (the new set is switched in
    // only once it is all written).
    if let Err(interrupted) = interrupt::check() {
        drop(work);
        return interrupted_exit(interrupted.into());
    }
    let files = outcomes
        .into_iter()
        .map(|o| finish::ReadFile {
            identity: identities.remove(&o.row.path),
            document_file: o.document_file,
            row: o.row,
        })
        .collect();
    let options = crate::output::OutputOptions {
        population: config.population.clone(),
        compare: config.compare.clone(),
        schemas: config.schemas.dir().map(PathBuf::from),
    };
    let mut times = finish::StageTimes::default();
    let finished = match finish::finish(&config.out, &config.rules, &options, files, &mut times) {
        Ok(finished) => finished,
        Err(e) => return interrupted_exit(e),
    };
    drop(work);
    profile::report(read_seconds, &times);
    if finished.rows.is_empty() {
        eprintln!(
            "warning: no file found in {}: check the path (the outputs are written, empty)",
            config.dir.display()
        );
    }
    let not_read = match excluded.is_empty() {
        true => String::new(),
        false => format!(
            "; output folders not read as input: {}",
            excluded.join(", ")
        ),
    };
    print_finished(&finished, &config.schemas, &not_read);
    Ok(ExitCode::SUCCESS)
}

/// Print what changed since the last run and the summary line.
fn print_finished(
    finished: &finish::Finished,
    schemas: &crate::map::rules::SchemaSource,
    not_read: &str,
) {
    eprint!("{}", finished.changes);
    let ambiguous = finished
        .rows
        .iter()
        .filter(|r| r.force == AMBIGUOUS)
        .count();
    eprintln!(
        "{}; {} forces, {} files whose force could not be told (rules: {schemas}){not_read}",
        Counts::of(&finished.rows),
        finished.forces,
        ambiguous,
    );
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
