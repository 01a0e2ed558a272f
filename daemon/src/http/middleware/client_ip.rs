//! The client's address, worked out once per request: the TCP peer, or
//! behind a trusted proxy the right-most untrusted forwarded hop (see
//! `crate::proxy`). Put in the request's extensions as [`ClientIp`] for the
//! per-address rate limit and the request span.

use axum::extract::{ConnectInfo, Request};
use axum::response::Response;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use super::around::{AroundLayer, Hook};
use crate::settings::Settings;

/// The address a request is attributed to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientIp(pub IpAddr);

pub fn layer(settings: Arc<Settings>) -> AroundLayer<ResolveClient> {
    AroundLayer(ResolveClient(settings))
}

#[derive(Clone)]
pub struct ResolveClient(Arc<Settings>);

impl Hook for ResolveClient {
    type Token = ();

    fn before(&self, req: &mut Request) {
        // No peer only when the router is driven without a socket (unit tests).
        if let Some(ConnectInfo(peer)) = req.extensions().get::<ConnectInfo<SocketAddr>>() {
            let client = self
                .0
                .serving
                .trusted_proxies
                .client(peer.ip(), req.headers());
            req.extensions_mut().insert(ClientIp(client));
        }
    }

    fn after(&self, (): (), _: &mut Response) {}
}
