//! Batch cases every queue must pass: `next_batch` takes what is ready, up
//! to its bound, without waiting to fill; `ack_batch` settles a batch in one
//! call; a batch held by a dead worker comes back whole.

use modd::queue::JobQueue;
use std::collections::HashSet;
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::VISIBILITY;

const LONG: Duration = Duration::from_secs(3);

pub async fn next_batch_takes_what_is_ready_up_to_its_bound(q: Arc<dyn JobQueue>) {
    let ids: Vec<i64> = (1..=10).collect();
    q.enqueue(&ids).await.unwrap();
    let first = q.next_batch("c1", 4, LONG).await.unwrap();
    assert_eq!(
        first.iter().map(|j| j.item_id).collect::<Vec<_>>(),
        vec![1, 2, 3, 4],
        "oldest first, at most the bound"
    );
    assert!(first.iter().all(|j| j.attempt == 1));
    let rest = q.next_batch("c1", 100, LONG).await.unwrap();
    assert_eq!(rest.len(), 6, "fewer than the bound is not waited for");
    let s = q.stats().await.unwrap();
    assert_eq!((s.depth, s.in_flight), (0, 10));
    q.ack_batch(&first).await.unwrap();
    q.ack_batch(&rest).await.unwrap();
    let s = q.stats().await.unwrap();
    assert_eq!((s.depth, s.in_flight), (0, 0));
    assert!(
        q.next_batch("c1", 10, Duration::from_millis(50))
            .await
            .unwrap()
            .is_empty()
    );
    q.ack_batch(&[]).await.unwrap();
}

pub async fn a_lone_job_is_not_held_back_to_fill_a_batch(q: Arc<dyn JobQueue>) {
    // Let the Redis queue create its group before the timer starts.
    assert!(
        q.next_batch("c1", 64, Duration::from_millis(50))
            .await
            .unwrap()
            .is_empty()
    );
    let waiter = tokio::spawn({
        let q = q.clone();
        async move {
            let start = Instant::now();
            let jobs = q.next_batch("c1", 64, Duration::from_secs(5)).await;
            (jobs, start.elapsed())
        }
    });
    tokio::time::sleep(Duration::from_millis(100)).await;
    q.enqueue(&[77]).await.unwrap();
    let (jobs, took) = waiter.await.unwrap();
    let jobs = jobs.unwrap();
    assert_eq!(jobs.len(), 1);
    assert_eq!(jobs[0].item_id, 77);
    assert!(took < Duration::from_secs(1), "delivered after {took:?}");
}

pub async fn a_batch_mate_settles_alone(q: Arc<dyn JobQueue>) {
    q.enqueue(&[1, 2, 3]).await.unwrap();
    let batch = q.next_batch("c1", 3, LONG).await.unwrap();
    assert_eq!(batch.len(), 3);
    // One fails and is retried, one is dead-lettered, the rest acked together.
    q.retry(&batch[1], Duration::ZERO).await.unwrap();
    q.dead_letter(&batch[2], "bad").await.unwrap();
    q.ack_batch(&batch[..1]).await.unwrap();
    // A late ack of the whole batch does not drop the retried job.
    q.ack_batch(&batch).await.unwrap();
    let again = q.next_batch("c1", 10, LONG).await.unwrap();
    assert_eq!(
        again
            .iter()
            .map(|j| (j.item_id, j.attempt))
            .collect::<Vec<_>>(),
        vec![(2, 2)]
    );
    q.ack_batch(&again).await.unwrap();
    let s = q.stats().await.unwrap();
    assert_eq!(
        (s.depth, s.delayed, s.in_flight, s.dead_letters),
        (0, 0, 0, 1)
    );
}

pub async fn a_dead_workers_batch_is_reclaimed_whole(q: Arc<dyn JobQueue>) {
    let ids: Vec<i64> = (20..30).collect();
    q.enqueue(&ids).await.unwrap();
    let held = q.next_batch("dead-worker", 10, LONG).await.unwrap();
    assert_eq!(held.len(), 10);
    tokio::time::sleep(VISIBILITY).await;
    let deadline = Instant::now() + LONG;
    let mut back = Vec::new();
    while back.len() < 10 {
        back.extend(
            q.next_batch("live", 10, Duration::from_millis(100))
                .await
                .unwrap(),
        );
        assert!(Instant::now() < deadline, "reclaimed only {back:?}");
    }
    let items: HashSet<i64> = back.iter().map(|j| j.item_id).collect();
    assert_eq!(items, ids.iter().copied().collect());
    assert!(back.iter().all(|j| j.attempt == 2), "{back:?}");
    q.ack_batch(&back).await.unwrap();
    let s = q.stats().await.unwrap();
    assert_eq!((s.depth, s.in_flight, s.reclaimed_total), (0, 0, 10));
}
