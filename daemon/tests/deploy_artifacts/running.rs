//! The real `modd` binary as the deployment runs it (`serve` with
//! MODD_WORKERS=0, and `worker`), on SQLite in a temporary directory: what
//! the manifests' probes ask of it, and how much memory it holds idle.

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub const MODD: &str = env!("CARGO_BIN_EXE_modd");

/// A running `modd` process, killed on drop.
pub struct Running {
    child: Child,
    pub port: u16,
}

impl Running {
    /// Starts `modd <mode>` listening on a free port named by `bind_setting`
    /// (MODD_BIND or MODD_WORKER_BIND), and waits until `/ready` answers 200
    /// through `modd healthcheck`, the same probe the image uses.
    pub fn start(dir: &std::path::Path, mode: &str, bind_setting: &str) -> Self {
        let port = free_port();
        let mut cmd = Command::new(MODD);
        cmd.arg(mode)
            .current_dir(dir)
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            // Both listeners on free loopback ports; the probed one is `port`.
            .env("MODD_BIND", format!("127.0.0.1:{}", free_port()))
            .env("MODD_WORKER_BIND", format!("127.0.0.1:{}", free_port()))
            .env(bind_setting, format!("127.0.0.1:{port}"))
            .env("MODD_WORKERS", if mode == "serve" { "0" } else { "2" })
            .env("MODD_LOG_LEVEL", "warn")
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        // Measure with the image model when this machine has it (CI does):
        // it is most of the resident memory, and the image can carry it.
        if let Ok(model) = std::env::var("MODD_IMAGE_MODEL_PATH") {
            cmd.env("MODD_IMAGE_MODEL_PATH", model);
        }
        let running = Running {
            child: cmd.spawn().expect("spawn modd"),
            port,
        };
        let deadline = Instant::now() + Duration::from_secs(240);
        while !running.healthcheck().status.success() {
            assert!(Instant::now() < deadline, "modd {mode} never became ready");
            std::thread::sleep(Duration::from_millis(200));
        }
        running
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// `modd healthcheck --url …/ready` against this process.
    pub fn healthcheck(&self) -> std::process::Output {
        Command::new(MODD)
            .args(["healthcheck", "--url", &self.url("/ready")])
            .env_clear()
            .output()
            .expect("run modd healthcheck")
    }

    /// Peak resident memory (VmHWM) in bytes, from /proc.
    pub fn peak_rss(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .expect("read /proc/PID/status");
        let kb: u64 = status
            .lines()
            .find_map(|l| l.strip_prefix("VmHWM:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .expect("VmHWM in /proc/PID/status");
        kb * 1024
    }

    /// Status of `GET path` on this process.
    pub fn status_of(&self, path: &str) -> u16 {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        rt.block_on(async {
            reqwest::get(self.url(path))
                .await
                .map(|r| r.status().as_u16())
                .unwrap_or(0)
        })
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}
