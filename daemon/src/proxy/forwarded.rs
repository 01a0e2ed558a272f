//! The hops a request passed through, read from `X-Forwarded-For` or
//! `Forwarded` (RFC 7239), left (the original client) to right (the last
//! proxy). Malformed input never panics: an entry that is not an address
//! becomes [`Hop::Opaque`], which the resolver treats as untrustworthy.

use axum::http::HeaderMap;
use std::net::{IpAddr, SocketAddr};

/// One entry of the chain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hop {
    Addr(IpAddr),
    /// `unknown`, an obfuscated name (`_hidden`), or garbage.
    Opaque,
}

/// Which header the proxies in front of modd set (`MODD_FORWARDED_HEADER`).
/// Only one is read: if modd read both, a client could send the one its
/// proxy does not overwrite.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ForwardedHeader {
    XForwardedFor,
    Forwarded,
}

impl std::str::FromStr for ForwardedHeader {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "x-forwarded-for" => Ok(Self::XForwardedFor),
            "forwarded" => Ok(Self::Forwarded),
            other => Err(format!(
                "expected x-forwarded-for or forwarded, got {other:?}"
            )),
        }
    }
}

impl ForwardedHeader {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::XForwardedFor => "x-forwarded-for",
            Self::Forwarded => "forwarded",
        }
    }

    /// Every hop the header lists, over all its lines in order.
    pub fn hops(self, headers: &HeaderMap) -> Vec<Hop> {
        let lines = headers
            .get_all(self.as_str())
            .iter()
            // A line that is not visible ASCII is one opaque hop: dropping it
            // would let a client hide what follows it.
            .map(|v| v.to_str().unwrap_or("\u{0}"));
        let mut hops = Vec::new();
        for line in lines {
            for element in line.split(',') {
                hops.push(match self {
                    Self::XForwardedFor => node(element),
                    Self::Forwarded => forwarded_for(element),
                });
            }
        }
        hops
    }
}

/// The `for=` parameter of one `Forwarded` element (`for=192.0.2.1;proto=https`).
fn forwarded_for(element: &str) -> Hop {
    element
        .split(';')
        .filter_map(|pair| pair.split_once('='))
        .find(|(name, _)| name.trim().eq_ignore_ascii_case("for"))
        .map_or(Hop::Opaque, |(_, value)| {
            node(value.trim().trim_matches('"'))
        })
}

/// One node: `192.0.2.1`, `192.0.2.1:4711`, `2001:db8::1`, `[2001:db8::1]:4711`.
fn node(text: &str) -> Hop {
    let text = text.trim();
    if let Ok(ip) = text.parse::<IpAddr>() {
        return Hop::Addr(ip);
    }
    if let Ok(addr) = text.parse::<SocketAddr>() {
        return Hop::Addr(addr.ip());
    }
    // `[2001:db8::1]` without a port.
    text.strip_prefix('[')
        .and_then(|t| t.strip_suffix(']'))
        .and_then(|t| t.parse::<IpAddr>().ok())
        .map_or(Hop::Opaque, Hop::Addr)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(name: &'static str, lines: &[&[u8]]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for line in lines {
            h.append(name, HeaderValue::from_bytes(line).unwrap());
        }
        h
    }

    fn addr(s: &str) -> Hop {
        Hop::Addr(s.parse().unwrap())
    }

    #[test]
    fn x_forwarded_for_lists_every_line_in_order() {
        let h = headers(
            "x-forwarded-for",
            &[
                b"203.0.113.9, 10.0.0.2",
                b"[2001:db8::1]:80,198.51.100.1:4711",
            ],
        );
        assert_eq!(
            ForwardedHeader::XForwardedFor.hops(&h),
            [
                addr("203.0.113.9"),
                addr("10.0.0.2"),
                addr("2001:db8::1"),
                addr("198.51.100.1")
            ]
        );
    }

    #[test]
    fn forwarded_reads_the_for_parameter() {
        let h = headers(
            "forwarded",
            &[b"for=192.0.2.60;proto=http;by=203.0.113.43, For=\"[2001:db8:cafe::17]:4711\", for=unknown, proto=https"],
        );
        assert_eq!(
            ForwardedHeader::Forwarded.hops(&h),
            [
                addr("192.0.2.60"),
                addr("2001:db8:cafe::17"),
                Hop::Opaque,
                Hop::Opaque
            ]
        );
    }

    #[test]
    fn malformed_headers_never_panic_and_become_opaque_hops() {
        let nasty: &[&[u8]] = &[
            b"",
            b",,,",
            b"\xff\xfe",
            b"for=",
            b"for=\"",
            b"[",
            b"[]:",
            b"[::1",
            b"1.2.3.4:99999",
            b"\"\"\"",
            b"for=[::1]:x;;;==",
            "é, ü".as_bytes(),
        ];
        for line in nasty {
            for header in [ForwardedHeader::XForwardedFor, ForwardedHeader::Forwarded] {
                let h = headers(header.as_str(), &[line]);
                let hops = header.hops(&h);
                assert!(
                    hops.iter().all(|h| *h == Hop::Opaque),
                    "{line:?} via {header:?}: {hops:?}"
                );
            }
        }
        assert!(
            ForwardedHeader::XForwardedFor
                .hops(&HeaderMap::new())
                .is_empty()
        );
    }

    #[test]
    fn the_header_setting_parses() {
        assert_eq!(
            "X-Forwarded-For".parse::<ForwardedHeader>(),
            Ok(ForwardedHeader::XForwardedFor)
        );
        assert_eq!(
            "forwarded".parse::<ForwardedHeader>(),
            Ok(ForwardedHeader::Forwarded)
        );
        assert!("x-real-ip".parse::<ForwardedHeader>().is_err());
    }
}
