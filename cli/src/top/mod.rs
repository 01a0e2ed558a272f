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
//! | [`source`] | where snapshots come from: a polled daemon or a replayed recording |
//! | [`record`] | the `--record`/`--replay` file: one JSON line per snapshot |
//! | [`once`] | `--once [--json]` for scripts |

pub mod app;
#[cfg(test)]
mod fixture;
pub mod input;
pub mod once;
pub mod record;
pub mod source;
pub mod state;
pub mod term;
pub mod view;

use clap::Args;
use std::path::PathBuf;
use std::time::Duration;

use crate::args::GlobalOpts;
use crate::client::{Client, ClientOptions};
use crate::error::CliError;
use record::Recorder;
use source::Source;
use state::State;

#[derive(Debug, Args)]
pub struct TopArgs {
    /// How often to refresh, e.g. `1s`, `500ms`, `5s`.
    #[arg(long, default_value = "1s", value_parser = parse_interval, value_name = "DURATION")]
    pub interval: Duration,

    /// Only this replica (an id from the Resources panel or `--once --json`).
    #[arg(long, value_name = "ID")]
    pub replica: Option<String>,

    /// Print one snapshot and exit (with `--json`: the raw stats document).
    /// With `--replay`: the recording's last screen.
    #[arg(long)]
    pub once: bool,

    /// Append every snapshot to FILE (one JSON line each; created if
    /// missing), to review an incident later with `--replay`.
    #[arg(long, value_name = "FILE", conflicts_with = "replay")]
    pub record: Option<PathBuf>,

    /// Play back a file written by `--record` in the same dashboard, with
    /// no daemon and no key.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["replica", "interval"])]
    pub replay: Option<PathBuf>,

    /// Replay speed: `2` plays twice as fast, `0.5` at half speed (long
    /// gaps, such as between appended sessions, are cut to 10 s).
    #[arg(long, default_value = "1", value_parser = record::parse_speed, requires = "replay", value_name = "FACTOR")]
    pub speed: f64,
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
        if let Some(path) = &self.replay {
            let snapshots = record::read(path)?;
            if self.once {
                return once::replayed(&snapshots, global.json);
            }
            let mut state = State::new(None);
            state.replay_speed = Some(self.speed);
            let source = Source::Replay {
                snapshots,
                speed: self.speed,
            };
            return app::run(source, state).await;
        }
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
        let mut record = self.record.as_deref().map(Recorder::open).transpose()?;
        if self.once {
            let replica = self.replica.as_deref();
            return once::run(
                &client,
                replica,
                self.interval,
                global.json,
                record.as_mut(),
            )
            .await;
        }
        let source = Source::Live {
            client,
            replica: self.replica.clone(),
            interval: self.interval,
            record,
        };
        app::run(source, State::new(self.replica)).await
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
