//! `modctl keys`: API keys.
//!
//! For now these work straight on `--database-url`: that is how the first
//! admin key is made, before any key exists to call the admin API with.

mod create;
mod list;

use crate::args::GlobalOpts;
use crate::error::CliError;
use chrono::{DateTime, Utc};
use clap::Subcommand;
use modd_common::KeyInfo;

pub use create::CreateArgs;
pub use list::ListArgs;

/// `modctl keys …`
#[derive(Debug, Subcommand)]
pub enum Cmd {
    /// Create a key and print its secret once.
    Create(CreateArgs),
    /// List keys (never their secrets).
    List(ListArgs),
}

impl Cmd {
    pub async fn run(self, global: &GlobalOpts) -> Result<(), CliError> {
        match self {
            Cmd::Create(args) => args.run(global).await,
            Cmd::List(args) => args.run(global).await,
        }
    }
}

/// Whether a key can be used right now.
pub fn status(key: &KeyInfo, now: DateTime<Utc>) -> &'static str {
    if key.revoked_at.is_some() {
        "revoked"
    } else if key.expires_at.is_some_and(|t| t <= now) {
        "expired"
    } else {
        "active"
    }
}
