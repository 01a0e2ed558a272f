//! The retention sweeper and erasure requests. Deleting an item cascades to
//! its scores, decision and outbox events; the outbox events that belong to
//! no item (the `key_rotating`/`key_expiring` notices) are deleted by age
//! on their own once they are delivered or dead.

/// Items, whatever their status: retention ends the content itself.
pub(crate) const EXPIRED_ITEMS: (&str, &str) = ("content_items", "TRUE");
/// Key notices (outbox rows with no item) that are done: delivered, or
/// dead after their last attempt. A pending one still has to go out.
pub(crate) const EXPIRED_NOTICES: (&str, &str) = (
    "webhook_events",
    "item_id IS NULL AND status IN ('delivered', 'dead')",
);

/// A `DELETE` of up to `$2` rows of `table` created before `$1` that meet
/// `condition`: of the app bound as `$3` with `one_app`, else of every app
/// with no retention of its own. One statement per scope, not one with
/// `$3 IS NULL OR ...`: a prepared plan can then use the (source_app,
/// created_at) index for an app and the created_at one for the rest.
pub(crate) fn expired_rows(
    (table, condition): (&str, &str),
    one_app: bool,
    skip_locked: &str,
) -> String {
    let scope = if one_app {
        "source_app = $3"
    } else {
        "source_app NOT IN (SELECT source_app FROM apps WHERE retention_days IS NOT NULL)"
    };
    format!(
        "DELETE FROM {table} WHERE id IN ( \
           SELECT id FROM {table} WHERE {scope} AND created_at < $1 AND {condition} \
           ORDER BY created_at LIMIT $2{skip_locked})"
    )
}

macro_rules! retention_helpers {
    () => {
        /// Small batches, each its own short write transaction, so intake and
        /// workers wait at most one batch; on PostgreSQL rows another
        /// replica's sweep holds are skipped rather than waited for.
        async fn delete_expired(
            &self,
            rows: (&str, &str),
            source_app: Option<&str>,
            cutoff: DateTime<Utc>,
            limit: i64,
        ) -> StoreResult<u64> {
            let sql = expired_rows(rows, source_app.is_some(), SKIP_LOCKED);
            let mut query = sqlx::query(&sql).bind(ts(&cutoff)).bind(limit.max(0));
            if let Some(app) = source_app {
                query = query.bind(app);
            }
            let mut tx = self.begin_write().await?;
            let done = query.execute(&mut *tx).await?;
            tx.commit().await?;
            Ok(done.rows_affected())
        }
    };
}
pub(crate) use retention_helpers;

macro_rules! retention_methods {
    () => {
        fn delete_items_before<'a>(
            &'a self,
            source_app: Option<&'a str>,
            cutoff: DateTime<Utc>,
            limit: i64,
        ) -> StoreFuture<'a, u64> {
            Box::pin(self.delete_expired(EXPIRED_ITEMS, source_app, cutoff, limit))
        }

        fn delete_notices_before<'a>(
            &'a self,
            source_app: Option<&'a str>,
            cutoff: DateTime<Utc>,
            limit: i64,
        ) -> StoreFuture<'a, u64> {
            Box::pin(self.delete_expired(EXPIRED_NOTICES, source_app, cutoff, limit))
        }

        fn erase_item<'a>(
            &'a self,
            source_app: &'a str,
            external_id: &'a str,
            actor: &'a str,
            at: DateTime<Utc>,
        ) -> StoreFuture<'a, Option<i64>> {
            Box::pin(async move {
                let mut tx = self.begin_write().await?;
                let id: Option<i64> = sqlx::query_scalar(
                    "DELETE FROM content_items WHERE source_app = $1 AND external_id = $2 \
                     RETURNING id",
                )
                .bind(source_app)
                .bind(external_id)
                .fetch_optional(&mut *tx)
                .await?;
                if let Some(id) = id {
                    let entry = audit::erased(id, source_app, external_id, at, actor);
                    Self::append_audit_in(&mut *tx, &entry).await?;
                }
                tx.commit().await?;
                Ok(id)
            })
        }
    };
}
pub(crate) use retention_methods;
