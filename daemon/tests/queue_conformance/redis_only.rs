//! What only the Redis queue faces: its data vanishing under it (a flush, a
//! restart without persistence). The queue recreates its group and works on;
//! the reconciler (tested in `reconcile.rs`) refills it from the database.

use std::time::Duration;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_queue_recovers_after_its_keys_are_flushed() {
    let Some(prefix) = modd_testkit::RedisPrefix::new() else {
        return;
    };
    let q = super::redis(&prefix);
    q.enqueue(&[1, 2]).await.unwrap();
    let held = q.next("c1", Duration::from_secs(2)).await.unwrap().unwrap();
    prefix.cleanup().await; // everything under the prefix is gone, group included
    // Settling a job whose entry vanished is not an error.
    q.ack(&held).await.unwrap();
    q.retry(&held, Duration::ZERO).await.unwrap();
    assert_eq!(q.stats().await.unwrap().depth, 0);
    // Reading recreates the group; new work flows again.
    assert_eq!(q.next("c1", Duration::from_millis(50)).await.unwrap(), None);
    q.enqueue(&[3]).await.unwrap();
    let job = q.next("c1", Duration::from_secs(2)).await.unwrap().unwrap();
    assert_eq!((job.item_id, job.attempt), (3, 1));
    q.ack(&job).await.unwrap();
    prefix.cleanup().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn enqueue_fails_fast_when_redis_is_unreachable() {
    // A port nothing listens on: connection refused.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let prefix = modd_testkit::RedisPrefix::on(&format!("redis://127.0.0.1:{port}"));
    let q = super::redis(&prefix);
    // Accepting work must not wait on the outage: each enqueue gives up fast
    // (the reconciler enqueues the item once Redis is back).
    for id in 1..=3 {
        let start = std::time::Instant::now();
        assert!(q.enqueue(&[id]).await.is_err());
        assert!(
            start.elapsed() < Duration::from_millis(800),
            "{:?}",
            start.elapsed()
        );
    }
    assert!(q.ping().await.is_err());
    assert!(q.next("c1", Duration::from_millis(50)).await.is_err());
    assert!(q.stats().await.is_err());
}
