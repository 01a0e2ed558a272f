//! A real Redis Cluster on loopback: three masters (`redis-server
//! --cluster-enabled yes`, no persistence) joined by `redis-cli --cluster
//! create`, optionally with one replica each, in a temporary directory, on
//! free ports. Killed on drop. [`failover`] kills, restarts and fails over
//! nodes; [`topology`] reads who is master of what.
//!
//! Each node runs under a small `sh` guard that kills it when the test
//! process's end of a pipe closes, so a test binary that panics or exits
//! (the shared cluster lives in a static, which is never dropped) leaves no
//! `redis-server` behind.

mod failover;
mod topology;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use crate::poll::free_port;
use crate::services::services_required;

/// How many masters; the queue's and the limiter's keys land on different
/// ones, which is what a cluster test has to show works.
const MASTERS: usize = 3;
/// How long the cluster has to form (or re-form after a restart or a
/// failover).
const FORM_WITHIN: Duration = Duration::from_secs(30);
/// How long a node may go silent before the others mark it failed and its
/// replica takes over: short, so a failover test is quick.
pub const NODE_TIMEOUT_MS: u64 = 2000;

/// One node: its client port, its cluster bus port, and the guard process.
#[derive(Debug)]
struct Node {
    port: u16,
    bus: u16,
    guard: Option<Child>,
}

/// A running three-master cluster (six nodes with replicas).
#[derive(Debug)]
pub struct RedisCluster {
    nodes: Vec<Node>,
    dir: tempfile::TempDir,
}

/// Whether `redis-server` and `redis-cli` can be run.
fn tools_present() -> bool {
    ["redis-server", "redis-cli"].iter().all(|tool| {
        Command::new(tool)
            .arg("--version")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    })
}

/// `redis-cli -p port args…`, its output (empty when it fails).
fn cli(port: u16, args: &[&str]) -> String {
    Command::new("redis-cli")
        .args(["-h", "127.0.0.1", "-p", &port.to_string()])
        .args(args)
        .stderr(Stdio::null())
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
        .unwrap_or_default()
}

fn spawn_node(dir: &Path, port: u16, bus: u16) -> Child {
    let conf: PathBuf = dir.join(format!("nodes-{port}.conf"));
    // The guard: start the server, wait for stdin to close, kill it.
    let script = r#"redis-server "$@" </dev/null >/dev/null 2>&1 & pid=$!; cat >/dev/null; kill -9 $pid; wait $pid"#;
    Command::new("sh")
        .args(["-c", script, "redis-node"])
        .args(["--port", &port.to_string(), "--bind", "127.0.0.1"])
        .args([
            "--cluster-enabled",
            "yes",
            "--cluster-port",
            &bus.to_string(),
        ])
        .arg("--cluster-config-file")
        .arg(&conf)
        .args(["--cluster-node-timeout", &NODE_TIMEOUT_MS.to_string()])
        .args(["--save", "", "--appendonly", "no", "--daemonize", "no"])
        .arg("--dir")
        .arg(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("sh runs")
}

fn wait_for(what: &str, mut ok: impl FnMut() -> bool) {
    let start = Instant::now();
    while !ok() {
        assert!(
            start.elapsed() < FORM_WITHIN,
            "Redis Cluster: {what} within {FORM_WITHIN:?}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

impl RedisCluster {
    /// A fresh three-master cluster without replicas; `None` to skip when
    /// the Redis tools are missing (panics if services are required). Blocks
    /// for the second or two the cluster takes to form.
    pub fn start() -> Option<Self> {
        Self::launch(0)
    }

    /// Three masters with one replica each (`--cluster-replicas 1`), every
    /// replica in sync before it returns: a master can fail over. `None` as
    /// [`RedisCluster::start`].
    pub fn start_with_replicas() -> Option<Self> {
        Self::launch(1)
    }

    fn launch(replicas: usize) -> Option<Self> {
        if !tools_present() {
            assert!(
                !services_required(),
                "MODD_REQUIRE_SERVICES=1 but redis-server/redis-cli are not installed: the Redis Cluster tests must run"
            );
            return None;
        }
        let dir = tempfile::tempdir().expect("tempdir");
        let mut nodes = Vec::new();
        let mut taken = Vec::new();
        let mut fresh = || loop {
            let port = free_port();
            if !taken.contains(&port) {
                taken.push(port);
                return port;
            }
        };
        for _ in 0..MASTERS * (1 + replicas) {
            let (port, bus) = (fresh(), fresh());
            let guard = Some(spawn_node(dir.path(), port, bus));
            nodes.push(Node { port, bus, guard });
        }
        let cluster = Self { nodes, dir };
        for node in &cluster.nodes {
            wait_for("a node answers PING", || {
                cli(node.port, &["ping"]).trim() == "PONG"
            });
        }
        let addresses: Vec<String> = cluster
            .nodes
            .iter()
            .map(|n| format!("127.0.0.1:{}", n.port))
            .collect();
        let created = Command::new("redis-cli")
            .args(["--cluster", "create"])
            .args(&addresses)
            .args(["--cluster-replicas", &replicas.to_string(), "--cluster-yes"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .expect("redis-cli runs");
        assert!(created.success(), "redis-cli --cluster create failed");
        cluster.wait_ok();
        Some(cluster)
    }

    /// One cluster for the whole test binary (each test takes its own key
    /// prefix on it); `None` to skip as [`RedisCluster::start`].
    pub fn shared() -> Option<&'static Self> {
        static SHARED: OnceLock<Option<RedisCluster>> = OnceLock::new();
        SHARED.get_or_init(Self::start).as_ref()
    }

    /// Waits until every running node reports `cluster_state:ok` with all
    /// slots served and knows every other node, and every running replica
    /// has caught up with its master.
    pub fn wait_ok(&self) {
        let total = self.nodes.len();
        for node in self.running() {
            wait_for("cluster_state:ok on every node", || {
                let info = cli(node.port, &["cluster", "info"]);
                info.contains("cluster_state:ok")
                    && info.contains("cluster_slots_ok:16384")
                    && info.contains(&format!("cluster_known_nodes:{total}"))
            });
        }
        for node in self.running() {
            wait_for("every replica in sync with its master", || {
                let info = cli(node.port, &["info", "replication"]);
                info.contains("role:master") || info.contains("master_link_status:up")
            });
        }
    }

    /// The nodes whose server runs (not killed by the test).
    fn running(&self) -> impl Iterator<Item = &Node> {
        self.nodes.iter().filter(|n| n.guard.is_some())
    }

    /// `REDIS_URL` for this cluster: `redis+cluster://` and every node.
    pub fn url(&self) -> String {
        self.url_seeded_from(0)
    }

    /// The same, with node `first` as the first seed: the node `modd`
    /// subscribes to for pub/sub, so a test can fail exactly that one.
    pub fn url_seeded_from(&self, first: usize) -> String {
        let mut order: Vec<usize> = (0..self.nodes.len()).collect();
        order.rotate_left(first);
        let seeds: Vec<String> = order
            .iter()
            .map(|&i| format!("127.0.0.1:{}", self.nodes[i].port))
            .collect();
        format!("redis+cluster://{}", seeds.join(","))
    }

    /// The client ports, one per node.
    pub fn ports(&self) -> Vec<u16> {
        self.nodes.iter().map(|n| n.port).collect()
    }
}

/// Closes the guard's stdin (it kills its server) and reaps it.
fn stop(guard: &mut Child) {
    if let Some(mut stdin) = guard.stdin.take() {
        let _ = stdin.flush();
    }
    let _ = guard.wait();
}

impl Drop for RedisCluster {
    fn drop(&mut self) {
        for node in &mut self.nodes {
            if let Some(mut guard) = node.guard.take() {
                stop(&mut guard);
            }
        }
    }
}
