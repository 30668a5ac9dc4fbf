//! Command-line arguments as parsed by clap: raw values only. They are
//! resolved once into frozen configs (`batch::RunConfig`) before any work.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

/// Read folders of police FOI replies into one record per force, with every
/// gap flagged.
#[derive(Debug, Parser)]
#[command(name = "foi-extract", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Read every file under DIR and write the results to OUT.
    Run(RunArgs),
    /// Show what was read from one file: parts, text and tables.
    Inspect(InspectArgs),
    /// Work with the rule and vocabulary files.
    Rules {
        #[command(subcommand)]
        command: RulesCommand,
    },
    /// Build one run's outputs from the outputs of `run --shard` runs.
    Merge(MergeArgs),
    /// Print the headline table and top gaps of a finished run.
    Summary {
        /// The output folder of a run.
        out: PathBuf,
    },
    /// Internal: read one file in an isolated process (used by `run`).
    #[command(hide = true)]
    Worker(WorkerArgs),
    /// Internal: read a list of small files in one isolated process.
    #[command(hide = true)]
    WorkerBatch(WorkerBatchArgs),
}

#[derive(Debug, Subcommand)]
pub enum RulesCommand {
    /// Validate the rule and vocabulary files `run` would use.
    Check {
        /// Folder holding forces.toml, vocab/ and rules/ (default: as `run`:
        /// ./schemas when it exists, else the rules built into the binary).
        #[arg(long)]
        schemas: Option<PathBuf>,
    },
}

#[derive(Debug, Args)]
pub struct RunArgs {
    /// Folder of replies to read (recursively).
    pub dir: PathBuf,
    /// Output folder (created if missing).
    #[arg(long, short, default_value = "foi-out")]
    pub out: PathBuf,
    /// Files read in parallel (default: number of CPUs).
    #[arg(long, short)]
    pub jobs: Option<usize>,
    /// Seconds one file may take before it is stopped.
    #[arg(long, default_value_t = 120)]
    pub timeout: u64,
    /// Memory one file's worker may use, in MiB.
    #[arg(long, default_value_t = crate::batch::DEFAULT_MAX_MEM_MIB)]
    pub max_mem: u64,
    /// Most files one file (a zip, an email) may yield, nested ones
    /// included; the rest get one `error` row.
    #[arg(long, default_value_t = crate::read::DEFAULT_MAX_CONTAINER_FILES)]
    pub max_container_files: usize,
    /// Folder holding forces.toml, vocab/ and rules/ (default: ./schemas
    /// when it exists, else the rules built into the binary).
    #[arg(long)]
    pub schemas: Option<PathBuf>,
    /// CSV of population by force and ethnic group replacing the bundled
    /// 2011 Census figures.
    #[arg(long)]
    pub population: Option<PathBuf>,
    /// CSV of published figures (force,field,value) to check against.
    #[arg(long)]
    pub compare: Option<PathBuf>,
    /// Re-read every file even where the cache has it.
    #[arg(long)]
    pub no_cache: bool,
    /// Plain progress lines even on a terminal.
    #[arg(long)]
    pub no_progress: bool,
    /// Read only the I-th of N shares of the folder (`foi-extract merge`
    /// joins the shares' outputs).
    #[arg(long, value_name = "I/N")]
    pub shard: Option<crate::batch::Shard>,
}

#[derive(Debug, Args)]
pub struct MergeArgs {
    /// Output folders of `run --shard I/N`, one per share.
    #[arg(required = true)]
    pub shards: Vec<PathBuf>,
    /// Output folder of the merged run (created if missing).
    #[arg(long, short)]
    pub out: PathBuf,
    /// As for `run`: the rule files the shards were run with.
    #[arg(long)]
    pub schemas: Option<PathBuf>,
    /// As for `run`.
    #[arg(long)]
    pub population: Option<PathBuf>,
    /// As for `run`.
    #[arg(long)]
    pub compare: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct InspectArgs {
    /// The file to read.
    pub file: PathBuf,
    /// Print the document model as JSON.
    #[arg(long)]
    pub json: bool,
    /// Write each table as DIR/<file-stem>__p<page>__t<n>.csv, and each
    /// sheet as DIR/<file-stem>__<sheet name>.csv.
    #[arg(long, value_name = "DIR")]
    pub tables_csv: Option<PathBuf>,
    /// Draw table cells whole on one line instead of wrapping them at 40
    /// characters.
    #[arg(long)]
    pub wide: bool,
}

#[derive(Debug, Args)]
pub struct WorkerArgs {
    /// File to read.
    #[arg(long)]
    pub input: PathBuf,
    /// Its logical path within the batch.
    #[arg(long)]
    pub logical: String,
    /// Container nesting depth.
    #[arg(long, default_value_t = 0)]
    pub depth: u32,
    /// The message (of an email or WhatDoTheyKnow thread) the file belongs to.
    #[arg(long)]
    pub message: Option<u32>,
    /// Folder where the result and child files are written.
    #[arg(long)]
    pub out_dir: PathBuf,
    /// Read only `--len` bytes of the input from this offset.
    #[arg(long, requires = "len")]
    pub offset: Option<u64>,
    /// How many bytes to read from `--offset`.
    #[arg(long, requires = "offset")]
    pub len: Option<u64>,
}

#[derive(Debug, Args)]
pub struct WorkerBatchArgs {
    /// JSON list of the files to read, each with its own output folder.
    #[arg(long)]
    pub list: PathBuf,
}
