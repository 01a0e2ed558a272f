//! Workers: take a job, classify the item, apply the policy, store the
//! outcome. A transient failure (the database unreachable) is retried with
//! exponential backoff and jitter; after the last attempt, or at once for a
//! permanent failure (stored data the store refuses, a policy that cannot
//! apply), the job goes to the dead-letter queue and the item is marked
//! `error` with the reason, never silently approved.
//!
//! Jobs come in batches (see [`batch`]): a worker takes whatever is ready,
//! up to [`WorkerContext::batch_max`], so a lone job is decided at once and a
//! backlog is drained with one read, one load, one commit and one ack per
//! batch instead of per item.
//!
//! Items with an image that the local model scores are detached from the
//! worker (up to [`WorkerContext::image_lane`] of them): they wait for the
//! image pool on their own task, so a backlog of images does not hold the
//! workers and the text items behind it in the queue.

mod batch;
pub mod heartbeat;

use chrono::Utc;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;
use tokio_util::sync::CancellationToken;
use tracing::Instrument;

use crate::classify::Engine;
use crate::intake::wait::Waiters;
use crate::observe::traces::{self, TraceParent};
use crate::policy::{Policies, Policy, PolicyError};
use crate::queue::{Job, JobQueue};
use crate::store::{Outcome, Store, StoreError, StoredItem};
use crate::writer::{Decided, Writer};
use heartbeat::Registry;

/// Default attempts before a job is dead-lettered (`MODD_MAX_ATTEMPTS`).
pub const MAX_ATTEMPTS: u32 = 5;
/// How long one `next` call waits for work; also bounds how long a worker
/// takes to notice shutdown.
const POLL: Duration = Duration::from_secs(1);

/// What every worker shares.
pub struct WorkerContext {
    pub store: Arc<dyn Store>,
    /// Where outcomes are recorded (shared with intake: see [`Writer`]).
    pub writer: Writer,
    pub queue: Arc<dyn JobQueue>,
    pub engine: Arc<Engine>,
    /// Each item is decided by its app's current policy.
    pub policies: Arc<Policies>,
    /// Requests waiting for a decision (`Prefer: wait=N`).
    pub waiters: Arc<Waiters>,
    /// Attempts before a job is dead-lettered.
    pub max_attempts: u32,
    /// This process's workers and their heartbeats.
    pub registry: Arc<Registry>,
    /// Jobs finished by all workers of this process.
    pub jobs_done: AtomicU64,
    /// Workers currently running, for `/ready`.
    pub alive: AtomicU64,
    /// Where decisions are announced (`GET /api/v1/admin/events`).
    pub feed: Arc<crate::outbox::feed::Feed>,
    /// Image items being processed off the workers; when it is full, image
    /// items are processed inline again (backpressure). Small enough that
    /// the lane drains well within the queue's visibility timeout.
    pub image_lane: Arc<tokio::sync::Semaphore>,
    /// This replica's dashboard counters.
    pub stats: Arc<crate::observe::Recorder>,
    /// Most jobs one worker takes at once (`MODD_WORKER_BATCH`).
    pub batch_max: usize,
}

/// Image items that may wait for the image pool off the workers, per image thread.
pub const IMAGE_LANE_PER_THREAD: usize = 64;

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
    let me = ctx.registry.register(n);
    tracing::debug!(worker = %me.id, "worker started");
    ctx.alive.fetch_add(1, Ordering::Relaxed);
    let mut failing = false;
    // The ack of the last batch, running while this worker reads and
    // decides the next one: it only tells the queue to forget jobs whose
    // outcomes are committed, so nothing waits for it but the next ack.
    let mut acking: Option<tokio::task::JoinHandle<()>> = None;
    while !shutdown.is_cancelled() {
        // Not raced against `shutdown`: dropping a read in flight could
        // leave a delivered job unprocessed until the visibility timeout.
        match ctx.queue.next_batch(&me.id, ctx.batch_max, POLL).await {
            Ok(jobs) if !jobs.is_empty() => {
                failing = false;
                let done = jobs.len() as u64;
                me.begin(jobs[0].item_id);
                let settled = batch::handle(&ctx, jobs).await;
                me.finish();
                if let Some(previous) = acking.take() {
                    let _ = previous.await;
                }
                acking = Some(tokio::spawn(batch::ack(ctx.clone(), settled)));
                ctx.jobs_done.fetch_add(done, Ordering::Relaxed);
                metrics::counter!("modd_worker_jobs_total", "worker" => n.to_string())
                    .increment(done);
                metrics::histogram!("modd_worker_batch_size").record(done as f64);
            }
            Ok(_) => failing = false,
            Err(e) => {
                if !failing {
                    tracing::warn!(worker = %me.id, error = %e, "queue unavailable; retrying");
                }
                failing = true;
                tokio::select! {
                    _ = shutdown.cancelled() => {}
                    _ = tokio::time::sleep(Duration::from_millis(500)) => {}
                }
            }
        }
    }
    if let Some(last) = acking {
        let _ = last.await;
    }
    ctx.registry.unregister(&me.id);
    ctx.alive.fetch_sub(1, Ordering::Relaxed);
    tracing::debug!(worker = %me.id, "worker stopped");
}

/// The job's span, a child of the span that enqueued it (when traces are
/// exported): the queue hop links the worker to the request.
fn job_span(job: &Job) -> tracing::Span {
    let span = traces::span(|| {
        tracing::info_span!("worker.job", item_id = job.item_id, attempt = job.attempt)
    });
    TraceParent::adopt_opt(job.trace.as_ref(), &span);
    span
}

/// Why a job that came back too often is given up.
fn abandoned(job: &Job) -> String {
    // Delivered again after its holder vanished, too often: a job that
    // kills or stalls its worker must not take every worker down in turn.
    format!(
        "abandoned {} times (worker died or exceeded the visibility timeout)",
        job.attempt - 1
    )
}

/// Why a job failed, and so whether another attempt can help.
#[derive(Debug, Clone, thiserror::Error)]
enum Failure {
    /// The database (or another dependency) is unavailable: try again later.
    #[error("{0}")]
    Transient(String),
    /// The item or its app's data is wrong: every attempt would fail alike.
    #[error("{0}")]
    Permanent(String),
}

impl From<StoreError> for Failure {
    fn from(e: StoreError) -> Self {
        match e {
            // The store refuses this data (a broken constraint, a NUL
            // character): the same data is refused again. A conflict may be
            // a race with another worker, so it is retried like an outage.
            StoreError::Invalid(_) => Failure::Permanent(e.to_string()),
            _ => Failure::Transient(e.to_string()),
        }
    }
}

impl From<PolicyError> for Failure {
    fn from(e: PolicyError) -> Self {
        match e {
            PolicyError::Store(e) => e.into(),
            invalid @ PolicyError::Invalid { .. } => Failure::Permanent(invalid.to_string()),
        }
    }
}

/// Acks a processed job, or retries it, or gives up: at once on a
/// permanent failure, after the last attempt on a transient one.
async fn settle(ctx: &WorkerContext, job: &Job, result: Result<(), Failure>) {
    let max = ctx.max_attempts;
    let settled = match result {
        Ok(()) => ctx.queue.ack(job).await,
        Err(Failure::Permanent(why)) => {
            give_up(ctx, job, format!("permanent failure: {why}")).await;
            return;
        }
        Err(e) if job.attempt >= max => {
            give_up(
                ctx,
                job,
                format!("failed after {} attempts: {e}", job.attempt),
            )
            .await;
            return;
        }
        Err(e) => {
            tracing::warn!(item_id = job.item_id, attempt = job.attempt, error = %e, "job failed; will retry");
            ctx.stats.job_retry();
            ctx.queue.retry(job, backoff(job.attempt)).await
        }
    };
    if let Err(e) = settled {
        tracing::warn!(item_id = job.item_id, error = %e, "could not settle job; it will be delivered again");
    }
}

/// Marks the item `error` and dead-letters the job. If the database cannot
/// be written, the job is retried instead: the item stays `pending`, so
/// nothing is lost and the reason is not recorded half-way.
async fn give_up(ctx: &WorkerContext, job: &Job, reason: String) {
    tracing::error!(item_id = job.item_id, attempt = job.attempt, reason = %reason, "giving up on item");
    match ctx.store.mark_error(job.item_id, &reason).await {
        Ok(true) => {
            metrics::counter!("modd_jobs_failed_total").increment(1);
            if let Err(e) = ctx.queue.dead_letter(job, &reason).await {
                tracing::warn!(item_id = job.item_id, error = %e, "could not dead-letter job");
            }
        }
        Ok(false) => {
            // Decided (or erased) meanwhile, e.g. by a duplicate delivery.
            if let Err(e) = ctx.queue.ack(job).await {
                tracing::warn!(item_id = job.item_id, error = %e, "could not settle job");
            }
        }
        Err(e) => {
            tracing::error!(item_id = job.item_id, error = %e, "could not mark item as error; retrying later");
            if let Err(e) = ctx.queue.retry(job, backoff(job.attempt)).await {
                tracing::warn!(item_id = job.item_id, error = %e, "could not settle job");
            }
        }
    }
}

/// Exponential backoff with full jitter: 0.5 s, 1 s, 2 s, … capped at 60 s.
pub fn backoff(attempt: u32) -> Duration {
    let base = 500u64
        .saturating_mul(1 << attempt.saturating_sub(1).min(7))
        .min(60_000);
    Duration::from_millis(rand::random::<u64>() % (base / 2 + 1) + base / 2)
}

/// An item's outcome and the span of its decision's transaction, which
/// ends when the outcome is committed (alone or with its batch).
struct Assessed {
    outcome: Outcome,
    record: tracing::Span,
}

/// Classifies one item and applies its app's policy: the per-item step of
/// a batch, run inside the job's span. Large texts go to the blocking
/// pool inside `classify`. A failed classifier is a gap the policy turns
/// into review, not an error here.
async fn assess(ctx: &WorkerContext, item: &StoredItem, policy: &Policy) -> Assessed {
    let classification = ctx
        .engine
        .classify(
            item.text.as_deref(),
            item.image_url.as_deref(),
            policy.options(),
        )
        .instrument(traces::span(|| tracing::info_span!("classify")))
        .await;
    let decision = policy.decide(&classification, &item.content_type);
    // The decision's transaction; its context is stored with the outbox
    // event, so the webhook delivery joins this trace even after a restart.
    let record =
        traces::span(|| tracing::info_span!("decision.record", verdict = ?decision.verdict));
    let outcome = Outcome {
        item_id: item.id,
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
        trace: TraceParent::of(&record).map(|t| t.as_str().to_owned()),
    };
    Assessed { outcome, record }
}

/// Records one outcome on its own (an image item detached from its batch)
/// and announces it, inside `span`, the outcome's decision span.
async fn record(
    ctx: &WorkerContext,
    item: &StoredItem,
    outcome: Outcome,
    span: &tracing::Span,
) -> Result<(), Failure> {
    let result = ctx
        .writer
        .record(vec![outcome])
        .instrument(span.clone())
        .await
        .pop()
        .unwrap_or_else(|| Err(StoreError::Other("the writer answered nothing".into())));
    let Decided { outcome, event } = result?;
    announce(ctx, item, &outcome, event);
    Ok(())
}

/// After a commit: the live feed, the counters and any request waiting
/// for this item. `event` is `None` when another delivery decided it first.
fn announce(
    ctx: &WorkerContext,
    item: &StoredItem,
    outcome: &Outcome,
    event: Option<crate::store::DecisionEvent>,
) {
    if let Some(event) = event {
        ctx.feed.publish(&event);
        let latency = (outcome.decided_at - item.created_at)
            .to_std()
            .unwrap_or_default();
        ctx.stats
            .decision(&item.source_app, outcome.verdict, latency.as_secs_f64());
    }
    ctx.waiters.notify(item.id);
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
