//! `modctl queue dlq list|show|retry|purge`: jobs that ran out of attempts.
//! Their items are in `error`; a retry makes the item pending and queues it
//! again, a purge only forgets the dead letters.

use chrono::Utc;
use clap::{Args, Subcommand};
use modd_common::DeadLetterView;

use super::failed;
use crate::args::GlobalOpts;
use crate::error::CliError;
use crate::output::{self, print_json};

/// `modctl queue dlq …`
#[derive(Debug, Subcommand)]
pub enum DlqCmd {
    /// Dead letters, oldest first.
    List(ListArgs),
    /// One dead letter with its full reason.
    Show {
        /// Dead-letter id, as `list` shows it (e.g. 1732000000000-0).
        id: String,
    },
    /// Queue the item of one dead letter (or of all) again.
    Retry(RetryArgs),
    /// Delete every dead letter (their items stay in `error`).
    Purge(PurgeArgs),
}

/// `modctl queue dlq list`
#[derive(Debug, Args)]
pub struct ListArgs {
    /// Show at most this many (1-1000).
    #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u64).range(1..=1000))]
    pub limit: u64,
    /// Start after this dead-letter id (to page through a long list).
    #[arg(long, value_name = "ID")]
    pub after: Option<String>,
}

/// `modctl queue dlq retry`
#[derive(Debug, Args)]
pub struct RetryArgs {
    /// Dead-letter id to retry.
    #[arg(required_unless_present = "all", conflicts_with = "all")]
    pub id: Option<String>,
    /// Retry every dead letter.
    #[arg(long)]
    pub all: bool,
}

/// `modctl queue dlq purge`
#[derive(Debug, Args)]
pub struct PurgeArgs {
    /// Do not ask for confirmation (for scripts; required without a terminal).
    #[arg(long)]
    pub yes: bool,
}

impl DlqCmd {
    pub async fn run(self, global: &GlobalOpts) -> Result<(), CliError> {
        let client = global.client()?;
        match self {
            DlqCmd::List(args) => {
                let list = client
                    .dlq_list(args.after.as_deref(), args.limit as usize)
                    .await
                    .map_err(failed)?;
                if global.json {
                    return print_json(&list);
                }
                if list.is_empty() {
                    println!("The dead-letter queue is empty.");
                } else {
                    println!("{}", render(&list));
                }
                Ok(())
            }
            DlqCmd::Show { id } => {
                let dead = client.dlq_show(&id).await.map_err(failed)?;
                if global.json {
                    return print_json(&dead);
                }
                println!("{}", render(std::slice::from_ref(&dead)));
                println!("reason: {}", dead.reason);
                Ok(())
            }
            DlqCmd::Retry(RetryArgs { all: true, .. }) => {
                let done = client.dlq_retry_all().await.map_err(failed)?;
                if global.json {
                    return print_json(&done);
                }
                println!(
                    "Requeued {} item(s); removed {} dead letter(s) whose item was no longer in error.",
                    done.requeued, done.dropped
                );
                Ok(())
            }
            DlqCmd::Retry(RetryArgs { id, .. }) => {
                let id = id.ok_or_else(|| CliError::usage("give a dead-letter id or --all"))?;
                let done = client.dlq_retry(&id).await.map_err(failed)?;
                if global.json {
                    return print_json(&done);
                }
                let item = done.dead_letter.item_id;
                if done.requeued {
                    println!("Item {item} is pending again and queued.");
                } else {
                    println!("Item {item} was no longer in error; removed its dead letter.");
                }
                Ok(())
            }
            DlqCmd::Purge(args) => {
                if !args.yes {
                    let n = client.queue_stats().await.map_err(failed)?.dead_letters;
                    crate::prompt::confirm(&format!(
                        "Delete {n} dead letter(s)? Their items stay in error."
                    ))?;
                }
                let done = client.dlq_purge().await.map_err(failed)?;
                if global.json {
                    return print_json(&done);
                }
                println!("Deleted {} dead letter(s).", done.purged);
                Ok(())
            }
        }
    }
}

pub fn render(list: &[DeadLetterView]) -> comfy_table::Table {
    let now = Utc::now();
    let mut t = output::table(["id", "item", "attempts", "failed", "reason"]);
    for d in list {
        let mut reason: String = d.reason.chars().take(80).collect();
        if reason.len() < d.reason.len() {
            reason.push('…');
        }
        t.add_row([
            d.id.clone(),
            d.item_id.to_string(),
            d.attempts.to_string(),
            output::relative(d.failed_at, now),
            reason,
        ]);
    }
    t
}
