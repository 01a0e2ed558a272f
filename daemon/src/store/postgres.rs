//! The Postgres implementation of [`Store`](super::Store). (Skeleton: to be implemented.)

use super::{ConnectOptions, StoreError, StoreResult};

/// Postgres-backed store.
#[derive(Debug)]
pub struct PostgresStore {}

impl PostgresStore {
    pub async fn connect(_url: &str, _options: &ConnectOptions) -> StoreResult<Self> {
        Err(StoreError::Config(
            "postgres store not implemented yet".into(),
        ))
    }
}
