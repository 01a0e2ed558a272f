//! `modctl secrets rotate`: after the daemon's `SECRET_KEY` changed (every
//! replica with the new key, the old one in `SECRET_KEY_PREVIOUS`), reseal
//! every stored webhook secret under the new key, page by page over the
//! admin API. Each page is one transaction with its audit entry, so a run
//! stopped half way keeps its work; a rerun skips what is already current.

use crate::args::GlobalOpts;
use crate::client::Client;
use crate::error::CliError;
use crate::output::print_json;
use clap::{Args, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};
use modd_common::{ResealPage, ResealRequest};
use serde::Serialize;

/// `modctl secrets …`
#[derive(Debug, Subcommand)]
pub enum Cmd {
    /// Re-encrypt the stored webhook secrets under the daemon's current
    /// SECRET_KEY. Run it once every replica has the new SECRET_KEY and the
    /// old one in SECRET_KEY_PREVIOUS; then drop SECRET_KEY_PREVIOUS.
    Rotate(RotateArgs),
}

/// `modctl secrets rotate`
#[derive(Debug, Args)]
pub struct RotateArgs {
    /// Report what would be resealed; change nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Apps per request (one transaction and one audit entry each), 1 to 1000.
    #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub batch: u32,
    /// Resume after this app (what an interrupted run printed); default:
    /// from the first app. A plain rerun is also safe.
    #[arg(long, value_name = "APP")]
    pub after: Option<String>,
}

/// What a whole run did (`--json`).
#[derive(Debug, Default, Serialize)]
pub struct RotateReport {
    pub key_id: String,
    pub previous_key_ids: Vec<String>,
    pub dry_run: bool,
    pub pages: u64,
    pub scanned: u64,
    pub current: u64,
    pub resealed: Vec<String>,
    pub undecryptable: Vec<String>,
    pub changed: Vec<String>,
}

impl RotateReport {
    /// Adds one page; refuses a page sealed under another key (a replica
    /// behind the same URL with another SECRET_KEY).
    fn add(&mut self, page: ResealPage) -> Result<(), CliError> {
        if self.pages > 0 && page.key_id != self.key_id {
            return Err(CliError::failure(anyhow::anyhow!(
                "replicas disagree on SECRET_KEY (key {} and key {}): give every replica \
                 the new SECRET_KEY (and the old one in SECRET_KEY_PREVIOUS), then run again",
                self.key_id,
                page.key_id
            )));
        }
        self.key_id = page.key_id;
        self.previous_key_ids = page.previous_key_ids;
        self.dry_run = page.dry_run;
        self.pages += 1;
        self.scanned += page.scanned;
        self.current += page.current;
        self.resealed.extend(page.resealed);
        self.undecryptable.extend(page.undecryptable);
        self.changed.extend(page.changed);
        Ok(())
    }

    fn summary(&self) -> String {
        let verb = if self.dry_run {
            "would reseal"
        } else {
            "resealed"
        };
        let previous = if self.previous_key_ids.is_empty() {
            "none".to_owned()
        } else {
            self.previous_key_ids.join(", ")
        };
        let mut out = format!(
            "key {} (previous: {previous})\n{} apps with secrets in {} pages: {verb} {}, \
             already current {}, undecryptable {}, changed meanwhile {}",
            self.key_id,
            self.scanned,
            self.pages,
            self.resealed.len(),
            self.current,
            self.undecryptable.len(),
            self.changed.len()
        );
        for app in &self.undecryptable {
            out.push_str(&format!(
                "\n  {app}: no configured key opens its secret; \
                 `modctl webhooks rotate-secret {app}` replaces it"
            ));
        }
        if !self.changed.is_empty() {
            out.push_str(&format!(
                "\n  changed while resealing (run again): {}",
                self.changed.join(", ")
            ));
        }
        out
    }
}

impl Cmd {
    pub async fn run(self, global: &GlobalOpts) -> Result<(), CliError> {
        let Cmd::Rotate(args) = self;
        let client = global.client()?;
        let report = rotate(&client, &args, !global.json).await?;
        if global.json {
            print_json(&report)?;
        } else {
            println!("{}", report.summary());
        }
        if report.undecryptable.is_empty() && report.changed.is_empty() {
            Ok(())
        } else {
            Err(CliError::failure(anyhow::anyhow!(
                "{} undecryptable, {} changed meanwhile",
                report.undecryptable.len(),
                report.changed.len()
            )))
        }
    }
}

/// Walks every page from `--after`, showing progress on stderr.
pub async fn rotate(
    client: &Client,
    args: &RotateArgs,
    progress: bool,
) -> Result<RotateReport, CliError> {
    let bar = if progress {
        ProgressBar::new_spinner()
    } else {
        ProgressBar::hidden()
    };
    if let Ok(style) = ProgressStyle::with_template("{spinner} {pos} apps {msg}") {
        bar.set_style(style);
    }
    let mut report = RotateReport::default();
    let mut req = ResealRequest {
        after: args.after.clone().unwrap_or_default(),
        limit: Some(args.batch),
        dry_run: args.dry_run,
    };
    loop {
        let page = client.reseal_secrets(&req).await.map_err(|e| {
            let resume = if req.after.is_empty() {
                String::new()
            } else {
                format!("; resume with --after {}", req.after)
            };
            CliError::failure(e).context(format!("stopped after {} pages{resume}", report.pages))
        })?;
        let next = page.next.clone();
        report.add(page)?;
        bar.set_position(report.scanned);
        bar.set_message(format!("{} resealed", report.resealed.len()));
        match next {
            Some(after) => req.after = after,
            None => break,
        }
    }
    bar.finish_and_clear();
    Ok(report)
}
