//! `modctl completions` and `modctl man`: generated from the clap definition,
//! so they never drift from the real flags (a test checks `completions/`).

use crate::args::Cli;
use crate::error::CliError;
use clap::{Args, CommandFactory};
use clap_complete::Shell;
use std::io::Write;
use std::path::PathBuf;

/// `modctl completions <shell>`
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to generate for.
    #[arg(value_enum)]
    pub shell: Shell,
}

impl CompletionsArgs {
    pub fn run(self) -> Result<(), CliError> {
        let mut out = std::io::stdout().lock();
        write_completions(self.shell, &mut out);
        out.flush()?;
        Ok(())
    }
}

/// Writes the completion script for `shell`.
pub fn write_completions(shell: Shell, out: &mut dyn Write) {
    clap_complete::generate(shell, &mut Cli::command(), "modctl", out);
}

/// The file name under `completions/` for `shell` (clap_complete's convention).
pub fn completion_file_name(shell: Shell) -> String {
    use clap_complete::Generator;
    shell.file_name("modctl")
}

/// `modctl man`
#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write `modctl.1` and one page per subcommand (`modctl-keys-create.1`, …)
    /// into this directory. Without it, print the main page to stdout.
    #[arg(long, value_name = "DIR")]
    pub out_dir: Option<PathBuf>,
}

impl ManArgs {
    pub fn run(self) -> Result<(), CliError> {
        let cmd = Cli::command();
        match self.out_dir {
            Some(dir) => {
                std::fs::create_dir_all(&dir)?;
                clap_mangen::generate_to(cmd, &dir)?;
                eprintln!("modctl: man pages written to {}", dir.display());
            }
            None => {
                let mut out = std::io::stdout().lock();
                clap_mangen::Man::new(cmd).render(&mut out)?;
                out.flush()?;
            }
        }
        Ok(())
    }
}
