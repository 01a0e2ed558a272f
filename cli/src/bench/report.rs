//! The bench report: status counts, latency percentiles, throughput, and
//! the `--fail-*` gates.

use serde::Serialize;
use std::collections::BTreeMap;

use super::decisions::Decided;
use super::load::{Outcome, Plan};
use crate::error::CliError;
use crate::output::table;

/// Everything printed, also as `--json`.
#[derive(Debug, Serialize)]
pub struct Summary {
    pub mode: String,
    pub duration_s: f64,
    pub concurrency: usize,
    pub target_rate: Option<u32>,
    pub requests: u64,
    pub requests_per_s: f64,
    pub statuses: BTreeMap<u16, u64>,
    pub transport_errors: u64,
    pub error_rate: f64,
    pub latency_ms: Percentiles,
    pub delayed_starts: u64,
    pub accept_to_decision_ms: Option<Percentiles>,
    pub decisions_sampled: usize,
    pub decisions_still_pending: usize,
    /// `sample` (followed over the API) or `database` (every accepted item).
    pub decisions_from: &'static str,
    /// First accept to last decision (`database` only).
    pub decided_per_s: Option<f64>,
}

/// Latency percentiles in milliseconds.
#[derive(Debug, Serialize)]
pub struct Percentiles {
    pub p50: f64,
    pub p90: f64,
    pub p95: f64,
    pub p99: f64,
    pub p999: f64,
    pub max: f64,
}

impl Summary {
    pub fn new(plan: &Plan, outcome: &Outcome, decided: &Decided) -> Self {
        let h = &outcome.latency_us;
        let ms = |q: f64| h.value_at_quantile(q) as f64 / 1000.0;
        let ok: u64 = outcome
            .statuses
            .iter()
            .filter(|(s, _)| (200..300).contains(*s))
            .map(|(_, n)| n)
            .sum();
        let requests = outcome.statuses.values().sum::<u64>() + outcome.transport_errors;
        let failed = requests - ok;
        Summary {
            mode: if plan.rate.is_some() {
                "open loop"
            } else {
                "closed loop"
            }
            .into(),
            duration_s: outcome.elapsed.as_secs_f64(),
            concurrency: plan.concurrency,
            target_rate: plan.rate,
            requests,
            requests_per_s: requests as f64 / outcome.elapsed.as_secs_f64().max(1e-9),
            statuses: outcome.statuses.clone(),
            transport_errors: outcome.transport_errors,
            error_rate: if requests == 0 {
                0.0
            } else {
                failed as f64 / requests as f64
            },
            latency_ms: Percentiles {
                p50: ms(0.5),
                p90: ms(0.9),
                p95: ms(0.95),
                p99: ms(0.99),
                p999: ms(0.999),
                max: h.max() as f64 / 1000.0,
            },
            delayed_starts: outcome.delayed_starts,
            accept_to_decision_ms: percentiles(&decided.latencies_ms),
            decisions_sampled: decided.latencies_ms.len(),
            decisions_still_pending: decided.still_pending,
            decisions_from: if decided.from_database {
                "database"
            } else {
                "sample"
            },
            decided_per_s: decided.decided_per_s,
        }
    }

    pub fn print(&self) {
        let mut t = table(["status", "count"]);
        for (status, n) in &self.statuses {
            t.add_row(vec![status.to_string(), n.to_string()]);
        }
        if self.transport_errors > 0 {
            t.add_row(vec![
                "transport error".to_owned(),
                self.transport_errors.to_string(),
            ]);
        }
        println!("{t}");
        let mut t = table(["latency", "p50", "p90", "p95", "p99", "p99.9", "max"]);
        t.add_row(row("request (ms)", &self.latency_ms));
        if let Some(d) = &self.accept_to_decision_ms {
            t.add_row(row(
                &format!(
                    "accept→decision (ms, {} n={})",
                    self.decisions_from, self.decisions_sampled
                ),
                d,
            ));
        }
        println!("{t}");
        let rate = self
            .target_rate
            .map_or(String::new(), |r| format!(", target {r}/s"));
        println!(
            "{} requests in {:.1} s: {:.0} req/s ({}, concurrency {}{rate}); errors {:.2}%",
            self.requests,
            self.duration_s,
            self.requests_per_s,
            self.mode,
            self.concurrency,
            self.error_rate * 100.0
        );
        if self.delayed_starts > 0 {
            println!(
                "{} requests started late: all {} slots were busy (latency counts from the schedule)",
                self.delayed_starts, self.concurrency
            );
        }
        if let Some(rate) = self.decided_per_s {
            println!("end to end: {rate:.0} decisions/s (first accept to last stored decision)");
        }
        if self.decisions_still_pending > 0 {
            println!(
                "{} {} items were still pending when following gave up",
                self.decisions_still_pending, self.decisions_from
            );
        }
    }

    /// The `--fail-*` gates: exit 1 when one is crossed.
    pub fn check(
        &self,
        fail_p95_ms: Option<f64>,
        fail_error_rate: Option<f64>,
    ) -> Result<(), CliError> {
        if let Some(limit) = fail_p95_ms
            && self.latency_ms.p95 > limit
        {
            return Err(CliError::failure(anyhow::anyhow!(
                "p95 latency {:.1} ms exceeds --fail-p95-ms {limit}",
                self.latency_ms.p95
            )));
        }
        if let Some(limit) = fail_error_rate
            && self.error_rate > limit
        {
            return Err(CliError::failure(anyhow::anyhow!(
                "error rate {:.4} exceeds --fail-error-rate {limit}",
                self.error_rate
            )));
        }
        Ok(())
    }
}

fn row(label: &str, p: &Percentiles) -> Vec<String> {
    let f = |v: f64| format!("{v:.2}");
    vec![
        label.to_owned(),
        f(p.p50),
        f(p.p90),
        f(p.p95),
        f(p.p99),
        f(p.p999),
        f(p.max),
    ]
}

/// Nearest-rank percentiles of a sorted sample.
fn percentiles(sorted: &[f64]) -> Option<Percentiles> {
    let last = sorted.len().checked_sub(1)?;
    let at = |q: f64| {
        sorted[((q * sorted.len() as f64).ceil() as usize)
            .saturating_sub(1)
            .min(last)]
    };
    Some(Percentiles {
        p50: at(0.5),
        p90: at(0.9),
        p95: at(0.95),
        p99: at(0.99),
        p999: at(0.999),
        max: sorted[last],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank_percentiles() {
        let v: Vec<f64> = (1..=100).map(f64::from).collect();
        let p = percentiles(&v).unwrap();
        assert_eq!((p.p50, p.p90, p.p99, p.max), (50.0, 90.0, 99.0, 100.0));
        assert!(percentiles(&[]).is_none());
        assert_eq!(percentiles(&[7.0]).unwrap().p999, 7.0);
    }
}
