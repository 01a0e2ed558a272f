//! The multipart form of `POST /api/v1/moderation/batch`: images uploaded
//! as files instead of URLs or base64. Parts:
//!
//! - `items`: the batch JSON (`{"items": [...]}` or the bare list), where an
//!   item names its image's part with `"image_file": "<part name>"`;
//! - any other part: a file (JPEG, PNG, GIF or WebP), by its part name.
//!
//! Each file is checked per item (size, magic bytes); a bad file makes its
//! item `invalid`, not the batch.

use axum::extract::{FromRequest, Multipart, Request};
use axum::http::{HeaderMap, StatusCode, header};

use crate::http::error::ApiError;
use crate::state::AppState;

/// Uploaded files of a multipart batch, by part name.
pub type Files = std::collections::HashMap<String, Vec<u8>>;

/// Whether the request body is `multipart/form-data`.
pub fn is_multipart(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.trim_start()
                .to_ascii_lowercase()
                .starts_with("multipart/form-data")
        })
}

/// The items JSON and the files of a multipart batch.
pub async fn read(
    state: &AppState,
    request: Request,
) -> Result<(Vec<serde_json::Value>, Files), ApiError> {
    let limit = state.settings.images.max_body_bytes;
    let mut form = Multipart::from_request(request, state)
        .await
        .map_err(|e| ApiError::BadRequest(format!("multipart: {}", e.body_text())))?;
    let mut items = None;
    let mut files = Files::new();
    let max_files = state.settings.batch_max_items;
    loop {
        let field = match form.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) => return Err(multipart_error(e.status(), e.body_text(), limit)),
        };
        let name = field.name().unwrap_or_default().to_owned();
        let bytes = field
            .bytes()
            .await
            .map_err(|e| multipart_error(e.status(), e.body_text(), limit))?;
        if name == "items" {
            items = Some(parse_items(&bytes)?);
            continue;
        }
        if name.is_empty() {
            return Err(ApiError::Unprocessable(
                "multipart: every part needs a name".into(),
            ));
        }
        if files.len() >= max_files {
            return Err(ApiError::Unprocessable(format!(
                "multipart: more than {max_files} files"
            )));
        }
        if files.insert(name, bytes.to_vec()).is_some() {
            return Err(ApiError::Unprocessable(
                "multipart: two parts have the same name".into(),
            ));
        }
    }
    let items = items.ok_or_else(|| {
        ApiError::Unprocessable(
            "multipart: a part named `items` with the batch JSON is required".into(),
        )
    })?;
    Ok((items, files))
}

fn parse_items(bytes: &[u8]) -> Result<Vec<serde_json::Value>, ApiError> {
    #[derive(serde::Deserialize)]
    #[serde(untagged)]
    enum Items {
        Wrapped { items: Vec<serde_json::Value> },
        Bare(Vec<serde_json::Value>),
    }
    match serde_json::from_slice::<Items>(bytes) {
        Ok(Items::Wrapped { items } | Items::Bare(items)) => Ok(items),
        Err(_) => Err(ApiError::InvalidJson(
            "multipart: the `items` part must be {\"items\": [...]} or a list of items".into(),
        )),
    }
}

fn multipart_error(status: StatusCode, text: String, limit: usize) -> ApiError {
    if status == StatusCode::PAYLOAD_TOO_LARGE {
        ApiError::PayloadTooLarge(limit)
    } else {
        ApiError::BadRequest(format!(
            "multipart: {}",
            text.chars().take(200).collect::<String>()
        ))
    }
}
