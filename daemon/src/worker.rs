//! Workers: take a job, classify the item, apply the policy, store the
//! outcome. Failures are retried with backoff; after the last attempt the
//! item is marked `error` with the reason, never silently approved.

use chrono::Utc;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;
use tokio_util::sync::CancellationToken;

use crate::classify::Engine;
use crate::policy::Policies;
use crate::queue::{Job, JobQueue};
use crate::store::{Outcome, Store};
use crate::wait::Waiters;

/// Attempts before an item is marked `error`.
pub const MAX_ATTEMPTS: u32 = 5;

/// What every worker shares.
pub struct WorkerContext {
    pub store: Arc<dyn Store>,
    pub queue: Arc<dyn JobQueue>,
    pub engine: Arc<Engine>,
    /// Each item is decided by its app's current policy.
    pub policies: Arc<Policies>,
    /// Requests waiting for a decision (`Prefer: wait=N`).
    pub waiters: Arc<Waiters>,
    /// Jobs finished by all workers of this process.
    pub jobs_done: AtomicU64,
    /// Workers currently running, for `/ready`.
    pub alive: AtomicU64,
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
    let policy = ctx.policies.get(&item.source_app).await?;
    // Large texts go to the blocking pool inside `classify`. A failed
    // classifier is a gap the policy turns into review, not an error here.
    let classification = ctx
        .engine
        .classify(
            item.text.as_deref(),
            item.image_url.as_deref(),
            policy.options(),
        )
        .await;
    let decision = policy.decide(&classification, &item.content_type);
    let outcome = Outcome {
        item_id,
        scores: classification.scores(),
        verdict: decision.verdict,
        reason: decision.reason,
        policy_version: policy.label.clone(),
        decided_by: "rule".into(),
        decided_at: Utc::now(),
        language: classification
            .language
            .as_ref()
            .and_then(|l| l.code.clone()),
        model_versions: classification.model_versions(),
        gaps: classification.gaps,
    };
    if ctx.store.record_outcome(&outcome).await? {
        let app = crate::metrics::app_label(&item.source_app);
        metrics::counter!("modd_decisions_total", "verdict" => outcome.verdict.as_status().as_str(), "source_app" => app.clone()).increment(1);
        let latency = (outcome.decided_at - item.created_at)
            .to_std()
            .unwrap_or_default();
        metrics::histogram!("modd_accept_to_decision_seconds", "source_app" => app)
            .record(latency.as_secs_f64());
    }
    ctx.waiters.notify(item_id);
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
