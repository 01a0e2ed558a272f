//! Snapshots for the dashboard's tests: two replicas, traffic, decisions,
//! webhooks, workers, dead letters, two remote providers (one tripped on
//! the second replica) and the image lane, with counters scaled by `tick`
//! so successive snapshots show movement.

use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use modd_common::{
    DbPoolStats, DeadLetterView, DecisionStats, Histogram, ImageLaneStats, ProbeStats,
    ProcessStats, ProviderStats, QueueStatsView, RateLimitedStats, RedisStats, ReplicaStats,
    ReviewStats, RouteStats, StatsView, WebhookStats, WorkerInfo,
};

pub fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 25, 12, 0, 0)
        .single()
        .unwrap_or_default()
}

fn histogram(n: u64, seconds: f64) -> Histogram {
    let mut h = Histogram::default();
    for _ in 0..n {
        h.record(seconds);
    }
    h
}

fn replica(id: &str, tick: u64, now: DateTime<Utc>) -> ReplicaStats {
    ReplicaStats {
        id: id.into(),
        host: "web1".into(),
        pid: 42,
        version: "0.1.0".into(),
        mode: "serve".into(),
        schema: Some(20261206120001),
        started_at: t0() - TimeDelta::hours(1),
        uptime_seconds: 3600.0 + tick as f64,
        taken_at: now,
        workers_configured: 2,
        workers_alive: 2,
        db_pool: DbPoolStats {
            in_use: 3,
            idle: 5,
            max: 10,
        },
        routes: vec![
            RouteStats {
                route: "/api/v1/moderation/analyse".into(),
                method: "POST".into(),
                requests: 100 * tick,
                errors: tick,
                rate_limited: 2 * tick,
                latency: histogram(100 * tick, 0.004),
            },
            RouteStats {
                route: "/api/v1/admin/stats".into(),
                method: "GET".into(),
                requests: tick,
                errors: 0,
                rate_limited: 0,
                latency: histogram(tick, 0.02),
            },
        ],
        decisions: vec![
            DecisionStats {
                source_app: "forum".into(),
                approved: 50 * tick,
                flagged: 5 * tick,
                blocked: 3 * tick,
            },
            DecisionStats {
                source_app: "chat".into(),
                approved: 20 * tick,
                flagged: 0,
                blocked: tick,
            },
        ],
        decision_latency: histogram(79 * tick, 0.3),
        job_retries: tick,
        webhooks: vec![WebhookStats {
            source_app: "forum".into(),
            delivered: 9 * tick,
            failed: tick,
            dead: 0,
            last_failure_status: Some(502),
            last_failure_at: Some(now),
        }],
        // A quarter of a core, 48 MiB.
        process: Some(ProcessStats {
            cpu_seconds: 0.25 * tick as f64,
            resident_memory_bytes: 48 << 20,
        }),
        providers: vec![
            ProviderStats {
                name: "openai".into(),
                breaker: "closed".into(),
                calls: 20 * tick,
                errors: tick,
                latency: histogram(20 * tick, 0.15),
            },
            // Down: web2's breaker is open, every call fails fast.
            ProviderStats {
                name: "generic".into(),
                breaker: if id.starts_with("web2") {
                    "open"
                } else {
                    "closed"
                }
                .into(),
                calls: 5 * tick,
                errors: 5 * tick,
                latency: histogram(tick, 2.0),
            },
        ],
        images: Some(ImageLaneStats {
            loaded: true,
            workers: 2,
            running: 2,
            queued: 3,
            scored: 8 * tick,
            errors: 0,
            latency: histogram(8 * tick, 0.045),
        }),
        // The route's 429s, by key: most of them one forum key.
        rate_limited: vec![
            RateLimitedStats {
                subject: "key:7".into(),
                name: Some("forum-web".into()),
                source_app: "forum".into(),
                refused: (3 * tick) / 2,
            },
            RateLimitedStats {
                subject: "anonymous".into(),
                name: None,
                source_app: "-".into(),
                refused: tick / 2,
            },
        ],
    }
}

/// A cluster of two replicas, `tick` seconds of steady traffic in.
pub fn stats(tick: u64) -> StatsView {
    let now = t0() + TimeDelta::seconds(tick as i64);
    StatsView {
        service: "modd".into(),
        version: "0.1.0".into(),
        environment: "production".into(),
        generated_at: now,
        replica: None,
        answered_by: "web1-42-aaaa".into(),
        replicas: vec![
            replica("web1-42-aaaa", tick, now),
            replica("web2-43-bbbb", tick, now),
        ],
        database: ProbeStats {
            status: "ok".into(),
            latency_ms: Some(0.4),
            detail: None,
        },
        redis: Some(RedisStats {
            probe: ProbeStats {
                status: "ok".into(),
                latency_ms: Some(0.2),
                detail: None,
            },
            used_memory_bytes: Some(3 * 1024 * 1024),
            maxmemory_bytes: Some(0),
        }),
        queue: Some(QueueStatsView {
            kind: "redis".into(),
            depth: 10 + tick,
            delayed: 1,
            in_flight: 2,
            dead_letters: 2,
            retries_total: 3 * tick,
            dead_lettered_total: 2,
            reclaimed_total: 0,
            pending_items: 12,
            oldest_pending_seconds: 1.5,
            workers_alive: 3,
        }),
        workers: vec![
            WorkerInfo {
                id: "web1-42-aaaa-0".into(),
                host: "web1".into(),
                pid: 42,
                started_at: t0() - TimeDelta::hours(1),
                jobs_done: 500 + tick,
                current_item: Some(77),
                current_since: Some(now - TimeDelta::milliseconds(1500)),
                seen_at: now,
            },
            WorkerInfo {
                id: "web2-43-bbbb-0".into(),
                host: "web2".into(),
                pid: 43,
                started_at: t0() - TimeDelta::hours(1),
                jobs_done: 400,
                current_item: None,
                current_since: None,
                seen_at: now - TimeDelta::seconds(8),
            },
        ],
        review: Some(ReviewStats {
            backlog: 7,
            oldest_flagged_seconds: 185.0,
        }),
        dead_letters: vec![
            DeadLetterView {
                id: "1732000000000-0".into(),
                item_id: 11,
                attempts: 5,
                reason: "failed after 5 attempts: boom".into(),
                failed_at: now - TimeDelta::minutes(3),
            },
            DeadLetterView {
                id: "1732000000001-0".into(),
                item_id: 12,
                attempts: 5,
                reason: "failed after 5 attempts: bang".into(),
                failed_at: now - TimeDelta::minutes(2),
            },
        ],
        keys_due: vec!["forum-prod (id 3)".into()],
    }
}
