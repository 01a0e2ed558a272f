//! What the fault tests check after a fault, written once: nothing pending,
//! one decision per item, and the parts of a deployment that meet in Redis
//! (heartbeats, stats snapshots, key revocation, the queue's counts) still
//! working across processes.

use modd::store::Store;
use modd_common::{ItemStatus, QueueStatsView, Role, WorkerInfo};
use modd_testkit::{KeySpec, ModdProcess, insert_key};
use reqwest::StatusCode;
use std::time::Duration;

use super::harness::{eventually, key};

pub async fn count(store: &dyn Store, status: ItemStatus) -> i64 {
    store.count_by_status().await.unwrap()[&status]
}

/// Waits until nothing is pending; panics with the counts otherwise.
pub async fn all_decided(store: &dyn Store, timeout: Duration) {
    let done = eventually(timeout, || async {
        (count(store, ItemStatus::Pending).await == 0).then_some(())
    })
    .await;
    assert!(
        done.is_some(),
        "items still pending: {:?}",
        store.count_by_status().await
    );
}

/// How many decisions are stored.
pub async fn decisions(url: &str) -> i64 {
    modd_testkit::query_i64(url, "SELECT COUNT(*) FROM decisions").await
}

/// How many items have more than one decision (must be none).
pub async fn decided_twice(url: &str) -> i64 {
    modd_testkit::query_i64(
        url,
        "SELECT COUNT(*) FROM (SELECT item_id FROM decisions \
         GROUP BY item_id HAVING COUNT(*) > 1) twice",
    )
    .await
}

/// The workers `api` lists (every process's heartbeats), once there are
/// `n` of them and each has beaten after `since`.
pub async fn workers_beating(
    api: &ModdProcess,
    admin: &str,
    n: usize,
    since: chrono::DateTime<chrono::Utc>,
) -> Vec<WorkerInfo> {
    let listed = eventually(Duration::from_secs(15), || async {
        let workers: Vec<WorkerInfo> = api
            .get("/api/v1/admin/workers", Some(admin))
            .await
            .json()
            .await
            .ok()?;
        (workers.len() == n && workers.iter().all(|w| w.seen_at > since)).then_some(workers)
    })
    .await;
    listed.unwrap_or_else(|| panic!("{} does not list {n} live workers", api.base))
}

/// Waits until `api`'s stats show `n` processes (its own and the snapshots
/// the others published) and the Redis memory; panics otherwise.
pub async fn stats_cover(api: &ModdProcess, admin: &str, n: usize) {
    let seen = eventually(Duration::from_secs(10), || async {
        let stats: serde_json::Value = api
            .get("/api/v1/admin/stats", Some(admin))
            .await
            .json()
            .await
            .ok()?;
        let redis_memory = stats["redis"]["used_memory_bytes"].as_u64()?;
        (stats["replicas"].as_array()?.len() == n && redis_memory > 0).then_some(())
    })
    .await;
    assert!(seen.is_some(), "{}'s stats miss a process", api.base);
}

/// Waits until the queue holds nothing waiting, in flight or dead.
pub async fn queue_drained(api: &ModdProcess, admin: &str) {
    let drained = eventually(Duration::from_secs(15), || async {
        let stats: QueueStatsView = api
            .get("/api/v1/admin/queue", Some(admin))
            .await
            .json()
            .await
            .ok()?;
        (stats.depth == 0 && stats.in_flight == 0 && stats.dead_letters == 0).then_some(())
    })
    .await;
    assert!(drained.is_some(), "the queue holds leftovers");
}

/// Revokes a fresh key through `a`: `b`, which has it cached (the tests
/// set `MODD_KEY_CACHE_MS` to a minute), refuses it within two seconds, so
/// the invalidation crossed Redis.
pub async fn revocation_reaches(a: &ModdProcess, b: &ModdProcess, store: &dyn Store) {
    let whoami = |p: &ModdProcess, key: String| {
        let client = p.client(Some(&key));
        async move {
            match client.whoami().await {
                Ok(_) => StatusCode::OK,
                Err(e) => e.status().unwrap_or(StatusCode::BAD_GATEWAY),
            }
        }
    };
    let admin = key(store, Role::Admin).await;
    let (id, doomed) = insert_key(store, KeySpec::default()).await;
    assert_eq!(whoami(b, doomed.clone()).await, StatusCode::OK);
    a.client(Some(&admin)).revoke_key(id).await.unwrap();
    let refused = eventually(Duration::from_secs(2), || async {
        (whoami(b, doomed.clone()).await == StatusCode::UNAUTHORIZED).then_some(())
    })
    .await;
    assert!(
        refused.is_some(),
        "the revocation did not reach the other replica"
    );
}
