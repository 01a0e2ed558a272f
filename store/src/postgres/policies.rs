//! PostgreSQL SQL for policy versions and the dry-run read of recent decisions.

use sqlx::types::Json;

use super::PostgresStore;
use crate::codec::{
    DECIDED_COLUMNS, POLICY_COLUMNS, attach_scores, check_policy, decided_from_row, policy_from_row,
};
use crate::{DecidedItem, NewPolicy, PolicyRecord, StoreResult};

pub(super) async fn insert_policy(
    store: &PostgresStore,
    p: &NewPolicy,
) -> StoreResult<PolicyRecord> {
    check_policy(p)?;
    // A transaction-scoped advisory lock per app serialises writers from
    // the MAX to the INSERT, so concurrent writers get consecutive versions
    // instead of a primary-key conflict.
    let mut tx = store.pool().begin().await?;
    sqlx::query("SELECT pg_advisory_xact_lock(hashtextextended('modd.policies:' || $1, 0))")
        .bind(&p.source_app)
        .execute(&mut *tx)
        .await?;
    let row = sqlx::query(&format!(
        "INSERT INTO policies (source_app, version, document, created_by, created_at) \
         SELECT $1, COALESCE(MAX(version), 0) + 1, $2, $3, $4 FROM policies WHERE source_app = $1 \
         RETURNING {POLICY_COLUMNS}"
    ))
    .bind(&p.source_app)
    .bind(Json(&p.document))
    .bind(&p.created_by)
    .bind(p.created_at)
    .fetch_one(&mut *tx)
    .await?;
    let record = policy_from_row(&row)?;
    tx.commit().await?;
    Ok(record)
}

pub(super) async fn policy_history(
    store: &PostgresStore,
    source_app: &str,
    limit: i64,
) -> StoreResult<Vec<PolicyRecord>> {
    let rows = sqlx::query(&format!(
        "SELECT {POLICY_COLUMNS} FROM policies WHERE source_app = $1 ORDER BY version DESC LIMIT $2"
    ))
    .bind(source_app)
    .bind(limit.max(0))
    .fetch_all(store.pool())
    .await?;
    rows.iter().map(policy_from_row).collect()
}

pub(super) async fn recent_decisions(
    store: &PostgresStore,
    source_app: &str,
    limit: i64,
) -> StoreResult<Vec<DecidedItem>> {
    let recent = "SELECT d.item_id FROM decisions d JOIN content_items i ON i.id = d.item_id \
         WHERE i.source_app = $1 AND d.decided_by = 'rule' \
         ORDER BY d.decided_at DESC, d.item_id DESC LIMIT $2";
    let rows = sqlx::query(&format!(
        "SELECT {DECIDED_COLUMNS} FROM decisions d JOIN content_items i ON i.id = d.item_id \
         WHERE d.item_id IN ({recent}) ORDER BY d.decided_at DESC, d.item_id DESC"
    ))
    .bind(source_app)
    .bind(limit.max(0))
    .fetch_all(store.pool())
    .await?;
    let mut items = rows
        .iter()
        .map(decided_from_row)
        .collect::<StoreResult<Vec<_>>>()?;
    let scores: Vec<(i64, String, f64, String)> = sqlx::query_as(&format!(
        "SELECT item_id, category, score, classifier FROM moderation_results \
         WHERE item_id IN ({recent}) ORDER BY id"
    ))
    .bind(source_app)
    .bind(limit.max(0))
    .fetch_all(store.pool())
    .await?;
    attach_scores(&mut items, scores);
    Ok(items)
}
