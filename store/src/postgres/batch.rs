//! PostgreSQL's batch inserts: arrays in through `UNNEST`, so a batch of
//! items or of scores costs one statement whatever its size.

use super::{Conn, PostgresStore};
use crate::sql::prelude::*;
use crate::{Inserted, NewItem, Outcome};
use std::collections::HashMap;
use std::sync::LazyLock;

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

type Key = (String, String);

impl PostgresStore {
    /// Two round trips per batch whatever its size (the group-commit path):
    /// one `INSERT ... ON CONFLICT DO NOTHING RETURNING` for the new rows, one
    /// `SELECT` for the rows that already existed.
    pub(super) async fn insert_batch(&self, items: &[NewItem]) -> StoreResult<Vec<Inserted>> {
        let column = |f: fn(&NewItem) -> String| items.iter().map(f).collect::<Vec<_>>();
        let mut tx = self.begin_write().await?;
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

    pub(super) async fn insert_scores(tx: &mut Conn, outcome: &Outcome) -> StoreResult<()> {
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
            .execute(tx)
            .await?;
        }
        Ok(())
    }
}
