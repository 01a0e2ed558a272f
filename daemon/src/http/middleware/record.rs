//! Records every request (count, status, latency by matched route and
//! method) through the [`Recorder`], for Prometheus and the dashboard.

use axum::extract::{MatchedPath, Request};
use axum::http::Method;
use axum::response::Response;
use std::sync::Arc;
use std::time::Instant;

use super::around::{AroundLayer, Hook};
use crate::observe::Recorder;

pub fn layer(stats: Arc<Recorder>) -> AroundLayer<Record> {
    AroundLayer(Record(stats))
}

#[derive(Clone)]
pub struct Record(Arc<Recorder>);

impl Hook for Record {
    type Token = (Option<MatchedPath>, Method, Instant);

    fn before(&self, req: &mut Request) -> Self::Token {
        // `MatchedPath` is an `Arc<str>`: cloning it does not copy the path.
        let route = req.extensions().get::<MatchedPath>().cloned();
        (route, req.method().clone(), Instant::now())
    }

    fn after(&self, (route, method, start): Self::Token, response: &mut Response) {
        self.0.request(
            route.as_ref().map_or("unmatched", |p| p.as_str()),
            method.as_str(),
            response.status().as_u16(),
            start.elapsed().as_secs_f64(),
        );
    }
}
