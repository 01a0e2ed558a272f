//! What triggers a certificate reload: SIGHUP (what `systemctl reload` and
//! certbot hooks send), and a change of either file, looked at every few
//! seconds (Kubernetes and cert-manager swap secret volumes without
//! signalling anyone).

use std::sync::Arc;
use std::time::Duration;
use tokio_util::sync::CancellationToken;

use super::CertStore;

/// How often the files are looked at.
const POLL_EVERY: Duration = Duration::from_secs(2);

pub fn spawn_reloader(
    store: Arc<CertStore>,
    stop: CancellationToken,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        #[cfg(unix)]
        let mut hangup =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::hangup()).ok();
        let mut tick = tokio::time::interval(POLL_EVERY);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            #[cfg(unix)]
            let hup = async {
                match hangup.as_mut() {
                    Some(s) => {
                        s.recv().await;
                    }
                    None => std::future::pending::<()>().await,
                }
            };
            #[cfg(not(unix))]
            let hup = std::future::pending::<()>();
            tokio::select! {
                _ = stop.cancelled() => return,
                _ = hup => {
                    tracing::info!("SIGHUP: reloading the TLS certificate");
                    store.reload();
                }
                _ = tick.tick() => {
                    store.reload_if_changed();
                }
            }
        }
    })
}
