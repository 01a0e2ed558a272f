//! Security headers on every response; HSTS only in production, where TLS
//! is terminated in front of `modd`.

use axum::extract::Request;
use axum::http::{HeaderName, HeaderValue, header};
use axum::response::Response;

use super::around::{AroundLayer, Hook};
use crate::settings::Settings;

const FIXED: [(HeaderName, &str); 5] = [
    (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
    (header::X_FRAME_OPTIONS, "DENY"),
    (header::REFERRER_POLICY, "no-referrer"),
    (
        header::CONTENT_SECURITY_POLICY,
        "default-src 'none'; frame-ancestors 'none'",
    ),
    (header::CACHE_CONTROL, "no-store"),
];

pub fn layer(settings: &Settings) -> AroundLayer<SecurityHeaders> {
    AroundLayer(SecurityHeaders {
        hsts: settings.is_production(),
    })
}

#[derive(Clone, Copy)]
pub struct SecurityHeaders {
    hsts: bool,
}

impl Hook for SecurityHeaders {
    type Token = ();

    fn before(&self, _: &mut Request) {}

    fn after(&self, (): (), response: &mut Response) {
        let headers = response.headers_mut();
        for (name, value) in FIXED {
            headers
                .entry(name)
                .or_insert(HeaderValue::from_static(value));
        }
        if self.hsts {
            headers.insert(
                header::STRICT_TRANSPORT_SECURITY,
                HeaderValue::from_static("max-age=63072000; includeSubDomains"),
            );
        }
    }
}
