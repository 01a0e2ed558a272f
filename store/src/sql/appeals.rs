//! Appeals of decided items: submitting one, the queue, and deciding one
//! (upheld, or overturned: the item's decision reversed), each in one
//! transaction with its audit entry and, for a decision, its outbox event.

use crate::rows::APPEAL_COLUMNS;
use modd_common::{AppealOutcome, ItemStatus, ReviewVerdict};
use std::sync::LazyLock;

/// Appeals, oldest item first. Binds: `$1` decided (0/1), `$2` source_app,
/// `$3` after_id, `$4` limit.
pub(crate) static LIST_APPEALS: LazyLock<String> = LazyLock::new(|| {
    format!(
        "SELECT {APPEAL_COLUMNS} FROM appeals a JOIN content_items i ON i.id = a.item_id \
         WHERE (CASE WHEN a.outcome IS NULL THEN 0 ELSE 1 END) = $1 \
           AND ($2 IS NULL OR a.source_app = $2) AND a.item_id > $3 \
         ORDER BY a.item_id LIMIT $4"
    )
});

pub(crate) static GET_APPEAL: LazyLock<String> = LazyLock::new(|| {
    format!(
        "SELECT {APPEAL_COLUMNS} FROM appeals a JOIN content_items i ON i.id = a.item_id \
         WHERE a.item_id = $1"
    )
});

/// A final status as the reviewer's verdict that produces it; `None` for
/// a status that is not a final decision.
pub(crate) fn final_verdict(status: ItemStatus) -> Option<ReviewVerdict> {
    match status {
        ItemStatus::Approved => Some(ReviewVerdict::Approved),
        ItemStatus::Blocked => Some(ReviewVerdict::Blocked),
        _ => None,
    }
}

/// The decision that stands after an appeal of `original`.
pub(crate) fn after_appeal(original: ReviewVerdict, outcome: AppealOutcome) -> ReviewVerdict {
    match (outcome, original) {
        (AppealOutcome::Upheld, v) => v,
        (AppealOutcome::Overturned, ReviewVerdict::Approved) => ReviewVerdict::Blocked,
        (AppealOutcome::Overturned, ReviewVerdict::Blocked) => ReviewVerdict::Approved,
    }
}

/// A status column read as text; a value no variant names is a store error.
pub(crate) fn parse_status(text: &str) -> crate::StoreResult<ItemStatus> {
    text.parse()
        .map_err(|e: modd_common::UnknownVariant| crate::StoreError::Other(e.to_string()))
}

macro_rules! appeal_methods {
    () => {
        fn submit_appeal<'a>(&'a self, a: &'a NewAppeal) -> StoreFuture<'a, AppealSubmitted> {
            Box::pin(async move {
                check_appeal(a)?;
                let mut tx = self.begin_write().await?;
                // A final decision only changes through its appeal, and there
                // is none yet: no lock needed to read it.
                let item: Option<(String, String, Option<String>)> = sqlx::query_as(
                    "SELECT i.source_app, i.status, d.reviewed_by FROM content_items i \
                     LEFT JOIN decisions d ON d.item_id = i.id WHERE i.id = $1",
                )
                .bind(a.item_id)
                .fetch_optional(&mut *tx)
                .await?;
                let Some((source_app, status, reviewed_by)) = item else {
                    return Ok(AppealSubmitted::NotFound);
                };
                let status = parse_status(&status)?;
                if final_verdict(status).is_none() {
                    return Ok(AppealSubmitted::NotDecided(status));
                }
                let inserted = sqlx::query(
                    "INSERT INTO appeals (item_id, source_app, statement, submitted_by, \
                       created_at, original_status, original_reviewed_by) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (item_id) DO NOTHING",
                )
                .bind(a.item_id)
                .bind(&source_app)
                .bind(&a.statement)
                .bind(&a.submitted_by)
                .bind(ts(&a.created_at))
                .bind(status.as_str())
                .bind(&reviewed_by)
                .execute(&mut *tx)
                .await?;
                if inserted.rows_affected() == 0 {
                    return Ok(AppealSubmitted::AlreadyAppealed);
                }
                let entry = audit::appeal_submitted(a, &source_app, status);
                Self::append_audit_in(&mut *tx, &entry).await?;
                let record: AppealRecord = sqlx::query_as(&GET_APPEAL)
                    .bind(a.item_id)
                    .fetch_one(&mut *tx)
                    .await?;
                tx.commit().await?;
                Ok(AppealSubmitted::Created(Box::new(record)))
            })
        }

        fn get_appeal(&self, item_id: i64) -> StoreFuture<'_, Option<AppealRecord>> {
            Box::pin(async move {
                Ok(sqlx::query_as(&GET_APPEAL)
                    .bind(item_id)
                    .fetch_optional(&self.pool)
                    .await?)
            })
        }

        fn list_appeals<'a>(&'a self, f: &'a AppealFilter) -> StoreFuture<'a, Vec<AppealRecord>> {
            Box::pin(async move {
                Ok(sqlx::query_as(&LIST_APPEALS)
                    .bind(i64::from(f.decided))
                    .bind(&f.source_app)
                    .bind(f.after_id)
                    .bind(f.limit.max(0))
                    .fetch_all(&self.pool)
                    .await?)
            })
        }

        fn decide_appeal<'a>(&'a self, d: &'a AppealDecision) -> StoreFuture<'a, AppealDecided> {
            Box::pin(async move {
                check_appeal_decision(d)?;
                let at = ts(&d.decided_at);
                let mut tx = self.begin_write().await?;
                // Of two reviewers deciding at once, the second finds it decided.
                let open: Option<(String, String, Option<String>, DateTime<Utc>)> = sqlx::query_as(
                    "UPDATE appeals SET outcome = $2, decided_by = $3, decided_at = $4, \
                           reason_code = $5, note = $6 \
                         WHERE item_id = $1 AND outcome IS NULL \
                         RETURNING source_app, original_status, statement, created_at",
                )
                .bind(d.item_id)
                .bind(d.outcome.as_str())
                .bind(&d.decider)
                .bind(&at)
                .bind(&d.reason_code)
                .bind(&d.note)
                .fetch_optional(&mut *tx)
                .await?;
                let Some((source_app, original, statement, appealed_at)) = open else {
                    let exists: Option<i64> =
                        sqlx::query_scalar("SELECT item_id FROM appeals WHERE item_id = $1")
                            .bind(d.item_id)
                            .fetch_optional(&mut *tx)
                            .await?;
                    return Ok(match exists {
                        Some(_) => AppealDecided::AlreadyDecided,
                        None => AppealDecided::NotFound,
                    });
                };
                let original = parse_status(&original)?;
                let Some(was) = final_verdict(original) else {
                    return Err(StoreError::Other(format!("appeal of a {original} item")));
                };
                let now = after_appeal(was, d.outcome);
                let event = if d.outcome == modd_common::AppealOutcome::Overturned {
                    Self::overturn(&mut tx, d, now).await?
                } else {
                    Self::standing_decision(&mut tx, d.item_id).await?
                };
                let appeal = crate::event::AppealData {
                    outcome: d.outcome,
                    previous_status: original,
                    decided_by: d.decider.clone(),
                    reason_code: d.reason_code.clone(),
                    appealed_at,
                };
                let event = DecisionEvent::appeal_decided(event.data, appeal, d.decided_at);
                // The statement, like the item's text, is kept only while a
                // reviewer needs it.
                let mode: Option<Text> =
                    sqlx::query_scalar("SELECT storage_mode FROM apps WHERE source_app = $1")
                        .bind(&source_app)
                        .fetch_optional(&mut *tx)
                        .await?;
                let mode = mode.map(modd_common::StorageMode::from).unwrap_or_default();
                let new_status = review_verdict(now).as_status();
                if let Some(kept) = outbox::text_after_final(new_status, mode, statement.as_deref())
                {
                    sqlx::query("UPDATE appeals SET statement = $1 WHERE item_id = $2")
                        .bind(kept)
                        .bind(d.item_id)
                        .execute(&mut *tx)
                        .await?;
                }
                // The item's text already had its storage mode applied when
                // it was first decided.
                Self::after_decision(&mut tx, &event, None, None).await?;
                let entry = audit::appeal_decided(d, &source_app, original, new_status);
                Self::append_audit_in(&mut *tx, &entry).await?;
                tx.commit().await?;
                Ok(AppealDecided::Decided(Box::new(event)))
            })
        }
    };
}
pub(crate) use appeal_methods;

macro_rules! appeal_helpers {
    () => {
        /// Reverses an item's decision to `now`: its status, and its
        /// decision row as a reviewer's (the same write as a review).
        /// Returns the event of the decision that now stands.
        async fn overturn(
            tx: &mut Conn,
            d: &AppealDecision,
            now: modd_common::ReviewVerdict,
        ) -> StoreResult<DecisionEvent> {
            let at = ts(&d.decided_at);
            let row: DecidedRow = sqlx::query_as(&format!(
                "UPDATE content_items SET status = $1, updated_at = $2 WHERE id = $3 \
                 {DECIDED_RETURNING}"
            ))
            .bind(now.as_str())
            .bind(&at)
            .bind(d.item_id)
            .fetch_one(&mut *tx)
            .await?;
            let kept: KeptOfRule = sqlx::query_as(UPSERT_REVIEW)
                .bind(d.item_id)
                .bind(now.as_str())
                .bind(&at)
                .bind(&d.decider)
                .bind(&d.note)
                .bind(&d.reason_code)
                .fetch_one(&mut *tx)
                .await?;
            let scores = Self::scores_of(&mut *tx, d.item_id).await?;
            Ok(outbox::event(
                d.item_id,
                &row,
                review_verdict(now),
                kept.reason,
                "human",
                Some(d.decider.clone()),
                &kept.policy_version,
                d.decided_at,
                &scores,
                kept.gaps.0,
            ))
        }

        /// The event of an item's decision as it stands (an upheld appeal
        /// changes nothing about it).
        async fn standing_decision(tx: &mut Conn, item_id: i64) -> StoreResult<DecisionEvent> {
            let row: DecidedRow = sqlx::query_as(
                "SELECT source_app, external_id, text FROM content_items WHERE id = $1",
            )
            .bind(item_id)
            .fetch_one(&mut *tx)
            .await?;
            let (status, reason, policy_version, decided_by, reviewed_by, decided_at, gaps): (
                String,
                Option<String>,
                Option<String>,
                Option<String>,
                Option<String>,
                Option<DateTime<Utc>>,
                Option<Json<Vec<modd_common::Gap>>>,
            ) = sqlx::query_as(
                "SELECT i.status, d.reason, d.policy_version, d.decided_by, d.reviewed_by, \
                   d.decided_at, d.gaps \
                 FROM content_items i LEFT JOIN decisions d ON d.item_id = i.id WHERE i.id = $1",
            )
            .bind(item_id)
            .fetch_one(&mut *tx)
            .await?;
            let status = parse_status(&status)?;
            let verdict = final_verdict(status)
                .ok_or_else(|| StoreError::Other(format!("appealed item is {status}")))?;
            let scores = Self::scores_of(&mut *tx, item_id).await?;
            Ok(outbox::event(
                item_id,
                &row,
                review_verdict(verdict),
                reason,
                decided_by.as_deref().unwrap_or("rule"),
                reviewed_by,
                policy_version.as_deref().unwrap_or(""),
                decided_at.unwrap_or_else(Utc::now),
                &scores,
                gaps.map(|g| g.0).unwrap_or_default(),
            ))
        }
    };
}
pub(crate) use appeal_helpers;
