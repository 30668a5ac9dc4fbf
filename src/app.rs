//! Dispatch of the subcommands: resolve raw CLI values into configs, run,
//! and map the outcome to an exit code.
//!
//! Exit codes, for every command: 0 success; 1 the command ran and found a
//! problem (`rules check`: an invalid file; `inspect`: a file it could not
//! read); 2 it could not run (usage: a missing file or folder, a bad
//! argument, an output it could not write).

use crate::cli::{Cli, Command, RulesCommand};
use crate::map::rules::SchemaSource;
use anyhow::Result;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// A command line naming something that is not there.
#[derive(Debug, thiserror::Error)]
pub enum UsageError {
    #[error("{}: no such folder", .0.display())]
    NoSuchFolder(PathBuf),
    #[error("{}: no such file", .0.display())]
    NoSuchFile(PathBuf),
    #[error("{}: is a folder, not a file", .0.display())]
    NotAFile(PathBuf),
}

/// Run the parsed command line.
pub fn dispatch(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Inspect(args) => crate::inspect::run(&args),
        Command::Worker(args) => crate::batch::worker::run(&args),
        Command::WorkerBatch(args) => crate::batch::worker::run_batch(&args),
        Command::Run(args) => {
            let config = crate::batch::RunConfig::resolve(&args)?;
            crate::batch::run(&config)
        }
        Command::Merge(args) => crate::batch::merge(&args),
        Command::Rules {
            command: RulesCommand::Check { schemas },
        } => rules_check(schemas.as_deref()),
        Command::Summary { out } => {
            crate::output::summary::run(&out)?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// `rules check`: validate what `run` from this folder would use — the
/// folder `--schemas` names, else `./schemas` when it holds a registry,
/// else the built-in copy — rule files and census tables alike.
fn rules_check(explicit: Option<&Path>) -> Result<ExitCode> {
    if let Some(dir) = explicit.filter(|d| !d.is_dir()) {
        return Err(UsageError::NoSuchFolder(dir.to_path_buf()).into());
    }
    let source = SchemaSource::resolve(explicit);
    let mut problems: Vec<String> = crate::map::rules::check_source(&source)
        .iter()
        .map(ToString::to_string)
        .collect();
    // `run` also reads the census tables beside the rules.
    if let Err(e) = crate::output::census::Census::load(source.dir(), None) {
        problems.push(format!("census: {e:#}"));
    }
    for p in &problems {
        println!("{p}");
    }
    if problems.is_empty() {
        println!("{source}: all rule and vocabulary files are valid");
        Ok(ExitCode::SUCCESS)
    } else {
        eprintln!("{source}: {} problem(s)", problems.len());
        Ok(ExitCode::from(1))
    }
}
