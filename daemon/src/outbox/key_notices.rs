//! The key-notice sweep: writes a `key.expiring` event for each app bound
//! to a key that comes within `MODD_KEY_EXPIRY_NOTICE` of its expiry (or of
//! the end its maximum age forces), on the retention sweeper's cadence
//! (`MODD_RETENTION_SWEEP_SECS`). The rule is the store's
//! `KeyRecord::ending`, the one the `Deprecation`/`Sunset` headers follow.
//!
//! Every replica sweeps; each announcement is written once because its
//! outbox `webhook_id` is derived from the key, app, kind and sunset (see
//! `KeyNotice::events`) and the outbox keeps ids unique. No `notified_at`
//! column is needed, and a changed sunset (a new expiry) is announced anew.
//! Rotations announce themselves (`key.rotating`) in their own transaction.

use chrono::{DateTime, Utc};
use std::sync::Arc;
use std::time::Duration;
use tokio_util::sync::CancellationToken;

use crate::store::{KeyNotice, KeyNoticeKind, KeyNoticeRules, Store, StoreResult};

/// One sweep at `now`: the notices of working keys bound to apps that are
/// expiring. Returns how many events were written (0 when all were before).
pub async fn sweep_once(
    store: &dyn Store,
    rules: &KeyNoticeRules,
    now: DateTime<Utc>,
) -> StoreResult<u64> {
    let notices: Vec<KeyNotice> = store
        .list_keys()
        .await?
        .into_iter()
        .filter(|k| !k.source_apps.is_empty() && k.is_active(now))
        .filter_map(|k| {
            let ending = k.ending(&rules.lifetime, now)?;
            (ending.kind == KeyNoticeKind::Expiring)
                .then(|| k.notice(ending, rules.docs_url.as_deref(), now))
        })
        .collect();
    store.record_key_notices(&notices).await
}

/// Sweeps every `every` until `shutdown`.
pub fn spawn_sweeper(
    store: Arc<dyn Store>,
    rules: KeyNoticeRules,
    every: Duration,
    shutdown: CancellationToken,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        loop {
            match sweep_once(store.as_ref(), &rules, Utc::now()).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(events = n, "key notices written"),
                Err(e) => tracing::warn!(error = %e, "key notice sweep failed; retrying next time"),
            }
            tokio::select! {
                _ = shutdown.cancelled() => return,
                _ = tokio::time::sleep(every) => {}
            }
        }
    })
}
