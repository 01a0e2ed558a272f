//! The shared Redis handle: one multiplexed, self-reconnecting connection
//! per process, created lazily so `modd` starts (and keeps accepting work)
//! while Redis is down, and a key prefix so several deployments, or tests
//! running in parallel, can share one server without seeing each other.

use redis::aio::{ConnectionManager, ConnectionManagerConfig};
use redis::{Client, RedisError};
use std::time::{Duration, Instant};
use tokio::sync::Mutex;

/// How long one connection attempt or one command may take.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(2);
const RESPONSE_TIMEOUT: Duration = Duration::from_secs(2);
/// After a failed connection attempt, callers fail at once for this long
/// instead of each waiting for their own attempt: an outage must not slow
/// down the requests that only use Redis opportunistically.
const FAIL_FAST_FOR: Duration = Duration::from_secs(1);

#[derive(Default)]
struct Slot {
    conn: Option<ConnectionManager>,
    failed_at: Option<Instant>,
}

/// A lazily connected Redis with a key namespace.
pub struct RedisHandle {
    client: Client,
    prefix: String,
    conn: Mutex<Slot>,
}

impl RedisHandle {
    /// Parses the URL; does not connect.
    pub fn new(url: &str, prefix: impl Into<String>) -> Result<Self, RedisError> {
        Ok(Self {
            client: Client::open(url)?,
            prefix: prefix.into(),
            conn: Mutex::new(Slot::default()),
        })
    }

    /// A connection, creating it on first use. Clones are cheap and share
    /// one multiplexed socket; it reconnects by itself after a failure.
    /// While Redis cannot be reached, at most one caller a second waits for
    /// a connection attempt; the others get an error at once.
    pub async fn conn(&self) -> Result<ConnectionManager, RedisError> {
        let mut slot = self.conn.lock().await;
        if let Some(conn) = slot.conn.as_ref() {
            return Ok(conn.clone());
        }
        if slot.failed_at.is_some_and(|t| t.elapsed() < FAIL_FAST_FOR) {
            return Err(RedisError::from((
                redis::ErrorKind::IoError,
                "Redis unreachable; retrying shortly",
            )));
        }
        let config = ConnectionManagerConfig::new()
            .set_connection_timeout(CONNECT_TIMEOUT)
            .set_response_timeout(RESPONSE_TIMEOUT)
            .set_number_of_retries(0)
            .set_max_delay(1000);
        let attempt = ConnectionManager::new_with_config(self.client.clone(), config);
        let result =
            match tokio::time::timeout(CONNECT_TIMEOUT + Duration::from_millis(500), attempt).await
            {
                Ok(result) => result,
                Err(_) => Err(RedisError::from((
                    redis::ErrorKind::IoError,
                    "Redis connection attempt timed out",
                ))),
            };
        match result {
            Ok(conn) => {
                slot.conn = Some(conn.clone());
                slot.failed_at = None;
                Ok(conn)
            }
            Err(e) => {
                slot.failed_at = Some(Instant::now());
                Err(e)
            }
        }
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

    /// The members of the sorted-set index `name` (scored by last-seen
    /// epoch milliseconds) seen within `ttl`, pruning older ones first:
    /// how heartbeats and stats snapshots list the live processes.
    pub async fn live_members(
        &self,
        conn: &mut ConnectionManager,
        name: &str,
        ttl: Duration,
    ) -> Result<Vec<String>, RedisError> {
        let index = self.key(name);
        let ttl_ms = i64::try_from(ttl.as_millis()).unwrap_or(i64::MAX);
        let cutoff = chrono::Utc::now().timestamp_millis().saturating_sub(ttl_ms);
        let (_, ids): ((), Vec<String>) = redis::pipe()
            .cmd("ZREMRANGEBYSCORE")
            .arg(&index)
            .arg("-inf")
            .arg(cutoff)
            .cmd("ZRANGE")
            .arg(&index)
            .arg(0)
            .arg(-1)
            .query_async(conn)
            .await?;
        Ok(ids)
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

/// `name:value` from an `INFO` section.
pub fn info_field(info: &str, name: &str) -> Option<u64> {
    info.lines().find_map(|line| {
        let (k, v) = line.split_once(':')?;
        (k == name).then(|| v.trim().parse().ok()).flatten()
    })
}

#[cfg(test)]
mod tests {
    use super::info_field;

    #[test]
    fn info_fields_are_read_by_exact_name() {
        let info = "# Memory\r\nused_memory:1024\r\nused_memory_human:1K\r\nmaxmemory:0\r\n";
        assert_eq!(info_field(info, "used_memory"), Some(1024));
        assert_eq!(info_field(info, "maxmemory"), Some(0));
        assert_eq!(info_field(info, "missing"), None);
    }
}
