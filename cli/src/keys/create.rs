//! `modctl keys create`: generate a key, store its hash, show the secret once.
//! Through the admin API with an admin key, else straight in the database
//! (the bootstrap path for the first admin key).

use crate::args::GlobalOpts;
use crate::error::CliError;
use crate::keys::{Target, view};
use crate::output::print_json;
use chrono::{TimeDelta, Utc};
use clap::{Args, ValueEnum};
use modd_common::limits::{RateLimit, parse_duration};
use modd_common::{ApiKey, CreateKeyRequest, CreatedKey, KeyEnvironment, Role};
use modd_store::NewKey;

/// Who `modctl` is in the keys table and the audit log (database path; the
/// admin API records the acting key instead).
const ACTOR: &str = "modctl";

/// The role a key gets.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum RoleArg {
    /// Submits and reads content.
    Client,
    /// Everything a client can, plus the admin API.
    Admin,
    /// Read-only operations views (stats, queue, workers, facts, apps,
    /// policies, keys): for dashboards, `modctl top`, `modctl verify` in CI.
    Viewer,
    /// A human moderator: items, review queue, audit log, live feed, and
    /// decisions; nothing else. Needs `--person`.
    Reviewer,
}

impl From<RoleArg> for Role {
    fn from(r: RoleArg) -> Self {
        match r {
            RoleArg::Client => Role::Client,
            RoleArg::Admin => Role::Admin,
            RoleArg::Viewer => Role::Viewer,
            RoleArg::Reviewer => Role::Reviewer,
        }
    }
}

/// Which deployment the key belongs to: the `mod_live_` or `mod_test_` prefix.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum EnvArg {
    /// `mod_live_…`, for production.
    Live,
    /// `mod_test_…`, for development and staging.
    Test,
}

/// `modctl keys create`
#[derive(Debug, Args)]
pub struct CreateArgs {
    /// A name that says who uses the key, e.g. `forum-prod` or `alice-admin`.
    #[arg(long, value_parser = non_empty)]
    pub name: String,

    /// What the key may do.
    #[arg(long, value_enum)]
    pub role: RoleArg,

    /// Restrict the key to submitting content for this source app (repeat
    /// for several). Without it, the key may use any source app.
    #[arg(long = "source-app", value_name = "APP", value_parser = non_empty)]
    pub source_apps: Vec<String>,

    /// Per-key rate limit as N/sec, N/min or N/hour, e.g. `30/min`.
    /// Without it, the daemon's default limit applies.
    #[arg(long, value_name = "N/PERIOD")]
    pub rate_limit: Option<RateLimit>,

    /// Expire the key after this long: a number and s, m, h, d or w,
    /// e.g. `30m`, `24h`, `90d`. Without it, the key does not expire.
    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    pub expires_in: Option<TimeDelta>,

    /// Key prefix: `live` or `test` [default: `live` when MODD_ENV=production
    /// (the daemon's, through the API), else `test`].
    #[arg(long, value_enum)]
    pub env: Option<EnvArg>,

    /// The person the key belongs to, e.g. `Alice Martin`: their decisions
    /// and audit entries carry this name. Required for `--role reviewer`.
    #[arg(long, value_name = "NAME", value_parser = non_empty)]
    pub person: Option<String>,

    /// This key's maximum age, e.g. `30d`: past it, `modctl verify` and
    /// `modctl top` report it as due for rotation. Without it, the
    /// daemon's MODD_KEY_MAX_AGE applies.
    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    pub max_age: Option<TimeDelta>,
}

fn non_empty(s: &str) -> Result<String, String> {
    let t = s.trim();
    if t.is_empty() {
        Err("must not be empty".into())
    } else {
        Ok(t.to_owned())
    }
}

impl CreateArgs {
    pub async fn run(self, global: &GlobalOpts) -> Result<(), CliError> {
        let role = Role::from(self.role);
        if role.needs_person() && self.person.is_none() {
            return Err(CliError::usage(format!(
                "a {role} key must name its person: add --person NAME"
            )));
        }
        let environment = match self.env {
            Some(EnvArg::Live) => Some(KeyEnvironment::Live),
            Some(EnvArg::Test) => Some(KeyEnvironment::Test),
            None => None,
        };
        let created = match Target::choose(global).await? {
            // The daemon picks the default environment from its own MODD_ENV.
            Target::Api(client) => client
                .create_key(&CreateKeyRequest {
                    name: self.name,
                    role,
                    source_apps: self.source_apps,
                    rate_limit: self.rate_limit.map(|r| r.to_string()),
                    expires_in: self.expires_in.map(|d| format!("{}s", d.num_seconds())),
                    environment,
                    person: self.person,
                    max_age: self.max_age.map(|d| format!("{}s", d.num_seconds())),
                })
                .await
                .map_err(CliError::failure)?,
            Target::Db(store) => {
                let environment = environment.unwrap_or_else(|| {
                    if std::env::var("MODD_ENV").is_ok_and(|v| v == "production") {
                        KeyEnvironment::Live
                    } else {
                        KeyEnvironment::Test
                    }
                });
                let key = ApiKey::generate(environment);
                let now = Utc::now();
                let new = NewKey {
                    name: self.name,
                    role,
                    key_hash: key.hash().to_vec(),
                    prefix: key.display_prefix().to_owned(),
                    source_apps: self.source_apps,
                    rate_limit: self.rate_limit.map(|r| r.to_string()),
                    created_by: Some(ACTOR.to_owned()),
                    created_at: now,
                    expires_at: self.expires_in.map(|d| now + d),
                    person: self.person,
                    max_age_secs: self.max_age.map(|d| d.num_seconds()),
                };
                // The key and its audit entry in one transaction.
                let record = store.create_key(&new, ACTOR).await?;
                CreatedKey {
                    info: record.info(),
                    key: key.expose_secret().to_owned(),
                }
            }
        };
        if global.json {
            print_json(&created)
        } else {
            println!("{}", view::details(&created.info, &[], Utc::now()));
            view::print_secret(&created.key);
            Ok(())
        }
    }
}
