//! This replica's [`ReplicaStats`]: its counters plus what only it knows
//! (uptime, its workers, its database pool, its providers' breakers and
//! its image lane).

use chrono::Utc;
use modd_common::{DbPoolStats, ProcessStats, ReplicaStats};
use std::sync::atomic::Ordering;

use crate::state::AppState;

pub fn replica(state: &AppState) -> ReplicaStats {
    let uptime = state.started_at.elapsed();
    let now = Utc::now();
    let pool = state.store.pool_stats();
    let registry = &state.heartbeats;
    let rec = &state.stats;
    ReplicaStats {
        id: registry.replica_id(),
        host: registry.host().to_owned(),
        pid: registry.pid(),
        version: env!("CARGO_PKG_VERSION").into(),
        mode: state.mode.as_str().into(),
        schema: crate::store::MIGRATIONS_POSTGRES.last().map(|m| m.version),
        started_at: now - chrono::TimeDelta::from_std(uptime).unwrap_or_default(),
        uptime_seconds: uptime.as_secs_f64(),
        taken_at: now,
        workers_configured: state.worker_count as u64,
        workers_alive: state
            .workers
            .as_ref()
            .map_or(0, |w| w.alive.load(Ordering::Relaxed)),
        db_pool: DbPoolStats {
            in_use: pool.size.saturating_sub(pool.idle),
            idle: pool.idle,
            max: pool.max,
        },
        routes: rec.routes(),
        decisions: rec.decisions(),
        decision_latency: rec.decision_latency(),
        job_retries: rec.job_retries(),
        webhooks: rec.webhooks(),
        rate_limited: rec.rate_limited_stats(),
        providers: state.engine.provider_stats(),
        images: state.engine.images().map(|i| i.lane_stats()),
        process: crate::observe::process::sample().map(|p| ProcessStats {
            cpu_seconds: p.cpu_seconds,
            resident_memory_bytes: p.resident_memory_bytes,
        }),
    }
}
