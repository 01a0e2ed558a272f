//! The in-process GCRA limiter: exact within one process, nothing shared.
//!
//! Buckets are spread over shards, each a `Mutex<HashMap>` held for a few
//! arithmetic operations only, so concurrent requests rarely wait on each
//! other. A bucket whose TAT has passed is equivalent to no bucket at all, so
//! such entries are pruned when a shard grows, which bounds memory under a
//! flood of distinct client addresses.

use async_trait::async_trait;
use std::collections::HashMap;
use std::hash::{BuildHasher, RandomState};
use std::sync::Mutex;
use std::time::Instant;

use super::{Decision, LimiterError, Quota, RateLimiter, gcra};

const SHARDS: usize = 16;
/// A shard is pruned when it reaches this size (then twice its live size).
const PRUNE_AT: usize = 4096;

struct Shard {
    tats: HashMap<String, u64>,
    prune_at: usize,
}

/// In-process GCRA.
pub struct LocalLimiter {
    shards: Vec<Mutex<Shard>>,
    hasher: RandomState,
    epoch: Instant,
}

impl Default for LocalLimiter {
    fn default() -> Self {
        Self::new()
    }
}

impl LocalLimiter {
    pub fn new() -> Self {
        Self {
            shards: (0..SHARDS)
                .map(|_| {
                    Mutex::new(Shard {
                        tats: HashMap::new(),
                        prune_at: PRUNE_AT,
                    })
                })
                .collect(),
            hasher: RandomState::new(),
            epoch: Instant::now(),
        }
    }

    /// Microseconds since this limiter was made, plus one second so that a
    /// bucket's first TAT is never zero.
    fn now_micros(&self) -> u64 {
        u64::try_from(self.epoch.elapsed().as_micros()).unwrap_or(u64::MAX) + 1_000_000
    }

    /// The check, synchronous: it never waits on I/O.
    pub fn check_now(&self, bucket: &str, quota: Quota) -> Decision {
        let now = self.now_micros();
        let index = (self.hasher.hash_one(bucket) as usize) % SHARDS;
        // A poisoned shard only means another thread panicked mid-update of
        // plain integers; the data is still usable.
        let mut shard = match self.shards[index].lock() {
            Ok(s) => s,
            Err(poisoned) => poisoned.into_inner(),
        };
        let (decision, new_tat) = gcra(shard.tats.get(bucket).copied(), now, quota);
        if let Some(tat) = new_tat {
            match shard.tats.get_mut(bucket) {
                Some(slot) => *slot = tat,
                None => {
                    shard.tats.insert(bucket.to_owned(), tat);
                    if shard.tats.len() >= shard.prune_at {
                        shard.tats.retain(|_, tat| *tat > now);
                        shard.prune_at = (shard.tats.len() * 2).max(PRUNE_AT);
                    }
                }
            }
        }
        decision
    }

    /// Buckets currently held (for tests of the pruning).
    pub fn len(&self) -> usize {
        self.shards
            .iter()
            .map(|s| s.lock().map_or(0, |s| s.tats.len()))
            .sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[async_trait]
impl RateLimiter for LocalLimiter {
    async fn check(&self, bucket: &str, quota: Quota) -> Result<Decision, LimiterError> {
        Ok(self.check_now(bucket, quota))
    }

    fn kind(&self) -> &'static str {
        "in-process"
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn spent_buckets_are_pruned() {
        let limiter = LocalLimiter::new();
        let quota = Quota {
            interval: Duration::from_micros(1),
            burst: 1,
        };
        for i in 0..(SHARDS * PRUNE_AT * 2) {
            limiter.check_now(&format!("ip:{i}"), quota);
        }
        // Each bucket's TAT passes a microsecond later; pruning keeps the
        // map far below the number of distinct buckets seen.
        assert!(limiter.len() < SHARDS * PRUNE_AT * 2, "{}", limiter.len());
    }
}
