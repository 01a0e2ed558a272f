//! The delivery loop: claims due outbox events, sends them, and records
//! each attempt. Any number of replicas run it at once: a claim leases its
//! events (see `Store::claim_webhook_events`), and a lease that outlives a
//! crashed replica simply expires, so the event is sent again (same
//! `webhook-id`).
//!
//! Deliveries run concurrently up to `MODD_WEBHOOK_CONCURRENCY`; the loop
//! claims only as many events as it has free slots, so nothing it holds
//! waits behind a slow receiver for longer than one timeout.

use chrono::{DateTime, TimeDelta, Utc};
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{Notify, Semaphore};
use tokio_util::sync::CancellationToken;
use tracing::Instrument;

use super::{SecretBox, Sender};
use crate::observe::traces::{self, TraceParent};
use crate::settings::WebhookSettings;
use crate::store::{AppRecord, ClaimedEvent, DeliveryAttempt, EventNext, Store};

/// How often to look for due events when nothing wakes the loop.
const POLL: Duration = Duration::from_millis(500);
/// After a wake-up, how long to wait for more decisions before claiming.
const COALESCE: Duration = Duration::from_millis(25);
/// The longest retry delay.
const MAX_DELAY: Duration = Duration::from_secs(8 * 3600);

/// What the loop needs.
pub struct Delivery {
    pub store: Arc<dyn Store>,
    pub sender: Sender,
    pub secrets: Arc<SecretBox>,
    pub settings: WebhookSettings,
    /// This replica's dashboard counters.
    pub stats: Arc<crate::observe::Recorder>,
}

/// Delay before retry number `attempt` (1 = after the first failure):
/// base × 4^(attempt−1), ±20 % jitter so a receiver coming back is not hit
/// by every event at once, capped at 8 hours. With the defaults (5 s, 10
/// attempts) the last try comes about a day after the first.
pub fn retry_delay(base: Duration, attempt: i64) -> Duration {
    let exp = u32::try_from(attempt.saturating_sub(1).clamp(0, 20)).unwrap_or(20);
    let raw = base.saturating_mul(4u32.saturating_pow(exp)).min(MAX_DELAY);
    let jitter = 0.8 + rand::random::<f64>() * 0.4;
    raw.mul_f64(jitter).min(MAX_DELAY)
}

/// Where an event goes after attempt number `attempt` (1-based) got `ok`.
pub fn next_step(
    ok: bool,
    attempt: i64,
    settings: &WebhookSettings,
    now: DateTime<Utc>,
) -> EventNext {
    if ok {
        EventNext::Delivered
    } else if attempt >= settings.max_attempts {
        EventNext::Dead
    } else {
        let delay = retry_delay(settings.retry_base, attempt);
        EventNext::RetryAt(now + TimeDelta::from_std(delay).unwrap_or(TimeDelta::hours(8)))
    }
}

/// The attempt's span, a child of the decision that wrote the event (its
/// context is stored with the event, so this holds across restarts); the
/// receiver gets the span's `traceparent`.
fn delivery_span(event: &ClaimedEvent) -> tracing::Span {
    let span = traces::span(|| {
        tracing::info_span!(
            "webhook.deliver",
            source_app = %event.source_app,
            attempt = event.attempts + 1,
            otel.kind = "client",
        )
    });
    let parent = event.traceparent.as_deref().and_then(TraceParent::parse);
    TraceParent::adopt_opt(parent.as_ref(), &span);
    span
}

impl Delivery {
    /// Runs until `shutdown`; `wake` (the decision feed) cuts the poll short.
    pub fn spawn(
        self,
        wake: Arc<Notify>,
        shutdown: CancellationToken,
    ) -> tokio::task::JoinHandle<()> {
        let this = Arc::new(self);
        tokio::spawn(async move {
            let slots = Arc::new(Semaphore::new(this.settings.concurrency));
            let lease = TimeDelta::from_std(this.settings.timeout * 2 + Duration::from_secs(30))
                .unwrap_or(TimeDelta::minutes(5));
            while !shutdown.is_cancelled() {
                // Wait for a free slot rather than polling: a busy loop
                // claims again the moment any delivery finishes.
                let first = tokio::select! {
                    _ = shutdown.cancelled() => break,
                    p = slots.clone().acquire_owned() => match p { Ok(p) => p, Err(_) => break },
                };
                let free = slots.available_permits() + 1;
                let now = Utc::now();
                let claimed = match this
                    .store
                    .claim_webhook_events(now, now + lease, free as i64)
                    .await
                {
                    Ok(c) => c,
                    Err(e) => {
                        tracing::warn!(error = %e, "webhooks: cannot claim events");
                        Vec::new()
                    }
                };
                let got = claimed.len();
                let apps = this.apps_of(&claimed).await;
                let mut first = Some(first);
                for event in claimed {
                    let permit = match first.take() {
                        Some(p) => p,
                        None => match slots.clone().acquire_owned().await {
                            Ok(p) => p,
                            Err(_) => return,
                        },
                    };
                    let app = apps.get(&event.source_app).cloned().flatten();
                    let this = this.clone();
                    tokio::spawn(async move {
                        let span = delivery_span(&event);
                        this.deliver(event, app.as_ref()).instrument(span).await;
                        drop(permit);
                    });
                }
                drop(first);
                if got == free {
                    continue; // more may be due: claim again as slots free up
                }
                tokio::select! {
                    _ = shutdown.cancelled() => break,
                    _ = tokio::time::sleep(POLL) => {}
                    _ = wake.notified() => {
                        // Let a burst of decisions commit, then claim them together.
                        tokio::time::sleep(COALESCE).await;
                    }
                }
            }
            // Let attempts in flight finish (each is bounded by the timeout).
            let _ = slots
                .acquire_many(u32::try_from(this.settings.concurrency).unwrap_or(u32::MAX))
                .await;
        })
    }

    async fn apps_of(&self, events: &[ClaimedEvent]) -> HashMap<String, Option<AppRecord>> {
        let mut apps = HashMap::new();
        for e in events {
            if !apps.contains_key(&e.source_app) {
                let app = self.store.get_app(&e.source_app).await.ok().flatten();
                apps.insert(e.source_app.clone(), app);
            }
        }
        apps
    }

    /// The secrets that sign now: the current one, and the previous one
    /// while its rotation grace period lasts.
    pub fn signing_secrets(
        secrets: &SecretBox,
        app: &AppRecord,
        now: DateTime<Utc>,
    ) -> Result<Vec<String>, String> {
        let current = app
            .webhook_secret
            .as_deref()
            .ok_or("the app has no webhook secret")?;
        let mut out = vec![
            secrets
                .open(&app.source_app, current)
                .map_err(|e| e.to_string())?,
        ];
        if let (Some(prev), Some(until)) = (&app.previous_secret, app.previous_until)
            && until > now
            && let Ok(prev) = secrets.open(&app.source_app, prev)
        {
            out.push(prev);
        }
        Ok(out)
    }

    async fn deliver(&self, event: ClaimedEvent, app: Option<&AppRecord>) {
        let attempt = event.attempts + 1;
        let now = Utc::now();
        let target = app
            .and_then(|a| a.webhook_url.clone().map(|u| (a, u)))
            .ok_or_else(|| "the app has no webhook URL any more".to_owned())
            .and_then(|(a, url)| {
                Self::signing_secrets(&self.secrets, a, now).map(|secrets| (url, secrets))
            });
        let result = match target {
            Ok((url, secrets)) => {
                self.sender
                    .send(&url, &event.webhook_id, &event.body, &secrets)
                    .await
            }
            Err(why) => super::AttemptResult {
                status_code: None,
                latency: Duration::ZERO,
                error: Some(why),
            },
        };
        let ok = result.ok();
        let next = next_step(ok, attempt, &self.settings, Utc::now());
        self.stats.webhook(
            &event.source_app,
            ok,
            result.status_code,
            next == EventNext::Dead,
        );
        if next == EventNext::Dead {
            tracing::warn!(webhook_id = %event.webhook_id, source_app = %event.source_app,
                attempts = attempt, error = ?result.error, "webhook event dead-lettered");
        }
        let record = DeliveryAttempt {
            event_id: Some(event.id),
            webhook_id: event.webhook_id.clone(),
            source_app: event.source_app.clone(),
            attempt,
            attempted_at: now,
            status_code: result.status_code.map(i64::from),
            latency_ms: i64::try_from(result.latency.as_millis()).unwrap_or(i64::MAX),
            error: result.error,
        };
        if let Err(e) = self.store.finish_webhook_attempt(&record, next).await {
            // The lease runs out and the event is sent again: at least once.
            tracing::warn!(webhook_id = %event.webhook_id, error = %e, "webhooks: cannot record attempt");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_grow_fourfold_and_are_capped() {
        let base = Duration::from_secs(5);
        let d1 = retry_delay(base, 1);
        assert!(d1 >= Duration::from_secs(4) && d1 <= Duration::from_secs(6));
        let d3 = retry_delay(base, 3);
        assert!(d3 >= Duration::from_secs(64) && d3 <= Duration::from_secs(96));
        assert!(retry_delay(base, 50) <= MAX_DELAY);
        // The default schedule spans hours: the sum of 9 waits is over 12 h.
        let total: Duration = (1..10).map(|a| retry_delay(base, a)).sum();
        assert!(total > Duration::from_secs(12 * 3600), "{total:?}");
    }

    #[test]
    fn last_attempt_dead_letters() {
        let s = WebhookSettings {
            allow_private: false,
            allowed_hosts: vec![],
            timeout: Duration::from_secs(1),
            max_attempts: 3,
            retry_base: Duration::from_millis(10),
            concurrency: 1,
        };
        let now = Utc::now();
        assert_eq!(next_step(true, 3, &s, now), EventNext::Delivered);
        assert_eq!(next_step(false, 3, &s, now), EventNext::Dead);
        assert!(matches!(next_step(false, 1, &s, now), EventNext::RetryAt(t) if t > now));
    }
}
