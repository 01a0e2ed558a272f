//! Settings of the outbox: the webhook sender and the retention sweeper.

use std::time::Duration;

use super::{RawValues, SettingsError, boolean, invalid, number};

/// How webhooks are sent.
#[derive(Debug, Clone, PartialEq)]
pub struct WebhookSettings {
    /// Allow private and loopback destinations (`MODD_WEBHOOK_ALLOW_PRIVATE`).
    pub allow_private: bool,
    /// In production, `allow_private` applies only to these hosts.
    pub allowed_hosts: Vec<String>,
    /// Connect plus response time of one attempt.
    pub timeout: Duration,
    /// Attempts before an event is dead-lettered.
    pub max_attempts: i64,
    /// Delay before the first retry; each next one is 4 times longer (capped at 8 h).
    pub retry_base: Duration,
    /// Deliveries in flight per process.
    pub concurrency: usize,
}

/// How long content is kept.
#[derive(Debug, Clone, PartialEq)]
pub struct RetentionSettings {
    /// Days items are kept unless their app says otherwise.
    pub default_days: i64,
    /// Pause between sweeps.
    pub sweep_every: Duration,
}

pub(super) fn webhooks(raw: &RawValues) -> Result<WebhookSettings, SettingsError> {
    let allowed_hosts = raw
        .get("MODD_WEBHOOK_ALLOWED_HOSTS")
        .map(String::as_str)
        .unwrap_or("")
        .split(',')
        .map(|h| h.trim().trim_end_matches('.').to_ascii_lowercase())
        .filter(|h| !h.is_empty())
        .collect::<Vec<_>>();
    if let Some(bad) = allowed_hosts
        .iter()
        .find(|h| h.contains(['/', ':', '@', ' ']))
    {
        return Err(invalid(
            "MODD_WEBHOOK_ALLOWED_HOSTS",
            format!("{bad:?} is not a host name (list names, without scheme or port)"),
        ));
    }
    Ok(WebhookSettings {
        allow_private: boolean(raw, "MODD_WEBHOOK_ALLOW_PRIVATE")?,
        allowed_hosts,
        timeout: Duration::from_secs(number(raw, "MODD_WEBHOOK_TIMEOUT_SECS", 1, 300)?),
        max_attempts: number(raw, "MODD_WEBHOOK_MAX_ATTEMPTS", 1, 100)?,
        retry_base: Duration::from_millis(number(raw, "MODD_WEBHOOK_RETRY_BASE_MS", 1, 3_600_000)?),
        concurrency: number(raw, "MODD_WEBHOOK_CONCURRENCY", 1, 1024)?,
    })
}

pub(super) fn retention(raw: &RawValues) -> Result<RetentionSettings, SettingsError> {
    Ok(RetentionSettings {
        default_days: number(raw, "MODD_RETENTION_DAYS", 1, 36_500)?,
        sweep_every: Duration::from_secs(number(raw, "MODD_RETENTION_SWEEP_SECS", 1, 86_400)?),
    })
}

/// Lines for `modd config check`.
pub(super) fn describe(w: &WebhookSettings, r: &RetentionSettings) -> Vec<(&'static str, String)> {
    vec![
        ("MODD_WEBHOOK_ALLOW_PRIVATE", w.allow_private.to_string()),
        ("MODD_WEBHOOK_ALLOWED_HOSTS", w.allowed_hosts.join(",")),
        ("MODD_WEBHOOK_TIMEOUT_SECS", w.timeout.as_secs().to_string()),
        ("MODD_WEBHOOK_MAX_ATTEMPTS", w.max_attempts.to_string()),
        (
            "MODD_WEBHOOK_RETRY_BASE_MS",
            w.retry_base.as_millis().to_string(),
        ),
        ("MODD_WEBHOOK_CONCURRENCY", w.concurrency.to_string()),
        ("MODD_RETENTION_DAYS", r.default_days.to_string()),
        (
            "MODD_RETENTION_SWEEP_SECS",
            r.sweep_every.as_secs().to_string(),
        ),
    ]
}
