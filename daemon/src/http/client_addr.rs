//! Who is on the other end of a request: the one place that answers it, for
//! the rate limiter's per-address buckets and the access log. Today the TCP
//! peer; resolving `X-Forwarded-For` behind trusted proxies replaces this
//! function and nothing else.

use axum::extract::ConnectInfo;
use axum::http::Extensions;
use std::net::{IpAddr, SocketAddr};

/// The client's address, with IPv4-mapped IPv6 shown as IPv4; `None` when
/// the server was started without connection info (router unit tests).
pub fn client_ip(extensions: &Extensions) -> Option<IpAddr> {
    let ConnectInfo(addr) = extensions.get::<ConnectInfo<SocketAddr>>()?;
    Some(match addr.ip() {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(IpAddr::V6(v6), IpAddr::V4),
        v4 => v4,
    })
}
