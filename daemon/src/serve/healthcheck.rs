//! `modd healthcheck`: the container probe. The runtime image has no shell
//! and no curl, so the daemon binary itself asks `/ready` and turns the
//! answer into an exit code (0 ready, 1 not) and one line saying why.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::time::Duration;

use modd_common::api::ReadyReport;

/// How long one probe may take; container runtimes kill slower probes anyway.
pub const TIMEOUT: Duration = Duration::from_secs(5);

/// The `/ready` URL of a daemon listening on `bind` (the `MODD_BIND` text).
/// A wildcard address (`0.0.0.0`, `::`) is asked on loopback, where the
/// probe runs beside the daemon.
pub fn url_for_bind(bind: &str) -> Result<String, String> {
    let addr: SocketAddr = bind
        .parse()
        .map_err(|_| format!("cannot derive the URL from {bind:?}: expected HOST:PORT"))?;
    let ip = match addr.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
        ip => ip,
    };
    Ok(format!("http://{}/ready", SocketAddr::new(ip, addr.port())))
}

/// Asks `url` once. `Ok` carries the line for a 200, `Err` the line for
/// anything else: another status (with the checks that are not ok), no
/// answer in time, or no connection.
pub async fn probe(url: &str) -> Result<String, String> {
    let client = reqwest::Client::builder()
        .timeout(TIMEOUT)
        // The probe targets the process next to it: never a proxy from
        // the environment, never a redirect elsewhere.
        .no_proxy()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .map_err(|e| format!("not ready: cannot build an HTTP client: {e}"))?;
    let response = client
        .get(url)
        .send()
        .await
        .map_err(|e| format!("not ready: {url}: {}", describe(&e)))?;
    let status = response.status();
    if status == reqwest::StatusCode::OK {
        return Ok(format!("ready: {url} answered {status}"));
    }
    let failing = match response.json::<ReadyReport>().await {
        Ok(report) => failing_checks(&report),
        Err(_) => String::new(),
    };
    Err(format!("not ready: {url} answered {status}{failing}"))
}

/// ` (database: down, workers: degraded)` for the checks that are not ok.
fn failing_checks(report: &ReadyReport) -> String {
    let names: Vec<String> = report
        .checks
        .iter()
        .filter(|(_, check)| check.status != "ok" && check.status != "off")
        .map(|(name, check)| format!("{name}: {}", check.status))
        .collect();
    match names.is_empty() {
        true => String::new(),
        false => format!(" ({})", names.join(", ")),
    }
}

/// The cause an operator can act on, without reqwest's nested chain.
fn describe(error: &reqwest::Error) -> String {
    if error.is_timeout() {
        format!("no answer within {} s", TIMEOUT.as_secs())
    } else if error.is_connect() {
        "connection refused or unreachable".to_owned()
    } else if error.is_builder() {
        "not a valid URL".to_owned()
    } else {
        error.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use modd_common::api::DependencyStatus;

    #[test]
    fn wildcard_binds_are_probed_on_loopback() {
        assert_eq!(
            url_for_bind("0.0.0.0:8000").as_deref(),
            Ok("http://127.0.0.1:8000/ready")
        );
        assert_eq!(
            url_for_bind("[::]:8001").as_deref(),
            Ok("http://[::1]:8001/ready")
        );
        assert_eq!(
            url_for_bind("10.1.2.3:9000").as_deref(),
            Ok("http://10.1.2.3:9000/ready")
        );
        assert!(url_for_bind("localhost:8000").is_err());
    }

    #[test]
    fn only_checks_that_are_not_ok_are_named() {
        let check = |status: &str| DependencyStatus {
            status: status.into(),
            latency_ms: None,
            detail: None,
        };
        let report = ReadyReport {
            status: "down".into(),
            checks: [
                ("database".to_owned(), check("down")),
                ("image_model".to_owned(), check("off")),
                ("queue_redis".to_owned(), check("ok")),
                ("redis".to_owned(), check("degraded")),
            ]
            .into(),
        };
        assert_eq!(
            failing_checks(&report),
            " (database: down, redis: degraded)"
        );
    }

    #[tokio::test]
    async fn a_closed_port_is_not_ready() {
        // Bind then drop: the port is free and nothing listens on it.
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = listener.local_addr().expect("addr").port();
        drop(listener);
        let line = probe(&format!("http://127.0.0.1:{port}/ready"))
            .await
            .expect_err("nothing listens");
        assert!(line.starts_with("not ready: "), "{line}");
    }
}
