//! Storage errors: what callers need to tell apart, nothing more.

/// A storage failure. `Display` never includes connection strings.
/// `Clone` so one failure can answer every request of a shared commit.
#[derive(Debug, Clone, thiserror::Error)]
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

impl StoreError {
    /// The database could not be reached or dropped the connection: the
    /// same request may succeed on a fresh connection or a little later.
    pub fn is_unavailable(&self) -> bool {
        matches!(self, StoreError::Unavailable(_))
    }
}

/// Whether a driver error means the database is unreachable or ended the
/// connection, not that the request was wrong: server shutdown (SQLSTATE
/// class 57P0x, e.g. 57P01 on `pg_ctl restart -m fast`), connection
/// exceptions (class 08), I/O and TLS failures, a closed or exhausted pool.
fn is_unavailability(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed
        | sqlx::Error::Io(_)
        | sqlx::Error::Tls(_)
        | sqlx::Error::WorkerCrashed => true,
        sqlx::Error::Database(db) => db
            .code()
            .is_some_and(|code| code.starts_with("57P0") || code.starts_with("08")),
        _ => false,
    }
}

/// A first connection that failed, said plainly: where it went, what the
/// driver saw, and which setting to check. Never the URL (it can hold a
/// password).
pub fn connect_failure(host: &str, port: u16, e: &sqlx::Error) -> StoreError {
    let cause = match e {
        sqlx::Error::Io(io) => match io.kind() {
            std::io::ErrorKind::ConnectionRefused => "connection refused".to_owned(),
            std::io::ErrorKind::TimedOut => "connection timed out".to_owned(),
            _ => io.to_string(),
        },
        sqlx::Error::Database(db) => db.message().to_owned(),
        other => other.to_string(),
    };
    StoreError::Unavailable(format!("{cause} to {host}:{port}; check DATABASE_URL"))
}

/// A stored enum column that names no variant: only a hand edit does that.
impl From<modd_common::UnknownVariant> for StoreError {
    fn from(e: modd_common::UnknownVariant) -> Self {
        StoreError::Other(format!("stored {e}"))
    }
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        match e {
            sqlx::Error::RowNotFound => StoreError::NotFound,
            _ if is_unavailability(&e) => StoreError::Unavailable(e.to_string()),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn connection_class_errors_are_unavailability() {
        let io = |kind| sqlx::Error::Io(std::io::Error::from(kind));
        for e in [
            sqlx::Error::PoolTimedOut,
            sqlx::Error::PoolClosed,
            io(std::io::ErrorKind::ConnectionReset),
            io(std::io::ErrorKind::UnexpectedEof),
        ] {
            assert!(StoreError::from(e).is_unavailable());
        }
        assert!(!StoreError::from(sqlx::Error::RowNotFound).is_unavailable());
        let refused = connect_failure(
            "127.0.0.1",
            5499,
            &io(std::io::ErrorKind::ConnectionRefused),
        );
        assert_eq!(
            refused.to_string(),
            "database unavailable: connection refused to 127.0.0.1:5499; check DATABASE_URL"
        );
    }
}
