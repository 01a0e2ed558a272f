//! One signed webhook attempt. Every request goes through the SSRF guard:
//! literal addresses are checked before sending, names by the guarded
//! resolver at connect time. Redirects are not followed (a 3xx is a failed
//! attempt), environment proxies are ignored (they would resolve the name
//! themselves), and connect and whole-request timeouts bound every attempt.
//! When traces are exported, the attempt's W3C `traceparent` is sent too.

use chrono::Utc;
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::sign::signature_header;
use crate::observe::traces::{self, TraceParent};
use crate::ssrf::{Guard, GuardedResolver, SsrfError};

/// How much of a receiver's answer is read (then the connection is reused).
const MAX_RESPONSE_BYTES: usize = 64 * 1024;

/// What one attempt got.
#[derive(Debug, Clone, PartialEq)]
pub struct AttemptResult {
    pub status_code: Option<u16>,
    pub latency: Duration,
    /// Why it failed, fit for logs and the delivery list: no URL, no body.
    pub error: Option<String>,
}

impl AttemptResult {
    pub fn ok(&self) -> bool {
        self.status_code.is_some_and(|s| (200..300).contains(&s))
    }

    fn failed(started: Instant, error: impl Into<String>) -> Self {
        Self {
            status_code: None,
            latency: started.elapsed(),
            error: Some(error.into()),
        }
    }
}

/// Sends signed webhook requests.
#[derive(Clone)]
pub struct Sender {
    http: reqwest::Client,
    guard: Arc<Guard>,
}

impl Sender {
    pub fn new(guard: Guard, timeout: Duration) -> Result<Self, reqwest::Error> {
        let guard = Arc::new(guard);
        let http = reqwest::Client::builder()
            .user_agent(concat!("modd-webhooks/", env!("CARGO_PKG_VERSION")))
            .dns_resolver(Arc::new(GuardedResolver(guard.clone())))
            .no_proxy()
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(timeout.min(Duration::from_secs(5)))
            .timeout(timeout)
            .pool_max_idle_per_host(64)
            .build()?;
        Ok(Self { http, guard })
    }

    pub fn guard(&self) -> &Guard {
        &self.guard
    }

    /// POSTs `body` to `url` with the Standard Webhooks headers, signed with
    /// every secret in `secrets` (the current one, and the previous one
    /// during a rotation).
    pub async fn send(
        &self,
        url: &str,
        webhook_id: &str,
        body: &str,
        secrets: &[String],
    ) -> AttemptResult {
        let started = Instant::now();
        let parsed = match url::Url::parse(url) {
            Ok(u) => u,
            Err(_) => return AttemptResult::failed(started, "the webhook URL is invalid"),
        };
        if let Err(e) = self.guard.check_url(&parsed) {
            return AttemptResult::failed(started, format!("refused: {e}"));
        }
        let timestamp = Utc::now().timestamp();
        let signature = match signature_header(secrets, webhook_id, timestamp, body) {
            Ok(s) => s,
            Err(e) => return AttemptResult::failed(started, e.to_string()),
        };
        let mut request = self
            .http
            .post(parsed)
            .header("content-type", "application/json")
            .header("webhook-id", webhook_id)
            .header("webhook-timestamp", timestamp.to_string())
            .header("webhook-signature", signature);
        // The receiver can continue the item's trace (W3C Trace Context).
        if let Some(trace) = TraceParent::current() {
            request = request.header(traces::context::HEADER, trace.as_str());
        }
        let sent = request.body(body.to_owned()).send().await;
        let mut response = match sent {
            Ok(r) => r,
            Err(e) => return AttemptResult::failed(started, describe(&e)),
        };
        let status = response.status().as_u16();
        // Drain a little of the answer so the connection can be reused.
        let mut read = 0;
        while read < MAX_RESPONSE_BYTES {
            match response.chunk().await {
                Ok(Some(chunk)) => read += chunk.len(),
                _ => break,
            }
        }
        AttemptResult {
            status_code: Some(status),
            latency: started.elapsed(),
            error: (!(200..300).contains(&status)).then(|| format!("HTTP {status}")),
        }
    }
}

/// A transport error without its URL (which can carry a token).
fn describe(e: &reqwest::Error) -> String {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(s) = source {
        if let Some(refused) = s.downcast_ref::<SsrfError>() {
            return format!("refused: {refused}");
        }
        source = s.source();
    }
    if e.is_timeout() {
        "timed out".into()
    } else if e.is_connect() {
        "connection failed".into()
    } else {
        "request failed".into()
    }
}
