//! `modctl keys`: API keys.
//!
//! Every command works through the daemon's admin API (`--url` /
//! `MODCTL_URL` with `--admin-key` / `MODCTL_ADMIN_KEY`). `create` and `list`
//! also work straight on `--database-url` — that is how the first admin key
//! is made, before any key exists to call the API with, and how to recover
//! when no admin key is left. The rule: with an admin key, the API; without
//! one, the database (see [`Target`]).

mod create;
mod extend_grace;
mod list;
mod revoke;
mod rotate;
mod secrets_out;
mod select;
mod set_max_age;
mod show;
mod target;
mod view;

use crate::args::GlobalOpts;
use crate::error::CliError;
use chrono::{DateTime, TimeDelta, Utc};
use clap::Subcommand;
use modd_common::KeyInfo;

pub use create::CreateArgs;
pub use extend_grace::ExtendGraceArgs;
pub use list::ListArgs;
pub use revoke::RevokeArgs;
pub use rotate::RotateArgs;
pub use set_max_age::SetMaxAgeArgs;
pub use show::ShowArgs;
pub use target::Target;

/// `modctl keys …`
#[derive(Debug, Subcommand)]
pub enum Cmd {
    /// Create a key and print its secret once (admin API, or the database
    /// when no admin key is given).
    Create(CreateArgs),
    /// List keys with age, last use, expiry and status, never their secrets
    /// (admin API, or the database when no admin key is given).
    List(ListArgs),
    /// Show one key (admin API).
    Show(ShowArgs),
    /// Revoke a key now (admin API); every replica refuses it within 2 s.
    Revoke(RevokeArgs),
    /// Issue new secrets with the same settings, for one key or a selection
    /// (`--stale`, `--name`, `--app`, `--all-client`); the old ones work
    /// until the grace period ends (admin API).
    Rotate(RotateArgs),
    /// Let a key in its rotation grace work longer, e.g. `extend-grace 7 12h`
    /// for an app that could not switch in time (admin API).
    ExtendGrace(ExtendGraceArgs),
    /// Set a key's own maximum age (`30d`), or `default` for the daemon's
    /// MODD_KEY_MAX_AGE; past it the key is reported as due for rotation
    /// (admin API).
    SetMaxAge(SetMaxAgeArgs),
}

impl Cmd {
    pub async fn run(self, global: &GlobalOpts) -> Result<(), CliError> {
        match self {
            Cmd::Create(args) => args.run(global).await,
            Cmd::List(args) => args.run(global).await,
            Cmd::Show(args) => args.run(global).await,
            Cmd::Revoke(args) => args.run(global).await,
            Cmd::Rotate(args) => args.run(global).await,
            Cmd::ExtendGrace(args) => args.run(global).await,
            Cmd::SetMaxAge(args) => args.run(global).await,
        }
    }
}

/// Whether a key can be used right now.
pub fn status(key: &KeyInfo, now: DateTime<Utc>) -> &'static str {
    status_among(key, &[], now)
}

/// [`status`], telling a key whose rotation grace has ended ("rotated": a
/// key in `all` names it as `rotated_from`) from a revoked one.
pub fn status_among(key: &KeyInfo, all: &[KeyInfo], now: DateTime<Utc>) -> &'static str {
    let replaced = || all.iter().any(|k| k.rotated_from == Some(key.id));
    match key.revoked_at {
        Some(t) if t > now => "rotating",
        Some(_) if replaced() => "rotated",
        Some(_) => "revoked",
        None if key.expires_at.is_some_and(|t| t <= now) => "expired",
        None => "active",
    }
}

/// Due for rotation: still working and at least `age` old. The daemon's
/// `?stale=` filter applies the same rule.
pub fn is_stale(key: &KeyInfo, now: DateTime<Utc>, age: TimeDelta) -> bool {
    status(key, now) == "active" && key.created_at <= now - age
}
