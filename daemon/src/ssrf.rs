//! SSRF guard for outgoing requests to user-supplied URLs (webhooks now,
//! image fetching later): which addresses a request may reach, checked on
//! the RESOLVED address, and a reqwest resolver that connects only to
//! addresses that passed the check, so DNS rebinding (a name that resolves
//! to a public address when checked and to 127.0.0.1 when used) cannot
//! slip through: the check and the connection use the same lookup.
//!
//! Refused: loopback, private (RFC 1918, unique-local), carrier-grade NAT,
//! link-local (where cloud metadata lives: 169.254.169.254, fd00:ec2::254
//! is unique-local), unspecified, broadcast, multicast, documentation,
//! benchmarking and reserved ranges, and IPv6 forms that embed such an IPv4
//! address (mapped `::ffff:a.b.c.d`, compatible, NAT64, 6to4).

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;

/// Why an address may not be reached, or `None` if it may.
pub fn forbidden_reason(ip: IpAddr) -> Option<&'static str> {
    match ip {
        IpAddr::V4(v4) => v4_reason(v4),
        IpAddr::V6(v6) => v6_reason(v6),
    }
}

fn in_v4(ip: Ipv4Addr, net: [u8; 4], bits: u32) -> bool {
    let mask = if bits == 0 {
        0
    } else {
        u32::MAX << (32 - bits)
    };
    u32::from(ip) & mask == u32::from(Ipv4Addr::from(net)) & mask
}

fn v4_reason(ip: Ipv4Addr) -> Option<&'static str> {
    const RANGES: &[([u8; 4], u32, &str)] = &[
        ([0, 0, 0, 0], 8, "unspecified"),
        ([10, 0, 0, 0], 8, "private"),
        ([100, 64, 0, 0], 10, "carrier-grade NAT"),
        ([127, 0, 0, 0], 8, "loopback"),
        ([169, 254, 0, 0], 16, "link-local (cloud metadata)"),
        ([172, 16, 0, 0], 12, "private"),
        ([192, 0, 0, 0], 24, "IETF protocol assignments"),
        ([192, 0, 2, 0], 24, "documentation"),
        ([192, 88, 99, 0], 24, "6to4 relay"),
        ([192, 168, 0, 0], 16, "private"),
        ([198, 18, 0, 0], 15, "benchmarking"),
        ([198, 51, 100, 0], 24, "documentation"),
        ([203, 0, 113, 0], 24, "documentation"),
        ([224, 0, 0, 0], 4, "multicast"),
        ([240, 0, 0, 0], 4, "reserved or broadcast"),
    ];
    RANGES
        .iter()
        .find(|(net, bits, _)| in_v4(ip, *net, *bits))
        .map(|(_, _, why)| *why)
}

fn v6_reason(ip: Ipv6Addr) -> Option<&'static str> {
    let seg = ip.segments();
    let embedded = |hi: u16, lo: u16| Ipv4Addr::from((u32::from(hi) << 16) | u32::from(lo));
    if ip.is_unspecified() {
        return Some("unspecified");
    }
    if ip.is_loopback() {
        return Some("loopback");
    }
    // ::ffff:a.b.c.d (mapped) and ::a.b.c.d (compatible, deprecated): judge the IPv4.
    if seg[..5] == [0; 5] && (seg[5] == 0xffff || seg[5] == 0) {
        return v4_reason(embedded(seg[6], seg[7])).or(if seg[5] == 0 {
            Some("IPv4-compatible")
        } else {
            None
        });
    }
    // NAT64 (64:ff9b::/96) reaches the embedded IPv4.
    if seg[..6] == [0x64, 0xff9b, 0, 0, 0, 0] {
        return v4_reason(embedded(seg[6], seg[7]));
    }
    // 6to4 (2002::/16) embeds an IPv4 in bits 16..48.
    if seg[0] == 0x2002 {
        return v4_reason(embedded(seg[1], seg[2]));
    }
    match seg[0] {
        0x0100 if seg[1..4] == [0, 0, 0] => Some("discard-only"),
        0x2001 if seg[1] == 0x0db8 => Some("documentation"),
        0x2001 if seg[1] < 0x0200 => Some("IETF protocol assignments"),
        s if s & 0xfe00 == 0xfc00 => Some("unique-local (private)"),
        s if s & 0xffc0 == 0xfe80 => Some("link-local"),
        s if s & 0xffc0 == 0xfec0 => Some("site-local"),
        s if s & 0xff00 == 0xff00 => Some("multicast"),
        _ => None,
    }
}

/// A refused destination. The message names the host and the kind of
/// address, never a path or query (they may carry tokens).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SsrfError {
    #[error("{host} resolves to a {why} address ({ip}), which is not allowed; {hint}")]
    Forbidden {
        host: String,
        ip: IpAddr,
        why: &'static str,
        /// Which settings would allow it (named, so an operator is not left
        /// guessing; never a value).
        hint: String,
    },
    #[error("{0} does not resolve")]
    Unresolvable(String),
    #[error("invalid URL: {0}")]
    BadUrl(String),
}

/// What a guard protects: it decides which settings a refusal names.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Purpose {
    #[default]
    Webhooks,
    Images,
}

impl Purpose {
    /// The setting that allows private and loopback destinations.
    pub fn allow_private_setting(self) -> &'static str {
        match self {
            Self::Webhooks => "MODD_WEBHOOK_ALLOW_PRIVATE",
            Self::Images => "MODD_IMAGE_ALLOW_PRIVATE",
        }
    }

    /// The setting that lists the hosts it applies to in production.
    pub fn allowed_hosts_setting(self) -> &'static str {
        match self {
            Self::Webhooks => "MODD_WEBHOOK_ALLOWED_HOSTS",
            Self::Images => "MODD_IMAGE_ALLOWED_HOSTS",
        }
    }
}

/// Which destinations are allowed.
#[derive(Debug, Clone, Default)]
pub struct Guard {
    /// Allow private and loopback destinations (tests, local development).
    pub allow_private: bool,
    /// In production `allow_private` applies only to these host names.
    pub production: bool,
    pub allowed_hosts: Vec<String>,
    pub purpose: Purpose,
}

impl Guard {
    /// Whether `ip`, reached under the name `host`, may be contacted.
    pub fn check(&self, host: &str, ip: IpAddr) -> Result<(), SsrfError> {
        let Some(why) = forbidden_reason(ip) else {
            return Ok(());
        };
        let host_listed = self
            .allowed_hosts
            .iter()
            .any(|h| h.eq_ignore_ascii_case(host.trim_end_matches('.')));
        if self.allow_private && (!self.production || host_listed) {
            return Ok(());
        }
        Err(SsrfError::Forbidden {
            host: host.to_owned(),
            ip,
            why,
            hint: self.hint(),
        })
    }

    /// How an operator would allow a refused private destination.
    fn hint(&self) -> String {
        let flag = self.purpose.allow_private_setting();
        if self.production {
            let hosts = self.purpose.allowed_hosts_setting();
            format!("to allow a private host, set {flag}=true and list it in {hosts}")
        } else {
            format!("set {flag}=true to allow private addresses (development only)")
        }
    }

    /// Checks a URL's shape and, for an IP-literal host, the address. Names
    /// are checked when resolved (see [`GuardedResolver`]).
    pub fn check_url(&self, url: &url::Url) -> Result<(), SsrfError> {
        if !matches!(url.scheme(), "http" | "https") {
            return Err(SsrfError::BadUrl("the scheme must be http or https".into()));
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err(SsrfError::BadUrl(
                "credentials in the URL are not allowed".into(),
            ));
        }
        match url.host() {
            None => Err(SsrfError::BadUrl("the URL has no host".into())),
            Some(url::Host::Ipv4(ip)) => self.check(&ip.to_string(), IpAddr::V4(ip)),
            Some(url::Host::Ipv6(ip)) => self.check(&ip.to_string(), IpAddr::V6(ip)),
            Some(url::Host::Domain(_)) => Ok(()),
        }
    }

    /// Resolves `host` and keeps only the addresses that pass the check;
    /// fails when none does.
    pub async fn resolve(&self, host: &str, port: u16) -> Result<Vec<SocketAddr>, SsrfError> {
        let found: Vec<SocketAddr> = tokio::net::lookup_host((host, port))
            .await
            .map_err(|_| SsrfError::Unresolvable(host.to_owned()))?
            .collect();
        let mut first_refusal = None;
        let allowed: Vec<SocketAddr> = found
            .into_iter()
            .filter(|a| match self.check(host, a.ip()) {
                Ok(()) => true,
                Err(e) => {
                    first_refusal.get_or_insert(e);
                    false
                }
            })
            .collect();
        match (allowed.is_empty(), first_refusal) {
            (false, _) => Ok(allowed),
            (true, Some(refused)) => Err(refused),
            (true, None) => Err(SsrfError::Unresolvable(host.to_owned())),
        }
    }
}

/// A reqwest DNS resolver that returns only addresses the guard allows, so
/// the connection goes to exactly an address that was checked.
#[derive(Debug, Clone)]
pub struct GuardedResolver(pub Arc<Guard>);

impl reqwest::dns::Resolve for GuardedResolver {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let guard = self.0.clone();
        let host = name.as_str().to_owned();
        Box::pin(async move {
            // Port 0: reqwest puts the URL's port in.
            let addrs = guard.resolve(&host, 0).await?;
            Ok(Box::new(addrs.into_iter()) as reqwest::dns::Addrs)
        })
    }
}

#[cfg(test)]
mod tests;
