//! The limits past which a number means trouble, in one place: `modctl
//! verify` fails or warns on them (its flags default to these), and
//! `modctl top` highlights a panel value that crosses one, so the
//! dashboard in an incident and the checklist before one agree.

/// `queue.oldest-pending` fails above this age of the oldest pending item.
pub const MAX_PENDING_SECS: u64 = 300;
/// `perf.analyse-p95` fails above this p95, in milliseconds.
pub const P95_MS: f64 = 200.0;
/// `webhooks.delivery` fails below this success rate, in percent.
pub const MIN_DELIVERY_RATE: f64 = 95.0;
/// `redis.memory` warns above this share of `maxmemory`.
pub const REDIS_HEADROOM: f64 = 0.8;

/// The limits in force (verify's flags, or the defaults for `top`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Thresholds {
    pub max_pending_secs: u64,
    pub p95_ms: f64,
    pub min_delivery_rate: f64,
    pub redis_headroom: f64,
}

impl Default for Thresholds {
    fn default() -> Self {
        Self {
            max_pending_secs: MAX_PENDING_SECS,
            p95_ms: P95_MS,
            min_delivery_rate: MIN_DELIVERY_RATE,
            redis_headroom: REDIS_HEADROOM,
        }
    }
}

impl Thresholds {
    /// The oldest pending item waited too long (`queue.oldest-pending`).
    pub fn pending_too_old(&self, oldest_seconds: f64) -> bool {
        oldest_seconds > self.max_pending_secs as f64
    }

    /// Any dead letter needs a look (`queue.dlq`).
    pub fn dead_letters(&self, n: u64) -> bool {
        n > 0
    }

    /// Requests are not faster than the budget (`perf.analyse-p95`:
    /// "target < p95_ms").
    pub fn too_slow(&self, p95_seconds: f64) -> bool {
        p95_seconds * 1000.0 >= self.p95_ms
    }

    /// Deliveries fail too often (`webhooks.delivery`); `success` is 0..=1.
    pub fn deliveries_failing(&self, success: f64) -> bool {
        success * 100.0 < self.min_delivery_rate
    }

    /// Redis is close to its `maxmemory` (`redis.memory`); no limit (0) is
    /// its own warning in verify, not a crossing.
    pub fn redis_full(&self, used: u64, max: u64) -> bool {
        max > 0 && used as f64 > self.redis_headroom * max as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_limit_is_crossed_only_past_it() {
        let t = Thresholds::default();
        assert!(!t.pending_too_old(300.0) && t.pending_too_old(300.5));
        assert!(!t.dead_letters(0) && t.dead_letters(1));
        assert!(!t.too_slow(0.199) && t.too_slow(0.2));
        assert!(!t.deliveries_failing(0.95) && t.deliveries_failing(0.949));
        assert!(!t.redis_full(80, 100) && t.redis_full(81, 100));
        assert!(
            !t.redis_full(u64::MAX, 0),
            "no maxmemory: verify warns otherwise"
        );
    }
}
