//! `ClientError`: what can go wrong talking to the daemon.
//!
//! Neither `Display` nor `Debug` ever holds the API key: the key lives only
//! in a sensitive header value inside the client.

use modd_common::ErrorBody;
use reqwest::StatusCode;

/// Longest slice of a non-JSON error body kept for the message.
const RAW_SNIPPET: usize = 200;

/// A failed call to the daemon.
#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    /// The base URL is not an absolute http(s) URL.
    #[error("invalid base URL {url:?}: {reason}")]
    BaseUrl { url: String, reason: String },
    /// The daemon answered with a non-2xx status.
    #[error("{0}")]
    Api(ApiError),
    /// No answer: connection refused, DNS, TLS, timeout.
    #[error("{endpoint}: {}", describe_transport(.source))]
    Transport {
        endpoint: String,
        #[source]
        source: reqwest::Error,
    },
    /// A 2xx answer whose body is not what the endpoint promises.
    #[error("{endpoint}: unexpected response body: {source}")]
    Decode {
        endpoint: String,
        #[source]
        source: serde_json::Error,
    },
}

impl ClientError {
    /// The HTTP status, for errors the daemon answered.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            ClientError::Api(e) => Some(e.status),
            _ => None,
        }
    }

    /// The stable error code from the body, e.g. `unauthorized`.
    pub fn code(&self) -> Option<&str> {
        match self {
            ClientError::Api(e) => e.body.as_ref().map(|b| b.error.code.as_str()),
            _ => None,
        }
    }

    /// The daemon's answer, for errors it answered.
    pub fn api(&self) -> Option<&ApiError> {
        match self {
            ClientError::Api(e) => Some(e),
            _ => None,
        }
    }

    /// Whether the request timed out.
    pub fn is_timeout(&self) -> bool {
        matches!(self, ClientError::Transport { source, .. } if source.is_timeout())
    }
}

/// A non-2xx answer: its status and, when the body was the standard
/// `{"error":{"code","message"}}`, that body.
#[derive(Debug, Clone)]
pub struct ApiError {
    /// `METHOD /path` of the request.
    pub endpoint: String,
    pub status: StatusCode,
    pub body: Option<ErrorBody>,
    /// The start of a body that was not an `ErrorBody` (e.g. a proxy's page).
    pub raw: Option<String>,
    /// The whole body, for endpoints whose errors have another shape (the
    /// compatible APIs answer in OpenAI's or Google's); read with [`Self::body_as`].
    bytes: Box<[u8]>,
}

impl ApiError {
    pub(crate) fn new(endpoint: String, status: StatusCode, bytes: &[u8]) -> Self {
        let body = serde_json::from_slice::<ErrorBody>(bytes).ok();
        let raw = match body {
            Some(_) => None,
            None if bytes.is_empty() => None,
            None => {
                let text = String::from_utf8_lossy(bytes);
                let text = text.trim();
                Some(match text.char_indices().nth(RAW_SNIPPET) {
                    Some((i, _)) => format!("{}…", &text[..i]),
                    None => text.to_owned(),
                })
            }
        };
        Self {
            endpoint,
            status,
            body,
            raw,
            bytes: bytes.into(),
        }
    }

    /// The body decoded as `T`, e.g. `OpenAiErrorBody` for `/v1/moderations`;
    /// `None` when it is not one.
    pub fn body_as<T: serde::de::DeserializeOwned>(&self) -> Option<T> {
        serde_json::from_slice(&self.bytes).ok()
    }

    /// The whole body as text (lossy), to check what an error does not say.
    pub fn body_text(&self) -> String {
        String::from_utf8_lossy(&self.bytes).into_owned()
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: HTTP {}", self.endpoint, self.status)?;
        match (&self.body, &self.raw) {
            (Some(b), _) => write!(f, ": {}: {}", b.error.code, b.error.message),
            (None, Some(raw)) => write!(f, ": {raw}"),
            (None, None) => Ok(()),
        }
    }
}

fn describe_transport(e: &reqwest::Error) -> String {
    let what = if e.is_timeout() {
        "timed out"
    } else if e.is_connect() {
        "cannot connect"
    } else {
        "request failed"
    };
    // reqwest's own chain names the cause (refused, DNS, TLS).
    let mut cause = String::new();
    let mut src = std::error::Error::source(e);
    while let Some(s) = src {
        cause = s.to_string();
        src = s.source();
    }
    if cause.is_empty() {
        what.to_owned()
    } else {
        format!("{what}: {cause}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_errors_parse_the_standard_body() {
        let e = ApiError::new(
            "GET /x".into(),
            StatusCode::UNAUTHORIZED,
            br#"{"error":{"code":"unauthorized","message":"missing API key"}}"#,
        );
        assert_eq!(e.body.as_ref().unwrap().error.code, "unauthorized");
        assert_eq!(
            e.to_string(),
            "GET /x: HTTP 401 Unauthorized: unauthorized: missing API key"
        );
    }

    #[test]
    fn other_bodies_are_kept_short() {
        let long = "x".repeat(1000);
        let e = ApiError::new("GET /x".into(), StatusCode::BAD_GATEWAY, long.as_bytes());
        assert!(e.body.is_none());
        assert!(e.to_string().len() < 300);
    }
}
