//! A circuit breaker per provider: `closed` (calls go through) → after N
//! consecutive failures `open` (calls fail fast for a cool-down) → `half-open`
//! (exactly one probe goes through; its success closes the breaker, its
//! failure opens it again for another cool-down). It keeps a dead provider
//! from holding every worker for the length of its timeouts.

use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The breaker's state, as exported in `/metrics` (0, 1, 2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BreakerState {
    Closed = 0,
    HalfOpen = 1,
    Open = 2,
}

impl BreakerState {
    pub fn as_str(self) -> &'static str {
        match self {
            BreakerState::Closed => "closed",
            BreakerState::HalfOpen => "half_open",
            BreakerState::Open => "open",
        }
    }
}

#[derive(Debug)]
struct Inner {
    state: BreakerState,
    consecutive_failures: u32,
    opened_at: Option<Instant>,
    /// In half-open, whether the one probe is already out.
    probing: bool,
}

/// Permission to make one call; report its outcome with
/// [`Breaker::success`] / [`Breaker::failure`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Admit {
    Yes,
    /// The call is the half-open probe.
    Probe,
}

#[derive(Debug)]
pub struct Breaker {
    threshold: u32,
    cooldown: Duration,
    inner: Mutex<Inner>,
}

impl Breaker {
    pub fn new(threshold: u32, cooldown: Duration) -> Self {
        Self {
            threshold: threshold.max(1),
            cooldown,
            inner: Mutex::new(Inner {
                state: BreakerState::Closed,
                consecutive_failures: 0,
                opened_at: None,
                probing: false,
            }),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        // A poisoned lock only means another thread panicked mid-update of
        // plain counters; the data is still usable.
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn state(&self) -> BreakerState {
        self.lock().state
    }

    /// Whether a call may go out now (`None`: fail fast).
    pub fn admit(&self, now: Instant) -> Option<Admit> {
        let mut g = self.lock();
        match g.state {
            BreakerState::Closed => Some(Admit::Yes),
            BreakerState::Open => {
                let cooled = g
                    .opened_at
                    .is_none_or(|t| now.saturating_duration_since(t) >= self.cooldown);
                if cooled {
                    g.state = BreakerState::HalfOpen;
                    g.probing = true;
                    Some(Admit::Probe)
                } else {
                    None
                }
            }
            BreakerState::HalfOpen if !g.probing => {
                g.probing = true;
                Some(Admit::Probe)
            }
            BreakerState::HalfOpen => None,
        }
    }

    /// A call succeeded: the breaker closes.
    pub fn success(&self) {
        let mut g = self.lock();
        g.state = BreakerState::Closed;
        g.consecutive_failures = 0;
        g.opened_at = None;
        g.probing = false;
    }

    /// A call failed: count it; open at the threshold, or at once after a failed probe.
    pub fn failure(&self, now: Instant) {
        let mut g = self.lock();
        g.consecutive_failures = g.consecutive_failures.saturating_add(1);
        if g.state == BreakerState::HalfOpen || g.consecutive_failures >= self.threshold {
            g.state = BreakerState::Open;
            g.opened_at = Some(now);
        }
        g.probing = false;
    }

    /// A probe was admitted but never made (e.g. no concurrency slot): let
    /// the next caller probe instead of leaving the breaker stuck half-open.
    pub fn release_probe(&self) {
        let mut g = self.lock();
        g.probing = false;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opens_after_threshold_then_probes_once_then_closes() {
        let b = Breaker::new(3, Duration::from_secs(10));
        let t0 = Instant::now();
        for _ in 0..2 {
            assert_eq!(b.admit(t0), Some(Admit::Yes));
            b.failure(t0);
        }
        assert_eq!(b.state(), BreakerState::Closed);
        b.failure(t0);
        assert_eq!(b.state(), BreakerState::Open);
        assert_eq!(b.admit(t0 + Duration::from_secs(9)), None, "cooling down");
        let later = t0 + Duration::from_secs(10);
        assert_eq!(b.admit(later), Some(Admit::Probe));
        assert_eq!(b.state(), BreakerState::HalfOpen);
        assert_eq!(b.admit(later), None, "only one probe at a time");
        b.success();
        assert_eq!(b.state(), BreakerState::Closed);
        assert_eq!(b.admit(later), Some(Admit::Yes));
    }

    #[test]
    fn a_failed_probe_reopens_for_a_full_cooldown() {
        let b = Breaker::new(1, Duration::from_secs(5));
        let t0 = Instant::now();
        b.failure(t0);
        let t1 = t0 + Duration::from_secs(5);
        assert_eq!(b.admit(t1), Some(Admit::Probe));
        b.failure(t1);
        assert_eq!(b.state(), BreakerState::Open);
        assert_eq!(b.admit(t1 + Duration::from_secs(4)), None);
        assert_eq!(b.admit(t1 + Duration::from_secs(5)), Some(Admit::Probe));
    }

    #[test]
    fn a_success_resets_the_failure_count() {
        let b = Breaker::new(2, Duration::from_secs(5));
        let t0 = Instant::now();
        b.failure(t0);
        b.success();
        b.failure(t0);
        assert_eq!(b.state(), BreakerState::Closed);
    }

    #[test]
    fn an_unused_probe_can_be_released() {
        let b = Breaker::new(1, Duration::ZERO);
        let t0 = Instant::now();
        b.failure(t0);
        assert_eq!(b.admit(t0), Some(Admit::Probe));
        assert_eq!(b.admit(t0), None);
        b.release_probe();
        assert_eq!(b.admit(t0), Some(Admit::Probe));
    }
}
