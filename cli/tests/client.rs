//! The HTTP client against a stub daemon on 127.0.0.1:0: paths, the
//! `X-API-KEY` header, error mapping, `/ready` on 503, timeouts, and that
//! the key never shows up in `Debug` or error text.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use axum::extract::Path;
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::{Json, Router};
use chrono::Utc;
use modctl::client::{Client, ClientError, ClientOptions};
use modd_common::{
    AnalyseRequest, AnalyseResponse, ApiKey, DependencyStatus, ErrorBody, ItemStatus, ItemView,
    KeyEnvironment, ReadyReport, ServiceInfo,
};
use std::collections::BTreeMap;
use std::time::Duration;

fn item(id: i64, source_app: &str, external_id: &str) -> ItemView {
    ItemView {
        id,
        external_id: external_id.into(),
        source_app: source_app.into(),
        content_type: "comment".into(),
        status: ItemStatus::Pending,
        decision: None,
        scores: vec![],
        model_versions: BTreeMap::new(),
        error: None,
        created_at: Utc::now(),
        updated_at: Utc::now(),
    }
}

fn unauthorized() -> axum::response::Response {
    let body = ErrorBody::new("unauthorized", "missing or invalid API key");
    (StatusCode::UNAUTHORIZED, Json(body)).into_response()
}

/// A stub that knows one valid key and answers like the daemon will.
async fn stub(valid_key: String) -> String {
    let analyse_key = valid_key.clone();
    let app = Router::new()
        .route(
            "/",
            get(|| async {
                Json(ServiceInfo {
                    service: "modd".into(),
                    version: "0.0.0-stub".into(),
                })
            }),
        )
        .route("/health", get(|| async { "ok" }))
        .route(
            "/ready",
            get(|| async {
                let mut checks = BTreeMap::new();
                let down = DependencyStatus {
                    status: "down".into(),
                    latency_ms: None,
                    detail: Some("connection refused".into()),
                };
                checks.insert("database".to_owned(), down);
                let report = ReadyReport {
                    status: "down".into(),
                    checks,
                };
                (StatusCode::SERVICE_UNAVAILABLE, Json(report))
            }),
        )
        .route(
            "/api/v1/moderation/analyse",
            post(move |headers: HeaderMap, Json(req): Json<AnalyseRequest>| {
                let valid = analyse_key.clone();
                async move {
                    if headers.get("x-api-key").and_then(|v| v.to_str().ok()) != Some(&valid) {
                        return unauthorized();
                    }
                    Json(AnalyseResponse {
                        id: 7,
                        status: ItemStatus::Pending,
                        external_id: req.external_id,
                        source_app: req.source_app,
                        created_at: Utc::now(),
                    })
                    .into_response()
                }
            }),
        )
        .route(
            "/api/v1/moderation/{id}",
            get(|Path(id): Path<i64>| async move {
                if id == 404 {
                    let body = ErrorBody::new("not_found", "no such item");
                    return (StatusCode::NOT_FOUND, Json(body)).into_response();
                }
                Json(item(id, "forum", "x")).into_response()
            }),
        )
        .route(
            "/api/v1/moderation/by-external/{app}/{ext}",
            get(
                |Path((app, ext)): Path<(String, String)>| async move { Json(item(1, &app, &ext)) },
            ),
        )
        .route(
            "/slow",
            get(|| async {
                tokio::time::sleep(Duration::from_secs(5)).await;
                "late"
            }),
        )
        .route(
            "/proxy",
            get(|| async { (StatusCode::BAD_GATEWAY, "<html>bad gateway</html>") }),
        );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    format!("http://{addr}")
}

fn request() -> AnalyseRequest {
    AnalyseRequest {
        external_id: "c-1".into(),
        text: Some("hello".into()),
        image_url: None,
        content_type: "comment".into(),
        source_app: "forum".into(),
    }
}

#[tokio::test]
async fn typed_calls_hit_the_right_routes() {
    let key = ApiKey::generate(KeyEnvironment::Test);
    let base = stub(key.expose_secret().to_owned()).await;
    let client = Client::new(&base, Some(key.expose_secret().to_owned())).unwrap();

    assert_eq!(client.info().await.unwrap().service, "modd");
    client.health().await.unwrap();
    let ready = client.ready().await.unwrap();
    assert_eq!(ready.status, "down");
    assert_eq!(ready.checks["database"].status, "down");

    let resp = client.analyse(&request()).await.unwrap();
    assert_eq!((resp.id, resp.external_id.as_str()), (7, "c-1"));
    assert_eq!(client.get_item(12).await.unwrap().id, 12);

    // Path segments are percent-encoded and decoded back intact.
    let found = client.find_item("my app", "a/b?c#d").await.unwrap();
    assert_eq!(
        (found.source_app.as_str(), found.external_id.as_str()),
        ("my app", "a/b?c#d")
    );
}

#[tokio::test]
async fn non_2xx_maps_to_status_and_error_body() {
    let key = ApiKey::generate(KeyEnvironment::Test);
    let base = stub(key.expose_secret().to_owned()).await;

    let anonymous = Client::new(&base, None).unwrap();
    let err = anonymous.analyse(&request()).await.unwrap_err();
    assert_eq!(err.status(), Some(StatusCode::UNAUTHORIZED));
    assert_eq!(err.code(), Some("unauthorized"));

    let client = Client::new(&base, Some(key.expose_secret().to_owned())).unwrap();
    let err = client.get_item(404).await.unwrap_err();
    assert_eq!(err.code(), Some("not_found"));
    assert!(
        err.to_string()
            .contains("GET /api/v1/moderation/404: HTTP 404"),
        "{err}"
    );

    let err = client
        .get_json::<serde_json::Value>(&["proxy"])
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(StatusCode::BAD_GATEWAY));
    assert_eq!(err.code(), None);
    assert!(err.to_string().contains("bad gateway"), "{err}");
}

#[tokio::test]
async fn wrong_key_is_rejected_and_never_echoed() {
    let good = ApiKey::generate(KeyEnvironment::Test);
    let wrong = ApiKey::generate(KeyEnvironment::Test);
    let base = stub(good.expose_secret().to_owned()).await;
    let client = Client::new(&base, Some(wrong.expose_secret().to_owned())).unwrap();
    let err = client.analyse(&request()).await.unwrap_err();
    assert_eq!(err.status(), Some(StatusCode::UNAUTHORIZED));
    for shown in [format!("{client:?}"), format!("{err}"), format!("{err:?}")] {
        assert!(
            !shown.contains(wrong.expose_secret()),
            "key leaked: {shown}"
        );
    }
}

#[tokio::test]
async fn timeouts_and_refused_connections_are_transport_errors() {
    let base = stub(String::new()).await;
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
