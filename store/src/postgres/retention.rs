//! PostgreSQL SQL for the retention sweeper and erasure requests. Deleting an
//! item cascades to its scores, decision and outbox events.

use crate::StoreResult;
use chrono::{DateTime, Utc};
use sqlx::PgPool;
use sqlx::types::Json;

pub(super) async fn delete_items_before(
    pool: &PgPool,
    source_app: Option<&str>,
    cutoff: DateTime<Utc>,
    limit: i64,
) -> StoreResult<u64> {
    // Small batches in short transactions; rows another replica's sweep
    // holds are skipped rather than waited for.
    let mut tx = pool.begin().await?;
    let done = sqlx::query(
        "DELETE FROM content_items WHERE id IN ( \
           SELECT id FROM content_items WHERE created_at < $1 \
             AND (($2 IS NOT NULL AND source_app = $2) OR ($2 IS NULL AND source_app NOT IN \
               (SELECT source_app FROM apps WHERE retention_days IS NOT NULL))) \
           ORDER BY created_at LIMIT $3 FOR UPDATE SKIP LOCKED)",
    )
    .bind(cutoff)
    .bind(source_app)
    .bind(limit.max(0))
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(done.rows_affected())
}

pub(super) async fn erase_item(
    pool: &PgPool,
    source_app: &str,
    external_id: &str,
    actor: &str,
    at: DateTime<Utc>,
) -> StoreResult<Option<i64>> {
    let mut tx = pool.begin().await?;
    let id: Option<i64> = sqlx::query_scalar(
        "DELETE FROM content_items WHERE source_app = $1 AND external_id = $2 RETURNING id",
    )
    .bind(source_app)
    .bind(external_id)
    .fetch_optional(&mut *tx)
    .await?;
    if let Some(id) = id {
        sqlx::query(
            "INSERT INTO audit_log (at, actor, action, target, detail) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(at)
        .bind(actor)
        .bind("content.erase")
        .bind(format!("item:{id}"))
        .bind(Json(crate::outbox::erase_detail(source_app, external_id)))
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(id)
}
