//! HTTP plumbing shared by the transports: send, classify the status, read a
//! bounded body, parse `Retry-After`, and check scores.

use reqwest::StatusCode;
use reqwest::header::RETRY_AFTER;
use std::time::Duration;

use super::AttemptError;

/// Largest response body read from a provider; a bigger one is malformed.
const MAX_BODY: usize = 1 << 20;

/// Sends `req` and returns the JSON body of a 2xx answer.
pub async fn exchange(req: reqwest::RequestBuilder) -> Result<serde_json::Value, AttemptError> {
    let mut resp = req.send().await.map_err(request_error)?;
    let status = resp.status();
    if status == StatusCode::TOO_MANY_REQUESTS {
        let retry_after = resp
            .headers()
            .get(RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(parse_retry_after);
        return Err(AttemptError::RateLimited { retry_after });
    }
    if status.is_server_error() || status == StatusCode::REQUEST_TIMEOUT {
        return Err(AttemptError::Server(status.as_u16()));
    }
    if !status.is_success() {
        return Err(AttemptError::Rejected(status.as_u16()));
    }
    let mut body = Vec::new();
    while let Some(chunk) = resp.chunk().await.map_err(request_error)? {
        if body.len() + chunk.len() > MAX_BODY {
            return Err(AttemptError::Malformed(format!(
                "body larger than {MAX_BODY} bytes"
            )));
        }
        body.extend_from_slice(&chunk);
    }
    serde_json::from_slice(&body).map_err(|e| AttemptError::Malformed(format!("not JSON: {e}")))
}

/// reqwest's errors name the URL; ours must not carry anything but the cause.
fn request_error(e: reqwest::Error) -> AttemptError {
    if e.is_timeout() {
        AttemptError::Timeout
    } else {
        AttemptError::Transport(e.without_url().to_string())
    }
}

/// `Retry-After` as delay-seconds (integer or decimal). HTTP dates are rare
/// from APIs and are treated as absent, which falls back to our backoff.
pub fn parse_retry_after(v: &str) -> Option<Duration> {
    let secs: f64 = v.trim().parse().ok()?;
    (secs.is_finite() && secs >= 0.0).then(|| Duration::from_secs_f64(secs.min(86_400.0)))
}

/// A score must be a finite number in 0..1; anything else is malformed.
pub fn score(name: &str, v: &serde_json::Value) -> Result<f64, AttemptError> {
    match v.as_f64() {
        Some(s) if (0.0..=1.0).contains(&s) => Ok(s),
        _ => Err(AttemptError::Malformed(format!(
            "score of {name:?} is not a number in 0..1"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn retry_after_forms() {
        assert_eq!(parse_retry_after("2"), Some(Duration::from_secs(2)));
        assert_eq!(parse_retry_after(" 0.5 "), Some(Duration::from_millis(500)));
        assert_eq!(parse_retry_after("-1"), None);
        assert_eq!(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"), None);
    }

    #[test]
    fn scores_outside_0_1_are_malformed() {
        assert_eq!(score("a", &json!(0.25)), Ok(0.25));
        for bad in [json!(1.5), json!(-0.1), json!("0.3"), json!(null)] {
            assert!(matches!(score("a", &bad), Err(AttemptError::Malformed(_))));
        }
    }
}
