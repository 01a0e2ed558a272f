//! Gathers a [`StatsView`]: this replica's live snapshot, the others'
//! published ones, and the shared state (database, Redis, queue, review,
//! workers, dead letters) read once, concurrently, each with a time limit
//! so one slow dependency shows as `down` instead of stalling the dashboard.

use chrono::{DateTime, Utc};
use modd_common::{
    DeadLetterView, ItemStatus, ProbeStats, QueueStatsView, RedisStats, ReplicaStats, ReviewStats,
    StatsView, WorkerInfo,
};
use std::collections::BTreeMap;
use std::future::Future;
use std::time::{Duration, Instant};

use crate::settings::Environment;
use crate::state::AppState;
use crate::store::ReviewFilter;

/// Longest any one source may take.
const LIMIT: Duration = Duration::from_secs(2);
/// Dead letters listed for the dashboard's panel.
const DEAD_LETTERS: usize = 50;

/// Why the view cannot be built.
#[derive(Debug)]
pub enum CollectError {
    NoSuchReplica(String),
}

async fn limited<T, E: std::fmt::Display>(
    what: &str,
    f: impl Future<Output = Result<T, E>>,
) -> Result<T, String> {
    match tokio::time::timeout(LIMIT, f).await {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(e)) => Err(format!("{what}: {e}")),
        Err(_) => Err(format!("{what}: no answer within {} s", LIMIT.as_secs())),
    }
}

fn age_seconds(t: DateTime<Utc>, now: DateTime<Utc>) -> f64 {
    (now - t).num_milliseconds().max(0) as f64 / 1000.0
}

pub async fn collect(state: &AppState, replica: Option<&str>) -> Result<StatsView, CollectError> {
    let own = super::snapshot::replica(state);
    let replicas = replicas(state, own.clone(), replica).await?;
    let now = Utc::now();
    let (database, counts, oldest_pending, queue, redis, workers, dead_letters, keys) = tokio::join!(
        database(state),
        limited(
            "database",
            crate::observe::item_counts::waiting(state.store.as_ref())
        ),
        limited("database", state.store.oldest_pending()),
        limited("queue", state.queue.stats()),
        redis(state),
        limited("workers", state.heartbeats.list()),
        limited("dead letters", state.queue.dlq_list(None, DEAD_LETTERS)),
        limited("database", state.store.list_keys()),
    );
    let workers = workers.unwrap_or_else(|e| {
        tracing::debug!(error = %e, "stats: worker heartbeats unavailable");
        Vec::new()
    });
    let queue = match (queue, &counts, oldest_pending) {
        (Ok(q), Ok(counts), Ok(oldest)) => Some(QueueStatsView {
            kind: state.queue.kind().into(),
            depth: q.depth,
            delayed: q.delayed,
            in_flight: q.in_flight,
            dead_letters: q.dead_letters,
            retries_total: q.retries_total,
            dead_lettered_total: q.dead_lettered_total,
            reclaimed_total: q.reclaimed_total,
            pending_items: counts.get(&ItemStatus::Pending).copied().unwrap_or(0),
            oldest_pending_seconds: oldest.map_or(0.0, |t| age_seconds(t, now)),
            workers_alive: workers.len() as u64,
        }),
        _ => None,
    };
    let review = match counts {
        Ok(counts) => review(state, &counts, now).await.ok(),
        Err(_) => None,
    };
    Ok(StatsView {
        service: "modd".into(),
        version: env!("CARGO_PKG_VERSION").into(),
        environment: match state.settings.env {
            Environment::Development => "development",
            Environment::Production => "production",
        }
        .into(),
        generated_at: now,
        replica: replica.map(str::to_owned),
        answered_by: own.id,
        replicas,
        database,
        redis,
        queue,
        workers: narrow(workers, replica),
        review,
        dead_letters: dead_letters
            .unwrap_or_default()
            .into_iter()
            .map(DeadLetterView::from)
            .collect(),
        keys_due: keys_due(&keys.unwrap_or_default(), state.settings.keys.max_age, now),
    })
}

/// Working keys past their maximum age, for the dashboard's header.
fn keys_due(
    keys: &[crate::store::KeyRecord],
    default_max_age: Option<chrono::TimeDelta>,
    now: DateTime<Utc>,
) -> Vec<String> {
    keys.iter()
        .filter(|k| k.is_active(now))
        .filter(|k| k.rotate_by(default_max_age).is_some_and(|t| t <= now))
        .map(|k| format!("{} (id {})", k.name, k.id))
        .collect()
}

/// This replica and (with Redis) every other live one, or just `only`.
async fn replicas(
    state: &AppState,
    own: ReplicaStats,
    only: Option<&str>,
) -> Result<Vec<ReplicaStats>, CollectError> {
    let mut all = vec![own.clone()];
    if let Some(redis) = &state.redis {
        match limited("redis", super::publish::others(redis, &own.id)).await {
            Ok(others) => all.extend(others),
            Err(e) => tracing::debug!(error = %e, "stats: other replicas unavailable"),
        }
    }
    all.sort_by(|a, b| a.id.cmp(&b.id));
    match only {
        None => Ok(all),
        Some(id) => {
            all.retain(|r| r.id == id);
            if all.is_empty() {
                Err(CollectError::NoSuchReplica(id.to_owned()))
            } else {
                Ok(all)
            }
        }
    }
}

async fn database(state: &AppState) -> ProbeStats {
    let start = Instant::now();
    match limited("database", state.store.ping()).await {
        Ok(()) => ProbeStats {
            status: "ok".into(),
            latency_ms: Some(start.elapsed().as_secs_f64() * 1000.0),
            detail: None,
        },
        Err(e) => down(e),
    }
}

fn down(detail: String) -> ProbeStats {
    ProbeStats {
        status: "down".into(),
        latency_ms: None,
        detail: Some(detail),
    }
}

/// The backlog from the status counts; the oldest flagged item only when there is one.
async fn review(
    state: &AppState,
    counts: &BTreeMap<ItemStatus, i64>,
    now: DateTime<Utc>,
) -> Result<ReviewStats, String> {
    let backlog = counts.get(&ItemStatus::Flagged).copied().unwrap_or(0);
    let oldest = if backlog > 0 {
        let filter = ReviewFilter {
            limit: 1,
            ..ReviewFilter::default()
        };
        limited("database", state.store.list_flagged(&filter))
            .await?
            .first()
            .map_or(0.0, |i| age_seconds(i.created_at, now))
    } else {
        0.0
    };
    Ok(ReviewStats {
        backlog,
        oldest_flagged_seconds: oldest,
    })
}

async fn redis(state: &AppState) -> Option<RedisStats> {
    let redis = state.redis.as_ref()?;
    let start = Instant::now();
    let info = limited("redis", async {
        let mut conn = redis.conn().await?;
        redis.info(&mut conn, "memory").await
    })
    .await;
    Some(match info {
        Ok(info) => RedisStats {
            probe: ProbeStats {
                status: "ok".into(),
                latency_ms: Some(start.elapsed().as_secs_f64() * 1000.0),
                detail: None,
            },
            used_memory_bytes: crate::redis::info_total(&info, "used_memory"),
            maxmemory_bytes: crate::redis::info_total(&info, "maxmemory"),
        },
        Err(e) => RedisStats {
            probe: down(e),
            used_memory_bytes: None,
            maxmemory_bytes: None,
        },
    })
}

/// Narrowed to one replica's workers by their id prefix.
fn narrow(mut list: Vec<WorkerInfo>, replica: Option<&str>) -> Vec<WorkerInfo> {
    if let Some(id) = replica {
        let prefix = format!("{id}-");
        list.retain(|w| w.id.starts_with(&prefix));
    }
    list.sort_by(|a, b| a.id.cmp(&b.id));
    list
}
