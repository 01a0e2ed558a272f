//! The Sqlite implementation of [`Store`](super::Store). (Skeleton: to be implemented.)

use super::{ConnectOptions, StoreError, StoreResult};

/// Sqlite-backed store.
#[derive(Debug)]
pub struct SqliteStore {}

impl SqliteStore {
    pub async fn connect(_url: &str, _options: &ConnectOptions) -> StoreResult<Self> {
        Err(StoreError::Config(
            "sqlite store not implemented yet".into(),
        ))
    }
}
