//! Who is on the other end of a request: the one place that answers it, for
//! the rate limiter's per-address buckets and the access log. The address
//! `middleware::client_ip` resolved (behind trusted proxies, the right-most
//! untrusted forwarded hop), else the TCP peer.

use axum::extract::ConnectInfo;
use axum::http::Extensions;
use std::net::{IpAddr, SocketAddr};

use super::middleware::client_ip::ClientIp;

/// The client's address, with IPv4-mapped IPv6 shown as IPv4; `None` when
/// the server was started without connection info (router unit tests).
pub fn client_ip(extensions: &Extensions) -> Option<IpAddr> {
    let ip = match extensions.get::<ClientIp>() {
        Some(ClientIp(ip)) => *ip,
        None => extensions.get::<ConnectInfo<SocketAddr>>()?.0.ip(),
    };
    Some(match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(IpAddr::V6(v6), IpAddr::V4),
        v4 => v4,
    })
}
