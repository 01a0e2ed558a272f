//! The in-process queue of the embedded default. It holds ids only; at start
//! and periodically the reconciler feeds it from the database, so a restart
//! loses nothing.

use async_trait::async_trait;
use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};
use std::sync::Mutex;
use std::time::Duration;
use tokio::sync::Notify;
use tokio::time::Instant;

use super::{Job, JobQueue, QueueError, QueueStats};

#[derive(Default)]
struct State {
    ready: VecDeque<Job>,
    /// Retries waiting for their time, by due instant.
    delayed: BTreeMap<(Instant, i64), Job>,
    /// Every id that is ready, delayed or in flight: enqueue skips these.
    known: HashSet<i64>,
    in_flight: HashMap<i64, Job>,
}

/// A FIFO queue in process memory.
#[derive(Default)]
pub struct LocalQueue {
    state: Mutex<State>,
    notify: Notify,
}

impl LocalQueue {
    pub fn new() -> Self {
        Self::default()
    }

    fn lock(&self) -> Result<std::sync::MutexGuard<'_, State>, QueueError> {
        self.state
            .lock()
            .map_err(|_| QueueError::Unavailable("queue state poisoned".into()))
    }

    /// Pops a ready job, promoting due retries first. Also returns when the
    /// next delayed job falls due, so `next` can sleep just that long.
    fn take(&self) -> Result<(Option<Job>, Option<Instant>), QueueError> {
        let mut s = self.lock()?;
        let now = Instant::now();
        while let Some((&(due, id), _)) = s.delayed.iter().next() {
            if due > now {
                break;
            }
            if let Some(job) = s.delayed.remove(&(due, id)) {
                s.ready.push_back(job);
            }
        }
        let job = s.ready.pop_front();
        if let Some(job) = &job {
            s.in_flight.insert(job.item_id, job.clone());
        }
        let next_due = s.delayed.keys().next().map(|(due, _)| *due);
        Ok((job, next_due))
    }
}

#[async_trait]
impl JobQueue for LocalQueue {
    fn kind(&self) -> &'static str {
        "local"
    }

    async fn enqueue(&self, item_ids: &[i64]) -> Result<(), QueueError> {
        let mut added = 0;
        {
            let mut s = self.lock()?;
            for &id in item_ids {
                if s.known.insert(id) {
                    s.ready.push_back(Job {
                        item_id: id,
                        attempt: 1,
                    });
                    added += 1;
                }
            }
        }
        for _ in 0..added {
            self.notify.notify_one();
        }
        Ok(())
    }

    async fn next(&self, wait: Duration) -> Result<Option<Job>, QueueError> {
        let deadline = Instant::now() + wait;
        loop {
            let notified = self.notify.notified();
            let (job, next_due) = self.take()?;
            if job.is_some() {
                return Ok(job);
            }
            let wake = next_due.map_or(deadline, |d| d.min(deadline));
            if tokio::time::timeout_at(wake, notified).await.is_err() && Instant::now() >= deadline
            {
                return Ok(None);
            }
        }
    }

    async fn ack(&self, job: &Job) -> Result<(), QueueError> {
        let mut s = self.lock()?;
        s.in_flight.remove(&job.item_id);
        s.known.remove(&job.item_id);
        Ok(())
    }

    async fn retry(&self, job: &Job, delay: Duration) -> Result<(), QueueError> {
        let mut s = self.lock()?;
        s.in_flight.remove(&job.item_id);
        let next = Job {
            item_id: job.item_id,
            attempt: job.attempt + 1,
        };
        s.delayed
            .insert((Instant::now() + delay, job.item_id), next);
        drop(s);
        self.notify.notify_one();
        Ok(())
    }

    async fn stats(&self) -> Result<QueueStats, QueueError> {
        let s = self.lock()?;
        Ok(QueueStats {
            depth: (s.ready.len() + s.delayed.len()) as u64,
            in_flight: s.in_flight.len() as u64,
        })
    }

    async fn ping(&self) -> Result<(), QueueError> {
        self.lock().map(|_| ())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn fifo_dedup_ack_and_retry() {
        let q = LocalQueue::new();
        q.enqueue(&[1, 2, 1]).await.unwrap();
        assert_eq!(q.stats().await.unwrap().depth, 2);
        let a = q.next(Duration::from_millis(10)).await.unwrap().unwrap();
        assert_eq!(
            a,
            Job {
                item_id: 1,
                attempt: 1
            }
        );
        q.enqueue(&[1]).await.unwrap(); // in flight: not added again
        assert_eq!(
            q.stats().await.unwrap(),
            QueueStats {
                depth: 1,
                in_flight: 1
            }
        );
        q.retry(&a, Duration::from_millis(30)).await.unwrap();
        let b = q.next(Duration::from_millis(10)).await.unwrap().unwrap();
        assert_eq!(b.item_id, 2);
        q.ack(&b).await.unwrap();
        let again = q.next(Duration::from_secs(2)).await.unwrap().unwrap();
        assert_eq!(
            again,
            Job {
                item_id: 1,
                attempt: 2
            }
        );
        q.ack(&again).await.unwrap();
        assert_eq!(q.next(Duration::from_millis(10)).await.unwrap(), None);
        assert_eq!(q.stats().await.unwrap(), QueueStats::default());
    }

    #[tokio::test]
    async fn a_waiting_worker_wakes_on_enqueue() {
        let q = std::sync::Arc::new(LocalQueue::new());
        let waiter = tokio::spawn({
            let q = q.clone();
            async move { q.next(Duration::from_secs(5)).await }
        });
        tokio::time::sleep(Duration::from_millis(20)).await;
        q.enqueue(&[7]).await.unwrap();
        let job = waiter.await.unwrap().unwrap().unwrap();
        assert_eq!(job.item_id, 7);
    }
}
