//! `modctl review appeals`: the appeal queue over the admin API. Deciding
//! goes through the same daemon service as the JSON API and the console,
//! so the person who made a decision cannot decide its appeal here either.

use crate::args::GlobalOpts;
use crate::client::AppealFilter;
use crate::error::CliError;
use crate::output::{self, print_json};
use clap::{Args, Subcommand, ValueEnum};
use modd_common::{AppealOutcome, AppealView};

/// `modctl review appeals …`
#[derive(Debug, Subcommand)]
pub enum Cmd {
    /// List open appeals (the queue), or decided ones, oldest item first.
    List(ListArgs),
    /// Show the appeal of an item: the statement and the decision appealed against.
    Show {
        /// Item id.
        id: i64,
    },
    /// Uphold or overturn the decision of an appealed item.
    Decide(DecideArgs),
}

/// `modctl review appeals list`
#[derive(Debug, Args)]
pub struct ListArgs {
    /// List decided appeals instead of the open queue.
    #[arg(long)]
    pub decided: bool,
    /// Only appeals of this source app.
    #[arg(long, value_name = "APP")]
    pub source_app: Option<String>,
    /// Appeals of items with an id above this (for paging).
    #[arg(long, value_name = "ID")]
    pub after_id: Option<i64>,
    /// At most this many appeals (1..500).
    #[arg(long, default_value = "50")]
    pub limit: i64,
}

/// What to do with the appealed decision.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum OutcomeArg {
    /// The decision stands (reject the appeal).
    Uphold,
    /// Reverse the decision: approved becomes blocked, blocked approved.
    Overturn,
}

/// `modctl review appeals decide`
#[derive(Debug, Args)]
pub struct DecideArgs {
    /// Item id.
    pub id: i64,
    /// uphold or overturn.
    #[arg(value_enum)]
    pub outcome: OutcomeArg,
    /// Reason code, e.g. acceptable or spam (the review reason codes).
    #[arg(long, value_name = "CODE")]
    pub reason: Option<String>,
    /// Why, for the record.
    #[arg(long)]
    pub note: Option<String>,
}

impl Cmd {
    pub async fn run(self, global: &GlobalOpts) -> Result<(), CliError> {
        let client = global.client()?;
        match self {
            Cmd::List(a) => {
                let filter = AppealFilter {
                    decided: Some(a.decided),
                    source_app: a.source_app,
                    after_id: a.after_id,
                    limit: Some(a.limit),
                };
                let page = client
                    .appeals_list(&filter)
                    .await
                    .map_err(CliError::failure)?;
                if global.json {
                    return print_json(&page);
                }
                if page.appeals.is_empty() {
                    println!("No appeals.");
                    return Ok(());
                }
                println!("{}", render(&page.appeals));
                if let Some(next) = page.next_after_id {
                    eprintln!("more: --after-id {next}");
                }
                Ok(())
            }
            Cmd::Show { id } => {
                let appeal = client.appeal_show(id).await.map_err(CliError::failure)?;
                show(&appeal, global.json)
            }
            Cmd::Decide(a) => {
                let outcome = match a.outcome {
                    OutcomeArg::Uphold => AppealOutcome::Upheld,
                    OutcomeArg::Overturn => AppealOutcome::Overturned,
                };
                let appeal = client
                    .appeal_decide(a.id, outcome, a.note, a.reason)
                    .await
                    .map_err(CliError::failure)?;
                show(&appeal, global.json)
            }
        }
    }
}

/// Appeals as a table.
pub fn render(appeals: &[AppealView]) -> comfy_table::Table {
    let mut t = output::table([
        "item",
        "app",
        "external id",
        "against",
        "decided by",
        "statement",
        "appealed",
        "outcome",
    ]);
    for a in appeals {
        let statement: String = a
            .statement
            .as_deref()
            .unwrap_or("")
            .chars()
            .take(60)
            .collect();
        t.add_row([
            a.item_id.to_string(),
            a.source_app.clone(),
            a.external_id.clone(),
            a.original_status.to_string(),
            a.original_reviewed_by
                .clone()
                .unwrap_or_else(|| "rule".into()),
            statement,
            output::timestamp(a.created_at),
            a.outcome.map_or_else(|| "open".into(), |o| o.to_string()),
        ]);
    }
    t
}

fn show(a: &AppealView, json: bool) -> Result<(), CliError> {
    if json {
        return print_json(a);
    }
    print!("{}", describe(a));
    Ok(())
}

/// One appeal as `show` and `decide` print it.
pub fn describe(a: &AppealView) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "appeal of item {} ({}/{})",
        a.item_id, a.source_app, a.external_id
    );
    let by = a.original_reviewed_by.as_deref().unwrap_or("a rule");
    let _ = writeln!(out, "against: {} (decided by {by})", a.original_status);
    let _ = writeln!(
        out,
        "submitted by {} at {}",
        a.submitted_by,
        output::timestamp(a.created_at)
    );
    let _ = writeln!(
        out,
        "statement: {}",
        a.statement.as_deref().unwrap_or("(not stored)")
    );
    match (a.outcome, &a.decided_by, a.decided_at) {
        (Some(outcome), Some(by), Some(at)) => {
            let _ = writeln!(
                out,
                "outcome: {outcome} by {by} at {}; item now {}",
                output::timestamp(at),
                a.item_status
            );
            if let Some(code) = &a.reason_code {
                let _ = writeln!(out, "reason: {code}");
            }
            if let Some(note) = &a.note {
                let _ = writeln!(out, "note: {note}");
            }
        }
        _ => {
            let _ = writeln!(out, "outcome: open");
        }
    }
    out
}
