//! Reaching under the store: raw statements and a schema snapshot on either
//! backend, for tests that must break or inspect the database directly.

use sqlx::postgres::PgConnection;
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{Connection, Executor, SqliteConnection};
use std::str::FromStr;
use std::time::Duration;

/// The schema as sorted lines: tables, columns, indexes and constraints,
/// enough to tell whether a down/up cycle restored it exactly.
pub async fn schema_snapshot(url: &str) -> Vec<String> {
    let mut lines: Vec<String> = if url.starts_with("sqlite:") {
        let mut conn = sqlite_conn(url).await;
        // sqlite_master keeps each object's CREATE text, which covers
        // columns, types, defaults, checks and index definitions.
        sqlx::query_scalar(
            "SELECT type || ' ' || name || ' ON ' || tbl_name || ': ' || COALESCE(sql, '') \
             FROM sqlite_master WHERE name <> 'sqlite_sequence'",
        )
        .fetch_all(&mut conn)
        .await
        .expect("read sqlite_master")
    } else {
        let mut conn = PgConnection::connect(url).await.expect("connect");
        let mut lines: Vec<String> = sqlx::query_scalar(
            "SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type \
                 || ' nullable=' || is_nullable || ' identity=' || is_identity \
                 || ' default=' || COALESCE(column_default, '') \
             FROM information_schema.columns WHERE table_schema = current_schema()",
        )
        .fetch_all(&mut conn)
        .await
        .expect("read columns");
        lines.extend(
            sqlx::query_scalar::<_, String>(
                "SELECT 'index ' || indexdef FROM pg_indexes WHERE schemaname = current_schema()",
            )
            .fetch_all(&mut conn)
            .await
            .expect("read indexes"),
        );
        lines.extend(
            sqlx::query_scalar::<_, String>(
                "SELECT 'constraint ' || conrelid::regclass::text || ' ' || conname || ' ' \
                     || pg_get_constraintdef(oid) \
                 FROM pg_constraint WHERE connamespace = current_schema()::regnamespace",
            )
            .fetch_all(&mut conn)
            .await
            .expect("read constraints"),
        );
        lines
    };
    lines.sort();
    lines
}

async fn sqlite_conn(url: &str) -> SqliteConnection {
    let options = SqliteConnectOptions::from_str(url)
        .expect("sqlite URL")
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(5));
    SqliteConnection::connect_with(&options)
        .await
        .expect("open sqlite database")
}

/// Runs one statement without binds on the database at `url` (either
/// backend), bypassing the store: for tests that must reach under it.
/// Returns the rows affected.
pub async fn execute_raw(url: &str, sql: &str) -> u64 {
    let result = if url.starts_with("sqlite:") {
        sqlite_conn(url)
            .await
            .execute(sql)
            .await
            .map(|r| r.rows_affected())
    } else {
        let mut conn = PgConnection::connect(url).await.expect("connect");
        conn.execute(sql).await.map(|r| r.rows_affected())
    };
    result.unwrap_or_else(|e| panic!("{sql}: {e}"))
}

/// Runs a query returning one BIGINT (e.g. a `COUNT(*)`) on either backend.
pub async fn query_i64(url: &str, sql: &str) -> i64 {
    let result = if url.starts_with("sqlite:") {
        sqlx::query_scalar(sql)
            .fetch_one(&mut sqlite_conn(url).await)
            .await
    } else {
        let mut conn = PgConnection::connect(url).await.expect("connect");
        sqlx::query_scalar(sql).fetch_one(&mut conn).await
    };
    result.unwrap_or_else(|e| panic!("{sql}: {e}"))
}
