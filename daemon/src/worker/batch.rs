//! One batch of jobs, the only way a worker handles work: the items are
//! loaded in one query, each is classified and decided on its own
//! ([`assess`]), all outcomes are stored in one transaction, and the batch
//! is acknowledged in one call. What costs a commit or a round trip is paid
//! once per batch; what depends on one item stays per item.
//!
//! A failing item never fails its batch-mates: a policy that cannot load
//! settles only its own job, and the writer answers each outcome on its
//! own (when the store refuses the batch's transaction it records them one
//! by one), so each job is acked, retried or dead-lettered alone. Exactly-once effects hold as for one job:
//! a crash after the commit redelivers the batch, and the store's
//! still-pending guard makes the repeat write nothing.

use futures::StreamExt;
use std::collections::HashMap;
use std::sync::Arc;

use tracing::Instrument;

use super::{
    Failure, WorkerContext, abandoned, announce, assess, give_up, job_span, record, settle,
};
use crate::policy::Policy;
use crate::queue::Job;
use crate::store::StoredItem;
use crate::writer::Decided;
use modd_common::ItemStatus;

/// Items of one batch classified at the same time: enough to overlap a
/// remote provider's latency, few enough not to flood it.
const CLASSIFY_AT_ONCE: usize = 8;

/// A job whose item is pending, with what deciding it needs.
struct Work {
    job: Job,
    item: StoredItem,
    policy: Arc<Policy>,
    /// The job's span: its item's classify and decision spans are children.
    span: tracing::Span,
}

/// Handles `jobs` to the end: every job is retried or dead-lettered here,
/// or returned to be acked (see [`ack`]) once its outcome is committed.
pub(super) async fn handle(ctx: &Arc<WorkerContext>, jobs: Vec<Job>) -> Vec<Job> {
    let (given_up, live): (Vec<Job>, Vec<Job>) = jobs
        .into_iter()
        .partition(|job| job.attempt > ctx.max_attempts);
    for job in &given_up {
        give_up(ctx, job, abandoned(job)).await;
    }
    let Some((work, mut done)) = load(ctx, live).await else {
        return Vec::new();
    };
    let inline = detach_images(ctx, work);
    done.extend(decide(ctx, inline).await);
    done
}

/// Acks a batch's settled jobs in one call. Exactly-once does not depend
/// on it: a job whose ack is lost is delivered again and finds its item
/// decided, so the repeat writes nothing.
pub(super) async fn ack(ctx: Arc<WorkerContext>, done: Vec<Job>) {
    if let Err(e) = ctx.queue.ack_batch(&done).await {
        tracing::warn!(jobs = done.len(), error = %e, "could not settle jobs; they will be delivered again");
    }
}

/// The batch's items in one query, each with its app's policy. Returns the
/// work to do and the jobs with nothing to do (item erased or already
/// decided); `None` when the load failed and every job was settled.
async fn load(ctx: &WorkerContext, jobs: Vec<Job>) -> Option<(Vec<Work>, Vec<Job>)> {
    if jobs.is_empty() {
        return None;
    }
    let ids: Vec<i64> = jobs.iter().map(|j| j.item_id).collect();
    let items = match ctx.store.get_items(&ids).await {
        Ok(items) => items,
        Err(e) => {
            let failure = Failure::from(e);
            for job in &jobs {
                settle(ctx, job, Err(failure.clone())).await;
            }
            return None;
        }
    };
    let mut by_id: HashMap<i64, StoredItem> = items.into_iter().map(|i| (i.id, i)).collect();
    let (mut work, mut nothing) = (Vec::with_capacity(jobs.len()), Vec::new());
    for job in jobs {
        // A duplicate delivery of one item within a batch finds it taken.
        let Some(item) = by_id
            .remove(&job.item_id)
            .filter(|i| i.status == ItemStatus::Pending)
        else {
            nothing.push(job); // erased, or decided: processing is idempotent
            continue;
        };
        match ctx.policies.get(&item.source_app).await {
            Ok(policy) => {
                let span = job_span(&job);
                work.push(Work {
                    job,
                    item,
                    policy,
                    span,
                })
            }
            Err(e) => settle(ctx, &job, Err(e.into())).await,
        }
    }
    Some((work, nothing))
}

/// Hands image items the local model scores to their own tasks while the
/// image lane has room, so a backlog of images does not hold the text items
/// of the batch. Returns the items to decide inline.
fn detach_images(ctx: &Arc<WorkerContext>, work: Vec<Work>) -> Vec<Work> {
    let local_images = ctx.engine.images().is_some_and(|i| i.loaded());
    let mut inline = Vec::with_capacity(work.len());
    for w in work {
        let permit = (local_images && w.item.image_url.is_some())
            .then(|| ctx.image_lane.clone().try_acquire_owned().ok())
            .flatten();
        let Some(permit) = permit else {
            inline.push(w);
            continue;
        };
        let ctx = ctx.clone();
        let span = w.span.clone();
        tokio::spawn(
            async move {
                let assessed = assess(&ctx, &w.item, &w.policy).await;
                let result = record(&ctx, &w.item, assessed.outcome, &assessed.record).await;
                settle(&ctx, &w.job, result).await;
                drop(permit);
            }
            .instrument(span),
        );
    }
    inline
}

/// Classifies and decides each item, stores every outcome in one
/// transaction (through the writer, which may share it with other
/// writes), and returns the jobs to ack; a job whose outcome failed is
/// settled by its own result.
async fn decide(ctx: &WorkerContext, work: Vec<Work>) -> Vec<Job> {
    if work.is_empty() {
        return Vec::new();
    }
    // The futures are built first (they start when polled): a closure in
    // the stream's type would not be `Send` for every lifetime `spawn` asks.
    let pending: Vec<_> = work
        .iter()
        .map(|w| assess(ctx, &w.item, &w.policy).instrument(w.span.clone()))
        .collect();
    let assessed: Vec<_> = futures::stream::iter(pending)
        .buffered(CLASSIFY_AT_ONCE)
        .collect()
        .await;
    // The record spans live until this function returns, after the commit.
    let (outcomes, _records): (Vec<_>, Vec<_>) =
        assessed.into_iter().map(|a| (a.outcome, a.record)).unzip();
    let results = ctx.writer.record(outcomes).await;
    let mut done = Vec::with_capacity(work.len());
    // The writer answers one result per outcome, in order.
    for (w, result) in work.into_iter().zip(results) {
        match result {
            Ok(Decided { outcome, event }) => {
                announce(ctx, &w.item, &outcome, event);
                done.push(w.job);
            }
            Err(e) => settle(ctx, &w.job, Err(e.into())).await,
        }
    }
    done
}
