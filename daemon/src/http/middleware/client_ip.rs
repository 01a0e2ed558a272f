//! The client's address, worked out once per request: the TCP peer, or
//! behind a trusted proxy the right-most untrusted forwarded hop (see
//! `crate::proxy`). Put in the request's extensions as [`ClientIp`] for the
//! per-address rate limit and the request span.

use axum::extract::{ConnectInfo, Request, State};
use axum::middleware::Next;
use axum::response::Response;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use crate::settings::Settings;

/// The address a request is attributed to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientIp(pub IpAddr);

pub async fn apply(
    State(settings): State<Arc<Settings>>,
    mut req: Request,
    next: Next,
) -> Response {
    // No peer only when the router is driven without a socket (unit tests).
    if let Some(ConnectInfo(peer)) = req.extensions().get::<ConnectInfo<SocketAddr>>() {
        let client = settings
            .serving
            .trusted_proxies
            .client(peer.ip(), req.headers());
        req.extensions_mut().insert(ClientIp(client));
    }
    next.run(req).await
}
