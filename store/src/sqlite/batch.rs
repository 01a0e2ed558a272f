//! SQLite's batch inserts: the rows go in as one JSON array, bound as one
//! parameter and taken apart by `json_each` (SQLite has no arrays for
//! `UNNEST`). A statement costs no network round trip here, but each one is
//! a hand-off to sqlx's SQLite thread and back, and the single writer's
//! round is what every accept waits for: one statement per batch instead of
//! one per row is what keeps that round short.

use super::{Conn, SqliteStore, ts};
use crate::rows::ITEM_COLUMNS;
use crate::sql::inserted::{in_input_order, not_created};
use crate::sql::prelude::*;
use crate::{Inserted, NewItem, Outcome};
use std::sync::LazyLock;

/// The whole batch in one statement, inserted in input order (so ids follow
/// it); one row out per item that was new. `WHERE true` is SQLite's way to
/// tell an upsert's `ON CONFLICT` from a join's `ON`.
static INSERT_BATCH: LazyLock<String> = LazyLock::new(|| {
    format!(
        "INSERT INTO content_items \
         (source_app, external_id, content_type, text, image_url, status, created_at, updated_at) \
         SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, 'pending', \
                value ->> 5, value ->> 5 \
         FROM json_each($1) WHERE true \
         ON CONFLICT (source_app, external_id) DO NOTHING RETURNING {ITEM_COLUMNS}"
    )
});

/// The items whose keys are in a JSON array of `[source_app, external_id]`.
static SELECT_BY_KEYS: LazyLock<String> = LazyLock::new(|| {
    format!(
        "{} WHERE (source_app, external_id) IN \
         (SELECT value ->> 0, value ->> 1 FROM json_each($1))",
        *SELECT_ITEM
    )
});

/// Every score of an outcome in one statement: `[category, score,
/// classifier, model_version, spans]` per element, spans as the stored
/// JSON text (or null).
const INSERT_SCORES: &str = "INSERT INTO moderation_results \
    (item_id, category, score, classifier, model_version, created_at, spans) \
    SELECT $1, value ->> 0, value ->> 1, value ->> 2, value ->> 3, $2, value ->> 4 \
    FROM json_each($3)";

/// `rows` as one JSON array: what `json_each` takes apart.
fn json_rows<T: serde::Serialize>(rows: &[T]) -> StoreResult<String> {
    serde_json::to_string(rows).map_err(|e| StoreError::Other(format!("batch encoding: {e}")))
}

impl SqliteStore {
    /// Two statements per batch whatever its size, inside the caller's
    /// transaction: the insert of the new rows, and (only when some keys
    /// existed) one read of those rows.
    pub(super) async fn insert_in_tx(
        tx: &mut Conn,
        items: &[NewItem],
    ) -> StoreResult<Vec<Inserted>> {
        let rows: Vec<_> = items
            .iter()
            .map(|i| {
                let created_at = ts(&i.created_at);
                let (app, id, kind) = (&i.source_app, &i.external_id, &i.content_type);
                (app, id, kind, &i.text, &i.image_url, created_at)
            })
            .collect();
        let created: Vec<StoredItem> = sqlx::query_as(&INSERT_BATCH)
            .bind(json_rows(&rows)?)
            .fetch_all(&mut *tx)
            .await?;
        let old = not_created(items, &created);
        let existed = if old.is_empty() {
            Vec::new()
        } else {
            let keys: Vec<_> = old
                .iter()
                .map(|i| (&i.source_app, &i.external_id))
                .collect();
            let query = sqlx::query(&SELECT_BY_KEYS).bind(json_rows(&keys)?);
            Self::items_where(&mut *tx, query).await?
        };
        in_input_order(items, created, existed)
    }

    pub(super) async fn insert_scores(tx: &mut Conn, outcome: &Outcome) -> StoreResult<()> {
        if outcome.scores.is_empty() {
            return Ok(());
        }
        let rows: Vec<_> = outcome
            .scores
            .iter()
            .map(|s| {
                let spans = spans_json(&s.spans);
                (&s.category, s.score, &s.classifier, &s.model_version, spans)
            })
            .collect();
        sqlx::query(INSERT_SCORES)
            .bind(outcome.item_id)
            .bind(ts(&outcome.decided_at))
            .bind(json_rows(&rows)?)
            .execute(&mut *tx)
            .await?;
        Ok(())
    }
}
