//! The shared limiter with a policy for when Redis fails
//! (`MODD_RATE_LIMIT_ON_REDIS_ERROR`):
//!
//! * `local` (default): limit in-process on this replica and log a warning,
//!   so an outage of Redis neither stops the API nor lifts every limit;
//! * `open`: admit every request;
//! * `closed`: refuse API requests with 503.
//!
//! After a failure Redis is left alone for [`RETRY_AFTER`], so a Redis that
//! hangs costs one timeout per second instead of one per request. The
//! warning is logged when the state changes, not on every request.

use async_trait::async_trait;
use std::str::FromStr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use super::{
    Decision, LimiterError, LimiterStatus, LocalLimiter, Quota, RateLimiter, RedisLimiter,
};

/// How long to skip Redis after it failed.
const RETRY_AFTER: Duration = Duration::from_secs(1);

/// What to do while Redis is unreachable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnRedisError {
    Local,
    Open,
    Closed,
}

impl OnRedisError {
    pub fn as_str(self) -> &'static str {
        match self {
            OnRedisError::Local => "local",
            OnRedisError::Open => "open",
            OnRedisError::Closed => "closed",
        }
    }
}

impl FromStr for OnRedisError {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim() {
            "local" => Ok(Self::Local),
            "open" => Ok(Self::Open),
            "closed" => Ok(Self::Closed),
            other => Err(format!("expected local, open or closed, got {other:?}")),
        }
    }
}

/// Redis GCRA with a fallback policy.
pub struct GuardedLimiter {
    redis: RedisLimiter,
    local: LocalLimiter,
    mode: OnRedisError,
    /// `Some(until)` while Redis is considered down.
    failing: Mutex<Option<Instant>>,
}

impl GuardedLimiter {
    pub fn new(redis: RedisLimiter, mode: OnRedisError) -> Self {
        Self {
            redis,
            local: LocalLimiter::new(),
            mode,
            failing: Mutex::new(None),
        }
    }

    /// `true` while Redis should be skipped.
    fn skipping(&self) -> bool {
        self.failing
            .lock()
            .is_ok_and(|f| f.is_some_and(|until| Instant::now() < until))
    }

    fn failed(&self, error: &LimiterError) {
        if let Ok(mut f) = self.failing.lock() {
            if f.is_none() {
                tracing::warn!(
                    error = %error,
                    mode = self.mode.as_str(),
                    "Redis rate limiter unreachable; applying MODD_RATE_LIMIT_ON_REDIS_ERROR"
                );
            }
            *f = Some(Instant::now() + RETRY_AFTER);
        }
        metrics::counter!("modd_rate_limiter_errors_total").increment(1);
    }

    fn recovered(&self) {
        if let Ok(mut f) = self.failing.lock()
            && f.take().is_some()
        {
            tracing::info!("Redis rate limiter reachable again");
        }
    }

    fn fallback(&self, bucket: &str, quota: Quota) -> Result<Decision, LimiterError> {
        match self.mode {
            OnRedisError::Local => Ok(self.local.check_now(bucket, quota)),
            OnRedisError::Open => Ok(Decision::unlimited(quota)),
            OnRedisError::Closed => Err(LimiterError::Unavailable(
                "Redis is unreachable and MODD_RATE_LIMIT_ON_REDIS_ERROR=closed".into(),
            )),
        }
    }

    fn degraded(&self, cause: &str) -> LimiterStatus {
        match self.mode {
            OnRedisError::Local => LimiterStatus::Degraded(format!(
                "Redis unreachable ({cause}): limiting per replica in-process"
            )),
            OnRedisError::Open => LimiterStatus::Degraded(format!(
                "Redis unreachable ({cause}): not limiting (MODD_RATE_LIMIT_ON_REDIS_ERROR=open)"
            )),
            OnRedisError::Closed => LimiterStatus::Down(format!(
                "Redis unreachable ({cause}): refusing API requests (MODD_RATE_LIMIT_ON_REDIS_ERROR=closed)"
            )),
        }
    }
}

#[async_trait]
impl RateLimiter for GuardedLimiter {
    async fn check(&self, bucket: &str, quota: Quota) -> Result<Decision, LimiterError> {
        if self.skipping() {
            return self.fallback(bucket, quota);
        }
        match self.redis.check(bucket, quota).await {
            Ok(decision) => {
                self.recovered();
                Ok(decision)
            }
            Err(e) => {
                self.failed(&e);
                self.fallback(bucket, quota)
            }
        }
    }

    fn kind(&self) -> &'static str {
        "redis"
    }

    /// Probes Redis (one `PING`), so `/ready` is current even without traffic.
    async fn status(&self) -> LimiterStatus {
        match self.redis.ping().await {
            Ok(()) => {
                self.recovered();
                LimiterStatus::Ok("redis (shared by all replicas)".into())
            }
            Err(e) => {
                self.failed(&e);
                let LimiterError::Unavailable(cause) = e;
                self.degraded(&cause)
            }
        }
    }
}
