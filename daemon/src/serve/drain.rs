//! The graceful drain on SIGTERM, in three steps so load balancers stop
//! sending before anything is refused:
//! 1. *draining*: `/ready` answers 503 at once; requests are still served;
//! 2. after `MODD_SHUTDOWN_DRAIN_SECS` the listener *closes*: no new
//!    connections, in-flight requests finish, a `Prefer: wait` is cut short
//!    (it answers with the pending item, which a worker decides later);
//! 3. workers finish or release their jobs, bounded by
//!    `MODD_SHUTDOWN_TIMEOUT_SECS`, and the process exits.
//!
//! This module owns the state the handlers see and runs the steps.

use axum::serve::ListenerExt;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

use super::tls::Incoming;

/// Where this process is in its shutdown, and how long each step may take.
#[derive(Debug)]
pub struct Drain {
    draining: AtomicBool,
    closing: CancellationToken,
    /// `MODD_SHUTDOWN_DRAIN_SECS`: from the signal to closing the listener.
    drain_for: Duration,
    /// `MODD_SHUTDOWN_TIMEOUT_SECS`: from closing the listener to exiting anyway.
    timeout: Duration,
}

/// Work that runs beside the listener (workers, reconciler, senders) and
/// stops when the listener closes.
pub struct Background {
    pub stop: CancellationToken,
    pub tasks: Vec<JoinHandle<()>>,
}

impl Drain {
    pub fn new(drain_for: Duration, timeout: Duration) -> Self {
        Self {
            draining: AtomicBool::new(false),
            closing: CancellationToken::new(),
            drain_for,
            timeout,
        }
    }

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

    /// Runs steps 1 and 2: waits for `signal`, drains, then closes.
    pub async fn run(&self, signal: impl std::future::Future<Output = ()>) {
        signal.await;
        self.begin();
        tracing::info!(
            drain_secs = self.drain_for.as_secs(),
            "shutting down: /ready answers 503; still serving during the drain"
        );
        tokio::time::sleep(self.drain_for).await;
        self.close();
        tracing::info!("listener closed: finishing in-flight requests and jobs");
    }
}

/// Serves `app` on `incoming` until `signal`, then runs all three steps;
/// returns when everything stopped or the timeout after closing ran out.
pub async fn serve(
    incoming: Incoming,
    app: axum::Router,
    drain: Arc<Drain>,
    background: Background,
    signal: impl std::future::Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    // `tap_io` only so axum hands handlers the peer's `SocketAddr` for any
    // listener type (it does so for `TcpListener` alone).
    let server = axum::serve(
        incoming.tap_io(|_| {}),
        app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown({
        let drain = drain.clone();
        async move { drain.run(signal).await }
    });
    let serving = async {
        let result = server.await;
        // Also when the server stopped by itself, so the workers stop too.
        drain.close();
        result
    };
    // Workers keep deciding during the drain and stop when the listener
    // closes, alongside the in-flight requests.
    let closing = drain.closing();
    let working = async move {
        closing.cancelled().await;
        background.stop.cancel();
        futures::future::join_all(background.tasks).await;
    };
    let (closing, timeout) = (drain.closing(), drain.timeout);
    let bound = async move {
        closing.cancelled().await;
        tokio::time::sleep(timeout).await;
    };
    tokio::select! {
        (result, ()) = async { tokio::join!(serving, working) } => result?,
        () = bound => tracing::warn!(
            "shutdown timeout reached with requests or jobs still running; their items are retried after restart"
        ),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::sync::Notify;

    #[tokio::test]
    async fn ready_fails_at_the_signal_and_the_listener_closes_after_the_drain() {
        let drain = Arc::new(Drain::new(Duration::from_millis(400), Duration::ZERO));
        let signal = Arc::new(Notify::new());
        let run = {
            let (drain, signal) = (drain.clone(), signal.clone());
            tokio::spawn(async move { drain.run(signal.notified()).await })
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
