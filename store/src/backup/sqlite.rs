//! SQLite: an online copy with `VACUUM INTO` (one read transaction, so the
//! copy is consistent while writers go on, and compacted), the contents of
//! a copy, its integrity check, and whether another process has the file open.

use super::{Contents, count_sql, versions};
use crate::{StoreError, StoreResult};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode};
use sqlx::{ConnectOptions as _, Connection as _, SqliteConnection};
use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

/// Opens one connection to `url` (the live database): WAL as the daemon
/// uses it, waiting out the writers' lock for up to `busy`.
async fn open_url(url: &str, busy: Duration) -> StoreResult<SqliteConnection> {
    let options = SqliteConnectOptions::from_str(url)
        .map_err(|e| StoreError::Config(format!("invalid SQLite URL: {e}")))?
        .journal_mode(SqliteJournalMode::Wal)
        .busy_timeout(busy);
    Ok(options.connect().await?)
}

/// Opens a file read-only, for inspecting a copy without changing it.
async fn open_file_ro(path: &Path) -> StoreResult<SqliteConnection> {
    let options = SqliteConnectOptions::new()
        .filename(path)
        .read_only(true)
        .busy_timeout(Duration::from_secs(5));
    Ok(options.connect().await?)
}

/// The database file `url` names (`None` for an in-memory database).
pub fn file_of(url: &str) -> StoreResult<Option<std::path::PathBuf>> {
    if url.contains(":memory:") || url.contains("mode=memory") {
        return Ok(None);
    }
    let options = SqliteConnectOptions::from_str(url)
        .map_err(|e| StoreError::Config(format!("invalid SQLite URL: {e}")))?;
    Ok(Some(options.get_filename().to_path_buf()))
}

/// Writes a consistent, compacted copy of the database at `url` to `dest`
/// (which must not exist) while other connections keep writing.
pub async fn vacuum_into(url: &str, dest: &Path) -> StoreResult<()> {
    let dest = dest
        .to_str()
        .ok_or_else(|| StoreError::Config("backup path is not UTF-8".into()))?;
    let mut conn = open_url(url, Duration::from_secs(30)).await?;
    sqlx::query("VACUUM INTO ?1")
        .bind(dest)
        .execute(&mut conn)
        .await?;
    conn.close().await?;
    Ok(())
}

/// Schema version and row counts of the database file at `path`, read in
/// one transaction.
pub async fn contents(path: &Path) -> StoreResult<Contents> {
    let mut conn = open_file_ro(path).await?;
    let mut tx = conn.begin().await?;
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
         ORDER BY name",
    )
    .fetch_all(&mut *tx)
    .await?;
    let mut row_counts = super::RowCounts::new();
    for table in &tables {
        let n: i64 = sqlx::query_scalar(&count_sql(table))
            .fetch_one(&mut *tx)
            .await?;
        row_counts.insert(table.clone(), n);
    }
    let applied: Vec<i64> = if tables.iter().any(|t| t == "schema_migrations") {
        sqlx::query_scalar("SELECT version FROM schema_migrations")
            .fetch_all(&mut *tx)
            .await?
    } else {
        Vec::new()
    };
    tx.commit().await?;
    let (schema_version, unknown_migrations) = versions(&applied, crate::MIGRATIONS_SQLITE);
    Ok(Contents {
        schema_version,
        unknown_migrations,
        row_counts,
    })
}

/// `PRAGMA integrity_check` of the file at `path`: `"ok"` or SQLite's
/// first complaints.
pub async fn integrity_check(path: &Path) -> StoreResult<String> {
    let mut conn = open_file_ro(path).await?;
    let lines: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check(20)")
        .fetch_all(&mut conn)
        .await?;
    Ok(lines.join("; "))
}

/// Whether another connection has the database at `path` open.
///
/// "Live" here is SQLite's own rule: leaving WAL mode needs the only
/// connection to the file, so `PRAGMA journal_mode=DELETE` without waiting
/// fails while any process (a running `modd`, `sqlite3`) holds it open.
/// When it succeeds the file is checkpointed and its `-wal`/`-shm` removed,
/// which is what a restore wants before replacing the file.
pub async fn in_use(path: &Path) -> StoreResult<bool> {
    let options = SqliteConnectOptions::new()
        .filename(path)
        .busy_timeout(Duration::ZERO);
    let mut conn = options.connect().await?;
    let mode: Result<String, sqlx::Error> = sqlx::query_scalar("PRAGMA journal_mode=DELETE")
        .fetch_one(&mut conn)
        .await;
    let _ = conn.close().await;
    match mode {
        Ok(mode) => Ok(mode != "delete"),
        Err(sqlx::Error::Database(e)) if is_busy(e.code().as_deref()) => Ok(true),
        Err(e) => Err(e.into()),
    }
}

/// SQLITE_BUSY (5) and SQLITE_LOCKED (6), with their extended codes.
fn is_busy(code: Option<&str>) -> bool {
    code.and_then(|c| c.parse::<i64>().ok())
        .is_some_and(|c| matches!(c & 0xff, 5 | 6))
}
