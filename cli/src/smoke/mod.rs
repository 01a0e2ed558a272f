//! `modctl smoke`: checks against a running daemon that its protections
//! hold, with exit codes CI can trust (0 only when every check passed).
//! Each command cleans up what it creates: temporary keys are created with a
//! one-hour expiry and revoked at the end (revoked rather than deleted, so
//! the audit log keeps the whole story).

mod auth;
mod ratelimit;

use crate::args::GlobalOpts;
use crate::client::Client;
use crate::error::CliError;
use clap::Subcommand;
use modd_common::{CreateKeyRequest, CreatedKey, Role};

pub use auth::AuthArgs;
pub use ratelimit::{RateLimitArgs, judge};

/// `modctl smoke …`
#[derive(Debug, Subcommand)]
pub enum Cmd {
    /// Send more requests than the limit allows and check that exactly the
    /// limit passes and the rest get 429 with Retry-After.
    Ratelimit(RateLimitArgs),
    /// Check that no key, a bad key, an expired key and a client key on an
    /// admin route are refused with the right codes (needs an admin key).
    Auth(AuthArgs),
}

impl Cmd {
    pub async fn run(self, global: &GlobalOpts) -> Result<(), CliError> {
        match self {
            Cmd::Ratelimit(args) => args.run(global).await,
            Cmd::Auth(args) => args.run(global).await,
        }
    }
}

/// The admin client, or a usage error naming what is missing.
fn admin_client(global: &GlobalOpts, why: &str) -> Result<Client, CliError> {
    if global.admin_key.is_none() {
        return Err(CliError::usage(format!(
            "{why} needs an admin key: set MODCTL_ADMIN_KEY (or --admin-key)"
        )));
    }
    global.client()
}

/// A short-lived key for a smoke test; it expires on its own within the hour
/// even if the cleanup never runs.
async fn temp_key(admin: &Client, name: &str, expires_in: &str) -> Result<CreatedKey, CliError> {
    admin
        .create_key(&CreateKeyRequest {
            name: name.to_owned(),
            role: Role::Client,
            source_apps: Vec::new(),
            rate_limit: None,
            expires_in: Some(expires_in.to_owned()),
            environment: None,
            person: None,
            max_age: None,
        })
        .await
        .map_err(|e| CliError::failure(e).context("creating a temporary key"))
}

/// Revokes the temporary keys; a failure is reported, never hidden.
async fn cleanup(admin: &Client, ids: &[i64]) -> Result<(), CliError> {
    let mut failed = Vec::new();
    for &id in ids {
        if let Err(e) = admin.revoke_key(id).await {
            eprintln!("modctl: could not revoke temporary key {id}: {e}");
            failed.push(id.to_string());
        }
    }
    if failed.is_empty() {
        Ok(())
    } else {
        Err(CliError::failure(anyhow::anyhow!(
            "temporary key(s) {} left active (they expire within the hour)",
            failed.join(", ")
        )))
    }
}
