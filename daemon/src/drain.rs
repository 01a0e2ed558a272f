//! The graceful drain on SIGTERM, in three steps so load balancers stop
//! sending before anything is refused:
//! 1. *draining*: `/ready` answers 503 at once; requests are still served;
//! 2. after `MODD_SHUTDOWN_DRAIN_SECS` the listener *closes*: no new
//!    connections, in-flight requests finish, a `Prefer: wait` is cut short
//!    (it answers with the pending item, which a worker decides later);
//! 3. workers finish or release their jobs, bounded by
//!    `MODD_SHUTDOWN_TIMEOUT_SECS`, and the process exits.
//!
//! This module owns the state the handlers see; `server` runs the steps.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;
use tokio_util::sync::CancellationToken;

/// Where this process is in its shutdown.
#[derive(Debug, Default)]
pub struct Drain {
    draining: AtomicBool,
    closing: CancellationToken,
}

impl Drain {
    /// Step 1: from now on `/ready` says 503.
    pub fn begin(&self) {
        self.draining.store(true, Ordering::SeqCst);
    }

    pub fn is_draining(&self) -> bool {
        self.draining.load(Ordering::SeqCst)
    }

    /// Step 2: the listener closes; waits for decisions end now.
    pub fn close(&self) {
        self.begin();
        self.closing.cancel();
    }

    /// Cancelled when the listener closes.
    pub fn closing(&self) -> CancellationToken {
        self.closing.clone()
    }

    /// Runs steps 1 and 2: waits for `signal`, drains for `drain_for`, then
    /// closes.
    pub async fn run(&self, signal: impl std::future::Future<Output = ()>, drain_for: Duration) {
        signal.await;
        self.begin();
        tracing::info!(
            drain_secs = drain_for.as_secs(),
            "shutting down: /ready answers 503; still serving during the drain"
        );
        tokio::time::sleep(drain_for).await;
        self.close();
        tracing::info!("listener closed: finishing in-flight requests and jobs");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use tokio::sync::Notify;

    #[tokio::test]
    async fn ready_fails_at_the_signal_and_the_listener_closes_after_the_drain() {
        let drain = Arc::new(Drain::default());
        let signal = Arc::new(Notify::new());
        let run = {
            let (drain, signal) = (drain.clone(), signal.clone());
            tokio::spawn(async move {
                drain
                    .run(signal.notified(), Duration::from_millis(400))
                    .await
            })
        };
        tokio::time::sleep(Duration::from_millis(100)).await;
        assert!(!drain.is_draining(), "nothing before the signal");
        signal.notify_one();
        tokio::time::sleep(Duration::from_millis(50)).await;
        assert!(drain.is_draining());
        assert!(!drain.closing().is_cancelled(), "still serving");
        tokio::time::timeout(Duration::from_secs(5), drain.closing().cancelled())
            .await
            .expect("closes after the drain");
        run.await.unwrap();
    }
}
