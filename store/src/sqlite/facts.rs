//! SQLite catalog facts: foreign keys without an index, from
//! `pragma_foreign_key_list` and `pragma_index_list`/`pragma_index_info`.
//! SQLite has no roles and no archiving, so those facts stay `None`.

use crate::{CatalogFacts, StoreResult};
use sqlx::SqlitePool;
use std::collections::BTreeMap;

pub(super) async fn catalog_facts(pool: &SqlitePool) -> StoreResult<CatalogFacts> {
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )
    .fetch_all(pool)
    .await?;
    let mut unindexed = Vec::new();
    for table in tables {
        // (fk id, seq, from column)
        let fk_cols: Vec<(i64, i64, String)> = sqlx::query_as(
            r#"SELECT id, seq, "from" FROM pragma_foreign_key_list(?) ORDER BY id, seq"#,
        )
        .bind(&table)
        .fetch_all(pool)
        .await?;
        if fk_cols.is_empty() {
            continue;
        }
        let mut fks: BTreeMap<i64, Vec<String>> = BTreeMap::new();
        for (id, _, col) in fk_cols {
            fks.entry(id).or_default().push(col);
        }
        // (index name, seqno, column) for every index of the table.
        let idx_cols: Vec<(String, i64, Option<String>)> = sqlx::query_as(
            "SELECT il.name, ii.seqno, ii.name FROM pragma_index_list(?) AS il, \
             pragma_index_info(il.name) AS ii ORDER BY il.name, ii.seqno",
        )
        .bind(&table)
        .fetch_all(pool)
        .await?;
        let mut indexes: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (name, _, col) in idx_cols {
            indexes
                .entry(name)
                .or_default()
                .push(col.unwrap_or_default());
        }
        // An INTEGER PRIMARY KEY is the rowid: indexed, but not in index_list.
        let pk: Vec<String> =
            sqlx::query_scalar("SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk")
                .bind(&table)
                .fetch_all(pool)
                .await?;
        if !pk.is_empty() {
            indexes.insert(String::new(), pk);
        }
        for cols in fks.values() {
            let covered = indexes.values().any(|idx| {
                idx.len() >= cols.len() && cols.iter().all(|c| idx[..cols.len()].contains(c))
            });
            if !covered {
                unindexed.push(format!("{table}({})", cols.join(", ")));
            }
        }
    }
    Ok(CatalogFacts {
        superuser: None,
        unindexed_foreign_keys: unindexed,
        archive_mode: None,
    })
}
