//! Calls, errors and latency of one outgoing lane (a remote provider, the
//! image pool) since this replica started, for `GET /api/v1/admin/stats`.
//! Each lane records through one method that also writes its Prometheus
//! series, so `/metrics` and `modctl top` count the same calls. A leaf:
//! it imports nothing of the daemon, so the lanes below `observe/` can
//! hold one.

use modd_common::Histogram;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

#[derive(Debug, Default)]
pub struct Tally {
    calls: AtomicU64,
    errors: AtomicU64,
    latency: Mutex<Histogram>,
}

/// What a [`Tally`] holds at one moment.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TallyView {
    pub calls: u64,
    pub errors: u64,
    pub latency: Histogram,
}

impl Tally {
    /// A call that went out and took `seconds`.
    pub fn timed(&self, ok: bool, seconds: f64) {
        self.calls.fetch_add(1, Ordering::Relaxed);
        if !ok {
            self.errors.fetch_add(1, Ordering::Relaxed);
        }
        if let Ok(mut h) = self.latency.lock() {
            h.record(seconds);
        }
    }

    /// A call refused before it went out (breaker open, no free slot).
    pub fn refused(&self) {
        self.calls.fetch_add(1, Ordering::Relaxed);
        self.errors.fetch_add(1, Ordering::Relaxed);
    }

    pub fn view(&self) -> TallyView {
        TallyView {
            calls: self.calls.load(Ordering::Relaxed),
            errors: self.errors.load(Ordering::Relaxed),
            latency: self.latency.lock().map(|h| h.clone()).unwrap_or_default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refused_calls_are_errors_without_latency() {
        let t = Tally::default();
        t.timed(true, 0.02);
        t.timed(false, 0.5);
        t.refused();
        let v = t.view();
        assert_eq!((v.calls, v.errors, v.latency.count()), (3, 2, 2));
    }
}
