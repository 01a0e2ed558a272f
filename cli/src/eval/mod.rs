//! `modctl eval`: how well a running `modd` decides on labelled data.
//!
//! Reads labelled JSONL files ([`dataset`]), classifies every text through
//! the daemon's classify endpoint (whatever engine or cascade it runs; in
//! batches, a few requests in flight), and reports per language and
//! category the confusion counts, precision, recall and F1 ([`metrics`],
//! [`report`], [`render`]), with the lowest thresholds that reach a target
//! precision as a policy file. `--baseline` turns it into a CI gate
//! ([`baseline`]).

pub mod baseline;
pub mod dataset;
pub mod metrics;
pub mod render;
pub mod report;

use clap::Args;
use futures::StreamExt;
use indicatif::{ProgressBar, ProgressStyle};
use modd_common::{Category, ClassifyRequest, ClassifyResult};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Duration;

use crate::args::GlobalOpts;
use crate::client::{Client, ClientOptions};
use crate::error::CliError;
use crate::output::print_json;
use crate::secret::Secret;
use baseline::Baseline;
use report::Scored;

/// Texts per classify request (the daemon allows 256 by default).
const BATCH_TEXTS: usize = 64;

/// How long one classify request may take. Its texts wait for the
/// sentence encoder's lane, which does ~20 texts/s a thread in a release
/// build and 1–3 in a debug one: a batch can outlast the client's usual
/// 30 s, and an evaluation is batch work, not an interactive call.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(600);

/// `modctl eval`
#[derive(Debug, Args)]
pub struct EvalArgs {
    /// Labelled JSONL files: one example a line, with "text", "labels"
    /// ({"harassment":1,"hate":0,…}) and optionally "lang" and "split"
    /// (see docs/src/using/eval.md).
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Only the lines of this split (e.g. `test`).
    #[arg(long, value_name = "NAME")]
    pub split: Option<String>,
    /// Score at or above which a text counts as flagged, for precision,
    /// recall and F1.
    #[arg(long, default_value_t = 0.5, value_name = "SCORE")]
    pub threshold: f64,
    /// The precision the suggested thresholds must reach.
    #[arg(long, default_value_t = 0.9, value_name = "P")]
    pub target_precision: f64,
    /// Classify requests in flight.
    #[arg(long, default_value_t = 4, value_name = "N")]
    pub concurrency: usize,
    /// Whose policy applies (it decides, e.g., whether uncovered languages
    /// are scored anyway); default: the key's only app, else the built-in.
    #[arg(long, value_name = "APP")]
    pub source_app: Option<String>,
    /// Fail (exit 1) when any F1 is below the one recorded in this file.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Record this run's F1s in this file, for later `--baseline` runs.
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,
    /// API key for classify (any valid key); defaults to --admin-key.
    #[arg(
        long,
        env = "MODCTL_API_KEY",
        hide_env_values = true,
        value_name = "KEY"
    )]
    pub api_key: Option<Secret>,
}

impl EvalArgs {
    pub async fn run(self, global: &GlobalOpts) -> Result<(), CliError> {
        let unit = |name: &str, v: f64| {
            if v > 0.0 && v <= 1.0 {
                Ok(())
            } else {
                Err(CliError::usage(format!(
                    "{name} must be in (0, 1], not {v}"
                )))
            }
        };
        unit("--threshold", self.threshold)?;
        unit("--target-precision", self.target_precision)?;
        if self.concurrency == 0 {
            return Err(CliError::usage("--concurrency must be at least 1"));
        }
        let floor = self.baseline.as_deref().map(Baseline::read).transpose()?;
        let mut examples = Vec::new();
        for f in &self.files {
            examples.extend(dataset::read(f, self.split.as_deref())?);
        }
        if examples.is_empty() {
            return Err(CliError::usage(match &self.split {
                Some(s) => format!("no example of split {s:?} in the files"),
                None => "no example in the files".to_owned(),
            }));
        }
        let options = ClientOptions {
            timeout: REQUEST_TIMEOUT,
            ..ClientOptions::default()
        };
        let client = match &self.api_key {
            Some(k) => Client::with_options(&global.url, Some(k.expose().to_owned()), options)
                .map_err(|e| CliError::usage(format!("--url / MODCTL_URL: {e}")))?,
            None => global.client_with(
                reqwest::Client::builder()
                    .connect_timeout(options.connect_timeout)
                    .timeout(options.timeout),
            )?,
        }
        .with_rate_limit_patience(crate::classify::RATE_LIMIT_PATIENCE);

        let scored = self.classify(&client, examples).await?;
        let report = report::build(
            &scored,
            self.split.clone(),
            self.threshold,
            self.target_precision,
        );
        if global.json {
            print_json(&report)?;
        } else {
            println!("{}", render::render(&report));
        }
        if let Some(path) = &self.write_baseline {
            Baseline::of(&report).write(path)?;
        }
        if let Some(floor) = floor {
            let worse = floor.regressions(&report)?;
            if !worse.is_empty() {
                return Err(CliError::failure(anyhow::anyhow!(
                    "below the baseline: {}",
                    worse.join("; ")
                )));
            }
        }
        Ok(())
    }

    /// Every example with its scores, in file order.
    async fn classify(
        &self,
        client: &Client,
        examples: Vec<dataset::Example>,
    ) -> Result<Vec<Scored>, CliError> {
        let bar = ProgressBar::new(examples.len() as u64).with_style(
            ProgressStyle::with_template("{bar:40} {pos}/{len} texts {per_sec} eta {eta}")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        let batches: Vec<Vec<dataset::Example>> = batches(examples);
        let mut answers = futures::stream::iter(batches)
            .map(|batch| {
                let req = ClassifyRequest {
                    texts: Some(batch.iter().map(|e| e.text.clone()).collect()),
                    source_app: self.source_app.clone(),
                    ..ClassifyRequest::default()
                };
                async move {
                    let resp = client.classify(&req).await.map_err(CliError::failure)?;
                    if resp.results.len() != batch.len() {
                        return Err(CliError::failure(anyhow::anyhow!(
                            "the daemon answered {} results for {} texts",
                            resp.results.len(),
                            batch.len()
                        )));
                    }
                    Ok::<_, CliError>((batch, resp.results))
                }
            })
            .buffered(self.concurrency);
        let mut out = Vec::new();
        while let Some(answer) = answers.next().await {
            let (batch, results) = answer?;
            bar.inc(batch.len() as u64);
            out.extend(batch.into_iter().zip(&results).map(|(example, r)| Scored {
                example,
                scores: scores(r),
            }));
        }
        bar.finish_and_clear();
        Ok(out)
    }
}

/// Groups examples into requests: at most [`BATCH_TEXTS`] texts and
/// `classify`'s byte budget each.
fn batches(examples: Vec<dataset::Example>) -> Vec<Vec<dataset::Example>> {
    let mut out: Vec<Vec<dataset::Example>> = Vec::new();
    let mut bytes = 0;
    for e in examples {
        let full = out.last().is_none_or(|b| {
            b.len() >= BATCH_TEXTS || bytes + e.text.len() > crate::classify::BATCH_BYTES
        });
        if full {
            out.push(Vec::new());
            bytes = 0;
        }
        bytes += e.text.len();
        if let Some(b) = out.last_mut() {
            b.push(e);
        }
    }
    out
}

/// The highest score of each category in a result (a cascade may score a
/// category twice; the policy takes the strictest).
fn scores(r: &ClassifyResult) -> BTreeMap<Category, f64> {
    let mut out: BTreeMap<Category, f64> = BTreeMap::new();
    for s in &r.scores {
        let Some(c) = dataset::category(&s.category) else {
            continue;
        };
        let v = out.entry(c).or_insert(s.score);
        *v = v.max(s.score);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ex(len: usize) -> dataset::Example {
        dataset::Example {
            text: "x".repeat(len),
            lang: "en".into(),
            labels: BTreeMap::new(),
        }
    }

    #[test]
    fn batches_respect_the_count_and_the_bytes() {
        let sizes: Vec<usize> = batches((0..130).map(|_| ex(10)).collect())
            .iter()
            .map(Vec::len)
            .collect();
        assert_eq!(sizes, [64, 64, 2]);
        let big = crate::classify::BATCH_BYTES / 2 + 1;
        let sizes: Vec<usize> = batches(vec![ex(big), ex(big), ex(10)])
            .iter()
            .map(Vec::len)
            .collect();
        assert_eq!(sizes, [1, 2]);
    }
}
