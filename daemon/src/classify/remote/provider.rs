//! `Provider`: one transport made safe to call from workers: a timeout per
//! attempt, retries with exponential backoff (a 429's `Retry-After` is
//! honoured, up to the backoff cap), a circuit breaker, a concurrency cap,
//! and its latency, errors and breaker state in `/metrics`.

use modd_common::{Category, ProviderStats};
use std::time::{Duration, Instant};
use tokio::sync::Semaphore;

use super::breaker::{Admit, Breaker, BreakerState};
use super::{AttemptError, RemoteInput, RemoteScores, Transport};
use crate::observe::tally::Tally;
use crate::settings::RemoteSettings;

/// Timeouts and retries of one provider.
#[derive(Debug, Clone, Copy)]
pub struct RetryPolicy {
    pub timeout: Duration,
    pub retries: u32,
    pub backoff_base: Duration,
    pub backoff_max: Duration,
}

/// Why a provider gave no scores. Never carries the text or a key.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ProviderError {
    #[error("provider {provider}: circuit breaker open")]
    CircuitOpen { provider: &'static str },
    #[error("provider {provider}: all {max} concurrent calls busy")]
    Saturated { provider: &'static str, max: usize },
    #[error("provider {provider}: {last} (after {attempts} attempts)")]
    Failed {
        provider: &'static str,
        attempts: u32,
        last: AttemptError,
    },
}

pub struct Provider {
    transport: Box<dyn Transport>,
    client: reqwest::Client,
    policy: RetryPolicy,
    breaker: Breaker,
    permits: Semaphore,
    max_concurrency: usize,
    /// Its calls for the dashboard, recorded with the Prometheus series.
    tally: Tally,
}

impl Provider {
    pub fn new(
        transport: Box<dyn Transport>,
        policy: RetryPolicy,
        s: &RemoteSettings,
    ) -> Result<Self, reqwest::Error> {
        let client = reqwest::Client::builder()
            .timeout(policy.timeout)
            .connect_timeout(policy.timeout)
            .user_agent(concat!("modd/", env!("CARGO_PKG_VERSION")))
            .build()?;
        let p = Self {
            transport,
            client,
            policy,
            breaker: Breaker::new(s.breaker_failures, s.breaker_cooldown),
            permits: Semaphore::new(s.concurrency),
            max_concurrency: s.concurrency,
            tally: Tally::default(),
        };
        p.publish_state(); // so the gauge exists before the first call
        Ok(p)
    }

    pub fn name(&self) -> &'static str {
        self.transport.name()
    }

    pub fn categories(&self) -> &[Category] {
        self.transport.categories()
    }

    pub fn model(&self) -> &str {
        self.transport.model()
    }

    pub fn accepts_images(&self) -> bool {
        self.transport.accepts_images()
    }

    pub fn breaker_state(&self) -> BreakerState {
        self.breaker.state()
    }

    fn publish_state(&self) {
        metrics::gauge!("modd_provider_breaker_state", "provider" => self.name())
            .set(self.breaker.state() as u8 as f64);
    }

    fn count_error(&self, kind: &'static str) {
        metrics::counter!("modd_provider_errors_total", "provider" => self.name(), "kind" => kind)
            .increment(1);
    }

    /// A call refused before it went out: an error in both records.
    fn refuse(&self, kind: &'static str) {
        self.count_error(kind);
        self.tally.refused();
    }

    /// An attempt that went out: its latency in both records (its error,
    /// if any, is counted by kind with [`Provider::count_error`]).
    fn record_attempt(&self, outcome: &'static str, seconds: f64) {
        metrics::histogram!("modd_provider_request_duration_seconds",
            "provider" => self.name(), "outcome" => outcome)
        .record(seconds);
        self.tally.timed(outcome == "ok", seconds);
    }

    /// Its breaker and calls since start, for `GET /api/v1/admin/stats`.
    pub fn stats(&self) -> ProviderStats {
        let t = self.tally.view();
        ProviderStats {
            name: self.name().to_owned(),
            breaker: self.breaker_state().as_str().to_owned(),
            calls: t.calls,
            errors: t.errors,
            latency: t.latency,
        }
    }

    /// Scores for `input`, with the model that answered.
    pub async fn classify(&self, input: &RemoteInput<'_>) -> Result<RemoteScores, ProviderError> {
        let name = self.name();
        let mut attempt = 0u32;
        loop {
            attempt += 1;
            let Some(admit) = self.breaker.admit(Instant::now()) else {
                self.refuse("circuit_open");
                return Err(ProviderError::CircuitOpen { provider: name });
            };
            self.publish_state();
            // Waiting for a slot is bounded by the timeout, so a saturated
            // provider cannot hold a worker forever.
            let permit = tokio::time::timeout(self.policy.timeout, self.permits.acquire()).await;
            let Ok(Ok(permit)) = permit else {
                if admit == Admit::Probe {
                    self.breaker.release_probe();
                }
                self.refuse("saturated");
                return Err(ProviderError::Saturated {
                    provider: name,
                    max: self.max_concurrency,
                });
            };
            let started = Instant::now();
            let result = self.transport.send(&self.client, input).await;
            drop(permit);
            let outcome = result.as_ref().map_or_else(AttemptError::kind, |_| "ok");
            self.record_attempt(outcome, started.elapsed().as_secs_f64());
            let error = match result {
                Ok(r) => {
                    self.breaker.success();
                    self.publish_state();
                    return Ok(r);
                }
                Err(e) => e,
            };
            self.count_error(error.kind());
            if error.is_outage() {
                self.breaker.failure(Instant::now());
            } else {
                // The provider answered: it is up, even if it said no.
                self.breaker.success();
            }
            self.publish_state();
            tracing::warn!(provider = name, attempt, error = %error, "provider call failed");
            let wait = match &error {
                _ if !error.retryable() || attempt > self.policy.retries => None,
                AttemptError::RateLimited {
                    retry_after: Some(ra),
                } => (*ra <= self.policy.backoff_max).then_some(*ra),
                _ => Some(backoff(&self.policy, attempt)),
            };
            let Some(wait) = wait else {
                return Err(ProviderError::Failed {
                    provider: name,
                    attempts: attempt,
                    last: error,
                });
            };
            metrics::counter!("modd_provider_retries_total", "provider" => name).increment(1);
            tokio::time::sleep(wait).await;
        }
    }
}

/// `base · 2^(attempt-1)`, capped, with jitter in its upper half so callers
/// that failed together do not retry together.
fn backoff(p: &RetryPolicy, attempt: u32) -> Duration {
    let exp = p
        .backoff_base
        .saturating_mul(1u32 << attempt.saturating_sub(1).min(16))
        .min(p.backoff_max);
    let half = exp / 2;
    half + half.mul_f64(rand::random::<f64>())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_and_is_capped() {
        let p = RetryPolicy {
            timeout: Duration::from_secs(1),
            retries: 5,
            backoff_base: Duration::from_millis(100),
            backoff_max: Duration::from_millis(350),
        };
        for _ in 0..50 {
            let b1 = backoff(&p, 1);
            assert!(b1 >= Duration::from_millis(50) && b1 <= Duration::from_millis(100));
            let b2 = backoff(&p, 2);
            assert!(b2 >= Duration::from_millis(100) && b2 <= Duration::from_millis(200));
            assert!(backoff(&p, 30) <= Duration::from_millis(350));
        }
    }
}
