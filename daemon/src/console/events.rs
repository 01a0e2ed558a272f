//! `GET /console/events`: the decision feed for a signed-in moderator's
//! page (an `EventSource` cannot send `X-API-KEY`), the same stream as
//! `GET /api/v1/admin/events`.

use axum::extract::State;
use axum::response::IntoResponse;

use super::session::Moderator;
use crate::state::AppState;

pub async fn events(State(state): State<AppState>, _moderator: Moderator) -> impl IntoResponse {
    crate::http::routes::feed::sse(&state)
}
