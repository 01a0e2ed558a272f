//! The HTTP client's transport edges: timeouts, refused connections and base
//! URLs. Its calls against a real daemon are tested end to end in
//! `tests/tests/e2e/client.rs`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use modctl::client::{Client, ClientError, ClientOptions};
use std::time::Duration;

#[tokio::test]
async fn timeouts_and_refused_connections_are_transport_errors() {
    // A peer that accepts connections and never answers.
    let silent = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", silent.local_addr().unwrap());
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((socket, _)) = silent.accept().await {
            held.push(socket);
        }
    });
    let options = ClientOptions {
        connect_timeout: Duration::from_secs(1),
        timeout: Duration::from_millis(200),
    };
    let client = Client::with_options(&base, Some("mod_test_x".into()), options).unwrap();
    let err = client.get_json::<String>(&["slow"]).await.unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
    assert!(!format!("{err:?}").contains("mod_test_x"));

    // A port nobody listens on: bind, note it, close.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let client = Client::new(&format!("http://127.0.0.1:{port}"), None).unwrap();
    let err = client.health().await.unwrap_err();
    assert!(matches!(err, ClientError::Transport { .. }), "{err:?}");
    assert!(
        err.to_string().starts_with("GET /health: cannot connect"),
        "{err}"
    );
}

#[test]
fn base_url_must_be_http() {
    for bad in ["127.0.0.1:8000", "ftp://x", "not a url", "mailto:a@b"] {
        assert!(
            matches!(Client::new(bad, None), Err(ClientError::BaseUrl { .. })),
            "{bad}"
        );
    }
    let with_prefix = Client::new("http://h/modd/", None).unwrap();
    assert_eq!(with_prefix.base_url().path(), "/modd/");
}
