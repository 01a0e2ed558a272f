//! SQLite SQL for content items, their scores and decisions.

use super::{SqliteStore, ts};
use crate::codec::{self, ITEM_COLUMNS, check_item, check_outcome, item_from_row};
use crate::outbox::{self, DecidedRow};
use crate::{Inserted, NewItem, Outcome, StoreResult, StoredItem};
use chrono::{DateTime, Utc};
use modd_common::{CategoryScore, ItemStatus};
use sqlx::{Row, SqlitePool};
use std::collections::BTreeMap;
use std::sync::LazyLock;

/// An item joined with its decision, if any.
static SELECT_ITEM: LazyLock<String> = LazyLock::new(|| {
    format!(
        "SELECT {ITEM_COLUMNS}, {} FROM content_items \
         LEFT JOIN decisions ON decisions.item_id = content_items.id",
        codec::DECISION_COLUMNS
    )
});

static INSERT_ITEM: LazyLock<String> = LazyLock::new(|| {
    format!(
        "INSERT INTO content_items \
         (source_app, external_id, content_type, text, image_url, status, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, 'pending', $6, $6) \
         ON CONFLICT (source_app, external_id) DO NOTHING \
         RETURNING {ITEM_COLUMNS}"
    )
});

static FIND_ITEM: LazyLock<String> = LazyLock::new(|| {
    format!(
        "{} WHERE source_app = $1 AND external_id = $2",
        *SELECT_ITEM
    )
});

static GET_ITEM: LazyLock<String> =
    LazyLock::new(|| format!("{} WHERE content_items.id = $1", *SELECT_ITEM));

/// One statement per item inside one transaction: SQLite runs in-process, so
/// a statement costs no round trip and the transaction's single commit (one
/// fsync of the WAL) is what group commit saves.
pub(super) async fn insert_items(
    store: &SqliteStore,
    items: &[NewItem],
) -> StoreResult<Vec<Inserted>> {
    // Refuse the batch before writing anything: no partial batches.
    items.iter().try_for_each(check_item)?;
    if items.is_empty() {
        return Ok(Vec::new());
    }
    let mut tx = store.begin_write().await?;
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        let row = sqlx::query(&INSERT_ITEM)
            .bind(&item.source_app)
            .bind(&item.external_id)
            .bind(&item.content_type)
            .bind(&item.text)
            .bind(&item.image_url)
            .bind(ts(&item.created_at))
            .fetch_optional(&mut *tx)
            .await?;
        let inserted = match row {
            Some(row) => Inserted {
                item: item_from_row(&row, false)?,
                created: true,
            },
            // Already there, from an earlier batch or earlier in this one.
            None => {
                let row = sqlx::query(&FIND_ITEM)
                    .bind(&item.source_app)
                    .bind(&item.external_id)
                    .fetch_one(&mut *tx)
                    .await?;
                Inserted {
                    item: item_from_row(&row, true)?,
                    created: false,
                }
            }
        };
        out.push(inserted);
    }
    tx.commit().await?;
    Ok(out)
}

pub(super) async fn get_item(pool: &SqlitePool, id: i64) -> StoreResult<Option<StoredItem>> {
    let row = sqlx::query(&GET_ITEM).bind(id).fetch_optional(pool).await?;
    row.map(|r| item_from_row(&r, true)).transpose()
}

pub(super) async fn find_item(
    pool: &SqlitePool,
    source_app: &str,
    external_id: &str,
) -> StoreResult<Option<StoredItem>> {
    let row = sqlx::query(&FIND_ITEM)
        .bind(source_app)
        .bind(external_id)
        .fetch_optional(pool)
        .await?;
    row.map(|r| item_from_row(&r, true)).transpose()
}

pub(super) async fn item_scores(pool: &SqlitePool, id: i64) -> StoreResult<Vec<CategoryScore>> {
    let rows = sqlx::query(
        "SELECT category, score, classifier, model_version FROM moderation_results \
         WHERE item_id = $1 ORDER BY category, classifier, id",
    )
    .bind(id)
    .fetch_all(pool)
    .await?;
    rows.iter().map(crate::rows::score_from_row).collect()
}

pub(super) async fn pending_item_ids(
    pool: &SqlitePool,
    after_id: i64,
    limit: i64,
) -> StoreResult<Vec<i64>> {
    Ok(sqlx::query_scalar(
        "SELECT id FROM content_items WHERE status = 'pending' AND id > $1 ORDER BY id LIMIT $2",
    )
    .bind(after_id)
    .bind(limit.max(0))
    .fetch_all(pool)
    .await?)
}

pub(super) async fn record_outcome(store: &SqliteStore, outcome: &Outcome) -> StoreResult<bool> {
    check_outcome(outcome)?;
    let at = ts(&outcome.decided_at);
    let mut tx = store.begin_write().await?;
    // The status guard is the idempotency: only the first writer moves the
    // item out of pending; everyone after sees 0 rows and writes nothing.
    let moved = sqlx::query(
        "UPDATE content_items SET status = $1, error = NULL, updated_at = $2 \
         WHERE id = $3 AND status = 'pending' RETURNING source_app, external_id, text",
    )
    .bind(outcome.verdict.as_status().as_str())
    .bind(&at)
    .bind(outcome.item_id)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(moved) = moved else {
        return Ok(false); // dropping `tx` rolls back
    };
    let row = DecidedRow {
        source_app: moved.try_get("source_app")?,
        external_id: moved.try_get("external_id")?,
        text: moved.try_get("text")?,
    };
    for s in &outcome.scores {
        sqlx::query(
            "INSERT INTO moderation_results \
             (item_id, category, score, classifier, model_version, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(outcome.item_id)
        .bind(&s.category)
        .bind(s.score)
        .bind(&s.classifier)
        .bind(&s.model_version)
        .bind(&at)
        .execute(&mut *tx)
        .await?;
    }
    sqlx::query(
        "INSERT INTO decisions (item_id, verdict, reason, policy_version, decided_by, decided_at, \
         language, gaps, model_versions) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(outcome.item_id)
    .bind(codec::verdict_str(outcome.verdict))
    .bind(&outcome.reason)
    .bind(&outcome.policy_version)
    .bind(&outcome.decided_by)
    .bind(&at)
    .bind(&outcome.language)
    .bind(sqlx::types::Json(&outcome.gaps))
    .bind(sqlx::types::Json(&outcome.model_versions))
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
    super::review::after_decision(&mut tx, &event, row.text.as_deref()).await?;
    tx.commit().await?;
    Ok(true)
}

pub(super) async fn mark_error(pool: &SqlitePool, id: i64, reason: &str) -> StoreResult<bool> {
    let done = sqlx::query(
        "UPDATE content_items SET status = 'error', error = $1, updated_at = $2 \
         WHERE id = $3 AND status = 'pending'",
    )
    .bind(codec::clean_reason(reason))
    .bind(ts(&Utc::now()))
    .bind(id)
    .execute(pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub(super) async fn requeue_errored(pool: &SqlitePool, id: i64) -> StoreResult<bool> {
    let done = sqlx::query(
        "UPDATE content_items SET status = 'pending', error = NULL, updated_at = $1 \
         WHERE id = $2 AND status = 'error'",
    )
    .bind(ts(&Utc::now()))
    .bind(id)
    .execute(pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub(super) async fn count_by_status(pool: &SqlitePool) -> StoreResult<BTreeMap<ItemStatus, i64>> {
    let rows: Vec<(String, i64)> =
        sqlx::query_as("SELECT status, COUNT(*) FROM content_items GROUP BY status")
            .fetch_all(pool)
            .await?;
    let mut counts: BTreeMap<ItemStatus, i64> = ItemStatus::ALL.iter().map(|s| (*s, 0)).collect();
    for (status, n) in rows {
        counts.insert(codec::parse_status(&status)?, n);
    }
    Ok(counts)
}

/// The lowest pending id is the oldest pending item, and the (status, id)
/// index finds it without scanning the pending set.
pub(super) async fn oldest_pending(pool: &SqlitePool) -> StoreResult<Option<DateTime<Utc>>> {
    Ok(sqlx::query_scalar(
        "SELECT created_at FROM content_items WHERE status = 'pending' ORDER BY id LIMIT 1",
    )
    .fetch_optional(pool)
    .await?)
}
