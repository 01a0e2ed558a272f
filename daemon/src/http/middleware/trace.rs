//! The request span: method, matched route (never the raw path, which could
//! carry ids or content), request id and client address. Health checks log at DEBUG.

use axum::extract::MatchedPath;
use axum::http::Request;
use tower_http::classify::{ServerErrorsAsFailures, SharedClassifier};
use tower_http::trace::{DefaultOnResponse, MakeSpan, TraceLayer};
use tracing::{Level, Span};

use super::client_ip::ClientIp;

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
        let client = req
            .extensions()
            .get::<ClientIp>()
            .map_or(String::new(), |c| c.0.to_string());
        if matches!(route, "/health" | "/ready" | "/metrics") {
            tracing::debug_span!("request", method = %req.method(), route, request_id, client)
        } else {
            tracing::info_span!("request", method = %req.method(), route, request_id, client)
        }
    }
}

pub fn layer()
-> TraceLayer<SharedClassifier<ServerErrorsAsFailures>, RouteSpan, (), DefaultOnResponse> {
    TraceLayer::new_for_http()
        .make_span_with(RouteSpan)
        .on_request(())
        .on_response(DefaultOnResponse::new().level(Level::DEBUG))
}
