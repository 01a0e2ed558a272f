//! Configuration: production mode, log level, secret strength, CORS (the
//! reported origins and a real preflight), security headers on a real
//! response, who terminates TLS, HTTPS.

use reqwest::header::HeaderMap;

use super::{CheckResult, Ctx, Status};

/// An origin no deployment allows: a preflight from it must be refused.
const UNKNOWN_ORIGIN: &str = "https://modctl-verify.invalid";

pub async fn checks(ctx: &Ctx) -> Vec<CheckResult> {
    let f = &ctx.facts;
    let mut out = Vec::new();
    out.push(if f.environment == "production" {
        CheckResult::pass("config.production", "MODD_ENV=production")
    } else {
        CheckResult::fail(
            "config.production",
            format!("MODD_ENV={}", f.environment),
            "set MODD_ENV=production",
        )
    });
    let level = f.log_level.to_ascii_lowercase();
    out.push(if level.contains("debug") || level.contains("trace") {
        CheckResult::fail(
            "config.log-level",
            format!("log level {}", f.log_level),
            "set MODD_LOG_LEVEL=info (debug logs can carry request details)",
        )
    } else {
        CheckResult::pass("config.log-level", format!("log level {}", f.log_level))
    });
    out.push(if f.secret_key_strong {
        CheckResult::pass("config.secret-key", "strong")
    } else {
        CheckResult::fail(
            "config.secret-key",
            f.secret_key_weakness
                .clone()
                .unwrap_or_else(|| "weak".into()),
            "generate one: openssl rand -base64 48, set SECRET_KEY",
        )
    });
    out.push(cors(ctx).await);
    let health = format!("{}/health", ctx.url.trim_end_matches('/'));
    let seen = ctx.http.get(&health).send().await.map(|r| {
        let cert = r
            .extensions()
            .get::<reqwest::tls::TlsInfo>()
            .and_then(|t| t.peer_certificate())
            .map(<[u8]>::to_vec);
        (r.headers().clone(), cert)
    });
    out.push(match &seen {
        Ok((h, _)) => security_headers(h),
        Err(e) => CheckResult::fail("config.security-headers", e.to_string(), "check --url"),
    });
    out.push(tls_termination(&f.environment, &f.serving));
    out.push(match &seen {
        Ok((h, cert)) => https(ctx, h, cert.as_deref()),
        Err(e) => CheckResult::fail(
            "config.https",
            format!("GET /health failed: {e}"),
            "check --url; for a private CA pass --ca-file",
        ),
    });
    out
}

async fn cors(ctx: &Ctx) -> CheckResult {
    const ID: &str = "config.cors";
    if ctx.facts.cors_origins.iter().any(|o| o == "*") {
        return CheckResult::fail(
            ID,
            "MODD_CORS_ORIGINS contains the wildcard *",
            "list the exact origins, e.g. MODD_CORS_ORIGINS=https://app.example.com",
        );
    }
    let url = format!(
        "{}/api/v1/moderation/analyse",
        ctx.url.trim_end_matches('/')
    );
    let preflight = ctx
        .http
        .request(reqwest::Method::OPTIONS, url)
        .header("Origin", UNKNOWN_ORIGIN)
        .header("Access-Control-Request-Method", "POST")
        .header("Access-Control-Request-Headers", "x-api-key, content-type")
        .send()
        .await;
    match preflight {
        Ok(r) => match r
            .headers()
            .get("access-control-allow-origin")
            .and_then(|v| v.to_str().ok())
        {
            Some(allowed) if allowed == "*" || allowed == UNKNOWN_ORIGIN => CheckResult::fail(
                ID,
                format!("a preflight from an unknown origin was allowed ({allowed})"),
                "list the exact origins in MODD_CORS_ORIGINS",
            ),
            _ => CheckResult::pass(
                ID,
                format!(
                    "{} origin(s) allowed; unknown-origin preflight refused",
                    ctx.facts.cors_origins.len()
                ),
            ),
        },
        Err(e) => CheckResult::fail(ID, format!("preflight failed: {e}"), "check --url"),
    }
}

fn security_headers(h: &HeaderMap) -> CheckResult {
    const ID: &str = "config.security-headers";
    let has = |name: &str, want: &str| {
        h.get(name)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.eq_ignore_ascii_case(want))
    };
    let mut missing = Vec::new();
    if !has("x-content-type-options", "nosniff") {
        missing.push("X-Content-Type-Options: nosniff");
    }
    if !has("x-frame-options", "DENY") {
        missing.push("X-Frame-Options: DENY");
    }
    if h.get("content-security-policy").is_none() {
        missing.push("Content-Security-Policy");
    }
    if missing.is_empty() {
        CheckResult::pass(ID, "nosniff, X-Frame-Options DENY, CSP on GET /health")
    } else {
        CheckResult::fail(
            ID,
            format!("missing: {}", missing.join(", ")),
            "do not strip modd's headers at the proxy",
        )
    }
}

/// `https://`: the certificate must stay valid for more than
/// `--min-cert-days` (its notAfter, read from the peer certificate of a
/// real request), and HSTS should be set. Plain HTTP on loopback (a check
/// from the host itself, TLS at a proxy) proves nothing about TLS: the
/// daemon sends HSTS in production whatever is in front of it, so the check
/// is left to the operator (manual), with the command that would prove it.
fn https(ctx: &Ctx, headers: &HeaderMap, cert: Option<&[u8]>) -> CheckResult {
    const ID: &str = "config.https";
    let hsts = headers.contains_key("strict-transport-security");
    let url = ctx.anon.base_url();
    let loopback = matches!(
        url.host_str(),
        Some("127.0.0.1" | "localhost" | "[::1]" | "::1")
    );
    if url.scheme() == "https" {
        let days = match cert.map(days_left) {
            Some(Ok(days)) => days,
            Some(Err(e)) => {
                return CheckResult::fail(ID, e, "serve a standard X.509 certificate");
            }
            None => {
                return CheckResult::fail(
                    ID,
                    "https, but no peer certificate was seen",
                    "check the TLS setup in front of modd",
                );
            }
        };
        let min = ctx.min_cert_days;
        return if days <= min {
            CheckResult::fail(
                ID,
                format!("the certificate expires in {days} day(s) (need more than {min})"),
                "renew the certificate (and automate renewal, e.g. ACME)",
            )
        } else if !hsts {
            CheckResult::warn(
                ID,
                format!(
                    "https, certificate valid {days} more days, but no Strict-Transport-Security header"
                ),
                "run with MODD_ENV=production (it sets HSTS) or set it at the proxy",
            )
        } else {
            CheckResult::pass(
                ID,
                format!("https, certificate valid {days} more days, HSTS set"),
            )
        };
    }
    if loopback {
        return CheckResult::new(
            ID,
            Status::Manual,
            "plain HTTP on loopback: TLS is terminated in front of modd, if at all, and cannot be seen from here",
        )
        .with_fix("run modctl verify --url with the public https:// URL to check the certificate and HSTS");
    }
    CheckResult::fail(
        ID,
        format!("{} is plain HTTP on a non-loopback address", ctx.url),
        "terminate TLS in front of modd and verify the https:// URL",
    )
}

/// In production something must terminate TLS: modd itself
/// (`MODD_TLS_CERT`) or a proxy modd is told about (`MODD_TRUSTED_PROXIES`,
/// which also gives the rate limiter the real client addresses). Neither is
/// a warning, not a failure: a TLS proxy may sit in front unannounced.
fn tls_termination(environment: &str, s: &modd_common::ServingFactsView) -> CheckResult {
    const ID: &str = "config.tls-termination";
    match (environment == "production", s.tls, s.trusted_proxies) {
        (false, _, _) => CheckResult::pass(ID, format!("{environment} environment")),
        (true, true, _) => CheckResult::pass(ID, "modd terminates TLS (MODD_TLS_CERT)"),
        (true, false, n) if n > 0 => CheckResult::pass(
            ID,
            format!("behind {n} trusted proxy range(s) (MODD_TRUSTED_PROXIES)"),
        ),
        (true, false, _) => CheckResult::warn(
            ID,
            "production without TLS in modd and without a trusted proxy in front",
            "set MODD_TLS_CERT/MODD_TLS_KEY, or terminate TLS at a proxy and list it in MODD_TRUSTED_PROXIES",
        ),
    }
}

/// Whole days until the DER certificate's notAfter (negative: expired).
pub fn days_left(der: &[u8]) -> Result<i64, String> {
    let (_, cert) = x509_parser::parse_x509_certificate(der)
        .map_err(|e| format!("the peer certificate does not parse: {e}"))?;
    let not_after = cert.validity().not_after.timestamp();
    Ok((not_after - chrono::Utc::now().timestamp()).div_euclid(86_400))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::verify::Status;
    use modd_common::ServingFactsView;

    #[test]
    fn production_needs_tls_in_modd_or_a_trusted_proxy() {
        let plain = ServingFactsView::default();
        let tls = ServingFactsView {
            tls: true,
            ..plain.clone()
        };
        let proxied = ServingFactsView {
            trusted_proxies: 1,
            ..plain.clone()
        };
        assert_eq!(tls_termination("production", &plain).status, Status::Warn);
        assert_eq!(tls_termination("production", &tls).status, Status::Pass);
        assert_eq!(tls_termination("production", &proxied).status, Status::Pass);
        assert_eq!(tls_termination("development", &plain).status, Status::Pass);
    }
}
