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
    ($dir:literal, $version:literal, $name:literal, $kind:literal) => {
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/migrations/",
            $dir,
            "/",
            stringify!($version),
            "_",
            $name,
            $kind
        ))
    };
}

/// Both dialects' lists from one list of versions and names, so they
/// cannot drift apart. A unit test checks it against the directories.
macro_rules! migrations {
    ($($version:literal $name:literal,)*) => {
        /// SQLite migrations, oldest first.
        pub static MIGRATIONS_SQLITE: &[Migration] = &[$(Migration {
            version: $version,
            name: $name,
            up: migration!("sqlite", $version, $name, ".up.sql"),
            down: migration!("sqlite", $version, $name, ".down.sql"),
        }),*];
        /// PostgreSQL migrations, oldest first, same versions and names as SQLite.
        pub static MIGRATIONS_POSTGRES: &[Migration] = &[$(Migration {
            version: $version,
            name: $name,
            up: migration!("postgres", $version, $name, ".up.sql"),
            down: migration!("postgres", $version, $name, ".down.sql"),
        }),*];
    };
}

migrations! {
    20261125000001 "init",
    20261125000002 "keys_audit",
    20261125100001 "key_rotation",
    20261125250001 "review_webhooks_retention",
    20261125300001 "engine_policies",
    20261125450001 "fk_indexes",
    20261206000001 "schema_compat",
    20261206120001 "key_roles",
    20261206120002 "attestations",
    20261206150001 "event_traceparent",
    20261206171501 "console",
    20261206171801 "key_lifecycle",
    20261206172000 "retention_index",
    20261206210001 "event_kinds",
    20261206220001 "appeals",
    20261206220101 "score_spans",
    20261206220201 "review_decide",
    20261207003000 "notice_retention",
}

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
    /// Rows of `schema_migrations`, any order (created first if missing).
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

/// Applies pending migrations oldest first (`up`), or reverts applied ones
/// newest first, at most `steps`. Returns the versions it changed.
pub(crate) async fn step(
    driver: &(dyn MigrationDriver + '_),
    known: &[Migration],
    up: bool,
    steps: usize,
) -> StoreResult<Vec<i64>> {
    let applied = driver.applied().await?;
    reject_unknown(known, &applied)?;
    // Up: the pending ones, oldest first; down: the applied ones, newest first.
    let mut todo: Vec<&Migration> = known
        .iter()
        .filter(|m| applied.iter().any(|r| r.version == m.version) != up)
        .collect();
    if !up {
        todo.reverse();
    }
    let mut done = Vec::new();
    for migration in todo.into_iter().take(steps) {
        let changed = if up {
            driver.apply(migration).await
        } else {
            driver.revert(migration).await
        };
        if changed.map_err(|e| context(migration, if up { "up" } else { "down" }, e))? {
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

    /// Every file of a dialect's directory is an up or down file of a
    /// listed migration, and the list is in ascending order.
    fn check(dir: &str, list: &[Migration]) {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("migrations")
            .join(dir);
        let files: BTreeSet<String> = std::fs::read_dir(&path)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        let listed: BTreeSet<String> = list
            .iter()
            .flat_map(|m| ["up", "down"].map(|k| format!("{}_{}.{k}.sql", m.version, m.name)))
            .collect();
        assert_eq!(files, listed, "{dir}: files and list differ");
        assert!(
            list.windows(2).all(|w| w[0].version < w[1].version),
            "{dir}: not ascending"
        );
        assert!(
            list.iter()
                .all(|m| !m.up.trim().is_empty() && !m.down.trim().is_empty())
        );
    }

    #[test]
    fn every_file_is_listed_once_in_order() {
        check("sqlite", MIGRATIONS_SQLITE);
        check("postgres", MIGRATIONS_POSTGRES);
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
