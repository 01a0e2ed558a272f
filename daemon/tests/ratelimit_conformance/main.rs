#![allow(clippy::unwrap_used, clippy::expect_used)]
//! One conformance suite for every `RateLimiter`.
//!
//! Each case is a plain `async fn(Arc<dyn RateLimiter>)`; the `suite!` macro
//! runs it against the in-process limiter (always), the Redis limiter on one
//! server (when `TEST_REDIS_URL` is set; required with
//! `MODD_REQUIRE_SERVICES=1`) and on a three-master Redis Cluster this
//! binary starts once (required likewise), each Redis test under a key
//! prefix of its own that is deleted afterwards.
//! Time is real (Redis uses its own clock), so intervals are kept short and
//! assertions leave room for a loaded machine.

use modd::ratelimit::{LocalLimiter, Quota, RateLimiter, RedisLimiter};
use modd_testkit::RedisPrefix;
use std::sync::Arc;
use std::time::Duration;

fn quota(interval_ms: u64, burst: u32) -> Quota {
    Quota {
        interval: Duration::from_millis(interval_ms),
        burst,
    }
}

/// A Redis limiter on `prefix` (one server or a cluster).
fn redis_limiter(prefix: &RedisPrefix) -> Arc<dyn RateLimiter> {
    Arc::new(RedisLimiter::new(prefix.handle()))
}

macro_rules! suite {
    ($($case:ident),* $(,)?) => {
        mod local {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $case() {
                    super::$case(std::sync::Arc::new(super::LocalLimiter::new())).await;
                }
            )*
        }
        mod redis {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $case() {
                    let Some(prefix) = modd_testkit::RedisPrefix::new() else { return };
                    super::$case(super::redis_limiter(&prefix)).await;
                    prefix.cleanup().await;
                }
            )*
        }
        mod redis_cluster {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $case() {
                    let Some(cluster) = modd_testkit::RedisCluster::shared() else { return };
                    let prefix = modd_testkit::RedisPrefix::on(&cluster.url());
                    super::$case(super::redis_limiter(&prefix)).await;
                    prefix.cleanup().await;
                }
            )*
        }
    };
}

suite!(
    a_fresh_bucket_admits_exactly_the_burst,
    one_request_per_interval_after_the_burst,
    buckets_are_independent,
    concurrent_checks_admit_exactly_the_burst,
    concurrent_checks_on_many_buckets_admit_each_burst_exactly,
    a_stricter_quota_applies_at_once,
    long_periods_do_not_overflow,
    refusals_do_not_consume_quota,
);

async fn a_fresh_bucket_admits_exactly_the_burst(l: Arc<dyn RateLimiter>) {
    let q = quota(2_000, 30);
    let mut remaining = Vec::new();
    for _ in 0..30 {
        let d = l.check("key:1", q).await.unwrap();
        assert!(d.allowed);
        assert_eq!(d.limit, 30);
        remaining.push(d.remaining);
    }
    assert_eq!(remaining, (0..30).rev().collect::<Vec<u32>>());
    for _ in 0..5 {
        let d = l.check("key:1", q).await.unwrap();
        assert!(!d.allowed);
        assert_eq!(d.remaining, 0);
        // The next request fits one interval after the first: at most 2 s.
        assert!(
            d.retry_after > Duration::from_millis(1_500) && d.retry_after <= Duration::from_secs(2),
            "{:?}",
            d.retry_after
        );
        // Full again after 30 intervals (minus the little time that passed).
        assert!(
            d.reset > Duration::from_secs(55) && d.reset <= Duration::from_secs(60),
            "{:?}",
            d.reset
        );
    }
}

async fn one_request_per_interval_after_the_burst(l: Arc<dyn RateLimiter>) {
    let q = quota(300, 2);
    assert!(l.check("b", q).await.unwrap().allowed);
    assert!(l.check("b", q).await.unwrap().allowed);
    let refused = l.check("b", q).await.unwrap();
    assert!(!refused.allowed);
    tokio::time::sleep(refused.retry_after + Duration::from_millis(20)).await;
    let d = l.check("b", q).await.unwrap();
    assert!(d.allowed, "one more after retry_after");
    assert_eq!(d.remaining, 0);
    assert!(!l.check("b", q).await.unwrap().allowed, "but only one");
}

async fn buckets_are_independent(l: Arc<dyn RateLimiter>) {
    let q = quota(10_000, 1);
    assert!(l.check("key:1", q).await.unwrap().allowed);
    assert!(!l.check("key:1", q).await.unwrap().allowed);
    assert!(l.check("key:2", q).await.unwrap().allowed);
    assert!(l.check("ip:10.0.0.1", q).await.unwrap().allowed);
    assert!(!l.check("key:2", q).await.unwrap().allowed);
}

async fn concurrent_checks_admit_exactly_the_burst(l: Arc<dyn RateLimiter>) {
    let q = quota(60_000, 25);
    let tasks: Vec<_> = (0..100)
        .map(|_| {
            let l = l.clone();
            tokio::spawn(async move { l.check("hot", q).await.unwrap().allowed })
        })
        .collect();
    let mut admitted = 0;
    for t in tasks {
        admitted += usize::from(t.await.unwrap());
    }
    assert_eq!(admitted, 25);
}

/// Checks of many buckets (and of one bucket several times) that arrive
/// together: the Redis limiter decides them in shared script calls, and
/// each bucket must still admit its own burst, no more and no less, with
/// each admitted check told the quota left after it.
async fn concurrent_checks_on_many_buckets_admit_each_burst_exactly(l: Arc<dyn RateLimiter>) {
    let tasks: Vec<_> = (0..400)
        .map(|i| {
            let l = l.clone();
            let bucket = i % 8;
            // Bucket b's burst is b + 3, so buckets with different quotas
            // share a call.
            let q = quota(60_000, bucket + 3);
            tokio::spawn(async move {
                let d = l.check(&format!("many:{bucket}"), q).await.unwrap();
                (bucket, d.allowed, d.remaining)
            })
        })
        .collect();
    let mut remaining: Vec<Vec<u32>> = vec![Vec::new(); 8];
    for t in tasks {
        let (bucket, allowed, left) = t.await.unwrap();
        if allowed {
            remaining[bucket as usize].push(left);
        }
    }
    for (bucket, mut left) in remaining.into_iter().enumerate() {
        let burst = bucket as u32 + 3;
        left.sort_unstable();
        assert_eq!(left, (0..burst).collect::<Vec<_>>(), "bucket {bucket}");
    }
}

async fn a_stricter_quota_applies_at_once(l: Arc<dyn RateLimiter>) {
    let generous = quota(1_000, 10);
    for _ in 0..3 {
        assert!(l.check("k", generous).await.unwrap().allowed);
    }
    // A burst of 3 is spent already: a quota lowered to 3 refuses now.
    let strict = quota(1_000, 3);
    assert!(!l.check("k", strict).await.unwrap().allowed);
    assert!(l.check("k", generous).await.unwrap().allowed);
}

async fn long_periods_do_not_overflow(l: Arc<dyn RateLimiter>) {
    // 1/hour with a burst of 1_000_000: interval 3.6 s, span 41 days in µs.
    let q = Quota {
        interval: Duration::from_secs(3_600),
        burst: 1_000_000,
    };
    let d = l.check("big", q).await.unwrap();
    assert!(d.allowed);
    assert_eq!(d.remaining, 999_999);
    let hourly = Quota {
        interval: Duration::from_secs(3_600),
        burst: 1,
    };
    assert!(l.check("h", hourly).await.unwrap().allowed);
    let d = l.check("h", hourly).await.unwrap();
    assert!(!d.allowed);
    assert!(
        d.retry_after > Duration::from_secs(3_590),
        "{:?}",
        d.retry_after
    );
}

async fn refusals_do_not_consume_quota(l: Arc<dyn RateLimiter>) {
    let q = quota(400, 1);
    assert!(l.check("r", q).await.unwrap().allowed);
    // Hammering while refused must not push the next admission further out.
    for _ in 0..20 {
        assert!(!l.check("r", q).await.unwrap().allowed);
    }
    tokio::time::sleep(Duration::from_millis(450)).await;
    assert!(l.check("r", q).await.unwrap().allowed);
}
