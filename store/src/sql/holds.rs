//! Console decisions held for an undo window, and each app's reason codes.
//!
//! A held decision is a row in `review_holds` and nothing else: no status
//! change, no outbox event, no `review.decide` entry. Committing it takes
//! the row and records the review in one transaction, and undoing it
//! deletes the row only while its window is open, so exactly one of the two
//! happens: on PostgreSQL the row lock orders them, on SQLite the one
//! writer does.
//!
//! Lock order on PostgreSQL: a transaction that writes both an item's row
//! and its hold's row locks the item's first (`hold_review`, a reviewer's
//! decision through `review_in`, `commit_review_hold`). Committing once took
//! the hold's row first, and a decision re-posted by the same reviewer
//! meanwhile, holding the item's row and deleting the hold, deadlocked
//! with it (`daemon/tests/store_conformance/lock_order.rs`). `undo_review`
//! locks only the hold's row.

/// The columns a [`ReviewHold`](crate::ReviewHold) is read from.
pub(crate) const HOLD_COLUMNS: &str =
    "item_id, reviewer, verdict, note, reason_code, decided_at, commit_at";

/// A `review_holds` row as selected by [`HOLD_COLUMNS`].
pub(crate) type HoldRow = (
    i64,
    String,
    String,
    Option<String>,
    Option<String>,
    chrono::DateTime<chrono::Utc>,
    chrono::DateTime<chrono::Utc>,
);

/// A row as a hold; a verdict the CHECK constraint should have stopped is
/// an error, not a guess.
pub(crate) fn hold_from_row(row: HoldRow) -> crate::StoreResult<crate::ReviewHold> {
    use modd_common::ReviewVerdict;
    let (item_id, reviewer, verdict, note, reason_code, decided_at, commit_at) = row;
    let verdict = match verdict.as_str() {
        "approved" => ReviewVerdict::Approved,
        "blocked" => ReviewVerdict::Blocked,
        other => {
            return Err(crate::StoreError::Other(format!(
                "review_holds: unknown verdict {other:?}"
            )));
        }
    };
    Ok(crate::ReviewHold {
        decision: crate::ReviewDecision {
            item_id,
            verdict,
            reviewer,
            note,
            reason_code,
            decided_at,
        },
        commit_at,
    })
}

macro_rules! hold_methods {
    () => {
        fn hold_review<'a>(
            &'a self,
            hold: &'a ReviewHold,
            claim_until: DateTime<Utc>,
        ) -> StoreFuture<'a, HoldOutcome> {
            Box::pin(async move {
                let d = &hold.decision;
                check_review(d)?;
                let now = ts(&d.decided_at);
                let mut tx = self.begin_write().await?;
                let item: Option<(String, String)> = sqlx::query_as(&format!(
                    "SELECT source_app, status FROM content_items WHERE id = $1{LOCK_ROW}"
                ))
                .bind(d.item_id)
                .fetch_optional(&mut *tx)
                .await?;
                let source_app = match item {
                    None => return Ok(HoldOutcome::Refused(ReviewOutcome::NotFound)),
                    Some((_, status)) if status != "flagged" => {
                        return Ok(HoldOutcome::Refused(ReviewOutcome::NotFlagged));
                    }
                    Some((app, _)) => app,
                };
                // Take (or keep) the claim, unless another reviewer's is live:
                // the same condition as `claim_item`, in one statement.
                let claimed = sqlx::query(
                    "INSERT INTO review_claims (item_id, holder, claimed_until) VALUES ($1, $2, $3) \
                     ON CONFLICT (item_id) DO UPDATE \
                       SET holder = excluded.holder, claimed_until = excluded.claimed_until \
                       WHERE review_claims.holder = excluded.holder \
                          OR review_claims.claimed_until <= $4",
                )
                .bind(d.item_id)
                .bind(&d.reviewer)
                .bind(ts(&claim_until))
                .bind(&now)
                .execute(&mut *tx)
                .await?;
                if claimed.rows_affected() == 0 {
                    let claim: Claim = sqlx::query_as(
                        "SELECT item_id, holder, claimed_until FROM review_claims WHERE item_id = $1",
                    )
                    .bind(d.item_id)
                    .fetch_one(&mut *tx)
                    .await?;
                    return Ok(HoldOutcome::Refused(ReviewOutcome::Claimed(claim)));
                }
                let held = sqlx::query(
                    "INSERT INTO review_holds \
                     (item_id, reviewer, verdict, note, reason_code, decided_at, commit_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (item_id) DO NOTHING",
                )
                .bind(d.item_id)
                .bind(&d.reviewer)
                .bind(d.verdict.as_str())
                .bind(&d.note)
                .bind(&d.reason_code)
                .bind(&now)
                .bind(ts(&hold.commit_at))
                .execute(&mut *tx)
                .await?;
                if held.rows_affected() == 0 {
                    // Already decided, waiting for its own commit.
                    return Ok(HoldOutcome::Refused(ReviewOutcome::NotFlagged));
                }
                Self::append_audit_in(&mut *tx, &audit::review_held(hold, &source_app)).await?;
                tx.commit().await?;
                Ok(HoldOutcome::Held)
            })
        }

        fn undo_review<'a>(
            &'a self,
            item_id: i64,
            reviewer: &'a str,
            now: DateTime<Utc>,
        ) -> StoreFuture<'a, UndoOutcome> {
            Box::pin(async move {
                let mut tx = self.begin_write().await?;
                let row: Option<HoldRow> = sqlx::query_as(&format!(
                    "DELETE FROM review_holds \
                     WHERE item_id = $1 AND reviewer = $2 AND commit_at > $3 \
                     RETURNING {HOLD_COLUMNS}"
                ))
                .bind(item_id)
                .bind(reviewer)
                .bind(ts(&now))
                .fetch_optional(&mut *tx)
                .await?;
                if let Some(row) = row {
                    let hold = hold_from_row(row)?;
                    let source_app: String =
                        sqlx::query_scalar("SELECT source_app FROM content_items WHERE id = $1")
                            .bind(item_id)
                            .fetch_one(&mut *tx)
                            .await?;
                    Self::append_audit_in(&mut *tx, &audit::review_undone(&hold, &source_app, now))
                        .await?;
                    tx.commit().await?;
                    return Ok(UndoOutcome::Undone(hold));
                }
                // Too late: held past its window, or already recorded as theirs.
                let late: Option<i64> = sqlx::query_scalar(
                    "SELECT item_id FROM review_holds WHERE item_id = $1 AND reviewer = $2 \
                     UNION SELECT item_id FROM decisions \
                       WHERE item_id = $1 AND decided_by = 'human' AND reviewed_by = $2",
                )
                .bind(item_id)
                .bind(reviewer)
                .fetch_optional(&mut *tx)
                .await?;
                Ok(match late {
                    Some(_) => UndoOutcome::TooLate,
                    None => UndoOutcome::NotHeld,
                })
            })
        }

        fn review_holds<'a>(&'a self, reviewer: &'a str) -> StoreFuture<'a, Vec<ReviewHold>> {
            Box::pin(async move {
                let rows: Vec<HoldRow> = sqlx::query_as(&format!(
                    "SELECT {HOLD_COLUMNS} FROM review_holds WHERE reviewer = $1 \
                     ORDER BY decided_at DESC, item_id DESC"
                ))
                .bind(reviewer)
                .fetch_all(&self.pool)
                .await?;
                rows.into_iter().map(hold_from_row).collect()
            })
        }

        fn due_review_holds(&self, now: DateTime<Utc>, limit: i64) -> StoreFuture<'_, Vec<i64>> {
            Box::pin(async move {
                Ok(sqlx::query_scalar(
                    "SELECT item_id FROM review_holds WHERE commit_at <= $1 \
                     ORDER BY commit_at, item_id LIMIT $2",
                )
                .bind(ts(&now))
                .bind(limit.max(0))
                .fetch_all(&self.pool)
                .await?)
            })
        }

        fn commit_review_hold(
            &self,
            item_id: i64,
            now: DateTime<Utc>,
        ) -> StoreFuture<'_, Option<ReviewOutcome>> {
            Box::pin(async move {
                let mut tx = self.begin_write().await?;
                // The item's row before the hold's, the order every review
                // transaction takes them in (see the module's comment).
                sqlx::query(&format!("SELECT id FROM content_items WHERE id = $1{LOCK_ROW}"))
                    .bind(item_id)
                    .execute(&mut *tx)
                    .await?;
                let row: Option<HoldRow> = sqlx::query_as(&format!(
                    "DELETE FROM review_holds WHERE item_id = $1 AND commit_at <= $2 \
                     RETURNING {HOLD_COLUMNS}"
                ))
                .bind(item_id)
                .bind(ts(&now))
                .fetch_optional(&mut *tx)
                .await?;
                let Some(row) = row else {
                    return Ok(None); // undone, not due, or committed by another replica
                };
                let hold = hold_from_row(row)?;
                let outcome = Self::review_in(&mut tx, &hold.decision).await?;
                // Commit either way: a hold that cannot be recorded (the item
                // was erased, or decided by its reviewer elsewhere) is dropped.
                tx.commit().await?;
                Ok(Some(outcome))
            })
        }

        fn reason_codes<'a>(
            &'a self,
            source_app: &'a str,
        ) -> StoreFuture<'a, Option<Vec<ReasonCode>>> {
            Box::pin(async move {
                let rows: Vec<(String, String)> = sqlx::query_as(
                    "SELECT code, label FROM app_reason_codes WHERE source_app = $1 \
                     ORDER BY position",
                )
                .bind(source_app)
                .fetch_all(&self.pool)
                .await?;
                Ok((!rows.is_empty()).then(|| {
                    rows.into_iter()
                        .map(|(code, label)| ReasonCode { code, label })
                        .collect()
                }))
            })
        }

        fn set_reason_codes<'a>(&'a self, change: &'a ReasonCodesChange) -> StoreFuture<'a, ()> {
            Box::pin(async move {
                check_reason_codes(change)?;
                let mut tx = self.begin_write().await?;
                sqlx::query("DELETE FROM app_reason_codes WHERE source_app = $1")
                    .bind(&change.source_app)
                    .execute(&mut *tx)
                    .await?;
                for (i, c) in change.codes.iter().flatten().enumerate() {
                    sqlx::query(
                        "INSERT INTO app_reason_codes (source_app, position, code, label) \
                         VALUES ($1, $2, $3, $4)",
                    )
                    .bind(&change.source_app)
                    .bind(i as i32 + 1)
                    .bind(&c.code)
                    .bind(&c.label)
                    .execute(&mut *tx)
                    .await?;
                }
                Self::append_audit_in(&mut *tx, &audit::reason_codes(change)).await?;
                tx.commit().await?;
                Ok(())
            })
        }
    };
}
pub(crate) use hold_methods;
