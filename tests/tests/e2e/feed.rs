//! The live decision feed (`GET /api/v1/admin/events`): admin-only SSE of
//! automatic decisions, in-process and across replicas through Redis.

use crate::hooks::{next_decision, submit};
use modd_common::{ItemStatus, Role};
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
    let err = d.client(Some(&client)).decision_feed().await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(403), "{err}");
    let err = d.client(None).decision_feed().await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(401), "{err}");
    let mut feed = d.client(Some(&admin)).decision_feed().await.unwrap();
    let id = submit(&d, &client, "forum", "f-1", "you moron").await;
    let (e, frames) = next_decision(&mut feed, Duration::from_secs(20), |e| e.data.id == id).await;
    assert_eq!(e.kind, "moderation.decided");
    assert_eq!(
        (e.data.status, e.data.decided_by.as_str()),
        (ItemStatus::Blocked, "rule")
    );
    assert!(!frames.contains("moron"), "no content on the feed");
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
    let mut feed = a.client(Some(&admin)).decision_feed().await.unwrap();
    // The subscription is set up in the background: submit until one arrives.
    let mut seen = None;
    for n in 0..20 {
        let id = submit(&b, &client, "forum", &format!("x-{n}"), "hello").await;
        let got = tokio::time::timeout(
            Duration::from_secs(1),
            // The outer timeout decides; the inner deadline only bounds the read.
            next_decision(&mut feed, Duration::from_secs(60), |e| {
                e.data.source_app == "forum"
            }),
        )
        .await;
        if let Ok(e) = got {
            seen = Some((id, e));
            break;
        }
    }
    let (_, (e, _)) = seen.expect("a decision from replica b reached the feed on replica a");
    assert_eq!(e.data.status, ItemStatus::Approved);
    a.shutdown().await;
    b.shutdown().await;
    // Pub/sub leaves no keys behind; nothing to clean under the prefix.
}
