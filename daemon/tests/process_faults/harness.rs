//! Real processes for the fault tests: the `modd` binary (`serve` or
//! `worker`) and a private `redis-server` on a free port, started and killed
//! by the test. Set `MODD_TEST_LOGS=1` to see the daemons' logs.

use chrono::Utc;
use modd::store::{ConnectOptions, NewKey, Store};
use modd_common::{ApiKey, KeyEnvironment, Role};
use std::process::Stdio;
use std::sync::Arc;
use std::time::Duration;
use tokio::process::{Child, Command};

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn logs() -> Stdio {
    if std::env::var("MODD_TEST_LOGS").is_ok_and(|v| v == "1") {
        Stdio::inherit()
    } else {
        Stdio::null()
    }
}

/// Polls `f` every 50 ms until it is `Some`, for at most `timeout`.
pub async fn eventually<T, F, Fut>(timeout: Duration, mut f: F) -> Option<T>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let deadline = tokio::time::Instant::now() + timeout;
    loop {
        if let Some(v) = f().await {
            return Some(v);
        }
        if tokio::time::Instant::now() >= deadline {
            return None;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// A `redis-server` of the test's own: no persistence, so a restart loses
/// everything, as a flushed or replaced Redis would.
pub struct RedisServer {
    child: Option<Child>,
    pub port: u16,
}

impl RedisServer {
    pub async fn start() -> Self {
        Self::start_on(free_port()).await
    }

    pub async fn start_on(port: u16) -> Self {
        let child = Command::new("redis-server")
            .args(["--port", &port.to_string(), "--bind", "127.0.0.1"])
            .args(["--save", "", "--appendonly", "no"])
            .stdout(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .expect("redis-server is installed");
        let server = Self {
            child: Some(child),
            port,
        };
        let client = redis::Client::open(server.url()).unwrap();
        let up = eventually(Duration::from_secs(10), || async {
            let mut c = client.get_multiplexed_async_connection().await.ok()?;
            redis::cmd("PING").query_async::<String>(&mut c).await.ok()
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

/// One `modd` process.
pub struct Modd {
    child: Child,
    _data: tempfile::TempDir,
    pub base: String,
    pub http: reqwest::Client,
}

impl Modd {
    /// `modd <command>` with `env`; returns once `/health` answers.
    pub async fn spawn(command: &str, env: &[(&str, String)]) -> Self {
        let port = free_port();
        let bind_var = if command == "worker" {
            "MODD_WORKER_BIND"
        } else {
            "MODD_BIND"
        };
        // Its own data dir (for the development secret key), unless given.
        let data = tempfile::tempdir().unwrap();
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_modd"));
        cmd.arg(command)
            .env_clear()
            .env("MODD_DATA_DIR", data.path())
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env(bind_var, format!("127.0.0.1:{port}"))
            .env("MODD_AUTO_MIGRATE", "true")
            .env("MODD_LOG_LEVEL", "warn")
            // No drain unless a test asks for one: these tests stop
            // processes often, and the drain has its own test.
            .env("MODD_SHUTDOWN_DRAIN_SECS", "0")
            .stdout(logs())
            .stderr(logs())
            .kill_on_drop(true);
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = cmd.spawn().expect("spawn modd");
        let modd = Self {
            child,
            _data: data,
            base: format!("http://127.0.0.1:{port}"),
            http: reqwest::Client::builder()
                .timeout(Duration::from_secs(10))
                .build()
                .unwrap(),
        };
        let up = eventually(Duration::from_secs(30), || async {
            let res = modd.http.get(modd.url("/health")).send().await.ok()?;
            res.status().is_success().then_some(())
        })
        .await;
        assert!(up.is_some(), "modd {command} did not come up");
        modd
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    pub fn pid(&self) -> u32 {
        self.child.id().unwrap_or(0)
    }

    /// SIGKILL: the process dies mid-whatever.
    pub async fn kill(&mut self) {
        let _ = self.child.kill().await;
    }

    /// SIGTERM, then wait for a clean exit.
    pub async fn terminate(&mut self) {
        self.sigterm().await;
        let status = self.exit_within(Duration::from_secs(20)).await;
        assert!(status.success(), "modd exited with {status}");
    }

    /// Sends SIGTERM and returns at once.
    pub async fn sigterm(&self) {
        let pid = self.pid().to_string();
        let _ = Command::new("kill").args(["-TERM", &pid]).status().await;
    }

    /// The exit status; panics if the process runs longer than `timeout`.
    pub async fn exit_within(&mut self, timeout: Duration) -> std::process::ExitStatus {
        let exit = tokio::time::timeout(timeout, self.child.wait()).await;
        exit.expect("modd exits in time").unwrap()
    }

    pub async fn get(&self, path: &str, key: Option<&str>) -> reqwest::Response {
        let mut req = self.http.get(self.url(path));
        if let Some(key) = key {
            req = req.header("X-API-KEY", key);
        }
        req.send().await.unwrap()
    }

    /// The sum of every sample of `metric` in this process's `/metrics`.
    pub async fn metric_sum(&self, metric: &str) -> f64 {
        let text = self.get("/metrics", None).await.text().await.unwrap();
        text.lines()
            .filter(|l| {
                l.strip_prefix(metric)
                    .is_some_and(|rest| rest.starts_with('{') || rest.starts_with(' '))
            })
            .filter_map(|l| l.rsplit(' ').next()?.parse::<f64>().ok())
            .sum()
    }
}

pub async fn open_store(url: &str) -> Arc<dyn Store> {
    let store = modd::store::connect(url, &ConnectOptions::default())
        .await
        .unwrap();
    store.migrate_up(None).await.unwrap();
    store
}

/// Creates a key straight in the store, as `modctl keys create` does.
pub async fn key(store: &dyn Store, role: Role) -> String {
    let key = ApiKey::generate(KeyEnvironment::Test);
    store
        .insert_key(&NewKey {
            name: format!("fault-{role}"),
            role,
            key_hash: key.hash().to_vec(),
            prefix: key.display_prefix().to_owned(),
            source_apps: vec![],
            rate_limit: Some("1000000/sec".into()),
            created_by: Some("test".into()),
            created_at: Utc::now(),
            expires_at: None,
        })
        .await
        .unwrap();
    key.expose_secret().to_owned()
}

/// Submits one item; returns the HTTP status and the id when accepted.
pub async fn submit(
    http: &reqwest::Client,
    base: &str,
    key: &str,
    external_id: &str,
) -> (u16, Option<i64>) {
    let res = http
        .post(format!("{base}/api/v1/moderation/analyse"))
        .header("X-API-KEY", key)
        .json(&serde_json::json!({
            "external_id": external_id, "text": "a perfectly fine comment",
            "content_type": "comment", "source_app": "forum"
        }))
        .send()
        .await;
    match res {
        Ok(res) => {
            let status = res.status().as_u16();
            let body: serde_json::Value = res.json().await.unwrap_or_default();
            (status, body["id"].as_i64())
        }
        Err(_) => (0, None),
    }
}
