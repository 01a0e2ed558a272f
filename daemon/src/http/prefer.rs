//! The `Prefer: wait=N` request header (RFC 7240) and its `?wait=N` query
//! form: how long a client is willing to wait for a synchronous answer.

use axum::http::HeaderMap;

/// Seconds asked for by `Prefer: wait=N`, if any. Other preferences in the
/// same header (`respond-async`, `return=minimal`) are ignored; a malformed
/// `wait` is ignored too, as RFC 7240 asks of unknown or bad preferences.
pub fn wait_secs(headers: &HeaderMap) -> Option<u64> {
    headers
        .get_all("prefer")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split([',', ';']))
        .filter_map(|token| {
            let (name, value) = token.split_once('=')?;
            name.trim()
                .eq_ignore_ascii_case("wait")
                .then(|| value.trim().trim_matches('"').parse::<u64>().ok())
                .flatten()
        })
        .next()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(values: &[&'static str]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for v in values {
            h.append("prefer", axum::http::HeaderValue::from_static(v));
        }
        h
    }

    #[test]
    fn parses_wait_among_other_preferences() {
        assert_eq!(wait_secs(&headers(&["wait=5"])), Some(5));
        assert_eq!(wait_secs(&headers(&["respond-async, Wait = 12"])), Some(12));
        assert_eq!(
            wait_secs(&headers(&["return=minimal", "wait=\"3\""])),
            Some(3)
        );
        assert_eq!(wait_secs(&headers(&["wait=soon"])), None);
        assert_eq!(wait_secs(&headers(&["wait=-1"])), None);
        assert_eq!(wait_secs(&HeaderMap::new()), None);
    }
}
