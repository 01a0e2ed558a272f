//! PostgreSQL's batch of new items: arrays in through `UNNEST`, so a batch
//! costs one statement whatever its size (decisions: `decide.rs`).

use super::{Conn, PostgresStore};
use crate::sql::inserted::{in_input_order, not_created};
use crate::sql::prelude::*;
use crate::{Inserted, NewItem};
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

/// One field of every row, as the array `UNNEST` takes.
fn column<'a, R, T>(rows: &'a [R], field: impl Fn(&'a R) -> T) -> Vec<T> {
    rows.iter().map(field).collect()
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
        let created: Vec<StoredItem> = sqlx::query_as(&INSERT_BATCH)
            .bind(column(items, |i| i.source_app.clone()))
            .bind(column(items, |i| i.external_id.clone()))
            .bind(column(items, |i| i.content_type.clone()))
            .bind(column(items, |i| i.text.clone()))
            .bind(column(items, |i| i.image_url.clone()))
            .bind(column(items, |i| i.created_at))
            .fetch_all(&mut *tx)
            .await?;
        // Keys that were not inserted: they existed before this batch.
        let old = not_created(items, &created);
        let existed = if old.is_empty() {
            Vec::new()
        } else {
            let (apps, ids): (Vec<&str>, Vec<&str>) = old
                .iter()
                .map(|i| (i.source_app.as_str(), i.external_id.as_str()))
                .unzip();
            let query = sqlx::query(&SELECT_BY_KEYS).bind(apps).bind(ids);
            Self::items_where(&mut *tx, query).await?
        };
        in_input_order(items, created, existed)
    }
}
