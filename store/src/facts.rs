//! Catalog facts about the database for `GET /api/v1/admin/facts`: the
//! connecting role's privileges, foreign keys without an index, and the
//! backup signal. Each backend answers from its own catalogs.

/// What the catalogs say.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CatalogFacts {
    /// PostgreSQL: the connecting role is a superuser. `None` on SQLite.
    pub superuser: Option<bool>,
    /// `table(col, ...)` for every foreign key no index starts with.
    pub unindexed_foreign_keys: Vec<String>,
    /// PostgreSQL `archive_mode`. `None` on SQLite.
    pub archive_mode: Option<String>,
}
