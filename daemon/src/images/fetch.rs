//! Getting an image's bytes: `data:` URLs are decoded in place; http(s)
//! URLs are fetched through the SSRF guard (the same one as webhooks): the
//! URL's literal address is checked, names are checked when resolved (the
//! connection goes only to a checked address), redirects are followed by
//! hand (at most [`MAX_REDIRECTS`]) and each target is checked again. The
//! answer must be 2xx with an image content type (or none, or
//! octet-stream) and at most `max_bytes` long, read within the timeout.

use base64::Engine as _;
use std::sync::Arc;
use std::time::Duration;

use crate::ssrf::{Guard, GuardedResolver, SsrfError};

pub const MAX_REDIRECTS: usize = 3;

/// Why an image could not be obtained. Messages name the host at most,
/// never a path or query (they may carry tokens).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FetchError {
    #[error("refused: {0}")]
    Refused(#[from] SsrfError),
    #[error("invalid image URL: {0}")]
    BadUrl(String),
    #[error("invalid data: URL: {0}")]
    BadDataUrl(String),
    #[error("the image is larger than {limit} bytes")]
    TooLarge { limit: usize },
    #[error("{host} answered HTTP {status}")]
    Status { host: String, status: u16 },
    #[error("{host} sent content-type {content_type:?}, not an image")]
    NotAnImage { host: String, content_type: String },
    #[error("more than {MAX_REDIRECTS} redirects")]
    TooManyRedirects,
    #[error("fetching from {host} timed out")]
    Timeout { host: String },
    #[error("fetching from {host} failed: {reason}")]
    Transport { host: String, reason: String },
}

/// Fetches images for classification.
#[derive(Clone)]
pub struct Fetcher {
    http: reqwest::Client,
    guard: Arc<Guard>,
    max_bytes: usize,
}

impl Fetcher {
    pub fn new(guard: Guard, timeout: Duration, max_bytes: usize) -> Result<Self, reqwest::Error> {
        let guard = Arc::new(guard);
        let http = reqwest::Client::builder()
            .user_agent(concat!("modd-images/", env!("CARGO_PKG_VERSION")))
            .dns_resolver(Arc::new(GuardedResolver(guard.clone())))
            .no_proxy()
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(timeout.min(Duration::from_secs(5)))
            .timeout(timeout)
            .build()?;
        Ok(Self {
            http,
            guard,
            max_bytes,
        })
    }

    pub fn max_bytes(&self) -> usize {
        self.max_bytes
    }

    /// The bytes behind `url` (`data:`, `http:` or `https:`).
    pub async fn load(&self, url: &str) -> Result<Vec<u8>, FetchError> {
        if is_data_url(url) {
            return data_url(url, self.max_bytes);
        }
        let mut current =
            url::Url::parse(url).map_err(|_| FetchError::BadUrl("not a valid URL".into()))?;
        for _ in 0..=MAX_REDIRECTS {
            self.guard.check_url(&current)?;
            let host = current.host_str().unwrap_or_default().to_owned();
            let response = self
                .http
                .get(current.clone())
                .header(
                    "accept",
                    "image/jpeg, image/png, image/gif, image/webp, */*;q=0.1",
                )
                .send()
                .await
                .map_err(|e| transport(&host, &e))?;
            let status = response.status();
            if status.is_redirection() {
                let location = response
                    .headers()
                    .get("location")
                    .and_then(|v| v.to_str().ok())
                    .ok_or_else(|| FetchError::Status {
                        host: host.clone(),
                        status: status.as_u16(),
                    })?;
                current = current.join(location).map_err(|_| {
                    FetchError::BadUrl("the redirect target is not a valid URL".into())
                })?;
                continue;
            }
            if !status.is_success() {
                return Err(FetchError::Status {
                    host,
                    status: status.as_u16(),
                });
            }
            if let Some(ct) = response
                .headers()
                .get("content-type")
                .and_then(|v| v.to_str().ok())
            {
                let essence = ct
                    .split(';')
                    .next()
                    .unwrap_or("")
                    .trim()
                    .to_ascii_lowercase();
                if !(essence.starts_with("image/") || essence == "application/octet-stream") {
                    return Err(FetchError::NotAnImage {
                        host,
                        content_type: essence.chars().take(64).collect(),
                    });
                }
            }
            return self.read_body(&host, response).await;
        }
        Err(FetchError::TooManyRedirects)
    }

    async fn read_body(
        &self,
        host: &str,
        mut response: reqwest::Response,
    ) -> Result<Vec<u8>, FetchError> {
        let limit = self.max_bytes;
        if response.content_length().is_some_and(|n| n > limit as u64) {
            return Err(FetchError::TooLarge { limit });
        }
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(|e| transport(host, &e))? {
            if body.len() + chunk.len() > limit {
                return Err(FetchError::TooLarge { limit });
            }
            body.extend_from_slice(&chunk);
        }
        Ok(body)
    }
}

/// Whether `url` starts with `data:` (any case). Compared through `get`, not
/// a byte-index slice: the input is a client's string and may hold
/// multi-byte characters anywhere.
pub fn is_data_url(url: &str) -> bool {
    url.get(..5)
        .is_some_and(|scheme| scheme.eq_ignore_ascii_case("data:"))
}

/// `data:[<media type>][;base64],<data>`: only base64 payloads (images are
/// binary); the size limit is checked on the encoded length first.
pub fn data_url(url: &str, max_bytes: usize) -> Result<Vec<u8>, FetchError> {
    let rest = url
        .get(..5)
        .filter(|scheme| scheme.eq_ignore_ascii_case("data:"))
        .and_then(|_| url.get(5..))
        .ok_or_else(|| FetchError::BadDataUrl("not a data: URL".into()))?;
    let (meta, payload) = rest
        .split_once(',')
        .ok_or_else(|| FetchError::BadDataUrl("no comma".into()))?;
    if !meta.to_ascii_lowercase().ends_with(";base64") {
        return Err(FetchError::BadDataUrl(
            "only base64 data: URLs are accepted".into(),
        ));
    }
    let media = meta
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    if !media.is_empty() && !media.starts_with("image/") && media != "application/octet-stream" {
        return Err(FetchError::BadDataUrl(format!(
            "media type {:?} is not an image",
            media.chars().take(64).collect::<String>()
        )));
    }
    decode_base64(payload, max_bytes)
}

/// Standard base64 (padding optional, whitespace ignored) of at most
/// `max_bytes` decoded bytes.
pub fn decode_base64(payload: &str, max_bytes: usize) -> Result<Vec<u8>, FetchError> {
    if payload.len() / 4 * 3 > max_bytes + 3 {
        return Err(FetchError::TooLarge { limit: max_bytes });
    }
    let cleaned: String = payload
        .chars()
        .filter(|c| !c.is_ascii_whitespace())
        .collect();
    let engine = base64::engine::GeneralPurpose::new(
        &base64::alphabet::STANDARD,
        base64::engine::GeneralPurposeConfig::new()
            .with_decode_padding_mode(base64::engine::DecodePaddingMode::Indifferent),
    );
    let bytes = engine
        .decode(cleaned.as_bytes())
        .map_err(|_| FetchError::BadDataUrl("the payload is not valid base64".into()))?;
    if bytes.len() > max_bytes {
        return Err(FetchError::TooLarge { limit: max_bytes });
    }
    Ok(bytes)
}

fn transport(host: &str, e: &reqwest::Error) -> FetchError {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(s) = source {
        if let Some(refused) = s.downcast_ref::<SsrfError>() {
            return FetchError::Refused(refused.clone());
        }
        source = s.source();
    }
    if e.is_timeout() {
        FetchError::Timeout {
            host: host.to_owned(),
        }
    } else {
        FetchError::Transport {
            host: host.to_owned(),
            reason: if e.is_connect() {
                "connection failed".into()
            } else if e.is_body() || e.is_decode() {
                "the body could not be read".into()
            } else {
                "request failed".into()
            },
        }
    }
}

#[cfg(test)]
mod tests;
