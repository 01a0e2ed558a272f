//! The retention sweeper and erasure requests. Deleting an item cascades to
//! its scores, decision and outbox events.

macro_rules! retention_methods {
    () => {
        /// Small batches, each its own short write transaction, so intake and
        /// workers wait at most one batch; on PostgreSQL rows another
        /// replica's sweep holds are skipped rather than waited for.
        fn delete_items_before<'a>(
            &'a self,
            source_app: Option<&'a str>,
            cutoff: DateTime<Utc>,
            limit: i64,
        ) -> StoreFuture<'a, u64> {
            Box::pin(async move {
                // One statement per scope, not one with `$2 IS NULL OR ...`:
                // a prepared plan can then use (source_app, created_at) for
                // an app and (created_at) for the rest.
                let sql = match source_app {
                    Some(_) => format!(
                        "DELETE FROM content_items WHERE id IN ( \
                           SELECT id FROM content_items WHERE source_app = $3 \
                             AND created_at < $1 \
                           ORDER BY created_at LIMIT $2{SKIP_LOCKED})"
                    ),
                    None => format!(
                        "DELETE FROM content_items WHERE id IN ( \
                           SELECT id FROM content_items WHERE created_at < $1 \
                             AND source_app NOT IN \
                               (SELECT source_app FROM apps WHERE retention_days IS NOT NULL) \
                           ORDER BY created_at LIMIT $2{SKIP_LOCKED})"
                    ),
                };
                let mut query = sqlx::query(&sql).bind(ts(&cutoff)).bind(limit.max(0));
                if let Some(app) = source_app {
                    query = query.bind(app);
                }
                let mut tx = self.begin_write().await?;
                let done = query.execute(&mut *tx).await?;
                tx.commit().await?;
                Ok(done.rows_affected())
            })
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
