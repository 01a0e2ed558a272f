//! `modctl` as a binary of this crate, so end-to-end tests can run it as a
//! real process (`CARGO_BIN_EXE_modctl-under-test`: `--once --json` on
//! stdout, and `modctl top` in a real terminal under tmux). Cargo builds a
//! package's binaries for its integration tests, not its dependencies'.

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = modctl::Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("modctl: error: {e}");
            return ExitCode::from(1);
        }
    };
    match runtime.block_on(modctl::run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("modctl: error: {}", e.one_line());
            ExitCode::from(e.exit_code())
        }
    }
}
