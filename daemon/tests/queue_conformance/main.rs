#![allow(clippy::unwrap_used, clippy::expect_used)]
//! One conformance suite for every `JobQueue`: each case is a plain
//! `async fn(Arc<dyn JobQueue>)`; `suite!` runs it on `LocalQueue` (always),
//! on `RedisStreamQueue` on one server (when `TEST_REDIS_URL` is set;
//! required with `MODD_REQUIRE_SERVICES=1`) and on a three-master Redis
//! Cluster this binary starts once (`redis_cluster`; required likewise),
//! each Redis test under a key prefix of its own.
//!
//! Cases live in `cases.rs` (delivery, retry, reclaim, dead letters),
//! `batches.rs` (batch reads and acks) and
//! `reconcile.rs` (the reconciler against a real store); `redis_only.rs`
//! holds what only Redis can do (lose its data, restart).

mod batches;
mod cases;
mod reconcile;
mod redis_only;

use batches::*;
use cases::*;
use reconcile::*;

use modd::queue::{JobQueue, LocalQueue, QueueOptions, RedisStreamQueue};
use modd_testkit::RedisPrefix;
use std::sync::Arc;
use std::time::Duration;

/// Short enough that reclaim cases run quickly.
const VISIBILITY: Duration = Duration::from_millis(400);

fn options() -> QueueOptions {
    QueueOptions {
        visibility_timeout: VISIBILITY,
        dlq_max: 1000,
    }
}

fn local() -> Arc<dyn JobQueue> {
    Arc::new(LocalQueue::with_options(options(), usize::MAX))
}

fn redis(prefix: &RedisPrefix) -> Arc<dyn JobQueue> {
    Arc::new(RedisStreamQueue::new(prefix.handle(), options()))
}

macro_rules! suite {
    ($($case:ident),* $(,)?) => {
        mod local {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $case() {
                    super::$case(super::local()).await;
                }
            )*
        }
        mod redis {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $case() {
                    let Some(prefix) = modd_testkit::RedisPrefix::new() else { return };
                    super::$case(super::redis(&prefix)).await;
                    prefix.cleanup().await;
                }
            )*
        }
        mod redis_cluster {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $case() {
                    let Some(cluster) = modd_testkit::RedisCluster::shared() else { return };
                    let prefix = modd_testkit::RedisPrefix::on(&cluster.url());
                    super::$case(super::redis(&prefix)).await;
                    prefix.cleanup().await;
                }
            )*
        }
    };
}

suite!(
    enqueue_dedups_and_delivers_in_order,
    retry_waits_and_counts_the_attempt,
    the_trace_context_rides_with_the_job,
    a_held_job_is_reclaimed_after_the_visibility_timeout,
    dead_letters_can_be_listed_shown_deleted_and_purged,
    settling_twice_does_nothing,
    a_waiting_consumer_wakes_on_enqueue,
    concurrent_consumers_get_each_job_once,
    reconciler_offers_pending_items_without_duplicates,
    ping_answers,
    next_batch_takes_what_is_ready_up_to_its_bound,
    a_lone_job_is_not_held_back_to_fill_a_batch,
    a_batch_mate_settles_alone,
    a_dead_workers_batch_is_reclaimed_whole,
);
