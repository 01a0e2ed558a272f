//! Records every request (count, status, latency by matched route and
//! method) through the [`Recorder`], for Prometheus and the dashboard.

use axum::extract::{MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::Response;
use std::sync::Arc;
use std::time::Instant;

use crate::observe::Recorder;

pub async fn record(State(stats): State<Arc<Recorder>>, req: Request, next: Next) -> Response {
    // `MatchedPath` is an `Arc<str>`: cloning it does not copy the path.
    let route = req.extensions().get::<MatchedPath>().cloned();
    let method = req.method().clone();
    let start = Instant::now();
    let response = next.run(req).await;
    stats.request(
        route.as_ref().map_or("unmatched", |p| p.as_str()),
        method.as_str(),
        response.status().as_u16(),
        start.elapsed().as_secs_f64(),
    );
    response
}
