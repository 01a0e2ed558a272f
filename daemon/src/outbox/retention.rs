//! The retention sweeper: deletes items older than their app's retention
//! (`apps.retention_days`, else `MODD_RETENTION_DAYS`), with their scores,
//! decisions and webhook events.
//!
//! It deletes in batches of [`BATCH`] rows, each its own short transaction,
//! and rests after each batch as long as the batch took (at least
//! [`MIN_PAUSE`]), so a backlog of a million expired items holds the
//! database at most half the time and the API and workers never wait long
//! for it. Several replicas may sweep at once: a row is deleted once, and on
//! PostgreSQL a batch skips rows another replica's batch holds.

use chrono::{DateTime, TimeDelta, Utc};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio_util::sync::CancellationToken;

use crate::settings::RetentionSettings;
use crate::store::{NewAuditEntry, Store, StoreResult};

/// Rows per delete statement.
pub const BATCH: i64 = 500;
/// The shortest rest between batches, to leave the database to the API.
const MIN_PAUSE: Duration = Duration::from_millis(20);

/// One full sweep at `now`: every app with its own retention, then the rest
/// at the default. Returns the number of items deleted.
pub async fn sweep_once(
    store: &dyn Store,
    default_days: i64,
    now: DateTime<Utc>,
    shutdown: &CancellationToken,
) -> StoreResult<u64> {
    let mut scopes: Vec<(Option<String>, i64)> = store
        .list_apps()
        .await?
        .into_iter()
        .filter_map(|a| a.retention_days.map(|d| (Some(a.source_app), d)))
        .collect();
    scopes.push((None, default_days));
    let mut total = 0;
    // On shutdown the sweep stops between batches, and what it deleted
    // so far is still counted and audited.
    'sweep: for (app, days) in scopes {
        let cutoff = now - TimeDelta::days(days);
        loop {
            if shutdown.is_cancelled() {
                break 'sweep;
            }
            let started = Instant::now();
            let n = store
                .delete_items_before(app.as_deref(), cutoff, BATCH)
                .await?;
            total += n;
            // Counted per batch: a long sweep shows its progress.
            metrics::counter!("modd_retention_deleted_total").increment(n);
            if n < BATCH as u64 {
                break;
            }
            // A batch slowed by load rests longer: the sweep backs off
            // exactly when the API needs the database.
            tokio::select! {
                _ = shutdown.cancelled() => break 'sweep,
                _ = tokio::time::sleep(started.elapsed().max(MIN_PAUSE)) => {}
            }
        }
    }
    if total > 0 {
        store
            .append_audit(&NewAuditEntry {
                at: now,
                actor: "system".into(),
                action: "retention.sweep".into(),
                target: "content_items".into(),
                detail: serde_json::json!({"deleted": total}),
            })
            .await?;
    }
    Ok(total)
}

/// Sweeps every `settings.sweep_every` until `shutdown`.
pub fn spawn_sweeper(
    store: Arc<dyn Store>,
    settings: RetentionSettings,
    shutdown: CancellationToken,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        loop {
            match sweep_once(store.as_ref(), settings.default_days, Utc::now(), &shutdown).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(deleted = n, "retention sweep"),
                Err(e) => tracing::warn!(error = %e, "retention sweep failed; retrying next time"),
            }
            tokio::select! {
                _ = shutdown.cancelled() => return,
                _ = tokio::time::sleep(settings.sweep_every) => {}
            }
        }
    })
}
