//! The one confirmation prompt of destructive commands.

use std::io::{BufRead, IsTerminal, Write};

use crate::error::CliError;

/// Asks `question` on the terminal. Without one it refuses (a script must say
/// `--yes`, never hang or proceed); anything but yes aborts with nothing done.
pub fn confirm(question: &str) -> Result<(), CliError> {
    let stdin = std::io::stdin();
    if !stdin.is_terminal() {
        return Err(CliError::usage(format!(
            "{question} Pass --yes to confirm (no terminal to ask on)"
        )));
    }
    let mut err = std::io::stderr().lock();
    write!(err, "{question} [y/N] ")?;
    err.flush()?;
    let mut answer = String::new();
    stdin.lock().read_line(&mut answer)?;
    if matches!(answer.trim(), "y" | "Y" | "yes") {
        Ok(())
    } else {
        Err(CliError::failure(anyhow::anyhow!(
            "aborted: nothing changed"
        )))
    }
}
