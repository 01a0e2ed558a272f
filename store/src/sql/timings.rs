//! Accept→decision timings read back from the stored timestamps, for load
//! tests (`modctl bench --decisions-from-database`, the pipeline benchmark):
//! both ends are recorded by the service itself, so nothing is sampled and
//! no client clock is involved.

macro_rules! timing_methods {
    () => {
        fn decision_timings<'a>(
            &'a self,
            source_app: &'a str,
            first_id: i64,
            last_id: i64,
        ) -> StoreFuture<'a, DecisionTimings> {
            Box::pin(async move {
                let pending: i64 = sqlx::query_scalar(
                    "SELECT COUNT(*) FROM content_items WHERE source_app = $1 \
                     AND id BETWEEN $2 AND $3 AND status = 'pending'",
                )
                .bind(source_app)
                .bind(first_id)
                .bind(last_id)
                .fetch_one(&self.pool)
                .await?;
                let rows: Vec<(DateTime<Utc>, DateTime<Utc>)> = sqlx::query_as(
                    "SELECT content_items.created_at, decisions.decided_at FROM content_items \
                     JOIN decisions ON decisions.item_id = content_items.id \
                     WHERE source_app = $1 AND content_items.id BETWEEN $2 AND $3",
                )
                .bind(source_app)
                .bind(first_id)
                .bind(last_id)
                .fetch_all(&self.pool)
                .await?;
                Ok(DecisionTimings::from_pairs(pending, &rows))
            })
        }
    };
}
pub(crate) use timing_methods;
