//! PostgreSQL catalog facts: `pg_roles`, `pg_constraint`/`pg_index`, `archive_mode`.

use crate::{CatalogFacts, StoreResult};
use sqlx::PgPool;

/// Foreign keys of the current schema whose columns are not all among the
/// leading columns of some index on the same table (an index on `(a, b)`
/// serves a key on `a` or on `(b, a)`, not one on `b`).
const UNINDEXED_FKS: &str = "
SELECT c.conrelid::regclass::text || '(' ||
       (SELECT string_agg(a.attname, ', ' ORDER BY k.n)
          FROM unnest(c.conkey) WITH ORDINALITY AS k(attnum, n)
          JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum) || ')'
  FROM pg_constraint c
 WHERE c.contype = 'f'
   AND c.connamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema())
   AND NOT EXISTS (
       SELECT 1 FROM pg_index i
        WHERE i.indrelid = c.conrelid
          AND (string_to_array(i.indkey::text, ' ')::int2[])[1:cardinality(c.conkey)] @> c.conkey)
 ORDER BY 1";

pub(super) async fn catalog_facts(pool: &PgPool) -> StoreResult<CatalogFacts> {
    let superuser: bool =
        sqlx::query_scalar("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
            .fetch_one(pool)
            .await?;
    let unindexed_foreign_keys: Vec<String> =
        sqlx::query_scalar(UNINDEXED_FKS).fetch_all(pool).await?;
    let archive_mode: String = sqlx::query_scalar("SELECT current_setting('archive_mode')")
        .fetch_one(pool)
        .await?;
    Ok(CatalogFacts {
        superuser: Some(superuser),
        unindexed_foreign_keys,
        archive_mode: Some(archive_mode),
    })
}
