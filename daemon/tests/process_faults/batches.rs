//! Batched workers under faults: a worker killed in the middle of a batch's
//! transaction, and one item of a batch that the database refuses.

use super::*;

/// The API process, and the env a worker process of the same deployment takes.
async fn deployment(
    pg: &modd_testkit::PgTestDb,
    prefix: &modd_testkit::RedisPrefix,
    extra: &[(&'static str, &str)],
) -> (modd_testkit::ModdProcess, Vec<(&'static str, String)>) {
    let mut settings = vec![
        ("MODD_QUEUE_VISIBILITY_SECS", "2"),
        ("MODD_WEBHOOK_ALLOW_PRIVATE", "true"),
        ("MODD_WORKER_BATCH", "32"),
    ];
    settings.extend_from_slice(extra);
    let env = deployment_env(pg.url(), prefix, 1, &settings);
    (spawn("serve", &api_only(&env)).await, env)
}

/// Submits `n` items through the API (no worker runs yet, so a worker
/// started next takes them as one batch); returns their ids.
async fn submit_all(api: &modd_testkit::ModdProcess, key: &str, n: usize) -> Vec<i64> {
    let mut ids = Vec::new();
    for i in 0..n {
        let (status, id) = submit(&api.http, &api.base, key, &format!("batch-{i}")).await;
        assert_eq!(status, 200);
        ids.push(id.unwrap());
    }
    ids
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_worker_killed_mid_batch_decides_each_item_once() {
    let Some(pg) = modd_testkit::postgres_fresh().await else {
        return;
    };
    let Some(prefix) = modd_testkit::RedisPrefix::new() else {
        return;
    };
    let store = open_store(pg.url()).await;
    let admin = key(&*store, Role::Admin).await;
    let (api, env) = deployment(&pg, &prefix, &[]).await;
    // A webhook, so each decision also writes an outbox event. Nothing
    // listens on the port: deliveries fail and retry, which is not the point.
    let hook = format!("http://127.0.0.1:{}/hook", modd_testkit::free_port());
    let put = api
        .http
        .put(api.url("/api/v1/admin/apps/forum"))
        .header("X-API-KEY", &admin)
        .json(&serde_json::json!({ "webhook_url": hook }))
        .send()
        .await
        .unwrap();
    assert_eq!(put.status(), 200, "{}", put.text().await.unwrap());
    const N: usize = 20;
    let ids = submit_all(&api, &admin, N).await;

    // Hold decisions at the database: the batch's transaction blocks on its
    // first decision row, after moving items out of pending.
    let mut lock = sqlx::PgConnection::connect(pg.url()).await.unwrap();
    sqlx::query("BEGIN").execute(&mut lock).await.unwrap();
    sqlx::query("LOCK TABLE decisions IN SHARE ROW EXCLUSIVE MODE")
        .execute(&mut lock)
        .await
        .unwrap();
    let mut a = spawn("worker", &env).await;
    let blocked = eventually(Duration::from_secs(15), || async {
        let waiting = modd_testkit::query_i64(
            pg.url(),
            "SELECT COUNT(*) FROM pg_stat_activity \
             WHERE datname = current_database() AND wait_event_type = 'Lock'",
        )
        .await;
        (waiting >= 1).then_some(())
    })
    .await;
    assert!(
        blocked.is_some(),
        "the batch's transaction waits on the lock"
    );
    // The whole batch is in flight with the worker that is about to die.
    let stats: QueueStatsView = api
        .get("/api/v1/admin/queue", Some(&admin))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(stats.in_flight, N as u64, "{stats:?}");
    a.kill().await;
    // As in `a_worker_killed_mid_job_loses_nothing`: end the dead worker's
    // backend, as the server does once it sees the connection gone.
    sqlx::query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
         WHERE datname = current_database() AND pid <> pg_backend_pid() \
         AND wait_event_type = 'Lock'",
    )
    .execute(&mut lock)
    .await
    .unwrap();
    sqlx::query("COMMIT").execute(&mut lock).await.unwrap();
    // The batch rolled back whole: nothing half-decided.
    assert_eq!(count(&*store, ItemStatus::Pending).await, N as i64);
    assert_eq!(decisions(pg.url()).await, 0);

    let b = spawn("worker", &env).await;
    all_decided(&*store, Duration::from_secs(30)).await;
    assert_eq!(count(&*store, ItemStatus::Approved).await, N as i64);
    assert_eq!(decisions(pg.url()).await, N as i64);
    let events = "SELECT COUNT(*) FROM webhook_events";
    assert_eq!(modd_testkit::query_i64(pg.url(), events).await, N as i64);
    for id in &ids {
        let per_item = format!("SELECT COUNT(*) FROM webhook_events WHERE item_id = {id}");
        assert_eq!(modd_testkit::query_i64(pg.url(), &per_item).await, 1);
    }
    let counted = eventually(Duration::from_secs(5), || async {
        (b.metric_sum("modd_decisions_total").await == N as f64).then_some(())
    })
    .await;
    assert!(counted.is_some(), "each decision counted once");
    // Reclaimed as a batch, not one job per read.
    let batches = b.metric_sum("modd_worker_batch_size_count").await;
    assert!(
        (1.0..N as f64).contains(&batches),
        "{batches} batches for {N} items"
    );
    drop((api, b));
    prefix.cleanup().await;
    pg.cleanup().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_item_the_database_refuses_fails_alone() {
    let Some(pg) = modd_testkit::postgres_fresh().await else {
        return;
    };
    let Some(prefix) = modd_testkit::RedisPrefix::new() else {
        return;
    };
    let store = open_store(pg.url()).await;
    let admin = key(&*store, Role::Admin).await;
    let (api, env) = deployment(&pg, &prefix, &[("MODD_MAX_ATTEMPTS", "2")]).await;
    const N: usize = 10;
    let ids = submit_all(&api, &admin, N).await;
    // The database itself refuses one item's decision, inside the batch's
    // transaction: a real failure after other rows of the batch are written.
    let bad = ids[4];
    let mut conn = sqlx::PgConnection::connect(pg.url()).await.unwrap();
    sqlx::query(&format!(
        "CREATE FUNCTION refuse_one() RETURNS trigger AS $$ BEGIN \
         IF NEW.item_id = {bad} THEN RAISE EXCEPTION 'refused by the test'; END IF; \
         RETURN NEW; END $$ LANGUAGE plpgsql"
    ))
    .execute(&mut conn)
    .await
    .unwrap();
    sqlx::query(
        "CREATE TRIGGER refuse_one BEFORE INSERT ON decisions \
         FOR EACH ROW EXECUTE FUNCTION refuse_one()",
    )
    .execute(&mut conn)
    .await
    .unwrap();

    let w = spawn("worker", &env).await;
    let settled = eventually(Duration::from_secs(30), || async {
        (count(&*store, ItemStatus::Error).await == 1).then_some(())
    })
    .await;
    assert!(settled.is_some(), "{:?}", store.count_by_status().await);
    assert_eq!(count(&*store, ItemStatus::Approved).await, N as i64 - 1);
    assert_eq!(count(&*store, ItemStatus::Pending).await, 0);
    assert_eq!(decisions(pg.url()).await, N as i64 - 1);
    let item = store.get_item(bad).await.unwrap().unwrap();
    assert_eq!(item.status, ItemStatus::Error);
    // Dead-lettered alone, after its own attempts.
    let dead: serde_json::Value = api
        .get("/api/v1/admin/queue/dlq", Some(&admin))
        .await
        .json()
        .await
        .unwrap();
    let dead = dead.as_array().cloned().unwrap_or_default();
    assert_eq!(dead.len(), 1, "{dead:?}");
    assert_eq!(dead[0]["item_id"], bad);
    assert_eq!(dead[0]["attempts"], 2);
    drop((api, w));
    prefix.cleanup().await;
    pg.cleanup().await;
}
