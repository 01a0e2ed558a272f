//! PostgreSQL: a snapshot that `pg_dump --snapshot` dumps from while the
//! same snapshot counts the rows (so the manifest's counts are exactly the
//! dump's), the contents of a restored database, and the other sessions
//! connected to a database (what makes it live).

use super::{Contents, RowCounts, count_sql, versions};
use crate::{StoreError, StoreResult};
use sqlx::postgres::PgConnectOptions;
use sqlx::{ConnectOptions as _, Connection as _, PgConnection};
use std::str::FromStr;

async fn connect(url: &str) -> StoreResult<PgConnection> {
    let options = PgConnectOptions::from_str(url)
        .map_err(|_| StoreError::Config("invalid PostgreSQL URL".into()))?
        .application_name("modctl-backup");
    options
        .connect()
        .await
        .map_err(|e| crate::error::connect_failure(options.get_host(), options.get_port(), &e))
}

/// Tables of the current schema, by name.
const TABLES: &str = "SELECT table_name::text FROM information_schema.tables \
     WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1";

/// Schema version and row counts, read on `conn` (inside its transaction).
async fn read_contents(conn: &mut PgConnection) -> StoreResult<Contents> {
    let tables: Vec<String> = sqlx::query_scalar(TABLES).fetch_all(&mut *conn).await?;
    let mut row_counts = RowCounts::new();
    for table in &tables {
        let n: i64 = sqlx::query_scalar(&count_sql(table))
            .fetch_one(&mut *conn)
            .await?;
        row_counts.insert(table.clone(), n);
    }
    let applied: Vec<i64> = if tables.iter().any(|t| t == "schema_migrations") {
        sqlx::query_scalar("SELECT version FROM schema_migrations")
            .fetch_all(&mut *conn)
            .await?
    } else {
        Vec::new()
    };
    let (schema_version, unknown_migrations) = versions(&applied, crate::MIGRATIONS_POSTGRES);
    Ok(Contents {
        schema_version,
        unknown_migrations,
        row_counts,
    })
}

/// An open repeatable-read transaction whose snapshot is exported: keep it
/// until `pg_dump --snapshot=<id>` has finished, then [`Snapshot::end`].
#[derive(Debug)]
pub struct Snapshot {
    conn: PgConnection,
    id: String,
    contents: Contents,
}

impl Snapshot {
    /// Opens the snapshot and counts what it sees.
    pub async fn begin(url: &str) -> StoreResult<Self> {
        let mut conn = connect(url).await?;
        sqlx::query("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            .execute(&mut conn)
            .await?;
        let id: String = sqlx::query_scalar("SELECT pg_export_snapshot()")
            .fetch_one(&mut conn)
            .await?;
        let contents = read_contents(&mut conn).await?;
        Ok(Self { conn, id, contents })
    }

    /// The id to pass to `pg_dump --snapshot`.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// What the snapshot holds.
    pub fn contents(&self) -> &Contents {
        &self.contents
    }

    /// Ends the transaction (the snapshot stops being importable).
    pub async fn end(mut self) -> StoreResult<()> {
        sqlx::query("COMMIT").execute(&mut self.conn).await?;
        self.conn.close().await?;
        Ok(())
    }
}

/// Schema version and row counts of the database at `url`, in one snapshot.
pub async fn contents(url: &str) -> StoreResult<Contents> {
    let mut conn = connect(url).await?;
    let mut tx = conn.begin().await?;
    sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        .execute(&mut *tx)
        .await?;
    let contents = read_contents(&mut tx).await?;
    tx.commit().await?;
    Ok(contents)
}

/// Sessions other than this one connected to the database at `url`: a
/// running `modd` keeps its pool there.
pub async fn other_sessions(url: &str) -> StoreResult<i64> {
    let mut conn = connect(url).await?;
    let n = sqlx::query_scalar(
        "SELECT COUNT(*) FROM pg_stat_activity \
         WHERE datname = current_database() AND pid <> pg_backend_pid() \
           AND backend_type = 'client backend'",
    )
    .fetch_one(&mut conn)
    .await?;
    let _ = conn.close().await;
    Ok(n)
}
