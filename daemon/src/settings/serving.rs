//! Settings of how the listener faces the network: the drain on SIGTERM,
//! the proxies whose forwarding headers are believed, and modd's own TLS.

use std::path::PathBuf;
use std::time::Duration;

use super::{RawValues, SettingsError, invalid, number};
use crate::proxy::{Cidr, TrustedProxies};

/// The certificate chain and key modd serves TLS with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TlsPaths {
    pub cert: PathBuf,
    pub key: PathBuf,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ServingSettings {
    /// After SIGTERM, how long `/ready` answers 503 while requests are still served.
    pub drain: Duration,
    pub trusted_proxies: TrustedProxies,
    /// `None`: plain HTTP.
    pub tls: Option<TlsPaths>,
}

pub(super) fn serving(raw: &RawValues) -> Result<ServingSettings, SettingsError> {
    let get = |name: &str| raw.get(name).map_or("", |v| v.trim());
    let ranges = get("MODD_TRUSTED_PROXIES")
        .split(',')
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .map(|r| r.parse::<Cidr>())
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| invalid("MODD_TRUSTED_PROXIES", e))?;
    let header = get("MODD_FORWARDED_HEADER")
        .parse()
        .map_err(|e: String| invalid("MODD_FORWARDED_HEADER", e))?;
    let tls = match (get("MODD_TLS_CERT"), get("MODD_TLS_KEY")) {
        ("", "") => None,
        ("", _) => return Err(invalid("MODD_TLS_CERT", "MODD_TLS_KEY is set without it")),
        (_, "") => return Err(invalid("MODD_TLS_KEY", "MODD_TLS_CERT is set without it")),
        (cert, key) => Some(TlsPaths {
            cert: PathBuf::from(cert),
            key: PathBuf::from(key),
        }),
    };
    Ok(ServingSettings {
        drain: Duration::from_secs(number(raw, "MODD_SHUTDOWN_DRAIN_SECS", 0, 3600)?),
        trusted_proxies: TrustedProxies::new(ranges, header),
        tls,
    })
}

pub(super) fn describe(s: &ServingSettings) -> Vec<(&'static str, String)> {
    let proxies = s.trusted_proxies.ranges();
    vec![
        ("MODD_SHUTDOWN_DRAIN_SECS", s.drain.as_secs().to_string()),
        (
            "MODD_TRUSTED_PROXIES",
            if proxies.is_empty() {
                "(none: the TCP peer is the client)".into()
            } else {
                proxies
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(",")
            },
        ),
        (
            "MODD_FORWARDED_HEADER",
            s.trusted_proxies.header().as_str().to_owned(),
        ),
        (
            "MODD_TLS_CERT",
            s.tls.as_ref().map_or("(unset: plain HTTP)".into(), |t| {
                t.cert.display().to_string()
            }),
        ),
        (
            "MODD_TLS_KEY",
            s.tls
                .as_ref()
                .map_or("(unset)".into(), |t| t.key.display().to_string()),
        ),
    ]
}
