//! `modctl webhooks` and `modctl apps`: per-app webhook and data settings
//! over the admin API.

use crate::args::GlobalOpts;
use crate::error::CliError;
use crate::output::{self, print_json};
use clap::{Args, Subcommand, ValueEnum};
use modd_common::{AppSaved, AppUpdate, AppView, StorageMode};

/// `modctl webhooks …`
#[derive(Debug, Subcommand)]
pub enum Cmd {
    /// Set an app's callback URL; prints the signing secret if one was created.
    Set {
        /// The source app.
        app: String,
        /// An http(s) URL that receives the events.
        #[arg(value_name = "URL")]
        webhook_url: String,
    },
    /// Remove an app's callback URL (events stop; the secret is kept).
    Unset {
        /// The source app.
        app: String,
    },
    /// List apps with their webhook and data settings.
    List,
    /// Replace an app's signing secret; the old one keeps signing for the
    /// grace (24 h unless `--grace` says otherwise).
    RotateSecret {
        /// The source app.
        app: String,
        /// How long the old secret keeps signing next to the new one: a
        /// number and s, m, h, d or w, or 0 to stop it at once.
        #[arg(long, value_name = "DURATION", default_value = "24h",
            value_parser = modd_common::limits::parse_duration_or_zero)]
        grace: chrono::TimeDelta,
    },
    /// Send a signed test event now and show the answer.
    Test {
        /// The source app.
        app: String,
    },
    /// Recent delivery attempts with status codes and latency.
    Deliveries {
        /// The source app.
        app: String,
        /// At most this many attempts.
        #[arg(long, default_value = "50")]
        limit: i64,
    },
    /// Events in the app's outbox.
    Events {
        /// The source app.
        app: String,
        /// Only events with this status.
        #[arg(long, value_enum)]
        status: Option<StatusArg>,
        /// At most this many events.
        #[arg(long, default_value = "50")]
        limit: i64,
    },
    /// Send dead-lettered events again (same webhook-id).
    Replay(ReplayArgs),
}

/// An outbox status.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum StatusArg {
    /// Waiting for (another) attempt.
    Pending,
    /// Delivered.
    Delivered,
    /// Gave up after the last attempt.
    Dead,
}

/// `modctl webhooks replay`
#[derive(Debug, Args)]
pub struct ReplayArgs {
    /// The source app.
    pub app: String,
    /// One event, by the numeric id `webhooks events` shows.
    #[arg(
        long,
        value_name = "ID",
        conflicts_with = "all_dead",
        required_unless_present = "all_dead"
    )]
    pub event: Option<i64>,
    /// Every dead event of the app.
    #[arg(long)]
    pub all_dead: bool,
}

impl Cmd {
    pub async fn run(self, global: &GlobalOpts) -> Result<(), CliError> {
        let client = global.client()?;
        let fail = CliError::failure;
        match self {
            Cmd::Set { app, webhook_url } => {
                let update = AppUpdate {
                    webhook_url: Some(Some(webhook_url)),
                    ..AppUpdate::default()
                };
                let saved = client.update_app(&app, &update).await.map_err(fail)?;
                saved_out(&saved, global.json)
            }
            Cmd::Unset { app } => {
                let update = AppUpdate {
                    webhook_url: Some(None),
                    ..AppUpdate::default()
                };
                let saved = client.update_app(&app, &update).await.map_err(fail)?;
                saved_out(&saved, global.json)
            }
            Cmd::List => {
                let apps = client.apps().await.map_err(fail)?;
                if global.json {
                    return print_json(&apps);
                }
                println!("{}", render_apps(&apps));
                Ok(())
            }
            Cmd::RotateSecret { app, grace } => {
                let req = modd_common::RotateSecretRequest {
                    grace: Some(format!("{}s", grace.num_seconds())),
                };
                let saved = client
                    .rotate_webhook_secret(&app, &req)
                    .await
                    .map_err(fail)?;
                saved_out(&saved, global.json)?;
                if !global.json {
                    match saved.app.previous_secret_until {
                        Some(t) => {
                            println!("The old secret also signs until {}.", output::timestamp(t))
                        }
                        None => println!("The old secret no longer signs."),
                    }
                }
                Ok(())
            }
            Cmd::Test { app } => {
                let r = client.test_webhook(&app).await.map_err(fail)?;
                if global.json {
                    print_json(&r)?;
                } else {
                    let status = r.status_code.map_or("-".into(), |s| s.to_string());
                    println!(
                        "{}: HTTP {status} in {} ms{}",
                        r.webhook_id,
                        r.latency_ms,
                        r.error.map(|e| format!(" ({e})")).unwrap_or_default()
                    );
                }
                if r.ok {
                    Ok(())
                } else {
                    Err(CliError::failure(anyhow::anyhow!("test delivery failed")))
                }
            }
            Cmd::Deliveries { app, limit } => {
                let rows = client
                    .webhook_deliveries(&app, Some(limit))
                    .await
                    .map_err(fail)?;
                if global.json {
                    return print_json(&rows);
                }
                let mut t = output::table(["at", "webhook id", "attempt", "status", "ms", "error"]);
                for d in rows {
                    t.add_row([
                        output::timestamp(d.attempted_at),
                        d.webhook_id,
                        d.attempt.to_string(),
                        d.status_code.map_or("-".into(), |s| s.to_string()),
                        d.latency_ms.to_string(),
                        d.error.unwrap_or_default(),
                    ]);
                }
                println!("{t}");
                Ok(())
            }
            Cmd::Events { app, status, limit } => {
                let status = status.map(|s| format!("{s:?}").to_lowercase());
                let rows = client
                    .webhook_events(&app, status.as_deref(), Some(limit))
                    .await
                    .map_err(fail)?;
                if global.json {
                    return print_json(&rows);
                }
                let mut t = output::table([
                    "id",
                    "webhook id",
                    "item",
                    "kind",
                    "status",
                    "attempts",
                    "last",
                ]);
                for e in rows {
                    t.add_row([
                        e.id.to_string(),
                        e.webhook_id,
                        e.item_id.map_or("-".into(), |i| i.to_string()),
                        e.kind,
                        e.status,
                        e.attempts.to_string(),
                        e.last_error
                            .or(e.last_status.map(|s| s.to_string()))
                            .unwrap_or_default(),
                    ]);
                }
                println!("{t}");
                Ok(())
            }
            Cmd::Replay(a) => {
                let r = client
                    .replay_webhooks(&a.app, a.event)
                    .await
                    .map_err(fail)?;
                if global.json {
                    return print_json(&r);
                }
                println!("{} event(s) queued again", r.replayed);
                Ok(())
            }
        }
    }
}

fn saved_out(saved: &AppSaved, json: bool) -> Result<(), CliError> {
    if json {
        return print_json(saved);
    }
    println!("{}", render_apps(std::slice::from_ref(&saved.app)));
    if let Some(secret) = &saved.webhook_secret {
        println!("signing secret (shown once, store it in the receiver now): {secret}");
    }
    Ok(())
}

/// Apps as a table.
pub fn render_apps(apps: &[AppView]) -> comfy_table::Table {
    let mut t = output::table(["app", "webhook", "secret", "retention", "storage"]);
    for a in apps {
        t.add_row([
            a.source_app.clone(),
            a.webhook_url.clone().unwrap_or_else(|| "-".into()),
            if a.has_webhook_secret { "set" } else { "-" }.into(),
            match a.retention_days {
                Some(d) => format!("{d}d"),
                None => format!("{}d (default)", a.effective_retention_days),
            },
            a.storage_mode.to_string(),
        ]);
    }
    t
}

/// `modctl apps …`
#[derive(Debug, Subcommand)]
pub enum AppsCmd {
    /// Show an app's settings (the defaults when none are stored).
    Show {
        /// The source app.
        app: String,
    },
    /// Change an app's retention or storage mode.
    Set(SetArgs),
    /// Show an app's reason codes (what reviewers pick from), or set them.
    ReasonCodes(crate::reason_codes::Args),
}

/// What an app keeps of its text once an item is decided.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ModeArg {
    /// The text as submitted.
    Text,
    /// The text with e-mails, phone and card numbers masked.
    Redacted,
    /// No text: only scores and decision.
    None,
}

/// `modctl apps set`
#[derive(Debug, Args)]
pub struct SetArgs {
    /// The source app.
    pub app: String,
    /// Days to keep the app's items, or `default` for MODD_RETENTION_DAYS.
    #[arg(long, value_name = "DAYS|default")]
    pub retention_days: Option<String>,
    /// What to keep of the text once an item is decided.
    #[arg(long, value_enum)]
    pub storage_mode: Option<ModeArg>,
}

impl AppsCmd {
    pub async fn run(self, global: &GlobalOpts) -> Result<(), CliError> {
        let client = global.client()?;
        let view = match self {
            AppsCmd::ReasonCodes(a) => return a.run(&client, global.json).await,
            AppsCmd::Show { app } => client.app(&app).await.map_err(CliError::failure)?,
            AppsCmd::Set(a) => {
                let retention_days = match a.retention_days.as_deref() {
                    None => None,
                    Some("default") => Some(None),
                    Some(d) => Some(Some(d.parse::<i64>().map_err(|_| {
                        CliError::usage("--retention-days: a whole number of days, or `default`")
                    })?)),
                };
                let update = AppUpdate {
                    retention_days,
                    storage_mode: a.storage_mode.map(|m| match m {
                        ModeArg::Text => StorageMode::Text,
                        ModeArg::Redacted => StorageMode::Redacted,
                        ModeArg::None => StorageMode::None,
                    }),
                    ..AppUpdate::default()
                };
                client
                    .update_app(&a.app, &update)
                    .await
                    .map_err(CliError::failure)?
                    .app
            }
        };
        if global.json {
            return print_json(&view);
        }
        println!("{}", render_apps(std::slice::from_ref(&view)));
        Ok(())
    }
}
