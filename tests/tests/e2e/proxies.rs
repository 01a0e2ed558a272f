//! `MODD_TRUSTED_PROXIES` over real HTTP, against the per-address rate
//! limit (requests without a valid key count against their address): a
//! forged forwarding header from an untrusted peer changes nothing, while
//! behind a trusted proxy each forwarded client has its own bucket.

use modd_testkit::{Db, TestDaemon, TestDb};
use reqwest::StatusCode;

/// Three requests a minute per address.
const LIMIT: &str = "3/min";

/// A daemon with the small per-address limit, trusting `proxies`.
async fn start(proxies: &str) -> Option<(TestDaemon, TestDb)> {
    let db = TestDb::new(Db::Sqlite).await?;
    let d = TestDaemon::start(
        &db,
        &[
            ("MODD_RATE_LIMIT", LIMIT),
            ("MODD_WORKERS", "0"),
            ("MODD_TRUSTED_PROXIES", proxies),
        ],
    )
    .await;
    Some((d, db))
}

async fn keyless(d: &TestDaemon, forwarded_for: &str) -> StatusCode {
    d.http
        .get(d.url("/api/v1/whoami"))
        .header("X-Forwarded-For", forwarded_for)
        .send()
        .await
        .unwrap()
        .status()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_spoofed_header_from_an_untrusted_peer_cannot_escape_the_address_limit() {
    // A proxy range is trusted, but not the test's own address (127.0.0.1).
    let Some((d, _db)) = start("10.0.0.0/8").await else {
        return;
    };
    for i in 0..3 {
        assert_eq!(
            keyless(&d, &format!("198.51.100.{i}")).await,
            StatusCode::UNAUTHORIZED
        );
    }
    // A fresh "client" every time, yet all of them are 127.0.0.1.
    for i in 10..15 {
        assert_eq!(
            keyless(&d, &format!("198.51.100.{i}")).await,
            StatusCode::TOO_MANY_REQUESTS,
            "a forged X-Forwarded-For escaped the per-address limit"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn behind_a_trusted_proxy_each_forwarded_client_has_its_own_bucket() {
    let Some((d, _db)) = start("127.0.0.1/32, ::1").await else {
        return;
    };
    // The client forges a hop at the left; the proxy appends the address it
    // saw. Only the right-most untrusted hop counts.
    for forged in ["6.6.6.1", "6.6.6.2", "6.6.6.3"] {
        let chain = format!("{forged}, 198.51.100.7");
        assert_eq!(keyless(&d, &chain).await, StatusCode::UNAUTHORIZED);
    }
    assert_eq!(
        keyless(&d, "6.6.6.4, 198.51.100.7").await,
        StatusCode::TOO_MANY_REQUESTS,
        "the forged hops were taken for the client"
    );
    // Another client behind the same proxy is not throttled by the first.
    assert_eq!(keyless(&d, "198.51.100.8").await, StatusCode::UNAUTHORIZED);
    // Malformed headers are the proxy's own address, never a panic or a 5xx.
    for nasty in ["", ",,,", "not-an-ip", "[::1", "1.2.3.4:99999"] {
        let status = keyless(&d, nasty).await;
        assert!(
            status == StatusCode::UNAUTHORIZED || status == StatusCode::TOO_MANY_REQUESTS,
            "{nasty:?}: {status}"
        );
    }
}
