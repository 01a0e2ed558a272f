//! The request span: method, matched route (never the raw path, which could
//! carry ids or content), request id and client address. Health checks log at DEBUG.
//! When traces are exported, a valid incoming W3C `traceparent` becomes the
//! span's parent, so the caller's trace continues through the daemon.

use axum::extract::MatchedPath;
use axum::http::Request;
use tower_http::classify::{ServerErrorsAsFailures, SharedClassifier};
use tower_http::trace::{DefaultOnResponse, MakeSpan, TraceLayer};
use tracing::field::Empty;
use tracing::{Level, Span};

use super::client_ip::ClientIp;
use crate::observe::traces::{self, TraceParent};

#[derive(Clone, Copy, Debug)]
pub struct RouteSpan;

impl<B> MakeSpan<B> for RouteSpan {
    fn make_span(&mut self, req: &Request<B>) -> Span {
        let route = req
            .extensions()
            .get::<MatchedPath>()
            .map_or("unmatched", MatchedPath::as_str);
        let request_id = req
            .headers()
            .get(super::request_id::HEADER)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        // Formatted only if the span is recorded (not on every request).
        let client = req
            .extensions()
            .get::<ClientIp>()
            .map(|c| tracing::field::display(c.0));
        let span = if matches!(route, "/health" | "/ready" | "/metrics") {
            tracing::debug_span!("request", method = %req.method(), route, request_id, client, otel.name = Empty, otel.kind = Empty)
        } else {
            tracing::info_span!("request", method = %req.method(), route, request_id, client, otel.name = Empty, otel.kind = Empty)
        };
        if !traces::enabled() {
            return span;
        }
        span.record("otel.name", format!("{} {route}", req.method()));
        span.record("otel.kind", "server");
        if let Some(parent) = req
            .headers()
            .get(traces::context::HEADER)
            .and_then(|v| v.to_str().ok())
            .and_then(TraceParent::parse)
        {
            parent.adopt(&span);
        }
        span
    }
}

pub fn layer()
-> TraceLayer<SharedClassifier<ServerErrorsAsFailures>, RouteSpan, (), DefaultOnResponse> {
    TraceLayer::new_for_http()
        .make_span_with(RouteSpan)
        .on_request(())
        .on_response(DefaultOnResponse::new().level(Level::DEBUG))
}
