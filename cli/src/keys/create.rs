//! `modctl keys create`: generate a key, store its hash, show the secret once.

use crate::args::GlobalOpts;
use crate::error::CliError;
use crate::output::{self, print_json};
use crate::{db, keys};
use chrono::{TimeDelta, Utc};
use clap::{Args, ValueEnum};
use modd::store::{NewAuditEntry, NewKey};
use modd_common::limits::{RateLimit, parse_duration};
use modd_common::{ApiKey, CreatedKey, KeyEnvironment, Role};
use serde_json::json;

/// Who `modctl` is in the keys table and the audit log.
const ACTOR: &str = "modctl";

/// The role a key gets.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum RoleArg {
    /// Submits and reads content.
    Client,
    /// Everything a client can, plus the admin API.
    Admin,
}

impl From<RoleArg> for Role {
    fn from(r: RoleArg) -> Self {
        match r {
            RoleArg::Client => Role::Client,
            RoleArg::Admin => Role::Admin,
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

    /// Key prefix: `live` or `test` [default: `live` when MODD_ENV=production, else `test`].
    #[arg(long, value_enum)]
    pub env: Option<EnvArg>,
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
        let environment = match self.env {
            Some(EnvArg::Live) => KeyEnvironment::Live,
            Some(EnvArg::Test) => KeyEnvironment::Test,
            None if std::env::var("MODD_ENV").is_ok_and(|v| v == "production") => {
                KeyEnvironment::Live
            }
            None => KeyEnvironment::Test,
        };
        let store = db::connect_migrated(&global.database_url).await?;

        let key = ApiKey::generate(environment);
        let now = Utc::now();
        let new = NewKey {
            name: self.name,
            role: self.role.into(),
            key_hash: key.hash().to_vec(),
            prefix: key.display_prefix().to_owned(),
            source_apps: self.source_apps,
            rate_limit: self.rate_limit.map(|r| r.to_string()),
            created_by: Some(ACTOR.to_owned()),
            created_at: now,
            expires_at: self.expires_in.map(|d| now + d),
        };
        let record = store.insert_key(&new).await?;
        let info = record.info();
        // The detail says what was created, never the secret or its hash.
        let audit = NewAuditEntry {
            at: now,
            actor: ACTOR.to_owned(),
            action: "key.create".to_owned(),
            target: format!("key:{}", info.id),
            detail: json!({
                "name": info.name,
                "role": info.role,
                "prefix": info.prefix,
                "source_apps": info.source_apps,
                "rate_limit": info.rate_limit,
                "expires_at": info.expires_at,
            }),
        };
        if let Err(e) = store.append_audit(&audit).await {
            // The trait has no transaction spanning both writes, so undo by
            // revoking: an unaudited key must not stay usable. Its secret
            // was never shown, so nobody holds it anyway.
            let undo = match store.revoke_key(info.id, Utc::now()).await {
                Ok(_) => format!("key {} was revoked", info.id),
                Err(_) => format!("revoking key {} failed too: revoke it by hand", info.id),
            };
            return Err(
                CliError::from(e).context(format!("writing the audit entry failed; {undo}"))
            );
        }

        let created = CreatedKey {
            info,
            key: key.expose_secret().to_owned(),
        };
        if global.json {
            print_json(&created)
        } else {
            print_human(&created);
            Ok(())
        }
    }
}

fn print_human(created: &CreatedKey) {
    let info = &created.info;
    let now = Utc::now();
    let mut t = output::table(["field", "value"]);
    t.add_row(["id", &info.id.to_string()]);
    t.add_row(["name", &info.name]);
    t.add_row(["role", info.role.as_str()]);
    t.add_row(["status", keys::status(info, now)]);
    let apps = if info.source_apps.is_empty() {
        "any".to_owned()
    } else {
        info.source_apps.join(", ")
    };
    t.add_row(["source apps", &apps]);
    t.add_row([
        "rate limit",
        info.rate_limit.as_deref().unwrap_or("default"),
    ]);
    let expires = info.expires_at.map_or("never".to_owned(), |e| {
        format!("{} ({})", output::timestamp(e), output::relative(e, now))
    });
    t.add_row(["expires", &expires]);
    println!("{t}");
    // On its own line, outside the table: a narrow terminal must not wrap it.
    println!("API key:");
    println!("{}", created.key);
    println!("Store it now, it cannot be shown again: only its hash is kept.");
}
