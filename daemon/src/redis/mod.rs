//! The shared Redis handle: one multiplexed, self-reconnecting connection
//! per process, created lazily so `modd` starts (and keeps accepting work)
//! while Redis is down, and a key prefix so several deployments, or tests
//! running in parallel, can share one server without seeing each other.
//! The same handle serves one server or a Redis Cluster ([`Target`]); the
//! rest of the daemon only sees [`RedisConn`].

mod conn;
mod target;

pub use conn::{RedisConn, info_texts};
pub use target::Target;

use redis::aio::{ConnectionManager, ConnectionManagerConfig, PubSub};
use redis::cluster::{ClusterClient, ClusterConfig};
use redis::{AsyncConnectionConfig, Client, RedisError};
use std::time::{Duration, Instant};
use tokio::sync::Mutex;

/// How long one connection attempt or one command may take.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(2);
const RESPONSE_TIMEOUT: Duration = Duration::from_secs(2);
/// After a failed connection attempt, callers fail at once for this long
/// instead of each waiting for their own attempt: an outage must not slow
/// down the requests that only use Redis opportunistically.
const FAIL_FAST_FOR: Duration = Duration::from_secs(1);
/// Cluster retries (after `MOVED`, `TRYAGAIN` or a lost node) of one
/// command: enough to follow a failover, few enough that a node being down
/// is reported within seconds rather than hidden behind a long backoff.
const CLUSTER_RETRIES: u32 = 3;
const CLUSTER_MIN_RETRY_WAIT_MS: u64 = 50;
const CLUSTER_MAX_RETRY_WAIT_MS: u64 = 500;

#[derive(Default)]
struct Slot {
    conn: Option<RedisConn>,
    failed_at: Option<Instant>,
}

/// The server or cluster behind the handle.
enum Backend {
    Single(Client),
    /// The cluster client, and a client per seed for pub/sub (a classic
    /// `PUBLISH` reaches subscribers on every node, so one node suffices).
    Cluster {
        client: ClusterClient,
        seeds: Vec<Client>,
    },
}

fn timed_out(what: &'static str) -> RedisError {
    RedisError::from((redis::ErrorKind::IoError, what))
}

/// A lazily connected Redis with a key namespace.
pub struct RedisHandle {
    backend: Backend,
    prefix: String,
    conn: Mutex<Slot>,
}

impl RedisHandle {
    /// Parses the URL (one server or `redis+cluster://` seeds); does not
    /// connect.
    pub fn new(url: &str, prefix: impl Into<String>) -> Result<Self, RedisError> {
        let target = Target::parse(url).map_err(|m| {
            RedisError::from((redis::ErrorKind::InvalidClientConfig, "REDIS_URL", m))
        })?;
        let backend = match target {
            Target::Single(url) => Backend::Single(Client::open(url)?),
            Target::Cluster(seeds) => Backend::Cluster {
                client: ClusterClient::builder(seeds.clone())
                    .connection_timeout(CONNECT_TIMEOUT)
                    .response_timeout(RESPONSE_TIMEOUT)
                    .retries(CLUSTER_RETRIES)
                    .min_retry_wait(CLUSTER_MIN_RETRY_WAIT_MS)
                    .max_retry_wait(CLUSTER_MAX_RETRY_WAIT_MS)
                    .build()?,
                seeds: seeds
                    .into_iter()
                    .map(Client::open)
                    .collect::<Result<_, _>>()?,
            },
        };
        Ok(Self {
            backend,
            prefix: prefix.into(),
            conn: Mutex::new(Slot::default()),
        })
    }

    /// A connection, creating it on first use. Clones are cheap and share
    /// one multiplexed socket; it reconnects by itself after a failure.
    /// While Redis cannot be reached, at most one caller a second waits for
    /// a connection attempt; the others get an error at once.
    pub async fn conn(&self) -> Result<RedisConn, RedisError> {
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
        let attempt = async {
            match &self.backend {
                Backend::Single(client) => {
                    let config = ConnectionManagerConfig::new()
                        .set_connection_timeout(CONNECT_TIMEOUT)
                        .set_response_timeout(RESPONSE_TIMEOUT)
                        .set_number_of_retries(0)
                        .set_max_delay(1000);
                    ConnectionManager::new_with_config(client.clone(), config)
                        .await
                        .map(RedisConn::Managed)
                }
                Backend::Cluster { client, .. } => {
                    client.get_async_connection().await.map(RedisConn::Cluster)
                }
            }
        };
        let result = tokio::time::timeout(CONNECT_TIMEOUT + Duration::from_millis(500), attempt)
            .await
            .unwrap_or_else(|_| Err(timed_out("Redis connection attempt timed out")));
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

    /// A connection of its own whose commands may take up to
    /// `response_timeout`: a blocking read on the shared connection would
    /// stall every other command behind it.
    pub async fn dedicated(&self, response_timeout: Duration) -> Result<RedisConn, RedisError> {
        let attempt = async {
            match &self.backend {
                Backend::Single(client) => {
                    let config = AsyncConnectionConfig::new()
                        .set_connection_timeout(CONNECT_TIMEOUT)
                        .set_response_timeout(response_timeout);
                    client
                        .get_multiplexed_async_connection_with_config(&config)
                        .await
                        .map(RedisConn::Direct)
                }
                Backend::Cluster { client, .. } => {
                    let config = ClusterConfig::new()
                        .set_connection_timeout(CONNECT_TIMEOUT)
                        .set_response_timeout(response_timeout);
                    client
                        .get_async_connection_with_config(config)
                        .await
                        .map(RedisConn::Cluster)
                }
            }
        };
        tokio::time::timeout(CONNECT_TIMEOUT + Duration::from_millis(500), attempt)
            .await
            .unwrap_or_else(|_| Err(timed_out("Redis connection attempt timed out")))
    }

    /// A pub/sub connection: to the server, or to the first cluster seed
    /// that answers (classic pub/sub messages reach every node).
    pub async fn pubsub(&self) -> Result<PubSub, RedisError> {
        let clients = match &self.backend {
            Backend::Single(client) => std::slice::from_ref(client),
            Backend::Cluster { seeds, .. } => seeds.as_slice(),
        };
        let mut last = timed_out("no Redis node to subscribe on");
        for client in clients {
            match tokio::time::timeout(CONNECT_TIMEOUT, client.get_async_pubsub()).await {
                Ok(Ok(pubsub)) => return Ok(pubsub),
                Ok(Err(e)) => last = e,
                Err(_) => last = timed_out("Redis connection attempt timed out"),
            }
        }
        Err(last)
    }

    /// `prefix + name`: every key this deployment uses.
    pub fn key(&self, name: &str) -> String {
        format!("{}{}", self.prefix, name)
    }

    /// `prefix + {group}:name`: keys that one script, pipeline or
    /// multi-key command touches together share the hash tag `{group}`, so
    /// on a cluster they live in one slot (one server ignores the tag).
    pub fn key_in(&self, group: &str, name: &str) -> String {
        format!("{}{{{group}}}:{name}", self.prefix)
    }

    /// Whether this handle talks to a cluster, where one script may only
    /// touch keys of one slot.
    pub fn is_cluster(&self) -> bool {
        matches!(self.backend, Backend::Cluster { .. })
    }

    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    /// The members of the sorted-set index `key_in(group, "live")` (scored
    /// by last-seen epoch milliseconds) seen within `ttl`, pruning older
    /// ones first: how heartbeats and stats snapshots list the live
    /// processes.
    pub async fn live_members(
        &self,
        conn: &mut RedisConn,
        group: &str,
        ttl: Duration,
    ) -> Result<Vec<String>, RedisError> {
        let index = self.key_in(group, "live");
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

    /// The text of `INFO section` from every node (one for one server).
    pub async fn info(
        &self,
        conn: &mut RedisConn,
        section: &str,
    ) -> Result<Vec<String>, RedisError> {
        let reply: redis::Value = redis::cmd("INFO").arg(section).query_async(conn).await?;
        Ok(info_texts(reply))
    }

    /// For `/ready`: one `PING` (on a cluster, to every master the client
    /// holds a connection to) and, on a cluster, `CLUSTER INFO` saying
    /// `cluster_state:ok`. The client drops a dead master from its
    /// connections, so the `PING`s alone still pass while that master's
    /// slots refuse every write; only the cluster's own state tells.
    pub async fn ping(&self) -> Result<(), RedisError> {
        let mut conn = self.conn().await?;
        redis::cmd("PING").query_async::<String>(&mut conn).await?;
        if matches!(conn, RedisConn::Cluster(_)) {
            let info: String = redis::cmd("CLUSTER")
                .arg("INFO")
                .query_async(&mut conn)
                .await?;
            if !info.contains("cluster_state:ok") {
                return Err(RedisError::from((
                    redis::ErrorKind::ClusterDown,
                    "some slots have no master",
                )));
            }
        }
        Ok(())
    }
}

/// The error's category only: Redis error text can quote the URL.
pub fn describe(e: &RedisError) -> String {
    format!("{:?}", e.kind())
}

/// The sum of `name` over the nodes' `INFO` texts: a cluster's memory is
/// the sum of its nodes'. `None` when no node reports it.
pub fn info_total(infos: &[String], name: &str) -> Option<u64> {
    infos
        .iter()
        .filter_map(|info| info_field(info, name))
        .reduce(u64::saturating_add)
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
    use super::{info_field, info_total};

    #[test]
    fn info_fields_are_read_by_exact_name() {
        let info = "# Memory\r\nused_memory:1024\r\nused_memory_human:1K\r\nmaxmemory:0\r\n";
        assert_eq!(info_field(info, "used_memory"), Some(1024));
        assert_eq!(info_field(info, "maxmemory"), Some(0));
        assert_eq!(info_field(info, "missing"), None);
        let nodes = vec![info.to_owned(), info.to_owned()];
        assert_eq!(info_total(&nodes, "used_memory"), Some(2048));
        assert_eq!(info_total(&nodes, "missing"), None);
    }
}
