//! Rate limiting of the API routes, per key, and per client address for
//! requests without a valid key (so guessing keys is throttled too).
//!
//! The key is verified here (through the verifier's cache), because the
//! bucket and the quota depend on it; the verified `Caller` is then put in
//! the request's extensions so the handler's extractor does not verify again.
//! Every answer carries the IETF draft `RateLimit-Policy` / `RateLimit`
//! fields and the older `X-RateLimit-*` headers; a refusal is a 429 with
//! `Retry-After` and the JSON error body.

use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::net::IpAddr;

use crate::auth::AuthFailure;
use crate::http::auth::{API_KEY_HEADER, Caller};
use crate::http::compat;
use crate::http::compat::openai_wire::OpenAiError;
use crate::http::compat::perspective_wire::GoogleError;
use crate::http::error::ApiError;
use crate::http::permissions::{self, Access};
use crate::ratelimit::{Decision, Quota, ceil_secs};
use crate::settings::Settings;
use crate::state::AppState;
use crate::store::KeyRecord;

/// Who a request is counted against.
struct Subject {
    bucket: String,
    /// The verified key; none when counted per address.
    key: Option<std::sync::Arc<KeyRecord>>,
    /// The policy name in the headers.
    policy: &'static str,
    quota: Quota,
}

/// The `/api/v1` routes: the key in `X-API-KEY`, refusals in our error body.
pub async fn apply(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let presented = req
        .headers()
        .get(API_KEY_HEADER)
        .and_then(|v| v.to_str().ok());
    let verified = state.keys.verify(presented).await;
    limit::<ApiShape>(&state, req, next, verified).await
}

/// For `GET /api/v1/admin/stats`: a valid key allowed to read it (admin,
/// viewer) is not counted, since a dashboard polling every second would
/// exceed such a key's small per-minute limit and look like an outage.
/// Other keys, and missing or
/// invalid keys (per address), are counted as on every other route, so
/// the route is no way around the throttling of key guessing.
pub async fn apply_except_observers(
    State(state): State<AppState>,
    mut req: Request,
    next: Next,
) -> Response {
    let presented = req
        .headers()
        .get(API_KEY_HEADER)
        .and_then(|v| v.to_str().ok());
    match state.keys.verify(presented).await {
        Ok(key) if permissions::allows(key.role, Access::Observe) => {
            crate::http::access_log::note_key(req.extensions(), key.id);
            req.extensions_mut().insert(Caller { key });
            next.run(req).await
        }
        verified => limit::<ApiShape>(&state, req, next, verified).await,
    }
}

/// `POST /v1/moderations`: the key in `Authorization: Bearer`, refusals in
/// OpenAI's error body (its SDKs retry a 429 after `Retry-After`).
pub async fn apply_openai(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let verified = state.keys.verify(compat::auth::bearer(req.headers())).await;
    limit::<OpenAiError>(&state, req, next, verified).await
}

/// `comments:analyze`: the key in `?key=`, refusals in Google's error body.
pub async fn apply_perspective(
    State(state): State<AppState>,
    req: Request,
    next: Next,
) -> Response {
    let presented = compat::auth::query_key(req.uri());
    let verified = state.keys.verify(presented.as_deref()).await;
    limit::<GoogleError>(&state, req, next, verified).await
}

/// How a family of routes words the limiter's refusals: each API keeps
/// its own error body so its clients parse them.
pub trait ErrorShape {
    fn rate_limited(retry_after_secs: u64) -> Response;
    /// A 503; `message` holds nothing secret (the shapes that word their
    /// own message log it instead of sending it).
    fn unavailable(message: &str) -> Response;
}

/// modd's own `{"error":{"code","message"}}`.
pub struct ApiShape;

impl ErrorShape for ApiShape {
    fn rate_limited(retry_after_secs: u64) -> Response {
        ApiError::RateLimited { retry_after_secs }.into_response()
    }
    fn unavailable(message: &str) -> Response {
        ApiError::Unavailable(message.to_owned()).into_response()
    }
}

impl ErrorShape for OpenAiError {
    fn rate_limited(retry_after_secs: u64) -> Response {
        OpenAiError::rate_limited(retry_after_secs).into_response()
    }
    fn unavailable(message: &str) -> Response {
        OpenAiError::unavailable(message).into_response()
    }
}

impl ErrorShape for GoogleError {
    fn rate_limited(retry_after_secs: u64) -> Response {
        GoogleError::rate_limited(retry_after_secs).into_response()
    }
    fn unavailable(message: &str) -> Response {
        GoogleError::unavailable(message).into_response()
    }
}

/// Counts the request against its key (or its address when the key is
/// missing or invalid) and runs it, or refuses it in the routes' shape.
async fn limit<S: ErrorShape>(
    state: &AppState,
    mut req: Request,
    next: Next,
    verified: Result<std::sync::Arc<KeyRecord>, AuthFailure>,
) -> Response {
    let subject = match verified {
        Ok(key) => {
            let subject = Subject {
                bucket: format!("key:{}", key.id),
                key: Some(key.clone()),
                policy: "per-key",
                quota: key_quota(&state.settings, &key),
            };
            crate::http::access_log::note_key(req.extensions(), key.id);
            req.extensions_mut().insert(Caller { key });
            subject
        }
        Err(AuthFailure::Store(e)) => {
            tracing::error!(cause = %e, "database unavailable while verifying a key");
            return S::unavailable("the database is unavailable; retry later");
        }
        // The handler answers 401; count it against the address.
        Err(_) => Subject {
            bucket: format!("ip:{}", client_address(&req)),
            key: None,
            policy: "per-ip",
            quota: default_quota(&state.settings),
        },
    };
    let decision = match state.limiter.check(&subject.bucket, subject.quota).await {
        Ok(d) => d,
        Err(e) => {
            let mut response = S::unavailable(&e.to_string());
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
            return response;
        }
    };
    if !decision.allowed {
        metrics::counter!("modd_rate_limited_total", "policy" => subject.policy).increment(1);
        state.stats.rate_limited(
            subject
                .key
                .as_deref()
                .map(|k| (k.id, k.name.as_str(), k.source_apps.as_slice())),
        );
        let retry_after_secs = ceil_secs(decision.retry_after).max(1);
        let mut response = S::rate_limited(retry_after_secs);
        if let Ok(v) = HeaderValue::from_str(&retry_after_secs.to_string()) {
            response.headers_mut().insert(header::RETRY_AFTER, v);
        }
        set_headers(response.headers_mut(), &subject, &decision);
        return response;
    }
    let mut response = next.run(req).await;
    set_headers(response.headers_mut(), &subject, &decision);
    response
}

/// The server default: `MODD_RATE_LIMIT` with `MODD_RATE_LIMIT_BURST`.
pub fn default_quota(settings: &Settings) -> Quota {
    Quota::new(settings.rate_limit, settings.rate_limit_burst)
}

/// A key's own limit (burst = its count), else the default. A stored value
/// that does not parse (only possible by editing the row by hand) falls back
/// to the default rather than failing every request of the key.
pub fn key_quota(settings: &Settings, key: &KeyRecord) -> Quota {
    key.rate_limit
        .as_deref()
        .and_then(|r| r.parse().ok())
        .map_or_else(|| default_quota(settings), |r| Quota::new(r, None))
}

/// The client's address (see `client_ip`: the peer, or behind a trusted
/// proxy the forwarded client), else the peer's; an IPv6 client counts as
/// its /64, since one host usually holds a whole /64 and could otherwise
/// rotate through it.
fn client_address(req: &Request) -> String {
    match crate::http::client_addr::client_ip(req.extensions()) {
        None => "unknown".to_owned(),
        Some(IpAddr::V4(v4)) => v4.to_string(),
        Some(IpAddr::V6(v6)) => {
            let s = v6.segments();
            format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
        }
    }
}

fn set_headers(headers: &mut HeaderMap, subject: &Subject, d: &Decision) {
    let reset = ceil_secs(d.reset);
    let values = [
        (
            "ratelimit-policy",
            format!(
                "\"{}\";q={};w={}",
                subject.policy,
                subject.quota.burst,
                subject.quota.window_secs()
            ),
        ),
        (
            "ratelimit",
            format!("\"{}\";r={};t={}", subject.policy, d.remaining, reset),
        ),
        ("x-ratelimit-limit", d.limit.to_string()),
        ("x-ratelimit-remaining", d.remaining.to_string()),
        ("x-ratelimit-reset", reset.to_string()),
    ];
    for (name, value) in values {
        if let Ok(v) = HeaderValue::from_str(&value) {
            headers.insert(name, v);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Body;
    use axum::extract::ConnectInfo;
    use std::net::SocketAddr;

    fn with_peer(addr: &str) -> Request {
        let mut req = Request::new(Body::empty());
        req.extensions_mut()
            .insert(ConnectInfo(addr.parse::<SocketAddr>().unwrap()));
        req
    }

    #[test]
    fn addresses_bucket_by_host_and_ipv6_by_slash_64() {
        assert_eq!(client_address(&with_peer("10.1.2.3:5000")), "10.1.2.3");
        assert_eq!(
            client_address(&with_peer("[2001:db8:1:2:aaaa::1]:5000")),
            "2001:db8:1:2::/64"
        );
        assert_eq!(
            client_address(&with_peer("[2001:db8:1:2:bbbb::9]:6000")),
            "2001:db8:1:2::/64"
        );
        assert_eq!(
            client_address(&with_peer("[::ffff:10.0.0.1]:1")),
            "10.0.0.1"
        );
        assert_eq!(client_address(&Request::new(Body::empty())), "unknown");
    }

    #[test]
    fn headers_follow_the_draft_and_the_legacy_names() {
        let subject = Subject {
            bucket: "key:1".into(),
            key: None,
            policy: "per-key",
            quota: Quota::new("30/min".parse().unwrap(), None),
        };
        let d = Decision {
            allowed: true,
            limit: 30,
            remaining: 29,
            reset: std::time::Duration::from_millis(1500),
            retry_after: std::time::Duration::ZERO,
        };
        let mut h = HeaderMap::new();
        set_headers(&mut h, &subject, &d);
        assert_eq!(h["ratelimit-policy"], "\"per-key\";q=30;w=60");
        assert_eq!(h["ratelimit"], "\"per-key\";r=29;t=2");
        assert_eq!(h["x-ratelimit-limit"], "30");
        assert_eq!(h["x-ratelimit-remaining"], "29");
        assert_eq!(h["x-ratelimit-reset"], "2");
    }
}
