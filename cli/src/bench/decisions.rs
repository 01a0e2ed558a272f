//! After the load: follow a sample of accepted items to their decision
//! (accept→decision latency, from the server's own timestamps), or read
//! every accepted item's timings from the database
//! (`--decisions-from-database`), and the temporary key `--create-temp-key`
//! makes and revokes.

use futures::StreamExt;
use modd_common::{CreateKeyRequest, ItemStatus, Role};
use serde::Serialize;
use std::time::Duration;

use crate::client::Client;
use crate::error::CliError;

/// Accept→decision latencies of the sampled items.
#[derive(Debug, Default, Serialize)]
pub struct Decided {
    /// Milliseconds from `created_at` to `decided_at`, for decided items.
    pub latencies_ms: Vec<f64>,
    /// Sampled items still pending when following gave up.
    pub still_pending: usize,
    /// Sampled items that could not be read back.
    pub unreadable: usize,
    /// Items decided per second, first accept to last decision (database only).
    pub decided_per_s: Option<f64>,
    /// Every accepted item, read from the database, rather than a sample.
    pub from_database: bool,
}

/// Every accepted item's timings (ids `first..=last` of `source_app`),
/// from the database, once none is pending or `timeout` passes.
pub async fn from_database(
    store: &dyn modd_store::Store,
    source_app: &str,
    (first, last): (i64, i64),
    timeout: Duration,
) -> Result<Decided, CliError> {
    let deadline = tokio::time::Instant::now() + timeout;
    loop {
        let t = store.decision_timings(source_app, first, last).await?;
        if t.pending == 0 || tokio::time::Instant::now() >= deadline {
            return Ok(Decided {
                decided_per_s: t.decided_per_sec(),
                still_pending: usize::try_from(t.pending).unwrap_or(0),
                latencies_ms: t.latencies_ms,
                unreadable: 0,
                from_database: true,
            });
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Polls each id until it is decided or `timeout` passes, 16 at a time.
pub async fn follow(client: &Client, ids: &[i64], timeout: Duration) -> Decided {
    let deadline = tokio::time::Instant::now() + timeout;
    let results: Vec<Result<Option<f64>, ()>> = futures::stream::iter(ids.iter().copied())
        .map(|id| async move {
            loop {
                let item = client.get_item(id).await.map_err(|_| ())?;
                if item.status != ItemStatus::Pending {
                    return Ok(item.decision.map(|d| {
                        (d.decided_at - item.created_at)
                            .num_microseconds()
                            .unwrap_or(0) as f64
                            / 1000.0
                    }));
                }
                if tokio::time::Instant::now() >= deadline {
                    return Ok(None);
                }
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        })
        .buffer_unordered(16)
        .collect()
        .await;
    let mut decided = Decided::default();
    for r in results {
        match r {
            Ok(Some(ms)) => decided.latencies_ms.push(ms),
            Ok(None) => decided.still_pending += 1,
            Err(()) => decided.unreadable += 1,
        }
    }
    decided.latencies_ms.sort_by(f64::total_cmp);
    decided
}

/// A client key made for one run.
#[derive(Debug)]
pub struct TempKey {
    pub id: i64,
    pub secret: String,
}

impl TempKey {
    /// Creates a client key with no practical rate limit through the admin API.
    pub async fn create(admin: &Client) -> Result<Self, CliError> {
        let req = CreateKeyRequest {
            name: "modctl-bench-temp".into(),
            role: Role::Client,
            source_apps: Vec::new(),
            rate_limit: Some("1000000/sec".into()),
            expires_in: Some("1h".into()),
            environment: None,
            person: None,
            max_age: None,
        };
        let created = admin.create_key(&req).await.map_err(|e| {
            CliError::failure(anyhow::Error::new(e)).context("creating the temporary key")
        })?;
        Ok(Self {
            id: created.info.id,
            secret: created.key,
        })
    }

    /// Revokes the key; a failure is reported but does not fail the run
    /// (the key also expires by itself within the hour).
    pub async fn revoke(&self, admin: &Client) {
        if let Err(e) = admin.revoke_key(self.id).await {
            eprintln!(
                "modctl: warning: could not revoke temporary key {}: {e}",
                self.id
            );
        }
    }
}
