//! Observability as code, checked against the daemon it describes: the
//! alert rules (promtool), the Grafana dashboard's and the rules' PromQL
//! (every expression parses, every metric it names is exported by a real
//! modd after traffic), and the access log (one line per request, never a
//! key, never content).
//!
//! A test binary of its own because it installs the process-wide log
//! subscriber (JSON, at info, as production runs) into a buffer.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod access_log;
mod exported;
mod promql;
mod rules;

use modd_testkit::TestDaemon;
use modd_testkit::log_capture::LogCapture;
use serde_json::Value;
use std::sync::OnceLock;

fn logs() -> &'static LogCapture {
    static CAPTURE: OnceLock<LogCapture> = OnceLock::new();
    CAPTURE.get_or_init(|| {
        let capture = LogCapture::default();
        let writer = capture.clone();
        tracing_subscriber::fmt()
            .with_env_filter("info")
            .with_ansi(false)
            .json()
            .flatten_event(true)
            .with_writer(move || writer.clone())
            .try_init()
            .expect("the only subscriber in this binary");
        capture
    })
}

pub async fn call(
    d: &TestDaemon,
    method: reqwest::Method,
    path: &str,
    key: &str,
    body: Option<Value>,
) -> (u16, Value) {
    let mut req = d.http.request(method, d.url(path)).header("X-API-KEY", key);
    if let Some(b) = body {
        req = req.json(&b);
    }
    let res = req.send().await.unwrap();
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}
