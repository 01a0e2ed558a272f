//! Embedded, reversible migrations and the runner both stores share.
//!
//! The SQL lives in `migrations/<dialect>/<version>_<name>.{up,down}.sql` and
//! is compiled into the binary, so a deployed `modd` or `modctl` can migrate
//! without the source tree. The runner is dialect-free: each store supplies a
//! [`MigrationDriver`] that knows how to lock, apply and revert on its
//! database; the bookkeeping (what is pending, what to revert, unknown
//! versions) lives here once.

use super::{StoreError, StoreResult};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use std::collections::BTreeMap;

/// One migration: SQL to apply and SQL to revert.
#[derive(Debug, Clone, Copy)]
pub struct Migration {
    pub version: i64,
    pub name: &'static str,
    pub up: &'static str,
    pub down: &'static str,
}

/// A migration and whether it is applied.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct MigrationState {
    pub version: i64,
    pub name: String,
    pub applied_at: Option<DateTime<Utc>>,
}

/// Embeds `migrations/<dir>/<version>_<name>.{up,down}.sql`. A missing down
/// file is a compile error, which is half of the "every up has a down" rule.
macro_rules! migration {
    ($dir:literal, $version:literal, $name:literal) => {
        Migration {
            version: $version,
            name: $name,
            up: include_str!(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/migrations/",
                $dir,
                "/",
                stringify!($version),
                "_",
                $name,
                ".up.sql"
            )),
            down: include_str!(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/migrations/",
                $dir,
                "/",
                stringify!($version),
                "_",
                $name,
                ".down.sql"
            )),
        }
    };
}

/// SQLite migrations, oldest first. A unit test checks this against the directory.
pub static MIGRATIONS_SQLITE: &[Migration] = &[
    migration!("sqlite", 20261125000001, "init"),
    migration!("sqlite", 20261125000002, "keys_audit"),
    migration!("sqlite", 20261125100001, "key_rotation"),
    migration!("sqlite", 20261125250001, "review_webhooks_retention"),
    migration!("sqlite", 20261125300001, "engine_policies"),
    migration!("sqlite", 20261125450001, "fk_indexes"),
    migration!("sqlite", 20261206000001, "schema_compat"),
    migration!("sqlite", 20261206120001, "key_roles"),
    migration!("sqlite", 20261206120002, "attestations"),
];

/// PostgreSQL migrations, oldest first, same versions and names as SQLite.
pub static MIGRATIONS_POSTGRES: &[Migration] = &[
    migration!("postgres", 20261125000001, "init"),
    migration!("postgres", 20261125000002, "keys_audit"),
    migration!("postgres", 20261125100001, "key_rotation"),
    migration!("postgres", 20261125250001, "review_webhooks_retention"),
    migration!("postgres", 20261125300001, "engine_policies"),
    migration!("postgres", 20261125450001, "fk_indexes"),
    migration!("postgres", 20261206000001, "schema_compat"),
    migration!("postgres", 20261206120001, "key_roles"),
    migration!("postgres", 20261206120002, "attestations"),
];

/// A row of `schema_migrations`.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub(crate) struct AppliedRow {
    pub version: i64,
    pub name: String,
    pub applied_at: DateTime<Utc>,
}

/// What a backend provides so the generic runner can drive it.
///
/// `apply` and `revert` run one migration in one transaction together with
/// its `schema_migrations` row, and re-check under the backend's lock that the
/// step is still needed: another replica may have done it meanwhile, in which
/// case they return `false` and change nothing.
#[async_trait]
pub(crate) trait MigrationDriver: Send + Sync {
    /// Creates `schema_migrations` if missing.
    async fn ensure_table(&self) -> StoreResult<()>;
    /// Rows of `schema_migrations`, any order.
    async fn applied(&self) -> StoreResult<Vec<AppliedRow>>;
    async fn apply(&self, migration: &Migration) -> StoreResult<bool>;
    async fn revert(&self, migration: &Migration) -> StoreResult<bool>;
}

/// Fails when the database has a version this binary does not know: the
/// schema is newer than the code (a rollback of `modd` without `migrate down`).
/// Running against it, or reverting around it, would be guesswork.
fn reject_unknown(known: &[Migration], applied: &[AppliedRow]) -> StoreResult<()> {
    let unknown: Vec<String> = applied
        .iter()
        .filter(|row| !known.iter().any(|m| m.version == row.version))
        .map(|row| format!("{}_{}", row.version, row.name))
        .collect();
    if unknown.is_empty() {
        Ok(())
    } else {
        Err(StoreError::Migration(format!(
            "database has migration(s) unknown to this binary: {} \
             (the schema is newer than this modd; upgrade modd or revert them with a newer modctl)",
            unknown.join(", ")
        )))
    }
}

/// Names the migration that failed; an outage stays an outage so callers
/// can still tell "retry later" from "fix the migration".
fn context(migration: &Migration, direction: &str, error: StoreError) -> StoreError {
    match error {
        StoreError::Unavailable(_) => error,
        other => StoreError::Migration(format!(
            "{}_{} {direction}: {other}",
            migration.version, migration.name
        )),
    }
}

/// Every known migration with its applied time, oldest first.
pub(crate) async fn status(
    driver: &(dyn MigrationDriver + '_),
    known: &[Migration],
) -> StoreResult<Vec<MigrationState>> {
    driver.ensure_table().await?;
    let applied = driver.applied().await?;
    reject_unknown(known, &applied)?;
    let at: BTreeMap<i64, DateTime<Utc>> =
        applied.iter().map(|r| (r.version, r.applied_at)).collect();
    Ok(known
        .iter()
        .map(|m| MigrationState {
            version: m.version,
            name: m.name.to_owned(),
            applied_at: at.get(&m.version).copied(),
        })
        .collect())
}

/// Applies pending migrations oldest first, at most `steps`.
pub(crate) async fn up(
    driver: &(dyn MigrationDriver + '_),
    known: &[Migration],
    steps: Option<usize>,
) -> StoreResult<Vec<i64>> {
    driver.ensure_table().await?;
    let applied = driver.applied().await?;
    reject_unknown(known, &applied)?;
    let pending = known
        .iter()
        .filter(|m| !applied.iter().any(|r| r.version == m.version))
        .take(steps.unwrap_or(usize::MAX));
    let mut done = Vec::new();
    for migration in pending {
        if driver
            .apply(migration)
            .await
            .map_err(|e| context(migration, "up", e))?
        {
            done.push(migration.version);
        }
    }
    Ok(done)
}

/// Reverts the newest `steps` applied migrations, newest first.
pub(crate) async fn down(
    driver: &(dyn MigrationDriver + '_),
    known: &[Migration],
    steps: usize,
) -> StoreResult<Vec<i64>> {
    driver.ensure_table().await?;
    let applied = driver.applied().await?;
    reject_unknown(known, &applied)?;
    let newest_first = known
        .iter()
        .rev()
        .filter(|m| applied.iter().any(|r| r.version == m.version))
        .take(steps);
    let mut done = Vec::new();
    for migration in newest_first {
        if driver
            .revert(migration)
            .await
            .map_err(|e| context(migration, "down", e))?
        {
            done.push(migration.version);
        }
    }
    Ok(done)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;
    use std::path::Path;

    /// `(version, name)` pairs found in a directory, each with its up/down kinds.
    fn files_in(dir: &str) -> BTreeMap<(i64, String), Vec<String>> {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("migrations")
            .join(dir);
        let mut found: BTreeMap<(i64, String), Vec<String>> = BTreeMap::new();
        for entry in std::fs::read_dir(&path).unwrap() {
            let file = entry.unwrap().file_name().into_string().unwrap();
            let (stem, kind) = if let Some(s) = file.strip_suffix(".up.sql") {
                (s, "up")
            } else if let Some(s) = file.strip_suffix(".down.sql") {
                (s, "down")
            } else {
                panic!("{dir}/{file}: not <version>_<name>.up.sql or .down.sql");
            };
            let (version, name) = stem
                .split_once('_')
                .unwrap_or_else(|| panic!("{dir}/{file}: no <version>_ prefix"));
            let version: i64 = version
                .parse()
                .unwrap_or_else(|_| panic!("{dir}/{file}: version is not a number"));
            found
                .entry((version, name.to_owned()))
                .or_default()
                .push(kind.to_owned());
        }
        found
    }

    fn check(dir: &str, list: &[Migration]) {
        let files = files_in(dir);
        for ((version, name), kinds) in &files {
            let mut kinds = kinds.clone();
            kinds.sort();
            assert_eq!(
                kinds,
                ["down", "up"],
                "{dir}/{version}_{name}: needs up and down"
            );
            let listed = list
                .iter()
                .filter(|m| m.version == *version && m.name == name)
                .count();
            assert_eq!(
                listed, 1,
                "{dir}/{version}_{name} must be listed exactly once"
            );
        }
        assert_eq!(
            files.len(),
            list.len(),
            "{dir}: list has entries without files"
        );
        let versions: Vec<i64> = list.iter().map(|m| m.version).collect();
        let mut sorted = versions.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(
            versions, sorted,
            "{dir}: versions must be unique and ascending"
        );
        for m in list {
            assert!(!m.up.trim().is_empty() && !m.down.trim().is_empty());
        }
    }

    #[test]
    fn every_sqlite_file_is_listed_once() {
        check("sqlite", MIGRATIONS_SQLITE);
    }

    #[test]
    fn every_postgres_file_is_listed_once() {
        check("postgres", MIGRATIONS_POSTGRES);
    }

    #[test]
    fn dialects_have_the_same_migrations() {
        let names = |l: &[Migration]| -> BTreeSet<(i64, &str)> {
            l.iter().map(|m| (m.version, m.name)).collect()
        };
        assert_eq!(names(MIGRATIONS_SQLITE), names(MIGRATIONS_POSTGRES));
    }

    #[test]
    fn unknown_applied_version_is_an_error() {
        let row = |version| AppliedRow {
            version,
            name: "x".into(),
            applied_at: Utc::now(),
        };
        assert!(reject_unknown(MIGRATIONS_SQLITE, &[row(20261125000001)]).is_ok());
        let err = reject_unknown(MIGRATIONS_SQLITE, &[row(29991231000000)]).unwrap_err();
        assert!(err.to_string().contains("29991231000000_x"), "{err}");
    }
}
