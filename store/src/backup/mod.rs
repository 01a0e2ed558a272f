//! What backup and restore need to know from a database, below the CLI:
//! a consistent copy (SQLite `VACUUM INTO`) or a consistent snapshot to
//! dump from (PostgreSQL `pg_export_snapshot`), the row count of every
//! table and the schema version as of that copy, whether anyone else has
//! the database open, and SQLite's `PRAGMA integrity_check`.
//!
//! `modctl backup` and `modctl restore` drive this; the daemon never does.
//! Table names come from the database's own catalog, never from input; they
//! are quoted as identifiers because a table name cannot be a bind.

pub mod postgres;
pub mod sqlite;

use std::collections::BTreeMap;

/// Rows per table, by table name.
pub type RowCounts = BTreeMap<String, i64>;

/// What a database (or a copy of one) holds, as of one consistent read.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Contents {
    /// The newest applied migration; `None` for a database never migrated.
    pub schema_version: Option<i64>,
    /// Applied migrations the binary does not know (a newer schema).
    pub unknown_migrations: Vec<i64>,
    pub row_counts: RowCounts,
}

/// `"name"` with inner quotes doubled: an identifier SQL cannot misread.
fn quote_ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// `SELECT COUNT(*)` of one catalog-listed table.
fn count_sql(table: &str) -> String {
    format!("SELECT COUNT(*) FROM {}", quote_ident(table))
}

/// The newest applied version and the applied versions `known` lacks.
fn versions(applied: &[i64], known: &[crate::migrations::Migration]) -> (Option<i64>, Vec<i64>) {
    let unknown = applied
        .iter()
        .copied()
        .filter(|v| !known.iter().any(|m| m.version == *v))
        .collect();
    (applied.iter().copied().max(), unknown)
}

/// The newest migration this binary knows for `backend`.
pub fn latest_known(backend: crate::Backend) -> Option<i64> {
    let known = match backend {
        crate::Backend::Sqlite => crate::MIGRATIONS_SQLITE,
        crate::Backend::Postgres => crate::MIGRATIONS_POSTGRES,
    };
    known.iter().map(|m| m.version).max()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_are_quoted() {
        assert_eq!(count_sql("items"), "SELECT COUNT(*) FROM \"items\"");
        assert_eq!(quote_ident("a\"b"), "\"a\"\"b\"");
    }

    #[test]
    fn unknown_versions_are_named() {
        let known = crate::MIGRATIONS_SQLITE;
        let first = known[0].version;
        let (newest, unknown) = versions(&[first, 99_991_231_000_000], known);
        assert_eq!(newest, Some(99_991_231_000_000));
        assert_eq!(unknown, [99_991_231_000_000]);
        assert_eq!(versions(&[], known), (None, vec![]));
    }
}
