//! The access log: one line per request at INFO under the target
//! `modd::access` (JSON with `MODD_LOG_FORMAT=json`): method, route
//! template, status, latency, request id, key id, client address and bytes.
//!
//! Never the raw path or query (they can carry ids, content or a
//! Perspective `?key=`), never a header value other than the request id,
//! never a body. Probes (`/health`, `/ready`, `/metrics`) are scraped every
//! few seconds and would drown the rest: they are logged one in
//! `MODD_ACCESS_LOG_PROBES` (0, the default: never). The whole log is
//! turned off with the filter, e.g. `MODD_LOG_LEVEL=info,modd::access=off`.

use axum::body::HttpBody;
use axum::extract::{MatchedPath, Request};
use axum::http::{Extensions, HeaderMap, Method, header};
use axum::response::Response;
use std::net::IpAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::time::Instant;

use super::client_addr::client_ip;
use super::middleware::around::{AroundLayer, Hook};
use super::middleware::request_id;

/// Routes that monitoring polls.
const PROBES: [&str; 3] = ["/health", "/ready", "/metrics"];

/// The middleware's state: how often probes are logged.
#[derive(Debug)]
pub struct AccessLog {
    /// Log one probe request in this many; 0 logs none.
    probe_every: u64,
    probes_seen: AtomicU64,
}

impl AccessLog {
    pub fn new(probe_every: u64) -> Arc<Self> {
        Arc::new(Self {
            probe_every,
            probes_seen: AtomicU64::new(0),
        })
    }

    fn should_log(&self, route: &str) -> bool {
        if !PROBES.contains(&route) {
            return true;
        }
        if self.probe_every == 0 {
            return false;
        }
        self.probes_seen
            .fetch_add(1, Ordering::Relaxed)
            .is_multiple_of(self.probe_every)
    }
}

/// Where the key id is written once the key is verified, deeper in the
/// stack than this layer can see (request extensions do not flow back out).
#[derive(Clone, Debug, Default)]
struct KeySlot(Arc<AtomicI64>);

/// No key verified (ids start at 1).
const NO_KEY: i64 = 0;

/// Records the verified key's id for this request's access-log line.
pub fn note_key(extensions: &Extensions, key_id: i64) {
    if let Some(slot) = extensions.get::<KeySlot>() {
        slot.0.store(key_id, Ordering::Relaxed);
    }
}

/// The access log as a layer (outermost but one: it sees every answer).
pub fn layer(probe_every: u64) -> AroundLayer<Arc<AccessLog>> {
    AroundLayer(AccessLog::new(probe_every))
}

/// What the line needs from the request, gathered before it goes in.
pub struct Pending {
    start: Instant,
    slot: KeySlot,
    method: Method,
    route: Option<MatchedPath>,
    client: Option<IpAddr>,
    bytes_in: Option<u64>,
}

impl Hook for Arc<AccessLog> {
    type Token = Option<Pending>;

    fn before(&self, req: &mut Request) -> Option<Pending> {
        // Filtered out (`modd::access=off`, or a level above INFO): nothing
        // to gather, so the request pays nothing for the log.
        if !tracing::enabled!(target: "modd::access", tracing::Level::INFO) {
            return None;
        }
        let slot = KeySlot::default();
        req.extensions_mut().insert(slot.clone());
        Some(Pending {
            start: Instant::now(),
            slot,
            method: req.method().clone(),
            route: req.extensions().get::<MatchedPath>().cloned(),
            client: client_ip(req.extensions()),
            bytes_in: content_length(req.headers()),
        })
    }

    fn after(&self, pending: Option<Pending>, response: &mut Response) {
        let Some(p) = pending else { return };
        let route = p.route.as_ref().map_or("unmatched", MatchedPath::as_str);
        if !self.should_log(route) {
            return;
        }
        let key_id = p.slot.0.load(Ordering::Relaxed);
        // Set on the way in by the request-id layer and copied to the response.
        let request_id = response
            .headers()
            .get(request_id::HEADER)
            .and_then(|v| v.to_str().ok());
        // Streams (the live feed) have no size when their head is sent.
        let bytes_out = response
            .body()
            .size_hint()
            .exact()
            .or_else(|| content_length(response.headers()));
        tracing::info!(
            target: "modd::access",
            method = %p.method,
            route,
            status = response.status().as_u16(),
            latency_ms = p.start.elapsed().as_secs_f64() * 1000.0,
            request_id,
            key_id = (key_id != NO_KEY).then_some(key_id),
            client = p.client.map(tracing::field::display),
            bytes_in = p.bytes_in,
            bytes_out,
            "request"
        );
    }
}

fn content_length(headers: &HeaderMap) -> Option<u64> {
    headers
        .get(header::CONTENT_LENGTH)?
        .to_str()
        .ok()?
        .parse()
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn probes_are_off_by_default_and_sampled_when_asked() {
        let off = AccessLog::new(0);
        assert!(off.should_log("/api/v1/moderation/analyse"));
        assert!(!(0..10).any(|_| off.should_log("/health")));
        let sampled = AccessLog::new(3);
        let logged = (0..9).filter(|_| sampled.should_log("/metrics")).count();
        assert_eq!(logged, 3);
        assert!(sampled.should_log("unmatched"));
    }

    #[test]
    fn the_key_id_reaches_the_slot_only_when_one_is_there() {
        let mut ext = Extensions::new();
        note_key(&ext, 7); // no slot: nothing to do, no panic
        let slot = KeySlot::default();
        ext.insert(slot.clone());
        note_key(&ext, 7);
        assert_eq!(slot.0.load(Ordering::Relaxed), 7);
    }
}
