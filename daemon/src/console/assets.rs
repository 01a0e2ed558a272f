//! The console's stylesheet and script, embedded in the binary and served
//! under a URL that names their content's hash: a new build gets new URLs,
//! so browsers may cache them for a year and never run a stale script.

use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};
use std::sync::LazyLock;

use crate::http::error::ApiError;
use crate::http::extract::Path;

const CSS: &str = include_str!("assets/console.css");
const JS: &str = include_str!("assets/console.js");

/// The first 12 hex digits of SHA-256(CSS, JS).
static VERSION: LazyLock<String> = LazyLock::new(|| {
    let mut hash = Sha256::new();
    hash.update(CSS);
    hash.update(JS);
    hex::encode(&hash.finalize()[..6])
});

pub fn css_url() -> String {
    format!("/console/assets/{}/console.css", *VERSION)
}

pub fn js_url() -> String {
    format!("/console/assets/{}/console.js", *VERSION)
}

/// `GET /console/assets/{version}/{name}`: only this build's version.
pub async fn serve(Path((version, name)): Path<(String, String)>) -> Result<Response, ApiError> {
    if version != *VERSION {
        return Err(ApiError::NotFound("no such asset version".into()));
    }
    let (body, kind) = match name.as_str() {
        "console.css" => (CSS, "text/css; charset=utf-8"),
        "console.js" => (JS, "text/javascript; charset=utf-8"),
        _ => return Err(ApiError::NotFound("no such asset".into())),
    };
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=31536000, immutable"),
    );
    Ok(response)
}
