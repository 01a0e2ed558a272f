//! Workers: take a job, classify the item, apply the policy, store the
//! outcome. Failures are retried with backoff; after the last attempt the
//! item is marked `error` with the reason, never silently approved.

use chrono::Utc;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;
use tokio_util::sync::CancellationToken;

use crate::classify::{Content, Engine};
use crate::policy::Policy;
use crate::queue::{Job, JobQueue};
use crate::store::{Outcome, Store};

/// Attempts before an item is marked `error`.
pub const MAX_ATTEMPTS: u32 = 5;

/// What every worker shares.
pub struct WorkerContext {
    pub store: Arc<dyn Store>,
    pub queue: Arc<dyn JobQueue>,
    pub engine: Arc<Engine>,
    pub policy: Arc<Policy>,
    /// Jobs finished by all workers of this process.
    pub jobs_done: AtomicU64,
    /// Workers currently running, for `/ready`.
    pub alive: AtomicU64,
    /// Where decisions are announced (`GET /api/v1/admin/events`).
    pub feed: Arc<crate::feed::Feed>,
}

/// Starts `count` workers; each stops after its current job once `shutdown` fires.
pub fn spawn_workers(
    ctx: Arc<WorkerContext>,
    count: usize,
    shutdown: CancellationToken,
) -> Vec<tokio::task::JoinHandle<()>> {
    (0..count)
        .map(|n| {
            let ctx = ctx.clone();
            let shutdown = shutdown.clone();
            tokio::spawn(async move { run(ctx, n, shutdown).await })
        })
        .collect()
}

async fn run(ctx: Arc<WorkerContext>, n: usize, shutdown: CancellationToken) {
    tracing::debug!(worker = n, "worker started");
    ctx.alive.fetch_add(1, Ordering::Relaxed);
    while !shutdown.is_cancelled() {
        let job = tokio::select! {
            _ = shutdown.cancelled() => break,
            job = ctx.queue.next(Duration::from_secs(1)) => job,
        };
        match job {
            Ok(Some(job)) => handle(&ctx, job).await,
            Ok(None) => {}
            Err(e) => {
                tracing::warn!(worker = n, error = %e, "queue unavailable");
                tokio::time::sleep(Duration::from_millis(500)).await;
            }
        }
    }
    ctx.alive.fetch_sub(1, Ordering::Relaxed);
    tracing::debug!(worker = n, "worker stopped");
}

async fn handle(ctx: &WorkerContext, job: Job) {
    let result = process(ctx, job.item_id).await;
    let queued = match result {
        Ok(()) => ctx.queue.ack(&job).await,
        Err(e) if job.attempt >= MAX_ATTEMPTS => {
            tracing::error!(item_id = job.item_id, attempt = job.attempt, error = %e, "giving up on item");
            metrics::counter!("modd_jobs_failed_total").increment(1);
            if let Err(e) = ctx
                .store
                .mark_error(
                    job.item_id,
                    &format!("processing failed after {} attempts: {e}", job.attempt),
                )
                .await
            {
                tracing::error!(item_id = job.item_id, error = %e, "could not mark item as error");
            }
            ctx.queue.ack(&job).await
        }
        Err(e) => {
            tracing::warn!(item_id = job.item_id, attempt = job.attempt, error = %e, "job failed; will retry");
            metrics::counter!("modd_job_retries_total").increment(1);
            ctx.queue.retry(&job, backoff(job.attempt)).await
        }
    };
    ctx.jobs_done.fetch_add(1, Ordering::Relaxed);
    if let Err(e) = queued {
        tracing::warn!(item_id = job.item_id, error = %e, "could not settle job; the reconciler will find it");
    }
}

/// Exponential backoff with full jitter: 0.5 s, 1 s, 2 s, … capped at 60 s.
pub fn backoff(attempt: u32) -> Duration {
    let base = 500u64
        .saturating_mul(1 << attempt.saturating_sub(1).min(7))
        .min(60_000);
    Duration::from_millis(rand::random::<u64>() % (base / 2 + 1) + base / 2)
}

async fn process(ctx: &WorkerContext, item_id: i64) -> anyhow::Result<()> {
    let Some(item) = ctx.store.get_item(item_id).await? else {
        return Ok(()); // erased meanwhile
    };
    if item.status != modd_common::ItemStatus::Pending {
        return Ok(()); // already decided: processing is idempotent
    }
    let content = Content {
        text: item.text.as_deref(),
        image_url: item.image_url.as_deref(),
    };
    let scores = ctx.engine.classify(&content)?;
    let decision = ctx.policy.decide(&scores);
    let outcome = Outcome {
        item_id,
        scores,
        verdict: decision.verdict,
        reason: decision.reason,
        policy_version: ctx.policy.version.clone(),
        decided_by: "rule".into(),
        decided_at: Utc::now(),
    };
    if ctx.store.record_outcome(&outcome).await? {
        ctx.feed.publish(&crate::events::from_outcome(
            &item.source_app,
            &item.external_id,
            &outcome,
        ));
        let app = crate::metrics::app_label(&item.source_app);
        metrics::counter!("modd_decisions_total", "verdict" => outcome.verdict.as_status().as_str(), "source_app" => app.clone()).increment(1);
        let latency = (outcome.decided_at - item.created_at)
            .to_std()
            .unwrap_or_default();
        metrics::histogram!("modd_accept_to_decision_seconds", "source_app" => app)
            .record(latency.as_secs_f64());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_and_is_capped() {
        for attempt in 1..20 {
            let d = backoff(attempt);
            assert!(d <= Duration::from_secs(60));
            let floor = Duration::from_millis((500u64 << (attempt - 1).min(7)).min(60_000) / 2);
            assert!(d >= floor, "{attempt}: {d:?}");
        }
    }
}
