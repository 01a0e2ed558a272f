//! The Redis GCRA limiter: a Lua script reads each bucket's TAT, decides and
//! writes it back atomically, using the Redis server's clock, so any number
//! of replicas sharing one Redis admit exactly the quota between them. Keys
//! are `<MODD_REDIS_PREFIX>ratelimit:<bucket>` and expire when their bucket
//! is full again.
//!
//! Checks that wait at the same moment are decided together: one script
//! call takes the whole batch and decides its checks one after another, so
//! each is as exact as alone, and a burst of requests costs one round trip
//! and one script call instead of one each (BENCHMARKS.md, "The rate
//! limiter's checks coalesced"). A lone check goes at once. On a cluster a
//! script may only touch keys of one slot, and buckets are spread over all
//! slots, so there each check keeps its own call.

use async_trait::async_trait;
use redis::Script;
use std::sync::{Arc, OnceLock};
use std::time::Duration;
use tokio::sync::{Mutex, mpsc, oneshot};

use super::{Decision, LimiterError, LimiterStatus, Quota, RateLimiter};
use crate::redis::{RedisHandle, describe};

/// Most checks one script call decides.
const MAX_BATCH: usize = 128;
/// Script calls in flight at once: while one runs, the next batch forms.
const CALLS_IN_FLIGHT: usize = 2;
/// Checks that may wait for a call before callers feel back-pressure.
const QUEUE_CAPACITY: usize = 4096;

/// The script's answer for one check: allowed (0|1), remaining, reset and
/// retry-after in microseconds.
type Verdict = [i64; 4];

/// One check waiting for its batch's call.
struct Check {
    key: String,
    interval_us: u64,
    burst: u32,
    reply: oneshot::Sender<Result<Verdict, LimiterError>>,
}

/// Redis-backed GCRA.
pub struct RedisLimiter {
    redis: Arc<RedisHandle>,
    script: Arc<Script>,
    /// Where checks go; the callers' tasks start on the first check, inside
    /// the runtime.
    checks: OnceLock<mpsc::Sender<Check>>,
}

impl RedisLimiter {
    pub fn new(redis: Arc<RedisHandle>) -> Self {
        Self {
            redis,
            script: Arc::new(Script::new(include_str!("gcra.lua"))),
            checks: OnceLock::new(),
        }
    }

    /// The Redis key of a bucket.
    pub fn key(&self, bucket: &str) -> String {
        self.redis.key(&format!("ratelimit:{bucket}"))
    }

    pub async fn ping(&self) -> Result<(), LimiterError> {
        self.redis
            .ping()
            .await
            .map_err(|e| LimiterError::Unavailable(describe(&e)))
    }

    /// Starts the tasks that make the script calls; they stop when the
    /// limiter is dropped.
    fn start(&self) -> mpsc::Sender<Check> {
        let (tx, rx) = mpsc::channel(QUEUE_CAPACITY);
        let rx = Arc::new(Mutex::new(rx));
        for _ in 0..CALLS_IN_FLIGHT {
            tokio::spawn(call_batches(
                self.redis.clone(),
                self.script.clone(),
                rx.clone(),
            ));
        }
        tx
    }
}

/// Takes whatever checks are waiting (up to [`MAX_BATCH`]) and decides them
/// in one call (one call per check on a cluster), until the limiter is gone.
async fn call_batches(
    redis: Arc<RedisHandle>,
    script: Arc<Script>,
    rx: Arc<Mutex<mpsc::Receiver<Check>>>,
) {
    let mut batch: Vec<Check> = Vec::with_capacity(MAX_BATCH);
    loop {
        if rx.lock().await.recv_many(&mut batch, MAX_BATCH).await == 0 {
            return;
        }
        if redis.is_cluster() {
            let alone = batch
                .drain(..)
                .map(|check| answer(&redis, &script, vec![check]));
            futures::future::join_all(alone).await;
        } else {
            answer(&redis, &script, std::mem::take(&mut batch)).await;
        }
    }
}

/// Runs one script call for `checks` and answers each.
async fn answer(redis: &RedisHandle, script: &Script, checks: Vec<Check>) {
    match decide(redis, script, &checks).await {
        Ok(verdicts) => {
            for (check, verdict) in checks.into_iter().zip(verdicts) {
                let _ = check.reply.send(Ok(verdict)); // the caller may have gone
            }
        }
        Err(e) => {
            for check in checks {
                let _ = check.reply.send(Err(e.clone()));
            }
        }
    }
}

/// One script call: a verdict per check, in order.
async fn decide(
    redis: &RedisHandle,
    script: &Script,
    checks: &[Check],
) -> Result<Vec<Verdict>, LimiterError> {
    let unavailable = |e: redis::RedisError| LimiterError::Unavailable(describe(&e));
    let mut conn = redis.conn().await.map_err(unavailable)?;
    let mut call = script.prepare_invoke();
    for check in checks {
        call.key(&check.key).arg(check.interval_us).arg(check.burst);
    }
    // EVALSHA, falling back to EVAL (and caching) when Redis lacks it.
    let reply: Vec<i64> = call.invoke_async(&mut conn).await.map_err(unavailable)?;
    if reply.len() != 4 * checks.len() {
        return Err(LimiterError::Unavailable("unexpected script reply".into()));
    }
    Ok(reply
        .chunks_exact(4)
        .map(|v| [v[0], v[1], v[2], v[3]])
        .collect())
}

#[async_trait]
impl RateLimiter for RedisLimiter {
    async fn check(&self, bucket: &str, quota: Quota) -> Result<Decision, LimiterError> {
        let stopped = || LimiterError::Unavailable("the limiter's calls stopped".into());
        let (reply, verdict) = oneshot::channel();
        let check = Check {
            key: self.key(bucket),
            interval_us: u64::try_from(quota.interval.as_micros())
                .unwrap_or(u64::MAX)
                .max(1),
            burst: quota.burst,
            reply,
        };
        let checks = self.checks.get_or_init(|| self.start());
        checks.send(check).await.map_err(|_| stopped())?;
        let [allowed, remaining, reset, retry] = verdict.await.map_err(|_| stopped())??;
        let micros = |v: i64| Duration::from_micros(u64::try_from(v).unwrap_or(0));
        Ok(Decision {
            allowed: allowed == 1,
            limit: quota.burst,
            remaining: u32::try_from(remaining).unwrap_or(0),
            reset: micros(reset),
            retry_after: micros(retry),
        })
    }

    fn kind(&self) -> &'static str {
        "redis"
    }

    async fn status(&self) -> LimiterStatus {
        match self.ping().await {
            Ok(()) => LimiterStatus::Ok("redis".into()),
            Err(e) => LimiterStatus::Down(e.to_string()),
        }
    }
}
