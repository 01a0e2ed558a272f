//! The live decision feed (`GET /api/v1/admin/events`): admin-only SSE of
//! automatic decisions, in-process and across replicas through Redis.

use crate::hooks::{next_decision, submit};
use modd_common::Role;
use modd_testkit::{Db, TestDaemon, TestDb};
use std::time::Duration;

modd_testkit::on_both_backends!(automatic_decisions_reach_the_feed);

async fn automatic_decisions_reach_the_feed(db: Db) {
    let Some(db) = TestDb::new(db).await else {
        return;
    };
    let d = TestDaemon::start(&db, &[]).await;
    let admin = d.key(Role::Admin, &[]).await;
    let client = d.key(Role::Client, &[]).await;
    let res = d
        .http
        .get(d.url("/api/v1/admin/events"))
        .header("X-API-KEY", &client)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    let res = d
        .http
        .get(d.url("/api/v1/admin/events"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
    let mut feed = d
        .http
        .get(d.url("/api/v1/admin/events"))
        .header("X-API-KEY", &admin)
        .send()
        .await
        .unwrap();
    assert_eq!(feed.status(), 200);
    let id = submit(&d, &client, "forum", "f-1", "you moron").await;
    let mut buf = String::new();
    let e = next_decision(&mut feed, &mut buf, Duration::from_secs(20), |e| {
        e["data"]["id"] == id
    })
    .await;
    assert_eq!(e["type"], "moderation.decided");
    assert_eq!(
        (
            e["data"]["status"].as_str(),
            e["data"]["decided_by"].as_str()
        ),
        (Some("blocked"), Some("rule"))
    );
    assert!(
        !buf.contains("moron") && !e.to_string().contains("moron"),
        "no content on the feed"
    );
    d.shutdown().await;
}

/// Two replicas sharing Redis (each with its own database, to show the
/// event travels through Redis, not the database): a dashboard on one sees
/// decisions made on the other.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_feed_on_one_replica_sees_decisions_made_on_another() {
    let Some(redis) = modd_testkit::redis_url() else {
        return;
    };
    let prefix = format!("test:{}:", uuid::Uuid::new_v4().simple());
    let settings = [
        ("REDIS_URL", redis.as_str()),
        ("MODD_REDIS_PREFIX", prefix.as_str()),
    ];
    let (db_a, db_b) = (
        TestDb::new(Db::Sqlite).await.unwrap(),
        TestDb::new(Db::Sqlite).await.unwrap(),
    );
    let a = TestDaemon::start(&db_a, &settings).await;
    let b = TestDaemon::start(&db_b, &settings).await;
    let admin = a.key(Role::Admin, &[]).await;
    let client = b.key(Role::Client, &[]).await;
    let mut feed = a
        .http
        .get(a.url("/api/v1/admin/events"))
        .header("X-API-KEY", &admin)
        .send()
        .await
        .unwrap();
    assert_eq!(feed.status(), 200);
    // The subscription is set up in the background: submit until one arrives.
    let mut buf = String::new();
    let mut seen = None;
    for n in 0..20 {
        let id = submit(&b, &client, "forum", &format!("x-{n}"), "hello").await;
        let got = tokio::time::timeout(
            Duration::from_secs(1),
            // The outer timeout decides; the inner deadline only bounds the read.
            next_decision(&mut feed, &mut buf, Duration::from_secs(60), |e| {
                e["data"]["source_app"] == "forum"
            }),
        )
        .await;
        if let Ok(e) = got {
            seen = Some((id, e));
            break;
        }
    }
    let (_, e) = seen.expect("a decision from replica b reached the feed on replica a");
    assert_eq!(e["data"]["status"], "approved");
    a.shutdown().await;
    b.shutdown().await;
    // Pub/sub leaves no keys behind; nothing to clean under the prefix.
}
