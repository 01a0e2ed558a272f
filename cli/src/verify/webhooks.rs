//! Webhooks: each configured endpoint's recent delivery success rate
//! (`webhooks.delivery`), and with `--ping-webhooks` a signed
//! `webhook.test` event sent to every endpoint now (`webhooks.ping`).
//! Both use the daemon's own webhook machinery through the admin API, so
//! the test event is signed, SSRF-checked and logged like any delivery.

use chrono::{TimeDelta, Utc};
use modd_common::{AppView, DeliveryView};

use super::ctx::Needs;
use super::{CheckResult, Ctx};
use crate::client::Client;

/// Attempts older than this are not "recent".
const WINDOW: TimeDelta = TimeDelta::hours(24);
/// At most this many of the latest attempts per endpoint.
const RECENT: i64 = 200;

pub async fn checks(ctx: &Ctx) -> Vec<CheckResult> {
    let apps = match ctx.admin.apps().await {
        Ok(apps) => apps,
        Err(e) => {
            return ["webhooks.delivery", "webhooks.ping"]
                .iter()
                .map(|id| {
                    CheckResult::fail(id, format!("listing apps: {e}"), "check the admin key")
                })
                .collect();
        }
    };
    let endpoints: Vec<&AppView> = apps.iter().filter(|a| a.webhook_url.is_some()).collect();
    let mut out = vec![delivery(ctx, &endpoints).await];
    // Ping after the rates, so verify's own test events do not count.
    out.push(ping(ctx, &endpoints).await);
    out
}

/// One endpoint's verdict from its recent attempts and dead events.
#[derive(Debug, PartialEq)]
pub enum Health {
    /// Rate at or above the threshold, latest attempt fine, nothing dead.
    Good,
    /// Above the threshold but failing now, or with dead events.
    Failing,
    /// Below the threshold.
    Bad,
}

/// Whether one attempt succeeded: a 2xx answer, as the daemon counts it.
fn succeeded(d: &DeliveryView) -> bool {
    d.error.is_none() && d.status_code.is_some_and(|s| (200..300).contains(&s))
}

/// Judges an endpoint: `attempts` newest first, as the API lists them.
pub fn judge(attempts: &[DeliveryView], dead: usize, min_rate: f64) -> (Health, String) {
    let since = Utc::now() - WINDOW;
    let recent: Vec<&DeliveryView> = attempts
        .iter()
        .filter(|d| d.attempted_at >= since)
        .collect();
    let dead_note = if dead > 0 {
        format!(", {dead} dead event(s)")
    } else {
        String::new()
    };
    let Some(latest) = recent.first() else {
        let health = if dead > 0 {
            Health::Failing
        } else {
            Health::Good
        };
        return (health, format!("no delivery in the last 24 h{dead_note}"));
    };
    let ok = recent.iter().filter(|d| succeeded(d)).count();
    let rate = 100.0 * ok as f64 / recent.len() as f64;
    let last = if succeeded(latest) {
        String::new()
    } else {
        format!(", last attempt failed ({})", outcome(latest))
    };
    let text = format!(
        "{rate:.1}% of {} attempt(s) in 24 h{last}{dead_note}",
        recent.len()
    );
    let health = if rate < min_rate {
        Health::Bad
    } else if !succeeded(latest) || dead > 0 {
        Health::Failing
    } else {
        Health::Good
    };
    (health, text)
}

fn outcome(d: &DeliveryView) -> String {
    match (&d.status_code, &d.error) {
        (_, Some(e)) => e.clone(),
        (Some(s), None) => format!("HTTP {s}"),
        (None, None) => "no answer".into(),
    }
}

async fn recent_attempts(admin: &Client, app: &str) -> Result<Vec<DeliveryView>, String> {
    admin
        .webhook_deliveries(app, Some(RECENT))
        .await
        .map_err(|e| e.to_string())
}

async fn dead_events(admin: &Client, app: &str) -> Result<usize, String> {
    admin
        .webhook_events(app, Some("dead"), Some(500))
        .await
        .map(|v| v.len())
        .map_err(|e| e.to_string())
}

async fn delivery(ctx: &Ctx, endpoints: &[&AppView]) -> CheckResult {
    const ID: &str = "webhooks.delivery";
    if endpoints.is_empty() {
        return CheckResult::pass(ID, "no webhook endpoint configured: nothing to deliver");
    }
    let (mut bad, mut failing, mut details) = (Vec::new(), Vec::new(), Vec::new());
    for app in endpoints {
        let name = app.source_app.as_str();
        let judged = match (
            recent_attempts(&ctx.admin, name).await,
            dead_events(&ctx.admin, name).await,
        ) {
            (Ok(attempts), Ok(dead)) => judge(&attempts, dead, ctx.thresholds.min_delivery_rate),
            (Err(e), _) | (_, Err(e)) => (Health::Bad, format!("could not read: {e}")),
        };
        let (health, text) = judged;
        let mark = match health {
            Health::Good => "ok",
            Health::Failing => {
                failing.push(name);
                "failing"
            }
            Health::Bad => {
                bad.push(name);
                "below target"
            }
        };
        details.push(format!("{name}: {mark}: {text}"));
    }
    let target = ctx.thresholds.min_delivery_rate;
    let result = if !bad.is_empty() {
        CheckResult::fail(
            ID,
            format!(
                "below {target}% delivered: {} (of {} endpoint(s))",
                bad.join(", "),
                endpoints.len()
            ),
            "modctl webhooks deliveries APP; fix the receiver, then modctl webhooks replay APP --all-dead",
        )
    } else if !failing.is_empty() {
        CheckResult::warn(
            ID,
            format!("failing now or with dead events: {}", failing.join(", ")),
            "modctl webhooks deliveries APP; modctl webhooks replay APP --all-dead",
        )
    } else {
        CheckResult::pass(
            ID,
            format!(
                "{} endpoint(s), none below {target}% delivered in 24 h",
                endpoints.len()
            ),
        )
    };
    result.with_details(details)
}

async fn ping(ctx: &Ctx, endpoints: &[&AppView]) -> CheckResult {
    const ID: &str = "webhooks.ping";
    if !ctx.ping_webhooks {
        return CheckResult::skipped(ID, "not asked: --ping-webhooks sends a signed test event");
    }
    if let Some(skipped) = ctx.gate(ID, Needs::Writes) {
        return skipped;
    }
    if endpoints.is_empty() {
        return CheckResult::skipped(ID, "no webhook endpoint configured");
    }
    let (mut failed, mut details) = (Vec::new(), Vec::new());
    for app in endpoints {
        let name = app.source_app.as_str();
        let answer = ctx.admin.test_webhook(name).await;
        let line = match answer {
            Ok(r) if r.ok => format!(
                "{name}: HTTP {} in {} ms (webhook-id {})",
                r.status_code.unwrap_or_default(),
                r.latency_ms,
                r.webhook_id
            ),
            Ok(r) => {
                failed.push(name);
                let why = match (r.status_code, r.error) {
                    (_, Some(e)) => e,
                    (Some(s), None) => format!("HTTP {s}"),
                    (None, None) => "no answer".into(),
                };
                format!("{name}: FAILED: {why} after {} ms", r.latency_ms)
            }
            Err(e) => {
                failed.push(name);
                format!("{name}: FAILED: {e}")
            }
        };
        details.push(line);
    }
    let result = if failed.is_empty() {
        CheckResult::pass(
            ID,
            format!(
                "{} endpoint(s) answered 2xx to a signed test event",
                endpoints.len()
            ),
        )
    } else {
        CheckResult::fail(
            ID,
            format!(
                "{} of {} endpoint(s) did not accept the test event: {}",
                failed.len(),
                endpoints.len(),
                failed.join(", ")
            ),
            "check the receiver's URL, TLS and signature verification; modctl webhooks test APP",
        )
    };
    result.with_details(details)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attempt(mins_ago: i64, status: Option<i64>) -> DeliveryView {
        DeliveryView {
            id: 1,
            webhook_id: "msg_x".into(),
            attempt: 1,
            attempted_at: Utc::now() - TimeDelta::minutes(mins_ago),
            status_code: status,
            latency_ms: 5,
            error: status.is_none().then(|| "connection refused".into()),
        }
    }

    #[test]
    fn rate_latest_attempt_and_dead_events_decide() {
        let good: Vec<_> = (0..20).map(|i| attempt(i, Some(200))).collect();
        assert_eq!(judge(&good, 0, 95.0).0, Health::Good);
        assert_eq!(judge(&good, 2, 95.0).0, Health::Failing);

        // 19 of 20 fine but the newest failed: 95% meets the target, failing now.
        let mut now_failing = good.clone();
        now_failing[0] = attempt(0, Some(500));
        let (h, text) = judge(&now_failing, 0, 95.0);
        assert_eq!(h, Health::Failing);
        assert!(
            text.contains("95.0%") && text.contains("HTTP 500"),
            "{text}"
        );

        let mut bad = good.clone();
        for a in bad.iter_mut().take(5) {
            *a = attempt(1, None);
        }
        let (h, text) = judge(&bad, 0, 95.0);
        assert_eq!(h, Health::Bad);
        assert!(text.contains("75.0%"), "{text}");

        // Old attempts do not count.
        let old: Vec<_> = (0..5).map(|_| attempt(60 * 25, None)).collect();
        assert_eq!(judge(&old, 0, 95.0).0, Health::Good);
    }
}
