//! `modctl keys list [--stale 90d]`: every key (or those due for rotation)
//! with its status, never a secret. Through the admin API with an admin key,
//! else straight from the database.

use crate::args::GlobalOpts;
use crate::error::CliError;
use crate::keys::{self, Target};
use crate::output::{self, print_json};
use chrono::{TimeDelta, Utc};
use clap::Args;
use modd_common::KeyInfo;
use modd_common::limits::parse_duration;

/// `modctl keys list`
#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only keys due for rotation: still working and created at least this
    /// long ago (a number and s, m, h, d or w, e.g. `90d`).
    #[arg(long, value_name = "AGE", value_parser = parse_duration)]
    pub stale: Option<TimeDelta>,
}

impl ListArgs {
    pub async fn run(self, global: &GlobalOpts) -> Result<(), CliError> {
        let keys: Vec<KeyInfo> = match Target::choose(global).await? {
            Target::Api(client) => {
                let stale = self.stale.map(|d| format!("{}s", d.num_seconds()));
                client
                    .list_keys(stale.as_deref())
                    .await
                    .map_err(CliError::failure)?
            }
            Target::Db(store) => {
                let now = Utc::now();
                store
                    .list_keys()
                    .await?
                    .iter()
                    .map(|k| k.info())
                    .filter(|k| self.stale.is_none_or(|age| keys::is_stale(k, now, age)))
                    .collect()
            }
        };
        if global.json {
            return print_json(&keys);
        }
        if keys.is_empty() {
            if self.stale.is_some() {
                println!("No key is due for rotation.");
            } else {
                println!("No keys. Create one with `modctl keys create --name NAME --role admin`.");
            }
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
            keys::status_among(k, keys, now).to_owned(),
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
            rotated_from: None,
            person: None,
            max_age_secs: None,
            rotate_by: None,
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
        let rotating = KeyInfo {
            id: 4,
            revoked_at: Some(now + TimeDelta::hours(5)),
            ..base.clone()
        };
        // Key 5's grace ended and key 6 replaced it: rotated, not revoked.
        let rotated = KeyInfo {
            id: 5,
            revoked_at: Some(now - TimeDelta::hours(1)),
            ..base.clone()
        };
        let successor = KeyInfo {
            id: 6,
            rotated_from: Some(5),
            ..base.clone()
        };
        let lines = render(&[rotated, successor, revoked.clone()], now).to_string();
        let row = |id: &str| {
            lines
                .lines()
                .find(|l| l.split_whitespace().nth(1) == Some(id))
                .unwrap_or_default()
                .to_owned()
        };
        assert!(row("5").contains("rotated"), "{lines}");
        assert!(row("3").contains("revoked"), "{lines}");
        assert!(keys::is_stale(&base, now, TimeDelta::days(2)));
        assert!(!keys::is_stale(&base, now, TimeDelta::days(4)));
        assert!(!keys::is_stale(&rotating, now, TimeDelta::days(1)));
        assert!(!keys::is_stale(&expired, now, TimeDelta::days(1)));
        let text = render(&[base, expired, revoked, rotating], now).to_string();
        for needle in [
            "active", "expired", "revoked", "rotating", "3d", "2h ago", "never", "1d ago",
        ] {
            assert!(text.contains(needle), "{needle} missing in\n{text}");
        }
    }
}
