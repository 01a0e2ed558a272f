//! The Redis GCRA limiter: one Lua script call per check, so any number of
//! replicas sharing one Redis admit exactly the quota between them. The
//! script reads the TAT, decides and writes it back atomically, using the
//! Redis server's clock. Keys are `<MODD_REDIS_PREFIX>ratelimit:<bucket>` and
//! expire when their bucket is full again.

use async_trait::async_trait;
use redis::Script;
use std::sync::Arc;
use std::time::Duration;

use super::{Decision, LimiterError, LimiterStatus, Quota, RateLimiter};
use crate::redis::{RedisHandle, describe};

/// Redis-backed GCRA.
pub struct RedisLimiter {
    redis: Arc<RedisHandle>,
    script: Script,
}

impl RedisLimiter {
    pub fn new(redis: Arc<RedisHandle>) -> Self {
        Self {
            redis,
            script: Script::new(include_str!("gcra.lua")),
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
}

#[async_trait]
impl RateLimiter for RedisLimiter {
    async fn check(&self, bucket: &str, quota: Quota) -> Result<Decision, LimiterError> {
        let unavailable = |e: redis::RedisError| LimiterError::Unavailable(describe(&e));
        let mut conn = self.redis.conn().await.map_err(unavailable)?;
        let interval = u64::try_from(quota.interval.as_micros())
            .unwrap_or(u64::MAX)
            .max(1);
        // EVALSHA, falling back to EVAL (and caching) when Redis lacks it.
        let reply: Vec<i64> = self
            .script
            .key(self.key(bucket))
            .arg(interval)
            .arg(quota.burst)
            .invoke_async(&mut conn)
            .await
            .map_err(unavailable)?;
        let [allowed, remaining, reset, retry] = reply[..] else {
            return Err(LimiterError::Unavailable("unexpected script reply".into()));
        };
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
