//! Storage errors: what callers need to tell apart, nothing more.

/// A storage failure. `Display` never includes connection strings.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("not found")]
    NotFound,
    #[error("conflict: {0}")]
    Conflict(String),
    /// The data cannot be stored as given (NUL character, score out of
    /// range, broken constraint). A client error, not an outage.
    #[error("invalid data: {0}")]
    Invalid(String),
    #[error("database configuration: {0}")]
    Config(String),
    #[error("migration: {0}")]
    Migration(String),
    /// The schema is behind the code; run `modctl migrate up`.
    #[error("{0} migration(s) pending: run `modctl migrate up`")]
    PendingMigrations(usize),
    #[error("database unavailable: {0}")]
    Unavailable(String),
    #[error("database error: {0}")]
    Other(String),
}

pub type StoreResult<T> = Result<T, StoreError>;

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        match e {
            sqlx::Error::RowNotFound => StoreError::NotFound,
            sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_) => {
                StoreError::Unavailable(e.to_string())
            }
            sqlx::Error::Database(db) if db.is_unique_violation() => {
                StoreError::Conflict(db.message().to_owned())
            }
            sqlx::Error::Database(db)
                if db.is_check_violation()
                    || db.is_foreign_key_violation()
                    || matches!(db.kind(), sqlx::error::ErrorKind::NotNullViolation)
                    // PostgreSQL: 22021 invalid byte (NUL in text), 22P05 untranslatable
                    // character (\u0000 in JSONB). The store checks inputs first; this is
                    // the backstop so such data never reads as an outage.
                    || matches!(db.code().as_deref(), Some("22021" | "22P05")) =>
            {
                StoreError::Invalid(db.message().to_owned())
            }
            other => StoreError::Other(other.to_string()),
        }
    }
}
