//! `modctl verify`: the seed's pre-deployment checklist checked by machine
//! against a running deployment. Each section lives in its own file and
//! returns [`CheckResult`]s with stable ids (see [`catalog`]); items only
//! people can confirm are listed as `manual`, so the report is the whole
//! checklist. Everything verify creates is removed at the end, also on
//! Ctrl-C: temporary keys are revoked, probe items (source app
//! `modctl-verify`) erased with `DELETE /api/v1/moderation`.
//!
//! Exit codes: 0 nothing failed (with `--strict` also no warnings), 1 a check
//! failed, 2 verify could not run (daemon unreachable, bad admin key, usage).

mod attest;
mod auth;
mod backups;
pub mod catalog;
mod config;
mod ctx;
mod db;
mod deployment;
pub mod formats;
mod images;
mod perf;
mod redis;
mod repo;
pub mod report;
mod service;
mod webhooks;
mod work;

#[cfg(test)]
mod names;

use clap::Args;
use std::path::PathBuf;
use std::time::Instant;

use crate::args::GlobalOpts;
use crate::error::CliError;
use crate::output::print_json;
pub use attest::VerifyCmd;
pub use ctx::Ctx;
pub use formats::Format;
pub use report::{CheckResult, Report, Status};

/// `modctl verify`
#[derive(Debug, Args)]
pub struct VerifyArgs {
    #[command(subcommand)]
    pub cmd: Option<VerifyCmd>,

    /// How to print the report: `table`, `json` (as `--json`), `junit`,
    /// `github` (workflow annotations) or `markdown` (a release-ticket summary).
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<Format>,

    /// Also write the results as JUnit XML to this file (for CI).
    #[arg(long, value_name = "FILE")]
    pub junit: Option<PathBuf>,

    /// Treat warnings, and manual items nobody attested, as failures (exit
    /// 1, not approved).
    #[arg(long)]
    pub strict: bool,

    /// Run only this section (`service`, `deployment`, `config`, `auth`, `ratelimit`, `db`,
    /// `redis`, `queue`, `images`, `webhooks`, `perf`, `repo`, `manual`); repeatable.
    #[arg(long, value_name = "SECTION")]
    pub only: Vec<String>,

    /// Do not run this check (reported as skipped); repeatable.
    #[arg(long, value_name = "CHECK_ID")]
    pub skip: Vec<String>,

    /// Print every check id with the checklist section it covers, and exit.
    #[arg(long)]
    pub list: bool,

    /// Also check this git checkout: `.env` ignored, `.env.example`
    /// complete, no live key in the history.
    #[arg(long, value_name = "DIR")]
    pub repo: Option<PathBuf>,

    /// Active keys older than this fail `auth.key-rotation-age`.
    #[arg(long, default_value = "90d", value_name = "AGE")]
    pub rotation_age: String,

    /// `perf.analyse-p95` fails above this p95 in milliseconds.
    #[arg(long, default_value_t = crate::thresholds::P95_MS, value_name = "MS")]
    pub p95_ms: f64,

    /// Requests in the `perf.analyse-p95` probe.
    #[arg(long, default_value_t = 40, value_parser = clap::value_parser!(u32).range(5..=10_000))]
    pub probe_requests: u32,

    /// `queue.oldest-pending` fails when the oldest pending item is older
    /// than this many seconds.
    #[arg(long, default_value_t = crate::thresholds::MAX_PENDING_SECS, value_name = "SECS")]
    pub max_pending_secs: u64,

    /// With an https:// URL, `config.https` fails when the certificate
    /// expires within this many days.
    #[arg(long, default_value_t = 14, value_name = "DAYS")]
    pub min_cert_days: u32,

    /// Trust this PEM CA certificate (a private CA, or a self-signed
    /// certificate) in addition to the system's roots.
    #[arg(long, value_name = "FILE")]
    pub ca_file: Option<PathBuf>,

    /// `webhooks.delivery` fails when an endpoint's recent delivery
    /// success rate is below this percentage.
    #[arg(long, default_value_t = crate::thresholds::MIN_DELIVERY_RATE, value_name = "PERCENT",
        value_parser = parse_percent)]
    pub min_delivery_rate: f64,

    /// Send a signed `webhook.test` event to every configured webhook
    /// endpoint and report each answer (`webhooks.ping`).
    #[arg(long)]
    pub ping_webhooks: bool,

    /// Directory `modctl backup` writes to: `db.backups` fails unless it
    /// holds a backup of the deployment's backend younger than
    /// --backup-max-age. Unset: only PostgreSQL WAL archiving counts.
    #[arg(long, env = "MODCTL_BACKUP_DIR", value_name = "DIR")]
    pub backup_dir: Option<PathBuf>,

    /// With --backup-dir, `db.backups` fails when the newest backup is older.
    #[arg(long, default_value = "26h", value_name = "AGE",
        value_parser = parse_age)]
    pub backup_max_age: chrono::TimeDelta,
}

fn parse_age(s: &str) -> Result<chrono::TimeDelta, String> {
    modd_common::parse_duration(s)
}

fn parse_percent(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(p) if (0.0..=100.0).contains(&p) => Ok(p),
        _ => Err("a percentage between 0 and 100".into()),
    }
}

impl VerifyArgs {
    pub async fn run(self, global: &GlobalOpts) -> Result<(), CliError> {
        if let Some(VerifyCmd::Attest(args)) = self.cmd {
            return args.run(global).await;
        }
        if self.list {
            print_list(global.json)?;
            return Ok(());
        }
        let report = self.report(global).await?;
        if let Some(path) = &self.junit {
            std::fs::write(path, report.junit(self.strict)).map_err(|e| {
                CliError::failure(anyhow::anyhow!("writing {}: {e}", path.display()))
            })?;
        }
        let format = match self.format {
            Some(f) => f,
            None if global.json => Format::Json,
            None => Format::Table,
        };
        match format {
            Format::Table => report.print_tables(),
            Format::Json => print_json(&report)?,
            Format::Junit => print!("{}", report.junit(self.strict)),
            Format::Github => print!("{}", formats::github(&report, self.strict)),
            Format::Markdown => print!("{}", formats::markdown(&report)),
        }
        if report.approved {
            Ok(())
        } else if report.failed > 0 {
            Err(CliError::failure(anyhow::anyhow!(
                "verify: {} check(s) failed",
                report.failed
            )))
        } else {
            Err(CliError::failure(anyhow::anyhow!(
                "verify: {} warning(s), {} unattested manual item(s) with --strict",
                report.warnings,
                report.manual
            )))
        }
    }

    /// Runs the checks and cleans up; `Err` only when verify could not run
    /// (exit 2) or was interrupted. The end-to-end tests call this.
    pub async fn report(&self, global: &GlobalOpts) -> Result<Report, CliError> {
        let sections = catalog::sections();
        for s in &self.only {
            if !sections.contains(&s.as_str()) {
                return Err(CliError::usage(format!(
                    "--only {s}: unknown section; one of {}",
                    sections.join(", ")
                )));
            }
        }
        for id in &self.skip {
            if !catalog::known(id) {
                return Err(CliError::usage(format!(
                    "--skip {id}: unknown check id (see `modctl verify --list`)"
                )));
            }
        }
        let started = Instant::now();
        let ctx = Ctx::connect(global, self).await?;
        let outcome = tokio::select! {
            checks = run_sections(&ctx, self) => Some(checks),
            _ = interrupted() => None,
        };
        // The cleanup guard: whatever happened above, what verify created goes.
        let cleaned = ctx.cleanup().await;
        let Some(mut checks) = outcome else {
            cleaned?;
            return Err(CliError::usage(
                "verify interrupted; temporary keys revoked and probe items erased",
            ));
        };
        if let Err(e) = cleaned {
            checks.push(CheckResult::warn(
                "verify.cleanup",
                format!("cleanup: {}", e.one_line()),
                "revoke keys named modctl-verify-* (they expire within the hour anyway); \
                 erase items of source app modctl-verify",
            ));
        }
        Ok(Report::new(
            &global.url,
            checks,
            self.strict,
            started.elapsed().as_millis(),
        ))
    }
}

/// Ctrl-C (SIGINT) or, on Unix, SIGTERM (a CI job cancelled, a container
/// stopped): either stops the checks and lets cleanup run.
async fn interrupted() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}

/// Runs the selected sections in report order and applies `--skip`.
async fn run_sections(ctx: &Ctx, args: &VerifyArgs) -> Vec<CheckResult> {
    let on = |s: &str| args.only.is_empty() || args.only.iter().any(|o| o == s);
    let mut out = Vec::new();
    if on("service") {
        out.extend(service::checks(ctx).await);
    }
    if on("deployment") {
        out.extend(deployment::checks(ctx).await);
    }
    if on("config") {
        out.extend(config::checks(ctx).await);
    }
    if on("auth") {
        out.extend(auth::checks(ctx).await);
    }
    if on("ratelimit") {
        out.push(auth::ratelimit(ctx).await);
    }
    if on("db") {
        out.extend(db::checks(ctx, args));
    }
    if on("redis") {
        out.extend(redis::checks(ctx));
    }
    if on("queue") {
        out.extend(work::checks(ctx).await);
    }
    if on("images") {
        out.extend(images::checks(ctx));
    }
    if on("webhooks") {
        out.extend(webhooks::checks(ctx).await);
    }
    if on("perf") {
        out.push(perf::analyse_p95(ctx).await);
    }
    if on("repo") {
        out.extend(repo::checks(args.repo.as_deref()));
    }
    if on("manual") {
        out.extend(attest::manual_items(ctx).await);
    }
    for c in &mut out {
        if args.skip.contains(&c.id) {
            *c = CheckResult::skipped(&c.id, "skipped with --skip");
        }
    }
    out
}

fn print_list(json: bool) -> Result<(), CliError> {
    let all = catalog::AUTOMATED.iter().chain(catalog::MANUAL);
    if json {
        let rows: Vec<_> = all
            .map(|c| serde_json::json!({"id": c.id, "checklist": c.checklist, "checks": c.what}))
            .collect();
        return print_json(&rows);
    }
    let mut t = crate::output::table(["check", "checklist section", "checks"]);
    for c in all {
        t.add_row([c.id, c.checklist, c.what]);
    }
    println!("{t}");
    Ok(())
}
