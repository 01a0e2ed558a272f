//! The one place events are recorded: requests by route, decisions by app,
//! job retries, webhook attempts by app. Each method updates the Prometheus
//! series and this replica's cumulative counters for
//! `GET /api/v1/admin/stats` (`modctl top`), so the two cannot disagree.
//!
//! The counters are one set per daemon (in `AppState`), not process-wide
//! like the Prometheus recorder, because tests run several replicas in one
//! process and the cluster view sums replicas. Label sets are bounded:
//! routes are matched paths, apps share
//! [`crate::observe::metrics::app_label`]'s cap.

use chrono::{DateTime, Utc};
use modd_common::{DecisionStats, Histogram, RateLimitedStats, RouteStats, Verdict, WebhookStats};
use std::collections::BTreeMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

#[derive(Default)]
struct Route {
    requests: u64,
    errors: u64,
    rate_limited: u64,
    latency: Histogram,
}

#[derive(Default)]
struct Webhook {
    delivered: u64,
    failed: u64,
    dead: u64,
    last_failure_status: Option<u16>,
    last_failure_at: Option<DateTime<Utc>>,
}

/// Counters since this replica started.
#[derive(Default)]
pub struct Recorder {
    /// By matched route, then method: looked up without allocating once seen.
    routes: Mutex<BTreeMap<String, BTreeMap<&'static str, Route>>>,
    decisions: Mutex<BTreeMap<String, DecisionStats>>,
    decision_latency: Mutex<Histogram>,
    webhooks: Mutex<BTreeMap<String, Webhook>>,
    job_retries: AtomicU64,
    /// 429s by subject (`key:<id>`, `anonymous`, `other`).
    rate_limited: Mutex<BTreeMap<String, RateLimitedStats>>,
}

/// Keys counted one by one in the 429 counters; later ones share `other`,
/// so a flood of distinct keys cannot grow the snapshot without bound.
const MAX_LIMITED_KEYS: usize = 100;

/// Methods outside this list share one label.
fn method_label(method: &str) -> &'static str {
    match method {
        "GET" => "GET",
        "POST" => "POST",
        "PUT" => "PUT",
        "DELETE" => "DELETE",
        "PATCH" => "PATCH",
        "HEAD" => "HEAD",
        "OPTIONS" => "OPTIONS",
        _ => "OTHER",
    }
}

impl Recorder {
    /// One HTTP request, after its answer (including layers' answers).
    pub fn request(&self, route: &str, method: &str, status: u16, seconds: f64) {
        let method = method_label(method);
        metrics::counter!("modd_http_requests_total", "route" => route.to_owned(), "method" => method, "status" => status.to_string())
            .increment(1);
        metrics::histogram!("modd_http_request_duration_seconds", "route" => route.to_owned(), "method" => method)
            .record(seconds);
        let Ok(mut routes) = self.routes.lock() else {
            return;
        };
        let by_method = match routes.get_mut(route) {
            Some(m) => m,
            None => routes.entry(route.to_owned()).or_default(),
        };
        let r = by_method.entry(method).or_default();
        r.requests += 1;
        if status >= 500 {
            r.errors += 1;
        }
        if status == 429 {
            r.rate_limited += 1;
        }
        r.latency.record(seconds);
    }

    /// A request refused with 429: of `key` (`(id, name, bound apps)`), or
    /// without a valid key.
    pub fn rate_limited(&self, key: Option<(i64, &str, &[String])>) {
        let app = match key {
            Some((_, _, [one])) => crate::observe::metrics::app_label(one),
            Some(_) => "*".to_owned(),
            None => "-".to_owned(),
        };
        metrics::counter!("modd_rate_limited_by_app_total", "source_app" => app.clone())
            .increment(1);
        let Ok(mut m) = self.rate_limited.lock() else {
            return;
        };
        let (subject, name) = match key {
            None => ("anonymous".to_owned(), None),
            Some((id, name, _)) => {
                let subject = format!("key:{id}");
                if m.contains_key(&subject) || m.len() < MAX_LIMITED_KEYS {
                    (subject, Some(name.to_owned()))
                } else {
                    ("other".to_owned(), None)
                }
            }
        };
        let source_app = if subject == "other" {
            "*".to_owned()
        } else {
            app
        };
        let e = m
            .entry(subject.clone())
            .or_insert_with(|| RateLimitedStats {
                subject,
                name,
                source_app,
                refused: 0,
            });
        e.refused += 1;
    }

    /// A decision by the rules, `accept_to_decision` seconds after intake.
    pub fn decision(&self, source_app: &str, verdict: Verdict, accept_to_decision: f64) {
        let app = crate::observe::metrics::app_label(source_app);
        metrics::counter!("modd_decisions_total", "verdict" => verdict.as_status().as_str(), "source_app" => app.clone())
            .increment(1);
        metrics::histogram!("modd_accept_to_decision_seconds", "source_app" => app.clone())
            .record(accept_to_decision);
        if let Ok(mut d) = self.decisions.lock() {
            let e = d.entry(app.clone()).or_insert_with(|| DecisionStats {
                source_app: app,
                ..DecisionStats::default()
            });
            match verdict {
                Verdict::Approved => e.approved += 1,
                Verdict::Flagged => e.flagged += 1,
                Verdict::Blocked => e.blocked += 1,
            }
        }
        if let Ok(mut h) = self.decision_latency.lock() {
            h.record(accept_to_decision);
        }
    }

    /// A failed job put back for another attempt.
    pub fn job_retry(&self) {
        metrics::counter!("modd_job_retries_total").increment(1);
        self.job_retries.fetch_add(1, Ordering::Relaxed);
    }

    /// One delivery attempt; `dead`: it was the last one.
    pub fn webhook(&self, source_app: &str, ok: bool, status: Option<u16>, dead: bool) {
        metrics::counter!("modd_webhook_attempts_total", "result" => if ok { "ok" } else { "failed" })
            .increment(1);
        if dead {
            metrics::counter!("modd_webhook_dead_total").increment(1);
        }
        let app = crate::observe::metrics::app_label(source_app);
        let Ok(mut w) = self.webhooks.lock() else {
            return;
        };
        let e = w.entry(app).or_default();
        if ok {
            e.delivered += 1;
        } else {
            e.failed += 1;
            e.last_failure_status = status;
            e.last_failure_at = Some(Utc::now());
        }
        if dead {
            e.dead += 1;
        }
    }

    pub fn routes(&self) -> Vec<RouteStats> {
        let Ok(routes) = self.routes.lock() else {
            return Vec::new();
        };
        routes
            .iter()
            .flat_map(|(route, methods)| methods.iter().map(move |(m, r)| (route, m, r)))
            .map(|(route, method, r)| RouteStats {
                route: route.clone(),
                method: (*method).to_owned(),
                requests: r.requests,
                errors: r.errors,
                rate_limited: r.rate_limited,
                latency: r.latency.clone(),
            })
            .collect()
    }

    pub fn decisions(&self) -> Vec<DecisionStats> {
        self.decisions
            .lock()
            .map(|d| d.values().cloned().collect())
            .unwrap_or_default()
    }

    pub fn decision_latency(&self) -> Histogram {
        self.decision_latency
            .lock()
            .map(|h| h.clone())
            .unwrap_or_default()
    }

    pub fn job_retries(&self) -> u64 {
        self.job_retries.load(Ordering::Relaxed)
    }

    pub fn rate_limited_stats(&self) -> Vec<RateLimitedStats> {
        self.rate_limited
            .lock()
            .map(|m| m.values().cloned().collect())
            .unwrap_or_default()
    }

    pub fn webhooks(&self) -> Vec<WebhookStats> {
        let Ok(w) = self.webhooks.lock() else {
            return Vec::new();
        };
        w.iter()
            .map(|(app, e)| WebhookStats {
                source_app: app.clone(),
                delivered: e.delivered,
                failed: e.failed,
                dead: e.dead,
                last_failure_status: e.last_failure_status,
                last_failure_at: e.last_failure_at,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_count_errors_and_429s_per_route_and_method() {
        let r = Recorder::default();
        r.request("/a", "GET", 200, 0.001);
        r.request("/a", "GET", 503, 0.002);
        r.request("/a", "GET", 429, 0.0001);
        r.request("/a", "BREW", 200, 0.0001);
        let routes = r.routes();
        assert_eq!(routes.len(), 2);
        let get = routes.iter().find(|x| x.method == "GET").expect("GET row");
        assert_eq!((get.requests, get.errors, get.rate_limited), (3, 1, 1));
        assert_eq!(get.latency.count(), 3);
        assert!(routes.iter().any(|x| x.method == "OTHER"));
    }

    #[test]
    fn decisions_and_webhooks_accumulate_by_app() {
        let r = Recorder::default();
        r.decision("forum", Verdict::Approved, 0.5);
        r.decision("forum", Verdict::Blocked, 0.5);
        r.decision("chat", Verdict::Flagged, 2.0);
        let d = r.decisions();
        assert_eq!(d.len(), 2);
        let forum = d.iter().find(|x| x.source_app == "forum").expect("forum");
        assert_eq!((forum.approved, forum.flagged, forum.blocked), (1, 0, 1));
        assert_eq!(r.decision_latency().count(), 3);
        r.webhook("forum", false, Some(500), false);
        r.webhook("forum", true, Some(200), false);
        r.webhook("forum", false, None, true);
        let w = &r.webhooks()[0];
        assert_eq!((w.delivered, w.failed, w.dead), (1, 2, 1));
        assert_eq!(w.last_failure_status, None);
        assert!(w.last_failure_at.is_some());
    }

    #[test]
    fn refusals_count_by_key_with_its_app_and_a_bounded_key_set() {
        let r = Recorder::default();
        let forum = ["forum".to_owned()];
        let both = ["forum".to_owned(), "shop".to_owned()];
        r.rate_limited(Some((7, "forum-web", &forum)));
        r.rate_limited(Some((7, "forum-web", &forum)));
        r.rate_limited(Some((8, "batch", &both)));
        r.rate_limited(None);
        let by: BTreeMap<String, RateLimitedStats> = r
            .rate_limited_stats()
            .into_iter()
            .map(|x| (x.subject.clone(), x))
            .collect();
        let k7 = &by["key:7"];
        assert_eq!((k7.refused, k7.source_app.as_str()), (2, "forum"));
        assert_eq!(k7.name.as_deref(), Some("forum-web"));
        assert_eq!(by["key:8"].source_app, "*");
        assert_eq!(
            (by["anonymous"].refused, by["anonymous"].name.clone()),
            (1, None)
        );
        for id in 100..300 {
            r.rate_limited(Some((id, "flood", &forum)));
        }
        let all = r.rate_limited_stats();
        assert_eq!(all.len(), MAX_LIMITED_KEYS + 1, "the cap plus `other`");
        let other = all.iter().find(|x| x.subject == "other").expect("other");
        assert_eq!(other.refused, 300 - 100 - (MAX_LIMITED_KEYS as u64 - 3));
    }

    /// The line of a rendered Prometheus series with all `labels`.
    fn series<'a>(text: &'a str, name: &str, labels: &[&str]) -> Option<&'a str> {
        text.lines()
            .find(|l| l.starts_with(&format!("{name}{{")) && labels.iter().all(|x| l.contains(x)))
    }

    #[test]
    fn one_call_feeds_prometheus_and_the_dashboard() {
        let prometheus = crate::observe::metrics::handle();
        let r = Recorder::default();
        r.decision("recorder-test-app", Verdict::Blocked, 0.25);
        r.request("/recorder-test-route", "PUT", 503, 0.01);
        let text = prometheus.render();
        let decided = series(
            &text,
            "modd_decisions_total",
            &["source_app=\"recorder-test-app\"", "verdict=\"blocked\""],
        );
        assert!(decided.is_some_and(|l| l.ends_with(" 1")), "{decided:?}");
        let requested = series(
            &text,
            "modd_http_requests_total",
            &[
                "route=\"/recorder-test-route\"",
                "status=\"503\"",
                "method=\"PUT\"",
            ],
        );
        assert!(
            requested.is_some_and(|l| l.ends_with(" 1")),
            "{requested:?}"
        );
        let app = r
            .decisions()
            .into_iter()
            .find(|d| d.source_app == "recorder-test-app");
        assert_eq!(app.map(|d| d.blocked), Some(1));
        assert_eq!(r.routes()[0].errors, 1);
    }
}
