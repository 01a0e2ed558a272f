//! `modctl bench`: the load test of `POST /api/v1/moderation/analyse`.
//!
//! Closed loop (as fast as `--concurrency` allows) or open loop (`--rate`:
//! requests start on a fixed schedule and latency is measured from the
//! scheduled start, so a slow server cannot hide latency by slowing the
//! load down — no coordinated omission). Latencies go into an HDR
//! histogram; a sample of accepted items is then followed to its decision.

mod decisions;
mod load;
mod report;

use clap::Args;
use std::path::PathBuf;
use std::time::Duration;

use crate::args::GlobalOpts;
use crate::client::Client;
use crate::error::CliError;
use crate::parse::parse_duration;

/// Load-test the intake endpoint and report latency percentiles.
#[derive(Debug, Args)]
pub struct BenchArgs {
    /// How long to send requests, e.g. 30s or 2m.
    #[arg(long, default_value = "30s", value_parser = parse_std_duration)]
    pub duration: Duration,
    /// Requests in flight at once (closed loop), or the cap on them (open loop).
    #[arg(long, default_value_t = 64, value_parser = clap::value_parser!(u32).range(1..=10_000))]
    pub concurrency: u32,
    /// Requests per second on a fixed schedule (open loop). Without it, as fast as possible.
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    pub rate: Option<u32>,
    /// File of texts to send, one per line (default: built-in sample comments).
    #[arg(long, value_name = "FILE")]
    pub texts: Option<PathBuf>,
    /// Client API key to send with (env MODCTL_BENCH_KEY).
    #[arg(
        long,
        env = "MODCTL_BENCH_KEY",
        hide_env_values = true,
        conflicts_with = "create_temp_key"
    )]
    pub key: Option<String>,
    /// Create a temporary client key with no practical rate limit through the
    /// admin API (needs --admin-key), and revoke it at the end.
    #[arg(long)]
    pub create_temp_key: bool,
    /// `source_app` of the submitted items.
    #[arg(long, default_value = "modctl-bench")]
    pub source_app: String,
    /// How many accepted items to follow to their decision (0 = none).
    #[arg(long, default_value_t = 200)]
    pub decision_sample: usize,
    /// Read every accepted item's accept→decision time, and the end-to-end
    /// decisions per second, from the database (--database-url) instead of
    /// following a sample over the API.
    #[arg(long)]
    pub decisions_from_database: bool,
    /// Exit 1 when the p95 latency exceeds this many milliseconds.
    #[arg(long, value_name = "MS")]
    pub fail_p95_ms: Option<f64>,
    /// Exit 1 when the share of failed requests (non-2xx or transport errors) exceeds this, 0..1.
    #[arg(long, value_name = "RATIO")]
    pub fail_error_rate: Option<f64>,
}

/// The accepted ids of a successful load, if any was accepted.
fn outcome_range(result: &Result<load::Outcome, CliError>) -> Option<(i64, i64)> {
    result.as_ref().ok()?.id_range
}

fn parse_std_duration(s: &str) -> Result<Duration, String> {
    parse_duration(s)?
        .to_std()
        .map_err(|_| "duration out of range".to_owned())
}

/// Sample comments used when `--texts` is not given.
const DEFAULT_TEXTS: &[&str] = &[
    "Great article, thanks for writing it up!",
    "I disagree with the second point, but the data is interesting.",
    "This is the worst take I have read all week.",
    "Does anyone know when the next release is planned?",
    "lol same thing happened to me yesterday",
    "Check out my profile for more updates",
    "You clearly did not read the article before commenting.",
    "Thanks, this fixed my problem.",
];

impl BenchArgs {
    pub async fn run(self, global: &GlobalOpts) -> Result<(), CliError> {
        if let Some(r) = self.fail_error_rate
            && !(0.0..=1.0).contains(&r)
        {
            return Err(CliError::usage("--fail-error-rate must be between 0 and 1"));
        }
        let texts = self.load_texts()?;
        let (key, temp) = match (&self.key, self.create_temp_key) {
            (Some(k), _) => (k.clone(), None),
            (None, true) => {
                let admin = global.client()?;
                let temp = decisions::TempKey::create(&admin).await?;
                (temp.secret.clone(), Some((admin, temp)))
            }
            (None, false) => {
                return Err(CliError::usage(
                    "give --key (or MODCTL_BENCH_KEY) or --create-temp-key",
                ));
            }
        };
        let client = Client::new(&global.url, Some(key.clone()))
            .map_err(|e| CliError::usage(format!("--url / MODCTL_URL: {e}")))?;
        let plan = load::Plan {
            url: client.url_with_query(&["api", "v1", "moderation", "analyse"], &[]),
            key,
            texts,
            source_app: self.source_app.clone(),
            duration: self.duration,
            concurrency: self.concurrency as usize,
            rate: self.rate,
            sample: self.decision_sample,
            show_progress: !global.json,
        };
        // Opened before the load, so a wrong URL fails before any request.
        let store = match self.decisions_from_database {
            true => Some(crate::db::connect(&global.database()?).await?),
            false => None,
        };
        let result = load::run(&plan).await;
        let decided = match (&result, store, outcome_range(&result)) {
            (Ok(_), Some(store), Some(range)) => {
                let wait = Duration::from_secs(60);
                decisions::from_database(&*store, &self.source_app, range, wait).await?
            }
            (Ok(outcome), None, _) => {
                decisions::follow(&client, &outcome.sampled_ids, Duration::from_secs(30)).await
            }
            _ => decisions::Decided::default(),
        };
        if let Some((admin, temp)) = temp {
            temp.revoke(&admin).await;
        }
        let outcome = result?;
        let summary = report::Summary::new(&plan, &outcome, &decided);
        if global.json {
            crate::output::print_json(&summary)?;
        } else {
            summary.print();
        }
        summary.check(self.fail_p95_ms, self.fail_error_rate)
    }

    fn load_texts(&self) -> Result<Vec<String>, CliError> {
        let Some(path) = &self.texts else {
            return Ok(DEFAULT_TEXTS.iter().map(|s| (*s).to_owned()).collect());
        };
        let text = std::fs::read_to_string(path)
            .map_err(|e| CliError::usage(format!("--texts {}: {e}", path.display())))?;
        let lines: Vec<String> = text
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(str::to_owned)
            .collect();
        if lines.is_empty() {
            return Err(CliError::usage(format!(
                "--texts {}: no non-empty lines",
                path.display()
            )));
        }
        Ok(lines)
    }
}
