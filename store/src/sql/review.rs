//! The review queue, and what follows every decision (automatic or a
//! reviewer's): the app's storage mode applied to the text, and the outbox
//! event.

use crate::rows::{DECISION_COLUMNS, ITEM_COLUMNS};
use std::sync::LazyLock;

/// Flagged items matching a [`ReviewFilter`](crate::ReviewFilter), oldest
/// first. Binds: `$1` after_id, `$2` up_to_id, `$3` source_app, `$4`
/// category, `$5` min_score, `$6` max_score, `$7` limit, `$8` language, `$9`
/// created_before. An item matches a
/// score filter when one of its scores (of the category, when given) lies
/// in the range.
pub(crate) static LIST_FLAGGED: LazyLock<String> = LazyLock::new(|| {
    format!(
        "SELECT {ITEM_COLUMNS}, {DECISION_COLUMNS} FROM content_items \
         LEFT JOIN decisions ON decisions.item_id = content_items.id \
         WHERE content_items.status = 'flagged' AND content_items.id > $1 \
           AND ($2 IS NULL OR content_items.id <= $2) \
           AND ($3 IS NULL OR content_items.source_app = $3) \
           AND (($4 IS NULL AND $5 IS NULL AND $6 IS NULL) OR EXISTS ( \
               SELECT 1 FROM moderation_results r WHERE r.item_id = content_items.id \
                 AND ($4 IS NULL OR r.category = $4) \
                 AND ($5 IS NULL OR r.score >= $5) \
                 AND ($6 IS NULL OR r.score <= $6))) \
           AND ($8 IS NULL OR decisions.language = $8) \
           AND ($9 IS NULL OR content_items.created_at <= $9) \
         ORDER BY content_items.id LIMIT $7"
    )
});

/// A flagged item always has the rule's decision; the upsert only guards
/// against a hand-made row without one. Returns what the event needs
/// ([`KeptOfRule`]).
pub(crate) const UPSERT_REVIEW: &str = "INSERT INTO decisions \
    (item_id, verdict, reason, policy_version, decided_by, decided_at, reviewed_by, review_note, \
     review_reason) \
    VALUES ($1, $2, NULL, 'review', 'human', $3, $4, $5, $6) \
    ON CONFLICT (item_id) DO UPDATE SET verdict = excluded.verdict, decided_by = 'human', \
      decided_at = excluded.decided_at, reviewed_by = excluded.reviewed_by, \
      review_note = excluded.review_note, review_reason = excluded.review_reason \
    RETURNING reason, policy_version, gaps";

/// What a reviewer's decision keeps of the rule's and its event carries:
/// the rule's reason, policy version and gaps (what no model could score
/// is often why a human looked).
#[derive(sqlx::FromRow)]
pub(crate) struct KeptOfRule {
    pub(crate) reason: Option<String>,
    pub(crate) policy_version: String,
    pub(crate) gaps: sqlx::types::Json<Vec<modd_common::Gap>>,
}

/// What an app's settings add to each of its decisions: an outbox event
/// when it has a webhook, and its storage mode applied to final decisions.
#[derive(Debug, Clone, Copy)]
pub(crate) struct AppEffects {
    pub(crate) webhook: bool,
    pub(crate) mode: modd_common::StorageMode,
}

macro_rules! review_helpers {
    () => {
        /// What `source_app`'s settings add to each of its decisions (see
        /// [`AppEffects`]); `None` when the app has no settings row.
        async fn app_effects(tx: &mut Conn, source_app: &str) -> StoreResult<Option<AppEffects>> {
            let app: Option<(Option<String>, Text)> =
                sqlx::query_as("SELECT webhook_url, storage_mode FROM apps WHERE source_app = $1")
                    .bind(source_app)
                    .fetch_optional(&mut *tx)
                    .await?;
            Ok(app.map(|(webhook_url, mode)| AppEffects {
                webhook: webhook_url.is_some(),
                mode: mode.into(),
            }))
        }

        /// After a decision row is written, inside its transaction: apply the
        /// app's storage mode (final decisions only) and write the outbox
        /// event when the app has a webhook. The unique (item, kind) key
        /// makes the event idempotent. `trace` is the decision's W3C
        /// `traceparent`, kept with the event for its delivery.
        async fn after_decision(
            tx: &mut Conn,
            event: &DecisionEvent,
            text: Option<&str>,
            trace: Option<&str>,
        ) -> StoreResult<()> {
            let app = Self::app_effects(&mut *tx, &event.data.source_app).await?;
            Self::after_decision_with(tx, app, event, text, trace).await
        }

        /// [`Self::after_decision`] with the app's settings already read
        /// (a batch reads them once per app).
        async fn after_decision_with(
            tx: &mut Conn,
            app: Option<AppEffects>,
            event: &DecisionEvent,
            text: Option<&str>,
            trace: Option<&str>,
        ) -> StoreResult<()> {
            let Some(AppEffects { webhook, mode }) = app else {
                return Ok(()); // defaults: keep text, no webhook
            };
            let id = event.data.id;
            match outbox::text_after_final(event.data.status, mode, text) {
                None => {}
                Some(None) => {
                    sqlx::query("UPDATE content_items SET text = NULL, image_url = NULL WHERE id = $1")
                        .bind(id)
                        .execute(&mut *tx)
                        .await?;
                    // Spans point into the text: without it they say nothing.
                    sqlx::query("UPDATE moderation_results SET spans = NULL WHERE item_id = $1")
                        .bind(id)
                        .execute(&mut *tx)
                        .await?;
                }
                Some(Some(masked)) => {
                    sqlx::query("UPDATE content_items SET text = $1 WHERE id = $2")
                        .bind(masked)
                        .bind(id)
                        .execute(&mut *tx)
                        .await?;
                    Self::move_spans_onto_masked(&mut *tx, id, text.unwrap_or_default()).await?;
                }
            }
            if webhook {
                sqlx::query(
                    "INSERT INTO webhook_events \
                     (webhook_id, item_id, source_app, kind, body, next_attempt_at, created_at, \
                      traceparent) \
                     VALUES ($1, $2, $3, $4, $5, $6, $6, $7) ON CONFLICT (item_id, kind) DO NOTHING",
                )
                .bind(new_webhook_id())
                .bind(id)
                .bind(&event.data.source_app)
                .bind(event.outbox_kind())
                .bind(event.to_json())
                .bind(ts(&event.data.decided_at))
                .bind(trace)
                .execute(&mut *tx)
                .await?;
            }
            Ok(())
        }

        /// Rewrites an item's stored spans (char offsets of `text`) onto the
        /// masked text that replaces it (`redact::redact_with_spans`).
        async fn move_spans_onto_masked(tx: &mut Conn, id: i64, text: &str) -> StoreResult<()> {
            let rows: Vec<(i64, Json<Vec<Span>>)> = sqlx::query_as(
                "SELECT id, spans FROM moderation_results WHERE item_id = $1 AND spans IS NOT NULL",
            )
            .bind(id)
            .fetch_all(&mut *tx)
            .await?;
            for (row, spans) in rows {
                let (_, moved) = crate::redact::redact_with_spans(text, &spans.0);
                sqlx::query("UPDATE moderation_results SET spans = $1 WHERE id = $2")
                    .bind((!moved.is_empty()).then_some(Json(moved)))
                    .bind(row)
                    .execute(&mut *tx)
                    .await?;
            }
            Ok(())
        }

        /// A reviewer's decision inside the caller's transaction: see
        /// [`Store::record_review`]. Writes nothing unless it says `Decided`.
        async fn review_in(tx: &mut Conn, d: &ReviewDecision) -> StoreResult<ReviewOutcome> {
            let at = ts(&d.decided_at);
            // Another reviewer's live claim wins; one's own does not block.
            let claim: Option<Claim> = sqlx::query_as(
                "SELECT item_id, holder, claimed_until FROM review_claims \
                 WHERE item_id = $1 AND holder <> $2 AND claimed_until > $3",
            )
            .bind(d.item_id)
            .bind(&d.reviewer)
            .bind(&at)
            .fetch_optional(&mut *tx)
            .await?;
            if let Some(claim) = claim {
                return Ok(ReviewOutcome::Claimed(claim));
            }
            let moved: Option<DecidedRow> = sqlx::query_as(&format!(
                "UPDATE content_items SET status = $1, updated_at = $2 \
                 WHERE id = $3 AND status = 'flagged' {DECIDED_RETURNING}"
            ))
            .bind(d.verdict.as_str())
            .bind(&at)
            .bind(d.item_id)
            .fetch_optional(&mut *tx)
            .await?;
            let Some(row) = moved else {
                let exists: Option<i64> =
                    sqlx::query_scalar("SELECT id FROM content_items WHERE id = $1")
                        .bind(d.item_id)
                        .fetch_optional(&mut *tx)
                        .await?;
                return Ok(match exists {
                    Some(_) => ReviewOutcome::NotFlagged,
                    None => ReviewOutcome::NotFound,
                });
            };
            let kept: KeptOfRule = sqlx::query_as(UPSERT_REVIEW)
                .bind(d.item_id)
                .bind(d.verdict.as_str())
                .bind(&at)
                .bind(&d.reviewer)
                .bind(&d.note)
                .bind(&d.reason_code)
                .fetch_one(&mut *tx)
                .await?;
            // The claim ends with the decision, and so does any decision held
            // for undo (it could no longer be undone).
            for table in ["review_claims", "review_holds"] {
                sqlx::query(&format!("DELETE FROM {table} WHERE item_id = $1"))
                    .bind(d.item_id)
                    .execute(&mut *tx)
                    .await?;
            }
            let scores = Self::scores_of(&mut *tx, d.item_id).await?;
            let event = outbox::event(
                d.item_id,
                &row,
                review_verdict(d.verdict),
                kept.reason,
                "human",
                Some(d.reviewer.clone()),
                &kept.policy_version,
                d.decided_at,
                &scores,
                kept.gaps.0,
            );
            Self::after_decision(tx, &event, row.text.as_deref(), None).await?;
            Self::append_audit_in(&mut *tx, &audit::review(d, &row.source_app)).await?;
            Ok(ReviewOutcome::Decided(Box::new(event)))
        }

        /// Category scores of an item, in category order.
        async fn scores_of(
            conn: impl Executor<'_, Database = Db>,
            id: i64,
        ) -> StoreResult<Vec<CategoryScore>> {
            let rows: Vec<ScoreColumns> = sqlx::query_as(
                "SELECT category, score, classifier, model_version, spans FROM moderation_results \
                 WHERE item_id = $1 ORDER BY category, classifier, id",
            )
            .bind(id)
            .fetch_all(conn)
            .await?;
            Ok(rows.into_iter().map(score_from_columns).collect())
        }
    };
}
pub(crate) use review_helpers;

macro_rules! review_methods {
    () => {
        fn list_flagged<'a>(&'a self, f: &'a ReviewFilter) -> StoreFuture<'a, Vec<StoredItem>> {
            let query = sqlx::query(&LIST_FLAGGED)
                .bind(f.after_id)
                .bind(f.up_to_id)
                .bind(&f.source_app)
                .bind(&f.category)
                .bind(f.min_score)
                .bind(f.max_score)
                .bind(f.limit.max(0))
                .bind(&f.language)
                .bind(f.created_before.as_ref().map(ts));
            Box::pin(Self::items_where(&self.pool, query))
        }

        fn record_review<'a>(&'a self, d: &'a ReviewDecision) -> StoreFuture<'a, ReviewOutcome> {
            Box::pin(async move {
                check_review(d)?;
                let mut tx = self.begin_write().await?;
                let outcome = Self::review_in(&mut tx, d).await?;
                tx.commit().await?;
                Ok(outcome)
            })
        }
    };
}
pub(crate) use review_methods;
