//! Cluster-wide stats: with Redis every replica publishes its
//! [`ReplicaStats`] every [`PUBLISH_EVERY`] with a TTL, so the stats
//! endpoint of any replica can show all of them and a dead replica drops
//! out by itself. The same pattern as worker heartbeats.
//!
//! Redis keys: `{stats}:<id>` (JSON, expires) and `{stats}:live` (sorted
//! set of ids by publication time, to list without SCAN); one hash tag, so
//! the pipelines and `MGET` stay in one slot of a Redis Cluster.

use chrono::Utc;
use modd_common::ReplicaStats;
use std::time::Duration;
use tokio_util::sync::CancellationToken;

use crate::redis::{RedisHandle, describe};
use crate::state::AppState;

/// How often a replica publishes; `modctl top`'s default refresh is 1 s.
pub const PUBLISH_EVERY: Duration = Duration::from_secs(1);
/// A snapshot older than this means the replica is gone.
pub const TTL: Duration = Duration::from_secs(5);

/// The hash tag of the stats keys.
const GROUP: &str = "stats";

/// The key of one replica's snapshot.
pub fn key(redis: &RedisHandle, id: &str) -> String {
    redis.key_in(GROUP, id)
}

/// The key of the index of live replicas.
pub fn index(redis: &RedisHandle) -> String {
    redis.key_in(GROUP, "live")
}

async fn publish(redis: &RedisHandle, stats: &ReplicaStats) -> Result<(), String> {
    let json = serde_json::to_string(stats).map_err(|e| e.to_string())?;
    let mut conn = redis.conn().await.map_err(|e| describe(&e))?;
    redis::pipe()
        .cmd("SET")
        .arg(key(redis, &stats.id))
        .arg(json)
        .arg("PX")
        .arg(TTL.as_millis() as u64)
        .ignore()
        .cmd("ZADD")
        .arg(index(redis))
        .arg(Utc::now().timestamp_millis())
        .arg(&stats.id)
        .ignore()
        .query_async::<()>(&mut conn)
        .await
        .map_err(|e| describe(&e))
}

async fn withdraw(redis: &RedisHandle, id: &str) {
    let Ok(mut conn) = redis.conn().await else {
        return; // it expires by itself
    };
    let _ = redis::pipe()
        .cmd("DEL")
        .arg(key(redis, id))
        .ignore()
        .cmd("ZREM")
        .arg(index(redis))
        .arg(id)
        .ignore()
        .query_async::<()>(&mut conn)
        .await;
}

/// Every other replica's last published snapshot (fresh ones only).
pub async fn others(redis: &RedisHandle, own_id: &str) -> Result<Vec<ReplicaStats>, String> {
    let mut conn = redis.conn().await.map_err(|e| describe(&e))?;
    let ids = redis
        .live_members(&mut conn, GROUP, TTL)
        .await
        .map_err(|e| describe(&e))?;
    let keys: Vec<String> = ids
        .iter()
        .filter(|id| id.as_str() != own_id)
        .map(|id| key(redis, id))
        .collect();
    if keys.is_empty() {
        return Ok(Vec::new());
    }
    let values: Vec<Option<String>> = redis::cmd("MGET")
        .arg(&keys)
        .query_async(&mut conn)
        .await
        .map_err(|e| describe(&e))?;
    Ok(values
        .into_iter()
        .flatten()
        .filter_map(|v| serde_json::from_str::<ReplicaStats>(&v).ok())
        .collect())
}

/// Publishes this replica's snapshot until `shutdown`, then withdraws it.
pub fn spawn_publisher(
    state: AppState,
    redis: std::sync::Arc<RedisHandle>,
    shutdown: CancellationToken,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let id = state.heartbeats.replica_id();
        let mut failing = false;
        loop {
            match publish(&redis, &super::snapshot::replica(&state)).await {
                Ok(()) => failing = false,
                Err(e) if !failing => {
                    failing = true;
                    tracing::warn!(error = %e, "cannot publish replica stats");
                }
                Err(_) => {}
            }
            tokio::select! {
                _ = shutdown.cancelled() => break,
                _ = tokio::time::sleep(PUBLISH_EVERY) => {}
            }
        }
        withdraw(&redis, &id).await;
    })
}
