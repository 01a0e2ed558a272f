//! Remote moderation providers, optional and off by default: an
//! OpenAI-compatible `/moderations` endpoint ([`openai`]) and a generic HTTP
//! model ([`generic`]). Each is a [`Transport`] (one HTTP exchange, parsed)
//! wrapped in a [`Provider`] that adds the timeout, retries with backoff
//! (honouring `Retry-After`), a circuit breaker ([`breaker`]), a concurrency
//! cap and metrics. [`cascade`] decides when a provider is consulted at all.

pub mod breaker;
pub mod cascade;
pub mod generic;
pub mod openai;
mod provider;
mod wire;

pub use breaker::{Breaker, BreakerState};
pub use cascade::Cascade;
pub use provider::{Provider, ProviderError, RetryPolicy};

use modd_common::Category;
use std::sync::Arc;
use std::time::Duration;

use crate::settings::RemoteSettings;

/// What is sent to a provider. Text is never logged.
#[derive(Debug, Clone, Copy, Default)]
pub struct RemoteInput<'a> {
    pub text: Option<&'a str>,
    pub image_url: Option<&'a str>,
}

/// Scores from one successful exchange.
#[derive(Debug, Clone, PartialEq)]
pub struct RemoteScores {
    /// The provider's own outputs, under its own names.
    pub raw: Vec<(String, f64)>,
    /// Mapped onto the taxonomy, configured categories only.
    pub scores: Vec<(Category, f64)>,
    /// The model that answered (as reported by the provider when it says).
    pub model_version: String,
}

/// Why one attempt failed. Messages never contain the text sent or a key.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum AttemptError {
    #[error("timed out")]
    Timeout,
    #[error("rate limited (429)")]
    RateLimited { retry_after: Option<Duration> },
    #[error("server error ({0})")]
    Server(u16),
    /// A 4xx other than 408/429: retrying the same request will not help.
    #[error("request rejected ({0})")]
    Rejected(u16),
    #[error("malformed response: {0}")]
    Malformed(String),
    #[error("connection failed: {0}")]
    Transport(String),
}

impl AttemptError {
    /// Stable label for metrics.
    pub fn kind(&self) -> &'static str {
        match self {
            AttemptError::Timeout => "timeout",
            AttemptError::RateLimited { .. } => "rate_limited",
            AttemptError::Server(_) => "server_error",
            AttemptError::Rejected(_) => "rejected",
            AttemptError::Malformed(_) => "malformed",
            AttemptError::Transport(_) => "transport",
        }
    }

    /// Whether another attempt may succeed.
    pub fn retryable(&self) -> bool {
        !matches!(self, AttemptError::Rejected(_))
    }

    /// Whether this says the provider is unhealthy (counts towards opening
    /// its breaker). A 429 or a 4xx come from a provider that is up.
    pub fn is_outage(&self) -> bool {
        matches!(
            self,
            AttemptError::Timeout
                | AttemptError::Server(_)
                | AttemptError::Malformed(_)
                | AttemptError::Transport(_)
        )
    }
}

/// One kind of remote endpoint: builds the request, parses the answer.
#[async_trait::async_trait]
pub trait Transport: Send + Sync + 'static {
    /// Label in metrics and `classifier` in scores, e.g. `openai`.
    fn name(&self) -> &'static str;
    /// Taxonomy categories it can return.
    fn categories(&self) -> &[Category];
    /// The model asked for (recorded when a call fails).
    fn model(&self) -> &str;
    /// Whether it scores images (`image_url`).
    fn accepts_images(&self) -> bool;
    async fn send(
        &self,
        client: &reqwest::Client,
        input: &RemoteInput<'_>,
    ) -> Result<RemoteScores, AttemptError>;
}

/// The providers the settings configure, in cascade order (OpenAI first).
pub fn from_settings(s: &RemoteSettings) -> Result<Vec<Arc<Provider>>, reqwest::Error> {
    let policy = RetryPolicy {
        timeout: s.timeout,
        retries: s.retries,
        backoff_base: s.backoff_base,
        backoff_max: s.backoff_max,
    };
    let mut out = Vec::new();
    if let Some(o) = &s.openai {
        let t = openai::OpenAiModeration::new(o);
        out.push(Arc::new(Provider::new(Box::new(t), policy, s)?));
    }
    if let Some(h) = &s.http {
        let t = generic::HttpModel::new(h);
        out.push(Arc::new(Provider::new(Box::new(t), policy, s)?));
    }
    Ok(out)
}

/// `engine` with the cascade attached when a provider is configured.
pub fn attach(
    engine: crate::classify::Engine,
    s: &RemoteSettings,
) -> Result<crate::classify::Engine, reqwest::Error> {
    let providers = from_settings(s)?;
    if providers.is_empty() {
        return Ok(engine);
    }
    let names: Vec<&str> = providers.iter().map(|p| p.name()).collect();
    tracing::info!(providers = ?names, "remote providers configured");
    Ok(engine.with_remote(Arc::new(Cascade::new(providers, s.uncertain_band))))
}
