//! The outgoing lanes over the interval between two snapshots: each remote
//! provider (breaker, calls, error ratio, latency) and the local image lane
//! (threads busy, queue, scored, latency), summed over the replicas.

use modd_common::{Histogram, ReplicaStats, StatsView};
use std::collections::BTreeMap;

/// One provider on every replica.
#[derive(Debug, Clone, PartialEq)]
pub struct ProviderLine {
    pub name: String,
    /// The worst breaker state of any replica: `open`, `half_open`, `closed`.
    pub breaker: String,
    /// Replicas whose breaker is not closed, of those with the provider.
    pub tripped: usize,
    pub replicas: usize,
    pub calls_per_sec: f64,
    /// Failed calls over calls in the interval; `None` without calls.
    pub error_ratio: Option<f64>,
    pub p50: Option<f64>,
    pub p99: Option<f64>,
}

/// The image lane on every replica.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ImageLane {
    /// Replicas with the model loaded, of those with an image lane.
    pub loaded: usize,
    pub replicas: usize,
    pub workers: u64,
    pub running: u64,
    pub queued: u64,
    pub scored_per_sec: f64,
    pub error_ratio: Option<f64>,
    pub p50: Option<f64>,
    pub p99: Option<f64>,
}

#[derive(Default)]
struct Acc {
    calls: u64,
    errors: u64,
    latency: Histogram,
}

impl Acc {
    fn add(&mut self, calls: u64, errors: u64, latency: Histogram) {
        self.calls += calls;
        self.errors += errors;
        self.latency.merge(&latency);
    }

    fn ratio(&self) -> Option<f64> {
        (self.calls > 0).then(|| self.errors as f64 / self.calls as f64)
    }
}

fn severity(breaker: &str) -> u8 {
    match breaker {
        "open" => 2,
        "half_open" => 1,
        _ => 0,
    }
}

fn earlier<'a>(prev: &'a StatsView, id: &str) -> Option<&'a ReplicaStats> {
    prev.replicas.iter().find(|r| r.id == id)
}

/// Providers by name; a replica new since `prev` counts from its start.
pub fn providers(prev: &StatsView, cur: &StatsView, secs: f64) -> Vec<ProviderLine> {
    let mut lines: BTreeMap<&str, (ProviderLine, Acc)> = BTreeMap::new();
    for r in &cur.replicas {
        let before = earlier(prev, &r.id);
        for p in &r.providers {
            let b = before.and_then(|b| b.providers.iter().find(|x| x.name == p.name));
            let (line, acc) = lines.entry(&p.name).or_insert_with(|| {
                let line = ProviderLine {
                    name: p.name.clone(),
                    breaker: "closed".into(),
                    tripped: 0,
                    replicas: 0,
                    calls_per_sec: 0.0,
                    error_ratio: None,
                    p50: None,
                    p99: None,
                };
                (line, Acc::default())
            });
            line.replicas += 1;
            if severity(&p.breaker) > 0 {
                line.tripped += 1;
            }
            if severity(&p.breaker) > severity(&line.breaker) {
                line.breaker = p.breaker.clone();
            }
            acc.add(
                p.calls.saturating_sub(b.map_or(0, |b| b.calls)),
                p.errors.saturating_sub(b.map_or(0, |b| b.errors)),
                b.map_or_else(|| p.latency.clone(), |b| p.latency.since(&b.latency)),
            );
        }
    }
    lines
        .into_values()
        .map(|(mut line, acc)| {
            line.calls_per_sec = acc.calls as f64 / secs;
            line.error_ratio = acc.ratio();
            line.p50 = acc.latency.quantile(0.50);
            line.p99 = acc.latency.quantile(0.99);
            line
        })
        .collect()
}

/// The image lane; `None` when no replica has one.
pub fn images(prev: &StatsView, cur: &StatsView, secs: f64) -> Option<ImageLane> {
    let mut lane = ImageLane::default();
    let mut acc = Acc::default();
    for r in &cur.replicas {
        let Some(i) = &r.images else { continue };
        let b = earlier(prev, &r.id).and_then(|b| b.images.as_ref());
        lane.replicas += 1;
        lane.loaded += usize::from(i.loaded);
        lane.workers += i.workers;
        lane.running += i.running;
        lane.queued += i.queued;
        acc.add(
            i.scored.saturating_sub(b.map_or(0, |b| b.scored)),
            i.errors.saturating_sub(b.map_or(0, |b| b.errors)),
            b.map_or_else(|| i.latency.clone(), |b| i.latency.since(&b.latency)),
        );
    }
    if lane.replicas == 0 {
        return None;
    }
    lane.scored_per_sec = acc.calls as f64 / secs;
    lane.error_ratio = acc.ratio();
    lane.p50 = acc.latency.quantile(0.50);
    lane.p99 = acc.latency.quantile(0.99);
    Some(lane)
}
