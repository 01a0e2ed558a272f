//! Where the compatible endpoints find the modd key: OpenAI SDKs send
//! `Authorization: Bearer <key>`, Perspective clients send `?key=<key>`.
//! Both are verified exactly like `X-API-KEY`; the key is never logged.

use axum::http::header::AUTHORIZATION;
use axum::http::{HeaderMap, Uri};
use std::sync::Arc;

use crate::auth::AuthFailure;
use crate::state::AppState;
use crate::store::KeyRecord;

/// The key in an `Authorization: Bearer` header, if any.
pub fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(AUTHORIZATION)?.to_str().ok()?;
    let (scheme, key) = value.trim().split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| key.trim())
}

/// The `key` query parameter, if any (percent-decoded).
pub fn query_key(uri: &Uri) -> Option<String> {
    let query = uri.query()?;
    url::form_urlencoded::parse(query.as_bytes())
        .find(|(k, _)| k == "key")
        .map(|(_, v)| v.into_owned())
}

#[tracing::instrument(name = "auth", skip_all)]
pub async fn verify(
    state: &AppState,
    presented: Option<&str>,
) -> Result<Arc<KeyRecord>, AuthFailure> {
    state.keys.verify(presented).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::Request;
    use axum::http::request::Parts;

    fn parts(uri: &str, auth: Option<&str>) -> Parts {
        let mut b = Request::builder().uri(uri);
        if let Some(a) = auth {
            b = b.header(AUTHORIZATION, a);
        }
        b.body(()).unwrap().into_parts().0
    }

    fn heads(uri: &str, auth: Option<&str>) -> HeaderMap {
        parts(uri, auth).headers
    }

    fn uri(u: &str, auth: Option<&str>) -> Uri {
        parts(u, auth).uri
    }

    #[test]
    fn finds_bearer_and_query_keys() {
        assert_eq!(
            bearer(&heads("/", Some("Bearer mod_test_x"))),
            Some("mod_test_x")
        );
        assert_eq!(
            bearer(&heads("/", Some("bearer  mod_test_x "))),
            Some("mod_test_x")
        );
        assert_eq!(bearer(&heads("/", Some("Basic abc"))), None);
        assert_eq!(bearer(&heads("/", None)), None);
        assert_eq!(
            query_key(&uri("/a?alt=json&key=mod%5Ftest_y", None)).as_deref(),
            Some("mod_test_y")
        );
        assert_eq!(query_key(&uri("/a?alt=json", None)), None);
    }
}
