//! Undo for console decisions: a deferred commit. A decision made in the
//! console is held (`review_holds`) for `MODD_CONSOLE_UNDO_SECS`; its
//! reviewer can drop it meanwhile, and when the window ends the committer
//! records it through the same store call as every other review
//! (`record_review`'s transaction: status, audit entry, outbox event), then
//! announces it as [`super::decide`] does.
//!
//! Why deferred and not a compensating revert: nothing leaves `modd` before
//! the commit, so an undone decision never sends a webhook and needs no
//! "never mind" event; the storage mode (`none` drops the text, `redacted`
//! masks it) applies once, to a final decision; the outbox stays
//! append-only. The cost is that the decision is recorded a few seconds
//! later; meanwhile the reviewer's claim keeps the item from everyone else.

use std::time::Duration;

use chrono::Utc;
use modd_common::{ItemStatus, ReviewVerdict};
use tokio_util::sync::CancellationToken;

use super::{CLAIM_FOR, announce, refusal};
use crate::http::error::ApiError;
use crate::state::AppState;
use crate::store::{HoldOutcome, ReviewDecision, ReviewHold, ReviewOutcome, UndoOutcome};

/// How often the committer looks for decisions whose window has ended.
const COMMIT_EVERY: Duration = Duration::from_millis(500);
/// Held decisions committed per round.
const COMMIT_BATCH: i64 = 100;

/// Holds a checked decision ([`super::checked`]) until its undo window
/// ends; refused as [`super::decide_or_refuse`] would refuse it.
pub async fn hold(state: &AppState, decision: ReviewDecision) -> Result<ReviewHold, ApiError> {
    let window = state.settings.console.undo_window;
    let hold = ReviewHold {
        commit_at: decision.decided_at + window,
        decision,
    };
    let claim_until = hold.commit_at + CLAIM_FOR;
    match state.store.hold_review(&hold, claim_until).await? {
        HoldOutcome::Held => Ok(hold),
        HoldOutcome::Refused(outcome) => {
            refusal(hold.decision.item_id, outcome)?;
            Err(ApiError::Internal(
                "a refused hold said it was decided".into(),
            ))
        }
    }
}

/// Drops `reviewer`'s held decision on item `id` while its window is open:
/// the item is flagged again, claimed by them, and no webhook was sent.
pub async fn undo(state: &AppState, reviewer: &str, id: i64) -> Result<ReviewHold, ApiError> {
    match state.store.undo_review(id, reviewer, Utc::now()).await? {
        UndoOutcome::Undone(hold) => Ok(hold),
        UndoOutcome::TooLate => Err(ApiError::UndoExpired(format!(
            "item {id}: the undo window ({} s) has ended; the decision is recorded",
            state.settings.console.undo_window.num_seconds()
        ))),
        UndoOutcome::NotHeld => Err(ApiError::NotFound(format!(
            "item {id}: you have no decision on it to undo"
        ))),
    }
}

/// The reviewer's decisions that can still be undone, newest first.
pub async fn open_holds(state: &AppState, reviewer: &str) -> Result<Vec<ReviewHold>, ApiError> {
    let now = Utc::now();
    let holds = state.store.review_holds(reviewer).await?;
    Ok(holds.into_iter().filter(|h| h.commit_at > now).collect())
}

/// Records every held decision whose window has ended; returns how many
/// were recorded. Any replica may run this at the same time as another:
/// each hold is taken by one of them.
pub async fn commit_due(state: &AppState) -> Result<usize, ApiError> {
    let now = Utc::now();
    let mut recorded = 0;
    for id in state.store.due_review_holds(now, COMMIT_BATCH).await? {
        let Some(outcome) = state.store.commit_review_hold(id, now).await? else {
            continue;
        };
        let why = match &outcome {
            ReviewOutcome::Decided(event) => {
                let verdict = if event.data.status == ItemStatus::Approved {
                    ReviewVerdict::Approved
                } else {
                    ReviewVerdict::Blocked
                };
                announce(state, verdict, &outcome);
                recorded += 1;
                continue;
            }
            ReviewOutcome::NotFound => "the item was erased",
            ReviewOutcome::NotFlagged => "the item was decided elsewhere",
            ReviewOutcome::Claimed(_) => "another reviewer claimed it after the claim ran out",
        };
        tracing::warn!(item = id, why, "held review dropped");
    }
    Ok(recorded)
}

/// Runs [`commit_due`] every [`COMMIT_EVERY`] until `shutdown`.
pub fn spawn_committer(
    state: AppState,
    shutdown: CancellationToken,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        loop {
            if let Err(e) = commit_due(&state).await {
                tracing::warn!(error = %e, "committing held reviews failed; retrying");
            }
            tokio::select! {
                _ = shutdown.cancelled() => return,
                _ = tokio::time::sleep(COMMIT_EVERY) => {}
            }
        }
    })
}
