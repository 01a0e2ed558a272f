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

/// The app settings a transaction has read so far, by app.
pub(crate) type AppsRead =
    std::collections::HashMap<String, Option<crate::sql::review::AppEffects>>;

/// The columns the outbox and the storage mode need back from a decided item.
pub(crate) const DECIDED_RETURNING: &str = "RETURNING source_app, external_id, text";

macro_rules! item_helpers {
    () => {
        /// A row of [`SELECT_ITEM`]: the item, and its decision when the
        /// joined columns hold one. Written per dialect (not generic over
        /// the row type) so it needs no decode bounds.
        fn item_with_decision(row: &<Db as sqlx::Database>::Row) -> StoreResult<StoredItem> {
            use sqlx::{FromRow, Row};
            let mut item = StoredItem::from_row(row)?;
            if let Some(verdict) = row.try_get::<Option<Text>, _>("verdict")? {
                item.decision = Some(DecisionView {
                    verdict: verdict.try_into()?,
                    reason: row.try_get("reason")?,
                    policy_version: row.try_get("policy_version")?,
                    decided_by: row.try_get("decided_by")?,
                    decided_at: row.try_get("decided_at")?,
                    language: row.try_get("language")?,
                    gaps: row.try_get::<Json<_>, _>("gaps")?.0,
                    reviewed_by: row.try_get("reviewed_by")?,
                    review_note: row.try_get("review_note")?,
                    review_reason: row.try_get("review_reason")?,
                });
            }
            Ok(item)
        }

        /// Runs an item query (`SELECT_ITEM` and a condition) on `conn`.
        async fn items_where<'q>(
            conn: impl Executor<'_, Database = Db>,
            query: sqlx::query::Query<'q, Db, <Db as sqlx::Database>::Arguments<'q>>,
        ) -> StoreResult<Vec<StoredItem>> {
            let rows = query.fetch_all(conn).await?;
            rows.iter().map(Self::item_with_decision).collect()
        }

        async fn record_outcome_tx(&self, outcome: &Outcome) -> StoreResult<Option<DecisionEvent>> {
            check_outcome(outcome)?;
            let mut tx = self.begin_write().await?;
            let event = Self::record_all_in_tx(&mut tx, std::slice::from_ref(outcome))
                .await?
                .pop()
                .flatten();
            if event.is_some() {
                tx.commit().await?;
            } // else: dropping `tx` rolls back (nothing was written)
            Ok(event)
        }

        /// Many outcomes, one transaction and one commit: the worker's batch
        /// (the dialect's `record_all_in_tx`). Rows are locked in item-id
        /// order, so two PostgreSQL workers whose batches share items wait
        /// for each other instead of deadlocking. Results are in input order.
        async fn record_outcomes_tx(
            &self,
            outcomes: &[Outcome],
        ) -> StoreResult<Vec<Option<DecisionEvent>>> {
            outcomes.iter().try_for_each(check_outcome)?;
            if outcomes.is_empty() {
                return Ok(Vec::new());
            }
            let mut tx = self.begin_write().await?;
            let events = Self::record_all_in_tx(&mut tx, outcomes).await?;
            tx.commit().await?;
            Ok(events)
        }

        /// New items and outcomes in one transaction: the single writer's
        /// round (see [`Store::commit_round`]). Both halves are checked
        /// before anything is written.
        async fn commit_round_tx(
            &self,
            items: &[NewItem],
            outcomes: &[Outcome],
        ) -> StoreResult<RoundWritten> {
            items.iter().try_for_each(check_item)?;
            outcomes.iter().try_for_each(check_outcome)?;
            if items.is_empty() && outcomes.is_empty() {
                return Ok(RoundWritten::default());
            }
            let mut tx = self.begin_write().await?;
            let inserted = if items.is_empty() {
                Vec::new()
            } else {
                Self::insert_in_tx(&mut tx, items).await?
            };
            let events = Self::record_all_in_tx(&mut tx, outcomes).await?;
            tx.commit().await?;
            Ok(RoundWritten { inserted, events })
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
                let mut tx = self.begin_write().await?;
                let inserted = Self::insert_in_tx(&mut tx, items).await?;
                tx.commit().await?;
                Ok(inserted)
            })
        }

        fn commit_round<'a>(
            &'a self,
            items: &'a [NewItem],
            outcomes: &'a [Outcome],
        ) -> StoreFuture<'a, RoundWritten> {
            Box::pin(self.commit_round_tx(items, outcomes))
        }

        fn get_item(&self, id: i64) -> StoreFuture<'_, Option<StoredItem>> {
            let query = sqlx::query(&GET_ITEM).bind(id);
            Box::pin(async move { Ok(Self::items_where(&self.pool, query).await?.pop()) })
        }

        fn find_item<'a>(
            &'a self,
            source_app: &'a str,
            external_id: &'a str,
        ) -> StoreFuture<'a, Option<StoredItem>> {
            let query = sqlx::query(&FIND_ITEM).bind(source_app).bind(external_id);
            Box::pin(async move { Ok(Self::items_where(&self.pool, query).await?.pop()) })
        }

        fn get_items<'a>(&'a self, ids: &'a [i64]) -> StoreFuture<'a, Vec<StoredItem>> {
            Box::pin(async move {
                if ids.is_empty() {
                    return Ok(Vec::new());
                }
                let sql = format!("{} WHERE content_items.id {ANY_ID}", *SELECT_ITEM);
                // Planned on every call: a cached generic plan made while
                // the table was small scans all of it, and keeps doing so
                // as it grows until the next ANALYZE (BENCHMARKS.md, "The
                // whole machine per item").
                let query = sqlx::query(&sql).persistent(false).bind(Json(ids));
                Self::items_where(&self.pool, query).await
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

        fn record_outcomes<'a>(
            &'a self,
            outcomes: &'a [Outcome],
        ) -> StoreFuture<'a, Vec<Option<DecisionEvent>>> {
            Box::pin(self.record_outcomes_tx(outcomes))
        }

        fn mark_error<'a>(&'a self, id: i64, reason: &'a str) -> StoreFuture<'a, bool> {
            Box::pin(self.move_status(id, "pending", "error", Some(clean_reason(reason))))
        }

        fn requeue_errored(&self, id: i64) -> StoreFuture<'_, bool> {
            Box::pin(self.move_status(id, "error", "pending", None))
        }

        fn count_by_status(&self) -> StoreFuture<'_, BTreeMap<ItemStatus, i64>> {
            Box::pin(async move {
                let rows: Vec<(Text, i64)> =
                    sqlx::query_as("SELECT status, COUNT(*) FROM content_items GROUP BY status")
                        .fetch_all(&self.pool)
                        .await?;
                let mut counts: BTreeMap<ItemStatus, i64> =
                    ItemStatus::ALL.iter().map(|s| (*s, 0)).collect();
                for (status, n) in rows {
                    counts.insert(status.try_into()?, n);
                }
                Ok(counts)
            })
        }

        /// One status by the (status, id) index: it reads only that status's
        /// rows, so it is cheap for the few that wait (pending, flagged,
        /// error) where [`count_by_status`] walks the whole table.
        fn count_status(&self, status: ItemStatus) -> StoreFuture<'_, i64> {
            Box::pin(async move {
                Ok(
                    sqlx::query_scalar("SELECT COUNT(*) FROM content_items WHERE status = $1")
                        .bind(status.as_str())
                        .fetch_one(&self.pool)
                        .await?,
                )
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
