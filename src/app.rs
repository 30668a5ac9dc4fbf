//! Dispatch of the subcommands: resolve raw CLI values into configs, run,
//! and map the outcome to an exit code.

use crate::cli::{Cli, Command, RulesCommand};
use anyhow::Result;
use std::process::ExitCode;

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
        Command::Rules {
            command: RulesCommand::Check { schemas },
        } => {
            let problems = crate::map::rules::check(&schemas);
            for p in &problems {
                println!("{p}");
            }
            if problems.is_empty() {
                println!(
                    "{}: all rule and vocabulary files are valid",
                    schemas.display()
                );
                Ok(ExitCode::SUCCESS)
            } else {
                Ok(ExitCode::from(1))
            }
        }
        Command::Summary { out } => {
            crate::output::summary::run(&out)?;
            Ok(ExitCode::SUCCESS)
        }
    }
}
