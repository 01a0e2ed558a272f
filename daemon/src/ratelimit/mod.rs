//! Rate limiting: the `RateLimiter` trait and its implementations.
//!
//! Both implementations run GCRA (the generic cell rate algorithm): a bucket
//! stores one number, its theoretical arrival time (TAT). A request is
//! admitted when `TAT + interval - burst * interval <= now`, and then moves
//! TAT forward by one emission interval. That admits exactly `burst` requests
//! at once and then one per interval, with no window edges to game, and
//! needs no background refill.
//!
//! | implementation | where the TAT lives | used when |
//! |---|---|---|
//! | [`LocalLimiter`] | a sharded in-process map | `REDIS_URL` unset, or as the fallback |
//! | [`RedisLimiter`] | one Redis key per bucket, updated by one Lua script call | `REDIS_URL` set: exact across replicas |
//! | [`GuardedLimiter`] | Redis with `MODD_RATE_LIMIT_ON_REDIS_ERROR` applied when it fails | production wiring |
//!
//! `tests/ratelimit_conformance` runs one suite against both.

mod guarded;
mod local;
mod redis;

pub use guarded::{GuardedLimiter, OnRedisError};
pub use local::LocalLimiter;
pub use redis::RedisLimiter;

use async_trait::async_trait;
use modd_common::RateLimit;
use std::time::Duration;

/// How much a bucket may spend: one request per `interval` sustained, up to
/// `burst` at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quota {
    pub interval: Duration,
    pub burst: u32,
}

impl Quota {
    /// `limit` with a burst of its own count (a fresh bucket may spend a
    /// whole period's requests at once) unless `burst` says otherwise.
    pub fn new(limit: RateLimit, burst: Option<u32>) -> Self {
        Self {
            interval: limit.emission_interval(),
            burst: burst.unwrap_or(limit.count).max(1),
        }
    }

    /// The window in which `burst` requests are allowed, in whole seconds
    /// (for the `RateLimit-Policy` header): `burst × interval`.
    pub fn window_secs(&self) -> u64 {
        ceil_secs(self.interval * self.burst)
    }
}

/// A limiter's answer for one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Decision {
    pub allowed: bool,
    /// The burst: how many requests a full bucket admits.
    pub limit: u32,
    /// Requests that would still be admitted right now.
    pub remaining: u32,
    /// Time until the bucket is full again.
    pub reset: Duration,
    /// For a refused request: time until one would be admitted.
    pub retry_after: Duration,
}

impl Decision {
    /// What `open` mode answers while the shared limiter is down.
    pub fn unlimited(quota: Quota) -> Self {
        Self {
            allowed: true,
            limit: quota.burst,
            remaining: quota.burst,
            reset: Duration::ZERO,
            retry_after: Duration::ZERO,
        }
    }
}

/// A limiter that could not decide.
#[derive(Debug, Clone, thiserror::Error)]
pub enum LimiterError {
    /// The shared store failed; the text is the error's category only.
    #[error("rate limiter backend unavailable: {0}")]
    Unavailable(String),
}

/// The limiter's health, for `/ready`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LimiterStatus {
    Ok(String),
    /// Working, but not as configured (e.g. per replica instead of shared).
    Degraded(String),
    /// Refusing requests.
    Down(String),
}

/// Decides whether one more request of `bucket` fits its quota.
///
/// One call is one request; `bucket` names who is limited (`key:<id>`,
/// `ip:<addr>`). The quota is passed each time, so a changed per-key limit
/// applies at once without resetting what the bucket already spent.
#[async_trait]
pub trait RateLimiter: Send + Sync + 'static {
    async fn check(&self, bucket: &str, quota: Quota) -> Result<Decision, LimiterError>;

    /// `in-process` or `redis`.
    fn kind(&self) -> &'static str;

    /// Current health; may do one round trip.
    async fn status(&self) -> LimiterStatus {
        LimiterStatus::Ok(self.kind().to_owned())
    }
}

/// Whole seconds, rounded up (a client told `0` would retry at once).
pub fn ceil_secs(d: Duration) -> u64 {
    d.as_secs() + u64::from(d.subsec_nanos() > 0)
}

/// The GCRA step on a TAT in microseconds: returns the decision and the TAT
/// to store (`None` when refused: nothing changes). Shared by the local
/// limiter; the Lua script is the same arithmetic.
pub(crate) fn gcra(tat: Option<u64>, now: u64, quota: Quota) -> (Decision, Option<u64>) {
    let interval = u64::try_from(quota.interval.as_micros())
        .unwrap_or(u64::MAX)
        .max(1);
    let burst_span = interval.saturating_mul(u64::from(quota.burst));
    let tat = tat.unwrap_or(now).max(now);
    let new_tat = tat.saturating_add(interval);
    let allow_at = new_tat.saturating_sub(burst_span);
    if now < allow_at {
        let decision = Decision {
            allowed: false,
            limit: quota.burst,
            remaining: 0,
            reset: Duration::from_micros(tat - now),
            retry_after: Duration::from_micros(allow_at - now),
        };
        return (decision, None);
    }
    let remaining = (now + burst_span - new_tat) / interval;
    let decision = Decision {
        allowed: true,
        limit: quota.burst,
        remaining: u32::try_from(remaining).unwrap_or(u32::MAX),
        reset: Duration::from_micros(new_tat - now),
        retry_after: Duration::ZERO,
    };
    (decision, Some(new_tat))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quota(per_sec: u32, burst: u32) -> Quota {
        Quota {
            interval: Duration::from_secs(1) / per_sec,
            burst,
        }
    }

    #[test]
    fn gcra_admits_the_burst_then_one_per_interval() {
        let q = quota(1, 3);
        let mut tat = None;
        let mut now = 1_000_000_000;
        let mut remaining = Vec::new();
        for _ in 0..3 {
            let (d, t) = gcra(tat, now, q);
            assert!(d.allowed);
            remaining.push(d.remaining);
            tat = t;
        }
        assert_eq!(remaining, [2, 1, 0]);
        let (d, t) = gcra(tat, now, q);
        assert!(!d.allowed && t.is_none());
        assert_eq!(d.retry_after, Duration::from_secs(1));
        assert_eq!(d.reset, Duration::from_secs(3));
        now += 999_999;
        assert!(!gcra(tat, now, q).0.allowed, "not a microsecond early");
        now += 1;
        let (d, _) = gcra(tat, now, q);
        assert!(d.allowed);
        assert_eq!(d.remaining, 0);
    }

    #[test]
    fn quota_from_a_rate_limit() {
        let q = Quota::new("30/min".parse().unwrap(), None);
        assert_eq!((q.interval, q.burst), (Duration::from_secs(2), 30));
        assert_eq!(q.window_secs(), 60);
        let q = Quota::new("30/min".parse().unwrap(), Some(5));
        assert_eq!((q.burst, q.window_secs()), (5, 10));
        assert_eq!(ceil_secs(Duration::from_millis(1)), 1);
        assert_eq!(ceil_secs(Duration::ZERO), 0);
    }
}
