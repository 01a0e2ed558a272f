//! `modctl queue`: the job queue of a running daemon, over its admin API
//! (`--url`, `--admin-key`): stats, live workers, and the dead-letter queue.

mod dlq;
mod stats;

use crate::args::GlobalOpts;
use crate::client::ClientError;
use crate::error::CliError;
use clap::Subcommand;

pub use dlq::DlqCmd;

/// `modctl queue …`
#[derive(Debug, Subcommand)]
pub enum Cmd {
    /// Queue depth, delayed retries, jobs in flight, dead letters, counters,
    /// pending items and the age of the oldest.
    Stats,
    /// Workers with a fresh heartbeat: id, host, pid, uptime, jobs done,
    /// current item.
    Workers,
    /// Jobs that ran out of attempts.
    #[command(subcommand)]
    Dlq(DlqCmd),
}

impl Cmd {
    pub async fn run(self, global: &GlobalOpts) -> Result<(), CliError> {
        match self {
            Cmd::Stats => stats::stats(global).await,
            Cmd::Workers => stats::workers(global).await,
            Cmd::Dlq(cmd) => cmd.run(global).await,
        }
    }
}

/// A failed admin call: exit 1, with a hint when the key is the problem.
fn failed(e: ClientError) -> CliError {
    let hint = match e.status().map(|s| s.as_u16()) {
        Some(401) => " (set MODCTL_ADMIN_KEY to an admin key)",
        Some(403) => " (this key is not an admin key)",
        _ => "",
    };
    CliError::failure(anyhow::anyhow!("{e}{hint}"))
}
