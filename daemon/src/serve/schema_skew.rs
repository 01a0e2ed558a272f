//! Version skew between this binary and the database schema, for rolling
//! deploys where old and new replicas share one database.
//!
//! Each migration records in its own up file whether the previous release
//! still works on the schema it leaves (`INSERT INTO schema_compat … 1` for
//! an *expand* step, `0` for a *contract* step). The flag lives in the
//! database, not beside the code, because the binary that must read it is
//! the *older* one, which has never seen the newer migration's files. A
//! binary whose database holds applied migrations it does not know starts
//! only when every one of them is recorded compatible; otherwise it refuses,
//! naming both schema versions.
//!
//! Narrow on purpose: it reads two tables over its own connection and knows
//! nothing of the store beyond the list of migration versions.

use sqlx::{Connection, PgConnection, SqliteConnection};
use std::collections::BTreeMap;

use crate::store::{MIGRATIONS_POSTGRES, MIGRATIONS_SQLITE};

/// The schema against this binary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Skew {
    /// Every applied migration is known (some may still be pending).
    Known,
    /// Newer than this binary, by migrations all recorded compatible.
    NewerCompatible {
        binary: i64,
        database: i64,
        unknown: Vec<i64>,
    },
}

impl Skew {
    /// For `/ready` and the start log.
    pub fn describe(&self) -> Option<String> {
        match self {
            Self::Known => None,
            Self::NewerCompatible {
                binary,
                database,
                unknown,
            } => Some(format!(
                "schema {database} is newer than this binary's {binary} by {} compatible migration(s); \
                 upgrade this replica",
                unknown.len()
            )),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum SkewError {
    #[error(
        "database schema {database} is newer than this binary's {binary}, and migration(s) {blocking} \
         are not compatible with it (contract steps, or not recorded): run the newer modd, or revert \
         them with the newer modctl (`modctl migrate down`)"
    )]
    Incompatible {
        binary: i64,
        database: i64,
        blocking: String,
    },
    #[error("cannot read the schema version: {0}")]
    Database(#[from] sqlx::Error),
}

/// Judges `applied` against the `known` versions (oldest first) and the
/// recorded flags.
pub fn judge(
    known: &[i64],
    applied: &[i64],
    compatible: &BTreeMap<i64, bool>,
) -> Result<Skew, SkewError> {
    let mut unknown: Vec<i64> = applied
        .iter()
        .copied()
        .filter(|v| !known.contains(v))
        .collect();
    if unknown.is_empty() {
        return Ok(Skew::Known);
    }
    unknown.sort_unstable();
    let binary = known.iter().copied().max().unwrap_or(0);
    let database = applied.iter().copied().max().unwrap_or(0);
    let blocking: Vec<String> = unknown
        .iter()
        .filter(|v| compatible.get(v) != Some(&true))
        .map(ToString::to_string)
        .collect();
    if blocking.is_empty() {
        Ok(Skew::NewerCompatible {
            binary,
            database,
            unknown,
        })
    } else {
        Err(SkewError::Incompatible {
            binary,
            database,
            blocking: blocking.join(", "),
        })
    }
}

const APPLIED: &str = "SELECT version FROM schema_migrations";
const FLAGS: &str = "SELECT version, CAST(compatible AS BIGINT) FROM schema_compat";

/// The applied versions and the recorded flags over one connection of
/// either dialect (the SQL is the same); a missing table reads as empty (a
/// fresh database, or one from before `schema_compat`).
macro_rules! read_schema {
    ($conn:expr, $tables:expr) => {{
        let has = |t: &str| $tables.iter().any(|n: &String| n == t);
        let applied: Vec<i64> = match has("schema_migrations") {
            true => sqlx::query_scalar(APPLIED).fetch_all(&mut *$conn).await?,
            false => Vec::new(),
        };
        let flags: Vec<(i64, i64)> = match has("schema_compat") {
            true => sqlx::query_as(FLAGS).fetch_all(&mut *$conn).await?,
            false => Vec::new(),
        };
        (
            applied,
            flags.into_iter().map(|(v, c)| (v, c == 1)).collect(),
        )
    }};
}

/// Reads the schema of the database at `url` (which exists: the store has
/// connected) and judges it.
pub async fn inspect(url: &str) -> Result<Skew, SkewError> {
    let (known, (applied, flags)) = if url.starts_with("sqlite:") {
        let mut conn = SqliteConnection::connect(url).await?;
        let tables: Vec<String> = sqlx::query_scalar(
            "SELECT name FROM sqlite_master WHERE type = 'table' \
             AND name IN ('schema_migrations', 'schema_compat')",
        )
        .fetch_all(&mut conn)
        .await?;
        (MIGRATIONS_SQLITE, read_schema!(&mut conn, tables))
    } else {
        let mut conn = PgConnection::connect(url).await?;
        let tables: Vec<String> = sqlx::query_scalar(
            "SELECT table_name::text FROM information_schema.tables \
             WHERE table_schema = current_schema() \
             AND table_name IN ('schema_migrations', 'schema_compat')",
        )
        .fetch_all(&mut conn)
        .await?;
        (MIGRATIONS_POSTGRES, read_schema!(&mut conn, tables))
    };
    let known: Vec<i64> = known.iter().map(|m| m.version).collect();
    judge(&known, &applied, &flags)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::migrations::Migration;

    #[test]
    fn newer_by_compatible_migrations_starts_otherwise_both_versions_are_named() {
        let known = [1, 2, 3];
        let flags = BTreeMap::from([(3, true), (4, true), (5, false)]);
        assert_eq!(judge(&known, &[1, 2], &flags).unwrap(), Skew::Known);
        assert_eq!(judge(&known, &[1, 2, 3], &flags).unwrap(), Skew::Known);
        let newer = judge(&known, &[1, 2, 3, 4], &flags).unwrap();
        assert_eq!(
            newer,
            Skew::NewerCompatible {
                binary: 3,
                database: 4,
                unknown: vec![4]
            }
        );
        assert!(
            newer
                .describe()
                .unwrap()
                .contains("schema 4 is newer than this binary's 3")
        );
        let e = judge(&known, &[1, 2, 3, 4, 5], &flags)
            .unwrap_err()
            .to_string();
        assert!(e.contains("schema 5 is newer than this binary's 3"), "{e}");
        assert!(e.contains("migration(s) 5 "), "{e}");
        // A migration that recorded nothing counts as incompatible.
        let e = judge(&known, &[1, 2, 3, 6], &flags)
            .unwrap_err()
            .to_string();
        assert!(e.contains("migration(s) 6 "), "{e}");
    }

    /// Every migration from `schema_compat` on records its own flag, the
    /// same in both dialects, so an older binary can judge it.
    #[test]
    fn every_migration_since_schema_compat_records_its_flag() {
        const FIRST: i64 = 20261206000001;
        let flag = |m: &Migration| {
            let prefix = format!(
                "INSERT INTO schema_compat (version, compatible) VALUES ({}, ",
                m.version
            );
            let found: Vec<&str> = m.up.lines().filter(|l| l.starts_with(&prefix)).collect();
            assert_eq!(
                found.len(),
                1,
                "{}_{} must record its flag once: {prefix}0|1);",
                m.version,
                m.name
            );
            found[0][prefix.len()..].trim_end_matches(");").to_owned()
        };
        for (lite, pg) in MIGRATIONS_SQLITE
            .iter()
            .zip(MIGRATIONS_POSTGRES)
            .filter(|(m, _)| m.version >= FIRST)
        {
            let (a, b) = (flag(lite), flag(pg));
            assert!(a == "0" || a == "1", "{}: {a}", lite.name);
            assert_eq!(a, b, "{}: the dialects disagree", lite.name);
        }
    }
}
