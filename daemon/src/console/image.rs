//! `GET /console/items/{id}/image`: an item's image for the item page,
//! fetched by `modd` through the image fetcher (SSRF guard, size limit,
//! timeout) so the moderator's browser never contacts the app's image
//! host, and served only as a JPEG, PNG, GIF or WebP its bytes prove it
//! is, never cached.

use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};

use super::session::Moderator;
use crate::http::error::ApiError;
use crate::http::extract::Path;
use crate::images::ImageError;
use crate::images::fetch::FetchError;
use crate::review;
use crate::state::AppState;

pub async fn image(
    State(state): State<AppState>,
    _moderator: Moderator,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    let item = review::show(&state, id).await?;
    let url = item
        .image_url
        .ok_or_else(|| ApiError::NotFound(format!("item {id} has no image")))?;
    let images = state
        .engine
        .images()
        .ok_or_else(|| ApiError::Unavailable("this process fetches no images".into()))?;
    let (bytes, media_type) = images.fetch_for_display(&url).await.map_err(refused)?;
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(media_type));
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    headers.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_static("inline"),
    );
    Ok(response)
}

/// Why the image is not shown, for the page to say: the fetcher's and the
/// decoder's messages name a host at most, never a path or the bytes.
/// What the URL or the image is gets 422; a host that failed to answer, 503.
fn refused(e: ImageError) -> ApiError {
    let message = format!("the image was not fetched: {e}");
    match e {
        ImageError::Fetch(
            FetchError::Timeout { .. }
            | FetchError::Transport { .. }
            | FetchError::Status { .. }
            | FetchError::TooManyRedirects,
        ) => ApiError::Unavailable(message),
        _ => ApiError::Unprocessable(message),
    }
}
