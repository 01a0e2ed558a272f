//! Human review as a service: the one implementation of listing the queue,
//! showing an item, claiming it and deciding it. The JSON API
//! (`http/routes/review.rs`) and the console (`console/`) both call it, so a
//! decision has the same checks, audit entry, webhook event and feed
//! announcement whichever way it was made. `reasons.rs` owns each app's
//! reason codes, `undo.rs` the console's decisions held for an undo window.

pub mod reasons;
pub mod undo;

use chrono::{TimeDelta, Utc};
use modd_common::{ItemStatus, ReviewBatchResult, ReviewItem, ReviewVerdict};

use crate::http::error::ApiError;
use crate::state::AppState;
use crate::store::{Claim, NewAuditEntry, ReviewDecision, ReviewFilter, ReviewOutcome, StoredItem};

const MAX_NOTE_CHARS: usize = 2000;
/// How long opening an item keeps it for one reviewer.
pub const CLAIM_FOR: TimeDelta = TimeDelta::minutes(5);

/// A queue filter from request parameters, validated.
pub fn filter(
    source_app: Option<String>,
    category: Option<String>,
    min: Option<f64>,
    max: Option<f64>,
) -> Result<ReviewFilter, ApiError> {
    if let Some(app) = &source_app {
        crate::validate::source_app(app).map_err(|e| ApiError::Unprocessable(e.to_string()))?;
    }
    if category
        .as_deref()
        .is_some_and(|c| c.is_empty() || c.len() > 64 || c.contains('\0'))
    {
        return Err(ApiError::Unprocessable(
            "category: 1 to 64 characters".into(),
        ));
    }
    for (name, v) in [("min_score", min), ("max_score", max)] {
        if v.is_some_and(|v| !(0.0..=1.0).contains(&v)) {
            return Err(ApiError::Unprocessable(format!(
                "{name}: must be between 0 and 1"
            )));
        }
    }
    if let (Some(lo), Some(hi)) = (min, max)
        && lo > hi
    {
        return Err(ApiError::Unprocessable(
            "min_score must not exceed max_score".into(),
        ));
    }
    Ok(ReviewFilter {
        source_app,
        category,
        min_score: min,
        max_score: max,
        ..ReviewFilter::default()
    })
}

/// Flagged items matching `filter`, oldest first, at most `filter.limit`.
pub async fn flagged(state: &AppState, filter: &ReviewFilter) -> Result<Vec<StoredItem>, ApiError> {
    Ok(state.store.list_flagged(filter).await?)
}

/// How many items wait for review in all.
pub async fn flagged_total(state: &AppState) -> Result<i64, ApiError> {
    Ok(state.store.count_status(ItemStatus::Flagged).await?)
}

/// An item with its scores, as the review API shows it.
pub async fn review_item(state: &AppState, item: StoredItem) -> Result<ReviewItem, ApiError> {
    let mut scores = state.store.item_scores(item.id).await?;
    modd_common::coverage::annotate(&mut scores);
    Ok(ReviewItem {
        id: item.id,
        source_app: item.source_app,
        external_id: item.external_id,
        content_type: item.content_type,
        status: item.status,
        text: item.text,
        image_url: item.image_url,
        error: item.error,
        decision: item.decision,
        scores,
        created_at: item.created_at,
        updated_at: item.updated_at,
    })
}

/// One item by id, flagged or decided.
pub async fn show(state: &AppState, id: i64) -> Result<ReviewItem, ApiError> {
    let item = state
        .store
        .get_item(id)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("no item {id}")))?;
    review_item(state, item).await
}

/// A note as a reviewer sent it: blank means none.
pub fn check_note(note: Option<String>) -> Result<Option<String>, ApiError> {
    let note = note.filter(|n| !n.trim().is_empty());
    match &note {
        Some(n) if n.chars().nth(MAX_NOTE_CHARS).is_some() => Err(ApiError::Unprocessable(
            format!("note: at most {MAX_NOTE_CHARS} characters"),
        )),
        Some(n) if n.contains('\0') => Err(ApiError::Unprocessable(
            "note: contains a NUL character".into(),
        )),
        _ => Ok(note),
    }
}

/// A reviewer's decision on item `id`, checked: the note, and the reason
/// code against the item's app's list (`reasons.rs`). The one way a
/// [`ReviewDecision`] is made, whether it is then recorded at once
/// ([`decide_or_refuse`]) or held for undo ([`undo::hold`]).
pub async fn checked(
    state: &AppState,
    reviewer: String,
    id: i64,
    verdict: ReviewVerdict,
    note: Option<String>,
    reason_code: Option<String>,
) -> Result<ReviewDecision, ApiError> {
    let note = check_note(note)?;
    let reason_code = reason_code.filter(|c| !c.trim().is_empty());
    if let Some(code) = &reason_code {
        let item = state
            .store
            .get_item(id)
            .await?
            .ok_or_else(|| ApiError::NotFound(format!("no item {id}")))?;
        reasons::check_code(state, &item.source_app, code).await?;
    }
    Ok(ReviewDecision {
        item_id: id,
        verdict,
        reviewer,
        note,
        reason_code,
        decided_at: Utc::now(),
    })
}

/// Records one decision and announces it on the live feed.
pub async fn decide(
    state: &AppState,
    decision: &ReviewDecision,
) -> Result<ReviewOutcome, ApiError> {
    let outcome = state.store.record_review(decision).await?;
    announce(state, decision.verdict, &outcome);
    Ok(outcome)
}

/// What every recorded decision is followed by, however it was recorded:
/// the live feed and the review counter.
fn announce(state: &AppState, verdict: ReviewVerdict, outcome: &ReviewOutcome) {
    if let ReviewOutcome::Decided(event) = outcome {
        state.outbox.feed.publish(event);
        metrics::counter!("modd_reviews_total", "verdict" => verdict.as_str()).increment(1);
    }
}

/// [`decide`] for one item a client asked for by id: anything but a
/// recorded decision is an error saying why.
pub async fn decide_or_refuse(state: &AppState, decision: &ReviewDecision) -> Result<(), ApiError> {
    let outcome = decide(state, decision).await?;
    refusal(decision.item_id, outcome)
}

/// A review that did not happen, as the error a client gets.
fn refusal(id: i64, outcome: ReviewOutcome) -> Result<(), ApiError> {
    match outcome {
        ReviewOutcome::Decided(_) => Ok(()),
        ReviewOutcome::NotFound => Err(ApiError::NotFound(format!("no item {id}"))),
        ReviewOutcome::NotFlagged => Err(ApiError::Conflict(format!(
            "item {id} is not waiting for review (already decided)"
        ))),
        ReviewOutcome::Claimed(claim) => Err(ApiError::Conflict(format!(
            "item {id} is claimed by {} until {}",
            claim.holder,
            claim.claimed_until.format("%H:%M:%S UTC")
        ))),
    }
}

/// Claims a flagged item for `holder` for [`CLAIM_FOR`] (renewing their
/// own claim). Returns the live claim: theirs, or another reviewer's;
/// `None` when the item is not flagged.
pub async fn claim(state: &AppState, holder: &str, id: i64) -> Result<Option<Claim>, ApiError> {
    let now = Utc::now();
    Ok(state
        .store
        .claim_item(id, holder, now, now + CLAIM_FOR)
        .await?)
}

/// The live claim on an item, if any: read only, so showing an item
/// changes nothing (the page claims it with a `POST`).
pub async fn claim_of(state: &AppState, id: i64) -> Result<Option<Claim>, ApiError> {
    Ok(live_claims(state)
        .await?
        .into_iter()
        .find(|c| c.item_id == id))
}

/// Every live claim, for showing who holds what in the queue.
pub async fn live_claims(state: &AppState) -> Result<Vec<Claim>, ApiError> {
    Ok(state.store.live_claims(Utc::now()).await?)
}

/// Items decided per store round in a batch.
const BATCH_CHUNK: i64 = 200;

/// Decides every flagged item matching `f` (up to `f.up_to_id`: what a dry
/// run counted), or only counts them (`dry_run`). Items are decided one by
/// one, each with its event and audit entry, plus one `review.batch`
/// entry; an item another reviewer decided or holds meanwhile is skipped.
pub async fn batch(
    state: &AppState,
    actor: String,
    mut f: ReviewFilter,
    verdict: ReviewVerdict,
    (note, reason_code): (Option<String>, Option<String>),
    dry_run: bool,
) -> Result<ReviewBatchResult, ApiError> {
    let note = check_note(note)?;
    let reason_code = reason_code.filter(|c| !c.trim().is_empty());
    if let Some(code) = &reason_code {
        // Each app has its own list, so a batch with a reason is one app's.
        let Some(app) = &f.source_app else {
            return Err(ApiError::Unprocessable(
                "reason_code: a batch with a reason code needs source_app (codes are per app)"
                    .into(),
            ));
        };
        reasons::check_code(state, app, code).await?;
    }
    f.limit = BATCH_CHUNK;
    let (mut count, mut max_id) = (0u64, None);
    loop {
        let page = flagged(state, &f).await?;
        let Some(last) = page.last().map(|i| i.id) else {
            break;
        };
        f.after_id = last;
        max_id = Some(last);
        for item in &page {
            // A dry run counts every match; a real batch only what it decided.
            let decision = ReviewDecision {
                item_id: item.id,
                verdict,
                reviewer: actor.clone(),
                note: note.clone(),
                reason_code: reason_code.clone(),
                decided_at: Utc::now(),
            };
            let counts =
                dry_run || matches!(decide(state, &decision).await?, ReviewOutcome::Decided(_));
            count += u64::from(counts);
        }
        if (page.len() as i64) < BATCH_CHUNK {
            break;
        }
    }
    if !dry_run {
        state
            .store
            .append_audit(&NewAuditEntry {
                at: Utc::now(),
                actor,
                action: "review.batch".into(),
                target: "review".into(),
                detail: serde_json::json!({
                    "verdict": verdict.as_str(),
                    "reason_code": reason_code,
                    "source_app": f.source_app,
                    "category": f.category,
                    "min_score": f.min_score,
                    "max_score": f.max_score,
                    "language": f.language,
                    "created_before": f.created_before,
                    "up_to_id": f.up_to_id,
                    "decided": count,
                }),
            })
            .await?;
    }
    Ok(ReviewBatchResult {
        dry_run,
        count,
        max_id,
    })
}

/// Flagged items looked at per round when finding the next free one.
const NEXT_PAGE: i64 = 100;

/// The oldest flagged item with an id above `after` that no one but
/// `holder` has claimed, wrapping round to the oldest of all once.
pub async fn next_unclaimed(
    state: &AppState,
    holder: &str,
    after: i64,
) -> Result<Option<i64>, ApiError> {
    // Others' claims, and the holder's own decisions waiting out their undo.
    let mut taken: std::collections::HashSet<i64> = live_claims(state)
        .await?
        .into_iter()
        .filter(|c| c.holder != holder)
        .map(|c| c.item_id)
        .collect();
    taken.extend(
        state
            .store
            .review_holds(holder)
            .await?
            .iter()
            .map(|h| h.decision.item_id),
    );
    for start in [after, 0] {
        let mut f = ReviewFilter {
            after_id: start,
            limit: NEXT_PAGE,
            ..ReviewFilter::default()
        };
        loop {
            let page = flagged(state, &f).await?;
            if let Some(item) = page.iter().find(|i| !taken.contains(&i.id)) {
                return Ok(Some(item.id));
            }
            match page.last() {
                Some(last) if page.len() as i64 == NEXT_PAGE => f.after_id = last.id,
                _ => break,
            }
        }
        if start == 0 {
            break;
        }
    }
    Ok(None)
}
