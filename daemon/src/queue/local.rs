//! The in-process queue of the embedded default. It holds ids only; at start
//! and periodically the reconciler feeds it from the database, so a restart
//! loses nothing. It mirrors the Redis queue's semantics (delivery tokens,
//! visibility timeout, dead letters) so both pass one conformance suite.

use async_trait::async_trait;
use chrono::Utc;
use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};
use std::sync::Mutex;
use std::time::Duration;
use tokio::sync::Notify;
use tokio::time::Instant;

use super::{DeadLetter, Job, JobQueue, QueueError, QueueOptions, QueueStats};
use crate::observe::traces::TraceParent;

struct Held {
    attempt: u32,
    token: String,
    since: Instant,
}

#[derive(Default)]
struct State {
    /// (item, attempt, token), in delivery order. The token names the
    /// entry, like a stream id: a reclaimed job keeps it, a retry gets a new one.
    ready: VecDeque<(i64, u32, String)>,
    /// Retries waiting for their time: (due, item) → (attempt, token).
    delayed: BTreeMap<(Instant, i64), (u32, String)>,
    /// Every id that is ready, delayed or in flight: enqueue skips these.
    known: HashSet<i64>,
    /// The trace each known id was accepted in (when traces are exported);
    /// kept across retries and reclaims, forgotten with the id.
    traces: HashMap<i64, TraceParent>,
    in_flight: HashMap<i64, Held>,
    dlq: BTreeMap<(u64, u64), DeadLetter>,
    last_dlq_id: (u64, u64),
    entries: u64,
    retries: u64,
    dead_lettered: u64,
    reclaimed: u64,
}

impl State {
    fn new_token(&mut self) -> String {
        self.entries += 1;
        format!("local-{}", self.entries)
    }

    /// The id is done with: neither queued, delayed nor in flight.
    fn forget(&mut self, id: i64) {
        self.known.remove(&id);
        self.traces.remove(&id);
    }
}

/// A FIFO queue in process memory.
pub struct LocalQueue {
    state: Mutex<State>,
    notify: Notify,
    options: QueueOptions,
    /// Most ids held at once; beyond it enqueue drops ids, which the
    /// reconciler offers again later (the database row is the record).
    capacity: usize,
}

impl Default for LocalQueue {
    fn default() -> Self {
        Self::new()
    }
}

impl LocalQueue {
    pub fn new() -> Self {
        Self::with_options(QueueOptions::default(), usize::MAX)
    }

    /// `capacity` 0 makes a queue that holds nothing: right for a process
    /// without workers, whose items other processes find in the database.
    pub fn with_options(options: QueueOptions, capacity: usize) -> Self {
        Self {
            state: Mutex::new(State::default()),
            notify: Notify::new(),
            options,
            capacity,
        }
    }

    fn lock(&self) -> Result<std::sync::MutexGuard<'_, State>, QueueError> {
        self.state
            .lock()
            .map_err(|_| QueueError::Unavailable("queue state poisoned".into()))
    }

    /// Pops up to `max` ready jobs after promoting due retries and
    /// reclaiming jobs held too long. Also returns when something next falls
    /// due, so `next_batch` can sleep just that long.
    fn take(&self, now: Instant, max: usize) -> Result<(Vec<Job>, Option<Instant>), QueueError> {
        let mut s = self.lock()?;
        let vis = self.options.visibility_timeout;
        let stale: Vec<i64> = s
            .in_flight
            .iter()
            .filter(|(_, h)| h.since + vis <= now)
            .map(|(id, _)| *id)
            .collect();
        for id in stale {
            if let Some(h) = s.in_flight.remove(&id) {
                s.ready.push_front((id, h.attempt + 1, h.token));
                s.reclaimed += 1;
            }
        }
        while let Some((&(due, id), _)) = s.delayed.iter().next() {
            if due > now {
                break;
            }
            if let Some((attempt, token)) = s.delayed.remove(&(due, id)) {
                s.ready.push_back((id, attempt, token));
            }
        }
        let take = max.min(s.ready.len());
        let ready: Vec<_> = s.ready.drain(..take).collect();
        let jobs: Vec<Job> = ready
            .into_iter()
            .map(|(item_id, attempt, token)| Job {
                item_id,
                attempt,
                token,
                trace: s.traces.get(&item_id).cloned(),
            })
            .collect();
        for job in &jobs {
            let held = Held {
                attempt: job.attempt,
                token: job.token.clone(),
                since: now,
            };
            s.in_flight.insert(job.item_id, held);
        }
        let next_due = s.delayed.keys().next().map(|(due, _)| *due);
        let next_reclaim = s.in_flight.values().map(|h| h.since + vis).min();
        let wake = match (next_due, next_reclaim) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        Ok((jobs, wake))
    }

    /// Removes the delivery `job` from in-flight if it is still the current
    /// one: a late answer for a job that was reclaimed must not settle the
    /// new delivery.
    fn settle(s: &mut State, job: &Job) -> bool {
        if s.in_flight
            .get(&job.item_id)
            .is_some_and(|h| h.token == job.token)
        {
            s.in_flight.remove(&job.item_id);
            true
        } else {
            false
        }
    }
}

fn parse_id(id: &str) -> Option<(u64, u64)> {
    let (a, b) = id.split_once('-')?;
    Some((a.parse().ok()?, b.parse().ok()?))
}

#[async_trait]
impl JobQueue for LocalQueue {
    fn kind(&self) -> &'static str {
        "local"
    }

    async fn enqueue_traced(
        &self,
        item_ids: &[i64],
        trace: Option<&TraceParent>,
    ) -> Result<(), QueueError> {
        let mut added = 0;
        {
            let mut s = self.lock()?;
            for &id in item_ids {
                if s.known.len() >= self.capacity {
                    break;
                }
                if s.known.insert(id) {
                    if let Some(trace) = trace {
                        s.traces.insert(id, trace.clone());
                    }
                    let token = s.new_token();
                    s.ready.push_back((id, 1, token));
                    added += 1;
                }
            }
        }
        for _ in 0..added {
            self.notify.notify_one();
        }
        Ok(())
    }

    async fn next_batch(
        &self,
        _consumer: &str,
        max: usize,
        wait: Duration,
    ) -> Result<Vec<Job>, QueueError> {
        let deadline = Instant::now() + wait;
        loop {
            let notified = self.notify.notified();
            let (jobs, next_due) = self.take(Instant::now(), max.max(1))?;
            if !jobs.is_empty() {
                return Ok(jobs);
            }
            let wake = next_due.map_or(deadline, |d| d.min(deadline));
            if tokio::time::timeout_at(wake, notified).await.is_err() && Instant::now() >= deadline
            {
                return Ok(Vec::new());
            }
        }
    }

    async fn ack_batch(&self, jobs: &[Job]) -> Result<(), QueueError> {
        let mut s = self.lock()?;
        for job in jobs {
            if Self::settle(&mut s, job) {
                s.forget(job.item_id);
            }
        }
        Ok(())
    }

    async fn retry(&self, job: &Job, delay: Duration) -> Result<(), QueueError> {
        let mut s = self.lock()?;
        if Self::settle(&mut s, job) {
            let token = s.new_token();
            s.delayed.insert(
                (Instant::now() + delay, job.item_id),
                (job.attempt + 1, token),
            );
            s.retries += 1;
        }
        drop(s);
        self.notify.notify_one();
        Ok(())
    }

    async fn dead_letter(&self, job: &Job, reason: &str) -> Result<(), QueueError> {
        let mut s = self.lock()?;
        if !Self::settle(&mut s, job) {
            return Ok(());
        }
        s.forget(job.item_id);
        let now = Utc::now();
        let ms = u64::try_from(now.timestamp_millis()).unwrap_or(0);
        let id = if ms > s.last_dlq_id.0 {
            (ms, 0)
        } else {
            (s.last_dlq_id.0, s.last_dlq_id.1 + 1)
        };
        s.last_dlq_id = id;
        s.dlq.insert(
            id,
            DeadLetter {
                id: format!("{}-{}", id.0, id.1),
                item_id: job.item_id,
                attempts: job.attempt,
                reason: reason.to_owned(),
                failed_at: now,
            },
        );
        while s.dlq.len() as u64 > self.options.dlq_max {
            s.dlq.pop_first();
        }
        s.dead_lettered += 1;
        Ok(())
    }

    async fn dlq_list(
        &self,
        after: Option<&str>,
        limit: usize,
    ) -> Result<Vec<DeadLetter>, QueueError> {
        let s = self.lock()?;
        let from = after.and_then(parse_id);
        Ok(s.dlq
            .iter()
            .filter(|(k, _)| from.is_none_or(|f| **k > f))
            .take(limit)
            .map(|(_, d)| d.clone())
            .collect())
    }

    async fn dlq_get(&self, id: &str) -> Result<Option<DeadLetter>, QueueError> {
        let s = self.lock()?;
        Ok(parse_id(id).and_then(|k| s.dlq.get(&k).cloned()))
    }

    async fn dlq_delete(&self, id: &str) -> Result<bool, QueueError> {
        let mut s = self.lock()?;
        Ok(parse_id(id).is_some_and(|k| s.dlq.remove(&k).is_some()))
    }

    async fn dlq_purge(&self) -> Result<u64, QueueError> {
        let mut s = self.lock()?;
        let n = s.dlq.len() as u64;
        s.dlq.clear();
        Ok(n)
    }

    async fn stats(&self) -> Result<QueueStats, QueueError> {
        let s = self.lock()?;
        Ok(QueueStats {
            depth: s.ready.len() as u64,
            delayed: s.delayed.len() as u64,
            in_flight: s.in_flight.len() as u64,
            dead_letters: s.dlq.len() as u64,
            retries_total: s.retries,
            dead_lettered_total: s.dead_lettered,
            reclaimed_total: s.reclaimed,
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
    async fn a_full_queue_drops_ids_for_the_reconciler() {
        let q = LocalQueue::with_options(QueueOptions::default(), 2);
        q.enqueue(&[1, 2, 3]).await.unwrap();
        assert_eq!(q.stats().await.unwrap().depth, 2);
        let none = LocalQueue::with_options(QueueOptions::default(), 0);
        none.enqueue(&[1]).await.unwrap();
        assert_eq!(none.stats().await.unwrap().depth, 0);
    }
}
