//! Worker heartbeats: who is alive, since when, how much it has done and
//! what it is doing now. Each worker updates its [`WorkerStatus`] in memory;
//! with Redis a publisher copies every status to Redis every few seconds
//! with a TTL, so the admin API of any process lists the workers of all
//! processes and a dead one drops out by itself. Without Redis the list is
//! this process's workers.
//!
//! Redis keys: `{workers}:<id>` (JSON, expires) and `{workers}:live` (sorted
//! set of ids by last heartbeat, to list without SCAN); one hash tag, so the
//! pipelines and `MGET` below stay in one slot of a Redis Cluster.

use chrono::{DateTime, Utc};
use modd_common::WorkerInfo;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio_util::sync::CancellationToken;

use crate::redis::{RedisHandle, describe};

/// The hash tag of the heartbeat keys.
const GROUP: &str = "workers";
/// How often heartbeats are published.
pub const PUBLISH_EVERY: Duration = Duration::from_secs(2);
/// A heartbeat older than this means the worker is gone.
pub const TTL: Duration = Duration::from_secs(10);

/// One worker's live state.
pub struct WorkerStatus {
    pub id: String,
    /// Its number in this process, the `worker` label of its metrics.
    pub index: usize,
    host: String,
    pid: u32,
    started_at: DateTime<Utc>,
    jobs_done: AtomicU64,
    current: Mutex<Option<(i64, DateTime<Utc>)>>,
}

impl WorkerStatus {
    pub fn begin(&self, item_id: i64) {
        if let Ok(mut c) = self.current.lock() {
            *c = Some((item_id, Utc::now()));
        }
    }

    pub fn finish(&self) {
        if let Ok(mut c) = self.current.lock() {
            *c = None;
        }
        self.jobs_done.fetch_add(1, Ordering::Relaxed);
    }

    pub fn info(&self) -> WorkerInfo {
        let current = self.current.lock().ok().and_then(|c| *c);
        WorkerInfo {
            id: self.id.clone(),
            host: self.host.clone(),
            pid: self.pid,
            started_at: self.started_at,
            jobs_done: self.jobs_done.load(Ordering::Relaxed),
            current_item: current.map(|(id, _)| id),
            current_since: current.map(|(_, t)| t),
            seen_at: Utc::now(),
        }
    }
}

/// This host's name, for worker ids (no extra dependency: Linux exposes it
/// in /proc; elsewhere the environment usually has it).
fn hostname() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .ok()
        .or_else(|| std::env::var("HOSTNAME").ok())
        .map(|h| h.trim().to_owned())
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "unknown".into())
}

/// This process's workers, and where their heartbeats go.
pub struct Registry {
    host: String,
    pid: u32,
    /// Random per process: ids stay unique when a pid is reused (containers
    /// all run as pid 1).
    tag: String,
    workers: Mutex<Vec<Arc<WorkerStatus>>>,
    /// Every id ever registered here, to withdraw them all at shutdown.
    ever: Mutex<Vec<String>>,
    redis: Option<Arc<RedisHandle>>,
}

impl Registry {
    pub fn new(redis: Option<Arc<RedisHandle>>) -> Self {
        Self {
            host: hostname(),
            pid: std::process::id(),
            tag: format!("{:04x}", rand::random::<u16>()),
            workers: Mutex::new(Vec::new()),
            ever: Mutex::new(Vec::new()),
            redis,
        }
    }

    /// This process's id (`<host>-<pid>-<tag>`); its workers' ids start with
    /// it, so the stats endpoint can tell which workers a replica runs.
    pub fn replica_id(&self) -> String {
        format!("{}-{}-{}", self.host, self.pid, self.tag)
    }

    pub fn host(&self) -> &str {
        &self.host
    }

    pub fn pid(&self) -> u32 {
        self.pid
    }

    /// A new worker's status, listed until [`Registry::unregister`].
    pub fn register(&self, index: usize) -> Arc<WorkerStatus> {
        let status = Arc::new(WorkerStatus {
            id: format!("{}-{index}", self.replica_id()),
            index,
            host: self.host.clone(),
            pid: self.pid,
            started_at: Utc::now(),
            jobs_done: AtomicU64::new(0),
            current: Mutex::new(None),
        });
        if let Ok(mut w) = self.workers.lock() {
            w.push(status.clone());
        }
        if let Ok(mut e) = self.ever.lock() {
            e.push(status.id.clone());
        }
        status
    }

    pub fn unregister(&self, id: &str) {
        if let Ok(mut w) = self.workers.lock() {
            w.retain(|s| s.id != id);
        }
    }

    /// This process's workers.
    pub fn local(&self) -> Vec<WorkerInfo> {
        self.workers
            .lock()
            .map(|w| w.iter().map(|s| s.info()).collect())
            .unwrap_or_default()
    }

    /// Copies this process's heartbeats to Redis (no-op without Redis).
    pub async fn publish(&self) -> Result<(), String> {
        let Some(redis) = &self.redis else {
            return Ok(());
        };
        let infos = self.local();
        if infos.is_empty() {
            return Ok(());
        }
        let mut conn = redis.conn().await.map_err(|e| describe(&e))?;
        let mut pipe = redis::pipe();
        let now_ms = Utc::now().timestamp_millis();
        for info in &infos {
            let json = serde_json::to_string(info).map_err(|e| e.to_string())?;
            pipe.cmd("SET")
                .arg(redis.key_in(GROUP, &info.id))
                .arg(json)
                .arg("PX")
                .arg(TTL.as_millis() as u64)
                .ignore();
            pipe.cmd("ZADD")
                .arg(redis.key_in(GROUP, "live"))
                .arg(now_ms)
                .arg(&info.id)
                .ignore();
        }
        pipe.query_async::<()>(&mut conn)
            .await
            .map_err(|e| describe(&e))
    }

    /// Removes this process's heartbeats from Redis (on a clean shutdown).
    pub async fn withdraw(&self) {
        let Some(redis) = &self.redis else { return };
        let ids = self.ever.lock().map(|e| e.clone()).unwrap_or_default();
        let Ok(mut conn) = redis.conn().await else {
            return; // they expire by themselves
        };
        let mut pipe = redis::pipe();
        for id in &ids {
            pipe.cmd("DEL").arg(redis.key_in(GROUP, id)).ignore();
            pipe.cmd("ZREM")
                .arg(redis.key_in(GROUP, "live"))
                .arg(id)
                .ignore();
        }
        let _ = pipe.query_async::<()>(&mut conn).await;
    }

    /// Every live worker: of all processes with Redis, of this one without.
    pub async fn list(&self) -> Result<Vec<WorkerInfo>, String> {
        let Some(redis) = &self.redis else {
            return Ok(self.local());
        };
        let mut conn = redis.conn().await.map_err(|e| describe(&e))?;
        let ids = redis
            .live_members(&mut conn, GROUP, TTL)
            .await
            .map_err(|e| describe(&e))?;
        // This process's own workers are reported live rather than as of
        // their last heartbeat.
        let mut workers = self.local();
        if ids.is_empty() {
            return Ok(workers);
        }
        let keys: Vec<String> = ids.iter().map(|id| redis.key_in(GROUP, id)).collect();
        let values: Vec<Option<String>> = redis::cmd("MGET")
            .arg(&keys)
            .query_async(&mut conn)
            .await
            .map_err(|e| describe(&e))?;
        let others: Vec<WorkerInfo> = values
            .into_iter()
            .flatten()
            .filter_map(|v| serde_json::from_str::<WorkerInfo>(&v).ok())
            .filter(|w| !workers.iter().any(|l| l.id == w.id))
            .collect();
        workers.extend(others);
        Ok(workers)
    }
}

/// Publishes heartbeats every [`PUBLISH_EVERY`] until `shutdown`, then
/// withdraws them.
pub fn spawn_publisher(
    registry: Arc<Registry>,
    shutdown: CancellationToken,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut failing = false;
        loop {
            match registry.publish().await {
                Ok(()) => failing = false,
                Err(e) if !failing => {
                    failing = true;
                    tracing::warn!(error = %e, "cannot publish worker heartbeats");
                }
                Err(_) => {}
            }
            tokio::select! {
                _ = shutdown.cancelled() => break,
                _ = tokio::time::sleep(PUBLISH_EVERY) => {}
            }
        }
        registry.withdraw().await;
    })
}
