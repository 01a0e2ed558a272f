//! The daemon's full router (every layer, real state and store) without a
//! TCP listener: requests go through `tower::ServiceExt::oneshot`, as in
//! axum's testing example. For tables of status and error codes, where a
//! socket adds nothing but time.

use axum::Router;
use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, Request, StatusCode};
use modd::state::AppState;
use modd_common::{ErrorBody, Role};
use tower::ServiceExt;

use crate::daemon::test_settings;
use crate::db::TestDb;
use crate::keys::{KeySpec, insert_key};

/// Larger than any body a test reads back.
const MAX_ANSWER_BYTES: usize = 16 << 20;

/// An answer, read whole.
#[derive(Debug)]
pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Answer {
    /// Asserts a JSON error `{"error":{"code","message"}}` with `status`
    /// and `code`, and a non-empty message; `what` names the case.
    pub fn expect_error(&self, status: u16, code: &str, what: &str) {
        let text = String::from_utf8_lossy(&self.body);
        assert_eq!(self.status.as_u16(), status, "{what}: {text}");
        let content_type = self
            .headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        assert!(
            content_type.starts_with("application/json"),
            "{what}: content-type {content_type}"
        );
        let body: ErrorBody = serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("{what}: not {{error:{{code,message}}}} ({e}): {text}"));
        assert_eq!(body.error.code, code, "{what}: {text}");
        assert!(!body.error.message.is_empty(), "{what}: empty message");
    }
}

/// The router of a started daemon (no workers unless `extra` asks).
pub struct TestRouter {
    pub state: AppState,
    router: Router,
    _data_dir: tempfile::TempDir,
}

impl TestRouter {
    /// `modd`'s state on `db` with the test settings, no workers, and `extra`.
    pub async fn start(db: &TestDb, extra: &[(&'static str, &str)]) -> Self {
        let data_dir = tempfile::tempdir().expect("tempdir");
        let mut settings = vec![("MODD_WORKERS", "0")];
        settings.extend_from_slice(extra);
        let settings = test_settings(db, data_dir.path(), &settings);
        let daemon = modd::Daemon::start(settings).await.expect("daemon starts");
        let state = daemon.state.clone();
        Self {
            router: modd::http::router(state.clone()),
            state,
            _data_dir: data_dir,
        }
    }

    /// Creates a key of `role` straight in the store.
    pub async fn key(&self, role: Role) -> String {
        let spec = KeySpec {
            role,
            ..KeySpec::default()
        };
        insert_key(self.state.store.as_ref(), spec).await.1
    }

    /// Sends one request through every layer and reads the whole answer.
    pub async fn send(&self, request: Request<Body>) -> Answer {
        let response = self
            .router
            .clone()
            .oneshot(request)
            .await
            .expect("the router is infallible");
        let (parts, body) = response.into_parts();
        let body = axum::body::to_bytes(body, MAX_ANSWER_BYTES)
            .await
            .expect("read the answer");
        Answer {
            status: parts.status,
            headers: parts.headers,
            body,
        }
    }
}

/// A request: `method` `path`, with `key` in `X-API-KEY` if given and a
/// JSON `body` (content-type set) if given.
pub fn request(method: &str, path: &str, key: Option<&str>, body: Option<&str>) -> Request<Body> {
    let mut builder = Request::builder().method(method).uri(path);
    if let Some(key) = key {
        builder = builder.header(modctl::client::API_KEY_HEADER, key);
    }
    let body = match body {
        Some(json) => {
            builder = builder.header("content-type", "application/json");
            Body::from(json.to_owned())
        }
        None => Body::empty(),
    };
    builder.body(body).expect("a valid request")
}
