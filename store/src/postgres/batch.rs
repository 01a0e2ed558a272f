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
         SELECT source_app, external_id, content_type, text, image_url, 'pending', created_at, \
           created_at \
         FROM UNNEST($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], \
           $6::timestamptz[]) \
         WITH ORDINALITY AS t(source_app, external_id, content_type, text, image_url, created_at, \
           ord) \
         ORDER BY source_app, external_id, ord \
         ON CONFLICT (source_app, external_id) DO NOTHING RETURNING {ITEM_COLUMNS}"
    )
});

static SELECT_BY_KEYS: LazyLock<String> = LazyLock::new(|| {
    format!(
        "{} WHERE (source_app, external_id) IN (SELECT * FROM UNNEST($1::text[], $2::text[]))",
        *SELECT_ITEM
    )
});

type Key = (String, String);

/// One field of every row, as the array `UNNEST` takes.
fn column<'a, R, T>(rows: &'a [R], field: impl Fn(&'a R) -> T) -> Vec<T> {
    rows.iter().map(field).collect()
}

fn key(source_app: &str, external_id: &str) -> Key {
    (source_app.to_owned(), external_id.to_owned())
}

impl PostgresStore {
    /// Two round trips per batch whatever its size (the group-commit path),
    /// inside the caller's transaction:
    /// one `INSERT ... ON CONFLICT DO NOTHING RETURNING` for the new rows, one
    /// `SELECT` for the rows that already existed.
    pub(super) async fn insert_in_tx(
        tx: &mut Conn,
        items: &[NewItem],
    ) -> StoreResult<Vec<Inserted>> {
        let rows: Vec<StoredItem> = sqlx::query_as(&INSERT_BATCH)
            .bind(column(items, |i| i.source_app.clone()))
            .bind(column(items, |i| i.external_id.clone()))
            .bind(column(items, |i| i.content_type.clone()))
            .bind(column(items, |i| i.text.clone()))
            .bind(column(items, |i| i.image_url.clone()))
            .bind(column(items, |i| i.created_at))
            .fetch_all(&mut *tx)
            .await?;
        // Each key with its row, and whether this batch created it.
        let mut found: HashMap<Key, (StoredItem, bool)> = rows
            .into_iter()
            .map(|i| (key(&i.source_app, &i.external_id), (i, true)))
            .collect();

        // Keys that were not inserted: they existed before this batch.
        let (apps, ids): (Vec<&str>, Vec<&str>) = items
            .iter()
            .filter(|i| !found.contains_key(&key(&i.source_app, &i.external_id)))
            .map(|i| (i.source_app.as_str(), i.external_id.as_str()))
            .unzip();
        if !apps.is_empty() {
            let query = sqlx::query(&SELECT_BY_KEYS).bind(apps).bind(ids);
            let rows = Self::items_where(&mut *tx, query).await?;
            found.extend(
                rows.into_iter()
                    .map(|i| (key(&i.source_app, &i.external_id), (i, false))),
            );
        }

        // Input order; within the batch only the first of equal keys is `created`.
        items
            .iter()
            .map(|item| {
                let Some((row, created)) = found.get_mut(&key(&item.source_app, &item.external_id))
                else {
                    // Only possible if a concurrent delete removed it between the two statements.
                    return Err(StoreError::Other(format!(
                        "item {}/{} vanished during insert",
                        item.source_app, item.external_id
                    )));
                };
                let created = std::mem::take(created);
                Ok(Inserted {
                    item: row.clone(),
                    created,
                })
            })
            .collect()
    }

    pub(super) async fn insert_scores(tx: &mut Conn, outcome: &Outcome) -> StoreResult<()> {
        if !outcome.scores.is_empty() {
            let s = &outcome.scores[..];
            sqlx::query(
                "INSERT INTO moderation_results \
                 (item_id, category, score, classifier, model_version, created_at, spans) \
                 SELECT $1, category, score, classifier, model_version, $6, spans::jsonb \
                 FROM UNNEST($2::text[], $3::float8[], $4::text[], $5::text[], $7::text[]) \
                 AS t(category, score, classifier, model_version, spans)",
            )
            .bind(outcome.item_id)
            .bind(column(s, |c| c.category.as_str()))
            .bind(column(s, |c| c.score))
            .bind(column(s, |c| c.classifier.as_str()))
            .bind(column(s, |c| c.model_version.as_str()))
            .bind(outcome.decided_at)
            .bind(column(s, |c| spans_json(&c.spans)))
            .execute(tx)
            .await?;
        }
        Ok(())
    }
}
