#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Fault tests with real processes: the `modd` binary as API and as
//! separate workers on PostgreSQL + Redis (and SQLite where one process is
//! the whole deployment), killed and restarted by the test, and a private
//! `redis-server` stopped under load, and a private PostgreSQL cluster
//! restarted under load, and a Redis Cluster whose queue master restarts
//! under two replicas (`cluster`) or fails over to its replica under two
//! API replicas and two worker processes (`cluster_failover`). The
//! invariant every test checks: every accepted item is stored and, where
//! workers run, gets exactly one decision. `drain` times the SIGTERM drain
//! of the real binary. `harness`, `load` and `checks` are what they share.

mod batches;
mod checks;
mod cluster;
mod cluster_failover;
mod drain;
mod harness;
mod load;
mod postgres;
mod postgres_restart;

use checks::{all_decided, count, decisions};
use harness::{
    RedisServer, api_only, deployment_env, eventually, key, metric_total, open_store, spawn, submit,
};
use load::Load;
use modd_common::{ItemStatus, QueueStatsView, Role, WorkerInfo};
use sqlx::Connection;
use std::sync::Arc;
use std::time::Duration;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_worker_killed_mid_job_loses_nothing() {
    let Some(pg) = modd_testkit::postgres_fresh().await else {
        return;
    };
    let Some(prefix) = modd_testkit::RedisPrefix::new() else {
        return;
    };
    let store = open_store(pg.url()).await;
    let admin = key(&*store, Role::Admin).await;
    let env = deployment_env(pg.url(), &prefix, 1, &[("MODD_QUEUE_VISIBILITY_SECS", "2")]);
    let api = spawn("serve", &api_only(&env)).await;
    let mut a = spawn("worker", &env).await;
    // A worker process serves health endpoints only.
    assert_eq!(a.get("/ready", None).await.status(), 200);
    assert_eq!(
        a.get("/api/v1/admin/queue", Some(&admin)).await.status(),
        404
    );

    // Hold decisions at the database: the worker blocks mid-job.
    let mut lock = sqlx::PgConnection::connect(pg.url()).await.unwrap();
    sqlx::query("BEGIN").execute(&mut lock).await.unwrap();
    sqlx::query("LOCK TABLE decisions IN SHARE ROW EXCLUSIVE MODE")
        .execute(&mut lock)
        .await
        .unwrap();
    let (status, id) = submit(&api.http, &api.base, &admin, "held").await;
    assert_eq!(status, 200);
    let id = id.unwrap();
    // Operators see who holds it.
    let holder = eventually(Duration::from_secs(15), || async {
        let workers: Vec<WorkerInfo> = api
            .get("/api/v1/admin/workers", Some(&admin))
            .await
            .json()
            .await
            .ok()?;
        workers.into_iter().find(|w| w.current_item == Some(id))
    })
    .await
    .expect("the heartbeat names the item being worked on");
    assert_eq!(holder.pid, a.pid());

    // Its decision is blocked on the table lock before it is killed.
    let blocked = eventually(Duration::from_secs(10), || async {
        let waiting = modd_testkit::query_i64(
            pg.url(),
            "SELECT COUNT(*) FROM pg_stat_activity \
             WHERE datname = current_database() AND wait_event_type = 'Lock'",
        )
        .await;
        (waiting >= 1).then_some(())
    })
    .await;
    assert!(blocked.is_some(), "the worker's decision waits on the lock");
    a.kill().await;
    // PostgreSQL does not notice a dead client while its backend waits on a
    // lock: released, that backend would finish the killed worker's
    // statement on its own, and which process decided would be a race.
    // End it, as the server does once it sees the connection gone.
    sqlx::query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
         WHERE datname = current_database() AND pid <> pg_backend_pid() \
         AND wait_event_type = 'Lock'",
    )
    .execute(&mut lock)
    .await
    .unwrap();
    sqlx::query("COMMIT").execute(&mut lock).await.unwrap();
    let b = spawn("worker", &env).await;
    all_decided(&*store, Duration::from_secs(30)).await;
    let item = store.get_item(id).await.unwrap().unwrap();
    assert_eq!(item.status, ItemStatus::Approved);
    assert_eq!(decisions(pg.url()).await, 1);
    let stats: QueueStatsView = api
        .get("/api/v1/admin/queue", Some(&admin))
        .await
        .json()
        .await
        .unwrap();
    assert!(stats.reclaimed_total >= 1, "{stats:?}");
    assert_eq!((stats.depth, stats.in_flight), (0, 0), "{stats:?}");
    // The counter is bumped just after the decision commits: poll briefly.
    let counted = eventually(Duration::from_secs(5), || async {
        (b.metric_sum("modd_decisions_total").await == 1.0).then_some(())
    })
    .await;
    assert!(
        counted.is_some(),
        "one decision counted by the surviving worker"
    );
    // The dead worker drops off the list once its heartbeat expires.
    let gone = eventually(Duration::from_secs(20), || async {
        let workers: Vec<WorkerInfo> = api
            .get("/api/v1/admin/workers", Some(&admin))
            .await
            .json()
            .await
            .ok()?;
        (!workers.iter().any(|w| w.pid == holder.pid) && workers.len() == 1).then_some(())
    })
    .await;
    assert!(gone.is_some(), "the killed worker is still listed");
    drop((api, b));
    prefix.cleanup().await;
    pg.cleanup().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn redis_restarted_under_load_loses_nothing() {
    let Some(pg) = modd_testkit::postgres_fresh().await else {
        return;
    };
    let mut redis = RedisServer::start().await;
    let prefix = modd_testkit::RedisPrefix::on(&redis.url());
    let store = open_store(pg.url()).await;
    let client = key(&*store, Role::Client).await;
    let env = deployment_env(pg.url(), &prefix, 2, &[]);
    let api = Arc::new(spawn("serve", &api_only(&env)).await);
    let workers = [spawn("worker", &env).await, spawn("worker", &env).await];

    // Eight clients submit 50 items each, steadily, while Redis goes away.
    const TOTAL: usize = 400;
    let load = Load::start("redis", std::slice::from_ref(&api), &client, 8, TOTAL / 8);
    tokio::time::sleep(Duration::from_millis(700)).await;
    redis.kill().await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let ready = api.get("/ready", None).await;
    assert_eq!(ready.status(), 200, "the API stays ready without Redis");
    let report: serde_json::Value = ready.json().await.unwrap();
    assert_eq!(report["status"], "degraded", "{report}");
    tokio::time::sleep(Duration::from_millis(1200)).await;
    let port = redis.port;
    let _redis = RedisServer::start_on(port).await;

    let answers = load.complete().await;
    assert!(answers.iter().all(|a| a.status == 200), "{answers:?}");
    assert_eq!(
        modd_testkit::query_i64(pg.url(), "SELECT COUNT(*) FROM content_items").await,
        TOTAL as i64
    );
    // Some items really were accepted while Redis was gone...
    let missed = api.metric_sum("modd_queue_enqueue_errors_total").await;
    assert!(missed > 0.0, "the outage did not overlap the load");
    // ...and the reconciler queued them once it was back.
    all_decided(&*store, Duration::from_secs(60)).await;
    assert_eq!(count(&*store, ItemStatus::Approved).await, TOTAL as i64);
    assert_eq!(decisions(pg.url()).await, TOTAL as i64);
    // Exactly one recorded decision per item across both worker processes.
    let recorded = metric_total(&[&workers[0], &workers[1]], "modd_decisions_total").await;
    assert_eq!(recorded, TOTAL as f64);
    drop(workers);
    pg.cleanup().await;
}

async fn restart_story(url: &str, redis: Option<&modd_testkit::RedisPrefix>) {
    let store = open_store(url).await;
    let client = key(&*store, Role::Client).await;
    let data = tempfile::tempdir().unwrap();
    let mut env = vec![
        ("DATABASE_URL", url.to_owned()),
        ("MODD_DATA_DIR", data.path().display().to_string()),
    ];
    if let Some(p) = redis {
        env.push(("REDIS_URL", p.url.clone()));
        env.push(("MODD_REDIS_PREFIX", p.prefix.clone()));
    }
    let mut first = spawn("serve", &api_only(&env)).await;
    for i in 0..30 {
        let (status, _) = submit(&first.http, &first.base, &client, &format!("p-{i}")).await;
        assert_eq!(status, 200);
    }
    first.terminate().await;
    assert_eq!(count(&*store, ItemStatus::Pending).await, 30);

    let second = spawn("serve", &env).await;
    all_decided(&*store, Duration::from_secs(30)).await;
    assert_eq!(count(&*store, ItemStatus::Approved).await, 30);
    assert_eq!(decisions(url).await, 30);
    // The counter is bumped just after each decision commits: poll briefly.
    let counted = eventually(Duration::from_secs(5), || async {
        (second.metric_sum("modd_decisions_total").await == 30.0).then_some(())
    })
    .await;
    assert!(
        counted.is_some(),
        "30 decisions counted, saw {}",
        second.metric_sum("modd_decisions_total").await
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn modd_restarted_with_pending_items_decides_them_postgres_redis() {
    let Some(pg) = modd_testkit::postgres_fresh().await else {
        return;
    };
    let Some(prefix) = modd_testkit::RedisPrefix::new() else {
        return;
    };
    restart_story(pg.url(), Some(&prefix)).await;
    prefix.cleanup().await;
    pg.cleanup().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn modd_restarted_with_pending_items_decides_them_sqlite_local() {
    let (_dir, url) = modd_testkit::sqlite_temp().await;
    restart_story(&url, None).await;
}
