//! `modctl top`: a live dashboard of one `modd` or a whole cluster, drawn
//! from `GET /api/v1/admin/stats`.
//!
//! | module | owns |
//! |---|---|
//! | [`state`] | what is shown and remembered; rates from two snapshots (pure, clock passed in) |
//! | [`view`] | drawing: header, seven panels, footer, help |
//! | [`input`] | keys to actions |
//! | [`term`] | raw mode and alternate screen, restored on every exit path |
//! | [`app`] | the `select!` loop |
//! | [`once`] | `--once [--json]` for scripts |

pub mod app;
#[cfg(test)]
mod fixture;
pub mod input;
pub mod once;
pub mod state;
pub mod term;
pub mod view;

use clap::Args;
use std::time::Duration;

use crate::args::GlobalOpts;
use crate::client::{Client, ClientOptions};
use crate::error::CliError;

#[derive(Debug, Args)]
pub struct TopArgs {
    /// How often to refresh, e.g. `1s`, `500ms`, `5s`.
    #[arg(long, default_value = "1s", value_parser = parse_interval, value_name = "DURATION")]
    pub interval: Duration,

    /// Only this replica (an id from the Resources panel or `--once --json`).
    #[arg(long, value_name = "ID")]
    pub replica: Option<String>,

    /// Print one snapshot and exit (with `--json`: the raw stats document).
    #[arg(long)]
    pub once: bool,
}

/// `500ms`, `1s`, `2m`: at least 100 ms so a typo cannot hammer the daemon.
pub fn parse_interval(s: &str) -> Result<Duration, String> {
    let s = s.trim();
    let d = if let Some(ms) = s.strip_suffix("ms") {
        ms.parse::<u64>()
            .map(Duration::from_millis)
            .map_err(|_| format!("{s:?}: expected e.g. 500ms, 1s or 2m"))?
    } else {
        modd_common::parse_duration(s)?
            .to_std()
            .map_err(|_| format!("{s:?}: expected e.g. 500ms, 1s or 2m"))?
    };
    if d < Duration::from_millis(100) {
        return Err("the interval must be at least 100ms".into());
    }
    Ok(d)
}

impl TopArgs {
    pub async fn run(self, global: &GlobalOpts) -> Result<(), CliError> {
        if global.admin_key.is_none() {
            return Err(CliError::usage(
                "modctl top needs an admin or viewer key: set MODCTL_ADMIN_KEY (or --admin-key)",
            ));
        }
        // Fail a poll well before the next few are due, so a daemon that
        // hangs shows as disconnected within seconds, not after 30.
        global.client()?; // validates --url and the key's format
        let options = ClientOptions {
            connect_timeout: Duration::from_secs(2),
            timeout: (self.interval * 3).max(Duration::from_secs(3)),
        };
        let key = global.admin_key.as_ref().map(|k| k.expose().to_owned());
        let client = Client::with_options(&global.url, key, options)
            .map_err(|e| CliError::usage(format!("--url / MODCTL_URL: {e}")))?;
        if self.once {
            return once::run(&client, self.replica.as_deref(), self.interval, global.json).await;
        }
        app::run(client, self.replica, self.interval).await
    }
}

#[cfg(test)]
mod tests {
    use super::parse_interval;
    use std::time::Duration;

    #[test]
    fn intervals_parse_and_have_a_floor() {
        assert_eq!(parse_interval("1s"), Ok(Duration::from_secs(1)));
        assert_eq!(parse_interval("250ms"), Ok(Duration::from_millis(250)));
        assert_eq!(parse_interval("2m"), Ok(Duration::from_secs(120)));
        assert!(parse_interval("10ms").is_err());
        assert!(parse_interval("fast").is_err());
    }
}
