//! Content items, their scores and decisions.

use crate::rows::{DECISION_COLUMNS, ITEM_COLUMNS};
use std::sync::LazyLock;

/// An item joined with its decision, if any.
pub(crate) static SELECT_ITEM: LazyLock<String> = LazyLock::new(|| {
    format!(
        "SELECT {ITEM_COLUMNS}, {DECISION_COLUMNS} FROM content_items \
         LEFT JOIN decisions ON decisions.item_id = content_items.id"
    )
});

pub(crate) static FIND_ITEM: LazyLock<String> = LazyLock::new(|| {
    format!(
        "{} WHERE source_app = $1 AND external_id = $2",
        *SELECT_ITEM
    )
});

pub(crate) static GET_ITEM: LazyLock<String> =
    LazyLock::new(|| format!("{} WHERE content_items.id = $1", *SELECT_ITEM));

/// The columns the outbox and the storage mode need back from a decided item.
pub(crate) const DECIDED_RETURNING: &str = "RETURNING source_app, external_id, text";

macro_rules! item_helpers {
    () => {
        async fn record_outcome_tx(&self, outcome: &Outcome) -> StoreResult<Option<DecisionEvent>> {
            check_outcome(outcome)?;
            let at = ts(&outcome.decided_at);
            let mut tx = self.begin_write().await?;
            // The status guard is the idempotency: only the first writer moves
            // the item out of pending (a racing PostgreSQL worker blocks on the
            // row lock, re-reads the row after our commit and updates nothing).
            let moved: Option<DecidedRow> = sqlx::query_as(&format!(
                "UPDATE content_items SET status = $1, error = NULL, updated_at = $2 \
                 WHERE id = $3 AND status = 'pending' {DECIDED_RETURNING}"
            ))
            .bind(outcome.verdict.as_status().as_str())
            .bind(&at)
            .bind(outcome.item_id)
            .fetch_optional(&mut *tx)
            .await?;
            let Some(row) = moved else {
                return Ok(None); // dropping `tx` rolls back
            };
            Self::insert_scores(&mut tx, outcome).await?;
            sqlx::query(
                "INSERT INTO decisions (item_id, verdict, reason, policy_version, decided_by, \
                 decided_at, language, gaps, model_versions) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            )
            .bind(outcome.item_id)
            .bind(verdict_str(outcome.verdict))
            .bind(&outcome.reason)
            .bind(&outcome.policy_version)
            .bind(&outcome.decided_by)
            .bind(&at)
            .bind(&outcome.language)
            .bind(Json(&outcome.gaps))
            .bind(Json(&outcome.model_versions))
            .execute(&mut *tx)
            .await?;
            let event = outbox::event(
                outcome.item_id,
                &row,
                outcome.verdict,
                outcome.reason.clone(),
                &outcome.decided_by,
                None,
                &outcome.policy_version,
                outcome.decided_at,
                &outcome.scores,
            );
            Self::after_decision(
                &mut tx,
                &event,
                row.text.as_deref(),
                outcome.trace.as_deref(),
            )
            .await?;
            tx.commit().await?;
            Ok(Some(event))
        }

        /// Moves an item between two statuses; `true` if it was in `from`.
        async fn move_status(
            &self,
            id: i64,
            from: &str,
            to: &str,
            error: Option<String>,
        ) -> StoreResult<bool> {
            let done = sqlx::query(
                "UPDATE content_items SET status = $1, error = $2, updated_at = $3 \
                 WHERE id = $4 AND status = $5",
            )
            .bind(to)
            .bind(error)
            .bind(ts(&Utc::now()))
            .bind(id)
            .bind(from)
            .execute(&self.pool)
            .await?;
            Ok(done.rows_affected() == 1)
        }
    };
}
pub(crate) use item_helpers;

macro_rules! item_methods {
    () => {
        fn insert_items<'a>(&'a self, items: &'a [NewItem]) -> StoreFuture<'a, Vec<Inserted>> {
            Box::pin(async move {
                // Refuse the batch before writing anything: no partial batches.
                items.iter().try_for_each(check_item)?;
                if items.is_empty() {
                    return Ok(Vec::new());
                }
                self.insert_batch(items).await
            })
        }

        fn get_item(&self, id: i64) -> StoreFuture<'_, Option<StoredItem>> {
            Box::pin(async move {
                let row = sqlx::query(&GET_ITEM)
                    .bind(id)
                    .fetch_optional(&self.pool)
                    .await?;
                row.map(|r| item_from_row(&r, true)).transpose()
            })
        }

        fn find_item<'a>(
            &'a self,
            source_app: &'a str,
            external_id: &'a str,
        ) -> StoreFuture<'a, Option<StoredItem>> {
            Box::pin(async move {
                let row = sqlx::query(&FIND_ITEM)
                    .bind(source_app)
                    .bind(external_id)
                    .fetch_optional(&self.pool)
                    .await?;
                row.map(|r| item_from_row(&r, true)).transpose()
            })
        }

        fn item_scores(&self, id: i64) -> StoreFuture<'_, Vec<CategoryScore>> {
            Box::pin(Self::scores_of(&self.pool, id))
        }

        fn pending_item_ids(&self, after_id: i64, limit: i64) -> StoreFuture<'_, Vec<i64>> {
            Box::pin(async move {
                Ok(sqlx::query_scalar(
                    "SELECT id FROM content_items WHERE status = 'pending' AND id > $1 \
                     ORDER BY id LIMIT $2",
                )
                .bind(after_id)
                .bind(limit.max(0))
                .fetch_all(&self.pool)
                .await?)
            })
        }

        fn record_outcome<'a>(
            &'a self,
            outcome: &'a Outcome,
        ) -> StoreFuture<'a, Option<DecisionEvent>> {
            Box::pin(self.record_outcome_tx(outcome))
        }

        fn mark_error<'a>(&'a self, id: i64, reason: &'a str) -> StoreFuture<'a, bool> {
            Box::pin(self.move_status(id, "pending", "error", Some(clean_reason(reason))))
        }

        fn requeue_errored(&self, id: i64) -> StoreFuture<'_, bool> {
            Box::pin(self.move_status(id, "error", "pending", None))
        }

        fn count_by_status(&self) -> StoreFuture<'_, BTreeMap<ItemStatus, i64>> {
            Box::pin(async move {
                let rows: Vec<(String, i64)> =
                    sqlx::query_as("SELECT status, COUNT(*) FROM content_items GROUP BY status")
                        .fetch_all(&self.pool)
                        .await?;
                let mut counts: BTreeMap<ItemStatus, i64> =
                    ItemStatus::ALL.iter().map(|s| (*s, 0)).collect();
                for (status, n) in rows {
                    counts.insert(parse_status(&status)?, n);
                }
                Ok(counts)
            })
        }

        /// The lowest pending id is the oldest pending item, and the (status,
        /// id) index finds it without scanning the pending set.
        fn oldest_pending(&self) -> StoreFuture<'_, Option<DateTime<Utc>>> {
            Box::pin(async move {
                Ok(sqlx::query_scalar(
                    "SELECT created_at FROM content_items WHERE status = 'pending' \
                     ORDER BY id LIMIT 1",
                )
                .fetch_optional(&self.pool)
                .await?)
            })
        }
    };
}
pub(crate) use item_methods;
