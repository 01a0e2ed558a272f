//! A real Redis Cluster on loopback: three masters (`redis-server
//! --cluster-enabled yes`, no persistence) joined by `redis-cli --cluster
//! create`, in a temporary directory, on free ports. Killed on drop.
//!
//! Each node runs under a small `sh` guard that kills it when the test
//! process's end of a pipe closes, so a test binary that panics or exits
//! (the shared cluster lives in a static, which is never dropped) leaves no
//! `redis-server` behind.

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
/// How long the cluster has to form (or re-form after a restart).
const FORM_WITHIN: Duration = Duration::from_secs(30);

/// One node: its client port, its cluster bus port, and the guard process.
#[derive(Debug)]
struct Node {
    port: u16,
    bus: u16,
    guard: Option<Child>,
}

/// A running three-master cluster.
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
        .args(["--cluster-node-timeout", "2000"])
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
    /// A fresh cluster; `None` to skip when the Redis tools are missing
    /// (panics if services are required). Blocks for the second or two the
    /// cluster takes to form.
    pub fn start() -> Option<Self> {
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
        for _ in 0..MASTERS {
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
            .args(["--cluster-replicas", "0", "--cluster-yes"])
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

    /// Waits until every node reports `cluster_state:ok` with all slots
    /// served and knows every other node.
    pub fn wait_ok(&self) {
        for node in &self.nodes {
            wait_for("cluster_state:ok on every node", || {
                let info = cli(node.port, &["cluster", "info"]);
                info.contains("cluster_state:ok")
                    && info.contains("cluster_slots_ok:16384")
                    && info.contains(&format!("cluster_known_nodes:{MASTERS}"))
            });
        }
    }

    /// `REDIS_URL` for this cluster: `redis+cluster://` and every node.
    pub fn url(&self) -> String {
        let seeds: Vec<String> = self
            .nodes
            .iter()
            .map(|n| format!("127.0.0.1:{}", n.port))
            .collect();
        format!("redis+cluster://{}", seeds.join(","))
    }

    /// The node (index) serving the slot of `key`.
    pub fn node_of(&self, key: &str) -> usize {
        let port = self.nodes[0].port;
        let slot: u16 = cli(port, &["cluster", "keyslot", key])
            .trim()
            .parse()
            .expect("CLUSTER KEYSLOT answers a number");
        // `CLUSTER NODES` lines: id host:port@bus flags master ping pong
        // epoch state slot-ranges…
        let nodes = cli(port, &["cluster", "nodes"]);
        for line in nodes.lines() {
            let fields: Vec<&str> = line.split_whitespace().collect();
            let owns = fields.iter().skip(8).any(|range| {
                let (lo, hi) = range.split_once('-').unwrap_or((range, range));
                matches!((lo.parse::<u16>(), hi.parse::<u16>()), (Ok(lo), Ok(hi)) if (lo..=hi).contains(&slot))
            });
            if owns {
                let port: u16 = fields[1]
                    .split(['@', ':'])
                    .nth(1)
                    .and_then(|p| p.parse().ok())
                    .expect("host:port@bus");
                return self
                    .nodes
                    .iter()
                    .position(|n| n.port == port)
                    .expect("a node of this cluster");
            }
        }
        panic!("no node serves slot {slot}");
    }

    /// SIGKILLs node `i`: its data is gone (no persistence), and the
    /// cluster refuses the node's slots until it is back.
    pub fn kill(&mut self, i: usize) {
        if let Some(mut guard) = self.nodes[i].guard.take() {
            stop(&mut guard);
        }
    }

    /// Starts node `i` again on its ports with its cluster config, so it
    /// takes its slots back (empty), and waits for the cluster to be whole.
    pub fn restart(&mut self, i: usize) {
        self.kill(i);
        let node = &mut self.nodes[i];
        node.guard = Some(spawn_node(self.dir.path(), node.port, node.bus));
        self.wait_ok();
    }

    /// The client ports, one per master.
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
