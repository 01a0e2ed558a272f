//! The shared Redis handle: one multiplexed, self-reconnecting connection
//! per process, created lazily so `modd` starts (and keeps accepting work)
//! while Redis is down, and a key prefix so several deployments, or tests
//! running in parallel, can share one server without seeing each other.

use redis::aio::{ConnectionManager, ConnectionManagerConfig};
use redis::{Client, RedisError};
use std::time::Duration;
use tokio::sync::Mutex;

/// How long one connection attempt or one command may take.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(2);
const RESPONSE_TIMEOUT: Duration = Duration::from_secs(2);

/// A lazily connected Redis with a key namespace.
pub struct RedisHandle {
    client: Client,
    prefix: String,
    conn: Mutex<Option<ConnectionManager>>,
}

impl RedisHandle {
    /// Parses the URL; does not connect.
    pub fn new(url: &str, prefix: impl Into<String>) -> Result<Self, RedisError> {
        Ok(Self {
            client: Client::open(url)?,
            prefix: prefix.into(),
            conn: Mutex::new(None),
        })
    }

    /// A connection, creating it on first use. Clones are cheap and share
    /// one multiplexed socket; it reconnects by itself after a failure.
    pub async fn conn(&self) -> Result<ConnectionManager, RedisError> {
        let mut slot = self.conn.lock().await;
        if let Some(conn) = slot.as_ref() {
            return Ok(conn.clone());
        }
        let config = ConnectionManagerConfig::new()
            .set_connection_timeout(CONNECT_TIMEOUT)
            .set_response_timeout(RESPONSE_TIMEOUT)
            .set_number_of_retries(1)
            .set_max_delay(1000);
        let conn = ConnectionManager::new_with_config(self.client.clone(), config).await?;
        *slot = Some(conn.clone());
        Ok(conn)
    }

    /// The underlying client, for dedicated connections (pub/sub, blocking reads).
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// `prefix + name`: every key this deployment uses.
    pub fn key(&self, name: &str) -> String {
        format!("{}{}", self.prefix, name)
    }

    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    /// One `PING`, for `/ready`.
    pub async fn ping(&self) -> Result<(), RedisError> {
        let mut conn = self.conn().await?;
        redis::cmd("PING")
            .query_async::<String>(&mut conn)
            .await
            .map(|_| ())
    }
}

/// The error's category only: Redis error text can quote the URL.
pub fn describe(e: &RedisError) -> String {
    format!("{:?}", e.kind())
}
