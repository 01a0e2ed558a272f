//! The real `modd` binary as a child process (`serve` or `worker`), for
//! tests that kill it, signal it or restart it. Set `MODD_TEST_LOGS=1` to
//! see its logs.

use std::path::Path;
use std::process::Stdio;
use std::sync::Arc;
use std::time::Duration;
use tokio::process::{Child, Command};

use crate::poll::{eventually, free_port};

fn logs() -> Stdio {
    if std::env::var("MODD_TEST_LOGS").is_ok_and(|v| v == "1") {
        Stdio::inherit()
    } else {
        Stdio::null()
    }
}

/// One `modd` process, killed on drop.
pub struct ModdProcess {
    child: Child,
    _data: tempfile::TempDir,
    pub base: String,
    pub http: reqwest::Client,
}

impl ModdProcess {
    /// `<binary> <command>` with a clean environment plus `env`; returns once
    /// `/health` answers. `binary` is `env!("CARGO_BIN_EXE_modd")` in the
    /// daemon crate's tests, the only place Cargo builds it for.
    pub async fn spawn(binary: impl AsRef<Path>, command: &str, env: &[(&str, String)]) -> Self {
        let port = free_port();
        let bind_var = if command == "worker" {
            "MODD_WORKER_BIND"
        } else {
            "MODD_BIND"
        };
        // Its own data dir (for the development secret key), unless given.
        let data = tempfile::tempdir().expect("tempdir");
        let mut cmd = Command::new(binary.as_ref());
        cmd.arg(command)
            .env_clear()
            .env("MODD_DATA_DIR", data.path())
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env(bind_var, format!("127.0.0.1:{port}"))
            .env("MODD_AUTO_MIGRATE", "true")
            .env("MODD_LOG_LEVEL", "warn")
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
                .expect("client"),
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

    /// The typed client (`modctl::client`) for this process with `key`.
    pub fn client(&self, key: Option<&str>) -> modctl::client::Client {
        modctl::client::Client::new(&self.base, key.map(str::to_owned)).expect("client")
    }

    /// SIGKILL: the process dies mid-whatever.
    pub async fn kill(&mut self) {
        let _ = self.child.kill().await;
    }

    /// SIGTERM, then wait for a clean exit.
    pub async fn terminate(&mut self) {
        let pid = self.pid().to_string();
        let _ = Command::new("kill").args(["-TERM", &pid]).status().await;
        let exit = tokio::time::timeout(Duration::from_secs(20), self.child.wait()).await;
        let status = exit.expect("modd exits after SIGTERM").expect("wait");
        assert!(status.success(), "modd exited with {status}");
    }

    /// A `GET` with an optional key, for status codes and raw bodies.
    pub async fn get(&self, path: &str, key: Option<&str>) -> reqwest::Response {
        let mut req = self.http.get(self.url(path));
        if let Some(key) = key {
            req = req.header(modctl::client::API_KEY_HEADER, key);
        }
        req.send().await.expect("GET")
    }

    /// The sum of every sample of `metric` in this process's `/metrics`.
    pub async fn metric_sum(&self, metric: &str) -> f64 {
        let text = self.get("/metrics", None).await.text().await.expect("body");
        text.lines()
            .filter(|l| {
                l.strip_prefix(metric)
                    .is_some_and(|rest| rest.starts_with('{') || rest.starts_with(' '))
            })
            .filter_map(|l| l.rsplit(' ').next()?.parse::<f64>().ok())
            .sum()
    }
}

/// The store at `url`, migrated: what a process-level test checks against
/// while the daemon runs in another process.
pub async fn open_store(url: &str) -> Arc<dyn modd::store::Store> {
    let store = modd::store::connect(url, &modd::store::ConnectOptions::default())
        .await
        .expect("connect to the store");
    store.migrate_up(None).await.expect("migrate");
    store
}
