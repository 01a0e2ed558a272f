//! Opening the store named by `--database-url`, migrated when it must be.
//!
//! `keys` commands need the current schema. On SQLite (the embedded default,
//! one operator, one file) pending migrations are applied automatically, as
//! the daemon does at start. On PostgreSQL, a shared production database,
//! schema changes are a deliberate step: `modctl migrate up`.

use crate::error::CliError;
use crate::secret::DatabaseUrl;
use modd_store::{Backend, ConnectOptions, Store};
use std::sync::Arc;

/// Connects without touching the schema (for `migrate`).
pub async fn connect(url: &DatabaseUrl) -> Result<Arc<dyn Store>, CliError> {
    // Validate the scheme first so a typo is a usage error naming the flag.
    Backend::from_url(url.expose())
        .map_err(|e| CliError::usage(format!("--database-url / DATABASE_URL: {e}")))?;
    let options = ConnectOptions {
        // One command at a time; a second connection is slack for the pool.
        max_connections: 2,
        // An operator waiting on a dead database wants to know soon.
        acquire_timeout_secs: 5,
    };
    modd_store::connect(url.expose(), &options)
        .await
        .map_err(|e| CliError::from(e).context(format!("cannot open database {url}")))
}

/// Connects and makes sure the schema is current (for everything else).
pub async fn connect_migrated(url: &DatabaseUrl) -> Result<Arc<dyn Store>, CliError> {
    let store = connect(url).await?;
    let pending = store
        .migration_status()
        .await?
        .into_iter()
        .filter(|m| m.applied_at.is_none())
        .count();
    if pending > 0 {
        match store.backend() {
            Backend::Sqlite => {
                let applied = store.migrate_up(None).await?;
                eprintln!("modctl: applied {} pending migration(s)", applied.len());
            }
            Backend::Postgres => {
                // Exit 2: retrying will not help, the procedure must change.
                return Err(CliError::usage(format!(
                    "database {url} has {pending} pending migration(s): \
                     run `modctl migrate up` first"
                )));
            }
        }
    }
    Ok(store)
}
