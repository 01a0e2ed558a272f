//! `modctl`, the operator CLI for `modd`, as a library.
//!
//! The binary (`main.rs`) only parses arguments and maps errors to exit codes;
//! the end-to-end tests reuse [`client::Client`] to drive a real daemon.
//!
//! | module | owns |
//! |---|---|
//! | [`args`] | the top-level `Cli`, global options, the subcommand list |
//! | [`client`] | the typed HTTP client for the daemon |
//! | [`keys`] | `modctl keys …` (admin API, or the database for create/list) |
//! | [`migrate`] | `modctl migrate …` |
//! | [`backup`] | `modctl backup` and `modctl restore` |
//! | [`policy`] | `modctl policy …` (admin API) |
//! | [`classify`] | `modctl classify` (streams files) |
//! | [`eval`] | `modctl eval`: precision, recall, F1 on labelled data |
//! | [`review`] | `modctl review …` (human review queue) |
//! | [`webhooks`] | `modctl webhooks …` and `modctl apps …` (per-app settings) |
//! | [`content`] | `modctl content erase` |
//! | [`queue`] | `modctl queue …`: stats, workers, dead letters |
//! | [`smoke`] | `modctl smoke ratelimit` and `smoke auth` against a running daemon |
//! | [`top`] | `modctl top`, the live dashboard (ratatui) |
//! | [`bench`] | `modctl bench`, the load test |
//! | [`verify`] | `modctl verify`, the production checklist against a live deployment |
//! | [`thresholds`] | the limits `verify` checks and `top` highlights |
//! | [`completions`] | `modctl completions` and `modctl man` |
//! | [`db`] | opening the store named by `--database-url` |
//! | [`parse`] | flag value grammars (`30/min`, `90d`), shared with the daemon |
//! | [`output`] | tables, JSON, human-readable times |
//! | [`error`] | `CliError` and the exit codes |

pub mod appeals;
pub mod args;
pub mod backup;
pub mod bench;
pub mod classify;
pub mod client;
pub mod completions;
pub mod content;
pub mod db;
pub mod error;
pub mod eval;
pub mod keys;
pub mod migrate;
pub mod output;
pub mod parse;
pub mod policy;
pub mod prompt;
pub mod queue;
pub mod reason_codes;
pub mod review;
pub mod secret;
pub mod secrets;
pub mod smoke;
pub mod thresholds;
pub mod top;
pub mod verify;
pub mod webhooks;

pub use args::{Cli, Command, GlobalOpts};
pub use error::CliError;

/// Runs one parsed command line.
pub async fn run(cli: Cli) -> Result<(), CliError> {
    let global = cli.global;
    match cli.command {
        Command::Keys(cmd) => cmd.run(&global).await,
        Command::Migrate(cmd) => cmd.run(&global).await,
        Command::Backup(cmd) => cmd.run(&global).await,
        Command::Restore(cmd) => cmd.run(&global).await,
        Command::Policy(cmd) => cmd.run(&global).await,
        Command::Classify(cmd) => cmd.run(&global).await,
        Command::Eval(cmd) => cmd.run(&global).await,
        Command::Review(cmd) => cmd.run(&global).await,
        Command::Webhooks(cmd) => cmd.run(&global).await,
        Command::Secrets(cmd) => cmd.run(&global).await,
        Command::Apps(cmd) => cmd.run(&global).await,
        Command::Content(cmd) => cmd.run(&global).await,
        Command::Queue(cmd) => cmd.run(&global).await,
        Command::Smoke(cmd) => cmd.run(&global).await,
        Command::Completions(cmd) => cmd.run(),
        Command::Man(cmd) => cmd.run(),
        Command::Bench(cmd) => cmd.run(&global).await,
        Command::Verify(cmd) => cmd.run(&global).await,
        Command::Top(cmd) => cmd.run(&global).await,
    }
}
