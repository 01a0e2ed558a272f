//! Two `modd serve` replicas, each with its workers, on PostgreSQL and a
//! three-master Redis Cluster without replicas. Under load, the master that
//! holds the queue's slot is killed and started again empty (no
//! persistence: its stream, group and sets are gone, and the whole cluster
//! refuses commands while a slot has no master). Every accepted item is
//! stored and decided exactly once; heartbeats, stats and key revocation
//! work across the replicas.

use modd_common::{ItemStatus, Role};
use modd_testkit::{RedisCluster, RedisPrefix};
use std::sync::Arc;
use std::time::Duration;

use super::checks::{
    all_decided, count, decided_twice, decisions, queue_drained, revocation_reaches, stats_cover,
    workers_beating,
};
use super::harness::{deployment_env, eventually, key, metric_total, open_store, spawn};
use super::load::Load;

/// A key cache long enough that only the invalidation channel can explain
/// a replica refusing a key soon after its revocation.
pub const KEY_CACHE_MS: &str = "60000";

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
    let env = deployment_env(pg.url(), &redis, 2, &[("MODD_KEY_CACHE_MS", KEY_CACHE_MS)]);
    let replicas = [
        Arc::new(spawn("serve", &env).await),
        Arc::new(spawn("serve", &env).await),
    ];

    // Heartbeats meet on the cluster: each replica lists all four workers.
    let start = chrono::Utc::now() - chrono::Duration::minutes(1);
    for r in &replicas {
        workers_beating(r, &admin, 4, start).await;
    }
    revocation_reaches(&replicas[0], &replicas[1], &*store).await;

    // Eight clients, split over both replicas, 40 items each, steadily,
    // while the queue's master goes away and comes back empty.
    const TOTAL: usize = 320;
    let load = Load::start("restart", &replicas, &client, 8, TOTAL / 8);
    tokio::time::sleep(Duration::from_millis(700)).await;
    let queue_master = cluster.node_of(&format!("{}{{queue}}:jobs", redis.prefix));
    tokio::task::block_in_place(|| cluster.kill(queue_master));
    // Long enough for the other masters to mark it failed (node timeout 2 s).
    tokio::time::sleep(Duration::from_millis(3000)).await;
    let ready = replicas[0].get("/ready", None).await;
    assert_eq!(ready.status(), 200, "the API stays ready without its queue");
    tokio::task::block_in_place(|| cluster.restart(queue_master));

    let answers = load.complete().await;
    assert!(answers.iter().all(|a| a.status == 200), "{answers:?}");
    assert_eq!(
        modd_testkit::query_i64(pg.url(), "SELECT COUNT(*) FROM content_items").await,
        TOTAL as i64
    );
    // Some items were accepted while the queue's slot had no master...
    let [a, b] = [&*replicas[0], &*replicas[1]];
    let missed = metric_total(&[a, b], "modd_queue_enqueue_errors_total").await;
    assert!(missed > 0.0, "the outage did not overlap the load");
    // ...and the reconcilers queued them again on the restarted master.
    all_decided(&*store, Duration::from_secs(90)).await;
    assert_eq!(count(&*store, ItemStatus::Approved).await, TOTAL as i64);
    assert_eq!(decisions(pg.url()).await, TOTAL as i64);
    assert_eq!(decided_twice(pg.url()).await, 0);
    // Exactly one recorded decision per item across both replicas.
    let counted = eventually(Duration::from_secs(5), || async {
        (metric_total(&[a, b], "modd_decisions_total").await == TOTAL as f64).then_some(())
    })
    .await;
    assert!(counted.is_some(), "decisions counted once each");
    queue_drained(b, &admin).await;
    // Stats snapshots meet on the cluster too: one replica reports both.
    stats_cover(a, &admin, 2).await;
    drop(replicas);
    redis.cleanup().await;
    drop(cluster);
    pg.cleanup().await;
}
