//! Raw calls for the smoke tests: any status is an answer, and the headers
//! (rate-limit fields, `Retry-After`) come back with it.

use modd_common::ErrorBody;
use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode};

use super::{Client, ClientError};

/// One answer, whatever its status.
#[derive(Debug, Clone)]
pub struct Probe {
    pub status: StatusCode,
    pub headers: HeaderMap,
    /// The standard error body, when the answer was an error with one.
    pub error: Option<ErrorBody>,
}

impl Probe {
    /// A header as text, if present and printable.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// A header as a number.
    pub fn header_u64(&self, name: &str) -> Option<u64> {
        self.header(name).and_then(|v| v.trim().parse().ok())
    }
}

impl Client {
    /// Sends one request and returns the answer whatever its status; only a
    /// transport failure is an error.
    pub async fn probe(&self, method: Method, segments: &[&str]) -> Result<Probe, ClientError> {
        let url = self.url(segments);
        let endpoint = format!("{method} {}", url.path());
        let transport = |source| ClientError::Transport {
            endpoint: endpoint.clone(),
            source,
        };
        let resp = self
            .http
            .request(method, url)
            .send()
            .await
            .map_err(transport)?;
        let status = resp.status();
        let headers = resp.headers().clone();
        let bytes = resp.bytes().await.map_err(transport)?;
        let error = (!status.is_success())
            .then(|| serde_json::from_slice::<ErrorBody>(&bytes).ok())
            .flatten();
        Ok(Probe {
            status,
            headers,
            error,
        })
    }
}
