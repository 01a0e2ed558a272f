//! `modctl keys list`: every key with its status, never a secret.

use crate::args::GlobalOpts;
use crate::error::CliError;
use crate::output::{self, print_json};
use crate::{db, keys};
use chrono::Utc;
use clap::Args;
use modd_common::KeyInfo;

/// `modctl keys list`
#[derive(Debug, Args)]
pub struct ListArgs {}

impl ListArgs {
    pub async fn run(self, global: &GlobalOpts) -> Result<(), CliError> {
        let store = db::connect_migrated(&global.database_url).await?;
        let keys: Vec<KeyInfo> = store.list_keys().await?.iter().map(|k| k.info()).collect();
        if global.json {
            return print_json(&keys);
        }
        if keys.is_empty() {
            println!("No keys. Create one with `modctl keys create --name NAME --role admin`.");
            return Ok(());
        }
        println!("{}", render(&keys, Utc::now()));
        Ok(())
    }
}

/// The table, with `now` injected so tests can pin relative times.
pub fn render(keys: &[KeyInfo], now: chrono::DateTime<Utc>) -> comfy_table::Table {
    let mut t = output::table([
        "id",
        "name",
        "role",
        "prefix",
        "status",
        "age",
        "last used",
        "expires",
    ]);
    for k in keys {
        let last_used = k
            .last_used_at
            .map_or("never".to_owned(), |t| output::relative(t, now));
        let expires = k
            .expires_at
            .map_or("never".to_owned(), |t| output::relative(t, now));
        t.add_row([
            k.id.to_string(),
            k.name.clone(),
            k.role.to_string(),
            format!("{}…", k.prefix),
            keys::status(k, now).to_owned(),
            output::span(now - k.created_at),
            last_used,
            expires,
        ]);
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeDelta;
    use modd_common::Role;

    #[test]
    fn statuses_and_times_render() {
        let now = Utc::now();
        let base = KeyInfo {
            id: 1,
            name: "forum".into(),
            role: Role::Client,
            prefix: "mod_test_AbCdEfG".into(),
            source_apps: vec![],
            rate_limit: None,
            created_by: None,
            created_at: now - TimeDelta::days(3),
            expires_at: None,
            last_used_at: Some(now - TimeDelta::hours(2)),
            revoked_at: None,
        };
        let expired = KeyInfo {
            id: 2,
            expires_at: Some(now - TimeDelta::days(1)),
            last_used_at: None,
            ..base.clone()
        };
        let revoked = KeyInfo {
            id: 3,
            revoked_at: Some(now),
            ..base.clone()
        };
        let text = render(&[base, expired, revoked], now).to_string();
        for needle in [
            "active", "expired", "revoked", "3d", "2h ago", "never", "1d ago",
        ] {
            assert!(text.contains(needle), "{needle} missing in\n{text}");
        }
    }
}
