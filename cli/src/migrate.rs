//! `modctl migrate`: show, apply and revert schema migrations on `--database-url`.
//!
//! The only command besides `keys` that talks to the database directly: the
//! daemon cannot run its own schema changes on a shared PostgreSQL safely
//! while other replicas serve traffic, so an operator does it once.

use crate::args::GlobalOpts;
use crate::db;
use crate::error::CliError;
use crate::output::{self, print_json};
use clap::{Args, Subcommand};
use modd_store::{MigrationState, Store};
use serde::Serialize;
use std::num::NonZeroUsize;

/// `modctl migrate …`
#[derive(Debug, Subcommand)]
pub enum Cmd {
    /// List every migration with when it was applied, or `pending`.
    Status,
    /// Apply pending migrations, oldest first.
    Up(UpArgs),
    /// Revert the newest applied migrations (one by default). Drops what
    /// they created, data included.
    Down(DownArgs),
    /// Revert the newest applied migration and apply it again: proves it is
    /// reversible and leaves the schema as it was (its tables come back empty).
    Redo(RedoArgs),
}

/// Confirmation for commands that destroy data.
#[derive(Debug, Args)]
pub struct Confirm {
    /// Confirm reverting in production. Required when MODD_ENV=production:
    /// a down migration drops the tables, and the rows, that its up created.
    #[arg(long)]
    pub yes: bool,
}

impl Confirm {
    fn check(&self, what: &str) -> Result<(), CliError> {
        let production = std::env::var("MODD_ENV").is_ok_and(|v| v == "production");
        if production && !self.yes {
            return Err(CliError::usage(format!(
                "`migrate {what}` deletes data and MODD_ENV=production: pass --yes to confirm"
            )));
        }
        Ok(())
    }
}

/// `modctl migrate up`
#[derive(Debug, Args)]
pub struct UpArgs {
    /// Apply at most this many migrations [default: all pending].
    #[arg(long, value_name = "N")]
    pub steps: Option<NonZeroUsize>,
}

/// `modctl migrate down`
#[derive(Debug, Args)]
pub struct DownArgs {
    /// How many migrations to revert, newest first.
    #[arg(long, value_name = "N", default_value = "1")]
    pub steps: NonZeroUsize,

    #[command(flatten)]
    pub confirm: Confirm,
}

/// `modctl migrate redo`
#[derive(Debug, Args)]
pub struct RedoArgs {
    #[command(flatten)]
    pub confirm: Confirm,
}

/// A migration named in a report.
#[derive(Debug, Serialize)]
struct Step {
    version: i64,
    name: String,
}

/// `--json` of `up`, `down` and `redo`.
#[derive(Debug, Default, Serialize)]
struct Report {
    reverted: Vec<Step>,
    applied: Vec<Step>,
    /// The state after the command.
    migrations: Vec<MigrationState>,
}

impl Cmd {
    pub async fn run(self, global: &GlobalOpts) -> Result<(), CliError> {
        match &self {
            Cmd::Down(args) => args.confirm.check("down")?,
            Cmd::Redo(args) => args.confirm.check("redo")?,
            Cmd::Status | Cmd::Up(_) => {}
        }
        let store = db::connect(&global.database()?).await?;
        let before = store.migration_status().await?;
        let mut report = Report::default();
        match self {
            Cmd::Status => {
                if global.json {
                    return print_json(&StatusJson::new(store.as_ref(), before));
                }
                println!("{}", status_table(&before));
                return Ok(());
            }
            Cmd::Up(args) => {
                let done = store.migrate_up(args.steps.map(NonZeroUsize::get)).await?;
                report.applied = named(&done, &before);
            }
            Cmd::Down(args) => {
                let done = store.migrate_down(args.steps.get()).await?;
                report.reverted = named(&done, &before);
            }
            Cmd::Redo(_) => {
                if !before.iter().any(|m| m.applied_at.is_some()) {
                    return Err(CliError::usage("nothing to redo: no migration is applied"));
                }
                let down = store.migrate_down(1).await?;
                report.reverted = named(&down, &before);
                let up = store.migrate_up(Some(1)).await?;
                report.applied = named(&up, &before);
                if down != up {
                    return Err(CliError::failure(anyhow::anyhow!(
                        "redo reverted {down:?} but re-applied {up:?}: check `modctl migrate status`"
                    )));
                }
            }
        }
        report.migrations = store.migration_status().await?;
        if global.json {
            return print_json(&report);
        }
        print_report(&report);
        Ok(())
    }
}

/// `--json` of `status`.
#[derive(Debug, Serialize)]
struct StatusJson {
    backend: &'static str,
    applied: usize,
    pending: usize,
    migrations: Vec<MigrationState>,
}

impl StatusJson {
    fn new(store: &dyn Store, migrations: Vec<MigrationState>) -> Self {
        let applied = migrations.iter().filter(|m| m.applied_at.is_some()).count();
        Self {
            backend: store.backend().as_str(),
            applied,
            pending: migrations.len() - applied,
            migrations,
        }
    }
}

fn named(versions: &[i64], known: &[MigrationState]) -> Vec<Step> {
    versions
        .iter()
        .map(|&version| Step {
            version,
            name: known
                .iter()
                .find(|m| m.version == version)
                .map_or_else(|| "?".to_owned(), |m| m.name.clone()),
        })
        .collect()
}

fn status_table(migrations: &[MigrationState]) -> comfy_table::Table {
    let mut t = output::table(["version", "name", "applied at"]);
    for m in migrations {
        let at = m.applied_at.map_or("pending".to_owned(), output::timestamp);
        t.add_row([m.version.to_string(), m.name.clone(), at]);
    }
    t
}

fn print_report(report: &Report) {
    for s in &report.reverted {
        println!("reverted {} {}", s.version, s.name);
    }
    for s in &report.applied {
        println!("applied  {} {}", s.version, s.name);
    }
    if report.reverted.is_empty() && report.applied.is_empty() {
        println!("nothing to do");
    }
    let pending = report
        .migrations
        .iter()
        .filter(|m| m.applied_at.is_none())
        .count();
    println!(
        "{} applied, {pending} pending",
        report.migrations.len() - pending
    );
}
