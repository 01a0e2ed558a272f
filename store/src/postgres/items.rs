//! PostgreSQL SQL for content items, their scores and decisions.

use crate::codec::{
    self, DECISION_COLUMNS, ITEM_COLUMNS, check_item, check_outcome, item_from_row,
};
use crate::outbox::{self, DecidedRow};
use crate::{Inserted, NewItem, Outcome, StoreError, StoreResult, StoredItem};
use chrono::{DateTime, Utc};
use modd_common::{CategoryScore, ItemStatus};
use sqlx::{PgPool, Row};
use std::collections::{BTreeMap, HashMap};
use std::sync::LazyLock;

static SELECT_ITEM: LazyLock<String> = LazyLock::new(|| {
    format!(
        "SELECT {ITEM_COLUMNS}, {DECISION_COLUMNS} FROM content_items \
         LEFT JOIN decisions ON decisions.item_id = content_items.id"
    )
});

/// The whole batch in one statement: arrays in, one row out per item that
/// was new. Rows are inserted in key order, not input order: every
/// transaction then takes its unique-index locks in the same order, so two
/// replicas' batches holding the same keys wait for each other instead of
/// deadlocking. (Ids within one batch therefore need not follow input order.)
static INSERT_BATCH: LazyLock<String> = LazyLock::new(|| {
    format!(
        "INSERT INTO content_items \
         (source_app, external_id, content_type, text, image_url, status, created_at, updated_at) \
         SELECT source_app, external_id, content_type, text, image_url, 'pending', created_at, created_at \
         FROM UNNEST($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[]) \
         WITH ORDINALITY AS t(source_app, external_id, content_type, text, image_url, created_at, ord) \
         ORDER BY source_app, external_id, ord \
         ON CONFLICT (source_app, external_id) DO NOTHING \
         RETURNING {ITEM_COLUMNS}"
    )
});

static SELECT_BY_KEYS: LazyLock<String> = LazyLock::new(|| {
    format!(
        "{} WHERE (source_app, external_id) IN (SELECT * FROM UNNEST($1::text[], $2::text[]))",
        *SELECT_ITEM
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

type Key = (String, String);

/// Two round trips per batch whatever its size (the group-commit path): one
/// `INSERT ... ON CONFLICT DO NOTHING RETURNING` for the new rows, one
/// `SELECT` for the rows that already existed.
pub(super) async fn insert_items(pool: &PgPool, items: &[NewItem]) -> StoreResult<Vec<Inserted>> {
    items.iter().try_for_each(check_item)?;
    if items.is_empty() {
        return Ok(Vec::new());
    }
    let column = |f: fn(&NewItem) -> String| items.iter().map(f).collect::<Vec<_>>();
    let mut tx = pool.begin().await?;
    let rows = sqlx::query(&INSERT_BATCH)
        .bind(column(|i| i.source_app.clone()))
        .bind(column(|i| i.external_id.clone()))
        .bind(column(|i| i.content_type.clone()))
        .bind(items.iter().map(|i| i.text.clone()).collect::<Vec<_>>())
        .bind(
            items
                .iter()
                .map(|i| i.image_url.clone())
                .collect::<Vec<_>>(),
        )
        .bind(items.iter().map(|i| i.created_at).collect::<Vec<_>>())
        .fetch_all(&mut *tx)
        .await?;
    let mut new: HashMap<Key, StoredItem> = HashMap::with_capacity(rows.len());
    for row in &rows {
        let item = item_from_row(row, false)?;
        new.insert((item.source_app.clone(), item.external_id.clone()), item);
    }

    // Keys that were not inserted: they existed before this batch.
    let mut old: HashMap<Key, StoredItem> = HashMap::new();
    let (apps, ids): (Vec<&str>, Vec<&str>) = items
        .iter()
        .filter(|i| !new.contains_key(&(i.source_app.clone(), i.external_id.clone())))
        .map(|i| (i.source_app.as_str(), i.external_id.as_str()))
        .unzip();
    if !apps.is_empty() {
        let rows = sqlx::query(&SELECT_BY_KEYS)
            .bind(apps)
            .bind(ids)
            .fetch_all(&mut *tx)
            .await?;
        for row in &rows {
            let item = item_from_row(row, true)?;
            old.insert((item.source_app.clone(), item.external_id.clone()), item);
        }
    }
    tx.commit().await?;

    // Input order; within the batch only the first of equal keys is `created`.
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        let key = (item.source_app.clone(), item.external_id.clone());
        let inserted = if let Some(row) = new.remove(&key) {
            old.insert(key, row.clone());
            Inserted {
                item: row,
                created: true,
            }
        } else if let Some(row) = old.get(&key) {
            Inserted {
                item: row.clone(),
                created: false,
            }
        } else {
            // Only possible if a concurrent delete removed it between the two statements.
            return Err(StoreError::Other(format!(
                "item {}/{} vanished during insert",
                item.source_app, item.external_id
            )));
        };
        out.push(inserted);
    }
    Ok(out)
}

pub(super) async fn get_item(pool: &PgPool, id: i64) -> StoreResult<Option<StoredItem>> {
    let row = sqlx::query(&GET_ITEM).bind(id).fetch_optional(pool).await?;
    row.map(|r| item_from_row(&r, true)).transpose()
}

pub(super) async fn find_item(
    pool: &PgPool,
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

pub(super) async fn item_scores(pool: &PgPool, id: i64) -> StoreResult<Vec<CategoryScore>> {
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
    pool: &PgPool,
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

pub(super) async fn record_outcome(pool: &PgPool, outcome: &Outcome) -> StoreResult<bool> {
    check_outcome(outcome)?;
    let mut tx = pool.begin().await?;
    // The status guard is the idempotency: a racing worker blocks on the row
    // lock, re-reads the row after our commit, finds it no longer pending and
    // updates nothing.
    let moved = sqlx::query(
        "UPDATE content_items SET status = $1, error = NULL, updated_at = $2 \
         WHERE id = $3 AND status = 'pending' RETURNING source_app, external_id, text",
    )
    .bind(outcome.verdict.as_status().as_str())
    .bind(outcome.decided_at)
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
    if !outcome.scores.is_empty() {
        let s = &outcome.scores;
        sqlx::query(
            "INSERT INTO moderation_results \
             (item_id, category, score, classifier, model_version, created_at) \
             SELECT $1, category, score, classifier, model_version, $6 \
             FROM UNNEST($2::text[], $3::float8[], $4::text[], $5::text[]) \
             AS t(category, score, classifier, model_version)",
        )
        .bind(outcome.item_id)
        .bind(s.iter().map(|c| c.category.as_str()).collect::<Vec<_>>())
        .bind(s.iter().map(|c| c.score).collect::<Vec<_>>())
        .bind(s.iter().map(|c| c.classifier.as_str()).collect::<Vec<_>>())
        .bind(
            s.iter()
                .map(|c| c.model_version.as_str())
                .collect::<Vec<_>>(),
        )
        .bind(outcome.decided_at)
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
    .bind(outcome.decided_at)
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

pub(super) async fn mark_error(pool: &PgPool, id: i64, reason: &str) -> StoreResult<bool> {
    let done = sqlx::query(
        "UPDATE content_items SET status = 'error', error = $1, updated_at = $2 \
         WHERE id = $3 AND status = 'pending'",
    )
    .bind(codec::clean_reason(reason))
    .bind(Utc::now())
    .bind(id)
    .execute(pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub(super) async fn requeue_errored(pool: &PgPool, id: i64) -> StoreResult<bool> {
    let done = sqlx::query(
        "UPDATE content_items SET status = 'pending', error = NULL, updated_at = $1 \
         WHERE id = $2 AND status = 'error'",
    )
    .bind(Utc::now())
    .bind(id)
    .execute(pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub(super) async fn count_by_status(pool: &PgPool) -> StoreResult<BTreeMap<ItemStatus, i64>> {
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
pub(super) async fn oldest_pending(pool: &PgPool) -> StoreResult<Option<DateTime<Utc>>> {
    Ok(sqlx::query_scalar(
        "SELECT created_at FROM content_items WHERE status = 'pending' ORDER BY id LIMIT 1",
    )
    .fetch_optional(pool)
    .await?)
}
