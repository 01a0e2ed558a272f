//! The queue through a real daemon, on both databases and both queues:
//! failing jobs are retried then dead-lettered with their item in `error`;
//! the admin API lists, shows, retries and purges dead letters; heartbeats
//! and queue metrics are visible; a dead Redis does not stop intake.

use modctl::client::Client;
use modd_common::{AnalyseRequest, ItemStatus, Role};
use modd_testkit::{Db, TestDaemon, TestDb, eventually};
use std::time::Duration;

modd_testkit::on_both_backends!(
    failing_jobs_are_dead_lettered_and_retried_local,
    failing_jobs_are_dead_lettered_and_retried_redis,
    a_policy_that_cannot_apply_is_dead_lettered_at_once_local,
    a_policy_that_cannot_apply_is_dead_lettered_at_once_redis,
    intake_survives_a_dead_redis
);

/// Makes every decision insert fail inside the database itself (a real
/// failure of the real store, not a mock).
async fn break_decisions(db: &TestDb) {
    let sql = if db.url.starts_with("sqlite:") {
        "CREATE TRIGGER fail_decisions BEFORE INSERT ON decisions \
         BEGIN SELECT RAISE(ABORT, 'injected failure'); END"
    } else {
        "CREATE FUNCTION fail_decisions() RETURNS trigger LANGUAGE plpgsql AS \
         $$ BEGIN RAISE EXCEPTION 'injected failure'; END $$; \
         CREATE TRIGGER fail_decisions BEFORE INSERT ON decisions \
         FOR EACH ROW EXECUTE FUNCTION fail_decisions()"
    };
    modd_testkit::execute_raw(&db.url, sql).await;
}

async fn repair_decisions(db: &TestDb) {
    let sql = if db.url.starts_with("sqlite:") {
        "DROP TRIGGER fail_decisions"
    } else {
        "DROP TRIGGER fail_decisions ON decisions; DROP FUNCTION fail_decisions()"
    };
    modd_testkit::execute_raw(&db.url, sql).await;
}

fn request(external_id: &str) -> AnalyseRequest {
    AnalyseRequest {
        external_id: external_id.into(),
        text: Some("hello there".into()),
        image_url: None,
        image_base64: None,
        content_type: "comment".into(),
        source_app: "forum".into(),
    }
}

/// A daemon with one worker on `db`, on Redis or the in-process queue,
/// with an admin and a client. `None` when a service is missing (and not required).
struct Setup {
    db: TestDb,
    prefix: Option<modd_testkit::RedisPrefix>,
    d: TestDaemon,
    admin: Client,
    client: Client,
}

impl Setup {
    async fn start(db: Db, redis: bool, max_attempts: &str) -> Option<Self> {
        let db = TestDb::new(db).await?;
        let prefix = if redis {
            Some(modd_testkit::RedisPrefix::new()?)
        } else {
            None
        };
        let mut extra = vec![("MODD_WORKERS", "1"), ("MODD_MAX_ATTEMPTS", max_attempts)];
        if let Some(p) = &prefix {
            extra.push(("REDIS_URL", p.url.as_str()));
            extra.push(("MODD_REDIS_PREFIX", p.prefix.as_str()));
        }
        let d = TestDaemon::start(&db, &extra).await;
        let admin = Client::new(&d.base, Some(d.key(Role::Admin, &[]).await)).unwrap();
        let client = Client::new(&d.base, Some(d.key(Role::Client, &[]).await)).unwrap();
        Some(Self {
            db,
            prefix,
            d,
            admin,
            client,
        })
    }
}

async fn status_becomes(d: &TestDaemon, id: i64, want: ItemStatus) {
    let got = eventually(Duration::from_secs(30), || async {
        let item = d.store.get_item(id).await.ok()??;
        (item.status == want).then_some(())
    })
    .await;
    assert!(
        got.is_some(),
        "item {id} never became {want}: {:?}",
        d.store.get_item(id).await
    );
}

async fn a_policy_that_cannot_apply_is_dead_lettered_at_once_local(db: Db) {
    permanent_failure_story(db, false).await;
}

async fn a_policy_that_cannot_apply_is_dead_lettered_at_once_redis(db: Db) {
    permanent_failure_story(db, true).await;
}

/// A stored policy no version of the code can read: retrying cannot help,
/// so the first failure dead-letters the job with its reason (with five
/// attempts allowed, a retried job would wait seconds between them).
async fn permanent_failure_story(db: Db, redis: bool) {
    let Some(Setup {
        db,
        prefix,
        d,
        admin,
        client,
    }) = Setup::start(db, redis, "5").await
    else {
        return;
    };
    let now = if db.url.starts_with("sqlite:") {
        "'2026-01-01T00:00:00Z'"
    } else {
        "now()"
    };
    modd_testkit::execute_raw(
        &db.url,
        &format!(
            "INSERT INTO policies (source_app, version, document, created_at) \
             VALUES ('forum', 1, '{{\"no_such_rule\": 1}}', {now})"
        ),
    )
    .await;
    let a = client.analyse(&request("a")).await.unwrap().id;
    status_becomes(&d, a, ItemStatus::Error).await;
    let reason = d.store.get_item(a).await.unwrap().unwrap().error.unwrap();
    assert!(
        reason.starts_with("permanent failure: stored policy of forum is invalid"),
        "{reason}"
    );
    let list = admin.dlq_list(None, 100).await.unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!((list[0].item_id, list[0].attempts), (a, 1), "not retried");
    assert_eq!(list[0].reason, reason);
    assert_eq!(admin.queue_stats().await.unwrap().retries_total, 0);
    d.shutdown().await;
    if let Some(p) = prefix {
        p.cleanup().await;
    }
}

async fn failing_jobs_are_dead_lettered_and_retried_local(db: Db) {
    dead_letter_story(db, false).await;
}

async fn failing_jobs_are_dead_lettered_and_retried_redis(db: Db) {
    dead_letter_story(db, true).await;
}

async fn dead_letter_story(db: Db, redis: bool) {
    let Some(Setup {
        db,
        prefix,
        d,
        admin,
        client,
    }) = Setup::start(db, redis, "2").await
    else {
        return;
    };

    // Two attempts fail; the item ends in `error` with the reason, and the
    // job in the dead-letter queue.
    break_decisions(&db).await;
    let a = client.analyse(&request("a")).await.unwrap().id;
    status_becomes(&d, a, ItemStatus::Error).await;
    let item = d.store.get_item(a).await.unwrap().unwrap();
    let reason = item.error.unwrap();
    assert!(reason.starts_with("failed after 2 attempts"), "{reason}");
    let stats = admin.queue_stats().await.unwrap();
    assert_eq!(stats.kind, if redis { "redis" } else { "local" });
    assert_eq!((stats.dead_letters, stats.in_flight), (1, 0));
    assert!(stats.retries_total >= 1 && stats.dead_lettered_total >= 1);
    let list = admin.dlq_list(None, 100).await.unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!((list[0].item_id, list[0].attempts), (a, 2));
    assert_eq!(admin.dlq_show(&list[0].id).await.unwrap(), list[0]);
    for missing in ["1-0", "not-an-id"] {
        let err = admin.dlq_show(missing).await.unwrap_err();
        assert_eq!(err.code(), Some("not_found"), "{missing}");
    }
    let err = admin.dlq_list(Some("bad"), 10).await.unwrap_err();
    assert_eq!(err.code(), Some("validation_failed"));
    // Clients may not touch the queue.
    assert_eq!(
        client.queue_stats().await.unwrap_err().code(),
        Some("forbidden")
    );
    assert_eq!(
        client.dlq_purge().await.unwrap_err().code(),
        Some("forbidden")
    );

    // Fixed: a retry decides it, and removes the dead letter.
    repair_decisions(&db).await;
    let retried = admin.dlq_retry(&list[0].id).await.unwrap();
    assert!(retried.requeued);
    status_becomes(&d, a, ItemStatus::Approved).await;
    assert!(admin.dlq_list(None, 100).await.unwrap().is_empty());
    let err = admin.dlq_retry(&list[0].id).await.unwrap_err();
    assert_eq!(err.code(), Some("not_found"));

    // Retry all; then purge.
    break_decisions(&db).await;
    let b = client.analyse(&request("b")).await.unwrap().id;
    let c = client.analyse(&request("c")).await.unwrap().id;
    status_becomes(&d, b, ItemStatus::Error).await;
    status_becomes(&d, c, ItemStatus::Error).await;
    repair_decisions(&db).await;
    let all = admin.dlq_retry_all().await.unwrap();
    assert_eq!((all.requeued, all.dropped), (2, 0));
    status_becomes(&d, b, ItemStatus::Approved).await;
    status_becomes(&d, c, ItemStatus::Approved).await;
    break_decisions(&db).await;
    let e = client.analyse(&request("e")).await.unwrap().id;
    status_becomes(&d, e, ItemStatus::Error).await;
    assert_eq!(admin.dlq_purge().await.unwrap().purged, 1);
    assert_eq!(admin.queue_stats().await.unwrap().dead_letters, 0);
    assert_eq!(
        d.store.get_item(e).await.unwrap().unwrap().status,
        ItemStatus::Error,
        "a purge does not touch items"
    );
    repair_decisions(&db).await;

    // Operator actions are audit-logged.
    let actions: Vec<String> = d
        .store
        .list_audit(50)
        .await
        .unwrap()
        .into_iter()
        .map(|a| a.action)
        .collect();
    for action in ["queue.dlq.retry", "queue.dlq.retry_all", "queue.dlq.purge"] {
        assert!(
            actions.iter().any(|a| a == action),
            "{action} in {actions:?}"
        );
    }

    // Heartbeats and metrics.
    let workers = admin.workers().await.unwrap();
    assert_eq!(workers.len(), 1, "{workers:?}");
    assert_eq!(workers[0].pid, std::process::id());
    assert!(workers[0].jobs_done >= 6, "{workers:?}");
    let metrics = admin.metrics().await.unwrap();
    for needle in [
        "modd_queue_depth",
        "modd_queue_in_flight",
        "modd_queue_delayed",
        "modd_queue_dead_letters",
        "modd_queue_retries_total",
        "modd_queue_dead_lettered_total",
        "modd_queue_oldest_pending_seconds",
        "modd_worker_jobs_total{worker=\"0\"}",
        "modd_accept_to_decision_seconds_bucket{source_app=\"forum\"",
    ] {
        assert!(metrics.contains(needle), "{needle} missing from /metrics");
    }
    d.shutdown().await;
    if let Some(p) = prefix {
        p.cleanup().await;
    }
}

async fn intake_survives_a_dead_redis(db: Db) {
    let Some(db) = TestDb::new(db).await else {
        return;
    };
    // Nothing listens on port 1: every enqueue fails.
    let d = TestDaemon::start(
        &db,
        &[("MODD_WORKERS", "1"), ("REDIS_URL", "redis://127.0.0.1:1")],
    )
    .await;
    let client = Client::new(&d.base, Some(d.key(Role::Client, &[]).await)).unwrap();
    let started = std::time::Instant::now();
    for i in 0..5 {
        let res = client.analyse(&request(&format!("r-{i}"))).await.unwrap();
        assert_eq!(res.status, ItemStatus::Pending);
    }
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "accepting slowed by the outage: {:?}",
        started.elapsed()
    );
    let counts = d.store.count_by_status().await.unwrap();
    assert_eq!(counts[&ItemStatus::Pending], 5, "stored, waiting for Redis");
    let ready = client.ready().await.unwrap();
    assert_eq!(ready.status, "degraded");
    d.shutdown().await;
}
