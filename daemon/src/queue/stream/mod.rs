//! The production queue: a Redis stream read through a consumer group, each
//! worker one consumer. Jobs are acknowledged (and deleted) on success;
//! entries a consumer held past the visibility timeout are taken over with
//! XAUTOCLAIM by a live worker; retries wait in a sorted set for their
//! backoff; jobs out of attempts move to a dead-letter stream. The scripts
//! in [`scripts`] keep every multi-key change atomic.

mod batch;
mod dlq;
mod scripts;

use async_trait::async_trait;
use redis::RedisError;
use redis::streams::StreamReadReply;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::time::Instant;

use super::{DeadLetter, Job, JobQueue, QueueError, QueueOptions, QueueStats};
use crate::observe::traces::{self, TraceParent};
use crate::redis::{RedisConn, RedisHandle, describe};

/// The consumer group every worker joins.
const GROUP: &str = "workers";
/// How often one process moves due retries back into the stream.
const PROMOTE_EVERY: Duration = Duration::from_millis(200);
/// Longest single blocking read (see `next`).
const READ_SLICE: Duration = Duration::from_millis(250);
/// Most retries moved per promotion.
const PROMOTE_MAX: u32 = 500;

struct Keys {
    jobs: String,
    queued: String,
    delayed: String,
    dlq: String,
    counters: String,
}

/// A job queue on Redis Streams.
pub struct RedisStreamQueue {
    redis: Arc<RedisHandle>,
    keys: Keys,
    options: QueueOptions,
    batcher: batch::Batcher,
    /// One connection per consumer for blocking reads: a blocked XREADGROUP
    /// would stall every other command on the shared connection.
    readers: tokio::sync::Mutex<HashMap<String, RedisConn>>,
    /// When this process last promoted retries and looked for stale jobs.
    last_promote: Mutex<Option<Instant>>,
    last_reclaim: Mutex<Option<Instant>>,
}

fn unavailable(e: RedisError) -> QueueError {
    QueueError::Unavailable(describe(&e))
}

fn is_nogroup(e: &RedisError) -> bool {
    e.code() == Some("NOGROUP")
}

/// Whether `slot` is due (and marks it done now).
fn due(slot: &Mutex<Option<Instant>>, every: Duration) -> bool {
    let Ok(mut last) = slot.lock() else {
        return true;
    };
    let now = Instant::now();
    if last.is_some_and(|t| now < t + every) {
        return false;
    }
    *last = Some(now);
    true
}

impl RedisStreamQueue {
    /// Does not connect: the first command does, so `modd` starts (and
    /// accepts work) while Redis is down.
    pub fn new(redis: Arc<RedisHandle>, options: QueueOptions) -> Self {
        // One hash tag for all: every script touches several of them.
        let keys = Keys {
            jobs: redis.key_in("queue", "jobs"),
            queued: redis.key_in("queue", "queued"),
            delayed: redis.key_in("queue", "delayed"),
            dlq: redis.key_in("queue", "dlq"),
            counters: redis.key_in("queue", "counters"),
        };
        let batcher = batch::Batcher::start(redis.clone(), keys.jobs.clone(), keys.queued.clone());
        Self {
            redis,
            keys,
            options,
            batcher,
            readers: Default::default(),
            last_promote: Mutex::new(None),
            last_reclaim: Mutex::new(None),
        }
    }

    /// Creates the stream and group if missing (after a flush or on a fresh
    /// server). Starts at `0` so jobs added before the group are delivered.
    async fn ensure_group(&self) -> Result<(), QueueError> {
        let mut conn = self.redis.conn().await.map_err(unavailable)?;
        let created: Result<(), RedisError> = redis::cmd("XGROUP")
            .arg("CREATE")
            .arg(&self.keys.jobs)
            .arg(GROUP)
            .arg("0")
            .arg("MKSTREAM")
            .query_async(&mut conn)
            .await;
        match created {
            Err(e) if e.code() != Some("BUSYGROUP") => Err(unavailable(e)),
            _ => Ok(()),
        }
    }

    async fn reader(&self, consumer: &str) -> Result<RedisConn, QueueError> {
        let mut readers = self.readers.lock().await;
        if let Some(conn) = readers.get(consumer) {
            return Ok(conn.clone());
        }
        let conn = self
            .redis
            .dedicated(READ_SLICE + Duration::from_secs(2))
            .await
            .map_err(unavailable)?;
        readers.insert(consumer.to_owned(), conn.clone());
        Ok(conn)
    }

    async fn drop_reader(&self, consumer: &str) {
        self.readers.lock().await.remove(consumer);
    }

    async fn promote(&self) -> Result<(), QueueError> {
        let mut conn = self.redis.conn().await.map_err(unavailable)?;
        scripts::PROMOTE
            .key(&self.keys.jobs)
            .key(&self.keys.delayed)
            .arg(PROMOTE_MAX)
            .invoke_async::<i64>(&mut conn)
            .await
            .map_err(unavailable)?;
        Ok(())
    }

    /// Up to `max` entries other consumers held past the visibility timeout.
    async fn reclaim(&self, consumer: &str, max: usize) -> Result<Vec<Job>, RedisError> {
        let mut conn = self.redis.conn().await?;
        let min_idle = self.options.visibility_timeout.as_millis() as u64;
        let reply: Vec<String> = scripts::RECLAIM
            .key(&self.keys.jobs)
            .key(&self.keys.counters)
            .arg(GROUP)
            .arg(consumer)
            .arg(min_idle)
            .arg(max)
            .invoke_async(&mut conn)
            .await?;
        let mut jobs = Vec::new();
        for entry in reply.chunks_exact(5) {
            let [token, item, attempt, delivered, trace] = entry else {
                continue;
            };
            let base: u32 = attempt.parse().unwrap_or(1);
            let delivered: u32 = delivered.parse().unwrap_or(2);
            let attempt = base + delivered.saturating_sub(1);
            jobs.extend(
                self.job(token, item, attempt, TraceParent::parse(trace))
                    .await?,
            );
        }
        Ok(jobs)
    }

    /// A job from an entry's fields; an entry that is not ours (no valid
    /// item id) is acknowledged and dropped so it cannot block the queue.
    async fn job(
        &self,
        token: &str,
        item: &str,
        attempt: u32,
        trace: Option<TraceParent>,
    ) -> Result<Option<Job>, RedisError> {
        match item.parse::<i64>() {
            Ok(item_id) => Ok(Some(Job {
                item_id,
                attempt,
                token: token.to_owned(),
                trace,
            })),
            Err(_) => {
                tracing::warn!(entry = token, "dropping a queue entry without an item id");
                let mut conn = self.redis.conn().await?;
                scripts::ACK
                    .key(&self.keys.jobs)
                    .key(&self.keys.queued)
                    .arg(GROUP)
                    .arg(token)
                    .arg(item)
                    .invoke_async::<i64>(&mut conn)
                    .await?;
                Ok(None)
            }
        }
    }

    /// Up to `max` new entries, blocking at most `wait` for the first.
    async fn read(
        &self,
        consumer: &str,
        max: usize,
        wait: Duration,
    ) -> Result<Vec<Job>, RedisError> {
        let mut conn = match self.reader(consumer).await {
            Ok(c) => c,
            Err(QueueError::Unavailable(m)) => {
                return Err(RedisError::from((redis::ErrorKind::IoError, "connect", m)));
            }
        };
        let reply: Option<StreamReadReply> = redis::cmd("XREADGROUP")
            .arg("GROUP")
            .arg(GROUP)
            .arg(consumer)
            .arg("COUNT")
            .arg(max)
            .arg("BLOCK")
            .arg(wait.as_millis().max(1) as u64)
            .arg("STREAMS")
            .arg(&self.keys.jobs)
            .arg(">")
            .query_async(&mut conn)
            .await?;
        let entries = reply
            .and_then(|r| r.keys.into_iter().next())
            .map(|k| k.ids)
            .unwrap_or_default();
        let mut jobs = Vec::with_capacity(entries.len());
        for entry in entries {
            let item: String = entry.get("item").unwrap_or_default();
            let attempt: u32 = entry
                .get::<String>("attempt")
                .and_then(|a| a.parse().ok())
                .unwrap_or(1);
            let trace = entry
                .get::<String>(traces::context::HEADER)
                .and_then(|t| TraceParent::parse(&t));
            jobs.extend(self.job(&entry.id, &item, attempt, trace).await?);
        }
        Ok(jobs)
    }
}

#[async_trait]
impl JobQueue for RedisStreamQueue {
    fn kind(&self) -> &'static str {
        "redis"
    }

    async fn enqueue_traced(
        &self,
        item_ids: &[i64],
        trace: Option<&TraceParent>,
    ) -> Result<(), QueueError> {
        if item_ids.is_empty() {
            return Ok(());
        }
        self.batcher
            .enqueue(item_ids.to_vec(), trace.cloned())
            .await
    }

    async fn next_batch(
        &self,
        consumer: &str,
        max: usize,
        wait: Duration,
    ) -> Result<Vec<Job>, QueueError> {
        // Blocking reads are cut into slices so that, between them, due
        // retries are promoted and stale jobs reclaimed even when no new
        // work arrives. A new entry still wakes a blocked read at once.
        let max = max.max(1);
        let deadline = Instant::now() + wait;
        loop {
            if due(&self.last_promote, PROMOTE_EVERY) {
                self.promote().await?;
            }
            if due(&self.last_reclaim, self.options.visibility_timeout / 4) {
                match self.reclaim(consumer, max).await {
                    Ok(jobs) if !jobs.is_empty() => return Ok(jobs),
                    Ok(_) => {}
                    Err(e) if is_nogroup(&e) => self.ensure_group().await?,
                    Err(e) => return Err(unavailable(e)),
                }
            }
            let slice = deadline
                .saturating_duration_since(Instant::now())
                .min(READ_SLICE);
            match self.read(consumer, max, slice).await {
                Ok(jobs) if !jobs.is_empty() => return Ok(jobs),
                Ok(_) => {}
                Err(e) if is_nogroup(&e) => self.ensure_group().await?,
                Err(e) => {
                    self.drop_reader(consumer).await;
                    return Err(unavailable(e));
                }
            }
            if Instant::now() >= deadline {
                return Ok(Vec::new());
            }
        }
    }

    async fn ack_batch(&self, jobs: &[Job]) -> Result<(), QueueError> {
        if jobs.is_empty() {
            return Ok(());
        }
        let mut conn = self.redis.conn().await.map_err(unavailable)?;
        let mut ack = scripts::ACK.prepare_invoke();
        ack.key(&self.keys.jobs).key(&self.keys.queued).arg(GROUP);
        for job in jobs {
            ack.arg(&job.token).arg(job.item_id);
        }
        ack.invoke_async::<i64>(&mut conn)
            .await
            .map_err(unavailable)?;
        Ok(())
    }

    async fn retry(&self, job: &Job, delay: Duration) -> Result<(), QueueError> {
        let mut conn = self.redis.conn().await.map_err(unavailable)?;
        scripts::RETRY
            .key(&self.keys.jobs)
            .key(&self.keys.delayed)
            .key(&self.keys.counters)
            .arg(GROUP)
            .arg(&job.token)
            .arg(job.item_id)
            .arg(job.attempt + 1)
            .arg(delay.as_millis() as u64)
            .arg(job.trace.as_ref().map_or("", TraceParent::as_str))
            .invoke_async::<i64>(&mut conn)
            .await
            .map_err(unavailable)?;
        Ok(())
    }

    async fn dead_letter(&self, job: &Job, reason: &str) -> Result<(), QueueError> {
        let mut conn = self.redis.conn().await.map_err(unavailable)?;
        scripts::DEAD_LETTER
            .key(&self.keys.jobs)
            .key(&self.keys.queued)
            .key(&self.keys.dlq)
            .key(&self.keys.counters)
            .arg(GROUP)
            .arg(&job.token)
            .arg(job.item_id)
            .arg(job.attempt)
            .arg(reason)
            .arg(self.options.dlq_max)
            .invoke_async::<i64>(&mut conn)
            .await
            .map_err(unavailable)?;
        Ok(())
    }

    async fn dlq_list(
        &self,
        after: Option<&str>,
        limit: usize,
    ) -> Result<Vec<DeadLetter>, QueueError> {
        dlq::list(&self.redis, &self.keys.dlq, after, limit).await
    }

    async fn dlq_get(&self, id: &str) -> Result<Option<DeadLetter>, QueueError> {
        dlq::get(&self.redis, &self.keys.dlq, id).await
    }

    async fn dlq_delete(&self, id: &str) -> Result<bool, QueueError> {
        dlq::delete(&self.redis, &self.keys.dlq, id).await
    }

    async fn dlq_purge(&self) -> Result<u64, QueueError> {
        let mut conn = self.redis.conn().await.map_err(unavailable)?;
        let n: u64 = scripts::PURGE
            .key(&self.keys.dlq)
            .invoke_async(&mut conn)
            .await
            .map_err(unavailable)?;
        Ok(n)
    }

    async fn stats(&self) -> Result<QueueStats, QueueError> {
        let mut conn = self.redis.conn().await.map_err(unavailable)?;
        let v: Vec<u64> = scripts::STATS
            .key(&self.keys.jobs)
            .key(&self.keys.delayed)
            .key(&self.keys.dlq)
            .key(&self.keys.counters)
            .arg(GROUP)
            .invoke_async(&mut conn)
            .await
            .map_err(unavailable)?;
        let at = |i: usize| v.get(i).copied().unwrap_or(0);
        Ok(QueueStats {
            depth: at(0).saturating_sub(at(1)),
            in_flight: at(1),
            delayed: at(2),
            dead_letters: at(3),
            retries_total: at(4),
            dead_lettered_total: at(5),
            reclaimed_total: at(6),
        })
    }

    /// Asks the node serving the stream's slot, not just any node: on a
    /// cluster whose queue master is down the others still answer.
    async fn ping(&self) -> Result<(), QueueError> {
        let probe = async {
            let mut conn = self.redis.conn().await?;
            redis::cmd("EXISTS")
                .arg(&self.keys.jobs)
                .query_async::<u64>(&mut conn)
                .await
                .map(|_| ())
        };
        match tokio::time::timeout(Duration::from_secs(2), probe).await {
            Ok(Ok(())) => Ok(()),
            Ok(Err(e)) => Err(unavailable(e)),
            Err(_) => Err(QueueError::Unavailable(
                "redis did not answer within 2 s".into(),
            )),
        }
    }
}
