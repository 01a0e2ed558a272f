//! Redis for tests: a key prefix of its own on the shared `TEST_REDIS_URL`
//! server or on a test cluster ([`crate::RedisCluster`]), so tests share
//! one server without seeing each other's keys, or a private
//! `redis-server` that a test may kill.

use std::process::Stdio;
use std::sync::Arc;
use std::time::Duration;
use tokio::process::{Child, Command};

use crate::poll::{eventually, free_port};
use crate::services::redis_url;

/// A key prefix of its own for one test; its keys are deleted on drop.
#[derive(Debug)]
pub struct RedisPrefix {
    pub url: String,
    pub prefix: String,
}

impl RedisPrefix {
    /// A prefix on `TEST_REDIS_URL`; `None` to skip when the variable is
    /// unset (panics if services are required).
    pub fn new() -> Option<Self> {
        Some(Self::on(&redis_url()?))
    }

    /// A fresh prefix on the server at `url` (e.g. one a test started).
    pub fn on(url: &str) -> Self {
        Self {
            url: url.to_owned(),
            prefix: format!("test:{}:", uuid::Uuid::new_v4().simple()),
        }
    }

    /// The settings that put a daemon on this Redis and prefix.
    pub fn settings(&self) -> [(&'static str, &str); 2] {
        [
            ("REDIS_URL", &self.url),
            ("MODD_REDIS_PREFIX", &self.prefix),
        ]
    }

    /// The daemon's Redis handle on this prefix.
    pub fn handle(&self) -> Arc<modd::redis::RedisHandle> {
        Arc::new(modd::redis::RedisHandle::new(&self.url, self.prefix.clone()).expect("redis URL"))
    }

    /// Deletes every key under the prefix now (drop does it too).
    pub async fn cleanup(&self) {
        for url in node_urls(&self.url) {
            let Ok(client) = ::redis::Client::open(url) else {
                continue;
            };
            let Ok(mut conn) = client.get_multiplexed_async_connection().await else {
                continue; // the server is gone (a test stopped it): nothing to clean
            };
            let keys: Vec<String> = ::redis::cmd("KEYS")
                .arg(format!("{}*", self.prefix))
                .query_async(&mut conn)
                .await
                .unwrap_or_default();
            if !keys.is_empty() {
                let _: Result<(), _> = deletes(&keys).query_async(&mut conn).await;
            }
        }
    }
}

/// The URL of each server behind `url`: itself, or each cluster seed (the
/// test cluster's seeds are all its nodes).
fn node_urls(url: &str) -> Vec<String> {
    match modd::redis::Target::parse(url) {
        Ok(modd::redis::Target::Single(url)) => vec![url],
        Ok(modd::redis::Target::Cluster(seeds)) => seeds,
        Err(_) => Vec::new(),
    }
}

/// One `DEL` per key: on a cluster node, keys of different slots cannot
/// share one `DEL`.
fn deletes(keys: &[String]) -> ::redis::Pipeline {
    let mut pipe = ::redis::pipe();
    for key in keys {
        pipe.cmd("DEL").arg(key).ignore();
    }
    pipe
}

impl Drop for RedisPrefix {
    fn drop(&mut self) {
        // Plain connections: Drop cannot await. A server that is gone
        // refuses at once, so this never hangs.
        for url in node_urls(&self.url) {
            let Ok(client) = ::redis::Client::open(url) else {
                continue;
            };
            let Ok(mut conn) = client.get_connection_with_timeout(Duration::from_secs(2)) else {
                continue;
            };
            let keys: Vec<String> = ::redis::cmd("KEYS")
                .arg(format!("{}*", self.prefix))
                .query(&mut conn)
                .unwrap_or_default();
            if !keys.is_empty() {
                let _: Result<(), _> = deletes(&keys).query(&mut conn);
            }
        }
    }
}

/// A `redis-server` of the test's own: no persistence, so a restart loses
/// everything, as a flushed or replaced Redis would. Killed on drop.
#[derive(Debug)]
pub struct RedisServer {
    child: Option<Child>,
    pub port: u16,
    _dir: tempfile::TempDir,
}

impl RedisServer {
    pub async fn start() -> Self {
        Self::start_with(free_port(), &[]).await
    }

    /// On a given port, e.g. the port of a server the test killed.
    pub async fn start_on(port: u16) -> Self {
        Self::start_with(port, &[]).await
    }

    /// With extra `redis-server` arguments (e.g. `--requirepass`); its
    /// working directory is a temporary one, so nothing lands in the tree.
    pub async fn start_with(port: u16, args: &[&str]) -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        let child = Command::new("redis-server")
            .args(["--port", &port.to_string(), "--bind", "127.0.0.1"])
            .args(["--save", "", "--appendonly", "no"])
            .arg("--dir")
            .arg(dir.path())
            .args(args)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .expect("redis-server is installed");
        let server = Self {
            child: Some(child),
            port,
            _dir: dir,
        };
        // Listening is enough: a server started with a password refuses
        // PING, but it is up.
        let up = eventually(Duration::from_secs(10), || async {
            tokio::net::TcpStream::connect(("127.0.0.1", port))
                .await
                .ok()
        })
        .await;
        assert!(up.is_some(), "redis-server on {port} did not start");
        server
    }

    pub fn url(&self) -> String {
        format!("redis://127.0.0.1:{}", self.port)
    }

    /// SIGKILL: no goodbye, data gone.
    pub async fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill().await;
        }
    }
}
