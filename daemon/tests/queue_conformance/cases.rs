//! Delivery, retry, reclaim and dead-letter cases every queue must pass.

use modd::observe::traces::TraceParent;
use modd::queue::{Job, JobQueue};
use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::VISIBILITY;

const SHORT: Duration = Duration::from_millis(50);
const LONG: Duration = Duration::from_secs(3);

async fn take(q: &dyn JobQueue, consumer: &str) -> Job {
    q.next(consumer, LONG).await.unwrap().expect("a job")
}

pub async fn enqueue_dedups_and_delivers_in_order(q: Arc<dyn JobQueue>) {
    q.enqueue(&[1, 2, 1]).await.unwrap();
    q.enqueue(&[]).await.unwrap();
    assert_eq!(q.stats().await.unwrap().depth, 2);
    let a = take(&*q, "c1").await;
    assert_eq!((a.item_id, a.attempt), (1, 1));
    assert!(!a.token.is_empty());
    q.enqueue(&[1]).await.unwrap(); // in flight: not added again
    let s = q.stats().await.unwrap();
    assert_eq!((s.depth, s.in_flight), (1, 1));
    let b = take(&*q, "c1").await;
    assert_eq!((b.item_id, b.attempt), (2, 1));
    q.ack(&a).await.unwrap();
    q.ack(&b).await.unwrap();
    assert_eq!(q.next("c1", SHORT).await.unwrap(), None);
    let s = q.stats().await.unwrap();
    assert_eq!((s.depth, s.in_flight, s.delayed), (0, 0, 0));
    // Acknowledged ids may be queued again (a later retry from the DLQ).
    q.enqueue(&[1]).await.unwrap();
    assert_eq!(take(&*q, "c1").await.item_id, 1);
}

pub async fn retry_waits_and_counts_the_attempt(q: Arc<dyn JobQueue>) {
    q.enqueue(&[7]).await.unwrap();
    let first = take(&*q, "c1").await;
    q.retry(&first, Duration::from_millis(600)).await.unwrap();
    let s = q.stats().await.unwrap();
    assert_eq!((s.delayed, s.in_flight, s.retries_total), (1, 0, 1));
    q.enqueue(&[7]).await.unwrap(); // delayed: not added again
    assert_eq!(q.stats().await.unwrap().depth, 0);
    let start = Instant::now();
    assert_eq!(
        q.next("c1", Duration::from_millis(100)).await.unwrap(),
        None
    );
    let again = take(&*q, "c1").await;
    assert!(
        start.elapsed() >= Duration::from_millis(450),
        "{:?}",
        start.elapsed()
    );
    assert_eq!((again.item_id, again.attempt), (7, 2));
    q.ack(&again).await.unwrap();
    assert_eq!(q.next("c1", SHORT).await.unwrap(), None);
}

/// The trace context a job was enqueued with reaches the worker and stays
/// with it through a retry and a reclaim; an untraced job carries none.
pub async fn the_trace_context_rides_with_the_job(q: Arc<dyn JobQueue>) {
    let trace = TraceParent::parse("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
        .expect("a valid traceparent");
    q.enqueue_traced(&[11], Some(&trace)).await.unwrap();
    q.enqueue(&[12]).await.unwrap();
    let traced = take(&*q, "c1").await;
    assert_eq!((traced.item_id, traced.trace.as_ref()), (11, Some(&trace)));
    let untraced = take(&*q, "c1").await;
    assert_eq!((untraced.item_id, untraced.trace.as_ref()), (12, None));
    q.ack(&untraced).await.unwrap();
    q.retry(&traced, Duration::from_millis(50)).await.unwrap();
    let retried = take(&*q, "c1").await;
    assert_eq!((retried.attempt, retried.trace.as_ref()), (2, Some(&trace)));
    // Held past the visibility timeout by a worker that died.
    tokio::time::sleep(VISIBILITY).await;
    let reclaimed = take(&*q, "c2").await;
    assert_eq!(
        (
            reclaimed.item_id,
            reclaimed.attempt,
            reclaimed.trace.as_ref()
        ),
        (11, 3, Some(&trace))
    );
    q.ack(&reclaimed).await.unwrap();
}

pub async fn a_held_job_is_reclaimed_after_the_visibility_timeout(q: Arc<dyn JobQueue>) {
    q.enqueue(&[5]).await.unwrap();
    let held = take(&*q, "dead-worker").await;
    assert_eq!(held.attempt, 1);
    // Not before the timeout...
    assert_eq!(q.next("live", SHORT).await.unwrap(), None);
    tokio::time::sleep(VISIBILITY).await;
    // ...then another consumer gets it, one attempt later.
    let deadline = Instant::now() + LONG;
    let reclaimed = loop {
        if let Some(job) = q.next("live", Duration::from_millis(100)).await.unwrap() {
            break job;
        }
        assert!(Instant::now() < deadline, "never reclaimed");
    };
    assert_eq!((reclaimed.item_id, reclaimed.attempt), (5, 2));
    let s = q.stats().await.unwrap();
    assert_eq!((s.in_flight, s.reclaimed_total), (1, 1));
    q.enqueue(&[5]).await.unwrap(); // still held: not doubled
    q.ack(&reclaimed).await.unwrap();
    let s = q.stats().await.unwrap();
    assert_eq!((s.depth, s.in_flight), (0, 0));
}

pub async fn dead_letters_can_be_listed_shown_deleted_and_purged(q: Arc<dyn JobQueue>) {
    q.enqueue(&[10, 11, 12]).await.unwrap();
    for reason in ["first", "second", "third"] {
        let job = take(&*q, "c1").await;
        q.dead_letter(&job, reason).await.unwrap();
    }
    let s = q.stats().await.unwrap();
    assert_eq!(
        (s.dead_letters, s.dead_lettered_total, s.in_flight),
        (3, 3, 0)
    );
    let all = q.dlq_list(None, 10).await.unwrap();
    let items: Vec<i64> = all.iter().map(|d| d.item_id).collect();
    assert_eq!(items, vec![10, 11, 12]);
    assert_eq!(all[0].reason, "first");
    assert_eq!(all[0].attempts, 1);
    assert!((chrono::Utc::now() - all[0].failed_at).num_seconds() < 60);
    // Paging.
    let page = q.dlq_list(Some(&all[0].id), 1).await.unwrap();
    assert_eq!(page, vec![all[1].clone()]);
    assert!(q.dlq_list(Some(&all[2].id), 10).await.unwrap().is_empty());
    // Show, and ids that are not there or not ids at all.
    assert_eq!(q.dlq_get(&all[1].id).await.unwrap(), Some(all[1].clone()));
    for missing in ["1-1", "garbage", "", "99999999999999-0", "+", "-"] {
        assert_eq!(q.dlq_get(missing).await.unwrap(), None, "{missing:?}");
        assert!(!q.dlq_delete(missing).await.unwrap(), "{missing:?}");
    }
    // A dead-lettered id is no longer held: it may be queued again.
    q.enqueue(&[10]).await.unwrap();
    assert_eq!(q.stats().await.unwrap().depth, 1);
    assert!(q.dlq_delete(&all[0].id).await.unwrap());
    assert!(!q.dlq_delete(&all[0].id).await.unwrap());
    assert_eq!(q.dlq_purge().await.unwrap(), 2);
    assert_eq!(q.dlq_purge().await.unwrap(), 0);
    assert!(q.dlq_list(None, 10).await.unwrap().is_empty());
}

pub async fn settling_twice_does_nothing(q: Arc<dyn JobQueue>) {
    q.enqueue(&[3]).await.unwrap();
    let job = take(&*q, "c1").await;
    q.ack(&job).await.unwrap();
    // A late retry or dead letter for a job already settled is ignored.
    q.retry(&job, Duration::ZERO).await.unwrap();
    q.dead_letter(&job, "late").await.unwrap();
    q.ack(&job).await.unwrap();
    let s = q.stats().await.unwrap();
    assert_eq!(
        (s.depth, s.delayed, s.in_flight, s.dead_letters),
        (0, 0, 0, 0)
    );
    assert_eq!(q.next("c1", SHORT).await.unwrap(), None);
}

pub async fn a_waiting_consumer_wakes_on_enqueue(q: Arc<dyn JobQueue>) {
    // Let the Redis queue create its group before the timer starts.
    assert_eq!(q.next("waiter", SHORT).await.unwrap(), None);
    let waiter = tokio::spawn({
        let q = q.clone();
        async move {
            let start = Instant::now();
            (
                q.next("waiter", Duration::from_secs(5)).await,
                start.elapsed(),
            )
        }
    });
    tokio::time::sleep(Duration::from_millis(100)).await;
    q.enqueue(&[42]).await.unwrap();
    let (job, took) = waiter.await.unwrap();
    assert_eq!(job.unwrap().unwrap().item_id, 42);
    assert!(took < Duration::from_secs(2), "woke after {took:?}");
}

pub async fn concurrent_consumers_get_each_job_once(q: Arc<dyn JobQueue>) {
    let ids: Vec<i64> = (1..=300).collect();
    q.enqueue(&ids).await.unwrap();
    let mut tasks = Vec::new();
    for c in 0..4 {
        let q = q.clone();
        tasks.push(tokio::spawn(async move {
            let mut got = Vec::new();
            while let Some(job) = q
                .next(&format!("c{c}"), Duration::from_millis(200))
                .await
                .unwrap()
            {
                got.push(job.item_id);
                q.ack(&job).await.unwrap();
            }
            got
        }));
    }
    let mut seen: HashMap<i64, u32> = HashMap::new();
    for t in tasks {
        for id in t.await.unwrap() {
            *seen.entry(id).or_default() += 1;
        }
    }
    assert_eq!(seen.len(), 300);
    assert!(seen.values().all(|&n| n == 1));
}

pub async fn ping_answers(q: Arc<dyn JobQueue>) {
    q.ping().await.unwrap();
    assert!(["local", "redis"].contains(&q.kind()));
}
