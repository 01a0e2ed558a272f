//! `modctl`: parse arguments, run the command, turn the outcome into an exit code.
//!
//! Everything else lives in the library so tests and the end-to-end crate can
//! reuse it.

use clap::Parser;
use modctl::{Cli, CliError};
use std::process::ExitCode;

fn main() -> ExitCode {
    // Clap exits with 2 on usage errors and 0 on --help/--version by itself.
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => return report(&CliError::failure(anyhow::Error::new(e))),
    };
    match runtime.block_on(modctl::run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => report(&e),
    }
}

fn report(e: &CliError) -> ExitCode {
    eprintln!("modctl: error: {}", e.one_line());
    ExitCode::from(e.exit_code())
}
