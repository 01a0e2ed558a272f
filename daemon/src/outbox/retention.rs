//! The retention sweeper: deletes items older than their app's retention
//! (`apps.retention_days`, else `MODD_RETENTION_DAYS`), with their scores,
//! decisions and webhook events, and the app's key notices (events with no
//! item) once delivered or dead, by the same age, but never before their
//! key's announced end has passed (else the notice sweep would send them
//! again: see `KeyLifetime::longest_notice`).
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
use crate::store::{KeyLifetime, NewAuditEntry, Store, StoreResult};

/// Rows per delete statement.
pub const BATCH: i64 = 500;
/// The shortest rest between batches, to leave the database to the API.
const MIN_PAUSE: Duration = Duration::from_millis(20);

/// What one sweep deleted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Swept {
    pub items: u64,
    /// Key notices: outbox events with no item.
    pub notices: u64,
}

/// What a batch deletes.
#[derive(Clone, Copy)]
enum Rows {
    Items,
    Notices,
}

/// One full sweep at `now`: every app with its own retention, then the rest
/// at the default; in each, the expired items, then the expired notices.
pub async fn sweep_once(
    store: &dyn Store,
    default_days: i64,
    keys: &KeyLifetime,
    now: DateTime<Utc>,
    shutdown: &CancellationToken,
) -> StoreResult<Swept> {
    let mut scopes: Vec<(Option<String>, i64)> = store
        .list_apps()
        .await?
        .into_iter()
        .filter_map(|a| a.retention_days.map(|d| (Some(a.source_app), d)))
        .collect();
    scopes.push((None, default_days));
    let mut swept = Swept::default();
    // On shutdown the sweep stops between batches, and what it deleted
    // so far is still counted and audited.
    'sweep: for (app, days) in scopes {
        let cutoff = now - TimeDelta::days(days);
        let notices_cutoff = cutoff.min(now - keys.longest_notice());
        for (rows, cutoff) in [(Rows::Items, cutoff), (Rows::Notices, notices_cutoff)] {
            loop {
                if shutdown.is_cancelled() {
                    break 'sweep;
                }
                let started = Instant::now();
                let n = match rows {
                    Rows::Items => {
                        let n = store
                            .delete_items_before(app.as_deref(), cutoff, BATCH)
                            .await?;
                        swept.items += n;
                        // Counted per batch: a long sweep shows its progress.
                        metrics::counter!("modd_retention_deleted_total").increment(n);
                        n
                    }
                    Rows::Notices => {
                        let n = store
                            .delete_notices_before(app.as_deref(), cutoff, BATCH)
                            .await?;
                        swept.notices += n;
                        n
                    }
                };
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
    }
    if swept != Swept::default() {
        store
            .append_audit(&NewAuditEntry {
                at: now,
                actor: "system".into(),
                action: "retention.sweep".into(),
                target: "content_items".into(),
                detail: serde_json::json!({"deleted": swept.items, "key_notices": swept.notices}),
            })
            .await?;
    }
    Ok(swept)
}

/// Sweeps every `settings.sweep_every` until `shutdown`.
pub fn spawn_sweeper(
    store: Arc<dyn Store>,
    settings: RetentionSettings,
    keys: KeyLifetime,
    shutdown: CancellationToken,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        loop {
            let now = Utc::now();
            match sweep_once(store.as_ref(), settings.default_days, &keys, now, &shutdown).await {
                Ok(s) if s == Swept::default() => {}
                Ok(s) => tracing::info!(
                    deleted = s.items,
                    key_notices = s.notices,
                    "retention sweep"
                ),
                Err(e) => tracing::warn!(error = %e, "retention sweep failed; retrying next time"),
            }
            tokio::select! {
                _ = shutdown.cancelled() => return,
                _ = tokio::time::sleep(settings.sweep_every) => {}
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{AppChange, DeliveryAttempt, EventNext, KeyNotice, KeyNoticeKind};

    /// A store with one app with a webhook and one delivered `key.expiring`
    /// notice to it, written `age` ago.
    async fn delivered_notice(age: TimeDelta) -> (tempfile::TempDir, Arc<dyn Store>) {
        let (dir, url) = modd_testkit::sqlite_temp().await;
        let store = crate::store::connect(&url, &Default::default())
            .await
            .unwrap();
        store.migrate_up(None).await.unwrap();
        let hook = AppChange {
            webhook_url: Some(Some("https://hooks.example/modd".into())),
            ..AppChange::default()
        };
        store.put_app("forum", &hook, Utc::now()).await.unwrap();
        let at = Utc::now() - age;
        let notice = KeyNotice {
            kind: KeyNoticeKind::Expiring,
            key_id: 1,
            name: "forum".into(),
            prefix: "mod_test_x".into(),
            source_apps: vec!["forum".into()],
            deprecated_since: at,
            sunset: at + TimeDelta::days(7),
            docs_url: None,
            at,
        };
        store.record_key_notices(&[notice]).await.unwrap();
        let now = Utc::now();
        let claimed = store
            .claim_webhook_events(now, now + TimeDelta::minutes(1), 10)
            .await
            .unwrap();
        let attempt = DeliveryAttempt {
            event_id: Some(claimed[0].id),
            webhook_id: claimed[0].webhook_id.clone(),
            source_app: "forum".into(),
            attempt: 1,
            attempted_at: now,
            status_code: Some(200),
            latency_ms: 1,
            error: None,
        };
        let done = EventNext::Delivered;
        store.finish_webhook_attempt(&attempt, done).await.unwrap();
        (dir, store)
    }

    /// Past the retention (30 days), a delivered notice goes, but not while
    /// a notice that long could still be announced: the notice sweep would
    /// write it again.
    #[tokio::test]
    async fn old_notices_go_once_no_key_could_still_announce_them() {
        let (_dir, store) = delivered_notice(TimeDelta::days(40)).await;
        let never = CancellationToken::new();
        let announced_long = KeyLifetime {
            expiry_notice: TimeDelta::days(60),
            ..KeyLifetime::default()
        };
        let swept = sweep_once(store.as_ref(), 30, &announced_long, Utc::now(), &never).await;
        assert_eq!(swept.unwrap(), Swept::default());
        let announced_briefly = KeyLifetime {
            expiry_notice: TimeDelta::days(14),
            ..KeyLifetime::default()
        };
        let swept = sweep_once(store.as_ref(), 30, &announced_briefly, Utc::now(), &never).await;
        assert_eq!(
            swept.unwrap(),
            Swept {
                items: 0,
                notices: 1
            }
        );
        assert!(
            store
                .list_webhook_events("forum", None, 10)
                .await
                .unwrap()
                .is_empty()
        );
        let audit = store.list_audit(10).await.unwrap();
        assert_eq!(audit[0].action, "retention.sweep");
        assert_eq!(audit[0].detail["key_notices"], 1);
    }
}
