//! The deployment the docs describe, on a Redis Cluster with a replica per
//! master: two `modd serve` API replicas (no workers) and two `modd worker`
//! processes on PostgreSQL. Under load through both API replicas the
//! master serving the queue, which is also the node every process
//! subscribes to for pub/sub, is killed; its replica takes over. Then the
//! old master returns as a replica and a graceful `CLUSTER FAILOVER` hands
//! the slots back, under load again.
//!
//! Checked: every accepted item is decided once and announced by one
//! webhook at a real receiver; `/ready` answers 200 throughout, `degraded`
//! while the slot has no master and `ok` again after; key revocation,
//! heartbeats and stats work after the failover. The figures quoted in
//! `docs/src/operating/redis-cluster.md` are printed (`--nocapture`).

use chrono::Utc;
use modd_common::Role;
use modd_testkit::{ModdProcess, RedisCluster, RedisPrefix};
use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;
use std::time::{Duration, Instant};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

use super::checks::{
    all_decided, decided_twice, decisions, queue_drained, revocation_reaches, stats_cover,
    workers_beating,
};
use super::cluster::KEY_CACHE_MS;
use super::harness::{api_only, deployment_env, eventually, key, metric_total, open_store, spawn};
use super::load::{Answer, Load, Probe, ReadyProbe};

/// Shared by every process: webhook secrets sealed by one are opened by
/// the others.
const SECRET_KEY: &str = "cluster-failover-test-secret-key-not-for-production";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn api_replicas_and_workers_lose_nothing_when_a_cluster_master_fails_over() {
    let began = Instant::now();
    let Some(pg) = modd_testkit::postgres_fresh().await else {
        return;
    };
    let Some(cluster) = tokio::task::spawn_blocking(RedisCluster::start_with_replicas)
        .await
        .unwrap()
    else {
        return;
    };
    // The queue's keys share the tag `{queue}`: its slot is fixed.
    let queue_master = cluster.node_of("{queue}:jobs");
    let redis = RedisPrefix::on(&cluster.url_seeded_from(queue_master));
    let store = open_store(pg.url()).await;
    let (client, admin) = (
        key(&*store, Role::Client).await,
        key(&*store, Role::Admin).await,
    );
    let receiver = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&receiver)
        .await;
    let env = deployment_env(
        pg.url(),
        &redis,
        2,
        &[
            ("MODD_KEY_CACHE_MS", KEY_CACHE_MS),
            ("MODD_WEBHOOK_ALLOW_PRIVATE", "true"),
            ("SECRET_KEY", SECRET_KEY),
        ],
    );
    let apis = [
        Arc::new(spawn("serve", &api_only(&env)).await),
        Arc::new(spawn("serve", &api_only(&env)).await),
    ];
    let workers = [spawn("worker", &env).await, spawn("worker", &env).await];
    let hook = serde_json::json!({ "webhook_url": format!("{}/hook", receiver.uri()) });
    let put = apis[0]
        .http
        .put(apis[0].url("/api/v1/admin/apps/forum"))
        .header("X-API-KEY", &admin)
        .json(&hook)
        .send()
        .await
        .unwrap();
    assert_eq!(put.status(), 200, "{}", put.text().await.unwrap());
    workers_beating(
        &apis[0],
        &admin,
        4,
        Utc::now() - chrono::Duration::minutes(1),
    )
    .await;
    let set_up = began.elapsed();

    // Four clients over both API replicas while the queue's master dies.
    let load_began = Instant::now();
    let load = Load::start("failover", &apis, &client, 4, 1_000);
    let probe = ReadyProbe::start(apis[0].clone());
    tokio::time::sleep(Duration::from_secs(1)).await;
    let killed_at = Instant::now();
    let (cluster, promoted) = tokio::task::spawn_blocking(move || {
        let mut cluster = cluster;
        let promoted = cluster.kill_master_and_await_promotion(queue_master);
        (cluster, promoted)
    })
    .await
    .unwrap();
    let promotion = killed_at.elapsed();
    let (promoted_utc, promoted_at) = (Utc::now(), Instant::now());
    // Every process back to `ok` on its own, the load still running.
    for p in [&*apis[0], &*apis[1], &workers[0], &workers[1]] {
        ready_ok(p).await;
    }
    tokio::time::sleep(Duration::from_secs(1)).await;
    assert!(load.running(), "the load ended before the failover did");
    let answers = load.finish().await;
    let load_ran = load_began.elapsed();
    let probes = probe.finish().await;
    let (noticed, outage) = degraded_spans(&probes, killed_at);
    assert!(
        !outage.is_zero(),
        "/ready never said degraded during the failover: {probes:?}"
    );

    let accepted = accepted_ids(&answers);
    assert_eq!(
        modd_testkit::query_i64(pg.url(), "SELECT COUNT(*) FROM content_items").await,
        accepted.len() as i64
    );
    let [a, b] = [&*apis[0], &*apis[1]];
    let enqueue_errors = metric_total(&[a, b], "modd_queue_enqueue_errors_total").await;
    decided_and_announced_once(pg.url(), &*store, &receiver, &accepted).await;
    let recorded = eventually(Duration::from_secs(5), || async {
        let n = metric_total(&[&workers[0], &workers[1]], "modd_decisions_total").await;
        (n == accepted.len() as f64).then_some(())
    })
    .await;
    assert!(recorded.is_some(), "decisions counted once each");

    // What meets in Redis works on the new master.
    workers_beating(b, &admin, 4, promoted_utc).await;
    stats_cover(a, &admin, 4).await;
    revocation_reaches(a, b, &*store).await;
    queue_drained(b, &admin).await;

    // The old master returns as its successor's replica and takes the
    // slots back gracefully, under load: nothing is lost either.
    let load = Load::start("handback", &apis, &client, 2, 50);
    let probe = ReadyProbe::start(apis[0].clone());
    tokio::time::sleep(Duration::from_millis(300)).await;
    let handback_at = Instant::now();
    let cluster = tokio::task::spawn_blocking(move || {
        let mut cluster = cluster;
        cluster.restart(queue_master);
        assert_eq!(cluster.replica_of(promoted), Some(queue_master));
        cluster.fail_over_to(queue_master);
        cluster
    })
    .await
    .unwrap();
    let handback = handback_at.elapsed();
    let more = load.complete().await;
    ready_ok(&apis[0]).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let (_, handback_degraded) = degraded_spans(&probe.finish().await, handback_at);
    let mut all = accepted.clone();
    all.extend(accepted_ids(&more));
    assert_eq!(all.len(), accepted.len() + more.len());
    decided_and_announced_once(pg.url(), &*store, &receiver, &all).await;
    let slowest = slowest_during(&answers, killed_at, promoted_at);
    eprintln!(
        "cluster failover: {} items accepted ({:.0}/s), {} while the queue's slot had no master \
         ({enqueue_errors} enqueue errors); replica promoted {:.1} s after the kill; /ready \
         degraded from {:.1} s after the kill for {:.1} s, HTTP 200 throughout; slowest analyse during the failover \
         {:.0} ms; hand-back (restart + CLUSTER FAILOVER) {:.1} s, /ready \
         degraded {:.1} s of it, {} more items; \
         set-up {:.1} s, whole test {:.1} s",
        accepted.len(),
        accepted.len() as f64 / load_ran.as_secs_f64(),
        answers
            .iter()
            .filter(|x| x.sent_at >= killed_at && x.sent_at < promoted_at)
            .count(),
        promotion.as_secs_f64(),
        noticed.as_secs_f64(),
        outage.as_secs_f64(),
        slowest.as_secs_f64() * 1000.0,
        handback.as_secs_f64(),
        handback_degraded.as_secs_f64(),
        more.len(),
        set_up.as_secs_f64(),
        began.elapsed().as_secs_f64(),
    );
    drop((apis, workers));
    redis.cleanup().await;
    drop(cluster);
    pg.cleanup().await;
}

/// The ids of the items accepted; panics unless every answer was a 200
/// (the API keeps accepting while the queue's slot has no master).
fn accepted_ids(answers: &[Answer]) -> HashSet<i64> {
    let refused: Vec<&Answer> = answers.iter().filter(|a| a.status != 200).collect();
    assert!(refused.is_empty(), "not accepted: {refused:?}");
    answers.iter().filter_map(|a| a.id).collect()
}

/// Waits until `p`'s `/ready` says `ok` (a 200 with everything up).
async fn ready_ok(p: &ModdProcess) {
    let ok = eventually(Duration::from_secs(15), || async {
        let report: serde_json::Value = p.get("/ready", None).await.json().await.ok()?;
        (report["status"] == "ok").then_some(())
    })
    .await;
    assert!(ok.is_some(), "{} is not ready after the failover", p.base);
}

/// When `/ready` first said `degraded` after `from`, and for how long (to
/// the first `ok` after the last `degraded`); zero when it never did.
/// Panics unless it answered 200 throughout and ended `ok`.
fn degraded_spans(probes: &[Probe], from: Instant) -> (Duration, Duration) {
    let non_200: Vec<&Probe> = probes.iter().filter(|p| p.http != 200).collect();
    assert!(non_200.is_empty(), "/ready left 200: {non_200:?}");
    let after: Vec<&Probe> = probes.iter().filter(|p| p.at >= from).collect();
    assert_eq!(after.last().map(|p| p.status.as_str()), Some("ok"));
    let first = after.iter().position(|p| p.status == "degraded");
    let last = after.iter().rposition(|p| p.status == "degraded");
    let (Some(first), Some(last)) = (first, last) else {
        return (Duration::ZERO, Duration::ZERO);
    };
    let back = after[last..]
        .iter()
        .find(|p| p.status == "ok")
        .expect("/ready says ok again");
    (
        after[first].at.duration_since(from),
        back.at.duration_since(after[first].at),
    )
}

/// The longest an `analyse` sent between `from` and `to` took.
fn slowest_during(answers: &[Answer], from: Instant, to: Instant) -> Duration {
    answers
        .iter()
        .filter(|a| a.sent_at >= from && a.sent_at < to)
        .map(|a| a.took)
        .max()
        .unwrap_or_default()
}

/// Every item of `ids` decided exactly once, nothing else decided, and one
/// webhook delivery per item at `receiver` (one `webhook-id` each).
async fn decided_and_announced_once(
    url: &str,
    store: &dyn modd::store::Store,
    receiver: &MockServer,
    ids: &HashSet<i64>,
) {
    all_decided(store, Duration::from_secs(120)).await;
    assert_eq!(decisions(url).await, ids.len() as i64);
    assert_eq!(decided_twice(url).await, 0);
    let deliveries = eventually(Duration::from_secs(60), || async {
        let per_item = deliveries_per_item(receiver).await;
        (per_item.len() >= ids.len()).then_some(per_item)
    })
    .await
    .expect("a webhook for every decided item");
    let announced: HashSet<i64> = deliveries.keys().copied().collect();
    assert_eq!(&announced, ids, "webhooks for other items than accepted");
    let repeated: Vec<_> = deliveries.iter().filter(|(_, d)| d.len() != 1).collect();
    assert!(repeated.is_empty(), "more than one webhook: {repeated:?}");
}

/// The `webhook-id`s the receiver got, by item id.
async fn deliveries_per_item(receiver: &MockServer) -> BTreeMap<i64, Vec<String>> {
    let mut per_item: BTreeMap<i64, Vec<String>> = BTreeMap::new();
    for req in receiver.received_requests().await.unwrap_or_default() {
        let body: serde_json::Value = serde_json::from_slice(&req.body).unwrap_or_default();
        let id = req.headers.get("webhook-id").and_then(|v| v.to_str().ok());
        if let (Some(item), Some(id)) = (body["data"]["id"].as_i64(), id) {
            per_item.entry(item).or_default().push(id.to_owned());
        }
    }
    per_item
}
