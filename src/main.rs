//! The `foi-extract` binary: parse arguments, hand over to the library, map
//! the outcome to an exit code. Nothing else lives here.

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = foi_extract::cli::Cli::parse();
    match foi_extract::app::dispatch(cli) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("foi-extract: {err:#}");
            ExitCode::from(2)
        }
    }
}
