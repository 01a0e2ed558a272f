//! Two `modd serve` replicas, each with its workers, on PostgreSQL and a
//! three-master Redis Cluster. Under load, the master that holds the queue's
//! slot is killed and started again empty (no persistence: its stream,
//! group and sets are gone, and the whole cluster refuses commands while a
//! slot has no master). Every accepted item is stored and decided exactly
//! once; heartbeats, stats and key revocation work across the replicas.

use modd_common::{ItemStatus, QueueStatsView, Role, WorkerInfo};
use modd_testkit::{KeySpec, RedisCluster, RedisPrefix, insert_key};
use reqwest::StatusCode;
use std::sync::Arc;
use std::time::Duration;

use super::harness::{eventually, key, open_store, spawn, submit};
use super::{all_decided, count, decisions};

/// A key with a cache long enough that only the invalidation channel can
/// explain a replica refusing it soon after its revocation.
const KEY_CACHE_MS: &str = "60000";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_replicas_on_a_redis_cluster_lose_nothing_when_a_master_restarts() {
    let Some(pg) = modd_testkit::postgres_fresh().await else {
        return;
    };
    let Some(mut cluster) = tokio::task::block_in_place(RedisCluster::start) else {
        return;
    };
    let redis = RedisPrefix::on(&cluster.url());
    let store = open_store(pg.url()).await;
    let client = key(&*store, Role::Client).await;
    let admin = key(&*store, Role::Admin).await;
    let env = vec![
        ("DATABASE_URL", pg.url().to_owned()),
        ("REDIS_URL", redis.url.clone()),
        ("MODD_REDIS_PREFIX", redis.prefix.clone()),
        ("MODD_QUEUE_VISIBILITY_SECS", "3".to_owned()),
        ("MODD_WORKERS", "2".to_owned()),
        ("MODD_KEY_CACHE_MS", KEY_CACHE_MS.to_owned()),
    ];
    let replicas = Arc::new([spawn("serve", &env).await, spawn("serve", &env).await]);

    // Heartbeats meet on the cluster: each replica lists all four workers.
    for r in replicas.iter() {
        let all = eventually(Duration::from_secs(15), || async {
            let workers: Vec<WorkerInfo> = r
                .get("/api/v1/admin/workers", Some(&admin))
                .await
                .json()
                .await
                .ok()?;
            (workers.len() == 4).then_some(())
        })
        .await;
        assert!(all.is_some(), "a replica does not see the other's workers");
    }
    revocation_reaches_the_other_replica(&replicas[0], &replicas[1], &*store).await;

    // Eight clients, split over both replicas, 40 items each, steadily,
    // while the queue's master goes away and comes back empty.
    const TOTAL: usize = 320;
    let mut load = Vec::new();
    for c in 0..8 {
        let (replicas, client) = (replicas.clone(), client.clone());
        load.push(tokio::spawn(async move {
            let api = &replicas[c % 2];
            let mut statuses = Vec::new();
            for i in 0..TOTAL / 8 {
                let (status, _) = submit(&api.http, &api.base, &client, &format!("{c}-{i}")).await;
                statuses.push(status);
                tokio::time::sleep(Duration::from_millis(40)).await;
            }
            statuses
        }));
    }
    tokio::time::sleep(Duration::from_millis(700)).await;
    let queue_master = cluster.node_of(&format!("{}{{queue}}:jobs", redis.prefix));
    tokio::task::block_in_place(|| cluster.kill(queue_master));
    // Long enough for the other masters to mark it failed (node timeout 2 s).
    tokio::time::sleep(Duration::from_millis(3000)).await;
    let ready = replicas[0].get("/ready", None).await;
    assert_eq!(ready.status(), 200, "the API stays ready without its queue");
    tokio::task::block_in_place(|| cluster.restart(queue_master));

    for task in load {
        let statuses = task.await.unwrap();
        assert!(statuses.iter().all(|&s| s == 200), "{statuses:?}");
    }
    assert_eq!(
        modd_testkit::query_i64(pg.url(), "SELECT COUNT(*) FROM content_items").await,
        TOTAL as i64
    );
    // Some items were accepted while the queue's slot had no master...
    let mut missed = 0.0;
    for r in replicas.iter() {
        missed += r.metric_sum("modd_queue_enqueue_errors_total").await;
    }
    assert!(missed > 0.0, "the outage did not overlap the load");
    // ...and the reconcilers queued them again on the restarted master.
    all_decided(&*store, Duration::from_secs(90)).await;
    assert_eq!(count(&*store, ItemStatus::Approved).await, TOTAL as i64);
    assert_eq!(decisions(pg.url()).await, TOTAL as i64);
    // Exactly one recorded decision per item across both replicas.
    let counted = eventually(Duration::from_secs(5), || async {
        let mut recorded = 0.0;
        for r in replicas.iter() {
            recorded += r.metric_sum("modd_decisions_total").await;
        }
        (recorded == TOTAL as f64).then_some(())
    })
    .await;
    assert!(counted.is_some(), "decisions counted once each");
    // The queue on the cluster drains to nothing held or waiting.
    let drained = eventually(Duration::from_secs(15), || async {
        let stats: QueueStatsView = replicas[1]
            .get("/api/v1/admin/queue", Some(&admin))
            .await
            .json()
            .await
            .ok()?;
        (stats.depth == 0 && stats.in_flight == 0 && stats.dead_letters == 0).then_some(())
    })
    .await;
    assert!(drained.is_some(), "the cluster queue holds leftovers");
    // Stats snapshots meet on the cluster too: one replica reports both.
    let both = eventually(Duration::from_secs(10), || async {
        let stats: serde_json::Value = replicas[0]
            .get("/api/v1/admin/stats", Some(&admin))
            .await
            .json()
            .await
            .ok()?;
        let redis_memory = stats["redis"]["used_memory_bytes"].as_u64()?;
        (stats["replicas"].as_array()?.len() == 2 && redis_memory > 0).then_some(())
    })
    .await;
    assert!(both.is_some(), "a replica's stats miss the other replica");
    drop(replicas);
    redis.cleanup().await;
    drop(cluster);
    pg.cleanup().await;
}

/// Revokes a key through `a`: `b`, which has it cached for a minute, refuses
/// it within two seconds, so the invalidation crossed the cluster.
async fn revocation_reaches_the_other_replica(
    a: &modd_testkit::ModdProcess,
    b: &modd_testkit::ModdProcess,
    store: &dyn modd::store::Store,
) {
    let whoami = |p: &modd_testkit::ModdProcess, key: String| {
        let client = p.client(Some(&key));
        async move {
            match client.whoami().await {
                Ok(_) => StatusCode::OK,
                Err(e) => e.status().unwrap_or(StatusCode::BAD_GATEWAY),
            }
        }
    };
    let admin = super::harness::key(store, Role::Admin).await;
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
