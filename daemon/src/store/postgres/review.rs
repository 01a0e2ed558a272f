//! PostgreSQL SQL for the review queue and what follows every decision: the
//! storage mode applied to the text, and the outbox event.

use crate::outbox::events::{DecisionEvent, new_webhook_id};
use crate::store::codec::item_from_row;
use crate::store::outbox::{
    self, DecidedRow, check_note, parse_mode, review_detail, text_after_final,
};
use crate::store::rows::score_from_row;
use crate::store::sql::{LIST_FLAGGED, SCORES_OF_ITEM};
use crate::store::{ReviewDecision, ReviewFilter, ReviewOutcome, StoreResult, StoredItem};
use modd_common::Verdict;
use sqlx::types::Json;
use sqlx::{PgPool, Postgres, Row, Transaction};

/// After a decision row is written, inside its transaction: apply the app's
/// storage mode (final decisions only) and write the outbox event when the
/// app has a webhook. The unique (item, kind) key makes the event idempotent.
pub(super) async fn after_decision(
    tx: &mut Transaction<'static, Postgres>,
    event: &DecisionEvent,
    text: Option<&str>,
) -> StoreResult<()> {
    let app: Option<(Option<String>, String)> =
        sqlx::query_as("SELECT webhook_url, storage_mode FROM apps WHERE source_app = $1")
            .bind(&event.data.source_app)
            .fetch_optional(&mut **tx)
            .await?;
    let Some((webhook_url, mode)) = app else {
        return Ok(()); // defaults: keep text, no webhook
    };
    match text_after_final(event.data.status, parse_mode(&mode), text) {
        None => {}
        Some(None) => {
            sqlx::query("UPDATE content_items SET text = NULL, image_url = NULL WHERE id = $1")
                .bind(event.data.id)
                .execute(&mut **tx)
                .await?;
        }
        Some(Some(masked)) => {
            sqlx::query("UPDATE content_items SET text = $1 WHERE id = $2")
                .bind(masked)
                .bind(event.data.id)
                .execute(&mut **tx)
                .await?;
        }
    }
    if webhook_url.is_some() {
        let at = event.data.decided_at;
        sqlx::query(
            "INSERT INTO webhook_events \
             (webhook_id, item_id, source_app, kind, body, next_attempt_at, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $6) ON CONFLICT (item_id, kind) DO NOTHING",
        )
        .bind(new_webhook_id())
        .bind(event.data.id)
        .bind(&event.data.source_app)
        .bind(event.outbox_kind())
        .bind(event.to_json())
        .bind(at)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

pub(super) async fn list_flagged(pool: &PgPool, f: &ReviewFilter) -> StoreResult<Vec<StoredItem>> {
    let rows = sqlx::query(&LIST_FLAGGED)
        .bind(f.after_id)
        .bind(f.up_to_id)
        .bind(&f.source_app)
        .bind(&f.category)
        .bind(f.min_score)
        .bind(f.max_score)
        .bind(f.limit.max(0))
        .fetch_all(pool)
        .await?;
    rows.iter().map(|r| item_from_row(r, true)).collect()
}

pub(super) async fn record_review(pool: &PgPool, d: &ReviewDecision) -> StoreResult<ReviewOutcome> {
    check_note(d.note.as_deref())?;
    let at = d.decided_at;
    let mut tx = pool.begin().await?;
    let moved = sqlx::query(
        "UPDATE content_items SET status = $1, updated_at = $2 \
         WHERE id = $3 AND status = 'flagged' RETURNING source_app, external_id, text",
    )
    .bind(d.verdict.as_str())
    .bind(at)
    .bind(d.item_id)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(moved) = moved else {
        let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM content_items WHERE id = $1")
            .bind(d.item_id)
            .fetch_optional(&mut *tx)
            .await?;
        return Ok(if exists.is_some() {
            ReviewOutcome::NotFlagged
        } else {
            ReviewOutcome::NotFound
        });
    };
    let row = DecidedRow {
        source_app: moved.try_get("source_app")?,
        external_id: moved.try_get("external_id")?,
        text: moved.try_get("text")?,
    };
    // A flagged item always has the rule's decision; the upsert only guards
    // against a hand-made row without one.
    let decided = sqlx::query(
        "INSERT INTO decisions \
         (item_id, verdict, reason, policy_version, decided_by, decided_at, reviewed_by, review_note) \
         VALUES ($1, $2, NULL, 'review', 'human', $3, $4, $5) \
         ON CONFLICT (item_id) DO UPDATE SET verdict = excluded.verdict, decided_by = 'human', \
           decided_at = excluded.decided_at, reviewed_by = excluded.reviewed_by, \
           review_note = excluded.review_note \
         RETURNING reason, policy_version",
    )
    .bind(d.item_id)
    .bind(d.verdict.as_str())
    .bind(at)
    .bind(&d.reviewer)
    .bind(&d.note)
    .fetch_one(&mut *tx)
    .await?;
    let scores = sqlx::query(SCORES_OF_ITEM)
        .bind(d.item_id)
        .fetch_all(&mut *tx)
        .await?
        .iter()
        .map(score_from_row)
        .collect::<StoreResult<Vec<_>>>()?;
    let verdict = match d.verdict {
        modd_common::ReviewVerdict::Approved => Verdict::Approved,
        modd_common::ReviewVerdict::Blocked => Verdict::Blocked,
    };
    let event = outbox::event(
        d.item_id,
        &row,
        verdict,
        decided.try_get("reason")?,
        "human",
        Some(d.reviewer.clone()),
        &decided.try_get::<String, _>("policy_version")?,
        d.decided_at,
        &scores,
    );
    after_decision(&mut tx, &event, row.text.as_deref()).await?;
    sqlx::query(
        "INSERT INTO audit_log (at, actor, action, target, detail) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(at)
    .bind(&d.reviewer)
    .bind("review.decide")
    .bind(format!("item:{}", d.item_id))
    .bind(Json(review_detail(d, &row.source_app)))
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(ReviewOutcome::Decided)
}
