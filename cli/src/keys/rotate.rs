//! `modctl keys rotate`: a new secret with the same settings for one key
//! (`ID`) or for every key a selector picks (`--stale`, `--due`, `--name`,
//! `--app`, `--all-client`); the old secrets keep working until the grace ends.
//!
//! Each key is rotated by its own admin call, so each is audited on its own
//! and one refusal (a key someone else just rotated) does not stop the rest.
//! The new secrets go where [`Destination`] says, never only to a terminal.

use crate::args::GlobalOpts;
use crate::client::Client;
use crate::error::CliError;
use crate::keys::secrets_out::{Destination, SecretsFile};
use crate::keys::select::Selection;
use crate::keys::{Target, list, view};
use crate::output::{self, print_json};
use chrono::{TimeDelta, Utc};
use clap::Args;
use modd_common::limits::{parse_duration, parse_duration_or_zero};
use modd_common::{KeyInfo, RotateKeyRequest, RotatedKey};
use serde::Serialize;
use std::io::IsTerminal;
use std::path::PathBuf;

/// `modctl keys rotate`
#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("which").required(true).multiple(true)
    .args(["id", "stale", "name", "app", "all_client", "due"])))]
pub struct RotateArgs {
    /// The key's id (see `modctl keys list`). Or select many keys with
    /// `--stale`, `--due`, `--name`, `--app` and `--all-client` (all must match).
    #[arg(conflicts_with_all = ["stale", "name", "app", "all_client", "due"])]
    pub id: Option<i64>,

    /// Select working keys created at least this long ago, e.g. `90d`.
    #[arg(long, value_name = "AGE", value_parser = parse_duration)]
    pub stale: Option<TimeDelta>,

    /// Select keys whose name matches PATTERN (`*` any run, `?` one
    /// character), e.g. `forum-*`.
    #[arg(long, value_name = "PATTERN")]
    pub name: Option<String>,

    /// Select keys bound to this source app (keys for any app are not).
    #[arg(long, value_name = "APP")]
    pub app: Option<String>,

    /// Select client keys (with the other selectors: only client keys).
    #[arg(long)]
    pub all_client: bool,

    /// Select keys past their maximum age (their own, else the daemon's
    /// MODD_KEY_MAX_AGE): what `modctl verify` reports as `auth.key-max-age`.
    #[arg(long)]
    pub due: bool,

    /// How long the old secret keeps working: a number and s, m, h, d or w,
    /// or 0 to stop it at once.
    #[arg(long, value_name = "DURATION", default_value = "24h", value_parser = parse_duration_or_zero)]
    pub grace: TimeDelta,

    /// List the keys that would be rotated and change nothing.
    #[arg(long)]
    pub dry_run: bool,

    /// Rotate without asking (a selection asks for confirmation first).
    #[arg(long, short = 'y')]
    pub yes: bool,

    /// Write the new secrets to this new file (JSON, mode 0600); an
    /// existing file is never overwritten.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

/// What a run did: the rotations (each with its new secret) and the keys
/// that could not be rotated, with why. The `--out` file and `--json` hold this.
#[derive(Debug, Default, Serialize)]
pub struct RotationReport {
    pub rotated: Vec<RotatedKey>,
    pub failed: Vec<FailedRotation>,
}

/// A key the daemon refused to rotate.
#[derive(Debug, Serialize)]
pub struct FailedRotation {
    pub id: i64,
    pub name: String,
    pub error: String,
}

impl RotateArgs {
    fn selection(&self) -> Selection {
        Selection {
            stale: self.stale,
            name: self.name.clone(),
            app: self.app.clone(),
            all_client: self.all_client,
            due: self.due,
        }
    }

    pub async fn run(self, global: &GlobalOpts) -> Result<(), CliError> {
        let client = Target::api(global, "rotate")?;
        let now = Utc::now();
        let keys = match self.id {
            Some(id) => vec![client.get_key(id).await.map_err(CliError::failure)?],
            None => {
                let all = client.list_keys(None).await.map_err(CliError::failure)?;
                let me = client.whoami().await.map_err(CliError::failure)?.id;
                self.selection().pick(&all, Some(me), now)
            }
        };
        if self.dry_run {
            return dry_run(&keys, global.json);
        }
        let dest = Destination::choose(
            self.out.clone(),
            global.json,
            std::io::stdout().is_terminal(),
        )?;
        if let (Some(id), Destination::Json) = (self.id, &dest) {
            // One key with --json: the rotation itself, as scripts have
            // always read it from `keys rotate ID`.
            return print_json(&rotate_one(&client, id, self.grace).await?);
        }
        if keys.is_empty() {
            return finish(&RotationReport::default(), &dest, None, global.json);
        }
        if self.id.is_none() && !self.yes {
            crate::prompt::confirm(&format!(
                "Rotate {} key(s), the old secrets working for {} more?",
                keys.len(),
                output::span(self.grace)
            ))?;
        }
        let mut file = match &dest {
            Destination::File(path) => Some(SecretsFile::create(path)?),
            _ => None,
        };
        let mut report = RotationReport::default();
        for key in &keys {
            match rotate_one(&client, key.id, self.grace).await {
                Ok(rotated) => report.rotated.push(rotated),
                Err(e) => report.failed.push(FailedRotation {
                    id: key.id,
                    name: key.name.clone(),
                    error: e.one_line(),
                }),
            }
            if let Some(file) = file.as_mut() {
                file.write(&report)?;
            }
        }
        finish(&report, &dest, file.as_ref(), global.json)
    }
}

async fn rotate_one(client: &Client, id: i64, grace: TimeDelta) -> Result<RotatedKey, CliError> {
    let req = RotateKeyRequest {
        grace: Some(format!("{}s", grace.num_seconds())),
    };
    client.rotate_key(id, &req).await.map_err(CliError::failure)
}

fn dry_run(keys: &[KeyInfo], json: bool) -> Result<(), CliError> {
    if json {
        return print_json(keys);
    }
    if keys.is_empty() {
        println!("No key matches; nothing would be rotated.");
    } else {
        println!("{}", list::render(keys, Utc::now()));
        println!(
            "{} key(s) would be rotated (dry run: nothing changed).",
            keys.len()
        );
    }
    Ok(())
}

/// Prints the outcome; the secrets only where `dest` allows (with `--out`,
/// `--json` prints the ids alone). Fails (exit 1) when any key could not be
/// rotated, after every secret issued is out.
fn finish(
    report: &RotationReport,
    dest: &Destination,
    file: Option<&SecretsFile>,
    json: bool,
) -> Result<(), CliError> {
    match dest {
        Destination::Json => print_json(report)?,
        Destination::File(_) if json => print_json(&summary(report))?,
        _ => print_text(report, *dest == Destination::Text),
    }
    if let Some(file) = file {
        eprintln!(
            "{} new secret(s) written to {}.",
            report.rotated.len(),
            file.path().display()
        );
    }
    for f in &report.failed {
        eprintln!("key {} ({}): not rotated: {}", f.id, f.name, f.error);
    }
    if report.failed.is_empty() {
        Ok(())
    } else {
        Err(CliError::failure(anyhow::anyhow!(
            "{} of {} key(s) not rotated",
            report.failed.len(),
            report.failed.len() + report.rotated.len()
        )))
    }
}

fn print_text(report: &RotationReport, with_secrets: bool) {
    let now = Utc::now();
    if report.rotated.is_empty() && report.failed.is_empty() {
        println!("No key matches; nothing rotated.");
    }
    for r in &report.rotated {
        println!("{}", view::details(&r.new.info, &[], now));
        match r.old.revoked_at {
            Some(t) if t > now => println!(
                "The old key {} keeps working until {} ({}).",
                r.old.id,
                output::timestamp(t),
                output::relative(t, now)
            ),
            _ => println!("The old key {} no longer works.", r.old.id),
        }
        if with_secrets {
            view::print_secret(&r.new.key);
        }
    }
}

/// The report without secrets, for stdout when they went to a file.
fn summary(report: &RotationReport) -> serde_json::Value {
    let rotated: Vec<_> = report
        .rotated
        .iter()
        .map(|r| {
            serde_json::json!({
                "old": r.old,
                "new": r.new.info,
            })
        })
        .collect();
    serde_json::json!({ "rotated": rotated, "failed": report.failed })
}
