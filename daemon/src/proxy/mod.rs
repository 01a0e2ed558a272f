//! Who the client is behind reverse proxies. Only when the TCP peer is one
//! of `MODD_TRUSTED_PROXIES` is the forwarding header read, and then from
//! the right: the right-most hop that is not a trusted proxy is the client
//! (every hop left of it was written by someone we do not trust, so could
//! be forged). An untrusted peer's headers are ignored entirely.

mod cidr;
mod forwarded;

pub use cidr::{Cidr, canonical};
pub use forwarded::{ForwardedHeader, Hop};

use axum::http::HeaderMap;
use std::net::IpAddr;

/// The proxies whose forwarding headers modd believes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrustedProxies {
    ranges: Vec<Cidr>,
    header: ForwardedHeader,
}

impl TrustedProxies {
    pub fn new(ranges: Vec<Cidr>, header: ForwardedHeader) -> Self {
        Self { ranges, header }
    }

    /// No proxy trusted: the peer is always the client.
    pub fn none() -> Self {
        Self::new(Vec::new(), ForwardedHeader::XForwardedFor)
    }

    pub fn is_empty(&self) -> bool {
        self.ranges.is_empty()
    }

    pub fn ranges(&self) -> &[Cidr] {
        &self.ranges
    }

    pub fn header(&self) -> ForwardedHeader {
        self.header
    }

    fn trusts(&self, ip: IpAddr) -> bool {
        self.ranges.iter().any(|r| r.contains(ip))
    }

    /// The client's address for a request from `peer` carrying `headers`.
    pub fn client(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        let peer = canonical(peer);
        if !self.trusts(peer) {
            return peer;
        }
        // Walk left from the peer while the hops are our own proxies.
        let mut client = peer;
        for hop in self.header.hops(headers).into_iter().rev() {
            match hop {
                Hop::Addr(ip) => {
                    client = canonical(ip);
                    if !self.trusts(client) {
                        break;
                    }
                }
                // A trusted proxy forwarded something that is not an
                // address: the client is hidden behind it, so the proxy
                // that wrote it is the best we know.
                Hop::Opaque => break,
            }
        }
        client
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn proxies(ranges: &[&str], header: ForwardedHeader) -> TrustedProxies {
        TrustedProxies::new(ranges.iter().map(|r| r.parse().unwrap()).collect(), header)
    }

    fn xff(value: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert("x-forwarded-for", HeaderValue::from_str(value).unwrap());
        h
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn an_untrusted_peer_is_the_client_whatever_it_sends() {
        let p = proxies(&["10.0.0.0/8"], ForwardedHeader::XForwardedFor);
        assert_eq!(
            p.client(ip("203.0.113.5"), &xff("1.2.3.4")),
            ip("203.0.113.5")
        );
        let none = TrustedProxies::none();
        assert_eq!(none.client(ip("10.0.0.1"), &xff("1.2.3.4")), ip("10.0.0.1"));
    }

    #[test]
    fn the_right_most_untrusted_hop_is_the_client() {
        let p = proxies(
            &["10.0.0.0/8", "192.168.1.1"],
            ForwardedHeader::XForwardedFor,
        );
        // The client forged "6.6.6.6"; the edge proxy appended the real one.
        let h = xff("6.6.6.6, 198.51.100.7, 192.168.1.1");
        assert_eq!(p.client(ip("10.0.0.3"), &h), ip("198.51.100.7"));
        // All hops trusted: the left-most is as far as we can see.
        assert_eq!(p.client(ip("10.0.0.3"), &xff("10.9.9.9")), ip("10.9.9.9"));
        // No header: the proxy itself.
        assert_eq!(p.client(ip("10.0.0.3"), &HeaderMap::new()), ip("10.0.0.3"));
        // Mapped peers count as their IPv4 address.
        assert_eq!(
            p.client(ip("::ffff:10.0.0.3"), &xff("198.51.100.7")),
            ip("198.51.100.7")
        );
    }

    #[test]
    fn an_opaque_hop_stops_at_the_proxy_that_wrote_it() {
        let p = proxies(&["10.0.0.0/8"], ForwardedHeader::XForwardedFor);
        assert_eq!(
            p.client(ip("10.0.0.3"), &xff("1.1.1.1, garbage, 10.0.0.2")),
            ip("10.0.0.2")
        );
        assert_eq!(p.client(ip("10.0.0.3"), &xff("unknown")), ip("10.0.0.3"));
    }

    #[test]
    fn only_the_configured_header_is_read() {
        let p = proxies(&["10.0.0.0/8"], ForwardedHeader::Forwarded);
        let mut h = xff("6.6.6.6");
        h.insert("forwarded", HeaderValue::from_static("for=198.51.100.7"));
        assert_eq!(p.client(ip("10.0.0.3"), &h), ip("198.51.100.7"));
        let x = proxies(&["10.0.0.0/8"], ForwardedHeader::XForwardedFor);
        h.remove("x-forwarded-for");
        assert_eq!(x.client(ip("10.0.0.3"), &h), ip("10.0.0.3"));
    }
}
