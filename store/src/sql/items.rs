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
            let event = Self::record_in_tx(&mut tx, outcome).await?;
            if event.is_some() {
                tx.commit().await?;
            } // else: dropping `tx` rolls back (nothing was written)
            Ok(event)
        }

        /// Many outcomes, one transaction and one commit: the worker's batch.
        /// Written in item-id order, so two PostgreSQL workers whose batches
        /// share items take the row locks in the same order and wait for
        /// each other instead of deadlocking. Results are in input order.
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

        /// [`Self::record_outcomes_tx`] inside the caller's transaction.
        async fn record_all_in_tx(
            tx: &mut Conn,
            outcomes: &[Outcome],
        ) -> StoreResult<Vec<Option<DecisionEvent>>> {
            let mut order: Vec<usize> = (0..outcomes.len()).collect();
            order.sort_by_key(|&i| outcomes[i].item_id);
            let mut events: Vec<Option<DecisionEvent>> = vec![None; outcomes.len()];
            // Each app's settings are read once per batch, not per decision.
            let mut apps = AppsRead::new();
            for i in order {
                events[i] = Self::record_with(&mut *tx, &outcomes[i], &mut apps).await?;
            }
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

        /// One outcome inside the caller's transaction; `None` (and nothing
        /// written) when the item is no longer pending or does not exist.
        async fn record_in_tx(
            tx: &mut Conn,
            outcome: &Outcome,
        ) -> StoreResult<Option<DecisionEvent>> {
            Self::record_with(tx, outcome, &mut AppsRead::new()).await
        }

        /// [`Self::record_in_tx`], reading the app's settings through `apps`.
        async fn record_with(
            tx: &mut Conn,
            outcome: &Outcome,
            apps: &mut AppsRead,
        ) -> StoreResult<Option<DecisionEvent>> {
            let at = ts(&outcome.decided_at);
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
                return Ok(None);
            };
            Self::insert_scores(&mut *tx, outcome).await?;
            sqlx::query(
                "INSERT INTO decisions (item_id, verdict, reason, policy_version, decided_by, \
                 decided_at, language, gaps, model_versions) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            )
            .bind(outcome.item_id)
            .bind(outcome.verdict.as_status().as_str())
            .bind(&outcome.reason)
            .bind(&outcome.policy_version)
            .bind(&outcome.decided_by)
            .bind(&at)
            .bind(&outcome.language)
            .bind(Json(&outcome.gaps))
            .bind(Json(&outcome.model_versions))
            .execute(&mut *tx)
            .await?;
            let mut event = outbox::event(
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
            event.data.gaps = outcome.gaps.clone();
            let app = match apps.get(&row.source_app) {
                Some(app) => *app,
                None => {
                    let app = Self::app_effects(&mut *tx, &row.source_app).await?;
                    apps.insert(row.source_app.clone(), app);
                    app
                }
            };
            Self::after_decision_with(
                &mut *tx,
                app,
                &event,
                row.text.as_deref(),
                outcome.trace.as_deref(),
            )
            .await?;
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
                Self::items_where(&self.pool, sqlx::query(&sql).bind(Json(ids))).await
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
