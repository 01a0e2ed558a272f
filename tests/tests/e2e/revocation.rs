//! A revoked key stops on every replica within 2 seconds: with Redis (pub/sub
//! invalidation, immediate) and without (the 1 s cache TTL).

use modd_common::Role;
use modd_testkit::{Db, RedisPrefix, TestDaemon, TestDb, eventually};
use reqwest::StatusCode;
use std::time::{Duration, Instant};

modd_testkit::on_both_backends!(
    revocation_reaches_the_other_replica_through_redis,
    revocation_reaches_the_other_replica_without_redis,
);

async fn status(d: &TestDaemon, key: &str) -> StatusCode {
    match d.client(Some(key)).whoami().await {
        Ok(_) => StatusCode::OK,
        Err(e) => e.status().unwrap_or_else(|| panic!("no answer: {e}")),
    }
}

/// Revokes through replica `a`; returns how long `b` kept accepting the key.
async fn revoke_and_time(a: &TestDaemon, b: &TestDaemon) -> Duration {
    let admin = a.key(Role::Admin, &[]).await;
    let (id, key) = a.key_with(modd_testkit::KeySpec::default()).await;
    // Both replicas have the key cached as valid.
    assert_eq!(status(a, &key).await, StatusCode::OK);
    assert_eq!(status(b, &key).await, StatusCode::OK);
    a.client(Some(&admin)).revoke_key(id).await.unwrap();
    let start = Instant::now();
    assert_eq!(
        status(a, &key).await,
        StatusCode::UNAUTHORIZED,
        "at once on the revoking replica"
    );
    eventually(Duration::from_secs(3), || async {
        (status(b, &key).await == StatusCode::UNAUTHORIZED).then_some(())
    })
    .await
    .expect("the other replica refuses the key");
    start.elapsed()
}

async fn revocation_reaches_the_other_replica_through_redis(db: Db) {
    let Some(db) = TestDb::new(db).await else {
        return;
    };
    let Some(redis) = RedisPrefix::new() else {
        return;
    };
    let [r, p] = redis.settings();
    let (a, b) = TestDaemon::pair(&db, &[r, p, ("MODD_WORKERS", "0")]).await;
    // Wait until b's listener is subscribed, so the test measures pub/sub
    // rather than the TTL: publish and count subscribers.
    let client = redis::Client::open(redis.url.as_str()).unwrap();
    let mut conn = client.get_multiplexed_async_connection().await.unwrap();
    let channel = format!("{}{}", redis.prefix, modd::auth::CHANNEL);
    eventually(Duration::from_secs(5), || {
        let mut conn = conn.clone();
        let channel = channel.clone();
        async move {
            let n: i64 = redis::cmd("PUBSUB")
                .arg("NUMSUB")
                .arg(&channel)
                .query_async::<(String, i64)>(&mut conn)
                .await
                .ok()?
                .1;
            (n >= 2).then_some(())
        }
    })
    .await
    .expect("both replicas subscribed");
    let _ = &mut conn;
    let took = revoke_and_time(&a, &b).await;
    assert!(took < Duration::from_secs(2), "{took:?}");
    a.shutdown().await;
    b.shutdown().await;
}

async fn revocation_reaches_the_other_replica_without_redis(db: Db) {
    let Some(db) = TestDb::new(db).await else {
        return;
    };
    let (a, b) = TestDaemon::pair(&db, &[("MODD_WORKERS", "0")]).await;
    let took = revoke_and_time(&a, &b).await;
    assert!(took < Duration::from_secs(2), "{took:?}");
    a.shutdown().await;
    b.shutdown().await;
}
