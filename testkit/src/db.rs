//! A database for one test: a temporary SQLite file, or a fresh PostgreSQL
//! database on the shared server. Removed when the [`TestDb`] is dropped.

use std::path::Path;

use crate::postgres::{PgTestDb, postgres_fresh};

/// Which database a test runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Db {
    Sqlite,
    Postgres,
}

impl Db {
    /// `"sqlite"` or `"postgres"`, for assertion messages.
    pub fn label(self) -> &'static str {
        match self {
            Db::Sqlite => "sqlite",
            Db::Postgres => "postgres",
        }
    }
}

/// A database for one test, removed when dropped.
#[derive(Debug)]
pub struct TestDb {
    pub url: String,
    pub label: &'static str,
    sqlite_dir: Option<tempfile::TempDir>,
    _postgres: Option<PgTestDb>,
}

impl TestDb {
    /// `None` when PostgreSQL is not configured (`TEST_DATABASE_URL` unset)
    /// and services are not required.
    pub async fn new(db: Db) -> Option<Self> {
        match db {
            Db::Sqlite => Some(Self::sqlite()),
            Db::Postgres => {
                let pg = postgres_fresh().await?;
                Some(Self {
                    url: pg.url().to_owned(),
                    label: db.label(),
                    sqlite_dir: None,
                    _postgres: Some(pg),
                })
            }
        }
    }

    /// A SQLite file in a temporary directory, always available.
    pub fn sqlite() -> Self {
        let (dir, url) = sqlite_in_temp_dir();
        Self {
            url,
            label: Db::Sqlite.label(),
            sqlite_dir: Some(dir),
            _postgres: None,
        }
    }

    /// A database someone else owns and removes (e.g. the same test
    /// database reached as another role).
    pub fn borrowed(url: String) -> Self {
        Self {
            url,
            label: "borrowed",
            sqlite_dir: None,
            _postgres: None,
        }
    }

    /// The temporary directory holding a SQLite database (`None` otherwise).
    pub fn sqlite_dir(&self) -> Option<&Path> {
        self.sqlite_dir.as_ref().map(tempfile::TempDir::path)
    }
}

/// The databases a test runs against: SQLite always, and a fresh PostgreSQL
/// database when `TEST_DATABASE_URL` is set (it panics under
/// `MODD_REQUIRE_SERVICES=1` when that is unset).
pub async fn databases() -> Vec<TestDb> {
    let mut dbs = vec![TestDb::sqlite()];
    match TestDb::new(Db::Postgres).await {
        Some(pg) => dbs.push(pg),
        None => eprintln!("TEST_DATABASE_URL not set: PostgreSQL skipped"),
    }
    dbs
}

/// A fresh SQLite database URL in a temporary directory. Keep the guard
/// alive as long as the database is used; dropping it deletes the files.
pub async fn sqlite_temp() -> (tempfile::TempDir, String) {
    sqlite_in_temp_dir()
}

/// The file sits in a subdirectory that does not exist yet: whoever opens
/// it (the store, `modctl`) must create it, as on a fresh machine.
fn sqlite_in_temp_dir() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().expect("create a temporary directory");
    let url = format!("sqlite://{}/data/modd.db", dir.path().display());
    (dir, url)
}
