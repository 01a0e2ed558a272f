//! Rates and percentiles from two cumulative snapshots. Pure: the caller
//! passes the seconds between them (its injected clock).
//!
//! Per-replica counters are differenced replica by replica (matched by id)
//! and then summed, so a replica that appears or disappears between two
//! snapshots never shows as a spike or a negative rate.

use modd_common::{Histogram, ReplicaStats, StatsView};
use std::collections::BTreeMap;

use super::lanes::{self, ImageLane, ProviderLine};

/// One route's traffic over the interval.
#[derive(Debug, Clone, PartialEq)]
pub struct RouteRate {
    pub route: String,
    pub method: String,
    pub per_sec: f64,
    pub errors_per_sec: f64,
    pub limited_per_sec: f64,
    pub p95: Option<f64>,
}

/// One app's decisions over the interval.
#[derive(Debug, Clone, PartialEq)]
pub struct AppRate {
    pub source_app: String,
    pub approved: f64,
    pub flagged: f64,
    pub blocked: f64,
}

impl AppRate {
    pub fn total(&self) -> f64 {
        self.approved + self.flagged + self.blocked
    }
}

/// One app's webhook deliveries (cumulative, all replicas).
#[derive(Debug, Clone, PartialEq)]
pub struct WebhookLine {
    pub source_app: String,
    pub delivered: u64,
    pub failed: u64,
    pub dead: u64,
    /// Failed attempts over the interval.
    pub failing_per_sec: f64,
    pub last_failure_status: Option<u16>,
}

/// 429s of one key (or of requests without a valid key), all replicas.
#[derive(Debug, Clone, PartialEq)]
pub struct LimitedLine {
    /// `key:<id>`, `anonymous` or `other`.
    pub subject: String,
    pub name: Option<String>,
    pub source_app: String,
    /// Refused over the interval.
    pub per_sec: f64,
    /// Refused since the replicas started.
    pub total: u64,
}

/// Everything the panels show that needs two snapshots.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Rates {
    pub requests_per_sec: f64,
    /// Fraction of requests answered 5xx.
    pub error_ratio: f64,
    pub limited_per_sec: f64,
    pub p50: Option<f64>,
    pub p95: Option<f64>,
    pub p99: Option<f64>,
    pub routes: Vec<RouteRate>,
    pub retries_per_sec: f64,
    pub decisions: Vec<AppRate>,
    pub decision_p50: Option<f64>,
    pub decision_p95: Option<f64>,
    /// Delivered / attempted over the interval; cumulative when nothing was attempted.
    pub webhook_success: Option<f64>,
    pub webhooks: Vec<WebhookLine>,
    /// CPU used per replica id over the interval, in cores (1.0 = one core busy).
    pub cpu: BTreeMap<String, f64>,
    /// 429s by key, busiest first.
    pub limited_keys: Vec<LimitedLine>,
    /// 429s/s by the keys' app (`*`: keys of several apps, `-`: no valid key), busiest first.
    pub limited_apps: Vec<(String, f64)>,
    /// Remote providers, by name.
    pub providers: Vec<ProviderLine>,
    /// The local image lane (none: no replica has one).
    pub images: Option<ImageLane>,
}

#[derive(Default)]
struct RouteAcc {
    requests: u64,
    errors: u64,
    limited: u64,
    latency: Histogram,
}

fn by_id(stats: &StatsView) -> BTreeMap<&str, &ReplicaStats> {
    stats.replicas.iter().map(|r| (r.id.as_str(), r)).collect()
}

/// Pairs each replica of `cur` with itself in `prev` (none: it is new).
fn pairs<'a>(
    prev: &'a StatsView,
    cur: &'a StatsView,
) -> impl Iterator<Item = (&'a ReplicaStats, &'a ReplicaStats)> {
    let before = by_id(prev);
    cur.replicas
        .iter()
        .filter_map(move |r| before.get(r.id.as_str()).map(|p| (*p, r)))
}

impl Rates {
    /// Rates between `prev` and `cur`, taken `seconds` apart.
    pub fn between(prev: &StatsView, cur: &StatsView, seconds: f64) -> Rates {
        let secs = seconds.max(0.001);
        let mut routes: BTreeMap<(String, String), RouteAcc> = BTreeMap::new();
        let mut apps: BTreeMap<String, [u64; 3]> = BTreeMap::new();
        let mut decision_latency = Histogram::default();
        let mut hooks_ok = 0u64;
        let mut hooks_failed = 0u64;
        let mut failing: BTreeMap<String, u64> = BTreeMap::new();
        let mut cpu = BTreeMap::new();
        let mut refused: BTreeMap<String, u64> = BTreeMap::new();
        for (p, c) in pairs(prev, cur) {
            for l in &c.rate_limited {
                let b = p.rate_limited.iter().find(|x| x.subject == l.subject);
                *refused.entry(l.subject.clone()).or_default() +=
                    l.refused.saturating_sub(b.map_or(0, |b| b.refused));
            }
            if let (Some(before), Some(now)) = (&p.process, &c.process) {
                let used = (now.cpu_seconds - before.cpu_seconds).max(0.0);
                cpu.insert(c.id.clone(), used / secs);
            }
            for r in &c.routes {
                let before = p
                    .routes
                    .iter()
                    .find(|x| x.route == r.route && x.method == r.method);
                let acc = routes
                    .entry((r.route.clone(), r.method.clone()))
                    .or_default();
                acc.requests += r.requests.saturating_sub(before.map_or(0, |b| b.requests));
                acc.errors += r.errors.saturating_sub(before.map_or(0, |b| b.errors));
                acc.limited += r
                    .rate_limited
                    .saturating_sub(before.map_or(0, |b| b.rate_limited));
                acc.latency.merge(
                    &before.map_or_else(|| r.latency.clone(), |b| r.latency.since(&b.latency)),
                );
            }
            for d in &c.decisions {
                let b = p.decisions.iter().find(|x| x.source_app == d.source_app);
                let e = apps.entry(d.source_app.clone()).or_default();
                e[0] += d.approved.saturating_sub(b.map_or(0, |b| b.approved));
                e[1] += d.flagged.saturating_sub(b.map_or(0, |b| b.flagged));
                e[2] += d.blocked.saturating_sub(b.map_or(0, |b| b.blocked));
            }
            decision_latency.merge(&c.decision_latency.since(&p.decision_latency));
            for w in &c.webhooks {
                let b = p.webhooks.iter().find(|x| x.source_app == w.source_app);
                hooks_ok += w.delivered.saturating_sub(b.map_or(0, |b| b.delivered));
                let failed = w.failed.saturating_sub(b.map_or(0, |b| b.failed));
                hooks_failed += failed;
                *failing.entry(w.source_app.clone()).or_default() += failed;
            }
        }
        let mut all = Histogram::default();
        let mut total = RouteAcc::default();
        let routes: Vec<RouteRate> = routes
            .into_iter()
            .map(|((route, method), acc)| {
                all.merge(&acc.latency);
                total.requests += acc.requests;
                total.errors += acc.errors;
                total.limited += acc.limited;
                RouteRate {
                    route,
                    method,
                    per_sec: acc.requests as f64 / secs,
                    errors_per_sec: acc.errors as f64 / secs,
                    limited_per_sec: acc.limited as f64 / secs,
                    p95: acc.latency.quantile(0.95),
                }
            })
            .collect();
        let retries = match (&prev.queue, &cur.queue) {
            (Some(p), Some(c)) => c.retries_total.saturating_sub(p.retries_total),
            _ => 0,
        };
        Rates {
            requests_per_sec: total.requests as f64 / secs,
            error_ratio: if total.requests == 0 {
                0.0
            } else {
                total.errors as f64 / total.requests as f64
            },
            limited_per_sec: total.limited as f64 / secs,
            p50: all.quantile(0.50),
            p95: all.quantile(0.95),
            p99: all.quantile(0.99),
            routes,
            retries_per_sec: retries as f64 / secs,
            decisions: apps
                .into_iter()
                .map(|(source_app, [a, f, b])| AppRate {
                    source_app,
                    approved: a as f64 / secs,
                    flagged: f as f64 / secs,
                    blocked: b as f64 / secs,
                })
                .collect(),
            decision_p50: decision_latency.quantile(0.50),
            decision_p95: decision_latency.quantile(0.95),
            webhook_success: if hooks_ok + hooks_failed > 0 {
                Some(hooks_ok as f64 / (hooks_ok + hooks_failed) as f64)
            } else {
                cumulative_success(cur)
            },
            webhooks: webhook_lines(cur, &failing, secs),
            cpu,
            limited_keys: limited_lines(cur, &refused, secs),
            limited_apps: Vec::new(),
            providers: lanes::providers(prev, cur, secs),
            images: lanes::images(prev, cur, secs),
        }
        .with_limited_apps()
    }
}

impl Rates {
    /// Sums the keys' 429 rates by app.
    fn with_limited_apps(mut self) -> Rates {
        let mut apps: BTreeMap<String, f64> = BTreeMap::new();
        for l in &self.limited_keys {
            *apps.entry(l.source_app.clone()).or_default() += l.per_sec;
        }
        let mut apps: Vec<(String, f64)> = apps.into_iter().collect();
        apps.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        self.limited_apps = apps;
        self
    }
}

/// Every subject with a 429 since the replicas started, busiest now first.
fn limited_lines(cur: &StatsView, refused: &BTreeMap<String, u64>, secs: f64) -> Vec<LimitedLine> {
    let mut lines: BTreeMap<String, LimitedLine> = BTreeMap::new();
    for l in cur.replicas.iter().flat_map(|r| &r.rate_limited) {
        let line = lines
            .entry(l.subject.clone())
            .or_insert_with(|| LimitedLine {
                subject: l.subject.clone(),
                name: l.name.clone(),
                source_app: l.source_app.clone(),
                per_sec: refused.get(&l.subject).copied().unwrap_or(0) as f64 / secs,
                total: 0,
            });
        line.total += l.refused;
    }
    let mut v: Vec<LimitedLine> = lines.into_values().collect();
    v.sort_by(|a, b| {
        b.per_sec
            .total_cmp(&a.per_sec)
            .then_with(|| b.total.cmp(&a.total))
            .then_with(|| a.subject.cmp(&b.subject))
    });
    v
}

fn cumulative_success(cur: &StatsView) -> Option<f64> {
    let (ok, failed) = cur
        .replicas
        .iter()
        .flat_map(|r| &r.webhooks)
        .fold((0u64, 0u64), |(o, f), w| (o + w.delivered, f + w.failed));
    (ok + failed > 0).then(|| ok as f64 / (ok + failed) as f64)
}

fn webhook_lines(cur: &StatsView, failing: &BTreeMap<String, u64>, secs: f64) -> Vec<WebhookLine> {
    let mut lines: BTreeMap<String, WebhookLine> = BTreeMap::new();
    for w in cur.replicas.iter().flat_map(|r| &r.webhooks) {
        let line = lines
            .entry(w.source_app.clone())
            .or_insert_with(|| WebhookLine {
                source_app: w.source_app.clone(),
                delivered: 0,
                failed: 0,
                dead: 0,
                failing_per_sec: failing.get(&w.source_app).copied().unwrap_or(0) as f64 / secs,
                last_failure_status: None,
            });
        line.delivered += w.delivered;
        line.failed += w.failed;
        line.dead += w.dead;
        if w.last_failure_status.is_some() {
            line.last_failure_status = w.last_failure_status;
        }
    }
    lines.into_values().collect()
}
