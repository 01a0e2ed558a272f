//! A typed async HTTP client for the `modd` daemon.
//!
//! Used by `modctl` commands and by the end-to-end tests. The API key goes in
//! the `X-API-KEY` header, marked sensitive; the compatible APIs get it where
//! their originals expect it (a sensitive `Authorization: Bearer` header, or
//! Perspective's `?key=`). It is never printed: not in `Debug` output, not in
//! errors (which name only the method and path). Every request has a connect
//! timeout and a total timeout.

mod admin;
mod appeals;
mod apps;
mod compat;
mod error;
mod feed;
mod moderation;
mod policies;
mod probe;
mod queue;
mod review;
mod stats;
mod upload;

pub use appeals::AppealFilter;
pub use error::{ApiError, ClientError};
pub use feed::DecisionFeed;
pub use probe::Probe;
pub use review::ReviewFilter;
pub use upload::{BatchUpload, UploadFile};

use modd_common::{FactsView, ReadyReport, ServiceInfo};
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use reqwest::{Method, StatusCode, Url};
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::fmt;
use std::time::Duration;

/// The header that carries the API key.
pub const API_KEY_HEADER: &str = "X-API-KEY";

/// Timeouts for a [`Client`].
#[derive(Debug, Clone, Copy)]
pub struct ClientOptions {
    /// Time to establish a TCP (and TLS) connection.
    pub connect_timeout: Duration,
    /// Time for a whole request, connection to last byte.
    pub timeout: Duration,
}

impl Default for ClientOptions {
    fn default() -> Self {
        Self {
            connect_timeout: Duration::from_secs(5),
            timeout: Duration::from_secs(30),
        }
    }
}

/// A client for one daemon, optionally authenticated. Cheap to clone.
#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    base: Url,
    /// The key for the compatible APIs, which carry it elsewhere than
    /// `X-API-KEY`; private and never printed.
    key: Option<compat::CompatKey>,
    /// How long in total a request may wait out 429s (honouring
    /// `Retry-After`) before the 429 is returned; zero by default.
    rate_limit_patience: Duration,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base", &self.base.as_str())
            .field(
                "key",
                &if self.key.is_some() {
                    "[redacted]"
                } else {
                    "none"
                },
            )
            .finish()
    }
}

impl Client {
    /// A client for `base_url` (e.g. `http://127.0.0.1:8000`) with default timeouts.
    pub fn new(base_url: &str, key: Option<String>) -> Result<Self, ClientError> {
        Self::with_options(base_url, key, ClientOptions::default())
    }

    pub fn with_options(
        base_url: &str,
        key: Option<String>,
        options: ClientOptions,
    ) -> Result<Self, ClientError> {
        let builder = reqwest::Client::builder()
            .connect_timeout(options.connect_timeout)
            .timeout(options.timeout);
        Self::with_builder(base_url, key, builder)
    }

    /// A client from a prepared `reqwest` builder (timeouts, extra trusted
    /// roots for a private CA); the key header and user agent are added here.
    pub fn with_builder(
        base_url: &str,
        key: Option<String>,
        builder: reqwest::ClientBuilder,
    ) -> Result<Self, ClientError> {
        let bad = |reason: &str| ClientError::BaseUrl {
            url: base_url.to_owned(),
            reason: reason.to_owned(),
        };
        let base = Url::parse(base_url).map_err(|e| bad(&e.to_string()))?;
        if !matches!(base.scheme(), "http" | "https") || base.cannot_be_a_base() {
            return Err(bad("expected an http:// or https:// URL"));
        }
        let mut headers = HeaderMap::new();
        let key = match key {
            Some(key) => {
                // The error must not echo the key, so it is replaced wholesale.
                let compat = compat::CompatKey::new(key)
                    .map_err(|_| bad("the API key contains characters not allowed in a header"))?;
                headers.insert(API_KEY_HEADER, compat.header());
                Some(compat)
            }
            None => None,
        };
        let http = builder
            .user_agent(concat!("modctl/", env!("CARGO_PKG_VERSION")))
            .default_headers(headers)
            .build()
            .map_err(|e| bad(&e.to_string()))?;
        Ok(Self {
            http,
            base,
            key,
            rate_limit_patience: Duration::ZERO,
        })
    }

    /// Waits out rate limiting: a 429 with `Retry-After` is retried after
    /// that delay while the total wait stays within `patience`. For tools
    /// whose many admin calls must not fail on the key's own limit.
    #[must_use]
    pub fn with_rate_limit_patience(mut self, patience: Duration) -> Self {
        self.rate_limit_patience = patience;
        self
    }

    /// The daemon's base URL.
    pub fn base_url(&self) -> &Url {
        &self.base
    }

    /// `GET /`: service name and version.
    pub async fn info(&self) -> Result<ServiceInfo, ClientError> {
        self.get_json(&[]).await
    }

    /// `GET /health`: `Ok` when the process is alive (any 2xx).
    pub async fn health(&self) -> Result<(), ClientError> {
        let (endpoint, status, bytes) = self.send(Method::GET, &["health"], None::<&()>).await?;
        check(endpoint, status, &bytes)
    }

    /// `GET /ready`: every dependency's state. Returns the report on 503 too
    /// (then `status` is not `ok`): that is the answer, not a failure to get one.
    pub async fn ready(&self) -> Result<ReadyReport, ClientError> {
        let (endpoint, status, bytes) = self.send(Method::GET, &["ready"], None::<&()>).await?;
        if status == StatusCode::SERVICE_UNAVAILABLE
            && let Ok(report) = serde_json::from_slice::<ReadyReport>(&bytes)
        {
            return Ok(report);
        }
        check(endpoint.clone(), status, &bytes)?;
        decode(&endpoint, &bytes)
    }

    /// `GET /metrics`: the Prometheus exposition text.
    pub async fn metrics(&self) -> Result<String, ClientError> {
        let (endpoint, status, bytes) = self.send(Method::GET, &["metrics"], None::<&()>).await?;
        check(endpoint, status, &bytes)?;
        Ok(String::from_utf8_lossy(&bytes).into_owned())
    }

    /// `GET /api/v1/admin/facts`: what the daemon runs on (admin key).
    pub async fn facts(&self) -> Result<FactsView, ClientError> {
        self.get_json(&paths::FACTS).await
    }

    /// Any JSON endpoint with query pairs (each percent-encoded); pairs
    /// with `None` values are left out.
    pub async fn request_json_query<B, T>(
        &self,
        method: Method,
        segments: &[&str],
        query: &[(&str, Option<String>)],
        body: Option<&B>,
    ) -> Result<T, ClientError>
    where
        B: Serialize + ?Sized,
        T: DeserializeOwned,
    {
        let pairs: Vec<(&str, &str)> = query
            .iter()
            .filter_map(|(k, v)| v.as_deref().map(|v| (*k, v)))
            .collect();
        let url = self.url_with_query(segments, &pairs);
        let (endpoint, status, bytes) = self.send_to(method, url, body).await?;
        check(endpoint.clone(), status, &bytes)?;
        decode(&endpoint, &bytes)
    }

    /// `GET` a JSON endpoint given as path segments (each percent-encoded).
    pub async fn get_json<T: DeserializeOwned>(&self, segments: &[&str]) -> Result<T, ClientError> {
        self.request_json(Method::GET, segments, None::<&()>).await
    }

    /// Any JSON endpoint, e.g. the admin API: `segments` are the path's
    /// segments (`&["api", "v1", "admin", "keys"]`), each percent-encoded.
    /// An empty 2xx body (204) decodes as JSON `null`, so `T = ()` works.
    pub async fn request_json<B, T>(
        &self,
        method: Method,
        segments: &[&str],
        body: Option<&B>,
    ) -> Result<T, ClientError>
    where
        B: Serialize + ?Sized,
        T: DeserializeOwned,
    {
        let (endpoint, status, bytes) = self.send(method, segments, body).await?;
        check(endpoint.clone(), status, &bytes)?;
        decode(&endpoint, &bytes)
    }

    /// Any JSON endpoint by full URL (e.g. one with a query string).
    pub async fn request_url<B, T>(
        &self,
        method: Method,
        url: Url,
        body: Option<&B>,
    ) -> Result<T, ClientError>
    where
        B: Serialize + ?Sized,
        T: DeserializeOwned,
    {
        let (endpoint, status, bytes) = self.send_to(method, url, body).await?;
        check(endpoint.clone(), status, &bytes)?;
        decode(&endpoint, &bytes)
    }

    async fn send<B: Serialize + ?Sized>(
        &self,
        method: Method,
        segments: &[&str],
        body: Option<&B>,
    ) -> Result<(String, StatusCode, Vec<u8>), ClientError> {
        self.send_to(method, self.url(segments), body).await
    }

    async fn send_to<B: Serialize + ?Sized>(
        &self,
        method: Method,
        url: Url,
        body: Option<&B>,
    ) -> Result<(String, StatusCode, Vec<u8>), ClientError> {
        let answer = self.send_with(method, url, body, &[]).await?;
        Ok((answer.endpoint, answer.status, answer.bytes))
    }

    /// Sends a JSON body (if any) with `extra` headers, waiting out 429s
    /// within the patience.
    async fn send_with<B: Serialize + ?Sized>(
        &self,
        method: Method,
        url: Url,
        body: Option<&B>,
        extra: &[(HeaderName, HeaderValue)],
    ) -> Result<Answer, ClientError> {
        self.send_raw(method, url, extra, |req| match body {
            Some(body) => req.json(body),
            None => req,
        })
        .await
    }

    /// Sends what `prepare` makes of each attempt's request (body, headers).
    async fn send_raw(
        &self,
        method: Method,
        url: Url,
        extra: &[(HeaderName, HeaderValue)],
        prepare: impl Fn(reqwest::RequestBuilder) -> reqwest::RequestBuilder,
    ) -> Result<Answer, ClientError> {
        let endpoint = format!("{method} {}", url.path());
        // The URL may hold a key (Perspective's `?key=`): errors name only
        // the method and path.
        let transport = |source: reqwest::Error| ClientError::Transport {
            endpoint: endpoint.clone(),
            source: source.without_url(),
        };
        let mut waited = Duration::ZERO;
        loop {
            let mut req = self.http.request(method.clone(), url.clone());
            for (name, value) in extra {
                req = req.header(name, value);
            }
            let resp = prepare(req).send().await.map_err(transport)?;
            let status = resp.status();
            if status == StatusCode::TOO_MANY_REQUESTS
                && let Some(wait) = retry_after(resp.headers())
                && waited + wait <= self.rate_limit_patience
            {
                tokio::time::sleep(wait).await;
                waited += wait;
                continue;
            }
            let headers = resp.headers().clone();
            let bytes = resp.bytes().await.map_err(transport)?.to_vec();
            return Ok(Answer {
                endpoint,
                status,
                headers,
                bytes,
            });
        }
    }

    /// The URL of `segments` with query pairs (each percent-encoded).
    pub fn url_with_query(&self, segments: &[&str], query: &[(&str, &str)]) -> Url {
        let mut url = self.url(segments);
        url.query_pairs_mut().extend_pairs(query);
        url
    }

    fn url(&self, segments: &[&str]) -> Url {
        let mut url = self.base.clone();
        if let Ok(mut path) = url.path_segments_mut() {
            // Keep a base path such as `/modd`, drop its trailing slash.
            path.pop_if_empty().extend(segments);
        }
        url
    }
}

/// A whole answer: `METHOD /path`, status, headers and body.
struct Answer {
    endpoint: String,
    status: StatusCode,
    headers: HeaderMap,
    bytes: Vec<u8>,
}

/// Route paths in one place, so a renamed route is one edit.
mod paths {
    pub const FACTS: [&str; 4] = ["api", "v1", "admin", "facts"];
    pub const OPENAI_MODERATIONS: [&str; 2] = ["v1", "moderations"];
    pub const PERSPECTIVE_ANALYZE: [&str; 2] = ["v1alpha1", "comments:analyze"];
    pub const ANALYSE: [&str; 4] = ["api", "v1", "moderation", "analyse"];
    pub const BATCH: [&str; 4] = ["api", "v1", "moderation", "batch"];
    pub const CLASSIFY: [&str; 3] = ["api", "v1", "classify"];
    pub const POLICIES: [&str; 4] = ["api", "v1", "admin", "policies"];
    pub const MODERATION: [&str; 3] = ["api", "v1", "moderation"];
}

/// `Ok` for 2xx, else the status and parsed error body.
fn check(endpoint: String, status: StatusCode, bytes: &[u8]) -> Result<(), ClientError> {
    if status.is_success() {
        Ok(())
    } else {
        Err(ClientError::Api(ApiError::new(endpoint, status, bytes)))
    }
}

fn decode<T: DeserializeOwned>(endpoint: &str, bytes: &[u8]) -> Result<T, ClientError> {
    let bytes = if bytes.iter().all(u8::is_ascii_whitespace) {
        b"null".as_slice()
    } else {
        bytes
    };
    serde_json::from_slice(bytes).map_err(|source| ClientError::Decode {
        endpoint: endpoint.to_owned(),
        source,
    })
}

/// `Retry-After` in seconds (the daemon sends delay-seconds).
fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let secs: u64 = headers
        .get("retry-after")?
        .to_str()
        .ok()?
        .trim()
        .parse()
        .ok()?;
    Some(Duration::from_secs(secs.max(1)))
}
