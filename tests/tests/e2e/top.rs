//! `GET /api/v1/admin/stats` and `modctl top --once` against real daemons:
//! counters move with real traffic and real decisions; the route is admin
//! only but outside the per-key limiter; two replicas sharing a database
//! and Redis are summed, and `?replica=ID` narrows to one.

use modctl::client::Client;
use modd_common::{AnalyseRequest, Role, StatsView};
use modd_testkit::{Db, RedisPrefix, TestDaemon, TestDb, eventually};
use std::process::Command;
use std::time::Duration;

modd_testkit::on_both_backends!(
    stats_count_traffic_and_decisions,
    stats_are_admin_only_and_not_rate_limited,
    cluster_stats_sum_every_replica,
    top_once_prints_a_snapshot
);

fn item(n: usize) -> AnalyseRequest {
    AnalyseRequest {
        external_id: format!("top-{n}"),
        text: Some("a perfectly friendly comment".into()),
        image_url: None,
        image_base64: None,
        content_type: "comment".into(),
        source_app: "forum".into(),
    }
}

fn decided(s: &StatsView, app: &str) -> u64 {
    s.replicas
        .iter()
        .flat_map(|r| &r.decisions)
        .filter(|d| d.source_app == app)
        .map(|d| d.approved + d.flagged + d.blocked)
        .sum()
}

fn route_requests(s: &StatsView, method: &str, route: &str) -> u64 {
    s.replicas
        .iter()
        .flat_map(|r| &r.routes)
        .filter(|x| x.method == method && x.route == route)
        .map(|x| x.requests)
        .sum()
}

async fn stats_count_traffic_and_decisions(db: Db) {
    let Some(db) = TestDb::new(db).await else {
        return;
    };
    let d = TestDaemon::start(&db, &[("MODD_WORKERS", "2")]).await;
    let admin = Client::new(&d.base, Some(d.key(Role::Admin, &[]).await)).unwrap();
    let client = Client::new(&d.base, Some(d.key(Role::Client, &["forum"]).await)).unwrap();
    let before = admin.stats(None).await.unwrap();
    assert_eq!(before.service, "modd");
    assert_eq!(before.replicas.len(), 1);
    assert_eq!(before.answered_by, before.replicas[0].id);
    assert_eq!(before.database.status, "ok");
    assert!(before.database.latency_ms.is_some());
    assert!(before.redis.is_none(), "no REDIS_URL");
    assert_eq!(decided(&before, "forum"), 0);
    for n in 0..5 {
        client.analyse(&item(n)).await.unwrap();
    }
    let after = eventually(Duration::from_secs(30), || async {
        let s = admin.stats(None).await.ok()?;
        (decided(&s, "forum") == 5).then_some(s)
    })
    .await
    .expect("five decisions counted");
    assert_eq!(
        route_requests(&after, "POST", "/api/v1/moderation/analyse"),
        5
    );
    let analyse = after.replicas[0]
        .routes
        .iter()
        .find(|r| r.route == "/api/v1/moderation/analyse")
        .unwrap();
    assert_eq!(analyse.latency.count(), 5);
    assert_eq!(analyse.errors, 0);
    assert_eq!(after.replicas[0].decision_latency.count(), 5);
    // The stats route counts itself, like any other.
    assert!(route_requests(&after, "GET", "/api/v1/admin/stats") >= 2);
    let queue = after.queue.as_ref().expect("queue stats");
    assert_eq!(queue.kind, "local");
    assert!(after.review.is_some());
    let replica = &after.replicas[0];
    assert_eq!(replica.workers_configured, 2);
    assert_eq!(replica.workers_alive, 2);
    assert_eq!(after.workers.len(), 2);
    for w in &after.workers {
        assert!(w.id.starts_with(&format!("{}-", replica.id)), "{}", w.id);
    }
    assert!(replica.db_pool.max > 0);
    assert!(replica.uptime_seconds > 0.0);
    // Narrowed to itself: the same replica; to an unknown one: 404.
    let own = admin.stats(Some(&replica.id)).await.unwrap();
    assert_eq!(own.replica.as_deref(), Some(replica.id.as_str()));
    assert_eq!(own.replicas.len(), 1);
    let missing = admin.stats(Some("nobody-1-0000")).await.unwrap_err();
    assert_eq!(missing.status().map(|s| s.as_u16()), Some(404));
    assert_eq!(missing.code(), Some("not_found"));
    d.shutdown().await;
}

async fn stats_are_admin_only_and_not_rate_limited(db: Db) {
    let Some(db) = TestDb::new(db).await else {
        return;
    };
    // Every key without a limit of its own, and every address, gets 3/min.
    let d = TestDaemon::start(&db, &[("MODD_RATE_LIMIT", "3/min")]).await;
    let admin = Client::new(&d.base, Some(d.key(Role::Admin, &[]).await)).unwrap();
    // A dashboard polling every second is never throttled…
    for _ in 0..6 {
        admin.stats(None).await.expect("stats is not rate limited");
    }
    // …while the same key is limited on the other admin routes.
    let mut limited = false;
    for _ in 0..5 {
        if let Err(e) = admin.queue_stats().await {
            assert_eq!(e.status().map(|s| s.as_u16()), Some(429), "{e}");
            limited = true;
        }
    }
    assert!(limited, "the key's limit still applies elsewhere");
    // Without a valid admin key: 401 / 403, and counted like anywhere else,
    // so the route is no way around the throttling of key guessing.
    let client = Client::new(&d.base, Some(d.key(Role::Client, &["forum"]).await)).unwrap();
    let e = client.stats(None).await.unwrap_err();
    assert_eq!(e.status().map(|s| s.as_u16()), Some(403));
    let anon = Client::new(&d.base, None).unwrap();
    let mut statuses = Vec::new();
    for _ in 0..5 {
        let e = anon.stats(None).await.unwrap_err();
        statuses.push(e.status().map_or(0, |s| s.as_u16()));
    }
    assert_eq!(statuses[0], 401, "{statuses:?}");
    assert!(
        statuses.contains(&429),
        "guessing is throttled: {statuses:?}"
    );
    // Unknown and oversized query parameters: the router tests
    // (`daemon/tests/router/admin.rs`). The route is in the API document.
    let doc: serde_json::Value = anon.get_json(&["openapi.json"]).await.unwrap();
    assert!(
        doc["paths"].get("/api/v1/admin/stats").is_some(),
        "openapi lacks the stats route"
    );
    d.shutdown().await;
}

async fn cluster_stats_sum_every_replica(db: Db) {
    let Some(db) = TestDb::new(db).await else {
        return;
    };
    let Some(redis) = RedisPrefix::new() else {
        return;
    };
    let mut settings = redis.settings().to_vec();
    settings.push(("MODD_WORKERS", "1"));
    let (a, b) = TestDaemon::pair(&db, &settings).await;
    let key = a.key(Role::Admin, &[]).await;
    let admin_a = Client::new(&a.base, Some(key.clone())).unwrap();
    let admin_b = Client::new(&b.base, Some(key)).unwrap();
    let id_a = admin_a.stats(None).await.unwrap().answered_by;
    let id_b = admin_b.stats(None).await.unwrap().answered_by;
    assert_ne!(id_a, id_b);
    let (anon_a, anon_b) = (a.client(None), b.client(None));
    for _ in 0..7 {
        anon_a.info().await.unwrap();
    }
    for _ in 0..3 {
        anon_b.info().await.unwrap();
    }
    // B publishes every second; A's answer sums both.
    let both = eventually(Duration::from_secs(15), || async {
        let s = admin_a.stats(None).await.ok()?;
        (s.replicas.len() == 2 && route_requests(&s, "GET", "/") == 10).then_some(s)
    })
    .await
    .expect("A sees both replicas' traffic");
    let per: Vec<(String, u64)> = both
        .replicas
        .iter()
        .map(|r| {
            let n = r
                .routes
                .iter()
                .filter(|x| x.route == "/")
                .map(|x| x.requests)
                .sum();
            (r.id.clone(), n)
        })
        .collect();
    assert!(per.contains(&(id_a.clone(), 7)), "{per:?}");
    assert!(per.contains(&(id_b.clone(), 3)), "{per:?}");
    let redis_stats = both.redis.as_ref().expect("redis stats");
    assert_eq!(redis_stats.probe.status, "ok");
    assert!(redis_stats.used_memory_bytes.unwrap_or(0) > 0);
    assert_eq!(both.queue.as_ref().map(|q| q.kind.as_str()), Some("redis"));
    // Narrowed from A to B: B's counters and B's worker only.
    let only_b = admin_a.stats(Some(&id_b)).await.unwrap();
    assert_eq!(only_b.replicas.len(), 1);
    assert_eq!(only_b.replicas[0].id, id_b);
    assert_eq!(route_requests(&only_b, "GET", "/"), 3);
    let b_workers = eventually(Duration::from_secs(10), || async {
        let s = admin_a.stats(Some(&id_b)).await.ok()?;
        (!s.workers.is_empty()).then_some(s.workers)
    })
    .await
    .expect("B's worker heartbeat reaches A");
    assert!(
        b_workers
            .iter()
            .all(|w| w.id.starts_with(&format!("{id_b}-"))),
        "{b_workers:?}"
    );
    // A replica that stops withdraws its snapshot.
    b.shutdown().await;
    let alone = eventually(Duration::from_secs(10), || async {
        let s = admin_a.stats(None).await.ok()?;
        (s.replicas.len() == 1).then_some(s)
    })
    .await
    .expect("B drops out");
    assert_eq!(alone.replicas[0].id, id_a);
    a.shutdown().await;
}

fn modctl(base: &str, key: &str, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_modctl-under-test"))
        .args(args)
        .env("MODCTL_URL", base)
        .env("MODCTL_ADMIN_KEY", key)
        .env_remove("DATABASE_URL")
        .output()
        .expect("run modctl")
}

async fn top_once_prints_a_snapshot(db: Db) {
    let Some(db) = TestDb::new(db).await else {
        return;
    };
    let d = TestDaemon::start(&db, &[]).await;
    let key = d.key(Role::Admin, &[]).await;
    let base = d.base.clone();
    let (json, text, no_key) = tokio::task::spawn_blocking(move || {
        let json = modctl(&base, &key, &["top", "--once", "--json"]);
        let text = modctl(&base, &key, &["top", "--once", "--interval", "200ms"]);
        let no_key = Command::new(env!("CARGO_BIN_EXE_modctl-under-test"))
            .args(["top", "--once"])
            .env("MODCTL_URL", &base)
            .env_remove("MODCTL_ADMIN_KEY")
            .output()
            .expect("run modctl");
        (json, text, no_key)
    })
    .await
    .unwrap();
    assert!(json.status.success(), "{json:?}");
    let stats: StatsView = serde_json::from_slice(&json.stdout).expect("stats JSON on stdout");
    assert_eq!(stats.service, "modd");
    assert_eq!(stats.replicas.len(), 1);
    assert!(text.status.success(), "{text:?}");
    let screen = String::from_utf8_lossy(&text.stdout);
    for panel in ["Traffic", "Queue", "Workers", "Decisions", "Dead letters"] {
        assert!(screen.contains(panel), "{panel} missing:\n{screen}");
    }
    assert!(screen.contains("req "), "{screen}");
    assert!(
        !screen.contains("q quit"),
        "--once prints no key legend:\n{screen}"
    );
    assert_eq!(no_key.status.code(), Some(2), "{no_key:?}");
    assert!(String::from_utf8_lossy(&no_key.stderr).contains("MODCTL_ADMIN_KEY"));
    d.shutdown().await;
}
