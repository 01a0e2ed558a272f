//! Workers and queue: a fresh worker heartbeat, the oldest pending item's
//! age, the dead-letter queue, retries configured.

use chrono::{TimeDelta, Utc};

use super::{CheckResult, Ctx};

/// A heartbeat older than this is stale.
const FRESH: TimeDelta = TimeDelta::seconds(30);

pub async fn checks(ctx: &Ctx) -> Vec<CheckResult> {
    let mut out = Vec::new();
    out.push(match ctx.admin.workers().await {
        Ok(workers) => {
            let now = Utc::now();
            let fresh = workers.iter().filter(|w| now - w.seen_at <= FRESH).count();
            if fresh > 0 {
                CheckResult::pass(
                    "queue.workers",
                    format!("{fresh} worker(s) with a fresh heartbeat"),
                )
            } else {
                CheckResult::fail(
                    "queue.workers",
                    format!("no worker heartbeat in the last {}s", FRESH.num_seconds()),
                    "run `modd worker` (or MODD_WORKERS > 0)",
                )
            }
        }
        Err(e) => CheckResult::fail("queue.workers", e.to_string(), "check the admin key"),
    });
    match ctx.admin.queue_stats().await {
        Ok(q) => {
            out.push(
                if !ctx.thresholds.pending_too_old(q.oldest_pending_seconds) {
                    CheckResult::pass(
                        "queue.oldest-pending",
                        format!(
                            "{} pending, oldest {:.0}s",
                            q.pending_items, q.oldest_pending_seconds
                        ),
                    )
                } else {
                    CheckResult::fail(
                        "queue.oldest-pending",
                        format!(
                            "oldest pending item is {:.0}s old",
                            q.oldest_pending_seconds
                        ),
                        "add workers or look for a stuck one (modctl queue workers)",
                    )
                },
            );
            out.push(if !ctx.thresholds.dead_letters(q.dead_letters) {
                CheckResult::pass("queue.dlq", "empty")
            } else {
                CheckResult::warn(
                    "queue.dlq",
                    format!("{} dead letter(s)", q.dead_letters),
                    "modctl queue dlq list; retry or purge",
                )
            });
        }
        Err(e) => {
            for id in ["queue.oldest-pending", "queue.dlq"] {
                out.push(CheckResult::fail(
                    id,
                    e.to_string(),
                    "check the admin key and the queue",
                ));
            }
        }
    }
    let attempts = ctx.facts.queue.max_attempts;
    out.push(if attempts >= 2 {
        CheckResult::pass(
            "queue.retries",
            format!("{attempts} attempts before the dead-letter queue"),
        )
    } else {
        CheckResult::warn(
            "queue.retries",
            format!("{attempts} attempt: no retries"),
            "MODD_MAX_ATTEMPTS=5",
        )
    });
    out
}
